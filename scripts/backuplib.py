"""The Python half of scripts/backup.sh, restore.sh and check-backup.sh.

The scripts run one command of this file at a time with the Python of Jastar's virtualenv:

    python scripts/backuplib.py --prog NAME COMMAND [ARGUMENTS]

    shell-env {backup,restore}  the database DATABASE_URL names and the uploaded files directory,
                                as shell assignments: MEDIA_ROOT, DB_ENGINE, DB_NAME, DB_LABEL
                                and, for PostgreSQL, the PG* variables of libpq
    dump FOLDER                 write the database into FOLDER (backup.sh)
    manifest FOLDER             write FOLDER/manifest.json (backup.sh, after the media archive)
    manifest-only               the database's row counts and checksums as JSON (backup.sh)
    verify FOLDER               check a backup's files against its manifest (restore.sh)
    tables                      how many tables the target database holds (restore.sh)
    restore-sqlite FILE         copy a backed-up SQLite database into place (restore.sh)
    scratch BACKUP_DIR TMP_DIR  name the scratch database to restore into (check-backup.sh)
    create NAME, drop NAME      create or drop a PostgreSQL scratch database (check-backup.sh)
    compare MANIFEST RESTORED   compare a backup's manifest with a restore's (check-backup.sh)

Commands that need the database read the variables `shell-env` printed, which the script has
evaluated. Shell assignments go to standard output as `export NAME=value` lines, quoted for
the shell. A failure is one line on standard error, "NAME: message", and exit status 1.

Only the standard library, dj_database_url and psycopg are used (not Django's settings or
models). The last two are imported when needed, so that a Python without Jastar's packages is
told so plainly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"

# Besides counting every table's rows, these tables' key columns are checksummed: a restore
# with the right number of rows but not the right rows shows here.
KEY_COLUMNS = {
    "registry_person": ["id", "iin"],
    "registry_employer": ["id", "bin"],
    "registry_vacancy": ["id", "employer_id", "status"],
    "registry_placement": ["id", "person_id", "start_date"],
    "core_auditevent": ["id", "action", "target_type", "target_id"],
    "auth_user": ["id", "username"],
    "django_migrations": ["app", "name"],
}
# libpq's connection parameters and the environment variables that set them for pg_dump, psql
# and psycopg. Of DATABASE_URL's query options, the ones named here are passed on.
LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout")
# How the refusal of an in-memory SQLite database ends, by shell-env's purpose.
IN_MEMORY = {"backup": "nothing to back up", "restore": "nothing to restore into"}

Inventory = tuple[dict[str, int], dict[str, str]]


class BackupError(Exception):
    """A failure the operator can act on: printed as one line, then exit status 1."""


# Settings and the database's identity.


def require_packages() -> ModuleType:
    """The dj_database_url module, or a plain error when this Python lacks Jastar's packages."""
    try:
        import dj_database_url as module
    except ImportError:
        raise BackupError(
            f"{sys.executable} lacks Jastar's packages: set PYTHON to its virtualenv's python"
        ) from None
    return module


def parse_database_url(url: str) -> dict[str, Any]:
    """DATABASE_URL as Django settings (ENGINE, NAME, HOST...), parsed as Jastar parses it."""
    module = require_packages()
    try:
        return dict(module.parse(url))
    except Exception as error:
        raise BackupError(f"cannot read DATABASE_URL: {error}") from None


