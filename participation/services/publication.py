"""Publishing the public transparency page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import PublicationSettings


@transaction.atomic
def publication_update(*, user, is_published: bool, intro: str) -> PublicationSettings:
    if not user.has_perm("participation.manage_publication"):
        raise PermissionDenied
    settings = PublicationSettings.load()
    if is_published and not settings.is_published:
        settings.published_at = timezone.now()
    if not is_published:
        settings.published_at = None
    settings.is_published = is_published
    settings.intro = intro
    settings._history_user = user
    settings.save()
    return settings
