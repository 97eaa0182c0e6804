"""The public overview's address for every page's layout (header brand link, login page)."""

from django.db import DatabaseError
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from participation.models import PublicationSettings


def _public_overview_url(request) -> str:
    """The public overview's address while it is published, else "" (it answers 404)."""
    url = reverse("public:overview")
    if request.path == url:
        return url  # shown to a visitor, so published: no second look at the database
    try:
        published = PublicationSettings.load().is_published
    except DatabaseError:
        # The login page renders without the database (maintenance, before `migrate`); this
        # link is the only thing on it that would need one.
        return ""
    return url if published else ""


def public_overview(request):
    """``PUBLIC_OVERVIEW_URL``: lazy, so it costs one query only where an anonymous visitor
    sees the header."""
    return {"PUBLIC_OVERVIEW_URL": SimpleLazyObject(lambda: _public_overview_url(request))}
