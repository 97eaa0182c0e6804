"""What `make bench` measures: pages with their bare counterparts, and the PDFs."""

from __future__ import annotations

import io
import time

from django.urls import reverse


def PAGES(measure):  # noqa: N802 - a table of pages, read like a constant
    return [
        ("Übersicht", reverse("home"), reverse("bare-dashboard")),
        ("Maßnahmenliste", reverse("measures:list"), reverse("bare-list")),
        (
            "Maßnahme",
            reverse("measures:detail", args=[measure.pk]),
            reverse("bare-detail", args=[measure.pk]),
        ),
    ]


PROSE = (
    "Mit Beschluss des Rates wurde die Verwaltung gebeten, ein Handlungskonzept zur "
    "Weiterentwicklung der Integration zu erstellen und zur Beschlussfassung vorzulegen. "
) * 6


def _prose_html(paragraphs: int) -> str:
    body = "".join(f"<h2>Abschnitt {i}</h2><p>{PROSE}</p>" for i in range(paragraphs))
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Prosa</title>'
        f"</head><body><h1>Prosa</h1>{body}</body></html>"
    )


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def concept_pdf(seed) -> bytes | None:
    """The full concept (7 fields, 150 measures) as the council app renders it, if present."""
    try:
        from council import bench as council_bench
    except ImportError:
        return None
    seed(150)
    return council_bench.render_concept_pdf()


def pdf_benchmark(seed) -> dict | None:
    from laatzen_integration.pdf import render_pdf

    start = time.perf_counter()
    concept = concept_pdf(seed)
    if concept is None:
        print("concept PDF: the council app offers no renderer yet; skipped")
        return None
    concept_s = time.perf_counter() - start
    concept_pages = _pages(concept)
    paragraphs = max(1, concept_pages * 3)
    start = time.perf_counter()
    prose = render_pdf(_prose_html(paragraphs))
    prose_s = time.perf_counter() - start
    prose_pages = _pages(prose)
    concept_rate, prose_rate = concept_pages / concept_s, prose_pages / prose_s
    print(
        f"concept PDF: {concept_pages} pages in {concept_s:.2f} s = {concept_rate:.1f} pages/s; "
        f"prose: {prose_pages} pages in {prose_s:.2f} s = {prose_rate:.1f} pages/s; "
        f"ratio {concept_rate / prose_rate:.0%}"
    )
    return {
        "concept_pages": concept_pages,
        "concept_s": round(concept_s, 2),
        "prose_pages": prose_pages,
        "prose_s": round(prose_s, 2),
        "ratio": round(concept_rate / prose_rate, 3),
    }
