"""Which occupation a job title names, in any language or script.

A case worker types "водитель", "жүргізуші" or "jürgızuşı"; an imported vacancy says
"Бас есепші" or "бугалтер"; all must land on the right ISCO-08 / НКЗ unit group. The
lookup indexes every name an occupation goes by (its kk/ru/en/Latin titles and the shipped
Kazakh-Russian synonym table) as char n-gram TF-IDF over :func:`~jastar.matching.text.normalize`-d
text, and answers with the occupations whose best name is closest to the query.

Pure: the caller passes the names (:class:`OccupationNames`); nothing here reads the
database or a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from jastar.matching.text import normalize

# A hit below this similarity is noise: "кассир" still finds "cashier" at ~0.6.
MIN_SCORE: Final = 0.3


@dataclass(frozen=True)
class OccupationNames:
    """Every name of one occupation: its titles and its everyday synonyms."""

    code: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class OccupationHit:
    """One occupation a text may name, with the similarity of its closest name (0..1)."""

    code: str
    score: float
    matched: str  # the name that matched best, as written in the catalogue


class OccupationLookup:
    """Occupations by the names they go by; see the module docstring."""

    def __init__(self, occupations: Iterable[OccupationNames]) -> None:
        self._names: list[str] = []
        codes: list[str] = []
        seen: set[tuple[str, str]] = set()
        for occupation in occupations:
            for name in occupation.names:
                key = normalize(name)
                if key and (occupation.code, key) not in seen:
                    seen.add((occupation.code, key))
                    self._names.append(name)
                    codes.append(occupation.code)
        self.codes: tuple[str, ...] = tuple(dict.fromkeys(codes))
        position = {code: i for i, code in enumerate(self.codes)}
        self._code_of_name = np.array([position[c] for c in codes], dtype=np.int64)
        # Imported here: this module is reached from the admin at start-up.
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False
        )
        keys = [normalize(name) for name in self._names]
        self._matrix = self._vectorizer.fit_transform(keys) if keys else None

    def names_by_code(self) -> dict[str, list[str]]:
        """Every indexed name, by occupation code (what the lookup searches)."""
        found: dict[str, list[str]] = {code: [] for code in self.codes}
        for name, code in zip(self._names, self._code_of_name.tolist(), strict=True):
            found[self.codes[code]].append(name)
        return found

    def lookup(
        self, text: str, limit: int = 5, min_score: float = MIN_SCORE
    ) -> list[OccupationHit]:
        """The best occupations for ``text``, best first (empty when nothing is close)."""
        return self.lookup_many([text], limit, min_score)[0]

    def lookup_many(
        self, texts: Sequence[str], limit: int = 5, min_score: float = MIN_SCORE
    ) -> list[list[OccupationHit]]:
        """:meth:`lookup` for many texts at once (one sparse product)."""
        if self._matrix is None or not texts:
            return [[] for _ in texts]
        queries = self._vectorizer.transform([normalize(text) for text in texts])
        similarity = (queries @ self._matrix.T).toarray()
        return [self._hits(row, limit, min_score) for row in similarity]

    def _hits(self, row: np.ndarray, limit: int, min_score: float) -> list[OccupationHit]:
        # Best name per occupation: order names by score, keep each code's first.
        order = np.argsort(-row, kind="stable")
        hits: list[OccupationHit] = []
        taken: set[int] = set()
        for name in order:
            score = float(row[name])
            if score < min_score or len(hits) >= limit:
                break
            code = int(self._code_of_name[name])
            if code not in taken:
                taken.add(code)
                hits.append(OccupationHit(self.codes[code], round(score, 4), self._names[name]))
        return hits


def group_similarity(a: str, b: str, levels: Mapping[int, float]) -> float:
    """How close two occupation codes are by the classification's hierarchy.

    ``levels`` maps the length of the shared code prefix (4 = the same unit group, 2 = the
    same sub-major group, 1 = the same major group) to a similarity; the longest shared
    prefix that ``levels`` knows decides.
    """
    if not a or not b:
        return 0.0
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return max((value for length, value in levels.items() if shared >= length), default=0.0)


def similarity_table(codes: Sequence[str], levels: Mapping[int, float]) -> np.ndarray:
    """:func:`group_similarity` for every pair of ``codes``, plus a last all-zero row and
    column for "no occupation" (index ``len(codes)``)."""
    size = len(codes)
    table = np.zeros((size + 1, size + 1), dtype=np.float32)
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            table[i, j] = group_similarity(a, b, levels)
    return table
