"""Actors report status on the measures their actor leads; one click confirms "unchanged"."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from measures.models import Measure, MeasureStatus, StatusUpdate

from .factories import MeasureFactory, report_original


@pytest.fixture
def own_measure(own_actor):
    return MeasureFactory(
        lead_actor=own_actor,
        status=MeasureStatus.IN_PROGRESS,
        progress=40,
        indicator_current=Decimal("10"),
        title="Sprachcafé",
        notes="intern",
    )


@pytest.mark.django_db
def test_report_creates_a_status_update_and_changes_only_those_fields(
    client, actor_member, own_measure
):
    client.force_login(actor_member)
    before = Measure.objects.get(pk=own_measure.pk)
    response = client.post(
        reverse("measures:report", args=[own_measure.pk]),
        {
            "status": "delayed",
            "progress": "55",
            "indicator_value": "1.234,5",
            "text": "Raum fehlt.",
            "title": "gehackt",  # not a field of the form: ignored
            "original": report_original(own_measure),
        },
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.status, update.progress, update.indicator_value, update.author) == (
        "delayed",
        55,
        Decimal("1234.5"),
        actor_member,
    )
    after = Measure.objects.get(pk=own_measure.pk)
    assert (after.status, after.progress, after.indicator_current) == (
        "delayed",
        55,
        Decimal("1234.50"),
    )
    assert after.version == before.version + 1
    for name in ("title", "notes", "deadline", "budget_amount", "lead_actor_id"):
        assert getattr(after, name) == getattr(before, name)
    record = after.history.latest()
    assert record.history_user == actor_member
    assert record.history_change_reason == "Sachstand gemeldet"


@pytest.mark.django_db
def test_report_form_refuses_progress_over_100_in_german_and_keeps_the_text(
    client, actor_member, own_measure
):
    client.force_login(actor_member)
    response = client.post(
        reverse("measures:report", args=[own_measure.pk]),
        {"status": "delayed", "progress": "120", "text": "Mein Text"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der Fortschritt muss zwischen 0 und 100 % liegen." in html
    assert "Mein Text" in html
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_report_form_is_prefilled_with_the_current_values(client, actor_member, own_measure):
    client.force_login(actor_member)
    html = client.get(reverse("measures:report", args=[own_measure.pk])).content.decode()
    assert 'value="40"' in html
    assert 'value="10,00"' in html


@pytest.mark.django_db
def test_unchanged_confirmation_records_a_dated_copy_of_the_current_values(
    client, actor_member, own_measure
):
    client.force_login(actor_member)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)):
        response = client.post(reverse("measures:confirm_unchanged", args=[own_measure.pk]))
    assert response.status_code == 302
    assert response.url == own_measure.get_absolute_url()
    update = StatusUpdate.objects.get()
    assert update.unchanged
    assert update.reported_on == datetime.date(2026, 11, 20)
    assert (update.status, update.progress, update.indicator_value) == (
        "in_progress",
        40,
        Decimal("10.00"),
    )
    assert update.author == actor_member
    own_measure.refresh_from_db()
    assert own_measure.progress == 40
    assert own_measure.history.order_by("-history_id").first().history_change_reason == (
        "Sachstand: unverändert bestätigt"
    )


@pytest.mark.django_db
def test_unchanged_confirmation_from_the_dashboard_returns_there(client, actor_member, own_measure):
    client.force_login(actor_member)
    response = client.post(
        reverse("measures:confirm_unchanged", args=[own_measure.pk]), {"next": "home"}
    )
    assert response.url == reverse("home")
    StatusUpdate.objects.all().delete()  # once a day: make room for the second one
    response = client.post(
        reverse("measures:confirm_unchanged", args=[own_measure.pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == own_measure.get_absolute_url()


@pytest.mark.django_db
def test_unchanged_confirmation_needs_post(client, actor_member, own_measure):
    client.force_login(actor_member)
    response = client.get(reverse("measures:confirm_unchanged", args=[own_measure.pk]))
    assert response.status_code == 405
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_member_of_another_actor_cannot_report(client, other_member, own_measure):
    client.force_login(other_member)
    for name in ("measures:report", "measures:confirm_unchanged"):
        url = reverse(name, args=[own_measure.pk])
        assert client.post(url, {"status": "planned", "progress": "1"}).status_code == 403
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"status": MeasureStatus.COMPLETED, "progress": 100}, "ist abgeschlossen"),
        ({"status": MeasureStatus.CANCELLED}, "ist abgebrochen"),
        ({"deadline": datetime.date(2026, 1, 31)}, "ist überfällig (Frist 31.01.2026)"),
    ],
)
@time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC))
def test_unchanged_is_refused_for_closed_and_overdue_measures(
    client, actor_member, own_actor, values, reason
):
    measure = MeasureFactory(lead_actor=own_actor, start_date=datetime.date(2026, 1, 1), **values)
    client.force_login(actor_member)
    response = client.post(
        reverse("measures:confirm_unchanged", args=[measure.pk]), {"next": "home"}, follow=True
    )
    assert response.redirect_chain == [(reverse("measures:report", args=[measure.pk]), 302)]
    html = response.content.decode()
    assert f"Maßnahme {measure.number} {reason}" in html
    assert "Bitte melden Sie" in html
    assert reverse("measures:confirm_unchanged", args=[measure.pk]) not in html  # no button
    assert not StatusUpdate.objects.exists()
    measure.refresh_from_db()
    assert measure.version == 1
    assert measure.history.count() == 1


@pytest.mark.django_db
def test_report_form_offers_unchanged_only_for_open_measures_in_time(
    client, actor_member, own_measure
):
    client.force_login(actor_member)
    unchanged = reverse("measures:confirm_unchanged", args=[own_measure.pk])
    report = reverse("measures:report", args=[own_measure.pk])
    assert unchanged in client.get(report).content.decode()
    own_measure.status = MeasureStatus.COMPLETED
    own_measure.save()
    html = client.get(report).content.decode()
    assert unchanged not in html
    assert "Sachstand speichern" in html


@pytest.mark.django_db
def test_report_form_says_when_the_deadline_has_passed(client, coordinator):
    overdue = MeasureFactory(
        start_date=datetime.date(2019, 1, 1), deadline=datetime.date(2020, 1, 31)
    )
    in_time = MeasureFactory(deadline=datetime.date(2099, 1, 31))
    client.force_login(coordinator)
    html = client.get(reverse("measures:report", args=[overdue.pk])).content.decode()
    assert "Die Frist (31.01.2020) ist überschritten." in html
    html = client.get(reverse("measures:report", args=[in_time.pk])).content.decode()
    assert "ist überschritten" not in html
