"""A killed database worker is noticed within a minute, not after the 15-minute timeout."""

import os
import signal

from tests.ops.processes import enqueue, manage, task_status, wait_for

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
    sqlite_env, processes
):
    env = sqlite_env | FAST
    task_id = _start_and_kill(env, processes, "killed")
    assert task_status(env, HOLD, task_id) == "RUNNING"  # just killed: not yet judged

    processes.manage("restarted", "worker", env=env)  # as systemd restarts the unit
    status = wait_for(
        lambda: (s := task_status(env, HOLD, task_id)).startswith("FAILED") and s,
        timeout=60,
        interval=1,
    )
    assert "WorkerLostError" in status


def test_recover_tasks_fails_the_task_once_the_heartbeat_is_stale_not_after_the_timeout(
    sqlite_env, processes
):
    env = sqlite_env | FAST  # TASK_TIMEOUT_SECONDS stays 900
    task_id = _start_and_kill(env, processes, "stale")

    def recovered():
        return "1 verlorene Aufgabe(n)" in manage("recover_tasks", env=env).stdout

    wait_for(recovered, timeout=30, interval=1)
    assert task_status(env, HOLD, task_id).startswith("FAILED")


def test_a_worker_that_stops_normally_leaves_no_heartbeat(sqlite_env, processes):
    env = sqlite_env | FAST
    worker = processes.manage("worker", "worker", env=env)
    count = "from core.ops.models import WorkerHeartbeat as H; print(H.objects.count())"

    def beats():
        return manage("shell", "-c", count, env=env).stdout.strip().splitlines()[-1]

    wait_for(lambda: beats() == "1", timeout=60, interval=0.5)
    os.killpg(worker.popen.pid, signal.SIGTERM)
    worker.popen.wait(30)
    assert beats() == "0"
