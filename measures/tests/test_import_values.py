"""Progress cells as German spreadsheets hold them."""

from decimal import Decimal

import pytest

from core.tabular import Percent
from measures.importing.values import parse_progress


@pytest.mark.parametrize(
    ("cell", "progress"),
    [(Percent(100), 100), (Percent(40), 40), ("40 %", 40), ("40", 40), (40, 40), ("40,0", 40)],
)
def test_progress_is_read_as_the_percent_the_cell_shows(cell, progress):
    assert parse_progress(cell) == progress


@pytest.mark.parametrize("cell", [0.4, Decimal("0.5"), Percent("12.5"), "101", "viel"])
def test_a_fraction_or_anything_but_a_whole_percent_is_refused_not_guessed(cell):
    with pytest.raises(ValueError, match="ganze Zahl von 0 bis 100"):
        parse_progress(cell)


@pytest.mark.django_db
def test_a_deactivated_field_takes_no_new_measure_by_form_or_import(client, coordinator):
    from django.urls import reverse

    from concept.tests.factories import action_field
    from measures.tests.factories import MeasureFactory

    closed = action_field(7)
    existing = MeasureFactory(action_field=closed, number="7.1")
    closed.is_active = False
    closed.save()
    client.force_login(coordinator)
    create = client.get(reverse("measures:create")).context["form"]
    assert closed not in create.fields["action_field"].queryset
    edit = client.get(reverse("measures:update", args=[existing.pk])).context["form"]
    assert closed in edit.fields["action_field"].queryset  # the measure keeps its field

    from measures.tests.test_import_real_files import PREVIEW, upload

    csv = (
        b"Nr;Titel;Handlungsfeld\n"
        b"7.1;Umbenannt;7\n"  # stays in its (now closed) field: allowed
        b";Neues Vorhaben;7\n"  # new in a closed field: refused
    )
    upload(client, csv, name="plan.csv")
    plan = client.get(PREVIEW).context["plan"]
    first, second = plan.rows
    assert first.errors == []
    assert ["deaktiviert" in str(e) for e in second.errors] == [True]


@pytest.mark.django_db
def test_choice_values_are_plain_ids_even_above_999(client, coordinator):
    """1.234 (German thousands) as an option's value would map a name to nobody."""
    from django.urls import reverse

    from concept.tests.factories import ActorFactory
    from measures.tests.test_import_real_files import PREVIEW, upload

    ActorFactory(id=12345, name="Caritasverband Musterhausen e.V.")
    client.force_login(coordinator)
    upload(client, "Titel;Handlungsfeld;Federführung\nSprachcafé;3;Unbekannt\n".encode(), "p.csv")
    html = client.get(PREVIEW).content.decode()
    assert 'value="12345"' in html and "12.345" not in html
    assert reverse("measures:import_preview") == PREVIEW
