"""Writes with business meaning in the concept layer: actors, goals, users, invitations."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from . import roles
from .dn import normalise_dn
from .models import ActionField, Actor, ActorAlias, Goal, Membership, User
from .naming import normalise
from .panels import actor_delete_blockers

ACTOR_FIELDS = (
    "name",
    "short_name",
    "kind",
    "contact_person",
    "email",
    "phone",
    "reports_by_link",
    "website",
    "directory_group",
)

# Who gave whom which role, who (de)activated or invited whom: accounts have no history table
# (it would copy password hashes), so these changes of access go to the log (the journal).
audit = logging.getLogger("concept.audit")


def _audit(event: str, *, account: User, user: User | None, **details) -> None:
    audit.info(
        "%s: account %s (id %s) by %s (id %s) %s",
        event,
        account.username,
        account.pk,
        getattr(user, "username", None),
        getattr(user, "pk", None),
        " ".join(f"{key}={value!r}" for key, value in details.items()),
        extra={"event": event, "account_id": account.pk, "by_id": getattr(user, "pk", None)},
    )


# Actors ------------------------------------------------------------------------------------


@transaction.atomic
def actor_create(*, user: User, **data) -> Actor:
    actor = Actor(**{k: v for k, v in data.items() if k in ACTOR_FIELDS})
    actor.full_clean()
    actor._history_user = user
    actor.save()
    return actor


@transaction.atomic
def actor_update(*, actor: Actor, user: User, **data) -> Actor:
    for key, value in data.items():
        if key in ACTOR_FIELDS:
            setattr(actor, key, value)
    actor.full_clean()
    actor._history_user = user
    actor.save()
    return actor


@transaction.atomic
def actor_delete(*, actor: Actor, user: User) -> None:
    """Delete an actor; refused while a higher app needs it (measures: while it leads
    measures, ``lead_actor`` is PROTECT), for the reasons in ``panels.actor_delete_blockers``."""
    reasons = actor_delete_blockers.ask(actor)
    if reasons:
        raise ValidationError(reasons)
    actor._history_user = user
    try:
        actor.delete()
    except ProtectedError as exc:  # a race, e.g. with a new measure
        users = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("„%(name)s“ wird noch von %(users)s verwendet und kann nicht gelöscht werden.")
            % {"name": actor.name, "users": ", ".join(users)}
        ) from exc


@transaction.atomic
def membership_add(*, actor: Actor, member: User, user: User) -> Membership:
    if Membership.objects.filter(actor=actor, user=member).exists():
        raise ValidationError(_("Diese Person ist bereits Mitglied dieses Akteurs."))
    membership = Membership(actor=actor, user=member)
    membership._history_user = user
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, member: User, user: User) -> None:
    for membership in Membership.objects.filter(actor=actor, user=member):
        membership._history_user = user
        membership.delete()


# Aliases: other names of an actor, for the import --------------------------------------------


@transaction.atomic
def actor_alias_add(*, actor: Actor, alias: str, user: User) -> ActorAlias:
    """Remember ``alias`` as another name of ``actor``; refused (German message) when the
    name already stands for an actor, this one or another."""
    alias = " ".join(alias.split())
    if not normalise(alias):
        raise ValidationError(_("Bitte einen Namen angeben."))
    match = Actor.objects.all().name_index().resolve(alias)
    if match is not None:
        raise ValidationError(
            _("„%(alias)s“ steht schon für „%(actor)s“ (über %(via)s).")
            % {"alias": alias, "actor": match.target.name, "via": match.via_label}
        )
    record = ActorAlias(actor=actor, alias=alias[:200])
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def actor_alias_delete(*, alias: ActorAlias, user: User) -> None:
    alias._history_user = user
    alias.delete()


# Goals -------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *, action_field: ActionField, title: str, description: str = "", order: int = 0, user: User
) -> Goal:
    goal = Goal(action_field=action_field, title=title, description=description, order=order)
    goal.full_clean()
    goal._history_user = user
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, user: User, **data) -> Goal:
    for key in ("action_field", "title", "description", "order"):
        if key in data:
            setattr(goal, key, data[key])
    goal.full_clean()
    goal._history_user = user
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, user: User) -> None:
    """Delete a goal; its measures keep existing without a goal (``SET_NULL``)."""
    goal._history_user = user
    goal.delete()


# Users -------------------------------------------------------------------------------------


def _set_role(account: User, role: str | None) -> None:
    account.groups.remove(*Group.objects.filter(name__in=roles.ALL_ROLES))
    if role:
        account.groups.add(Group.objects.get(name=role))
    account._role_cache = None
    # The admin site is the coordination's tool: whoever loses the role loses it too (a
    # former coordinator kept is_staff and could still enter /admin/), whoever gets it gets it.
    staff = role == roles.COORDINATOR or account.is_superuser
    if account.is_staff != staff:
        account.is_staff = staff
        account.save(update_fields=["is_staff"])


def _set_actors(account: User, actors: Iterable[Actor], user: User) -> None:
    wanted = {a.pk: a for a in actors}
    for membership in Membership.objects.filter(user=account).exclude(actor__in=wanted):
        membership._history_user = user
        membership.delete()
    existing = set(Membership.objects.filter(user=account).values_list("actor_id", flat=True))
    for pk, actor in wanted.items():
        if pk not in existing:
            membership = Membership(actor=actor, user=account)
            membership._history_user = user
            membership.save()


@transaction.atomic
def user_sync_from_directory(
    *, account: User, dn: str, groups: set[str], role_groups: dict[str, set[str]]
) -> str | None:
    """Bring a directory account's role and actor memberships in line with its groups.

    ``groups`` and ``role_groups`` hold normalised DNs (concept/directory.py). The role is the
    highest one a group gives (Koordination, then Rat, then Akteur; membership in an actor's
    directory group also makes an Akteur). Memberships of actors that name a directory group
    follow the directory; memberships of other actors are kept in the app and stay as they
    are. Returns the role, None when no group gives one.
    """
    if account.directory_dn != dn:
        account.directory_dn = dn
        account.save(update_fields=["directory_dn"])
    directory_actors = list(Actor.objects.exclude(directory_group=""))
    wanted = {a.pk for a in directory_actors if normalise_dn(a.directory_group) in groups}
    role = next(
        (
            r
            for r in (roles.COORDINATOR, roles.COUNCIL, roles.ACTOR)
            if role_groups.get(r, set()) & groups
        ),
        roles.ACTOR if wanted else None,
    )
    old_role = role_of(account)
    if old_role != role:
        _set_role(account, role)
        _audit("role changed by the directory", account=account, user=None, old=old_role, new=role)
    governed = {a.pk for a in directory_actors}
    current = {
        m.actor_id: m for m in Membership.objects.filter(user=account, actor_id__in=governed)
    }
    for actor_id, membership in current.items():
        if actor_id not in wanted:
            membership._change_reason = _("Verzeichnisgruppe verlassen")
            membership.delete()
    for actor_id in wanted - set(current):
        membership = Membership(actor_id=actor_id, user=account)
        membership._change_reason = _("Verzeichnisgruppe")
        membership.save()
    return role


def role_of(account: User) -> str | None:
    names = [g.name for g in account.groups.all() if g.name in roles.ALL_ROLES]
    return names[0] if names else None


@transaction.atomic
def user_update(
    *,
    account: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str | None,
    actors: Iterable[Actor],
) -> User:
    """Change a user's name, e-mail, role and actor memberships (coordinator)."""
    if (
        account.pk == user.pk
        and role != roles.COORDINATOR
        and roles.is_coordinator(user)
        and not user.is_superuser
    ):
        raise ValidationError(
            {"role": _("Sie können sich die Rolle Koordination nicht selbst entziehen.")}
        )
    old_role = role_of(account)
    account.first_name, account.last_name, account.email = first_name, last_name, email
    account.full_clean(exclude=["password"])
    account.save()
    _set_role(account, role)
    _set_actors(account, actors, user)
    if old_role != role:
        _audit("role changed", account=account, user=user, old=old_role, new=role)
    return account


