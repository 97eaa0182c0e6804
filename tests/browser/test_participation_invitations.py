"""Sending the conference invitation again in the browser: newcomers only, or all on purpose,
with the counts on the buttons; a second click or a stale tab mails nobody twice."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from participation.tests.factories import ConferenceFactory

from .conftest import assert_accessible, login

NEWCOMERS = "Nur an neu hinzugekommene Empfänger senden"
ALL = "Erneut an alle senden"


@pytest.fixture
def conference(transactional_db):
    actor = ActorFactory(name="Familienzentrum Süd")
    MembershipFactory(actor=actor, user__email="fz@example.org")
    UserFactory(username="koordination-i", role=roles.COORDINATOR)
    conference = ConferenceFactory(title="Integrationskonferenz Nord")
    conference.invited_actors.set([actor])
    return conference


def test_coordinator_invites_newcomers_then_all_again(page, conference):
    login(page, "koordination-i")
    page.goto(f"{page.base_url}{conference.get_absolute_url()}")
    page.get_by_role("button", name="Einladung an alle Akteursmitglieder senden (1)").click()
    expect(page.get_by_role("status").filter(has_text="1 Person.")).to_be_visible()
    expect(page.get_by_text("Alle haben sie bereits erhalten.")).to_be_visible()
    expect(page.get_by_role("button", name=NEWCOMERS)).to_have_count(0)

    newcomer = MembershipFactory(actor=conference.invited_actors.get(), user__email="neu@ex.org")
    page.reload()
    stale = [page.context.new_page() for _ in range(2)]  # tabs with the same buttons
    for tab in stale:
        tab.goto(page.url)
    assert_accessible(page)
    page.get_by_role("button", name=f"{NEWCOMERS} (1)").click()
    expect(
        page.get_by_role("status").filter(has_text="1 neu hinzugekommene Person")
    ).to_be_visible()
    assert [m.to for m in mail.outbox] == [["fz@example.org"], [newcomer.user.email]]

    stale[0].get_by_role("button", name=f"{NEWCOMERS} (1)").click()
    expect(stale[0].get_by_text("keine neu hinzugekommenen Empfänger")).to_be_visible()
    stale[1].get_by_role("button", name=f"{ALL} (2)").click()  # shown before the last sending
    expect(stale[1].get_by_text("inzwischen am")).to_be_visible()
    assert len(mail.outbox) == 2
    for tab in stale:
        tab.close()

    page.get_by_role("button", name=f"{ALL} (2)").click()
    expect(page.get_by_role("status").filter(has_text="an alle: 2 Personen.")).to_be_visible()
    assert len(mail.outbox) == 4
    expect(page.locator("#invitation-sent")).to_contain_text("zuletzt verschickt am")
    assert_accessible(page)
