"""Which reminders are due today, and sending each of them exactly once.

``manage.py send_reminders`` (and the task ``participation.tasks.send_reminders_now``) call
:func:`send_due_reminders` once a day. What is due is an *occasion* (occasions.py): a deadline
in 30 or 7 days or passed, a Sachstand due, a survey closing, a reporting round opened, due
soon or overdue. It goes to the members of the actor with an account, or to the actor's
contact address with a personal link (``participation.recipients``). Each recipient gets one
mail per run listing all their new occasions, grouped by measure (mails.py); every
(recipient, occasion) is recorded once (sending.py). Once a week the coordinators get the
digest (weekly.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from ..recipients import Recipient, recipients_by_actor
from .occasions import Occasion, due_occasions, status_report_interval
from .sending import already_reminded, measures_for_mails, send_one
from .weekly import send_digest

__all__ = [
    "Occasion",
    "RunResult",
    "due_occasions",
    "run_reminders",
    "send_due_reminders",
    "status_report_interval",
]


@dataclass
class RunResult:
    reminders: dict[str, int] = field(default_factory=dict)  # rows recorded, per kind
    mails: int = 0


def pending_by_recipient(
    occasions: list[Occasion],
) -> list[tuple[Recipient, list[Occasion]]]:
    """Each recipient with the occasions not yet reminded, in the order found (two queries
    for the recipients, one per 500 occasion keys for what was sent before)."""
    recipients = recipients_by_actor(o.actor_id for o in occasions)
    done = already_reminded(occasions)
    pending: dict[tuple, tuple[Recipient, dict[str, Occasion]]] = {}
    for occasion in occasions:
        for recipient in recipients.get(occasion.actor_id, []):
            ident = recipient.ident
            if (ident, occasion.key) in done:
                continue
            entry = pending.setdefault(ident, (recipient, {}))
            # the lead's occasion comes first and wins over the same as a partner
            entry[1].setdefault(occasion.key, occasion)
    return [(recipient, list(found.values())) for recipient, found in pending.values()]


def run_reminders(today: datetime.date | None = None) -> RunResult:
    today = today or timezone.localdate()
    result = RunResult(reminders=defaultdict(int))
    occasions = list(due_occasions(today))
    pending = pending_by_recipient(occasions)
    measures = measures_for_mails([o for _, found in pending for o in found])
    for recipient, found in pending:
        won = send_one(recipient, found, measures, today)
        for row in won:
            result.reminders[row.kind] += 1
        result.mails += bool(won)
    digests = send_digest(today)
    if digests:
        result.reminders["digest"] += digests
        result.mails += digests
    result.reminders = dict(result.reminders)
    return result


def send_due_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Record and enqueue every reminder due on ``today``; returns counts per kind."""
    return run_reminders(today).reminders
