"""Permission matrix entries of the measures app (see tests/permission_matrix.py).

``own`` = ``world.own_measure`` (led by the actor role's actor), ``other`` =
``world.other_measure`` (led by the other actor's actor).
"""

from measures.tests.factories import (
    MeasureFactory,
    MeasureNoteFactory,
    edit_original,
    measure_document,
    pdf_upload,
    report_original,
)
from tests.permission_matrix import LOGIN, Route

READ_ALL = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 200,
    "council": 200,
}
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 403,
    "other_actor": 403,
    "council": 403,
}
# Successful POSTs redirect (302), just like the anonymous user's redirect to the login page.
COORDINATOR_POST = {**COORDINATOR_ONLY, "coordinator": 302}
# POST only (the SMART check while typing): a GET is refused for everyone logged in.
NOT_GET = {**COORDINATOR_ONLY, "coordinator": 405, "actor": 405, "other_actor": 405, "council": 405}
REPORT_OWN = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 403,
    "council": 403,
}
REPORT_OTHER = {**REPORT_OWN, "actor": 403, "other_actor": 200}
REPORT_OWN_POST = {**REPORT_OWN, "coordinator": 302, "actor": 302}
REPORT_OTHER_POST = {**REPORT_OTHER, "coordinator": 302, "other_actor": 302}


# POST only: a GET is refused after the permission check.
PUBLISH_GET = {**COORDINATOR_ONLY, "coordinator": 405}
NOT_FOUND_LOGGED_IN = {
    "anonymous": LOGIN,
    "coordinator": 404,
    "actor": 404,
    "other_actor": 404,
    "council": 404,
}


# Partner notes: ``partnered`` is led by the other actor, with the own actor as its partner.
NOTE_ADD_POST = {
    "anonymous": LOGIN,
    "coordinator": 302,
    "actor": 302,
    "other_actor": 403,
    "council": 403,
}
# POST only: a GET is refused after the permission check.
NOTE_ADD_GET = {**NOTE_ADD_POST, "coordinator": 405, "actor": 405}


def extend_world(world):
    world.own_document = measure_document(world.own_measure, user=world.users["coordinator"])
    world.partnered_measure = MeasureFactory(lead_actor=world.other_actor)
    world.partnered_measure.partners.add(world.own_actor)
    world.partner_note = MeasureNoteFactory(
        measure=world.partnered_measure, actor=world.own_actor, author=world.users["actor"]
    )


def partnered(world):
    return {"pk": world.partnered_measure.pk}


def partner_note(world):
    return {"pk": world.partnered_measure.pk, "note_pk": world.partner_note.pk}


def note_under_other_measure(world):
    return {"pk": world.own_measure.pk, "note_pk": world.partner_note.pk}


def own_document(world):
    return {"pk": world.own_measure.pk, "document_pk": world.own_document.pk}


def document_under_other_measure(world):
    return {"pk": world.other_measure.pk, "document_pk": world.own_document.pk}


def _upload_data(world):
    return {"file": pdf_upload(), "description": "Bescheid"}


def own(world):
    return {"pk": world.own_measure.pk}


def other(world):
    return {"pk": world.other_measure.pk}


def _measure_data(world):
    return {
        "number": "1.99",
        "title": "Neue Maßnahme aus der Matrix",
        "action_field": world.own_measure.action_field_id,
        "status": "planned",
        "progress": "0",
    }


def _edit_data(world):
    measure = world.own_measure
    return {
        "number": measure.number,
        "title": "Geänderter Titel",
        "action_field": measure.action_field_id,
        "status": measure.status,
        "progress": str(measure.progress),
        "original": edit_original(measure),
    }


def _report_data(world):
    return {
        "status": "in_progress",
        "progress": "60",
        "indicator_value": "12,5",
        "text": "Gut.",
        "original": report_original(world.own_measure),
    }


