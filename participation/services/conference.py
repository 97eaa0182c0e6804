"""Inviting to the integration conference and recording its results."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

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
def conference_send_invitation(*, conference: Conference, user, again: bool = False) -> int:
    """Enqueue one invitation mail per recipient; returns how many.

    Once sent, the invitation goes out again only with ``again``: a double click or a
    reloaded form must not mail every actor twice.
    """
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.invitation_sent_at and not again:
        raise ValidationError(
            _(
                "Die Einladung wurde bereits am %(date)s verschickt und ist nicht noch "
                "einmal versandt worden. Um sie erneut zu senden, nutzen Sie „Einladung "
                "erneut senden“."
            )
            % {
                "date": formats.date_format(
                    timezone.localtime(conference.invitation_sent_at), "d.m.Y H:i"
                )
            }
        )
    recipients = list(invitation_recipients(conference))
    link = absolute_url(conference.get_absolute_url())
    for recipient in recipients:
        enqueue_mail(
            template="conference_invitation",
            context={"conference": conference, "recipient": recipient, "link": link},
            to=recipient.email,
        )
    conference.invitation_sent_at = timezone.now()
    conference._history_user = user
    conference._change_reason = _("Einladung verschickt")
    conference.save(update_fields=["invitation_sent_at"])
    return len(recipients)


@transaction.atomic
def conference_result_add(
    *, conference: Conference, user, kind: str, text: str, measures=(), goals=()
) -> ConferenceResult:
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    result = ConferenceResult(conference=conference, kind=kind, text=text)
    result._history_user = user
    result.save()
    result.measures.set(measures)
    result.goals.set(goals)
    return result


@transaction.atomic
def conference_result_delete(*, result: ConferenceResult, user) -> None:
    """Remove a result; the history keeps it, with who removed it."""
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    result._history_user = user
    result._change_reason = _("gelöscht")
    result.delete()
