"""Inviting to the integration conference and recording its results."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from concept.models import Actor, User

from ..links import absolute_url
from ..mail import enqueue_mail
from ..models import Conference, ConferenceResult


def invitation_recipients(conference: Conference):
    """Active members with an e-mail address of the invited actors (of all actors if none
    are named). The invitation is essential: the reminder opt-out does not apply."""
    actors = conference.invited_actors.all()
    if not actors.exists():
        actors = Actor.objects.all()
    return (
        User.objects.filter(is_active=True, memberships__actor__in=actors)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def conference_send_invitation(*, conference: Conference, user) -> int:
    """Enqueue one invitation mail per recipient; returns how many."""
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    recipients = list(invitation_recipients(conference))
    link = absolute_url(conference.get_absolute_url())
    for recipient in recipients:
        enqueue_mail(
            template="conference_invitation",
            context={"conference": conference, "recipient": recipient, "link": link},
            to=recipient.email,
        )
    conference.invitation_sent_at = timezone.now()
    conference.save()
    return len(recipients)


@transaction.atomic
def conference_result_add(
    *, conference: Conference, user, kind: str, text: str, measures=(), goals=()
) -> ConferenceResult:
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    result = ConferenceResult.objects.create(conference=conference, kind=kind, text=text)
    result.measures.set(measures)
    result.goals.set(goals)
    return result
