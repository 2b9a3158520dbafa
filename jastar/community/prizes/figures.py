"""The figures of youth prizes and grants for a year (key ``prizes``).

- ``calls``: calls of the year opened by the day (region-wide: calls are regional);
- ``applications``: applications submitted in the year up to the day;
- ``winners``: awards decided in the year up to the day;
- ``amount_tenge``: their amounts in tenge; ``amount_mrp``: of it, the amounts of calls
  set in MRP, in MRP;
- tables: by prize (applications, winners, amount) and winners by district.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from jastar.analytics.report.document import Column, Kind, Table, table
from jastar.community.figures import Figure, ModuleFigures
from jastar.community.prizes.models import Application
from jastar.community.prizes.selectors import (
    applications_of_year,
    awards_of_year,
    calls_of_year,
    prize_list,
)
from jastar.core.i18n import localized
from jastar.registry.models import District


def _by_prize(applications: dict[int, int], awards: dict[int, tuple[int, int]]) -> Table:
    rows = []
    for prize in prize_list():
        winners, amount = awards.get(prize.pk, (0, 0))
        count = applications.get(prize.pk, 0)
        if count or winners:
            rows.append((prize.name, count, winners, amount))
    total = (
        _("Total"),
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
    )
    columns = (
        Column(_("Prize or grant"), Kind.TEXT),
        Column(_("Applications")),
        Column(_("Winners")),
        Column(_("Amount awarded, ₸"), Kind.TENGE),
    )
    return table("prizes_by_prize", _("Prizes and grants"), columns, rows, total)


def _by_district(awards: list[tuple[int, int, int]]) -> Table:
    names = {
        d.pk: localized(d, "name") for d in District.objects.filter(pk__in=[a[0] for a in awards])
    }
    rows = sorted(((names.get(pk, ""), n, amount) for pk, n, amount in awards), key=lambda r: r[0])
    total = (_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows))
    columns = (
        Column(_("District"), Kind.TEXT),
        Column(_("Winners")),
        Column(_("Amount awarded, ₸"), Kind.TENGE),
    )
    return table("prizes_by_district", _("Winners by district"), columns, rows, total)


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    """Calls, applications, winners and amounts of ``year`` up to ``today``."""
    applications = applications_of_year(year=year, district=district, today=today)
    awards = awards_of_year(year=year, district=district, today=today)
    totals = awards.aggregate(n=Count("id"), tenge=Sum("amount_tenge"), mrp=Sum("amount_mrp"))
    amount = int(totals["tenge"] or 0)
    mrp = Decimal(totals["mrp"] or 0)
    by_prize_apps = _count_by_prize(applications)
    by_prize_awards = {
        pk: (n, int(tenge or 0))
        for pk, n, tenge in awards.values("application__call__prize")
        .annotate(n=Count("id"), tenge=Sum("amount_tenge"))
        .values_list("application__call__prize", "n", "tenge")
    }
    by_district = [
        (pk, n, int(tenge or 0))
        for pk, n, tenge in awards.values("application__district")
        .annotate(n=Count("id"), tenge=Sum("amount_tenge"))
        .values_list("application__district", "n", "tenge")
    ]
    figures = (
        Figure("calls", _("Calls of the year"), calls_of_year(year=year, today=today).count()),
        Figure("applications", _("Applications"), applications.count()),
        Figure("winners", _("Winners"), int(totals["n"] or 0)),
        Figure("amount_tenge", _("Amount awarded, ₸"), amount, Kind.TENGE),
        Figure("amount_mrp", _("Of it in MRP"), float(mrp)),
    )
    paragraph = _(
        "Youth prizes and grants in %(year)d: applications %(applications)d, winners "
        "%(winners)d, amount awarded %(amount)s ₸."
    ) % {
        "year": year,
        "applications": applications.count(),
        "winners": int(totals["n"] or 0),
        "amount": figures[3].text,
    }
    return ModuleFigures(
        key="prizes",
        title=_("Youth prizes and grants"),
        figures=figures,
        tables=(_by_prize(by_prize_apps, by_prize_awards), _by_district(by_district)),
        paragraphs=(paragraph,),
    )


def _count_by_prize(applications: QuerySet[Application]) -> dict[int, int]:
    rows = applications.values("call__prize").annotate(n=Count("id"))
    return {row["call__prize"]: row["n"] for row in rows}
