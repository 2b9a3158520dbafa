#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database DATABASE_URL names and the
# uploaded files directory (JASTAR_MEDIA_ROOT).
#
#   scripts/restore.sh [--force] [--no-media] BACKUP_DIR
#
#   --force     replace a database that already holds tables, and an uploaded files directory
#               that is not empty (the old directory is kept beside it, renamed
#               <media>.before-restore-<UTC time>)
#   --no-media  restore the database only
#
# Stop the web server and the workers first. The files' sha256 are checked against the
# backup's manifest before anything is touched. PostgreSQL: the database must exist (createdb);
# the whole restore, the removal of the old tables with --force included, is one transaction,
# so a failed restore leaves the database as it was. SQLite: the copy is written through
# SQLite's backup API. After restoring a backup made by an older Jastar, run `jastar migrate`.
#
# Settings are read as Jastar reads them: DATABASE_URL, JASTAR_VAR_DIR, JASTAR_MEDIA_ROOT;
# PYTHON is the interpreter of Jastar's virtualenv (default .venv/bin/python).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
export JASTAR_ROOT=$ROOT

die() {
  echo "restore: $*" >&2
  exit 1
}

[ -x "$PY" ] || die "no Python at $PY: set PYTHON to the python of Jastar's virtualenv"

LIB=$(
  cat <<'PY'
import hashlib, json, os, shlex, sqlite3, sys
from pathlib import Path

LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                 "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}


def fail(message, code=1):
    print(f"restore: {message}", file=sys.stderr)
    sys.exit(code)


def shell_env():
    """The database as shell assignments (PG* variables for psql and psycopg)."""
    try:
        import dj_database_url
    except ImportError:
        fail(f"{sys.executable} lacks Jastar's packages: set PYTHON to its virtualenv's python")
    root = Path(os.environ["JASTAR_ROOT"])
    var_dir = Path(os.environ.get("JASTAR_VAR_DIR", str(root / "var")))
    url = os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'jastar.sqlite3'}")
    media = os.environ.get("JASTAR_MEDIA_ROOT", str(var_dir / "media"))
    try:
        db = dj_database_url.parse(url)
    except Exception as error:
        fail(f"cannot read DATABASE_URL: {error}")
    out = {"MEDIA_ROOT": str(Path(media).absolute())}
    if db["ENGINE"] == "django.db.backends.postgresql":
        out.update(DB_ENGINE="postgresql", DB_NAME=db["NAME"])
        out["DB_LABEL"] = f"PostgreSQL database {db['NAME']} on {db['HOST'] or 'localhost'}"
        pg = {"PGDATABASE": db["NAME"], "PGHOST": db["HOST"], "PGPORT": str(db["PORT"] or ""),
              "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"]}
        pg.update({LIBPQ_OPTIONS[k]: str(v) for k, v in db.get("OPTIONS", {}).items()
                   if k in LIBPQ_OPTIONS})
        out.update({k: v for k, v in pg.items() if v})
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        if not db["NAME"] or ":memory:" in db["NAME"]:
            fail("DATABASE_URL names an in-memory SQLite database: nothing to restore into")
        path = str(Path(db["NAME"]).absolute())
        out.update(DB_ENGINE="sqlite", DB_NAME=path, DB_LABEL=f"SQLite database {path}")
    else:
        fail(f"DATABASE_URL is neither PostgreSQL nor SQLite ({db['ENGINE']})")
    for name, value in out.items():
        print(f"export {name}={shlex.quote(value)}")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder):
    """Check the backup's files against its manifest; print its engine and database file."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        fail(f"{folder} is not a backup made by scripts/backup.sh ({error})")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            fail(f"{path} is missing")
        if sha256(path) != expected["sha256"]:
            fail(f"{path} is damaged: its sha256 differs from the manifest's")
    engine = manifest["database"]["engine"]
    if engine != os.environ["DB_ENGINE"]:
        fail(f"the backup holds a {engine} database; DATABASE_URL names {os.environ['DB_LABEL']}")
    print(f"export BACKUP_FILE={shlex.quote(str(folder / manifest['database']['file']))}")
    print(f"export BACKUP_TABLES={len(manifest['tables'])}")
    print(f"export BACKUP_ROWS={sum(manifest['tables'].values())}")


def tables_in_target():
    """How many tables the target database holds (0: absent or empty)."""
    if os.environ["DB_ENGINE"] == "postgresql":
        import psycopg
        try:
            with psycopg.connect("") as conn:
                found = conn.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema"
                    " NOT IN ('pg_catalog', 'information_schema')").fetchone()[0]
        except psycopg.Error as error:
            fail(f"cannot connect to {os.environ['DB_LABEL']}: {str(error).strip()}\n"
                 "  (a missing database is created with: createdb -O USER NAME)")
    else:
        path = os.environ["DB_NAME"]
        if not os.path.exists(path):
            found = 0
        else:
            conn = sqlite3.connect(path, timeout=60)
            found = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                 " AND name NOT LIKE 'sqlite_%'").fetchone()[0]
            conn.close()
    print(found)


def restore_sqlite(source_path):
    target_path = os.environ["DB_NAME"]
    Path(target_path).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=60)
    # Replaces the whole target in one step, under SQLite's own locking.
    source.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    source.close()
    target.close()


commands = {"env": shell_env, "verify": verify, "tables": tables_in_target,
            "restore-sqlite": restore_sqlite}
commands[sys.argv[1]](*sys.argv[2:])
PY
)

py() {
  "$PY" -c "$LIB" "$@"
}

force=0
media=1
backup=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --no-media) media=0 ;;
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
[ -n "$backup" ] || die "which backup? scripts/restore.sh [--force] [--no-media] BACKUP_DIR"
[ -d "$backup" ] || die "$backup is not a folder"
backup=$(cd "$backup" && pwd)

env_lines=$(py env)
eval "$env_lines"
checked=$(py verify "$backup")
eval "$checked"

# Refuse to overwrite anything unless told to: both checks come before any change.
tables=$(py tables)
if [ "$tables" != 0 ] && [ "$force" = 0 ]; then
  noun=tables
  [ "$tables" != 1 ] || noun=table
  die "$DB_LABEL already holds $tables $noun; nothing was changed (--force replaces them)"
fi
media_busy=0
if [ "$media" = 1 ] && [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  media_busy=1
  [ "$force" = 1 ] || die "$MEDIA_ROOT is not empty; nothing was changed (--force replaces it)"
fi

echo "restore: $backup into $DB_LABEL" >&2
if [ "$DB_ENGINE" = postgresql ]; then
  if ! command -v pg_restore >/dev/null || ! command -v psql >/dev/null; then
    die "pg_restore and psql not found: install the PostgreSQL client (apt-get install postgresql-client)"
  fi
  # One transaction: psql stops at the first error (ON_ERROR_STOP) and nothing is kept. If
  # pg_restore itself fails, the lines after its output make psql fail too ('\.' ends a COPY
  # it may have cut short; the exception rolls everything back).
  {
    echo "SET client_min_messages = warning;"
    if [ "$tables" != 0 ]; then
      echo "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
    fi
    if pg_restore --no-owner --no-privileges --file=- "$BACKUP_FILE"; then
      echo "ANALYZE;"
    else
      printf '%s\n' '\.' "DO \$\$ BEGIN RAISE EXCEPTION 'pg_restore failed'; END \$\$;"
    fi
  } | psql -X -q -v ON_ERROR_STOP=1 --single-transaction --file=- >/dev/null ||
    die "the restore failed; $DB_LABEL is unchanged"
else
  py restore-sqlite "$BACKUP_FILE"
fi
echo "restore: database restored: $BACKUP_TABLES tables, $BACKUP_ROWS rows" >&2

if [ "$media" = 1 ]; then
  parent=$(dirname "$MEDIA_ROOT")
  mkdir -p "$parent"
  fresh=$(mktemp -d "$parent/.media-restore.XXXXXX")
  trap 'rm -rf "$fresh"' EXIT
  tar -xzf "$backup/media.tar.gz" --no-same-owner -C "$fresh"
  # The restored directory takes the permissions of the one it replaces.
  if [ -d "$MEDIA_ROOT" ]; then
    chmod --reference="$MEDIA_ROOT" "$fresh"
  else
    chmod 755 "$fresh"
  fi
  if [ "$media_busy" = 1 ]; then
    kept="$MEDIA_ROOT.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$MEDIA_ROOT" "$kept"
    echo "restore: the previous uploaded files are kept in $kept" >&2
  elif [ -d "$MEDIA_ROOT" ]; then
    rmdir "$MEDIA_ROOT"
  fi
  mv "$fresh" "$MEDIA_ROOT"
  trap - EXIT
  echo "restore: uploaded files restored into $MEDIA_ROOT" >&2
fi
