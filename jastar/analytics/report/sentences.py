"""The report's headline figures written as sentences, in the active language.

Each sentence is one translatable string with named placeholders: nothing is glued
together from fragments. Russian and English nouns take their form from the number
(``ngettext``); Kazakh nouns do not change after numerals, and the Kazakh strings avoid
case endings on the numbers themselves ("45 994 адамнан", not "45 994-тен").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jastar.analytics.facts import PROGRAM_MEASURES
from jastar.analytics.forecast import Outlook
from jastar.analytics.report import formatting as fmt
from jastar.analytics.report.document import Figures
from jastar.analytics.selectors import Dashboard, NeetPoint, ProgramFigures


def summary(figures: Figures) -> tuple[tuple[str, ...], ...]:
    """The paragraphs of the report's summary: placements, target, NEET, programs."""
    paragraphs = (
        (*placed(figures.current), *channels(figures.current), change(figures.current)),
        tuple(target(figures.current)),
        tuple(neet(figures.current)),
        tuple(programs(figures.current)),
    )
    return tuple(p for p in paragraphs if p)


def placed(board: Dashboard) -> Iterator[str]:
    n = board.outcome.placed
    values = {"year": board.period.year, "count": fmt.count(n)}
    if board.period.complete:
        yield (
            ngettext(
                "In %(year)d, %(count)s young person was placed in a job.",
                "In %(year)d, %(count)s young people were placed in jobs.",
                n,
            )
            % values
        )
    else:
        values["date"] = fmt.long_date(board.period.on)
        yield (
            ngettext(
                "As of %(date)s, %(count)s young person has been placed in a job this year.",
                "As of %(date)s, %(count)s young people have been placed in jobs this year.",
                n,
            )
            % values
        )


def _enbek(n: int) -> str:
    return ngettext(
        "%(count)s of them found work through the Enbek.kz labour exchange (%(share)s).",
        "%(count)s of them found work through the Enbek.kz labour exchange (%(share)s).",
        n,
    )


def _program(n: int) -> str:
    return ngettext(
        "%(count)s was placed through active labour-market programs (%(share)s).",
        "%(count)s were placed through active labour-market programs (%(share)s).",
        n,
    )


def _own_initiative(n: int) -> str:
    return ngettext(
        "%(count)s found a job on their own initiative (%(share)s).",
        "%(count)s found jobs on their own initiative (%(share)s).",
        n,
    )


def _grant(n: int) -> str:
    return ngettext(
        "%(count)s started a business with a state grant (%(share)s).",
        "%(count)s started businesses with state grants (%(share)s).",
        n,
    )


def _self_employment(n: int) -> str:
    return ngettext(
        "%(count)s became self-employed (%(share)s).",
        "%(count)s became self-employed (%(share)s).",
        n,
    )


# One sentence per placement channel, in the order of PlacementChannel.
CHANNEL_SENTENCES: Final[dict[str, Callable[[int], str]]] = {
    "enbek": _enbek,
    "program": _program,
    "own_initiative": _own_initiative,
    "grant": _grant,
    "self_employment": _self_employment,
}


def channels(board: Dashboard) -> Iterator[str]:
    """A sentence for each channel that placed anyone (zero channels are left out)."""
    total = sum(board.channels.values())
    for channel, n in board.channels.items():
        sentence = CHANNEL_SENTENCES.get(channel)
        if n and sentence is not None:
            share = fmt.percent(100 * n / total)
            yield sentence(n) % {"count": fmt.count(n), "share": share}


def change(board: Dashboard) -> str:
    """How the count compares with the previous year (the same months of it, mid-year)."""
    outcome, previous_year = board.outcome, board.period.year - 1
    if not outcome.previous:
        return _("No placements were recorded in %(previous_year)d to compare with.") % {
            "previous_year": previous_year
        }
    values = {
        "previous_year": previous_year,
        "previous": fmt.count(outcome.previous),
        "change": fmt.percent(abs(outcome.change or 0.0)),
    }
    direction = (outcome.placed > outcome.previous) - (outcome.placed < outcome.previous)
    if board.period.complete:
        sentences = {
            1: _("That is %(change)s more than in %(previous_year)d (%(previous)s)."),
            -1: _("That is %(change)s fewer than in %(previous_year)d (%(previous)s)."),
            0: _("That is as many as in %(previous_year)d."),
        }
    else:
        sentences = {
            1: _(
                "That is %(change)s more than in the same months of %(previous_year)d "
                "(%(previous)s)."
            ),
            -1: _(
                "That is %(change)s fewer than in the same months of %(previous_year)d "
                "(%(previous)s)."
            ),
            0: _("That is as many as in the same months of %(previous_year)d."),
        }
    return sentences[direction] % values


def target(board: Dashboard) -> Iterator[str]:
    """The target, how much of it is done, and (mid-year) the forecast and outlook."""
    outcome, year = board.outcome, board.period.year
    if not outcome.target:
        yield _("No target has been set for %(year)d.") % {"year": year}
        return
    values = {
        "year": year,
        "target": fmt.count(outcome.target),
        "progress": fmt.percent(outcome.progress),
    }
    if board.period.complete:
        yield (
            ngettext(
                "The job-creation map set a target of %(target)s young person placed in %(year)d; "
                "%(progress)s of it was achieved.",
                "The job-creation map set a target of %(target)s young people placed in %(year)d; "
                "%(progress)s of it was achieved.",
                outcome.target,
            )
            % values
        )
        return
    yield (
        ngettext(
            "The job-creation map sets a target of %(target)s young person placed in %(year)d; "
            "%(progress)s of it has been achieved so far.",
            "The job-creation map sets a target of %(target)s young people placed in %(year)d; "
            "%(progress)s of it has been achieved so far.",
            outcome.target,
        )
        % values
    )
    yield from _forecast(board)


