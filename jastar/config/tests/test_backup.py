"""scripts/backup.sh, restore.sh and check-backup.sh, run as an operator runs them.

The database tests commit rows (``transaction=True``) so the scripts, in their own
processes, see them. On PostgreSQL they back up the test database itself; pytest-django's
SQLite test database lives in memory, so there it is first copied into a file.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from jastar.registry.models import Person
from jastar.registry.tests.factories import make_employer, make_person, make_vacancy

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own scripts, fixed arguments)
        [str(SCRIPTS / script), *args],
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def backup(env: dict[str, str], dest: Path) -> Path:
    done = run("backup.sh", str(dest), env=env)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def postgres_url(name: str) -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{user}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{quote(name)}"


def server() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(postgres_url("postgres"), autocommit=True)


def databases_named(prefix: str) -> list[str]:
    with server() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
        ).fetchall()
    return [str(row[0]) for row in rows]


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "imports").mkdir(parents=True)
    (root / "imports" / "people.csv").write_text("iin;last_name\n", encoding="utf-8")
    return root


@pytest.fixture
def live(transactional_db: None, tmp_path: Path, media: Path) -> dict[str, str]:
    """The environment naming a database with committed rows, and the uploaded files."""
    for first_name in ("Әйгерім", "Дана", "Нұрлан"):
        make_person(first_name=first_name)
    make_vacancy(employer=make_employer())
    env = {"JASTAR_MEDIA_ROOT": str(media), "JASTAR_VAR_DIR": str(tmp_path / "var")}
    if connection.vendor == "postgresql":
        return {**env, "DATABASE_URL": postgres_url(connection.settings_dict["NAME"])}
    copy_path = tmp_path / "jastar.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(copy_path)
    connection.connection.backup(copy)
    copy.close()
    return {**env, "DATABASE_URL": f"sqlite:///{copy_path}"}


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An empty database to restore into, of the test database's kind."""
    env = {"JASTAR_MEDIA_ROOT": str(tmp_path / "restored-media")}
    if connection.vendor != "postgresql":
        yield {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}"}
        return
    name = f"{connection.settings_dict['NAME']}_restore_test_{os.getpid()}"
    with server() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**env, "DATABASE_URL": postgres_url(name)}
    finally:
        with server() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def leave_a_table(env: dict[str, str]) -> None:
    """Make the target non-empty: one table Jastar does not have."""
    if connection.vendor == "postgresql":
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("CREATE TABLE leftover (x integer)")
        return
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE leftover (x integer)")


def table_names(env: dict[str, str]) -> set[str]:
    done = run("backup.sh", "--manifest-only", env=env)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout)["tables"])


class CheckBackupTests:
    def test_a_fresh_backup_restores_with_every_row_checksum_and_file(self, live):
        done = run("check-backup.sh", env=live)
        assert done.returncode == 0, done.stderr
        assert re.search(r"^registry_person\s+3\s+3\s+ok, checksum ok$", done.stdout, re.M)
        assert re.search(r"^registry_vacancy\s+1\s+1\s+ok, checksum ok$", done.stdout, re.M)
        assert re.search(r"^\(uploaded files\)\s+1\s+1\s+ok$", done.stdout, re.M)
        assert "DIFFERS" not in done.stdout
        assert "the backup restores" in done.stdout
        if connection.vendor == "postgresql":  # the scratch database is gone
            assert databases_named(f"{connection.settings_dict['NAME']}_restore_check_") == []


class RestoreTests:
    def test_refuses_a_database_holding_tables_unless_forced(self, live, target, tmp_path):
        folder = backup(live, tmp_path / "backups")
        leave_a_table(target)

        refused = run("restore.sh", str(folder), env=target)
        assert refused.returncode == 1
        assert "already holds 1 table; nothing was changed (--force replaces them)" in (
            refused.stderr
        )
        assert table_names(target) == {"leftover"}

        forced = run("restore.sh", "--force", str(folder), env=target)
        assert forced.returncode == 0, forced.stderr
        tables = table_names(target)
        assert "leftover" not in tables and "registry_person" in tables
        restored = Path(target["JASTAR_MEDIA_ROOT"], "imports", "people.csv")
        assert restored.read_text(encoding="utf-8") == "iin;last_name\n"

    def test_the_live_database_is_left_as_it_was(self, live, tmp_path):
        folder = backup(live, tmp_path / "backups")
        refused = run("restore.sh", "--no-media", str(folder), env=live)
        assert refused.returncode == 1
        assert Person.objects.count() == 3


class DamageTests:
    """A hand-made SQLite database: the scripts themselves, on any test database."""

    @pytest.fixture
    def small(self, tmp_path: Path, media: Path) -> dict[str, str]:
        path = tmp_path / "small.sqlite3"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE registry_person (id integer PRIMARY KEY, iin text)")
            conn.executemany(
                "INSERT INTO registry_person VALUES (?, ?)", [(1, "030514650018"), (2, "9")]
            )
        return {"DATABASE_URL": f"sqlite:///{path}", "JASTAR_MEDIA_ROOT": str(media)}

    def test_check_fails_when_the_restored_rows_differ_from_the_manifest(self, small, tmp_path):
        folder = backup(small, tmp_path / "backups")
        manifest = folder / "manifest.json"
        manifest.write_text(
            manifest.read_text().replace('"registry_person": 2', '"registry_person": 3')
        )
        done = run("check-backup.sh", str(folder), env=small)
        assert done.returncode == 1
        assert re.search(r"^registry_person\s+3\s+2\s+DIFFERS, checksum ok$", done.stdout, re.M)
        assert "does not restore faithfully" in done.stderr

    def test_restore_refuses_uploaded_files_it_would_replace_unless_forced(self, small, tmp_path):
        folder = backup(small, tmp_path / "backups")
        media = tmp_path / "other-media"
        media.mkdir()
        (media / "newer.csv").write_text("x", encoding="utf-8")
        target = {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
            "JASTAR_MEDIA_ROOT": str(media),
        }
        refused = run("restore.sh", str(folder), env=target)
        assert refused.returncode == 1
        assert "is not empty; nothing was changed (--force replaces it)" in refused.stderr
        assert sorted(p.name for p in media.iterdir()) == ["newer.csv"]
        assert not (tmp_path / "new.sqlite3").exists()

        forced = run("restore.sh", "--force", str(folder), env=target)
        assert forced.returncode == 0, forced.stderr
        assert sorted(p.name for p in media.iterdir()) == ["imports"]
        kept = list(tmp_path.glob("other-media.before-restore-*"))
        assert [sorted(p.name for p in k.iterdir()) for k in kept] == [["newer.csv"]]

    def test_restore_refuses_a_damaged_file_before_touching_anything(self, small, tmp_path):
        folder = backup(small, tmp_path / "backups")
        with open(folder / "media.tar.gz", "ab") as archive:
            archive.write(b"\0")
        target = {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
        done = run("restore.sh", str(folder), env=target)
        assert done.returncode == 1
        assert "media.tar.gz is damaged" in done.stderr
        assert not (tmp_path / "new.sqlite3").exists()

    def test_backup_names_a_database_that_does_not_exist(self, tmp_path):
        env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'absent.sqlite3'}"}
        done = run("backup.sh", str(tmp_path / "backups"), env=env)
        assert done.returncode == 1
        assert "no database at" in done.stderr
        assert list((tmp_path / "backups").iterdir()) == []
