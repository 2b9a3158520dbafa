"""Synthetic employers: legal entities with a BIN and individual entrepreneurs with an IIN."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from jastar.core.identifiers import IdentifierError, make_bin, make_iin
from jastar.registry.demo import naming
from jastar.registry.demo.catalog import Catalog
from jastar.registry.demo.dates import BoolArray, IntArray
from jastar.registry.demo.population import choice_rows, sample_places
from jastar.registry.demo.records import EmployerRecord
from jastar.registry.demo.targets import MIN_EMPLOYERS, PEOPLE_PER_EMPLOYER

ENTREPRENEUR_SHARE: Final = 0.2
EMAIL_SHARE: Final = 0.5
# Entrepreneurs are born before 1985, so their IINs never belong to a registry person
# (the registry holds people born in 1987 or later).
_OWNER_BIRTH: Final = (date(1960, 1, 1).toordinal(), date(1984, 12, 31).toordinal())
_NUMBER: Final = re.compile(r"№\d+")
_ENTREPRENEUR_PREFIX: Final = ("ЖК", "ИП")


@dataclass(frozen=True)
class Employers:
    """The employers and an index to find one by district and industry."""

    records: list[EmployerRecord]
    district: IntArray
    by_place_industry: dict[tuple[int, str], IntArray]
    by_place: dict[int, IntArray]

    def pick(self, rng: np.random.Generator, district: int, industry: str) -> int:
        """A random employer of the district, of the industry when there is one."""
        pool = self.by_place_industry.get((district, industry))
        if pool is None:
            pool = self.by_place.get(district, np.arange(len(self.records)))
        return int(pool[rng.integers(0, len(pool))])


def employer_count(people: int) -> int:
    return max(MIN_EMPLOYERS, round(people / PEOPLE_PER_EMPLOYER))


def _unique_bins(rng: np.random.Generator, n: int) -> list[str]:
    # A list keeps the order reproducible; the set (whose order depends on string
    # hashing, which varies between processes) only answers "taken already?".
    bins: list[str] = []
    seen: set[str] = set()
    while len(bins) < n:
        year, month = int(rng.integers(1998, 2025)), int(rng.integers(1, 13))
        try:
            bin_ = make_bin(year, month, "4", "0", int(rng.integers(0, 100_000)))
        except IdentifierError:
            continue
        if bin_ not in seen:
            seen.add(bin_)
            bins.append(bin_)
    return bins


def _owner_iin(rng: np.random.Generator, male: bool, seen: set[str]) -> str:
    while True:
        born = date.fromordinal(int(rng.integers(_OWNER_BIRTH[0], _OWNER_BIRTH[1] + 1)))
        try:
            iin = make_iin(born, "M" if male else "F", int(rng.integers(0, 10_000)))
        except IdentifierError:
            continue
        if iin not in seen:
            seen.add(iin)
            return iin


def _legal_name(
    rng: np.random.Generator, catalog: Catalog, occupation: int, settlement: int, seen: set[str]
) -> str:
    info, place = catalog.occupations[occupation], catalog.settlements[settlement]
    for _ in range(3):  # a few tries for a name not yet taken, then accept a namesake
        kazakh = rng.random() < 0.5
        patterns = info.employers_kk if kazakh else info.employers_ru
        pattern = patterns[int(rng.integers(0, len(patterns)))]
        pattern = _NUMBER.sub(lambda _: f"№{int(rng.integers(1, 40))}", pattern)
        name = pattern.replace("{place}", place.name_kk if kazakh else place.name_ru)
        if name not in seen:
            break
    seen.add(name)
    return name


def _entrepreneur_name(last: str, first: str, patronymic: str, kazakh: bool) -> str:
    initials = f"{first[0]}." + (f"{patronymic[0]}." if patronymic else "")
    return f"{_ENTREPRENEUR_PREFIX[0 if kazakh else 1]} {last} {initials}"


def _identities(
    rng: np.random.Generator,
    catalog: Catalog,
    entrepreneur: list[bool],
    owners: naming.Names,
    owner_male: BoolArray,
    jobs: tuple[IntArray, IntArray],
) -> tuple[list[str], list[str]]:
    """BIN (an entrepreneur's IIN) and name of each employer."""
    last, first, patronymic = owners
    occupation, settlement = jobs
    bins = iter(_unique_bins(rng, len(entrepreneur) - sum(entrepreneur)))
    taken_names: set[str] = set()
    taken_iins: set[str] = set()
    identifiers: list[str] = []
    names: list[str] = []
    for i, is_entrepreneur in enumerate(entrepreneur):
        if is_entrepreneur:
            identifiers.append(_owner_iin(rng, bool(owner_male[i]), taken_iins))
            kazakh = rng.random() < 0.5
            names.append(_entrepreneur_name(last[i], first[i], patronymic[i], kazakh))
        else:
            identifiers.append(next(bins))
            job, place = int(occupation[i]), int(settlement[i])
            names.append(_legal_name(rng, catalog, job, place, taken_names))
    return identifiers, names


def generate_employers(rng: np.random.Generator, catalog: Catalog, people: int) -> Employers:
    """About one employer per 20 young people, placed like them but more in towns.

    Towns keep their full sampling weight here (no urban factor): businesses gather in
    district centres even where most young people live in villages.
    """
    n = employer_count(people)
    district, settlement = sample_places(rng, catalog, n, 1.0)
    occupation = rng.integers(0, len(catalog.occupations), n)
    owner_male = rng.random(n) < 0.6
    group = choice_rows(rng, catalog.ethnic_mix[district])
    owners = naming.person_names(rng, catalog, group, owner_male)
    entrepreneur = (rng.random(n) < ENTREPRENEUR_SHARE).tolist()
    identifiers, names = _identities(
        rng, catalog, entrepreneur, owners, owner_male, (occupation, settlement)
    )
    phones = naming.phones(rng, n)
    has_email = (rng.random(n) < EMAIL_SHARE).tolist()
    places = [catalog.settlements[int(s)] for s in settlement]
    records = [
        EmployerRecord(
            index=i,
            bin=identifiers[i],
            kind="entrepreneur" if entrepreneur[i] else "legal_entity",
            name=names[i],
            industry=catalog.occupations[int(occupation[i])].industry,
            district=places[i].district,
            settlement=(places[i].district, places[i].name_kk),
            contact_person=f"{owners[0][i]} {owners[1][i]}",
            phone=phones[i],
            email=f"hr{i + 1}@example.org" if has_email[i] else "",
        )
        for i in range(n)
    ]
    return _indexed(records, district)


def _indexed(records: list[EmployerRecord], district: IntArray) -> Employers:
    by_place_industry: dict[tuple[int, str], list[int]] = {}
    by_place: dict[int, list[int]] = {}
    for record, d in zip(records, district.tolist(), strict=True):
        by_place_industry.setdefault((d, record.industry), []).append(record.index)
        by_place.setdefault(d, []).append(record.index)
    return Employers(
        records=records,
        district=district,
        by_place_industry={k: np.array(v) for k, v in by_place_industry.items()},
        by_place={k: np.array(v) for k, v in by_place.items()},
    )
