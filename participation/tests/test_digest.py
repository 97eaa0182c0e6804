"""The coordination's weekly digest: page and mail, once per ISO week, complete."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from measures.models import MeasureStatus
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.digest import build_digest
from participation.models import Reminder, ReminderKind

from .reminder_helpers import D, at, link_pages, open_round, run_on  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _digests():
    return [m for m in mail.outbox if m.subject.startswith("Wochenübersicht")]


def test_digest_goes_to_each_coordinator_once_per_iso_week(coordinator):
    UserFactory(username="koordination-ohne-mail", role="Koordination", email="")
    assert run_on(D).reminders == {ReminderKind.DIGEST: 1}  # Monday
    (message,) = _digests()
    assert message.to == [coordinator.email]
    assert message.subject == "Wochenübersicht Integrationskonzept, Woche 2026-W23"
    assert Reminder.objects.get().occasion == "digest:2026-W23"
    for day in (D + DAY, D + 6 * DAY):
        assert run_on(day).reminders == {}
    assert run_on(D + 7 * DAY).reminders == {ReminderKind.DIGEST: 1}
    assert len(_digests()) == 2


def test_a_missed_digest_day_is_caught_up_later_in_the_week(coordinator, settings):
    settings.DIGEST_WEEKDAY = 2  # Wednesday
    assert run_on(D).reminders == {}  # Monday
    assert run_on(D + DAY).reminders == {}
    # no run on Wednesday; Thursday catches up
    assert run_on(D + 3 * DAY).reminders == {ReminderKind.DIGEST: 1}
    assert run_on(D + 4 * DAY).reminders == {}


def _scene():
    """One of each thing the digest names."""
    silent = ActorFactory(name="Stiller Verein", email="still@verein.example")
    nobody = ActorFactory(name="Verein ohne Kontakt")
    MembershipFactory(actor=nobody, user__receives_reminders=False)
    talking = ActorFactory(name="Redender Verein", email="rede@verein.example")
    with at(D - 300 * DAY):
        old = MeasureFactory(lead_actor=silent, number="1.1", title="Alt und still")
        StatusUpdateFactory(measure=old, reported_on=D - 300 * DAY)
        overdue = MeasureFactory(
            lead_actor=nobody, number="2.1", title="Überfällig", deadline=D - 20 * DAY
        )
        orphan = MeasureFactory(lead_actor=None, number="2.2", deadline=D - 2 * DAY)
        fresh = MeasureFactory(lead_actor=talking, number="3.1")
    with at(D - DAY):
        StatusUpdateFactory(measure=fresh)
        StatusUpdateFactory(measure=overdue)
    open_round(fresh, old, due_on=D + 10 * DAY, title="Runde Juni")
    with at(D, hour=7):
        StatusUpdateFactory(measure=fresh)
    return {"old": old, "overdue": overdue, "orphan": orphan, "fresh": fresh}


def test_digest_names_silent_stale_overdue_rounds_and_unreachable(coordinator, link_pages):  # noqa: F811
    scene = _scene()
    with at(D, hour=8):
        digest = build_digest(D)
    assert [a.name for a in digest.silent_actors] == ["Stiller Verein"]  # the others reported
    assert [m.number for m in digest.stale_measures] == ["1.1", "2.2"]
    assert [(m.number, m.deadline) for m in digest.overdue_measures] == [
        ("2.1", D - 20 * DAY),
        ("2.2", D - 2 * DAY),
    ]
    (round_,) = digest.open_rounds
    assert (round_.entry_count, round_.reported_count, round_.missing_count) == (2, 1, 1)
    assert [a.name for a in digest.unreachable_actors] == ["Verein ohne Kontakt"]
    assert scene["fresh"] not in digest.stale_measures
    run_on(D)
    (message,) = _digests()
    assert "2.1 Überfällig – Verein ohne Kontakt – Frist abgelaufen am 12.05.2026" in message.body
    assert "Runde Juni – bis 11.06.2026: 1 von 2 gemeldet, 0 unverändert, 1 fehlen" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000/massnahmen/{scene["overdue"].pk}/"' in html


def test_nothing_overdue_goes_unreported_to_someone(
    coordinator,
    own_actor,
    actor_member,
    link_pages,  # noqa: F811
):
    """Every overdue open measure reaches someone: a reminder to its actor or the digest."""
    scene = _scene()
    with at(D - 300 * DAY):
        reminded = MeasureFactory(lead_actor=own_actor, deadline=D - 1 * DAY)
        contact = MeasureFactory(
            lead_actor=ActorFactory(email="k@verein.example"), deadline=D - 40 * DAY
        )
        MeasureFactory(status=MeasureStatus.COMPLETED, deadline=D - 40 * DAY)
    run_on(D)
    reminded_ids = set(
        Reminder.objects.exclude(kind=ReminderKind.DIGEST).values_list("measure_id", flat=True)
    )
    (digest,) = _digests()
    in_digest = set(re.findall(r"/massnahmen/(\d+)/", digest.alternatives[0][0]))
    with at(D):
        from measures.models import Measure

        overdue = list(Measure.objects.overdue(D))
    assert {scene["overdue"], scene["orphan"], reminded, contact} <= set(overdue)
    for measure in overdue:
        assert measure.pk in reminded_ids or str(measure.pk) in in_digest, measure


def _page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("participation:digest"))
    assert response.status_code == 200
    return len(queries), response


def test_digest_page_costs_the_same_queries_at_any_size(client, coordinator):
    client.force_login(coordinator)
    _scene()
    few, response = _page_queries(client)
    assert "Wochenübersicht der Koordination" in response.content.decode()
    for i in range(15):
        actor = ActorFactory(email="" if i % 2 else f"a{i}@verein.example")
        with at(D - 300 * DAY):
            for _ in range(3):
                MeasureFactory(lead_actor=actor, deadline=D - i * DAY)
        open_round(*MeasureFactory.create_batch(2), due_on=D + i * DAY, title=f"Runde {i}")
    many, response = _page_queries(client)
    # session, user, roles, then one query per list: overdue, open rounds (with counts),
    # silent actors, stale measures, unreachable actors
    assert many == few == 8
    assert response.content.decode().count("<caption>") == 5


def test_digest_page_is_linked_for_coordinators_only(client, coordinator, actor_member):
    client.force_login(coordinator)
    assert reverse("participation:digest") in client.get("/").content.decode()
    client.force_login(actor_member)
    assert reverse("participation:digest") not in client.get("/").content.decode()
