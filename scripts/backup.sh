#!/usr/bin/env bash
# Back up Jastar: the database DATABASE_URL names and the uploaded files (JASTAR_MEDIA_ROOT).
#
#   scripts/backup.sh [DEST_DIR]       write DEST_DIR/jastar-<UTC time>/ (default var/backups)
#   scripts/backup.sh --manifest-only  print the database's row counts and checksums as JSON
#                                      (scripts/check-backup.sh compares a restore with them)
#
# The backup folder holds:
#   database.dump    PostgreSQL: pg_dump --format=custom, taken in one snapshot
#   database.sqlite3 SQLite: a consistent copy made through SQLite's backup API (the live
#                    file is in WAL mode: copying it with cp could catch half a transaction)
#   media.tar.gz     the uploaded files
#   manifest.json    row counts of every table and checksums of key tables, taken in the same
#                    snapshot as the dump; the sha256 of each file (scripts/restore.sh checks them)
# Only the folder's path goes to standard output; progress goes to standard error. The folder
# is readable by its owner only (it holds personal data), and appears only once complete.
#
# Settings are read as Jastar reads them: DATABASE_URL (default sqlite:///$JASTAR_VAR_DIR/
# jastar.sqlite3), JASTAR_VAR_DIR (default var/), JASTAR_MEDIA_ROOT (default $JASTAR_VAR_DIR/
# media). PYTHON is the interpreter of Jastar's virtualenv (default .venv/bin/python).
set -euo pipefail
umask 077

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
export JASTAR_ROOT=$ROOT

die() {
  echo "backup: $*" >&2
  exit 1
}

[ -x "$PY" ] || die "no Python at $PY: set PYTHON to the python of Jastar's virtualenv"

