"""The coordination's pages of reporting rounds: list, open, follow, change, close."""

import datetime

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, MembershipFactory
from measures.models import MeasureStatus
from measures.services import measure_confirm_unchanged, measure_report_status
from measures.tests.factories import MeasureFactory
from participation.models import EntryOutcome, ReportingRound
from participation.services import round_close, round_open

pytestmark = pytest.mark.django_db


def _round(coordinator, **kwargs):
    return round_open(
        title=kwargs.pop("title", "Sachstand zum 31.03.2026"),
        as_of=datetime.date(2026, 3, 31),
        due_on=datetime.date(2026, 4, 21),
        by=coordinator,
        **kwargs,
    )


def _form(**values):
    return {
        "title": "Sachstand zum 30.06.2026",
        "as_of": "30.06.2026",
        "due_on": "21.07.2026",
        "message": "Bitte kurz und knapp.",
        **values,
    }


def test_the_form_counts_the_selection_before_anything_is_saved(client, coordinator):
    MeasureFactory.create_batch(2, status=MeasureStatus.IN_PROGRESS)
    MeasureFactory(status=MeasureStatus.COMPLETED)
    client.force_login(coordinator)
    url = reverse("participation:round_create")

    page = client.get(url).content.decode()
    assert "<strong>2</strong> Maßnahmen" in page

    page = client.post(url, _form(statuses=["completed"], preview="1")).content.decode()
    assert "<strong>1</strong> Maßnahme." in page
    assert 'value="Sachstand zum 30.06.2026"' in page
    assert not ReportingRound.objects.exists()


def test_opening_a_round_redirects_to_its_progress(client, coordinator):
    MeasureFactory.create_batch(2)
    client.force_login(coordinator)
    response = client.post(reverse("participation:round_create"), _form(open="1"), follow=True)
    reporting_round = ReportingRound.objects.get()
    assert response.redirect_chain[-1][0] == reporting_round.get_absolute_url()
    assert "Die Berichtsrunde ist eröffnet: 2 Maßnahmen." in response.content.decode()
    assert reporting_round.as_of == datetime.date(2026, 6, 30)


def test_a_due_date_before_the_as_of_date_gets_a_german_message_and_keeps_the_input(
    client, coordinator
):
    MeasureFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:round_create"), _form(due_on="01.06.2026", open="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "„Meldungen bis“ darf nicht vor dem Stichtag liegen." in page
    assert "Bitte kurz und knapp." in page and 'value="01.06.2026"' in page
    assert not ReportingRound.objects.exists()


def test_an_empty_selection_gets_a_german_message_and_keeps_the_input(client, coordinator):
    MeasureFactory(status=MeasureStatus.IN_PROGRESS)
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:round_create"), _form(statuses=["cancelled"], open="1")
    )
    page = response.content.decode()
    assert "Zu dieser Auswahl gibt es keine Maßnahmen." in page
    assert 'value="cancelled"' in page and "checked" in page
    assert 'value="Sachstand zum 30.06.2026"' in page
    assert not ReportingRound.objects.exists()


def test_the_progress_page_says_whom_to_call(client, coordinator):
    actor = ActorFactory(
        name="Caritas", contact_person="Frau Yilmaz", phone="0511 12345", email="c@caritas.example"
    )
    MembershipFactory(actor=actor, user__first_name="Eva", user__last_name="Engel")
    silent = MeasureFactory(lead_actor=actor, title="Sprachcafé")
    reported = MeasureFactory(lead_actor=actor, title="Elterncafé")
    reporting_round = _round(coordinator)
    measure_report_status(measure=reported, user=coordinator, status="in_progress", progress=70)
    client.force_login(coordinator)

    page = client.get(reporting_round.get_absolute_url()).content.decode()

    call = page.split('id="wen-anrufen"')[1].split("<h2")[0]
    assert "Caritas" in call and "Frau Yilmaz" in call and "0511 12345" in call
    assert "Sprachcafé" in call and "Elterncafé" not in call
    assert "c@caritas.example" in call
    assert "Eva Engel" in page
    assert "1 von 2 Maßnahmen beantwortet (50 %)" in page
    assert silent.get_absolute_url() in page


