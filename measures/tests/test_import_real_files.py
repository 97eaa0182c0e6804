"""Import of files written by another town (Stadt Musterhausen, see ``musterhausen.py``):
names resolved, never guessed; missing ones chosen in the preview; all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.models import Actor, ActorAlias, Goal
from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures.importing.storage import SESSION_KEY
from measures.models import Measure

from . import musterhausen
from .factories import MeasureFactory

UPLOAD = reverse("measures:import")
PREVIEW = reverse("measures:import_preview")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="Massnahmenplan_2025.xlsx", kind="measures"):
    return client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, data, XLSX)})


@pytest.fixture
def musterhausen_actors(db):
    return {
        "caritas": ActorFactory(name="Caritasverband Musterhausen e.V.", short_name="Caritas"),
        "jobcenter": ActorFactory(
            name="Jobcenter Region Musterhausen", short_name="Jobcenter Region"
        ),
        "fb50": ActorFactory(name="Stadt – FB 50 Soziales"),
    }


def keys(plan_entries):
    return {entry.text: entry.key for entry in plan_entries}


@pytest.mark.django_db
def test_the_preview_lists_each_actor_name_once_with_what_it_becomes(
    client, coordinator, musterhausen_actors
):
    client.force_login(coordinator)
    assert upload(client, musterhausen.workbook_bytes()).status_code == 302
    response = client.get(PREVIEW)
    html = response.content.decode()
    plan = response.context["plan"]
    names = {e.text: e for e in plan.actors}
    assert set(names) == {
        "Caritasverband Musterhausen e.V.",
        "Migrantenselbstorganisationen",
        "Stadt – FB 50 Soziales",
        "Jobcenter Region",
    }  # "Stadt - FB 50 Soziales" of row 2 is the same name as "Stadt – FB 50 Soziales"
    assert names["Jobcenter Region"].found == musterhausen_actors["jobcenter"]
    assert names["Jobcenter Region"].via == "Kurzname"
    assert "(über Kurzname)" in html
    assert names["Migrantenselbstorganisationen"].missing
    assert "fehlt" in html
    assert names["Migrantenselbstorganisationen"].partner_only
    assert 'value="omit"' in html
    # the goal is the town's own: missing, to be created or mapped
    assert [g.text for g in plan.missing_goals] == ["Deutschkenntnisse von Erwachsenen verbessern"]
    assert not plan.is_valid and "Import bestätigen" in html
    # the row without a number gets the next free one of field 4; "abgeschlossen" means 100 %
    notes = {row.line: row.notes for row in plan.rows}
    assert "erhält die nächste freie Nummer 4.1" in notes[6]
    assert "abgeschlossen ohne Fortschritt: 100 % angenommen" in notes[6]
    assert "Bemerkungen intern" in html  # an unknown column is named
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_choices_create_actor_and_goal_and_the_mapping_is_kept_as_alias(
    client, coordinator, musterhausen_actors
):
    mso = ActorFactory(name="Migrant*innenorganisationen im Integrationsbeirat")
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    plan = client.get(PREVIEW).context["plan"]
    actor_key = keys(plan.actors)["Migrantenselbstorganisationen"]
    goal_key = plan.goals[0].key
    choices = {
        f"{actor_key}-choice": "map",
        f"{actor_key}-target": str(mso.pk),
        f"{goal_key}-choice": "new",
    }
    refreshed = client.post(PREVIEW, {**choices, "action": "refresh"})
    assert refreshed.status_code == 200
    assert refreshed.context["plan"].is_valid
    assert f'value="{mso.pk}" selected' in refreshed.content.decode()  # nothing chosen is lost
    assert not Measure.objects.exists()
    response = client.post(PREVIEW, {**choices, "action": "confirm"})
    assert response.status_code == 302, response.context and response.context["plan"].error_lines()
    first = Measure.objects.get(number="3.1")
    assert first.lead_actor == musterhausen_actors["caritas"]
    assert set(first.partners.all()) == {mso, musterhausen_actors["fb50"]}
    record = first.history.get()  # one record, by the coordinator, with the partners
    assert (record.history_user, record.history_change_reason) == (coordinator, "Import aus Datei")
    assert {p.actor_id for p in record.partners.all()} == {mso.pk, musterhausen_actors["fb50"].pk}
    assert record.version == 1 and first.version == 1
    assert first.goal == Goal.objects.get(title="Deutschkenntnisse von Erwachsenen verbessern")
    assert first.budget_amount == Decimal("1234.56")
    assert first.deadline.strftime("%d.%m.%Y") == "31.12.2025"
    second = Measure.objects.get(number="4.1")
    assert second.status == "completed" and second.progress == 100
    assert second.deadline.strftime("%d.%m.%Y") == "31.12.2024"
    assert second.budget_amount == Decimal("2500.00")
    assert second.lead_actor == musterhausen_actors["jobcenter"]
    alias = ActorAlias.objects.get()
    assert (alias.alias, alias.actor) == ("Migrantenselbstorganisationen", mso)
    assert alias.history.get().history_user == coordinator
    assert SESSION_KEY not in client.session
    # next time the name is known
    upload(client, musterhausen.workbook_bytes())
    plan = client.get(PREVIEW).context["plan"]
    entry = next(e for e in plan.actors if e.text == "Migrantenselbstorganisationen")
    assert entry.found == mso and entry.via == "Alias"
    assert plan.skip_count == 2 and plan.is_valid


@pytest.mark.django_db
def test_a_new_actor_is_created_with_kind_and_email_and_a_partner_can_be_left_out(
    client, coordinator
):
    ActorFactory(name="Caritasverband Musterhausen e.V.")
    GoalFactory(action_field=action_field(3), title="Deutschkenntnisse von Erwachsenen verbessern")
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    plan = client.get(PREVIEW).context["plan"]
    k = keys(plan.actors)
    data = {
        f"{k['Jobcenter Region']}-choice": "new",
        f"{k['Jobcenter Region']}-name": "Jobcenter Region Musterhausen",
        f"{k['Jobcenter Region']}-kind": "employment",
        f"{k['Jobcenter Region']}-email": "integration@jobcenter-region.example",
        f"{k['Stadt – FB 50 Soziales']}-choice": "new",
        f"{k['Stadt – FB 50 Soziales']}-kind": "city_team",
        f"{k['Migrantenselbstorganisationen']}-choice": "omit",
        "action": "confirm",
    }
    response = client.post(PREVIEW, data)
    assert response.status_code == 302
    jobcenter = Actor.objects.get(name="Jobcenter Region Musterhausen")
    assert (jobcenter.kind, jobcenter.email) == (
        "employment",
        "integration@jobcenter-region.example",
    )
    assert jobcenter.history.get().history_user == coordinator
    fb50 = Actor.objects.get(name="Stadt – FB 50 Soziales")
    assert list(Measure.objects.get(number="3.1").partners.all()) == [fb50]
    assert not Actor.objects.filter(name__icontains="Migranten").exists()


@pytest.mark.django_db
def test_a_lead_actor_cannot_be_left_out_and_bad_choices_keep_what_was_typed(
    client, coordinator, musterhausen_actors
):
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    plan = client.get(PREVIEW).context["plan"]
    k = keys(plan.actors)["Migrantenselbstorganisationen"]
    response = client.post(
        PREVIEW,
        {
            f"{k}-choice": "new",
            f"{k}-name": "Caritas",  # already the short name of an actor
            f"{k}-email": "keine-adresse",
            "action": "confirm",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "keine-adresse" in html  # typed value kept
    assert "Es wurde nichts importiert" in html
    assert not Measure.objects.exists() and not Actor.objects.filter(name="Caritas").exists()


@pytest.mark.django_db
def test_the_demo_alias_table_means_nothing_to_a_real_import(client, coordinator, demo_data):
    """``measures/demo.py::ACTOR_KEYS`` maps "VHS"-like names of the demo file to demo actors;
    a production import must not know it."""
    from measures.demo import ACTOR_KEYS

    alias, _key = next(
        (a, k)
        for a, k in ACTOR_KEYS.items()
        if not Actor.objects.filter(name=a).exists()
        and not Actor.objects.filter(short_name__iexact=a).exists()
    )
    rows = [["9.1", "Probe", "Vernetzung", None, alias, None, None, None, "geplant", None]]
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes(rows=rows))
    plan = client.get(PREVIEW).context["plan"]
    entry = next(e for e in plan.actors if e.text == alias)
    assert entry.missing, f"{alias!r} was resolved through demo data"


def test_the_importer_does_not_import_demo_modules():
    import ast
    from pathlib import Path

    package = Path(__file__).parent.parent / "importing"
    for path in [*package.glob("*.py"), Path(__file__).parent.parent.parent / "core/tabular.py"]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any("demo" in n for n in names), f"{path.name} imports {names}"


@pytest.mark.django_db
def test_the_preview_writes_nothing(client, coordinator, musterhausen_actors):
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    with CaptureQueriesContext(connection) as queries:
        client.get(PREVIEW)
        client.post(PREVIEW, {"action": "refresh"})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")
        and "django_session" not in q["sql"]
    ]
    assert writes == []


@pytest.mark.django_db
def test_windows_1252_csv_with_semicolons_title_row_and_decimal_comma(
    client, coordinator, musterhausen_actors
):
    mso = ActorFactory(name="Migrantenselbstorganisationen")
    client.force_login(coordinator)
    response = client.post(
        UPLOAD,
        {
            "kind": "measures",
            "file": SimpleUploadedFile("plan.csv", musterhausen.CSV_1252, "text/csv"),
        },
    )
    assert response.status_code == 302
    assert client.post(PREVIEW, {"action": "confirm"}).status_code == 302
    first, second = Measure.objects.order_by("number")
    assert first.budget_amount == Decimal("1234.56")
    assert set(first.partners.all()) == {
        musterhausen_actors["caritas"],
        musterhausen_actors["jobcenter"],
    }
    assert second.title == "„Begegnungsfest“ im Park" and second.budget_amount == Decimal("12000")
    assert second.lead_actor == mso


@pytest.mark.django_db
def test_errors_name_row_column_value_and_what_is_valid_without_follow_up_errors(
    client, coordinator, musterhausen_actors
):
    rows = [
        # unknown field: no "goal missing" in addition, no number guessed
        [
            None,
            "Elterncafé",
            "Familie",
            "Eltern stärken",
            "Caritas",
            None,
            "31.02.2025",
            "zwölf",
            "erledigt",
            None,
        ],
        # completed with 40 %
        ["3.9", "Lesepaten", 3, None, "Caritas", None, None, None, "abgeschlossen", None],
    ]
    headers = [*musterhausen.HEADERS[:-1], "Fortschritt (%)"]
    rows[1][-1] = 40
    rows[0][-1] = None
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes(rows=rows, headers=headers))
    plan = client.get(PREVIEW).context["plan"]
    first, second = plan.rows
    messages = [str(e) for e in first.errors]
    assert any(
        m.startswith("Handlungsfeld „Familie“: Dieses Handlungsfeld gibt es nicht. Gültig: 1 (")
        for m in messages
    )
    assert any(m.startswith("Frist „31.02.2025“: ") and "TT.MM.JJJJ" in m for m in messages)
    assert any(m.startswith("Finanzmittel (€) „zwölf“: ") and "1.234,56" in m for m in messages)
    assert any(m.startswith("Status „erledigt“: ") and "„abgeschlossen“" in m for m in messages)
    assert len(messages) == 4, messages
    assert plan.goals == []  # no goal looked up in an unknown field
    assert [str(e) for e in second.errors] == [
        "Fortschritt (%) „40“: Passt nicht zu „abgeschlossen“: eine abgeschlossene Maßnahme "
        "hat 100 % (oder Status „in Umsetzung“ angeben)."
    ]
    html = client.get(PREVIEW).content.decode()
    assert "Zeile 5, Handlungsfeld „Familie“" in html


@pytest.mark.django_db
def test_numbers_in_the_file_and_in_the_database_are_not_given_twice(
    client, coordinator, musterhausen_actors
):
    MeasureFactory(number="4.2", action_field=action_field(4))
    rows = [
        [None, "Ohne Nummer A", 4, None, "Caritas", None, None, None, "geplant", None],
        ["4.3", "Mit Nummer", 4, None, "Caritas", None, None, None, "geplant", None],
        [None, "Ohne Nummer B", 4, None, "Caritas", None, None, None, "geplant", None],
    ]
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes(rows=rows))
    plan = client.get(PREVIEW).context["plan"]
    assert [r.label.split()[0] for r in plan.rows] == ["4.4", "4.3", "4.5"]


@pytest.mark.django_db
def test_a_measure_changed_between_preview_and_confirm_refuses_the_whole_import(coordinator):
    from measures import services
    from measures.importing import CommitError, importer_for

    caritas = ActorFactory(name="Caritasverband Musterhausen e.V.")
    measure = MeasureFactory(
        number="3.1", action_field=action_field(3), title="Alt", lead_actor=caritas
    )
    content = "Nr;Maßnahme;Handlungsfeld\n3.1;Neu;3\n;Zweite;3\n".encode()
    importer = importer_for("measures")
    plan = importer.plan(importer.read(content, "m.csv"))
    assert plan.is_valid and (plan.update_count, plan.new_count) == (1, 1)
    services.measure_update(
        measure=measure, user=coordinator, values={"title": "Von jemand anderem"}
    )
    with pytest.raises(CommitError, match="Während der Vorschau wurden die Daten geändert"):
        importer.commit(plan, user=coordinator)
    assert Measure.objects.count() == 1
    assert Measure.objects.get().title == "Von jemand anderem"


@pytest.mark.django_db
def test_a_similar_name_is_offered_but_never_applied(client, coordinator, musterhausen_actors):
    similar = ActorFactory(name="Migrantenselbstorganisation Musterhausen")
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    response = client.get(PREVIEW)
    entry = next(
        e for e in response.context["plan"].actors if e.text == "Migrantenselbstorganisationen"
    )
    assert entry.missing and entry.target is None
    assert entry.suggestions == [similar]
    html = response.content.decode()
    assert (
        "Ähnliche vorhandene Namen" in html and "„Migrantenselbstorganisation Musterhausen“" in html
    )
    assert not response.context["plan"].is_valid


@pytest.mark.django_db
def test_an_unknown_goal_is_mapped_to_a_goal_of_its_field_only(
    client, coordinator, musterhausen_actors
):
    ActorFactory(name="Migrantenselbstorganisationen")
    own = GoalFactory(action_field=action_field(3), title="Sprachkompetenz Erwachsener stärken")
    other_field = GoalFactory(action_field=action_field(4), title="Arbeitsmarktintegration")
    client.force_login(coordinator)
    upload(client, musterhausen.workbook_bytes())
    goal = client.get(PREVIEW).context["plan"].goals[0]
    wrong = {
        f"{goal.key}-choice": "map",
        f"{goal.key}-target": str(other_field.pk),
        "action": "refresh",
    }
    plan = client.post(PREVIEW, wrong).context["plan"]
    assert (
        "bitte ein Ziel des Handlungsfelds 3. Bildung und Sprache wählen" in plan.goals[0].problem
    )
    right = {**wrong, f"{goal.key}-target": str(own.pk), "action": "confirm"}
    assert client.post(PREVIEW, right).status_code == 302
    assert Measure.objects.get(number="3.1").goal == own
    assert Goal.objects.count() == 2  # nothing created