LIB=$(
  cat <<'PY'
import hashlib, json, os, shlex, sqlite3, subprocess, sys, tarfile
from datetime import datetime, timezone
from pathlib import Path

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
# URL query options passed on to pg_dump and psycopg as libpq variables.
LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                 "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}


def fail(message):
    sys.exit(f"backup: {message}")


def shell_env():
    """The database as shell assignments (PG* variables for pg_dump and psycopg)."""
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
            fail("DATABASE_URL names an in-memory SQLite database: nothing to back up")
        path = str(Path(db["NAME"]).absolute())
        out.update(DB_ENGINE="sqlite", DB_NAME=path, DB_LABEL=f"SQLite database {path}")
    else:
        fail(f"DATABASE_URL is neither PostgreSQL nor SQLite ({db['ENGINE']})")
    for name, value in out.items():
        print(f"export {name}={shlex.quote(value)}")


def pg_tables(cur):
    cur.execute("SELECT table_schema, table_name FROM information_schema.tables"
                " WHERE table_type = 'BASE TABLE'"
                " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                " ORDER BY table_schema, table_name")
    return [(s, t, t if s == "public" else f"{s}.{t}") for s, t in cur.fetchall()]


def checksum(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join("" if v is None else str(v) for v in row).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def pg_inventory(conn):
    """Row counts of every table and checksums of the key tables, in conn's snapshot."""
    from psycopg import sql
    counts, sums = {}, {}
    with conn.cursor() as cur:
        tables = pg_tables(cur)
        for schema, table, label in tables:
            name = sql.Identifier(schema, table)
            counts[label] = cur.execute(sql.SQL("SELECT count(*) FROM {}").format(name)).fetchone()[0]
    present = {label for _, _, label in tables}
    for table, columns in KEY_COLUMNS.items():
        if table in present:
            cols = sql.SQL(", ").join(map(sql.Identifier, columns))
            query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(cols, sql.Identifier(table), cols)
            with conn.cursor(name=f"sum_{table}") as cur:  # server-side: streams big tables
                cur.itersize = 10_000
                cur.execute(query)
                sums[table] = checksum(cur)
    return counts, sums


def sqlite_inventory(conn):
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    counts = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    sums = {}
    for table, columns in KEY_COLUMNS.items():
        if table in counts:
            cols = ", ".join(f'"{c}"' for c in columns)
            sums[table] = checksum(conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY {cols}'))
    return counts, sums


def dump(folder):
    """Write the database into folder; its inventory goes to folder/inventory.json."""
    folder = Path(folder)
    if os.environ["DB_ENGINE"] == "postgresql":
        info = dump_postgres(folder)
    else:
        info = dump_sqlite(folder)
    (folder / "inventory.json").write_text(json.dumps(info))


def dump_postgres(folder):
    import psycopg
    target = folder / "database.dump"
    try:
        conn = psycopg.connect("", autocommit=False)
    except psycopg.Error as error:
        fail(f"cannot connect to {os.environ['DB_LABEL']}: {error}".strip())
    with conn:
        # One snapshot for pg_dump and for the counts: the manifest describes the dump exactly.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
        try:
            pg_dump = subprocess.Popen(command)
        except FileNotFoundError:
            fail("pg_dump not found: install the PostgreSQL client (apt-get install postgresql-client)")
        counts, sums = pg_inventory(conn)
        if pg_dump.wait() != 0:
            fail(f"pg_dump failed (exit {pg_dump.returncode}); nothing was kept")
        version = conn.execute("SHOW server_version").fetchone()[0]
        conn.rollback()
    tool = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.strip()
    database = {"engine": "postgresql", "name": os.environ["DB_NAME"], "file": target.name,
                "server_version": version, "pg_dump": tool}
    return {"database": database, "tables": counts, "checksums": sums}


def dump_sqlite(folder):
    source_path = os.environ["DB_NAME"]
    if not os.path.isfile(source_path):
        fail(f"no database at {source_path} (check DATABASE_URL)")
    target = folder / "database.sqlite3"
    source = sqlite3.connect(source_path, timeout=60)
    copy = sqlite3.connect(target)
    # The backup API reads one consistent snapshot, committed WAL pages included.
    source.backup(copy)
    source.close()
    copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
    counts, sums = sqlite_inventory(copy)
    copy.close()
    database = {"engine": "sqlite", "name": source_path, "file": target.name,
                "sqlite_version": sqlite3.sqlite_version}
    return {"database": database, "tables": counts, "checksums": sums}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_of_archive(path):
    with tarfile.open(path) as archive:
        files = [m for m in archive.getmembers() if m.isfile()]
    return {"files": len(files), "bytes": sum(m.size for m in files)}


def media_of_dir(root):
    files = [p for p in Path(root).rglob("*") if p.is_file()] if os.path.isdir(root) else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def manifest(folder):
    folder = Path(folder)
    info = json.loads((folder / "inventory.json").read_text())
    (folder / "inventory.json").unlink()
    files = {p.name: {"sha256": sha256(p), "bytes": p.stat().st_size}
             for p in sorted(folder.iterdir()) if p.is_file()}
    media = {"root": os.environ["MEDIA_ROOT"], "file": "media.tar.gz",
             **media_of_archive(folder / "media.tar.gz")}
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    document = {"format": 1, "created_at": created, "database": info["database"], "media": media,
                "tables": info["tables"], "checksums": info["checksums"], "files": files}
    (folder / "manifest.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    rows = sum(info["tables"].values())
    print(f"backup: {len(info['tables'])} tables, {rows} rows; {media['files']} media files",
          file=sys.stderr)


def manifest_only():
    """The database's inventory (and the media directory's) as JSON on standard output."""
    if os.environ["DB_ENGINE"] == "postgresql":
        import psycopg
        try:
            conn = psycopg.connect("", autocommit=False)
        except psycopg.Error as error:
            fail(f"cannot connect to {os.environ['DB_LABEL']}: {error}".strip())
        with conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts, sums = pg_inventory(conn)
            conn.rollback()
    else:
        if not os.path.isfile(os.environ["DB_NAME"]):
            fail(f"no database at {os.environ['DB_NAME']} (check DATABASE_URL)")
        conn = sqlite3.connect(os.environ["DB_NAME"], timeout=60)
        counts, sums = sqlite_inventory(conn)
        conn.close()
    media = media_of_dir(os.environ["MEDIA_ROOT"])
    print(json.dumps({"tables": counts, "checksums": sums, "media": media}, indent=2))


commands = {"env": shell_env, "dump": dump, "manifest": manifest, "manifest-only": manifest_only}
commands[sys.argv[1]](*sys.argv[2:])
PY
)

py() {
  "$PY" -c "$LIB" "$@"
}

manifest_only=0
dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest-only) manifest_only=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      [ -z "$dest" ] || die "one destination folder only (see --help)"
      dest=$1
      ;;
  esac
  shift
done

env_lines=$(py env)
eval "$env_lines"

if [ "$manifest_only" = 1 ]; then
  py manifest-only
  exit 0
fi

dest=${dest:-${JASTAR_VAR_DIR:-$ROOT/var}/backups}
mkdir -p "$dest"
folder="$(cd "$dest" && pwd)/jastar-$(date -u +%Y%m%dT%H%M%SZ)"
[ ! -e "$folder" ] || die "$folder already exists: wait a second and run again"
partial="$folder.partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

echo "backup: $DB_LABEL into $folder" >&2
py dump "$partial"

# After the database: an import waiting in the dump finds its uploaded file in the archive.
if [ -d "$MEDIA_ROOT" ]; then
  status=0
  tar -C "$MEDIA_ROOT" -czf "$partial/media.tar.gz" . || status=$?
  if [ "$status" = 1 ]; then # GNU tar: a file changed while it was read
    echo "backup: some uploaded files changed while they were archived (an upload or a" \
      "report being written); the archive holds them as they were read" >&2
  elif [ "$status" != 0 ]; then
    die "tar failed (exit $status) archiving $MEDIA_ROOT"
  fi
else
  echo "backup: no media directory at $MEDIA_ROOT: the archive is empty" >&2
  tar -czf "$partial/media.tar.gz" --files-from /dev/null
fi

py manifest "$partial"
mv "$partial" "$folder"
trap - EXIT
echo "$folder"
