"""Excel/CSV import of measures (django-import-export).

The columns of ``measures/demo_data/measures.csv`` (see docs/koordination/import.md). A row is
matched to an existing measure by ``number`` if given, else by action field and title; new
measures get the next free number in their field. Every row is validated;
``measures/imports.py`` imports only when no row has an error (all-or-nothing, in one
transaction).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources, widgets

from concept.models import ActionField, Actor, Goal
from core.text import invisible_error

from .. import services
from ..models import Measure, MeasureStatus
from .columns import (
    DATE_COLUMNS,
    DECIMAL_COLUMNS,
    IMPORT_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
)
from .export import FORMULA_START

# Foreign keys the resource resolves from lists it read once (or keeps from the stored measure).
LOOKED_UP = ("action_field", "goal", "lead_actor", "staff_actor")
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


class GermanDecimalWidget(widgets.Widget):
    """``12.500,00``, ``12.500``, ``12500,00`` and ``12500.00`` all mean 12500."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = str(value).strip().replace("€", "").replace(" ", "")
        if "," in text or THOUSANDS.fullmatch(text):
            # German: "." groups thousands ("12.500" is twelve thousand five hundred, as in
            # the measure form), "," is the decimal point
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("„%s“ ist keine Zahl (z. B. 12.500,00).") % value) from None


class GermanDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for fmt in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(_("„%s“ ist kein Datum im Format TT.MM.JJJJ.") % value)


def _actor_index() -> dict[str, Actor]:
    """Actors by name and short name (lower case), plus the names of the demo file."""
    index: dict[str, Actor] = {}
    actors = list(Actor.objects.all())
    for actor in actors:
        for key in (actor.name, actor.short_name):
            if key:
                index.setdefault(key.casefold(), actor)
    from concept.demo import ACTORS

    from ..demo import ACTOR_KEYS  # the sample file's names for the demo actors

    demo_names = {key: name for key, name, *_rest in ACTORS}
    by_name = {a.name: a for a in actors}
    for alias, key in ACTOR_KEYS.items():
        actor = by_name.get(demo_names.get(key, ""))
        if actor:
            index.setdefault(alias.casefold(), actor)
    return index


STATUS_BY_TEXT = {}
for _status in MeasureStatus:
    STATUS_BY_TEXT[str(_status.label).casefold()] = _status.value
    STATUS_BY_TEXT[_status.value] = _status.value


def _text(value) -> str:
    text = "" if value is None else str(value).strip()
    if text[:1] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]  # our export's guard against formulas (export.neutralise_formula)
    return text


