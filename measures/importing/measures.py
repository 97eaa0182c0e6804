"""Import of measures: rows of a measure list, as a municipality keeps it, into a plan.

A row is the measure with its number, or (without a number) the one with the same title in
the same action field, or a new one with the next free number of its field. Actor and goal
names go through ``names.py``. Every value is checked with the model's own validation,
without saving; an error names row, column, value and what would be valid, and a row's
second error is never a consequence of its first (an unknown field does not also make the
goal "missing").
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from concept.models import ActionField
from concept.naming import normalise
from core.tabular import parse_date, parse_decimal

from .. import services
from ..models import Measure, MeasureStatus
from .base import NEW, SKIP, UPDATE, Importer, PlanRow, text
from .measure_columns import COLUMNS
from .names import ActorNames, GoalNames
from .values import measure_number, parse_progress, parse_status, split_names

TEXT = {
    "title": "title",
    "description": "description",
    "target_group": "target_group",
    "funding_source": "funding_source",
    "budget_years": "budget_years",
    "indicator": "indicator",
    "unit": "indicator_unit",
}
DECIMAL = {
    "staff_hours_per_year": "staff_hours_per_year",
    "staff_fte": "staff_fte",
    "budget_eur": "budget_amount",
    "baseline": "indicator_baseline",
    "target": "indicator_target",
    "current": "indicator_current",
}
DATE = {"start": "start_date", "deadline": "deadline"}
COMPARED = [
    "number",
    "title",
    "action_field",
    "goal",
    "description",
    "target_group",
    "lead_actor",
    "start_date",
    "deadline",
    "staff_hours_per_year",
    "staff_fte",
    "budget_amount",
    "funding_source",
    "budget_years",
    "indicator",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
    "indicator_current",
    "status",
    "progress",
]
FK = ("action_field", "goal", "lead_actor", "staff_actor")
NUMBER = re.compile(r"(\d+)\.(\d+)")


def _shown(value) -> str:
    """A value as the user wrote it in German (dates TT.MM.JJJJ, decimal comma)."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _field_label(name: str) -> str:
    return str(Measure._meta.get_field(name).verbose_name)


def inactive_field_message(field, fields) -> str:
    """A deactivated field takes nothing new (page "Handlungsfelder")."""
    active = ", ".join(f"{f.number} ({f.name})" for f in fields if f.is_active)
    return _(
        "Das Handlungsfeld „%(field)s“ ist deaktiviert und nimmt nichts Neues auf. "
        "Aktiv: %(active)s."
    ) % {"field": field.name, "active": active}


