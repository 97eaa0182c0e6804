"""The roles of the product, as Django groups created by a migration."""

from pathlib import Path

COORDINATOR = "Koordination"
ACTOR = "Akteur"
COUNCIL = "Rat"
ALL_ROLES = (COORDINATOR, ACTOR, COUNCIL)


def has_role(user, role: str) -> bool:
    """Whether a user is in the group of ``role``; cached per user object."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_cache = cache
    return role in cache


def is_coordinator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, COORDINATOR))


def coordinator_app_labels() -> list[str]:
    """Apps whose model permissions the coordinator group holds (for the admin site): users
    and groups, and every app of this project (those in the project's directory; concept
    names none of the higher ones). Object-level decisions are made by the predicates in
    <app>/rules.py."""
    from django.apps import apps
    from django.conf import settings

    ours = [c.label for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    return ["auth", *ours]


def grant_coordinator_permissions(**kwargs):
    """post_migrate: give the Koordination group every permission of our apps."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=COORDINATOR)
    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)
    perms = Permission.objects.filter(content_type__app_label__in=coordinator_app_labels())
    group.permissions.add(*perms)
