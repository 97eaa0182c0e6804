import pytest
from django.core.management import CommandError, call_command

from concept.models import Actor, Goal, Membership, User
from measures.models import Measure, StatusUpdate


def _counts():
    return (
        Actor.objects.count(),
        Goal.objects.count(),
        Measure.objects.count(),
        StatusUpdate.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


@pytest.mark.django_db
def test_loaddemo_fills_a_realistic_concept_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("loaddemo")
    first = _counts()
    actors, goals, measures, updates, users, _ = first
    assert actors >= 15
    assert 14 <= goals <= 21
    assert 35 <= measures <= 45
    assert updates > 0
    assert Measure.objects.overdue().exists()
    assert Measure.objects.not_smart().count() >= 3
    assert {"koordination", "akteur", "rat"} <= set(User.objects.values_list("username", flat=True))
    for number in range(1, 8):
        assert Goal.objects.filter(action_field__number=number).count() in (2, 3)
    call_command("loaddemo")
    assert _counts() == first


@pytest.mark.django_db
def test_loaddemo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("loaddemo")
    assert Measure.objects.count() == 0
    call_command("loaddemo", force=True)
    assert Measure.objects.count() > 0


@pytest.mark.django_db
def test_loaddemo_if_empty_leaves_existing_data_alone(settings, own_actor):
    settings.DEBUG = True
    call_command("loaddemo", if_empty=True)
    assert Measure.objects.count() == 0


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_documented_password(client, settings):
    settings.DEBUG = True
    call_command("loaddemo")
    for username in ("koordination", "akteur", "akteur2", "rat"):
        response = client.post("/konto/login/", {"username": username, "password": "laatzen-demo"})
        assert response.status_code == 302, username
        assert response.url == "/"
        client.post("/konto/logout/")
