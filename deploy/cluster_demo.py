#!/usr/bin/env python
"""Two "hosts" on one machine: `make cluster-demo`.

Starts two gunicorn instances (different ports) and one RQ worker per instance, all sharing
one PostgreSQL database (created here: laatzen_cluster_demo), one Redis database and one
media directory; loads the demo data plus three draft council papers; then a threaded load
client logs in as the coordinator on one instance and, through both instances, for a
bounded time, on loopback only, writes Sachstände on the real status-report page
(``/massnahmen/<pk>/sachstand/``) while other threads click "PDF erzeugen" on the papers.
It prints requests/s, errors and latencies, and checks that the database holds exactly the
successful writes, that tasks were run by workers of both instances, and that no paper was
rendered twice at the same time (nor more often than requested) and each ends with one
stored PDF that matches its SHA-256.

Options: see --help. Exit code 0 only when every check holds.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from deploy.load_client import PaperRenderings, StatusReports, run_load  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="laatzen_cluster_demo")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--seconds", type=float, default=20.0, help="load duration (max 60)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers each")
    parser.add_argument("--keep", action="store_true", help="keep database and files")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    args.seconds = min(args.seconds, 60.0)
    workdir = Path(tempfile.mkdtemp(prefix="laatzen-cluster-"))
    database_url = f"{args.postgres.rstrip('/')}/{args.database}"
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")} | {
        "DJANGO_SETTINGS_MODULE": "laatzen_integration.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # one key for all hosts: shared sessions
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "rq",
        "REDIS_URL": args.redis,
        "MEDIA_ROOT": str(workdir / "media"),  # stands for the shared storage
        "STATIC_ROOT": str(workdir / "static"),
        "PYTHONUNBUFFERED": "1",
    }
    processes: list[subprocess.Popen] = []
    print(f"== Arbeitsverzeichnis {workdir}")
    try:
        prepare(args, env, database_url)
        ports = [free_port(), free_port()]
        for name, port in zip(("host-a", "host-b"), ports, strict=True):
            host_env = env | {"INSTANCE_NAME": name}
            processes.append(start(workdir, f"{name}-web", host_env, gunicorn(port, args)))
            processes.append(start(workdir, f"{name}-worker", host_env, rqworker(name)))
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_healthy(base)
            print(f"== {base}/healthz: ok")

        ok = True
        print("== Aufgaben über Redis an die Worker beider Hosts (manage.py ops_ping --count 20)")
        ping = manage(env, "ops_ping", "--count", "20", "--wait", "60")
        print(ping.stdout.strip())
        workers = {line.split(" von ")[-1] for line in ping.stdout.splitlines() if "ok:" in line}
        if ping.returncode != 0 or workers != {"host-a", "host-b"}:
            print(f"FEHLER: Aufgaben nicht von beiden Workern ausgeführt ({workers})")
            ok = False

        papers = PaperRenderings(database_url, draft_papers(env), workdir / "media")
        render_threads = max(1, args.threads // 3)
        status_threads = max(1, args.threads - render_threads)
        scenario = StatusReports(database_url)
        print(
            f"== Last: {status_threads} Threads Sachstände + {render_threads} Threads "
            f"PDF-Erzeugung, {args.seconds:g} s, über {', '.join(bases)}"
        )
        reports = {}

        def drive(name, load, threads):
            reports[name] = run_load(bases, load, threads=threads, seconds=args.seconds)

        drivers = [
            threading.Thread(target=drive, args=("status", scenario, status_threads)),
            threading.Thread(target=drive, args=("papers", papers, render_threads)),
        ]
        for driver in drivers:
            driver.start()
        for driver in drivers:
            driver.join()
        report = reports["status"]
        print("-- Sachstände (POST /massnahmen/<pk>/sachstand/)")
        print(report.summary())
        print("-- PDF-Erzeugung (POST /rat/drucksachen/<pk>/pdf-erzeugen/)")
        print(reports["papers"].summary())
        stored = scenario.count_stored(report.marker)
        print(f"== Datenbank: {stored} Sachstände dieses Laufs, {report.successes} erfolgreich")
        if stored != report.successes:
            print("FEHLER: die Datenbank hält nicht genau die erfolgreichen Schreibvorgänge")
            ok = False
        for name, run in reports.items():
            if run.errors:
                print(f"FEHLER: {run.errors} fehlgeschlagene Anfragen ({name})")
                ok = False
            if not run.per_instance_successes or min(run.per_instance_successes.values()) == 0:
                print(f"FEHLER: nicht beide Instanzen haben geschrieben ({name})")
                ok = False
        if not papers.wait_until_rendered():
            print("FEHLER: Drucksachen nach 120 s noch in Arbeit")
            ok = False
        renders, problems = papers.check()
        for pk, count in renders.items():
            print(
                f"== Drucksache {pk}: {papers.accepted[pk]} Anforderungen, {count} Erzeugungen "
                "(nie zwei gleichzeitig; Anforderungen während einer Erzeugung gehen in ihr auf)"
            )
        for problem in problems:
            print(f"FEHLER: {problem}")
            ok = False
        print("== Ergebnis: " + ("alles in Ordnung" if ok else "FEHLER"))
        return 0 if ok else 1
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            drop_database(args, database_url)
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"== behalten: {database_url}, {workdir} (Protokolle: *.out/*.err)")


def prepare(args, env, database_url: str) -> None:
    import psycopg
    import redis

    with psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    print(f"== PostgreSQL: {database_url} neu angelegt")
    redis.Redis.from_url(args.redis).flushdb()
    print(f"== Redis: {args.redis} geleert")
    for command in (
        ["migrate", "--noinput"],
        ["loaddemo", "--force"],
        ["collectstatic", "--noinput"],
    ):
        result = manage(env, *command)
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(command)} failed:\n{result.stderr}")
    print("== migriert, Demodaten geladen, statische Dateien gesammelt")


DRAFT_PAPERS = """
from concept.models import User
from council.models import CouncilPaper
from council.services import next_paper_number, paper_save
user = User.objects.get(username="koordination")
model = CouncilPaper.objects.order_by("pk").first()
ids = []
for i in range(3):
    paper = CouncilPaper(
        number=next_paper_number(), kind=model.kind, is_public=False, date=model.date,
        title=f"Lastprobe {i + 1}: {model.title}", body=model.body,
        prepared_by=model.prepared_by, dictation_mark=model.dictation_mark,
        signatory=model.signatory,
    )
    ids.append(paper_save(paper=paper, user=user, consultations=[]).pk)
