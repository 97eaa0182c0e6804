"""Daily job: apply the deletion periods (run from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from core import privacy


class Command(BaseCommand):
    help = (
        "Löscht oder anonymisiert personenbezogene Daten, deren Löschfrist abgelaufen ist "
        "(RETENTION_*_DAYS), und nennt die Zahl je Art."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur zählen, nichts löschen")

    def handle(self, *args, dry_run=False, **options):
        results = privacy.retention_run(dry_run=dry_run)
        verb = "würden bearbeitet" if dry_run else "gelöscht/anonymisiert"
        for result in results:
            rule = result.rule
            if result.kept:
                line = f"{rule.label}: Frist {rule.setting}=0, wird aufbewahrt"
            else:
                line = f"{rule.label}: {result.count} {verb} (Frist {result.days} Tage)"
            self.stdout.write(line)
        if not results:
            self.stdout.write("Keine Löschfristen registriert.")
