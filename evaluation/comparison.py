"""The comparison with the previous cycle over matched pairs: only measures scored in both
cycles are compared; those scored in only one of them are listed apart (``results``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .scoring import average, change


@dataclass(slots=True)
class MeasureRef:
    """A measure outside the matched comparison: number and title."""

    measure_id: int
    number: str
    title: str


@dataclass(slots=True)
class Prior:
    field_id: int
    points: Decimal
    ref: MeasureRef


def compare(fields: dict, scored_by_field: dict, before: dict[int, Prior]):
    """The matched comparison with the previous cycle, written into ``fields``; returns
    (compared, this cycle's average, previous average) over all matched pairs."""
    now_ids = set()
    pairs_all = []
    for field_id, row in fields.items():
        pairs = []
        for measure_id, ref, points in scored_by_field[field_id]:
            now_ids.add(measure_id)
            prior = before.get(measure_id)
            if prior is None:
                row.new.append(ref)
            else:
                pairs.append((points, prior.points))
        row.compared = len(pairs)
        row.compared_average = average(p for p, _ in pairs)
        row.previous_average = average(q for _, q in pairs)
        row.change = change(row.compared_average, row.previous_average)
        pairs_all += pairs
    for measure_id, prior in before.items():
        if measure_id not in now_ids and prior.field_id in fields:
            fields[prior.field_id].dropped.append(prior.ref)
    return (
        len(pairs_all),
        average(p for p, _ in pairs_all),
        average(q for _, q in pairs_all),
    )
