"""Writes of the page "Gemeinde & Darstellung": the municipality profile and the action fields."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ActionField, MunicipalityProfile, User

PROFILE_FIELDS = (
    "name",
    "short_name",
    "concept_title",
    "coordination_office",
    "coat_of_arms",
    "primary_color",
    "secondary_color",
    "paper_number_format",
    "municipality_url",
    "imprint_url",
    "privacy_url",
)

# What pins an action field's number, registered by the apps above (measures: a measure's
# number starts with its field's). Each gets the field and returns a German reason or "".
ACTION_FIELD_NUMBER_PINS: list[Callable[[ActionField], str]] = []
ACTION_FIELD_FIELDS = ("number", "name", "short_description", "guiding_goal", "order")


@transaction.atomic
def municipality_profile_update(*, user: User, **data) -> MunicipalityProfile:
    """Save the profile (created on first save); ``coat_of_arms=False`` removes the arms."""
    profile = MunicipalityProfile.objects.select_for_update().filter(pk=1).first()
    profile = profile or MunicipalityProfile(pk=1)
    for key, value in data.items():
        if key in PROFILE_FIELDS:
            if key == "coat_of_arms" and value is None:
                continue  # nothing uploaded: keep the one there is
            setattr(profile, key, value or "")
    profile.full_clean()
    profile._history_user = user
    profile.save()
    return profile


def _unique_slug(name: str, exclude_pk: int | None) -> str:
    base = slugify(name)[:45] or "handlungsfeld"
    slug, n = base, 1
    while ActionField.objects.exclude(pk=exclude_pk).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def action_field_create(*, user: User, **data) -> ActionField:
    field = ActionField(**{k: v for k, v in data.items() if k in ACTION_FIELD_FIELDS})
    if field.order is None:
        field.order = field.number or 0
    field.slug = _unique_slug(field.name, None)
    field.full_clean()
    field._history_user = user
    field.save()
    return field


@transaction.atomic
def action_field_update(*, field: ActionField, user: User, **data) -> ActionField:
    """Rename, renumber or reorder a field. Its number stays while something is numbered
    after it (a measure 3.2 stays in field 3): the reason is the ValidationError."""
    stored = ActionField.objects.select_for_update().get(pk=field.pk)
    for key in ACTION_FIELD_FIELDS:
        if key in data:
            setattr(field, key, data[key])
    if field.order is None:
        field.order = field.number or 0
    if field.number != stored.number:
        reasons = [reason for pin in ACTION_FIELD_NUMBER_PINS if (reason := pin(stored))]
        if reasons:
            raise ValidationError(
                {
                    "number": _(
                        "Die Nummer %(number)s bleibt: %(reasons)s Nummern von Maßnahmen "
                        "ändern sich nie, weil Berichte und Ratsbeschlüsse sie zitieren."
                    )
                    % {"number": stored.number, "reasons": " ".join(reasons)}
                }
            )
    if field.name != stored.name:
        field.slug = _unique_slug(field.name, field.pk)
    field.full_clean()
    field._history_user = user
    field.save()
    return field


@transaction.atomic
def action_field_set_active(*, field: ActionField, user: User, active: bool) -> ActionField:
    """Deactivate (or again activate) a field; its goals and measures stay as they are."""
    field.is_active = active
    field._history_user = user
    field.save()
    return field


@transaction.atomic
def action_field_delete(*, field: ActionField, user: User) -> None:
    """Delete a field nothing refers to; otherwise the ValidationError says to deactivate it."""
    field._history_user = user
    try:
        with transaction.atomic():
            field.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Das Handlungsfeld „%(name)s“ hat noch Ziele, Maßnahmen oder Antworten "
                "(%(count)d Einträge) und bleibt deshalb erhalten. Es lässt sich deaktivieren."
            )
            % {"name": field.name, "count": len(error.protected_objects)}
        ) from error
