"""The coordination's weekly digest by mail: once per ISO week to every coordinator with an
e-mail address, on ``DIGEST_WEEKDAY`` (0 = Monday) or, when that run was missed, on the next
run later in the same week."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from concept.roles import COORDINATOR

from ..digest import Digest, build_digest
from ..links import absolute_url
from ..mail import enqueue_mail
from ..models import Reminder, ReminderKind
from ..recipients import Recipient
from .occasions import Occasion
from .sending import record


def digest_weekday() -> int:
    return int(getattr(settings, "DIGEST_WEEKDAY", 0))


def digest_key(today: datetime.date) -> str:
    year, week, _ = today.isocalendar()
    return f"digest:{year}-W{week:02d}"


def coordinators_with_email():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=COORDINATOR) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_digest(today: datetime.date) -> int:
    """Enqueue this week's digest to each coordinator who has not had it; returns how many."""
    if today.weekday() < digest_weekday():
        return 0
    key = digest_key(today)
    done = set(Reminder.objects.filter(occasion=key).values_list("user_id", flat=True))
    coordinators = [u for u in coordinators_with_email() if u.pk not in done]
    if not coordinators:
        return 0
    digest: Digest = build_digest(today)
    occasion = Occasion(kind=ReminderKind.DIGEST, key=key, due_on=today, actor_id=None)
    context = {
        "digest": digest,
        "page_link": absolute_url(reverse("participation:digest")),
        "site_url": absolute_url(""),
    }
    sent = 0
    for user in coordinators:
        won = record(Recipient(email=user.email, user=user), [occasion])
        if not won:
            continue
        try:
            enqueue_mail(template="digest", context={**context, "recipient": user}, to=user.email)
        except Exception:
            Reminder.objects.filter(pk__in=[row.pk for row in won]).delete()
            raise
        sent += 1
    return sent
