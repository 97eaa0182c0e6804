"""Bidi overrides and zero-width characters: refused in every form and import, removed from
every PDF, so the visible text of an official paper is the stored one (core/text.py)."""

import io
import json

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from core.text import invisible_characters, strip_invisible
from council.models import PaperKind
from council.renderers import paper as paper_renderer
from council.tests.factories import CouncilPaperFactory, frozen_revision
from measures.models import Measure
from measures.tests.factories import MeasureFactory, edit_original

RLO = "\u202e"
ZWSP = "\u200b"


def test_format_characters_are_found_and_removed_but_the_soft_hyphen_stays():
    text = f"Will{ZWSP}kommens{RLO}mappe\u2066x\u2069 Integrations\u00adkonzept\ufeff"
    assert invisible_characters(text) == [ZWSP, RLO, "\u2066", "\u2069", "\ufeff"]
    assert strip_invisible(text) == "Willkommensmappex Integrations\u00adkonzept"
    assert invisible_characters("Gemeinde Laatzen – Straße 5 € ½") == []


def test_any_form_refuses_them_but_a_password_field_does_not():
    class AnyForm(forms.Form):
        name = forms.CharField()
        secret = forms.CharField(widget=forms.PasswordInput)

    form = AnyForm({"name": f"Team{ZWSP} Soziales", "secret": f"geheim{ZWSP}"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert "U+200B (ZERO WIDTH SPACE)" in form.errors["name"][0]


@pytest.mark.django_db
def test_measure_title_with_a_right_to_left_override_is_refused_and_kept_in_the_form(
    client, coordinator
):
    measure = MeasureFactory(title="Sprachcafé")
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:update", args=[measure.pk]),
        {
            "number": measure.number,
            "title": f"Zuschuss {RLO}000.5 €",
            "action_field": str(measure.action_field_id),
            "status": measure.status,
            "progress": str(measure.progress),
            "original": edit_original(measure),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "unsichtbare Steuerzeichen" in html
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in html
    assert f"Zuschuss {RLO}000.5 €" in html  # nothing typed is lost
    measure.refresh_from_db()
    assert measure.title == "Sprachcafé"


@pytest.mark.django_db
def test_an_import_row_with_a_zero_width_space_is_a_row_error(client, coordinator):
    data = f"Handlungsfeld;Titel;Status\n3;Lese{ZWSP}paten;geplant\n".encode()
    client.force_login(coordinator)
    client.post(
        reverse("measures:import"),
        {"kind": "measures", "file": SimpleUploadedFile("m.csv", data, "text/csv")},
    )
    response = client.get(reverse("measures:import_preview"))
    (row,) = response.context["plan"].rows
    assert len(row.errors) == 1
    assert row.errors[0].message.startswith("Der Text enthält unsichtbare Steuerzeichen")
    html = response.content.decode()
    assert "Zeile 2, Titel" in html
    assert "U+200B (ZERO WIDTH SPACE)" in html
    assert not Measure.objects.exists()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_the_council_paper_pdf_never_contains_them_even_from_old_data(coordinator):
    measure = MeasureFactory(number="1.1", title="Willkommensmappe")
    # stored before the check existed: written past every form, straight into the table
    Measure.objects.filter(pk=measure.pk).update(title=f"Willkommens{RLO}mappe")
    revision = frozen_revision(coordinator)
    assert RLO in json.dumps(revision.snapshot, ensure_ascii=False)
    paper = CouncilPaperFactory(
        revision=revision,
        kind=PaperKind.RESOLUTION,
        proposed_resolution=f"Der Rat{ZWSP} beschließt{RLO} das Konzept.",
    )
    assert RLO in paper_renderer.render_html(paper)
    _, _, pdf = paper_renderer.render(paper)
    text = _text(pdf)
    assert "Willkommensmappe" in text
    assert "beschließt das Konzept" in text
    assert invisible_characters(text) == []


@pytest.mark.django_db
def test_the_measures_export_leaves_them_out(client, council):
    measure = MeasureFactory(number="1.1", title="Sprachcafé")
    Measure.objects.filter(pk=measure.pk).update(title=f"Sprach{RLO}café{ZWSP}")
    client.force_login(council)
    response = client.get(reverse("measures:export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert "Sprachcafé" in text
    assert invisible_characters(text) == []
