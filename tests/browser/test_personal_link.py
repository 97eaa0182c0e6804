"""Reporting through a personal link in Chromium, without any login, CSRF on.

The click budget of issue #18: from the mailed per-measure link to a saved Sachstand is one
click („Sachstand speichern“) after filling the form; „Unverändert, weiter im Plan“ is one
click on the link's overview.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concept.tests.factories import ActorFactory
from measures.models import ReportChannel, StatusUpdate
from measures.tests.factories import MeasureFactory
from participation.models import ReportingLink, ReportingRound, RoundEntry
from participation.services.links import link_issue

from .conftest import assert_accessible

CONTACT = "kontakt@sprachtreff.example"


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def test_contact_reports_and_confirms_unchanged_through_the_link_without_login(page):
    actor = ActorFactory(name="Sprachtreff e. V.", email=CONTACT)
    deadline = timezone.localdate() + datetime.timedelta(120)
    first = MeasureFactory(lead_actor=actor, number="3.1", title="Sprachcafé", deadline=deadline)
    second = MeasureFactory(lead_actor=actor, number="3.2", title="Lesepaten", deadline=deadline)
    today = timezone.localdate()
    reporting_round = ReportingRound.objects.create(
        title="Sachstand zum 31.03.2027",
        as_of=today,
        due_on=today + datetime.timedelta(14),
        message="Bitte bis Ende des Monats melden.",
    )
    for measure in (first, second):
        RoundEntry.objects.create(
            round=reporting_round,
            measure=measure,
            number=measure.number,
            title=measure.title,
            action_field=measure.action_field,
            lead_actor=actor,
        )
    _, token = link_issue(reporting_round=reporting_round, actor=actor)

    # the per-measure link from the mail: open, fill, one click
    page.goto(
        page.base_url
        + reverse("participation:link_report", kwargs={"token": token, "measure_pk": first.pk})
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sachstand melden: 3.1 Sprachcafé")
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="verzögert")
    page.get_by_label("Fortschritt (%)").fill("55")
    page.get_by_label("Sachstand in wenigen Sätzen").fill("Der Raum fehlt bis März.")
    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sachstand für Sprachtreff e. V. – Sachstand zum 31.03.2027"
    )
    report = StatusUpdate.objects.get(measure=first)
    assert (report.status, report.progress, report.text) == (
        "delayed",
        55,
        "Der Raum fehlt bis März.",
    )
    assert (report.channel, report.reported_by, report.author) == (
        ReportChannel.PERSONAL_LINK,
        CONTACT,
        None,
    )
    assert_accessible(page)

    # on the overview: one click
    row = page.get_by_role("row").filter(has_text="Lesepaten")
    row.get_by_role("button", name="Unverändert, weiter im Plan").click()
    expect(
        page.get_by_role("status").filter(has_text="Maßnahme 3.2: unverändert, weiter im Plan")
    ).to_be_visible()
    confirmed = StatusUpdate.objects.get(measure=second)
    assert confirmed.unchanged and confirmed.channel == ReportChannel.PERSONAL_LINK
    # once a day: the button is gone for 3.2
    expect(row.get_by_role("button", name="Unverändert, weiter im Plan")).to_have_count(0)
    assert ReportingLink.objects.get().use_count == 2


def test_expired_link_explains_and_sends_a_new_one_to_the_stored_address(page):
    from django.core import mail

    actor = ActorFactory(name="Sprachtreff e. V.", email=CONTACT)
    today = timezone.localdate()
    reporting_round = ReportingRound.objects.create(
        title="Sachstand zum 31.03.2027", as_of=today, due_on=today + datetime.timedelta(14)
    )
    link, token = link_issue(reporting_round=reporting_round, actor=actor)
    ReportingLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = page.goto(
        page.base_url + reverse("participation:link_home", kwargs={"token": token})
    )
    assert response.status == 410
    expect(page.get_by_text("Dieser persönliche Link ist abgelaufen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Neuen Link anfordern").click()
    expect(
        page.get_by_role("status").filter(has_text="Wenn für Ihre Organisation eine Kontaktadresse")
    ).to_be_visible()
    assert [message.to for message in mail.outbox] == [[CONTACT]]
