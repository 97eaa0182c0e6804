"""A PDF rendered by a django.tasks worker and stored on a model row: the concurrency protocol
shared by council papers (``council/services/rendering.py``) and evaluation reports
(``evaluation/services/reports.py``). Each describes its row as a :class:`RenderJob`.

Several workers on several hosts may receive the same request (double clicks, a second
delivery of a task), and a worker may be killed mid-render:

- *Claim* (:meth:`RenderJob.claim`): a render first claims the row in a short transaction
  that locks it (``select_for_update``) and moves it QUEUED → RUNNING, writing a claim token
  into its task-id field: the task's id, or ``local-<uuid>`` for a render without a task. A
  task that finds the row RUNNING (another worker renders it) or not QUEUED (its request was
  served already) does nothing.
- *Render* into memory, outside any transaction (:meth:`RenderJob.failing` marks the row
  FAILED with the error if the claim is still ours, and re-raises).
- *Store* (:meth:`RenderJob.store`): under the row lock again, only if the claim is still
  ours: ``recover_tasks`` may have declared the render lost and a new request queued another,
  which wins. The row points to the new file in the same save that marks it DONE; the old
  file is deleted once that commits. A worker killed mid-render leaves the old file.
- *Lost* (:meth:`RenderJob.fail_lost`, called through ``recover_tasks`` after it failed the
  lost tasks themselves): a RUNNING row is failed with a German message when the task that
  claimed it has ended (failed or successful) or is unknown to the backend
  (:meth:`RenderJob.task_has_ended`), or, where the backend cannot tell (a render without a
  task, a backend that keeps no results), when it was claimed before the cutoff (read from the
  history). A row locked by a live transaction is skipped (``skip_locked``): the timer may run
  on several hosts at once.

  An unknown task counts as ended at once, for every job: the claim is made by the running
  task itself, so the backend knew the task when the row turned RUNNING, and the backends here
  forget a task only once it has finished (``prune_db_task_results``, RQ's result TTL) or when
  the queue itself was lost (Redis flushed, the backend switched). Should a worker still be
  rendering then, nothing breaks: a new request takes over the claim and the late result is
  dropped; without one, the late result is stored as usual.

Every state change is a ``save()`` of one row, so django-simple-history records each claim and
each result.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LOCAL_PREFIX = "local-"
ENDED = (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)


def _unknown_task_errors() -> tuple[type[Exception], ...]:
    """What ``get_result`` raises for a task the backend does not know. django-tasks-rq
    raises the class of the ``django_tasks`` backport, not Django's own."""
    try:
        from django_tasks.exceptions import TaskResultDoesNotExist as BackportDoesNotExist
    except ImportError:  # pragma: no cover - the backport comes with django-tasks-rq
        return (TaskResultDoesNotExist,)
    return (TaskResultDoesNotExist, BackportDoesNotExist)


UNKNOWN_TASK = _unknown_task_errors()


class Claim(NamedTuple):
    row: Any  # the claimed model instance, as saved RUNNING
    token: str


