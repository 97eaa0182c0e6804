"""Which task workers are alive: read from their heartbeats (core/ops/heartbeat.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import WorkerHeartbeat


def timeout() -> timedelta:
    """How long a worker may stay silent before it counts as dead."""
    return timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT)


def dead_worker_ids(worker_ids) -> set[str]:
    """Those of ``worker_ids`` whose heartbeat has gone stale (unknown ids are not dead:
    a worker without a heartbeat is judged by the task timeout)."""
    ids = {w for w in worker_ids if w}
    if not ids:
        return set()
    stale = timezone.now() - timeout()
    return set(
        WorkerHeartbeat.objects.filter(worker_id__in=ids, last_seen__lt=stale).values_list(
            "worker_id", flat=True
        )
    )


def runs_on_dead_worker(worker_ids) -> bool:
    """Whether the worker that claimed a task last (``worker_ids[-1]``) has died."""
    return bool(worker_ids) and worker_ids[-1] in dead_worker_ids(worker_ids[-1:])
