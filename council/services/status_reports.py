"""The Sachstandsbericht of a paper's closed reporting round, rendered once and kept.

A closed round does not change (its values are frozen), so its PDF is the same every time:
it is rendered on the first download and then served from the cache, keyed by the round and
the moment it closed (a round closed again gets a new key).
"""

from __future__ import annotations

from django.core.cache import cache

from ..models import CouncilPaper
from ..renderers import status_report

KEEP_SECONDS = 7 * 24 * 3600


def status_report_pdf(*, paper: CouncilPaper) -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of the paper's Sachstandsbericht; the paper must have one
    (``paper.has_status_report``), else ``status_report.RoundNotClosed``."""
    reporting_round = paper.reporting_round
    if not paper.has_status_report:
        raise status_report.RoundNotClosed(reporting_round)
    key = f"council:status-report:{reporting_round.pk}:{reporting_round.closed_at.timestamp()}"
    data = cache.get(key)
    if data is None:
        _filename, _mimetype, data = status_report.render(paper)
        cache.set(key, data, KEEP_SECONDS)
    return paper.status_report_filename, status_report.MIMETYPE, data
