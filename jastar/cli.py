"""The ``jastar`` console command: Django's management commands under one name.

``jastar serve`` is ``runserver`` on 127.0.0.1:8000; every other word is passed on, so
``jastar migrate``, ``jastar demo`` and ``jastar createsuperuser`` work as in Django.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": ["runserver"]}


def management_args(args: list[str]) -> list[str]:
    """Map ``jastar`` arguments to Django's: ``serve`` becomes ``runserver 127.0.0.1:8000``."""
    if not args or args[0] not in ALIASES:
        return args
    mapped = ALIASES[args[0]] + args[1:]
    if not any(not a.startswith("-") for a in mapped[1:]):
        mapped.append("127.0.0.1:8000")
    return mapped


def main(argv: list[str] | None = None) -> None:
    """Run a management command with Jastar's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    args = management_args(list(sys.argv[1:] if argv is None else argv))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jastar", *args])


if __name__ == "__main__":
    main()
