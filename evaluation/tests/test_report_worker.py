"""The report PDF is rendered by a task, never in a request: requested once however often the
button is pressed, a preview while the cycle runs (outdated after later changes), the final
report once closed, failures shown with a retry, and the download serves only stored files."""

import datetime
import io
from importlib import import_module

import pytest
from django.db import connection
from django.tasks import default_task_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from pypdf import PdfReader

from evaluation import report, services
from evaluation.models import EvaluationCycle, ReportState
from evaluation.report_status import report_status
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, draft, finalise, start_cycle

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _no_render_in_a_request(*args, **kwargs):
    raise AssertionError("WeasyPrint ran in the request")


@pytest.fixture
def running(own_actor):
    MeasureFactory(number="3.4", title="Sprachcafé für Eltern", lead_actor=own_actor)
    MeasureFactory(number="4.1", title="Jobpatenschaften", lead_actor=own_actor)
    cycle = start_cycle(title="Evaluierung 2026–2027")
    finalise(cycle.assessments.order_by("measure__number").first(), ALL_REACHED)
    return cycle


@pytest.fixture
def queue_only(settings):
    """Tasks are stored, not run: what the page shows before the worker gets to them."""
    settings.TASKS = DUMMY
    default_task_backend.clear()


def _stored(cycle) -> bytes:
    with cycle.report_pdf.open("rb") as handle:
        return handle.read()


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _request(client, cycle, **kwargs):
    return client.post(reverse("evaluation:cycle_report_request", args=[cycle.pk]), **kwargs)


def _page(client, cycle) -> str:
    response = client.get(reverse("evaluation:cycle_report", args=[cycle.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _local(moment) -> str:
    moment = timezone.localtime(moment)
    return f"{formats.date_format(moment, 'd.m.Y')} um {formats.date_format(moment, 'H:i')} Uhr"


def test_the_task_renders_a_marked_preview_of_a_running_cycle(client, coordinator, running):
    client.force_login(coordinator)
    response = _request(client, running, follow=True)
    assert "Der Bericht ist erstellt." in response.content.decode()  # immediate backend
    running.refresh_from_db()
    assert running.report_state == ReportState.DONE
    assert running.report_is_preview
    assert "evaluierungsbericht-2026-2027-vorschau" in running.report_pdf.name
    data = _stored(running)
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Vorschau – vorläufiger Stand vom" in text
    assert formats.date_format(timezone.localtime(running.report_rendered_at), "d.m.Y") in text
    assert "Sprachcafé für Eltern" in text

    page = _page(client, running)
    assert f"Vorschau, Stand {_local(running.report_rendered_at)}" in page
    assert "Vorschau als PDF herunterladen" in page
    assert "Bericht als PDF erstellen" not in page  # up to date: nothing to request
    download = client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert (
        'filename="evaluierungsbericht-2026-2027-vorschau.pdf"' in (download["Content-Disposition"])
    )
    running.report_pdf.delete(save=False)


def test_requesting_only_queues_and_a_second_click_queues_nothing(
    client, coordinator, running, queue_only, monkeypatch
):
    monkeypatch.setattr(report, "render", _no_render_in_a_request)
    client.force_login(coordinator)
    page = _page(client, running)
    assert "Noch nicht erstellt" in page and "Bericht als PDF erstellen" in page

    first = _request(client, running, follow=True).content.decode()
    assert "wird im Hintergrund erstellt" in first
    second = _request(client, running, follow=True).content.decode()
    assert "wird bereits erstellt" in second
    (task,) = default_task_backend.results
    assert (task.task.name, task.args) == ("render_cycle_report", [running.pk])
    running.refresh_from_db()
    assert running.report_state == ReportState.QUEUED
    assert running.report_task_id == task.id
    # one request in the history (then the task id noted), not two
    assert running.history.filter(report_state=ReportState.QUEUED, report_task_id="").count() == 1

    page = _page(client, running)
    assert "In Vorbereitung" in page and "Stand aktualisieren" in page
    assert "Bericht als PDF erstellen" not in page
    # the download leads to the page that says it is being prepared
    download = client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk]))
    assert download.status_code == 302
    assert download["Location"] == reverse("evaluation:cycle_report", args=[running.pk]) + "#pdf"


def test_the_worker_renders_what_was_queued_once(coordinator, running, queue_only):
    request = services.cycle_report_request(cycle=running, user=coordinator)
    assert request.queued
    (task,) = default_task_backend.results
    cycle = services.cycle_report_render(cycle_id=running.pk, task_id=task.id)
    assert cycle.report_state == ReportState.DONE
    assert _stored(cycle).startswith(b"%PDF")
    # a second delivery of the same task, or another request, renders nothing more
    assert services.cycle_report_render(cycle_id=running.pk, task_id=task.id) is None
    assert not services.cycle_report_request(cycle=running, user=coordinator).queued
    assert len(default_task_backend.results) == 1
    assert cycle.history.filter(report_state=ReportState.RUNNING).count() == 1
    cycle.report_pdf.delete(save=False)


