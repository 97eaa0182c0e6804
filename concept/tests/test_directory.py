"""Sign-in through the town hall's directory against a real OpenLDAP server (slapd).

Roles and actor memberships follow the directory's groups at every sign-in; local accounts
keep working beside it; axes still locks out; a directory that is down costs local users
nothing.
"""

import itertools

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from concept import roles
from concept.models import Membership
from concept.tests.factories import ActorFactory, UserFactory

from . import ldap_server

pytestmark = pytest.mark.django_db
PASSWORD = "Verzeichnis-Passwort-1"
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    process, directory = ldap_server.start(tmp_path_factory.mktemp("slapd"))
    yield directory
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def groups(directory):
    """Fresh role groups for each test (the server lives for the module)."""
    n = next(_numbers)
    return {
        role: directory.add_group(f"{name}-{n}")
        for role, name in (
            (roles.COORDINATOR, "integration-koordination"),
            (roles.COUNCIL, "ratsmitglieder"),
        )
    }


@pytest.fixture
def ldap_settings(settings, directory, groups):
    settings.LDAP_AUTH_URL = [directory.url]
    settings.LDAP_AUTH_SEARCH_BASE = ldap_server.PEOPLE
    settings.LDAP_GROUP_SEARCH_BASE = ldap_server.GROUPS
    settings.LDAP_BIND_DN = ldap_server.ADMIN
    settings.LDAP_BIND_PASSWORD = ldap_server.ADMIN_PASSWORD
    settings.LDAP_ROLE_GROUPS = {role: [dn] for role, dn in groups.items()}
    settings.AUTHENTICATION_BACKENDS = [
        django_settings.AUTHENTICATION_BACKENDS[0],  # axes
        "concept.directory.DirectoryBackend",
        *django_settings.AUTHENTICATION_BACKENDS[1:],
    ]
    return settings


def person(directory, *, ou="Rathaus", given="Anna", surname="Meier") -> tuple[str, str]:
    uid = f"{given.lower()}.{surname.lower()}{next(_numbers)}"
    return uid, directory.add_person(uid, PASSWORD, given=given, surname=surname, ou=ou)


def sign_in(client, username, password=PASSWORD):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_coordinator_of_the_directory_signs_in_with_name_mail_and_role(
    client, directory, groups, ldap_settings
):
    uid, dn = person(directory, ou="FB 50 Soziales")  # an OU below the base: search, then bind
    directory.set_members(groups[roles.COORDINATOR], dn)

    assert sign_in(client, uid).status_code == 302
    user = get_user_model().objects.get(username=uid)
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Meier",
        f"{uid}@musterstadt.de",
    )
    assert roles.is_coordinator(user) and user.is_staff
    assert not user.has_usable_password()  # the directory's password is never stored
    assert user.directory_dn.lower() == dn.lower()


def test_a_person_who_changes_group_in_the_directory_has_the_new_rights_at_next_sign_in(
    client, directory, groups, ldap_settings
):
    uid, dn = person(directory)
    caritas_group = directory.add_group(f"caritas-{next(_numbers)}", dn)
    awo_group = directory.add_group(f"awo-{next(_numbers)}")
    caritas = ActorFactory(name="Caritasverband Musterstadt", directory_group=caritas_group)
    awo = ActorFactory(name="AWO Kreisverband", directory_group=awo_group.upper())
    kept = ActorFactory(name="Sprachcafé (ohne Verzeichnisgruppe)")

    assert sign_in(client, uid).status_code == 302
    user = get_user_model().objects.get(username=uid)
    Membership.objects.create(actor=kept, user=user)  # kept by hand in the app
    assert set(user.actors.all()) == {caritas, kept}
    assert roles.has_role(user, roles.ACTOR)

    directory.set_members(caritas_group)  # moved from Caritas to AWO in the directory
    directory.set_members(awo_group, dn)
    assert sign_in(client, uid).status_code == 302
    user = get_user_model().objects.get(username=uid)
    assert set(user.actors.all()) == {awo, kept}
    left = Membership.history.filter(actor_id=caritas.pk, user_id=user.pk, history_type="-")
    assert left.get().history_change_reason == "Verzeichnisgruppe verlassen"

    directory.set_members(groups[roles.COUNCIL], dn)  # and now also a council member
    directory.set_members(awo_group)
    assert sign_in(client, uid).status_code == 302
    user = get_user_model().objects.get(username=uid)
    assert roles.has_role(user, roles.COUNCIL) and not roles.has_role(user, roles.ACTOR)
    assert set(user.actors.all()) == {kept}


