"""A user's own settings here: the calendar feed token and the reminder opt-out."""

from __future__ import annotations

import secrets

from django.db import transaction


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """A new secret token; the old link stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    user.calendar_token = None
    user.save(update_fields=["calendar_token"])


@transaction.atomic
def user_set_reminders(*, user, receives_reminders: bool) -> None:
    """Opt in or out of non-essential mails; invitations still arrive."""
    user.receives_reminders = receives_reminders
    user.save(update_fields=["receives_reminders"])
