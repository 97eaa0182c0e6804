"""Reminders: once per occasion at any scale, only to current members."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concept.models import Membership
from concept.tests.factories import MembershipFactory
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation import reminders
from participation.models import Reminder, ReminderKind
from participation.reminders import send_due_reminders

from .reminder_helpers import link_pages  # noqa: F401

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 6, 0, tzinfo=BERLIN), tick=False):
        yield


def _due_measures(actor, n):
    for _ in range(n):
        measure = MeasureFactory(lead_actor=actor, deadline=TODAY + datetime.timedelta(5))
        StatusUpdateFactory(measure=measure, reported_on=TODAY)


def _queries_of_a_run():
    with CaptureQueriesContext(connection) as queries:
        send_due_reminders()
    return len(queries)


def test_a_repeated_run_costs_the_same_queries_however_many_were_sent(
    frozen, own_actor, actor_member
):
    """A daily run must not try one INSERT per reminder already sent (3 queries each on
    PostgreSQL: savepoint, insert, rollback) – 2,242 queries for 746 reminders before."""
    MembershipFactory(actor=own_actor)
    _due_measures(own_actor, 2)
    send_due_reminders()
    few = _queries_of_a_run()
    _due_measures(own_actor, 20)
    send_due_reminders()
    assert Reminder.objects.count() == 44
    assert _queries_of_a_run() == few
    assert len(mail.outbox) == 4  # one mail per member and run, naming all its measures


def test_a_run_that_loses_the_race_still_sends_nothing_twice(
    frozen, own_actor, actor_member, monkeypatch
):
    """Another run recorded the reminder after this one read what was sent: the UNIQUE
    constraint still refuses it."""
    _due_measures(own_actor, 1)
    send_due_reminders()
    monkeypatch.setattr(reminders, "already_reminded", lambda occasions: set())
    assert send_due_reminders() == {}
    assert len(mail.outbox) == 1


def test_no_reminder_after_leaving_the_actor(frozen, own_actor, actor_member, other_member):
    _due_measures(own_actor, 1)
    Membership.objects.filter(user=actor_member).delete()
    MembershipFactory(actor=own_actor, user__is_active=False)
    assert send_due_reminders() == {}
    assert mail.outbox == []


def test_reminder_mail_is_german_and_names_the_measure(frozen, own_actor, actor_member):
    measure = MeasureFactory(
        lead_actor=own_actor, deadline=TODAY - datetime.timedelta(3), title="Sprachcafé"
    )
    StatusUpdateFactory(measure=measure, reported_on=TODAY)
    assert send_due_reminders() == {ReminderKind.DEADLINE_PASSED: 1}
    (message,) = mail.outbox
    assert message.subject == f"Erinnerung: Frist überschritten – Maßnahme {measure.number}"
    assert (
        f"Maßnahme {measure.number} „Sprachcafé“\n- Die Frist ist am 29.05.2026 abgelaufen"
        in message.body
    )
    assert message.to == [actor_member.email]


def _first_run_queries(n, link_pages_ok):
    from concept.tests.factories import ActorFactory

    from .reminder_helpers import D, at, open_round

    lead = ActorFactory()
    MembershipFactory(actor=lead)
    contact = ActorFactory(email=f"kontakt{n}@verein.example")
    with at(D - datetime.timedelta(10)):
        measures = [MeasureFactory(lead_actor=lead, deadline=D) for _ in range(n)]
        measures += [MeasureFactory(lead_actor=contact, deadline=D) for _ in range(n)]
    open_round(*measures, due_on=D + datetime.timedelta(3), title=f"Runde {n}")
    with at(D), CaptureQueriesContext(connection) as queries:
        result = reminders.run_reminders(D)
    assert result.mails == 2
    Reminder.objects.all().delete()
    return len(queries)


def test_a_first_run_costs_queries_per_recipient_not_per_measure(db, link_pages):  # noqa: F811
    """Two recipients (a member, a contact address with a personal link): the queries of a
    run do not grow with the number of their measures."""
    few = _first_run_queries(2, link_pages)
    # only the new measures are due in the second run
    from measures.models import Measure
    from participation.models import ReportingRound

    ReportingRound.objects.all().delete()
    Measure.objects.all().delete()
    assert _first_run_queries(20, link_pages) == few
