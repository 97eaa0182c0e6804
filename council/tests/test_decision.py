"""Recording a decision: the date is checked, defaults to the Beschlussfassung, and the page
asks first, saying what will happen (it cannot be undone)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from council.models import CouncilPaper, PaperKind, PaperStatus, RevisionState
from council.services import RefusedError, paper_record_decision
from council.tests.factories import (
    ConsultationFactory,
    CouncilPaperFactory,
    adopted_revision,
    frozen_revision,
    with_fake_pdf,
)

pytestmark = pytest.mark.django_db

FROZEN = datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)
TODAY = datetime.datetime(2026, 12, 10, 12, tzinfo=datetime.UTC)


def _at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def resolution(coordinator):
    """A submitted Beschlussvorlage of 26.11.2026 with the 2. Fortschreibung (frozen 30.11.)
    attached; the 1. Fortschreibung is in force since 01.03.2026; Rat decides on 01.12."""
    adopted_revision(coordinator, number=1, decided_on=datetime.date(2026, 3, 1))
    with _at(FROZEN):
        revision = frozen_revision(coordinator, number=2)
    paper = with_fake_pdf(
        CouncilPaperFactory(
            kind=PaperKind.RESOLUTION,
            proposed_resolution="Der Rat beschließt.",
            revision=revision,
            date=datetime.date(2026, 11, 26),
        )
    )
    ConsultationFactory(
        paper=paper, body_name="Ausschuss", meeting_date=datetime.date(2026, 11, 27)
    )
    ConsultationFactory(
        paper=paper,
        body_name="Rat",
        meeting_date=datetime.date(2026, 12, 1),
        role="beschlussfassung",
    )
    return paper


def _decide(paper, user, day):
    with _at(TODAY):
        return paper_record_decision(paper=paper, user=user, decided_on=day)


def _refused_at_the_field(paper, user, day) -> str:
    with pytest.raises(RefusedError) as info:
        _decide(paper, user, day)
    assert list(info.value.message_dict) == ["decided_on"]
    stored = CouncilPaper.objects.get(pk=paper.pk)
    assert stored.status == PaperStatus.SUBMITTED and stored.decided_on is None
    assert stored.revision.state == RevisionState.SUBMITTED
    return " ".join(info.value.messages)


def test_a_decision_before_the_paper_date_is_refused(resolution, coordinator):
    message = _refused_at_the_field(resolution, coordinator, datetime.date(2020, 1, 1))
    assert "vor dem Datum der Drucksache (26.11.2026)" in message


def test_a_decision_before_the_freeze_of_the_revision_is_refused(resolution, coordinator):
    message = _refused_at_the_field(resolution, coordinator, datetime.date(2026, 11, 28))
    assert "vor dem Einfrieren der angehängten 2. Fortschreibung (30.11.2026)" in message


def test_a_decision_in_the_future_is_refused(resolution, coordinator):
    message = _refused_at_the_field(resolution, coordinator, datetime.date(2026, 12, 11))
    assert "in der Zukunft" in message


def test_a_revision_cannot_supersede_one_adopted_later(coordinator):
    adopted_revision(coordinator, number=1, decided_on=datetime.date(2026, 12, 5))
    with _at(FROZEN):
        revision = frozen_revision(coordinator, number=2)
    paper = with_fake_pdf(
        CouncilPaperFactory(kind=PaperKind.RESOLUTION, proposed_resolution="x", revision=revision)
    )
    message = _refused_at_the_field(paper, coordinator, datetime.date(2026, 12, 1))
    assert "vor dem Beschluss der bisher gültigen 1. Fortschreibung (05.12.2026)" in message


def test_a_decision_on_a_valid_date_adopts_and_supersedes(resolution, coordinator):
    paper = _decide(resolution, coordinator, datetime.date(2026, 12, 1))
    assert paper.status == PaperStatus.DECIDED
    assert paper.revision.state == RevisionState.ADOPTED
    assert paper.revision.decided_on == datetime.date(2026, 12, 1)
    assert paper.revision.previous_frozen().state == RevisionState.SUPERSEDED


def test_the_page_asks_first_with_the_decision_meeting_as_default(client, coordinator, resolution):
    url = reverse("council:paper-decide", args=[resolution.pk])
    with _at(TODAY):
        client.force_login(coordinator)
        detail = client.get(resolution.get_absolute_url()).content.decode()
        response = client.get(url)
    assert f'href="{url}"' in detail and "Beschluss eintragen …" in detail
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="01.12.2026"' in html  # the Beschlussfassung in the Rat
    assert "wird die 2. Fortschreibung" in html and "beschlossen und unveränderlich" in html
    assert "bisher gültige 1. Fortschreibung" in html and "abgelöst" in html
    assert "wird die Drucksache abgeschlossen" in html
    assert "Das lässt sich nicht rückgängig machen." in html
    assert CouncilPaper.objects.get(pk=resolution.pk).status == PaperStatus.SUBMITTED


def test_the_page_shows_a_refused_date_at_the_field_and_changes_nothing(
    client, coordinator, resolution
):
    url = reverse("council:paper-decide", args=[resolution.pk])
    with _at(TODAY):
        client.force_login(coordinator)
        response = client.post(url, {"decided_on": "01.01.2020"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "vor dem Datum der Drucksache" in " ".join(form.errors["decided_on"])
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_decided_on"' in html
    assert CouncilPaper.objects.get(pk=resolution.pk).status == PaperStatus.SUBMITTED
    with _at(TODAY):
        response = client.post(url, {"decided_on": "01.12.2026"})
    assert response.status_code == 302
    assert CouncilPaper.objects.get(pk=resolution.pk).decided_on == datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("coordinator", 200), ("actor_member", 403), ("council", 403)],
)
def test_only_the_coordinator_opens_the_confirmation_page(request, client, role, status):
    paper = with_fake_pdf(CouncilPaperFactory())
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("council:paper-decide", args=[paper.pk]))
    assert response.status_code == status
    if role == "anonymous":
        assert "/konto/login/" in response["Location"]


def test_the_confirmation_page_of_a_decided_paper_is_locked(client, coordinator):
    paper = with_fake_pdf(CouncilPaperFactory(status=PaperStatus.DECIDED))
    client.force_login(coordinator)
    assert client.get(reverse("council:paper-decide", args=[paper.pk])).status_code == 403
