"""Two people on one matrix form, or a cycle starting meanwhile: nothing typed is lost, and
nobody silently undoes another's save (``evaluation/matrix_edits.py``)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from concept import roles
from concept.tests.factories import UserFactory
from core.conflicts import UNKNOWN, read_original
from evaluation import matrix_edits, services
from evaluation.models import Criterion, EvaluationMatrix
from evaluation.services import matrices

from .factories import default_matrix, start_cycle

pytestmark = pytest.mark.django_db


def _value(bound_field) -> str:
    value = bound_field.value()
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _post_data(response) -> dict[str, str]:
    """The data a browser would post from the matrix form in ``response``."""
    context = response.context
    data = {name: _value(context["form"][name]) for name in context["form"].fields}
    for key in ("criteria", "levels"):
        formset = context[key]
        management = formset.management_form
        data.update({f"{key}-{name}": _value(management[name]) for name in management.fields})
        for form in formset:
            data.update(
                {
                    form.add_prefix(name): _value(form[name])
                    for name in form.fields
                    if _value(form[name])
                }
            )
    return data


def _row(data, prefix, field, value) -> str:
    """The key of the row whose ``field`` has ``value``."""
    for key, v in data.items():
        if key.startswith(f"{prefix}-") and key.endswith(f"-{field}") and v == value:
            return key.rsplit("-", 1)[0]
    raise KeyError(value)


@pytest.fixture
def second_coordinator(db):
    return UserFactory(username="koordination-2", role=roles.COORDINATOR)


@pytest.fixture
def matrix():
    return default_matrix()


def _open(client, user, matrix):
    client.force_login(user)
    response = client.get(reverse("evaluation:matrix_update", args=[matrix.pk]))
    assert response.status_code == 200
    return _post_data(response)


def test_a_stale_matrix_form_is_refused_keeps_the_input_and_undoes_nothing_on_saving_again(
    client, coordinator, second_coordinator, matrix
):
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    mine = _open(client, coordinator, matrix)
    theirs = _open(client, second_coordinator, matrix)
    k2, k6 = _row(theirs, "criteria", "code", "K2"), _row(theirs, "criteria", "code", "K6")
    theirs[f"{k2}-title"] = "Umsetzung und Termine"
    theirs[f"{k6}-DELETE"] = "on"
    assert client.post(url, theirs).status_code == 302

    client.force_login(coordinator)
    k1, k6 = _row(mine, "criteria", "code", "K1"), _row(mine, "criteria", "code", "K6")
    mine[f"{k1}-weight"] = "35,5"
    mine[f"{k6}-description"] = "Von der Koordination ergänzt"
    response = client.post(url, mine)

    assert response.status_code == 409
    assert matrix.criteria.get(code="K1").weight == Decimal("30")  # nothing saved
    page = response.content.decode()
    assert "jemand anderes hat diese Matrix inzwischen geändert" in page
    assert f"Zuletzt gespeichert von {second_coordinator}" in page
    assert "Kriterium „K2“: Kriterium geändert" in page
    assert "Kriterium „K6“ gelöscht" in page
    shown = _post_data(response)
    assert shown[f"{_row(shown, 'criteria', 'code', 'K1')}-weight"] == "35,5"  # mine
    k2_row = _row(shown, "criteria", "code", "K2")
    assert shown[f"{k2_row}-title"] == "Umsetzung und Termine"  # theirs, I left it alone
    k6_row = _row(shown, "criteria", "code", "K6")
    assert shown.get(f"{k6_row}-id", "") == ""  # gone meanwhile: a new row with my input
    assert shown[f"{k6_row}-description"] == "Von der Koordination ergänzt"

    assert client.post(url, shown).status_code == 302
    stored = {c.code: c for c in matrix.criteria.all()}
    assert stored["K1"].weight == Decimal("35.5")
    assert stored["K2"].title == "Umsetzung und Termine"
    assert stored["K6"].description == "Von der Koordination ergänzt"
    k1_saves = Criterion.history.filter(id=stored["K1"].pk).order_by("-history_date")
    assert k1_saves.first().history_user == coordinator
    k2_saves = Criterion.history.filter(id=stored["K2"].pk).order_by("-history_date")
    assert k2_saves.first().history_user == second_coordinator


def test_a_field_changed_by_both_shows_my_input_which_wins_when_saved_again(
    client, coordinator, second_coordinator, matrix
):
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    mine = _open(client, coordinator, matrix)
    theirs = _open(client, second_coordinator, matrix)
    theirs["description"] = "Fassung der Kollegin"
    assert client.post(url, theirs).status_code == 302

    client.force_login(coordinator)
    mine["description"] = "Meine Fassung"
    response = client.post(url, mine)
    assert response.status_code == 409
    assert "Matrix: Beschreibung geändert" in response.content.decode()
    shown = _post_data(response)
    assert shown["description"] == "Meine Fassung"
    assert client.post(url, shown).status_code == 302
    assert EvaluationMatrix.objects.get(pk=matrix.pk).description == "Meine Fassung"


def test_a_form_without_changes_by_others_saves_as_before(client, coordinator, matrix):
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    mine = _open(client, coordinator, matrix)
    mine[f"{_row(mine, 'levels', 'label', 'erreicht')}-description"] = "voll erreicht"
    assert client.post(url, mine).status_code == 302
    assert matrix.levels.get(label="erreicht").description == "voll erreicht"


def test_service_refuses_a_stale_snapshot_under_the_lock(matrix):
    stale = read_original(matrix_edits.matrix_token(matrix))
    Criterion.objects.filter(matrix=matrix, code="K1").get().delete()
    with pytest.raises(services.MatrixConflict):
        matrices._lock_matrix(matrix, stale)
    matrices._lock_matrix(matrix, read_original(matrix_edits.matrix_token(matrix)))
    with pytest.raises(services.MatrixConflict):  # no snapshot: refused like a stale one
        matrices._lock_matrix(matrix, UNKNOWN)


def test_a_matrix_locked_while_its_form_was_open_keeps_the_input_and_saves_as_a_new_version(
    client, coordinator, matrix
):
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    mine = _open(client, coordinator, matrix)
    start_cycle(matrix)
    mine[f"{_row(mine, 'criteria', 'code', 'K1')}-weight"] = "40"
    mine[f"{_row(mine, 'criteria', 'code', 'K5')}-DELETE"] = "on"
    response = client.post(url, mine)

    assert response.status_code == 409
    page = response.content.decode()
    assert "die Matrix ist inzwischen gesperrt" in page
    assert 'name="as_new_version"' in page
    assert 'value="40"' in page
    assert matrix.criteria.get(code="K1").weight == Decimal("30")

    response = client.post(url, {**_post_data(response), "as_new_version": ""})
    assert response.status_code == 302
    copy = EvaluationMatrix.objects.exclude(pk=matrix.pk).get()
    assert (copy.name, copy.version) == (matrix.name, 2)
    assert response["Location"] == copy.get_absolute_url()
    assert dict(copy.criteria.values_list("code", "weight")) == {
        "K1": Decimal("40"),
        "K2": Decimal("20"),
        "K3": Decimal("15"),
        "K4": Decimal("10"),
        "K6": Decimal("15"),
    }
    assert copy.levels.count() == matrix.levels.count()
    assert matrix.criteria.count() == 6  # the locked one is untouched


def test_a_new_matrix_under_an_existing_name_becomes_its_next_version(client, coordinator, matrix):
    """It used to fail with an IntegrityError (500) and lose the whole form."""
    client.force_login(coordinator)
    data = _post_data(client.get(reverse("evaluation:matrix_update", args=[matrix.pk])))
    data = matrix_edits.as_new_version(_query_dict(data))
    response = client.post(reverse("evaluation:matrix_create"), data)
    assert response.status_code == 302
    assert list(
        EvaluationMatrix.objects.filter(name=matrix.name).values_list("version", flat=True)
    ) == [2, 1]


def test_renaming_a_matrix_to_a_taken_name_and_version_is_a_german_form_error(
    client, coordinator, matrix
):
    other = EvaluationMatrix.objects.create(name="Andere Matrix", version=1)
    client.force_login(coordinator)
    data = _open(client, coordinator, other)
    data["name"] = matrix.name
    data["criteria-0-code"], data["criteria-0-title"], data["criteria-0-weight"] = "A", "B", "1"
    data["levels-0-label"], data["levels-0-score"] = "gut", "1"
    response = client.post(reverse("evaluation:matrix_update", args=[other.pk]), data)
    assert response.status_code == 200
    assert "gibt es schon in Version 1" in response.content.decode()
    assert EvaluationMatrix.objects.get(pk=other.pk).name == "Andere Matrix"


def _query_dict(data):
    from django.http import QueryDict

    result = QueryDict(mutable=True)
    result.update(data)
    return result
