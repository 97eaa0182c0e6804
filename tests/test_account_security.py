"""Who can take over or widen an account (own e-mail, admin site, roles).

- A new e-mail address needs the current password: the links to set a new password go there,
  so changing it from an unattended or stolen session would hand the account over for good.
- The admin site follows the role: a former coordinator can no longer enter it.
- In the admin site the coordination manages accounts but cannot make anybody a superuser,
  hand out single permissions, take over a superuser's account or delete an account (the
  history names its authors).
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from concept import roles, services
from concept.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


def _account_post(client, user, **changes):
    data = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    return client.post(reverse("concept:account"), {**data, **changes})


def test_new_email_without_current_password_is_refused_and_input_kept(client, actor_member):
    client.force_login(actor_member)
    response = _account_post(client, actor_member, email="angreifer@example.org", first_name="Neu")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie Ihr aktuelles Passwort ein" in html
    assert 'value="angreifer@example.org"' in html  # nothing typed is lost
    old_email = actor_member.email
    actor_member.refresh_from_db()
    assert actor_member.email == old_email
    assert actor_member.first_name != "Neu"


def test_new_email_with_wrong_password_is_refused(client, actor_member):
    client.force_login(actor_member)
    response = _account_post(
        client, actor_member, email="angreifer@example.org", current_password="falsch"
    )
    assert "Das Passwort ist nicht richtig" in response.content.decode()
    actor_member.refresh_from_db()
    assert actor_member.email != "angreifer@example.org"


def test_new_email_with_current_password_is_saved(client, actor_member):
    client.force_login(actor_member)
    response = _account_post(
        client, actor_member, email="neu@example.org", current_password=PASSWORD
    )
    assert response.status_code == 302
    actor_member.refresh_from_db()
    assert actor_member.email == "neu@example.org"


def test_name_change_needs_no_password(client, actor_member):
    client.force_login(actor_member)
    # the same address in other letter case is no new address
    response = _account_post(
        client, actor_member, first_name="Neu", email=actor_member.email.upper()
    )
    assert response.status_code == 302
    actor_member.refresh_from_db()
    assert actor_member.first_name == "Neu"


def test_former_coordinator_can_no_longer_enter_the_admin_site(client, coordinator):
    former = UserFactory(username="frueher-koordination", role=roles.COORDINATOR, is_staff=True)
    client.force_login(former)
    assert client.get("/admin/").status_code == 200
    services.user_update(
        account=former, user=coordinator, first_name="F", last_name="K",
        email="frueher@example.org", role=roles.COUNCIL, actors=[],
    )  # fmt: skip
    former.refresh_from_db()
    assert former.is_staff is False
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_new_coordinator_gets_the_admin_site_her_role_includes(coordinator):
    account = UserFactory(username="neu-koordination", role=roles.COUNCIL)
    services.user_update(
        account=account, user=coordinator, first_name="N", last_name="K",
        email="neu-k@example.org", role=roles.COORDINATOR, actors=[],
    )  # fmt: skip
    account.refresh_from_db()
    assert account.is_staff is True


def _admin_change_data(user, **extra):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "01.01.2026",
        "date_joined_1": "10:00:00",
        **extra,
    }


def test_coordinator_cannot_make_herself_superuser_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:concept_user_change", args=[coordinator.pk])
    permission = Permission.objects.get(codename="delete_user")
    response = client.post(
        url,
        _admin_change_data(
            coordinator, first_name="Geaendert", is_superuser="on", user_permissions=[permission.pk]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    coordinator.refresh_from_db()
    assert coordinator.first_name == "Geaendert"  # the form itself was saved
    assert coordinator.is_superuser is False
    assert not coordinator.user_permissions.exists()


def test_coordinator_cannot_take_over_a_superuser_account_in_the_admin(client, coordinator):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(coordinator)
    password_url = reverse("admin:auth_user_password_change", args=[admin.pk])
    assert client.get(password_url).status_code == 403
    response = client.post(
        password_url, {"password1": "Uebernahme-2026!", "password2": "Uebernahme-2026!"}
    )
    assert response.status_code == 403
    change_url = reverse("admin:concept_user_change", args=[admin.pk])
    client.post(change_url, _admin_change_data(admin, email="angreifer@example.org"))
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
    assert admin.email != "angreifer@example.org"


def test_accounts_cannot_be_deleted_in_the_admin(client, coordinator, council):
    client.force_login(coordinator)
    response = client.post(reverse("admin:concept_user_delete", args=[council.pk]), {"post": "yes"})
    assert response.status_code == 403
    council.refresh_from_db()


def test_superuser_still_manages_superuser_fields(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    other = UserFactory(username="andere")
    client.force_login(root)
    url = reverse("admin:concept_user_change", args=[other.pk])
    response = client.post(url, _admin_change_data(other, is_superuser="on"))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.is_superuser is True


# Already open sessions follow every change at once (regression guards) -----------------------


def test_deactivated_user_loses_an_open_session_at_once(client, coordinator, actor_member):
    client.force_login(actor_member)
    assert client.get(reverse("measures:list")).status_code == 200
    services.user_set_active(account=actor_member, user=coordinator, active=False)
    response = client.get(reverse("measures:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_removed_membership_ends_reporting_in_an_open_session(
    client, coordinator, actor_member, own_actor
):
    from measures.tests.factories import MeasureFactory

    measure = MeasureFactory(lead_actor=own_actor)
    client.force_login(actor_member)
    assert client.get(reverse("measures:report", args=[measure.pk])).status_code == 200
    services.membership_remove(actor=own_actor, member=actor_member, user=coordinator)
    assert client.get(reverse("measures:report", args=[measure.pk])).status_code == 403


def test_removed_coordinator_role_ends_user_management_in_an_open_session(client, coordinator):
    former = UserFactory(username="bald-rat", role=roles.COORDINATOR, is_staff=True)
    client.force_login(former)
    assert client.get(reverse("concept:user_list")).status_code == 200
    services.user_update(
        account=former, user=coordinator, first_name="B", last_name="R",
        email="bald-rat@example.org", role=roles.COUNCIL, actors=[],
    )  # fmt: skip
    assert client.get(reverse("concept:user_list")).status_code == 403


def test_a_password_change_ends_the_other_sessions(client, council):
    from django.test import Client

    other = Client()
    for c in (client, other):
        assert (
            c.post(
                reverse("login"), {"username": council.username, "password": PASSWORD}
            ).status_code
            == 302
        )
    new = "Leine-Ufer-2026!"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("concept:account")).status_code == 200  # this session stays
    assert other.get(reverse("concept:account")).status_code == 302  # the other one ends


# Changes of access leave a trace (accounts have no history table) ---------------------------


def test_role_changes_activation_and_invitations_are_logged(caplog, coordinator, council):
    caplog.set_level("INFO", logger="concept.audit")
    services.user_update(
        account=council, user=coordinator, first_name="R", last_name="K",
        email="rat-k@example.org", role=roles.COORDINATOR, actors=[],
    )  # fmt: skip
    services.user_set_active(account=council, user=coordinator, active=False)
    services.user_set_active(account=council, user=coordinator, active=True)
    services.user_invite(
        user=coordinator, first_name="N", last_name="N", email="nn@example.org",
        role=roles.COUNCIL, actors=[], base_url="https://integration.example.org",
    )  # fmt: skip
    records = [r for r in caplog.records if r.name == "concept.audit"]
    assert [r.event for r in records] == ["role changed", "deactivated", "reactivated", "invited"]
    assert all(r.by_id == coordinator.pk for r in records)
    assert "'Rat'" in records[0].getMessage() and "'Koordination'" in records[0].getMessage()


def test_saving_a_user_without_a_new_role_logs_no_role_change(caplog, coordinator, council):
    caplog.set_level("INFO", logger="concept.audit")
    services.user_update(
        account=council, user=coordinator, first_name="R", last_name="K",
        email="rat-k@example.org", role=roles.COUNCIL, actors=[],
    )  # fmt: skip
    assert not [r for r in caplog.records if r.name == "concept.audit"]
