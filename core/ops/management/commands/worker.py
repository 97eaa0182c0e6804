"""One worker command for every task backend: what the systemd unit runs."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Startet den Task-Worker des eingestellten Backends: TASKS_BACKEND=db → db_worker, "
        "TASKS_BACKEND=rq → rqworker (Redis)."
    )

    def handle(self, *args, **options):
        if settings.TASKS_BACKEND == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.Job")
        else:
            call_command("db_worker")
