from . import branding as _branding


def branding(request):
    """Name of the municipality, of the concept and the rest of its branding, for every
    template (from the cache: no query on a page; see concept.branding)."""
    return _branding.current().as_context()


def accounts(request):
    """The lock-out period of the login in words (login and lock-out pages); lazy, so it
    costs nothing on pages that do not show it."""
    from django.utils.functional import SimpleLazyObject

    from .forms import lockout_period

    return {"LOCKOUT_PERIOD": SimpleLazyObject(lambda: lockout_period(request))}
