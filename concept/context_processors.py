from . import branding as _branding


def branding(request):
    """Name of the municipality, of the concept and the rest of its branding, for every
    template (from the cache: no query on a page; see concept.branding)."""
    return _branding.current().as_context()
