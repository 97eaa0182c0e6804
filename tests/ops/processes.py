"""Run the application the way production does: real processes, real ports, real services.

Reusable by any test that needs ``gunicorn``, ``db_worker``, ``rqworker`` or a management
command in a separate process, against a database of its own (SQLite file or a fresh
PostgreSQL database) and a media directory of its own.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# Variables of the outer environment that must not leak into a production-like process.
_STRIPPED = (
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "TASKS_BACKEND",
    "REDIS_URL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "STORAGE_BACKEND",
    "STORAGE_OPTIONS",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, settings from variables only."""
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED}
    env.update(
        DJANGO_SETTINGS_MODULE="laatzen_integration.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="integration.example.org,127.0.0.1,localhost",
        SITE_URL="https://integration.example.org",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 300, check: bool = True):
    """Run ``manage.py`` in a separate process; raise with its output when it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(errors="replace")

    def errors(self) -> str:
        return self.stderr.read_text(errors="replace")


@dataclass
class Processes:
    """Starts processes, keeps their output in files, and stops all of them at the end."""

    log_dir: Path
    started: list[Process] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Process:
        stdout = self.log_dir / f"{name}.out"
        stderr = self.log_dir / f"{name}.err"
        popen = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env=env,
            stdout=stdout.open("wb"),
            stderr=stderr.open("wb"),
            start_new_session=True,
        )
        process = Process(name, popen, stdout, stderr)
        self.started.append(process)
        return process

    def manage(self, name: str, *args: str, env: dict[str, str]) -> Process:
        return self.start(name, [PYTHON, "manage.py", *args], env)

    def manage_together(
        self, count: int, *args: str, env: dict[str, str], delay: float = 5.0
    ) -> list[Process]:
        """Start ``count`` processes of one command that begin their work at the same moment.

        Each loads Django and connects first, then waits for the common start time
        (``tests/ops/barrier.py``), so start-up jitter doesn't serialise them.
        """
        start_at = str(time.time() + delay)
        return [
            self.start(f"{args[0]}-{i}", [PYTHON, "-m", "tests.ops.barrier", start_at, *args], env)
            for i in range(count)
        ]

    def wait_all(self, started: list[Process], timeout: float = 120) -> list[int]:
        """Wait for processes to exit; return their exit codes."""
        return [process.popen.wait(timeout) for process in started]

    def gunicorn(self, name: str, port: int, env: dict[str, str], workers: int = 2) -> Process:
        argv = [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        argv += ["--workers", str(workers)]
        process = self.start(name, argv, env)
        wait_for_http(f"http://127.0.0.1:{port}/healthz", process)
        return process

    def stop(self, process: Process, timeout: float = 15) -> int:
        if process.popen.poll() is None:
            process.popen.terminate()
            try:
                process.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                process.popen.kill()
                process.popen.wait(timeout)
        return process.popen.returncode

    def stop_all(self) -> None:
        for process in reversed(self.started):
            self.stop(process)


def wait_for_http(url: str, process: Process | None = None, timeout: float = 60) -> None:
    """Wait until ``url`` answers at all (any status); fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise AssertionError(
                f"{process.name} exited with {process.popen.returncode}:\n"
                f"{process.output()[-3000:]}\n{process.errors()[-3000:]}"
            )
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback URL)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def wait_for_port(port: int, process: Process | None = None, timeout: float = 60) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``."""

    def accepting():
        if process is not None and process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited:\n{process.errors()[-3000:]}")
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    wait_for(accepting, timeout=timeout, message=f"nothing listens on port {port}")


def wait_for(predicate, timeout: float = 60, interval: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout} s")


def read_mails(directory: Path) -> list:
    """Every e-mail the processes of a test sent with ``EMAIL_URL=filemail:///<directory>``.

    Django's file backend writes each connection's messages into its own file, separated
    by a line of 79 dashes; the result is comparable across any number of processes.
    """
    from email import message_from_bytes

    messages = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk))
    return messages


_ENQUEUE = (
    "import json, sys; from django.utils.module_loading import import_string\n"
    "args = json.loads({args!r})\n"
    "print(import_string({path!r}).enqueue(*args).id)"
)


def shell(code: str, env: dict[str, str]) -> str:
    """Run Python code in ``manage.py shell`` of a separate process; return its last line.

    For writes through the application's services; reads go through ``tests/ops/state.py``."""
    output = manage("shell", "-c", code, env=env | {"LOG_FORMAT": "text"}).stdout
    return output.strip().splitlines()[-1] if output.strip() else ""


def enqueue(env: dict[str, str], task_path: str, *args) -> str:
    """Enqueue ``task_path`` (e.g. ``council.tasks.render_paper``) in the configured backend
    from a separate process; return the task result id."""
    import json

    return shell(_ENQUEUE.format(path=task_path, args=json.dumps(args)), env)
