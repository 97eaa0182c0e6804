"""The shared frame of every import: columns, the plan (what would happen), names to choose.

An importer reads a table (``core/tabular.py``) into a :class:`Plan` *in memory*: it loads
what it needs to compare with once, resolves names and validates each row with the model's
own checks without saving anything. The preview shows the plan; the confirm step computes it
again from the stored file and the coordinator's choices, and :meth:`Importer.commit` writes it
in one transaction, all or nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import tabular
from core.tabular import TableError  # noqa: F401 – re-exported for the views and commands

from ..resources.export import FORMULA_START

NEW, UPDATE, SKIP = "new", "update", "skip"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the German name in messages and the documentation
    aliases: tuple[str, ...] = ()  # other header texts people use
    help: str = ""  # what the cell holds (upload page, documentation)
    required: bool = False


@dataclass
class Issue:
    column: str  # German column label ("" = the whole row)
    value: str  # the cell as written
    message: str  # what is wrong and what would be valid

    def __str__(self):
        where = f"{self.column} „{self.value}“: " if self.column and self.value else ""
        if self.column and not self.value:
            where = f"{self.column}: "
        return where + self.message


@dataclass
class PlanRow:
    line: int
    kind: str = NEW  # NEW, UPDATE or SKIP
    label: str = ""
    errors: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import decided for this row
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    obj: object = None  # the unsaved or changed object
    extra: dict = field(default_factory=dict)  # per importer (partners, version …)

    def error(self, column: str, value, message: str) -> None:
        self.errors.append(Issue(column, "" if value is None else str(value), message))


@dataclass
class NameEntry:
    """A name in the file that stands for an actor or a goal (listed once in the preview)."""

    key: str  # form key (stable for the same name)
    text: str  # as written first
    lines: list[int] = field(default_factory=list)
    partner_only: bool = True  # actors: never named as lead (may be left out)
    context: object = None  # goals: the action field
    found: object = None  # existing object
    via: str = ""  # "Name", "Kurzname", "Alias"
    suggestions: list = field(default_factory=list)
    choice: dict = field(default_factory=dict)  # from the form: choice, name, kind, email, target
    target: object = None  # what rows use: found, mapped or a new (unsaved) object
    omitted: bool = False
    problem: str = ""  # the choice cannot be carried out

    @property
    def missing(self) -> bool:
        return self.found is None

    @property
    def decided(self) -> bool:
        return self.found is not None or self.target is not None or self.omitted


def name_key(prefix: str, *parts) -> str:
    text = "\x1f".join(str(p) for p in parts)
    return f"{prefix}{hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]}"


@dataclass
class Plan:
    kind: str
    rows: list[PlanRow] = field(default_factory=list)
    actors: list[NameEntry] = field(default_factory=list)
    goals: list[NameEntry] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_line: int = 1
    warnings: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.rows)

    @property
    def open_names(self) -> list[NameEntry]:
        return [e for e in [*self.actors, *self.goals] if not e.decided or e.problem]

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and not self.open_names

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind and not r.errors)

    @property
    def new_count(self) -> int:
        return self.count(NEW)

    @property
    def update_count(self) -> int:
        return self.count(UPDATE)

    @property
    def skip_count(self) -> int:
        return self.count(SKIP)

    @property
    def invalid_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def missing_actors(self) -> list[NameEntry]:
        return [e for e in self.actors if e.missing]

    @property
    def missing_goals(self) -> list[NameEntry]:
        return [e for e in self.goals if e.missing]

    def summary(self) -> str:
        return _("%(new)d neu, %(changed)d geändert, %(same)d unverändert") % {
            "new": self.new_count,
            "changed": self.update_count,
            "same": self.skip_count,
        }

    def error_lines(self) -> list[str]:
        """Every problem as one German line (management commands)."""
        lines = []
        for entry in self.open_names:
            what = _("Ziel") if entry in self.goals else _("Akteur")
            lines.append(
                entry.problem
                or _("%(what)s „%(name)s“ (Zeile %(lines)s) gibt es nicht.")
                % {"what": what, "name": entry.text, "lines": _lines(entry.lines)}
            )
        for row in self.rows:
            lines.extend(
                _("Zeile %(line)s, %(issue)s") % {"line": row.line, "issue": e} for e in row.errors
            )
        return lines


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return shown + (" …" if len(lines) > 5 else "")


class CommitError(Exception):
    """The plan could not be written (someone changed the data meanwhile); nothing was."""


class Importer:
    """One kind of import. Subclasses set ``kind``, ``title``, ``columns`` and implement
    ``plan_rows`` and ``write``."""

    kind = ""
    title = ""
    columns: tuple[Column, ...] = ()
    ignored: tuple[str, ...] = ()  # headers known but not read (computed columns of our export)
    conflicts: tuple[type[Exception], ...] = ()  # the data changed since the plan was made

    def __init__(self, *, decisions: dict | None = None):
        self.decisions = decisions or {}

    # reading --------------------------------------------------------------------------------
    @classmethod
    def aliases(cls) -> dict[str, str]:
        found = {}
        for column in cls.columns:
            for text in (column.key, column.label, *column.aliases):
                found[text] = column.key
        return found

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {c.key: c.label for c in cls.columns}

    @classmethod
    def label(cls, key: str) -> str:
        return cls.labels().get(key, key)

    def read(self, data: bytes, filename: str) -> tabular.Table:
        return tabular.read_table(
            data,
            filename,
            aliases=self.aliases(),
            required=tuple(c.key for c in self.columns if c.required),
            labels=self.labels(),
            max_rows=settings.IMPORT_MAX_ROWS,
            max_bytes=settings.IMPORT_MAX_BYTES,
        )

    def plan(self, table: tabular.Table) -> Plan:
        ignored = {tabular.header_key(h) for h in self.ignored}
        plan = Plan(
            kind=self.kind,
            header_line=table.header_line,
            unknown_columns=[h for h in table.unknown if tabular.header_key(h) not in ignored],
            ignored_columns=[h for h in table.unknown if tabular.header_key(h) in ignored],
        )
        self.plan_rows(plan, table)
        self._refuse_invisible_characters(plan, table)
        return plan

    def _refuse_invisible_characters(self, plan: Plan, table: tabular.Table) -> None:
        """A text cell with an invisible format character (right-to-left override,
        zero-width space …) is a row error, as in every form (core/text.py): the visible
        text of an official paper must be the stored one."""
        from core.text import invisible_error

        entries = {entry.line: entry for entry in plan.rows}
        for row in table.rows:
            entry = entries.get(row.line)
            if entry is None:
                continue
            for key, value in row.values.items():
                if isinstance(value, str) and (message := invisible_error(value)):
                    entry.error(self.label(key), value, message)

    def plan_rows(self, plan: Plan, table: tabular.Table) -> None:
        raise NotImplementedError

    # writing --------------------------------------------------------------------------------
    def commit(self, plan: Plan, *, user) -> None:
        """Write ``plan`` (valid) in one transaction; ``CommitError`` and nothing written when
        the database refuses."""
        from django.db import IntegrityError, transaction

        if not plan.is_valid:
            raise CommitError(_("Die Datei enthält Fehler; es wurde nichts importiert."))
        try:
            with transaction.atomic():
                self.write(plan, user=user)
        except (IntegrityError, ValidationError, *self.conflicts) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommitError(
                _(
                    "Während der Vorschau wurden die Daten geändert; es wurde nichts "
                    "importiert. Bitte sehen Sie sich die Vorschau erneut an. (%(detail)s)"
                )
                % {"detail": "; ".join(messages)}
            ) from error

    def write(self, plan: Plan, *, user) -> None:
        raise NotImplementedError


def text(value) -> str:
    """A cell as text; our export's apostrophe against formulas is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    if result[:1] == "'" and result[1:].startswith(FORMULA_START):
        return result[1:]
    return result
