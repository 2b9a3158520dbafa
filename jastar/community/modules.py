"""The community parts, and what is gathered from all of them.

``settings.JASTAR_COMMUNITY_MODULES`` lists the parts' packages (a registry of dotted
paths, so a region can run without a part). From each package this module reads, when
present:

- ``figures.module_figures(*, year, district, today) -> ModuleFigures``;
- ``demo.demo_load(*, seed, until) -> dict[str, int]`` and ``demo.demo_unload() -> int``,
  called by the demo region's loader after (and before) the registry's own rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from jastar.community.figures import ModuleFigures
from jastar.registry.models import District


def community_modules() -> list[str]:
    """The packages of the community parts in use, in the order pages show them."""
    return list(settings.JASTAR_COMMUNITY_MODULES)


def _submodule(package: str, name: str) -> ModuleType | None:
    try:
        return import_module(f"{package}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{package}.{name}":
            raise
        return None


def _hooks(name: str, attribute: str) -> list[Callable[..., Any]]:
    found = []
    for package in community_modules():
        module = _submodule(package, name)
        if module is not None and hasattr(module, attribute):
            found.append(getattr(module, attribute))
    return found


def community_figures(
    *, year: int, district: District | None = None, today: date | None = None
) -> list[ModuleFigures]:
    """Every part's figures of ``year`` (up to ``today``), in the active language."""
    on = min(today or timezone.localdate(), date(year, 12, 31))
    return [
        module_figures(year=year, district=district, today=on)
        for module_figures in _hooks("figures", "module_figures")
    ]


def community_demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Write every part's synthetic demo rows (after the registry's); counts by table."""
    counts: dict[str, int] = {}
    for load in _hooks("demo", "demo_load"):
        counts.update(load(seed=seed, until=until))
    return counts


def community_demo_unload() -> int:
    """Delete every part's demo rows (before the registry's); the number deleted."""
    return sum(unload() for unload in reversed(_hooks("demo", "demo_unload")))


def module_link(module: ModuleFigures) -> str:
    """The part's own first page (``/community/<part>/``), or "" if it has none."""
    path = f"{reverse('community:home')}{module.key}/"
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path
