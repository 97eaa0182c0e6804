"""System checks on settings that every app relies on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host


@checks.register()
def site_url_is_served(app_configs=None, **kwargs):
    """Links in mails and calendar feeds lead to ``SITE_URL``: its host must be one that this
    installation answers (``ALLOWED_HOSTS``), or every link in a reminder leads nowhere."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # Django's own default under DEBUG
    if host and validate_host(host, allowed):
        return []
    return [
        checks.Warning(
            f"SITE_URL ({settings.SITE_URL!r}) names a host that is not in ALLOWED_HOSTS: "
            "links in mails and calendar feeds would lead nowhere.",
            hint="Set SITE_URL to the address users open, e.g. https://integration.example.org.",
            id="core.W001",
        )
    ]
