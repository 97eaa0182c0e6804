"""Fixtures of the project-wide tests: the permission matrix's world."""

import copy

import pytest
from django.db import transaction

from tests.permission_matrix import build_full_world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world, built once per test module inside a transaction rolled back at its end.

    Each test runs in a savepoint within it (pytest-django's ``db``) and gets a deep copy of
    the Python objects, so what one test writes or changes in memory never reaches the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_full_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, shared_world):
    return copy.deepcopy(shared_world)
