"""Workspace pages of trader formalisation: progress, markets, and the forms that record
and change markets, traders (and their leaving), contracts (and their end) and targets.
Views parse input, call one selector or service, and render; who sees what is the access
layer's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.community.traders import selectors, services
from jastar.community.traders.forms import (
    ContractEndForm,
    ContractForm,
    MarketDetailsForm,
    MarketForm,
    TargetsForm,
    TraderForm,
    TraderLeaveForm,
    YearForm,
)
from jastar.community.traders.models import FormalisationTarget, Market, Trader
from jastar.core.access import (
    can_manage_in_district,
    can_see_personal_data,
    people_for,
    scope_of,
    sees_region,
)
from jastar.registry.models import District
from jastar.web.employer.forms import add_service_errors
from jastar.web.people.common import office_only

PER_PAGE = 50


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    return YearForm(request.GET or None).year_or(today.year)


def _districts(request: HttpRequest) -> QuerySet[District]:
    """The districts the user records markets of: every one, or their own."""
    scope = scope_of(request.user)
    rows = District.objects.all()
    own = [] if scope.district_id is None else [scope.district_id]
    return rows if scope.all_districts else rows.filter(pk__in=own)


def _require_manage(request: HttpRequest, district_id: int) -> None:
    """Refuse (403) a user who may not record traders of the district."""
    if not can_manage_in_district(request.user, district_id):
        raise PermissionDenied


def _named(request: HttpRequest, trader: Trader, where: str) -> bool:
    """Whether the page may name ``trader``; when it does, the view is audited."""
    named = can_see_personal_data(request.user, trader.person)
    if named:
        services.traders_shown(actor=request.user, traders=[trader], where=where)
    return named


def _to_market(market: Market) -> HttpResponse:
    return redirect("community:traders:market", market_id=market.pk)


@office_only
def progress(request: HttpRequest) -> HttpResponse:
    """Traders with a labour contract in the year against each district's target."""
    year = _year(request)
    today = timezone.localdate()
    rows = selectors.progress_by_district(year=year, today=today, user=request.user)
    target = sum(r.target or 0 for r in rows)
    done = sum(r.formalised for r in rows)
    context = {
        "year": year,
        "rows": rows,
        "target": target,
        "done": done,
        "percent": 100 * done / target if target else None,
        "can_set_targets": sees_region(request.user) and scope_of(request.user).edits_people,
        "can_add_market": scope_of(request.user).edits_people,
    }
    return render(request, "traders/progress.html", context)


@office_only
def markets(request: HttpRequest) -> HttpResponse:
    """The markets the user sees, with their traders and formalised traders."""
    rows = selectors.markets_for(request.user).order_by("district__code", "name")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_add_market": scope_of(request.user).edits_people}
    return render(request, "traders/markets.html", context)


@office_only
def market(request: HttpRequest, market_id: int) -> HttpResponse:
    """A market, its traders and their contracts; names only for those who may see them
    (audited), record numbers for the others."""
    found = selectors.market_for(request.user, market_id)
    traders = selectors.traders_for(request.user, market=found).prefetch_related(
        "contracts__employer"
    )
    page = Paginator(traders, PER_PAGE).get_page(request.GET.get("page"))
    named = can_see_personal_data(request.user)
    if named:
        services.traders_shown(actor=request.user, traders=page.object_list, where=found.name)
    context = {
        "market": found,
        "page": page,
        "named": named,
        "can_manage": can_manage_in_district(request.user, found.district_id),
        "today": timezone.localdate(),
    }
    return render(request, "traders/market.html", context)


