"""A reporting round with entries and a personal link, for the tests of the link pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from measures.tests.factories import MeasureFactory
from participation.models import ReportingRound, RoundEntry
from participation.services.links import link_issue

CONTACT = "kontakt@verein.example"


def open_round(*measures, remind_partners=False, partners=(), **fields) -> ReportingRound:
    today = timezone.localdate()
    reporting_round = ReportingRound.objects.create(
        title=fields.pop("title", "Sachstand zum 31.03.2027"),
        as_of=today,
        due_on=fields.pop("due_on", today + datetime.timedelta(14)),
        message=fields.pop("message", "Bitte kurz melden, was sich getan hat."),
        remind_partners=remind_partners,
        **fields,
    )
    for measure in [*measures, *partners]:
        add_entry(reporting_round, measure)
    return reporting_round


def add_entry(reporting_round, measure) -> RoundEntry:
    return RoundEntry.objects.create(
        round=reporting_round,
        measure=measure,
        number=measure.number,
        title=measure.title,
        action_field=measure.action_field,
        lead_actor=measure.lead_actor,
    )


def running_measure(actor, **fields):
    fields.setdefault("status", "in_progress")
    fields.setdefault("progress", 20)
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(90))
    return MeasureFactory(lead_actor=actor, **fields)


def issue(reporting_round, actor):
    if not actor.email:
        actor.email = CONTACT
        actor.save()
    return link_issue(reporting_round=reporting_round, actor=actor)


def home_url(token):
    return reverse("participation:link_home", kwargs={"token": token})


def report_url(token, measure):
    return reverse("participation:link_report", kwargs={"token": token, "measure_pk": measure.pk})


def unchanged_url(token, measure):
    return reverse(
        "participation:link_unchanged", kwargs={"token": token, "measure_pk": measure.pk}
    )


def note_url(token, measure):
    return reverse("participation:link_note", kwargs={"token": token, "measure_pk": measure.pk})


def request_url(token):
    return reverse("participation:link_request", kwargs={"token": token})


def report_data(client, token, measure, **values):
    """The form as the page rendered it (its ``original``), with ``values`` typed in."""
    form = client.get(report_url(token, measure)).context["form"]
    data = {
        "status": measure.status,
        "progress": measure.progress,
        "indicator_value": "",
        "text": "",
        "original": form["original"].value(),
    }
    data.update(values)
    return data
