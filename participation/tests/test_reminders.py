"""Reminder selection on a frozen clock: each kind once, to the right people, with the link."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.test import override_settings
from django.urls import resolve

from concept.tests.factories import MembershipFactory
from measures.models import MeasureStatus
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.links import report_status_path
from participation.models import Reminder, ReminderKind, ResponseStatus
from participation.reminders import send_due_reminders

from .factories import SurveyResponseFactory, SurveyRoundFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 6, 0, tzinfo=BERLIN), tick=False):
        yield


def _measure(actor, deadline, **kwargs):
    """A measure with a fresh status report, so only its deadline can trigger a reminder."""
    measure = MeasureFactory(lead_actor=actor, deadline=deadline, **kwargs)
    StatusUpdateFactory(measure=measure, reported_on=TODAY)
    return measure


def _kinds(user):
    return sorted(Reminder.objects.filter(user=user).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [
        (30, ReminderKind.DEADLINE_30),
        (8, ReminderKind.DEADLINE_30),
        (7, ReminderKind.DEADLINE_7),
        (0, ReminderKind.DEADLINE_7),
        (-1, ReminderKind.DEADLINE_PASSED),
    ],
)
def test_deadline_reminder_of_the_right_kind_goes_to_lead_members(
    frozen, own_actor, actor_member, other_member, days_left, kind
):
    _measure(own_actor, TODAY + datetime.timedelta(days_left))
    send_due_reminders()
    assert _kinds(actor_member) == [kind]
    assert _kinds(other_member) == []
    assert [m.to for m in mail.outbox] == [[actor_member.email]]


def test_no_deadline_reminder_far_ahead_or_for_finished_measures(frozen, own_actor, actor_member):
    _measure(own_actor, TODAY + datetime.timedelta(31))
    _measure(own_actor, TODAY - datetime.timedelta(3), status=MeasureStatus.COMPLETED)
    assert send_due_reminders() == {}
    assert mail.outbox == []


@override_settings(STATUS_REPORT_INTERVAL_DAYS=91)
def test_status_report_is_due_after_the_interval_since_the_last_update(
    frozen, own_actor, actor_member
):
    due = MeasureFactory(lead_actor=own_actor, deadline=datetime.date(2027, 12, 31))
    StatusUpdateFactory(measure=due, reported_on=TODAY - datetime.timedelta(91))
    fresh = MeasureFactory(lead_actor=own_actor, deadline=datetime.date(2027, 12, 31))
    StatusUpdateFactory(measure=fresh, reported_on=TODAY - datetime.timedelta(90))
    send_due_reminders()
    reminders = Reminder.objects.filter(user=actor_member)
    assert [(r.kind, r.measure) for r in reminders] == [(ReminderKind.STATUS_REPORT_DUE, due)]
    assert reminders[0].due_on == TODAY


@override_settings(STATUS_REPORT_INTERVAL_DAYS=30)
def test_status_report_interval_comes_from_settings(frozen, own_actor, actor_member):
    measure = MeasureFactory(lead_actor=own_actor, deadline=datetime.date(2027, 12, 31))
    StatusUpdateFactory(measure=measure, reported_on=TODAY - datetime.timedelta(30))
    send_due_reminders()
    assert _kinds(actor_member) == [ReminderKind.STATUS_REPORT_DUE]


def test_a_new_status_report_makes_the_next_one_due_later(frozen, own_actor, actor_member):
    measure = MeasureFactory(lead_actor=own_actor, deadline=datetime.date(2027, 12, 31))
    StatusUpdateFactory(measure=measure, reported_on=TODAY - datetime.timedelta(100))
    send_due_reminders()
    StatusUpdateFactory(measure=measure, reported_on=TODAY)
    assert send_due_reminders() == {}
    assert len(mail.outbox) == 1


def test_survey_reminder_names_the_fields_still_open(frozen, own_actor, actor_member, other_actor):
    from concept.tests.factories import action_field

    survey_round = SurveyRoundFactory(
        starts_on=TODAY - datetime.timedelta(20),
        ends_on=TODAY + datetime.timedelta(5),
        action_fields=[action_field(1), action_field(3)],
        invited_actors=[own_actor, other_actor],
    )
    SurveyResponseFactory(survey_round=survey_round, actor=own_actor, action_field=action_field(1))
    SurveyResponseFactory(
        survey_round=survey_round,
        actor=other_actor,
        action_field=action_field(1),
        status=ResponseStatus.DRAFT,
    )
    done = MembershipFactory(actor=other_actor, user__username="fertig").user
    send_due_reminders()
    assert _kinds(actor_member) == [ReminderKind.SURVEY_DUE]
    assert _kinds(done) == [ReminderKind.SURVEY_DUE]
    message = next(m for m in mail.outbox if m.to == [actor_member.email])
    assert "3. Bildung und Sprache" in message.body
    assert "1. Willkommenskultur" not in message.body
    assert f"/beteiligung/abfragen/{survey_round.pk}/" in message.body


def test_no_survey_reminder_early_in_the_round_or_when_all_is_submitted(
    frozen, own_actor, actor_member
):
    SurveyRoundFactory(ends_on=TODAY + datetime.timedelta(8), invited_actors=[own_actor])
    complete = SurveyRoundFactory(ends_on=TODAY + datetime.timedelta(2), invited_actors=[own_actor])
    SurveyResponseFactory(survey_round=complete, actor=own_actor)
    assert send_due_reminders() == {}


def test_second_run_sends_nothing_again(frozen, own_actor, actor_member):
    _measure(own_actor, TODAY + datetime.timedelta(5))
    assert send_due_reminders() == {ReminderKind.DEADLINE_7: 1}
    assert send_due_reminders() == {}
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_the_database_refuses_a_repeated_reminder(frozen, own_actor, actor_member):
    _measure(own_actor, TODAY + datetime.timedelta(5))
    send_due_reminders()
    reminder = Reminder.objects.get()
    with pytest.raises(IntegrityError):
        Reminder.objects.create(
            kind=reminder.kind, occasion=reminder.occasion, user=actor_member, due_on=TODAY
        )


@pytest.mark.django_db(transaction=True)
def test_the_reminder_is_committed_before_its_mail_is_enqueued(
    frozen, own_actor, actor_member, monkeypatch
):
    """Another host's run sees the committed row (and skips) before any mail exists."""
    from django.db import connection

    from participation import reminders

    seen = []

    def enqueue_mail(**kwargs):
        seen.append(
            (connection.in_atomic_block, Reminder.objects.filter(user=actor_member).count())
        )

    monkeypatch.setattr(reminders.sending, "enqueue_mail", enqueue_mail)
    _measure(own_actor, TODAY + datetime.timedelta(5))
    send_due_reminders()
    assert seen == [(False, 1)]


