"""The coordinator's side: need → measure, export, minutes, invitations."""

import datetime
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concept.tests.factories import ActorFactory, MembershipFactory, action_field
from measures.models import Measure
from participation.models import ConferenceResult, ResponseStatus
from participation.services import conference_send_invitation, need_create_draft_measure

from .factories import (
    ConferenceFactory,
    NeedFactory,
    OfferFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
)


@pytest.fixture
def survey_round(own_actor, other_actor):
    return SurveyRoundFactory(invited_actors=[own_actor, other_actor], title="Abfrage 2026")


# --- need → draft measure ---------------------------------------------------------------------


def test_need_to_measure_records_the_user_and_reason_in_both_histories(
    survey_round, own_actor, coordinator
):
    """The service is called with the user: its history must name them even outside a
    request (the history middleware only covers requests), with a reason that says where
    the draft came from."""
    need = NeedFactory(response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor))
    measure = need_create_draft_measure(need=need, user=coordinator)
    (created,) = measure.history.all()
    assert created.history_type == "+"
    assert created.history_user == coordinator
    assert "Abfrage 2026" in created.history_change_reason
    latest = need.history.order_by("-history_date", "-history_id").first()
    assert latest.measure_id == measure.pk
    assert latest.history_user == coordinator
    assert measure.number in latest.history_change_reason
    assert measure.version == 1


def test_draft_measure_is_prefilled_from_the_need(survey_round, own_actor, coordinator):
    need = NeedFactory(
        response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor),
        what="Mehrsprachige Elternabende",
        target_group="Eltern",
        urgency="high",
    )
    measure = need_create_draft_measure(need=need, user=coordinator)
    assert (measure.title, measure.target_group, measure.status) == (
        "Mehrsprachige Elternabende",
        "Eltern",
        "planned",
    )
    assert measure.lead_actor is None  # the coordinator decides who leads
    assert own_actor.name in measure.notes and "hoch" in measure.notes
    assert not measure.is_smart_stored


def test_two_needs_of_a_field_get_two_numbers_and_each_only_once(
    survey_round, own_actor, other_actor, coordinator
):
    first = NeedFactory(response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor))
    second = NeedFactory(
        response=SurveyResponseFactory(survey_round=survey_round, actor=other_actor)
    )
    numbers = {
        need_create_draft_measure(need=first, user=coordinator).number,
        need_create_draft_measure(need=second, user=coordinator).number,
    }
    assert numbers == {"1.1", "1.2"}
    for need in (first, second):
        with pytest.raises(ValidationError):
            need_create_draft_measure(need=need, user=coordinator)
    assert Measure.objects.count() == 2
    assert ActorFactory._meta.model.objects.count() == 2


# --- Excel export -----------------------------------------------------------------------------


def _export(client, survey_round):
    response = client.get(reverse("participation:survey_export", args=[survey_round.pk]))
    assert response.status_code == 200
    return response, load_workbook(BytesIO(response.content))


def test_export_shows_who_answered_which_field_with_german_dates_and_remarks(
    client, coordinator, own_actor, other_actor
):
    fields = [action_field(1), action_field(3)]
    survey_round = SurveyRoundFactory(
        title="Bedarfsabfrage für Ältere 2026",
        action_fields=fields,
        invited_actors=[own_actor, other_actor],
    )
    sent = timezone.make_aware(datetime.datetime(2026, 3, 4, 23, 30))  # 22:30 UTC
    answer = SurveyResponseFactory(
        survey_round=survey_round,
        actor=own_actor,
        action_field=fields[0],
        submitted_at=sent,
        comment="=SUMME(A1:A9) bitte prüfen",
    )
    OfferFactory(response=answer)
    NeedFactory(response=answer)
    NeedFactory(response=answer)
    SurveyResponseFactory(
        survey_round=survey_round,
        actor=own_actor,
        action_field=fields[1],
        status=ResponseStatus.DRAFT,
        submitted_at=None,
    )
    client.force_login(coordinator)
    response, workbook = _export(client, survey_round)
    assert response["Content-Disposition"] == (
        'attachment; filename="abfrage-bedarfsabfrage-fuer-aeltere-2026.xlsx"'
    )
    assert workbook.sheetnames == ["Stand", "Bestand", "Bedarf"]
    stand = workbook["Stand"]
    rows = list(stand.values)
    assert rows[0] == (
        "Akteur",
        "Handlungsfeld",
        "Status",
        "abgesendet am",
        "Angebote",
        "Bedarfe",
        "Anmerkungen",
    )
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert len(by_key) == 4  # two actors × two fields, answered or not
    done = by_key[(own_actor.name, str(fields[0]))]
    assert done[2:6] == ("abgesendet", datetime.datetime(2026, 3, 4), 1, 2)
    assert done[6].startswith("'=")  # no formula
    assert by_key[(own_actor.name, str(fields[1]))][2:4] == ("Entwurf", None)
    assert by_key[(other_actor.name, str(fields[0]))][2:6] == ("offen", None, 0, 0)
    done_row = rows.index(done) + 1
    assert stand[f"D{done_row}"].number_format == "DD.MM.YYYY"
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])
    needs = list(workbook["Bedarf"].values)
    assert needs[0][-1] == "abgesendet am" and needs[1][-1] == datetime.datetime(2026, 3, 4)
    assert workbook["Bedarf"]["H2"].number_format == "DD.MM.YYYY"


