"""Survey rounds: who sees which answers, drafts and submission, export, need → measure."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concept.tests.factories import ActorFactory, action_field
from measures.models import Measure
from participation.models import Need, ResponseStatus, SurveyResponse, SurveyRound
from participation.services import need_create_draft_measure

from .factories import NeedFactory, OfferFactory, SurveyResponseFactory, SurveyRoundFactory


@pytest.fixture
def survey_round(own_actor, other_actor):
    return SurveyRoundFactory(invited_actors=[own_actor, other_actor])


def answer_url(survey_round, actor, field=None):
    field = field or action_field(1)
    return reverse(
        "participation:survey_answer",
        kwargs={"pk": survey_round.pk, "actor_pk": actor.pk, "field_pk": field.pk},
    )


def form_data(offers=(), needs=(), action="draft", comment=""):
    data = {
        "offers-TOTAL_FORMS": str(len(offers)),
        "offers-INITIAL_FORMS": "0",
        "needs-TOTAL_FORMS": str(len(needs)),
        "needs-INITIAL_FORMS": "0",
        "comment": comment,
        action: "1",
    }
    for i, (what, target, frequency, reach) in enumerate(offers):
        data.update(
            {
                f"offers-{i}-what": what,
                f"offers-{i}-target_group": target,
                f"offers-{i}-frequency": frequency,
                f"offers-{i}-reach": reach,
            }
        )
    for i, (what, target, urgency) in enumerate(needs):
        data.update(
            {
                f"needs-{i}-what": what,
                f"needs-{i}-target_group": target,
                f"needs-{i}-urgency": urgency,
            }
        )
    return data


# --- visibility -----------------------------------------------------------------------------


def test_round_queryset_and_rule_agree(own_actor, actor_member, other_member, coordinator, council):
    invited = SurveyRoundFactory(invited_actors=[own_actor])
    SurveyRoundFactory(invited_actors=[ActorFactory()])
    for user in (actor_member, other_member, coordinator, council, AnonymousUser()):
        visible = set(SurveyRound.objects.visible_to(user))
        allowed = {
            r
            for r in SurveyRound.objects.all()
            if user.has_perm("participation.view_surveyround", r)
        }
        assert visible == allowed
    assert set(SurveyRound.objects.visible_to(actor_member)) == {invited}


def test_actor_sees_only_its_own_answers(
    client, survey_round, own_actor, other_actor, actor_member
):
    SurveyResponseFactory(survey_round=survey_round, actor=own_actor)
    theirs = SurveyResponseFactory(survey_round=survey_round, actor=other_actor)
    NeedFactory(response=theirs, what="Geheimer Bedarf des anderen Vereins")
    client.force_login(actor_member)
    assert client.get(answer_url(survey_round, other_actor)).status_code == 404
    page = client.get(survey_round.get_absolute_url()).content.decode()
    assert own_actor.name in page
    assert other_actor.name not in page
    assert set(SurveyResponse.objects.visible_to(actor_member)) == {
        survey_round.responses.get(actor=own_actor)
    }
    field_url = reverse(
        "participation:survey_field", kwargs={"pk": survey_round.pk, "field_pk": action_field(1).pk}
    )
    assert client.get(field_url).status_code == 403


def test_coordinator_sees_all_answers_side_by_side(
    client, survey_round, own_actor, other_actor, coordinator
):
    NeedFactory(
        response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor), what="Bedarf A"
    )
    OfferFactory(
        response=SurveyResponseFactory(
            survey_round=survey_round, actor=other_actor, status=ResponseStatus.DRAFT
        ),
        what="Angebot B",
    )
    client.force_login(coordinator)
    url = reverse(
        "participation:survey_field", kwargs={"pk": survey_round.pk, "field_pk": action_field(1).pk}
    )
    page = client.get(url).content.decode()
    assert "Bedarf A" in page and "Angebot B" in page
    assert own_actor.name in page and other_actor.name in page
    assert "Als Maßnahmenentwurf anlegen" in page
    assert set(SurveyResponse.objects.visible_to(coordinator)) == set(SurveyResponse.objects.all())


# --- answering --------------------------------------------------------------------------------


def test_member_saves_a_draft_and_then_submits(client, survey_round, own_actor, actor_member):
    client.force_login(actor_member)
    url = answer_url(survey_round, own_actor)
    response = client.post(
        url,
        form_data(
            offers=[("Sprachcafé", "Neuzugewanderte", "wöchentlich", "35")],
            needs=[("Kinderbetreuung während der Kurse", "Mütter", "high")],
        ),
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get(survey_round=survey_round, actor=own_actor)
    assert answer.status == ResponseStatus.DRAFT
    assert [o.reach for o in answer.offers.all()] == [35]
    assert answer.updated_by == actor_member

    offer, need = answer.offers.get(), answer.needs.get()
    data = form_data(action="submit")
    data.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "1",
            "offers-0-id": offer.pk,
            "offers-0-what": "Sprachcafé am Marktplatz",
            "offers-0-target_group": "Neuzugewanderte",
            "offers-0-frequency": "wöchentlich",
            "offers-0-reach": "35",
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "1",
            "needs-0-id": need.pk,
            "needs-0-what": need.what,
            "needs-0-target_group": need.target_group,
            "needs-0-urgency": "high",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.SUBMITTED
    assert answer.submitted_at is not None
    assert answer.offers.get().pk == offer.pk
    assert answer.offers.get().what == "Sprachcafé am Marktplatz"
    page = client.get(url).content.decode()
    assert "Entwurf speichern" not in page
    assert "Sprachcafé am Marktplatz" in page


def test_submitted_answer_cannot_be_changed(client, survey_round, own_actor, actor_member):
    answer = SurveyResponseFactory(survey_round=survey_round, actor=own_actor)
    OfferFactory(response=answer, what="Bleibt")
    client.force_login(actor_member)
    response = client.post(
        answer_url(survey_round, own_actor), form_data(offers=[("Neu", "", "", "")])
    )
    assert response.status_code == 200
    assert "bereits abgesendet" in response.content.decode()
    assert [o.what for o in answer.offers.all()] == ["Bleibt"]


def test_closed_round_takes_no_answers(client, own_actor, actor_member):
    closed = SurveyRoundFactory(
        starts_on=timezone.localdate() - datetime.timedelta(30),
        ends_on=timezone.localdate() - datetime.timedelta(1),
        invited_actors=[own_actor],
    )
    client.force_login(actor_member)
    response = client.post(answer_url(closed, own_actor), form_data(offers=[("X", "", "", "")]))
    assert "nicht (mehr) geöffnet" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_invalid_input_keeps_what_was_typed(client, survey_round, own_actor, actor_member):
    client.force_login(actor_member)
    response = client.post(
        answer_url(survey_round, own_actor),
        form_data(offers=[("Hausaufgabenhilfe", "Grundschulkinder", "täglich", "viele")]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hausaufgabenhilfe" in page
    assert "Bitte prüfen Sie" in page
    assert not SurveyResponse.objects.exists()


def test_removing_a_draft_row_deletes_it(client, survey_round, own_actor, actor_member):
    answer = SurveyResponseFactory(
        survey_round=survey_round, actor=own_actor, status=ResponseStatus.DRAFT
    )
    offer = OfferFactory(response=answer)
    client.force_login(actor_member)
    data = form_data()
    data.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "1",
            "offers-0-id": offer.pk,
            "offers-0-what": offer.what,
            "offers-0-DELETE": "on",
        }
    )
    client.post(answer_url(survey_round, own_actor), data)
    assert not answer.offers.exists()


# --- need → draft measure ---------------------------------------------------------------------


def test_need_becomes_a_draft_measure_that_remembers_it(
    client, survey_round, own_actor, coordinator
):
    need = NeedFactory(
        response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor),
        what="Mehrsprachige Elternabende",
        target_group="Eltern",
    )
    client.force_login(coordinator)
    response = client.post(reverse("participation:need_to_measure", args=[need.pk]))
    need.refresh_from_db()
    measure = need.measure
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    assert measure.source_need == need
    assert measure.title == "Mehrsprachige Elternabende"
    assert measure.action_field == action_field(1)
    assert measure.number == "1.1"
    assert survey_round.title in measure.notes
    result = measure.smart_check()
    assert not result.is_smart
    assert set(result.missing_letters) >= {"M", "A", "R", "T"}
    assert any("Frist" in reason for reason in result.missing["T"])


def test_a_need_becomes_a_measure_only_once(survey_round, own_actor, coordinator):
    need = NeedFactory(response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor))
    need_create_draft_measure(need=need, user=coordinator)
    with pytest.raises(ValidationError):
        need_create_draft_measure(need=need, user=coordinator)
    assert Measure.objects.count() == 1


def test_draft_answers_cannot_become_measures(survey_round, own_actor, coordinator):
    need = NeedFactory(
        response=SurveyResponseFactory(
            survey_round=survey_round, actor=own_actor, status=ResponseStatus.DRAFT
        )
    )
    with pytest.raises(ValidationError):
        need_create_draft_measure(need=need, user=coordinator)
    assert Need.objects.get().measure is None


def test_draft_measure_number_follows_the_field(survey_round, own_actor, coordinator):
    from measures.tests.factories import MeasureFactory

    MeasureFactory(number="1.4", action_field=action_field(1))
    MeasureFactory(number="1.10", action_field=action_field(1))
    need = NeedFactory(response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor))
    assert need_create_draft_measure(need=need, user=coordinator).number == "1.11"


# --- export, escaping, query counts -----------------------------------------------------------


def test_excel_export_has_offers_and_needs_and_defuses_formulas(
    client, survey_round, own_actor, coordinator
):
    answer = SurveyResponseFactory(survey_round=survey_round, actor=own_actor)
    OfferFactory(response=answer, what='=HYPERLINK("http://evil")', reach=12)
    NeedFactory(response=answer, what="Beratung", urgency="low")
    client.force_login(coordinator)
    response = client.get(reverse("participation:survey_export", args=[survey_round.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    offers = list(workbook["Bestand"].values)
    needs = list(workbook["Bedarf"].values)
    assert offers[0][:4] == ("Handlungsfeld", "Akteur", "Status", "Angebot")
    assert offers[1][1] == own_actor.name
    assert offers[1][3].startswith("'=")
    assert offers[1][6] == 12
    assert needs[1][3:6] == ("Beratung", "Eltern mit Kindern in der Kita", "niedrig")


def test_answers_are_html_escaped(client, survey_round, own_actor, coordinator):
    NeedFactory(
        response=SurveyResponseFactory(survey_round=survey_round, actor=own_actor),
        what="<script>alert(1)</script>",
    )
    client.force_login(coordinator)
    url = reverse(
        "participation:survey_field", kwargs={"pk": survey_round.pk, "field_pk": action_field(1).pk}
    )
    page = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _rounds(n, actor):
    for _ in range(n):
        SurveyRoundFactory(invited_actors=[actor])


@pytest.mark.parametrize("role", ["coordinator", "actor"])
def test_survey_list_queries_do_not_grow_with_rounds(
    client, django_assert_num_queries, own_actor, coordinator, actor_member, role
):
    user = coordinator if role == "coordinator" else actor_member
    client.force_login(user)
    url = reverse("participation:survey_list")
    _rounds(5, own_actor)
    client.get(url)  # warm up caches (content types, sessions)
    # session, user, groups (role cache), rounds with counts (the template's ``perms``
    # checks cost no query: non-staff users have no model permissions, concept/backends.py)
    expected = 4
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _rounds(45, own_actor)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_field_page_queries_do_not_grow_with_actors(client, django_assert_num_queries, coordinator):
    def add_actors(n):
        for _ in range(n):
            actor = ActorFactory()
            survey_round.invited_actors.add(actor)
            answer = SurveyResponseFactory(survey_round=survey_round, actor=actor)
            OfferFactory(response=answer)
            NeedFactory(response=answer)

    survey_round = SurveyRoundFactory()
    client.force_login(coordinator)
    url = reverse(
        "participation:survey_field", kwargs={"pk": survey_round.pk, "field_pk": action_field(1).pk}
    )
    add_actors(5)
    client.get(url)
    # session, user, groups, round, field, responses, offers, needs (+measure join), actors,
    # fields for the tabs
    with django_assert_num_queries(10):
        client.get(url)
    add_actors(45)
    with django_assert_num_queries(10):
        client.get(url)


def test_round_page_queries_do_not_grow_with_actors(client, django_assert_num_queries, coordinator):
    survey_round = SurveyRoundFactory()

    def add_actors(n):
        for _ in range(n):
            actor = ActorFactory()
            survey_round.invited_actors.add(actor)
            SurveyResponseFactory(survey_round=survey_round, actor=actor)

    client.force_login(coordinator)
    add_actors(5)
    client.get(survey_round.get_absolute_url())
    # session, user, groups, round, fields, actors, responses
    with django_assert_num_queries(7):
        client.get(survey_round.get_absolute_url())
    add_actors(45)
    with django_assert_num_queries(7):
        client.get(survey_round.get_absolute_url())
