"""Render one council paper to a PDF file, synchronously (for scripts and checks)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from council.models import CouncilPaper
from council.renderers import paper as paper_renderer


class Command(BaseCommand):
    help = "Erzeugt das PDF einer Drucksache, z. B. render_paper 2018/222/1 --output drs.pdf"

    def add_arguments(self, parser):
        parser.add_argument("number", help="Drucksachen-Nr., z. B. 2018/222/1")
        parser.add_argument("--output", "-o", required=True, help="Zieldatei (.pdf)")

    def handle(self, *args, number, output, **options):
        try:
            paper = CouncilPaper.objects.select_related("revision").get(number=number)
        except CouncilPaper.DoesNotExist as error:
            raise CommandError(f"Keine Drucksache mit der Nummer {number}.") from error
        _filename, _mimetype, data = paper_renderer.render(paper)
        Path(output).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"{paper.get_kind_display()} {paper.number}: {len(data)} Bytes → {output}"
            )
        )