def _forecast(board: Dashboard) -> Iterator[str]:
    forecast = board.outcome.forecast
    if forecast is None:
        return
    yield ngettext(
        "At the current pace the year is expected to end with about %(point)s placement "
        "(likely between %(low)s and %(high)s).",
        "At the current pace the year is expected to end with about %(point)s placements "
        "(likely between %(low)s and %(high)s).",
        forecast.point,
    ) % {
        "point": fmt.count(forecast.point),
        "low": fmt.count(forecast.low),
        "high": fmt.count(forecast.high),
    }
    verdicts = {
        Outlook.ON_TRACK: _("At this pace the target will be met."),
        Outlook.AT_RISK: _("The target is at risk: the forecast is below it."),
        Outlook.WILL_MISS: _("At this pace the target will be missed."),
    }
    if board.outcome.outlook in verdicts:
        yield verdicts[Outlook(board.outcome.outlook)]


def neet(board: Dashboard) -> Iterator[str]:
    """NEET youth at the start of the year and now, and the NEET rate."""
    start, now = board.neet_start, board.neet_now
    if not start.youth and not now.youth:
        yield _("No young people were on record in the registry in this period.")
        return
    values = {
        "start": fmt.count(start.neet),
        "end": fmt.count(now.neet),
        "start_date": fmt.long_date(start.on),
        "end_date": fmt.long_date(now.on),
        "change": fmt.signed_percent(_change(start.neet, now.neet)),
    }
    if now.neet < start.neet:
        yield (
            _(
                "The number of NEET young people (not in employment, education or training) fell "
                "from %(start)s on %(start_date)s to %(end)s on %(end_date)s (%(change)s)."
            )
            % values
        )
    elif now.neet > start.neet:
        yield (
            _(
                "The number of NEET young people (not in employment, education or training) rose "
                "from %(start)s on %(start_date)s to %(end)s on %(end_date)s (%(change)s)."
            )
            % values
        )
    else:
        yield (
            _(
                "The number of NEET young people (not in employment, education or training) stayed "
                "at %(end)s from %(start_date)s to %(end_date)s."
            )
            % values
        )
    yield from _neet_rate(start, now)


def _neet_rate(start: NeetPoint, now: NeetPoint) -> Iterator[str]:
    if start.rate is not None and now.rate is not None:
        yield _(
            "The NEET rate among young people in the registry went from %(start)s to %(end)s."
        ) % {"start": fmt.percent(start.rate), "end": fmt.percent(now.rate)}


def _change(before: int, after: int) -> float | None:
    return 100 * (after - before) / before if before else None


def programs(board: Dashboard) -> Iterator[str]:
    """Grants, program participants, retention, subsidy and cost per placement."""
    grants = board.program_total("grants")
    if grants:
        amount = board.program_total("grant_tenge")
        yield ngettext(
            "%(count)s young entrepreneur received a state business grant: %(amount)s in total, "
            "%(average)s on average.",
            "%(count)s young entrepreneurs received state business grants: %(amount)s in total, "
            "%(average)s on average.",
            grants,
        ) % {
            "count": fmt.count(grants),
            "average": fmt.tenge_short(round(amount / grants)),
            "amount": fmt.tenge_short(amount),
        }
    enrolled = board.program_total("enrolled")
    if enrolled:
        yield ngettext(
            "%(enrolled)s young person joined an active labour-market program; "
            "%(completed)s completed one.",
            "%(enrolled)s young people joined active labour-market programs; "
            "%(completed)s completed one.",
            enrolled,
        ) % {
            "enrolled": fmt.count(enrolled),
            "completed": fmt.count(board.program_total("completed")),
        }
    yield from _retention(board)
    yield from _subsidy(board)


def _retention(board: Dashboard) -> Iterator[str]:
    total = _all_programs(board)
    if total.retention_6 is not None:
        yield _(
            "%(rate)s of participants followed up 6 months after placement were still working "
            "(%(retained)s of %(followed)s)."
        ) % {
            "rate": fmt.percent(total.retention_6),
            "retained": fmt.count(board.program_total("retained_6")),
            "followed": fmt.count(board.program_total("followed_6")),
        }
    if total.retention_12 is not None:
        yield _(
            "%(rate)s of participants followed up 12 months after placement were still working "
            "(%(retained)s of %(followed)s)."
        ) % {
            "rate": fmt.percent(total.retention_12),
            "retained": fmt.count(board.program_total("retained_12")),
            "followed": fmt.count(board.program_total("followed_12")),
        }


def _subsidy(board: Dashboard) -> Iterator[str]:
    spent = board.program_total("subsidy_tenge")
    if not spent:
        return
    cost = _all_programs(board).cost_per_placement
    if cost is None:
        yield _("Programs paid %(amount)s in subsidies.") % {"amount": fmt.tenge_short(spent)}
        return
    yield _(
        "Programs paid %(amount)s in subsidies, or %(cost)s per participant placed in a job."
    ) % {"amount": fmt.tenge_short(spent), "cost": fmt.tenge_short(cost)}


def _all_programs(board: Dashboard) -> ProgramFigures:
    """The programs' measures summed, so the retention and cost rules apply to the total."""
    measures = {measure: board.program_total(measure) for measure in PROGRAM_MEASURES}
    return ProgramFigures(code="", program=None, placements=0, measures=measures)
