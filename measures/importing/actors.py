"""Import of actors (name, short name, kind, contact e-mail …) and of goals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from concept import services as concept_services
from concept.models import ActionField, Actor, ActorKind, Goal
from concept.naming import NameIndex, normalise

from .base import NEW, SKIP, UPDATE, Column, Importer, PlanRow, text

ACTOR_COLUMNS = (
    Column(
        "name",
        "Name",
        ("Akteur", "Organisation", "Einrichtung", "Akteur/in"),
        _lazy(
            "Pflicht; ein vorhandener Akteur wird auch über Kurzname oder anderen Namen gefunden"
        ),
        required=True,
    ),
    Column("short_name", "Kurzname", ("Kürzel", "Abkürzung", "Kurzbezeichnung")),
    Column(
        "kind",
        "Art",
        ("Typ", "Kategorie", "Art des Akteurs"),
        _lazy("z. B. Verein, Schule, Wohlfahrtsverband; leer: Sonstige"),
    ),
    Column("email", "E-Mail", ("Kontakt-E-Mail", "E-Mail-Adresse", "Mail", "Email")),
    Column(
        "contact_person",
        "Ansprechperson",
        ("Ansprechpartner", "Ansprechpartner*in", "Kontaktperson", "Kontakt"),
    ),
    Column("phone", "Telefon", ("Tel", "Tel.", "Telefonnummer")),
    Column("website", "Website", ("Internet", "Homepage", "Webseite")),
)
ACTOR_FIELDS = ("short_name", "kind", "email", "contact_person", "phone", "website")


def _kinds() -> dict[str, str]:
    found = {}
    for kind in ActorKind:
        found[normalise(kind.value)] = kind.value
        found[normalise(kind.label)] = kind.value
        for part in str(kind.label).split("/"):
            found.setdefault(normalise(part), kind.value)
    return found


def parse_kind(value) -> str:
    kind = _kinds().get(normalise(text(value)))
    if kind is None:
        raise ValueError(
            _("Diese Art gibt es nicht. Gültig: %s.") % ", ".join(f"„{k.label}“" for k in ActorKind)
        )
    return kind


class ActorImporter(Importer):
    kind = "actors"
    title = _lazy("Akteure")
    columns = ACTOR_COLUMNS

    def plan_rows(self, plan, table):
        index = Actor.objects.all().name_index()
        seen: dict[str, int] = {}
        new_index: NameIndex = NameIndex()
        for row in table.rows:
            entry = PlanRow(line=row.line)
            plan.rows.append(entry)
            values = row.values
            name = text(values.get("name"))
            if not name:
                entry.error(self.label("name"), "", _("Pflichtangabe fehlt."))
                continue
            match = index.resolve(name) or new_index.resolve(name)
            actor = match.target if match is not None else None
            key = normalise(name)
            if key in seen:
                entry.error(self.label("name"), name, _("Steht schon in Zeile %s.") % seen[key])
                continue
            seen[key] = row.line
            if actor is not None and actor.pk is None:
                entry.error(
                    self.label("name"),
                    name,
                    _("Steht schon in Zeile %s.") % seen.get(normalise(actor.name), "?"),
                )
                continue
            original = {f: getattr(actor, f) for f in ACTOR_FIELDS} if actor else None
            if actor is None:
                actor = Actor(name=name, kind=ActorKind.OTHER)
                new_index.add(name, actor)
            elif match.via != "name":
                entry.notes.append(
                    _("vorhanden als „%(actor)s“ (über %(via)s)")
                    % {"actor": actor.name, "via": match.via_label}
                )
            entry.obj, entry.kind, entry.label = actor, UPDATE if original else NEW, actor.name
            for column in ACTOR_FIELDS:
                if column not in table.columns:
                    continue
                raw = values.get(column)
                if column == "kind":
                    if not text(raw):
                        continue
                    try:
                        actor.kind = parse_kind(raw)
                    except ValueError as error:
                        entry.error(self.label(column), text(raw), str(error))
                else:
                    setattr(actor, column, text(raw))
            if actor.short_name:
                other = index.resolve(actor.short_name) or new_index.resolve(actor.short_name)
                if other is not None and other.target is not actor:
                    entry.error(
                        self.label("short_name"),
                        actor.short_name,
                        _("Steht schon für „%(actor)s“; Kurznamen sind eindeutig.")
                        % {"actor": other.target.name},
                    )
                elif actor.pk is None:
                    new_index.add(actor.short_name, actor, "short_name")
            try:
                actor.full_clean(exclude=["kind"] if entry.errors else None, validate_unique=False)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    label = (
                        str(Actor._meta.get_field(field).verbose_name) if field != "__all__" else ""
                    )
                    for message in messages:
                        entry.error(label, text(getattr(actor, field, "")), message)
            if original and not entry.errors:
                labels = {f: str(Actor._meta.get_field(f).verbose_name) for f in ACTOR_FIELDS}
                entry.changes = [
                    (labels[f], str(original[f] or "–"), str(getattr(actor, f) or "–"))
                    for f in ACTOR_FIELDS
                    if original[f] != getattr(actor, f)
                ]
                if not entry.changes:
                    entry.kind = SKIP

    def write(self, plan, *, user):
        for row in plan.rows:
            data = {f: getattr(row.obj, f) for f in ACTOR_FIELDS}
            if row.kind == NEW:
                concept_services.actor_create(user=user, name=row.obj.name, **data)
            elif row.kind == UPDATE:
                concept_services.actor_update(actor=row.obj, user=user, **data)


GOAL_COLUMNS = (
    Column(
        "action_field_number",
        "Handlungsfeld",
        ("HF", "Feld"),
        _lazy("Nummer (z. B. 3) oder Name des Handlungsfelds"),
        required=True,
    ),
    Column(
        "title",
        "Ziel",
        ("Titel", "Zielformulierung", "Handlungsziel"),
        _lazy("Pflicht"),
        required=True,
    ),
    Column("description", "Beschreibung", ("Erläuterung",)),
)


class GoalImporter(Importer):
    kind = "goals"
    title = _lazy("Ziele")
    columns = GOAL_COLUMNS

    def plan_rows(self, plan, table):
        from .measures import MeasureImporter, inactive_field_message

        fields = MeasureImporter()
        fields.fields = list(ActionField.objects.all())
        goals = {(g.action_field_id, normalise(g.title)): g for g in Goal.objects.all()}
        order: dict[int, int] = {}
        for goal in goals.values():
            order[goal.action_field_id] = max(order.get(goal.action_field_id, 0), goal.order)
        seen: dict[tuple, int] = {}
        for row in table.rows:
            entry = PlanRow(line=row.line)
            plan.rows.append(entry)
            field = fields.action_field(row.values.get("action_field_number"))
            raw_field = text(row.values.get("action_field_number"))
            title = text(row.values.get("title"))
            if field is None:
                valid = ", ".join(f"{f.number} ({f.name})" for f in fields.fields if f.is_active)
                entry.error(
                    self.label("action_field_number"),
                    raw_field,
                    _("Dieses Handlungsfeld gibt es nicht. Gültig: %s.") % valid
                    if raw_field
                    else _("Pflichtangabe fehlt."),
                )
            if not title:
                entry.error(self.label("title"), "", _("Pflichtangabe fehlt."))
            if entry.errors:
                continue
            key = (field.pk, normalise(title))
            if key in seen:
                entry.error(self.label("title"), title, _("Steht schon in Zeile %s.") % seen[key])
                continue
            seen[key] = row.line
            goal = goals.get(key)
            description = text(row.values.get("description"))
            entry.label = f"{field.number}: {title}"
            if goal is None and not field.is_active:
                entry.error(
                    self.label("action_field_number"),
                    raw_field,
                    inactive_field_message(field, fields.fields),
                )
                continue
            if goal is None:
                order[field.pk] = order.get(field.pk, 0) + 1
                entry.obj = Goal(
                    action_field=field, title=title, description=description, order=order[field.pk]
                )
                entry.kind = NEW
            else:
                entry.obj = goal
                entry.kind = SKIP
                if "description" in table.columns and description != goal.description:
                    entry.changes = [
                        (self.label("description"), goal.description or "–", description or "–")
                    ]
                    goal.description = description
                    entry.kind = UPDATE
            try:
                entry.obj.full_clean(exclude=["action_field"], validate_unique=False)
            except ValidationError as error:
                for message in error.messages:
                    entry.error(self.label("title"), title, message)

    def write(self, plan, *, user):
        for row in plan.rows:
            goal = row.obj
            if row.kind == NEW:
                concept_services.goal_create(
                    action_field=goal.action_field,
                    title=goal.title,
                    description=goal.description,
                    order=goal.order,
                    user=user,
                )
            elif row.kind == UPDATE:
                concept_services.goal_update(goal=goal, user=user, description=goal.description)
