"""`make load`: gunicorn (4 workers) on PostgreSQL under 20 concurrent clients for 60 s.

Each client logs in through the real login form, then alternates reading the measure list and
posting a status update on a measure it may report on. The same load then hits a bare view
doing one INSERT (the target's yardstick) and, for reference only, the app's mix done barely
(the list's rows from one query, then the INSERT). Prints requests/s, p50/p95 latency and errors
for each, and checks that the database holds exactly as many new status updates as posts
succeeded (no lost update).
On Linux it also splits the CPU time of the measured window per request between the gunicorn
processes, PostgreSQL and this client (from /proc), which shows where a ratio comes from.
Loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
DURATION = float(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
DB = "laatzen_load"
PASSWORD = "load-test-password-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"{PG}/{DB}",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=str(static_root),
        AXES_FAILURE_LIMIT="1000",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, **kwargs
    )


SETUP = """
from django.contrib.auth.models import Group
from concept.models import Actor, Membership, User
from measures.models import Measure
group = Group.objects.get(name="Akteur")
targets = []
measures = list(Measure.objects.filter(lead_actor__isnull=False).order_by("pk")[:{clients}])
for i in range({clients}):
    m = measures[i % len(measures)]
    u, _ = User.objects.get_or_create(username=f"load{{i}}")
    u.set_password("{password}")
    u.save()
    u.groups.add(group)
    Membership.objects.get_or_create(actor=m.lead_actor, user=u)
    targets.append(m.pk)
print("TARGETS=" + ",".join(map(str, targets)))
"""


def prepare(env) -> list[int]:
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"],
        check=True,
    )
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "loaddemo", "--force")
    out = manage(env, "shell", "-c", SETUP.format(clients=CLIENTS, password=PASSWORD), text=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("TARGETS="))
    return [int(x) for x in line.removeprefix("TARGETS=").split(",")]


def count_updates(env) -> int:
    out = manage(
        env,
        "shell",
        "-c",
        "from measures.models import StatusUpdate; print(StatusUpdate.objects.count())",
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None) -> int:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def report_path(pk: int) -> str:
    return f"/massnahmen/{pk}/sachstand/"


REPORT_DATA = {"status": "in_progress", "progress": "50", "indicator_value": "", "text": "Last"}


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu_seconds(stat: str) -> tuple[str, int, float]:
    """(command name, process group, user+system seconds incl. reaped children) of a
    /proc/<pid>/stat line."""
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return name, int(fields[2]), ticks / CLOCK_TICKS


def cpu_snapshot(server_pgid: int) -> dict[str, float] | None:
    """CPU seconds so far of the server's process group, of all PostgreSQL processes and of
    this process (the client threads); None where /proc is missing (not Linux)."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    totals = {"server": 0.0, "postgres": 0.0}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, pgid, seconds = _proc_cpu_seconds((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
        if pgid == server_pgid:
            totals["server"] += seconds
        elif name == "postgres":
            totals["postgres"] += seconds
    totals["client"] = sum(os.times()[:2])
    return totals


def cpu_per_request(before, after, requests: int) -> dict[str, float] | None:
    if before is None or after is None or not requests:
        return None
    return {k: round((after[k] - before[k]) * 1000 / requests, 2) for k in before}


def run_clients(base: str, work, server_pgid: int | None = None) -> dict:
    """Start CLIENTS threads running work(session, index, record) until DURATION is over."""
    latencies: list[float] = []
    errors: list[str] = []
    posts_ok = [0]
    lock = threading.Lock()
    window: dict[str, float] = {}
    cpu: dict[str, dict | None] = {}

    def open_window():
        cpu["before"] = cpu_snapshot(server_pgid) if server_pgid else None
        window["start"] = time.monotonic()
        window["end"] = window["start"] + DURATION

    ready = threading.Barrier(CLIENTS + 1, action=open_window)

    def record(kind: str, status: int, expected: int, started: float):
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)
            if status != expected:
                errors.append(f"{kind}:{status}")
            elif kind == "post":
                posts_ok[0] += 1

    def client(index: int):
        session = Session(base)
        work.setup(session, index)  # logging in is not part of the measured window
        ready.wait(timeout=300)
        while time.monotonic() < window["end"]:
            work.step(session, index, record)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    ready.wait(timeout=300)
    for t in threads:
        t.join(DURATION + 60)
    wall = time.monotonic() - window["start"]
    cpu["after"] = cpu_snapshot(server_pgid) if server_pgid else None
    latencies.sort()
    p95_index = max(0, math.ceil(len(latencies) * 0.95) - 1)
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[p95_index], 1) if latencies else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "posts_ok": posts_ok[0],
        "cpu_ms_per_request": cpu_per_request(cpu["before"], cpu["after"], len(latencies)),
    }


