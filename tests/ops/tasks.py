"""Tasks for process tests only: they signal where they are through the storage."""

import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task


@task
def hold(token: str, seconds: float) -> str:
    """Write ``hold/<token>.started``, then take ``seconds``: time to kill the worker."""
    default_storage.save(f"hold/{token}.started", ContentFile(b"1"))
    time.sleep(seconds)
    default_storage.save(f"hold/{token}.finished", ContentFile(b"1"))
    return token
