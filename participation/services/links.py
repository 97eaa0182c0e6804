"""Personal links: issue, resolve and revoke the link with which an actor's contact reports
on that actor's measures in one reporting round, without an account.

The token is ``<link id>.<secret>`` signed with the project's SECRET_KEY (``django.core.signing``);
the database keeps only the SHA-256 of the secret. A link works until it expires, is revoked
or its round closes; ``resolve`` says which of these applies, in German.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..links import absolute_url
from ..models import LinkState, ReportingLink, ReportingRound
from ..models.reporting import token_digest

SALT = "participation.reporting-link"


def grace_days() -> int:
    """Days after the round's due date during which a link still works (late reports)."""
    return int(getattr(settings, "REPORTING_LINK_GRACE_DAYS", 30))


class LinkRefused(Exception):  # noqa: N818 – a domain outcome
    """The link does not (or no longer) work; ``str()`` explains why, in German."""

    def __init__(self, message: str, *, state: str, link: ReportingLink | None = None):
        super().__init__(message)
        self.state = state
        self.link = link


def link_expiry(reporting_round: ReportingRound) -> datetime.datetime:
    last_day = reporting_round.due_on + datetime.timedelta(grace_days())
    end = datetime.datetime.combine(last_day, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def link_issue(
    *, reporting_round: ReportingRound, actor, by=None, email: str = ""
) -> tuple[ReportingLink, str]:
    """A new link for ``actor`` in ``reporting_round``; returns the link and its token.

    The token is shown once (in the mail); only its hash is stored. ``email`` defaults to the
    actor's contact address; a link is never issued without an address.
    """
    address = email or actor.email
    if not address:
        raise ValueError(f"actor {actor.pk} has no contact address")
    if reporting_round.is_closed:
        raise ValueError(f"round {reporting_round.pk} is closed")
    secret = secrets.token_urlsafe(24)
    link = ReportingLink.objects.create(
        round=reporting_round,
        actor=actor,
        email=address,
        secret_digest=token_digest(secret),
        created_by=by,
        expires_at=link_expiry(reporting_round),
    )
    token = signing.Signer(salt=SALT).sign(f"{link.pk}.{secret}")
    return link, token


def link_url(token: str) -> str:
    """The absolute address the mail carries (the page listing the actor's measures)."""
    return absolute_url(reverse("participation:link_home", kwargs={"token": token}))


def link_measure_url(token: str, measure) -> str:
    """The absolute address of one measure's report form behind the link."""
    return absolute_url(
        reverse("participation:link_report", kwargs={"token": token, "measure_pk": measure.pk})
    )


_MESSAGES = {
    LinkState.EXPIRED: _(
        "Dieser persönliche Link ist abgelaufen. Sie können einen neuen Link anfordern; er "
        "geht an die Kontaktadresse, die die Koordination für Ihre Organisation gespeichert hat."
    ),
    LinkState.REVOKED: _(
        "Dieser persönliche Link wurde von der Koordination widerrufen. Sie können einen neuen "
        "Link anfordern; er geht an die gespeicherte Kontaktadresse Ihrer Organisation."
    ),
    LinkState.ROUND_CLOSED: _(
        "Die Berichtsrunde „%(round)s“ ist abgeschlossen; über diesen Link kann nichts mehr "
        "gemeldet werden. Bei Fragen wenden Sie sich bitte an die Koordination."
    ),
}


def link_resolve(token: str, *, now=None) -> ReportingLink:
    """The working link behind ``token`` (with round and actor loaded), or ``LinkRefused``."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
        link_id, secret = value.split(".", 1)
        link = ReportingLink.objects.select_related("round", "actor").get(
            pk=int(link_id), secret_digest=token_digest(secret)
        )
    except (signing.BadSignature, ValueError, ReportingLink.DoesNotExist):
        raise LinkRefused(
            _(
                "Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig kopiert wurde, "
                "oder wenden Sie sich an die Koordination."
            ),
            state="invalid",
        ) from None
    state = link.state(now)
    if state == LinkState.REVOKED and link.round.is_closed:
        state = LinkState.ROUND_CLOSED  # nothing to ask for any more: say the round is over
    if state != LinkState.ACTIVE:
        message = _MESSAGES[state]
        if state == LinkState.ROUND_CLOSED:
            message = message % {"round": link.round.title}
        raise LinkRefused(message, state=state, link=link)
    return link


def link_record_use(link: ReportingLink) -> None:
    ReportingLink.objects.filter(pk=link.pk).update(
        last_used_at=timezone.now(), use_count=F("use_count") + 1
    )


@transaction.atomic
def links_revoke(*, reporting_round: ReportingRound, actor, by) -> int:
    """Revoke every working link of ``actor`` in ``reporting_round``; returns how many."""
    return ReportingLink.objects.filter(
        round=reporting_round, actor=actor, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=by)
