"""Fetching one object for a user: the one helper every view uses.

``get_for_user(rows, user, pk=…)`` answers 404 for what the user may not see (they must not
even learn that it exists) and 403 for what they may see but not do; the idea of healthchecks'
``_get_check_for_user``. ``rows`` is a model or a queryset, typically already narrowed by
``visible_to(user)``; ``perm_view`` checks seeing per object instead (or as well),
``perm_change`` the action the view is about.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404


def get_for_user[M: models.Model](
    rows: type[M] | models.QuerySet[M],
    user,
    *,
    pk,
    perm_view: str | None = None,
    perm_change: str | None = None,
    select_related: Iterable[str] = (),
) -> M:
    """The object ``pk`` of ``rows`` (with ``select_related``).

    404 if there is none, or ``user`` lacks ``perm_view`` on it; 403 if ``user`` lacks
    ``perm_change`` on it.
    """
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    related = tuple(select_related)
    if related:
        queryset = queryset.select_related(*related)
    obj = get_object_or_404(queryset, pk=pk)
    if perm_view and not user.has_perm(perm_view, obj):
        raise Http404
    if perm_change and not user.has_perm(perm_change, obj):
        raise PermissionDenied
    return obj
