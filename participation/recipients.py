"""Who receives an actor's reminders: its members with an account, or its contact address."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from concept.models import Actor, Membership


@dataclass(frozen=True)
class Recipient:
    """A user with an account, or (``user`` None) the contact address of ``actor``."""

    email: str
    user: object | None = None
    actor: Actor | None = None  # for a contact address: whose address it is

    @property
    def ident(self) -> tuple[str, object]:
        return ("user", self.user.pk) if self.user is not None else ("email", self.email.lower())

    @property
    def is_contact(self) -> bool:
        return self.user is None


def members_who_get_reminders():
    """Memberships of active users who did not opt out and have an e-mail address."""
    return Membership.objects.filter(user__is_active=True, user__receives_reminders=True).exclude(
        user__email=""
    )


def recipients_by_actor(actor_ids) -> dict[int, list[Recipient]]:
    """The recipients of each actor (two queries): its members with an account, unless the
    actor reports by link or has no such member: then its contact address. An actor with
    neither gets nobody (the coordination's weekly digest names it)."""
    actor_ids = sorted(set(actor_ids))
    members = defaultdict(list)
    for membership in (
        members_who_get_reminders()
        .filter(actor_id__in=actor_ids)
        .select_related("user")
        .order_by("user_id")
    ):
        members[membership.actor_id].append(membership.user)
    recipients: dict[int, list[Recipient]] = {}
    actors = Actor.objects.filter(pk__in=actor_ids).only(
        "pk", "name", "short_name", "email", "contact_person", "reports_by_link"
    )
    for actor in actors:
        if members[actor.pk] and not actor.reports_by_link:
            recipients[actor.pk] = [Recipient(email=u.email, user=u) for u in members[actor.pk]]
        elif actor.email:
            recipients[actor.pk] = [Recipient(email=actor.email, actor=actor)]
        else:
            recipients[actor.pk] = []
    return recipients
