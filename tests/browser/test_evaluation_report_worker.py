"""The report PDF in the browser: requested on the page, prepared by the worker (a real
``db_worker`` run), shown as in preparation meanwhile, then downloadable; the page follows the
rendering by itself (static/js/pdf-state.js polls and reloads it), also when it fails or its
task is lost; every state accessible (axe)."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import UserFactory
from evaluation.models import EvaluationCycle, ReportState
from evaluation.tests.factories import start_cycle
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="module", autouse=True)
def _restore_migration_data(django_db_blocker):
    """live_server's flush deletes the action fields of a data migration; put them back."""
    yield
    with django_db_blocker.unblock():
        seed = import_module("concept.migrations.0002_action_fields_and_roles")
        seed.create(django_apps, None)


@pytest.fixture
def cycle(transactional_db, settings, tmp_path):
    """A running cycle of one measure, its coordinator, and the database task queue."""
    settings.TASKS = DB_BACKEND
    settings.MEDIA_ROOT = tmp_path
    UserFactory(username="koordination-pdf", role=roles.COORDINATOR, is_staff=True)
    MeasureFactory(number="3.1", title="Sprachcafé für Eltern")
    return start_cycle(title="Evaluierung 2026–2027")


def test_coordinator_requests_the_report_and_downloads_it_once_the_worker_is_done(page, cycle):
    login(page, "koordination-pdf")
    page.goto(page.base_url + reverse("evaluation:cycle_detail", args=[cycle.pk]))
    page.get_by_role("link", name="Bericht als PDF").click()
    state = page.locator("#pdf-state")
    expect(state).to_contain_text("Noch nicht erstellt")
    assert_accessible(page)

    request = page.get_by_role("button", name="Bericht als PDF erstellen")
    request.click()
    expect(state).to_contain_text("In Vorbereitung")
    expect(page.locator(".messages")).to_contain_text("im Hintergrund erstellt")
    expect(request).to_have_count(0)  # nothing to press twice while it is pending
    assert_accessible(page)
    download = reverse("evaluation:cycle_report_pdf", args=[cycle.pk])
    assert page.request.get(page.base_url + download, max_redirects=0).status == 302

    # Without JavaScript the user reloads by hand; with it, the page does so by itself.
    expect(page.get_by_role("link", name="Stand aktualisieren (Seite neu laden)")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert EvaluationCycle.objects.get(pk=cycle.pk).report_state == ReportState.DONE

    expect(state).to_contain_text("Fertig: Vorschau, Stand")  # no reload, no click
    expect(state).to_be_focused()  # the focus is at the news, not at the top of the page
    link = page.get_by_role("link", name="Vorschau als PDF herunterladen")
    expect(link).to_be_visible()
    assert_accessible(page)
    response = page.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


def _broken_render(cycle, **kwargs):
    raise RuntimeError("kaputt")


@pytest.mark.parametrize("ending", ["failed", "lost"])
def test_the_page_shows_by_itself_that_the_report_could_not_be_made(
    page, cycle, monkeypatch, ending
):
    from django_tasks_db.models import DBTaskResult

    from evaluation import report

    login(page, "koordination-pdf")
    page.goto(page.base_url + reverse("evaluation:cycle_report", args=[cycle.pk]))
    page.get_by_role("button", name="Bericht als PDF erstellen").click()
    state = page.locator("#pdf-state")
    expect(state).to_contain_text("In Vorbereitung")

    if ending == "failed":  # the worker's rendering raises
        monkeypatch.setattr(report, "render", _broken_render)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        assert EvaluationCycle.objects.get(pk=cycle.pk).report_state == ReportState.FAILED
    else:  # the queue forgot the task; the report stays marked as queued
        DBTaskResult.objects.all().delete()

    expect(state).to_contain_text("Der Bericht konnte nicht erstellt werden.")
    expect(page.get_by_role("button", name="Erneut versuchen")).to_be_visible()
    assert_accessible(page)
