"""The measured impact of a program edition, shown on the edition's admin page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jastar.insight.models import ProgramImpact

CAVEATS = {
    "few_treated": _("fewer than 50 participants could be compared"),
    "many_dropped": _("over a tenth of participants had no comparable non-participant"),
    "poor_balance": _("the groups still differ in some feature after matching"),
    "unobserved_confounding": _("differences nobody recorded, such as motivation, may remain"),
}


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f}"


class ProgramImpactInline(admin.TabularInline[ProgramImpact, Any]):
    """The measured impact on the edition's page (computed by ``jastar impact``)."""

    model = ProgramImpact
    extra = 0
    can_delete = False
    verbose_name_plural = _("measured impact on employment (jastar impact)")
    fields = ("horizon", "effect_points", "interval", "naive_points", "people", "notes")
    readonly_fields = fields

    @admin.display(description=_("effect, percentage points"))
    def effect_points(self, item: ProgramImpact) -> str:
        return _points(item.effect)

    @admin.display(description=_("confidence interval"))
    def interval(self, item: ProgramImpact) -> str:
        return "–" if item.effect is None else f"{_points(item.ci_low)} … {_points(item.ci_high)}"

    @admin.display(description=_("naive difference"))
    def naive_points(self, item: ProgramImpact) -> str:
        return _points(item.naive)

    @admin.display(description=_("participants matched"))
    def people(self, item: ProgramImpact) -> str:
        return f"{item.matched} / {item.participants}"

    @admin.display(description=_("caveats"))
    def notes(self, item: ProgramImpact) -> str:
        if item.unavailable:
            return item.unavailable
        return "; ".join(str(CAVEATS.get(code, code)) for code in item.caveats)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
