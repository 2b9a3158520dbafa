"""A synthetic country for ``bench/national.py``: its database, places, employers, vacancies
and young people, written with PostgreSQL COPY.

Nothing here is stored in the repository: every row is drawn from a seeded generator over
the shipped reference data (the occupation classifier, the demo's occupation texts,
names, programs). About 20 regions of about 200 districts: the Almaty region of the
reference data with its 11 districts, 16 more regions of a regional city and 8-12 rural
districts each, and 3 cities of republican significance split into 7 city districts.

People stream in chunks of :data:`CHUNK` (numpy columns formatted straight into COPY text),
so millions load in minutes within a few hundred MB. Everything is written into the
current (migrated, fresh) database; ``bench/national.py`` sees to which one that is.
"""

from __future__ import annotations

import json
import math
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from jastar.registry.demo.catalog import LEVELS

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]
Say = Callable[[str], None]

# Raise when the generator changes what it writes: a database of an older version is
# generated again instead of reused.
GENERATOR_VERSION: Final = 1
CHUNK: Final = 100_000
WRITERS: Final = 2  # connections writing people at once
HISTORY_START: Final = date(2023, 1, 1)  # the registry's first records
_EPOCH: Final = date(1970, 1, 1).toordinal()
_NULL: Final = "\\N"

# Places: 16 regions besides the reference data's one, and 3 cities split into districts.
REGULAR_REGIONS: Final = 16
CITY_REGIONS: Final = 3
CITY_DISTRICTS: Final = 7
RURAL_DISTRICTS: Final = (8, 12)  # per regular region, inclusive
# Youth of a district, in thousands, before scaling to the requested total.
CITY_DISTRICT_YOUTH: Final = (70.0, 130.0)  # uniform
REGIONAL_CITY_YOUTH: Final = (50.0, 150.0)  # uniform
RURAL_YOUTH_MEDIAN: Final = 20.0  # log-normal, sigma below
RURAL_YOUTH_SIGMA: Final = 0.5
REFERENCE_REGION_YOUTH: Final = 432.0  # the Almaty region of the reference data
# Vacancies per young person are higher in cities.
CITY_VACANCY_FACTOR: Final = 1.6

# People.
MALE_SHARE: Final = 0.51
AGE_RANGE: Final = (14, 35)
BLANK_PROFILE_SHARE: Final = 0.08  # no skills, no occupations
SECOND_OCCUPATION_SHARE: Final = 0.40
DESIRED_SHARE: Final = 0.60
SKILL_CODES_SHARE: Final = 0.75
EXPECTED_SALARY_SHARE: Final = 0.60
EDUCATION_UNKNOWN_SHARE: Final = 0.04
EMAIL_SHARE: Final = 0.40
CONSENT_SAME_DAY_SHARE: Final = 0.90
# Education level codes a person may hold (the demo's, lowest first), and their shares by
# age bracket: 14-15, 16-17, 18-20, 21-23, 24+.
LEVEL_CODES: Final = LEVELS
AGE_BRACKETS: Final = (14, 16, 18, 21, 24)
LEVEL_SHARES: Final = (
    (0.01, 0.97, 0.02, 0.0, 0.0, 0.0, 0.0),
    (0.01, 0.10, 0.87, 0.02, 0.0, 0.0, 0.0),
    (0.01, 0.01, 0.13, 0.55, 0.28, 0.02, 0.0),
    (0.01, 0.0, 0.06, 0.30, 0.34, 0.29, 0.0),
    (0.01, 0.0, 0.07, 0.30, 0.32, 0.26, 0.04),
)
# Typical age of completing each level (graduation year = birth year + this).
GRADUATION_AGE: Final = {
    "basic_secondary": 15,
    "general_secondary": 17,
    "tvet": 19,
    "bachelor": 22,
    "master": 24,
}
STATUSES: Final = ("employed", "in_education", "in_training", "unemployed", "inactive")
STATUS_SHARES: Final = (
    (0.01, 0.94, 0.01, 0.01, 0.03),
    (0.03, 0.90, 0.01, 0.02, 0.04),
    (0.25, 0.50, 0.04, 0.10, 0.11),
    (0.45, 0.25, 0.04, 0.13, 0.13),
    (0.68, 0.04, 0.02, 0.12, 0.14),
)
# The occupations of a person's skills, by level held: catalog education codes.
OCCUPATION_POOLS: Final = {
    "none": ("none", "basic_secondary"),
    "primary": ("none", "basic_secondary"),
    "basic_secondary": ("none", "basic_secondary", "general_secondary"),
    "general_secondary": ("none", "basic_secondary", "general_secondary"),
    "tvet": ("tvet", "general_secondary"),
    "bachelor": ("bachelor", "tvet"),
    "master": ("bachelor", "tvet"),
}
ETHNIC_MIX: Final = {"regular": (0.72, 0.18, 0.10), "city": (0.60, 0.32, 0.08)}
PHONE_PREFIXES: Final = (700, 701, 702, 705, 707, 708, 747, 771, 775, 776, 777, 778)

# Vacancies.
EMPLOYERS_PER_VACANCY: Final = 0.25
SOURCE_SHARES: Final = {"enbek": 0.60, "own": 0.25, "program": 0.15}
POSTED_WITHIN_DAYS: Final = 90
OPEN_UNTIL_FILLED_SHARE: Final = 0.5
PLACES: Final = ((1, 2, 3, 5), (0.80, 0.12, 0.05, 0.03))
EXPERIENCE: Final = ((0, 6, 12, 24), (0.65, 0.15, 0.12, 0.08))
YOUTH_PRACTICE_MRP: Final = 30


@dataclass(frozen=True)
class Spec:
    """What to generate: sizes, the seed, and the day the registry is seen on."""

    people: int
    vacancies: int
    seed: int
    on: date

    def label(self) -> str:
        """What a complete generation of this spec is called (the database's mark)."""
        return (
            f"v{GENERATOR_VERSION}: people={self.people} vacancies={self.vacancies} "
            f"seed={self.seed} on={self.on.isoformat()}"
        )


# --- Reference data ----------------------------------------------------------------------


def _clean(text: str) -> str:
    """COPY's text format gives tab, newline, carriage return and backslash a meaning."""
    return re.sub(r"[\t\n\r\\]", " ", text)


def _dates(ordinals: IntArray) -> list[str]:
    return [str(d) for d in (ordinals - _EPOCH).astype("datetime64[D]").tolist()]


