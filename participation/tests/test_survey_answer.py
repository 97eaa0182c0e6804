"""The answer form: an empty answer is sent only on purpose, and the form is accessible."""

import pytest
import tinyhtml5
from django.core.exceptions import ValidationError

from participation.models import ResponseStatus, SurveyResponse
from participation.services import survey_response_save

from .factories import OfferFactory, SurveyResponseFactory, SurveyRoundFactory
from .test_survey import answer_url, form_data

NOTHING = "Wir haben in diesem Handlungsfeld weder Angebote noch Bedarfe."


@pytest.fixture
def survey_round(own_actor, other_actor):
    return SurveyRoundFactory(invited_actors=[own_actor, other_actor])


def parse(response):
    return tinyhtml5.parse(response.content.decode(), namespace_html_elements=False)


def text(element):
    return " ".join("".join(element.itertext()).split())


def with_extra_rows(data):
    """The two empty rows per list the page offers, as a browser sends them."""
    for prefix in ("offers", "needs"):
        start = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = str(start + 2)
        for i in range(start, start + 2):
            data[f"{prefix}-{i}-what"] = ""
            if prefix == "needs":
                data[f"{prefix}-{i}-urgency"] = "medium"
    return data


# --- an empty answer ---------------------------------------------------------------------------


def test_empty_answer_is_not_sent_without_confirmation(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    response = client.post(
        answer_url(survey_round, own_actor), with_extra_rows(form_data(action="submit"))
    )
    assert response.status_code == 200
    assert not SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).exists()
    summary = parse(response).find(".//div[@role='alert']")
    assert "Es wurde nichts gespeichert und nichts abgesendet" in text(summary)
    link = summary.find(".//a[@href='#id_nothing_to_report']")
    assert "weder Angebote noch Bedarfe" in text(link)


def test_empty_answer_is_sent_when_the_actor_confirms_there_is_nothing(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    data = with_extra_rows(form_data(action="submit"))
    data["nothing_to_report"] = "on"
    response = client.post(answer_url(survey_round, own_actor), data)
    assert response.status_code == 302
    answer = SurveyResponse.objects.get(survey_round=survey_round, actor=own_actor)
    assert answer.status == ResponseStatus.SUBMITTED
    assert not answer.offers.exists() and not answer.needs.exists()


def test_empty_draft_may_be_saved(client, survey_round, own_actor, actor_member):
    client.force_login(actor_member)
    response = client.post(answer_url(survey_round, own_actor), with_extra_rows(form_data()))
    assert response.status_code == 302
    assert SurveyResponse.objects.get().status == ResponseStatus.DRAFT


def test_sending_a_draft_after_deleting_its_last_row_needs_the_confirmation(
    client, survey_round, own_actor, actor_member
):
    answer = SurveyResponseFactory(
        survey_round=survey_round, actor=own_actor, status=ResponseStatus.DRAFT
    )
    offer = OfferFactory(response=answer)
    data = form_data(action="submit")
    data.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "1",
            "offers-0-id": offer.pk,
            "offers-0-what": offer.what,
            "offers-0-DELETE": "on",
        }
    )
    client.force_login(actor_member)
    response = client.post(answer_url(survey_round, own_actor), data)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.DRAFT
    assert answer.offers.get() == offer  # nothing saved


def test_service_refuses_an_empty_answer_without_confirmation(
    survey_round, own_actor, action_field_1, actor_member
):
    arguments = {
        "survey_round": survey_round,
        "actor": own_actor,
        "action_field": action_field_1,
        "user": actor_member,
        "comment": "",
        "offers": [],
        "needs": [],
        "submit": True,
    }
    with pytest.raises(ValidationError) as refusal:
        survey_response_save(**arguments)
    assert "nothing_to_report" in refusal.value.message_dict
    assert not SurveyResponse.objects.exists()
    answer = survey_response_save(**arguments, nothing_to_report=True)
    assert answer.status == ResponseStatus.SUBMITTED


@pytest.fixture
def action_field_1(db):
    from concept.tests.factories import action_field

    return action_field(1)


