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

PROG=check-backup
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

for arg in "$@"; do
  other_argument "backup folder" "$arg"
done
backup=$ARG

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
