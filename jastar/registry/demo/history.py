"""Status histories: a yearly Markov chain between snapshots, calibrated to NEET counts.

Each person has a *latent* status on every snapshot date: the start of the registry
(2023-01-01), each 31 December, and ``until``. In education until graduation; after it,
employed / unemployed / inactive / in training, moving once a year by the transition
matrices below. Between two snapshots with different statuses there is one dated change
(on the graduation day, a placement's start, or a random day). The recorded history is
the latent one from the registration day on, so the status in force on a snapshot date is
always the snapshot status, and calibrating one snapshot never moves another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np
import numpy.typing as npt

from jastar.registry.demo import dates
from jastar.registry.demo.dates import BoolArray, IntArray
from jastar.registry.demo.population import (
    BACHELOR,
    BASIC,
    GENERAL,
    MASTER,
    NONE,
    TVET,
    People,
)
from jastar.registry.demo.targets import HISTORY_START, YOUTH_MAX_AGE, YOUTH_MIN_AGE
from jastar.registry.rules import years_before

EDU, EMP, UNE, INA, TRN = range(5)
STATUSES: Final = ("in_education", "employed", "unemployed", "inactive", "in_training")
NEET: Final = (UNE, INA)
Matrix = npt.NDArray[np.float64]

# Labour-market statuses (employed, unemployed, inactive, in training) of people who left
# education before 2023, by final level. Plausible assumptions tuned so that the NEET
# counts need only small corrections to hit the published figures.
_SETTLED: Final[dict[int, list[float]]] = {
    NONE: [0.50, 0.17, 0.29, 0.04],
    BASIC: [0.55, 0.16, 0.25, 0.04],
    GENERAL: [0.70, 0.10, 0.16, 0.04],
    TVET: [0.77, 0.08, 0.11, 0.04],
    BACHELOR: [0.82, 0.07, 0.08, 0.03],
    MASTER: [0.88, 0.05, 0.05, 0.02],
}
# Status on the first snapshot after graduating, by final level.
_FRESH: Final[dict[int, list[float]]] = {
    BASIC: [0.30, 0.20, 0.35, 0.15],
    GENERAL: [0.55, 0.18, 0.17, 0.10],
    TVET: [0.68, 0.15, 0.10, 0.07],
    BACHELOR: [0.75, 0.12, 0.09, 0.04],
    MASTER: [0.85, 0.08, 0.05, 0.02],
}
# Yearly transitions (rows: from employed, unemployed, inactive, in training); a year uses
# the latest matrix not after it. In 2025 far more NEET youth found work, as the office
# reports (NEET 45,994 -> 27,074).
_TRANSITIONS: Final[dict[int, list[list[float]]]] = {
    2023: [
        [0.950, 0.025, 0.020, 0.005],
        [0.45, 0.33, 0.14, 0.08],
        [0.22, 0.08, 0.65, 0.05],
        [0.65, 0.20, 0.08, 0.07],
    ],
    2024: [
        [0.945, 0.028, 0.022, 0.005],
        [0.47, 0.32, 0.13, 0.08],
        [0.25, 0.08, 0.62, 0.05],
        [0.65, 0.20, 0.08, 0.07],
    ],
    2025: [
        [0.971, 0.0115, 0.0125, 0.005],
        [0.77, 0.115, 0.045, 0.07],
        [0.535, 0.05, 0.365, 0.05],
        [0.73, 0.135, 0.065, 0.07],
    ],
}
# Women are more often inactive (care for children), men less.
_INACTIVE_FACTOR: Final = {True: 0.75, False: 1.3}


@dataclass(frozen=True)
class Timeline:
    """Snapshot days as ordinals: [0] the eve of the registry's start, then year ends, until."""

    until: date
    days: IntArray

    @classmethod
    def for_until(cls, until: date) -> Timeline:
        ends = [date(y, 12, 31) for y in range(HISTORY_START.year, until.year + 1)]
        days = [HISTORY_START - timedelta(days=1)] + [d for d in ends if d < until] + [until]
        return cls(until, np.array([d.toordinal() for d in days], dtype=np.int64))

    @property
    def intervals(self) -> range:
        """Interval k runs from the day after snapshot k-1 to snapshot k."""
        return range(1, len(self.days))

    def year(self, k: int) -> int:
        return dates.as_date(int(self.days[k])).year

    def index_of(self, day: date) -> int | None:
        hits = np.flatnonzero(self.days == day.toordinal())
        return int(hits[0]) if len(hits) and hits[0] > 0 else None


