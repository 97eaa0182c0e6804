"""The import as a management command: the same plan, rules and messages as the preview."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from . import CommitError, TableError, importer_for
from .names import ALL_ACTORS, ALL_GOALS, NEW


class ImportCommand(BaseCommand):
    kind = ""
    names_options = False  # --create-missing-actors / --create-missing-goals

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Excel- (.xlsx) oder CSV-Datei"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("nur prüfen und zusammenfassen, nichts speichern"),
        )
        parser.add_argument(
            "--user",
            default=None,
            help=_("Benutzername, der in der Historie steht (Standard: keiner)"),
        )
        if self.names_options:
            parser.add_argument(
                "--create-missing-actors",
                action="store_true",
                help=_("fehlende Akteure anlegen (Art „Sonstige“) statt abzubrechen"),
            )
            parser.add_argument(
                "--create-missing-goals",
                action="store_true",
                help=_("fehlende Ziele im Handlungsfeld der Zeile anlegen statt abzubrechen"),
            )

    def handle(self, *args, file, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Datei „%s“ nicht gefunden.") % file)
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("Benutzer*in „%s“ gibt es nicht.") % user)
        decisions = {}
        if options.get("create_missing_actors"):
            decisions[ALL_ACTORS] = NEW
        if options.get("create_missing_goals"):
            decisions[ALL_GOALS] = NEW
        importer = importer_for(self.kind, decisions=decisions)
        try:
            plan = importer.plan(importer.read(path.read_bytes(), path.name))
        except TableError as error:
            raise CommandError(str(error)) from None
        if not plan.is_valid:
            for line in plan.error_lines():
                self.stderr.write(line)
            hint = ""
            if self.names_options and plan.open_names:
                hint = " " + _(
                    "Fehlende Namen: in der Vorschau der Web-Oberfläche zuordnen, als anderen "
                    "Namen beim Akteur eintragen oder --create-missing-actors / "
                    "--create-missing-goals angeben."
                )
            raise CommandError(
                _("%(count)d Fehler; es wurde nichts importiert.")
                % {"count": len(plan.error_lines())}
                + hint
            )
        if not dry_run:
            try:
                importer.commit(plan, user=account)
            except CommitError as error:
                raise CommandError(str(error)) from None
        summary = plan.summary()
        if dry_run:
            summary += " " + _("(Probelauf, nichts gespeichert)")
        self.stdout.write(summary)
