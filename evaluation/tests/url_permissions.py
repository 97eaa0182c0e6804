"""Permission matrix entries of the evaluation (see tests/permission_matrix.py).

World: a locked default matrix used by two cycles, an unlocked copy; a closed cycle (own and
other measure assessed finally) and a running cycle (own and other measure open, plus a final
assessment of a third measure of the own actor).
"""

import datetime

from evaluation import services
from measures.tests.factories import MeasureFactory
from tests.permission_matrix import LOGIN, Route

from .factories import assessment_original, finalise

FORBIDDEN = 403
HIDDEN = 404
NOT_ALLOWED = 405
CONFLICT = 409

ALL = {"anonymous": LOGIN, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": FORBIDDEN,
    "other_actor": FORBIDDEN,
    "council": FORBIDDEN,
}
COORDINATOR_REDIRECT = {**COORDINATOR_ONLY, "coordinator": 302}
NOBODY = {**COORDINATOR_ONLY, "coordinator": FORBIDDEN}
GET_ON_POST_ONLY = {
    "anonymous": LOGIN,
    "coordinator": NOT_ALLOWED,
    "actor": NOT_ALLOWED,
    "other_actor": NOT_ALLOWED,
    "council": NOT_ALLOWED,
}
# a running cycle: members of actors see it (with their own assessments), council does not
RUNNING = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 200,
    "council": HIDDEN,
}
RUNNING_RESULTS = {**RUNNING, "actor": FORBIDDEN, "other_actor": FORBIDDEN}
RUNNING_CLOSE = RUNNING_RESULTS
CLOSED_RESULTS = {**ALL, "actor": FORBIDDEN, "other_actor": FORBIDDEN}
OWN_RUNNING = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": HIDDEN,
    "council": HIDDEN,
}
OWN_RUNNING_POST = {**OWN_RUNNING, "coordinator": 302, "actor": 302}
OWN_CLOSED = {**OWN_RUNNING, "council": 200}
OWN_CLOSED_EDIT = {
    **OWN_RUNNING,
    "coordinator": FORBIDDEN,
    "actor": FORBIDDEN,
    "council": FORBIDDEN,
}
OWN_FINAL_EDIT = {**OWN_RUNNING, "coordinator": FORBIDDEN, "actor": FORBIDDEN}


