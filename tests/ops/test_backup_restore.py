"""A backup restored into a fresh database holds exactly what the original held."""

import shutil
import subprocess

from psycopg import sql

from tests.ops.processes import BASE_DIR, manage, production_env


def _tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


def _row_counts(conn) -> dict[str, int]:
    count = sql.SQL("SELECT count(*) FROM {}")
    return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in _tables(conn)}


def _sha256_columns(conn) -> dict[str, list]:
    """Every column named sha256 in any table: (primary key, sha256) row by row."""
    tables = conn.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name = 'sha256' ORDER BY 1"
    ).fetchall()
    result = {}
    for (table,) in tables:
        pk = conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary",
            [f'"{table}"'],
        ).fetchone()
        query = sql.SQL("SELECT {}, sha256 FROM {} ORDER BY 1")
        result[table] = conn.execute(
            query.format(sql.Identifier(pk[0]), sql.Identifier(table))
        ).fetchall()
    return result


def _sequences(conn) -> dict[str, int | None]:
    rows = conn.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
    return dict(rows)


def test_backup_restored_into_a_fresh_database_is_identical(
    postgres_databases, postgres_templates, tmp_path
):
    original_media = tmp_path / "media-original"
    original_media.mkdir()
    (original_media / "drucksachen").mkdir()
    (original_media / "drucksachen" / "2026-001.pdf").write_bytes(b"%PDF-1.7 test")
    demo = postgres_databases.create("ops_original", template=postgres_templates("demo"))
    original = production_env(DATABASE_URL=demo, MEDIA_ROOT=str(original_media))
    result = manage("backup", "--dir", str(tmp_path / "backups"), env=original)
    dump = next((tmp_path / "backups").glob("*.dump"))
    assert f"geschrieben: {dump}" in result.stdout

    restored_media = tmp_path / "media-restored"
    restored = production_env(
        DATABASE_URL=postgres_databases.create("ops_restored"), MEDIA_ROOT=str(restored_media)
    )
    manage("restore", str(dump), "--noinput", env=restored)

    with (
        postgres_databases.connect(original["DATABASE_URL"]) as before,
        postgres_databases.connect(restored["DATABASE_URL"]) as after,
    ):
        counts = _row_counts(before)
        assert counts["measures_measure"] > 0  # the demo data is there to compare
        assert _row_counts(after) == counts
        assert _sha256_columns(after) == _sha256_columns(before)
        assert _sequences(after) == _sequences(before)
    assert (restored_media / "drucksachen" / "2026-001.pdf").read_bytes() == b"%PDF-1.7 test"
    # The restored database is usable: the schema is complete, nothing left to migrate.
    check = manage("migrate", "--check", env=restored, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_restore_asks_before_replacing_and_stops_without_yes(postgres_databases, tmp_path):
    env = production_env(DATABASE_URL=postgres_databases.create("ops_ask"))
    (tmp_path / "x.dump").write_bytes(b"")
    result = subprocess.run(
        [*_manage_argv(), "restore", str(tmp_path / "x.dump")],
        cwd=BASE_DIR,
        env=env,
        input="nein\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Abgebrochen; nichts wurde verändert." in result.stderr


def test_make_restore_refuses_without_file():
    result = subprocess.run(
        ["make", "restore"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "FILE=" in result.stdout + result.stderr


def _manage_argv():
    import sys

    return [sys.executable, "manage.py"]


def test_on_sqlite_backup_writes_json_that_restore_loads_into_a_fresh_database(
    tmp_path, migrated_sqlite, process_state
):
    """Any database: dumpdata/loaddata through the same two commands."""
    media = tmp_path / "media"
    (media / "drucksachen").mkdir(parents=True)
    (media / "drucksachen" / "a.pdf").write_bytes(b"%PDF a")
    shutil.copyfile(migrated_sqlite, tmp_path / "source.sqlite3")
    source = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'source.sqlite3'}", MEDIA_ROOT=str(media)
    )
    manage("loaddemo", "--force", env=source)
    manage("backup", "--dir", str(tmp_path / "backups"), env=source)
    dump = next((tmp_path / "backups").glob("*.json"))

    target = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'target.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media-restored"),
    )
    manage("restore", str(dump), "--noinput", env=target)
    assert _model_counts(process_state(target)) == _model_counts(process_state(source))
    assert (tmp_path / "media-restored" / "drucksachen" / "a.pdf").read_bytes() == b"%PDF a"
    # Never on top of existing data: a second restore refuses.
    again = manage("restore", str(dump), "--noinput", env=target, check=False)
    assert again.returncode != 0
    assert "nur in eine leere Datenbank" in again.stderr


def _model_counts(state) -> dict:
    from django.apps import apps

    counts = {m._meta.label: state.count(m) for m in apps.get_models() if m._meta.managed}
    # Rebuilt by migrate, not part of a backup.
    for label in ("contenttypes.ContentType", "auth.Permission", "sessions.Session"):
        counts.pop(label, None)
    return counts
