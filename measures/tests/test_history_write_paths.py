"""Every way a measure can change leaves one history record, with its author and a reason.

The guard is ``assert_history_tells_the_current_state``: the newest history record of every
measure must equal the measure as stored, partners included. A write that bypasses the history
(``QuerySet.update()``, ``bulk_update()``, the database's SET NULL when a goal or actor is
deleted, partners changed without a snapshot) breaks it, whichever path it took.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from concept import services as concept_services
from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures import services
from measures.history import TRACKED
from measures.models import HistoricalMeasure_partners, Measure, MeasureStatus

from .factories import MeasureFactory, edit_original, report_original


def newest_record(measure):
    return measure.history.order_by("-history_date", "-history_id").first()


def assert_history_tells_the_current_state():
    for measure in Measure.objects.prefetch_related("partners"):
        record = newest_record(measure)
        assert record is not None, f"{measure.number}: no history at all"
        for name in [f.attname for f in TRACKED] + ["version"]:
            assert getattr(record, name) == getattr(measure, name), (
                f"{measure.number}: {name} changed without a history record"
            )
        snapshot = HistoricalMeasure_partners.objects.filter(history=record)
        assert sorted(snapshot.values_list("actor_id", flat=True)) == sorted(
            a.pk for a in measure.partners.all()
        ), f"{measure.number}: partners changed without a history record"


@pytest.fixture
def world(coordinator, own_actor):
    field = action_field(3)
    goal = GoalFactory(action_field=field, title="Alle Kinder sprechen Deutsch")
    partner = ActorFactory(name="Sprachpaten e. V.")
    measure = services.measure_create(
        user=coordinator,
        values={
            "number": "3.1",
            "title": "Lesepaten",
            "action_field": field,
            "goal": goal,
            "lead_actor": own_actor,
            "staff_actor": partner,
            "status": MeasureStatus.IN_PROGRESS,
            "start_date": datetime.date(2026, 1, 1),
            "deadline": datetime.date(2099, 12, 31),
        },
        partners=[partner],
    )
    return {"measure": measure, "goal": goal, "partner": partner, "lead": own_actor}


def admin_form_data(form, **overrides) -> dict:
    """What the admin's change form would post back unchanged (plus ``overrides``)."""
    data = {
        f"status_updates-{key}": value
        for key, value in {
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        }.items()
    }
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.strftime("%d.%m.%Y")
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(getattr(value, "pk", value))
    data.update(overrides)
    return data


# --- the write paths: each returns (user, reason) it should leave in the history --------------