def _ints(values: IntArray, present: BoolArray | None = None) -> list[str]:
    text = values.astype(str)
    if present is not None:
        text = np.where(present, text, _NULL)
    return [str(v) for v in text.tolist()]


def _choice(rng: np.random.Generator, n: int, weights: Sequence[float] | FloatArray) -> IntArray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int64)


def _choice_rows(rng: np.random.Generator, probabilities: FloatArray) -> IntArray:
    """One category per row of a (rows x categories) matrix of weights."""
    cumulative = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
    draws = rng.random(len(probabilities))[:, None]
    return np.asarray((draws > cumulative[:, :-1]).sum(axis=1), dtype=np.int64)


@dataclass
class District:
    """A district as the generator sees it: its youth weight and its settlements."""

    id: int
    code: str
    region: int
    is_city: bool
    youth: float  # thousands, before scaling
    settlement_ids: list[int] = field(default_factory=list)
    settlement_names: list[str] = field(default_factory=list)
    settlement_weights: list[float] = field(default_factory=list)
    settlement_rural: list[bool] = field(default_factory=list)


@dataclass
class Country:
    """Every district, with the arrays that sample places in bulk."""

    districts: list[District]
    people_share: FloatArray
    vacancy_share: FloatArray
    mix: FloatArray  # districts x (kazakh, russian, uighur)
    settlement_keys: FloatArray  # district index + cumulative weight, see sample_settlements
    settlement_ids: IntArray
    settlement_rural: BoolArray
    settlement_names: list[str]

    def sample_settlements(self, rng: np.random.Generator, district: IntArray) -> IntArray:
        """A settlement position (into ``settlement_ids``) of each of ``district``."""
        # Each district's cumulative weights are stored as d + c (c up to exactly 1),
        # so one sorted search picks a settlement of the right district for everyone.
        found = np.searchsorted(self.settlement_keys, district + rng.random(len(district)), "right")
        return np.asarray(found, dtype=np.int64)


def _country(districts: list[District], rng: np.random.Generator) -> Country:
    youth = np.array([d.youth for d in districts])
    factor = np.array([CITY_VACANCY_FACTOR if d.is_city else 1.0 for d in districts])
    keys: list[float] = []
    ids: list[int] = []
    rural: list[bool] = []
    names: list[str] = []
    for index, district in enumerate(districts):
        weights = np.array(district.settlement_weights)
        cumulative = np.cumsum(weights / weights.sum())
        cumulative[-1] = 1.0
        keys += (index + cumulative).tolist()
        ids += district.settlement_ids
        rural += district.settlement_rural
        names += district.settlement_names
    mix = np.array(
        [
            rng.dirichlet(np.array(ETHNIC_MIX["city" if d.is_city else "regular"]) * 40)
            for d in districts
        ]
    )
    return Country(
        districts=districts,
        people_share=youth / youth.sum(),
        vacancy_share=youth * factor / (youth * factor).sum(),
        mix=mix,
        settlement_keys=np.array(keys),
        settlement_ids=np.array(ids, dtype=np.int64),
        settlement_rural=np.array(rural, dtype=np.bool_),
        settlement_names=names,
    )


def _existing_districts() -> list[District]:
    """The reference data's districts, sized by the demo region's youth shares."""
    from jastar.registry.demo.catalog import DISTRICT_SHARES
    from jastar.registry.models import District as DistrictRow
    from jastar.registry.models import Settlement

    found: list[District] = []
    rows = DistrictRow.objects.order_by("code")
    for row in rows:
        share = DISTRICT_SHARES.get(row.code, 1 / max(1, len(rows)))
        district = District(
            row.id, row.code, row.region_id, row.kind == "city", share * REFERENCE_REGION_YOUTH
        )
        for place in Settlement.objects.filter(district=row).order_by("id"):
            weight = {"city": 12.0, "town": 8.0}.get(place.kind, 2.0)
            district.settlement_ids.append(place.id)
            district.settlement_names.append(place.name_kk)
            district.settlement_weights.append(weight * (2 if place.is_district_centre else 1))
            district.settlement_rural.append(place.is_rural)
        if district.settlement_ids:
            found.append(district)
    return found


def _region(number: int, city: bool) -> Any:
    from jastar.registry.models import Region

    if city:
        names = (f"{number}-қала", f"Город {number}", f"City {number}", f"{number}-qala")
    else:
        names = (f"{number}-өңір", f"Регион {number}", f"Region {number}", f"{number}-öñır")
    return Region.objects.create(
        code=f"nat-{number:02d}",
        name_kk=names[0],
        name_ru=names[1],
        name_en=names[2],
        name_kk_latn=names[3],
    )


def _new_district(region: Any, number: int, k: int, city: bool, youth: float) -> District:
    from jastar.registry.models import District as DistrictRow

    if city:
        names = (
            f"{number}-{k} қалалық аудан",
            f"Городской район {number}-{k}",
            f"City district {number}-{k}",
        )
    else:
        names = (f"{number}-{k} ауданы", f"Район {number}-{k}", f"District {number}-{k}")
    row = DistrictRow.objects.create(
        region=region,
        code=f"nat-{number:02d}-{k:02d}",
        kind="city" if city else "district",
        name_kk=names[0],
        name_ru=names[1],
        name_en=names[2],
        name_kk_latn=names[0],
        centre_kk=f"{number}-{k} орталығы",
        centre_ru=f"Центр {number}-{k}",
    )
    return District(row.id, row.code, region.id, city, youth)


def _settlements(district: District, number: int, k: int, rng: np.random.Generator) -> None:
    from jastar.registry.models import Settlement

    if district.is_city:
        places = [(f"{number}-{k} қаласы", f"Город {number}-{k}", "city", True, 1.0)]
    else:
        centre = "town" if rng.random() < 0.5 else "village"
        places = [(f"{number}-{k} орталығы", f"Центр {number}-{k}", centre, True, 12.0)]
        for j in range(1, int(rng.integers(4, 11)) + 1):
            weight = float(rng.uniform(1.0, 5.0))
            places.append(
                (f"{number}-{k}-{j} ауылы", f"Село {number}-{k}-{j}", "village", False, weight)
            )
    rows = Settlement.objects.bulk_create(
        Settlement(
            district_id=district.id,
            name_kk=kk,
            name_ru=ru,
            name_kk_latn=kk,
            kind=kind,
            is_rural=kind == "village",
            is_district_centre=centre_flag,
        )
        for kk, ru, kind, centre_flag, _ in places
    )
    for row, (kk, _, kind, _, weight) in zip(rows, places, strict=True):
        district.settlement_ids.append(row.id)
        district.settlement_names.append(kk)
        district.settlement_weights.append(weight)
        district.settlement_rural.append(kind == "village")


