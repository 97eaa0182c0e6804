"""Absolute links for mails and feeds, which are read outside the browser session."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def report_status_path(measure) -> str:
    """The page on which the lead actor reports the status of ``measure``."""
    return reverse("measures:report", kwargs={"pk": measure.pk})


def report_status_url(measure) -> str:
    return absolute_url(report_status_path(measure))
