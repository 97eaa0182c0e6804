"""A quiet console: under `make run` (DEBUG) each log line is printed once, and a refused
request (403) logs one warning line without a traceback.

The ``console`` fixture points every stream handler of the configured logging (ours and any
that Django's default configuration left behind) at one buffer: what it holds is what
`make run` prints to the terminal, stdout and stderr together.
"""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.tasks import task
from django.urls import reverse

from core.ops.logs import ClientErrorFilter


@task
def note(text: str) -> str:
    return text


def _stream_handlers() -> set[logging.StreamHandler]:
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    # Exactly StreamHandler: pytest's own capturing handlers are subclasses and stay as they are.
    return {h for logger in loggers for h in logger.handlers if type(h) is logging.StreamHandler}


@pytest.fixture
def console(settings):
    settings.DEBUG = True  # Django's own console handler only prints under DEBUG
    buffer = io.StringIO()
    handlers = _stream_handlers()
    previous = {handler: handler.stream for handler in handlers}
    # Assigned, not setStream(): that flushes the old stream, which may be a capture file an
    # earlier test's logging set-up left closed ("I/O operation on closed file").
    for handler in handlers:
        handler.stream = buffer
    # db_worker run in-process by an earlier test (verbosity 0) leaves "django.tasks" at
    # CRITICAL: the configured level is what `make run` has
    tasks_logger = logging.getLogger("django.tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.NOTSET)
    yield buffer
    tasks_logger.setLevel(level)
    for handler, stream in previous.items():
        handler.stream = stream


def test_a_task_run_prints_each_state_line_once(console):
    result = note.enqueue("hallo")  # the test settings run tasks immediately
    lines = [line for line in console.getvalue().splitlines() if result.id in line]
    assert len(lines) == 2, lines
    assert "RUNNING" in lines[0]
    assert "SUCCESSFUL" in lines[1]


def test_a_forbidden_request_logs_one_warning_line_without_traceback(
    client, actor_member, console, caplog
):
    client.force_login(actor_member)
    console.truncate(0)  # the login's own lines (axes)
    caplog.clear()
    url = reverse("measures:create")
    assert client.get(url).status_code == 403
    records = [r for r in caplog.records if r.name.startswith("django")]
    assert [(r.name, r.levelno) for r in records] == [("django.request", logging.WARNING)]
    assert records[0].exc_info is None
    printed = console.getvalue().splitlines()
    assert len(printed) == 1, printed
    assert "Forbidden" in printed[0] and url in printed[0]


def test_a_server_error_keeps_its_traceback():
    """Only 4xx lines lose the traceback: a 500 is a fault of ours and needs it."""
    try:
        raise PermissionDenied
    except PermissionDenied as exc:
        error = exc
    for status, kept in ((403, False), (400, False), (500, True)):
        record = logging.makeLogRecord(
            {"status_code": status, "exc_info": (type(error), error, error.__traceback__)}
        )
        assert ClientErrorFilter().filter(record)
        assert bool(record.exc_info) is kept, status
