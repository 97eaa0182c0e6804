"""Daily job: enqueue the reminder mails that are due (run from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from participation.models import ReminderKind
from participation.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Verschickt fällige Erinnerungen (Fristen in 30/7 Tagen, überschrittene Fristen, "
        "fällige Sachstände, offene Abfragen) als E-Mail-Aufgaben; jede nur einmal."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        for kind in ReminderKind:
            self.stdout.write(f"{kind.label}: {sent.get(kind.value, 0)}")
        self.stdout.write(self.style.SUCCESS(f"Erinnerungen eingereiht: {sum(sent.values())}"))
