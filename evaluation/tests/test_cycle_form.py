"""Starting a cycle: default due date, due date not before the period, no overlapping cycles,
and the error summary at the top of the evaluation forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.forms import CycleForm, default_due_date
from evaluation.models import EvaluationCycle
from measures.tests.factories import MeasureFactory

from .factories import default_matrix, start_cycle

pytestmark = pytest.mark.django_db


def _data(matrix, **changes):
    data = {
        "title": "Evaluierung 2026–2027",
        "period_start": "01.01.2026",
        "period_end": "31.12.2027",
        "matrix": matrix.pk,
        "due_date": "31.03.2028",
    }
    data.update(changes)
    return data


def test_default_due_date_lies_after_the_default_period_end():
    matrix = default_matrix()
    # The previous cycle ended long ago: the default period runs far into the future.
    start_cycle(matrix, (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)), "Alt")
    initial = CycleForm().initial
    assert initial["period_end"] == datetime.date(2027, 12, 31)
    assert initial["due_date"] > initial["period_end"]
    assert initial["due_date"] >= datetime.date(2028, 3, 31)  # three months after its end


def test_default_due_date_leaves_three_months_from_today_for_a_past_period():
    today = datetime.date(2026, 11, 26)
    assert default_due_date(datetime.date(2027, 12, 31), today) == datetime.date(2028, 3, 31)
    assert default_due_date(datetime.date(2020, 12, 31), today) == datetime.date(2027, 2, 26)


def test_due_date_before_the_period_start_is_refused_at_the_field(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    response = client.post(reverse("evaluation:cycle_create"), _data(matrix, due_date="31.12.2025"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["due_date"] == ["Das Fälligkeitsdatum liegt vor dem Beginn des Zeitraums."]
    page = response.content.decode()
    assert 'href="#id_due_date"' in page  # the error summary links to the field
    assert 'value="31.12.2025"' in page
    assert not EvaluationCycle.objects.exists()


def test_service_refuses_a_due_date_before_the_period_start():
    with pytest.raises(ValidationError) as refused:
        services.cycle_start(
            title="Zu früh fällig",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2027, 12, 31),
            matrix=default_matrix(),
            due_date=datetime.date(2025, 12, 31),
        )
    assert "due_date" in refused.value.error_dict
    assert not EvaluationCycle.objects.exists()


def test_service_refuses_a_period_overlapping_a_running_cycle():
    MeasureFactory()
    running = start_cycle(title="Evaluierung 2026–2027")
    with pytest.raises(ValidationError) as refused:
        start_cycle(
            running.matrix, (datetime.date(2027, 7, 1), datetime.date(2029, 6, 30)), "Doppelt"
        )
    message = refused.value.error_dict["period_start"][0].messages[0]
    assert "laufenden Zyklus „Evaluierung 2026–2027“ (01.01.2026–31.12.2027)" in message
    assert list(EvaluationCycle.objects.values_list("title", flat=True)) == [running.title]


def test_a_closed_or_adjacent_cycle_does_not_block_a_new_one():
    first = start_cycle(period=(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)))
    start_cycle(first.matrix, (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)), "Danach")
    services.cycle_close(cycle=first, user=None, close_open=True)
    again = start_cycle(first.matrix, (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)))
    assert again.pk


def test_overlap_is_shown_at_the_form_naming_the_other_cycle(client, coordinator):
    matrix = default_matrix()
    start_cycle(matrix, title="Evaluierung 2026–2027")
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:cycle_create"),
        _data(
            matrix,
            title="Noch eine",
            period_start="01.06.2027",
            period_end="31.05.2029",
            due_date="31.08.2029",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_period_start"' in page
    assert "laufenden Zyklus „Evaluierung 2026–2027“" in page
    assert EvaluationCycle.objects.count() == 1


def test_reversed_period_shows_the_error_summary_at_the_top(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    response = client.post(
        reverse("evaluation:cycle_create"),
        _data(matrix, period_start="01.01.2027", period_end="31.12.2026"),
    )
    page = response.content.decode()
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_period_end"' in summary
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in summary
    assert page.index("error-summary") < page.index('name="title"')


def test_matrix_form_errors_are_summarised_and_linked_to_the_fields(client, coordinator):
    client.force_login(coordinator)
    data = {
        "name": "",
        "description": "",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-code": "K1",
        "criteria-0-title": "Wirkung",
        "criteria-0-weight": "0",
        "criteria-0-order": "1",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "0",
        "levels-0-label": "gut",
        "levels-0-score": "1",
    }
    page = client.post(reverse("evaluation:matrix_create"), data).content.decode()
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_name"' in summary
    assert 'href="#id_criteria-0-weight"' in summary
    assert "Das Gewicht muss größer als 0 sein." in summary
    assert 'href="#levels-heading"' in summary  # "mindestens zwei Stufen" belongs to the scale
    assert 'id="levels-heading"' in page


def test_closing_without_the_confirmation_shows_the_summary_linked_to_the_checkbox(
    client, coordinator
):
    MeasureFactory()
    cycle = start_cycle()
    client.force_login(coordinator)
    response = client.post(reverse("evaluation:cycle_close", args=[cycle.pk]), {})
    assert response.status_code == 200
    page = response.content.decode()
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_close_open"' in summary
    assert "noch nicht abschließend" in summary
    assert 'id="id_close_open"' in page
    cycle.refresh_from_db()
    assert not cycle.is_closed
