"""A community part made for tests: its figures count the districts it is asked about."""

from __future__ import annotations

from datetime import date

from jastar.analytics.report.document import Column, Kind, table
from jastar.community.figures import Figure, ModuleFigures
from jastar.registry.models import District

CALLS: list[tuple[int, str | None, date]] = []


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    CALLS.append((year, district.code if district else None, today))
    return ModuleFigures(
        key="sample",
        title="Sample part",
        figures=(
            Figure("contracts", "Contracts signed", 123, target=500),
            Figure("share", "Share appointed", 16.0, Kind.PERCENT),
        ),
        tables=(
            table(
                "sample-by-district",
                "By district",
                (Column("District", Kind.TEXT), Column("Contracts")),
                [("Karasai", 123)],
            ),
        ),
        paragraphs=("One hundred and twenty-three contracts were signed.",),
    )