def _link_neighbours(members: list[District], chords: bool) -> None:
    """A ring through the region's districts, and (rural regions) a chord every other one,
    so each has two to four neighbours in its own region."""
    from jastar.registry.models import District as DistrictRow

    through = DistrictRow.neighbours.through
    pairs: set[tuple[int, int]] = set()
    n = len(members)
    for i in range(n):
        steps = (1, 3) if chords and i % 2 == 0 and n > 4 else (1,)
        for step in steps:
            a, b = members[i].id, members[(i + step) % n].id
            if a != b:
                pairs |= {(a, b), (b, a)}
    through.objects.bulk_create(
        [through(from_district_id=a, to_district_id=b) for a, b in sorted(pairs)],
        ignore_conflicts=True,
    )


def build_country(rng: np.random.Generator, say: Say) -> Country:
    """Add the synthetic regions, districts, settlements and neighbours (once)."""
    from jastar.registry.models import Region

    districts = _existing_districts()
    if Region.objects.filter(code__startswith="nat-").exists():
        raise RuntimeError(
            "the synthetic regions are already there: generate into a fresh database"
        )
    number = Region.objects.count()
    for index in range(REGULAR_REGIONS + CITY_REGIONS):
        number += 1
        city = index >= REGULAR_REGIONS
        region = _region(number, city)
        members: list[District] = []
        if city:
            sizes = [float(rng.uniform(*CITY_DISTRICT_YOUTH)) for _ in range(CITY_DISTRICTS)]
            kinds = [True] * CITY_DISTRICTS
        else:
            rural = int(rng.integers(RURAL_DISTRICTS[0], RURAL_DISTRICTS[1] + 1))
            sizes = [float(rng.uniform(*REGIONAL_CITY_YOUTH))]
            sizes += [
                float(RURAL_YOUTH_MEDIAN * math.exp(rng.normal(0, RURAL_YOUTH_SIGMA)))
                for _ in range(rural)
            ]
            kinds = [True] + [False] * rural
        for k, (size, is_city) in enumerate(zip(sizes, kinds, strict=True), start=1):
            district = _new_district(region, number, k, is_city, size)
            _settlements(district, number, k, rng)
            members.append(district)
        _link_neighbours(members, chords=not city)
        districts += members
    say(f"  {Region.objects.count()} regions, {len(districts)} districts")
    return _country(districts, rng)


# --- Names, occupations and texts ----------------------------------------------------------


@dataclass(frozen=True)
class _Pool:
    """Name spellings with their Latin form, search key and duplicate-key initial."""

    text: ObjArray
    latin: ObjArray
    key: ObjArray
    initial: ObjArray
    ascii: ObjArray

    @classmethod
    def of(cls, names: Sequence[str]) -> _Pool:
        from jastar.core.translit import search_key, to_latin
        from jastar.registry.duplicates import part_key

        names = [_clean(n) for n in names]
        keys = [search_key(n) for n in names]
        return cls(
            text=np.array(names, dtype=object),
            latin=np.array([to_latin(n) for n in names], dtype=object),
            key=np.array(keys, dtype=object),
            initial=np.array([(part_key(n)[:1] or "_") if n else "_" for n in names], dtype=object),
            ascii=np.array([re.sub(r"[^a-z]", "", k) for k in keys], dtype=object),
        )

    def pick(self, rng: np.random.Generator, n: int) -> tuple[ObjArray, ...]:
        at = rng.integers(0, len(self.text), n)
        return self.text[at], self.latin[at], self.key[at], self.initial[at], self.ascii[at]


@dataclass(frozen=True)
class _NameGroup:
    first: tuple[_Pool, _Pool]  # male, female
    last: tuple[_Pool, _Pool]
    patronymic: tuple[_Pool, _Pool]


def _name_groups() -> tuple[list[_NameGroup], tuple[_Pool, _Pool], _Pool, _Pool]:
    """Name pools of the kazakh, russian and uighur groups; the Kazakh-form patronymics
    (father's name + -ұлы/-қызы); the Kazakh surnames without a gendered ending; none."""
    from jastar.registry.demo.catalog import ETHNIC_GROUPS, load_catalog

    catalog = load_catalog()
    groups = []
    for name in ETHNIC_GROUPS:
        group = catalog.names[name]
        groups.append(
            _NameGroup(
                first=(_Pool.of(group.male_first), _Pool.of(group.female_first)),
                last=(
                    _Pool.of([m for m, _ in group.surnames]),
                    _Pool.of([f for _, f in group.surnames]),
                ),
                patronymic=(
                    _Pool.of([m for m, _ in group.patronymics]),
                    _Pool.of([f for _, f in group.patronymics]),
                ),
            )
        )
    fathers = catalog.names["kazakh"].male_first
    male_suffix, female_suffix = catalog.kazakh_patronymic_suffixes
    native = (
        _Pool.of([f + male_suffix for f in fathers]),
        _Pool.of([f + female_suffix for f in fathers]),
    )
    return groups, native, _Pool.of(catalog.kazakh_invariant_surnames), _Pool.of([""])


