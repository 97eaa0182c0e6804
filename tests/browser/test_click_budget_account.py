"""The click budget for actors with an account: from a reminder's link to a saved report at
most 3 clicks after login, and "unverändert" in 1 click wherever the mail offers it.

The mail comes from a real ``send_due_reminders`` run; the browser follows the link it
carries (signing in on the way, as someone who was not signed in) and counts the clicks."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from concept.tests.factories import ActorFactory, MembershipFactory
from measures.models import StatusUpdate
from measures.tests.factories import MeasureFactory
from participation.reminders import send_due_reminders

from .conftest import PASSWORD, assert_accessible


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def _mail_links(settings, page) -> list[str]:
    """The report links of the single mail the run sent, pointed at the live server."""
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    body = mail.outbox[0].body
    return [
        page.base_url + path
        for path in re.findall(re.escape(settings.SITE_URL) + r"(/massnahmen/\d+/sachstand/)", body)
    ]


def _sign_in_on_the_way(page):
    """The link leads to the login form (not signed in); signing in returns to the link."""
    page.get_by_label("Benutzername").fill("vhs-mitglied")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_from_the_reminder_to_a_saved_report_and_to_unchanged_in_one_click(page, settings):
    settings.SITE_URL = "https://integration.example.org"
    today = timezone.localdate()
    actor = ActorFactory(name="Volkshochschule Leinetal")
    MembershipFactory(actor=actor, user__username="vhs-mitglied", user__email="vhs@example.org")
    # both due for a Sachstand (created long ago, never reported), deadline in 7 days
    long_ago = timezone.now() - datetime.timedelta(days=200)
    first = MeasureFactory(
        lead_actor=actor,
        number="3.1",
        title="Sprachcafé",
        status="in_progress",
        progress=40,
        deadline=today + datetime.timedelta(days=5),
    )
    second = MeasureFactory(
        lead_actor=actor,
        number="3.2",
        title="Lesepaten",
        status="in_progress",
        progress=70,
        deadline=today + datetime.timedelta(days=120),
    )
    type(first).objects.filter(pk__in=[first.pk, second.pk]).update(created_at=long_ago)
    mail.outbox.clear()
    send_due_reminders(today)
    links = _mail_links(settings, page)
    assert {f"/massnahmen/{first.pk}/sachstand/", f"/massnahmen/{second.pk}/sachstand/"} <= {
        link.removeprefix(page.base_url) for link in links
    }
    body = mail.outbox[0].body
    assert "Unverändert, weiter im Plan" in body  # offered: both are open and in time

    # 1) the link of 3.1: sign in on the way, then fill and save = 1 click after login
    page.goto(next(link for link in links if f"/{first.pk}/" in link))
    _sign_in_on_the_way(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Sachstand melden"))
    assert_accessible(page)
    page.get_by_label("Fortschritt (%)").fill("55")
    page.get_by_label("Sachstand in wenigen Sätzen").fill("Zweiter Kurs startet im Januar.")
    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    report = StatusUpdate.objects.get(measure=first)
    assert (report.progress, report.text) == (55, "Zweiter Kurs startet im Januar.")

    # 2) the link of 3.2 (signed in now): "Unverändert, weiter im Plan" = 1 click
    page.goto(next(link for link in links if f"/{second.pk}/" in link))
    page.get_by_role("button", name="Unverändert, weiter im Plan").click()
    expect(
        page.get_by_role("status").filter(has_text="unverändert, weiter im Plan")
    ).to_be_visible()
    confirmed = StatusUpdate.objects.get(measure=second)
    assert confirmed.unchanged and confirmed.progress == 70
