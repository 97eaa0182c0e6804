"""Sign of life of the database task workers: a killed worker is noticed within a minute.

The database backend keeps no heartbeat of its own: a ``db_worker`` killed mid-task leaves its
task RUNNING, and only the task timeout (TASK_TIMEOUT_SECONDS, 15 minutes) would tell it was
lost, while a council paper's page says „wird erzeugt“ all that time. ``manage.py worker``
therefore runs a thread beside ``db_worker`` that writes the worker's ``WorkerHeartbeat``
every ``WORKER_HEARTBEAT_SECONDS`` and, each time, fails what workers whose heartbeat is
older than ``WORKER_HEARTBEAT_TIMEOUT`` left running (``recover_lost_work``): as long as one
worker lives (systemd restarts a killed one at once), lost work turns FAILED within
``WORKER_HEARTBEAT_TIMEOUT`` plus one beat. Pages that ask about a task
(``RenderJob.task_has_ended``) count a task of a dead worker as ended too.

Workers started without a heartbeat (``manage.py db_worker`` by hand, ``make run``) are
unaffected: their tasks are judged by the timeout, as before.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .liveness import timeout
from .models import WorkerHeartbeat
from .recovery import recover_lost_work

logger = logging.getLogger(__name__)


def interval() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()},
    )


def stop(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat(threading.Thread):
    """Beats for ``worker_id`` until stopped; fails lost work of dead workers as it goes."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self._stopped = threading.Event()

    def run(self):
        while True:
            try:
                beat(self.worker_id)
                stale = WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - timeout())
                if stale.exists():
                    dead = set(stale.values_list("worker_id", flat=True))
                    tasks, repaired = recover_lost_work()
                    # their work is failed now: forget them (a late beat would recreate one)
                    WorkerHeartbeat.objects.filter(worker_id__in=dead).delete()
                    if tasks or any(count for _label, count in repaired):
                        logger.warning(
                            "heartbeat: work of dead workers failed: %s task(s), %s",
                            tasks,
                            repaired,
                        )
            except DatabaseError:
                logger.exception("heartbeat of worker %s failed", self.worker_id)
            finally:
                connection.close()  # this thread's own connection
            if self._stopped.wait(interval()):
                break
        try:
            stop(self.worker_id)
        except DatabaseError:
            logger.exception("heartbeat of worker %s could not be removed", self.worker_id)
        finally:
            connection.close()

    def stop(self):
        self._stopped.set()
