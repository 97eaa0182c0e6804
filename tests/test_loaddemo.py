import io

import pytest
from django.core.management import CommandError, call_command

from concept.models import Actor, Goal, Membership, User
from measures.models import Measure, ReportChannel, StatusUpdate


def _counts():
    return (
        Actor.objects.count(),
        Goal.objects.count(),
        Measure.objects.count(),
        StatusUpdate.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_loaddemo_fills_a_realistic_concept_and_is_idempotent(demo_data):
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


def test_loaddemo_force_runs_without_debug(demo_data, settings):
    """``--force`` passes the DEBUG guard (the shared demo data is itself loaded with it)."""
    settings.DEBUG = False
    first = _counts()
    out = io.StringIO()
    call_command("loaddemo", force=True, stdout=out)
    assert "Demodaten sind geladen." in out.getvalue()
    assert _counts() == first


@pytest.mark.django_db
def test_loaddemo_if_empty_leaves_existing_data_alone(settings, own_actor):
    settings.DEBUG = True
    call_command("loaddemo", if_empty=True)
    assert Measure.objects.count() == 0


def test_demo_users_can_log_in_with_the_documented_password(client, demo_data):
    for username in ("koordination", "akteur", "akteur2", "rat"):
        response = client.post("/konto/login/", {"username": username, "password": "laatzen-demo"})
        assert response.status_code == 302, username
        assert response.url == "/"
        client.post("/konto/logout/")


def test_loaddemo_writes_measures_with_authors_and_a_version_per_history_entry(demo_data):
    coordinator = User.objects.get(username="koordination")
    for measure in Measure.objects.all():
        records = sorted(measure.history.all(), key=lambda r: r.history_id)
        assert measure.version == len(records), measure.number
        assert records[0].history_user == coordinator, measure.number
        assert records[0].history_type == "+"
        # (a report through a personal link has no account behind it: its reason names the
        # contact address instead)
        assert all(
            r.history_user_id or "über persönlichen Link" in (r.history_change_reason or "")
            for r in records
        ), measure.number
    assert (
        not StatusUpdate.history.filter(history_user__isnull=True)
        .exclude(channel=ReportChannel.PERSONAL_LINK, reported_by__contains="@")
        .exists()
    )
    reported = Measure.objects.get(number="1.1")  # completed: created, then three reports
    assert reported.version == 4
    updates = list(reported.status_updates.order_by("reported_on"))
    # dated inside the measure's run (01.03.–31.12.2024), rising to the final state
    assert [u.reported_on.isoformat() for u in updates] == [
        "2024-03-31",
        "2024-07-31",
        "2024-12-31",
    ]
    assert [(u.status, u.progress) for u in updates] == [
        ("in_progress", 30),
        ("in_progress", 60),
        ("completed", 100),
    ]
    assert updates[-1].text == "Abgeschlossen; das Ergebnis ist dokumentiert."
    # progress follows the time that has passed: not all running measures at the same value
    running = Measure.objects.filter(status="in_progress").values_list("progress", flat=True)
    assert len(set(running)) > 3
    assert reported.partners.exists()
    assert list(reported.history.order_by("history_id")[0].partners.all())  # in the history


def test_loaddemo_writes_one_budget_year_once(demo_data):
    assert Measure.objects.get(number="1.1").budget_years == "2024"  # 01.03.–31.12.2024
    assert Measure.objects.get(number="1.2").budget_years == "2024–2027"
    assert not Measure.objects.filter(budget_years__regex=r"^(\d{4})–\1$").exists()
