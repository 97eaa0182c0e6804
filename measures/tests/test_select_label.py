"""Empty choices of selects are labelled in German (Django 6.1 ships only
"- Select an option -"; locale/de/LC_MESSAGES/django.po translates it for every form)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from concept.models import Actor
from measures.models import StatusUpdate

GERMAN = "– bitte wählen –"
CATALOG = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"


@pytest.mark.django_db
def test_measure_create_form_offers_a_german_empty_choice(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("measures:create")).content.decode()
    assert "Select an option" not in html
    # Handlungsfeld, Ziel, federführender Akteur, Personal gestellt von
    for name in ("action_field", "goal", "lead_actor", "staff_actor"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        assert f'<option value="" selected>{GERMAN}</option>' in select, name


def test_every_django_select_uses_the_german_empty_choice():
    class AnyForm(forms.Form):
        model = forms.ModelChoiceField(queryset=Actor.objects.none(), required=False)
        path = forms.FilePathField(path=str(CATALOG), required=False)

    with translation.override("de"):
        status = StatusUpdate._meta.get_field("status").formfield()  # choices of a model field
        html = str(AnyForm()) + status.widget.render("status", "")
    assert "Select an option" not in html
    assert html.count(GERMAN) == 3


def test_compiled_catalog_matches_the_po_file():
    """The .mo is committed (no build step compiles it): it must say what the .po says."""
    import gettext

    po = (CATALOG / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, re.M)
    assert pairs
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, msgstr in pairs:
        assert compiled.gettext(msgid) == msgstr
