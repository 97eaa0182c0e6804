"""„Neuen Link anfordern“: a contact whose personal link expired (or was revoked) asks for a
new one. The new link goes to the actor's stored contact address only, never to an address
typed on the page: whoever holds an old link cannot redirect reports to a mailbox of their
choice."""

from __future__ import annotations

from django.db import transaction

from ..link_scope import link_measures
from ..mail import enqueue_mail
from ..models import ReportingLink
from .links import link_issue, link_measure_url, link_url


def link_request_new(*, link: ReportingLink) -> bool:
    """Issue and mail a new link for the actor and round of ``link`` (an old, possibly
    expired or revoked link). Returns whether a mail was queued: not when the round is closed
    or the actor has no contact address (the page says the same either way)."""
    return link_send(reporting_round=link.round, actor=link.actor)


def link_send(*, reporting_round, actor, by=None) -> bool:
    """Issue a personal link for ``actor`` in ``reporting_round`` and mail it to the actor's
    stored contact address (also "Link senden" of the coordination, ``by``). Returns whether
    a mail was queued: not for a closed round or an actor without contact address."""
    if reporting_round.is_closed or not actor.email:
        return False
    with transaction.atomic():
        new_link, token = link_issue(reporting_round=reporting_round, actor=actor, by=by)
    measures = [
        {"measure": measure, "url": link_measure_url(token, measure)}
        for measure in link_measures(new_link)
    ]
    enqueue_mail(
        template="personal_link",
        context={
            "recipient": actor.contact_person or actor.name,
            "actor": actor,
            "reporting_round": reporting_round,
            "link": new_link,
            "url": link_url(token),
            "measures": measures,
        },
        to=actor.email,
    )
    return True
