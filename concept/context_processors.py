from django.conf import settings


def branding(request):
    """Name of the municipality and of the concept, for every template."""
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "CONCEPT_TITLE": settings.CONCEPT_TITLE,
    }