class AppWork:
    def __init__(self, targets):
        self.targets = targets

    def setup(self, session, index):
        session.request("/konto/login/")
        status = session.request(
            "/konto/login/", {"username": f"load{index}", "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"login of load{index} failed: {status}")

    def step(self, session, index, record):
        started = time.perf_counter()
        record("get", session.request("/massnahmen/"), 200, started)
        started = time.perf_counter()
        status = session.request(report_path(self.targets[index]), REPORT_DATA)
        record("post", status, 302, started)


class BareWork:
    """The issue's yardstick: a bare view doing one INSERT."""

    def __init__(self, targets):
        self.targets = targets

    def setup(self, session, index):
        pass

    def step(self, session, index, record):
        bare_insert(session, self.targets[index], record)


def bare_insert(session, target: int, record):
    started = time.perf_counter()
    status = session.request("/bench/bare/insert/", {"measure": target})
    record("post", status, 200, started)


class BareMixWork(AppWork):
    """For reference, not a target: the app's mix done barely. Logged in like the app's
    clients, each step reads the list's page of rows from one query (bench/bare.py, in the same
    page frame) and does the one INSERT."""

    def step(self, session, index, record):
        started = time.perf_counter()
        record("get", session.request("/bench/bare/list/"), 200, started)
        bare_insert(session, self.targets[index], record)


def serve(env, port):
    return subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "laatzen_integration.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_ready(base):
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/konto/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    import tempfile

    static_root = Path(tempfile.mkdtemp(prefix="load-static-"))
    env = environment(static_root)
    targets = prepare(env)
    port = free_port()
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        wait_ready(base)
        works = (("app", AppWork), ("bare", BareWork), ("bare_mix", BareMixWork))
        for name, work_class in works:
            work = work_class(targets)
            before = count_updates(env)
            result = run_clients(base, work, server_pgid=server.pid)
            result["db_new_rows"] = count_updates(env) - before
            result["lost_updates"] = result["posts_ok"] - result["db_new_rows"]
            results[name] = result
            print(f"{name:>8}: {json.dumps(result, ensure_ascii=False)}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    app, bare, mix = results["app"], results["bare"], results["bare_mix"]
    ratio = app["rps"] / bare["rps"] if bare["rps"] else 0
    print(
        f"app {app['rps']} req/s (p50 {app['p50_ms']} ms, p95 {app['p95_ms']} ms, "
        f"{app['errors']} errors) vs bare {bare['rps']} req/s: {ratio:.0%}"
    )
    if mix["rps"]:
        print(
            f"for reference, not a target: vs the same reads and writes done barely "
            f"{mix['rps']} req/s: {app['rps'] / mix['rps']:.0%}"
        )
    if all(r["cpu_ms_per_request"] for r in results.values()):
        split = ", ".join(
            f"{name} "
            + "/".join(f"{r['cpu_ms_per_request'][k]}" for k in ("server", "postgres", "client"))
            for name, r in results.items()
        )
        print(f"CPU ms per request (gunicorn/PostgreSQL/client): {split}")
    ok = app["errors"] == 0 and app["lost_updates"] == 0 and ratio >= 0.5
    print("targets met" if ok else "MISS: targets are 0 errors, no lost update, >= 50 % of bare")
    (ROOT / "bench" / "load-results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
