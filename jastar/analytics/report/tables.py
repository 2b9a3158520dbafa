"""The report's tables, built from the dashboards in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import accumulate

from django.utils.translation import gettext as _

from jastar.analytics.facts import PROGRAM_MEASURES
from jastar.analytics.models import AgeBand
from jastar.analytics.report import formatting as fmt
from jastar.analytics.report.document import Column, Figures, Kind, Table, Value, table
from jastar.analytics.selectors import Dashboard, ProgramFigures
from jastar.registry.models import Area, PlacementChannel, Sex


def _share(part: int | None, whole: int | None) -> float | None:
    return 100 * part / whole if part is not None and whole else None


def _change(before: int | None, after: int | None) -> float | None:
    return 100 * (after - before) / before if before and after is not None else None


def previous_label(board: Dashboard) -> str:
    """The heading of the previous year's column: "2024", or "2024, same months"."""
    previous = board.period.year - 1
    if board.period.complete:
        return str(previous)
    return _("%(year)d, same months") % {"year": previous}


def districts(figures: Figures) -> Table:
    """Placements against last year and the target, and NEET youth, in each district."""
    board = figures.current
    start, end = fmt.short_date(board.neet_start.on), fmt.short_date(board.neet_now.on)
    columns = (
        Column(_("District"), Kind.TEXT),
        Column(str(board.period.year)),
        Column(previous_label(board)),
        Column(_("Change"), Kind.SIGNED_PERCENT),
        Column(_("Target")),
        Column(_("Target met"), Kind.PERCENT),
        Column(_("NEET, %(date)s") % {"date": start}),
        Column(_("NEET, %(date)s") % {"date": end}),
        Column(_("NEET rate, %(date)s") % {"date": start}, Kind.PERCENT, in_print=False),
        Column(_("NEET rate, %(date)s") % {"date": end}, Kind.PERCENT),
        Column(_("Young people in the registry, %(date)s") % {"date": end}, in_print=False),
    )
    rows = [
        (
            d.district.name,
            d.outcome.placed,
            d.outcome.previous,
            d.outcome.change,
            d.outcome.target,
            d.outcome.progress,
            d.neet_start.neet,
            d.neet_now.neet,
            d.neet_start.rate,
            d.neet_now.rate,
            d.neet_now.youth,
        )
        for d in board.districts
    ]
    total: tuple[Value, ...] | None = None
    if len(rows) > 1:
        outcome = board.outcome
        total = (
            _("Region total"),
            outcome.placed,
            outcome.previous,
            outcome.change,
            outcome.target,
            outcome.progress,
            board.neet_start.neet,
            board.neet_now.neet,
            board.neet_start.rate,
            board.neet_now.rate,
            board.neet_now.youth,
        )
    title = _("Placements and NEET youth by district")
    return table("districts", title, columns, rows, total)


def channels(figures: Figures) -> Table:
    """Placements by channel this year and in the previous year (over the same months)."""
    board, before = figures.current, figures.previous
    total, total_before = sum(board.channels.values()), sum(before.channels.values())
    columns = (
        Column(_("Channel"), Kind.TEXT),
        Column(str(board.period.year)),
        Column(previous_label(board)),
        Column(_("Change"), Kind.CHANGE),
        Column(_("Change, %"), Kind.SIGNED_PERCENT),
        Column(_("Share"), Kind.PERCENT),
    )
    rows = []
    for channel in PlacementChannel:
        now, then = board.channels.get(channel, 0), before.channels.get(channel, 0)
        label = str(channel.label)
        rows.append((label, now, then, now - then, _change(then, now), _share(now, total)))
    totals = (
        _("Total"),
        total,
        total_before,
        total - total_before,
        _change(total_before, total),
        _share(total, total),
    )
    return table("channels", _("Placements by channel"), columns, rows, totals)


def months(figures: Figures) -> Table:
    """Placements in each month against the previous year and the plan."""
    board = figures.current
    year = board.period.year
    has_plan = any(m.plan is not None for m in board.months)
    columns = [
        Column(_("Month"), Kind.TEXT),
        Column(str(year)),
        Column(str(year - 1)),
        Column(_("Plan")),
        Column(_("%(year)d, cumulative") % {"year": year}),
        Column(_("%(year)d, cumulative") % {"year": year - 1}, in_print=False),
        Column(_("Plan, cumulative")),
    ]
    placed = [m.placed for m in board.months]
    previous = [m.previous for m in board.months]
    plan = [m.plan for m in board.months]
    cumulative: list[int | None] = [
        running if value is not None else None
        for value, running in zip(placed, accumulate(v or 0 for v in placed), strict=True)
    ]
    plan_cumulative: list[int | None] = (
        list(accumulate(p or 0 for p in plan)) if has_plan else [None] * 12
    )
    rows = [
        (
            fmt.month_name(m.month.month),
            placed[i],
            previous[i],
            plan[i],
            cumulative[i],
            sum(previous[: i + 1]),
            plan_cumulative[i],
        )
        for i, m in enumerate(board.months)
    ]
    plan_total = sum(p or 0 for p in plan) if has_plan else None
    done = sum(v or 0 for v in placed)
    total = (_("Total"), done, sum(previous), plan_total, None, None, None)
    return table("months", _("Placements by month"), columns, rows, total)


