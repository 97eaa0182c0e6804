from pathlib import Path

from django.core.management.base import BaseCommand

from measures.importing.example import write_examples


class Command(BaseCommand):
    help = (
        "Schreibt Beispieldateien für den Import (Akteure, Ziele, Maßnahmen, Sachstände) aus "
        "dem Datenbestand, z. B. nach loaddemo."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="import-beispiel", help="Zielordner")

    def handle(self, *args, folder, **options):
        for path in write_examples(Path(folder)):
            self.stdout.write(str(path))
