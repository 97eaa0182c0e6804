"""Security hardening across the apps, one finding of the security review per test: internal
notes stay out of the measure history for actors and council, an interrupted password change
keeps no password, kept form data is offered to nobody else, a lock-out behind the proxy locks
only that client, production refuses the placeholder secret key, and the council learns nothing
of a running cycle through the matrix.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from measures import services
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[1]
INTERNAL = "Interne-Notiz-nur-fuer-die-Koordination"


@pytest.fixture
def measure_with_notes(coordinator, own_actor):
    measure = MeasureFactory(lead_actor=own_actor)
    measure.history.all().delete()
    services.measure_update(measure=measure, user=coordinator, values={"title": "Vorher"})
    services.measure_update(measure=measure, user=coordinator, values={"notes": INTERNAL})
    return measure


@pytest.mark.parametrize("who", ["actor_member", "council"])
@pytest.mark.parametrize("page", ["measures:detail", "measures:history"])
def test_internal_notes_do_not_leak_through_the_measure_history(
    client, request, measure_with_notes, who, page
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(page, args=[measure_with_notes.pk]))
    assert response.status_code == 200
    assert INTERNAL not in response.content.decode()


def test_the_coordinator_still_sees_changes_of_the_notes(client, coordinator, measure_with_notes):
    client.force_login(coordinator)
    response = client.get(reverse("measures:history", args=[measure_with_notes.pk]))
    assert INTERNAL in response.content.decode()


def test_an_interrupted_password_change_keeps_no_password(client, council):
    client.get(reverse("login"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Altes-Geheimnis-1",
            "new_password1": "Neues-Geheimnis-2",
            "new_password2": "Neues-Geheimnis-2",
        },
    )
    assert response.status_code == 302  # to the login: the session had ended
    stored = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert "Geheimnis" not in stored
    client.force_login(council)
    assert "Geheimnis" not in client.get(reverse("password_change")).content.decode()


def test_kept_form_data_is_not_offered_to_another_user(client, actor_member, own_actor, council):
    measure = MeasureFactory(lead_actor=own_actor)
    url = reverse("measures:report", args=[measure.pk])
    client.get(reverse("login"))  # the actor's session has ended; the form is still open
    client.post(url, {"status": "in_progress", "progress": "50", "text": "Vertraulich-von-A"})
    client.force_login(council)  # somebody else logs in at the same computer
    response = client.get(url)
    assert response.status_code == 403
    assert "Vertraulich-von-A" not in response.content.decode()


def test_a_lock_out_behind_the_proxy_locks_only_that_client(client, council):
    def attempt(password, address):
        return client.post(
            reverse("login"),
            {"username": council.username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("falsch", "203.0.113.5")
    assert attempt("pw-for-tests-123", "198.51.100.7").status_code == 302


def test_production_refuses_the_placeholder_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="laatzen_integration.settings",
        DEBUG="false",
        SECRET_KEY="CHANGE-ME",
        ALLOWED_HOSTS="integration.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_council_does_not_learn_of_a_running_cycle_through_the_matrix(client, council):
    from evaluation.tests.factories import start_cycle

    cycle = start_cycle(title="Laufende-Evaluierung-intern")
    client.force_login(council)
    assert client.get(cycle.get_absolute_url()).status_code == 404
    page = client.get(reverse("evaluation:matrix_detail", args=[cycle.matrix_id]))
    assert "Laufende-Evaluierung-intern" not in page.content.decode()
