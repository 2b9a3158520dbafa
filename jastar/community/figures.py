"""What each community part reports: its headline figures and tables for a year.

Every part has ``jastar/community/<part>/figures.py`` with a function::

    def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures

It is called inside ``translation.override`` (labels are translated when it runs), reads
only the part's own selectors, and counts records dated in ``year`` up to ``today`` (for
the whole region when ``district`` is None). The dashboard, the community page, the
indicators API and the yearly report (one section per part) all show these figures, so a
number is computed once and shown the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from jastar.analytics.report.document import Kind, Table, Value, display


@dataclass(frozen=True)
class Figure:
    """One headline number: "Volunteer hours confirmed: 12 480"."""

    key: str  # stable, for the API and tests: "hours_confirmed"
    label: str  # translated
    value: Value
    kind: Kind = Kind.COUNT
    # A target for the year (or the plan), when the part has one: "500 traders".
    target: int | float | None = None

    @property
    def text(self) -> str:
        return display(self.kind, self.value)

    @property
    def target_text(self) -> str:
        return "" if self.target is None else display(self.kind, self.target)

    @property
    def progress(self) -> float | None:
        """The value as a percentage of the target (None without a numeric target)."""
        if self.target in (None, 0) or not isinstance(self.value, int | float):
            return None
        return 100 * float(self.value) / float(self.target)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ModuleFigures:
    """A part's figures of a year: the report prints them as a section of their own."""

    key: str  # the part: "centres", "volunteering", "talent", "prizes", "traders"
    title: str  # translated section title
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...] = ()
    paragraphs: tuple[str, ...] = ()  # translated sentences of the report section

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)
