"""The arithmetic of a weighted score, free of the database.

score = Σ(weight × level score) / Σ(weight × highest score) × 100, over the criteria that have a
score. A criterion rated "nicht bewertbar" (a level that counts as no score) or not rated at
all is left out of both sums: it never counts as zero. If the criteria with a score carry less
than ``MIN_SCORED_WEIGHT_SHARE`` of the total weight, the measure is "nicht ausreichend
bewertet": it gets no points and is not averaged in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_SCORED_WEIGHT_SHARE = Decimal("0.5")
# Fewer points than this need an explanation in the remarks, which the report shows (the
# default matrix's warning threshold, after Vorderland).
EXPLANATION_THRESHOLD = Decimal(30)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class WeightedScore:
    points: Decimal | None  # 0–100, None if not sufficiently scored
    scored_share: Decimal  # share of the total weight that has a score, 0–1

    @property
    def sufficient(self) -> bool:
        return self.points is not None


def round_points(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def weighted_score(ratings: Iterable[tuple[Decimal, int | None]], max_score: int) -> WeightedScore:
    """``ratings``: (weight, score or None for "no score") per criterion of the matrix."""
    ratings = list(ratings)
    total_weight = sum((Decimal(w) for w, _ in ratings), Decimal(0))
    scored = [(Decimal(w), s) for w, s in ratings if s is not None]
    scored_weight = sum((w for w, _ in scored), Decimal(0))
    if total_weight <= 0 or max_score <= 0:
        return WeightedScore(None, Decimal(0))
    share = scored_weight / total_weight
    if not scored or share < MIN_SCORED_WEIGHT_SHARE:
        return WeightedScore(None, share)
    achieved = sum((w * s for w, s in scored), Decimal(0))
    return WeightedScore(round_points(achieved / (scored_weight * max_score) * 100), share)


def average(values: Iterable[Decimal]) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return round_points(sum(values, Decimal(0)) / len(values))


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return round_points(current - previous)


def points_of(rated: Iterable[tuple[Decimal, object | None]], levels: Iterable) -> Decimal | None:
    """The points of one assessment: ``rated`` = (weight, chosen scale level or None) per
    criterion, ``levels`` = the matrix's scale levels."""
    max_score = max((level.score for level in levels if not level.no_score), default=0)
    ratings = [
        (weight, None if level is None or level.no_score else level.score)
        for weight, level in rated
    ]
    return weighted_score(ratings, max_score).points


def needs_explanation(points: Decimal | None) -> bool:
    return points is not None and points < EXPLANATION_THRESHOLD
