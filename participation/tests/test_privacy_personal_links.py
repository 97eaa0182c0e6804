"""Data protection for reporting without an account: what a contact address received and sent
through personal links is exported, erased and forgotten after its deletion period."""

import datetime

import pytest
from django.utils import timezone

from concept.privacy import address_erase
from concept.tests.factories import ActorFactory
from core import privacy
from measures.models import MeasureNote, ReportChannel, StatusUpdate
from measures.note_services import note_add
from measures.services import measure_report_status
from measures.tests.factories import MeasureFactory
from participation.models import Reminder, ReminderKind, ReportingLink, ReportingRound
from participation.services.links import link_issue

pytestmark = pytest.mark.django_db

ADDRESS = "Kontakt@Sprachtreff.example"


@pytest.fixture
def traces(coordinator):
    actor = ActorFactory(name="Sprachtreff e. V.", email=ADDRESS)
    partner = ActorFactory(name="Elterncafé")
    measure = MeasureFactory(lead_actor=actor, status="in_progress")
    today = timezone.localdate()
    reporting_round = ReportingRound.objects.create(
        title="Sachstand zum Test", as_of=today, due_on=today + datetime.timedelta(14)
    )
    link, _token = link_issue(reporting_round=reporting_round, actor=actor)
    report = measure_report_status(
        measure=measure,
        user=None,
        status="in_progress",
        progress=50,
        text="Läuft gut.",
        channel=ReportChannel.PERSONAL_LINK,
        reported_by=ADDRESS,
    )
    note = note_add(measure=measure, actor=partner, text="Wir helfen mit.", reported_by=ADDRESS)
    reminder = Reminder.objects.create(
        kind=ReminderKind.ROUND_OPENED,
        occasion=f"round_opened:round={reporting_round.pk}:measure={measure.pk}",
        email=ADDRESS,
        actor=actor,
        reporting_round=reporting_round,
        measure=measure,
        due_on=reporting_round.due_on,
    )
    return {
        "round": reporting_round,
        "link": link,
        "report": report,
        "note": note,
        "reminder": reminder,
        "measure": measure,
    }


def test_export_by_address_lists_links_reminders_reports_and_notes(traces):
    data = privacy.person_export(privacy.Person(email="kontakt@sprachtreff.example"))
    sections = data["bereiche"]
    assert sections["persoenliche_links"]["daten"][0]["berichtsrunde"] == "Sachstand zum Test"
    assert sections["erinnerungen"]["daten"][0]["an"] == ADDRESS
    assert sections["sachstaende"]["daten"][0]["text"] == "Läuft gut."
    assert sections["sachstaende"]["daten"][0]["gemeldet_ueber"] == "über persönlichen Link"
    assert sections["notizen"]["daten"][0]["text"] == "Wir helfen mit."


def test_erasure_of_an_address_keeps_the_records_without_the_address(traces, coordinator):
    address_erase(email="kontakt@sprachtreff.example", by=coordinator)

    assert not ReportingLink.objects.exists()
    assert not Reminder.objects.exists()
    report = StatusUpdate.objects.get(pk=traces["report"].pk)
    assert (report.text, report.reported_by) == ("Läuft gut.", "gelöschte Person")
    assert MeasureNote.objects.get(pk=traces["note"].pk).reported_by == "gelöschte Person"
    # nowhere in the history either: not in the rows' copies, not in a change reason
    measure = traces["measure"]
    for model in (StatusUpdate, MeasureNote):
        assert not model.history.filter(reported_by__iexact=ADDRESS).exists()
    reasons = [
        *measure.history.values_list("history_change_reason", flat=True),
        *StatusUpdate.history.values_list("history_change_reason", flat=True),
        *MeasureNote.history.values_list("history_change_reason", flat=True),
    ]
    assert reasons and not [r for r in reasons if r and ADDRESS.lower() in r.lower()]
    assert any("gelöschte Person" in (r or "") for r in reasons)


def test_links_are_forgotten_after_their_period_and_working_ones_stay(traces, settings):
    settings.RETENTION_PERSONAL_LINKS_DAYS = 90
    working = traces["link"]
    reporting_round = traces["round"]
    old_round = ReportingRound.objects.create(
        title="Alte Runde",
        as_of=datetime.date(2025, 1, 31),
        due_on=datetime.date(2025, 2, 28),
        closed_at=timezone.now() - datetime.timedelta(days=200),
    )
    old_round_link = ReportingLink.objects.create(
        round=old_round,
        actor=working.actor,
        email=ADDRESS,
        secret_digest="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    Reminder.objects.create(
        kind=ReminderKind.ROUND_DUE,
        occasion=f"round_due:round={old_round.pk}:measure={traces['measure'].pk}",
        email=ADDRESS,
        actor=working.actor,
        reporting_round=old_round,
        due_on=old_round.due_on,
    )

    results = {r.rule.key: r.count for r in privacy.retention_run()}

    assert results["personal_links"] == 1
    assert not ReportingLink.objects.filter(pk=old_round_link.pk).exists()
    assert ReportingLink.objects.filter(pk=working.pk).exists()
    assert list(Reminder.objects.values_list("reporting_round", flat=True)) == [reporting_round.pk]
