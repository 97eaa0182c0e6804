"""File names for downloads: readable German in plain ASCII.

``slugify`` alone drops umlauts ("für" → "fur", "Älteren" → "alteren"); writing them as
ae/oe/ue/ss first keeps the words recognisable in every mail program and file system.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def ascii_slug(text: str, fallback: str) -> str:
    """``text`` as a lower-case ASCII slug; ``fallback`` when nothing of it is left."""
    return slugify(str(text).translate(UMLAUTS))[:80].strip("-") or fallback


def file_response(
    content: bytes, *, filename: str, mimetype: str, as_attachment: bool
) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
