"""Reporting without an account: the pages behind a personal link.

The token is the key: no login, but nothing beyond the link's actor's measures in its round.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from concept.tests.factories import ActorFactory
from measures.models import MeasureNote, ReportChannel, StatusUpdate
from measures.tests.factories import MeasureFactory
from participation.models import EntryOutcome, ReportingLink

from .link_helpers import (
    CONTACT,
    add_entry,
    home_url,
    issue,
    note_url,
    open_round,
    report_data,
    report_url,
    running_measure,
    unchanged_url,
)

pytestmark = pytest.mark.django_db

UNCHANGED = "Unverändert, weiter im Plan"


@pytest.fixture
def setup(own_actor):
    """``own_actor`` leads two running measures in an open round; a link for it."""
    first = running_measure(own_actor, number="1.1")
    second = running_measure(own_actor, number="1.2")
    reporting_round = open_round(first, second)
    link, token = issue(reporting_round, own_actor)
    return reporting_round, link, token, first, second


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _private(response):
    assert response["Referrer-Policy"] == "same-origin"  # see link_common.private
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"


def test_home_lists_the_actors_measures_with_state_outcome_and_buttons(client, setup, own_actor):
    reporting_round, link, token, first, second = setup
    StatusUpdate.objects.all().delete()
    response = client.get(home_url(token))
    assert response.status_code == 200
    _private(response)
    page = response.content.decode()
    assert f"Sachstand für {own_actor.name} – {reporting_round.title}" in page
    assert reporting_round.message in page
    assert reporting_round.due_on.strftime("%d.%m.%Y") in page
    assert first.title in page and second.title in page
    assert report_url(token, first) in page and unchanged_url(token, first) in page
    assert page.count(f">{UNCHANGED}</button>") == 2
    assert "noch offen" in page
    assert "csrfmiddlewaretoken" in page


def test_unchanged_button_only_where_it_can_be_true(client, own_actor):
    running = running_measure(own_actor, number="1.1")
    overdue = running_measure(
        own_actor,
        number="1.2",
        deadline=datetime.date(2020, 1, 1),
        start_date=datetime.date(2019, 1, 1),
    )
    done = running_measure(own_actor, number="1.3", status="completed", progress=100)
    reporting_round = open_round(running, overdue, done)
    _, token = issue(reporting_round, own_actor)
    page = client.get(home_url(token)).content.decode()
    assert unchanged_url(token, running) in page
    assert unchanged_url(token, overdue) not in page
    assert unchanged_url(token, done) not in page


def test_report_through_the_link_records_channel_address_history_and_use(client, setup):
    _, link, token, first, _ = setup
    data = report_data(client, token, first, progress="60", text="Kurs läuft, 12 Teilnehmerinnen")
    response = client.post(report_url(token, first), data)
    assert response.status_code == 302
    assert response.url == home_url(token)
    _private(response)
    assert "Vielen Dank! Der Sachstand zu Maßnahme 1.1 ist gespeichert." in _messages(response)
    update = first.status_updates.latest("created_at")
    assert (update.channel, update.reported_by, update.author) == (
        ReportChannel.PERSONAL_LINK,
        CONTACT,
        None,
    )
    assert update.text == "Kurs läuft, 12 Teilnehmerinnen"
    first.refresh_from_db()
    assert first.progress == 60
    record = first.history.latest()
    assert record.history_user is None
    assert record.history_change_reason == (
        f"Sachstand gemeldet von {CONTACT} über persönlichen Link"
    )
    report_record = update.history.latest()
    assert report_record.channel == ReportChannel.PERSONAL_LINK
    assert report_record.reported_by == CONTACT
    link.refresh_from_db()
    assert link.use_count == 1 and link.last_used_at is not None
    # the round counts it
    page = client.get(home_url(token)).content.decode()
    assert str(EntryOutcome.REPORTED.label) in page


def test_invalid_report_keeps_the_input_and_writes_nothing(client, setup):
    _, link, token, first, _ = setup
    before = StatusUpdate.objects.count()
    data = report_data(client, token, first, progress="150", text="Mein Text")
    response = client.post(report_url(token, first), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "zwischen 0 und 100" in page and "Mein Text" in page
    assert StatusUpdate.objects.count() == before
    link.refresh_from_db()
    assert link.use_count == 0


def test_stale_report_is_refused_with_409_and_keeps_the_typed_values(client, setup, coordinator):
    from measures.services import measure_report_status

    _, _, token, first, _ = setup
    data = report_data(client, token, first, progress="70", text="Unser Stand")
    measure_report_status(
        measure=first, user=coordinator, status="delayed", progress=30, text="Koordination"
    )
    response = client.post(report_url(token, first), data)
    assert response.status_code == 409
    _private(response)
    form = response.context["form"]
    assert form.data["progress"] == "70" and form.data["text"] == "Unser Stand"
    assert form.data["status"] == "delayed"  # left alone: now the stored value
    first.refresh_from_db()
    assert first.progress == 30
    again = client.post(report_url(token, first), form.data)
    assert again.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.progress) == ("delayed", 70)


def test_unchanged_on_the_home_page_records_one_report(client, setup):
    _, link, token, first, _ = setup
    response = client.post(unchanged_url(token, first))
    assert response.status_code == 302 and response.url == home_url(token)
    _private(response)
    update = first.status_updates.latest("created_at")
    assert update.unchanged and update.channel == ReportChannel.PERSONAL_LINK
    assert update.reported_by == CONTACT
    assert first.history.latest().history_change_reason == (
        f"Sachstand: unverändert bestätigt von {CONTACT} über persönlichen Link"
    )
    link.refresh_from_db()
    assert link.use_count == 1
    page = client.get(home_url(token)).content.decode()
    assert unchanged_url(token, first) not in page  # once a day


def test_unchanged_refused_in_german_as_for_a_logged_in_actor(client, own_actor):
    overdue = running_measure(
        own_actor,
        number="1.1",
        deadline=datetime.date(2020, 1, 1),
        start_date=datetime.date(2019, 1, 1),
    )
    _, token = issue(open_round(overdue), own_actor)
    response = client.post(unchanged_url(token, overdue))
    assert response.status_code == 302 and response.url == report_url(token, overdue)
    (message,) = _messages(response)
    assert message.startswith("Maßnahme 1.1 ist überfällig (Frist 01.01.2020)")
    assert not overdue.status_updates.exists()


def test_report_page_offers_unchanged_where_allowed(client, setup):
    _, _, token, first, _ = setup
    response = client.get(report_url(token, first))
    assert response.status_code == 200
    _private(response)
    page = response.content.decode()
    assert "Sachstand speichern" in page
    assert unchanged_url(token, first) in page and UNCHANGED in page


def test_unchanged_is_post_only(client, setup):
    _, _, token, first, _ = setup
    assert client.get(unchanged_url(token, first)).status_code == 405


# --- Scope: a link never shows or changes anything beyond its actor's measures in its round --


@pytest.fixture
def outside(setup, own_actor, other_actor):
    """Measures the link must not reach: another actor's in the same round, the actor's own
    outside the round, and the actor's own in another round."""
    reporting_round = setup[0]
    foreign = running_measure(other_actor, number="2.1")
    add_entry(reporting_round, foreign)
    not_in_round = running_measure(own_actor, number="1.9")
    other_round_measure = running_measure(own_actor, number="1.8")
    open_round(other_round_measure, title="Andere Runde")
    return {"foreign": foreign, "not_in_round": not_in_round, "other_round": other_round_measure}


