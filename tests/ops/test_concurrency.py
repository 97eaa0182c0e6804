"""Several hosts at once: real processes on one PostgreSQL database (and Redis for RQ).

- Four ``send_reminders`` runs started at the same moment send every reminder once.
- Two workers given the same paper's render task twice render it once, never at once.
- A worker killed in the middle of a render leaves the paper FAILED (after
  ``recover_tasks``), not "wird erzeugt" forever, and no half-written file.

The reminder mails and the PDF task run through the database queue and through RQ with a
real worker process. Without PostgreSQL (or Redis) these tests skip; in CI they fail.
"""

import os
import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.ops.processes import (
    PYTHON,
    manage,
    read_mails,
    shell,
    wait_for,
)

MORE_RECIPIENTS = (
    "from django.contrib.auth import get_user_model; from django.utils import timezone\n"
    "from concept.models import Membership; from participation.reminders import due_occasions\n"
    "actors = sorted({o.actor_id for o in due_occasions(timezone.localdate())})\n"
    "for a in actors:\n"
    "    for i in range(3):\n"
    "        u = get_user_model().objects.create_user(\n"
    "            f'erinnert-{a}-{i}', f'erinnert-{a}-{i}@example.org', 'pw-for-tests-123')\n"
    "        Membership.objects.create(actor_id=a, user=u)\n"
    "print(len(actors))"
)


def _backend_env(env, backend, request):
    env = env | {"TASKS_BACKEND": backend}
    if backend == "rq":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
        # Set up after ``processes``, redis_url would be emptied before the workers stop,
        # and their last writes would leave the Redis database unusable for the next run.
        request.addfinalizer(request.getfixturevalue("processes").stop_all)
    return env


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_simultaneous_reminder_runs_send_each_reminder_once(
    backend, demo_postgres_env, processes, tmp_path, request, process_state
):
    from django_tasks_db.models import DBTaskResult

    from participation.models import Reminder

    mails = tmp_path / "mails"
    env = _backend_env(demo_postgres_env, backend, request) | {"EMAIL_URL": f"filemail://{mails}"}
    state = process_state(env)
    assert int(shell(MORE_RECIPIENTS, env)) > 0  # demo actors with something due today

    runs = processes.manage_together(4, "send_reminders", env=env)
    assert processes.wait_all(runs) == [0, 0, 0, 0], [r.errors()[-2000:] for r in runs]
    reminders = state.count(Reminder)
    enqueued = [int(r.output().rsplit("Erinnerungen eingereiht: ", 1)[1].split()[0]) for r in runs]
    mails_enqueued = sum(
        int(r.output().rsplit("E-Mails eingereiht: ", 1)[1].split()[0]) for r in runs
    )
    assert reminders >= 12
    assert sum(enqueued) == reminders  # every reminder enqueued by exactly one run
    assert 0 < mails_enqueued <= reminders  # one mail per recipient and run

    # A real worker process sends the mails (two for the database queue).
    workers = [processes.manage(f"worker-{i}", "worker", env=env) for i in range(2)]
    wait_for(
        lambda: len(read_mails(mails)) >= mails_enqueued,
        timeout=120,
        interval=0.5,
        message=workers[0].errors()[-2000:],
    )
    if backend == "db":
        unfinished = state.objects(DBTaskResult).exclude(status__in=["SUCCESSFUL", "FAILED"])
        wait_for(lambda: not state.read(unfinished.exists), timeout=60, interval=0.2)
    for worker in workers:
        processes.stop(worker)
    sent = Counter((m["To"], m["Subject"]) for m in read_mails(mails))
    assert [key for key, count in sent.items() if count > 1] == []
    assert sum(sent.values()) == mails_enqueued


PAPER = (
    "from council.tests.factories import CouncilPaperFactory, ConsultationFactory\n"
    "paper = CouncilPaperFactory(number='2026/777')\n"
    "ConsultationFactory(paper=paper)\n"
    "print(paper.pk)"
)
REQUEST = (
    "from council.models import CouncilPaper; from council.services import "
    "paper_request_rendering; from council.tasks import render_paper_pdf\n"
    "paper = paper_request_rendering(paper=CouncilPaper.objects.get(pk={pk}), user=None)\n"
    "ids = [paper.pdf_task_id] + [str(render_paper_pdf.enqueue({pk}).id) for _ in range({more})]\n"
    "print(' '.join(ids))"
)


