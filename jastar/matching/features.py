"""What the matching engine knows about people and vacancies, and how it weighs it.

Plain data in (:class:`PersonInput`, :class:`VacancyInput`, :class:`Geography`), loaded by
``jastar.matching.loading`` from the registry; plain settings (:class:`Weights`,
:class:`EngineSettings`), read from Django settings by the services. The feature list
:data:`FEATURES` is the one vocabulary scores and reasons are written in.

Every feature is a number from 0 to 1 for a (person, vacancy) pair; the score is their
weighted mean (docs/matching.md gives each formula):

- ``occupation``: the vacancy's occupation against the person's desired and skill
  occupations: 1 for the same unit group, less for the same minor, sub-major or major group.
- ``text``: cosine of the char n-gram vectors of the person's skills and desired jobs and
  the vacancy's titles and description.
- ``skills``: the share of the person's skill words the vacancy text names.
- ``place``: same settlement 1, same district (more at its centre), neighbouring district
  0.3; vacancies further away are not offered.
- ``education``, ``experience``: what the person has against what the vacancy asks.
- ``salary``: the offer against the person's expected wage.
- ``employment_type``: the kind of job the person wants against the vacancy's.
- ``program``: a program place the person is eligible for; a program place the person is
  not eligible for is not offered at all.
- ``meaning``: cosine of dense sentence embeddings (off unless enabled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Final

FEATURES: Final = (
    "occupation",
    "text",
    "skills",
    "place",
    "education",
    "experience",
    "salary",
    "employment_type",
    "program",
    "meaning",
)


@dataclass(frozen=True)
class PersonInput:
    """One young person as the engine sees them."""

    id: int
    district: str  # district code
    settlement: int | None = None  # settlement id
    occupations: tuple[str, ...] = ()  # occupation codes: desired first, then skills
    text: str = ""  # skills and desired jobs, any language or script
    skills: str = ""
    education_order: int | None = None  # EducationLevel.order
    experience_months: int = 0
    expected_salary: int | None = None  # ₸ a month
    employment_type: str = ""  # wanted EmploymentType value; "" = any
    eligible_programs: frozenset[str] = frozenset()  # program codes the person may join


@dataclass(frozen=True)
class VacancyInput:
    """One vacancy as the engine sees it."""

    id: int
    district: str
    settlement: int | None = None
    at_district_centre: bool = False
    occupation: str = ""  # occupation code; "" = unknown (guessed from the title)
    title: str = ""
    text: str = ""  # titles and description
    education_order: int | None = None  # required EducationLevel.order
    experience_months: int = 0  # required
    salary_min: int | None = None
    salary_max: int | None = None
    employment_type: str = ""
    program: str = ""  # program code of a subsidised place; "" = none
    places: int = 1


@dataclass(frozen=True)
class Geography:
    """Which districts border which (both directions need not be listed)."""

    neighbours: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def near(self, district: str) -> frozenset[str]:
        """The district itself and its neighbours, either way round."""
        around = set(self.neighbours.get(district, ()))
        around |= {d for d, theirs in self.neighbours.items() if district in theirs}
        return frozenset(around | {district})


@dataclass(frozen=True)
class Weights:
    """How much each feature counts in the score (any non-negative numbers; 0 = ignored)."""

    occupation: float = 3.0
    text: float = 2.0
    skills: float = 1.0
    place: float = 2.0
    education: float = 1.0
    experience: float = 0.5
    salary: float = 1.0
    employment_type: float = 0.5
    program: float = 0.5
    meaning: float = 0.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> Weights:
        """Weights from settings, refusing unknown names and negative values."""
        unknown = set(values) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown matching features: {', '.join(sorted(unknown))}")
        for name, value in values.items():
            if not isinstance(value, int | float) or not 0 <= value < float("inf"):
                raise ValueError(f"the weight of {name} must be a number of 0 or more")
        return cls(**{name: float(value) for name, value in values.items()})

    def as_dict(self) -> dict[str, float]:
        """Feature name -> weight, in :data:`FEATURES` order."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    @property
    def total(self) -> float:
        """The sum of the weights (the score divides by it)."""
        return sum(self.as_dict().values())


# Shared code prefix length -> occupation similarity (ISCO-08 hierarchy: 4 = unit group).
OCCUPATION_LEVELS: Final = {4: 1.0, 3: 0.7, 2: 0.5, 1: 0.2}
# Place similarity; pairs further than a neighbouring district are never scored.
PLACE_SETTLEMENT: Final = 1.0
PLACE_DISTRICT_CENTRE: Final = 0.75
PLACE_DISTRICT: Final = 0.6
PLACE_NEIGHBOUR: Final = 0.3


@dataclass(frozen=True)
class EngineSettings:
    """Everything that shapes scores, so two processes with equal settings agree."""

    weights: Weights = field(default_factory=Weights)
    top_k: int = 20
    chunk_size: int = 1024  # people scored at once; memory grows with chunk × vacancies
    # A title is given an occupation by the lookup only from this similarity up.
    infer_occupation_from: float = 0.5
