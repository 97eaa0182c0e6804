"""Differences between editions, in German sentences, grouped by action field."""

import copy

import pytest

from council.diff import diff_documents
from council.services import revision_freeze
from council.snapshot import build_snapshot
from council.tests.factories import RevisionFactory

FIELDS = [
    {"number": n, "name": name}
    for n, name in enumerate(
        ["Willkommenskultur", "Wohnen und Leben", "Bildung und Sprache"], start=1
    )
]


def measure(id_, number, field=1, **kw):
    doc = {
        "id": id_,
        "number": number,
        "title": f"Maßnahme {number}",
        "description": "Text",
        "target_group": "alle",
        "action_field": field,
        "goal": None,
        "lead_actor": {"id": 1, "name": "Team 50", "short_name": ""},
        "staff_actor": None,
        "partners": [],
        "start_date": "2021-01-01",
        "deadline": "2022-06-30",
        "status": "planned",
        "progress": 0,
        "indicator": "Teilnehmende",
        "indicator_unit": "Personen",
        "indicator_baseline": "0.00",
        "indicator_target": "50.00",
        "indicator_current": None,
        "staff_hours_per_year": "100.0",
        "staff_fte": None,
        "budget_amount": "6500.00",
        "funding_source": "Haushalt",
        "budget_years": "2021",
        "no_extra_resources": False,
    }
    doc.update(kw)
    return doc


def doc(*measures):
    return {"schema_version": 1, "action_fields": FIELDS, "measures": list(measures)}


def sentences(old, new):
    changes = [c for g in diff_documents(old, new).groups for c in g.changed]
    assert len(changes) == 1
    return changes[0].sentences


def test_deadline_moved_is_one_german_sentence():
    old = doc(measure(1, "1.1"))
    new = doc(measure(1, "1.1", deadline="2022-12-31"))
    assert sentences(old, new) == ["Frist vom 30.06.2022 auf 31.12.2022 verschoben"]


def test_lead_actor_change_shows_both_names():
    old = doc(measure(1, "1.1"))
    new = doc(measure(1, "1.1", lead_actor={"id": 2, "name": "VHS", "short_name": ""}))
    assert sentences(old, new) == ["federführend: Team 50 → VHS"]


def test_budget_raise_and_cut_in_euro():
    old = doc(measure(1, "1.1"))
    assert sentences(old, doc(measure(1, "1.1", budget_amount="8000.00"))) == [
        "Finanzmittel von 6.500,00 € auf 8.000,00 € erhöht"
    ]
    assert sentences(old, doc(measure(1, "1.1", budget_amount="12000.5"))) == [
        "Finanzmittel von 6.500,00 € auf 12.000,50 € erhöht"
    ]
    assert sentences(old, doc(measure(1, "1.1", budget_amount="500.00"))) == [
        "Finanzmittel von 6.500,00 € auf 500,00 € gesenkt"
    ]
    assert sentences(old, doc(measure(1, "1.1", budget_amount=None))) == [
        "Finanzmittel entfernt (bisher 6.500,00 €)"
    ]


def test_same_amount_written_differently_is_no_change():
    old = doc(measure(1, "1.1", budget_amount="6500.00"))
    new = doc(measure(1, "1.1", budget_amount="6500"))
    assert diff_documents(old, new).is_empty


def test_partners_added_and_removed_status_and_progress():
    awo = {"id": 5, "name": "AWO", "short_name": ""}
    caritas = {"id": 6, "name": "Caritas", "short_name": ""}
    old = doc(measure(1, "1.1", partners=[awo]))
    new = doc(measure(1, "1.1", partners=[caritas], status="in_progress", progress=40))
    assert sentences(old, new) == [
        "Kooperationspartner hinzugefügt: Caritas",
        "Kooperationspartner entfernt: AWO",
        "Status: geplant → in Umsetzung",
        "Fortschritt: 0 % → 40 %",
    ]


def test_added_removed_changed_grouped_by_action_field():
    old = doc(measure(1, "1.1"), measure(2, "2.1", field=2), measure(3, "3.1", field=3))
    new = doc(
        measure(1, "1.1", title="Neuer Titel"),
        measure(3, "3.1", field=3),
        measure(4, "3.2", field=3),
    )
    diff = diff_documents(old, new)
    by_field = {g.number: g for g in diff.groups}
    assert set(by_field) == {1, 2, 3}
    assert [c.sentences for c in by_field[1].changed] == [["Titel: „Maßnahme 1.1“ → „Neuer Titel“"]]
    assert [m["number"] for m in by_field[2].removed] == ["2.1"]
    assert [m["number"] for m in by_field[3].added] == ["3.2"]
    assert by_field[3].changed == []
    assert diff.counts == {"added": 1, "removed": 1, "changed": 1}


