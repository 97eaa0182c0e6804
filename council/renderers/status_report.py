"""Renderer of a Sachstandsbericht: the frozen outcome of a closed reporting round, as a tagged
PDF/UA-1 attached to a council paper.

Everything shown comes from the round's entries as frozen when it closed (number, title,
action field, lead actor copied at opening; status, progress, report date and text at
closing), so the report says the same thing however the measures change later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from concept.branding import current as current_branding
from core import formatting
from core.pdf import render_pdf
from measures.status import MeasureStatus, status_label
from participation.models import EntryOutcome, RoundEntry

MIMETYPE = "application/pdf"


class RoundNotClosed(ValueError):
    """Only a closed round has frozen values to report."""


@dataclass
class FieldSection:
    action_field: object
    entries: list = field(default_factory=list)

    def status_counts(self) -> list[int]:
        """Measures per status, in the order of ``MeasureStatus``."""
        return [sum(1 for e in self.entries if e.status == s) for s in MeasureStatus.values]


def _number_key(number: str) -> tuple:
    """ "1.10" after "1.9": numbers compared part by part."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\s]+", number)
    )


def context(reporting_round) -> dict:
    if not reporting_round.is_closed:
        raise RoundNotClosed(_("Die Berichtsrunde ist noch nicht abgeschlossen."))
    entries = list(
        RoundEntry.objects.filter(round=reporting_round).select_related(
            "action_field", "lead_actor"
        )
    )
    sections: dict[int, FieldSection] = {}
    for entry in sorted(
        entries, key=lambda e: (e.action_field.order, e.action_field.number, _number_key(e.number))
    ):
        entry.status_label = status_label(entry.status) if entry.status else "–"
        sections.setdefault(entry.action_field_id, FieldSection(entry.action_field)).entries.append(
            entry
        )
    outcomes = [e.outcome for e in entries]
    branding = current_branding(fresh=True)
    return {
        "round": reporting_round,
        "title": _("Sachstandsbericht zum %(date)s")
        % {"date": formatting.date(reporting_round.as_of)},
        "figures": {
            "asked": len(entries),
            "reported": outcomes.count(EntryOutcome.REPORTED),
            "unchanged": outcomes.count(EntryOutcome.UNCHANGED),
            "missing": outcomes.count(EntryOutcome.MISSING),
        },
        "statuses": [str(label) for label in MeasureStatus.labels],
        "sections": list(sections.values()),
        "municipality": branding.name,
        "coat_of_arms": branding.coat_of_arms_data_uri(),
        "BRANDING": branding,
    }


def render_html(reporting_round) -> str:
    with translation.override("de"):
        return render_to_string("council/pdf/status_report.html", context(reporting_round))


def render(paper) -> tuple[str, str, bytes]:
    """The Sachstandsbericht attached to ``paper`` (which must have one)."""
    reporting_round = paper.reporting_round
    return paper.status_report_filename, MIMETYPE, render_pdf(render_html(reporting_round))
