"""What the yearly report says: its sentences, key figures and tables, in one language.

:func:`report_content` reads two dashboards (the year, and the previous year over the same
months) and writes everything inside ``translation.override(lang)``; the renderers only
lay it out. Definitions of the figures: ``docs/indicators.md``.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jastar.analytics.report import formatting as fmt
from jastar.analytics.report import sentences, tables
from jastar.analytics.report.document import (
    Column,
    Figures,
    KeyFigure,
    Kind,
    Report,
    Row,
    Section,
    Table,
)
from jastar.analytics.selectors import Dashboard, dashboard
from jastar.community.figures import ModuleFigures
from jastar.community.modules import community_figures
from jastar.core.models import DemoDataset
from jastar.registry.models import District, Region


def report_figures(
    *, year: int, district: District | None = None, today: date | None = None
) -> Figures:
    """The year's dashboard (up to ``today``), and the previous year's up to the end of
    the same month: the months the year-on-year comparison covers."""
    current = dashboard(year=year, district=district, today=today)
    month = current.period.on.month
    last = date(year - 1, month, calendar.monthrange(year - 1, month)[1])
    previous = dashboard(year=year - 1, district=district, today=last)
    return Figures(current=current, previous=previous)


def report_content(
    *, year: int, lang: str, district: District | None = None, today: date | None = None
) -> Report:
    """The report of ``year`` for the region (or one ``district``) in ``lang``."""
    figures = report_figures(year=year, district=district, today=today)
    with translation.override(lang):
        return _report(figures, lang, today or timezone.localdate())


def _report(figures: Figures, lang: str, today: date) -> Report:
    board = figures.current
    period = board.period
    people = tables.people(figures)
    all_tables = [
        tables.months(figures),
        tables.channels(figures),
        tables.districts(figures),
        tables.neet(figures),
        tables.programs(figures),
        *people,
    ]
    measured = tables.impact(period.year) if board.district is None else None
    if measured is not None:
        all_tables.append(measured)
    community = community_sections(year=period.year, district=board.district, today=period.on)
    by_key = {t.key: t for t in all_tables}
    by_key.update({t.key: t for section in community for t in section.tables})
    return Report(
        lang=lang,
        year=period.year,
        complete=period.complete,
        region=_region_name(),
        district=board.district.name if board.district else "",
        title=_("Youth employment in %(year)d") % {"year": period.year},
        kind=_("Annual report") if period.complete else _("Interim report"),
        period=_("Reporting period: %(start)s – %(end)s")
        % {"start": fmt.short_date(date(period.year, 1, 1)), "end": fmt.short_date(period.on)},
        as_of=_("As of %(date)s") % {"date": fmt.long_date(period.on)},
        synthetic=_synthetic_note(),
        key_figures=key_figures(board),
        summary=sentences.summary(figures),
        sections=(*_sections(board, by_key), *community),
        notes=_notes(board, today),
        figures=figures,
        tables=by_key,
    )


def _region_name() -> str:
    region = Region.objects.filter(code=settings.JASTAR_REGION_CODE).first()
    return region.name if region else ""


def _synthetic_note() -> str:
    demo = DemoDataset.objects.order_by("-created_at").first()
    if demo is None:
        return ""
    return _(
        "Synthetic data: the figures in this report are computed from a generated demo "
        "dataset (seed %(seed)d) and describe no real people."
    ) % {"seed": demo.seed}


def key_figures(board: Dashboard) -> tuple[KeyFigure, ...]:
    """The four numbers of the title page, each with a short note."""
    outcome, start, now = board.outcome, board.neet_start, board.neet_now
    previous_year = board.period.year - 1
    change = fmt.signed_percent(outcome.change)
    placed_note = (
        _("compared with %(year)d: %(change)s") % {"year": previous_year, "change": change}
        if outcome.change is not None
        else ""
    )
    target_note = (
        _("target: %(target)s") % {"target": fmt.count(outcome.target)}
        if outcome.target
        else _("no target set")
    )
    start_note = _("at the start of the year: %(value)s")
    return (
        KeyFigure(_("Young people placed in jobs"), outcome.placed, Kind.COUNT, placed_note),
        KeyFigure(_("Target met"), outcome.progress, Kind.PERCENT, target_note),
        KeyFigure(
            _("NEET young people"),
            now.neet,
            Kind.COUNT,
            start_note % {"value": fmt.count(start.neet)},
        ),
        KeyFigure(
            _("NEET rate"), now.rate, Kind.PERCENT, start_note % {"value": fmt.percent(start.rate)}
        ),
    )


def community_sections(*, year: int, district: District | None, today: date) -> tuple[Section, ...]:
    """A section for each community part (youth centres, volunteering, …): its headline
    figures as a table, then the part's own tables and sentences."""
    return tuple(
        Section(
            f"community-{module.key}",
            module.title,
            paragraphs=module.paragraphs,
            tables=(_figures_table(module), *module.tables),
        )
        for module in community_figures(year=year, district=district, today=today)
    )


def _figures_table(module: ModuleFigures) -> Table:
    columns = (Column(_("Indicator"), Kind.TEXT), Column(_("Value")), Column(_("Target")))
    rows = tuple(
        Row((f.label, f.value, f.target), (f.label, f.text, f.target_text or fmt.DASH))
        for f in module.figures
    )
    return Table(f"{module.key}-figures", module.title, columns, rows)


def _sections(board: Dashboard, by_key: dict[str, Table]) -> tuple[Section, ...]:
    return (
        Section("channels", _("Placements by channel"), tables=(by_key["channels"],)),
        Section("districts", _("Results by district"), tables=(by_key["districts"],)),
        Section("months", _("Placements by month"), tables=(by_key["months"],)),
        Section("neet", _("NEET youth"), tables=(by_key["neet"],)),
        Section("programs", _("Programs and grants"), tables=(by_key["programs"],)),
        *(
            (Section("impact", _("Program impact"), tables=(by_key["impact"],)),)
            if "impact" in by_key
            else ()
        ),
        Section(
            "people",
            _("Who was placed"),
            tables=(by_key["sex"], by_key["area"], by_key["age"]),
            side_by_side=True,
        ),
    )


def _notes(board: Dashboard, today: date) -> tuple[str, ...]:
    notes = [
        _(
            "Figures are counted by Jastar from the registry: placements by their start date, "
            "NEET young people on each date from the dated status history, programs by the "
            "dates of each step. The definitions are in the indicators guide."
        ),
        _(
            "The NEET rate is the share of NEET youth among the young people aged 14–35 on "
            "record in the registry on the same day."
        ),
    ]
    if not board.period.complete:
        notes.append(
            _(
                "The year is not over: comparisons with %(previous_year)d use the same months "
                "of that year."
            )
            % {"previous_year": board.period.year - 1}
        )
    notes.append(_("Prepared on %(date)s.") % {"date": fmt.short_date(today)})
    return tuple(notes)
