"""Actors, goals and past status reports from another town's files, and the management
commands: the same preview rules, all or nothing."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from concept.models import Actor, Goal
from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures.models import Measure, StatusUpdate

from . import musterhausen
from .factories import MeasureFactory, StatusUpdateFactory


def xlsx(tmp_path, headers, rows, title="Akteursliste Musterhausen", name="datei.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def command_line(capsys, command, path) -> tuple[int, str]:
    """As an administrator runs it: ``manage.py COMMAND FILE``; (exit code, stderr)."""
    from unittest import mock

    from django.core.management import execute_from_command_line

    capsys.readouterr()
    # run_from_argv closes all connections at the end: the test's own one must stay open
    with (
        pytest.raises(SystemExit) as exit_,
        mock.patch("django.db.connections.close_all"),
    ):
        execute_from_command_line(["manage.py", command, str(path)])
    return exit_.value.code, capsys.readouterr().err


def run(command, path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.mark.django_db
def test_import_actors_creates_updates_and_says_n_neu_m_geaendert_k_unveraendert(tmp_path):
    ActorFactory(name="Jobcenter Region Musterhausen", short_name="Jobcenter Region", email="")
    ActorFactory(name="Caritasverband Musterhausen e.V.", short_name="Caritas", kind="welfare")
    path = xlsx(
        tmp_path,
        ["Organisation", "Kürzel", "Typ", "Kontakt-E-Mail"],
        [
            ["Jobcenter Region", "", "Jobcenter", "integration@jc.example"],  # by short name
            ["Caritasverband  Musterhausen e.V.", "Caritas", "Wohlfahrtsverband", None],
            ["Migrantenselbstorganisationen", "MSO", "Migrant*innenorganisation", None],
            ["Stadt – FB 50 Soziales", "FB 50", "", "fb50@musterhausen.example"],
        ],
    )
    assert run("import_actors", path, "--dry-run")[0].startswith("2 neu, 1 geändert, 1 unverändert")
    assert Actor.objects.count() == 2
    assert run("import_actors", path)[0] == "2 neu, 1 geändert, 1 unverändert"
    jobcenter = Actor.objects.get(name="Jobcenter Region Musterhausen")
    assert (jobcenter.email, jobcenter.kind) == ("integration@jc.example", "employment")
    assert Actor.objects.get(short_name="MSO").kind == "migrant_org"
    assert Actor.objects.get(short_name="FB 50").kind == "other"


@pytest.mark.django_db
def test_a_bad_actor_row_writes_nothing_and_the_command_fails_with_the_reason(tmp_path, capsys):
    path = xlsx(
        tmp_path,
        ["Name", "Art", "E-Mail"],
        [
            ["Sportverein Blau-Weiß", "Verein", None],
            ["Moscheegemeinde", "Religionsgemeinschaft", "x@"],
        ],
    )
    with pytest.raises(CommandError, match="Fehler; es wurde nichts importiert"):
        out, err = run("import_actors", path)
    assert not Actor.objects.exists()
    code, stderr = command_line(capsys, "import_actors", path)
    assert code == 1
    assert "Zeile 4, Art „Religionsgemeinschaft“: Diese Art gibt es nicht. Gültig:" in stderr


@pytest.mark.django_db
def test_import_measures_command_refuses_missing_names_unless_told_to_create_them(tmp_path):
    ActorFactory(name="Caritasverband Musterhausen e.V.")
    path = tmp_path / "plan.xlsx"
    path.write_bytes(musterhausen.workbook_bytes())
    with pytest.raises(CommandError, match="--create-missing-actors"):
        run("import_measures", path)
    assert not Measure.objects.exists()
    with pytest.raises(CommandError):
        run("import_measures", path, "--create-missing-actors")  # the goal is still missing
    assert not Actor.objects.filter(name="Jobcenter Region").exists()
    out, _err = run("import_measures", path, "--create-missing-actors", "--create-missing-goals")
    assert out == "2 neu, 0 geändert, 0 unverändert"
    assert (
        Measure.objects.get(number="3.1").goal.title
        == "Deutschkenntnisse von Erwachsenen verbessern"
    )
    assert Actor.objects.get(name="Jobcenter Region").kind == "other"
    assert run("import_measures", path)[0] == "0 neu, 0 geändert, 2 unverändert"


@pytest.mark.django_db
def test_import_goals(tmp_path):
    GoalFactory(action_field=action_field(3), title="Deutschkenntnisse von Erwachsenen verbessern")
    path = xlsx(
        tmp_path,
        ["Handlungsfeld", "Zielformulierung", "Erläuterung"],
        [
            [3, "Deutschkenntnisse von Erwachsenen verbessern", "Sprachkurse"],
            ["Wirtschaft und Arbeit", "Geflüchtete finden Arbeit", None],
            [9, "Ein Feld, das es nicht gibt", None],
        ],
        title="Ziele 2025",
    )
    with pytest.raises(CommandError):
        run("import_goals", path)
    assert Goal.objects.count() == 1
    path = xlsx(
        tmp_path,
        ["Handlungsfeld", "Zielformulierung", "Erläuterung"],
        [
            [3, "Deutschkenntnisse von Erwachsenen verbessern", "Sprachkurse"],
            ["Wirtschaft und Arbeit", "Geflüchtete finden Arbeit", None],
        ],
    )
    assert run("import_goals", path)[0] == "1 neu, 1 geändert, 0 unverändert"
    assert Goal.objects.get(title="Geflüchtete finden Arbeit").action_field == action_field(4)


@pytest.mark.django_db
def test_past_status_reports_keep_their_dates_and_only_the_newest_sets_the_measure(tmp_path):
    measure = MeasureFactory(number="3.1", status="planned", progress=0)
    path = xlsx(
        tmp_path,
        [
            "Maßnahme Nr",
            "Berichtsdatum",
            "Umsetzungsstand",
            "Fortschritt (%)",
            "Bericht",
            "Ist-Wert",
        ],
        [
            ["3.1", datetime(2023, 6, 30), "in Umsetzung", 30, "Start mit 2 Gruppen", "12"],
            ["3.1", "31.12.2024", "abgeschlossen", None, "Alle Kurse gelaufen", "1.234,5"],
            ["3.1", 45000, "in Umsetzung", "", "Excel-Datum ohne Format", None],  # 15.03.2023
        ],
        title="Sachstandsberichte 2023/2024",
    )
    out, _err = run("import_status_reports", path)
    assert out == "3 neu, 0 geändert, 0 unverändert"
    reports = list(StatusUpdate.objects.order_by("reported_on"))
    assert [r.reported_on for r in reports] == [
        date(2023, 3, 15),
        date(2023, 6, 30),
        date(2024, 12, 31),
    ]
    assert [r.progress for r in reports] == [0, 30, 100]  # empty: as before; abgeschlossen: 100
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("completed", 100)
    assert measure.indicator_current == Decimal("1234.5")
    assert reports[-1].history.get().history_change_reason == "Import aus Datei"
    # again: nothing new
    assert run("import_status_reports", path)[0] == "0 neu, 0 geändert, 3 unverändert"


@pytest.mark.django_db
def test_an_old_report_imported_later_does_not_overwrite_the_current_state(tmp_path):
    measure = MeasureFactory(number="2.4", status="in_progress", progress=70)
    StatusUpdateFactory(
        measure=measure, reported_on=date(2025, 5, 1), status="in_progress", progress=70
    )
    path = xlsx(
        tmp_path, ["Nr", "Datum", "Status", "Sachstand"], [["2.4", "01.02.2024", "geplant", "alt"]]
    )
    run("import_status_reports", path)
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("in_progress", 70)
    assert measure.status_updates.count() == 2


@pytest.mark.django_db
def test_report_errors_name_the_unknown_measure_and_the_contradiction(tmp_path, capsys):
    MeasureFactory(number="1.1")
    path = xlsx(
        tmp_path,
        ["Nr", "Datum", "Status", "Fortschritt"],
        [["9.9", "01.01.2024", "geplant", None], ["1.1", "01.01.2024", "abgeschlossen", "40 %"]],
    )
    code, stderr = command_line(capsys, "import_status_reports", path)
    assert code == 1
    assert "Zeile 3, Nummer „9.9“: Eine Maßnahme mit dieser Nummer gibt es nicht" in stderr
    assert "Zeile 4, Fortschritt (%) „40 %“: Passt nicht zu „abgeschlossen“" in stderr
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_a_short_name_that_stands_for_another_actor_is_an_error(tmp_path):
    ActorFactory(name="Caritasverband Musterhausen e.V.", short_name="Caritas")
    path = xlsx(tmp_path, ["Name", "Kurzname"], [["Caritas-Sozialstation", "caritas"]])
    with pytest.raises(CommandError):
        run("import_actors", path)
    assert not Actor.objects.filter(name="Caritas-Sozialstation").exists()


@pytest.mark.django_db
def test_the_example_files_from_the_demo_data_read_back_unchanged(tmp_path, demo_data):
    call_command("import_example", str(tmp_path), stdout=io.StringIO())
    for command, name in [
        ("import_actors", "akteure.xlsx"),
        ("import_goals", "ziele.xlsx"),
        ("import_measures", "massnahmen.xlsx"),
        ("import_status_reports", "sachstaende.xlsx"),
    ]:
        out, _err = run(command, tmp_path / name, "--dry-run")
        assert out.startswith("0 neu, 0 geändert, "), (command, out)


@pytest.mark.django_db
def test_a_number_german_excel_turned_into_a_date_is_read_back(tmp_path):
    """Typed "3.10" in a German Excel becomes 3 October; the report still finds 3.10."""
    MeasureFactory(number="3.10", action_field=action_field(3))
    MeasureFactory(number="3.1", action_field=action_field(3))
    path = xlsx(
        tmp_path,
        ["Nr", "Datum", "Status"],
        [[datetime(2025, 10, 3), "01.02.2025", "in Umsetzung"]],
    )
    assert run("import_status_reports", path)[0] == "1 neu, 0 geändert, 0 unverändert"
    assert StatusUpdate.objects.get().measure.number == "3.10"
