"""Inviting to the integration conference and recording its results."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concept.models import Actor, User
from core.documents import stored_document_add, stored_document_remove, stored_document_set_public

from ..links import absolute_url
from ..mail import enqueue_mail
from ..models import Conference, ConferenceDocument, ConferenceInvitation, ConferenceResult


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


def _with_invited(recipients, conference: Conference):
    return recipients.annotate(
        invited=Exists(
            ConferenceInvitation.objects.filter(conference=conference, recipient=OuterRef("pk"))
        )
    )


@dataclass(frozen=True)
class InvitationCounts:
    total: int  # who gets the invitation now
    newcomers: int  # of them, who has never been sent it


def invitation_counts(conference: Conference) -> InvitationCounts:
    """Two queries, whatever the number of recipients."""
    counts = _with_invited(invitation_recipients(conference), conference).aggregate(
        total=Count("pk"), newcomers=Count("pk", filter=Q(invited=False))
    )
    return InvitationCounts(total=counts["total"], newcomers=counts["newcomers"])


def _sent_on(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "d.m.Y H:i")


@transaction.atomic
def conference_send_invitation(
    *,
    conference: Conference,
    user,
    again: bool = False,
    newcomers: bool = False,
    seen_sent_at: datetime.datetime | None = None,
) -> int:
    """Enqueue one invitation mail per recipient and record whom it reached; returns how many.

    The first sending goes to all recipients. After that only on purpose: ``newcomers`` sends
    it to the recipients who have never been sent it (members who joined an invited actor or
    gave an e-mail address since), ``again`` to all of them once more (a reminder). A double
    click or a reloaded form must not mail every actor twice: without either flag a second
    sending is refused, newcomers are invited once by construction, and ``seen_sent_at`` (the
    last sending the form showed) refuses ``again`` when someone has sent it in the meantime.
    """
    if not user.has_perm("participation.manage_conferences"):
        raise PermissionDenied
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    sent_at = conference.invitation_sent_at
    if sent_at and not (again or newcomers):
        raise ValidationError(
            _(
                "Die Einladung wurde bereits am %(date)s verschickt und ist nicht noch "
                "einmal versandt worden. Um sie erneut zu senden, nutzen Sie „Nur an neu "
                "hinzugekommene Empfänger senden“ oder „Erneut an alle senden“."
            )
            % {"date": _sent_on(sent_at)}
        )
    if sent_at and again and seen_sent_at is not None and seen_sent_at != sent_at:
        raise ValidationError(
            _(
                "Die Einladung wurde inzwischen am %(date)s verschickt und ist nicht noch "
                "einmal versandt worden. Prüfen Sie die Zahlen und senden Sie dann erneut."
            )
            % {"date": _sent_on(sent_at)}
        )
    recipients = _with_invited(invitation_recipients(conference), conference)
    if sent_at and newcomers and not again:
        recipients = recipients.filter(invited=False)
    recipients = list(recipients)
    if sent_at and not recipients and not again:
        raise ValidationError(
            _(
                "Es gibt keine neu hinzugekommenen Empfänger: alle haben die Einladung "
                "bereits erhalten. Niemand wurde angeschrieben."
            )
        )
    now = timezone.now()
    link = absolute_url(conference.get_absolute_url())
    for recipient in recipients:
        enqueue_mail(
            template="conference_invitation",
            context={"conference": conference, "recipient": recipient, "link": link},
            to=recipient.email,
        )
    _record_invitations(conference=conference, recipients=recipients, sent_at=now, user=user)
    conference.invitation_sent_at = now
    conference._history_user = user
    if not sent_at:
        conference._change_reason = _("Einladung verschickt")
    elif again:
        conference._change_reason = _("Einladung erneut an alle verschickt")
    else:
        conference._change_reason = _("Einladung an neu hinzugekommene Empfänger verschickt")
    conference.save(update_fields=["invitation_sent_at"])
    return len(recipients)


def _record_invitations(*, conference: Conference, recipients, sent_at, user) -> None:
    """One row per recipient with the time of this sending; the history keeps each one."""
    reason = _("Einladung verschickt")
    sent_before = {r.pk for r in recipients if r.invited}
    existing = list(
        ConferenceInvitation.objects.filter(conference=conference, recipient__in=sent_before)
    )
    for invitation in existing:
        invitation.sent_at = sent_at
    bulk_update_with_history(
        existing,
        ConferenceInvitation,
        ["sent_at"],
        default_user=user,
        default_change_reason=reason,
        default_date=sent_at,
    )
    bulk_create_with_history(
        [
            ConferenceInvitation(conference=conference, recipient=r, sent_at=sent_at)
            for r in recipients
            if r.pk not in sent_before
        ],
        ConferenceInvitation,
        default_user=user,
        default_change_reason=reason,
        default_date=sent_at,
    )


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


@transaction.atomic
def conference_document_add(
    *, conference: Conference, user, upload, description: str = ""
) -> ConferenceDocument:
    """Store ``upload`` with ``conference`` after checking size and type (ValidationError)."""
    document = ConferenceDocument(conference=conference, description=description)
    return stored_document_add(document, upload=upload, user=user)


@transaction.atomic
def conference_document_remove(*, document: ConferenceDocument, user) -> None:
    stored_document_remove(document, user=user)


@transaction.atomic
def conference_document_set_public(*, document: ConferenceDocument, user, public: bool) -> None:
    stored_document_set_public(document, user=user, public=public)
