"""The layers hold: no app imports a higher one (import-linter, ``.importlinter``) or names
one in a string or through a reverse relation (``tools/check_layers.py``). ``make lint`` runs
both; these tests run them in ``make test`` too, and show that the name check finds what it
is there to find."""

import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "tools"))

import check_layers  # noqa: E402


def test_the_import_contracts_are_kept():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(BASE_DIR / ".importlinter"), no_cache=True) == 0


def test_no_app_names_a_higher_one():
    assert [str(finding) for finding in check_layers.check()] == []


def test_the_layers_come_from_the_import_contract():
    forbidden = check_layers.forbidden_names(check_layers.read_layers())
    assert forbidden["core"] >= {"concept", "measures", "council", "public"}
    assert "participation" in forbidden["measures"] and "measures" not in forbidden["council"]
    # council may use participation; participation must not use council
    assert "participation" not in forbidden["council"] and "council" in forbidden["participation"]
    # evaluation and participation are independent of each other
    assert "participation" in forbidden["evaluation"] and "evaluation" in forbidden["participation"]
    assert forbidden["public"] == set()  # the roof is configuration, not a dependency


MEASURES_NAMES = {"led_measures": "measures", "partner_measures": "measures"}


@pytest.mark.parametrize(
    "line, found",
    [
        ('Revision = apps.get_model("council", "Revision")', "names 'council'"),
        ('user.has_perm("participation.view_all_answers")', "names 'participation'"),
        ('reverse("measures:list")', "names 'measures'"),
        ('render(request, "council/paper_list.html")', "names 'council'"),
        ("n = actor.led_measures.count()", "reverse relation 'led_measures'"),
        ("Actor.objects.filter(led_measures__isnull=True)", "reverse relation 'led_measures'"),
        ('Actor.objects.annotate(n=Count("partner_measures"))', "reverse relation"),
        ('Prefetch("led_measures__goal")', "reverse relation 'led_measures'"),
    ],
)
def test_the_name_check_finds_a_higher_app_in_python(tmp_path, line, found):
    path = tmp_path / "offender.py"
    path.write_text(f"import x\n\n{line}\n")
    findings = check_layers.check_python(
        path, {"measures", "participation", "council"}, MEASURES_NAMES
    )
    assert [(f.line, found in f.message) for f in findings] == [(3, True)]


def test_the_name_check_leaves_own_and_lower_names_alone(tmp_path):
    path = tmp_path / "fine.py"
    path.write_text(
        'reverse("concept:actor_list")\nuser.has_perm("concept.change_actor")\n'
        "actor.memberships.all()\n# measures:list in a comment\n"
    )
    assert check_layers.check_python(path, {"measures"}, MEASURES_NAMES) == []


@pytest.mark.parametrize(
    "line",
    [
        "<a href=\"{% url 'participation:survey_answer' 1 2 3 %}\">",
        "{% if perms.participation.view_all_answers %}",
        '{% include "council/includes/x.html" %}',
        "{{ actor.led_measures.count }}",
    ],
)
def test_the_name_check_finds_a_higher_app_in_templates(tmp_path, line):
    path = tmp_path / "page.html"
    path.write_text(f"<p>\n{line}\n</p>\n")
    findings = check_layers.check_template(
        path, {"measures", "participation", "council"}, MEASURES_NAMES
    )
    assert [f.line for f in findings] == [2]


def test_no_import_cycle_inside_an_app():
    assert check_layers.project_import_cycles() == []


def test_the_cycle_check_finds_a_task_module_that_imports_its_services():
    import grimp

    graph = grimp.ImportGraph()
    for importer, imported in [
        ("council.services", "council.services.rendering"),
        ("council.services.rendering", "council.tasks"),
        ("council.tasks", "council.services"),
        ("council.views", "council.services"),
        ("measures.tasks", "measures.models"),
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert check_layers.import_cycles(graph, ["council", "measures"]) == [
        ["council.services", "council.services.rendering", "council.tasks"]
    ]
