from datetime import timedelta

from django.core.management.base import BaseCommand

from core.ops.recovery import recover_lost_work


class Command(BaseCommand):
    help = (
        "Markiert Aufgaben, deren Worker ohne Ergebnis verschwunden ist, als fehlgeschlagen "
        "(Datenbank-Backend: länger als TASK_TIMEOUT_SECONDS in Arbeit; RQ: abgelaufener "
        "Herzschlag), danach, was sie halb fertig hinterlassen haben (z. B. Drucksachen-PDFs "
        "„wird erzeugt“). Läuft alle 5 Minuten über laatzen-recover-tasks.timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            help="Sekunden in Arbeit, ab denen eine Aufgabe als verloren gilt "
            "(Standard TASK_TIMEOUT_SECONDS)",
        )

    def handle(self, *args, older_than, **options):
        limit = None if older_than is None else timedelta(seconds=older_than)
        count, repaired = recover_lost_work(older_than=limit)
        self.stdout.write(f"{count} verlorene Aufgabe(n) als fehlgeschlagen markiert.")
        for label, rows in repaired:
            self.stdout.write(f"{label}: {rows} als fehlgeschlagen markiert.")