def test_a_moved_measure_is_changed_not_removed_and_added():
    old = doc(measure(1, "1.1", field=1))
    new = doc(measure(1, "2.4", field=2, title="Maßnahme 1.1"))
    diff = diff_documents(old, new)
    assert diff.counts == {"added": 0, "removed": 0, "changed": 1}
    (group,) = diff.groups
    assert group.number == 2
    assert group.changed[0].sentences == [
        "Nummer: 1.1 → 2.4",
        "Handlungsfeld: Willkommenskultur → Wohnen und Leben",
    ]


def test_identical_documents_have_no_differences():
    a = doc(measure(1, "1.1"), measure(2, "2.1", field=2))
    assert diff_documents(a, copy.deepcopy(a)).is_empty


@pytest.mark.django_db
def test_live_data_compared_with_the_last_revision(coordinator):
    from measures.tests.factories import MeasureFactory

    m = MeasureFactory(number="1.1")
    revision = revision_freeze(revision=RevisionFactory(), user=coordinator)
    m.deadline = m.deadline.replace(year=2028)
    m.save()
    diff = diff_documents(revision.snapshot, build_snapshot())
    (group,) = diff.groups
    assert group.changed[0].sentences == ["Frist vom 31.12.2027 auf 31.12.2028 verschoben"]


def test_every_field_of_a_measure_has_its_sentence_in_a_fixed_order():
    """The sentences come from the field table (council.diff.MEASURE_FIELDS); these are the
    texts of the per-field code they replaced."""
    old = measure(1, "1.1")
    new = measure(
        1,
        "2.1",
        field=2,
        title="Neu",
        description="Anders",
        target_group="Familien",
        goal={"id": 9, "title": "Ankommen"},
        lead_actor={"id": 2, "name": "VHS", "short_name": ""},
        partners=[{"id": 3, "name": "Caritas"}],
        start_date=None,
        deadline="2023-01-31",
        status="in_progress",
        progress=40,
        indicator="Kurse",
        indicator_unit="Anzahl",
        indicator_baseline="1234.5",
        indicator_target="40.00",
        indicator_current="3.00",
        staff_hours_per_year="120.5",
        staff_fte="0.50",
        staff_actor={"id": 4, "name": "Team 40", "short_name": ""},
        budget_amount=None,
        funding_source="",
        budget_years="2023–2024",
        no_extra_resources=True,
    )
    assert sentences(doc(old), doc(new)) == [
        "Nummer: 1.1 → 2.1",
        "Handlungsfeld: Willkommenskultur → Wohnen und Leben",
        "Titel: „Maßnahme 1.1“ → „Neu“",
        "Beschreibung geändert",
        "Zielgruppe: „alle“ → „Familien“",
        "Ziel: – → „Ankommen“",
        "federführend: Team 50 → VHS",
        "Kooperationspartner hinzugefügt: Caritas",
        "Beginn 01.01.2021 entfernt",
        "Frist vom 30.06.2022 auf 31.01.2023 verschoben",
        "Status: geplant → in Umsetzung",
        "Fortschritt: 0 % → 40 %",
        "Indikator: „Teilnehmende“ → „Kurse“",
        "Einheit: „Personen“ → „Anzahl“",
        "Ausgangswert von 0,00 auf 1.234,50 erhöht",
        "Zielwert von 50,00 auf 40,00 gesenkt",
        "aktueller Wert festgelegt: 3,00",
        "Personal (Stunden pro Jahr) von 100,0 auf 120,5 erhöht",
        "Stellenanteil (VZÄ) festgelegt: 0,50",
        "Personal gestellt von: – → Team 40",
        "Finanzmittel entfernt (bisher 6.500,00 €)",
        "Finanzierungsquelle: „Haushalt“ → –",
        "Haushaltsjahre: „2021“ → „2023–2024“",
        "keine zusätzlichen Ressourcen nötig: nein → ja",
    ]
    # and the way back: removed partners, a start set
    back = sentences(doc(new), doc(old))
    assert "Kooperationspartner entfernt: Caritas" in back
    assert "Beginn 01.01.2021 festgelegt" in back
