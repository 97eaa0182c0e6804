"""User management by the coordinator: list, edit role and actors, (de)activate, invite."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from concept import roles
from concept.models import Membership, User
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Leine-Ufer-2026!"


def invite(client, **data):
    payload = {
        "first_name": "Nora",
        "last_name": "Neu",
        "email": "nora.neu@example.org",
        "role": roles.ACTOR,
        **data,
    }
    if "actors" not in payload:
        payload["actors"] = [ActorFactory().pk]  # the role "Akteur" needs an actor
    return client.post(reverse("concept:user_invite"), payload)


def link_from(message) -> str:
    return re.search(r"https?://\S+/konto/reset/\S+/", message.body).group(0)


@pytest.mark.parametrize("n", [5, 50])
def test_user_list_needs_the_same_queries_for_5_and_50_users(
    client, coordinator, django_assert_num_queries, n
):
    for _ in range(n):
        MembershipFactory()
    client.force_login(coordinator)
    # session, user, groups (rules), paginator count, users, their groups, their memberships
    # with actors, axes lock-outs of the listed usernames
    with django_assert_num_queries(8):
        response = client.get(reverse("concept:user_list"))
    assert response.status_code == 200


def test_user_list_shows_roles_and_actor_memberships(client, coordinator, actor_member, own_actor):
    client.force_login(coordinator)
    html = client.get(reverse("concept:user_list")).content.decode()
    assert "akteur-test" in html and own_actor.display_name in html and roles.ACTOR in html


def test_user_list_filters_deactivated_accounts(client, coordinator):
    UserFactory(username="weg", is_active=False)
    client.force_login(coordinator)
    active = [u.username for u in client.get(reverse("concept:user_list")).context["accounts"]]
    inactive = client.get(reverse("concept:user_list"), {"status": "inaktiv"}).context["accounts"]
    assert "weg" not in active
    assert [u.username for u in inactive] == ["weg"]


def test_coordinator_changes_role_and_memberships(client, coordinator, actor_member, own_actor):
    second = ActorFactory(name="Zweiter Akteur")
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:user_detail", args=[actor_member.pk]),
        {
            "first_name": "Ali",
            "last_name": "Akteur",
            "email": "ali@example.org",
            "role": roles.COUNCIL,
            "actors": [second.pk],
        },
    )
    assert response.status_code == 302
    actor_member.refresh_from_db()
    assert [g.name for g in actor_member.groups.all()] == [roles.COUNCIL]
    assert list(actor_member.actors.all()) == [second]
    assert Membership.history.filter(actor_id=own_actor.pk, history_type="-").exists()


def test_user_form_keeps_input_on_a_duplicate_email(client, coordinator, actor_member, council):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:user_detail", args=[actor_member.pk]),
        {"first_name": "Behalten", "last_name": "X", "email": council.email, "role": "Rat"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Es gibt bereits ein Konto mit dieser E-Mail-Adresse." in html
    assert 'value="Behalten"' in html


def test_coordinator_cannot_take_away_her_own_coordinator_role(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:user_detail", args=[coordinator.pk]),
        {"first_name": "K", "last_name": "K", "email": "k@example.org", "role": roles.COUNCIL},
    )
    assert "nicht selbst entziehen" in response.content.decode()
    assert coordinator.groups.filter(name=roles.COORDINATOR).exists()


def test_deactivate_and_reactivate_a_user_who_then_cannot_log_in(client, coordinator, council):
    client.force_login(coordinator)
    client.post(reverse("concept:user_deactivate", args=[council.pk]))
    council.refresh_from_db()
    assert not council.is_active
    assert User.objects.filter(pk=council.pk).exists()  # never deleted
    client.logout()
    login = {"username": council.username, "password": "pw-for-tests-123"}
    assert client.post(reverse("login"), login).status_code == 200  # form again, not logged in
    client.force_login(coordinator)
    client.post(reverse("concept:user_reactivate", args=[council.pk]))
    client.logout()
    assert client.post(reverse("login"), login).status_code == 302


def test_coordinator_cannot_deactivate_herself(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("concept:user_detail", args=[coordinator.pk])).content.decode()
    assert reverse("concept:user_deactivate", args=[coordinator.pk]) not in page
    response = client.post(reverse("concept:user_deactivate", args=[coordinator.pk]))
    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_invitation_creates_an_account_without_password_and_sends_a_german_mail(
    client, coordinator, own_actor, settings
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    client.force_login(coordinator)
    response = invite(client, actors=[own_actor.pk])
    account = User.objects.get(email="nora.neu@example.org")
    assert response.url == reverse("concept:user_detail", args=[account.pk])
    assert account.username == "nora.neu@example.org"
    assert not account.has_usable_password()
    assert account.groups.get() == Group.objects.get(name=roles.ACTOR)
    assert list(account.actors.all()) == [own_actor]
    (message,) = mail.outbox
    assert message.to == ["nora.neu@example.org"]
    assert message.subject.startswith("Einladung: Handlungskonzept Integration")
    assert "Guten Tag Nora Neu" in message.body
    assert "Passwort fest" in message.body
    assert "Ihr Benutzername: nora.neu@example.org" in message.body
    assert "gültig" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link_from(message).replace("&", "&amp;") in html
    assert 'lang="de"' in html


def test_invitation_link_lets_the_user_set_a_password_and_log_in(client, coordinator):
    client.force_login(coordinator)
    invite(client)
    client.logout()
    link = link_from(mail.outbox[0])
    response = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in response.content.decode()
    set_url = response.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Passwort gespeichert" in done.content.decode()
    login = client.post(
        reverse("login"), {"username": "nora.neu@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302 and login.url == reverse("home")
    # the link works only once
    client.logout()
    assert "Link ungültig" in client.get(link, follow=True).content.decode()


def test_expired_invitation_link_is_refused(client, coordinator, settings):
    client.force_login(coordinator)
    invite(client)
    link = link_from(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1
    client.logout()
    assert "Link ungültig" in client.get(link, follow=True).content.decode()


def test_invitation_form_keeps_input_for_a_known_email(client, coordinator, council):
    client.force_login(coordinator)
    response = invite(client, email=council.email.upper(), first_name="Bleibt")
    html = response.content.decode()
    assert "Es gibt bereits ein Konto mit dieser E-Mail-Adresse." in html
    assert 'value="Bleibt"' in html
    assert mail.outbox == []


def test_invitation_can_be_sent_again_until_the_password_is_set(client, coordinator, council):
    client.force_login(coordinator)
    invite(client)
    account = User.objects.get(email="nora.neu@example.org")
    page = client.get(reverse("concept:user_detail", args=[account.pk])).content.decode()
    assert "Einladung erneut senden" in page
    client.post(reverse("concept:user_resend_invitation", args=[account.pk]))
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["nora.neu@example.org"]
    # an account with a password gets no invitation
    response = client.post(
        reverse("concept:user_resend_invitation", args=[council.pk]), follow=True
    )
    assert "bereits ein Passwort gesetzt" in response.content.decode()
    assert len(mail.outbox) == 2


def test_invitation_mail_is_sent_by_a_task(client, coordinator, settings):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(coordinator)
    invite(client)
    account = User.objects.get(email="nora.neu@example.org")
    (result,) = default_task_backend.results
    assert result.task.name == "send_invitation"
    assert result.kwargs == {
        "account_id": account.pk,
        "inviter_id": coordinator.pk,
        "base_url": "http://testserver",
    }
    assert mail.outbox == []  # not sent on the request path


@pytest.mark.parametrize(
    ("role", "shown"), [("coordinator", True), ("actor_member", False), ("council", False)]
)
def test_user_management_nav_entry_only_for_the_coordinator(client, request, role, shown):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("concept:actor_list")).content.decode()
    assert (reverse("concept:user_list") in html) is shown
    assert reverse("concept:account") in html


def test_xss_in_user_names_comes_out_escaped(client, coordinator, own_actor):
    payload = "<script>alert(1)</script>"
    person = MembershipFactory(actor=own_actor, user__first_name=payload).user
    client.force_login(coordinator)
    for url in (
        reverse("concept:user_list"),
        reverse("concept:user_detail", args=[person.pk]),
        reverse("concept:actor_detail", args=[own_actor.pk]),
    ):
        html = client.get(url).content.decode()
        assert payload not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_invitation_for_a_deactivated_account(client, coordinator):
    client.force_login(coordinator)
    invite(client)
    account = User.objects.get(email="nora.neu@example.org")
    client.post(reverse("concept:user_deactivate", args=[account.pk]))
    response = client.post(
        reverse("concept:user_resend_invitation", args=[account.pk]), follow=True
    )
    assert "deaktiviert" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_invitation_mail_goes_out_through_the_database_task_worker(client, settings):
    """With the production backend the request only stores the task; ``db_worker`` sends."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator = UserFactory(username="koordination-worker", role=roles.COORDINATOR)
    client.force_login(coordinator)
    invite(client)
    assert mail.outbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["nora.neu@example.org"]
    assert "/konto/reset/" in message.body


def test_the_role_akteur_needs_an_actor(client, coordinator):
    client.force_login(coordinator)
    response = invite(client, actors=[])
    assert response.context["form"].errors["actors"] == [
        "Wer die Rolle „Akteur“ hat, braucht mindestens einen Akteur."
    ]
    assert not User.objects.filter(email="nora.neu@example.org").exists()
