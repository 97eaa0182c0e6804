"""Record and enqueue: each (recipient, occasion) once, one mail per recipient and run.

The ``Reminder`` rows of a mail are committed *before* the mail is enqueued; the UNIQUE
constraints on (user, occasion) and (contact address, occasion) let the database refuse a
repeat, so a second run (or two runs at the same time on two hosts) never mails an occasion
twice: the run that loses the insert leaves that occasion out. If enqueuing fails, the rows of
that mail are removed again (and its personal links with them) so the next run retries.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from measures.models import Measure

from ..mail import enqueue_mail
from ..models import Reminder, ReportingLink
from ..recipients import Recipient
from .mails import build_mail, mail_context
from .occasions import Occasion

CHUNK = 500


def already_reminded(occasions: list[Occasion]) -> set[tuple[tuple[str, object], str]]:
    """(recipient ident, occasion key) of the reminders already recorded, read in chunks.

    Without it, every daily run would try (and fail) one INSERT per reminder ever sent for a
    still open occasion. The UNIQUE constraints still decide races between two runs.
    """
    keys = sorted({occasion.key for occasion in occasions})
    done = set()
    for start in range(0, len(keys), CHUNK):
        rows = Reminder.objects.filter(occasion__in=keys[start : start + CHUNK]).values_list(
            "user_id", "email", "occasion"
        )
        for user_id, email, key in rows:
            ident = ("user", user_id) if user_id is not None else ("email", email.lower())
            done.add((ident, key))
    return done


def measures_for_mails(occasions: list[Occasion]) -> dict[int, Measure]:
    """The measures the mails name, in one query per 500 (with what the rules need)."""
    ids = sorted({o.measure_id for o in occasions if o.measure_id is not None})
    measures = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            Measure.objects.filter(pk__in=ids[start : start + CHUNK])
            .select_related("lead_actor")
            .with_confirmed_today()
        )
        measures.update({m.pk: m for m in rows})
    return measures


def record(recipient: Recipient, occasions: list[Occasion]) -> list[Reminder]:
    """Insert and commit the rows; returns those this run won (usually all, in one query)."""
    rows = [_row(recipient, occasion) for occasion in occasions]
    try:
        with transaction.atomic():
            return Reminder.objects.bulk_create(rows)
    except IntegrityError:
        pass  # another run recorded some of them meanwhile: keep only the rest
    won = []
    for occasion in occasions:
        try:
            with transaction.atomic():
                won.append(Reminder.objects.create(**_fields(recipient, occasion)))
        except IntegrityError:
            continue
    return won


def _fields(recipient: Recipient, occasion: Occasion) -> dict:
    return {
        "kind": occasion.kind,
        "occasion": occasion.key,
        "user": recipient.user,
        "email": "" if recipient.user is not None else recipient.email,
        "actor_id": occasion.actor_id,
        "measure_id": occasion.measure_id,
        "survey_round": occasion.survey_round,
        "reporting_round": occasion.reporting_round,
        "due_on": occasion.due_on,
    }


def _row(recipient: Recipient, occasion: Occasion) -> Reminder:
    return Reminder(**_fields(recipient, occasion))


def send_one(
    recipient: Recipient,
    occasions: list[Occasion],
    measures: dict[int, Measure],
    today: datetime.date,
) -> list[Reminder]:
    """Record the occasions of one recipient and enqueue their one mail; returns the rows."""
    won = record(recipient, occasions)
    if not won:
        return []
    keys = {row.occasion for row in won}
    mail = build_mail(recipient, [o for o in occasions if o.key in keys], measures)
    try:
        enqueue_mail(template="reminder", context=mail_context(mail, today), to=recipient.email)
    except Exception:
        # not enqueued: the next run tries again
        Reminder.objects.filter(pk__in=[row.pk for row in won]).delete()
        ReportingLink.objects.filter(pk__in=[link.pk for link in mail.links]).delete()
        raise
    return won
