from django.core.management import call_command

from participation.models import (
    Conference,
    ConferenceResult,
    Need,
    Offer,
    PublicationSettings,
    SurveyResponse,
    SurveyRound,
)
from participation.services import invitation_counts


def _counts():
    return [
        m.objects.count()
        for m in (SurveyRound, SurveyResponse, Offer, Need, Conference, ConferenceResult)
    ]


def test_demo_has_a_survey_round_and_the_first_conference_and_is_idempotent(demo_data):
    first = _counts()
    conference = Conference.objects.get(title="1. Integrationskonferenz")
    assert f"{conference.starts_at.astimezone():%d.%m.%Y %H:%M}".startswith("15.06.2021")
    assert conference.participant_count == 62
    assert "online" in conference.place
    assert conference.results.filter(measures__isnull=False).exists()
    # The invitation reached the members then: sending again finds no newcomers.
    assert conference.invitations.count() == invitation_counts(conference).total > 0
    assert invitation_counts(conference).newcomers == 0
    past = SurveyRound.objects.get(title="Bestandsaufnahme und Bedarfsabfrage 2021")
    assert past.responses.filter(status="submitted").count() >= 5
    assert Need.objects.filter(measure__isnull=False).exists()
    assert SurveyRound.objects.exclude(pk=past.pk).get().is_open()
    assert PublicationSettings.load().is_published
    call_command("loaddemo")
    assert _counts() == first
