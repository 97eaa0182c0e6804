"""Results of an evaluation cycle as plain data: ``cycle_results(cycle) -> CycleResults``.

Public API (also used by the council papers): only *final* assessments count. Points are
0–100 (see ``scoring.py``); averages are over the sufficiently scored measures; measures with
too few scored criteria are listed in ``insufficient``, those left open when the cycle was
closed (or not yet final in a running cycle) in ``not_assessed``. ``change`` fields compare with
``cycle.previous()`` (the latest cycle whose period ended before this one began) over matched
pairs only: a field's (and the overall) ``previous_average`` and ``change`` count just the
measures scored in both cycles (``compared``); measures scored only now (``new``) or only in the
previous cycle (``dropped``) are listed apart, so that averages over different sets of measures
are never compared.

The number of queries does not depend on the number of measures (about ten).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.urls import reverse

from concept.models import ActionField
from core import formatting

from .comparison import MeasureRef, Prior, compare
from .models import Assessment, AssessmentState, CriterionScore, EvaluationCycle, Recommendation
from .scoring import WeightedScore, average, change, needs_explanation, weighted_score


@dataclass(slots=True)
class MeasureResult:
    assessment_id: int
    measure_id: int
    number: str
    title: str
    url: str
    action_field_number: int
    lead_actor: str
    state: str
    points: Decimal | None
    scored_share: Decimal
    recommendation: str  # value of Recommendation, "" if none
    recommendation_label: str
    previous_points: Decimal | None = None
    change: Decimal | None = None
    cancelled: bool = False  # not scored (the default matrix's rule); reason: the remarks
    reason: str = ""


@dataclass
class FieldResult:
    number: int
    name: str
    average: Decimal | None
    scored: int  # measures averaged in
    insufficient: int
    not_assessed: int
    previous_average: Decimal | None
    change: Decimal | None
    cancelled: int = 0
    measures: list[MeasureResult] = field(default_factory=list)
    compared: int = 0  # measures scored in both cycles: the base of the change
    compared_average: Decimal | None = None  # this cycle's average over those
    new: list[MeasureRef] = field(default_factory=list)  # scored only in this cycle
    dropped: list[MeasureRef] = field(default_factory=list)  # scored only in the previous one


@dataclass
class RecommendationCount:
    value: str
    label: str
    count: int


@dataclass
class CycleResults:
    cycle_id: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    matrix: str
    closed: bool
    total: int
    final: int
    overall_average: Decimal | None
    previous_title: str | None
    previous_overall_average: Decimal | None
    overall_change: Decimal | None
    fields: list[FieldResult]
    recommendations: list[RecommendationCount]
    insufficient: list[MeasureResult]
    not_assessed: list[MeasureResult]
    cancelled: list[MeasureResult] = field(default_factory=list)
    below_threshold: list[MeasureResult] = field(default_factory=list)  # with explanation
    compared: int = 0
    compared_average: Decimal | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _final_scores(cycle: EvaluationCycle) -> dict[int, WeightedScore]:
    """{assessment id: weighted score} for the final assessments of ``cycle`` (3 queries).

    Assessments with the same levels on every criterion share one score: it is computed once.
    """
    criteria = {c.pk: c.weight for c in cycle.matrix.criteria.all()}
    levels = {level.pk: level for level in cycle.matrix.levels.all()}
    scoring = [level.score for level in levels.values() if not level.no_score]
    max_score = max(scoring, default=0)
    rows = (
        CriterionScore.objects.filter(
            assessment__cycle=cycle, assessment__state=AssessmentState.FINAL
        )
        .order_by()  # the model's ordering would join the criteria only to sort
        .values_list("assessment_id", "criterion_id", "level_id")
    )
    given: dict[int, dict[int, int | None]] = {}
    for assessment_id, criterion_id, level_id in rows:
        given.setdefault(assessment_id, {})[criterion_id] = level_id
    score_of = {pk: (None if level.no_score else level.score) for pk, level in levels.items()}
    by_levels: dict[tuple, WeightedScore] = {}
    result = {}
    for assessment_id, chosen in given.items():
        key = tuple(chosen.get(pk) for pk in criteria)
        score = by_levels.get(key)
        if score is None:
            ratings = [
                (weight, score_of.get(level_id))
                for weight, level_id in zip(criteria.values(), key, strict=True)
            ]
            score = by_levels[key] = weighted_score(ratings, max_score)
        result[assessment_id] = score
    return result


def _previous_points(previous: EvaluationCycle | None) -> dict[int, Prior]:
    """{measure id: action field, points, number and title} of the previous cycle's scored
    measures (4 queries)."""
    if previous is None:
        return {}
    scores = _final_scores(previous)
    rows = (
        previous.assessments.filter(state=AssessmentState.FINAL, measure_cancelled=False)
        .annotate(field_id=_FIELD)
        .order_by("measure__number")
        .values_list("pk", "measure_id", "field_id", "measure__number", "measure__title")
    )
    result = {}
    for pk, measure_id, field_id, number, title in rows:
        score = scores.get(pk)
        if score and score.sufficient:
            result[measure_id] = Prior(
                field_id, score.points, MeasureRef(measure_id, number, title)
            )
    return result


def _measure_url():
    """``url(measure id)`` of the measure detail page, reversing the route only once."""
    marker = 2147483647
    prefix, suffix = reverse("measures:detail", args=[marker]).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


# The action field an assessment counts in: the one recorded when it became final or the
# cycle closed (a measure moved later does not change closed results), else the measure's.
_FIELD = Coalesce("action_field_id", "measure__action_field_id")
_FIELD_NUMBER = Coalesce("action_field__number", "measure__action_field__number")

_ASSESSMENT_COLUMNS = (
    "pk",
    "state",
    "recommendation",
    "measure_id",
    "measure__number",
    "measure__title",
    "field_id",
    "measure__lead_actor__short_name",
    "measure__lead_actor__name",
    "measure_cancelled",
    "remarks",
)


def cycle_results(cycle: EvaluationCycle) -> CycleResults:
    cycle = EvaluationCycle.objects.select_related("matrix").get(pk=cycle.pk)
    scores = _final_scores(cycle)
    previous = cycle.previous()
    before = _previous_points(previous)
    labels = {value: str(label) for value, label in Recommendation.choices}
    fields = {
        f.pk: FieldResult(f.number, f.name, None, 0, 0, 0, None, None)
        for f in ActionField.objects.all()
    }
    # (measure id, reference, points) of the sufficiently scored measures per field
    scored_by_field: dict[int, list[tuple[int, MeasureRef, Decimal]]] = {pk: [] for pk in fields}
    insufficient, not_assessed, cancelled, below_threshold = [], [], [], []
    recommendations: Counter[str] = Counter()
    # plain values, not model instances: several thousand rows are read on every page view
    assessments = (
        cycle.assessments.annotate(field_id=_FIELD, field_number=_FIELD_NUMBER)
        .order_by("field_number", "measure__number")
        .values_list(*_ASSESSMENT_COLUMNS)
    )
    url = _measure_url()
    unscored = WeightedScore(None, Decimal(0))
    final = total = 0
    for row_values in assessments:
        pk, state, recommendation, measure_id, number, title, field_id, short, name = row_values[:9]
        was_cancelled, remarks = row_values[9:]
        total += 1
        score = scores.get(pk, unscored)
        is_final = state == AssessmentState.FINAL
        prior = before.get(measure_id)
        row = fields[field_id]
        result = MeasureResult(
            assessment_id=pk,
            measure_id=measure_id,
            number=number,
            title=title,
            url=url(measure_id),
            action_field_number=row.number,
            lead_actor=short or name or "",
            state=state,
            points=score.points,
            scored_share=score.scored_share,
            recommendation=recommendation if is_final else "",
            recommendation_label=labels.get(recommendation, "") if is_final else "",
            previous_points=prior.points if prior else None,
            change=change(score.points, prior.points) if prior else None,
        )
        row.measures.append(result)
        if not is_final:
            row.not_assessed += 1
            not_assessed.append(result)
            continue
        final += 1
        recommendations[recommendation] += 1
        if was_cancelled:
            result.cancelled, result.reason = True, remarks
            result.points = result.change = None
            row.cancelled += 1
            cancelled.append(result)
        elif score.sufficient:
            ref = MeasureRef(measure_id, number, title)
            scored_by_field[field_id].append((measure_id, ref, score.points))
            if needs_explanation(score.points):
                result.reason = remarks
                below_threshold.append(result)
        else:
            row.insufficient += 1
            insufficient.append(result)
    for pk, row in fields.items():
        row.scored = len(scored_by_field[pk])
        row.average = average(p for _, _, p in scored_by_field[pk])
    compared, compared_overall, previous_overall = compare(fields, scored_by_field, before)
    overall = average(p for scored in scored_by_field.values() for _, _, p in scored)
    return CycleResults(
        cycle_id=cycle.pk,
        title=cycle.title,
        period_start=cycle.period_start,
        period_end=cycle.period_end,
        matrix=str(cycle.matrix),
        closed=cycle.is_closed,
        total=total,
        final=final,
        overall_average=overall,
        previous_title=previous.title if previous else None,
        previous_overall_average=previous_overall,
        overall_change=change(compared_overall, previous_overall),
        fields=list(fields.values()),
        recommendations=[
            RecommendationCount(value, str(label), recommendations.get(value, 0))
            for value, label in Recommendation.choices
        ],
        insufficient=insufficient,
        not_assessed=not_assessed,
        cancelled=cancelled,
        below_threshold=below_threshold,
        compared=compared,
        compared_average=compared_overall,
    )


def cycle_progress(cycle: EvaluationCycle) -> dict:
    """Open/draft/final counts overall and per lead actor, in state order (1 query)."""
    states = list(AssessmentState)
    rows = (
        Assessment.objects.filter(cycle=cycle)
        .order_by()
        .values_list("measure__lead_actor__name", "state")
        .annotate(n=Count("pk"))
    )
    per_actor: dict[str, dict[str, int]] = {}
    for actor, state, n in rows:
        per_actor.setdefault(actor or "", {})[state] = n
    overall = {s.value: sum(c.get(s.value, 0) for c in per_actor.values()) for s in states}
    actors = sorted(per_actor.items(), key=lambda item: (item[0] == "", item[0].casefold()))
    return {
        "states": [str(s.label) for s in states],
        "overall": [overall[s.value] for s in states],
        "total": sum(overall.values()),
        "summary": [(str(s.label), overall[s.value]) for s in states],
        "per_actor": [
            (actor, [counts.get(s.value, 0) for s in states], sum(counts.values()))
            for actor, counts in actors
        ],
    }


def cycle_choices() -> list[tuple[int, str]]:
    """(id, title) of every cycle, newest first: for attaching a cycle to a concept edition."""
    return [(c.pk, str(c)) for c in EvaluationCycle.objects.order_by("-period_end", "-pk")]


def cycle_report(cycle_id: int) -> dict:
    """The results of a cycle as one plain table, frozen into editions of the concept.

    ``{"title", "columns", "rows"}``; rows are lists of strings, one per action field and a
    last row for the whole concept. Used by council (snapshot, council-paper attachment).
    """
    cycle = EvaluationCycle.objects.select_related("matrix").get(pk=cycle_id)
    results = cycle_results(cycle)
    columns = [
        "Handlungsfeld",
        "Ø Punkte (0–100)",
        "bewertete Maßnahmen",
        "nicht ausreichend bewertet",
        "nicht bewertet",
        (
            f"Ø {results.previous_title} (dieselben Maßnahmen)"
            if results.previous_title
            else "Ø vorheriger Zyklus (dieselben Maßnahmen)"
        ),
        "Veränderung (dieselben Maßnahmen)",
    ]
    rows = [
        [
            f"{f.number}. {f.name}",
            formatting.points(f.average),
            str(f.scored),
            str(f.insufficient),
            str(f.not_assessed),
            formatting.points(f.previous_average),
            formatting.signed(f.change),
        ]
        for f in results.fields
    ]
    rows.append(
        [
            "Gesamt",
            formatting.points(results.overall_average),
            str(sum(f.scored for f in results.fields)),
            str(len(results.insufficient)),
            str(len(results.not_assessed)),
            formatting.points(results.previous_overall_average),
            formatting.signed(results.overall_change),
        ]
    )
    return {
        "title": f"Evaluierungsergebnisse: {results.title} ({results.matrix})",
        "columns": columns,
        "rows": rows,
    }
