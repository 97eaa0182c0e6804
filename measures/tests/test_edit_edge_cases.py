"""The measure form at its edges: German numbers, long texts, many actors, lead among partners.

Whatever is wrong is said in German at its field, and everything typed (partner boxes
included) is shown again.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, action_field
from measures.models import Measure

from .factories import MeasureFactory
from .test_edit import CREATE, form_data

CHECKED_PARTNER = re.compile(
    r'<input type="checkbox"[^>]* name="partners" value="(\d+)"[^>]*checked'
)


def checked_partners(html: str) -> set[str]:
    return set(CHECKED_PARTNER.findall(html))


def field_errors(response) -> dict:
    errors = response.context["form"].errors
    return {name: [str(e) for e in messages] for name, messages in errors.items()}


@pytest.mark.django_db
def test_the_lead_actor_ticked_as_partner_too_is_refused_and_everything_stays(client, coordinator):
    client.force_login(coordinator)
    lead = ActorFactory(name="Volkshochschule Leinetal")
    partner = ActorFactory(name="AWO Ortsverein")
    response = client.post(
        CREATE,
        form_data(
            title="Sprachcafé",
            lead_actor=str(lead.pk),
            partners=[str(lead.pk), str(partner.pk)],
            indicator_baseline="1.234,5",
            budget_amount="12.500,00",
            deadline="31.12.2026",
        ),
    )
    assert response.status_code == 200
    assert field_errors(response) == {
        "partners": [
            "Volkshochschule Leinetal ist federführend und kann nicht zugleich "
            "Kooperationspartner sein. Bitte das Häkchen bei Volkshochschule Leinetal entfernen."
        ]
    }
    html = response.content.decode()
    assert checked_partners(html) == {str(lead.pk), str(partner.pk)}
    assert 'value="Sprachcafé"' in html
    assert 'value="1.234,5"' in html
    assert 'value="12.500,00"' in html
    assert 'value="31.12.2026"' in html
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_german_numbers_are_read_and_shown_again_in_german(client, coordinator):
    client.force_login(coordinator)
    client.post(
        CREATE,
        form_data(
            indicator_baseline="1.234,5",
            indicator_target="2.000",
            indicator_current="1234.56",
            staff_hours_per_year="1.234,5",
            staff_fte="0,25",
            budget_amount="1.234.567,89",
            start_date="1.2.2026",
            deadline="31.12.2026",
        ),
    )
    measure = Measure.objects.get(number="3.7")
    assert (
        measure.indicator_baseline,
        measure.indicator_target,
        measure.indicator_current,
        measure.staff_hours_per_year,
        measure.staff_fte,
        measure.budget_amount,
    ) == (
        Decimal("1234.5"),
        Decimal("2000"),
        Decimal("1234.56"),
        Decimal("1234.5"),
        Decimal("0.25"),
        Decimal("1234567.89"),
    )
    html = client.get(reverse("measures:update", args=[measure.pk])).content.decode()
    for shown in ('value="1.234,50"', 'value="1.234,5"', 'value="1.234.567,89"', 'value="0,25"'):
        assert shown in html
    assert 'value="01.02.2026"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("indicator_baseline", "1,234", "höchstens 2 Dezimalstellen"),
        ("budget_amount", "12.345.678.901,00", "höchstens 12 Ziffern"),
        ("staff_fte", "-0,5", "Der Stellenanteil darf nicht negativ sein."),
        ("budget_amount", "12.500,00 €", "Bitte eine Zahl eingeben"),
        ("deadline", "2026-31-12", "Bitte ein gültiges Datum eingeben"),
        ("title", "T" * 301, "höchstens 300 Zeichen"),
    ],
)
def test_out_of_range_input_is_named_in_german_and_kept(client, coordinator, field, typed, message):
    client.force_login(coordinator)
    partner = ActorFactory()
    response = client.post(CREATE, form_data(**{field: typed, "partners": [str(partner.pk)]}))
    assert response.status_code == 200
    errors = field_errors(response)
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert typed in html
    assert checked_partners(html) == {str(partner.pk)}
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_a_very_long_description_is_saved_whole_and_shown_in_the_history(client, coordinator):
    client.force_login(coordinator)
    text = "Offener Treff für Eltern. " * 2000  # about 50,000 characters
    client.post(CREATE, form_data(description=text.strip()))
    measure = Measure.objects.get(number="3.7")
    assert measure.description == text.strip()
    response = client.post(
        reverse("measures:update", args=[measure.pk]),
        form_data(measure, description="Kurz.", number="3.7", lead_actor=""),
    )
    assert response.status_code == 302
    changes = measure.history.first().diff_against(measure.history.last()).changes
    assert ("description", text.strip(), "Kurz.") in [(c.field, c.old, c.new) for c in changes]


@pytest.mark.django_db
def test_edit_page_query_count_is_the_same_for_5_and_60_actors_and_partners(
    client, coordinator, django_assert_num_queries
):
    """Queries: session, user, measure (+field, goal, lead, staff actor), permission (groups),
    the measure's partners, goals with their fields, action fields, the actors of each of the
    three actor fields (lead, staff, partners); for the number proposed when the field changes:
    the action fields' numbers and the measure numbers in use."""
    client.force_login(coordinator)
    measure = MeasureFactory(action_field=action_field(3))
    url = reverse("measures:update", args=[measure.pk])

    def page(partners, queries):
        measure.partners.set(partners)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200

    page(ActorFactory.create_batch(5), 12)
    page(ActorFactory.create_batch(60), 12)
