"""The SMART rules of the council notice, in one place.

Each letter is defined twice, side by side: as a Python check on one measure (for the
detail page and forms) and as a database condition (for filters and dashboard counts).
``measures/tests/test_smart.py`` proves the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _text_q(name: str) -> Q:
    return ~Q(**{name: ""}) & Q(**{f"{name}__isnull": False})


LETTERS = ("S", "M", "A", "R", "T")
LETTER_NAMES = {
    "S": "Spezifisch",
    "M": "Messbar",
    "A": "Aktivierend",
    "R": "Realistisch",
    "T": "Terminiert",
}


def _specific(m) -> list[str]:
    missing = []
    if not _filled(m.title):
        missing.append(_("Es fehlt ein Titel."))
    if not _filled(m.description):
        missing.append(_("Es fehlt eine Beschreibung, was genau getan wird."))
    if not _filled(m.target_group):
        missing.append(_("Es fehlt die Zielgruppe (für wen die Maßnahme gedacht ist)."))
    return missing


def _measurable(m) -> list[str]:
    missing = []
    if not _filled(m.indicator):
        missing.append(_("Es fehlt ein Indikator (was gemessen wird)."))
    if not _filled(m.indicator_unit):
        missing.append(_("Es fehlt die Einheit des Indikators."))
    if m.indicator_baseline is None:
        missing.append(_("Es fehlt der Ausgangswert des Indikators."))
    if m.indicator_target is None:
        missing.append(_("Es fehlt der Zielwert des Indikators."))
    return missing


def _assignable(m) -> list[str]:
    if m.lead_actor_id is None:
        return [_("Es ist kein federführender Akteur benannt.")]
    return []


def _realistic(m) -> list[str]:
    if m.no_extra_resources:
        return []
    missing = []
    if m.staff_hours_per_year is None and m.staff_fte is None:
        missing.append(
            _("Es fehlen die personellen Ressourcen (Stunden pro Jahr oder Stellenanteil).")
        )
    if m.budget_amount is None:
        missing.append(
            _(
                "Es fehlen die finanziellen Ressourcen (Betrag in €), "
                "oder die Angabe „keine zusätzlichen Ressourcen nötig“."
            )
        )
    return missing


def _timed(m) -> list[str]:
    if m.deadline is None:
        return [_("Es fehlt eine Frist (ein konkretes Datum).")]
    return []


CHECKS = {"S": _specific, "M": _measurable, "A": _assignable, "R": _realistic, "T": _timed}

CONDITIONS = {
    "S": _text_q("title") & _text_q("description") & _text_q("target_group"),
    "M": _text_q("indicator")
    & _text_q("indicator_unit")
    & Q(indicator_baseline__isnull=False, indicator_target__isnull=False),
    "A": Q(lead_actor__isnull=False),
    "R": Q(no_extra_resources=True)
    | (
        (Q(staff_hours_per_year__isnull=False) | Q(staff_fte__isnull=False))
        & Q(budget_amount__isnull=False)
    ),
    "T": Q(deadline__isnull=False),
}

SMART_Q = CONDITIONS["S"] & CONDITIONS["M"] & CONDITIONS["A"] & CONDITIONS["R"] & CONDITIONS["T"]


@dataclass(frozen=True)
class SmartResult:
    """Which letters a measure satisfies and, for each missing one, why."""

    missing: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_smart(self) -> bool:
        return not self.missing

    @property
    def satisfied(self) -> list[str]:
        return [letter for letter in LETTERS if letter not in self.missing]

    @property
    def letters(self) -> list[tuple[str, str, bool, list[str]]]:
        """(letter, German name, satisfied, reasons) for every letter, in order."""
        return [
            (letter, LETTER_NAMES[letter], letter not in self.missing, self.missing.get(letter, []))
            for letter in LETTERS
        ]

    @property
    def missing_letters(self) -> str:
        return "".join(letter for letter in LETTERS if letter in self.missing)

    @property
    def missing_names(self) -> str:
        """The missing letters spelled out: "Messbar, Terminiert"."""
        return ", ".join(LETTER_NAMES[letter] for letter in LETTERS if letter in self.missing)


def smart_check(measure) -> SmartResult:
    missing = {}
    for letter in LETTERS:
        reasons = CHECKS[letter](measure)
        if reasons:
            missing[letter] = reasons
    return SmartResult(missing=missing)