def test_export_defuses_formulas_in_every_text_cell(client, coordinator):
    actor = ActorFactory(name="@Verein")
    survey_round = SurveyRoundFactory(invited_actors=[actor])
    answer = SurveyResponseFactory(survey_round=survey_round, actor=actor)
    OfferFactory(response=answer, what="+1", target_group="-Eltern", frequency="=1+1")
    NeedFactory(response=answer, what="=cmd|' /C calc'!A0", target_group="\tTab")
    client.force_login(coordinator)
    _response, workbook = _export(client, survey_round)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value:
                    assert cell.value[0] not in "=+-@\t", (sheet.title, cell.value)


def test_export_queries_do_not_grow_with_actors(client, coordinator, django_assert_num_queries):
    survey_round = SurveyRoundFactory()

    def add_actors(n):
        for _ in range(n):
            actor = ActorFactory()
            survey_round.invited_actors.add(actor)
            answer = SurveyResponseFactory(survey_round=survey_round, actor=actor)
            OfferFactory(response=answer)
            NeedFactory(response=answer)

    client.force_login(coordinator)
    add_actors(3)
    _export(client, survey_round)
    # session, user, groups, round, fields, actors, answers (with counts), offers, needs
    with django_assert_num_queries(9):
        _export(client, survey_round)
    add_actors(20)
    with django_assert_num_queries(9):
        _response, workbook = _export(client, survey_round)
    assert workbook["Stand"].max_row == 24


# --- minutes ----------------------------------------------------------------------------------


