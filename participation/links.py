"""Absolute links for mails and feeds, which are read outside the browser session."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def absolute_url(path: str) -> str:
    base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def report_status_path(measure) -> str:
    """The page on which the lead actor reports the status of ``measure``.

    ``measures:report`` is being built on another branch; until it is merged the measure's
    detail page stands in. TODO: remove the fallback once ``measures:report`` exists on main.
    """
    try:
        return reverse("measures:report", kwargs={"pk": measure.pk})
    except NoReverseMatch:
        return reverse("measures:detail", kwargs={"pk": measure.pk})


def report_status_url(measure) -> str:
    return absolute_url(report_status_path(measure))
