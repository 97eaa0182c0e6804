"""The start page: numbers per action field, a chart per field, and "Meine Maßnahmen"."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from concept.tests.factories import action_field
from measures.models import MeasureStatus

from .conftest import assert_escaped
from .factories import MeasureFactory

TODAY = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def day(offset):
    return datetime.date(2026, 6, 1) + datetime.timedelta(days=offset)


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_each_field_counts_overdue_due_soon_not_smart_and_average_progress(client, council):
    field = action_field(4)
    start = datetime.date(2025, 1, 1)
    MeasureFactory(action_field=field, start_date=start, deadline=day(-1), progress=10)
    MeasureFactory(action_field=field, start_date=start, deadline=day(30), progress=20)
    MeasureFactory(action_field=field, start_date=start, deadline=day(31), progress=30)
    MeasureFactory(
        action_field=field,
        start_date=start,
        deadline=day(-10),
        status=MeasureStatus.COMPLETED,
        progress=100,
    )
    MeasureFactory(action_field=field, deadline=None, progress=40)
    client.force_login(council)
    response = client.get(reverse("home"))
    row = response.context["rows"][3]
    assert row.field == field
    assert row.total == 5
    assert row.overdue == 1  # the completed one is not overdue
    assert row.due_soon == 1
    assert row.not_smart == 1
    assert row.average_progress == 40
    assert response.context["overdue"] == 1


@pytest.mark.django_db
def test_each_field_has_an_accessible_svg_chart_with_the_numbers_in_the_table(client, council):
    MeasureFactory.create_batch(3, action_field=action_field(2), status=MeasureStatus.DELAYED)
    MeasureFactory(action_field=action_field(2), status=MeasureStatus.COMPLETED)
    client.force_login(council)
    html = client.get(reverse("home")).content.decode()
    assert html.count('<svg class="field-chart" role="img"') == 1  # fields without measures
    assert 'aria-label="Wohnen und Leben – geplant: 0, in Umsetzung: 0, abgeschlossen: 1' in html
    assert 'width="225"' in html  # 3 of 4 measures delayed: three quarters of 300
    assert "style=" not in html


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_actor_sees_own_measures_most_urgent_first_with_report_links(
    client, actor_member, own_actor, other_actor
):
    start = datetime.date(2025, 1, 1)
    later = MeasureFactory(lead_actor=own_actor, start_date=start, deadline=day(90), title="B")
    soon = MeasureFactory(lead_actor=own_actor, start_date=start, deadline=day(5), title="A")
    undated = MeasureFactory(lead_actor=own_actor, deadline=None, title="C")
    done = MeasureFactory(
        lead_actor=own_actor,
        start_date=start,
        deadline=day(-100),
        status=MeasureStatus.COMPLETED,
        title="D",
    )
    MeasureFactory(lead_actor=other_actor, deadline=day(1), title="fremd")
    client.force_login(actor_member)
    response = client.get(reverse("home"))
    assert [m.pk for m in response.context["my_measures"]] == [
        soon.pk,
        later.pk,
        undated.pk,
        done.pk,  # finished ones last, however early their deadline was
    ]
    html = response.content.decode()
    assert "Meine Maßnahmen" in html
    assert reverse("measures:report", args=[soon.pk]) in html
    assert reverse("measures:confirm_unchanged", args=[soon.pk]) in html
    assert "fällig in 5 Tagen" in html


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_my_measures_offer_unchanged_only_for_open_measures_in_time(
    client, actor_member, own_actor
):
    start = datetime.date(2025, 1, 1)
    in_time = MeasureFactory(lead_actor=own_actor, start_date=start, deadline=day(5))
    overdue = MeasureFactory(lead_actor=own_actor, start_date=start, deadline=day(-1))
    closed = [
        MeasureFactory(lead_actor=own_actor, start_date=start, deadline=day(9), status=status)
        for status in (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)
    ]
    client.force_login(actor_member)
    html = client.get(reverse("home")).content.decode()
    assert reverse("measures:confirm_unchanged", args=[in_time.pk]) in html
    for measure in (overdue, *closed):
        assert reverse("measures:confirm_unchanged", args=[measure.pk]) not in html
        assert reverse("measures:report", args=[measure.pk]) in html  # reporting stays


@pytest.mark.django_db
def test_council_has_no_own_measures_section(client, council):
    MeasureFactory()
    client.force_login(council)
    assert "Meine Maßnahmen" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_dashboard_query_count_is_the_same_for_5_and_50_measures(
    client, actor_member, own_actor, django_assert_num_queries
):
    client.force_login(actor_member)
    # session, user, aggregates per field, action fields, own measures (+field, goal,
    # lead), groups; no model permissions (non-staff users have none, concept/backends.py)
    MeasureFactory.create_batch(5, lead_actor=own_actor)
    with django_assert_num_queries(6):
        client.get(reverse("home"))
    MeasureFactory.create_batch(45, lead_actor=own_actor, action_field=action_field(6))
    with django_assert_num_queries(6):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_xss_in_own_measure_titles_is_escaped_on_the_dashboard(
    client, actor_member, own_actor, xss
):
    MeasureFactory(lead_actor=own_actor, title=xss)
    client.force_login(actor_member)
    assert_escaped(client.get(reverse("home")).content.decode())
