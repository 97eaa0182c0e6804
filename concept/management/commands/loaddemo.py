"""Fill an empty database with a realistic demo concept of the Stadt Laatzen.

Every app may contribute a ``demo.py`` with ``load(*, log)``; they run in the order of
INSTALLED_APPS, so lower layers (actors, users) exist before the layers that use them.
Each loader is idempotent: running the command twice creates nothing new.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from concept.models import Actor


class Command(BaseCommand):
    help = "Lädt Demodaten (Handlungsfelder, Ziele, Akteure, Maßnahmen, Benutzer*innen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch mit DEBUG=False laden (nie auf einem Produktivsystem!).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Nur laden, wenn die Datenbank noch keine Akteure enthält (für make run).",
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if if_empty and Actor.objects.exists():
            self.stdout.write("Die Datenbank enthält schon Daten; keine Demodaten geladen.")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demodaten werden nur mit DEBUG=True geladen. "
                "Mit --force trotzdem laden – nie auf einem Produktivsystem."
            )
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if Path(config.path).parent == settings.BASE_DIR and find_spec(module_name):
                    import_module(module_name).load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demodaten sind geladen."))
