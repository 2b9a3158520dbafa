"""Named centres for the tests: Karasai's open youth centre, Kegen's planned one."""

from __future__ import annotations

from datetime import date
from typing import Any

from jastar.community.centres.models import Centre, CentreKind
from jastar.community.centres.services import centre_create
from jastar.registry.tests.factories import district


def kaskelen_centre(**overrides: Any) -> Centre:
    """Karasai's youth centre in Kaskelen, open since 1 March 2025, 60 places."""
    values: dict[str, Any] = {
        "district": district("karasai"),
        "kind": CentreKind.YOUTH_CENTRE,
        "name_kk": "Қаскелең жастар орталығы",
        "name_ru": "Молодёжный центр Каскелена",
        "name_en": "Kaskelen Youth Centre",
        "address": "Қаскелең қ., Абылай хан к., 12",
        "capacity": 60,
        "opened_on": date(2025, 3, 1),
    }
    values.update(overrides)
    return centre_create(actor=None, **values)


def kegen_planned(**overrides: Any) -> Centre:
    """Kegen's coworking space, planned for September 2026."""
    values: dict[str, Any] = {
        "district": district("kegen"),
        "kind": CentreKind.COWORKING,
        "name_kk": "Кеген коворкингі",
        "name_ru": "Коворкинг Кегена",
        "capacity": 25,
        "planned_on": date(2026, 9, 1),
    }
    values.update(overrides)
    return centre_create(actor=None, **values)
