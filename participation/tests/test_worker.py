"""With the real database task backend: the command only enqueues; the stored task sends.

The worker itself (``db_worker``) needs a transactional test that flushes the data
migration's action fields for later live-server tests, so this runs the stored task the way
the worker does: from its JSON-serialised arguments.
"""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from measures.tests.factories import MeasureFactory, StatusUpdateFactory

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DB_TASKS)
def test_send_reminders_enqueues_and_the_stored_task_delivers(own_actor, actor_member):
    from django_tasks_db.models import DBTaskResult

    today = timezone.localdate()
    measure = MeasureFactory(lead_actor=own_actor, deadline=today + datetime.timedelta(3))
    StatusUpdateFactory(measure=measure, reported_on=today)
    call_command("send_reminders")
    assert mail.outbox == []
    stored = DBTaskResult.objects.get()
    assert stored.task_path == "participation.mail.send_mail_task"
    stored.task.call(*stored.args_kwargs["args"], **stored.args_kwargs["kwargs"])
    assert [m.to for m in mail.outbox] == [[actor_member.email]]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
