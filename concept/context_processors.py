from django.conf import settings


def branding(request):
    """Name of the municipality and of the concept, for every template."""
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "CONCEPT_TITLE": settings.CONCEPT_TITLE,
    }


def accounts(request):
    """The lock-out period of the login in words (login and lock-out pages); lazy, so it
    costs nothing on pages that do not show it."""
    from django.utils.functional import SimpleLazyObject

    from .forms import lockout_period

    return {"LOCKOUT_PERIOD": SimpleLazyObject(lambda: lockout_period(request))}
