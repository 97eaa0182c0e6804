"""The diff names every change of goals and action fields, each once, where it happened."""

import copy

from council.diff import diff_documents
from council.tests.test_diff import measure


def fields(*goals_per_field):
    names = ["Willkommenskultur", "Wohnen und Leben", "Bildung und Sprache"]
    return [
        {
            "number": n,
            "name": names[n - 1],
            "slug": f"feld-{n}",
            "short_description": "",
            "guiding_goal": "Leitziel",
            "goals": list(goals),
        }
        for n, goals in enumerate(goals_per_field, start=1)
    ]


def goal(id_, title, description=""):
    return {"id": id_, "title": title, "description": description}


def doc(action_fields, *measures):
    return {"schema_version": 2, "action_fields": action_fields, "measures": list(measures)}


def group(diff, number):
    return next(g for g in diff.fields if g.number == number)


def test_goals_added_removed_renamed_and_moved_are_listed_under_their_field():
    old = doc(fields([goal(1, "Ankommen"), goal(2, "Wohnraum")], [goal(3, "Alt")], []))
    new = doc(fields([goal(1, "Gut ankommen")], [goal(4, "Neu")], [goal(2, "Wohnraum", "neu")]))
    diff = diff_documents(old, new)
    first, second, third = group(diff, 1), group(diff, 2), group(diff, 3)
    assert [c.sentences for c in first.goals_changed] == [["Titel: „Ankommen“ → „Gut ankommen“"]]
    assert [g["title"] for g in second.goals_added] == ["Neu"]
    assert [g["title"] for g in second.goals_removed] == ["Alt"]
    assert [c.sentences for c in third.goals_changed] == [
        ["Handlungsfeld: Willkommenskultur → Bildung und Sprache", "Beschreibung geändert"]
    ]
    assert diff.goal_counts == {"added": 1, "removed": 1, "changed": 2}
    assert not diff.is_empty


def test_a_renamed_goal_is_reported_once_not_at_each_of_its_measures():
    old = doc(
        fields([goal(1, "Ankommen")], [], []),
        *[measure(i, f"1.{i}", goal={"id": 1, "title": "Ankommen"}) for i in range(1, 4)],
    )
    new = copy.deepcopy(old)
    new["action_fields"][0]["goals"][0]["title"] = "Gut ankommen"
    for m in new["measures"]:
        m["goal"]["title"] = "Gut ankommen"
    diff = diff_documents(old, new)
    assert diff.counts["changed"] == 0
    assert diff.goal_counts["changed"] == 1


def test_a_measure_assigned_to_another_goal_names_both():
    old = doc(fields([goal(1, "A"), goal(2, "B")], [], []), measure(7, "1.1", goal=goal(1, "A")))
    new = copy.deepcopy(old)
    new["measures"][0]["goal"] = {"id": 2, "title": "B"}
    [change] = group(diff_documents(old, new), 1).changed
    assert change.sentences == ["Ziel: „A“ → „B“"]


def test_a_renamed_action_field_and_its_guiding_goal_are_reported():
    old = doc(fields([], [], []))
    new = copy.deepcopy(old)
    new["action_fields"][1]["name"] = "Wohnen"
    new["action_fields"][1]["guiding_goal"] = "Neues Leitziel"
    diff = diff_documents(old, new)
    assert group(diff, 2).sentences == [
        "Name des Handlungsfelds: „Wohnen und Leben“ → „Wohnen“",
        "Leitziel geändert",
    ]
    assert [g.number for g in diff.groups] == [2]


def test_a_moved_and_renumbered_measure_is_changed_in_its_new_field():
    old = doc(fields([], [], []), measure(5, "1.3", field=1, title="Lotsen"))
    new = doc(fields([], [], []), measure(5, "3.1", field=3, title="Lotsen"))
    diff = diff_documents(old, new)
    assert diff.counts == {"added": 0, "removed": 0, "changed": 1}
    assert group(diff, 1).is_empty
    [change] = group(diff, 3).changed
    assert change.sentences == [
        "Nummer: 1.3 → 3.1",
        "Handlungsfeld: Willkommenskultur → Bildung und Sprache",
    ]


def test_indicator_values_and_resources_are_german_numbers_and_euro():
    old = doc(fields([], [], []), measure(1, "1.1"))
    new = copy.deepcopy(old)
    new["measures"][0] |= {
        "indicator_current": "1234.50",
        "indicator_target": "40.00",
        "budget_amount": "12500.00",
        "staff_fte": "0.50",
    }
    [change] = group(diff_documents(old, new), 1).changed
    assert change.sentences == [
        "Zielwert von 50,00 auf 40,00 gesenkt",
        "aktueller Wert festgelegt: 1.234,50",
        "Stellenanteil (VZÄ) festgelegt: 0,50",
        "Finanzmittel von 6.500,00 € auf 12.500,00 € erhöht",
    ]


def test_a_renamed_partner_is_no_change_of_the_measure_but_a_replaced_one_is():
    partner = {"id": 9, "name": "Verein A", "short_name": ""}
    old = doc(fields([], [], []), measure(1, "1.1", partners=[partner]))
    renamed = copy.deepcopy(old)
    renamed["measures"][0]["partners"][0]["name"] = "Verein A e. V."
    assert diff_documents(old, renamed).is_empty
    replaced = copy.deepcopy(old)
    replaced["measures"][0]["partners"] = [{"id": 10, "name": "Verein B", "short_name": ""}]
    [change] = group(diff_documents(old, replaced), 1).changed
    assert change.sentences == [
        "Kooperationspartner hinzugefügt: Verein B",
        "Kooperationspartner entfernt: Verein A",
    ]
