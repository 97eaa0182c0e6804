"""A second login lock-out per client address, for attacks spread over many usernames.

django-axes locks a pair of username and address after ``AXES_FAILURE_LIMIT`` failures. Five
wrong passwords for each of a thousand usernames from one address are never stopped by that.
Locking the address itself after a few failures (axes' ``"ip_address"`` parameter) would lock
a whole town hall: its staff usually reach the server through one NAT address.

So the address lock counts *usernames*, not failures: an address is blocked when failed
sign-ins for more than ``LOGIN_ADDRESS_FAILURE_LIMIT`` different usernames came from it within
the cool-off time (``AXES_COOLOFF_HOURS``). axes already keeps one row per username and address
(``AccessAttempt``) and removes it when that user signs in (``AXES_RESET_ON_SUCCESS``), so a
colleague's typo that ended in a successful sign-in does not count.

While an address is blocked, only accounts that signed in successfully from it within the last
``LOGIN_ADDRESS_TRUST_DAYS`` days (axes' ``AccessLog``) may still try, each under axes' own
per-username limit: the staff behind a NAT keep working, while an attacker from outside, whose
address has no such sign-ins, is refused for every username.
"""

from __future__ import annotations

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.utils import timezone

from .client_ip import client_ip


def address_blocked(request, credentials: dict | None = None) -> bool:
    """Whether sign-ins from the request's address are refused for the typed username."""
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    if not address:
        return False
    now = timezone.now()
    window = get_cool_off(request) or datetime.timedelta(hours=1)
    usernames = (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - window)
        .values("username")
        .distinct()
        .count()
    )
    if usernames <= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return False
    username = get_client_username(request, credentials)
    trusted_since = now - datetime.timedelta(days=settings.LOGIN_ADDRESS_TRUST_DAYS)
    return not (
        username
        and AccessLog.objects.filter(
            ip_address=address, username=username, attempt_time__gte=trusted_since
        ).exists()
    )


class AddressLimitHandler(AxesDatabaseHandler):
    """axes' database handler plus the address lock (``AXES_HANDLER``)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if address_blocked(request, credentials):
            # the lock-out page (AxesMiddleware) and its text for a blocked address
            request.axes_locked_out = True
            request.axes_address_blocked = True
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """A refused attempt from a blocked address is not stored (a loop adds no rows)."""
        if request is not None and getattr(request, "axes_address_blocked", False):
            return
        super().user_login_failed(sender, credentials, request=request, **kwargs)
