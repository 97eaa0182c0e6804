"""Nothing frozen changes behind the services' back: admin history, admin forms, renames."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from council import snapshot
from council.models import CouncilPaper, PaperStatus, PdfState, RevisionState
from council.services import revision_update
from council.tests.factories import (
    ConsultationFactory,
    CouncilPaperFactory,
    RevisionFactory,
    adopted_revision,
    frozen_revision,
    with_fake_pdf,
)

pytestmark = pytest.mark.django_db


def _oldest_version(obj):
    return obj.history.order_by("history_date", "history_id").first()


def _admin_paper_data(paper, **changes):
    """The admin change form of ``paper`` as posted, with its Beratungsfolge inline."""
    rows = list(paper.consultations.order_by("position", "pk"))
    data = {
        "number": paper.number,
        "kind": paper.kind,
        "date": paper.date.isoformat(),
        "title": paper.title,
        "subtitles": paper.subtitles,
        "body": paper.body,
        "proposed_resolution": paper.proposed_resolution,
        "under_direction_of": paper.under_direction_of,
        "prepared_by": paper.prepared_by,
        "co_signatures": paper.co_signatures,
        "dictation_mark": paper.dictation_mark,
        "signature_intro": paper.signature_intro,
        "signatory": paper.signatory,
        "revision": paper.revision_id or "",
        "consultations-TOTAL_FORMS": str(len(rows)),
        "consultations-INITIAL_FORMS": str(len(rows)),
        "consultations-MIN_NUM_FORMS": "0",
        "consultations-MAX_NUM_FORMS": "1000",
    }
    if paper.is_public:
        data["is_public"] = "on"
    for i, row in enumerate(rows):
        data |= {
            f"consultations-{i}-id": row.pk,
            f"consultations-{i}-paper": paper.pk,
            f"consultations-{i}-position": row.position,
            f"consultations-{i}-body_name": row.body_name,
            f"consultations-{i}-meeting_date": row.meeting_date.isoformat(),
            f"consultations-{i}-agenda_item": row.agenda_item,
            f"consultations-{i}-role": row.role,
        }
    data.update(changes)
    return data


def test_admin_history_cannot_revert_an_adopted_revision_to_its_draft(client, coordinator):
    revision = adopted_revision(coordinator)
    draft = _oldest_version(revision)
    assert draft.state == RevisionState.DRAFT
    client.force_login(coordinator)
    url = reverse("admin:council_revision_simple_history", args=[revision.pk, draft.history_id])
    assert client.get(url).status_code == 200  # past versions stay readable
    response = client.post(
        url,
        {
            "number": revision.number,
            "title": "Zurückgesetzt",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
    )
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.state == RevisionState.ADOPTED
    assert revision.title != "Zurückgesetzt"
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)


def test_admin_history_cannot_reopen_a_decided_paper(client, coordinator):
    paper = CouncilPaperFactory(status=PaperStatus.DRAFT, title="Vorlage")
    paper.status = PaperStatus.DECIDED
    paper.save()
    client.force_login(coordinator)
    url = reverse(
        "admin:council_councilpaper_simple_history",
        args=[paper.pk, _oldest_version(paper).history_id],
    )
    response = client.post(url, _admin_paper_data(paper, title="Wieder offen"))
    assert response.status_code == 403
    paper.refresh_from_db()
    assert (paper.status, paper.title) == (PaperStatus.DECIDED, "Vorlage")


def test_admin_history_offers_no_revert_button(client, coordinator):
    revision = frozen_revision(coordinator)
    client.force_login(coordinator)
    url = reverse(
        "admin:council_revision_simple_history",
        args=[revision.pk, _oldest_version(revision).history_id],
    )
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html  # no "Revert" button


def test_changing_a_paper_in_the_admin_marks_its_pdf_outdated(client, coordinator):
    paper = with_fake_pdf(CouncilPaperFactory())
    client.force_login(coordinator)
    url = reverse("admin:council_councilpaper_change", args=[paper.pk])
    response = client.post(url, _admin_paper_data(paper, title="Neuer Betreff"))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Neuer Betreff"
    assert paper.pdf_state == PdfState.OUTDATED


def test_changing_the_beratungsfolge_in_the_admin_marks_the_pdf_outdated(client, coordinator):
    paper = CouncilPaperFactory()
    ConsultationFactory(paper=paper, agenda_item="4")
    paper = with_fake_pdf(paper)
    client.force_login(coordinator)
    url = reverse("admin:council_councilpaper_change", args=[paper.pk])
    response = client.post(url, _admin_paper_data(paper, **{"consultations-0-agenda_item": "7"}))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.consultations.get().agenda_item == "7"
    assert paper.pdf_state == PdfState.OUTDATED


def test_saving_a_paper_unchanged_in_the_admin_keeps_the_pdf_current(client, coordinator):
    paper = CouncilPaperFactory()
    ConsultationFactory(paper=paper)
    paper = with_fake_pdf(paper)
    client.force_login(coordinator)
    url = reverse("admin:council_councilpaper_change", args=[paper.pk])
    assert client.post(url, _admin_paper_data(paper)).status_code == 302
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.DONE


def test_the_admin_offers_only_frozen_revisions_as_attachment(client, coordinator):
    draft = RevisionFactory(title="Noch ein Entwurf")
    frozen = frozen_revision(coordinator, title="Eingefroren")
    paper = CouncilPaperFactory(status=PaperStatus.DRAFT)
    client.force_login(coordinator)
    url = reverse("admin:council_councilpaper_change", args=[paper.pk])
    html = client.get(url).content.decode()
    assert "Eingefroren" in html and "Noch ein Entwurf" not in html
    response = client.post(url, _admin_paper_data(paper, revision=draft.pk))
    assert response.status_code == 200  # the form again, with an error
    paper.refresh_from_db()
    assert paper.revision_id is None
    assert frozen.pk


def test_renaming_a_frozen_revision_outdates_the_pdf_of_an_open_paper(coordinator):
    revision = frozen_revision(coordinator, title="Alter Titel")
    open_paper = with_fake_pdf(CouncilPaperFactory(revision=revision))
    decided = with_fake_pdf(CouncilPaperFactory(revision=revision, status=PaperStatus.DECIDED))
    revision_update(revision=revision, user=coordinator, notes="nur die Erläuterung")
    assert CouncilPaper.objects.get(pk=open_paper.pk).pdf_state == PdfState.DONE
    revision_update(revision=revision, user=coordinator, title="Neuer Titel")
    assert CouncilPaper.objects.get(pk=open_paper.pk).pdf_state == PdfState.OUTDATED
    assert CouncilPaper.objects.get(pk=decided.pk).pdf_state == PdfState.DONE


def test_a_resolution_cannot_put_an_adopted_revision_to_the_vote_again(client, coordinator):
    """Its decision would adopt the revision a second time: refused when saved, at the field,
    instead of a paper that can never be decided."""
    from council.models import PaperKind
    from council.services import paper_save

    revision = adopted_revision(coordinator)
    paper = CouncilPaperFactory.build(
        number="2026/333",
        kind=PaperKind.RESOLUTION,
        proposed_resolution="Der Rat beschließt.",
        revision=revision,
        status=PaperStatus.DRAFT,
    )
    with pytest.raises(ValidationError) as refused:
        paper_save(paper=paper, user=coordinator, consultations=[])
    assert "bereits beschlossen" in refused.value.message_dict["revision"][0]
    paper.kind = PaperKind.NOTICE  # as an attachment to take note of, it is fine
    assert paper_save(paper=paper, user=coordinator, consultations=[]).pk


def test_renaming_a_frozen_revision_in_the_admin_outdates_the_pdf_of_an_open_paper(
    client, coordinator
):
    revision = frozen_revision(coordinator, title="Alter Titel")
    paper = with_fake_pdf(CouncilPaperFactory(revision=revision))
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:council_revision_change", args=[revision.pk]),
        {
            "title": "Neuer Titel",
            "period_start": revision.period_start.isoformat(),
            "period_end": revision.period_end.isoformat(),
            "notes": "",
        },
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.title == "Neuer Titel"
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)
    assert CouncilPaper.objects.get(pk=paper.pk).pdf_state == PdfState.OUTDATED
