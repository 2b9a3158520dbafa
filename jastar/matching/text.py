"""Text in any of the office's languages and scripts, made comparable.

Kazakh arrives in Cyrillic or in the 2021 Latin alphabet, Russian in Cyrillic, both with
typos and word endings. Rather than stemmers (there is no good Kazakh one), every text is
folded to one loose Latin key per word (:func:`jastar.core.translit.search_key`: one
script, Kazakh-aware case folding, ы/і/и and ж/zh/j meet), and compared by character
n-grams, which reward a shared stem whatever the ending.

:class:`TextModel` turns texts into dense unit vectors: char n-gram TF-IDF, reduced by a
truncated SVD fitted on the vacancy texts, so that a region's pairs are scored by one
matrix product instead of a sparse join. :class:`WordSets` turns texts into sets of word
stems for the skills overlap. Pure: numpy, scipy and scikit-learn only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

# scipy and scikit-learn are imported where they are used: this module is reached from the
# admin at start-up, where they would cost a second.
if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

from jastar.core.translit import words_search_key

FloatMatrix = npt.NDArray[np.float32]

_WORD: Final = re.compile(r"\w+")
# Stems: the first letters of a folded word; shorter words carry little meaning.
STEM_LENGTH: Final = 6
MIN_STEM_WORD: Final = 4


def normalize(text: str) -> str:
    """One loose Latin key per word, separated by spaces: the form every text is compared in.

    "Жүргізуші", "jürgızuşı" and "ЖУРГИЗУШИ" all become "jurgizusi".
    """
    return words_search_key(_WORD.findall(text))


def stems(text: str) -> list[str]:
    """The word stems of a text (already :func:`normalize`-d), for overlap counting."""
    return [word[:STEM_LENGTH] for word in text.split() if len(word) >= MIN_STEM_WORD]


def unique_rows(texts: Sequence[str]) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The distinct texts and, for each input, the index of its distinct text.

    Registries repeat themselves (the same vacancy title in a hundred villages), so models
    transform each distinct text once.
    """
    positions: dict[str, int] = {}
    inverse = np.fromiter(
        (positions.setdefault(text, len(positions)) for text in texts),
        dtype=np.int64,
        count=len(texts),
    )
    return list(positions), inverse


def _unit_rows(matrix: FloatMatrix) -> FloatMatrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


@dataclass(frozen=True)
class TextSettings:
    """How texts become vectors; defaults measured on the demo region (docs/matching.md)."""

    ngram_min: int = 2
    ngram_max: int = 4
    dimensions: int = 128
    max_features: int = 200_000
    seed: int = 2025


class TextModel:
    """Dense unit vectors of normalised texts whose dot product approximates their cosine.

    Fitted once on the vacancy texts (the side everyone is compared against); people's
    texts are transformed with the same vocabulary and projection. The same inputs and
    seed give the same model, so independent shards of a batch agree.
    """

    def __init__(self, settings: TextSettings | None = None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.settings = settings or TextSettings()
        self._tfidf = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(self.settings.ngram_min, self.settings.ngram_max),
            sublinear_tf=True,
            max_features=self.settings.max_features,
            dtype=np.float32,
            lowercase=False,
        )
        self._svd: TruncatedSVD | None = None

    def fit(self, texts: Sequence[str]) -> TextModel:
        """Learn the n-gram vocabulary and the projection from normalised ``texts``."""
        distinct, _ = unique_rows([text for text in texts if text.strip()])
        if not distinct:  # nothing to learn from: every text maps to a zero vector
            self._tfidf.fit(["_"])
            return self
        weighted = self._tfidf.fit_transform(distinct)
        dimensions = min(self.settings.dimensions, weighted.shape[1] - 1, len(distinct) - 1)
        if dimensions >= 2:
            from sklearn.decomposition import TruncatedSVD

            self._svd = TruncatedSVD(
                n_components=dimensions, random_state=self.settings.seed, algorithm="randomized"
            ).fit(weighted)
        return self

    @property
    def dimensions(self) -> int:
        """The length of the vectors :meth:`transform` returns."""
        if self._svd is None:
            return len(self._tfidf.vocabulary_)
        return int(self._svd.n_components)

    def transform(self, texts: Sequence[str]) -> FloatMatrix:
        """Unit vectors (float32, one row per text; an empty text gives a zero row)."""
        distinct, inverse = unique_rows(texts)
        if not distinct:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        weighted = self._tfidf.transform(distinct)
        if self._svd is None:
            dense = np.asarray(weighted.toarray(), dtype=np.float32)
        else:
            dense = np.asarray(self._svd.transform(weighted), dtype=np.float32)
        return _unit_rows(dense)[inverse]


class WordSets:
    """Binary word-stem vectors, for "how many of the person's skills the vacancy names".

    The vocabulary is the vacancy side's stems, without those in more than ``max_share``
    of vacancies (words such as "work" or "experience" say nothing).
    """

    def __init__(self, max_share: float = 0.2) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self._vectorizer = CountVectorizer(
            analyzer=stems, binary=True, max_df=max_share, dtype=np.float32
        )
        self._fitted = False

    def fit(self, texts: Sequence[str]) -> WordSets:
        """Learn the stems of normalised vacancy ``texts``."""
        try:
            self._vectorizer.fit(texts)
            self._fitted = True
        except ValueError:  # no stems at all (an empty or tiny region)
            self._fitted = False
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One binary row per text over the fitted stems."""
        from scipy import sparse

        if not self._fitted:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        distinct, inverse = unique_rows(texts)
        return sparse.csr_matrix(self._vectorizer.transform(distinct)[inverse])

    def stems_of(self, rows: sparse.csr_matrix) -> list[str]:
        """The stems a one-row matrix holds (for explaining an overlap)."""
        if not self._fitted:
            return []
        names = self._vectorizer.get_feature_names_out()
        return [str(names[i]) for i in rows.indices]


def joined(parts: Iterable[str]) -> str:
    """Normalised text of several fields, skipping empty ones."""
    return " ".join(normalize(part) for part in parts if part)
