"""Permission matrix entries of the council app (see tests/permission_matrix.py).

Objects in the world: revisions in every state, papers as draft, public and submitted (with
PDF), non-public and submitted (with PDF), decided (with PDF); a consultation on the public, the
non-public and the draft paper. Anyone may read the OParl export of public, released papers
(and their consultations); nobody gets anything else from it.
"""

from tests.permission_matrix import LOGIN, Route

ALL = {"anonymous": LOGIN, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}
PUBLIC = {"anonymous": 200, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}
NOBODY_404 = {
    "anonymous": 404,
    "coordinator": 404,
    "actor": 404,
    "other_actor": 404,
    "council": 404,
}
COORD_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 403,
    "other_actor": 403,
    "council": 403,
}
COORD_ONLY_HIDDEN = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 404,
    "other_actor": 404,
    "council": 404,
}
COUNCIL_SEES = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 404,
    "other_actor": 404,
    "council": 200,
}
LOCKED = {"anonymous": LOGIN, "coordinator": 403, "actor": 403, "other_actor": 403, "council": 403}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%d.%m.%Y")


def _redirect(expect):
    return {role: (302 if status == 200 else status) for role, status in expect.items()}


def extend_world(world):
    import datetime

    from council.models import PaperKind, PaperStatus
    from council.services import paper_document_add
    from council.tests.factories import (
        ConsultationFactory,
        CouncilPaperFactory,
        RevisionFactory,
        adopted_revision,
        frozen_revision,
        reporting_round,
        with_fake_pdf,
    )
    from measures.tests.factories import pdf_upload

    coordinator = world.users["coordinator"]
    world.revision_adopted = adopted_revision(coordinator, number=1)
    world.revision_submitted = frozen_revision(coordinator, number=2)
    world.revision_draft = RevisionFactory(number=3)
    world.paper_draft = CouncilPaperFactory(number="2026/001", status=PaperStatus.DRAFT)
    world.paper_public = with_fake_pdf(
        CouncilPaperFactory(
            number="2026/002",
            kind=PaperKind.RESOLUTION,
            proposed_resolution="Der Rat beschließt.",
            revision=world.revision_submitted,
            under_direction_of="Koordination Integration und Teilhabe",
        )
    )
    world.consultation_public = ConsultationFactory(paper=world.paper_public, body_name="Rat")
    # a closed reporting round without entries (quick to render): the Sachstandsbericht
    world.closed_round = reporting_round()
    world.paper_private = with_fake_pdf(
        CouncilPaperFactory(number="2026/003", is_public=False, reporting_round=world.closed_round)
    )
    world.consultation_private = ConsultationFactory(paper=world.paper_private)
    world.consultation_draft = ConsultationFactory(paper=world.paper_draft)
    world.paper_decided = with_fake_pdf(
        CouncilPaperFactory(
            number="2026/004",
            status=PaperStatus.DECIDED,
            decided_on=datetime.date(2026, 6, 1),
            reporting_round=world.closed_round,
        )
    )
    for name in ("paper_public", "paper_private", "paper_decided"):
        paper = getattr(world, name)
        document = paper_document_add(paper=paper, user=coordinator, upload=pdf_upload())
        setattr(world, f"{name}_document", document)


def _revision_data(world):
    return {
        "number": 9,
        "title": "Neue Fassung",
        "period_start": "01.01.2028",
        "period_end": "31.12.2029",
    }


def _paper_data(world, number="2026/050"):
    return {
        "number": number,
        "kind": "mitteilung",
        "is_public": "on",
        "date": "04.05.2026",
        "title": "Sachstand",
        "body": "Text",
        "signature_intro": "Im Auftrag",
        "beratung-TOTAL_FORMS": "1",
        "beratung-INITIAL_FORMS": "0",
        "beratung-0-body_name": "Rat",
        "beratung-0-meeting_date": "10.06.2026",
        "beratung-0-agenda_item": "3",
        "beratung-0-role": "kenntnisnahme",
        "beratung-0-ORDER": "1",
    }


def _paper_update_data(world):
    data = _paper_data(world, number=world.paper_public.number)
    data.update(kind="mitteilung", **{"beratung-INITIAL_FORMS": "0"})
    return data


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _document(paper_name):
    def kwargs(world):
        paper = getattr(world, paper_name)
        return {"pk": paper.pk, "document_pk": getattr(world, f"{paper_name}_document").pk}

    return kwargs


