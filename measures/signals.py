"""Measures keep their history when a goal or an actor they point to is deleted.

Deleting happens in ``concept`` (its services, or the admin), which must not know about
measures; so the measures layer listens and records the change through its services just
before the delete. See ``services.measures_detach_goal`` / ``measures_detach_actor``.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from concept.models import Actor, Goal

from . import services


def deleting_user(instance):
    """Who deletes ``instance``: the user the deleting service stamped on it, else the user
    of the current request (simple-history's middleware), else nobody (a script)."""
    user = getattr(instance, "_history_user", None)
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and request.user.is_authenticated:
        return request.user
    return None


@receiver(pre_delete, sender=Goal, dispatch_uid="measures_detach_deleted_goal")
def detach_deleted_goal(sender, instance, **kwargs):
    services.measures_detach_goal(goal=instance, user=deleting_user(instance))


@receiver(pre_delete, sender=Actor, dispatch_uid="measures_detach_deleted_actor")
def detach_deleted_actor(sender, instance, **kwargs):
    services.measures_detach_actor(actor=instance, user=deleting_user(instance))
