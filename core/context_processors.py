"""Values every page's layout needs beyond the branding (concept.context_processors)."""

from django.db import DatabaseError
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def _public_overview_url(request) -> str:
    """The public overview's address while it is published, else "" (it answers 404)."""
    from participation.models import PublicationSettings

    url = reverse("participation:public")
    if request.path == url:
        return url  # shown to a visitor, so published: no second look at the database
    try:
        published = PublicationSettings.load().is_published
    except DatabaseError:
        # The login page renders without the database (maintenance, before `migrate`); this
        # link is the only thing on it that would need one.
        return ""
    return url if published else ""


def site(request):
    """The public overview for anonymous visitors
    (the header's brand link, the login page), the lock-out period in words and form values
    that a login interrupted.

    The lazy values cost nothing on pages that do not show them (one query for the
    publication state, only where an anonymous visitor sees the header).
    """
    from concept.forms import lockout_period

    return {
        "PUBLIC_OVERVIEW_URL": SimpleLazyObject(lambda: _public_overview_url(request)),
        "LOCKOUT_PERIOD": SimpleLazyObject(lambda: lockout_period(request)),
        # form values typed before the session ended (core/unsent.py)
        "unsent_form": getattr(request, "unsent_form", None),
    }