def libpq_params(db: Mapping[str, Any]) -> dict[str, str]:
    """The libpq connection parameters of a PostgreSQL database's settings (empty ones left out)."""
    params = {
        "dbname": db["NAME"],
        "host": db["HOST"],
        "port": str(db["PORT"] or ""),
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    options = db.get("OPTIONS", {})
    params.update({key: str(value) for key, value in options.items() if key in LIBPQ_OPTIONS})
    return {key: value for key, value in params.items() if value}


def export(values: Mapping[str, str]) -> None:
    """Print values as shell assignments for the calling script to evaluate."""
    for name, value in values.items():
        print(f"export {name}={shlex.quote(value)}")


def shell_env(purpose: str) -> None:
    """Print the database and the uploaded files directory as shell assignments.

    Settings are read as Jastar reads them, with the same defaults: DATABASE_URL,
    JASTAR_VAR_DIR and JASTAR_MEDIA_ROOT. purpose is "backup" or "restore".
    """
    root = Path(os.environ["JASTAR_ROOT"])
    var_dir = Path(os.environ.get("JASTAR_VAR_DIR", str(root / "var")))
    url = os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'jastar.sqlite3'}")
    media = os.environ.get("JASTAR_MEDIA_ROOT", str(var_dir / "media"))
    db = parse_database_url(url)
    out = {"MEDIA_ROOT": str(Path(media).absolute())}
    if db["ENGINE"] == POSTGRESQL:
        out.update(DB_ENGINE="postgresql", DB_NAME=db["NAME"])
        out["DB_LABEL"] = f"PostgreSQL database {db['NAME']} on {db['HOST'] or 'localhost'}"
        out.update({LIBPQ_ENV[key]: value for key, value in libpq_params(db).items()})
    elif db["ENGINE"] == SQLITE:
        if not db["NAME"] or ":memory:" in db["NAME"]:
            raise BackupError(
                f"DATABASE_URL names an in-memory SQLite database: {IN_MEMORY[purpose]}"
            )
        path = str(Path(db["NAME"]).absolute())
        out.update(DB_ENGINE="sqlite", DB_NAME=path, DB_LABEL=f"SQLite database {path}")
    else:
        raise BackupError(f"DATABASE_URL is neither PostgreSQL nor SQLite ({db['ENGINE']})")
    export(out)


# Connections.


def connect_target(hint: str = "") -> psycopg.Connection[TupleRow]:
    """A connection to the PostgreSQL database shell-env described (its PG* variables)."""
    import psycopg

    try:
        return psycopg.connect("", autocommit=False)
    except psycopg.Error as error:
        message = f"cannot connect to {os.environ['DB_LABEL']}: {str(error).strip()}"
        raise BackupError(f"{message}\n  {hint}" if hint else message) from None


def open_sqlite_source() -> sqlite3.Connection:
    """A connection to the existing SQLite database shell-env described."""
    path = os.environ["DB_NAME"]
    if not os.path.isfile(path):
        raise BackupError(f"no database at {path} (check DATABASE_URL)")
    return sqlite3.connect(path, timeout=60)


def scalar(cursor: psycopg.Cursor[TupleRow] | sqlite3.Cursor) -> Any:
    """The first column of a query's first row (a count, a setting)."""
    row = cursor.fetchone()
    if row is None:
        raise BackupError("the database answered a query with no row")
    return row[0]


# Inventory: row counts and checksums.


def checksum(rows: Iterable[Sequence[object]]) -> str:
    """The sha256 of rows, one line each, NULL as the empty string."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join("" if v is None else str(v) for v in row).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def pg_tables(cur: psycopg.Cursor[TupleRow]) -> list[tuple[str, str, str]]:
    """Every base table as (schema, name, label); the label omits the public schema."""
    cur.execute(
        "SELECT table_schema, table_name FROM information_schema.tables"
        " WHERE table_type = 'BASE TABLE'"
        " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        " ORDER BY table_schema, table_name"
    )
    return [(s, t, t if s == "public" else f"{s}.{t}") for s, t in cur.fetchall()]


def pg_inventory(conn: psycopg.Connection[TupleRow]) -> Inventory:
    """Row counts of every table and checksums of the key tables, in conn's snapshot."""
    from psycopg import sql

    counts, sums = {}, {}
    with conn.cursor() as cur:
        tables = pg_tables(cur)
        for schema, table, label in tables:
            name = sql.Identifier(schema, table)
            counts[label] = scalar(cur.execute(sql.SQL("SELECT count(*) FROM {}").format(name)))
    present = {label for _, _, label in tables}
    for table, columns in KEY_COLUMNS.items():
        if table in present:
            cols = sql.SQL(", ").join(map(sql.Identifier, columns))
            query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
                cols, sql.Identifier(table), cols
            )
            with conn.cursor(name=f"sum_{table}") as named:  # server-side: streams big tables
                named.itersize = 10_000
                named.execute(query)
                sums[table] = checksum(named)
    return counts, sums