# --- sending is final and looks it -------------------------------------------------------------


def test_page_says_that_sending_is_final_and_keeps_the_two_buttons_apart(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    page = parse(client.get(answer_url(survey_round, own_actor)))
    form = page.find(".//form[@novalidate]")
    draft = form.find(".//button[@name='draft']")
    assert text(draft) == "Entwurf speichern"
    submit_section = form.find(".//section[@aria-labelledby='submit-heading']")
    assert text(submit_section.find(".//h2")) == "Antwort endgültig absenden"
    submit = submit_section.find(".//button[@name='submit']")
    assert text(submit) == "Endgültig absenden"
    assert submit.get("class") != draft.get("class")
    consequences = submit_section.find(".//p[@id='submit-consequences']")
    assert submit.get("aria-describedby") == "submit-consequences"
    assert "nicht mehr ändern" in text(consequences)
    assert submit_section.find(".//input[@name='nothing_to_report']") is not None
    assert NOTHING in text(submit_section)
    assert submit_section.find(".//button[@name='draft']") is None


# --- accessibility of the form -----------------------------------------------------------------


def test_error_summary_lists_row_errors_with_links_to_the_fields(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    data = form_data(
        offers=[("Hausaufgabenhilfe", "", "", "viele")], needs=[("", "Eltern", "high")]
    )
    response = client.post(answer_url(survey_round, own_actor), data)
    assert response.status_code == 200
    summary = parse(response).find(".//div[@role='alert']")
    assert "error-summary" in summary.get("class") and summary.get("tabindex") == "-1"
    assert "Es wurde nichts gespeichert" in text(summary)
    links = {a.get("href"): text(a) for a in summary.iter("a")}
    assert links["#id_offers-0-reach"].startswith("Angebot 1, Reichweite (Personen pro Jahr):")
    assert links["#id_needs-0-what"] == (
        "Bedarf 1, Was fehlt: Bitte nennen Sie, was fehlt – oder leeren Sie die Zeile."
    )
    assert not SurveyResponse.objects.exists()


def test_rows_are_fieldsets_and_the_two_parts_are_headings(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    page = parse(client.get(answer_url(survey_round, own_actor)))
    form = page.find(".//form[@novalidate]")
    legends = [text(legend) for legend in form.iterfind(".//fieldset/legend")]
    assert legends[:4] == ["Angebot 1", "Angebot 2", "Bedarf 1", "Bedarf 2"]
    headings = [text(h) for h in form.iter("h2")]
    assert headings[:2] == ["Bestand: Was gibt es schon?", "Bedarf: Was brauchen wir noch?"]
    assert all("h2" not in (legend.get("class") or "") for legend in form.iter("legend"))


def test_empty_extra_rows_are_not_marked_required_but_existing_rows_are(
    client, survey_round, own_actor, actor_member
):
    answer = SurveyResponseFactory(
        survey_round=survey_round, actor=own_actor, status=ResponseStatus.DRAFT
    )
    OfferFactory(response=answer)
    client.force_login(actor_member)
    page = parse(client.get(answer_url(survey_round, own_actor)))
    rows = {
        text(f.find("legend")): f
        for f in page.iter("fieldset")
        if f.find("legend") is not None and f.find("legend").get("class", "").startswith("h6")
    }
    assert rows["Angebot 1"].find(".//span[@class='asteriskField']") is not None
    for extra in ("Angebot 2", "Angebot 3", "Bedarf 1", "Bedarf 2"):
        assert rows[extra].find(".//span[@class='asteriskField']") is None, extra


def test_a_started_extra_row_still_needs_its_description(
    client, survey_round, own_actor, actor_member
):
    client.force_login(actor_member)
    data = with_extra_rows(form_data(offers=[("", "Senioren", "monatlich", "")]))
    response = client.post(answer_url(survey_round, own_actor), data)
    assert response.status_code == 200
    assert "Bitte nennen Sie das Angebot – oder leeren Sie die Zeile." in response.content.decode()
    assert not SurveyResponse.objects.exists()
