"""`make bench`: server time and query count of our main pages against bare views, and PDF speed.

Not a test: it prints figures and writes bench/results.json. For N = 100, 1,000 and 5,000
measures it seeds a fresh test database (SQLite in memory, or PostgreSQL if DATABASE_URL points
there), requests each page repeatedly through Django's test client and reports the median server
time and the query count next to a bare view rendering the same rows from one query.
Targets (ratios in the same run): query counts independent of N; pages <= 2x the bare view;
the concept PDF >= 50 % of the pages per second of a plain prose document.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laatzen_integration.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench import pages as bench_pages  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,5000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
RESULTS = ROOT / "bench" / "results.json"


def seed(n: int):
    """Replace all measures by n measures over the seven fields (bulk, no history needed)."""
    from concept import roles
    from concept.models import ActionField, Actor, Goal, User
    from evaluation.models import EvaluationCycle
    from measures.models import Measure, MeasureStatus, StatusUpdate

    EvaluationCycle.objects.all().delete()  # assessments protect their measures
    StatusUpdate.objects.all().delete()
    Measure.objects.all().delete()
    fields = list(ActionField.objects.all())
    actors = list(Actor.objects.all())
    if not actors:
        actors = Actor.objects.bulk_create(Actor(name=f"Akteur {i}") for i in range(20))
        for f in fields:
            Goal.objects.bulk_create(
                Goal(action_field=f, title=f"Ziel {f.number}.{i}", order=i) for i in (1, 2)
            )
    goals = {f.pk: list(f.goals.all()) for f in fields}
    statuses = list(MeasureStatus)
    today = datetime.date.today()
    measures = []
    for i in range(n):
        field = fields[i % 7]
        measures.append(
            Measure(
                number=f"{field.number}.{i // 7 + 1}",
                title=f"Maßnahme {i} mit einem realistisch langen Titel",
                description="Beschreibung der Maßnahme: was genau, für wen, wie oft. " * 3,
                action_field=field,
                goal=goals[field.pk][i % 2],
                target_group="Neuzugewanderte",
                lead_actor=actors[i % len(actors)],
                start_date=today - datetime.timedelta(days=300),
                deadline=today + datetime.timedelta(days=(i % 400) - 100),
                status=statuses[i % len(statuses)],
                progress=i % 101,
                indicator="Teilnehmende",
                indicator_unit="Personen",
                indicator_baseline=Decimal(0),
                indicator_target=Decimal(100),
                indicator_current=Decimal(i % 100),
                staff_hours_per_year=Decimal(120) if i % 5 else None,
                budget_amount=Decimal("12500.00"),
                funding_source="städtischer Haushalt",
            )
        )
    measures = Measure.objects.bulk_create(measures, batch_size=500)
    through = Measure.partners.through
    through.objects.bulk_create(
        [through(measure=m, actor=actors[(k + 1) % len(actors)]) for k, m in enumerate(measures)],
        batch_size=1000,
    )
    StatusUpdate.objects.bulk_create(
        [
            StatusUpdate(measure=m, status=m.status, progress=m.progress, text="Sachstand")
            for m in measures
            for _ in range(2)
        ],
        batch_size=1000,
    )
    user, _ = User.objects.get_or_create(username="bench-koordination")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    return user, measures


def timed_pair(client: Client, url: str, bare_url: str) -> tuple[dict, dict]:
    """Median milliseconds over REPEAT requests, query count and status of a page and of its
    bare view. The two are requested in turns (page, bare, page, bare, ...) so that a busy
    moment of the machine weighs on both alike rather than on whichever ran then."""
    for u in (url, bare_url):
        client.get(u)  # warm caches and templates
    times: dict[str, list[float]] = {url: [], bare_url: []}
    for _ in range(REPEAT):
        for u in (url, bare_url):
            start = time.perf_counter()
            client.get(u)
            times[u].append((time.perf_counter() - start) * 1000)
    figures = []
    for u in (url, bare_url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(u)
        figures.append(
            {"ms": statistics.median(times[u]), "queries": len(ctx), "status": response.status_code}
        )
    return figures[0], figures[1]


def bench_pages_for(n: int) -> list[dict]:
    user, measures = seed(n)
    client = Client()
    client.force_login(user)
    pages = bench_pages.PAGES(measures[len(measures) // 2])
    # Measure requests, not this script: drop the seeded objects and move everything alive now
    # out of the garbage collector's way, as a server process that has loaded the app would
    # (laatzen_integration/wsgi.py). Page and bare view profit alike.
    del measures
    gc.collect()
    gc.freeze()
    try:
        rows = _bench_pages(client, n, pages)
    finally:
        gc.unfreeze()
    return rows


def _bench_pages(client: Client, n: int, pages) -> list[dict]:
    rows = []
    for name, page_url, bare_url in pages:
        page, bare = timed_pair(client, page_url, bare_url)
        assert page["status"] == 200 and bare["status"] == 200, (name, page, bare)
        ms, queries, bare_ms, bare_queries = (
            page["ms"],
            page["queries"],
            bare["ms"],
            bare["queries"],
        )
        rows.append(
            {
                "n": n,
                "page": name,
                "ms": round(ms, 2),
                "queries": queries,
                "bare_ms": round(bare_ms, 2),
                "bare_queries": bare_queries,
                "ratio": round(ms / bare_ms, 2),
            }
        )
        print(
            f"N={n:>5}  {name:<22} {ms:8.2f} ms  {queries:3d} q   "
            f"bare {bare_ms:7.2f} ms {bare_queries:2d} q   ratio {ms / bare_ms:5.2f}"
        )
    return rows


def main() -> int:
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per login of the bench user
    # No setup_test_environment(): it instruments template rendering, which would inflate the
    # cost of template-heavy pages; the test database is created all the same.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results: dict = {"pages": [], "pdf": None, "sizes": SIZES}
    try:
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
            for n in SIZES:
                results["pages"].extend(bench_pages_for(n))
            results["pdf"] = bench_pages.pdf_benchmark(seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["database"] = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"peak RSS: {results['peak_rss_mb']} MB")
    verdict = check_targets(results)
    results["targets"] = verdict
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"written {RESULTS.relative_to(ROOT)}")
    for line in verdict["notes"]:
        print(line)
    return 0


def check_targets(results: dict) -> dict:
    notes = []
    by_page: dict[str, set[int]] = {}
    for row in results["pages"]:
        by_page.setdefault(row["page"], set()).add(row["queries"])
        if row["ratio"] > 2:
            notes.append(f"MISS  {row['page']} at N={row['n']}: {row['ratio']}x the bare view")
    for page, counts in by_page.items():
        if len(counts) > 1:
            notes.append(f"MISS  {page}: query count depends on N ({sorted(counts)})")
    pdf = results.get("pdf")
    if pdf and pdf["ratio"] < 0.5:
        notes.append(f"MISS  concept PDF at {pdf['ratio']:.0%} of prose pages/s")
    if not notes:
        notes.append("all targets met")
    return {"met": notes == ["all targets met"], "notes": notes}


if __name__ == "__main__":
    sys.exit(main())
