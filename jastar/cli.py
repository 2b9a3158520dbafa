"""The ``jastar`` console command: Django's management commands under one name.

``jastar serve`` is ``runserver`` on 127.0.0.1:8000; every other word is passed on, so
``jastar migrate``, ``jastar demo`` and ``jastar createsuperuser`` work as in Django.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": ["runserver"]}


def main(argv: list[str] | None = None) -> None:
    """Run a management command with Jastar's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args = ALIASES[args[0]] + args[1:]
        if args[0] == "runserver" and not any(not a.startswith("-") for a in args[1:]):
            args.append("127.0.0.1:8000")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jastar", *args])


if __name__ == "__main__":
    main()
