"""Markets, traders and contracts for tests, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from jastar.community.traders import services
from jastar.community.traders.models import Contract, Market, Trader
from jastar.registry.models import Employer, Person
from jastar.registry.tests.factories import district, make_employer, make_person


def make_market(**overrides: Any) -> Market:
    """The Kaskelen central market in Karasai, run by a registered administration."""
    values: dict[str, Any] = {
        "district": district("karasai"),
        "name": "Қаскелең орталық базары",
        "administration_name": "«Қаскелең базар» ЖШС",
        "traders_estimated": 300,
    }
    values.update(overrides)
    return services.market_create(actor=None, **values)


def make_trader(
    market: Market | None = None, person: Person | None = None, **overrides: Any
) -> Trader:
    market = market or make_market()
    person = person or make_person(district=market.district, status="employed")
    values: dict[str, Any] = {
        "registered_on": date(2025, 2, 1),
        "stall": "3-ряд, 14",
        "goods": "көкөніс",
    }
    values.update(overrides)
    return services.trader_register(actor=None, person=person, market=market, **values)


def sign(
    trader: Trader, employer: Employer | None = None, on: date = date(2025, 4, 10), **kw: Any
) -> Contract:
    employer = employer or make_employer(district=trader.market.district)
    return services.contract_sign(actor=None, trader=trader, employer=employer, signed_on=on, **kw)
