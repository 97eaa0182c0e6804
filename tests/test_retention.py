"""Deletion periods (RETENTION_*_DAYS) carried out by the daily `privacy_cleanup`."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concept.tasks import send_invitation
from concept.tests.factories import UserFactory
from core import privacy
from core.tests.task_rows import task_row
from participation.mail import send_mail_task
from participation.models import ConferenceInvitation, SurveyResponse
from participation.tests.factories import (
    ConferenceFactory,
    OfferFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC)


def days_later(days: int):
    return time_machine.travel(START + datetime.timedelta(days=days), tick=False)


def cleanup(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("privacy_cleanup", *args, stdout=out)
    return out.getvalue()


def round_ending(day: datetime.date, editor):
    survey_round = SurveyRoundFactory(starts_on=day - datetime.timedelta(days=30), ends_on=day)
    response = SurveyResponseFactory(survey_round=survey_round, updated_by=editor)
    response.history.update(history_user=editor)
    OfferFactory(response=response).history.update(history_user=editor)
    return response


def test_survey_contacts_are_forgotten_after_the_period_and_younger_stay(settings):
    settings.RETENTION_SURVEY_CONTACTS_DAYS = 730
    editor = UserFactory()
    with days_later(0):
        old = round_ending(START.date(), editor)
        young = round_ending(START.date() + datetime.timedelta(days=100), editor)
    with days_later(731):
        out = cleanup()
    assert "Ansprechpersonen der Abfrage: 1 gelöscht/anonymisiert (Frist 730 Tage)" in out
    old = SurveyResponse.objects.get(pk=old.pk)  # the answer stays
    assert old.updated_by is None
    assert not old.history.filter(updated_by=editor).exists()
    assert not old.history.filter(history_user=editor).exists()
    assert not old.offers.get().history.filter(history_user=editor).exists()
    young.refresh_from_db()
    assert young.updated_by == editor
    assert young.history.filter(history_user=editor).exists()
    with days_later(731):
        assert "Ansprechpersonen der Abfrage: 0 " in cleanup()


def test_conference_invitation_lists_go_after_the_period(settings):
    settings.RETENTION_CONFERENCE_PARTICIPANTS_DAYS = 365
    person = UserFactory()
    with days_later(0):
        past = ConferenceFactory(starts_at=START)
        later = ConferenceFactory(starts_at=START + datetime.timedelta(days=200))
        for conference in (past, later):
            ConferenceInvitation.objects.create(
                conference=conference, recipient=person, sent_at=timezone.now()
            )
    with days_later(366):
        out = cleanup()
    assert "Eingeladene/Teilnehmende der Konferenzen: 1 " in out
    assert not ConferenceInvitation.objects.filter(conference=past).exists()
    assert not ConferenceInvitation.history.filter(conference_id=past.pk).exists()
    assert ConferenceInvitation.objects.filter(conference=later).exists()
    past.refresh_from_db()  # the conference itself stays
    with days_later(366):
        assert "Eingeladene/Teilnehmende der Konferenzen: 0 " in cleanup()


def test_sent_mails_go_after_the_period_and_running_ones_stay(settings):
    settings.RETENTION_INVITATIONS_DAYS = 365
    old = START - datetime.timedelta(days=400)
    gone = [
        task_row(task_path=send_mail_task.module_path, kwargs={"to": ["a@x.de"]}, finished_at=old),
        task_row(task_path=send_invitation.module_path, kwargs={"account_id": 1}, finished_at=old),
    ]
    young = task_row(task_path=send_mail_task.module_path, kwargs={"to": ["b@x.de"]})
    waiting = task_row(task_path=send_mail_task.module_path, kwargs={}, status="READY")
    DBTaskResult.objects.filter(pk=waiting.pk).update(finished_at=old)
    other = task_row(task_path="council.tasks.render_paper", kwargs={}, finished_at=old)
    with days_later(0):
        out = cleanup()
    assert "Versandte Einladungen und Erinnerungen (E-Mails): 1 " in out
    assert "Passwort-Links (E-Mails): 1 " in out
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {young.pk, waiting.pk, other.pk}
    assert not remaining & {row.pk for row in gone}


def test_dry_run_counts_and_deletes_nothing(settings):
    settings.RETENTION_INVITATIONS_DAYS = 30
    row = task_row(
        task_path=send_mail_task.module_path,
        kwargs={},
        finished_at=timezone.now() - datetime.timedelta(days=31),
    )
    assert "E-Mails): 1 würden bearbeitet" in cleanup("--dry-run")
    assert DBTaskResult.objects.filter(pk=row.pk).exists()


def test_zero_days_keeps_everything(settings):
    settings.RETENTION_INVITATIONS_DAYS = 0
    row = task_row(
        task_path=send_mail_task.module_path,
        kwargs={},
        finished_at=timezone.now() - datetime.timedelta(days=3000),
    )
    assert "RETENTION_INVITATIONS_DAYS=0, wird aufbewahrt" in cleanup()
    assert DBTaskResult.objects.filter(pk=row.pk).exists()


def test_a_later_app_registers_its_own_rule(settings):
    """How personal reporting links will join: a rule under RETENTION_PERSONAL_LINKS_DAYS."""
    settings.RETENTION_PERSONAL_LINKS_DAYS = 90
    row = task_row(
        task_path="links.tasks.example",
        kwargs={},
        finished_at=timezone.now() - datetime.timedelta(days=91),
    )
    rule = privacy.RetentionRule(
        key="test_links",
        label="Persönliche Links",
        setting="RETENTION_PERSONAL_LINKS_DAYS",
        expired=lambda cutoff: DBTaskResult.objects.filter(
            task_path="links.tasks.example", finished_at__lt=cutoff
        ),
    )
    privacy.register_retention(rule)
    try:
        assert "Persönliche Links: 1 gelöscht/anonymisiert (Frist 90 Tage)" in cleanup()
    finally:
        privacy._rules.pop("test_links")
    assert not DBTaskResult.objects.filter(pk=row.pk).exists()
