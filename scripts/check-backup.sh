#!/usr/bin/env bash
# Prove that a backup restores: restore it into a scratch database and compare.
#
#   scripts/check-backup.sh               back up the DATABASE_URL database now and check that
#   scripts/check-backup.sh BACKUP_DIR    check a backup made earlier by scripts/backup.sh
#
# The backup is restored with scripts/restore.sh into a scratch database (PostgreSQL: a new
# database <name>_restore_check_<pid> on the DATABASE_URL server, dropped afterwards; SQLite:
# a temporary file) and a scratch uploaded files directory. Then the row count of every table,
# the checksums of key tables (people's ids and IINs, employers' BINs, vacancies, placements,
# users, the audit log, the applied migrations) and the number of uploaded files are compared
# with the backup's manifest, which was taken in the same snapshot as the dump. Prints one
# line per table and exits non-zero on any difference. The live database is only read.
#
# PostgreSQL needs a database user allowed to create databases (CREATEDB).
# Settings are read as Jastar reads them: DATABASE_URL, JASTAR_VAR_DIR, JASTAR_MEDIA_ROOT;
# PYTHON is the interpreter of Jastar's virtualenv (default .venv/bin/python).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
export JASTAR_ROOT=$ROOT

die() {
  echo "check-backup: $*" >&2
  exit 1
}

[ -x "$PY" ] || die "no Python at $PY: set PYTHON to the python of Jastar's virtualenv"

LIB=$(
  cat <<'PY'
import json, os, shlex, sys
from pathlib import Path
from urllib.parse import quote, urlsplit

LIBPQ_OPTIONS = {"sslmode": "sslmode", "sslrootcert": "sslrootcert", "sslcert": "sslcert",
                 "sslkey": "sslkey", "connect_timeout": "connect_timeout"}


def fail(message):
    sys.exit(f"check-backup: {message}")


def scratch(backup, tmp):
    """Shell assignments naming the scratch database for the backup's engine."""
    try:
        import dj_database_url
    except ImportError:
        fail(f"{sys.executable} lacks Jastar's packages: set PYTHON to its virtualenv's python")
    engine = json.loads((Path(backup) / "manifest.json").read_text())["database"]["engine"]
    out = {}
    if engine == "sqlite":
        out["SCRATCH_URL"] = f"sqlite:///{Path(tmp, 'restore-check.sqlite3')}"
        out["SCRATCH_LABEL"] = "a temporary SQLite file"
    else:
        url = os.environ.get("DATABASE_URL", "")
        try:
            db = dj_database_url.parse(url) if url else {"ENGINE": ""}
        except Exception as error:
            fail(f"cannot read DATABASE_URL: {error}")
        if db["ENGINE"] != "django.db.backends.postgresql":
            fail("the backup holds a PostgreSQL database: point DATABASE_URL at the PostgreSQL"
                 " server to restore it on")
        suffix = f"_restore_check_{os.getpid()}"
        name = db["NAME"][: 63 - len(suffix)] + suffix  # PostgreSQL names hold 63 bytes
        out["SCRATCH_URL"] = urlsplit(url)._replace(path="/" + quote(name)).geturl()
        out["SCRATCH_NAME"] = name
        out["SCRATCH_LABEL"] = f"the scratch database {name}"
    for key, value in out.items():
        print(f"export {key}={shlex.quote(value)}")


def server():
    """A connection to the DATABASE_URL server's maintenance database."""
    import dj_database_url
    import psycopg
    db = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"],
              "password": db["PASSWORD"]}
    params.update({LIBPQ_OPTIONS[k]: v for k, v in db.get("OPTIONS", {}).items()
                   if k in LIBPQ_OPTIONS})
    params = {k: str(v) for k, v in params.items() if v}
    error = None
    for maintenance in ("postgres", "template1"):
        try:
            return psycopg.connect(dbname=maintenance, autocommit=True, **params)
        except psycopg.Error as found:
            error = found
    fail(f"cannot connect to the PostgreSQL server: {str(error).strip()}")


def create(name):
    import psycopg
    from psycopg import sql
    with server() as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            fail(f"cannot create {name} (the database user needs CREATEDB): {str(error).strip()}")


def drop(name):
    import psycopg
    from psycopg import sql
    with server() as conn:
        try:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
        except psycopg.errors.SyntaxError:  # PostgreSQL 12 and older
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def compare(manifest_path, restored_path):
    """Print the backup's figures beside the restored database's; exit 1 on a difference."""
    backup = json.loads(Path(manifest_path).read_text())
    restored = json.loads(Path(restored_path).read_text())
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
    rows.append(("(uploaded files)", media["files"], media_after["files"], "ok" if same else "DIFFERS"))
    width = max(len(r[0]) for r in rows)
    print(f"{'table':<{width}}  {'backup':>12}  {'restored':>12}  result")
    for table, before, after, note in rows:
        print(f"{table:<{width}}  {number(before):>12}  {number(after):>12}  {note}")
    if bad:
        print(f"check-backup: {bad} of {len(rows)} lines differ: this backup does not restore"
              " faithfully", file=sys.stderr)
        sys.exit(1)
    total = sum(backup["tables"].values())
    print(f"check-backup: the backup restores: {len(backup['tables'])} tables, {total:,} rows,"
          f" {len(backup['checksums'])} checksums and {media['files']:,} uploaded files match")


def number(n):
    return "-" if n is None else f"{n:,}"


commands = {"scratch": scratch, "create": create, "drop": drop, "compare": compare}
commands[sys.argv[1]](*sys.argv[2:])
PY
)

py() {
  "$PY" -c "$LIB" "$@"
}

backup=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      [ -z "$backup" ] || die "one backup folder only (see --help)"
      backup=$1
      ;;
  esac
  shift
done

tmp=$(mktemp -d)
SCRATCH_NAME=""
cleanup() {
  if [ -n "$SCRATCH_NAME" ]; then
    py drop "$SCRATCH_NAME" || echo "check-backup: could not drop $SCRATCH_NAME; drop it by hand" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$backup" ]; then
  backup=$("$ROOT/scripts/backup.sh" "$tmp/backup")
fi
[ -f "$backup/manifest.json" ] || die "$backup is not a backup made by scripts/backup.sh"

scratch_lines=$(py scratch "$backup" "$tmp")
eval "$scratch_lines"
if [ -n "${SCRATCH_NAME:-}" ]; then
  name=$SCRATCH_NAME
  SCRATCH_NAME=""
  py create "$name"
  SCRATCH_NAME=$name # from here on, cleanup drops it
fi

echo "check-backup: restoring $backup into $SCRATCH_LABEL" >&2
DATABASE_URL=$SCRATCH_URL JASTAR_MEDIA_ROOT=$tmp/media "$ROOT/scripts/restore.sh" "$backup"
DATABASE_URL=$SCRATCH_URL JASTAR_MEDIA_ROOT=$tmp/media \
  "$ROOT/scripts/backup.sh" --manifest-only >"$tmp/restored.json"
py compare "$backup/manifest.json" "$tmp/restored.json"