@dataclass(frozen=True)
class RenderJob:
    """Where a model keeps one rendered PDF, and the task that renders it."""

    model: type[models.Model]
    states: Any  # a TextChoices with QUEUED, RUNNING, DONE and FAILED
    state_field: str
    task_id_field: str
    error_field: str
    file_field: str
    # the rendering task's dotted path, imported on use: the tasks module imports the
    # services, so the services enqueue through ``enqueue`` (no import cycle)
    task: str
    lost_message: Any  # lazy German text for users: the worker died mid-render
    describe: Callable[[Any], str]  # for the logs: "paper 12/2026"
    # Raises when the row must be neither claimed nor stored (a decided paper's frozen PDF).
    refuse: Callable[[Any], None] | None = None
    # A render without a task (demo data, a shell) claims any row that is not RUNNING.
    local_claims_any_state: bool = False

    def enqueue(self, pk):
        """Queue the rendering task for the row ``pk``; its result (``.id``: the task id)."""
        return import_string(self.task).enqueue(pk)

    def _locked(self, pk, **lock):
        return self.model._default_manager.select_for_update(**lock).get(pk=pk)

    def claim(self, pk, task_id: str | None) -> Claim | None:
        """Move the row to RUNNING under its lock; None when it is not ours to render."""
        with transaction.atomic():
            row = self._locked(pk)
            if self.refuse is not None:
                self.refuse(row)
            state = getattr(row, self.state_field)
            if state == self.states.RUNNING:
                logger.info("Skipped rendering %s: another worker renders it", self.describe(row))
                return None
            if state != self.states.QUEUED and (
                task_id is not None or not self.local_claims_any_state
            ):
                logger.info("Skipped rendering %s: it is %s, not queued", self.describe(row), state)
                return None
            token = task_id or f"{LOCAL_PREFIX}{uuid.uuid4().hex}"
            setattr(row, self.state_field, self.states.RUNNING)
            setattr(row, self.task_id_field, token)
            row.save()
        return Claim(row, token)

    @contextmanager
    def failing(self, claim: Claim) -> Iterator[None]:
        """Around the render: an error marks the row FAILED if the claim is still ours."""
        try:
            yield
        except Exception as error:
            logger.exception("Rendering %s failed", self.describe(claim.row))
            with transaction.atomic():
                row = self._locked(claim.row.pk)
                if getattr(row, self.task_id_field) == claim.token:
                    setattr(row, self.state_field, self.states.FAILED)
                    setattr(row, self.error_field, f"{type(error).__name__}: {error}"[:2000])
                    row.save()
            raise

    def store(
        self,
        claim: Claim,
        filename: str,
        data: bytes,
        *,
        update: Callable[[Any], None],
        keep: Callable[[Any], bool] | None = None,
    ):
        """Store the PDF and mark the row DONE if the claim is still ours and ``keep`` (run on
        the locked row) agrees; ``update`` sets the job's own fields. None when dropped."""
        with transaction.atomic():
            row = self._locked(claim.row.pk)
            if self.refuse is not None:
                self.refuse(row)
            if getattr(row, self.task_id_field) != claim.token or (keep and not keep(row)):
                logger.warning(
                    "Rendering %s was taken over; result dropped", self.describe(claim.row)
                )
                return None
            file = getattr(row, self.file_field)
            old_name = file.name if file else ""
            file.save(filename, ContentFile(data), save=False)
            update(row)
            setattr(row, self.state_field, self.states.DONE)
            setattr(row, self.error_field, "")
            row.save()
            if old_name and old_name != file.name:
                storage = file.storage
                transaction.on_commit(lambda: storage.delete(old_name))
        return row

    def task_has_ended(self, row) -> bool | None:
        """What the task backend says about the task noted in ``row``: True when it has ended
        (failed, e.g. marked so by recover_tasks, or successful) or is unknown to the backend;
        False while it waits or runs; None when it cannot tell: no task noted (yet), a render
        without a task, or a backend that keeps no results (the immediate one)."""
        task_id = getattr(row, self.task_id_field)
        if not task_id or task_id.startswith(LOCAL_PREFIX):
            return None
        try:
            result = import_string(self.task).get_result(task_id)
        except UNKNOWN_TASK:
            return True
        except NotImplementedError:
            return None
        if result.status in ENDED:
            return True
        # RUNNING on a worker that was killed (its heartbeat stopped): ended as well
        from core.ops.liveness import runs_on_dead_worker

        return runs_on_dead_worker(getattr(result, "worker_ids", None) or [])

    def is_lost(self, row, cutoff: datetime) -> bool:
        """The task that claimed ``row`` has ended or is unknown (:meth:`task_has_ended`), or,
        where the backend cannot tell, the claim was made before ``cutoff``."""
        ended = self.task_has_ended(row)
        if ended is not None:
            return ended
        claims = row.history.filter(**{self.state_field: self.states.RUNNING})
        claim = claims.order_by("-history_date").first()
        return claim is None or claim.history_date < cutoff

    def fail_lost(self, *, older_than: timedelta) -> int:
        """Mark rows FAILED whose render was lost with its worker; return how many."""
        cutoff = timezone.now() - older_than
        failed = 0
        running = self.model._default_manager.filter(**{self.state_field: self.states.RUNNING})
        for pk in running.values_list("pk", flat=True):
            with transaction.atomic():
                row = running.select_for_update(skip_locked=True).filter(pk=pk).first()
                if row is None or not self.is_lost(row, cutoff):
                    continue
                setattr(row, self.state_field, self.states.FAILED)
                setattr(row, self.error_field, str(self.lost_message))
                row.save()
                failed += 1
        return failed
