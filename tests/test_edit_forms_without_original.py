"""One conflict rule everywhere: an edit form posted without its hidden ``original`` (the
version token, core/conflicts.py) is refused like a stale one. It used to skip the conflict
check and silently revert another person's save; a browser always sends the token, a script
need not. The refusal changes nothing, keeps every input, and a deliberate second save of the
page shown goes through."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.models import Criterion
from evaluation.tests.factories import default_matrix, draft, start_cycle
from evaluation.tests.test_matrix_conflict import _post_data
from measures import services as measure_services
from measures.models import Measure, MeasureStatus, StatusUpdate
from measures.tests.factories import MeasureFactory
from measures.tests.test_edit import form_data

pytestmark = pytest.mark.django_db


def _again(response) -> dict:
    """The conflict page's form as a browser would send it again."""
    return {key: values for key, values in response.context["form"].data.lists() if values}


@pytest.fixture
def measure(own_actor):
    return MeasureFactory(lead_actor=own_actor, status=MeasureStatus.PLANNED, progress=0)


def test_a_measure_edit_without_its_original_is_refused_and_reverts_nothing(
    client, coordinator, actor_member, measure
):
    data = form_data(measure, title="Mein Titel")
    del data["original"]
    measure_services.measure_report_status(
        measure=measure, user=actor_member, status=MeasureStatus.IN_PROGRESS, progress=40
    )
    client.force_login(coordinator)
    url = reverse("measures:update", args=[measure.pk])

    response = client.post(url, data)

    assert response.status_code == 409
    assert "jemand anderes hat die Maßnahme inzwischen geändert" in response.content.decode()
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.title, stored.status, stored.progress, stored.version) == (
        measure.title,
        MeasureStatus.IN_PROGRESS,
        40,
        2,
    )
    form = response.context["form"]
    assert form["title"].value() == "Mein Titel"  # nothing typed is lost
    # unknown what the form showed: every input is the user's, also the stale status
    assert form["status"].value() == MeasureStatus.PLANNED
    assert client.post(url, _again(response)).status_code == 302
    assert Measure.objects.get(pk=measure.pk).title == "Mein Titel"


def test_a_measure_edit_without_its_original_is_refused_even_when_nobody_saved(
    client, coordinator, measure
):
    data = form_data(measure, title="Mein Titel")
    del data["original"]
    client.force_login(coordinator)
    response = client.post(reverse("measures:update", args=[measure.pk]), data)
    assert response.status_code == 409
    assert Measure.objects.get(pk=measure.pk).version == 1


@pytest.mark.parametrize("token", ["", "kaputt"])
def test_a_status_report_without_a_valid_original_is_refused_and_writes_nothing(
    client, coordinator, actor_member, measure, token
):
    measure_services.measure_report_status(
        measure=measure, user=coordinator, status=MeasureStatus.DELAYED, progress=60
    )
    client.force_login(actor_member)
    url = reverse("measures:report", args=[measure.pk])
    data = {"status": "in_progress", "progress": "10", "indicator_value": "", "text": "Gut"}
    if token:
        data["original"] = token

    response = client.post(url, data)

    assert response.status_code == 409
    assert "jemand anderes hat die Maßnahme inzwischen geändert" in response.content.decode()
    assert StatusUpdate.objects.filter(measure=measure).count() == 1  # only the coordinator's
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.status, stored.progress, stored.version) == (MeasureStatus.DELAYED, 60, 2)
    assert response.context["form"]["text"].value() == "Gut"
    assert client.post(url, _again(response)).status_code == 302
    assert Measure.objects.get(pk=measure.pk).status_updates.first().text == "Gut"


def test_an_assessment_without_its_original_is_refused_and_reverts_nothing(
    client, coordinator, actor_member, own_actor
):
    MeasureFactory(lead_actor=own_actor, number="3.1")
    assessment = start_cycle().assessments.get()
    draft(assessment, {"K1": "erreicht"}, user=actor_member, remarks="Von der VHS")
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    data = {"indicator_value": "", "recommendation": "", "remarks": "", "draft": "1"}

    response = client.post(url, data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "jemand anderes hat diese Bewertung inzwischen geändert" in page
    assert "Bemerkungen: jetzt „Von der VHS“; Ihre Eingabe „leer“" in page
    assessment.refresh_from_db()
    assert (assessment.version, assessment.remarks) == (2, "Von der VHS")
    k1 = assessment.scores.get(criterion__code="K1")
    assert k1.level.label == "erreicht"


def test_a_matrix_edit_without_its_original_is_refused_and_reverts_nothing(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    mine = _post_data(client.get(url))
    del mine["original"]
    k1 = next(key for key, value in mine.items() if value == "K1").rsplit("-", 1)[0]
    mine[f"{k1}-weight"] = "35,5"

    response = client.post(url, mine)

    assert response.status_code == 409
    assert "jemand anderes hat diese Matrix inzwischen geändert" in response.content.decode()
    assert Criterion.objects.get(matrix=matrix, code="K1").weight == Decimal("30")
    shown = _post_data(response)
    assert shown[f"{k1}-weight"] == "35,5"  # the input stays
    assert shown["original"]  # the current snapshot: saving again goes through
    assert client.post(url, shown).status_code == 302
    assert Criterion.objects.get(matrix=matrix, code="K1").weight == Decimal("35.5")
