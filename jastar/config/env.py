"""Typed readers for settings taken from the environment.

A bad value fails loudly at start-up with ImproperlyConfigured rather than being
silently replaced by a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean variable; anything but a recognised spelling is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list variable, with blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_positive_int(name: str, default: int) -> int:
    """Return a whole number of 1 or more."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of 1 or more, got {raw!r}")
    return value


def env_weights(name: str) -> dict[str, float]:
    """Return ``name=number`` pairs separated by commas (matching feature weights).

    The names and values are checked against the matching features here, so a typo stops
    start-up instead of being ignored.
    """
    from jastar.matching.features import Weights

    raw = os.environ.get(name, "")
    values: dict[str, float] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        key, sep, number = item.partition("=")
        try:
            values[key.strip()] = float(number) if sep else float("nan")
        except ValueError:
            values[key.strip()] = float("nan")
    try:
        Weights.from_mapping(values)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}, got {raw!r}") from error
    return values


def local_secret_key(path: Path) -> str:
    """A random key kept in ``path`` (made on first use, readable by its owner only).

    For a single office on a laptop; production passes ``JASTAR_SECRET_KEY`` instead.
    """
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if key:
            path.chmod(0o600)
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key)
    return key
