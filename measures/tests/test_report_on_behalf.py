"""The coordination records a Sachstand that reached it by phone or mail, on the actor's
behalf: the report names who reported; actors never see the field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from measures.models import MeasureStatus, ReportChannel, StatusUpdate

from .factories import MeasureFactory, report_original

FIELD_LABEL = "Gemeldet von (telefonisch oder per E-Mail)"

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_measure(own_actor):
    return MeasureFactory(
        lead_actor=own_actor,
        status=MeasureStatus.IN_PROGRESS,
        progress=40,
        indicator_current=Decimal("10"),
    )


def _post(client, measure, **values):
    data = {
        "status": "in_progress",
        "progress": "60",
        "indicator_value": "",
        "text": "Am Telefon: läuft gut.",
        "original": report_original(measure),
    }
    data.update(values)
    return client.post(reverse("measures:report", args=[measure.pk]), data)


def test_coordinator_sees_the_field_actor_does_not(client, coordinator, actor_member, own_measure):
    url = reverse("measures:report", args=[own_measure.pk])
    client.force_login(coordinator)
    assert FIELD_LABEL in client.get(url).content.decode()
    client.force_login(actor_member)
    assert FIELD_LABEL not in client.get(url).content.decode()


def test_report_on_behalf_records_channel_name_and_history_reason(client, coordinator, own_measure):
    client.force_login(coordinator)
    response = _post(client, own_measure, reported_by="Frau Yilmaz, Sprachtreff e. V.")
    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.channel, update.reported_by, update.author) == (
        ReportChannel.ON_BEHALF,
        "Frau Yilmaz, Sprachtreff e. V.",
        coordinator,
    )
    record = own_measure.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == (
        "Sachstand gemeldet: telefonisch gemeldet von Frau Yilmaz, Sprachtreff e. V."
    )
    assert update.history.latest().channel == ReportChannel.ON_BEHALF
    own_measure.refresh_from_db()
    assert own_measure.progress == 60


def test_coordinator_without_a_name_reports_as_themselves(client, coordinator, own_measure):
    client.force_login(coordinator)
    assert _post(client, own_measure, reported_by="  ").status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.channel, update.reported_by) == (ReportChannel.ACCOUNT, "")
    assert own_measure.history.latest().history_change_reason == "Sachstand gemeldet"


def test_actor_cannot_smuggle_a_reporter_name(client, actor_member, own_measure):
    client.force_login(actor_member)
    assert _post(client, own_measure, reported_by="Bürgermeister").status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.channel, update.reported_by, update.author) == (
        ReportChannel.ACCOUNT,
        "",
        actor_member,
    )


def test_conflict_keeps_the_reporter_name(client, coordinator, own_measure):
    from measures.services import measure_report_status

    client.force_login(coordinator)
    original = report_original(own_measure)
    measure_report_status(measure=own_measure, user=coordinator, status="delayed", progress=45)
    response = _post(client, own_measure, original=original, reported_by="Herr Adam")
    assert response.status_code == 409
    assert 'value="Herr Adam"' in response.content.decode()
    again = client.post(
        reverse("measures:report", args=[own_measure.pk]), response.context["form"].data
    )
    assert again.status_code == 302
    assert StatusUpdate.objects.latest("created_at").reported_by == "Herr Adam"


def test_only_the_coordination_may_report_on_behalf(coordinator, actor_member, own_measure):
    assert coordinator.has_perm("measures.report_on_behalf", own_measure)
    assert not actor_member.has_perm("measures.report_on_behalf", own_measure)