def test_a_preview_made_before_a_change_is_outdated_and_rendered_anew(
    client, coordinator, actor_member, running, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    _request(client, running)
    running.refresh_from_db()
    first_name, first_at = running.report_pdf.name, running.report_rendered_at
    assert not report_status(running).outdated

    open_one = running.assessments.get(measure__number="4.1")
    draft(open_one, {"K1": "erreicht"}, user=actor_member, remarks="später geändert")
    running.refresh_from_db()
    status = report_status(running)
    assert status.outdated and status.needs_render
    page = _page(client, running)
    assert "Veraltet:" in page and "Vorschau neu erstellen" in page
    assert "Vorschau als PDF herunterladen" in page  # the old one stays available meanwhile

    with django_capture_on_commit_callbacks(execute=True):  # the old file goes on commit
        _request(client, running)
    running.refresh_from_db()
    assert running.report_rendered_at > first_at
    assert running.report_pdf.name != first_name
    assert not running.report_pdf.storage.exists(first_name)  # replaced, not piled up
    assert not report_status(running).outdated
    assert "Veraltet:" not in _page(client, running)
    running.report_pdf.delete(save=False)


def test_closing_the_cycle_drops_a_preview_being_rendered_and_queues_the_final_report(
    coordinator, running, queue_only, monkeypatch
):
    services.cycle_report_request(cycle=running, user=coordinator)
    (preview_task,) = default_task_backend.results
    real_render = report.render

    def render_while_the_cycle_closes(cycle, **kwargs):
        rendered = real_render(cycle, **kwargs)
        services.cycle_close(cycle=cycle, user=coordinator, close_open=True)
        return rendered

    monkeypatch.setattr(report, "render", render_while_the_cycle_closes)
    assert services.cycle_report_render(cycle_id=running.pk, task_id=preview_task.id) is None
    running.refresh_from_db()
    assert running.is_closed
    assert (running.report_state, bool(running.report_pdf)) == (ReportState.QUEUED, False)

    monkeypatch.setattr(report, "render", real_render)
    cycle = services.cycle_report_render(cycle_id=running.pk, task_id="final-task")
    assert (cycle.report_state, cycle.report_is_preview) == (ReportState.DONE, False)
    assert "Vorschau" not in _text(_stored(cycle))
    cycle.report_pdf.delete(save=False)


def test_closing_replaces_a_stored_preview_with_the_final_report(
    client, coordinator, council, running, django_capture_on_commit_callbacks
):
    services.cycle_report_request(cycle=running, user=coordinator)
    running.refresh_from_db()
    preview_name = running.report_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_close(cycle=running, user=coordinator, close_open=True)
    running.refresh_from_db()
    assert (running.report_state, running.report_is_preview) == (ReportState.DONE, False)
    assert not running.report_pdf.storage.exists(preview_name)
    client.force_login(council)
    download = client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk]))
    assert 'filename="evaluierungsbericht-2026-2027.pdf"' in download["Content-Disposition"]
    assert "Vorschau" not in _text(b"".join(download.streaming_content))
    # the final report is frozen: a request renders nothing
    assert not services.cycle_report_request(cycle=running, user=coordinator).queued
    running.report_pdf.delete(save=False)


def test_a_closed_cycle_never_serves_a_preview(client, coordinator, running, queue_only):
    running.report_pdf.name = "evaluation/reports/alte-vorschau.pdf"
    running.report_is_preview = True
    running.report_state = ReportState.DONE
    running.save()
    services.cycle_close(cycle=running, user=coordinator, close_open=True)
    client.force_login(coordinator)
    download = client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk]))
    assert download.status_code == 302
    assert "In Vorbereitung" in _page(client, running)


