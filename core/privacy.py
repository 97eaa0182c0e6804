"""Data protection duties (DSGVO Art. 15 and 17, deletion periods) as a registry.

Personal data lives in every layer, but a lower app must not name a higher one. So core keeps
three small registries that each app fills in its ``AppConfig.ready()``:

- collectors (Art. 15): ``register_collector(key, title, func)``; ``func(person)`` returns a
  JSON-serialisable list or dict of what the app holds about ``person`` (empty when nothing);
- erasers (Art. 17): ``register_eraser(key, func)``; ``func(person, by)`` removes or
  anonymises the person's data in the app and returns how many rows it touched. The
  municipality's records (measures, status reports, their history) stay; they keep pointing
  at the account row, which concept turns into "gelöschte Person";
- retention rules: ``register_retention(RetentionRule(...))``; a rule finds the records past
  their deletion period (days from a setting, 0 = keep for ever) and deletes or anonymises
  them. ``privacy_cleanup`` runs every rule daily. A later app (e.g. personal reporting links)
  registers its own rule under ``RETENTION_PERSONAL_LINKS_DAYS`` without touching this file.

Core never names an app of the project; ``Person.user`` is whatever the account model is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Person:
    """Whom a request is about: an account, or only an e-mail address (no account)."""

    user: Any = None
    email: str = ""

    @property
    def addresses(self) -> list[str]:
        """The person's e-mail addresses, lower case, without blanks (for matching)."""
        found = {self.email.strip().lower()} if self.email else set()
        if self.user is not None and self.user.email:
            found.add(self.user.email.strip().lower())
        return sorted(a for a in found if a)


@dataclass(frozen=True)
class Collector:
    key: str
    title: str
    func: Callable[[Person], Any]


@dataclass(frozen=True)
class Eraser:
    key: str
    func: Callable[[Person, Any], int]
    order: int = 100  # lower runs first; the account itself is anonymised last


@dataclass(frozen=True)
class RetentionRule:
    """Records of one kind that are deleted or anonymised after ``setting`` days.

    ``expired(cutoff)`` returns a QuerySet of the records older than ``cutoff`` that still
    hold personal data (so a second run finds nothing); ``purge(queryset)`` deletes or
    anonymises them and returns how many records it handled (default: delete one by one, so
    tracked models write their history).
    """

    key: str
    label: str
    setting: str
    expired: Callable[[datetime.datetime], QuerySet]
    purge: Callable[[QuerySet], int] | None = None

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting, 0) or 0)


@dataclass
class RetentionResult:
    rule: RetentionRule
    days: int
    count: int
    kept: bool = field(default=False)  # days == 0: the period is switched off


_collectors: dict[str, Collector] = {}
_erasers: dict[str, Eraser] = {}
_rules: dict[str, RetentionRule] = {}


def register_collector(key: str, title: str, func: Callable[[Person], Any]) -> None:
    _collectors[key] = Collector(key, title, func)


def register_eraser(key: str, func: Callable[[Person, Any], int], *, order: int = 100) -> None:
    _erasers[key] = Eraser(key, func, order)


def register_retention(rule: RetentionRule) -> None:
    _rules[rule.key] = rule


def retention_rules() -> list[RetentionRule]:
    return list(_rules.values())


# Art. 15 -------------------------------------------------------------------------------------


def person_export(person: Person) -> dict:
    """Everything the registered apps hold about ``person``, as one JSON-ready dict."""
    sections = {}
    for collector in _collectors.values():
        data = collector.func(person)
        sections[collector.key] = {"titel": str(collector.title), "daten": data}
    return {
        "format": FORMAT_VERSION,
        "erstellt_am": timezone.now().isoformat(),
        "person": {
            "konto_id": getattr(person.user, "pk", None),
            "e_mail_adressen": person.addresses,
        },
        "bereiche": sections,
    }


README = """Auskunft nach Art. 15 DSGVO
==========================

Diese Datei enthält alle Daten, die die Anwendung „Integrationskonzept-Manager“ am
{date} zu Ihrer Person gespeichert hatte. Die Daten stehen in auskunft.json (Format JSON,
Zeichensatz UTF-8; lesbar mit jedem Texteditor). Sie sind nach Bereichen geordnet:

{sections}
Fragen zur Auskunft, Berichtigung oder Löschung richten Sie bitte an die Stelle, die Ihnen
diese Auskunft geschickt hat.
"""


