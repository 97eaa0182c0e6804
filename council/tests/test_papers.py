"""Paper numbers, saving with the Beratungsfolge, submitting and deciding."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from council.forms import PaperForm
from council.models import CouncilPaper, PaperKind, PaperStatus, PdfState, RevisionState
from council.services import (
    RefusedError,
    next_paper_number,
    paper_record_decision,
    paper_save,
    paper_submit,
)
from council.tests.factories import CouncilPaperFactory, frozen_revision, with_fake_pdf
from council.text import parse_blocks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["2018/222", "2018/222/1", "2026/001", "2026/014/12"])
def test_valid_paper_numbers(number):
    CouncilPaperFactory.build(number=number).full_clean()


@pytest.mark.parametrize(
    "number", ["2018/22", "18/222", "2018-222", "2018/222/", "2018/222/0", "2018/2222", "x2018/222"]
)
def test_invalid_paper_numbers_get_a_german_message(number):
    with pytest.raises(ValidationError) as error:
        CouncilPaperFactory.build(number=number).full_clean()
    assert "JJJJ/NNN" in str(error.value)


def test_number_is_unique_with_a_german_message():
    CouncilPaperFactory(number="2026/007")
    form = PaperForm(
        data={"number": "2026/007", "kind": "mitteilung", "date": "01.02.2026", "title": "x"}
    )
    assert not form.is_valid()
    assert form.errors["number"] == ["Diese Drucksachen-Nr. ist bereits vergeben."]


def test_next_number_follows_the_highest_of_the_year_ignoring_suffixes():
    assert next_paper_number(2026) == "2026/001"
    CouncilPaperFactory(number="2026/009")
    CouncilPaperFactory(number="2026/010/2")
    CouncilPaperFactory(number="2025/099")
    assert next_paper_number(2026) == "2026/011"
    assert next_paper_number(2025) == "2025/100"


def test_new_paper_form_proposes_the_next_free_number():
    CouncilPaperFactory(number=f"{datetime.date.today().year}/041")
    assert PaperForm().initial["number"] == f"{datetime.date.today().year}/042"


def test_resolution_needs_a_proposed_resolution():
    form = PaperForm(
        data={"number": "2026/300", "kind": "beschlussvorlage", "date": "01.02.2026", "title": "x"}
    )
    assert not form.is_valid()
    assert "Beschlussvorschlag" in form.errors["proposed_resolution"][0]


def test_saving_keeps_the_order_of_the_beratungsfolge_and_updates_rows_in_place(coordinator):
    paper = CouncilPaperFactory.build(number="2026/200", status=PaperStatus.DRAFT)
    # two notices in the same week: either order is chronological
    rows = [
        {
            "body_name": "Ausschuss",
            "meeting_date": datetime.date(2026, 6, 1),
            "agenda_item": "4",
            "role": "kenntnisnahme",
        },
        {
            "body_name": "Ortsrat",
            "meeting_date": datetime.date(2026, 6, 1),
            "agenda_item": "9",
            "role": "kenntnisnahme",
        },
    ]
    paper = paper_save(paper=paper, user=coordinator, consultations=rows)
    first_pk = paper.consultations.get(body_name="Ausschuss").pk
    assert [c.body_name for c in paper.consultations.all()] == ["Ausschuss", "Ortsrat"]
    paper = paper_save(paper=paper, user=coordinator, consultations=[rows[1], rows[0]])
    assert [c.body_name for c in paper.consultations.all()] == ["Ortsrat", "Ausschuss"]
    paper = paper_save(paper=paper, user=coordinator, consultations=[rows[0]])
    assert [c.pk for c in paper.consultations.all()] == [first_pk]


def test_changing_a_paper_marks_its_pdf_outdated(coordinator):
    paper = with_fake_pdf(CouncilPaperFactory())
    paper.title = "Neuer Betreff"
    paper = paper_save(paper=paper, user=coordinator, consultations=[])
    assert paper.pdf_state == PdfState.OUTDATED


def test_a_decided_paper_cannot_be_changed(coordinator):
    paper = CouncilPaperFactory(status=PaperStatus.DECIDED)
    paper.title = "Neu"
    with pytest.raises(RefusedError):
        paper_save(paper=paper, user=coordinator, consultations=[])


def test_only_frozen_revisions_can_be_attached(coordinator):
    from council.tests.factories import RevisionFactory

    paper = CouncilPaperFactory.build(number="2026/201", revision=RevisionFactory())
    with pytest.raises(RefusedError):
        paper_save(paper=paper, user=coordinator, consultations=[])


@time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_deciding_a_resolution_adopts_its_revision(coordinator):
    revision = frozen_revision(coordinator)
    paper = with_fake_pdf(
        CouncilPaperFactory(
            kind=PaperKind.RESOLUTION,
            proposed_resolution="Der Rat beschließt.",
            revision=revision,
            status=PaperStatus.DRAFT,
        )
    )
    paper = paper_submit(paper=paper, user=coordinator)
    paper = paper_record_decision(
        paper=paper, user=coordinator, decided_on=datetime.date(2026, 7, 1)
    )
    revision.refresh_from_db()
    assert paper.status == PaperStatus.DECIDED
    assert revision.state == RevisionState.ADOPTED
    assert revision.adopting_paper == paper
    assert revision.decided_on == datetime.date(2026, 7, 1)


def test_a_decision_needs_an_up_to_date_pdf(coordinator):
    paper = CouncilPaperFactory()
    with pytest.raises(RefusedError, match="PDF"):
        paper_record_decision(paper=paper, user=coordinator, decided_on=datetime.date(2026, 7, 1))
    assert CouncilPaper.objects.get(pk=paper.pk).status == PaperStatus.SUBMITTED


def test_body_text_becomes_paragraphs_and_nested_lists():
    blocks = parse_blocks(
        "Absatz eins\nzweite Zeile\n\n- Punkt A\n - Unterpunkt\n- Punkt B\nDanach."
    )
    assert blocks == [
        {"type": "p", "lines": ["Absatz eins", "zweite Zeile"]},
        {
            "type": "ul",
            "items": [
                {"text": "Punkt A", "children": ["Unterpunkt"]},
                {"text": "Punkt B", "children": []},
            ],
        },
        {"type": "p", "lines": ["Danach."]},
    ]


def test_saving_without_changes_keeps_the_pdf_current(coordinator):
    from council.tests.factories import ConsultationFactory

    paper = with_fake_pdf(CouncilPaperFactory())
    row = ConsultationFactory(paper=paper)
    rows = [
        {name: getattr(row, name) for name in ("body_name", "meeting_date", "agenda_item", "role")}
    ]
    paper = paper_save(
        paper=CouncilPaper.objects.get(pk=paper.pk), user=coordinator, consultations=rows
    )
    assert paper.pdf_state == PdfState.DONE
    rows[0]["agenda_item"] = "99"
    paper = paper_save(paper=paper, user=coordinator, consultations=rows)
    assert paper.pdf_state == PdfState.OUTDATED