def test_minutes_download_has_a_readable_ascii_filename_of_the_local_day(
    client, coordinator, actor_member
):
    conference = ConferenceFactory(
        title="Integrationskonferenz für Ältere „Gemeinsam“",
        starts_at=timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 30)),  # 31.12. in UTC
        minutes="Große Beteiligung; Grüße an alle.",
    )
    client.force_login(actor_member)
    response = client.get(reverse("participation:conference_minutes", args=[conference.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="protokoll-integrationskonferenz-fuer-aeltere-gemeinsam-'
        '2027-01-01.txt"'
    )
    text = response.content.decode("utf-8")
    assert "Große Beteiligung; Grüße an alle." in text
    assert "Freitag, 01.01.2027, 00:30 Uhr" in text


def test_minutes_filename_never_ends_up_empty(client, actor_member):
    conference = ConferenceFactory(title="„…“")
    client.force_login(actor_member)
    response = client.get(reverse("participation:conference_minutes", args=[conference.pk]))
    assert 'filename="protokoll-konferenz-' in response["Content-Disposition"]


# --- invitation -------------------------------------------------------------------------------


def test_invitation_is_german_and_reaches_only_current_active_members(
    client, coordinator, own_actor, other_actor, actor_member, other_member
):
    conference = ConferenceFactory(
        title="4. Integrationskonferenz",
        starts_at=timezone.make_aware(datetime.datetime(2027, 6, 15, 17, 0)),
    )
    conference.invited_actors.set([own_actor])
    left = MembershipFactory(actor=own_actor, user__email="ehemals@example.org")
    left.delete()  # left the actor
    MembershipFactory(actor=own_actor, user__email="")  # no address: nobody to mail
    client.force_login(coordinator)
    response = client.post(reverse("participation:conference_invite", args=[conference.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[actor_member.email]]
    message = mail.outbox[0]
    assert message.subject == "Einladung: 4. Integrationskonferenz am 15.06.2027"
    assert "Dienstag, 15.06.2027, 17:00 Uhr" in message.body
    assert "Mit freundlichen Grüßen" in message.body
    assert "1 Person." in [str(m) for m in get_messages(response.wsgi_request)][0]


def test_invitation_headers_cannot_be_injected(coordinator, own_actor, actor_member):
    conference = ConferenceFactory(title="Konferenz\r\nBcc: alle@evil.example\r\nX-Test: 1")
    conference.invited_actors.set([own_actor])
    conference_send_invitation(conference=conference, user=coordinator)
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    headers = message.message()
    assert headers["Bcc"] is None and headers["X-Test"] is None
    assert message.recipients() == [actor_member.email]


def test_invitation_goes_out_once_unless_sent_again_on_purpose(
    client, coordinator, own_actor, actor_member
):
    conference = ConferenceFactory()
    conference.invited_actors.set([own_actor])
    client.force_login(coordinator)
    url = reverse("participation:conference_invite", args=[conference.pk])
    client.post(url)
    response = client.post(url)  # double click, or the form sent again
    assert len(mail.outbox) == 1
    assert "bereits am" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Einladung erneut senden" in page and 'name="again" value="1"' in page
    client.post(url, {"again": "1"})
    assert len(mail.outbox) == 2
    record = conference.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Einladung erneut an alle verschickt"


# --- editing a round --------------------------------------------------------------------------


def _round_form_data(survey_round, fields, actors):
    return {
        "title": survey_round.title,
        "description": "",
        "starts_on": survey_round.starts_on.strftime("%d.%m.%Y"),
        "ends_on": survey_round.ends_on.strftime("%d.%m.%Y"),
        "action_fields": [f.pk for f in fields],
        "invited_actors": [a.pk for a in actors],
    }


def test_answered_fields_and_actors_cannot_be_dropped_from_a_round(
    client, coordinator, own_actor, other_actor
):
    fields = [action_field(1), action_field(2)]
    survey_round = SurveyRoundFactory(action_fields=fields, invited_actors=[own_actor, other_actor])
    SurveyResponseFactory(survey_round=survey_round, actor=own_actor, action_field=fields[0])
    client.force_login(coordinator)
    url = reverse("participation:survey_update", args=[survey_round.pk])
    response = client.post(url, _round_form_data(survey_round, fields[1:], [other_actor]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zu diesen Handlungsfeldern gibt es schon Antworten" in page
    assert str(fields[0]) in page and "Eigener Verein" in page
    survey_round.refresh_from_db()
    assert set(survey_round.action_fields.all()) == set(fields)
    assert set(survey_round.invited_actors.all()) == {own_actor, other_actor}
    # what has no answers may go; what has may stay
    response = client.post(url, _round_form_data(survey_round, fields[:1], [own_actor]))
    assert response.status_code == 302
    assert list(survey_round.action_fields.all()) == fields[:1]
    assert list(survey_round.invited_actors.all()) == [own_actor]


def test_results_added_and_deleted_name_the_coordinator_in_the_history(coordinator):
    from participation.services import conference_result_add, conference_result_delete

    conference = ConferenceFactory()
    result = conference_result_add(
        conference=conference, user=coordinator, kind="agreement", text="Runder Tisch"
    )
    pk = result.pk
    conference_result_delete(result=result, user=coordinator)
    records = ConferenceResult.history.filter(id=pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", coordinator),
        ("-", coordinator),
    ]


def test_answers_and_publication_name_their_author_in_the_history(
    survey_round, own_actor, actor_member, coordinator
):
    """The services get the user; history records must name them outside a request too."""
    from participation.models import Offer, PublicationSettings, SurveyResponse
    from participation.services import publication_update, survey_response_save

    survey_response_save(
        survey_round=survey_round,
        actor=own_actor,
        action_field=action_field(1),
        user=actor_member,
        comment="",
        offers=[{"what": "Sprachcafé", "target_group": "", "frequency": "", "reach": None}],
        needs=[],
        submit=True,
    )
    answer = SurveyResponse.objects.get()
    assert {r.history_user for r in answer.history.all()} == {actor_member}
    assert {r.history_user for r in Offer.history.all()} == {actor_member}
    publication_update(user=coordinator, is_published=True, intro="Hallo")
    assert {r.history_user for r in PublicationSettings.history.all()} == {coordinator}
