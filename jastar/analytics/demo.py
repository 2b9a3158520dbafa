"""Targets of the synthetic demo region, from the published job-creation map.

The 2025 map plans 60,000 placements in the region, a third of them young people: 20,000
youth placements. A demo region of ``people`` young people gets that figure scaled by its
share of the full region (``jastar.registry.demo.targets.scaled``), divided among the
districts in proportion to their young people in the registry.
"""

from __future__ import annotations

from typing import Any, Final

from django.db import transaction
from django.db.models import Count

from jastar.analytics.models import Target, TargetIndicator
from jastar.programs.models import Program
from jastar.registry.demo.targets import apportion, scaled
from jastar.registry.models import District, Person

DEMO_NOTE: Final = "synthetic demo target"
# Youth placements for the full region (432,000 young people). 2025: a third of the
# 60,000 placements of the published job-creation map. 2026: a demo assumption, not a
# published figure (the 2025 pace kept up and raised).
YOUTH_PLACEMENT_TARGETS: Final[dict[int, int]] = {2025: 20_000, 2026: 28_000}
# "Not fewer than 500" market traders to get formal labour contracts in 2025 (the office,
# March 2025): participants of the trader formalisation program.
TRADER_PROGRAM: Final = "trader_formalisation"
TRADERS_FORMALISED_2025: Final = 500


def _youth_by_district() -> dict[str, float]:
    rows = Person.objects.values("district_id").annotate(n=Count("id")).order_by()
    return {str(row["district_id"]): float(row["n"]) for row in rows if row["n"]}


def _put(**fields: Any) -> None:
    # Demo rows are synthetic bulk data: written without audit events, like the rest of
    # the demo region, but checked like any target.
    value = fields.pop("value")
    target = Target.objects.filter(**fields).first() or Target(**fields)
    target.value = value
    target.full_clean()
    target.save()


@transaction.atomic
def demo_targets_write(*, people: int) -> int:
    """Write the demo region's youth-placement targets for 2025 and 2026.

    Each year gets a region row and one row per district with young people in the
    registry; the district rows add up to the region row exactly (largest remainder).
    Returns the number of rows written.
    """
    weights = _youth_by_district()
    districts = District.objects.in_bulk([int(key) for key in weights])
    written = 0
    for year, full_region in YOUTH_PLACEMENT_TARGETS.items():
        region = scaled(full_region, people)
        _put(
            year=year,
            indicator=TargetIndicator.PLACED,
            value=region,
            note=DEMO_NOTE,
        )
        written += 1
        shares = apportion(region, weights) if weights else {}
        for key, value in shares.items():
            _put(
                year=year,
                district=districts[int(key)],
                indicator=TargetIndicator.PLACED,
                value=value,
                note=DEMO_NOTE,
            )
            written += 1
    traders = Program.objects.filter(code=TRADER_PROGRAM).first()
    if traders is not None:
        _put(
            year=2025,
            indicator=TargetIndicator.PARTICIPANTS,
            program=traders,
            value=scaled(TRADERS_FORMALISED_2025, people),
            note=DEMO_NOTE,
        )
        written += 1
    return written
