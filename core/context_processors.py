"""Values every page's layout needs beyond the branding (concept.context_processors)."""

from django.conf import settings


def site(request):
    """Footer links (imprint, privacy policy) and form values that a login interrupted.

    (The public overview's address comes from ``public.context_processors``, the lock-out
    period from ``concept.context_processors``: core names no app of the project.)
    """
    return {
        "IMPRINT_URL": settings.IMPRINT_URL,
        "PRIVACY_URL": settings.PRIVACY_URL,
        # form values typed before the session ended (core/unsent.py)
        "unsent_form": getattr(request, "unsent_form", None),
    }
