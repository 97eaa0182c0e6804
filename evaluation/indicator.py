"""The proposed score of the indicator criterion (K1) from the attainment

    g = (Ist − Ausgangswert) / (Zielwert − Ausgangswert)

(``defaults.py``). Dividing by (Ziel − Ausgangswert) also covers indicators where a lower value
is better: both differences are negative then. "Ist" is the measure's newest series value
(``measures.Measurement``) at or before the end of the cycle's period, the cycle's reference
date. g is mapped onto the matrix's scale by the thresholds of the default matrix when the
scale is its 0–3 scale, otherwise linearly (g = 1 → the highest score). The assessor confirms
or overrides the proposal; an override needs a reason (``services.assessments``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core import formatting
from measures.models import Measurement

from .defaults import ATTAINMENT_THRESHOLDS
from .models import Criterion, EvaluationCycle, ScaleLevel

TWO_PLACES = Decimal("0.01")


def is_indicator_criterion(criterion: Criterion) -> bool:
    """The criterion scored by the indicator: its title names the indicator ("Zielerreichung
    laut Indikator", K1 of the default matrix)."""
    return "indikator" in criterion.title.casefold()


def attainment(baseline: Decimal, target: Decimal, value: Decimal) -> Decimal | None:
    """g, rounded to two places; ``None`` when target and baseline are equal."""
    if target == baseline:
        return None
    return ((value - baseline) / (target - baseline)).quantize(TWO_PLACES, ROUND_HALF_UP)


def _scored(levels) -> list[ScaleLevel]:
    return sorted((lv for lv in levels if not lv.no_score), key=lambda lv: lv.score)


def uses_thresholds(levels) -> bool:
    """The default scale (scores 0–3): the default matrix's thresholds apply."""
    return sorted(lv.score for lv in _scored(levels)) == [0, 1, 2, 3]


def level_for(g: Decimal, levels) -> ScaleLevel | None:
    """The scale level g earns: by the default thresholds (g ≥ 1,0 → 3; ≥ 0,67 → 2; ≥ 0,33 → 1;
    else 0) on the default scale, otherwise the highest level whose score is at most
    g × the highest score (g taken between 0 and 1)."""
    scored = _scored(levels)
    if not scored:
        return None
    by_score = {lv.score: lv for lv in scored}
    if uses_thresholds(levels):
        for threshold, score in ATTAINMENT_THRESHOLDS:
            if g >= threshold:
                return by_score[score]
        return by_score[0]
    reach = min(max(g, Decimal(0)), Decimal(1)) * scored[-1].score
    fitting = [lv for lv in scored if lv.score <= reach]
    return fitting[-1] if fitting else scored[0]


@dataclass(frozen=True)
class Proposal:
    """The proposed level with the formula and values it came from, or why there is none."""

    level: ScaleLevel | None = None
    g: Decimal | None = None
    formula: str = ""  # "g = (45 − 20) / (80 − 20) = 0,42 → 1 Punkt (teilweise erreicht)"
    source: str = ""  # which value was used: "Stand vom 31.12.2025"
    linear: bool = False  # mapped linearly (the matrix has no thresholds)
    missing: str = ""  # why there is no proposal

    @property
    def available(self) -> bool:
        return self.level is not None


def _plain(value: Decimal) -> str:
    value = value.normalize()
    return formatting.number(format(value, "f") if value != value.to_integral() else int(value))


def newest_value(measure, reference_date) -> Measurement | None:
    """The measure's newest series value at or before ``reference_date`` (one query)."""
    rows = Measurement.objects.filter(measure=measure)
    if reference_date is not None:
        rows = rows.filter(measured_on__lte=reference_date)
    return rows.order_by("-measured_on", "-created_at", "-pk").first()


def propose(*, measure, cycle: EvaluationCycle, levels) -> Proposal:
    """The proposal for the indicator criterion of ``measure`` in ``cycle``."""
    baseline, target = measure.indicator_baseline, measure.indicator_target
    if baseline is None or target is None:
        return Proposal(
            missing=_(
                "Kein Vorschlag: Für den Indikator der Maßnahme fehlt der Ausgangswert oder "
                "der Zielwert."
            )
        )
    if baseline == target:
        return Proposal(
            missing=_(
                "Kein Vorschlag: Ausgangswert und Zielwert sind gleich, der "
                "Zielerreichungsgrad lässt sich nicht berechnen."
            )
        )
    reference = cycle.period_end
    row = newest_value(measure, reference)
    if row is None:
        return Proposal(
            missing=_(
                "Kein Vorschlag: Bis zum Ende des Zeitraums (%(date)s) ist kein Indikatorwert "
                "erfasst."
            )
            % {"date": formatting.date(reference)}
        )
    g = attainment(baseline, target, row.value)
    level = level_for(g, levels)
    if level is None:
        return Proposal(
            missing=_("Kein Vorschlag: Die Skala der Matrix hat keine Stufe mit Punkten.")
        )
    points = _("1 Punkt") if level.score == 1 else _("%(n)d Punkte") % {"n": level.score}
    value, start, goal = _plain(row.value), _plain(baseline), _plain(target)
    shown_g = formatting.number(g, 2)
    formula = f"g = ({value} − {start}) / ({goal} − {start}) = {shown_g} → {points} ({level.label})"
    return Proposal(
        level=level,
        g=g,
        formula=formula,
        source=_("Indikatorwert vom %(date)s") % {"date": formatting.date(row.measured_on)},
        linear=not uses_thresholds(levels),
    )


def proposals_for(assessment, criteria, levels) -> dict[int, Proposal]:
    """{criterion id: proposal} for the indicator criteria of ``assessment``'s matrix (one
    query for the series value, none without an indicator criterion)."""
    indicator = [c for c in criteria if is_indicator_criterion(c)]
    if not indicator:
        return {}
    proposal = propose(measure=assessment.measure, cycle=assessment.cycle, levels=levels)
    return {c.pk: proposal for c in indicator}
