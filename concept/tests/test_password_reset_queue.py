"""„Passwort vergessen?“: the page queues the mail; an account gets one link per interval."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from concept.tasks import send_password_reset

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "vergesslich@example.org"


@pytest.fixture
def account():
    return UserFactory(username="vergesslich", email=ADDRESS)


def ask(client, email=ADDRESS):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_the_page_queues_the_mail_instead_of_sending_it(client, account, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    response = ask(client)
    assert "Bitte prüfen Sie Ihr Postfach" in response.content.decode()
    assert mail.outbox == []
    (queued,) = default_task_backend.results
    assert queued.task.name == send_password_reset.name
    assert queued.kwargs == {"email": ADDRESS, "domain": "testserver", "use_https": False}
    # an unknown address queues nothing, and the answer is the same page
    response = ask(client, "wer@example.org")
    assert "Bitte prüfen Sie Ihr Postfach" in response.content.decode()
    assert len(default_task_backend.results) == 1


def test_an_account_gets_one_link_per_interval(client, account, settings):
    ask(client)
    ask(client)
    assert len(mail.outbox) == 1
    later = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_INTERVAL + 1)
    with time_machine.travel(later):
        ask(client)
    assert len(mail.outbox) == 2
    assert all(message.to == [ADDRESS] for message in mail.outbox)


def test_the_worker_sends_the_usual_link(account):
    send_password_reset.call(email=ADDRESS, domain="integration.laatzen.de", use_https=True)
    (message,) = mail.outbox
    assert "https://integration.laatzen.de/konto/reset/" in message.body
    assert "(integration.laatzen.de)" in message.subject
