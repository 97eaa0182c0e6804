"""``/healthz``: is this process able to serve? Database, task queue, storage.

The answer names only the components and ``ok``/``fail`` (HTTP 200 when all are ok, 503
otherwise); the reasons go to the log, never to the anonymous caller.
"""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse
from django.tasks import task_backends

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
REDIS_TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_tasks() -> None:
    """The configured task backend is reachable (queue table or Redis answers)."""
    backend = task_backends["default"]
    path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if path.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif path.startswith("django_tasks_rq."):
        import redis
        from django.conf import settings

        for queue in backend.queues:
            url = settings.RQ_QUEUES[queue]["URL"]
            client = redis.Redis.from_url(
                url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            try:
                client.ping()
            finally:
                client.close()
    # Immediate/Dummy backends (tests, development) have nothing to reach.


def check_storage() -> None:
    """Write and delete a tiny file in the default storage (where generated PDFs go)."""
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS = {"database": check_database, "tasks": check_tasks, "storage": check_storage}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
