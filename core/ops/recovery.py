"""Tasks whose worker died: never silently lost, but clearly failed.

RQ notices a dead worker itself: when the job's heartbeat expires, the next cleanup of the
started-job registry (any worker's maintenance, or ``recover_tasks``) marks it failed. The
database backend has no heartbeat of its own: a ``db_worker`` killed mid-task leaves the row
RUNNING. ``recover_lost_tasks`` marks such rows FAILED at once when their worker's heartbeat
(core/ops/heartbeat.py, written by ``manage.py worker``) has gone stale, else once they have
run longer than the task timeout (TASK_TIMEOUT_SECONDS), with an error that says what
happened.

Apps whose rows record a task's progress (a paper RUNNING while its PDF renders) connect
to :data:`lost_tasks_recovered`; :func:`recover_lost_work` sends it after the tasks have
been failed, so such rows turn FAILED too instead of staying RUNNING forever.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.tasks import task_backends
from django.utils import timezone

# Sent with ``older_than`` (a timedelta) after lost tasks were failed; each receiver
# repairs its own rows and returns ``(label, count)`` for the command's report.
lost_tasks_recovered = Signal()


class WorkerLostError(Exception):
    """The worker running this task stopped without reporting a result."""


def _backend_path() -> str:
    backend = task_backends["default"]
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def recover_lost_tasks(*, older_than: timedelta | None = None) -> int:
    """Mark tasks RUNNING for longer than ``older_than`` as failed; return how many."""
    if older_than is None:
        older_than = task_timeout()
    path = _backend_path()
    if path.startswith("django_tasks_db."):
        return _recover_db(older_than)
    if path.startswith("django_tasks_rq."):
        return _recover_rq(older_than)
    return 0


def task_timeout() -> timedelta:
    """How long a task may run (``TASK_TIMEOUT_SECONDS``); a task older than this is lost."""
    return timedelta(seconds=settings.RQ_QUEUES["default"]["DEFAULT_TIMEOUT"])


def recover_lost_work(*, older_than: timedelta | None = None) -> tuple[int, list]:
    """Fail lost tasks, then let apps fail what those tasks left half done.

    Returns the number of failed tasks and the receivers' ``(label, count)`` pairs.
    """
    older_than = task_timeout() if older_than is None else older_than
    tasks = recover_lost_tasks(older_than=older_than)
    responses = lost_tasks_recovered.send(sender=recover_lost_work, older_than=older_than)
    return tasks, [response for _receiver, response in responses]


def _recover_db(older_than: timedelta) -> int:
    from django_tasks_db.models import DBTaskResult

    from .liveness import dead_worker_ids

    cutoff = timezone.now() - older_than
    recovered = 0
    with transaction.atomic():
        running = list(DBTaskResult.objects.running().select_for_update(skip_locked=True))
        dead = dead_worker_ids(r.worker_ids[-1] for r in running if r.worker_ids)
        for result in running:
            worker = result.worker_ids[-1] if result.worker_ids else ""
            if worker in dead:
                reason = f"Worker {worker} antwortet nicht mehr (Herzschlag ausgeblieben)."
            elif result.started_at and result.started_at < cutoff:
                reason = (
                    f"Kein Ergebnis nach {older_than.total_seconds():g} s; "
                    f"Worker {', '.join(result.worker_ids) or '?'} verloren."
                )
            else:
                continue
            result.set_failed(WorkerLostError(reason))
            recovered += 1
    return recovered


def _recover_rq(older_than: timedelta) -> int:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry
    from rq.utils import current_timestamp

    recovered = 0
    for name in task_backends["default"].queues:
        queue = django_rq.get_queue(name, job_class=Job)
        failed = FailedJobRegistry(queue=queue)
        before = failed.count
        # Heartbeats are extended while a worker lives; expired ones belong to dead workers.
        StartedJobRegistry(queue=queue).cleanup(current_timestamp())
        recovered += failed.count - before
    return recovered
