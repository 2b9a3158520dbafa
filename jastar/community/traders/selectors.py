"""Reads of trader formalisation, always through the access layer.

Markets are district-bound rows (``in_districts_for``); traders and contracts are rows
about a person (``related_to_people_for``). Progress is counted per market district: a
trader counts once in a year, when a contract of a target kind (a labour contract,
open-ended or fixed-term) was signed in that year up to the day asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jastar.community.traders.models import (
    TARGET_KINDS,
    Contract,
    ContractKind,
    FormalisationTarget,
    Market,
    Trader,
)
from jastar.core.access import AnyUser, in_districts_for, related_to_people_for, scope_of
from jastar.registry.models import District


def market_list(*, district: District | None = None) -> QuerySet[Market]:
    """Every market (of ``district``), with its district and administration, and counts of
    its traders and formalised traders."""
    rows = Market.objects.select_related("district", "administration_employer").annotate(
        trader_count=Count("traders", distinct=True),
        formalised_count=Count("traders", filter=Q(traders__status="formalised"), distinct=True),
    )
    return rows if district is None else rows.filter(district=district)


def markets_for(user: AnyUser, *, district: District | None = None) -> QuerySet[Market]:
    """The markets ``user`` may see."""
    return in_districts_for(user, market_list(district=district))


def market_for(user: AnyUser, market_id: int | str) -> Market:
    """One market ``user`` may see, or 404."""
    found = markets_for(user).filter(pk=market_id).first()
    if found is None:
        raise Http404
    return found


def trader_list() -> QuerySet[Trader]:
    return Trader.objects.select_related("person__district", "market__district")


def traders_for(
    user: AnyUser, *, market: Market | None = None, district: District | None = None
) -> QuerySet[Trader]:
    """Traders whose person ``user`` reaches (of ``market`` or of a market in ``district``)."""
    rows = related_to_people_for(user, trader_list())
    if market is not None:
        rows = rows.filter(market=market)
    if district is not None:
        rows = rows.filter(market__district=district)
    return rows


def trader_for(user: AnyUser, trader_id: int | str) -> Trader:
    found = traders_for(user).filter(pk=trader_id).first()
    if found is None:
        raise Http404
    return found


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "trader__person__district", "trader__market__district", "employer"
    )


def contract_for(user: AnyUser, contract_id: int | str) -> Contract:
    """One contract of a trader ``user`` reaches, or 404."""
    found = contracts_for(user).filter(pk=contract_id).first()
    if found is None:
        raise Http404
    return found


def contracts_for(
    user: AnyUser, *, market: Market | None = None, year: int | None = None
) -> QuerySet[Contract]:
    """Contracts of the traders ``user`` reaches (of ``market``, signed in ``year``)."""
    rows = related_to_people_for(user, contract_list(), prefix="trader__person__")
    if market is not None:
        rows = rows.filter(trader__market=market)
    if year is not None:
        rows = rows.filter(signed_on__year=year)
    return rows


# --- Figures (no personal data: counts only) -------------------------------------------------


def _markets_in(district: District | None) -> Q:
    return Q() if district is None else Q(trader__market__district=district)


def contracts_signed(*, year: int, today: date, district: District | None = None) -> int:
    """Contracts of any kind signed in ``year`` up to ``today``."""
    rows = Contract.objects.filter(signed_on__year=year, signed_on__lte=today)
    return rows.filter(_markets_in(district)).count()


def traders_with_contract(
    *,
    year: int,
    today: date,
    district: District | None = None,
    kinds: tuple[str, ...] = TARGET_KINDS,
) -> int:
    """Traders (each once) with a contract of ``kinds`` signed in ``year`` up to ``today``."""
    rows = Contract.objects.filter(signed_on__year=year, signed_on__lte=today, kind__in=kinds)
    return rows.filter(_markets_in(district)).values("trader").distinct().count()


def entrepreneurs_registered(*, year: int, today: date, district: District | None = None) -> int:
    return traders_with_contract(
        year=year, today=today, district=district, kinds=(ContractKind.ENTREPRENEUR,)
    )


def target_total(*, year: int, district: District | None = None) -> int:
    """The target of ``district``, or of the region (the sum of district targets)."""
    rows = FormalisationTarget.objects.filter(year=year)
    if district is not None:
        rows = rows.filter(district=district)
    return sum(rows.values_list("target", flat=True))


@dataclass(frozen=True)
class DistrictProgress:
    district: District
    markets: int
    traders: int
    target: int | None
    formalised: int

    @property
    def percent(self) -> float | None:
        if not self.target:
            return None
        return 100 * self.formalised / self.target


def progress_by_district(
    *, year: int, today: date, district: District | None = None, user: AnyUser = None
) -> list[DistrictProgress]:
    """Per district (those with a target, a market or a contract): target, traders
    formalised in ``year`` up to ``today`` and markets. With ``user``, only the districts
    they see (a case worker their own)."""
    targets = dict(
        FormalisationTarget.objects.filter(year=year).values_list("district_id", "target")
    )
    formalised = dict(
        Contract.objects.filter(signed_on__year=year, signed_on__lte=today, kind__in=TARGET_KINDS)
        .values_list("trader__market__district_id")
        .annotate(n=Count("trader", distinct=True))
        .order_by()
    )
    markets = dict(Market.objects.values_list("district_id").annotate(n=Count("pk")).order_by())
    traders = dict(
        Trader.objects.values_list("market__district_id").annotate(n=Count("pk")).order_by()
    )
    ids = set(targets) | set(formalised) | set(markets)
    districts = District.objects.filter(pk__in=ids)
    if district is not None:
        districts = districts.filter(pk=district.pk)
    if user is not None:
        scope = scope_of(user)
        if not scope.all_districts:
            own = [] if scope.district_id is None else [scope.district_id]
            districts = districts.filter(pk__in=own)
    return [
        DistrictProgress(
            district=d,
            markets=markets.get(d.pk, 0),
            traders=traders.get(d.pk, 0),
            target=targets.get(d.pk),
            formalised=formalised.get(d.pk, 0),
        )
        for d in districts
    ]
