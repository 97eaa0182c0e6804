"""The choices of the preview, written first in the import's transaction: new actors, the
aliases of names mapped to existing actors, new goals."""

from __future__ import annotations

from concept import services as concept_services
from concept.models import Actor, Goal


def save_names(plan, *, user) -> None:
    for entry in plan.actors:
        if entry.found is not None or entry.target is None:
            continue
        if isinstance(entry.target, Actor) and entry.target.pk is None:
            created = concept_services.actor_create(
                user=user,
                name=entry.target.name,
                kind=entry.target.kind,
                email=entry.target.email,
            )
            _adopt(entry.target, created)
        else:  # mapped: remembered as another name for the next import
            concept_services.actor_alias_add(actor=entry.target, alias=entry.text, user=user)
    for entry in plan.goals:
        if entry.found is None and isinstance(entry.target, Goal) and entry.target.pk is None:
            created = concept_services.goal_create(
                action_field=entry.target.action_field,
                title=entry.target.title,
                order=entry.target.order,
                user=user,
            )
            _adopt(entry.target, created)


def _adopt(placeholder, created) -> None:
    """The rows of the plan hold ``placeholder``: now it is the saved object."""
    placeholder.pk = created.pk
    placeholder._state.adding = False
    placeholder._state.db = created._state.db