@dataclass(frozen=True)
class _Occupations:
    """The demo catalog's occupations with text, as arrays the generator indexes."""

    ids: IntArray  # registry occupation id of each
    level: list[str]  # catalog education code
    field_ids: IntArray  # field of study id (broad field), -1 if unknown
    salary_mid: FloatArray
    main_skills: ObjArray  # occupation x language (kk, ru) x start (5) x count (2..4)
    second_skills: ObjArray  # occupation x language x start x count (1..2)
    pools: dict[str, IntArray]  # level held -> occupation indexes

    @classmethod
    def read(cls) -> _Occupations:
        from jastar.registry.demo.catalog import load_catalog
        from jastar.registry.models import FieldOfStudy, Occupation

        catalog = load_catalog()
        ids = dict(Occupation.objects.values_list("code", "id"))
        fields = dict(FieldOfStudy.objects.values_list("code", "id"))
        items = [o for o in catalog.occupations if o.code in ids]
        main = np.empty((len(items), 2, 5, 3), dtype=object)
        second = np.empty((len(items), 2, 5, 2), dtype=object)
        for o, item in enumerate(items):
            for lang, skills in enumerate((item.skills_kk, item.skills_ru)):
                for start in range(5):
                    for count in (1, 2, 3, 4):
                        chosen = [_clean(skills[(start + k) % len(skills)]) for k in range(count)]
                        text = ", ".join(dict.fromkeys(chosen))
                        if count >= 2:
                            main[o, lang, start, count - 2] = text
                        if count <= 2:
                            second[o, lang, start, count - 1] = text
        levels = [item.education for item in items]
        return cls(
            ids=np.array([ids[item.code] for item in items], dtype=np.int64),
            level=levels,
            field_ids=np.array([fields.get(item.field, -1) for item in items], dtype=np.int64),
            salary_mid=np.array([(item.salary_low + item.salary_high) / 2 for item in items]),
            main_skills=main,
            second_skills=second,
            pools={
                held: np.array([i for i, lvl in enumerate(levels) if lvl in allowed], np.int64)
                for held, allowed in OCCUPATION_POOLS.items()
            },
        )


# --- Identifiers ------------------------------------------------------------------------


class _Iins:
    """Valid, unique IINs: serials count up per (birth date, sex) from a random start,
    skipping the ~1 in 11 that have no check digit (jastar.core.identifiers)."""

    _W1: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
    _W2: Final = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.next: dict[tuple[int, bool], int] = {}
        self.prefix: dict[tuple[int, bool], tuple[str, int, int]] = {}
        self.tail1 = [self._tail(s, self._W1) for s in range(10_000)]
        self.tail2 = [self._tail(s, self._W2) for s in range(10_000)]

    @staticmethod
    def _tail(serial: int, weights: tuple[int, ...]) -> int:
        return sum(int(d) * w for d, w in zip(f"{serial:04d}", weights[7:], strict=True))

    def _prefix(self, born: int, male: bool) -> tuple[str, int, int]:
        day = date.fromordinal(born)
        century = 2 * (day.year // 100 - 18) + (1 if male else 2)
        text = f"{day:%y%m%d}{century}"
        digits = [int(c) for c in text]
        return (
            text,
            sum(d * w for d, w in zip(digits, self._W1[:7], strict=True)),
            sum(d * w for d, w in zip(digits, self._W2[:7], strict=True)),
        )

    def make(self, birth: IntArray, male: BoolArray) -> list[str]:
        """One IIN per person; never one given before."""
        starts = self.rng.integers(0, 9000, len(birth)).tolist()
        result: list[str] = []
        for born, is_male, start in zip(birth.tolist(), male.tolist(), starts, strict=True):
            key = (born, is_male)
            prefix = self.prefix.get(key)
            if prefix is None:
                prefix = self.prefix[key] = self._prefix(born, is_male)
            serial = self.next.get(key, start)
            text, sum1, sum2 = prefix
            while True:
                check = (sum1 + self.tail1[serial % 10_000]) % 11
                if check == 10:
                    check = (sum2 + self.tail2[serial % 10_000]) % 11
                if check != 10:
                    break
                serial += 1
            result.append(f"{text}{serial % 10_000:04d}{check}")
            self.next[key] = serial + 1
        return result


def _bins(count: int) -> list[str]:
    """``count`` valid BINs of resident legal entities, registered 2000-2024."""
    from jastar.core.identifiers import IdentifierError, make_bin

    found: list[str] = []
    year, month, serial = 2000, 1, 0
    while len(found) < count:
        try:
            found.append(make_bin(year, month, "4", "0", serial))
        except IdentifierError:
            pass
        serial += 1
        if serial > 99_999:
            serial, month = 0, month + 1
            if month > 12:
                month, year = 1, year + 1
    return found


# --- Writing ------------------------------------------------------------------------------


def _columns(model: Any) -> list[str]:
    """Columns of ``model`` the database cannot fill itself (no generated ones)."""
    from django.db import models

    return [
        f.column for f in model._meta.concrete_fields if not isinstance(f, models.GeneratedField)
    ]


def _copy_body(table: str, columns: Sequence[str], data: dict[str, list[str]]) -> bytes:
    """COPY text of already formatted columns (every value text, ``\\N`` for NULL)."""
    missing = set(columns) - set(data)
    if missing:
        raise RuntimeError(f"{table}: the generator writes no value for {sorted(missing)}")
    lines = map("\t".join, zip(*(data[c] for c in columns), strict=True))
    return "".join(line + "\n" for line in lines).encode()


def _copy(table: str, columns: Sequence[str], body: bytes) -> None:
    from django.db import connection

    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            copy.write(body)


def _copy_rows(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows given as column -> value; a column left out takes the field's default."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if f.column in _columns(model)]
    names = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {f.column: f.get_default() for f in fields}
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(f.column, defaults[f.column]) for f in fields])


def _next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 1


def _reset_sequence(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 1)) FROM {table}",  # noqa: S608
            [table],
        )


def _bulk_session() -> None:
    """Skip foreign-key triggers (the generator writes only ids it created or read) and
    the wait for each commit's flush, for this connection only."""
    from django.db import DatabaseError, connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        try:
            with transaction.atomic():
                cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            pass  # not a superuser: the checks run, the load is only slower


def _end_bulk_session() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("RESET session_replication_role")
        cursor.execute("RESET synchronous_commit")


# --- Employers and vacancies --------------------------------------------------------------


@dataclass(frozen=True)
class _Refs:
    levels: dict[str, int]  # education level code -> id
    industries: dict[str, int]
    programs: dict[str, int]
    occupations: dict[str, int]
    mrp: int


def _refs(on: date) -> _Refs:
    from jastar.programs.models import Program
    from jastar.registry.models import EducationLevel, Industry, Occupation, YearlyRates

    rates = YearlyRates.objects.filter(year__lte=on.year).order_by("-year").first()
    return _Refs(
        levels=dict(EducationLevel.objects.values_list("code", "id")),
        industries=dict(Industry.objects.values_list("code", "id")),
        programs=dict(Program.objects.values_list("code", "id")),
        occupations=dict(Occupation.objects.values_list("code", "id")),
        mrp=rates.mrp if rates else 3_932,
    )


@dataclass(frozen=True)
class _Employer:
    id: int
    district: int  # index into Country.districts
    district_id: int
    settlement_id: int


