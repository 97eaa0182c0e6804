"""Reminders on consecutive days: reporting rounds, one mail per person, contact addresses."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import resolve

from concept.tests.factories import ActorFactory, MembershipFactory
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.models import Reminder, ReminderKind, ReportingLink
from participation.reminders import send_due_reminders
from participation.services.links import link_resolve

from .reminder_helpers import D, at, link_pages, open_round, run_on  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SITE = "http://127.0.0.1:8000/"


def _measures(actor, n=1, **kwargs):
    with at(D - 10 * DAY):
        return [MeasureFactory(lead_actor=actor, **kwargs) for _ in range(n)]


def _occasions(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("occasion", flat=True))


def _kinds_on(day, **filters):
    rows = Reminder.objects.filter(**filters).order_by("kind")
    return [r.kind for r in rows if r.created_at.date() == day]


def test_round_reminders_on_consecutive_days_never_repeat(own_actor, actor_member):
    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D + 10 * DAY)
    expected = {
        D: [ReminderKind.ROUND_OPENED],
        D + DAY: [],
        D + 3 * DAY: [ReminderKind.ROUND_DUE],  # 7 days before the due date
        D + 7 * DAY: [],
        D + 10 * DAY: [],
        D + 11 * DAY: [ReminderKind.ROUND_OVERDUE],  # first week after the due date
        D + 12 * DAY: [],
        D + 17 * DAY: [],
        D + 18 * DAY: [ReminderKind.ROUND_OVERDUE],  # second week
        D + 24 * DAY: [],
        D + 25 * DAY: [ReminderKind.ROUND_OVERDUE],  # third week
    }
    for day, kinds in expected.items():
        mail.outbox.clear()
        result = run_on(day)
        assert sorted(result.reminders) == sorted(kinds), day
        assert len(mail.outbox) == (1 if kinds else 0), day
    occasions = _occasions(user=actor_member)
    assert len(occasions) == len(set(occasions)) == 5
    assert all(str(D) not in key for key in occasions)  # no day of a run in a key
    assert [k for k in occasions if "overdue" in k] == [
        f"round_overdue:round={measure.round_entries.get().round_id}:measure={measure.pk}:week={w}"
        for w in (0, 1, 2)
    ]


def test_an_overdue_round_reminds_weekly_from_the_first_run(own_actor, actor_member):
    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D - DAY, opened_on=D - 5 * DAY)
    assert sorted(run_on(D).reminders) == [ReminderKind.ROUND_OPENED, ReminderKind.ROUND_OVERDUE]
    assert len(mail.outbox) == 1  # both in one mail
    assert run_on(D + DAY).reminders == {}
    assert run_on(D + 6 * DAY).reminders == {}
    assert run_on(D + 7 * DAY).reminders == {ReminderKind.ROUND_OVERDUE: 1}
    assert run_on(D + 8 * DAY).reminders == {}
    assert len(mail.outbox) == 2


def test_a_reported_entry_is_not_reminded(own_actor, actor_member):
    reported, missing = _measures(own_actor, 2)
    open_round(reported, missing, due_on=D + 10 * DAY)
    with at(D, hour=7):
        StatusUpdateFactory(measure=reported)
    run_on(D + DAY)
    assert [r.measure for r in Reminder.objects.all()] == [missing]


def test_one_mail_per_recipient_lists_all_measures(own_actor, actor_member):
    colleague = MembershipFactory(actor=own_actor, user__username="kollegin").user
    in_round, deadline_soon = _measures(own_actor, 2)
    deadline_soon.deadline = D + 5 * DAY
    deadline_soon.save()
    with at(D - 10 * DAY):
        StatusUpdateFactory(measure=deadline_soon)
    (other,) = _measures(ActorFactory())
    open_round(in_round, other, due_on=D + 20 * DAY)
    result = run_on(D)
    assert result.reminders == {ReminderKind.ROUND_OPENED: 2 + 0 + 0, ReminderKind.DEADLINE_7: 2}
    assert result.mails == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actor_member.email, colleague.email])
    message = next(m for m in mail.outbox if m.to == [actor_member.email])
    assert f"Maßnahme {in_round.number}" in message.body
    assert f"Maßnahme {deadline_soon.number}" in message.body
    assert f"Maßnahme {other.number}" not in message.body
    assert "Bitte auch Teilnehmendenzahlen nennen." in message.body  # the round's message
    assert message.subject == "Erinnerung: Sachstand zu 2 Maßnahmen"
    assert run_on(D + DAY).mails == 0


def test_a_measure_in_an_open_round_gets_no_separate_status_due(own_actor, actor_member):
    in_round, outside = _measures(own_actor, 2)
    open_round(in_round, due_on=D + 100 * DAY)
    # both without a report since long ago: a status report is due for both
    later = D + 200 * DAY
    with override_settings(STATUS_REPORT_INTERVAL_DAYS=30):
        run_on(later)
    kinds = {(r.measure_id, r.kind) for r in Reminder.objects.all()}
    assert (outside.pk, ReminderKind.STATUS_REPORT_DUE) in kinds
    assert (in_round.pk, ReminderKind.STATUS_REPORT_DUE) not in kinds
    assert (in_round.pk, ReminderKind.ROUND_OVERDUE) in kinds


def test_contact_only_actor_gets_one_personal_link_that_works(link_pages):  # noqa: F811
    actor = ActorFactory(email="kontakt@verein.example", contact_person="Frau Kaya")
    first, second = _measures(actor, 2)
    open_round(first, second, due_on=D + 10 * DAY)
    run_on(D)
    (message,) = mail.outbox
    assert message.to == ["kontakt@verein.example"]
    assert "Guten Tag Frau Kaya," in message.body
    rows = Reminder.objects.all()
    assert {(r.user, r.email, r.actor) for r in rows} == {(None, "kontakt@verein.example", actor)}
    (link,) = ReportingLink.objects.all()  # one link for the mail, not one per measure
    assert (link.actor, link.email, link.created_by) == (actor, "kontakt@verein.example", None)
    pages = [resolve(urlsplit(w).path) for w in message.body.split() if w.startswith(SITE)]
    pages = [p for p in pages if p.url_name in ("link_home", "link_report")]
    assert sorted(p.url_name for p in pages) == ["link_home", "link_report", "link_report"]
    assert {p.kwargs["token"] for p in pages} == {pages[0].kwargs["token"]}  # one token
    with at(D + DAY):
        assert link_resolve(pages[0].kwargs["token"]) == link
    measure_pks = {p.kwargs.get("measure_pk") for p in pages} - {None}
    assert measure_pks == {first.pk, second.pk}
    assert run_on(D + DAY).mails == 0
    assert ReportingLink.objects.count() == 1


def test_contact_without_a_round_gets_no_link_but_the_coordination(settings):
    settings.COORDINATION_EMAIL = "integration@stadt.example"
    actor = ActorFactory(email="kontakt@verein.example")
    (measure,) = _measures(actor, deadline=D + 5 * DAY)
    with at(D - 10 * DAY):
        StatusUpdateFactory(measure=measure)
    assert run_on(D).reminders == {ReminderKind.DEADLINE_7: 1}
    (message,) = mail.outbox
    assert "http" not in message.body.split("--")[0].split("Guten Tag")[1]
    assert "integration@stadt.example" in message.body
    assert "Koordination" in message.body
    assert ReportingLink.objects.count() == 0


def test_reports_by_link_actor_is_reminded_at_its_contact_address(
    own_actor,
    actor_member,
    link_pages,  # noqa: F811
):
    own_actor.email = "buero@verein.example"
    own_actor.reports_by_link = True
    own_actor.save()
    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D + 10 * DAY)
    run_on(D)
    assert [m.to for m in mail.outbox] == [["buero@verein.example"]]
    assert Reminder.objects.filter(user=actor_member).count() == 0
    assert ReportingLink.objects.get().actor == own_actor


def test_members_who_opted_out_leave_it_to_the_contact_address(own_actor, link_pages):  # noqa: F811
    MembershipFactory(actor=own_actor, user__receives_reminders=False)
    own_actor.email = "buero@verein.example"
    own_actor.save()
    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D + 10 * DAY)
    run_on(D)
    assert [m.to for m in mail.outbox] == [["buero@verein.example"]]


def test_actor_without_members_or_address_gets_nothing(own_actor):
    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D + 10 * DAY)
    assert run_on(D).reminders == {}
    assert mail.outbox == []


@pytest.mark.parametrize("remind_partners", [True, False])
def test_partners_are_included_when_the_round_says_so(
    own_actor,
    actor_member,
    other_actor,
    other_member,
    remind_partners,
    link_pages,  # noqa: F811
):
    contact_partner = ActorFactory(email="partner@verein.example")
    (measure,) = _measures(own_actor)
    measure.partners.add(other_actor, contact_partner)
    open_round(measure, due_on=D + 10 * DAY, remind_partners=remind_partners)
    run_on(D)
    to = sorted(m.to[0] for m in mail.outbox)
    if not remind_partners:
        assert to == [actor_member.email]
        return
    assert to == sorted([actor_member.email, other_member.email, "partner@verein.example"])
    partner_mail = next(m for m in mail.outbox if m.to == [other_member.email])
    assert "Kooperationspartner" in partner_mail.body and "Notiz" in partner_mail.body
    assert f"/massnahmen/{measure.pk}/\n" in partner_mail.body  # the measure, not the form
    assert "Sachstand speichern" not in partner_mail.body
    lead_mail = next(m for m in mail.outbox if m.to == [actor_member.email])
    assert "Kooperationspartner" not in lead_mail.body
    partner_link = ReportingLink.objects.get()
    assert partner_link.actor == contact_partner
    contact_mail = next(m for m in mail.outbox if m.to == ["partner@verein.example"])
    assert f"#partner-{measure.pk}\n" in contact_mail.body  # the note form on the overview
    assert "Sachstand speichern" not in contact_mail.body


def test_a_member_of_lead_and_partner_gets_the_lead_reminder_once(own_actor, actor_member):
    partner = ActorFactory()
    MembershipFactory(actor=partner, user=actor_member)
    (measure,) = _measures(own_actor)
    measure.partners.add(partner)
    open_round(measure, due_on=D + 10 * DAY, remind_partners=True)
    run_on(D)
    (message,) = mail.outbox
    assert "Sachstand speichern" in message.body
    assert Reminder.objects.get().actor == own_actor


def test_contact_mail_that_could_not_be_enqueued_leaves_no_row_and_no_link(
    monkeypatch,
    link_pages,  # noqa: F811
):
    from participation.reminders import sending

    actor = ActorFactory(email="kontakt@verein.example")
    (measure,) = _measures(actor)
    open_round(measure, due_on=D + 10 * DAY)

    def queue_down(**kwargs):
        raise ConnectionError("Warteschlange nicht erreichbar")

    with monkeypatch.context() as patch:
        patch.setattr(sending, "enqueue_mail", queue_down)
        with pytest.raises(ConnectionError):
            run_on(D)
    assert Reminder.objects.count() == ReportingLink.objects.count() == 0
    assert run_on(D).mails == 1
    assert Reminder.objects.count() == ReportingLink.objects.count() == 1


def test_a_run_that_lost_the_race_for_one_occasion_still_sends_the_rest(
    own_actor, actor_member, monkeypatch
):
    """Another host recorded one of the occasions after this run read what was sent."""
    from participation import reminders

    first, second = _measures(own_actor, 2)
    reporting_round = open_round(first, due_on=D + 10 * DAY)
    run_on(D)
    reporting_round.entries.create(
        measure=second,
        number=second.number,
        title=second.title,
        action_field=second.action_field,
        lead_actor=own_actor,
    )
    monkeypatch.setattr(reminders, "already_reminded", lambda occasions: set())
    assert run_on(D + DAY).reminders == {ReminderKind.ROUND_OPENED: 1}
    assert Reminder.objects.count() == 2


def test_the_task_sends_what_is_due(own_actor, actor_member):
    from participation.tasks import send_reminders_now

    (measure,) = _measures(own_actor)
    open_round(measure, due_on=D + 10 * DAY)
    with at(D):
        result = send_reminders_now.enqueue()
    assert result.return_value == {ReminderKind.ROUND_OPENED: 1}
    assert len(mail.outbox) == 1
    assert send_due_reminders(D) == {}
