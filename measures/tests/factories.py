import datetime
import re
from decimal import Decimal

import factory

from concept.tests.factories import ActorFactory, action_field
from measures.models import Measure, MeasureNote, MeasureStatus, StatusUpdate

AUTO = "auto"


class MeasureFactory(factory.django.DjangoModelFactory):
    """A complete, SMART measure unless told otherwise."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    # "<field>.<n>", as the measure form requires (see _adjust_kwargs); from 101 so as not to
    # meet the numbers tests choose themselves
    number = factory.Sequence(lambda n: f"{AUTO}.{n + 101}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Sprachkurs mit Kinderbetreuung, zweimal wöchentlich."
    action_field = factory.LazyFunction(action_field)
    target_group = "Mütter mit Kleinkindern"
    lead_actor = factory.SubFactory(ActorFactory)
    start_date = datetime.date(2026, 1, 1)
    deadline = datetime.date(2027, 12, 31)
    status = MeasureStatus.IN_PROGRESS
    progress = 40
    indicator = "Teilnehmerinnen mit Abschluss B1"
    indicator_unit = "Personen"
    indicator_baseline = Decimal("0")
    indicator_target = Decimal("50")
    staff_hours_per_year = Decimal("200")
    budget_amount = Decimal("12500.00")
    funding_source = "städtischer Haushalt"

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Number and action field agree: a generated number takes the field's number; a
        number a test chooses ("5.1") puts the measure into that field."""
        number, field = kwargs["number"], kwargs["action_field"]
        if number.startswith(f"{AUTO}."):
            kwargs["number"] = f"{field.number}{number.removeprefix(AUTO)}"
        elif (match := re.fullmatch(r"([1-7])\.\d+", number)) and int(match[1]) != field.number:
            kwargs["action_field"] = action_field(int(match[1]))
        return kwargs


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    measure = factory.SubFactory(MeasureFactory)
    status = MeasureStatus.IN_PROGRESS
    progress = 50
    text = "Läuft."


class MeasureNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureNote

    measure = factory.SubFactory(MeasureFactory)
    actor = factory.SubFactory(ActorFactory)
    text = "Wir sind dabei."


def edit_original(measure) -> str:
    """The hidden ``original`` the measure form carries when opened now (core/conflicts.py)."""
    from measures.forms import MeasureForm

    return MeasureForm(instance=measure).initial["original"]


def report_original(measure) -> str:
    """The hidden ``original`` the status report form carries when opened now."""
    from measures.conflicts import report_token

    return report_token(measure)


def _blank_pdf() -> bytes:
    """A real one-page PDF (pages that read PDFs, e.g. tests/test_xss.py, parse it)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = _blank_pdf()


def pdf_upload(name="Förderbescheid.pdf", data=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def measure_document(measure, *, user=None, name="Förderbescheid.pdf", data=PDF_BYTES, **kw):
    """A document on ``measure``, stored through the service (type check included)."""
    from measures.document_services import measure_document_add

    document = measure_document_add(measure=measure, user=user, upload=pdf_upload(name, data), **kw)
    return document