def _employers(
    rng: np.random.Generator, country: Country, refs: _Refs, count: int
) -> list[_Employer]:
    """Write ``count`` employers, at least one in every district."""
    from jastar.registry.demo.catalog import load_catalog
    from jastar.registry.models import Employer

    occupations = load_catalog().occupations
    spread = _choice(rng, max(0, count - len(country.districts)), country.vacancy_share)
    districts = np.r_[np.arange(len(country.districts)), spread][:count].astype(np.int64)
    places = country.sample_settlements(rng, districts)
    first, now = _next_id("registry_employer"), _now()
    found: list[_Employer] = []
    rows: list[dict[str, Any]] = []
    for k, (bin_, d, place) in enumerate(
        zip(_bins(count), districts.tolist(), places.tolist(), strict=True)
    ):
        district = country.districts[d]
        occupation = occupations[int(rng.integers(0, len(occupations)))]
        template = occupation.employers_kk[int(rng.integers(0, len(occupation.employers_kk)))]
        town = country.settlement_names[place]
        found.append(_Employer(first + k, d, district.id, int(country.settlement_ids[place])))
        rows.append(
            {
                "id": first + k,
                "created_at": now,
                "updated_at": now,
                "bin": bin_,
                "kind": "legal_entity",
                "name": _clean(f"{template.replace('{place}', town)} №{k + 1}"),
                "industry_id": refs.industries.get(occupation.industry),
                "district_id": district.id,
                "settlement_id": found[-1].settlement_id,
                "version": 1,
            }
        )
    _copy_rows(Employer, rows)
    return found


def _salary(rng: np.random.Generator, low: int, high: int) -> tuple[int | None, int | None]:
    """~5% without a salary, ~8% with a lower bound only, the rest a range (5,000 steps)."""
    u = rng.random()
    if u < 0.05:
        return None, None
    a = round(low * rng.uniform(0.9, 1.1) / 5_000) * 5_000
    b = round(high * rng.uniform(0.9, 1.1) / 5_000) * 5_000
    return a, (max(a, b) if u >= 0.13 else None)


def _texts(rng: np.random.Generator, item: Any) -> dict[str, str]:
    """Title and description in Kazakh and Russian; ~15% of vacancies have one language."""
    t = int(rng.integers(0, min(len(item.titles_kk), len(item.titles_ru))))
    u = rng.random()
    kazakh, russian = u < 0.925, u < 0.85 or u >= 0.925
    return {
        "title_kk": _clean(item.titles_kk[t]) if kazakh else "",
        "title_ru": _clean(item.titles_ru[t]) if russian else "",
        "description_kk": _clean(item.description_kk) if kazakh else "",
        "description_ru": _clean(item.description_ru) if russian else "",
    }


def _vacancy(
    rng: np.random.Generator, refs: _Refs, item: Any, program: str, on: int
) -> dict[str, Any]:
    """One open vacancy's own fields (not its place or employer)."""
    from jastar.registry.demo.catalog import LEVELS
    from jastar.registry.demo.placements import PROGRAM_EMPLOYMENT

    u = rng.random()
    if program:
        employment = PROGRAM_EMPLOYMENT.get(program, "subsidised")
    else:
        seasonal = u < 0.2 and item.seasonal
        employment = "temporary" if u < 0.12 else "seasonal" if seasonal else "permanent"
    low, high = _salary(rng, item.salary_low, item.salary_high)
    if program == "youth_practice":
        low = high = YOUTH_PRACTICE_MRP * refs.mrp
    u = rng.random()
    level = LEVELS.index(item.education) - (0 if u < 0.7 else 1 if u < 0.8 else 99)
    level_code = LEVELS[max(level, 0)]
    posted = on - int(rng.integers(0, POSTED_WITHIN_DAYS))
    until_filled = rng.random() < OPEN_UNTIL_FILLED_SHARE
    closes = None if until_filled else max(on, posted + int(rng.integers(60, 121)))
    return {
        **_texts(rng, item),
        "occupation_id": refs.occupations.get(item.code),
        "salary_min": low,
        "salary_max": high,
        "employment_type": employment,
        "education_required_id": refs.levels.get(level_code) if level > 1 else None,
        "experience_months_required": 0
        if program
        else int(rng.choice(EXPERIENCE[0], p=EXPERIENCE[1])),
        "places": int(rng.choice(PLACES[0], p=PLACES[1])),
        "status": "open",
        "program_id": refs.programs.get(program) if program else None,
        "posted_on": date.fromordinal(posted),
        "closes_on": None if closes is None else date.fromordinal(closes),
        "version": 1,
    }


def _vacancies(
    rng: np.random.Generator, country: Country, refs: _Refs, spec: Spec, employers: list[_Employer]
) -> None:
    """Write ``spec.vacancies`` vacancies, all open on ``spec.on``, in their employers' places."""
    from jastar.registry.demo.catalog import load_catalog
    from jastar.registry.demo.targets import PROGRAM_SHARES
    from jastar.registry.models import Vacancy

    occupations = load_catalog().occupations
    by_district: dict[int, list[_Employer]] = {}
    for employer in employers:
        by_district.setdefault(employer.district, []).append(employer)
    programs = [p for p in PROGRAM_SHARES if p in refs.programs]
    program_of = _choice(rng, spec.vacancies, [PROGRAM_SHARES[p] for p in programs]).tolist()
    sources = list(SOURCE_SHARES)
    source_of = _choice(rng, spec.vacancies, list(SOURCE_SHARES.values())).tolist()
    districts = _choice(rng, spec.vacancies, country.vacancy_share).tolist()
    first, now = _next_id("registry_vacancy"), _now()
    rows: list[dict[str, Any]] = []
    for k in range(spec.vacancies):
        pool = by_district[districts[k]]
        employer = pool[int(rng.integers(0, len(pool)))]
        item = occupations[int(rng.integers(0, len(occupations)))]
        source = sources[source_of[k]]
        program = programs[program_of[k]] if source == "program" and programs else ""
        rows.append(
            {
                **_vacancy(rng, refs, item, program, spec.on.toordinal()),
                "id": first + k,
                "created_at": now,
                "updated_at": now,
                "employer_id": employer.id,
                "district_id": employer.district_id,
                "settlement_id": employer.settlement_id,
                "source": source,
                "external_id": f"ENB-{20_000_000 + first + k}" if source == "enbek" else "",
            }
        )
    _copy_rows(Vacancy, rows)


