"""A measure's status updates and change history: the detail page shows the newest ten, the
full lists have pages of their own; the pages stay the same size however long the history."""

import datetime

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory
from measures import services
from measures.history import measure_history, newest_history
from measures.views.timeline import PER_PAGE

from .factories import MeasureFactory, StatusUpdateFactory


@pytest.fixture
def long_measure(db, coordinator):
    """A measure saved 31 times: created, then progress 1 … 30, partners changed at 15."""
    measure = services.measure_create(
        user=coordinator,
        values={
            "number": "1.7",
            "title": "Lange Laufzeit",
            "action_field": MeasureFactory.build().action_field,
        },
    )
    caritas = ActorFactory(name="Caritas")
    for n in range(1, 31):
        services.measure_update(
            measure=measure,
            user=coordinator,
            values={"progress": n},
            partners=[caritas] if n >= 15 else [],
        )
    return measure


def summary(entries):
    return [(e.version, {c.field: (c.old, c.new) for c in e.changes}) for e in entries]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "stop"), [(0, 10), (0, 31), (10, 20), (25, 50), (30, 31)])
def test_newest_history_is_a_window_of_the_whole_history(long_measure, start, stop):
    whole = measure_history(long_measure)
    whole.reverse()
    entries, total = newest_history(long_measure, start, stop)
    assert total == 31
    assert summary(entries) == summary(whole[start:stop])


@pytest.mark.django_db
def test_detail_shows_the_ten_newest_and_links_to_the_full_lists(client, council, long_measure):
    for day in range(1, 13):
        StatusUpdateFactory(
            measure=long_measure, reported_on=datetime.date(2026, 1, day), text=f"Bericht {day}."
        )
    client.force_login(council)
    response = client.get(reverse("measures:detail", args=[long_measure.pk]))
    html = response.content.decode()
    assert [u.text for u in response.context["updates"]] == [
        f"Bericht {day}." for day in range(12, 2, -1)
    ]
    assert "Sachstände (12)" in html
    assert "Bericht 2." not in html
    assert reverse("measures:updates", args=[long_measure.pk]) in html
    history = response.context["history"]
    assert [e.version for e in history] == list(range(31, 21, -1))
    # the oldest entry shown still names what changed against the save before it
    assert {c.field: (c.old, c.new) for c in history[-1].changes} == {
        "Fortschritt (%)": ("20", "21")
    }
    assert "Änderungshistorie (31)" in html
    assert "Vollständige Änderungshistorie (31 Einträge)" in html


@pytest.mark.django_db
def test_detail_of_a_short_history_has_no_links(client, council):
    measure = MeasureFactory()
    StatusUpdateFactory(measure=measure)
    client.force_login(council)
    html = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert reverse("measures:updates", args=[measure.pk]) not in html
    assert reverse("measures:history", args=[measure.pk]) not in html


@pytest.mark.django_db
def test_history_pages_list_every_save_newest_first(client, actor_member, long_measure):
    client.force_login(actor_member)
    url = reverse("measures:history", args=[long_measure.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert [e.version for e in first.context["history"]] == list(range(31, 31 - PER_PAGE, -1))
    html = first.content.decode()
    assert "31 Einträge, die neuesten zuerst." in html
    assert "Seite 1 von 2" in html
    assert "?page=2" in html
    last = client.get(url + "?page=2")
    entries = last.context["history"]
    assert [e.version for e in entries] == list(range(31 - PER_PAGE, 0, -1))
    assert entries[-1].kind == "+"
    changes = {e.version: {c.field: (c.old, c.new) for c in e.changes} for e in entries}
    assert changes[6] == {"Fortschritt (%)": ("4", "5")}
    # a page number past the end shows the last page, a nonsense one the first
    assert client.get(url + "?page=99").context["page_obj"].number == 2
    assert client.get(url + "?page=x").context["page_obj"].number == 1


@pytest.mark.django_db
def test_update_pages_list_every_status_update_newest_first(client, council):
    measure = MeasureFactory(number="2.4", title="Sprachcafé")
    base = datetime.date(2025, 1, 1)
    for day in range(30):
        StatusUpdateFactory(
            measure=measure,
            reported_on=base + datetime.timedelta(days=day),
            text=f"Bericht {day + 1}.",
        )
    client.force_login(council)
    url = reverse("measures:updates", args=[measure.pk])
    first = client.get(url)
    assert [u.text for u in first.context["updates"]][:2] == ["Bericht 30.", "Bericht 29."]
    html = first.content.decode()
    assert "<h1" in html and "Sachstände zu 2.4 Sprachcafé" in html
    assert "30 Sachstände, die neuesten zuerst." in html
    assert "30.01.2025" in html
    second = client.get(url + "?page=2")
    assert [u.text for u in second.context["updates"]] == [
        f"Bericht {day}." for day in range(5, 0, -1)
    ]


@pytest.mark.django_db
def test_empty_lists_say_so(client, council):
    measure = MeasureFactory()
    client.force_login(council)
    updates = client.get(reverse("measures:updates", args=[measure.pk])).content.decode()
    assert "Noch kein Sachstand gemeldet." in updates
    history = client.get(reverse("measures:history", args=[measure.pk]))
    assert history.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["measures:updates", "measures:history"])
def test_query_count_does_not_grow_with_the_history(
    client, council, coordinator, name, django_assert_max_num_queries
):
    measure = MeasureFactory()
    client.force_login(council)
    url = reverse(name, args=[measure.pk])
    client.get(url)
    for n in range(40):
        StatusUpdateFactory(measure=measure)
        services.measure_update(
            measure=measure, user=coordinator, values={"progress": n}, partners=[ActorFactory()]
        )
    with django_assert_max_num_queries(12):
        response = client.get(url + "?page=2")
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_measure_is_404(client, council):
    client.force_login(council)
    for name in ("measures:updates", "measures:history"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
