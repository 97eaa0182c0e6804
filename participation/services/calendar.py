"""The secret token of a user's calendar feed: create, renew, revoke."""

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