@pytest.mark.parametrize("which", ["foreign", "not_in_round", "other_round"])
def test_link_cannot_see_or_change_a_measure_outside_its_scope(client, setup, outside, which):
    _, link, token, *_ = setup
    measure = outside[which]
    versions = measure.version
    page = client.get(home_url(token)).content.decode()
    assert measure.title not in page
    get = client.get(report_url(token, measure))
    assert get.status_code == 404
    _private(get)
    posted = client.post(
        report_url(token, measure),
        {"status": "completed", "progress": "100", "text": "", "original": ""},
    )
    assert posted.status_code == 404
    assert client.post(unchanged_url(token, measure)).status_code == 404
    assert client.post(note_url(token, measure), {"text": "Hallo"}).status_code == 404
    measure.refresh_from_db()
    assert measure.version == versions and not measure.status_updates.exists()
    assert not MeasureNote.objects.exists()
    link.refresh_from_db()
    assert link.use_count == 0


def test_measure_handed_to_another_actor_leaves_the_scope(client, setup, other_actor):
    _, _, token, first, _ = setup
    first.lead_actor = other_actor
    first.save()
    assert client.get(report_url(token, first)).status_code == 404


def test_logged_in_users_of_other_actors_get_no_more_than_the_link(
    client, setup, outside, other_member
):
    _, _, token, first, _ = setup
    client.force_login(other_member)
    assert client.get(home_url(token)).status_code == 200
    assert client.get(report_url(token, first)).status_code == 200
    assert client.get(report_url(token, outside["not_in_round"])).status_code == 404


