"""What one record adds to the aggregate tables: pure functions, plain data in and out.

A record's *share* maps aggregate keys to the numbers it adds there. The keys are tuples
whose first item names the table:

- ``("youth", district_id, day)`` → ``(youth, neet)``: +1 on the day a person enters the
  registry's youth (14–35 and on record), −1 on the day they leave it; the same for NEET.
  The count on a date is the sum of all changes up to it.
- ``("placement", month, district_id, channel, program, sex, area, age_band)`` → ``(1,)``.
- ``("program", month, district_id, program)`` → the :data:`PROGRAM_MEASURES` counts.

Days and months are :meth:`date.toordinal` numbers (a month by its first day), so a share
fits in JSON. Refreshing a record applies ``new share − old share``
(:func:`share_delta`); that keeps the tables exact whatever changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import add
from typing import Any, Final

from jastar.core.dates import add_months
from jastar.registry.rules import age_on, years_before

Key = tuple[Any, ...]
Share = dict[Key, tuple[int, ...]]

YOUTH: Final = "youth"
PLACEMENT: Final = "placement"
PROGRAM: Final = "program"

# The order of the numbers in a program share, as the ProgramMonth columns.
PROGRAM_MEASURES: Final = (
    "applied",
    "enrolled",
    "placed",
    "completed",
    "dropped_out",
    "followed_6",
    "retained_6",
    "followed_12",
    "retained_12",
    "subsidy_tenge",
    "grants",
    "grant_tenge",
)
_MEASURE_INDEX: Final = {name: i for i, name in enumerate(PROGRAM_MEASURES)}

# Age bands of placed young people: (band, lowest age, highest age).
AGE_BANDS: Final = (("14-17", 14, 17), ("18-24", 18, 24), ("25-29", 25, 29), ("30-35", 30, 35))
OTHER_AGE: Final = "other"


def month_start(day: date) -> date:
    return day.replace(day=1)


def age_band(birth_date: date, on: date) -> str:
    """The age band of a person born on ``birth_date`` on the day ``on``."""
    age = age_on(birth_date, on)
    for band, low, high in AGE_BANDS:
        if low <= age <= high:
            return band
    return OTHER_AGE


# Pure, and asked about the same few thousand birth dates again and again.
@lru_cache(maxsize=65_536)
def anniversary(birth_date: date, years: int) -> date:
    """The first day on which a person born on ``birth_date`` has ``years`` whole years.

    Uses :func:`~jastar.registry.rules.years_before`, the rule the registry's selectors
    use, so that a 29 February birthday falls where they say it does.
    """
    try:
        day = birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a common year
        day = date(birth_date.year + years, 2, 28)
    while years_before(day, years) < birth_date:
        day = date.fromordinal(day.toordinal() + 1)
    return day


@dataclass(frozen=True, slots=True)
class PlacementData:
    start_date: date
    district_id: int
    channel: str
    program: str  # program code, "" for none


@dataclass(frozen=True, slots=True)
class PersonData:
    district_id: int
    birth_date: date
    sex: str
    area: str
    history: tuple[tuple[date, str], ...]  # (valid from, status), in any order
    placements: tuple[PlacementData, ...] = ()


@dataclass(frozen=True, slots=True)
class AgeRule:
    """Who counts as youth, and which statuses are NEET (from the settings and registry)."""

    min_age: int
    max_age: int
    neet_statuses: frozenset[str]


def youth_span(person: PersonData, rule: AgeRule) -> tuple[date, date] | None:
    """The days [first, end) on which the person counts among the registry's youth.

    Youth from their ``min_age`` birthday until the day they turn ``max_age + 1``, and only
    from their first status record (before it they were not in the registry).
    """
    if not person.history:
        return None
    first_record = min(valid_from for valid_from, _ in person.history)
    start = max(anniversary(person.birth_date, rule.min_age), first_record)
    end = anniversary(person.birth_date, rule.max_age + 1)
    return (start, end) if start < end else None


def neet_spells(person: PersonData, rule: AgeRule) -> list[tuple[date, date | None]]:
    """The periods [from, to) in which the person's status was NEET (to None: still)."""
    history = sorted(person.history)
    spells = []
    for i, (valid_from, status) in enumerate(history):
        if status in rule.neet_statuses:
            until = history[i + 1][0] if i + 1 < len(history) else None
            spells.append((valid_from, until))
    return spells


