"""Which state programs to suggest to a person first: a pure ranking with reasons.

Eligibility decides whether a program is possible at all (``jastar.programs``); among the
possible ones, a case worker wants first those that can actually take the person now: a
program with places left in the person's district, and with program places nearby that
suit the person (the best matching score among them). The score is a documented sum:

    score = 0.5 (eligible) + 0.3 × best nearby program-place score + 0.2 × (places left)

Ineligible programs are listed after, with the rules that stop them, and score 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ELIGIBLE: Final = 0.5
PLACE_FIT: Final = 0.3
PLACES_LEFT: Final = 0.2


@dataclass(frozen=True)
class ProgramOption:
    """What is known about one program for one person."""

    code: str
    eligible: bool
    places_left: int | None  # in the person's district; None = no quota set
    program_places_nearby: int  # open vacancies of the program the person may be offered
    best_place_score: float  # the best matching score among them (0 when none)


@dataclass(frozen=True)
class RankedProgram:
    option: ProgramOption
    score: float
    reasons: tuple[str, ...]  # reason codes: eligible, places_left, no_places_left, places_nearby


def rank_programs(options: list[ProgramOption]) -> list[RankedProgram]:
    """Programs best first: eligible ones by score, then ineligible ones by code."""
    ranked = []
    for option in options:
        reasons: list[str] = []
        score = 0.0
        if option.eligible:
            score = ELIGIBLE + PLACE_FIT * option.best_place_score
            reasons.append("eligible")
            if option.places_left is None or option.places_left > 0:
                score += PLACES_LEFT
                reasons.append("places_left" if option.places_left else "no_quota")
            else:
                reasons.append("no_places_left")
            if option.program_places_nearby:
                reasons.append("places_nearby")
        ranked.append(RankedProgram(option, round(score, 4), tuple(reasons)))
    return sorted(ranked, key=lambda r: (not r.option.eligible, -r.score, r.option.code))
