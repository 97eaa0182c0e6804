"""The state of the report PDF as JSON (``evaluation:cycle_report_state``), polled by the
report page while the PDF is pending (static/js/pdf-state.js reloads the page once it is not):
it says what the page says, in every state, a render lost with its task included."""

import json
import re

import pytest
from django.tasks import default_task_backend
from django.urls import reverse

from core.tests.fakes import FAKE_PDF
from evaluation import report, services
from evaluation.models import ReportState
from evaluation.report_job import REPORT_PDF
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, draft, finalise, start_cycle

pytestmark = pytest.mark.django_db

PENDING = {"queued", "running"}  # the page's data-pending


@pytest.fixture
def running(own_actor, settings, tmp_path, monkeypatch):
    """A running cycle; tasks are stored, not run (the worker is called by hand), and a
    rendering stores a stand-in PDF."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(report, "render", lambda cycle, as_of: ("r.pdf", report.MIMETYPE, FAKE_PDF))
    MeasureFactory(number="3.4", title="Sprachcafé für Eltern", lead_actor=own_actor)
    MeasureFactory(number="4.1", title="Jobpatenschaften", lead_actor=own_actor)
    cycle = start_cycle(title="Evaluierung 2026–2027")
    finalise(cycle.assessments.order_by("measure__number").first(), ALL_REACHED)
    return cycle


def _request(cycle, user):
    services.cycle_report_request(cycle=cycle, user=user)
    return default_task_backend.results[-1]


def _render(cycle, user):
    services.cycle_report_render(cycle_id=cycle.pk, task_id=_request(cycle, user).id)


def _none(cycle, user):
    pass


def _queued(cycle, user):
    _request(cycle, user)


def _running(cycle, user):
    REPORT_PDF.claim(cycle.pk, _request(cycle, user).id)


def _lost(cycle, user):
    _request(cycle, user)
    default_task_backend.clear()  # the queue forgot the task (e.g. Redis was flushed)


def _lost_while_running(cycle, user):
    task = _request(cycle, user)
    REPORT_PDF.claim(cycle.pk, task.id)
    default_task_backend.clear()


def _failed(cycle, user):
    def broken(cycle, **kwargs):
        raise RuntimeError("kaputt")

    task = _request(cycle, user)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "render", broken)
        with pytest.raises(RuntimeError):
            services.cycle_report_render(cycle_id=cycle.pk, task_id=task.id)


def _done(cycle, user):
    _render(cycle, user)


def _outdated(cycle, user):
    _render(cycle, user)
    draft(cycle.assessments.get(measure__number="4.1"), {"K1": "erreicht"}, user=None)


def _failed_after_a_preview(cycle, user):
    _outdated(cycle, user)
    _failed(cycle, user)


def _missing(cycle, user):
    _render(cycle, user)
    cycle.refresh_from_db()
    cycle.report_pdf.storage.delete(cycle.report_pdf.name)


def _state(client, cycle) -> dict:
    response = client.get(reverse("evaluation:cycle_report_state", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return json.loads(response.content)


def _shown(client, cycle) -> list[str]:
    """The data-state of each #pdf-state on the report page (there must be one)."""
    page = client.get(reverse("evaluation:cycle_report", args=[cycle.pk])).content.decode()
    return re.findall(r'<p [^>]*id="pdf-state" data-state="([a-z]+)"', page)


@pytest.mark.parametrize(
    ("make", "state"),
    [
        (_none, "none"),
        (_queued, "queued"),
        (_running, "running"),
        (_lost, "failed"),
        (_lost_while_running, "failed"),
        (_failed, "failed"),
        (_done, "done"),
        (_outdated, "outdated"),
        (_failed_after_a_preview, "failed"),
        (_missing, "missing"),
    ],
)
def test_the_json_state_is_the_one_the_page_shows(client, coordinator, running, make, state):
    make(running, coordinator)
    client.force_login(coordinator)
    assert _state(client, running) == {"state": state, "pending": state in PENDING}
    assert _shown(client, running) == [state]


def test_the_page_polls_only_while_the_report_is_pending(client, coordinator, running):
    client.force_login(coordinator)
    url = reverse("evaluation:cycle_report_state", args=[running.pk])
    page = client.get(reverse("evaluation:cycle_report", args=[running.pk])).content.decode()
    assert "js/pdf-state.js" in page
    assert f'data-url="{url}"' not in page  # nothing pending: nothing to poll
    _request(running, coordinator)
    page = client.get(reverse("evaluation:cycle_report", args=[running.pk])).content.decode()
    assert f'data-state="queued" data-pending="queued running" data-url="{url}"' in page


def test_the_polled_state_costs_four_queries(
    client, coordinator, running, django_assert_num_queries
):
    _running(running, coordinator)
    client.force_login(coordinator)
    # session, user, the user's groups (the role), the visible cycle with its matrix; the
    # pending task's result comes from the (dummy) backend, the database backend adds one
    with django_assert_num_queries(4):
        assert _state(client, running)["state"] == ReportState.RUNNING


@pytest.mark.parametrize(("role", "status"), [("actor_member", 403), ("other_member", 403)])
def test_only_who_sees_the_report_page_gets_its_state(client, request, running, role, status):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("evaluation:cycle_report_state", args=[running.pk]))
    assert response.status_code == status
    assert b"state" not in response.content
