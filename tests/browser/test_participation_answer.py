"""The answer form in the browser: error summary gets the focus, pages with errors pass axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory, action_field
from participation.models import ResponseStatus, SurveyResponse
from participation.tests.factories import SurveyRoundFactory

from .conftest import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def answer_page(page, transactional_db):
    actor = ActorFactory(name="Stadtteiltreff Rethen")
    MembershipFactory(actor=actor, user__username="treff")
    survey_round = SurveyRoundFactory(invited_actors=[actor], action_fields=[action_field(2)])
    login(page, "treff")
    url = reverse(
        "participation:survey_answer",
        kwargs={"pk": survey_round.pk, "actor_pk": actor.pk, "field_pk": action_field(2).pk},
    )
    page.goto(f"{page.base_url}{url}")
    return page


def test_empty_answer_needs_confirmation_and_errors_are_focused_and_accessible(answer_page):
    page = answer_page
    assert_accessible(page)
    page.get_by_role("button", name="Endgültig absenden").click()
    summary = page.get_by_role("alert").filter(has_text="Es wurde nichts gespeichert")
    expect(summary).to_be_focused()
    assert not SurveyResponse.objects.exists()
    assert_accessible(page)
    summary.get_by_role("link", name="weder Angebote noch Bedarfe").click()
    expect(page.get_by_role("checkbox", name="weder Angebote noch Bedarfe")).to_be_in_viewport()

    page.get_by_role("group", name="Angebot 1").get_by_label("für wen").fill("Senioren")
    # the form posts to its path, not to the fragment the link left in the address
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("alert").filter(has_text="Angebot 1, Angebot")).to_be_focused()
    assert_accessible(page)

    page.get_by_role("group", name="Angebot 1").get_by_label("für wen").fill("")
    page.get_by_role("checkbox", name="weder Angebote noch Bedarfe").check()
    page.get_by_role("button", name="Endgültig absenden").click()
    expect(page.get_by_role("status").filter(has_text="abgesendet")).to_be_visible()
    assert SurveyResponse.objects.get().status == ResponseStatus.SUBMITTED


def test_planning_forms_with_errors_are_accessible(page, transactional_db):
    UserFactory(username="koordination-p", role=roles.COORDINATOR)
    login(page, "koordination-p")
    for path in ("/beteiligung/abfragen/neu/", "/beteiligung/konferenzen/neu/"):
        page.goto(f"{page.base_url}{path}")
        page.get_by_role("button", name="Speichern").click()
        expect(page.get_by_role("alert").filter(has_text="nichts gespeichert")).to_be_focused()
        assert_accessible(page)
