"""The render protocol shared by council papers and evaluation reports
(``core/render_jobs.py``), on a job over council papers with a stand-in task."""

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils.translation import gettext_lazy
from django_tasks.exceptions import TaskResultDoesNotExist as BackportDoesNotExist

from core.render_jobs import RenderJob
from council.models import CouncilPaper, PdfState
from council.tests.factories import CouncilPaperFactory

pytestmark = pytest.mark.django_db


class StandInTask:
    """Answers ``get_result`` from ``statuses``; ``None`` there: the backend keeps no results."""

    statuses: dict | None = {}
    unknown: type[Exception] = TaskResultDoesNotExist

    def get_result(self, task_id):
        if self.statuses is None:
            raise NotImplementedError
        if task_id not in self.statuses:
            raise self.unknown(task_id)
        return SimpleNamespace(status=self.statuses[task_id])


TASK = StandInTask()

JOB = RenderJob(
    model=CouncilPaper,
    states=PdfState,
    state_field="pdf_state",
    task_id_field="pdf_task_id",
    error_field="pdf_error",
    file_field="pdf_file",
    task=f"{__name__}.TASK",
    lost_message=gettext_lazy("Verloren; bitte erneut erzeugen."),
    describe=lambda paper: f"paper {paper.number}",
)


@pytest.fixture(autouse=True)
def task_results(monkeypatch):
    statuses = {}
    monkeypatch.setattr(TASK, "statuses", statuses)
    return statuses


def _paper(state=PdfState.QUEUED, task_id=""):
    paper = CouncilPaperFactory()
    paper.pdf_state = state
    paper.pdf_task_id = task_id
    paper.save()
    return paper


def _state(paper):
    paper.refresh_from_db()
    return paper.pdf_state, paper.pdf_task_id, paper.pdf_error


def test_a_queued_row_is_claimed_once_with_the_task_id_as_token():
    paper = _paper()
    claim = JOB.claim(paper.pk, "task-1")
    assert claim.token == "task-1"
    assert _state(paper) == (PdfState.RUNNING, "task-1", "")
    assert JOB.claim(paper.pk, "task-1") is None  # a second delivery
    assert JOB.claim(paper.pk, None) is None  # running: another worker renders it
    assert paper.history.filter(pdf_state=PdfState.RUNNING).count() == 1


@pytest.mark.parametrize("state", [PdfState.NONE, PdfState.DONE, PdfState.FAILED])
def test_a_task_claims_only_a_queued_row_and_a_local_render_only_where_the_job_allows(state):
    paper = _paper(state)
    assert JOB.claim(paper.pk, "task-1") is None
    assert JOB.claim(paper.pk, None) is None
    assert _state(paper)[0] == state
    on_demand = dataclasses.replace(JOB, local_claims_any_state=True)
    assert on_demand.claim(paper.pk, "task-1") is None
    claim = on_demand.claim(paper.pk, None)
    assert claim.token.startswith("local-")
    assert _state(paper)[:2] == (PdfState.RUNNING, claim.token)


def test_a_refused_row_is_neither_claimed_nor_stored():
    def refuse(paper):
        if paper.title == "eingefroren":
            raise PermissionError("frozen")

    job = dataclasses.replace(JOB, refuse=refuse)
    paper = _paper()
    claim = job.claim(paper.pk, "task-1")
    CouncilPaper.objects.filter(pk=paper.pk).update(title="eingefroren")
    with pytest.raises(PermissionError):
        job.store(claim, "a.pdf", b"%PDF-1", update=lambda row: None)
    with pytest.raises(PermissionError):
        job.claim(paper.pk, "task-2")
    assert _state(paper)[:2] == (PdfState.RUNNING, "task-1")


def test_the_result_is_stored_while_the_claim_holds_and_the_old_file_goes_after_commit(
    django_capture_on_commit_callbacks,
):
    paper = _paper()
    first = JOB.store(JOB.claim(paper.pk, "task-1"), "a.pdf", b"%PDF-1", update=lambda row: None)
    old_name, storage = first.pdf_file.name, first.pdf_file.storage
    CouncilPaper.objects.filter(pk=paper.pk).update(pdf_state=PdfState.QUEUED)
    claim = JOB.claim(paper.pk, "task-2")

    def update(row):
        row.pdf_size = 6

    with django_capture_on_commit_callbacks(execute=True):
        stored = JOB.store(claim, "b.pdf", b"%PDF-2", update=update)
    paper.refresh_from_db()
    assert (paper.pdf_state, paper.pdf_error, paper.pdf_size) == (PdfState.DONE, "", 6)
    assert paper.pdf_file.name == stored.pdf_file.name != old_name
    assert paper.pdf_file.read() == b"%PDF-2"
    assert not storage.exists(old_name)
    paper.pdf_file.delete(save=False)