def person_share(person: PersonData | None, rule: AgeRule) -> Share:
    """What a person adds to the youth and placement tables (nothing when deleted)."""
    share: defaultdict[Key, list[int]] = defaultdict(lambda: [0, 0])
    if person is None:
        return {}
    span = youth_span(person, rule)
    if span is not None:
        start, end = span
        _bump(share, (YOUTH, person.district_id, start.toordinal()), 0, +1)
        _bump(share, (YOUTH, person.district_id, end.toordinal()), 0, -1)
        for spell_from, spell_to in neet_spells(person, rule):
            first = max(spell_from, start)
            last = min(spell_to, end) if spell_to else end
            if first < last:
                _bump(share, (YOUTH, person.district_id, first.toordinal()), 1, +1)
                _bump(share, (YOUTH, person.district_id, last.toordinal()), 1, -1)
    result: Share = {key: tuple(v) for key, v in share.items() if any(v)}
    for placement in person.placements:
        key = (
            PLACEMENT,
            month_start(placement.start_date).toordinal(),
            placement.district_id,
            placement.channel,
            placement.program,
            person.sex,
            person.area,
            age_band(person.birth_date, placement.start_date),
        )
        result[key] = (result.get(key, (0,))[0] + 1,)
    return result


def _bump(share: defaultdict[Key, list[int]], key: Key, index: int, by: int) -> None:
    share[key][index] += by


@dataclass(frozen=True, slots=True)
class FollowUpData:
    months: int  # 6 or 12
    done_on: date | None
    still_employed: bool | None


@dataclass(frozen=True, slots=True)
class ParticipationData:
    district_id: int
    program: str
    applied_on: date
    enrolled_on: date | None
    placed_on: date | None
    ended_on: date | None
    status: str
    months_planned: int | None
    monthly_subsidy_tenge: int
    one_off_tenge: int
    follow_ups: tuple[FollowUpData, ...] = ()
    grant_disbursed_on: date | None = None
    grant_tenge: int = 0


def subsidy_paid_on(p: ParticipationData) -> list[date]:
    """The days a participation's monthly subsidy falls due: the last day of each month.

    One payment for each whole month from enrolment (as the programs' spending figures
    count it), at most the months planned, none after the day the participation ended.
    """
    if p.enrolled_on is None or not p.months_planned or not p.monthly_subsidy_tenge:
        return []
    days = []
    for k in range(1, p.months_planned + 1):
        day = add_months(p.enrolled_on, k) - timedelta(days=1)
        if p.ended_on is not None and day > p.ended_on:
            break
        days.append(day)
    return days


def participation_share(p: ParticipationData | None) -> Share:
    """What one program participation adds to the program table (nothing when deleted)."""
    if p is None:
        return {}
    share: defaultdict[Key, list[int]] = defaultdict(lambda: [0] * len(PROGRAM_MEASURES))

    def add(on: date | None, measure: str, by: int = 1) -> None:
        if on is not None and by:
            key = (PROGRAM, month_start(on).toordinal(), p.district_id, p.program)
            share[key][_MEASURE_INDEX[measure]] += by

    add(p.applied_on, "applied")
    add(p.enrolled_on, "enrolled")
    add(p.placed_on, "placed")
    if p.status == "completed":
        add(p.ended_on, "completed")
    elif p.status == "dropped_out":
        add(p.ended_on, "dropped_out")
    for follow_up in p.follow_ups:
        if follow_up.done_on is not None and follow_up.months in (6, 12):
            add(follow_up.done_on, f"followed_{follow_up.months}")
            if follow_up.still_employed:
                add(follow_up.done_on, f"retained_{follow_up.months}")
    for day in subsidy_paid_on(p):
        add(day, "subsidy_tenge", p.monthly_subsidy_tenge)
    if p.enrolled_on is not None:
        add(p.enrolled_on, "subsidy_tenge", p.one_off_tenge)
    if p.grant_disbursed_on is not None:
        add(p.grant_disbursed_on, "grants")
        add(p.grant_disbursed_on, "grant_tenge", p.grant_tenge)
    return {key: tuple(v) for key, v in share.items() if any(v)}


def share_delta(old: Share, new: Share) -> Share:
    """``new − old``, key by key, without the keys that do not change."""
    delta: Share = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        width = len(before or after or ())
        change = tuple(
            (after[i] if after else 0) - (before[i] if before else 0) for i in range(width)
        )
        if any(change):
            delta[key] = change
    return delta


def shares_sum(shares: Iterable[Share], into: Share | None = None) -> Share:
    """The key-by-key sum of several shares (added to ``into`` when given)."""
    total: Share = into if into is not None else {}
    for share in shares:
        for key, values in share.items():
            share_add(total, key, values)
    return total


def share_add(total: Share, key: Key, values: tuple[int, ...]) -> None:
    """Add ``values`` to ``total[key]`` (one key of :func:`shares_sum`)."""
    current = total.get(key)
    total[key] = tuple(map(add, current, values)) if current else values


def share_to_json(share: Mapping[Key, Sequence[int]]) -> list[list[Any]]:
    """A share as JSON-ready rows: the key's items followed by the numbers."""
    return [[*key, *values] for key, values in share.items()]


_KEY_LENGTH: Final = {YOUTH: 3, PLACEMENT: 8, PROGRAM: 4}


def share_from_json(rows: Iterable[Sequence[Any]]) -> Share:
    """The share :func:`share_to_json` wrote."""
    share: Share = {}
    for row in rows:
        length = _KEY_LENGTH[row[0]]
        share[tuple(row[:length])] = tuple(row[length:])
    return share
