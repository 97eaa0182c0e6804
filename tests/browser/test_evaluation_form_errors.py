"""The evaluation's forms when something goes wrong: validation errors, another person saving
meanwhile, a cycle locking the matrix meanwhile. Every such page keeps what was typed, moves the
focus to the explanation, passes axe-core (WCAG 2.1 A/AA), and the rating widgets work with
the keyboard alone."""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from evaluation import services
from evaluation.models import Assessment, Criterion, EvaluationMatrix
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login
from .test_journeys import focused, keyboard_login, tab_to


@pytest.fixture(scope="module", autouse=True)
def _restore_migration_data(django_db_blocker):
    """live_server's flush deletes the action fields of a data migration; put them back."""
    yield
    with django_db_blocker.unblock():
        seed = import_module("concept.migrations.0002_action_fields_and_roles")
        seed.create(django_apps, None)


@pytest.fixture
def keyboard_page(page):
    page.emulate_media(reduced_motion="reduce")
    return page


def _start_cycle(matrix):
    return services.cycle_start(
        title="Evaluierung 2026–2027",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        matrix=matrix,
        due_date=datetime.date(2028, 3, 31),
    )


def test_matrix_form_conflict_error_and_lock_keep_the_input_and_are_accessible(page, db):
    UserFactory(username="koordination-m", role=roles.COORDINATOR)
    colleague = UserFactory(username="kollegin-m", role=roles.COORDINATOR)
    MeasureFactory(number="3.1")
    matrix = services.matrix_create_default()
    k1 = matrix.criteria.get(code="K1")
    login(page, "koordination-m")
    page.goto(f"{page.base_url}/evaluierung/matrizen/{matrix.pk}/bearbeiten/")
    weight = page.locator(f"#id_criteria-{_index(matrix, 'K1')}-weight")
    weight.fill("0")

    # a colleague saves meanwhile
    k2 = Criterion.objects.get(matrix=matrix, code="K2")
    k2.title = "Umsetzung und Termine"
    k2._history_user = colleague
    k2.save()
    page.get_by_role("button", name="Speichern").click()
    refused = page.locator(".error-summary").first
    expect(refused).to_be_focused()
    expect(refused).to_contain_text("jemand anderes hat diese Matrix inzwischen geändert")
    expect(refused).to_contain_text("Kriterium „K2“: Kriterium geändert")
    expect(weight).to_have_value("0")  # mine
    k2_title = page.locator(f"#id_criteria-{_index(matrix, 'K2')}-title")
    expect(k2_title).to_have_value("Umsetzung und Termine")  # theirs
    assert_accessible(page)

    # saving again: my invalid weight is now a validation error, linked to its field
    page.get_by_role("button", name="Speichern").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("Gewicht: Das Gewicht muss größer als 0"))
    assert_accessible(page)
    link.click()
    expect(weight).to_be_focused()
    weight.fill("35")

    # a cycle starts with this matrix before I save
    _start_cycle(matrix)
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".error-summary").first).to_contain_text("inzwischen gesperrt")
    expect(weight).to_have_value("35")
    assert_accessible(page)
    page.get_by_role("button", name="Als neue Version speichern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2")
    copy = EvaluationMatrix.objects.get(name=matrix.name, version=2)
    assert copy.criteria.get(code="K1").weight == 35
    assert copy.criteria.get(code="K2").title == "Umsetzung und Termine"
    assert Criterion.objects.get(pk=k1.pk).weight == 30  # the locked one is untouched
    assert_accessible(page)


def _index(matrix, code) -> int:
    """The position of a criterion in the form (ordered like the inline formset)."""
    return [c.code for c in matrix.criteria.all()].index(code)


