"""A worker killed in the middle of a task leaves the task clearly failed, never lost."""

import os
import signal

import pytest

from tests.ops.processes import enqueue, manage, wait_for

HOLD = "tests.ops.tasks.hold"
LATER = (
    "import time, time_machine; from django.core.management import call_command\n"
    "with time_machine.travel(time.time() + 3600, tick=False):\n"
    "    call_command('recover_tasks')"
)


def _shell(code, env):
    return manage("shell", "-c", code, env=env | {"LOG_FORMAT": "text"}).stdout.strip()


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_killed_worker_leaves_the_task_failed(
    backend, sqlite_env, processes, request, process_state
):
    env = sqlite_env | {"TASKS_BACKEND": backend}
    if backend == "rq":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    state = process_state(env)
    task_id = enqueue(env, HOLD, "lost", 120)
    worker = processes.manage("worker", "worker", env=env)
    started = os.path.join(env["MEDIA_ROOT"], "hold", "lost.started")
    wait_for(lambda: os.path.exists(started), timeout=60, message=worker.errors()[-2000:])

    os.killpg(worker.popen.pid, signal.SIGKILL)  # the worker and RQ's work horse
    worker.popen.wait(10)

    # Within the timeout the task still counts as running: nobody fails it early.
    result = manage("recover_tasks", env=env)
    assert "0 verlorene Aufgabe(n)" in result.stdout
    assert state.task_status(task_id) == "RUNNING"

    # Past the timeout (the timer runs recover_tasks every 5 minutes) it is marked failed.
    if backend == "db":
        result = manage("recover_tasks", "--older-than", "0", env=env).stdout
    else:
        result = _shell(LATER, env)
    assert "1 verlorene Aufgabe(n)" in result
    assert state.task_status(task_id).startswith("FAILED")
    assert not os.path.exists(started.replace(".started", ".finished"))


MAKE_LOST = (
    "from datetime import timedelta; from django.utils import timezone\n"
    "from django_tasks_db.models import DBTaskResult\n"
    "from tests.ops.tasks import hold\n"
    "for i in range({count}):\n"
    "    r = hold.enqueue(f'lost-{{i}}', 1)\n"
    "    DBTaskResult.objects.filter(id=r.id).update(\n"
    "        status='RUNNING', started_at=timezone.now() - timedelta(hours=1))\n"
)


def test_recovery_on_several_hosts_at_once_fails_each_lost_task_once(
    postgres_env, processes, process_state
):
    from django_tasks_db.models import DBTaskResult

    env = postgres_env | {"TASKS_BACKEND": "db"}
    _shell(MAKE_LOST.format(count=20), env)
    runs = processes.manage_together(4, "recover_tasks", env=env)
    assert processes.wait_all(runs) == [0, 0, 0, 0]
    counts = [int(run.output().split(" verlorene")[0].split()[-1]) for run in runs]
    assert sum(counts) == 20  # each lost task counted by exactly one run
    assert process_state(env).count(DBTaskResult, status="FAILED") == 20


def test_rq_stops_a_task_that_runs_past_the_timeout(
    sqlite_env, redis_url, processes, process_state
):
    env = sqlite_env | {
        "TASKS_BACKEND": "rq",
        "REDIS_URL": redis_url,
        "TASK_TIMEOUT_SECONDS": "2",
    }
    state = process_state(env)
    task_id = enqueue(env, HOLD, "slow", 120)  # would take 120 s
    processes.manage("worker", "worker", env=env)
    wait_for(
        lambda: state.task_status(task_id).startswith("FAILED"),
        timeout=60,
        interval=1,
    )
    assert not os.path.exists(os.path.join(env["MEDIA_ROOT"], "hold", "slow.finished"))
