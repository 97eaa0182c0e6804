"""Values every page's layout needs beyond the branding (concept.context_processors)."""


def site(request):
    """Form values that a login interrupted.

    (Imprint and privacy links come with the branding from ``concept.context_processors``, the
    public overview's address comes from ``public.context_processors``, the lock-out
    period from ``concept.context_processors``: core names no app of the project.)
    """
    return {
        # form values typed before the session ended (core/unsent.py)
        "unsent_form": getattr(request, "unsent_form", None),
    }