class MeasureImportResource(resources.ModelResource):
    """Reads rows of the import format into measures; see the module docstring."""

    def __init__(self, *, user=None):
        super().__init__()
        self.user = user
        self.fields_by_id = {f.number: f for f in ActionField.objects.all()}
        self.fields_by_name = {f.name.casefold(): f for f in self.fields_by_id.values()}
        self.goals = {(g.action_field_id, g.title.casefold()): g for g in Goal.objects.all()}
        self.actors = _actor_index()
        self.next_number: dict[int, int] = {}
        self.seen_numbers: set[str] = set()

    class Meta:
        model = Measure
        fields: tuple = ()
        skip_diff = True
        store_instance = True
        use_transactions = True
        clean_model_instances = True

    # --- reading one row -------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """The measures the file may name, with their partners, in two queries for the whole
        file (not two per row)."""
        self.by_number: dict[str, Measure] = {}
        self.by_title: dict[tuple[int, str], Measure] = {}
        for measure in Measure.objects.prefetch_related("partners"):
            self._remember(measure)

    def _remember(self, measure: Measure) -> None:
        self.by_number[measure.number] = measure
        self.by_title.setdefault((measure.action_field_id, measure.title), measure)

    def get_or_init_instance(self, instance_loader, row):
        number = _text(row.get("number"))
        field = self._action_field(row)
        instance = None
        if number:
            instance = self.by_number.get(number)
        elif field is not None and _text(row.get("title")):
            instance = self.by_title.get((field.pk, _text(row.get("title"))))
        if instance is not None:
            return instance, False
        return Measure(), True

    def _action_field(self, row):
        """By number (``3``) or by name (``Bildung``, as the export writes it)."""
        raw = _text(row.get("action_field_number"))
        try:
            return self.fields_by_id.get(int(float(raw)))
        except (ValueError, OverflowError):  # "Bildung", "inf"
            return self.fields_by_name.get(raw.casefold())

    def _actor(self, name: str, errors: dict, attr: str):
        actor = self.actors.get(name.casefold())
        if actor is None:
            errors.setdefault(attr, []).append(_("Akteur „%s“ gibt es nicht.") % name)
        return actor

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        self._partners = []
        original = {name: self._value(instance, name) for name in self._compared()}
        original["partners"] = (
            sorted(a.name for a in instance.partners.all()) if instance.pk else []
        )
        self._original = original
        for column in REQUIRED_COLUMNS:
            if not _text(row.get(column)):
                errors.setdefault(IMPORT_COLUMNS[column][0], []).append(_("Pflichtangabe fehlt."))
        field = self._action_field(row)
        if field is None and _text(row.get("action_field_number")):
            errors.setdefault("action_field", []).append(
                _("Handlungsfeld „%s“ gibt es nicht (Nummer 1 bis 7 oder Name).")
                % row.get("action_field_number")
            )
        if field is not None:
            instance.action_field = field
        number = _text(row.get("number"))
        if number:
            instance.number = number
        for column in TEXT_COLUMNS:
            if column in row:
                setattr(instance, IMPORT_COLUMNS[column][0], _text(row.get(column)))
                if message := invisible_error(_text(row.get(column))):
                    errors.setdefault(IMPORT_COLUMNS[column][0], []).append(message)
        for column, widget in [(c, GermanDecimalWidget()) for c in DECIMAL_COLUMNS] + [
            (c, GermanDateWidget()) for c in DATE_COLUMNS
        ]:
            if column not in row:
                continue
            try:
                setattr(instance, IMPORT_COLUMNS[column][0], widget.clean(row.get(column)))
            except ValueError as error:
                errors.setdefault(IMPORT_COLUMNS[column][0], []).append(str(error))
        if "status" in row and _text(row.get("status")):
            status = STATUS_BY_TEXT.get(_text(row.get("status")).casefold())
            if status is None:
                errors.setdefault("status", []).append(
                    _("Status „%s“ gibt es nicht.") % row.get("status")
                )
            else:
                instance.status = status
        goal_title = _text(row.get("goal"))
        if goal_title and field is not None:
            goal = self.goals.get((field.pk, goal_title.casefold()))
            if goal is None:
                errors.setdefault("goal", []).append(
                    _("Ziel „%s“ gibt es in diesem Handlungsfeld nicht.") % goal_title
                )
            instance.goal = goal
        elif "goal" in row:
            instance.goal = None
        if "lead_actor" in row:  # no column: the lead actor stays
            lead = _text(row.get("lead_actor"))
            instance.lead_actor = self._actor(lead, errors, "lead_actor") if lead else None
        if "staff_hours_per_year" in row and instance.staff_actor_id is None:
            instance.staff_actor = instance.lead_actor
        if "partners" not in row:
            self._partners = None  # no column: leave the partners as they are
        for name in [p.strip() for p in _text(row.get("partners")).split(";") if p.strip()]:
            actor = self._actor(name, errors, "partners")
            if actor and actor != instance.lead_actor and actor not in self._partners:
                self._partners.append(actor)
        if not instance.number and field is not None:
            instance.number = self._next_number(field)
        if instance.number in self.seen_numbers:
            errors.setdefault("number", []).append(
                _("Die Nummer %s kommt in der Datei mehrfach vor.") % instance.number
            )
        self.seen_numbers.add(instance.number)
        if errors:
            raise ValidationError(errors)

    def _next_number(self, field) -> str:
        if field.pk not in self.next_number:
            highest = Measure.objects.filter(action_field=field).highest_numbers()
            self.next_number[field.pk] = highest.get(field.number, 0)
        self.next_number[field.pk] += 1
        return f"{field.number}.{self.next_number[field.pk]}"

    @staticmethod
    def _compared():
        return [IMPORT_COLUMNS[c][0] for c in IMPORT_COLUMNS if c != "partners"]

    @staticmethod
    def _value(instance, name):
        """Comparable value: the related pk for foreign keys (safe on unsaved rows)."""
        return getattr(instance, Measure._meta.get_field(name).attname)

    def _fk_name(self, name, pk) -> str:
        if pk is None:
            return "–"
        if name == "action_field":
            objects = self.fields_by_id.values()
        elif name == "goal":
            objects = self.goals.values()
        else:
            objects = self.actors.values()
        return next((str(o) for o in objects if o.pk == pk), str(pk))

    def changes(self, instance) -> list[tuple[str, str, str]]:
        """(German field, old, new) for every imported field that differs."""
        from ..history import FOREIGN_KEYS, TRACKED, _format

        by_name = {f.name: f for f in TRACKED}
        labels = dict(IMPORT_COLUMNS.values())
        found = []
        for name in self._compared():
            old, new = self._original[name], self._value(instance, name)
            if old != new and not (old in (None, "") and new in (None, "")):
                if name in FOREIGN_KEYS:
                    shown = (self._fk_name(name, old), self._fk_name(name, new))
                else:
                    shown = (_format(old, by_name[name], {}), _format(new, by_name[name], {}))
                found.append((labels[name], *shown))
        new_partners = sorted(a.name for a in self._partners or [])
        if self._partners is not None and new_partners != self._original["partners"]:
            found.append(
                (
                    labels["partners"],
                    ", ".join(self._original["partners"]) or "–",
                    ", ".join(new_partners) or "–",
                )
            )
        return found

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The row's own errors plus the measure's validation, without a query for the foreign
        keys this resource has just looked up itself (field, goal, actors)."""
        errors = dict(import_validation_errors or {})
        try:
            services.measure_validate(instance, exclude=[*errors, *LOOKED_UP])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._changes = [] if import_validation_errors else self.changes(instance)
        return bool(instance.pk) and not self._changes and not import_validation_errors

    # --- writing ----------------------------------------------------------
    def save_instance(self, instance, is_create, row, **kwargs):
        values = {  # foreign keys by id: no query for a related object the row did not touch
            f.attname: getattr(instance, f.attname)
            for f in Measure._meta.concrete_fields
            if f.editable and f.name not in ("id", "version")
        }
        reason = _("Import aus Datei")
        if is_create:
            saved = services.measure_create(
                user=self.user, values=values, partners=self._partners or (), reason=reason
            )
            instance.pk = saved.pk
            self._remember(saved)  # a later row with the same title changes this one
        else:
            services.measure_update(
                measure=instance,
                user=self.user,
                values=values,
                partners=self._partners,
                reason=reason,
            )

    def save_m2m(self, instance, row, **kwargs):
        """Partners are saved by the services in ``save_instance``."""

    def after_import_row(self, row, row_result, **kwargs):
        row_result.changes = getattr(self, "_changes", [])
