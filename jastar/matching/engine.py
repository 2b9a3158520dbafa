"""The matching engine: vacancies indexed once, people scored against them in blocks.

:class:`Engine` is built from the open vacancies (:meth:`Engine.build`); it fits the text
model on their texts, encodes them as arrays, and then scores any block of people
(:meth:`Engine.encode_people`, :meth:`Engine.scores`) with one dense matrix per feature.
Every pair's score and its features come from the same code (:mod:`.scoring`), so the
batch, a single person's page and an explanation can never disagree.

Pure: numpy, scipy and scikit-learn; an optional ``embed`` function adds dense sentence
embeddings. Nothing here reads the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from jastar.matching.features import (
    OCCUPATION_LEVELS,
    EngineSettings,
    Geography,
    PersonInput,
    VacancyInput,
)
from jastar.matching.occupations import OccupationLookup, similarity_table
from jastar.matching.text import FloatMatrix, TextModel, WordSets, joined, normalize

# scipy is imported where it is used: this module is reached from the admin at start-up.
if TYPE_CHECKING:
    from scipy import sparse

IntArray = npt.NDArray[np.int64]
Embed = Callable[[Sequence[str]], FloatMatrix]
OCCUPATION_SLOTS = 3  # occupations per person that count (desired first)
NEAR, SAME = 2, 1  # district relations in Engine.district_relation


@dataclass
class Side:
    """Arrays shared by people and vacancies: one row per record."""

    ids: IntArray
    district: IntArray
    settlement: IntArray  # -1 = unknown
    text: FloatMatrix
    words: sparse.csr_matrix
    education: IntArray  # -1 = unknown (people) / not required (vacancies)
    experience: npt.NDArray[np.float32]
    salary: npt.NDArray[np.float32]  # NaN = unknown
    employment: IntArray  # -1 = any / unknown
    meaning: FloatMatrix | None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class People(Side):
    """Encoded people: the shared arrays plus occupations and program eligibility."""

    occupations: IntArray  # (n, OCCUPATION_SLOTS) code indexes; the pad is the last index
    eligible: npt.NDArray[np.bool_]  # (n, programs)


@dataclass
class Vacancies(Side):
    """Encoded vacancies: the shared arrays plus occupation, place and program."""

    occupation: IntArray
    centre: npt.NDArray[np.bool_]
    program: IntArray  # -1 = not a program place
    places: IntArray


def _stack(old: Vacancies, keep: IntArray, added: Vacancies) -> Vacancies:
    """Rows ``keep`` of ``old`` followed by ``added``."""
    from scipy import sparse

    values: dict[str, object] = {}
    for item in dataclasses.fields(Vacancies):
        before, after = getattr(old, item.name), getattr(added, item.name)
        if before is None or after is None:
            values[item.name] = None
        elif sparse.issparse(before):
            values[item.name] = sparse.vstack([before[keep], after], format="csr")
        else:
            values[item.name] = np.concatenate([before[keep], after])
    return Vacancies(**values)  # type: ignore[arg-type]


ANY, UNKNOWN = -1, -2  # codes of _index: nothing given / a value the engine has not seen


def _index(values: Sequence[str], known: dict[str, int]) -> IntArray:
    return np.array([known.get(v, UNKNOWN) if v else ANY for v in values], dtype=np.int64)


def _optional(values: Sequence[int | None], dtype: type) -> npt.NDArray[np.float32]:
    return np.array([np.nan if v is None else v for v in values], dtype=dtype)


class Engine:
    """Vacancies ready to be matched; see the module docstring."""

    def __init__(
        self,
        vacancies: Sequence[VacancyInput],
        *,
        geography: Geography,
        lookup: OccupationLookup,
        settings: EngineSettings,
        embed: Embed | None = None,
    ) -> None:
        self.settings = settings
        self.geography = geography
        self.lookup = lookup
        self.embed = embed if settings.weights.meaning > 0 else None
        listed = set(geography.neighbours).union(*geography.neighbours.values())
        self.districts = sorted({v.district for v in vacancies} | listed)
        self._district = {code: i for i, code in enumerate(self.districts)}
        self.district_relation = self._relations()
        self.codes = sorted(set(lookup.codes) | {v.occupation for v in vacancies if v.occupation})
        self._code = {code: i for i, code in enumerate(self.codes)}
        self.occupation_table = similarity_table(self.codes, OCCUPATION_LEVELS)
        self.programs = sorted({v.program for v in vacancies if v.program})
        self._program = {code: i for i, code in enumerate(self.programs)}
        texts = [joined((v.title, v.text)) for v in vacancies]
        self.text_model = TextModel().fit(texts)
        self.word_sets = WordSets().fit(texts)
        self.employment_types = sorted({v.employment_type for v in vacancies if v.employment_type})
        self.records = {v.id: v for v in vacancies}
        # Derived from the vacancy arrays (nearby rows, distinct keys): emptied when they change.
        self.memo: dict[tuple[object, ...], object] = {}
        self._set_vacancies(list(vacancies), texts)

    def _set_vacancies(self, records: list[VacancyInput], texts: list[str]) -> None:
        self.vacancies = self._encode_vacancies(records, texts)
        self.row_of = {int(vid): row for row, vid in enumerate(self.vacancies.ids.tolist())}
        self.by_district = {
            d: np.flatnonzero(self.vacancies.district == i) for d, i in self._district.items()
        }
        self.memo.clear()

    def fits(self, vacancy: VacancyInput) -> bool:
        """Whether ``vacancy`` can be added without refitting (its district, program and
        employment type are already known)."""
        return (
            vacancy.district in self._district
            and (not vacancy.program or vacancy.program in self._program)
            and (not vacancy.employment_type or vacancy.employment_type in self._employment)
        )

    def replace(self, changed: Sequence[VacancyInput], removed: Iterable[int]) -> None:
        """Take in changed or new vacancies and drop removed ones, keeping the fitted text
        model (so scores of unchanged pairs stay exactly as they were).

        Callers refit (build a new engine) when :meth:`fits` refuses a vacancy or the
        changes are a large share of the index.
        """
        gone = set(removed) | {v.id for v in changed}
        keep = np.array(
            [row for vid, row in self.row_of.items() if vid not in gone], dtype=np.int64
        )
        added = self._encode_vacancies(changed, [joined((v.title, v.text)) for v in changed])
        self.vacancies = _stack(self.vacancies, keep, added)
        for vid in gone:
            self.records.pop(vid, None)
        self.records.update({v.id: v for v in changed})
        self.row_of = {int(vid): row for row, vid in enumerate(self.vacancies.ids.tolist())}
        self.by_district = {
            d: np.flatnonzero(self.vacancies.district == i) for d, i in self._district.items()
        }
        self.memo.clear()

    @classmethod
    def build(
        cls,
        vacancies: Sequence[VacancyInput],
        *,
        geography: Geography,
        lookup: OccupationLookup,
        settings: EngineSettings | None = None,
        embed: Embed | None = None,
    ) -> Engine:
        """An engine over ``vacancies`` (usually the open ones of a region)."""
        return cls(
            vacancies,
            geography=geography,
            lookup=lookup,
            settings=settings or EngineSettings(),
            embed=embed,
        )

    def _relations(self) -> npt.NDArray[np.int8]:
        size = len(self.districts)
        table = np.zeros((size + 1, size + 1), dtype=np.int8)  # last: unknown district
        for code, i in self._district.items():
            for other in self.geography.near(code):
                if other in self._district:
                    table[i, self._district[other]] = NEAR
            table[i, i] = SAME
        return table

    def district_index(self, code: str) -> int:
        """The row of ``code`` in :attr:`district_relation` (the last row if unknown)."""
        return self._district.get(code, len(self.districts))

    # --- Encoding ------------------------------------------------------------------

    def _side(
        self, records: Sequence[PersonInput] | Sequence[VacancyInput], texts: list[str]
    ) -> dict[str, Any]:
        return {
            "ids": np.array([r.id for r in records], dtype=np.int64),
            "district": np.array(
                [self.district_index(r.district) for r in records], dtype=np.int64
            ),
            "settlement": np.array(
                [-1 if r.settlement is None else r.settlement for r in records], dtype=np.int64
            ),
            "text": self.text_model.transform(texts),
            "employment": _index([r.employment_type for r in records], self._employment),
            "meaning": self._embedded(texts, records),
        }

    @property
    def _employment(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.employment_types)}

    def _embedded(self, texts: list[str], records: Sequence[object]) -> FloatMatrix | None:
        if self.embed is None:
            return None
        raw = [getattr(r, "title", "") or getattr(r, "text", "") for r in records]
        vectors = np.asarray(self.embed([t or " " for t in raw]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: FloatMatrix = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return unit

    def _encode_vacancies(self, records: Sequence[VacancyInput], texts: list[str]) -> Vacancies:
        occupations = [v.occupation or self.infer_occupation(v.title) for v in records]
        return Vacancies(
            **self._side(records, texts),
            words=self.word_sets.transform(texts),
            education=np.array(
                [-1 if v.education_order is None else v.education_order for v in records],
                dtype=np.int64,
            ),
            experience=np.array([v.experience_months for v in records], dtype=np.float32),
            salary=_optional([v.salary_max or v.salary_min for v in records], np.float32),
            occupation=np.array(
                [self._code.get(c, len(self.codes)) for c in occupations], dtype=np.int64
            ),
            centre=np.array([v.at_district_centre for v in records], dtype=np.bool_),
            program=_index([v.program for v in records], self._program),
            places=np.array([v.places for v in records], dtype=np.int64),
        )

    def infer_occupation(self, title: str) -> str:
        """The occupation a title names, when the lookup is sure enough; else ""."""
        hits = self.lookup.lookup(title, limit=1, min_score=self.settings.infer_occupation_from)
        return hits[0].code if hits else ""

    def _person_codes(self, person: PersonInput) -> IntArray:
        codes = list(person.occupations)
        if not codes and person.skills:
            phrases = [p for p in person.skills.replace(";", ",").split(",") if p.strip()]
            guessed = (self.infer_occupation(p) for p in phrases)
            codes = list(dict.fromkeys(c for c in guessed if c))
        slots = [self._code[c] for c in codes if c in self._code][:OCCUPATION_SLOTS]
        pad = len(self.codes)
        return np.array(slots + [pad] * (OCCUPATION_SLOTS - len(slots)), dtype=np.int64)

    def encode_people(self, people: Sequence[PersonInput]) -> People:
        """Arrays for a block of people, in the vacancies' vocabulary."""
        texts = [joined((p.text,)) for p in people]
        eligible = np.zeros((len(people), len(self.programs)), dtype=np.bool_)
        for row, person in enumerate(people):
            for code in person.eligible_programs:
                if code in self._program:
                    eligible[row, self._program[code]] = True
        codes = [self._person_codes(p) for p in people]
        return People(
            **self._side(people, texts),
            words=self.word_sets.transform([normalize(p.skills) for p in people]),
            education=np.array(
                [-1 if p.education_order is None else p.education_order for p in people],
                dtype=np.int64,
            ),
            experience=np.array([p.experience_months for p in people], dtype=np.float32),
            salary=_optional([p.expected_salary for p in people], np.float32),
            occupations=np.vstack(codes) if codes else np.zeros((0, OCCUPATION_SLOTS), np.int64),
            eligible=eligible,
        )

    def near_vacancies(self, district: str) -> IntArray:
        """Rows of the vacancies a person living in ``district`` may be offered."""
        found = self.memo.get(("near", district))
        if found is None:
            found = self._near(district)
            self.memo[("near", district)] = found
        return cast(IntArray, found)

    def _near(self, district: str) -> IntArray:
        near = sorted(self.geography.near(district))
        rows = [self.by_district[d] for d in near if d in self.by_district]
        return np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)
