"""Enqueue the ``ping`` task and wait until workers have run it: are the workers alive?"""

import logging
import time
import uuid
from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from core.ops.tasks import PING_DIR, ping

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Stellt die Aufgabe „ping“ in die Warteschlange und wartet, bis Worker sie "
        "ausgeführt haben (Exit-Code 0) oder die Wartezeit abläuft (Exit-Code 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=30.0, help="Sekunden (Standard 30)")
        parser.add_argument("--count", type=int, default=1, help="so viele Aufgaben (1)")

    def handle(self, *args, wait, count, **options):
        pending = {uuid.uuid4().hex: None for _ in range(count)}
        for token in pending:
            pending[token] = ping.enqueue(token)
        logger.info("ops_ping: %d task(s) enqueued, waiting up to %g s", count, wait)
        deadline = time.monotonic() + wait
        workers = Counter()
        while pending:
            for token, result in list(pending.items()):
                result.refresh()
                if result.status == TaskResultStatus.FAILED:
                    raise CommandError(f"Die Aufgabe ping ist fehlgeschlagen: {result.errors}")
                if result.status == TaskResultStatus.SUCCESSFUL:
                    workers[self._collect(token)] += 1
                    del pending[token]
            if pending and time.monotonic() > deadline:
                raise CommandError(
                    f"Kein Worker hat die Aufgabe ping binnen {wait:g} s ausgeführt "
                    f"({len(pending)} von {count} offen)."
                )
            if pending:
                time.sleep(0.2)
        for worker, done in sorted(workers.items()):
            self.stdout.write(f"ok: {done} Aufgabe(n) ausgeführt von {worker}")

    def _collect(self, token: str) -> str:
        name = f"{PING_DIR}/{token}.txt"
        with default_storage.open(name) as stored:
            worker = stored.read().decode()
        default_storage.delete(name)
        return worker
