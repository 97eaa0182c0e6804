"""Enqueue the ``ping`` task and wait until a worker has run it: is the worker alive?"""

import time
import uuid

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from laatzen_integration.ops.tasks import PING_DIR, ping


class Command(BaseCommand):
    help = (
        "Stellt die Aufgabe „ping“ in die Warteschlange und wartet, bis ein Worker sie "
        "ausgeführt hat (Exit-Code 0) oder die Wartezeit abläuft (Exit-Code 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=30.0, help="Sekunden (Standard 30)")

    def handle(self, *args, wait, **options):
        token = uuid.uuid4().hex
        result = ping.enqueue(token)
        deadline = time.monotonic() + wait
        while True:
            result.refresh()
            if result.status == TaskResultStatus.SUCCESSFUL:
                break
            if result.status == TaskResultStatus.FAILED:
                raise CommandError(f"Die Aufgabe ping ist fehlgeschlagen: {result.errors}")
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Kein Worker hat die Aufgabe ping binnen {wait:g} s ausgeführt "
                    f"(Status {result.status})."
                )
            time.sleep(0.2)
        name = f"{PING_DIR}/{token}.txt"
        with default_storage.open(name) as stored:
            worker = stored.read().decode()
        default_storage.delete(name)
        self.stdout.write(f"ok: Aufgabe {result.id} ausgeführt von {worker}")
