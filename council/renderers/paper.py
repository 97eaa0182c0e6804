"""Renderer of a council paper (Drucksache) as a tagged PDF/UA-1."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from laatzen_integration.pdf import render_template_pdf

from .attachments import attachment_context

MIMETYPE = "application/pdf"


def context(paper) -> dict:
    return {
        "paper": paper,
        "consultations": list(paper.consultations.all()),
        "municipality": settings.MUNICIPALITY_NAME,
        **attachment_context(paper),
    }


def render(paper) -> tuple[str, str, bytes]:
    with translation.override("de"):
        pdf = render_template_pdf("council/pdf/paper.html", context(paper))
    return paper.pdf_filename, MIMETYPE, pdf