def edit_form(client, w, coordinator, actor_member):
    client.force_login(coordinator)
    m = w["measure"]
    response = client.post(
        reverse("measures:update", args=[m.pk]),
        {
            "number": m.number,
            "title": "Lesepaten in Kitas",
            "action_field": m.action_field_id,
            "goal": m.goal_id,
            "lead_actor": m.lead_actor_id,
            "staff_actor": m.staff_actor_id,
            "partners": [w["partner"].pk],
            "status": m.status,
            "progress": "0",
            "start_date": "01.01.2026",
            "deadline": "31.12.2099",
            "original": edit_original(m),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return coordinator, "bearbeitet"


def status_report(client, w, coordinator, actor_member):
    client.force_login(actor_member)
    m = w["measure"]
    response = client.post(
        reverse("measures:report", args=[m.pk]),
        {
            "status": "in_progress",
            "progress": "60",
            "indicator_value": "1.234,5",
            "text": "Gut.",
            "original": report_original(m),
        },
    )
    assert response.status_code == 302
    assert Measure.objects.get(pk=m.pk).indicator_current == Decimal("1234.5")
    return actor_member, "Sachstand gemeldet"


def status_report_on_behalf(client, w, coordinator, actor_member):
    client.force_login(coordinator)
    m = w["measure"]
    response = client.post(
        reverse("measures:report", args=[m.pk]),
        {
            "status": "in_progress",
            "progress": "65",
            "text": "Am Telefon.",
            "reported_by": "Frau Yilmaz",
            "original": report_original(m),
        },
    )
    assert response.status_code == 302
    return coordinator, "telefonisch gemeldet von Frau Yilmaz"


def unchanged(client, w, coordinator, actor_member):
    client.force_login(actor_member)
    response = client.post(reverse("measures:confirm_unchanged", args=[w["measure"].pk]))
    assert response.status_code == 302
    return actor_member, "unverändert bestätigt"


def file_import(client, w, coordinator, actor_member):
    from measures.importing import importer_for

    content = (
        "Nr.;Handlungsfeld;Titel;Kooperationspartner\n3.1;3;Lesepaten (neu);Sprachpaten e. V.\n"
    )
    importer = importer_for("measures")
    plan = importer.plan(importer.read(content.encode(), "m.csv"))
    assert plan.is_valid and plan.update_count == 1, plan.error_lines()
    importer.commit(plan, user=coordinator)
    return coordinator, "Import aus Datei"


def admin_change(client, w, coordinator, actor_member):
    client.force_login(coordinator)
    url = reverse("admin:measures_measure_change", args=[w["measure"].pk])
    other = ActorFactory(name="Stadtbibliothek")
    form = client.get(url).context["adminform"].form
    response = client.post(url, admin_form_data(form, title="Lesepaten", partners=[other.pk]))
    assert response.status_code == 302, response.context["errors"]
    return coordinator, "Verwaltungsoberfläche gespeichert"


def admin_revert(client, w, coordinator, actor_member):
    m = w["measure"]
    first = newest_record(m)
    services.measure_update(measure=m, user=coordinator, values={"title": "Zwischenstand"})
    client.force_login(coordinator)
    url = reverse("admin:measures_measure_simple_history", args=[m.pk, first.history_id])
    form = client.get(url).context["adminform"].form
    response = client.post(url, admin_form_data(form))
    assert response.status_code == 302, response.context["errors"]
    assert Measure.objects.get(pk=m.pk).title == "Lesepaten"
    return coordinator, "früheren Stand zurückgesetzt"


def goal_deleted(client, w, coordinator, actor_member):
    concept_services.goal_delete(goal=w["goal"], user=coordinator)
    return coordinator, "Ziel „Alle Kinder sprechen Deutsch“ gelöscht"


def actor_deleted(client, w, coordinator, actor_member):
    concept_services.actor_delete(actor=w["partner"], user=coordinator)
    return coordinator, "Akteur „Sprachpaten e. V.“ gelöscht"


def goal_deleted_in_the_admin(client, w, coordinator, actor_member):
    client.force_login(coordinator)
    url = reverse("admin:concept_goal_delete", args=[w["goal"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    return coordinator, "gelöscht"


def actor_deleted_in_the_admin(client, w, coordinator, actor_member):
    client.force_login(coordinator)
    url = reverse("admin:concept_actor_delete", args=[w["partner"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    return coordinator, "gelöscht"


WRITE_PATHS = [
    edit_form,
    status_report,
    status_report_on_behalf,
    unchanged,
    file_import,
    admin_change,
    admin_revert,
    goal_deleted,
    actor_deleted,
    goal_deleted_in_the_admin,
    actor_deleted_in_the_admin,
]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITE_PATHS, ids=[w.__name__ for w in WRITE_PATHS])
def test_every_write_path_leaves_one_history_record_with_author_and_reason(
    client, world, coordinator, actor_member, write
):
    measure = world["measure"]
    before = measure.history.count()
    version = Measure.objects.get(pk=measure.pk).version
    user, reason = write(client, world, coordinator, actor_member)
    record = newest_record(measure)
    assert measure.history.count() - before == (2 if write is admin_revert else 1)
    assert record.history_user == user
    assert reason in record.history_change_reason
    assert record.version == version + (2 if write is admin_revert else 1)
    assert_history_tells_the_current_state()


@pytest.mark.django_db
def test_deleting_a_goal_or_partner_shows_in_the_history_with_the_old_names(
    client, world, coordinator, council
):
    concept_services.goal_delete(goal=world["goal"], user=coordinator)
    concept_services.actor_delete(actor=world["partner"], user=coordinator)
    client.force_login(council)
    response = client.get(reverse("measures:history", args=[world["measure"].pk]))
    goal_entry, actor_entry = response.context["history"][1], response.context["history"][0]
    assert goal_entry.reason == "Ziel „Alle Kinder sprechen Deutsch“ gelöscht"
    assert [(c.field, c.old, c.new) for c in goal_entry.changes] == [
        ("Ziel", "Alle Kinder sprechen Deutsch (gelöscht)", "–")
    ]
    assert {(c.field, c.old, c.new) for c in actor_entry.changes} == {
        ("Personal gestellt von", "Sprachpaten e. V. (gelöscht)", "–"),
        ("Kooperationspartner", "Sprachpaten e. V. (gelöscht)", "–"),
    }
    assert "Sprachpaten e. V. (gelöscht)" in response.content.decode()


@pytest.mark.django_db
def test_a_partner_swap_in_the_admin_is_one_entry_from_old_to_new(client, world, coordinator):
    admin_change(client, world, coordinator, None)
    response = client.get(reverse("measures:history", args=[world["measure"].pk]))
    newest = response.context["history"][0]
    assert response.context["paginator"].count == 2  # created, changed: no extra m2m records
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("Kooperationspartner", "Sprachpaten e. V.", "Stadtbibliothek")
    ]


@pytest.mark.django_db
def test_an_admin_revert_counts_the_version_on_from_the_stored_one(client, world, coordinator):
    """A revert saves an old record's fields, version included: counting up from that would
    hand out a version again, and an edit form opened at it would overwrite unnoticed."""
    admin_revert(client, world, coordinator, None)
    assert Measure.objects.get(pk=world["measure"].pk).version == 3


@pytest.mark.django_db
def test_deleting_a_measure_in_the_admin_says_so_in_the_history(client, coordinator):
    measure = MeasureFactory()
    client.force_login(coordinator)
    url = reverse("admin:measures_measure_delete", args=[measure.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    record = Measure.history.filter(id=measure.pk, history_type="-").get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "in der Verwaltungsoberfläche gelöscht"


def test_the_demo_data_has_a_history_that_tells_the_current_state(demo_data):
    """``loaddemo`` writes through the services like the live system (see docs/index.md)."""
    assert Measure.objects.exists()
    assert_history_tells_the_current_state()


@pytest.mark.django_db
def test_the_admin_refuses_the_lead_actor_as_partner_too(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:measures_measure_change", args=[world["measure"].pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, admin_form_data(form, partners=[world["lead"].pk]))
    assert response.status_code == 200
    assert "ist federführend und kann nicht zugleich Kooperationspartner" in (
        response.content.decode()
    )
    assert list(world["measure"].partners.all()) == [world["partner"]]
