"""Fixtures shared by every app's tests: one user per role and their actors."""

import pytest

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(username="koordination-test", role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def own_actor(db):
    return ActorFactory(name="Eigener Verein")


@pytest.fixture
def other_actor(db):
    return ActorFactory(name="Anderer Verein")


@pytest.fixture
def actor_member(own_actor):
    """A member of ``own_actor``: may report on measures that actor leads."""
    return MembershipFactory(actor=own_actor, user__username="akteur-test").user


@pytest.fixture
def other_member(other_actor):
    return MembershipFactory(actor=other_actor, user__username="akteur-anders").user


@pytest.fixture
def council(db):
    return UserFactory(username="rat-test", role=roles.COUNCIL)


@pytest.fixture
def users(coordinator, actor_member, council):
    """Role name -> user (None for anonymous), for permission matrices."""
    return {
        "coordinator": coordinator,
        "actor": actor_member,
        "council": council,
        "anonymous": None,
    }
