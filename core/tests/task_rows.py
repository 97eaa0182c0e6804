"""Rows of the database task backend, made directly (tests run tasks immediately)."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def task_row(*, task_path: str, kwargs: dict, status="SUCCESSFUL", finished_at=None):
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": kwargs},
        status=status,
        backend_name="default",
        run_after=now,
        finished_at=finished_at or now,
    )
