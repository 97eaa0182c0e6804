from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.conflicts import UNKNOWN
from evaluation import matrix_edits, services
from evaluation.models import Criterion, EvaluationMatrix, ScaleLevel

from .factories import default_matrix, start_cycle

pytestmark = pytest.mark.django_db


def _formset_data(matrix, **changes):
    """POST data of the matrix form with its current criteria and levels."""
    data = {
        "name": matrix.name,
        "description": matrix.description,
        "original": matrix_edits.matrix_token(matrix),
    }
    criteria = list(matrix.criteria.all())
    levels = list(matrix.levels.all())
    data.update(
        {
            "criteria-TOTAL_FORMS": len(criteria),
            "criteria-INITIAL_FORMS": len(criteria),
            "levels-TOTAL_FORMS": len(levels),
            "levels-INITIAL_FORMS": len(levels),
        }
    )
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-code": c.code,
                f"criteria-{i}-title": c.title,
                f"criteria-{i}-weight": str(c.weight).replace(".", ","),
                f"criteria-{i}-description": c.description,
                f"criteria-{i}-order": c.order,
            }
        )
    for i, level in enumerate(levels):
        data.update(
            {
                f"levels-{i}-id": level.pk,
                f"levels-{i}-label": level.label,
                f"levels-{i}-score": level.score,
                f"levels-{i}-description": level.description,
            }
        )
        if level.no_score:
            data[f"levels-{i}-no_score"] = "on"
    data.update(changes)
    return data


def test_default_matrix_has_the_six_weighted_criteria_and_the_four_level_scale():
    matrix = default_matrix()
    criteria = list(matrix.criteria.values_list("code", "weight"))
    assert criteria == [
        ("K1", Decimal("30.00")),
        ("K2", Decimal("20.00")),
        ("K3", Decimal("15.00")),
        ("K4", Decimal("10.00")),
        ("K5", Decimal("10.00")),
        ("K6", Decimal("15.00")),
    ]
    levels = list(matrix.levels.values_list("label", "score", "no_score"))
    assert levels == [
        ("erreicht", 3, False),
        ("überwiegend erreicht", 2, False),
        ("teilweise erreicht", 1, False),
        ("nicht erreicht", 0, False),
        ("nicht bewertbar", 0, True),
    ]
    assert matrix.version == 1
    assert default_matrix().version == 2  # a second default is a new version, not a clash


def test_weight_must_be_positive_in_the_database():
    matrix = default_matrix()
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(matrix=matrix, code="K9", title="x", weight=0)


