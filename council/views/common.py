"""Fetching one object for a user: 404 for what they may not see, 403 for what they may not do."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def get_for_user(queryset, user, pk, *, view_perm: str, action_perm: str | None = None):
    obj = get_object_or_404(queryset, pk=pk)
    if not user.has_perm(view_perm, obj):
        raise Http404
    if action_perm and not user.has_perm(action_perm, obj):
        raise PermissionDenied
    return obj