def test_a_reminder_that_could_not_be_enqueued_is_tried_again(
    frozen, own_actor, actor_member, monkeypatch
):
    from participation import reminders

    def queue_down(**kwargs):
        raise ConnectionError("Redis nicht erreichbar")

    _measure(own_actor, TODAY + datetime.timedelta(5))
    with monkeypatch.context() as patch:
        patch.setattr(reminders.sending, "enqueue_mail", queue_down)
        with pytest.raises(ConnectionError):
            send_due_reminders()
    assert Reminder.objects.count() == 0
    assert send_due_reminders() == {ReminderKind.DEADLINE_7: 1}
    assert len(mail.outbox) == 1


def test_a_moved_deadline_is_reminded_again(frozen, own_actor, actor_member):
    measure = _measure(own_actor, TODAY + datetime.timedelta(5))
    send_due_reminders()
    measure.deadline = TODAY + datetime.timedelta(6)
    measure.save()
    send_due_reminders()
    assert len(mail.outbox) == 2


def test_no_reminders_to_inactive_opted_out_or_addressless_users(frozen, own_actor, actor_member):
    inactive = MembershipFactory(actor=own_actor, user__is_active=False).user
    opted_out = MembershipFactory(actor=own_actor, user__receives_reminders=False).user
    no_mail = MembershipFactory(actor=own_actor, user__email="").user
    _measure(own_actor, TODAY - datetime.timedelta(1))
    send_due_reminders()
    assert [m.to for m in mail.outbox] == [[actor_member.email]]
    for user in (inactive, opted_out, no_mail):
        assert _kinds(user) == []


def test_mail_is_german_text_and_html_and_links_to_the_report_page(frozen, own_actor, actor_member):
    measure = _measure(own_actor, TODAY + datetime.timedelta(7), title="Sprachcafé <für alle>")
    send_due_reminders()
    (message,) = mail.outbox
    link = f"http://127.0.0.1:8000{report_status_path(measure)}"
    assert "Frist" in message.subject and measure.number in message.subject
    assert "08.06.2026" in message.body
    assert link in message.body
    assert "Sprachcafé <für alle>" in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "/beteiligung/kalender/#erinnerungen" in message.body
    assert "Sprachcafé &lt;für alle&gt;" in html


def test_reminder_links_to_the_report_status_page(db):
    measure = MeasureFactory()
    match = resolve(report_status_path(measure))
    assert match.namespace == "measures"
    assert match.url_name == "report"
    assert match.kwargs == {"pk": measure.pk}


def test_command_reports_counts_and_enqueues(frozen, own_actor, actor_member, capsys):
    _measure(own_actor, TODAY + datetime.timedelta(20))
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Frist in 30 Tagen: 1" in out
    assert "Erinnerungen eingereiht: 1" in out
    assert len(mail.outbox) == 1


def test_status_report_without_any_report_counts_from_creation_or_start(own_actor, actor_member):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN), tick=False):
        MeasureFactory(lead_actor=own_actor, number="8.1", start_date=datetime.date(2026, 1, 1))
        MeasureFactory(lead_actor=own_actor, number="8.2", start_date=datetime.date(2026, 9, 1))
    with time_machine.travel(datetime.datetime(2026, 4, 6, 9, 0, tzinfo=BERLIN), tick=False):
        send_due_reminders()
    assert [r.measure.number for r in Reminder.objects.filter(user=actor_member)] == ["8.1"]