def test_a_closed_round_shows_the_frozen_values(client, coordinator):
    measure = MeasureFactory(status="in_progress", progress=30)
    reporting_round = _round(coordinator)
    measure_report_status(measure=measure, user=coordinator, status="delayed", progress=35)
    round_close(reporting_round=reporting_round, by=coordinator)
    measure_report_status(measure=measure, user=coordinator, status="completed", progress=100)
    client.force_login(coordinator)

    page = client.get(reporting_round.get_absolute_url()).content.decode()

    assert "verzögert" in page and "35 %" in page
    assert "abgeschlossen am" in page and "Wen anrufen?" not in page
    assert "Bearbeiten" not in page


def test_closing_asks_first_and_then_freezes(client, coordinator):
    measure = MeasureFactory()
    reporting_round = _round(coordinator)
    measure_confirm_unchanged(measure=measure, user=coordinator)
    client.force_login(coordinator)
    url = reverse("participation:round_close", args=[reporting_round.pk])

    page = client.get(url).content.decode()
    assert "Runde jetzt abschließen" in page and measure.title in page
    assert not ReportingRound.objects.get().is_closed

    response = client.post(url, follow=True)
    assert "ihr Stand ist festgehalten" in response.content.decode()
    assert reporting_round.entries.get().outcome == EntryOutcome.UNCHANGED

    response = client.post(url, follow=True)
    assert "bereits abgeschlossen" in response.content.decode()


def test_changing_a_round_with_a_bad_due_date_keeps_the_input(client, coordinator):
    MeasureFactory()
    reporting_round = _round(coordinator)
    client.force_login(coordinator)
    url = reverse("participation:round_update", args=[reporting_round.pk])
    response = client.post(
        url, {"title": "Neuer Titel", "due_on": "01.01.2026", "message": "Hinweis"}
    )
    page = response.content.decode()
    assert "„Meldungen bis“ darf nicht vor dem Stichtag liegen." in page
    assert 'value="Neuer Titel"' in page
    reporting_round.refresh_from_db()
    assert reporting_round.title == "Sachstand zum 31.03.2026"

    response = client.post(url, {"title": "Neuer Titel", "due_on": "30.04.2026", "message": ""})
    assert response.status_code == 302
    reporting_round.refresh_from_db()
    assert (reporting_round.title, reporting_round.due_on) == (
        "Neuer Titel",
        datetime.date(2026, 4, 30),
    )


def test_a_closed_round_cannot_be_changed_through_the_form(client, coordinator):
    MeasureFactory()
    reporting_round = _round(coordinator)
    round_close(reporting_round=reporting_round, by=coordinator)
    client.force_login(coordinator)
    url = reverse("participation:round_update", args=[reporting_round.pk])
    response = client.post(url, {"title": "X", "due_on": "30.04.2026"}, follow=True)
    assert "lässt sich nicht ändern" in response.content.decode()
    reporting_round.refresh_from_db()
    assert reporting_round.title == "Sachstand zum 31.03.2026"


def test_the_navigation_offers_rounds_to_the_coordinator_only(client, coordinator, actor_member):
    client.force_login(coordinator)
    assert "Berichtsrunden" in client.get(reverse("participation:calendar")).content.decode()
    client.force_login(actor_member)
    assert "Berichtsrunden" not in client.get(reverse("participation:calendar")).content.decode()


