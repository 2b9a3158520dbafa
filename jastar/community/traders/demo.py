"""Synthetic trader formalisation rows of the demo region.

A dozen markets across the districts, about 700 traders (fewer in a small demo region:
one per ten young people at most), labour contracts for about 500 of them in 2025, and
2025 targets per district that add up to 500 (scaled as the traders are), echoing the
office's "not fewer than 500 market traders to get formal labour contracts" (2025).
Written in bulk without audit events, like the rest of the demo region.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from django.db import transaction

from jastar.community.traders.models import (
    Contract,
    ContractKind,
    FormalisationTarget,
    Market,
    Trader,
    TraderStatus,
)
from jastar.registry.demo.targets import apportion
from jastar.registry.models import District, Employer, Person

FULL_TRADERS: Final = 700
FULL_CONTRACTS: Final = 500
TARGET_YEAR: Final = 2025
PEOPLE_PER_TRADER: Final = 10

# (district, market, traders estimated by the administration)
MARKETS: Final = (
    ("karasai", "Қаскелең орталық базары", 420),
    ("karasai", "Шамалған базары", 120),
    ("konaev", "Қонаев қалалық базары", 380),
    ("enbekshikazakh", "Есік орталық базары", 260),
    ("enbekshikazakh", "Шелек базары", 110),
    ("talgar", "Талғар орталық базары", 300),
    ("ile", "Өтеген батыр базары", 240),
    ("zhambyl", "Ұзынағаш базары", 180),
    ("uighur", "Шонжы базары", 90),
    ("balkhash", "Бақанас базары", 60),
    ("kegen", "Кеген базары", 70),
    ("raiymbek", "Нарынқол базары", 50),
)
GOODS: Final = (
    "көкөніс-жеміс",
    "киім",
    "аяқ киім",
    "ет өнімдері",
    "сүт өнімдері",
    "азық-түлік",
    "тұрмыстық тауарлар",
    "құрылыс материалдары",
)
MIN_WAGE_2025: Final = 85_000


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _markets(rng: random.Random) -> list[Market]:
    districts = District.objects.in_bulk([code for code, _, _ in MARKETS], field_name="code")
    markets = []
    for code, name, estimated in MARKETS:
        district = districts.get(code)
        if district is None:
            continue
        employer = Employer.objects.filter(district=district).order_by("pk").first()
        markets.append(
            Market(
                district=district,
                name=name,
                administration_name=employer.name if employer else f"«{name}» әкімшілігі",
                administration_employer=employer,
                address=f"{district.centre_kk}, базар көшесі, {rng.randint(1, 90)}".strip(", "),
                contact_person="Базар әкімшілігі",
                phone=f"+7 7{rng.randint(0, 99):02d} {rng.randint(1_000_000, 9_999_999)}",
                traders_estimated=estimated,
            )
        )
    return Market.objects.bulk_create(markets)


def _people(markets: list[Market], wanted: int, until: date) -> list[tuple[int, int]]:
    """(person id, market index): adults of each market's district, people the registry
    marks as market traders first, shared among the markets by their size."""
    adult = date(until.year - 18, until.month, min(until.day, 28))
    peopled = set(
        Person.objects.filter(birth_date__lte=adult).values_list("district_id", flat=True)
    )
    weights = {
        str(i): float(m.traders_estimated)
        for i, m in enumerate(markets)
        if m.district_id in peopled
    }
    shares = apportion(wanted, weights) if weights else {}
    taken: set[int] = set(Trader.objects.values_list("person_id", flat=True))
    chosen: list[tuple[int, int]] = []
    for index, market in enumerate(markets):
        want = shares.get(str(index), 0)
        if not want:
            continue
        rows = Person.objects.filter(district=market.district, birth_date__lte=adult)
        marked = rows.filter(vulnerable_groups__code="market_trader")
        ids: list[int] = []
        for query in (marked, rows):
            for pk in (
                query.exclude(pk__in=taken).order_by("pk").values_list("pk", flat=True)[: want * 2]
            ):
                if len(ids) < want and pk not in taken:
                    ids.append(pk)
                    taken.add(pk)
        chosen += [(pk, index) for pk in ids]
    return chosen


@transaction.atomic
def demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Write the demo markets, traders, contracts and targets; counts by table."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    people = Person.objects.count()
    wanted = min(FULL_TRADERS, people // PEOPLE_PER_TRADER)
    markets = _markets(rng)
    chosen = _people(markets, wanted, until)
    traders = [_trader(rng, pk, markets[index], until) for pk, index in chosen]
    Trader.objects.bulk_create(traders)
    contracts = _contracts(rng, traders, until, round(len(traders) * FULL_CONTRACTS / FULL_TRADERS))
    targets = _targets(markets, traders, round(len(traders) * FULL_CONTRACTS / FULL_TRADERS))
    return {
        "traders.market": len(markets),
        "traders.trader": len(traders),
        "traders.contract": contracts,
        "traders.formalisationtarget": targets,
    }


def _trader(rng: random.Random, person_id: int, market: Market, until: date) -> Trader:
    registered = _between(rng, date(2024, 10, 1), min(until, date(2025, 6, 30)))
    return Trader(
        person_id=person_id,
        market=market,
        stall=f"{rng.randint(1, 20)}-қатар, {rng.randint(1, 60)}-орын",
        goods=rng.choice(GOODS),
        trading_since=registered - timedelta(days=rng.randint(60, 3000)),
        registered_on=registered,
        status=TraderStatus.INFORMAL,
    )


def _contracts(rng: random.Random, traders: list[Trader], until: date, wanted: int) -> int:
    end = min(until, date(TARGET_YEAR, 12, 20))
    if end < date(TARGET_YEAR, 2, 1) or not traders:
        return 0
    employers: dict[int, list[int]] = {}
    for pk, district_id in Employer.objects.values_list("pk", "district_id"):
        employers.setdefault(district_id, []).append(pk)
    every = [pk for ids in employers.values() for pk in ids]
    if not every:
        return 0
    signed = rng.sample(traders, min(wanted, len(traders)))
    rows = []
    for trader in signed:
        market = trader.market
        local = employers.get(market.district_id) or every
        employer_id = market.administration_employer_id
        if employer_id is None or rng.random() < 0.3:
            employer_id = rng.choice(local)
        on = _between(rng, max(date(TARGET_YEAR, 2, 1), trader.registered_on), end)
        fixed = rng.random() < 0.2
        rows.append(
            Contract(
                trader=trader,
                employer_id=employer_id,
                signed_on=on,
                kind=ContractKind.FIXED_TERM if fixed else ContractKind.LABOUR,
                ends_on=on + timedelta(days=365) if fixed else None,
                monthly_wage=MIN_WAGE_2025 + 5_000 * rng.randint(0, 20),
                number=f"{on:%y}/{rng.randint(1, 999):03d}",
            )
        )
        trader.status = TraderStatus.FORMALISED
    Contract.objects.bulk_create(rows)
    Trader.objects.bulk_update(signed, ["status"])
    return len(rows)


def _targets(markets: list[Market], traders: list[Trader], total: int) -> int:
    """2025 targets per district, in proportion to its registered traders, adding up to
    ``total`` (500 in the full region)."""
    weights: dict[str, float] = {}
    for trader in traders:
        key = str(trader.market.district_id)
        weights[key] = weights.get(key, 0.0) + 1.0
    if not weights or total <= 0:
        return 0
    rows = [
        FormalisationTarget(district_id=int(key), year=TARGET_YEAR, target=value)
        for key, value in apportion(total, weights).items()
    ]
    FormalisationTarget.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def demo_unload() -> int:
    """Delete every row of this part; the number deleted."""
    deleted = 0
    for model in (Contract, Trader, FormalisationTarget, Market):
        count, _ = model.objects.all().delete()
        deleted += count
    return deleted
