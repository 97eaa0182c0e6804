"""Who may do what in the concept layer (package ``rules``).

Predicates here are the building blocks for every app's ``rules.py``: roles are Django groups
(see ``roles.py``), actor membership is the ``Membership`` model.
"""

import rules

from . import roles


@rules.predicate
def is_coordinator(user):
    return roles.is_coordinator(user)


@rules.predicate
def is_actor_member(user):
    return user.is_authenticated and user.is_actor_member


@rules.predicate
def is_council_reader(user):
    return roles.has_role(user, roles.COUNCIL)


@rules.predicate
def is_member_of_actor(user, actor):
    """``user`` belongs to ``actor`` (an Actor instance)."""
    if actor is None or not user.is_authenticated:
        return False
    return actor.memberships.filter(user=user).exists()


is_reader = rules.is_authenticated

# Everyone logged in reads the frame of the concept; the coordinator changes it.
rules.add_perm("concept.view_actionfield", is_reader)
rules.add_perm("concept.view_goal", is_reader)
rules.add_perm("concept.view_actor", is_reader)
for model in ("goal", "actor"):
    for action in ("add", "change", "delete"):
        rules.add_perm(f"concept.{action}_{model}", is_coordinator)
rules.add_perm("concept.manage_users", is_coordinator)
# other names of an actor, which the import resolves (``naming.py``)
rules.add_perm("concept.view_actoralias", is_coordinator)
rules.add_perm("concept.change_actoralias", is_coordinator)
# The frame itself: the municipality's name, arms, colours, paper numbers and action fields.
rules.add_perm("concept.change_municipalityprofile", is_coordinator)
rules.add_perm("concept.view_municipalityprofile", is_coordinator)  # its history in the admin
for action in ("add", "change", "delete"):
    rules.add_perm(f"concept.{action}_actionfield", is_coordinator)


@rules.predicate
def is_self(user, other):
    """``other`` (a User) is the user themself."""
    return other is not None and user.is_authenticated and user.pk == other.pk


# A coordinator manages every account but her own activation: she cannot lock herself out.
rules.add_perm("concept.deactivate_user", is_coordinator & ~is_self)
# Erasing a person (DSGVO Art. 17): never oneself; the last coordinator is refused by the service.
rules.add_perm("concept.erase_user", is_coordinator & ~is_self)
rules.add_perm("concept.change_own_account", rules.is_authenticated)
