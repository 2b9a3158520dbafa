# shellcheck shell=bash
# What scripts/backup.sh, restore.sh and check-backup.sh share. Each sets PROG, the name its
# messages start with, then sources this file, which sets ROOT (Jastar's folder), PY (the
# Python of Jastar's virtualenv: PYTHON, default .venv/bin/python) and JASTAR_ROOT, and stops
# at once if there is no such Python.

: "${PROG:?set PROG before sourcing scripts/common.sh}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
export JASTAR_ROOT=$ROOT

# Print "PROG: message" on standard error and exit 1.
die() {
  echo "$PROG: $*" >&2
  exit 1
}

# Print the comment at the top of the running script: its --help.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# Handle an argument that is not one of the script's own options: --help prints the help and
# exits, another option is refused, and anything else is the one argument the script takes
# (WHAT names it in the message when there are two), kept in ARG.
#   other_argument WHAT ARGUMENT
ARG=""
other_argument() {
  case "$2" in
    -h | --help)
      usage
      exit 0
      ;;
    -*) die "unknown option $2 (see --help)" ;;
    *)
      [ -z "$ARG" ] || die "one $1 only (see --help)"
      ARG=$2
      ;;
  esac
}

# Run one command of scripts/backuplib.py, the Python half of the scripts.
py() {
  "$PY" "$ROOT/scripts/backuplib.py" --prog "$PROG" "$@"
}

[ -x "$PY" ] || die "no Python at $PY: set PYTHON to the python of Jastar's virtualenv"
