"""The word lists and reference codes the demo generator samples from, as plain data.

Read from ``demo/data`` (names, settlements, vacancy templates), ``registry/data``
(districts, yearly rates) and ``programs/data``. Pure: files in, frozen dataclasses out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

_DEMO_DATA: Final = Path(__file__).resolve().parent / "data"
_REGISTRY_DATA: Final = Path(__file__).resolve().parent.parent / "data"
_PROGRAM_DATA: Final = Path(__file__).resolve().parent.parent.parent / "programs" / "data"

# Youth shares of the districts (they add up to 1); an assumption of plausible sizes,
# since district youth counts are not published (domain.md §1).
DISTRICT_SHARES: Final[dict[str, float]] = {
    "karasai": 0.17,
    "talgar": 0.13,
    "ile": 0.14,
    "enbekshikazakh": 0.19,
    "zhambyl": 0.10,
    "uighur": 0.05,
    "balkhash": 0.02,
    "kegen": 0.02,
    "raiymbek": 0.04,
    "konaev": 0.06,
    "alatau": 0.08,
}
ETHNIC_GROUPS: Final = ("kazakh", "russian", "uighur")
# Education levels a demo person can hold, lowest first (codes of education_levels.json).
LEVELS: Final = (
    "none",
    "primary",
    "basic_secondary",
    "general_secondary",
    "tvet",
    "bachelor",
    "master",
)

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SettlementInfo:
    district: str
    name_kk: str
    name_ru: str
    kind: str
    is_centre: bool
    weight: float

    @property
    def is_urban(self) -> bool:
        return self.kind != "village"


@dataclass(frozen=True)
class OccupationInfo:
    code: str
    titles_kk: tuple[str, ...]
    titles_ru: tuple[str, ...]
    skills_kk: tuple[str, ...]
    skills_ru: tuple[str, ...]
    description_kk: str
    description_ru: str
    salary_low: int
    salary_high: int
    education: str
    seasonal: bool
    employers_kk: tuple[str, ...]
    employers_ru: tuple[str, ...]
    industry: str
    field: str

    @property
    def level(self) -> int:
        return LEVELS.index(self.education)


@dataclass(frozen=True)
class NameGroup:
    """Given names, surnames (male, female) and patronymics (male, female) of one group."""

    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]
    patronymics: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Catalog:
    districts: tuple[str, ...]
    district_shares: FloatArray
    settlements: tuple[SettlementInfo, ...]
    ethnic_mix: FloatArray  # districts x ETHNIC_GROUPS
    names: dict[str, NameGroup]
    kazakh_invariant_surnames: tuple[str, ...]
    kazakh_patronymic_suffixes: tuple[str, str]  # male, female
    occupations: tuple[OccupationInfo, ...]
    programs: dict[str, str]  # code -> kind
    mrp: dict[int, int]  # year -> monthly calculation index, tenge

    def settlement_indexes(self, district: str) -> list[int]:
        return [i for i, s in enumerate(self.settlements) if s.district == district]


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _pairs(items: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((item["male"], item["female"]) for item in items)


def _name_groups(data: dict[str, Any]) -> dict[str, NameGroup]:
    kazakh, russian, uighur = data["kazakh"], data["russian"], data["uighur"]
    groups = {
        "kazakh": NameGroup(
            tuple(kazakh["male_first"]),
            tuple(kazakh["female_first"]),
            _pairs(kazakh["surname_roots"]),
            _pairs(kazakh["patronymic_ru_forms"]),
        )
    }
    for name, group in (("russian", russian), ("uighur", uighur)):
        groups[name] = NameGroup(
            tuple(group["male_first"]),
            tuple(group["female_first"]),
            _pairs(group["surnames"]),
            _pairs(group["patronymics"]),
        )
    return groups


def _occupation(item: dict[str, Any], field: str) -> OccupationInfo:
    low, high = item["salary_2025"]
    return OccupationInfo(
        code=item["code"],
        titles_kk=tuple(item["titles_kk"]),
        titles_ru=tuple(item["titles_ru"]),
        skills_kk=tuple(item["skills_kk"]),
        skills_ru=tuple(item["skills_ru"]),
        description_kk=item["description_kk"],
        description_ru=item["description_ru"],
        salary_low=int(low),
        salary_high=int(high),
        education=item["education"],
        seasonal=bool(item["seasonal"]),
        employers_kk=tuple(item["employers_kk"]),
        employers_ru=tuple(item["employers_ru"]),
        industry=item["industry"],
        field=field,
    )


def _settlements(data: dict[str, Any]) -> tuple[SettlementInfo, ...]:
    return tuple(
        SettlementInfo(
            district=code,
            name_kk=item["name_kk"],
            name_ru=item["name_ru"],
            kind=item["kind"],
            is_centre=bool(item.get("is_centre")),
            weight=float(item["weight"]),
        )
        for code in DISTRICT_SHARES
        for item in data["settlements"][code]
    )


@cache
def load_catalog() -> Catalog:
    """Read the data files once per process."""
    names = _read(_DEMO_DATA / "names.json")
    vacancies = _read(_DEMO_DATA / "vacancies.json")
    fields = vacancies["fields_by_occupation"]
    districts = tuple(DISTRICT_SHARES)
    mix = names["ethnic_mix"]
    return Catalog(
        districts=districts,
        district_shares=np.array([DISTRICT_SHARES[d] for d in districts]),
        settlements=_settlements(_read(_REGISTRY_DATA / "settlements.json")),
        ethnic_mix=np.array([[mix[d][g] for g in ETHNIC_GROUPS] for d in districts]),
        names=_name_groups(names),
        kazakh_invariant_surnames=tuple(names["kazakh"]["surnames_invariant"]),
        kazakh_patronymic_suffixes=(
            names["kazakh"]["patronymic_kk_suffixes"]["male"],
            names["kazakh"]["patronymic_kk_suffixes"]["female"],
        ),
        occupations=tuple(
            _occupation(item, fields.get(item["code"], "00")) for item in vacancies["by_occupation"]
        ),
        programs={p["code"]: p["kind"] for p in _read(_PROGRAM_DATA / "programs.json")["items"]},
        mrp={r["year"]: r["mrp"] for r in _read(_REGISTRY_DATA / "yearly_rates.json")["items"]},
    )
