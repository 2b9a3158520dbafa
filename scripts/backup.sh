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

PROG=backup
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

manifest_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest-only) manifest_only=1 ;;
    *) other_argument "destination folder" "$1" ;;
  esac
  shift
done
dest=$ARG

env_lines=$(py shell-env backup)
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
