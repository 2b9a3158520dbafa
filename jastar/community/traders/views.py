"""Workspace pages of trader formalisation: progress, markets, and the forms that record
markets, traders, contracts and targets. Views parse input, call one selector or
service, and render; who sees what is the access layer's."""

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
    ContractForm,
    MarketForm,
    TargetsForm,
    TraderForm,
    YearForm,
)
from jastar.community.traders.models import FormalisationTarget
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
            return redirect("community:traders:market", market_id=created.pk)
    return render(request, "traders/market_new.html", {"form": form})


@office_only
def trader_new(request: HttpRequest, market_id: int) -> HttpResponse:
    """Register a trader of the market: a person the user reaches, by IIN."""
    found = selectors.market_for(request.user, market_id)
    if not can_manage_in_district(request.user, found.district_id):
        raise PermissionDenied
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
            return redirect("community:traders:market", market_id=found.pk)
    return render(request, "traders/trader_new.html", {"form": form, "market": found})


@office_only
def contract_new(request: HttpRequest, trader_id: int) -> HttpResponse:
    """Record a contract a trader signed."""
    trader = selectors.trader_for(request.user, trader_id)
    if not can_manage_in_district(request.user, trader.market.district_id):
        raise PermissionDenied
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
            return redirect("community:traders:market", market_id=trader.market_id)
    named = can_see_personal_data(request.user, trader.person)
    if named:
        services.traders_shown(actor=request.user, traders=[trader], where="contract form")
    context = {"form": form, "trader": trader, "named": named}
    return render(request, "traders/contract_new.html", context)


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
