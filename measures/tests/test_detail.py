"""The measure detail page: every field, SMART, timeline, history, buttons by permission."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory
from measures import services
from measures.models import MeasureStatus

from .conftest import assert_escaped
from .factories import MeasureFactory, MeasureNoteFactory, StatusUpdateFactory, measure_document


def detail(client, measure):
    response = client.get(reverse("measures:detail", args=[measure.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_detail_shows_every_field_in_german_formats(client, council):
    client.force_login(council)
    staff = ActorFactory(name="Team Personal")
    measure = MeasureFactory(
        budget_amount=Decimal("12500.00"),
        staff_hours_per_year=Decimal("1200.5"),
        staff_actor=staff,
        deadline=datetime.date(2027, 3, 31),
        funding_source="Landesprogramm",
        budget_years="2026–2027",
        indicator_current=Decimal("17.5"),
    )
    measure.partners.add(ActorFactory(name="Caritas"))
    html = detail(client, measure)
    for text in [
        "12.500,00 €",
        "1.200,5 Stunden pro Jahr",
        "Team Personal",
        "31.12.2027".replace("31.12.2027", "31.03.2027"),
        "01.01.2026",
        "Landesprogramm",
        "2026–2027",
        "17,5",
        "Caritas",
        measure.target_group,
        measure.indicator,
        "SMART",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_detail_spells_out_what_is_missing_for_smart(client, council):
    client.force_login(council)
    measure = MeasureFactory(deadline=None, indicator="", lead_actor=None)
    html = detail(client, measure)
    assert "nicht SMART – es fehlt: Messbar, Aktivierend, Terminiert" in html
    assert "Es fehlt eine Frist (ein konkretes Datum)." in html
    assert "Es ist kein federführender Akteur benannt." in html
    assert "Es fehlt ein Indikator (was gemessen wird)." in html


@pytest.mark.django_db
def test_detail_lists_status_updates_newest_first(client, council, actor_member):
    client.force_login(council)
    measure = MeasureFactory()
    StatusUpdateFactory(
        measure=measure, reported_on=datetime.date(2026, 1, 5), text="Januarbericht"
    )
    StatusUpdateFactory(
        measure=measure,
        reported_on=datetime.date(2026, 3, 5),
        text="Märzbericht",
        author=actor_member,
        unchanged=True,
    )
    html = detail(client, measure)
    assert html.index("Märzbericht") < html.index("Januarbericht")
    assert "05.03.2026" in html
    assert "unverändert bestätigt" in html
    assert "Sachstände (2)" in html


@pytest.mark.django_db
def test_history_names_author_field_old_and_new_value_including_partners(
    client, council, coordinator
):
    client.force_login(council)
    caritas = ActorFactory(name="Caritas")
    measure = services.measure_create(
        user=coordinator,
        values={
            "number": "1.1",
            "title": "Alt",
            "action_field": MeasureFactory.build().action_field,
            "budget_amount": Decimal("100"),
        },
    )
    services.measure_update(
        measure=measure,
        user=coordinator,
        values={"title": "Neu", "budget_amount": Decimal("2500")},
        partners=[caritas],
        expected_version=1,
    )
    response = client.get(reverse("measures:detail", args=[measure.pk]))
    entries = response.context["history"]
    assert [e.kind for e in entries] == ["~", "+"]
    assert response.context["history_count"] == 2
    latest = entries[0]
    assert latest.user == coordinator
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes == {
        "Titel": ("Alt", "Neu"),
        "Finanzmittel (€)": ("100,00 €", "2.500,00 €"),
        "Kooperationspartner": ("–", "Caritas"),
    }
    html = response.content.decode()
    assert str(coordinator) in html
    assert "2.500,00 €" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("coordinator", {"Sachstand melden", "Unverändert", "Bearbeiten", "Löschen"}),
        ("actor", {"Sachstand melden", "Unverändert"}),
        ("other_actor", set()),
        ("council", set()),
    ],
)
def test_detail_shows_only_the_buttons_the_user_may_use(
    client, role, buttons, coordinator, actor_member, other_member, council, own_actor
):
    user = {
        "coordinator": coordinator,
        "actor": actor_member,
        "other_actor": other_member,
        "council": council,
    }[role]
    client.force_login(user)
    measure = MeasureFactory(lead_actor=own_actor)
    html = detail(client, measure)
    urls = {
        "Sachstand melden": reverse("measures:report", args=[measure.pk]),
        "Unverändert": reverse("measures:confirm_unchanged", args=[measure.pk]),
        "Bearbeiten": reverse("measures:update", args=[measure.pk]),
        "Löschen": reverse("measures:delete", args=[measure.pk]),
    }
    shown = {name for name, url in urls.items() if url in html}
    assert shown == buttons


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"status": MeasureStatus.COMPLETED, "progress": 100},
        {"status": MeasureStatus.CANCELLED},
        {"deadline": datetime.date(2020, 1, 1), "start_date": None},  # overdue
    ],
)
def test_detail_offers_a_sachstand_but_not_unchanged_for_closed_or_overdue_measures(
    client, coordinator, actor_member, own_actor, values
):
    measure = MeasureFactory(lead_actor=own_actor, **values)
    for user in (coordinator, actor_member):
        client.force_login(user)
        html = detail(client, measure)
        assert reverse("measures:report", args=[measure.pk]) in html
        assert reverse("measures:confirm_unchanged", args=[measure.pk]) not in html
        assert "Unverändert, weiter im Plan" not in html


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_updates_history_and_partners(
    client, actor_member, own_actor, django_assert_num_queries
):
    client.force_login(actor_member)
    measure = MeasureFactory(lead_actor=own_actor)
    # session, user, measure (+field, goal, lead, staff actor), status updates with
    # authors, history records with users, history partner rows, partners, groups,
    # membership check (report permission); non-staff users need no model-permission
    # queries. Names in the history are looked up only for references that changed (here
    # the partners: one query for actors), at most one query per model however long;
    # documents with their uploaders, document events (history records with users);
    # partner notes with actors and authors, the user's actors (may they add a note?).
    StatusUpdateFactory.create_batch(2, measure=measure)
    measure.partners.add(ActorFactory())
    measure_document(measure, user=actor_member)
    with django_assert_num_queries(16):  # + the indicator series and its milestones
        client.get(reverse("measures:detail", args=[measure.pk]))
    for n in range(20):
        StatusUpdateFactory(measure=measure)
        MeasureNoteFactory(measure=measure, author=actor_member)
        services.measure_update(
            measure=measure, user=actor_member, values={"progress": n}, partners=[ActorFactory()]
        )
        measure_document(measure, user=actor_member, name=f"Liste {n}.pdf")
    with django_assert_num_queries(16):  # + the indicator series and its milestones
        client.get(reverse("measures:detail", args=[measure.pk]))


@pytest.mark.django_db
def test_xss_in_texts_is_escaped_on_detail_and_in_history(
    client, coordinator, actor_member, own_actor, xss
):
    client.force_login(coordinator)
    measure = MeasureFactory(lead_actor=own_actor, title=xss, description=xss, notes=xss)
    services.measure_update(measure=measure, user=coordinator, values={"target_group": xss})
    services.measure_report_status(
        measure=measure, user=actor_member, status=MeasureStatus.DELAYED, progress=5, text=xss
    )
    html = detail(client, measure)
    assert_escaped(html)
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