def test_a_failed_rendering_says_so_and_can_be_retried(client, coordinator, running, monkeypatch):
    def broken(cycle, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(report, "render", broken)
    client.force_login(coordinator)
    response = _request(client, running, follow=True)
    assert response.status_code == 200
    assert "Der Bericht konnte nicht erstellt werden." in response.content.decode()
    running.refresh_from_db()
    assert running.report_state == ReportState.FAILED
    assert "kaputt" in running.report_error
    assert "Erneut versuchen" in _page(client, running)

    monkeypatch.undo()
    _request(client, running)
    running.refresh_from_db()
    assert running.report_state == ReportState.DONE
    assert running.report_error == ""
    running.report_pdf.delete(save=False)


def test_a_queued_report_whose_task_the_queue_lost_can_be_requested_again(
    client, coordinator, running, queue_only
):
    services.cycle_report_request(cycle=running, user=coordinator)
    default_task_backend.clear()  # the queue forgot it (e.g. Redis was flushed)
    client.force_login(coordinator)
    page = _page(client, running)
    assert "Der Hintergrunddienst hat die Erstellung nicht beendet." in page
    assert "Erneut versuchen" in page
    assert services.cycle_report_request(cycle=running, user=coordinator).queued
    assert len(default_task_backend.results) == 1


def test_recover_tasks_fails_a_rendering_lost_with_its_worker(coordinator, running, queue_only):
    from core.ops.recovery import recover_lost_work

    services.cycle_report_request(cycle=running, user=coordinator)
    assert services.cycle_report_fail_lost(older_than=datetime.timedelta(hours=1)) == 0
    cycle = EvaluationCycle.objects.get(pk=running.pk)
    cycle.report_state = ReportState.RUNNING
    cycle.report_task_id = "local-worker-killed"
    cycle.save()
    assert services.cycle_report_fail_lost(older_than=datetime.timedelta(hours=1)) == 0
    _tasks, repaired = recover_lost_work(older_than=datetime.timedelta(0))
    assert ("Evaluierungsberichte mit verlorenem Worker", 1) in repaired
    cycle.refresh_from_db()
    assert cycle.report_state == ReportState.FAILED
    assert "erneut erstellen" in cycle.report_error


@pytest.mark.parametrize("closed", [False, True])
def test_no_page_and_no_download_renders_in_the_request(
    client, coordinator, running, monkeypatch, closed
):
    if closed:
        services.cycle_close(cycle=running, user=coordinator, close_open=True)
    monkeypatch.setattr(report, "render", _no_render_in_a_request)
    client.force_login(coordinator)
    for name in ("cycle_detail", "cycle_results", "cycle_report"):
        assert client.get(reverse(f"evaluation:{name}", args=[running.pk])).status_code == 200
    assert client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk])).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("council", 200), ("actor_member", 403), ("other_member", 403)],
)
def test_the_stored_final_report_is_served_to_whoever_sees_the_results(
    client, request, running, role, status, monkeypatch
):
    services.cycle_close(cycle=running, user=None, close_open=True)
    services.cycle_report_render(cycle_id=running.pk)
    running.refresh_from_db()
    monkeypatch.setattr(report, "render", _no_render_in_a_request)
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("evaluation:cycle_report_pdf", args=[running.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    running.report_pdf.delete(save=False)


def test_council_may_have_a_missing_final_report_rendered_but_not_a_preview(
    client, council, running, queue_only
):
    client.force_login(council)
    # a running cycle does not exist for the council
    assert _request(client, running).status_code == 404
    services.cycle_close(cycle=running, user=None, close_open=True)
    page = _page(client, running)
    assert "In Vorbereitung" in page  # queued by the close
    assert "Bericht als PDF erstellen" not in page
    assert _request(client, running).status_code == 302
    assert default_task_backend.results == []  # pending: nothing queued again


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_report_page_costs_one_more_query_for_a_preview_whatever_its_size(
    client, coordinator, running, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("evaluation:cycle_report", args=[running.pk])
    without = _queries(client, url)
    services.cycle_report_request(cycle=running, user=coordinator)
    # the preview's "outdated" check: the latest change of the cycle's assessments
    small = _queries(client, url)
    assert small == without + 1
    MeasureFactory.create_batch(12, start_date=datetime.date(2026, 1, 1))
    assert len(services.cycle_add_missing_measures(cycle=running, user=coordinator)) == 12
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_report_request(cycle=running, user=coordinator)
    running.refresh_from_db()
    assert running.report_state == ReportState.DONE
    assert _queries(client, url) == small
    running.report_pdf.delete(save=False)


def test_the_migration_marks_reports_stored_before_it_as_done(running, coordinator):
    from django.db.migrations.executor import MigrationExecutor

    apps = (
        MigrationExecutor(connection).loader.project_state(("evaluation", "0005_report_state")).apps
    )
    migration = import_module("evaluation.migrations.0005_report_state")
    services.cycle_close(cycle=running, user=coordinator, close_open=True)
    cycle = EvaluationCycle.objects.get(pk=running.pk)
    cycle.report_pdf.name = "evaluation/reports/evaluierungsbericht-2026-2027.pdf"
    cycle.report_state = ReportState.NONE
    cycle.save()
    before = cycle.history.count()
    migration.mark_stored_reports_done(apps, None)
    cycle.refresh_from_db()
    assert (cycle.report_state, cycle.report_is_preview) == (ReportState.DONE, False)
    assert cycle.history.count() == before + 1
    assert cycle.history.first().report_state == ReportState.DONE


@pytest.mark.django_db(transaction=True)
def test_a_db_worker_renders_the_queued_report(client, coordinator, settings, tmp_path):
    """With the production backend the request only stores the task; ``db_worker`` renders."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_BACKEND
    settings.MEDIA_ROOT = tmp_path
    MeasureFactory(number="3.4", title="Sprachcafé für Eltern")
    cycle = start_cycle(title="Evaluierung 2026–2027")
    client.force_login(coordinator)
    _request(client, cycle)
    _request(client, cycle)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    cycle.refresh_from_db()
    assert cycle.report_state == ReportState.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    cycle.refresh_from_db()
    assert cycle.report_state == ReportState.DONE, cycle.report_error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert _stored(cycle).startswith(b"%PDF")