# --- Young people ------------------------------------------------------------------------


@dataclass
class _People:
    """What every chunk of people draws from."""

    country: Country
    occupations: _Occupations
    names: list[_NameGroup]
    native: tuple[_Pool, _Pool]  # Kazakh-form patronymics, male and female
    invariant: _Pool  # Kazakh surnames without a gendered ending
    nobody: _Pool  # no patronymic
    iins: _Iins
    levels: dict[str, int]
    broad_fields: IntArray
    on: date
    now: str


def _names(
    rng: np.random.Generator, ctx: _People, group: IntArray, male: BoolArray
) -> dict[str, ObjArray]:
    """Names in Cyrillic and Latin, their search keys, initials and ASCII forms."""
    n = len(group)
    parts = ("last", "first", "patronymic")
    out = {f"{p}_{k}": np.empty(n, dtype=object) for p in parts for k in range(5)}

    def put(part: str, rows: IntArray, pool: _Pool) -> None:
        for k, values in enumerate(pool.pick(rng, len(rows))):
            out[f"{part}_{k}"][rows] = values

    u = rng.random((n, 2))
    for g, names in enumerate(ctx.names):
        for sex in (0, 1):
            rows = np.flatnonzero((group == g) & (male == (sex == 0)))
            put("first", rows, names.first[sex])
            if g != 0:  # Russian and Uighur names
                put("last", rows, names.last[sex])
                put("patronymic", rows, names.patronymic[sex])
                continue
            invariant = u[rows, 0] < 0.12
            put("last", rows[invariant], ctx.invariant)
            put("last", rows[~invariant], names.last[sex])
            kind = u[rows, 1]
            put("patronymic", rows[kind < 0.02], ctx.nobody)
            put("patronymic", rows[(kind >= 0.02) & (kind < 0.52)], ctx.native[sex])
            put("patronymic", rows[kind >= 0.52], names.patronymic[sex])
    return out


def _places_and_ages(rng: np.random.Generator, ctx: _People, n: int) -> dict[str, Any]:
    from jastar.registry.demo.dates import add_years, uniform_dates

    district = _choice(rng, n, ctx.country.people_share)
    place = ctx.country.sample_settlements(rng, district)
    ages = np.arange(AGE_RANGE[0], AGE_RANGE[1] + 1)
    age = ages[_choice(rng, n, np.where((ages >= 18) & (ages <= 30), 1.35, 0.8))]
    on = np.full(n, ctx.on.toordinal(), dtype=np.int64)
    birth = uniform_dates(rng, add_years(on, -(age + 1)) + 1, add_years(on, -age))
    adult = add_years(birth, AGE_RANGE[0])
    return {
        "district": district,
        "place": place,
        "age": age,
        "birth": birth,
        "registered": uniform_dates(rng, np.maximum(adult, HISTORY_START.toordinal()), on),
        "status_since": uniform_dates(rng, np.maximum(adult, on - 3 * 365), on),
        "male": rng.random(n) < MALE_SHARE,
        "group": _choice_rows(rng, ctx.country.mix[district]),
        "bracket": np.searchsorted(np.array(AGE_BRACKETS), age, "right") - 1,
    }


