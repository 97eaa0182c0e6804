"""Daily job: enqueue the reminder mails that are due (run from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from participation.models import ReminderKind
from participation.reminders import run_reminders


class Command(BaseCommand):
    help = (
        "Verschickt fällige Erinnerungen (Fristen in 30/7 Tagen, überschrittene Fristen, "
        "fällige Sachstände, offene Abfragen, Berichtsrunden) als E-Mail-Aufgaben, je "
        "Empfänger*in eine E-Mail, jede Erinnerung nur einmal; montags (oder beim ersten Lauf "
        "der Woche) die Wochenübersicht an die Koordination."
    )

    def handle(self, *args, **options):
        result = run_reminders()
        for kind in ReminderKind:
            self.stdout.write(f"{kind.label}: {result.reminders.get(kind.value, 0)}")
        self.stdout.write(f"E-Mails eingereiht: {result.mails}")
        self.stdout.write(
            self.style.SUCCESS(f"Erinnerungen eingereiht: {sum(result.reminders.values())}")
        )
