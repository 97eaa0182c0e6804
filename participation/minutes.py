"""The minutes of a conference as plain text: a council paper can attach them as they are."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .filenames import ascii_slug
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
    day = timezone.localtime(conference.starts_at)
    filename = f"protokoll-{ascii_slug(conference.title, 'konferenz')}-{day:%Y-%m-%d}.txt"
    return filename, "text/plain; charset=utf-8", text.encode("utf-8")