def sqlite_inventory(conn: sqlite3.Connection) -> Inventory:
    """Row counts of every table and checksums of the key tables."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    # Table and column names come from sqlite_master and KEY_COLUMNS, not from input.
    counts = {n: scalar(conn.execute(f'SELECT count(*) FROM "{n}"')) for n in names}  # noqa: S608
    sums = {}
    for table, columns in KEY_COLUMNS.items():
        if table in counts:
            cols = ", ".join(f'"{c}"' for c in columns)
            query = f'SELECT {cols} FROM "{table}" ORDER BY {cols}'  # noqa: S608
            sums[table] = checksum(conn.execute(query))
    return counts, sums


def media_of_archive(path: Path) -> dict[str, int]:
    """How many files a tar archive holds and their total size."""
    with tarfile.open(path) as archive:
        files = [m for m in archive.getmembers() if m.isfile()]
    return {"files": len(files), "bytes": sum(m.size for m in files)}


def media_of_dir(root: str) -> dict[str, int]:
    """How many files a directory holds (at any depth) and their total size."""
    files = [p for p in Path(root).rglob("*") if p.is_file()] if os.path.isdir(root) else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def sha256(path: Path) -> str:
    """The sha256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# backup.sh


def dump(folder: Path) -> None:
    """Write the database into folder; its inventory goes to folder/inventory.json."""
    if os.environ["DB_ENGINE"] == "postgresql":
        info = dump_postgres(folder)
    else:
        info = dump_sqlite(folder)
    (folder / "inventory.json").write_text(json.dumps(info))


def dump_postgres(folder: Path) -> dict[str, Any]:
    """pg_dump the database, and take its inventory in the same snapshot."""
    target = folder / "database.dump"
    with connect_target() as conn:
        # One snapshot for pg_dump and for the counts: the manifest describes the dump exactly.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = scalar(conn.execute("SELECT pg_export_snapshot()"))
        command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
        try:
            pg_dump = subprocess.Popen(command)  # noqa: S603 (fixed arguments)
        except FileNotFoundError:
            raise BackupError(
                "pg_dump not found: install the PostgreSQL client"
                " (apt-get install postgresql-client)"
            ) from None
        counts, sums = pg_inventory(conn)
        if pg_dump.wait() != 0:
            raise BackupError(f"pg_dump failed (exit {pg_dump.returncode}); nothing was kept")
        version = scalar(conn.execute("SHOW server_version"))
        conn.rollback()
    tool = subprocess.run(  # noqa: S603 (fixed arguments)
        ["pg_dump", "--version"],  # noqa: S607 (the PostgreSQL client on PATH, as for pg_dump)
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    database = {
        "engine": "postgresql",
        "name": os.environ["DB_NAME"],
        "file": target.name,
        "server_version": version,
        "pg_dump": tool,
    }
    return {"database": database, "tables": counts, "checksums": sums}


def dump_sqlite(folder: Path) -> dict[str, Any]:
    """Copy the database through SQLite's backup API and take the copy's inventory."""
    source = open_sqlite_source()
    target = folder / "database.sqlite3"
    copy = sqlite3.connect(target)
    # The backup API reads one consistent snapshot, committed WAL pages included.
    source.backup(copy)
    source.close()
    copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
    counts, sums = sqlite_inventory(copy)
    copy.close()
    database = {
        "engine": "sqlite",
        "name": os.environ["DB_NAME"],
        "file": target.name,
        "sqlite_version": sqlite3.sqlite_version,
    }
    return {"database": database, "tables": counts, "checksums": sums}


def write_manifest(folder: Path) -> str:
    """Turn folder/inventory.json into folder/manifest.json; return a summary for the operator."""
    info = json.loads((folder / "inventory.json").read_text())
    (folder / "inventory.json").unlink()
    files = {
        p.name: {"sha256": sha256(p), "bytes": p.stat().st_size}
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
    media = {
        "root": os.environ["MEDIA_ROOT"],
        "file": "media.tar.gz",
        **media_of_archive(folder / "media.tar.gz"),
    }
    document = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": info["database"],
        "media": media,
        "tables": info["tables"],
        "checksums": info["checksums"],
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    rows = sum(info["tables"].values())
    return f"{len(info['tables'])} tables, {rows} rows; {media['files']} media files"


def manifest_only() -> None:
    """Print the database's inventory (and the media directory's) as JSON."""
    if os.environ["DB_ENGINE"] == "postgresql":
        with connect_target() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts, sums = pg_inventory(conn)
            conn.rollback()
    else:
        source = open_sqlite_source()
        counts, sums = sqlite_inventory(source)
        source.close()
    media = media_of_dir(os.environ["MEDIA_ROOT"])
    print(json.dumps({"tables": counts, "checksums": sums, "media": media}, indent=2))


# restore.sh


def read_manifest(folder: Path) -> dict[str, Any]:
    """A backup folder's manifest.json."""
    try:
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a backup made by scripts/backup.sh ({error})") from None
    return manifest


def verify(folder: Path) -> None:
    """Check the backup's files against its manifest; export its database file and counts."""
    manifest = read_manifest(folder)
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} is damaged: its sha256 differs from the manifest's")
    engine = manifest["database"]["engine"]
    if engine != os.environ["DB_ENGINE"]:
        raise BackupError(
            f"the backup holds a {engine} database; DATABASE_URL names {os.environ['DB_LABEL']}"
        )
    export(
        {
            "BACKUP_FILE": str(folder / manifest["database"]["file"]),
            "BACKUP_TABLES": str(len(manifest["tables"])),
            "BACKUP_ROWS": str(sum(manifest["tables"].values())),
        }
    )


def tables_in_target() -> None:
    """Print how many tables the target database holds (0: absent or empty)."""
    if os.environ["DB_ENGINE"] == "postgresql":
        with connect_target("(a missing database is created with: createdb -O USER NAME)") as conn:
            found = scalar(
                conn.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema"
                    " NOT IN ('pg_catalog', 'information_schema')"
                )
            )
    else:
        path = os.environ["DB_NAME"]
        if not os.path.exists(path):
            found = 0
        else:
            target = sqlite3.connect(path, timeout=60)
            found = scalar(
                target.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            )
            target.close()
    print(found)