def test_self_assessment_with_the_keyboard_through_an_error_and_a_conflict(keyboard_page, db):
    page = keyboard_page
    vhs = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MembershipFactory(actor=vhs, user__username="akteur-k")
    coordinator = UserFactory(username="koordination-k", role=roles.COORDINATOR)
    MeasureFactory(number="3.1", title="Sprachcafé für Eltern", lead_actor=vhs)
    cycle = _start_cycle(services.matrix_create_default())
    assessment = cycle.assessments.get()
    criteria = {c.code: c.pk for c in cycle.matrix.criteria.all()}
    levels = {level.label: level.pk for level in cycle.matrix.levels.all()}

    keyboard_login(page, "akteur-k")
    page.goto(f"{page.base_url}/evaluierung/bewertungen/{assessment.pk}/bearbeiten/")
    # the rating widget: type-ahead picks a level, the arrow keys move between levels
    tab_to(page, "Stufe K1")
    page.keyboard.type("teil")
    assert focused(page)["id"] == f"id_level_{criteria['K1']}"
    page.keyboard.press("ArrowUp")
    level_k1 = page.locator(f"#id_level_{criteria['K1']}")
    expect(level_k1).to_have_value(str(levels["überwiegend erreicht"]))
    tab_to(page, "Begründung K1")
    page.keyboard.type("45 von 50 Teilnehmerinnen mit B1.")
    tab_to(page, "Indikatorwert zum Bewertungszeitpunkt")
    page.keyboard.type("viele")
    tab_to(page, "Als Entwurf speichern")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(level_k1).to_have_value(str(levels["überwiegend erreicht"]))
    expect(page.locator(f"#id_justification_{criteria['K1']}")).to_have_value(
        "45 von 50 Teilnehmerinnen mit B1."
    )
    assert_accessible(page)
    tab_to(page, name="")  # the first link of the summary
    assert focused(page)["label"].startswith("Indikatorwert")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_indicator_value"
    page.keyboard.press("Control+A")
    page.keyboard.type("45")

    # the coordinator saves meanwhile
    services.assessment_save_draft(
        assessment=Assessment.objects.get(pk=assessment.pk),
        user=coordinator,
        ratings={},
        indicator_value=None,
        recommendation="",
        remarks="Bitte K3 ergänzen",
    )
    tab_to(page, "Als Entwurf speichern")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    conflict = page.locator(".error-summary").first
    expect(conflict).to_be_focused()
    expect(conflict).to_contain_text("jemand anderes hat diese Bewertung inzwischen geändert")
    expect(level_k1).to_have_value(str(levels["überwiegend erreicht"]))
    expect(page.get_by_label("Bemerkungen")).to_have_value("Bitte K3 ergänzen")
    assert_accessible(page)
    tab_to(page, "Als Entwurf speichern")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Der Entwurf ist gespeichert.")
    score = assessment.scores.get(criterion_id=criteria["K1"])
    assert score.level_id == levels["überwiegend erreicht"]
    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.indicator_value, saved.remarks) == (45, "Bitte K3 ergänzen")


def test_incomplete_final_assessment_links_every_missing_level(page, db):
    UserFactory(username="koordination-f", role=roles.COORDINATOR)
    MeasureFactory(number="3.1")
    cycle = _start_cycle(services.matrix_create_default())
    assessment = cycle.assessments.get()
    k4 = cycle.matrix.criteria.get(code="K4")
    login(page, "koordination-f")
    page.goto(f"{page.base_url}/evaluierung/bewertungen/{assessment.pk}/bearbeiten/")
    page.get_by_label("Stufe K1").select_option(label="erreicht (3)")
    page.get_by_role("button", name="Abschließend bewerten").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Stufe K"))).to_have_count(5)
    expect(summary.get_by_role("link", name=re.compile("^Empfehlung"))).to_have_count(1)
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("^Stufe K4")).click()
    expect(page.locator(f"#id_level_{k4.pk}")).to_be_focused()
    expect(page.get_by_label("Stufe K1")).to_have_value(
        str(cycle.matrix.levels.get(label="erreicht").pk)
    )