@transaction.atomic
def user_set_active(*, account: User, user: User, active: bool) -> User:
    """Deactivate or reactivate an account; accounts are never deleted."""
    if not active and account.pk == user.pk:
        raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    if account.is_active != active:
        account.is_active = active
        account.save(update_fields=["is_active"])
        _audit("reactivated" if active else "deactivated", account=account, user=user)
    return account


@transaction.atomic
def user_invite(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str | None,
    actors: Iterable[Actor],
    base_url: str,
) -> User:
    """Create an account without a usable password and e-mail a set-your-password link.

    The e-mail address is the username. The mail is sent by a task, off the request path.
    """
    email = User.objects.normalize_email(email).strip()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError({"email": _("Es gibt bereits ein Konto mit dieser E-Mail-Adresse.")})
    account = User(username=email, first_name=first_name, last_name=last_name, email=email)
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    _set_role(account, role)
    _set_actors(account, actors, user)
    _audit("invited", account=account, user=user, role=role)
    user_send_invitation(account=account, user=user, base_url=base_url)
    return account


def user_send_invitation(*, account: User, user: User, base_url: str) -> None:
    """(Re-)send the invitation mail; only for accounts that have not set a password yet."""
    if account.has_usable_password():
        raise ValidationError(
            _("%(name)s hat bereits ein Passwort gesetzt; eine Einladung ist nicht mehr nötig.")
            % {"name": account}
        )
    if not account.email:
        raise ValidationError(_("Für dieses Konto ist keine E-Mail-Adresse hinterlegt."))
    if not account.is_active:
        raise ValidationError(_("Das Konto ist deaktiviert; bitte zuerst wieder aktivieren."))
    from .tasks import send_invitation

    send_invitation.enqueue(account_id=account.pk, inviter_id=user.pk, base_url=base_url)


@transaction.atomic
def account_update(
    *, user: User, first_name: str, last_name: str, email: str, receives_reminders: bool
) -> User:
    """A user changes their own name, e-mail and reminder opt-out."""
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.receives_reminders = receives_reminders
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "email", "receives_reminders"])
    return user


def user_unlock(*, account: User) -> int:
    """Lift a django-axes lock-out of ``account``; returns the number of attempts removed."""
    from axes.utils import reset

    return reset(username=account.username)