@pytest.mark.parametrize("lose", ["taken_over", "not_kept"])
def test_a_result_whose_claim_was_taken_over_or_not_kept_is_dropped(lose):
    paper = _paper()
    claim = JOB.claim(paper.pk, "task-1")
    if lose == "taken_over":  # recover_tasks failed it, a new request queued another
        CouncilPaper.objects.filter(pk=paper.pk).update(pdf_task_id="task-2")
    stored = JOB.store(
        claim, "a.pdf", b"%PDF", update=lambda row: None, keep=lambda row: lose != "not_kept"
    )
    assert stored is None
    paper.refresh_from_db()
    assert not paper.pdf_file
    assert paper.pdf_state == PdfState.RUNNING


@pytest.mark.parametrize("still_ours", [True, False])
def test_a_failed_render_marks_the_row_failed_only_while_the_claim_holds(still_ours):
    paper = _paper()
    claim = JOB.claim(paper.pk, "task-1")
    if not still_ours:
        CouncilPaper.objects.filter(pk=paper.pk).update(pdf_task_id="task-2")
    with pytest.raises(ValueError, match="kaputt"), JOB.failing(claim):
        raise ValueError("kaputt")
    if still_ours:
        assert _state(paper) == (PdfState.FAILED, "task-1", "ValueError: kaputt")
    else:
        assert _state(paper) == (PdfState.RUNNING, "task-2", "")


@pytest.mark.parametrize(
    ("status", "lost"),
    [
        (TaskResultStatus.FAILED, True),
        (TaskResultStatus.SUCCESSFUL, True),
        (TaskResultStatus.RUNNING, False),
        (TaskResultStatus.READY, False),
    ],
)
def test_a_claim_is_lost_when_its_task_has_ended(task_results, status, lost):
    paper = _paper()
    task_results["task-1"] = status
    claim = JOB.claim(paper.pk, "task-1")
    # the cutoff lies in the future: the age of the claim would make any claim lost
    assert JOB.is_lost(claim.row, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)) is lost


@pytest.mark.parametrize(
    "error", [TaskResultDoesNotExist, BackportDoesNotExist], ids=["django", "backport"]
)
def test_a_claim_whose_task_the_backend_does_not_know_is_lost_at_once(monkeypatch, error):
    # Django's own class (database backend, dummy) and the backport's (django-tasks-rq)
    monkeypatch.setattr(StandInTask, "unknown", error)
    row = JOB.claim(_paper().pk, "forgotten-task").row
    assert JOB.task_has_ended(row) is True
    assert JOB.is_lost(row, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)) is True


@pytest.mark.parametrize("task_id", ["", "local-render"])
def test_without_a_task_to_ask_the_backend_cannot_tell(task_id, task_results):
    task_results[task_id] = TaskResultStatus.FAILED  # never asked
    assert JOB.task_has_ended(_paper(PdfState.QUEUED, task_id)) is None


@pytest.mark.parametrize("task_id", [None, "task-1"])
def test_without_a_task_result_the_claim_is_lost_after_the_cutoff(task_id, monkeypatch):
    monkeypatch.setattr(TASK, "statuses", None)  # a backend that keeps no results
    row = JOB.claim(_paper().pk, task_id).row
    now = dt.datetime.now(dt.UTC)
    assert JOB.is_lost(row, now - dt.timedelta(hours=1)) is False
    assert JOB.is_lost(row, now + dt.timedelta(hours=1)) is True


def test_fail_lost_fails_only_the_lost_running_rows_with_the_message(task_results):
    task_results.update({"ended": TaskResultStatus.FAILED, "alive": TaskResultStatus.RUNNING})
    ended, alive, local = (JOB.claim(_paper().pk, t).row for t in ("ended", "alive", None))
    done = _paper(PdfState.DONE, "ended")
    assert JOB.fail_lost(older_than=dt.timedelta(hours=1)) == 1
    assert _state(ended) == (PdfState.FAILED, "ended", "Verloren; bitte erneut erzeugen.")
    assert _state(alive)[0] == _state(local)[0] == PdfState.RUNNING
    assert _state(done)[0] == PdfState.DONE
    # Past the cutoff the local render is lost too; the task that still runs is not.
    assert JOB.fail_lost(older_than=dt.timedelta(0)) == 1
    assert (_state(alive)[0], _state(local)[0]) == (PdfState.RUNNING, PdfState.FAILED)
