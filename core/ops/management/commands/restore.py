import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung von `backup` wieder her (pg_restore --clean in die konfigurierte "
        "Datenbank, dann MEDIA_ROOT). Ersetzt den bisherigen Inhalt!"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="die .dump-Datei, z. B. backups/20261125T120000Z.dump")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="ohne Rückfrage (CI, Skripte)",
        )

    def handle(self, *args, file, interactive, **options):
        name = connections["default"].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"Der Inhalt der Datenbank „{name}“ wird durch {file} ersetzt. "
                "Fortfahren? Zum Bestätigen „ja“ eingeben: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Abgebrochen; nichts wurde verändert.")
        try:
            restored = restore(Path(file))
        except (BackupError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
        for path in restored:
            self.stdout.write(f"wiederhergestellt: {path}")