def youth_on(people: People, on: date) -> BoolArray:
    """Registered by ``on`` and aged 14-35 then (as the registry's selectors count)."""
    oldest = years_before(on, YOUTH_MAX_AGE + 1).toordinal()
    youngest = years_before(on, YOUTH_MIN_AGE).toordinal()
    registered = people.registered <= on.toordinal()
    return registered & (people.birth > oldest) & (people.birth <= youngest)


def _draw(rng: np.random.Generator, rows: Matrix, male: BoolArray) -> IntArray:
    """A labour status (EMP..TRN) per row of probabilities, with the inactivity factor."""
    p = rows.copy()
    p[:, INA - EMP] *= np.where(male, _INACTIVE_FACTOR[True], _INACTIVE_FACTOR[False])
    cumulative = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    picked = (rng.random(len(p))[:, None] > cumulative[:, :-1]).sum(axis=1)
    return np.asarray(picked, dtype=np.int64) + EMP


def _transition(year: int, fraction: float) -> Matrix:
    known = [y for y in _TRANSITIONS if y <= year] or [min(_TRANSITIONS)]
    matrix = np.array(_TRANSITIONS[max(known)])
    # A part-year interval moves proportionally less.
    return np.eye(4) + fraction * (matrix - np.eye(4))


def _by_level(table: dict[int, list[float]], level: IntArray) -> Matrix:
    lookup = np.array(
        [table.get(lvl, table[min(table, key=lambda k: abs(k - lvl))]) for lvl in range(7)]
    )
    return lookup[level]


def sample_states(rng: np.random.Generator, people: People, timeline: Timeline) -> IntArray:
    """Latent status of everyone on every snapshot: shape (snapshots, people)."""
    n = people.count
    states = np.zeros((len(timeline.days), n), dtype=np.int64)
    start = timeline.days[0] + 1
    settled = _draw(rng, _by_level(_SETTLED, people.final_level), people.male)
    states[0] = np.where(people.graduation > start, EDU, settled)
    fresh_draw = _draw(rng, _by_level(_FRESH, people.final_level), people.male)
    for k in timeline.intervals:
        day, before = timeline.days[k], timeline.days[k - 1]
        fraction = min(1.0, (day - before) / 365)
        matrix = _transition(timeline.year(k), fraction)
        previous = np.clip(states[k - 1] - EMP, 0, 3)
        moved = _draw(rng, matrix[previous], people.male)
        fresh = (states[k - 1] == EDU) & (people.graduation <= day)
        states[k] = np.where(people.graduation > day, EDU, np.where(fresh, fresh_draw, moved))
    return states


def calibrate(
    rng: np.random.Generator,
    people: People,
    timeline: Timeline,
    states: IntArray,
    targets: dict[date, int],
) -> dict[date, int]:
    """Make the NEET count on each target date exact by flipping random eligible people.

    Too many NEET: some become employed on that snapshot; too few: some employed become
    unemployed or inactive (in the proportion of the two). Only that snapshot's status
    changes, so the neighbouring snapshots, and the other target date, keep theirs.
    Returns how many people were flipped on each date (negative: made NEET).
    """
    flipped: dict[date, int] = {}
    for on, target in sorted(targets.items()):
        k = timeline.index_of(on)
        if k is None:
            continue
        eligible = youth_on(people, on)
        neet = eligible & np.isin(states[k], NEET)
        excess = int(neet.sum()) - target
        # Capped by the people available, which only a region of a handful lacks.
        if excess > 0:
            states[k, rng.choice(np.flatnonzero(neet), excess, replace=False)] = EMP
        elif excess < 0:
            employed = np.flatnonzero(eligible & (states[k] == EMP))
            chosen = rng.choice(employed, min(-excess, len(employed)), replace=False)
            inactive_share = float((states[k][neet] == INA).mean()) if neet.any() else 0.5
            states[k, chosen] = np.where(rng.random(len(chosen)) < inactive_share, INA, UNE)
        flipped[on] = excess
    return flipped


@dataclass(frozen=True)
class Spells:
    """Dated status changes that placements impose on the latent history."""

    entry_person: IntArray  # entered employment through a placement ...
    entry_interval: IntArray  # ... in this interval ...
    entry_day: IntArray  # ... on its start day
    season_person: IntArray  # a seasonal job while in education ...
    season_start: IntArray
    season_end: IntArray  # ... back in education the day after


