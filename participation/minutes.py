"""The minutes of a conference as plain text: a council paper can attach them as they are."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify

from .models import Conference


def render(conference: Conference) -> tuple[str, str, bytes]:
    results = conference.results.prefetch_related("measures", "goals")
    text = render_to_string(
        "participation/conference_minutes.txt",
        {
            "conference": conference,
            "results": results,
            "attended": conference.attended_actors.all(),
        },
    )
    filename = f"protokoll-{slugify(conference.title)}-{conference.starts_at:%Y-%m-%d}.txt"
    return filename, "text/plain; charset=utf-8", text.encode("utf-8")
