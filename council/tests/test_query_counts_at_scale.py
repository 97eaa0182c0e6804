"""Edition, diff and paper pages at realistic scale: queries do not grow with the measures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.models import ActionField, Actor, Goal
from council.models import PaperKind
from council.renderers import paper as paper_renderer
from council.tests.factories import (
    ConsultationFactory,
    CouncilPaperFactory,
    frozen_revision,
    with_fake_pdf,
)
from measures.models import Measure, MeasureStatus

pytestmark = pytest.mark.django_db


def seed(n: int) -> None:
    """n measures over the seven fields, each with a goal and a partner (bulk, no history)."""
    fields = list(ActionField.objects.order_by("number"))
    actors = Actor.objects.bulk_create(Actor(name=f"Akteur {i} für Straßen") for i in range(20))
    goals = {
        f.pk: Goal.objects.bulk_create(
            Goal(action_field=f, title=f"Ziel {f.number}.{i}", order=i) for i in (1, 2)
        )
        for f in fields
    }
    statuses = list(MeasureStatus)
    measures = Measure.objects.bulk_create(
        [
            Measure(
                number=f"{fields[i % 7].number}.{i // 7 + 1}",
                title=f"Maßnahme {i} für Geflüchtete",
                description="Was, für wen, wie oft.",
                action_field=fields[i % 7],
                goal=goals[fields[i % 7].pk][i % 2],
                target_group="Neuzugewanderte",
                lead_actor=actors[i % 20],
                start_date=datetime.date(2026, 1, 1),
                deadline=datetime.date(2027, 12, 31),
                status=statuses[i % len(statuses)],
                progress=i % 101,
                indicator="Teilnehmende",
                indicator_unit="Personen",
                indicator_baseline=Decimal(0),
                indicator_target=Decimal(100),
                staff_hours_per_year=Decimal(120),
                budget_amount=Decimal("12500.00"),
                funding_source="städtischer Haushalt",
            )
            for i in range(n)
        ],
        batch_size=500,
    )
    through = Measure.partners.through
    through.objects.bulk_create(
        [through(measure=m, actor=actors[(k + 1) % 20]) for k, m in enumerate(measures)],
        batch_size=1000,
    )


def change_some_measures() -> None:
    """Every tenth measure gets more money, one goal a new title (saved one by one)."""
    for measure in Measure.objects.order_by("pk")[::10]:
        measure.budget_amount = Decimal("13000.00")
        measure.save()
    goal = Goal.objects.order_by("pk").first()
    goal.title = "Umbenanntes Ziel"
    goal.save()


def scenario(coordinator, n: int) -> dict:
    seed(n)
    old = frozen_revision(coordinator)
    change_some_measures()
    new = frozen_revision(coordinator)
    change_some_measures()  # and again after the freeze: the live diff has something to show
    paper = CouncilPaperFactory(
        kind=PaperKind.RESOLUTION,
        proposed_resolution="Der Rat beschließt.",
        revision=new,
        attach_diff=True,
        attach_live_diff=True,
    )
    for _ in range(3):
        ConsultationFactory(paper=paper)
    return {
        "paper": with_fake_pdf(paper),
        "urls": [
            new.get_absolute_url(),
            reverse("council:revision-diff"),
            reverse("council:revision-diff") + f"?alt={old.pk}&neu={new.pk}",
            reverse("council:live-diff"),
            paper.get_absolute_url(),
            reverse("council:paper-decide", args=[paper.pk]),
        ],
    }


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [21, 1050])
def test_edition_diff_and_paper_pages_need_the_same_queries_for_21_and_1050_measures(
    client, coordinator, n
):
    data = scenario(coordinator, n)
    client.force_login(coordinator)
    counts = {url: queries(client, url) for url in data["urls"]}
    # session, user, groups; the revision(s) (and the previous one for its diff); papers;
    # the live diff reads fields+goals, measures with actors and goals, partners, documents;
    # the paper page also its documents with uploaders and their events
    assert list(counts.values()) == [6, 6, 5, 9, 8, 6], counts


def test_the_diff_page_at_scale_lists_every_changed_measure_and_the_renamed_goal(
    client, coordinator
):
    data = scenario(coordinator, 1050)
    client.force_login(coordinator)
    html = client.get(data["urls"][2]).content.decode()
    assert "0 Maßnahmen neu, 0 entfallen, 105 geändert." in html
    assert html.count("Finanzmittel von 12.500,00 € auf 13.000,00 € erhöht") == 105
    assert "Ziele: 0 neu, 0 entfallen, 1 geändert." in html
    assert "Titel: „Ziel 1.1“ → „Umbenanntes Ziel“" in html


@pytest.mark.parametrize("n", [21, 1050])
def test_the_paper_pdf_html_needs_the_same_queries_for_21_and_1050_measures(coordinator, n):
    paper = scenario(coordinator, n)["paper"]
    with CaptureQueriesContext(connection) as ctx:
        html = paper_renderer.render_html(paper)
    assert html.count('<h4 class="measure">') == n
    # consultations, previous revision, latest frozen revision, live snapshot (fields and
    # goals, measures, partners, documents), the municipality profile (read fresh for every PDF:
    # the task worker is another process, whose cache may not have seen the latest change)
    assert len(ctx.captured_queries) == 9, [q["sql"][:80] for q in ctx.captured_queries]