def test_losing_the_coordination_group_takes_role_and_admin_access_away(
    client, directory, groups, ldap_settings
):
    uid, dn = person(directory)
    directory.set_members(groups[roles.COORDINATOR], dn)
    assert sign_in(client, uid).status_code == 302
    directory.set_members(groups[roles.COORDINATOR])
    directory.set_members(groups[roles.COUNCIL], dn)
    assert sign_in(client, uid).status_code == 302
    user = get_user_model().objects.get(username=uid)
    assert not roles.is_coordinator(user) and not user.is_staff
    assert roles.has_role(user, roles.COUNCIL)


def test_someone_in_no_group_of_the_concept_stays_out_without_an_account(
    client, directory, ldap_settings
):
    uid, _dn = person(directory)
    response = sign_in(client, uid)
    assert response.status_code == 200  # the login form again, with its message
    assert not get_user_model().objects.filter(username=uid).exists()


def test_someone_who_left_every_group_loses_roles_and_memberships_and_stays_out(
    client, directory, groups, ldap_settings
):
    uid, dn = person(directory)
    group = directory.add_group(f"verein-{next(_numbers)}", dn)
    ActorFactory(name="Verein im Verzeichnis", directory_group=group)
    assert sign_in(client, uid).status_code == 302
    directory.set_members(group)
    assert sign_in(client, uid).status_code == 200
    user = get_user_model().objects.get(username=uid)
    assert not user.actors.exists()  # no more reminders for that actor either
    assert not roles.has_role(user, roles.ACTOR)


def test_a_wrong_directory_password_is_refused_and_axes_locks_out(
    client, directory, groups, ldap_settings
):
    uid, dn = person(directory)
    directory.set_members(groups[roles.COUNCIL], dn)
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, uid, "falsch").status_code == 200
    assert sign_in(client, uid, "falsch").status_code == 429
    assert sign_in(client, uid).status_code == 429  # locked even with the right password


def test_local_accounts_keep_working_and_are_never_taken_over_by_the_directory(
    client, directory, groups, ldap_settings
):
    local = UserFactory(username="kaemmerei", role=roles.COUNCIL)  # password of the factory
    assert sign_in(client, local.username, "pw-for-tests-123").status_code == 302
    # a directory entry of the same name, in the coordination group, with its own password
    dn = directory.add_person("kaemmerei", PASSWORD, given="Fremd", surname="Person")
    directory.set_members(groups[roles.COORDINATOR], dn)
    assert sign_in(client, "kaemmerei", PASSWORD).status_code == 200
    local.refresh_from_db()
    assert not roles.is_coordinator(local) and local.directory_dn == ""


def test_an_account_deactivated_in_the_app_stays_out(client, directory, groups, ldap_settings):
    uid, dn = person(directory)
    directory.set_members(groups[roles.COUNCIL], dn)
    assert sign_in(client, uid).status_code == 302
    get_user_model().objects.filter(username=uid).update(is_active=False)
    assert sign_in(client, uid).status_code == 200


def test_a_directory_that_is_down_costs_local_users_nothing(client, ldap_settings, council):
    ldap_settings.LDAP_AUTH_URL = [f"ldap://127.0.0.1:{ldap_server._free_port()}"]
    ldap_settings.LDAP_AUTH_CONNECT_TIMEOUT = 1
    assert sign_in(client, council.username, "pw-for-tests-123").status_code == 302
    assert sign_in(client, "anna.meier", PASSWORD).status_code == 200


def test_sign_in_name_is_case_insensitive_one_account(client, directory, groups, ldap_settings):
    uid, dn = person(directory, given="Jan", surname="Kowalski")
    directory.set_members(groups[roles.COUNCIL], dn)
    assert sign_in(client, uid.upper()).status_code == 302
    assert sign_in(client, uid).status_code == 302
    assert get_user_model().objects.filter(username__iexact=uid).count() == 1


def test_without_ldap_url_the_actor_form_has_no_directory_field(client, coordinator, settings):
    settings.LDAP_AUTH_URL = []
    client.force_login(coordinator)
    page = client.get(reverse("concept:actor_create")).content.decode()
    assert "directory_group" not in page
    settings.LDAP_AUTH_URL = ["ldap://127.0.0.1:1"]
    page = client.get(reverse("concept:actor_create")).content.decode()
    assert 'name="directory_group"' in page
