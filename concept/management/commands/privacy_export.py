"""Auskunft nach DSGVO Art. 15: everything held about one person, as a JSON file."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from concept.privacy import person_export_data, person_lookup
from core.privacy import person_export_zip


class Command(BaseCommand):
    help = "Exportiert alle zu einer Person gespeicherten Daten (DSGVO Art. 15) als JSON."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="Benutzername des Kontos")
        who.add_argument("--email", help="E-Mail-Adresse (auch für Personen ohne Konto)")
        parser.add_argument("-o", "--output", help="Datei (sonst Standardausgabe)")
        parser.add_argument(
            "--zip",
            action="store_true",
            help="als ZIP mit auskunft.json und LIESMICH.txt (braucht -o)",
        )

    def handle(self, *args, user=None, email=None, output=None, zip=False, **options):
        try:
            person = person_lookup(username=user, email=email)
        except LookupError as error:
            raise CommandError(str(error)) from error
        data = person_export_data(person)
        if zip:
            if not output:
                raise CommandError("--zip braucht eine Datei: -o auskunft.zip")
            with open(output, "wb") as handle:
                handle.write(person_export_zip(data))
            self.stderr.write(f"Geschrieben: {output}")
            return
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Geschrieben: {output}")
        else:
            sys.stdout.write(text + "\n")
