"""The public page is cached under a *published data version*: one cheap query that changes
whenever anything the page shows changes, so a status report shows at once.

Every model the page reads keeps its history (django-simple-history writes a row for each
save and delete), so the newest history row of each (its id, indexed, and its date) is the
version: measures, status reports, documents, action fields, actors, editions, council
papers and the publication settings. Reading it costs one query with a subquery per history
table, on the primary key and the indexed ``history_date``: constant, whatever the size. The
key also holds the day (overdue depends on it) and the language. Works across processes
(no in-process counter a second worker would not see).
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from concept.models import ActionField, Actor
from council.models import CouncilPaper, Revision
from measures.models import Measure, MeasureDocument, StatusUpdate
from participation.models import PublicationSettings

TRACKED = (
    Measure,
    StatusUpdate,
    MeasureDocument,
    ActionField,
    Actor,
    Revision,
    CouncilPaper,
    PublicationSettings,
)
TIMEOUT = 60 * 60  # an hour: the version key makes older entries unreachable at once


def _version_sql() -> str:
    # Names from the models' own metadata, never from input: no injection possible.
    quote = connection.ops.quote_name
    parts = []
    for model in TRACKED:
        table = quote(model.history.model._meta.db_table)
        parts.append(f"(SELECT MAX({quote('history_id')}) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX({quote('history_date')}) FROM {table})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def _as_datetime(value) -> datetime.datetime | None:
    """A ``history_date`` from raw SQL: a datetime (PostgreSQL) or a string (SQLite), UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is None:
            return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def data_state() -> tuple[str, datetime.datetime | None]:
    """The data version and the newest change of the published data (one query): for the
    cache key, and for ``ETag`` and ``Last-Modified`` of the open data and the API."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone()
    dates = [d for d in (_as_datetime(v) for v in row[1::2]) if d is not None]
    version = hashlib.sha256(repr(row).encode()).hexdigest()[:16]
    return version, max(dates, default=None)


def data_version() -> str:
    """A short hash of the newest history row of every model the page shows (one query)."""
    return data_state()[0]


def key(name: str, version: str) -> str:
    return f"public:{name}:{version}:{timezone.localdate().isoformat()}:{get_language()}"


def cached(name: str, build, version: str | None = None):
    """``build()`` once per data version (and day and language)."""
    entry = key(name, version or data_version())
    value = cache.get(entry)
    if value is None:
        value = build()
        cache.set(entry, value, TIMEOUT)
    return value