def _occupations_of(
    rng: np.random.Generator, ctx: _People, level: IntArray
) -> tuple[IntArray, IntArray]:
    """Main and second occupation (catalog index, -1 none) fitting the level held."""
    n = len(level)
    main = np.full(n, -1, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    for index, code in enumerate(LEVEL_CODES):
        rows = np.flatnonzero(level == index)
        pool = ctx.occupations.pools[code]
        main[rows] = pool[rng.integers(0, len(pool), len(rows))]
        second[rows] = pool[rng.integers(0, len(pool), len(rows))]
    main[rng.random(n) < BLANK_PROFILE_SHARE] = -1
    keep = (main >= 0) & (second != main) & (rng.random(n) < SECOND_OCCUPATION_SHARE)
    return main, np.where(keep, second, -1)


def _skills(
    rng: np.random.Generator, ctx: _People, main: IntArray, second: IntArray, group: IntArray
) -> ObjArray:
    """2-4 skills of the main occupation and 1-2 of the second, in Kazakh or Russian."""
    n = len(main)
    russian = (rng.random(n) >= np.array([0.6, 0.05, 0.2])[group]).astype(np.int64)
    start = rng.integers(0, 5, (n, 2))
    first = ctx.occupations.main_skills[
        np.maximum(main, 0), russian, start[:, 0], rng.integers(0, 3, n)
    ]
    other = ctx.occupations.second_skills[
        np.maximum(second, 0), russian, start[:, 1], rng.integers(0, 2, n)
    ]
    text = np.where(second >= 0, first + ", " + other, first)
    return np.where(main >= 0, text, "")


def _languages(rng: np.random.Generator, group: IntArray, graduate: BoolArray) -> list[str]:
    """The group's own language, Russian or Kazakh for most, English for ~15% of graduates."""
    variants = (
        (["kk"], ["kk", "ru"]),
        (["ru"], ["ru", "kk"]),
        (["ug", "ru"], ["ug", "ru", "kk"]),
    )
    second = rng.random(len(group)) < np.array([0.85, 0.15, 0.6])[group]
    english = graduate & (rng.random(len(group)) < 0.15)
    table = [
        json.dumps(variants[g][s] + (["en"] if e else []))
        for g in range(3)
        for s in (0, 1)
        for e in (False, True)
    ]
    index = group * 4 + second.astype(np.int64) * 2 + english.astype(np.int64)
    return [table[i] for i in index.tolist()]


def _contacts(rng: np.random.Generator, names: dict[str, ObjArray]) -> tuple[list[str], list[str]]:
    n = len(names["first_0"])
    prefix = rng.choice(np.array(PHONE_PREFIXES), n).tolist()
    digits = rng.integers(0, 10_000_000, n).tolist()
    phones = [
        f"+7 {p} {d // 10_000:03d} {d // 100 % 100:02d} {d % 100:02d}"
        for p, d in zip(prefix, digits, strict=True)
    ]
    has = rng.random(n) < EMAIL_SHARE
    number = rng.integers(1, 100, n).astype(str).astype(object)
    emails = np.where(has, names["first_4"] + "." + names["last_4"] + number + "@example.org", "")
    return phones, [str(e) for e in emails.tolist()]


def _education(rng: np.random.Generator, ctx: _People, who: dict[str, Any]) -> dict[str, Any]:
    """Level held (and whether recorded), status, and the occupations of the skills."""
    n = len(who["age"])
    level = _choice_rows(rng, np.array(LEVEL_SHARES)[who["bracket"]])
    known = rng.random(n) >= EDUCATION_UNKNOWN_SHARE
    status = _choice_rows(rng, np.array(STATUS_SHARES)[who["bracket"]])
    main, second = _occupations_of(rng, ctx, level)
    return {"level": level, "known": known, "status": status, "main": main, "second": second}


def _work(
    rng: np.random.Generator, ctx: _People, who: dict[str, Any], edu: dict[str, Any]
) -> dict[str, Any]:
    """Field of study, the wage a person would name, and months of work experience."""
    n, main = len(who["age"]), edu["main"]
    typical = ctx.occupations.field_ids[np.maximum(main, 0)]
    random_field = ctx.broad_fields[rng.integers(0, len(ctx.broad_fields), n)]
    study = np.where((main >= 0) & (typical >= 0) & (rng.random(n) < 0.9), typical, random_field)
    middle = ctx.occupations.salary_mid[np.maximum(main, 0)]
    salary = np.round(middle * rng.uniform(0.85, 1.3, n), -4).astype(np.int64)
    months = (rng.random(n) * (np.maximum(who["age"] - 18, 0) * 12 + 1)).astype(np.int64)
    # The employed have all of it; of the others, ~40% half of it, the rest none.
    some = np.where(rng.random(n) < 0.4, months // 2, 0)
    return {
        "study": study,
        "salary": salary,
        "experience": np.where(edu["status"] == 0, months, some),
    }


def _identity(
    rng: np.random.Generator, ctx: _People, who: dict[str, Any], names: dict[str, ObjArray]
) -> dict[str, list[str]]:
    """Names and their keys, IIN, birth date, sex, place and contacts (COPY text)."""
    n = len(who["age"])
    consent = rng.random(n) < CONSENT_SAME_DAY_SHARE
    iins = ctx.iins.make(who["birth"], who["male"])
    phones, emails = _contacts(rng, names)
    births = _dates(who["birth"])
    registered = _dates(who["registered"])
    patronymic = np.where(names["patronymic_0"] != "", " " + names["patronymic_2"], "")
    low = np.minimum(names["last_3"], names["first_3"]).tolist()
    high = np.maximum(names["last_3"], names["first_3"]).tolist()
    district_ids = np.array([d.id for d in ctx.country.districts], dtype=np.int64)
    return {
        "iin": iins,
        **{f"{part}_name": names[f"{part}_0"].tolist() for part in ("last", "first")},
        **{f"{part}_name_latn": names[f"{part}_1"].tolist() for part in ("last", "first")},
        "patronymic": names["patronymic_0"].tolist(),
        "patronymic_latn": names["patronymic_1"].tolist(),
        "name_key": (names["last_2"] + " " + names["first_2"] + patronymic).tolist(),
        "duplicate_key": [
            b.replace("-", "") + a + z for b, a, z in zip(births, low, high, strict=True)
        ],
        "birth_date": births,
        "sex": np.where(who["male"], "M", "F").tolist(),
        "district_id": _ints(district_ids[who["district"]]),
        "settlement_id": _ints(ctx.country.settlement_ids[who["place"]]),
        "area": np.where(ctx.country.settlement_rural[who["place"]], "rural", "urban").tolist(),
        "phone": phones,
        "email": emails,
        "consent_given_on": np.where(consent, registered, _NULL).tolist(),
        "registered_on": registered,
    }


def _profile(
    rng: np.random.Generator,
    ctx: _People,
    who: dict[str, Any],
    edu: dict[str, Any],
    work: dict[str, Any],
) -> dict[str, list[str]]:
    """Education, status, experience, expected wage, languages and skills (COPY text)."""
    n, level, known, main = len(who["age"]), edu["level"], edu["known"], edu["main"]
    level_ids = np.array([ctx.levels[c] for c in LEVEL_CODES], dtype=np.int64)
    graduated = np.array([GRADUATION_AGE.get(c, 0) for c in LEVEL_CODES], dtype=np.int64)[level]
    birth_year = (who["birth"] - _EPOCH).astype("datetime64[D]").astype("datetime64[Y]")
    year = np.minimum(birth_year.astype(np.int64) + 1970 + graduated, ctx.on.year)
    tvet = LEVEL_CODES.index("tvet")
    named = (main >= 0) & (who["age"] >= 16) & (rng.random(n) < EXPECTED_SALARY_SHARE)
    return {
        "education_level_id": _ints(level_ids[level], known),
        "graduation_year": _ints(year, known & (graduated > 0)),
        "field_of_study_id": _ints(work["study"], known & (level >= tvet) & (work["study"] >= 0)),
        "experience_months": _ints(work["experience"]),
        "expected_salary": _ints(work["salary"], named),
        "status": np.array(STATUSES)[edu["status"]].tolist(),
        "status_since": _dates(who["status_since"]),
        "languages": _languages(rng, who["group"], level >= tvet),
        "skills": _skills(rng, ctx, main, edu["second"], who["group"]).tolist(),
    }


def _person_columns(
    rng: np.random.Generator, ctx: _People, first_id: int, n: int
) -> tuple[dict[str, list[str]], IntArray, IntArray]:
    """One chunk of people as COPY text columns, and their main and second occupation."""
    who = _places_and_ages(rng, ctx, n)
    edu = _education(rng, ctx, who)
    names = _names(rng, ctx, who["group"], who["male"])
    work = _work(rng, ctx, who, edu)
    columns = {
        "id": _ints(np.arange(first_id, first_id + n, dtype=np.int64)),
        "created_at": [ctx.now] * n,
        "updated_at": [ctx.now] * n,
        "version": ["1"] * n,
        **_identity(rng, ctx, who, names),
        **_profile(rng, ctx, who, edu, work),
    }
    return columns, edu["main"], edu["second"]


def _links(
    rng: np.random.Generator, ctx: _People, ids: IntArray, main: IntArray, second: IntArray
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Desired occupations (main, for ~60%) and skill occupations (main and second, ~75%)."""
    n = len(ids)
    codes = ctx.occupations.ids
    desired = (main >= 0) & (rng.random(n) < DESIRED_SHARE)
    coded = (main >= 0) & (rng.random(n) < SKILL_CODES_SHARE)
    also = coded & (second >= 0)
    skill_people = np.r_[ids[coded], ids[also]]
    skill_codes = np.r_[codes[main[coded]], codes[second[also]]]
    order = np.argsort(skill_people, kind="stable")
    return (
        {"person_id": _ints(ids[desired]), "occupation_id": _ints(codes[main[desired]])},
        {"person_id": _ints(skill_people[order]), "occupation_id": _ints(skill_codes[order])},
    )


def _people_context(rng: np.random.Generator, country: Country, refs: _Refs, on: date) -> _People:
    from jastar.registry.models import FieldOfStudy

    groups, native, invariant, nobody = _name_groups()
    broad = FieldOfStudy.objects.filter(parent__isnull=True).values_list("id", flat=True)
    return _People(
        country=country,
        occupations=_Occupations.read(),
        names=groups,
        native=native,
        invariant=invariant,
        nobody=nobody,
        iins=_Iins(rng),
        levels=refs.levels,
        broad_fields=np.array(sorted(broad), dtype=np.int64),
        on=on,
        now=_now(),
    )


# Tables and columns of one chunk of people: the people, then their occupation links.
_Chunk = list[tuple[str, list[str], bytes]]


def _people_chunks(
    rng: np.random.Generator, ctx: _People, count: int, links: list[int]
) -> Iterator[_Chunk]:
    """``count`` people as COPY text, chunk by chunk; counts their links in ``links``."""
    from jastar.registry.models import Person

    columns = _columns(Person)
    first = _next_id(Person._meta.db_table)
    tables = [
        Person.desired_occupations.through._meta.db_table,
        Person.skill_occupations.through._meta.db_table,
    ]
    for start in range(first, first + count, CHUNK):
        n = min(CHUNK, first + count - start)
        data, main, second = _person_columns(rng, ctx, start, n)
        chunk = [(Person._meta.db_table, columns, _copy_body("person", columns, data))]
        del data
        ids = np.arange(start, start + n, dtype=np.int64)
        for k, (table, link) in enumerate(
            zip(tables, _links(rng, ctx, ids, main, second), strict=True)
        ):
            links[k] += len(link["person_id"])
            chunk.append((table, list(link), _copy_body(table, list(link), link)))
        yield chunk


def _writer(chunks: queue.Queue[_Chunk | None], done: queue.Queue[int | BaseException]) -> None:
    """A thread with its own connection: COPY each chunk in one transaction."""
    from django.db import connection, transaction

    try:
        _bulk_session()
        while (chunk := chunks.get()) is not None:
            with transaction.atomic():
                for table, columns, body in chunk:
                    _copy(table, columns, body)
            done.put(chunk[0][2].count(b"\n"))
    except BaseException as error:  # noqa: BLE001 - handed to the main thread
        done.put(error)
    finally:
        connection.close()


def _people(rng: np.random.Generator, ctx: _People, count: int, say: Say) -> tuple[int, int]:
    """Write ``count`` people with their occupation links; returns the links written.

    The main thread draws and formats chunks while :data:`WRITERS` threads COPY them
    (PostgreSQL's side, indexes and all, is the slower one): the writers' backends and
    the generator keep both cores busy.
    """
    chunks: queue.Queue[_Chunk | None] = queue.Queue(maxsize=WRITERS)
    done: queue.Queue[int | BaseException] = queue.Queue()
    threads = [threading.Thread(target=_writer, args=(chunks, done)) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    links = [0, 0]
    written, started = 0, time.perf_counter()

    def drain() -> None:
        nonlocal written
        while True:
            try:
                item = done.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, BaseException):
                raise item
            written += item
            if written == count or written // CHUNK % 10 == 0:
                seconds = time.perf_counter() - started
                rate = f"{written / seconds:,.0f}/s"
                say(f"  people {written:>10,} of {count:,} {seconds:6.0f} s ({rate})")

    def send(item: _Chunk | None) -> None:
        while any(thread.is_alive() for thread in threads):
            try:
                chunks.put(item, timeout=1.0)
                return
            except queue.Full:
                drain()
        drain()
        raise RuntimeError("the writers stopped")

    try:
        for chunk in _people_chunks(rng, ctx, count, links):
            send(chunk)
            drain()
    finally:
        for thread in threads:
            if thread.is_alive():
                chunks.put(None)
        for thread in threads:
            thread.join()
    drain()
    if written != count:
        raise RuntimeError(f"{written:,} of {count:,} people written")
    return links[0], links[1]


def _now() -> str:
    from django.utils import timezone

    return timezone.now().isoformat()


def _vacuum(tables: Sequence[str]) -> None:
    """Set hint bits, the visibility map and statistics now, so that autovacuum does not
    wake up on millions of new rows in the middle of a measurement."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def generate(spec: Spec, say: Say) -> None:
    """Write the synthetic country of ``spec`` into the (migrated, fresh) database."""
    from jastar.registry.models import Employer, Person, Vacancy

    rng = np.random.default_rng(spec.seed)
    refs = _refs(spec.on)
    begun = time.perf_counter()

    def step(label: str, since: float) -> float:
        now = time.perf_counter()
        say(f"  {label:<52} {now - since:7.1f} s")
        return now

    country = build_country(rng, say)
    at = step("places", begun)
    _bulk_session()
    try:
        employers = _employers(
            rng,
            country,
            refs,
            max(len(country.districts), round(spec.vacancies * EMPLOYERS_PER_VACANCY)),
        )
        at = step(f"{len(employers):,} employers", at)
        _vacancies(rng, country, refs, spec, employers)
        at = step(f"{spec.vacancies:,} vacancies", at)
        desired, skills = _people(
            rng, _people_context(rng, country, refs, spec.on), spec.people, say
        )
        at = step(
            f"{spec.people:,} people, {desired:,} desired and {skills:,} skill occupations", at
        )
        tables = [m._meta.db_table for m in (Employer, Vacancy, Person)]
        tables += [
            Person.desired_occupations.through._meta.db_table,
            Person.skill_occupations.through._meta.db_table,
        ]
        for table in tables[:3]:
            _reset_sequence(table)
    finally:
        _end_bulk_session()
    _vacuum(tables)
    at = step("VACUUM ANALYZE", at)
    say(f"  generated in {time.perf_counter() - begun:.1f} s")
