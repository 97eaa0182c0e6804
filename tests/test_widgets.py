"""FastSelect writes the same markup as Django's Select through its Jinja2 templates
(the form renderer of the project, core/form_renderer.py)."""

import pytest
from django import forms
from django.forms.renderers import Jinja2

from core.widgets import FastSelect

CHOICES = [
    ("", "alle"),
    (1, "Bildung & <Sprache>"),
    ('Gruppe "A"', [(2, "zwei"), (3, "drei")]),
    ("x'y", "Anführungszeichen ' und \""),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", "x'y", ["1", "3"]])
@pytest.mark.parametrize("attrs", [{}, {"class": "form-select", "aria-invalid": "true"}])
def test_same_markup_as_djangos_select(value, attrs):
    django_html = forms.Select(choices=CHOICES).render(
        "feld", value, {"id": "id_feld", **attrs}, renderer=Jinja2()
    )
    ours = FastSelect(choices=CHOICES).render("feld", value, {"id": "id_feld", **attrs})
    assert ours == django_html


def test_boolean_attributes():
    html = FastSelect(choices=[(1, "a")], attrs={"required": True, "disabled": False}).render(
        "f", 1
    )
    assert '<select name="f" required>' in html
    assert "disabled" not in html
    assert '<option value="1" selected>a</option>' in html