def restore_sqlite(source_path: Path) -> None:
    """Replace the target SQLite database with a backed-up copy."""
    target_path = os.environ["DB_NAME"]
    Path(target_path).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=60)
    # Replaces the whole target in one step, under SQLite's own locking.
    source.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    source.close()
    target.close()


# check-backup.sh


def scratch(backup: Path, tmp: Path) -> None:
    """Print shell assignments naming the scratch database for the backup's engine."""
    require_packages()  # the same message as the other scripts, whatever the engine
    engine = read_manifest(backup)["database"]["engine"]
    out = {}
    if engine == "sqlite":
        out["SCRATCH_URL"] = f"sqlite:///{tmp / 'restore-check.sqlite3'}"
        out["SCRATCH_LABEL"] = "a temporary SQLite file"
    else:
        url = os.environ.get("DATABASE_URL", "")
        db = parse_database_url(url) if url else {"ENGINE": ""}
        if db["ENGINE"] != POSTGRESQL:
            raise BackupError(
                "the backup holds a PostgreSQL database: point DATABASE_URL at the PostgreSQL"
                " server to restore it on"
            )
        suffix = f"_restore_check_{os.getpid()}"
        name = db["NAME"][: 63 - len(suffix)] + suffix  # PostgreSQL names hold 63 bytes
        out["SCRATCH_URL"] = urlsplit(url)._replace(path="/" + quote(name)).geturl()
        out["SCRATCH_NAME"] = name
        out["SCRATCH_LABEL"] = f"the scratch database {name}"
    export(out)


def connect_server() -> psycopg.Connection[TupleRow]:
    """A connection to the DATABASE_URL server's maintenance database."""
    import psycopg

    params: dict[str, Any] = libpq_params(parse_database_url(os.environ["DATABASE_URL"]))
    params.pop("dbname", None)
    error = None
    for maintenance in ("postgres", "template1"):
        try:
            return psycopg.connect(dbname=maintenance, autocommit=True, **params)
        except psycopg.Error as found:
            error = found
    raise BackupError(f"cannot connect to the PostgreSQL server: {str(error).strip()}")


