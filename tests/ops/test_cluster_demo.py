"""`make cluster-demo` keeps working: two instances + two RQ workers on PostgreSQL and Redis,
Sachstände through the status-report page and PDF renderings through both instances."""

import subprocess
import uuid

from tests.ops.processes import BASE_DIR, PYTHON, production_env


def test_cluster_demo_writes_exactly_the_successful_requests(postgres_databases, redis_url):
    server = postgres_databases.url("postgres").rpartition("/")[0]
    name = f"ops_cluster_{uuid.uuid4().hex[:8]}"
    postgres_databases.created.append(name)  # dropped afterwards even if the demo fails
    argv = [PYTHON, "deploy/cluster_demo.py", "--postgres", server, "--database", name]
    argv += ["--redis", redis_url, "--seconds", "4", "--threads", "2", "--web-workers", "1"]
    result = subprocess.run(
        argv,
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Aufgabe(n) ausgeführt von host-a" in result.stdout
    assert "Aufgabe(n) ausgeführt von host-b" in result.stdout
    assert "-- Sachstände (POST /massnahmen/<pk>/sachstand/)" in result.stdout
    assert "-- PDF-Erzeugung (POST /rat/drucksachen/<pk>/pdf-erzeugen/)" in result.stdout
    assert "Erzeugungen (nie zwei gleichzeitig" in result.stdout
    assert "FEHLER" not in result.stdout
    assert "== Ergebnis: alles in Ordnung" in result.stdout
