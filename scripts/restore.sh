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

PROG=restore
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

force=0
media=1
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --no-media) media=0 ;;
    *) other_argument "backup folder" "$1" ;;
  esac
  shift
done
backup=$ARG
[ -n "$backup" ] || die "which backup? scripts/restore.sh [--force] [--no-media] BACKUP_DIR"
[ -d "$backup" ] || die "$backup is not a folder"
backup=$(cd "$backup" && pwd)

env_lines=$(py shell-env restore)
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