def _world(coordinator, size):
    """``size`` measures of ``size // 3 + 1`` actors with members; a third reported, a third
    confirmed; plus a closed round."""
    actors = [ActorFactory(phone="0511 1") for _ in range(size // 3 + 1)]
    for actor in actors:
        MembershipFactory(actor=actor)
    measures = [MeasureFactory(lead_actor=actors[i % len(actors)]) for i in range(size)]
    closed = _round(coordinator, title="Vorige Runde")
    round_close(reporting_round=closed, by=coordinator)
    reporting_round = _round(coordinator)
    for measure in measures[::3]:
        measure_report_status(measure=measure, user=coordinator, status="in_progress", progress=9)
    for measure in measures[1::3]:
        measure_confirm_unchanged(measure=measure, user=coordinator)
    return reporting_round, closed


# session, user, the user's roles, the rounds with their counts
LIST_QUERIES = 4
# session, user, the user's roles, the round, its entries with outcome and last report, the
# lead actors' members
DETAIL_QUERIES = 6


@pytest.mark.parametrize("size", [3, 30])
def test_the_pages_take_the_same_queries_for_3_and_30_entries(
    client, coordinator, django_assert_max_num_queries, size
):
    reporting_round, closed = _world(coordinator, size)
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(reverse("participation:round_list")).status_code == 200
    for shown in (reporting_round, closed):
        with django_assert_max_num_queries(DETAIL_QUERIES):
            assert client.get(shown.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(DETAIL_QUERIES):
        url = reverse("participation:round_close", args=[reporting_round.pk])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("perm", ["participation.manage_rounds", "participation.view_round"])
def test_only_the_coordinator_may_see_and_manage_rounds(
    perm, coordinator, actor_member, other_member, council
):
    from django.contrib.auth.models import AnonymousUser

    users = (coordinator, actor_member, other_member, council, AnonymousUser())
    assert tuple(user.has_perm(perm) for user in users) == (True, False, False, False, False)


def test_the_coordination_sends_and_revokes_an_actors_links_from_the_round(client, coordinator):
    from django.core import mail

    from concept.tests.factories import ActorFactory
    from measures.tests.factories import MeasureFactory
    from participation.models import ReportingLink, ReportingRound
    from participation.services import round_open

    actor = ActorFactory(name="Sprachtreff e. V.", email="kontakt@sprachtreff.example")
    silent = ActorFactory(name="Ohne Adresse", email="")
    MeasureFactory(lead_actor=actor, status="in_progress")
    MeasureFactory(lead_actor=silent, status="in_progress")
    today = datetime.date.today()
    reporting_round = round_open(
        title="Sachstand", as_of=today, due_on=today + datetime.timedelta(14), by=coordinator
    )
    client.force_login(coordinator)
    page = client.get(reporting_round.get_absolute_url()).content.decode()
    assert "Link senden" in page and "keine Kontaktadresse" in page

    mail.outbox.clear()
    response = client.post(
        f"/beteiligung/berichtsrunden/{reporting_round.pk}/akteure/{actor.pk}/link-senden/",
        follow=True,
    )
    assert "ging an kontakt@sprachtreff.example" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["kontakt@sprachtreff.example"]]
    link = ReportingLink.objects.get(actor=actor)
    assert link.created_by == coordinator

    response = client.post(
        f"/beteiligung/berichtsrunden/{reporting_round.pk}/akteure/{silent.pk}/link-senden/",
        follow=True,
    )
    assert "hat keine Kontaktadresse" in response.content.decode()
    assert not ReportingLink.objects.filter(actor=silent).exists()

    client.post(
        f"/beteiligung/berichtsrunden/{reporting_round.pk}/akteure/{actor.pk}/links-widerrufen/"
    )
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == coordinator
    assert ReportingRound.objects.get(pk=reporting_round.pk).links.count() == 1


def test_opening_a_round_sends_its_reminders_at_once(
    client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from concept.tests.factories import ActorFactory

    actor = ActorFactory(name="Sprachtreff e. V.", email="kontakt@sprachtreff.example")
    MeasureFactory(lead_actor=actor, status="in_progress")
    client.force_login(coordinator)
    mail.outbox.clear()
    today = datetime.date.today()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("participation:round_create"),
            {
                "title": "Sachstand zum Stichtag",
                "as_of": f"{today:%d.%m.%Y}",
                "due_on": f"{today + datetime.timedelta(21):%d.%m.%Y}",
                "statuses": ["in_progress"],
            },
        )
    to_contact = [m for m in mail.outbox if m.to == ["kontakt@sprachtreff.example"]]
    assert len(to_contact) == 1  # (the coordination may get its weekly digest in the same run)
    assert "/beteiligung/melden/" in to_contact[0].body
