import pytest
from django.contrib.auth.models import Group

from concept.models import ActionField

EXPECTED_FIELDS = [
    "Willkommenskultur",
    "Wohnen und Leben",
    "Bildung und Sprache",
    "Wirtschaft und Arbeit",
    "Teilhabe",
    "Interkulturelle Öffnung",
    "Vernetzung",
]


@pytest.mark.django_db
def test_migrations_create_exactly_the_seven_action_fields_in_order():
    fields = list(ActionField.objects.all())
    assert [f.name for f in fields] == EXPECTED_FIELDS
    assert [f.number for f in fields] == [1, 2, 3, 4, 5, 6, 7]
    assert all(f.slug and f.guiding_goal and f.short_description for f in fields)


@pytest.mark.django_db
def test_migrations_create_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Koordination", "Akteur", "Rat"}


@pytest.mark.django_db
def test_coordinator_group_holds_the_permissions_of_our_apps():
    group = Group.objects.get(name="Koordination")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_measure", "add_actor", "change_user"} <= codenames
