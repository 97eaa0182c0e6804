import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sichert die Datenbank (PostgreSQL: pg_dump nach <Zeitstempel>.dump, sonst dumpdata "
        "nach <Zeitstempel>.json) und – bei Ablage im Dateisystem – MEDIA_ROOT nach "
        "<Zeitstempel>.media.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="Zielverzeichnis (backups/)")
        parser.add_argument(
            "--json",
            action="store_true",
            help="auch bei PostgreSQL als JSON (dumpdata), z. B. für einen Wechsel der Datenbank",
        )

    def handle(self, *args, dir, json, **options):
        try:
            written = backup(Path(dir), json=json)
        except (BackupError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
        for path in written:
            self.stdout.write(f"geschrieben: {path}")