@dataclass(frozen=True)
class Changes:
    """Everyone's recorded history, sorted by person then day; ``offsets`` index it."""

    person: IntArray
    day: IntArray
    status: IntArray
    offsets: IntArray

    def of(self, i: int) -> slice:
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))


_KEY: Final = 10**7  # larger than any ordinal, so person * _KEY + day sorts by both


def _latent_rows(
    rng: np.random.Generator, people: People, timeline: Timeline, states: IntArray, spells: Spells
) -> tuple[IntArray, IntArray, IntArray]:
    n = people.count
    everyone = np.arange(n)
    rows_p, rows_d, rows_s = [everyone], [np.zeros(n, dtype=np.int64)], [states[0]]
    placed = np.zeros((len(timeline.days), n), dtype=bool)
    placed[spells.entry_interval, spells.entry_person] = True
    for k in timeline.intervals:
        low = np.full(n, timeline.days[k - 1] + 1)
        random_day = dates.uniform_dates(rng, low, np.full(n, timeline.days[k]))
        graduated = states[k - 1] == EDU
        day = np.where(graduated, people.graduation, random_day)
        changed = np.flatnonzero((states[k] != states[k - 1]) & ~placed[k])
        rows_p.append(changed)
        rows_d.append(day[changed])
        rows_s.append(states[k][changed])
    entry = spells.entry_person
    from_school = states[spells.entry_interval - 1, entry] == EDU
    school = entry[from_school]
    rows_p += [school, entry, spells.season_person, spells.season_person]
    rows_d += [
        people.graduation[school],
        spells.entry_day,
        spells.season_start,
        spells.season_end + 1,
    ]
    rows_s += [
        np.full(len(school), UNE),
        np.full(len(entry), EMP),
        np.full(len(spells.season_person), EMP),
        np.full(len(spells.season_person), EDU),
    ]
    return np.concatenate(rows_p), np.concatenate(rows_d), np.concatenate(rows_s)


def build_changes(
    rng: np.random.Generator, people: People, timeline: Timeline, states: IntArray, spells: Spells
) -> Changes:
    """The recorded history: the status on the registration day, then later changes."""
    person, day, status = _latent_rows(rng, people, timeline, states, spells)
    order = np.argsort(person * _KEY + day, kind="stable")
    person, day, status = person[order], day[order], status[order]
    keys = person * _KEY + day
    registered = people.registered
    at_registration = (
        np.searchsorted(keys, np.arange(people.count) * _KEY + registered, "right") - 1
    )
    later = day > registered[person]
    person = np.concatenate([np.arange(people.count), person[later]])
    day = np.concatenate([registered, day[later]])
    status = np.concatenate([status[at_registration], status[later]])
    order = np.argsort(person * _KEY + day, kind="stable")
    person, day, status = person[order], day[order], status[order]
    # A change to the status already in force is no change.
    keep = np.ones(len(person), dtype=bool)
    keep[1:] = (person[1:] != person[:-1]) | (status[1:] != status[:-1])
    person, day, status = person[keep], day[keep], status[keep]
    offsets = np.searchsorted(person, np.arange(people.count + 1))
    return Changes(person, day, status, offsets.astype(np.int64))


def experience_months(
    rng: np.random.Generator, people: People, changes: Changes, until: date
) -> IntArray:
    """Months employed: in the recorded history, plus some before registration."""
    next_day = np.append(changes.day[1:], 0)
    last = np.append(changes.person[1:] != changes.person[:-1], True)
    next_day = np.where(last, until.toordinal() + 1, next_day)
    employed_days = np.where(changes.status == EMP, next_day - changes.day, 0)
    recorded = np.bincount(changes.person, weights=employed_days, minlength=people.count)
    first_status = changes.status[changes.offsets[:-1]]
    working_age = dates.add_years(people.birth, 16)
    since = np.maximum(people.graduation, working_age)
    before = np.maximum(people.registered - since, 0)
    share = np.where(
        first_status == EMP, rng.uniform(0.3, 1.0, people.count), rng.uniform(0, 0.3, people.count)
    )
    share = np.where(first_status == EDU, 0.0, share)
    return np.asarray(np.floor((recorded + before * share) / 30.44), dtype=np.int64)