def person_export_zip(data: dict) -> bytes:
    """The export as a ZIP: ``auskunft.json`` and a short German ``LIESMICH.txt``."""
    import io
    import json
    import zipfile

    lines = []
    for section in data["bereiche"].values():
        content = section["daten"]
        count = len(content) if isinstance(content, list) else (1 if content else 0)
        amount = {0: "keine", 1: "1 Eintrag"}.get(count, f"{count} Einträge")
        lines.append(f"- {section['titel']}: {amount}")
    stamp = data["erstellt_am"][:10]
    readme = README.format(
        date=".".join(reversed(stamp.split("-"))), sections="\n".join(lines) + "\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LIESMICH.txt", readme)
        archive.writestr("auskunft.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


# Art. 17 -------------------------------------------------------------------------------------


@transaction.atomic
def person_erase_data(person: Person, by) -> dict[str, int]:
    """Run every registered eraser (in their order); returns rows touched per eraser."""
    counts = {}
    for eraser in sorted(_erasers.values(), key=lambda e: (e.order, e.key)):
        counts[eraser.key] = eraser.func(person, by)
    return counts


# Deletion periods ----------------------------------------------------------------------------


def _delete_each(queryset: QuerySet) -> int:
    count = 0
    for obj in queryset.iterator():
        obj.delete()
        count += 1
    return count


def retention_run(*, now: datetime.datetime | None = None, dry_run: bool = False):
    """Apply every retention rule; returns one ``RetentionResult`` per rule."""
    now = now or timezone.now()
    results = []
    for rule in _rules.values():
        days = rule.days
        if days <= 0:
            results.append(RetentionResult(rule, days, 0, kept=True))
            continue
        cutoff = now - datetime.timedelta(days=days)
        with transaction.atomic():
            queryset = rule.expired(cutoff)
            count = queryset.count() if dry_run else (rule.purge or _delete_each)(queryset)
        results.append(RetentionResult(rule, days, count))
    return results


# Shared helpers for infrastructure tables ----------------------------------------------------


def finished_tasks(task_paths: list[str]):
    """Finished rows of the database task backend (django_tasks_db) for ``task_paths``.

    Mail tasks keep the recipient's address and the whole text in their arguments."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path__in=task_paths, status__in=["SUCCESSFUL", "FAILED"]
    )


def tasks_mentioning(addresses: list[str]):
    """Task rows whose arguments contain one of ``addresses`` (case-insensitive)."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    if not addresses:
        return DBTaskResult.objects.none()
    condition = Q()
    for address in addresses:
        condition |= Q(_arguments__icontains=address)
    return DBTaskResult.objects.annotate(_arguments=Cast("args_kwargs", TextField())).filter(
        condition
    )


# What core itself contributes: the history of every tracked model, and the task rows ---------

HISTORY_TYPES = {"+": "angelegt", "~": "geändert", "-": "gelöscht"}


def _historical_models():
    """Every history table of django-simple-history, whichever app it belongs to."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and hasattr(model, "history_user_id")
    ]


def collect_history(person: Person):
    """History entries the person made (they are the history's „geändert von“)."""
    if person.user is None:
        return []
    entries = []
    for model in _historical_models():
        pk_name = model.instance_type._meta.pk.attname
        for row in model.objects.filter(history_user_id=person.user.pk).order_by("history_date"):
            entries.append(
                {
                    "bereich": str(model.instance_type._meta.verbose_name),
                    "objekt_id": getattr(row, pk_name),
                    "zeit": row.history_date.isoformat(),
                    "art": HISTORY_TYPES.get(row.history_type, row.history_type),
                    "grund": row.history_change_reason or "",
                }
            )
    return entries


def collect_tasks(person: Person):
    """Background tasks (mostly mails) whose arguments name one of the person's addresses."""
    return [
        {
            "aufgabe": row.task_path,
            "status": row.status,
            "eingereiht_am": row.enqueued_at.isoformat(),
            "erledigt_am": row.finished_at.isoformat() if row.finished_at else None,
            "argumente": row.args_kwargs,
        }
        for row in tasks_mentioning(person.addresses).order_by("enqueued_at")
    ]


def erase_tasks(person: Person, by) -> int:
    """Task rows naming the person go, unless a worker is running them right now."""
    return tasks_mentioning(person.addresses).exclude(status="RUNNING").delete()[0]


def register_core() -> None:
    from django.utils.translation import gettext_lazy

    register_collector("historie", gettext_lazy("Änderungen in der Historie"), collect_history)
    register_collector("aufgaben", gettext_lazy("Hintergrundaufgaben (E-Mails)"), collect_tasks)
    register_eraser("aufgaben", erase_tasks)
