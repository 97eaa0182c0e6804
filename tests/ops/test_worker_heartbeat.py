"""A killed database worker is noticed within a minute, not after the 15-minute timeout."""

import os
import signal

from core.ops.models import WorkerHeartbeat
from tests.ops.processes import enqueue, manage, wait_for

HOLD = "tests.ops.tasks.hold"
FAST = {"TASKS_BACKEND": "db", "WORKER_HEARTBEAT_SECONDS": "0.5", "WORKER_HEARTBEAT_TIMEOUT": "3"}


def _start_and_kill(env, processes, name):
    task_id = enqueue(env, HOLD, name, 120)
    worker = processes.manage("worker", "worker", env=env)
    started = os.path.join(env["MEDIA_ROOT"], "hold", f"{name}.started")
    wait_for(lambda: os.path.exists(started), timeout=60, message=worker.errors()[-2000:])
    os.killpg(worker.popen.pid, signal.SIGKILL)
    worker.popen.wait(10)
    return task_id


def test_the_next_worker_fails_the_task_of_a_killed_one_within_the_heartbeat_timeout(
    sqlite_env, processes, process_state
):
    env = sqlite_env | FAST
    state = process_state(env)
    task_id = _start_and_kill(env, processes, "killed")
    assert state.task_status(task_id) == "RUNNING"  # just killed: not yet judged

    processes.manage("restarted", "worker", env=env)  # as systemd restarts the unit
    status = wait_for(
        lambda: (s := state.task_status(task_id)).startswith("FAILED") and s,
        timeout=60,
        interval=1,
    )
    assert "WorkerLostError" in status


def test_recover_tasks_fails_the_task_once_the_heartbeat_is_stale_not_after_the_timeout(
    sqlite_env, processes, process_state
):
    env = sqlite_env | FAST  # TASK_TIMEOUT_SECONDS stays 900
    state = process_state(env)
    task_id = _start_and_kill(env, processes, "stale")

    def recovered():
        return "1 verlorene Aufgabe(n)" in manage("recover_tasks", env=env).stdout

    wait_for(recovered, timeout=30, interval=1)
    assert state.task_status(task_id).startswith("FAILED")


def test_a_worker_that_stops_normally_leaves_no_heartbeat(sqlite_env, processes, process_state):
    env = sqlite_env | FAST
    state = process_state(env)
    worker = processes.manage("worker", "worker", env=env)
    wait_for(lambda: state.count(WorkerHeartbeat) == 1, timeout=60, interval=0.5)
    os.killpg(worker.popen.pid, signal.SIGTERM)
    worker.popen.wait(30)
    assert state.count(WorkerHeartbeat) == 0
