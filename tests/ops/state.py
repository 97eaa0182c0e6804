"""Read what the processes of a test did: through the test's own connection to their database
(and to their Redis), not by starting ``manage.py shell`` for every look.

A separate process costs seconds of start-up; a test that polls a task's state every second
that way spent most of its time starting interpreters, next to the workers it watched.
"""

from __future__ import annotations

import uuid

from django.db import connections
from django.db.models import Model, QuerySet


class ProcessState:
    """The database (``DATABASE_URL``) and task queue (``TASKS_BACKEND``) of an environment
    made by ``production_env``, as a Django connection alias of this test process."""

    def __init__(self, env: dict[str, str], blocker):
        from laatzen_integration.env import database_config

        self.env = env
        self.blocker = blocker
        self.alias = f"ops_{uuid.uuid4().hex[:10]}"
        config = database_config(env["DATABASE_URL"])
        connections.settings[self.alias] = connections.configure_settings({"default": config})[
            "default"
        ]

    def objects(self, model: type[Model]) -> QuerySet:
        """``model``'s rows in the processes' database (evaluate inside ``read``)."""
        return model._base_manager.using(self.alias)

    def read(self, function):
        """``function()``'s value, with database access allowed for this test process."""
        with self.blocker.unblock():
            return function()

    def count(self, model: type[Model], **filters) -> int:
        return self.read(lambda: self.objects(model).filter(**filters).count())

    def task_status(self, result_id: str) -> str:
        """``READY``/``RUNNING``/``SUCCESSFUL``/``FAILED`` (+ exception class path on failure),
        from the database queue or from Redis, whichever the environment uses."""
        if self.env.get("TASKS_BACKEND", "db") == "rq":
            return self._rq_status(result_id)
        from django_tasks_db.models import DBTaskResult

        result = self.read(lambda: self.objects(DBTaskResult).get(id=result_id))
        return " ".join(filter(None, [result.status, result.exception_class_path]))

    def task_return_value(self, result_id: str):
        if self.env.get("TASKS_BACKEND", "db") == "rq":
            result = self._rq_job(result_id).latest_result()
            return result.return_value if result else None
        from django_tasks_db.models import DBTaskResult

        return self.read(lambda: self.objects(DBTaskResult).get(id=result_id).return_value)

    def _rq_job(self, result_id: str):
        import redis
        from rq.job import Job

        return Job.fetch(result_id, connection=redis.Redis.from_url(self.env["REDIS_URL"]))

    def _rq_status(self, result_id: str) -> str:
        from django_tasks_rq.backend import RQ_STATUS_TO_RESULT_STATUS

        job = self._rq_job(result_id)
        status = RQ_STATUS_TO_RESULT_STATUS[job.get_status()]
        return " ".join([status, *job.meta.get("_django_tasks_rq_exceptions", [])])

    def close(self) -> None:
        if self.alias in connections.settings:
            with self.blocker.unblock():
                connections[self.alias].close()
            del connections[self.alias]
            del connections.settings[self.alias]
