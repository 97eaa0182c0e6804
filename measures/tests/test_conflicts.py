"""A stale form never silently undoes someone else's change, also not when saved again."""

from decimal import Decimal

import pytest
from django.urls import reverse

from measures import services
from measures.models import Measure, MeasureStatus, StatusUpdate

from .factories import MeasureFactory
from .test_edit import form_data


def resubmit(client, url, response):
    """Save the conflict page's form again, as the browser would send it."""
    data = {key: values for key, values in response.context["form"].data.lists() if values}
    return client.post(url, data)


@pytest.fixture
def measure(own_actor):
    return MeasureFactory(
        lead_actor=own_actor, status=MeasureStatus.PLANNED, progress=0, title="Ursprünglich"
    )


@pytest.mark.django_db
def test_saving_the_edit_conflict_again_keeps_the_actors_status_report(
    client, coordinator, actor_member, measure
):
    url = reverse("measures:update", args=[measure.pk])
    client.force_login(coordinator)
    stale = form_data(measure, notes="Nur meine Notiz")  # the form as opened, plus a note
    services.measure_report_status(
        measure=Measure.objects.get(pk=measure.pk),
        user=actor_member,
        status=MeasureStatus.IN_PROGRESS,
        progress=40,
        indicator_value=Decimal("12.5"),
    )

    response = client.post(url, stale)

    assert response.status_code == 409
    form = response.context["form"]
    assert form["status"].value() == MeasureStatus.IN_PROGRESS  # the report's, not the stale
    assert str(form["progress"].value()) == "40"
    assert form["notes"].value() == "Nur meine Notiz"  # the coordinator's input stays
    assert resubmit(client, url, response).status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.indicator_current) == (
        MeasureStatus.IN_PROGRESS,
        40,
        Decimal("12.5"),
    )
    assert measure.notes == "Nur meine Notiz"


@pytest.mark.django_db
def test_two_coordinators_each_keep_their_own_change(client, coordinator, measure):
    colleague = type(coordinator).objects.create_user("vertretung", first_name="Vera")
    url = reverse("measures:update", args=[measure.pk])
    client.force_login(coordinator)
    stale = form_data(measure, description="Meine Beschreibung")
    services.measure_update(
        measure=Measure.objects.get(pk=measure.pk),
        user=colleague,
        values={"title": "Titel der Kollegin", "budget_amount": Decimal("999")},
        expected_version=1,
    )

    response = client.post(url, stale)

    assert response.status_code == 409
    assert resubmit(client, url, response).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Titel der Kollegin"
    assert measure.budget_amount == Decimal("999")
    assert measure.description == "Meine Beschreibung"


@pytest.mark.django_db
def test_a_field_both_changed_keeps_the_users_input(client, coordinator, measure):
    url = reverse("measures:update", args=[measure.pk])
    client.force_login(coordinator)
    stale = form_data(measure, title="Mein Titel")
    services.measure_update(
        measure=Measure.objects.get(pk=measure.pk),
        user=coordinator,
        values={"title": "Anderer Titel"},
        expected_version=1,
    )
    response = client.post(url, stale)
    assert response.context["form"]["title"].value() == "Mein Titel"
    page = response.content.decode()
    assert (
        "Titel: jetzt „Anderer Titel“ (vorher „Ursprünglich“); Ihre Eingabe „Mein Titel“ steht "
        "unten und gilt, wenn Sie erneut speichern" in page
    )
    assert resubmit(client, url, response).status_code == 302
    assert Measure.objects.get(pk=measure.pk).title == "Mein Titel"


@pytest.mark.django_db
def test_a_stale_status_report_is_refused_and_shows_the_other_report(
    client, coordinator, actor_member, measure
):
    url = reverse("measures:report", args=[measure.pk])
    client.force_login(actor_member)
    opened = client.get(url).context["form"]
    stale = {
        "status": opened["status"].value(),
        "progress": str(opened["progress"].value()),
        "indicator_value": "",
        "text": "Alles gut",
        "original": opened["original"].value(),
    }
    services.measure_report_status(
        measure=Measure.objects.get(pk=measure.pk),
        user=coordinator,
        status=MeasureStatus.DELAYED,
        progress=60,
        text="Raum fehlt",
    )

    response = client.post(url, stale)

    assert response.status_code == 409
    html = response.content.decode()
    assert "jemand anderes hat die Maßnahme inzwischen geändert" in html
    assert StatusUpdate.objects.filter(measure=measure).count() == 1  # nothing written
    form = response.context["form"]
    assert form["status"].value() == MeasureStatus.DELAYED
    assert form["text"].value() == "Alles gut"
    assert resubmit(client, url, response).status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.DELAYED, 60)
    assert measure.status_updates.first().text == "Alles gut"


@pytest.mark.django_db
def test_unchanged_is_confirmed_once_a_day(client, actor_member, own_actor):
    measure = MeasureFactory(lead_actor=own_actor, status=MeasureStatus.IN_PROGRESS)
    url = reverse("measures:confirm_unchanged", args=[measure.pk])
    client.force_login(actor_member)
    assert url in client.get(reverse("home")).content.decode()

    client.post(url, {"next": "home"})
    response = client.post(url, {"next": "home"}, follow=True)

    assert measure.status_updates.count() == 1
    html = response.content.decode()
    assert "ist heute schon als „unverändert, weiter im Plan“ bestätigt" in html
    home = client.get(reverse("home")).content.decode()
    assert url not in home
    assert "Unverändert – heute bestätigt" in home
    assert url not in client.get(measure.get_absolute_url()).content.decode()