print(*ids)
"""


def draft_papers(env) -> list[int]:
    """Three draft papers (copies of a demo paper) to render: demo papers are decided."""
    result = manage(env, "shell", "-c", DRAFT_PAPERS)
    if result.returncode != 0:
        raise SystemExit(f"Drucksachen nicht angelegt:\n{result.stderr}")
    return [int(pk) for pk in result.stdout.strip().splitlines()[-1].split()]


def drop_database(args, database_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def manage(env, *args):
    return subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env | {"LOG_FORMAT": "text", "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def gunicorn(port: int, args) -> list[str]:
    return [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"] + [
        "--workers",
        str(args.web_workers),
    ]


def rqworker(name: str) -> list[str]:
    command = ["rqworker", "--job-class", "django_tasks_rq.Job", "--name", name, "default"]
    return [PYTHON, "manage.py", *command]


def start(workdir: Path, name: str, env, argv) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own commands)
        argv,
        cwd=BASE_DIR,
        env=env,
        stdout=(workdir / f"{name}.out").open("wb"),
        stderr=(workdir / f"{name}.err").open("wb"),
    )


def wait_healthy(base: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=3) as response:  # noqa: S310
                if json.load(response)["status"] == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{base}/healthz wurde nicht gesund")


if __name__ == "__main__":
    sys.exit(main())
