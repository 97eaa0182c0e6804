"""Freezing writes a complete, hashed, versioned snapshot that later edits never change."""

import datetime
import hashlib
import sys
import types
from decimal import Decimal

import pytest

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from council import snapshot
from council.models import Revision, RevisionState
from council.services import revision_freeze
from council.tests.factories import RevisionFactory
from measures import document_services
from measures.models import Measure
from measures.tests.factories import PDF_BYTES, MeasureFactory, measure_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    goal = GoalFactory(action_field=action_field(3), title="Sprache fördern")
    m = MeasureFactory(
        number="3.1",
        action_field=action_field(3),
        goal=goal,
        lead_actor=ActorFactory(name="VHS Leinetal"),
        staff_actor=ActorFactory(name="Team 50"),
        budget_amount=Decimal("6500.00"),
        staff_fte=Decimal("0.25"),
        start_date=datetime.date(2021, 1, 1),
        deadline=datetime.date(2022, 6, 30),
        notes="intern: nicht für den Rat",
    )
    m.partners.add(ActorFactory(name="AWO"), ActorFactory(name="Caritas"))
    return m


def test_snapshot_contains_every_field_of_every_measure(measure, coordinator):
    revision = revision_freeze(revision=RevisionFactory(), user=coordinator)
    doc = revision.snapshot
    assert doc["schema_version"] == snapshot.SCHEMA_VERSION
    assert [f["number"] for f in doc["action_fields"]] == [1, 2, 3, 4, 5, 6, 7]
    assert doc["action_fields"][2]["goals"][0]["title"] == "Sprache fördern"
    (m,) = doc["measures"]
    assert m["number"] == "3.1"
    assert m["action_field"] == 3
    assert m["goal"]["title"] == "Sprache fördern"
    assert m["lead_actor"]["name"] == "VHS Leinetal"
    assert m["staff_actor"]["name"] == "Team 50"
    assert [p["name"] for p in m["partners"]] == ["AWO", "Caritas"]
    assert m["budget_amount"] == "6500.00"
    assert m["staff_fte"] == "0.25"
    assert m["deadline"] == "2022-06-30"
    assert m["start_date"] == "2021-01-01"
    assert m["indicator_target"] == "50.00"
    expected = set(snapshot.PLAIN_FIELDS) | set(snapshot.DECIMAL_FIELDS) | set(snapshot.DATE_FIELDS)
    assert expected <= set(m)
    assert "notes" not in m  # internal notes are not part of an edition
    assert m["smart_missing"] == ""


def test_freezing_stores_sha256_that_verifies_and_detects_tampering(measure, coordinator):
    revision = revision_freeze(revision=RevisionFactory(), user=coordinator)
    revision.refresh_from_db()  # read back from the database (jsonb reorders keys)
    assert revision.state == RevisionState.SUBMITTED
    assert len(revision.snapshot_sha256) == 64
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)
    tampered = {**revision.snapshot, "measures": []}
    assert not snapshot.verify(tampered, revision.snapshot_sha256)


def test_later_edits_of_live_data_do_not_change_the_frozen_snapshot(measure, coordinator):
    revision = revision_freeze(revision=RevisionFactory(), user=coordinator)
    measure.title = "Ganz anderer Titel"
    measure.deadline = datetime.date(2030, 1, 1)
    measure.save()
    measure.partners.clear()
    MeasureFactory(number="3.2", action_field=action_field(3))
    revision = Revision.objects.get(pk=revision.pk)
    (m,) = revision.snapshot["measures"]
    assert m["title"] != "Ganz anderer Titel"
    assert m["deadline"] == "2022-06-30"
    assert len(m["partners"]) == 2
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)


def test_canonical_serialisation_is_independent_of_key_order():
    a = {"b": 1, "a": {"y": "ü", "x": None}}
    b = {"a": {"x": None, "y": "ü"}, "b": 1}
    assert snapshot.sha256_of(a) == snapshot.sha256_of(b)


def test_evaluation_report_is_included_when_the_evaluation_app_offers_it(monkeypatch, coordinator):
    fake = types.ModuleType("evaluation.results")
    fake.cycle_report = lambda cycle_id: {
        "title": f"Evaluierung {cycle_id}",
        "columns": ["Maßnahme", "Bewertung"],
        "rows": [["1.1", "erreicht"]],
    }
    monkeypatch.setitem(sys.modules, "evaluation.results", fake)
    revision = revision_freeze(revision=RevisionFactory(evaluation_cycle_id=7), user=coordinator)
    assert revision.snapshot["evaluation"]["title"] == "Evaluierung 7"


def test_snapshot_without_evaluation_app_skips_the_evaluation(monkeypatch, coordinator):
    monkeypatch.setitem(sys.modules, "evaluation.results", None)  # import raises ImportError
    revision = revision_freeze(revision=RevisionFactory(evaluation_cycle_id=7), user=coordinator)
    assert revision.snapshot["evaluation"] is None


def test_snapshot_reads_in_a_constant_number_of_queries(django_assert_max_num_queries):
    for n in range(20):
        m = MeasureFactory(number=f"2.{n + 1}", action_field=action_field(2))
        m.partners.add(ActorFactory())
    # action fields, goals, measures (joined), partners, documents
    with django_assert_max_num_queries(5):
        doc = snapshot.build_snapshot()
    assert len(doc["measures"]) == Measure.objects.count()


def test_edition_references_documents_by_hash_and_keeps_them_after_deletion(
    measure, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = measure_document(measure, user=coordinator, data=PDF_BYTES + b"% v1\n")
    revision = revision_freeze(revision=RevisionFactory(), user=coordinator)
    document_pk = document.pk
    document_services.measure_document_remove(document=document, user=coordinator)
    revision = Revision.objects.get(pk=revision.pk)
    (m,) = revision.snapshot["measures"]
    assert m["documents"] == [
        {
            "id": document_pk,
            "filename": "Förderbescheid.pdf",
            "sha256": hashlib.sha256(PDF_BYTES + b"% v1\n").hexdigest(),
            "size": len(PDF_BYTES) + 5,
            "content_type": "application/pdf",
            "public": False,
            "uploaded_at": document.uploaded_at.isoformat(timespec="seconds"),
        }
    ]
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)