def _paper_state(state, pk):
    """The paper's PDF state, how often it was set to running, its hash and file name."""
    from council.models import CouncilPaper, PdfState

    def read():
        paper = state.objects(CouncilPaper).get(pk=pk)
        history = state.objects(CouncilPaper.history.model)
        renders = history.filter(id=pk, pdf_state=PdfState.RUNNING).count()
        return paper.pdf_state, renders, paper.pdf_sha256 or "-", paper.pdf_file.name or "-"

    return state.read(read)


def _stored_pdfs(env):
    return sorted(p.name for p in (Path(env["MEDIA_ROOT"]) / "council" / "papers").glob("*"))


def _slow_worker(processes, name, env, seconds):
    argv = [PYTHON, "-m", "tests.ops.slow_render", str(seconds), "worker"]
    return processes.start(name, argv, env)


def _render_starts(env):
    return sorted(p.name for p in (Path(env["MEDIA_ROOT"]) / "slow-render").glob("*"))


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_two_workers_render_a_paper_enqueued_twice_exactly_once(
    backend, postgres_env, processes, request, process_state
):
    env = _backend_env(postgres_env, backend, request)
    state = process_state(env)
    pk = shell(PAPER, env)
    task_ids = shell(REQUEST.format(pk=pk, more=1), env).split()
    assert len(set(task_ids)) == 2  # the render task is in the queue twice

    # Each render takes 3 s: the second worker takes its task while the first renders.
    workers = [_slow_worker(processes, f"worker-{i}", env, 3) for i in range(2)]
    wait_for(
        lambda: all(state.task_status(i) == "SUCCESSFUL" for i in task_ids),
        timeout=120,
        interval=0.2,
        message=workers[0].errors()[-2000:] + workers[1].errors()[-2000:],
    )
    pdf_state, renders, sha, name = _paper_state(state, pk)
    assert (pdf_state, renders) == ("done", 1)
    assert len(_render_starts(env)) == 1  # one render began, in one worker
    assert _stored_pdfs(env) == [Path(name).name]  # one stored PDF
    returns = sorted(state.task_return_value(i) for i in task_ids)
    assert returns == ["", sha]  # one task rendered, the other stepped aside


RECOVER_LATER = (
    "import time, time_machine; from django.core.management import call_command\n"
    "with time_machine.travel(time.time() + 3600, tick=False):\n"
    "    call_command('recover_tasks')"
)


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_a_worker_killed_mid_render_leaves_the_paper_failed_and_renderable(
    backend, postgres_env, processes, request, process_state
):
    env = _backend_env(postgres_env, backend, request)
    state = process_state(env)
    pk = shell(PAPER, env)
    (task_id,) = shell(REQUEST.format(pk=pk, more=0), env).split()
    worker = _slow_worker(processes, "slow-worker", env, 300)
    wait_for(lambda: _render_starts(env), timeout=60, message=worker.errors()[-2000:])
    assert _paper_state(state, pk)[0] == "running"

    os.killpg(worker.popen.pid, signal.SIGKILL)  # the worker and RQ's work horse
    worker.popen.wait(10)

    # Within the task timeout nothing is failed early: the render may still be going on.
    assert "0 verlorene Aufgabe(n)" in manage("recover_tasks", env=env).stdout
    assert _paper_state(state, pk)[0] == "running"
    # Past it (the timer runs recover_tasks every 5 minutes), task and paper are failed.
    if backend == "db":
        report = manage("recover_tasks", "--older-than", "0", env=env).stdout
    else:
        report = manage("shell", "-c", RECOVER_LATER, env=env | {"LOG_FORMAT": "text"}).stdout
    assert "1 verlorene Aufgabe(n)" in report
    assert "Drucksachen-PDFs mit verlorenem Worker: 1 als fehlgeschlagen markiert" in report
    assert state.task_status(task_id).startswith("FAILED")
    pdf_state, renders, sha, name = _paper_state(state, pk)
    assert (pdf_state, sha, name) == ("failed", "-", "-")
    assert _stored_pdfs(env) == []  # nothing half written

    # Requested again, a healthy worker renders it.
    shell(REQUEST.format(pk=pk, more=0), env)
    processes.manage("worker", "worker", env=env)
    wait_for(lambda: _paper_state(state, pk)[0] == "done", timeout=120, interval=0.2)
    assert len(_stored_pdfs(env)) == 1