def create_database(name: str) -> None:
    """Create the scratch database."""
    import psycopg
    from psycopg import sql

    with connect_server() as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            raise BackupError(
                f"cannot create {name} (the database user needs CREATEDB): {str(error).strip()}"
            ) from None


def drop_database(name: str) -> None:
    """Drop the scratch database, closing any connection left to it."""
    import psycopg
    from psycopg import sql

    with connect_server() as conn:
        try:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        except psycopg.errors.SyntaxError:  # PostgreSQL 12 and older
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def number(n: int | None) -> str:
    """A count with thousands separators, "-" for a table one side lacks."""
    return "-" if n is None else f"{n:,}"


def compare(manifest_path: Path, restored_path: Path) -> str:
    """Print the backup's figures beside the restored database's; return the verdict.

    Raises BackupError when any line differs.
    """
    backup = json.loads(manifest_path.read_text())
    restored = json.loads(restored_path.read_text())
    rows, bad = [], 0
    for table in sorted(set(backup["tables"]) | set(restored["tables"])):
        before, after = backup["tables"].get(table), restored["tables"].get(table)
        note = "ok" if before == after else "DIFFERS"
        if table in backup["checksums"] or table in restored["checksums"]:
            same = backup["checksums"].get(table) == restored["checksums"].get(table)
            note += ", checksum ok" if same else ", checksum DIFFERS"
        bad += "DIFFERS" in note
        rows.append((table, before, after, note))
    media, media_after = backup["media"], restored["media"]
    same = (media["files"], media["bytes"]) == (media_after["files"], media_after["bytes"])
    bad += not same
    rows.append(
        ("(uploaded files)", media["files"], media_after["files"], "ok" if same else "DIFFERS")
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'table':<{width}}  {'backup':>12}  {'restored':>12}  result")
    for table, before, after, note in rows:
        print(f"{table:<{width}}  {number(before):>12}  {number(after):>12}  {note}")
    if bad:
        raise BackupError(
            f"{bad} of {len(rows)} lines differ: this backup does not restore faithfully"
        )
    total = sum(backup["tables"].values())
    return (
        f"the backup restores: {len(backup['tables'])} tables, {total:,} rows,"
        f" {len(backup['checksums'])} checksums and {media['files']:,} uploaded files match"
    )


# Command line.


def run_manifest(args: argparse.Namespace) -> None:
    """The manifest command: its summary goes to standard error, as the script's progress."""
    print(f"{args.prog}: {write_manifest(Path(args.folder))}", file=sys.stderr)


def run_compare(args: argparse.Namespace) -> None:
    """The compare command: the verdict follows the table on standard output."""
    print(f"{args.prog}: {compare(Path(args.manifest), Path(args.restored))}")


def parser() -> argparse.ArgumentParser:
    """The command line: a global --prog, then one command and its arguments."""
    top = argparse.ArgumentParser(
        prog="backuplib.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--prog", default="backuplib", help="the name messages start with")
    commands = top.add_subparsers(dest="command", required=True)

    def command(
        name: str, run: Callable[[argparse.Namespace], None], *args: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name)
        for arg in args:
            sub.add_argument(arg)
        sub.set_defaults(run=run)
        return sub

    command("shell-env", lambda a: shell_env(a.purpose)).add_argument(
        "purpose", choices=sorted(IN_MEMORY)
    )
    command("dump", lambda a: dump(Path(a.folder)), "folder")
    command("manifest", run_manifest, "folder")
    command("manifest-only", lambda a: manifest_only())
    command("verify", lambda a: verify(Path(a.folder)), "folder")
    command("tables", lambda a: tables_in_target())
    command("restore-sqlite", lambda a: restore_sqlite(Path(a.file)), "file")
    command("scratch", lambda a: scratch(Path(a.backup), Path(a.tmp)), "backup", "tmp")
    command("create", lambda a: create_database(a.name), "name")
    command("drop", lambda a: drop_database(a.name), "name")
    command("compare", run_compare, "manifest", "restored")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a BackupError becomes "PROG: message" on standard error and status 1."""
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except BackupError as error:
        print(f"{args.prog}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