class MeasureImporter(Importer):
    kind = "measures"
    title = _lazy("Maßnahmen")
    columns = COLUMNS
    ignored = ("SMART",)  # our export's computed column
    conflicts = (services.MeasureConflict,)

    def plan_rows(self, plan, table):
        self.fields = list(ActionField.objects.all())
        self.actor_names = ActorNames(self.decisions)
        self.goal_names = GoalNames(self.decisions)
        measures = list(
            Measure.objects.select_related(
                "action_field", "goal", "lead_actor", "staff_actor"
            ).prefetch_related("partners")
        )
        self.by_number = {m.number: m for m in measures}
        self.by_title = {}
        for m in measures:
            self.by_title.setdefault((m.action_field_id, normalise(m.title)), m)
        self.next_number = self._highest(measures, table)
        seen: dict[str, int] = {}
        for row in table.rows:
            plan.rows.append(self._row(row, seen, has=table.columns))
        plan.actors = self.actor_names.finish()
        plan.goals = self.goal_names.finish()
        for row in plan.rows:
            self._finish(row)

    def _highest(self, measures, table) -> dict[int, int]:
        highest: dict[int, int] = {}
        numbers = [(m.action_field.number, m.number) for m in measures]
        numbers += [(None, measure_number(r.values.get("number"))[0]) for r in table.rows]
        for field_number, number in numbers:
            match = NUMBER.fullmatch(number or "")
            if match and (field_number is None or int(match[1]) == field_number):
                key = int(match[1])
                highest[key] = max(highest.get(key, 0), int(match[2]))
        return highest

    def action_field(self, raw):
        value = text(raw)
        if not value:
            return None
        for field in self.fields:
            if value in (str(field.number), f"{field.number}.") or normalise(value) in (
                normalise(field.name),
                normalise(str(field)),
                normalise(field.slug),
            ):
                return field
        return None

    def _row(self, row, seen, *, has) -> PlanRow:
        values = row.values
        entry = PlanRow(line=row.line)
        number, note = measure_number(values.get("number"))
        if note:
            entry.notes.append(note)
        title = text(values.get("title"))
        field = self.action_field(values.get("action_field_number"))
        raw_field = text(values.get("action_field_number"))
        if field is None:
            if raw_field:
                valid = ", ".join(f"{f.number} ({f.name})" for f in self.fields if f.is_active)
                entry.error(
                    self.label("action_field_number"),
                    raw_field,
                    _("Dieses Handlungsfeld gibt es nicht. Gültig: %s.") % valid,
                )
            else:
                entry.error(self.label("action_field_number"), "", _("Pflichtangabe fehlt."))
        if not title:
            entry.error(self.label("title"), "", _("Pflichtangabe fehlt."))
        measure = None
        if number:
            measure = self.by_number.get(number)
        elif field is not None and title:
            measure = self.by_title.get((field.pk, normalise(title)))
            if measure is not None:
                number = measure.number
        if number:
            if number in seen:
                entry.error(
                    self.label("number"),
                    number,
                    _("Die Nummer steht schon in Zeile %s; jede Maßnahme nur einmal.")
                    % seen[number],
                )
            seen.setdefault(number, row.line)
        elif field is not None:
            self.next_number[field.number] = self.next_number.get(field.number, 0) + 1
            number = f"{field.number}.{self.next_number[field.number]}"
            entry.notes.append(_("erhält die nächste freie Nummer %s") % number)
            seen[number] = row.line
        if (
            field is not None
            and not field.is_active
            and (measure is None or measure.action_field_id != field.pk)
        ):
            entry.error(
                self.label("action_field_number"),
                raw_field,
                inactive_field_message(field, self.fields),
            )
        entry.kind = UPDATE if measure is not None else NEW
        if measure is None:
            measure = Measure(status=MeasureStatus.PLANNED, progress=0)
        entry.extra["original"] = self._snapshot(measure) if measure.pk else None
        entry.extra["version"] = measure.version
        entry.obj = measure
        measure.number = number
        if field is not None:
            measure.action_field = field
        for column, attr in TEXT.items():
            if column in has:
                setattr(measure, attr, text(values.get(column)))
        for columns, parse in ((DECIMAL, parse_decimal), (DATE, parse_date)):
            for column, attr in columns.items():
                if column not in has:
                    continue
                try:
                    setattr(measure, attr, parse(values.get(column)))
                except ValueError as error:
                    entry.error(self.label(column), text(values.get(column)), str(error))
                    entry.extra.setdefault("bad", set()).add(attr)
        self._status(entry, measure, values, has)
        self._names(entry, measure, values, has, field)
        return entry

    def _status(self, entry, measure, values, has):
        status = measure.status
        if "status" in has and text(values.get("status")):
            try:
                status = parse_status(values.get("status"))
            except ValueError as error:
                entry.error(self.label("status"), text(values.get("status")), str(error))
                entry.extra.setdefault("bad", set()).update({"status", "progress"})
                return
            measure.status = status
        progress = None
        if "progress" in has and text(values.get("progress")):
            try:
                progress = parse_progress(values.get("progress"))
            except ValueError as error:
                entry.error(self.label("progress"), text(values.get("progress")), str(error))
                entry.extra.setdefault("bad", set()).add("progress")
                return
        if status == MeasureStatus.COMPLETED:
            if progress is None:
                if measure.progress != 100:
                    entry.notes.append(_("abgeschlossen ohne Fortschritt: 100 % angenommen"))
                progress = 100
            elif progress != 100:
                entry.error(
                    self.label("progress"),
                    text(values.get("progress")),
                    _(
                        "Passt nicht zu „abgeschlossen“: eine abgeschlossene Maßnahme hat 100 % "
                        "(oder Status „in Umsetzung“ angeben)."
                    ),
                )
                entry.extra.setdefault("bad", set()).add("progress")
                return
        if progress is not None:
            measure.progress = progress

    def _names(self, entry, measure, values, has, field):
        if "lead_actor" in has:
            name = text(values.get("lead_actor"))
            if name:
                lead = self.actor_names.use(name, entry.line, lead=True)
                entry.extra["lead"] = lead
            else:
                measure.lead_actor = None
        if "partners" in has:
            entry.extra["partners"] = [
                self.actor_names.use(name, entry.line, lead=False)
                for name in split_names(values.get("partners"), self.actor_names.index)
            ]
        if "goal" in has:
            title = text(values.get("goal"))
            if not title:
                measure.goal = None
            elif field is not None:  # without a known field the goal cannot be looked up
                entry.extra["goal"] = self.goal_names.use(title, entry.line, action_field=field)

    def _finish(self, entry: PlanRow) -> None:
        """With every name decided: set the actors and the goal, validate, compare."""
        measure = entry.obj
        if "lead" in entry.extra:
            measure.lead_actor = entry.extra["lead"].target
        if measure.pk is None and measure.staff_actor_id is None and measure.lead_actor:
            measure.staff_actor = measure.lead_actor
        if "partners" in entry.extra:
            lead = measure.lead_actor
            partners = []
            for name in entry.extra["partners"]:
                if name.omitted:
                    entry.notes.append(_("Partner „%s“ wird weggelassen") % name.text)
                elif (
                    name.target is not None
                    and name.target is not lead
                    and name.target not in partners
                ):
                    partners.append(name.target)
            entry.extra["partner_objects"] = partners
        if "goal" in entry.extra:
            measure.goal = entry.extra["goal"].target
        entry.label = f"{measure.number} {measure.title}".strip()
        self._validate(entry, measure)
        if entry.kind == UPDATE and not entry.errors:
            entry.changes = self._changes(entry)
            if not entry.changes:
                entry.kind = SKIP

    def _validate(self, entry, measure):
        """The model's own checks, without the database: foreign keys were looked up here,
        the number's uniqueness is checked against the file and the stored measures above.
        A check about a value that already has an error is not reported again."""
        bad = set(entry.extra.get("bad", ()))
        if bad & {"start_date", "deadline"}:
            bad |= {"start_date", "deadline"}
        if any(e.column == self.label("action_field_number") for e in entry.errors):
            bad.add("number")
        try:
            measure.full_clean(
                exclude=[*FK, *bad], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in bad:
                    continue
                for message in messages:
                    column = "" if name == "__all__" else _field_label(name)
                    value = "" if name == "__all__" else getattr(measure, name, "")
                    entry.error(column, _shown(value), message)

    def _snapshot(self, measure) -> dict:
        snap = {name: getattr(measure, name) for name in COMPARED}
        snap["partners"] = sorted(a.name for a in measure.partners.all())
        return snap

    def _changes(self, entry) -> list[tuple[str, str, str]]:
        from ..history import TRACKED, _format

        by_name = {f.name: f for f in TRACKED}
        measure, original = entry.obj, entry.extra["original"]
        found = []
        for name in COMPARED:
            old, new = original[name], getattr(measure, name)
            if name in FK:
                same = (old is None and new is None) or (
                    old is not None and new is not None and old.pk == new.pk and new.pk
                )
                shown = (str(old) if old else "–", str(new) if new else "–")
            else:
                same = old == new or (old in (None, "") and new in (None, ""))
                shown = (_format(old, by_name[name], {}), _format(new, by_name[name], {}))
            if not same:
                found.append((_field_label(name), *shown))
        if "partner_objects" in entry.extra:
            new_partners = sorted(a.name for a in entry.extra["partner_objects"])
            if new_partners != original["partners"]:
                found.append(
                    (
                        self.label("partners"),
                        ", ".join(original["partners"]) or "–",
                        ", ".join(new_partners) or "–",
                    )
                )
        return found

    # writing --------------------------------------------------------------------------------
    def write(self, plan, *, user):
        from .writing import save_names

        save_names(plan, user=user)
        reason = _("Import aus Datei")
        new, new_partners = [], []
        for row in plan.rows:
            if row.kind == NEW:
                new.append(row.obj)
                new_partners.append(row.extra.get("partner_objects") or [])
            elif row.kind == UPDATE:
                measure = row.obj
                values = {
                    f.name: getattr(measure, f.name)
                    for f in Measure._meta.concrete_fields
                    if f.editable and f.name not in ("id", "version")
                }
                services.measure_update(
                    measure=measure,
                    user=user,
                    values=values,
                    partners=row.extra.get("partner_objects"),
                    expected_version=row.extra["version"],
                    reason=reason,
                )
        services.measures_create_many(user=user, measures=new, partners=new_partners, reason=reason)
