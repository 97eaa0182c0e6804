"""Issue #21 (3): the public page's measures as open data, CSV and JSON, with the licence."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory
from council.tests.factories import adopted_revision
from measures.models import MeasureStatus
from measures.services import measure_delete
from measures.tests.factories import MeasureFactory
from participation.services import publication_update
from public import open_data

CSV = reverse("public:csv_export")
JSON = reverse("public:json_export")
PERSONAL = {"email", "phone", "contact_person", "notes", "staff_actor", "reported_by", "author"}


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Willkommen.")


@pytest.fixture
def edition(coordinator):
    lead = ActorFactory(name="Familienzentrum", contact_person="Erika Muster", phone="0511 1")
    measure = MeasureFactory(
        number="1.1",
        title="=Sprachcafé",
        lead_actor=lead,
        goal=GoalFactory(title="Deutsch lernen"),
        deadline=datetime.date(2027, 6, 30),
        indicator_current=Decimal("12.5"),
        notes="intern: nicht veröffentlichen",
    )
    measure.partners.add(ActorFactory(name="VHS", email="vhs@example.org"))
    MeasureFactory(number="1.2", title="Wird gestrichen")
    revision = adopted_revision(coordinator, title="Erstfassung")
    return revision, measure


def _csv_rows(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_bom_semicolons_german_dates_and_the_licence_link(client, published, edition):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    header, *rows = _csv_rows(response)
    assert header == open_data.csv_headers()
    assert len(header) == len(open_data.MEASURE_KEYS)
    row = dict(zip(header, rows[0], strict=True))
    assert row["Nr."] == "1.1"
    assert row["Maßnahme"] == "'=Sprachcafé"  # a formula is neutralised
    assert row["Ziel"] == "Deutsch lernen"
    assert row["federführend"] == "Familienzentrum" and row["Partner"] == "VHS"
    assert row["Frist"] == "30.06.2027" and row["Frist beim Beschluss"] == "30.06.2027"
    assert row["Beginn"] == "01.01.2026"
    assert row["Status"] == "in Umsetzung" and row["Status-Code"] == MeasureStatus.IN_PROGRESS
    assert row["aktueller Wert"] == "12,5" and row["Zielwert"] == "50"
    assert row["SMART"] == "ja" and row["entfallen"] == "nein"
    text = "\n".join(";".join(r) for r in rows)
    assert "Erika" not in text and "vhs@example.org" not in text and "intern" not in text


def test_json_has_iso_dates_the_licence_and_only_public_keys(client, published, edition):
    response = client.get(JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["licence"] == {
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    }
    assert data["edition"] == {"title": "Erstfassung", "decided_on": "2026-03-01"}
    assert data["count"] == 2
    first = data["measures"][0]
    assert set(first) == set(open_data.MEASURE_KEYS)
    assert not PERSONAL & set(first)
    assert first["deadline"] == "2027-06-30" and first["start_date"] == "2026-01-01"
    assert first["partners"] == ["VHS"] and first["indicator_current"] == 12.5
    assert "Erika" not in response.content.decode()


def test_a_measure_dropped_since_adoption_is_marked(client, published, edition, coordinator):
    dropped = MeasureFactory(number="1.3", title="Entfällt")
    adopted_revision(coordinator, title="Zweitfassung")
    measure_delete(measure=dropped, user=coordinator)
    record = next(m for m in client.get(JSON).json()["measures"] if m["number"] == "1.3")
    assert record["dropped"] is True and record["title"] == "Entfällt"


def test_licence_comes_from_the_settings_and_shows_on_the_page(client, published, settings):
    settings.PUBLIC_DATA_LICENCE = "CC BY 4.0"
    settings.PUBLIC_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    page = client.get(reverse("public:overview")).content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0' in page
    assert f'href="{CSV}"' in page and f'href="{JSON}"' in page
    assert client.get(JSON).json()["licence"]["name"] == "CC BY 4.0"


def test_unpublished_means_no_downloads(client, coordinator, edition):
    publication_update(user=coordinator, is_published=False, intro="")
    assert client.get(CSV).status_code == 404
    assert client.get(JSON).status_code == 404
    client.force_login(coordinator)  # the coordination's preview has no download links
    page = client.get(reverse("public:overview")).content.decode()
    assert CSV not in page
