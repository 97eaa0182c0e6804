"""The mail names exactly the buttons the linked page offers that person for that measure."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from concept.tests.factories import ActorFactory
from measures.models import ReportChannel
from measures.services import measure_confirm_unchanged
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.reminders.mails import SAVE, UNCHANGED

from .reminder_helpers import D, at, link_pages, open_round, run_on  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SITE = "http://127.0.0.1:8000"
ACTION_WORDS = {SAVE, UNCHANGED}


def _items(html: str) -> dict[int, tuple[str, set[str]]]:
    """measure pk -> (the item's link, the button words the item names)."""
    items = {}
    for part in html.split('<li data-measure="')[1:]:
        pk, rest = part.split('"', 1)
        link = re.search(r'<a href="([^"]+)"', rest)
        items[int(pk)] = (link and link.group(1), set(re.findall(r"<b>(.*?)</b>", rest)))
    return items


def _buttons(page: str) -> set[str]:
    return {" ".join(b.split()) for b in re.findall(r"<button[^>]*>(.*?)</button>", page, re.S)}


def _three_measures(actor):
    """In time (may confirm "unverändert"), confirmed today (may not again), overdue (may
    not)."""
    with at(D - 10 * DAY):
        in_time = MeasureFactory(lead_actor=actor, deadline=D + 100 * DAY)
        confirmed = MeasureFactory(lead_actor=actor, deadline=D + 100 * DAY)
        overdue = MeasureFactory(lead_actor=actor, deadline=D - 3 * DAY)
        StatusUpdateFactory(measure=overdue)
    return in_time, confirmed, overdue


def _check(message, client, expected_items):
    html = message.alternatives[0][0]
    items = _items(html)
    assert set(items) == {m.pk for m in expected_items}
    with at(D, hour=9):
        for measure in expected_items:
            link, named = items[measure.pk]
            assert link.startswith(SITE)
            response = client.get(urlsplit(link).path)
            assert response.status_code == 200, link
            offered = _buttons(response.content.decode()) & ACTION_WORDS
            assert named == offered, (measure, named, offered)
            # the plain text names the same words
            for word in named:
                assert f"„{word}“" in message.body
    return items


def test_account_mail_names_only_the_buttons_of_the_report_page(own_actor, actor_member):
    in_time, confirmed, overdue = _three_measures(own_actor)
    open_round(in_time, confirmed, overdue, due_on=D + 10 * DAY)
    with at(D, hour=5):
        measure_confirm_unchanged(measure=confirmed, user=actor_member)
    # confirmed before the round opened (06:00): still missing in the round
    run_on(D)
    (message,) = mail.outbox
    client = Client()
    client.force_login(actor_member)
    items = _check(message, client, [in_time, confirmed, overdue])
    assert items[in_time.pk][1] == {SAVE, UNCHANGED}
    assert items[confirmed.pk][1] == {SAVE}
    assert items[overdue.pk][1] == {SAVE}


def test_contact_mail_names_only_the_buttons_of_the_link_page(link_pages):  # noqa: F811
    actor = ActorFactory(email="kontakt@verein.example")
    in_time, confirmed, overdue = _three_measures(actor)
    open_round(in_time, overdue, due_on=D + 10 * DAY)
    run_on(D)
    (message,) = mail.outbox
    items = _items(message.alternatives[0][0])
    assert items[in_time.pk][1] == {SAVE, UNCHANGED}
    assert items[overdue.pk][1] == {SAVE}
    if not link_pages:
        pytest.skip("the personal-link pages are not in this checkout (branch links)")
    _check(message, Client(), [in_time, overdue])


def test_no_unchanged_for_a_measure_confirmed_through_a_link_today(own_actor, actor_member):
    with at(D - 10 * DAY):
        measure = MeasureFactory(lead_actor=own_actor, deadline=D + 100 * DAY)
    open_round(measure, due_on=D + 10 * DAY, opened_on=D - 2 * DAY)
    with at(D, hour=5):
        measure_confirm_unchanged(
            measure=measure, user=None, channel=ReportChannel.PERSONAL_LINK, reported_by="x@y.z"
        )
    # confirmed today (counts for the first round); a round opened later today asks again,
    # and its reminder must not offer "unverändert" a second time today
    open_round(measure, due_on=D + 10 * DAY, opened_on=D, title="Später eröffnet")
    run_on(D)
    (message,) = mail.outbox
    assert _items(message.alternatives[0][0])[measure.pk][1] == {SAVE}
