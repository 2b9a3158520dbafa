#!/usr/bin/env python
"""Django's manage.py, for tools that expect one; ``jastar`` is the same command."""

from jastar.cli import main

if __name__ == "__main__":
    main()
