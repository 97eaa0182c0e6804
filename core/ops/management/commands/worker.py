"""One worker command for every task backend: what the systemd unit runs."""

import socket

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from core.ops.heartbeat import Heartbeat


class Command(BaseCommand):
    help = (
        "Startet den Task-Worker des eingestellten Backends: TASKS_BACKEND=db → db_worker "
        "(mit Herzschlag: ein abgestürzter Worker fällt binnen einer Minute auf), "
        "TASKS_BACKEND=rq → rqworker (Redis)."
    )

    def handle(self, *args, **options):
        if settings.TASKS_BACKEND == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.Job")
            return
        worker_id = f"{socket.gethostname()[:40]}-{get_random_string(12)}"
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            call_command("db_worker", worker_id=worker_id, reload=False)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=10)