ROUTES = [
    Route("home", READ_ALL),
    Route("measures:list", READ_ALL),
    Route("measures:list", READ_ALL, label="filtered", query="?overdue=on&status=delayed"),
    Route("measures:export", READ_ALL, kwargs=lambda w: {"fmt": "xlsx"}, label="xlsx"),
    Route("measures:export", READ_ALL, kwargs=lambda w: {"fmt": "csv"}, label="csv"),
    Route("measures:detail", READ_ALL, kwargs=own, label="own"),
    Route("measures:detail", READ_ALL, kwargs=other, label="other"),
    Route("measures:updates", READ_ALL, kwargs=own, label="own"),
    Route("measures:updates", READ_ALL, kwargs=other, label="other"),
    Route("measures:history", READ_ALL, kwargs=own, label="own"),
    Route("measures:history", READ_ALL, kwargs=other, label="other"),
    Route("measures:create", COORDINATOR_ONLY),
    Route("measures:create", COORDINATOR_POST, method="post", data=_measure_data),
    Route("measures:update", COORDINATOR_ONLY, kwargs=own, label="own"),
    Route("measures:update", COORDINATOR_ONLY, kwargs=other, label="other"),
    Route("measures:update", COORDINATOR_POST, kwargs=own, method="post", data=_edit_data),
    Route("measures:delete", COORDINATOR_ONLY, kwargs=own, label="own"),
    Route("measures:delete", COORDINATOR_ONLY, kwargs=other, label="other"),
    Route("measures:delete", COORDINATOR_POST, kwargs=other, method="post"),
    Route("measures:report", REPORT_OWN, kwargs=own, label="own"),
    Route("measures:report", REPORT_OTHER, kwargs=other, label="other"),
    Route(
        "measures:report",
        REPORT_OWN_POST,
        kwargs=own,
        method="post",
        data=_report_data,
        label="own",
    ),
    Route(
        "measures:report",
        REPORT_OTHER_POST,
        kwargs=other,
        method="post",
        data=_report_data,
        label="other",
    ),
    Route("measures:confirm_unchanged", REPORT_OWN_POST, kwargs=own, method="post", label="own"),
    Route(
        "measures:confirm_unchanged", REPORT_OTHER_POST, kwargs=other, method="post", label="other"
    ),
    Route("measures:smart_check", COORDINATOR_ONLY, method="post", data=_measure_data),
    Route("measures:smart_check", NOT_GET),
    Route("measures:import", COORDINATOR_ONLY),
    # Without an upload in the session the preview sends the coordinator back to the upload.
    Route("measures:import_preview", COORDINATOR_POST),
    Route("measures:import_preview", COORDINATOR_POST, method="post"),
    Route("measures:document_add", REPORT_OWN, kwargs=own, label="own"),
    Route("measures:document_add", REPORT_OTHER, kwargs=other, label="other"),
    Route(
        "measures:document_add",
        REPORT_OWN_POST,
        kwargs=own,
        method="post",
        data=_upload_data,
        label="own",
    ),
    Route(
        "measures:document_add",
        REPORT_OTHER_POST,
        kwargs=other,
        method="post",
        data=_upload_data,
        label="other",
    ),
    Route("measures:notes", READ_ALL, kwargs=partnered),
    Route("measures:note_add", NOTE_ADD_GET, kwargs=partnered),
    Route(
        "measures:note_add",
        NOTE_ADD_POST,
        kwargs=partnered,
        method="post",
        data=lambda w: {"actor": str(w.own_actor.pk), "text": "Läuft gut bei uns."},
    ),
    # the lead actor is no partner: its members write status reports, not notes
    Route(
        "measures:note_add",
        {**COORDINATOR_ONLY, "coordinator": 400},
        kwargs=own,
        method="post",
        data=lambda w: {"text": "Niemand, für den sie gälte."},
        label="no-partners",
    ),
    Route("measures:note_delete", COORDINATOR_ONLY, kwargs=partner_note),
    Route("measures:note_delete", COORDINATOR_POST, kwargs=partner_note, method="post"),
    Route(
        "measures:note_delete",
        {**NOT_FOUND_LOGGED_IN, "actor": 403, "other_actor": 403, "council": 403},
        kwargs=note_under_other_measure,
        label="wrong-measure",
    ),
    Route("measures:document", READ_ALL, kwargs=own_document),
    Route(
        "measures:document",
        NOT_FOUND_LOGGED_IN,
        kwargs=document_under_other_measure,
        label="wrong-measure",
    ),
    Route("measures:document_delete", COORDINATOR_ONLY, kwargs=own_document),
    Route("measures:document_delete", COORDINATOR_POST, kwargs=own_document, method="post"),
    Route("measures:document_public", PUBLISH_GET, kwargs=own_document),
    Route(
        "measures:document_public",
        COORDINATOR_POST,
        kwargs=own_document,
        method="post",
        data=lambda w: {"public": "1"},
    ),
]
