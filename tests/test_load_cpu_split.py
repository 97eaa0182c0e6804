"""make load's CPU split per request: parsing /proc/<pid>/stat and the per-request figures."""

import os
import sys

import pytest

from bench.load import CLOCK_TICKS, _proc_cpu_seconds, cpu_per_request, cpu_snapshot


def test_stat_line_with_spaces_and_parentheses_in_the_name():
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    # utime stime cutime cstime ...
    line = "4242 (gunicorn: worker (x)) S 1 4200 4200 0 -1 0 0 0 0 0 300 100 50 50 20 0 1 0"
    name, pgid, seconds = _proc_cpu_seconds(line)
    assert name == "gunicorn: worker (x)"
    assert pgid == 4200
    assert seconds == pytest.approx(500 / CLOCK_TICKS)


def test_per_request_in_milliseconds():
    before = {"server": 1.0, "postgres": 2.0, "client": 0.5}
    after = {"server": 3.0, "postgres": 2.5, "client": 0.6}
    assert cpu_per_request(before, after, 100) == {"server": 20.0, "postgres": 5.0, "client": 1.0}
    assert cpu_per_request(None, after, 100) is None
    assert cpu_per_request(before, after, 0) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_snapshot_counts_our_own_process_group_as_the_server():
    snapshot = cpu_snapshot(os.getpgrp())
    assert snapshot["server"] > 0
    assert snapshot["client"] > 0