def extend_world(world):
    matrix = services.matrix_create_default()
    world.locked_matrix = matrix
    closed = services.cycle_start(
        title="Evaluierung 2025–2026",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        matrix=matrix,
        due_date=datetime.date(2026, 9, 30),
    )
    for assessment in closed.assessments.all():
        finalise(assessment)
    services.cycle_close(cycle=closed, user=None)
    world.closed_cycle = closed
    world.closed_own_assessment = closed.assessments.get(measure=world.own_measure)
    world.final_measure = MeasureFactory(lead_actor=world.own_actor, number="1.3")
    running = services.cycle_start(
        title="Evaluierung 2026–2028",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2028, 6, 30),
        matrix=matrix,
        due_date=datetime.date(2028, 9, 30),
    )
    world.running_cycle = running
    world.own_assessment = running.assessments.get(measure=world.own_measure)
    world.final_assessment = finalise(running.assessments.get(measure=world.final_measure))
    world.unlocked_matrix = services.matrix_copy(matrix=matrix)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _with_stored_report(w):
    """The closed cycle once the worker has stored its final report (a stand-in file)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.tests.fakes import FAKE_PDF
    from evaluation.models import ReportState

    cycle = w.closed_cycle
    cycle.report_pdf.save("evaluierungsbericht-matrix.pdf", ContentFile(FAKE_PDF), save=False)
    cycle.report_state, cycle.report_is_preview = ReportState.DONE, False
    cycle.report_rendered_at = timezone.now()
    cycle.save()
    return {"pk": cycle.pk}


def _draft_data(w):
    return {
        "indicator_value": "12,5",
        "recommendation": "continue",
        "draft": "1",
        "original": assessment_original(w.own_assessment),
    }


ROUTES = [
    Route("evaluation:index", ALL),
    Route("evaluation:matrix_list", ALL),
    Route("evaluation:matrix_detail", ALL, kwargs=_pk("locked_matrix")),
    Route("evaluation:matrix_create", COORDINATOR_ONLY),
    Route("evaluation:matrix_create", COORDINATOR_ONLY, method="post", label="invalid"),
    Route("evaluation:matrix_create_default", COORDINATOR_REDIRECT, method="post"),
    Route("evaluation:matrix_create_default", GET_ON_POST_ONLY),
    Route("evaluation:matrix_update", COORDINATOR_ONLY, kwargs=_pk("unlocked_matrix")),
    Route("evaluation:matrix_update", NOBODY, kwargs=_pk("locked_matrix"), label="locked"),
    Route(
        "evaluation:matrix_update",
        # the coordinator's form, opened before a cycle locked the matrix, is refused with its
        # input kept (and the offer to save it as a new version)
        {**NOBODY, "coordinator": CONFLICT},
        kwargs=_pk("locked_matrix"),
        method="post",
        label="locked",
    ),
    Route(
        "evaluation:matrix_copy", COORDINATOR_REDIRECT, kwargs=_pk("locked_matrix"), method="post"
    ),
    Route("evaluation:matrix_copy", GET_ON_POST_ONLY, kwargs=_pk("locked_matrix")),
    Route("evaluation:cycle_create", COORDINATOR_ONLY),
    Route("evaluation:cycle_create", COORDINATOR_ONLY, method="post", label="invalid"),
    Route("evaluation:cycle_detail", RUNNING, kwargs=_pk("running_cycle"), label="running"),
    Route("evaluation:cycle_detail", ALL, kwargs=_pk("closed_cycle"), label="closed"),
    Route("evaluation:cycle_close", RUNNING_CLOSE, kwargs=_pk("running_cycle")),
    Route(
        "evaluation:cycle_close",
        RUNNING_CLOSE,
        kwargs=_pk("running_cycle"),
        method="post",
        label="refused-open",
    ),
    Route("evaluation:cycle_close", NOBODY, kwargs=_pk("closed_cycle"), label="closed"),
    Route(
        "evaluation:cycle_add_missing",
        {**RUNNING_CLOSE, "coordinator": 302},
        kwargs=_pk("running_cycle"),
        method="post",
    ),
    Route(
        "evaluation:cycle_add_missing",
        NOBODY,
        kwargs=_pk("closed_cycle"),
        method="post",
        label="closed",
    ),
    Route(
        "evaluation:cycle_add_missing",
        GET_ON_POST_ONLY,
        kwargs=_pk("running_cycle"),
    ),
    Route(
        "evaluation:cycle_results", RUNNING_RESULTS, kwargs=_pk("running_cycle"), label="running"
    ),
    Route("evaluation:cycle_results", CLOSED_RESULTS, kwargs=_pk("closed_cycle"), label="closed"),
    Route("evaluation:cycle_report", RUNNING_RESULTS, kwargs=_pk("running_cycle"), label="running"),
    Route("evaluation:cycle_report", CLOSED_RESULTS, kwargs=_pk("closed_cycle"), label="closed"),
    # The state of the report PDF as JSON, polled by the report page: who sees the page.
    Route(
        "evaluation:cycle_report_state",
        RUNNING_RESULTS,
        kwargs=_pk("running_cycle"),
        label="running",
    ),
    Route(
        "evaluation:cycle_report_state", CLOSED_RESULTS, kwargs=_pk("closed_cycle"), label="closed"
    ),
    # No report stored (the running cycle's was never requested, the closed cycle's final one
    # is queued): the download leads to the report page, which says so. With a stored report
    # it serves the file (evaluation/tests/test_report_worker.py, per role).
    Route(
        "evaluation:cycle_report_pdf",
        {**RUNNING_RESULTS, "coordinator": 302},
        kwargs=_pk("running_cycle"),
        label="running",
    ),
    Route(
        "evaluation:cycle_report_pdf",
        {**CLOSED_RESULTS, "coordinator": 302, "council": 302},
        kwargs=_pk("closed_cycle"),
        label="closed",
    ),
    Route(
        "evaluation:cycle_report_pdf",
        CLOSED_RESULTS,
        kwargs=_with_stored_report,
        label="closed-stored",
    ),
    Route(
        "evaluation:cycle_report_request",
        {**RUNNING_RESULTS, "coordinator": 302},
        kwargs=_pk("running_cycle"),
        method="post",
        label="running",
    ),
    Route(
        "evaluation:cycle_report_request",
        {**CLOSED_RESULTS, "coordinator": 302, "council": 302},
        kwargs=_pk("closed_cycle"),
        method="post",
        label="closed",
    ),
    Route("evaluation:cycle_report_request", GET_ON_POST_ONLY, kwargs=_pk("running_cycle")),
    Route("evaluation:assessment_detail", OWN_RUNNING, kwargs=_pk("own_assessment")),
    Route(
        "evaluation:assessment_detail",
        OWN_CLOSED,
        kwargs=_pk("closed_own_assessment"),
        label="closed",
    ),
    Route("evaluation:assessment_update", OWN_RUNNING, kwargs=_pk("own_assessment")),
    Route(
        "evaluation:assessment_update",
        OWN_RUNNING_POST,
        kwargs=_pk("own_assessment"),
        method="post",
        data=_draft_data,
        label="draft",
    ),
    Route(
        "evaluation:assessment_update",
        {**OWN_RUNNING, "actor": FORBIDDEN},  # coordinator: 200, the form lists what is missing
        kwargs=_pk("own_assessment"),
        method="post",
        data=lambda w: {**_draft_data(w), "finalise": "1"},
        label="finalise-incomplete",
    ),
    Route(
        "evaluation:assessment_update",
        OWN_FINAL_EDIT,
        kwargs=_pk("final_assessment"),
        label="final",
    ),
    Route(
        "evaluation:assessment_update",
        OWN_CLOSED_EDIT,
        kwargs=_pk("closed_own_assessment"),
        label="closed",
    ),
]
