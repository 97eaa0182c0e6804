"""Put the data of data migrations back after transactional tests flushed the database.

A transactional test (``transaction=True``, or a live server) ends with a flush that empties
every table, including the seven action fields and the role groups that migrations created.
Tests that run later (pytest-django runs transactional tests last) would then find none.
This module-scoped fixture is set up before and torn down after the flush, and recreates them.
"""

import pytest


@pytest.fixture(scope="module")
def restore_migration_data(django_db_blocker):
    yield
    from importlib import import_module

    from django.apps import apps

    from concept.roles import grant_coordinator_permissions

    create = import_module("concept.migrations.0002_action_fields_and_roles").create
    with django_db_blocker.unblock():
        create(apps, None)
        grant_coordinator_permissions()