@office_only
def market_new(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).edits_people:
        raise PermissionDenied
    form = MarketForm(request.POST or None, districts=_districts(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.market_create(actor=request.user, **form.details())
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The market is recorded."))
            return _to_market(created)
    return render(request, "traders/form.html", {"form": form, "title": _("New market")})


@office_only
def market_edit(request: HttpRequest, market_id: int) -> HttpResponse:
    """Change a market's name, administration and contacts (its district stays)."""
    found = selectors.market_for(request.user, market_id)
    _require_manage(request, found.district_id)
    form = MarketDetailsForm(request.POST or None, initial=MarketDetailsForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.market_update(actor=request.user, market=found, **form.details())
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The changes are saved."))
            return _to_market(found)
    context = {"form": form, "title": _("Edit the market"), "lead": found.name, "market": found}
    return render(request, "traders/form.html", context)


@office_only
def trader_new(request: HttpRequest, market_id: int) -> HttpResponse:
    """Register a trader of the market: a person the user reaches, by IIN."""
    found = selectors.market_for(request.user, market_id)
    _require_manage(request, found.district_id)
    form = TraderForm(request.POST or None, people=people_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.trader_register(
                actor=request.user,
                person=data.pop("iin"),
                market=found,
                **data,
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The trader is registered."))
            return _to_market(found)
    return render(request, "traders/trader_new.html", {"form": form, "market": found})


@office_only
def contract_new(request: HttpRequest, trader_id: int) -> HttpResponse:
    """Record a contract a trader signed."""
    trader = selectors.trader_for(request.user, trader_id)
    _require_manage(request, trader.market.district_id)
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.contract_sign(
                actor=request.user,
                trader=trader,
                employer=data.pop("employer_bin"),
                today=timezone.localdate(),
                **data,
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The contract is recorded."))
            return _to_market(trader.market)
    named = _named(request, trader, "contract form")
    context = {"form": form, "trader": trader, "named": named}
    return render(request, "traders/contract_new.html", context)


def _trader_lead(request: HttpRequest, trader: Trader, where: str) -> str:
    """Who the form is about: the trader's name (when it may be shown) or record number,
    the market and the stall."""
    who = trader.person.full_name if _named(request, trader, where) else str(trader.person_id)
    return " · ".join(part for part in (who, trader.market.name, trader.stall) if part)


@office_only
def contract_end(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Record the day a contract ended (the market page posts here; a refused date comes
    back on the form)."""
    contract = selectors.contract_for(request.user, contract_id)
    trader = contract.trader
    _require_manage(request, trader.market.district_id)
    form = ContractEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_end(
                actor=request.user, contract=contract, on=form.cleaned_data["ends_on"]
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The contract is ended."))
            return _to_market(trader.market)
    context = {
        "form": form,
        "title": _("End the contract"),
        "lead": _trader_lead(request, trader, "contract end form"),
        "market": trader.market,
    }
    return render(request, "traders/form.html", context)


@office_only
def trader_leave(request: HttpRequest, trader_id: int) -> HttpResponse:
    """Record that a trader left the market (the market page posts here; a refused date
    comes back on the form)."""
    trader = selectors.trader_for(request.user, trader_id)
    _require_manage(request, trader.market.district_id)
    form = TraderLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trader_leave(
                actor=request.user, trader=trader, on=form.cleaned_data["left_on"]
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("The trader has left the market."))
            return _to_market(trader.market)
    context = {
        "form": form,
        "title": _("The trader left the market"),
        "lead": _trader_lead(request, trader, "trader leave form"),
        "market": trader.market,
    }
    return render(request, "traders/form.html", context)


@office_only
def targets(request: HttpRequest) -> HttpResponse:
    """Set each district's target of the year (regional officers and administrators)."""
    if not (sees_region(request.user) and scope_of(request.user).edits_people):
        raise PermissionDenied
    year = _year(request)
    current = dict(
        FormalisationTarget.objects.filter(year=year).values_list("district_id", "target")
    )
    initial = {f"d{pk}": value for pk, value in current.items()}
    form = TargetsForm(request.POST or None, districts=District.objects.all(), initial=initial)
    if request.method == "POST" and form.is_valid():
        for district, value in form.targets():
            services.target_set(actor=request.user, district=district, year=year, target=value)
        messages.success(request, _("The targets are saved."))
        return redirect(f"{request.path}?year={year}")
    return render(request, "traders/targets.html", {"form": form, "year": year})