def test_matrix_is_editable_until_a_cycle_uses_it(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    response = client.post(url, _formset_data(matrix, **{"criteria-0-weight": "35,5"}))
    assert response.status_code == 302
    assert matrix.criteria.get(code="K1").weight == Decimal("35.5")

    start_cycle(matrix)
    assert matrix.is_locked
    assert client.get(url).status_code == 403
    # a form opened before the cycle started: refused, nothing changed, the input kept
    response = client.post(url, _formset_data(matrix, **{"criteria-0-weight": "40"}))
    assert response.status_code == 409
    assert 'value="40"' in response.content.decode()
    assert matrix.criteria.get(code="K1").weight == Decimal("35.5")
    detail = client.get(matrix.get_absolute_url()).content.decode()
    assert "Matrix bearbeiten" not in detail
    assert "Kopie für den nächsten Zyklus" in detail


def test_service_refuses_to_change_a_locked_matrix():
    matrix = default_matrix()
    start_cycle(matrix)

    class Untouchable:
        def save(self):
            raise AssertionError("must not be saved")

    with pytest.raises(services.MatrixLocked):
        services.matrix_update(
            matrix=matrix,
            form=Untouchable(),
            criteria_formset=Untouchable(),
            levels_formset=Untouchable(),
            original=UNKNOWN,
        )


def test_copy_of_a_locked_matrix_is_the_next_version_and_editable():
    matrix = default_matrix()
    start_cycle(matrix)
    copy = services.matrix_copy(matrix=matrix)
    assert copy.version == matrix.version + 1
    assert copy.name == matrix.name
    assert not copy.is_locked
    assert list(copy.criteria.values_list("code", "weight")) == list(
        matrix.criteria.values_list("code", "weight")
    )
    assert copy.levels.count() == matrix.levels.count()


def test_zero_weight_is_refused_with_a_german_message_and_the_input_kept(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    response = client.post(url, _formset_data(matrix, **{"criteria-0-weight": "0"}))
    assert response.status_code == 200
    assert "Das Gewicht muss größer als 0 sein." in response.content.decode()
    assert 'value="Zielerreichung laut Indikator"' in response.content.decode()
    assert matrix.criteria.get(code="K1").weight == Decimal("30")


def test_scale_needs_two_levels_with_distinct_points(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    url = reverse("evaluation:matrix_update", args=[matrix.pk])
    response = client.post(url, _formset_data(matrix, **{"levels-1-score": "3"}))
    assert "Zwei Stufen der Skala haben dieselbe Punktzahl." in response.content.decode()
    data = _formset_data(matrix)
    for i in range(1, 4):
        data[f"levels-{i}-DELETE"] = "on"
    response = client.post(url, data)
    assert "mindestens zwei Stufen mit Punkten" in response.content.decode()
    assert matrix.levels.count() == 5


def test_scale_validation_refuses_a_matrix_without_scoring_levels():
    matrix = EvaluationMatrix.objects.create(name="Leer")
    Criterion.objects.create(matrix=matrix, code="K1", title="Ziel", weight=1)
    ScaleLevel.objects.create(matrix=matrix, label="nicht bewertbar", no_score=True)
    with pytest.raises(ValidationError, match="mindestens zwei Stufen"):
        services.matrix_validate_scale(matrix=matrix)
    with pytest.raises(ValidationError):
        start_cycle(matrix)


def test_coordinator_creates_a_new_matrix_with_criteria_and_levels(client, coordinator):
    client.force_login(coordinator)
    data = {
        "name": "Jahresmatrix",
        "description": "",
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-code": "A",
        "criteria-0-title": "Wirkung",
        "criteria-0-weight": "1,5",
        "criteria-0-order": 1,
        "levels-TOTAL_FORMS": 2,
        "levels-INITIAL_FORMS": 0,
        "levels-0-label": "gut",
        "levels-0-score": 2,
        "levels-1-label": "schlecht",
        "levels-1-score": 0,
    }
    response = client.post(reverse("evaluation:matrix_create"), data)
    matrix = EvaluationMatrix.objects.get(name="Jahresmatrix")
    assert response.status_code == 302
    assert matrix.criteria.get().weight == Decimal("1.5")
    assert matrix.levels.count() == 2


def test_coordinator_creates_the_default_matrix_from_the_list(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:matrix_list")).content.decode()
    assert "Standardmatrix anlegen" in page
    response = client.post(reverse("evaluation:matrix_create_default"))
    matrix = EvaluationMatrix.objects.get()
    assert response.url == matrix.get_absolute_url()


def test_readers_do_not_see_the_buttons_of_the_coordinator(client, council):
    matrix = default_matrix()
    client.force_login(council)
    page = client.get(reverse("evaluation:matrix_list")).content.decode()
    assert "Standardmatrix anlegen" not in page
    detail = client.get(matrix.get_absolute_url()).content.decode()
    assert "Matrix bearbeiten" not in detail and "Kopie" not in detail


def test_admin_shows_a_locked_matrix_read_only(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    url = reverse("admin:evaluation_evaluationmatrix_change", args=[matrix.pk])
    assert 'name="name"' in client.get(url).content.decode()
    start_cycle(matrix)
    page = client.get(url).content.decode()
    assert 'name="name"' not in page
    assert client.post(url, {"name": "geändert"}).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "council"])
def test_lock_note_links_only_cycles_the_user_may_open(client, users, role):
    matrix = default_matrix()
    closed = start_cycle(matrix, title="Evaluierung 2023–2024")
    services.cycle_close(cycle=closed, user=None, close_open=True)
    running = start_cycle(matrix, title="Evaluierung 2025–2026")
    client.force_login(users[role])
    page = client.get(matrix.get_absolute_url()).content.decode()

    closed_link = f'<a class="alert-link" href="{closed.get_absolute_url()}">'
    running_link = f'<a class="alert-link" href="{running.get_absolute_url()}">'
    assert closed_link in page
    assert client.get(closed.get_absolute_url()).status_code == 200
    if role == "council":  # a running cycle is a 404 for the council: neither link nor title
        assert running_link not in page
        assert "Evaluierung 2025–2026" not in page and "einem weiteren Zyklus" in page
        assert client.get(running.get_absolute_url()).status_code == 404
    else:
        assert running_link in page and "Evaluierung 2025–2026" in page
