"""What `make bench` measures: pages with their bare counterparts, and the PDFs."""

from __future__ import annotations

import io
import os
import statistics
import time

from django.urls import reverse


def evaluation_cycle():
    """A cycle over all seeded measures with every assessment final (bulk: bench data only)."""
    import datetime

    from evaluation import services
    from evaluation.models import (
        AssessmentState,
        CriterionScore,
        EvaluationCycle,
        EvaluationMatrix,
    )

    EvaluationCycle.objects.all().delete()
    matrix = EvaluationMatrix.objects.first() or services.matrix_create_default()
    cycle = services.cycle_start(
        title="Benchmark",
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2030, 12, 31),
        matrix=matrix,
        due_date=datetime.date(2031, 3, 31),
    )
    criteria = list(matrix.criteria.all())
    levels = list(matrix.levels.filter(no_score=False))
    scores = CriterionScore.objects.filter(assessment__cycle=cycle)
    if not scores.exists():
        CriterionScore.objects.bulk_create(
            [
                CriterionScore(assessment=a, criterion=c)
                for a in cycle.assessments.all()
                for c in criteria
            ],
            batch_size=2000,
        )
    for i, criterion in enumerate(criteria):
        scores.filter(criterion=criterion).update(level=levels[i % len(levels)])
    # Bench data: history of these bulk changes is irrelevant here (never do this in the app).
    cycle.assessments.update(state=AssessmentState.FINAL, recommendation="continue")
    return cycle


def published_edition():
    """The public page as visitors see it: published, with an edition of all seeded measures
    adopted by the council (each size adopts its own, the newest is in force)."""
    import datetime

    from concept.models import User
    from council.services import revision_adopt, revision_create, revision_freeze
    from participation.services import publication_update

    user = User.objects.get(username="bench-koordination")
    publication_update(user=user, is_published=True, intro="Benchmark")
    revision = revision_freeze(
        revision=revision_create(
            user=user,
            title="Benchmark-Fassung",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2027, 12, 31),
        ),
        user=user,
    )
    revision_adopt(revision=revision, user=user, decided_on=datetime.date(2026, 3, 1))


def PAGES(measure):  # noqa: N802 - a table of pages, read like a constant
    cycle = evaluation_cycle()
    published_edition()
    return [
        ("Übersicht", reverse("home"), reverse("bare-dashboard")),
        ("Maßnahmenliste", reverse("measures:list"), reverse("bare-list")),
        (
            "Maßnahme",
            reverse("measures:detail", args=[measure.pk]),
            reverse("bare-detail", args=[measure.pk]),
        ),
        (
            "Evaluierungsergebnisse",
            reverse("evaluation:cycle_results", args=[cycle.pk]),
            reverse("bare-results", args=[cycle.pk]),
        ),
        # All N measures of the adopted edition with their live state, against the bare list's
        # page of rows. Repeated requests meet the page in its cache (public/cache.py), as
        # visitors do between two changes: what this measures is the cached path (two queries).
        ("Öffentliche Seite", reverse("public:overview"), reverse("bare-list")),
        # The same measures as JSON (/api/v1/measures/), from the same cache.
        ("API: Maßnahmen", reverse("public_api:measures"), reverse("bare-list")),
    ]


PROSE = (
    "Mit Beschluss des Rates wurde die Verwaltung gebeten, ein Handlungskonzept zur "
    "Weiterentwicklung der Integration zu erstellen und zur Beschlussfassung vorzulegen. "
) * 6


def _prose_html(paragraphs: int) -> str:
    body = "".join(f"<h2>Abschnitt {i}</h2><p>{PROSE}</p>" for i in range(paragraphs))
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Prosa</title>'
        # the same stylesheet and fonts as the council papers: only the content differs
        '<link rel="stylesheet" href="/static/council/css/pdf.css">'
        f"</head><body><h1>Prosa</h1>{body}</body></html>"
    )


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def concept_paper(seed):
    """The full concept (7 fields, 150 measures) as a council paper with the edition attached."""
    import datetime

    from council.models import CouncilPaper, PaperKind
    from council.renderers import paper as paper_renderer
    from council.services import revision_create, revision_freeze

    user, _ = seed(150)
    revision = revision_freeze(
        revision=revision_create(
            user=user,
            title="Handlungskonzept Integration (Benchmark)",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2027, 12, 31),
        ),
        user=user,
    )
    paper = CouncilPaper.objects.create(
        number="2099/999",
        kind=PaperKind.NOTICE,
        date=datetime.date(2026, 11, 25),
        title="Handlungskonzept Integration – Fortschreibung",
        body="Die Verwaltung legt das Handlungskonzept vor.\n\n- sieben Handlungsfelder",
        revision=revision,
    )
    return lambda: paper_renderer.render(paper)[2]


# A sharper measurement on a busy machine (same yardstick, less noise): more runs, and/or the
# process's CPU time instead of wall time (BENCH_PDF_CLOCK=cpu; rendering is single-threaded).
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "5"))
PDF_CLOCK = time.process_time if os.environ.get("BENCH_PDF_CLOCK") == "cpu" else time.perf_counter


def _median_times(*renders) -> list[tuple[bytes, float]]:
    """Median time of each render over PDF_RUNS rounds; the renders take turns in every round,
    so that a busy moment of the machine weighs on all of them alike."""
    times: list[list[float]] = [[] for _ in renders]
    pdfs: list[bytes] = [b""] * len(renders)
    for _ in range(PDF_RUNS):
        for i, render in enumerate(renders):
            start = PDF_CLOCK()
            pdfs[i] = render()
            times[i].append(PDF_CLOCK() - start)
    return [(pdf, statistics.median(t)) for pdf, t in zip(pdfs, times, strict=True)]


def pdf_benchmark(seed) -> dict | None:
    from core.pdf import render_pdf

    render_concept = concept_paper(seed)
    concept_pages = _pages(render_concept())  # the prose is made as long as this
    prose_html = _prose_html(max(1, concept_pages * 3))
    (concept, concept_s), (prose, prose_s) = _median_times(
        render_concept, lambda: render_pdf(prose_html)
    )
    concept_pages = _pages(concept)
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
