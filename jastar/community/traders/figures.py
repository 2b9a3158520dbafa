"""Figures of trader formalisation for the dashboard, the indicators API and the report.

- ``markets``: markets on record (of the district);
- ``traders_registered``: traders registered in the year up to the day;
- ``contracts_signed``: contracts of any kind signed in the year up to the day;
- ``traders_formalised``: traders (each once) with a labour contract (open-ended or
  fixed-term) signed in the year up to the day, against ``target``: the sum of the
  districts' targets of the year;
- ``entrepreneurs``: traders registered as individual entrepreneurs in the year;
- table ``traders_by_district``: target, traders formalised and the percentage.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jastar.analytics.report.document import Column, Kind, Table, table
from jastar.community.figures import Figure, ModuleFigures
from jastar.community.traders import selectors
from jastar.community.traders.models import Market, Trader
from jastar.registry.models import District


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    """The part's figures of ``year`` up to ``today`` (the region when ``district`` is None)."""
    markets = Market.objects.all()
    traders = Trader.objects.filter(registered_on__year=year, registered_on__lte=today)
    if district is not None:
        markets = markets.filter(district=district)
        traders = traders.filter(market__district=district)
    target = selectors.target_total(year=year, district=district)
    formalised = selectors.traders_with_contract(year=year, today=today, district=district)
    figures = (
        Figure("markets", _("Markets"), markets.count()),
        Figure("traders_registered", _("Traders registered"), traders.count()),
        Figure(
            "contracts_signed",
            _("Contracts signed"),
            selectors.contracts_signed(year=year, today=today, district=district),
        ),
        Figure(
            "traders_formalised",
            _("Traders with a labour contract"),
            formalised,
            target=target or None,
        ),
        Figure("target", _("Target: traders with a labour contract"), target),
        Figure(
            "entrepreneurs",
            _("Traders registered as individual entrepreneurs"),
            selectors.entrepreneurs_registered(year=year, today=today, district=district),
        ),
    )
    return ModuleFigures(
        key="traders",
        title=_("Formalising market traders"),
        figures=figures,
        tables=(_district_table(year, today, district),),
        paragraphs=(_summary(year, formalised, target),),
    )


def _district_table(year: int, today: date, district: District | None) -> Table:
    rows = selectors.progress_by_district(year=year, today=today, district=district)
    total_target = sum(r.target or 0 for r in rows)
    total_done = sum(r.formalised for r in rows)
    return table(
        "traders_by_district",
        _("Traders with a labour contract by district"),
        [
            Column(_("District"), Kind.TEXT),
            Column(_("Target")),
            Column(_("Traders with a labour contract")),
            Column(_("Of the target"), Kind.PERCENT),
        ],
        [(r.district.name, r.target, r.formalised, r.percent) for r in rows],
        total=None
        if district is not None
        else (
            _("Region"),
            total_target,
            total_done,
            100 * total_done / total_target if total_target else None,
        ),
    )


def _summary(year: int, formalised: int, target: int) -> str:
    if target:
        return _(
            "In %(year)s, %(done)s market traders got a formal labour contract, against a "
            "target of %(target)s."
        ) % {"year": year, "done": formalised, "target": target}
    return _("In %(year)s, %(done)s market traders got a formal labour contract.") % {
        "year": year,
        "done": formalised,
    }
