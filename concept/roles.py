"""The roles of the product, as Django groups created by a migration."""

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


# Apps whose model permissions the coordinator group holds (for the admin site); object-level
# decisions are made by the predicates in <app>/rules.py.
COORDINATOR_APP_LABELS = ("auth", "concept", "measures", "evaluation", "council", "participation")


def grant_coordinator_permissions(**kwargs):
    """post_migrate: give the Koordination group every permission of our apps."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=COORDINATOR)
    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)
    perms = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APP_LABELS)
    group.permissions.add(*perms)
