"""Permissions of the concept layer, per role (package ``rules``)."""

import pytest

from concept.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "actor_member", "council"]

# permission -> roles that hold it (on the actor, goal or user it is asked about)
EXPECTED = {
    "concept.view_actionfield": {"coordinator", "actor_member", "council"},
    "concept.view_goal": {"coordinator", "actor_member", "council"},
    "concept.view_actor": {"coordinator", "actor_member", "council"},
    "concept.add_actor": {"coordinator"},
    "concept.change_actor": {"coordinator"},
    "concept.delete_actor": {"coordinator"},
    "concept.add_goal": {"coordinator"},
    "concept.change_goal": {"coordinator"},
    "concept.delete_goal": {"coordinator"},
    "concept.manage_users": {"coordinator"},
    "concept.change_own_account": {"coordinator", "actor_member", "council"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_holds_exactly_the_expected_concept_permissions(request, own_actor, perm, role):
    user = request.getfixturevalue(role)
    obj = GoalFactory() if "goal" in perm else own_actor
    assert user.has_perm(perm, obj) is (role in EXPECTED[perm])


def test_members_of_an_actor_may_not_change_their_own_actor(actor_member, own_actor):
    assert not actor_member.has_perm("concept.change_actor", own_actor)
    assert not actor_member.has_perm("concept.delete_actor", own_actor)


def test_anonymous_holds_no_concept_permission(own_actor):
    from django.contrib.auth.models import AnonymousUser

    for perm in EXPECTED:
        assert not AnonymousUser().has_perm(perm, own_actor)


def test_coordinator_may_deactivate_others_but_not_herself(coordinator, council, actor_member):
    assert coordinator.has_perm("concept.deactivate_user", council)
    assert not coordinator.has_perm("concept.deactivate_user", coordinator)
    assert not actor_member.has_perm("concept.deactivate_user", council)
    assert not council.has_perm("concept.deactivate_user", actor_member)


def test_coordinator_may_erase_others_but_not_herself(coordinator, council, actor_member):
    assert coordinator.has_perm("concept.erase_user", council)
    assert not coordinator.has_perm("concept.erase_user", coordinator)
    assert not actor_member.has_perm("concept.erase_user", council)
    assert not council.has_perm("concept.erase_user", actor_member)
