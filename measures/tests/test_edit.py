"""Coordinator creates, edits (optimistic locking) and deletes measures."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from core.conflicts import read_original
from measures import services
from measures.models import Measure, MeasureStatus

from .factories import MeasureFactory, StatusUpdateFactory, edit_original

CREATE = reverse("measures:create")


def form_data(measure=None, **overrides):
    data = {
        "number": "3.7",
        "title": "Elterncafé",
        "description": "",
        "action_field": str(action_field(3).pk),
        "target_group": "",
        "status": "planned",
        "progress": "0",
    }
    if measure is not None:
        data.update(
            number=measure.number,
            title=measure.title,
            description=measure.description,
            action_field=str(measure.action_field_id),
            target_group=measure.target_group,
            lead_actor=str(measure.lead_actor_id or ""),
            indicator=measure.indicator,
            indicator_unit=measure.indicator_unit,
            indicator_baseline="0",
            indicator_target="50",
            staff_hours_per_year="200",
            budget_amount="12.500,00",
            start_date="01.01.2026",
            deadline="31.12.2027",
            status=measure.status,
            progress=str(measure.progress),
            original=edit_original(measure),
        )
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_incomplete_measure_is_saved_and_the_message_says_what_is_missing(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, form_data())
    measure = Measure.objects.get(number="3.7")
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    text = " ".join(messages_of(response))
    assert "noch nicht SMART" in text
    assert "es fehlt: Spezifisch, Messbar, Aktivierend, Realistisch, Terminiert" in text
    assert "Es fehlt eine Frist (ein konkretes Datum)." in text
    record = measure.history.get()
    assert record.history_user == coordinator
    assert record.history_type == "+"


@pytest.mark.django_db
def test_german_dates_and_euro_amounts_are_read(client, coordinator):
    client.force_login(coordinator)
    lead = ActorFactory()
    partner = ActorFactory()
    client.post(
        CREATE,
        form_data(
            description="Offener Treff",
            target_group="Eltern",
            lead_actor=str(lead.pk),
            partners=[str(partner.pk)],
            indicator="Besuche",
            indicator_unit="Personen",
            indicator_baseline="0",
            indicator_target="1.200",
            staff_fte="0,25",
            budget_amount="12.500,00",
            start_date="01.02.2026",
            deadline="31.12.2026",
        ),
    )
    measure = Measure.objects.get(number="3.7")
    assert measure.budget_amount == Decimal("12500.00")
    assert measure.indicator_target == Decimal("1200")
    assert measure.staff_fte == Decimal("0.25")
    assert measure.deadline == datetime.date(2026, 12, 31)
    assert list(measure.partners.all()) == [partner]
    assert measure.is_smart
    assert measure.history.count() == 1  # one save, one history record (with partners)


@pytest.mark.django_db
def test_goal_must_belong_to_the_action_field(client, coordinator):
    client.force_login(coordinator)
    goal = GoalFactory(action_field=action_field(1))
    response = client.post(CREATE, form_data(goal=str(goal.pk)))
    assert response.status_code == 200
    assert "Das Ziel gehört zu einem anderen Handlungsfeld" in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_invalid_input_keeps_everything_typed_and_says_why_in_german(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        CREATE, form_data(deadline="31.02.2026", budget_amount="zwölf", title="Mein Titel")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mein Titel"' in html
    assert 'value="31.02.2026"' in html
    assert "Bitte ein gültiges Datum eingeben" in html
    assert "Bitte eine Zahl eingeben" in html


@pytest.mark.django_db
def test_deadline_before_start_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(start_date="01.06.2026", deadline="01.01.2026"))
    assert "Die Frist darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_edit_form_shows_german_formats_and_the_version(client, coordinator):
    client.force_login(coordinator)
    measure = MeasureFactory(budget_amount=Decimal("12500"))
    response = client.get(reverse("measures:update", args=[measure.pk]))
    html = response.content.decode()
    assert 'value="12.500,00"' in html
    assert 'value="31.12.2027"' in html
    assert 'name="original"' in html
    original = read_original(response.context["form"]["original"].value())
    assert original.version == 1
    assert original.values["budget_amount"] == Decimal("12500")
    assert "S – Spezifisch" in html and "T – Terminiert" in html


@pytest.mark.django_db
def test_completing_a_measure_makes_it_smart_and_history_records_both_saves(client, coordinator):
    client.force_login(coordinator)
    client.post(CREATE, form_data())
    measure = Measure.objects.get(number="3.7")
    measure.lead_actor = ActorFactory()
    response = client.post(
        reverse("measures:update", args=[measure.pk]),
        form_data(
            measure,
            description="Offener Treff",
            target_group="Eltern",
            indicator="Besuche",
            indicator_unit="Personen",
        ),
    )
    assert response.status_code == 302
    assert "Die Maßnahme ist SMART." in messages_of(response)
    measure.refresh_from_db()
    assert measure.version == 2
    assert measure.is_smart
    users = list(measure.history.values_list("history_user__username", flat=True))
    assert users == [coordinator.username, coordinator.username]


@pytest.mark.django_db
def test_concurrent_edit_is_refused_shows_the_other_change_and_keeps_the_input(client, coordinator):
    colleague = type(coordinator).objects.create_user("vertretung", first_name="Vera")
    measure = MeasureFactory(title="Ursprünglich")
    client.force_login(coordinator)
    stale = form_data(measure, title="Mein neuer Titel", notes="Meine Notiz")
    # the colleague saves after the form was opened
    services.measure_update(
        measure=Measure.objects.get(pk=measure.pk),
        user=colleague,
        values={"title": "Titel der Kollegin"},
        expected_version=1,
    )
    response = client.post(reverse("measures:update", args=[measure.pk]), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "jemand anderes hat die Maßnahme inzwischen geändert" in html
    assert "Titel der Kollegin" in html and "Ursprünglich" in html
    assert "Vera" in html
    assert 'value="Mein neuer Titel"' in html
    assert "Meine Notiz" in html
    token = response.context["form"].data["original"]
    assert read_original(token).version == 2
    assert f'name="original" value="{token}"' in html
    measure.refresh_from_db()
    assert measure.title == "Titel der Kollegin"
    # a deliberate second save (now with the current original) goes through
    again = dict(stale, original=token)
    assert client.post(reverse("measures:update", args=[measure.pk]), again).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Mein neuer Titel"


@pytest.mark.django_db
def test_a_status_report_meanwhile_also_counts_as_a_conflict(client, coordinator, actor_member):
    measure = MeasureFactory()
    client.force_login(coordinator)
    stale = form_data(measure)
    services.measure_confirm_unchanged(measure=measure, user=actor_member)
    response = client.post(reverse("measures:update", args=[measure.pk]), stale)
    assert response.status_code == 409


@pytest.mark.django_db
def test_delete_asks_first_then_deletes_with_history(client, coordinator):
    client.force_login(coordinator)
    measure = MeasureFactory(status=MeasureStatus.PLANNED)
    url = reverse("measures:delete", args=[measure.pk])
    StatusUpdateFactory.create_batch(2, measure=measure)
    page = client.get(url).content.decode()
    assert "Endgültig löschen" in page and "mit 2 Sachständen" in page
    assert Measure.objects.filter(pk=measure.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    deletion = Measure.history.filter(id=measure.pk, history_type="-").get()
    assert deletion.history_user == coordinator


@pytest.mark.django_db
def test_rule_errors_stand_at_their_field_once(client, coordinator):
    client.force_login(coordinator)
    data = form_data(
        start_date="31.12.2027", deadline="01.01.2027", budget_amount="-1.234,56", number="5.99"
    )
    response = client.post(CREATE, data)
    form = response.context["form"]
    assert form.errors["deadline"] == ["Die Frist darf nicht vor dem Beginn liegen."]
    assert form.errors["budget_amount"] == ["Der Betrag darf nicht negativ sein."]
    assert form.errors["number"] == [
        "Die Nummer 5.99 passt nicht zum Handlungsfeld 3: Maßnahmen dieses Felds sind 3.1, 3.2, …"
    ]
    assert form.non_field_errors() == []
    html = response.content.decode()
    assert html.count("Die Frist darf nicht vor dem Beginn liegen.") == 2  # summary + field
    assert 'href="#id_deadline"' in html
    assert not Measure.objects.exists()