def _upload(world):
    from measures.tests.factories import pdf_upload

    return {"file": pdf_upload("Lageplan.pdf")}


ROUTES = [
    # Editions
    Route("council:revision-list", ALL),
    Route("council:revision-create", COORD_ONLY),
    Route("council:revision-create", _redirect(COORD_ONLY), method="post", data=_revision_data),
    Route("council:revision-detail", COORD_ONLY_HIDDEN, kwargs=pk("revision_draft"), label="draft"),
    Route(
        "council:revision-detail", COUNCIL_SEES, kwargs=pk("revision_submitted"), label="submitted"
    ),
    Route("council:revision-detail", ALL, kwargs=pk("revision_adopted"), label="adopted"),
    Route("council:revision-update", COORD_ONLY_HIDDEN, kwargs=pk("revision_draft"), label="draft"),
    Route(
        "council:revision-update",
        {**COUNCIL_SEES, "council": 403},
        kwargs=pk("revision_submitted"),
        label="submitted",
    ),
    Route("council:revision-update", LOCKED, kwargs=pk("revision_adopted"), label="adopted"),
    Route(
        "council:revision-update",
        LOCKED,
        kwargs=pk("revision_adopted"),
        label="adopted",
        method="post",
        data=_revision_data,
    ),
    Route("council:revision-freeze", COORD_ONLY_HIDDEN, kwargs=pk("revision_draft"), label="draft"),
    Route("council:revision-freeze", LOCKED, kwargs=pk("revision_adopted"), label="adopted"),
    Route(
        "council:revision-freeze",
        _redirect(COORD_ONLY_HIDDEN),
        kwargs=pk("revision_draft"),
        label="draft",
        method="post",
    ),
    Route(
        "council:revision-freeze",
        LOCKED,
        kwargs=pk("revision_adopted"),
        label="adopted",
        method="post",
    ),
    Route("council:revision-diff", ALL),
    Route("council:live-diff", {**COORD_ONLY, "council": 200}),
    # Papers
    Route("council:paper-list", ALL),
    Route("council:paper-create", COORD_ONLY),
    Route("council:paper-create", _redirect(COORD_ONLY), method="post", data=_paper_data),
    Route("council:paper-detail", COORD_ONLY_HIDDEN, kwargs=pk("paper_draft"), label="draft"),
    Route("council:paper-detail", ALL, kwargs=pk("paper_public"), label="public"),
    Route("council:paper-detail", COUNCIL_SEES, kwargs=pk("paper_private"), label="private"),
    Route("council:paper-detail", ALL, kwargs=pk("paper_decided"), label="decided"),
    Route("council:paper-update", COORD_ONLY, kwargs=pk("paper_public"), label="public"),
    Route(
        "council:paper-update",
        _redirect(COORD_ONLY),
        kwargs=pk("paper_public"),
        label="public",
        method="post",
        data=_paper_update_data,
    ),
    Route("council:paper-update", LOCKED, kwargs=pk("paper_decided"), label="decided"),
    Route(
        "council:paper-render",
        {**_redirect(COORD_ONLY), "actor": 404, "other_actor": 404},
        kwargs=pk("paper_private"),
        label="private",
        method="post",
    ),
    Route(
        "council:paper-render", LOCKED, kwargs=pk("paper_decided"), label="decided", method="post"
    ),
    Route("council:paper-pdf-state", ALL, kwargs=pk("paper_public")),
    Route("council:paper-download", ALL, kwargs=pk("paper_decided"), label="decided"),
    Route("council:paper-download", COUNCIL_SEES, kwargs=pk("paper_private"), label="private"),
    Route("council:paper-status-report", ALL, kwargs=pk("paper_decided"), label="decided"),
    Route("council:paper-status-report", COUNCIL_SEES, kwargs=pk("paper_private"), label="private"),
    Route(
        "council:paper-status-report",
        {**NOBODY_404, "anonymous": LOGIN},
        kwargs=pk("paper_public"),
        label="none-attached",
    ),
    Route(
        "council:paper-submit",
        _redirect(COORD_ONLY_HIDDEN),
        kwargs=pk("paper_draft"),
        label="draft",
        method="post",
    ),
    Route("council:paper-decide", COORD_ONLY, kwargs=pk("paper_public")),  # confirmation page
    Route(
        "council:paper-decide",
        _redirect(COORD_ONLY),
        kwargs=pk("paper_public"),
        method="post",
        # a decision is not in the future and not before the freeze of the attached revision
        data=lambda w: {"decided_on": _today()},
    ),
    # OParl: public, read-only, only public released papers
    Route("council:oparl-system", PUBLIC),
    Route("council:oparl-bodies", PUBLIC),
    Route("council:oparl-body", PUBLIC),
    Route("council:oparl-papers", PUBLIC),
    Route("council:oparl-paper", PUBLIC, kwargs=pk("paper_public"), label="public"),
    Route("council:oparl-paper", NOBODY_404, kwargs=pk("paper_private"), label="private"),
    Route("council:oparl-paper", NOBODY_404, kwargs=pk("paper_draft"), label="draft"),
    Route("council:oparl-consultation", PUBLIC, kwargs=pk("consultation_public"), label="public"),
    Route(
        "council:oparl-consultation",
        NOBODY_404,
        kwargs=pk("consultation_private"),
        label="private",
    ),
    Route("council:oparl-consultation", NOBODY_404, kwargs=pk("consultation_draft"), label="draft"),
    Route("council:oparl-file", PUBLIC, kwargs=pk("paper_decided")),
    Route("council:oparl-file-download", PUBLIC, kwargs=pk("paper_decided"), label="public"),
    Route("council:oparl-file-download", NOBODY_404, kwargs=pk("paper_private"), label="private"),
    Route("council:oparl-status-report-file", PUBLIC, kwargs=pk("paper_decided"), label="public"),
    Route(
        "council:oparl-status-report-file", NOBODY_404, kwargs=pk("paper_private"), label="private"
    ),
    Route("council:oparl-status-report-file", NOBODY_404, kwargs=pk("paper_public"), label="none"),
    Route(
        "council:oparl-status-report-download", PUBLIC, kwargs=pk("paper_decided"), label="public"
    ),
    Route(
        "council:oparl-status-report-download",
        NOBODY_404,
        kwargs=pk("paper_private"),
        label="private",
    ),
    Route("council:oparl-organizations", PUBLIC),
    Route(
        "council:oparl-organization",
        PUBLIC,
        kwargs=lambda w: {"slug": "koordination-integration-und-teilhabe"},
    ),
    Route("council:oparl-empty-list", PUBLIC, kwargs=lambda w: {"kind": "person"}),
    # Documents of a paper: seen with the paper, managed by the coordination until decided.
    Route("council:paper-document-add", COORD_ONLY, kwargs=pk("paper_public"), label="public"),
    # the council reads the private paper (403), the actors do not even see it (404)
    Route(
        "council:paper-document-add",
        {**COORD_ONLY_HIDDEN, "council": 403},
        kwargs=pk("paper_private"),
        label="private",
    ),
    Route("council:paper-document-add", LOCKED, kwargs=pk("paper_decided"), label="decided"),
    Route(
        "council:paper-document-add",
        _redirect(COORD_ONLY),
        kwargs=pk("paper_public"),
        method="post",
        data=_upload,
    ),
    Route("council:paper-document", ALL, kwargs=_document("paper_public"), label="public"),
    Route(
        "council:paper-document", COUNCIL_SEES, kwargs=_document("paper_private"), label="private"
    ),
    Route("council:paper-document", ALL, kwargs=_document("paper_decided"), label="decided"),
    Route("council:paper-document-delete", COORD_ONLY, kwargs=_document("paper_public")),
    Route(
        "council:paper-document-delete",
        _redirect(COORD_ONLY),
        kwargs=_document("paper_public"),
        method="post",
    ),
    Route(
        "council:paper-document-delete",
        LOCKED,
        kwargs=_document("paper_decided"),
        method="post",
        label="decided",
    ),
    Route(
        "council:paper-document-public",
        {**COORD_ONLY, "coordinator": 405},
        kwargs=_document("paper_public"),
    ),
    Route(
        "council:paper-document-public",
        _redirect(COORD_ONLY),
        kwargs=_document("paper_public"),
        method="post",
        data=lambda w: {"public": "1"},
    ),
]