# --- Partners ------------------------------------------------------------------------------


def test_partner_measures_listed_with_a_note_form_when_the_round_includes_partners(
    client, own_actor
):
    lead = ActorFactory(name="Federführung")
    supported = MeasureFactory(lead_actor=lead, number="3.1")
    supported.partners.add(own_actor)
    own = running_measure(own_actor, number="1.1")
    reporting_round = open_round(own, partners=[supported], remind_partners=True)
    link, token = issue(reporting_round, own_actor)
    page = client.get(home_url(token)).content.decode()
    assert supported.title in page and note_url(token, supported) in page
    assert unchanged_url(token, supported) not in page  # the lead reports, not the partner

    response = client.post(note_url(token, supported), {"text": "Wir stellen den Raum."})
    assert response.status_code == 302
    note = MeasureNote.objects.get()
    assert (note.measure, note.actor, note.author, note.reported_by) == (
        supported,
        own_actor,
        None,
        CONTACT,
    )
    assert note.history.latest().history_change_reason == (
        f"Notiz über persönlichen Link von {CONTACT}"
    )
    assert "Wir stellen den Raum." in client.get(home_url(token)).content.decode()
    link.refresh_from_db()
    assert link.use_count == 1
    # a partner cannot report the Sachstand of the lead's measure
    assert client.get(report_url(token, supported)).status_code == 404


def test_empty_note_is_refused_and_the_page_keeps_the_rest(client, own_actor):
    supported = MeasureFactory(number="3.1")
    supported.partners.add(own_actor)
    reporting_round = open_round(partners=[supported], remind_partners=True)
    _, token = issue(reporting_round, own_actor)
    response = client.post(note_url(token, supported), {"text": "   "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Notiz." in response.content.decode()
    assert not MeasureNote.objects.exists()


def test_without_partners_in_the_round_no_partner_section_and_no_note(client, own_actor):
    supported = MeasureFactory(number="3.1")
    supported.partners.add(own_actor)
    reporting_round = open_round(partners=[supported], remind_partners=False)
    _, token = issue(reporting_round, own_actor)
    assert supported.title not in client.get(home_url(token)).content.decode()
    assert client.post(note_url(token, supported), {"text": "Hallo"}).status_code == 404
    assert not MeasureNote.objects.exists()


# --- Query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_home_needs_the_same_queries_for_3_and_30_measures(
    client, own_actor, count, django_assert_num_queries
):
    measures = [running_measure(own_actor) for _ in range(count)]
    partner = MeasureFactory()
    partner.partners.add(own_actor)
    reporting_round = open_round(*measures, partners=[partner], remind_partners=True)
    link, token = issue(reporting_round, own_actor)
    # 1 the link with its round and actor; 2 the measures with outcome and "confirmed today";
    # 3 the partner measures; 4 their notes by the actor; 5 whether the public overview is
    # published (the page header links it for visitors without a login)
    with django_assert_num_queries(5):
        response = client.get(home_url(token))
    assert len(response.context["rows"]) == count
    assert ReportingLink.objects.get().use_count == 0  # reading is no use


def test_dates_on_the_page_are_german(client, setup):
    reporting_round, _, token, *_ = setup
    page = client.get(home_url(token)).content.decode()
    assert f"{reporting_round.due_on:%d.%m.%Y}" in page
    assert f"{timezone.localdate():%d.%m.%Y}" in page  # Stichtag


def test_report_form_needs_few_queries(client, setup, django_assert_num_queries):
    _, _, token, first, _ = setup
    # 1 the link with its round and actor; 2 the measure within the link's scope (with
    # "confirmed today"); 3 whether the public overview is published (page header)
    with django_assert_num_queries(3):
        response = client.get(report_url(token, first))
    assert response.status_code == 200
