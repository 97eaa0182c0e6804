"""Renderer of a council paper (Drucksache) as a tagged PDF/UA-1."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from concept.branding import current as current_branding
from core.pdf import render_pdf

from . import status_report
from .attachments import attachment_context

MIMETYPE = "application/pdf"


def context(paper) -> dict:
    branding = current_branding(fresh=True)
    return {
        "paper": paper,
        "consultations": list(paper.consultations.all()),
        "municipality": branding.name,
        "coat_of_arms": branding.coat_of_arms_data_uri(),
        "BRANDING": branding,
        **attachment_context(paper),
        "status_report": status_report.context(paper.reporting_round)
        if paper.has_status_report
        else None,
    }


def render_html(paper) -> str:
    with translation.override("de"):
        return render_to_string("council/pdf/paper.html", context(paper))


def render(paper) -> tuple[str, str, bytes]:
    return paper.pdf_filename, MIMETYPE, render_pdf(render_html(paper))