def _program_row(p: ProgramFigures) -> tuple[Value, ...]:
    m = p.measures
    return (
        p.program.name if p.program is not None else p.code,
        p.placements,
        m.get("applied", 0),
        m.get("enrolled", 0),
        m.get("completed", 0),
        m.get("dropped_out", 0),
        p.retention_6,
        p.retention_12,
        m.get("subsidy_tenge", 0),
        p.cost_per_placement,
        m.get("grants", 0),
        m.get("grant_tenge", 0),
    )


def programs(figures: Figures) -> Table:
    """Placements, participants, retention and spending of each program.

    Without any participation recorded, the page shows placements only (the spreadsheet
    keeps every column).
    """
    board = figures.current
    measured = any(any(p.measures.values()) for p in board.programs)
    columns = (
        Column(_("Program"), Kind.TEXT),
        Column(_("Placements")),
        Column(_("Applied"), in_print=False),
        Column(_("Enrolled"), in_print=measured),
        Column(_("Completed"), in_print=measured),
        Column(_("Dropped out"), in_print=False),
        Column(_("Retained at 6 months"), Kind.PERCENT, in_print=measured),
        Column(_("Retained at 12 months"), Kind.PERCENT, in_print=measured),
        Column(_("Subsidy, ₸"), Kind.TENGE, in_print=measured),
        Column(_("Cost per placement, ₸"), Kind.TENGE, in_print=measured),
        Column(_("Grants"), in_print=False),
        Column(_("Grants, ₸"), Kind.TENGE, in_print=False),
    )
    rows = [_program_row(p) for p in board.programs]
    total = None
    if len(rows) > 1:
        sums = {name: board.program_total(name) for name in PROGRAM_MEASURES}
        placements = sum(p.placements for p in board.programs)
        whole = ProgramFigures(code="", program=None, placements=placements, measures=sums)
        total = (_("Total"), *_program_row(whole)[1:])
    note = ""
    if not board.programs:
        note = _("No program placements or participations were recorded in this period.")
    elif not measured:
        note = _("No program participations were recorded in this period: placements only.")
    return table("programs", _("Programs"), columns, rows, total, note)


def _breakdown(
    key: str, title: str, label: str, counts: Mapping[str, int], names: Mapping[str, str]
) -> Table:
    total = sum(counts.values())
    columns = (Column(label, Kind.TEXT), Column(_("Placed")), Column(_("Share"), Kind.PERCENT))
    rows = [
        (names.get(value, value), n, _share(n, total))
        for value, n in counts.items()
        if n or value != AgeBand.OTHER
    ]
    return table(key, title, columns, rows, (_("Total"), total, _share(total, total)))


def people(figures: Figures) -> tuple[Table, Table, Table]:
    """Who was placed: by sex, by urban or rural residence, by age band."""
    board = figures.current
    return (
        _breakdown("sex", _("By sex"), _("Sex"), board.by_sex, _labels(Sex)),
        _breakdown(
            "area", _("By place of residence"), _("Residence"), board.by_area, _labels(Area)
        ),
        _breakdown("age", _("By age"), _("Age"), board.by_age_band, _labels(AgeBand)),
    )


def _labels(choices: type[Sex] | type[Area] | type[AgeBand]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


def neet(figures: Figures) -> Table:
    """Young people in the registry and NEET youth at the end of each month."""
    columns = (
        Column(_("Date"), Kind.DATE),
        Column(_("Young people in the registry")),
        Column(_("NEET young people")),
        Column(_("NEET rate"), Kind.PERCENT),
    )
    rows = [(p.on, p.youth, p.neet, p.rate) for p in figures.current.neet]
    return table("neet", _("NEET youth in the registry during the year"), columns, rows)


def _points(value: float | None) -> str:
    return fmt.DASH if value is None else fmt.signed_decimal(value * 100)


def impact(year: int) -> Table | None:
    """Each program's measured effect on employment (``jastar impact``), or None when no
    estimate of the year was computed."""
    from jastar.insight.selectors import impact_list

    found = [i for i in impact_list(year) if i.effect is not None]
    if not found:
        return None
    columns = (
        Column(_("Program"), Kind.TEXT),
        Column(_("Months after the start")),
        Column(_("Participants matched")),
        Column(_("Employed participants"), Kind.PERCENT),
        Column(_("Employed comparable non-participants"), Kind.PERCENT),
        Column(_("Effect, percentage points"), Kind.TEXT),
        Column(_("Confidence interval"), Kind.TEXT),
        Column(_("Naive difference"), Kind.TEXT),
    )
    rows: list[list[Value]] = [
        [
            item.edition.program.name,
            item.horizon,
            item.matched,
            100 * (item.participant_rate or 0),
            100 * (item.control_rate or 0),
            _points(item.effect),
            f"{_points(item.ci_low)} … {_points(item.ci_high)}",
            _points(item.naive),
        ]
        for item in found
    ]
    note = _(
        "Participants are compared with non-participants who were NEET at the start of the "
        "same quarter and alike in age, sex, education, area, district, time out of work "
        "and earlier programs (propensity score matching). Differences nobody recorded, "
        "such as motivation, can still bias the comparison; the naive difference shows how "
        "far a plain comparison would be off."
    )
    return table("impact", _("Program impact on employment"), columns, rows, note=note)
