"""Rendering runs as a task, stores the file with its hashes, and freezes with the paper."""

import datetime
import hashlib
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.tasks import task_backends
from django.urls import reverse
from pypdf import PdfReader

from council.models import CouncilPaper, PaperStatus, PdfState
from council.services import (
    RefusedError,
    paper_record_decision,
    paper_render_and_store,
    paper_request_rendering,
)
from council.tests.factories import ConsultationFactory, CouncilPaperFactory
from council.tests.migration_data import restore_migration_data  # noqa: F401

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _sha(paper):
    with paper.pdf_file.open("rb") as handle:
        data = handle.read()
    return data, hashlib.sha256(data).hexdigest()


@pytest.mark.django_db
def test_task_renders_and_stores_the_pdf_with_its_hash(client, coordinator):
    paper = CouncilPaperFactory(number="2026/321")
    ConsultationFactory(paper=paper)
    client.force_login(coordinator)
    response = client.post(reverse("council:paper-render", args=[paper.pk]))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.DONE
    assert paper.pdf_task_id
    data, sha = _sha(paper)
    assert sha == paper.pdf_sha256
    assert hashlib.sha512(data).hexdigest() == paper.pdf_sha512
    assert paper.pdf_size == len(data)
    assert "2026/321" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "PDF: <strong>fertig</strong>" in page
    assert reverse("council:paper-download", args=[paper.pk]) in page
    download = client.get(reverse("council:paper-download", args=[paper.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == data


@pytest.mark.django_db
def test_failed_rendering_is_shown_as_failed(monkeypatch, coordinator):
    from council.renderers import paper as renderer

    def broken(paper):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(renderer, "render", broken)
    paper = CouncilPaperFactory()
    with pytest.raises(RuntimeError):
        paper_render_and_store(paper_id=paper.pk)
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.FAILED
    assert "kaputt" in paper.pdf_error


@pytest.mark.django_db
def test_the_pdf_of_a_decided_paper_is_frozen(coordinator):
    paper = CouncilPaperFactory()
    paper_render_and_store(paper_id=paper.pk)
    paper = paper_record_decision(
        paper=CouncilPaper.objects.get(pk=paper.pk),
        user=coordinator,
        decided_on=datetime.date(2026, 7, 1),
    )
    sha = paper.pdf_sha256
    with pytest.raises(RefusedError):
        paper_request_rendering(paper=paper, user=coordinator)
    with pytest.raises(RefusedError):
        paper_render_and_store(paper_id=paper.pk)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.DECIDED
    assert paper.pdf_sha256 == sha == _sha(paper)[1]


@pytest.fixture
def database_tasks(settings):
    """Switch django.tasks to the database backend for one test."""
    settings.TASKS = DB_BACKEND
    task_backends._settings = None
    if "default" in task_backends._connections.__dict__:
        del task_backends["default"]
    yield
    settings.TASKS = django_settings.TASKS
    task_backends._settings = None
    if "default" in task_backends._connections.__dict__:
        del task_backends["default"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migration_data")
def test_a_real_db_worker_renders_a_queued_paper(database_tasks, coordinator, tmp_path, settings):
    """On PostgreSQL a real ``db_worker`` subprocess; on SQLite (in-memory test DB, which no
    other process can open) the same worker command runs in this process."""
    from django_tasks_db.models import DBTaskResult

    settings.MEDIA_ROOT = tmp_path
    paper = CouncilPaperFactory(number="2026/555")
    paper = paper_request_rendering(paper=paper, user=coordinator)
    assert paper.pdf_state == PdfState.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "laatzen_integration.settings_test_worker",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "MEDIA_ROOT": str(tmp_path),
        }
        completed = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=django_settings.BASE_DIR,
            env=env,
            timeout=120,
            capture_output=True,
            text=True,
        )
        assert completed.returncode == 0, completed.stderr[-2000:]
    else:
        from django.core.management import call_command

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.DONE, paper.pdf_error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert _sha(paper)[1] == paper.pdf_sha256


@pytest.mark.django_db
def test_failed_task_from_the_page_shows_failed_not_an_error_page(monkeypatch, client, coordinator):
    from council.renderers import paper as renderer

    monkeypatch.setattr(renderer, "render", lambda paper: 1 / 0)
    paper = CouncilPaperFactory()
    client.force_login(coordinator)
    response = client.post(reverse("council:paper-render", args=[paper.pk]), follow=True)
    assert response.status_code == 200
    assert "Das PDF konnte nicht erzeugt werden." in response.content.decode()
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.FAILED


def _renders(paper):
    """How often the paper was claimed for rendering (each claim is one history row)."""
    return paper.history.filter(pdf_state=PdfState.RUNNING).count()


@pytest.mark.django_db
def test_a_paper_being_rendered_is_not_rendered_again_at_the_same_time(coordinator):
    paper = CouncilPaperFactory()
    paper.pdf_state = PdfState.RUNNING
    paper.save()
    assert paper_render_and_store(paper_id=paper.pk) is None
    assert paper_render_and_store(paper_id=paper.pk, task_id="another-task") is None
    # A request meanwhile queues nothing: the running render is the answer.
    assert paper_request_rendering(paper=paper, user=coordinator).pdf_state == PdfState.RUNNING
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.RUNNING
    assert not paper.pdf_file


@pytest.mark.django_db
def test_a_second_delivery_of_a_served_render_request_does_nothing(coordinator):
    paper = paper_request_rendering(paper=CouncilPaperFactory(), user=coordinator)
    assert paper.pdf_state == PdfState.DONE
    sha, name = paper.pdf_sha256, paper.pdf_file.name
    assert paper_render_and_store(paper_id=paper.pk, task_id="duplicate-delivery") is None
    paper.refresh_from_db()
    assert (paper.pdf_sha256, paper.pdf_file.name, _renders(paper)) == (sha, name, 1)


@pytest.mark.django_db
def test_a_render_taken_over_after_its_worker_was_declared_lost_is_dropped(monkeypatch):
    from council.renderers import paper as renderer

    real_render = renderer.render

    def render_while_recovered(paper):
        result = real_render(paper)
        # Meanwhile recover_tasks failed this render and a new request queued another.
        CouncilPaper.objects.filter(pk=paper.pk).update(pdf_task_id="new-request")
        return result

    monkeypatch.setattr(renderer, "render", render_while_recovered)
    paper = CouncilPaperFactory()
    assert paper_render_and_store(paper_id=paper.pk) is None
    paper.refresh_from_db()
    assert not paper.pdf_file


@pytest.mark.django_db
def test_recovery_fails_a_render_whose_worker_is_gone(coordinator):
    import datetime as dt

    from core.ops.recovery import recover_lost_work
    from council.services import paper_fail_lost_renderings

    paper = CouncilPaperFactory()
    paper.pdf_state = PdfState.RUNNING
    paper.pdf_task_id = "local-killed"
    paper.save()
    # Not yet past the timeout: it may still be rendering.
    assert paper_fail_lost_renderings(older_than=dt.timedelta(hours=1)) == 0
    tasks, repaired = recover_lost_work(older_than=dt.timedelta(0))
    # other apps add their own lines (e.g. evaluation reports); ours reports the one paper
    assert ("Drucksachen-PDFs mit verlorenem Worker", 1) in repaired
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.FAILED
    assert "Worker" in paper.pdf_error
    # And the coordinator can request it again.
    assert paper_request_rendering(paper=paper, user=coordinator).pdf_state == PdfState.DONE
