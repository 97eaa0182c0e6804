"""A task that proves the whole path: enqueue → queue → a worker process → storage."""

import os
import socket

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task

PING_DIR = "ops-ping"


@task
def ping(token: str) -> dict:
    """Write ``ops-ping/<token>.txt`` (which worker ran it) to the default storage.

    The worker is named by ``INSTANCE_NAME`` when the process has one, else host:pid.
    """
    worker = os.environ.get("INSTANCE_NAME") or f"{socket.gethostname()}:{os.getpid()}"
    name = f"{PING_DIR}/{token}.txt"
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(worker.encode()))
    return {"token": token, "worker": worker}
