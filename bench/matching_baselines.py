"""Baselines, ranking metrics and an evaluation set for the occupation-matching benchmark.

The matching engine is compared with what an office would build instead of it:

* ``Bm25Ranker``: BM25 (the ``bm25s`` package) over plain lower-cased words, with no
  Kazakh stemmer, no script folding and no synonyms.
* ``PostgresFtsRanker``: PostgreSQL full-text search with a stock text-search config
  ("russian" by default), an OR of the query's lexemes, ranked by ``ts_rank_cd``.

Both take the documents once and rank batches of queries, returning document indexes
(positions in the ``docs`` sequence) best first. Metrics work on those indexes:
``ndcg_at_k``, ``recall_at_k`` and ``reciprocal_rank``.

``bench/data/occupation_titles.csv`` (columns ``title,code,lang``) is a small evaluation set
of job titles as they appear on vacancy boards or as young people type them, in Russian
(``ru``), Kazakh Cyrillic (``kk``), Kazakh in the 2021 Latin alphabet (``kk-latn``) and mixed
or misspelled (``mixed``), each with the 4-digit unit group of
``jastar/registry/data/occupations.json`` it belongs to. It was hand-made for Jastar's
benchmark and is not an official classification: the codes are one careful reading of each
title, titles that could fairly go to two unit groups were left out, and most titles
deliberately differ from the terms in ``occupation_synonyms.json`` (inflection, gender,
qualifiers, typos, word order) so that the benchmark does not just look those terms up.

This module imports no Django code so the benchmark can run it without settings.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Final, NamedTuple, Self

import bm25s  # type: ignore[import-untyped, unused-ignore]
import numpy as np
import psycopg

OCCUPATION_TITLES_CSV: Final = Path(__file__).resolve().parent / "data" / "occupation_titles.csv"
TITLE_LANGS: Final = frozenset({"kk", "ru", "kk-latn", "mixed"})


# --- metrics -----------------------------------------------------------------------------


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


def _first_occurrences(ranked: Sequence[int], k: int) -> list[int]:
    """The top ``k`` entries of ``ranked``, a repeated index counted once (where first seen)."""
    seen: set[int] = set()
    out: list[int] = []
    for item in ranked[:k]:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _gain(rel: float) -> float:
    return math.pow(2.0, rel) - 1.0


def ndcg_at_k(ranked: Sequence[int], relevance: Mapping[int, float], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the top ``k`` of ``ranked``.

    Gains are graded: an item of relevance ``rel`` at 0-based position ``i`` adds
    ``(2**rel - 1) / log2(i + 2)``. The ideal ranking is the relevance values sorted high to
    low, cut at ``k``. Items missing from ``relevance`` (or with relevance <= 0) gain nothing.
    Returns 0.0 when no item has positive relevance, so such queries score 0 rather than
    raise; a benchmark should leave them out of the mean. A repeated index counts once.
    """
    _check_k(k)
    ideal_rels = sorted((rel for rel in relevance.values() if rel > 0), reverse=True)[:k]
    ideal = sum(_gain(rel) / math.log2(i + 2) for i, rel in enumerate(ideal_rels))
    if ideal <= 0.0:
        return 0.0
    dcg = 0.0
    for i, item in enumerate(_first_occurrences(ranked, k)):
        rel = relevance.get(item, 0.0)
        if rel > 0:
            dcg += _gain(rel) / math.log2(i + 2)
    return dcg / ideal


def recall_at_k(ranked: Sequence[int], relevant: Collection[int], k: int = 20) -> float:
    """Share of the relevant items that appear in the top ``k`` of ``ranked``.

    Plain recall: the denominator is the number of relevant items, not ``min(k, ...)``, so
    a query with more than ``k`` relevant items cannot reach 1.0. Returns 0.0 when nothing
    is relevant (there is nothing to find; a benchmark should leave such queries out of the
    mean rather than count them as failures or successes).
    """
    _check_k(k)
    wanted = set(relevant)
    if not wanted:
        return 0.0
    found = sum(1 for item in _first_occurrences(ranked, k) if item in wanted)
    return found / len(wanted)


def reciprocal_rank(ranked: Sequence[int], relevant: Collection[int]) -> float:
    """1 / (1-based position of the first relevant item in ``ranked``); 0.0 if none is there.

    No cut-off: the whole of ``ranked`` is searched.
    """
    wanted = set(relevant)
    for i, item in enumerate(ranked):
        if item in wanted:
            return 1.0 / (i + 1)
    return 0.0


# --- evaluation set ----------------------------------------------------------------------


class TitleRow(NamedTuple):
    title: str
    code: str
    lang: str


def load_occupation_titles(path: Path = OCCUPATION_TITLES_CSV) -> list[TitleRow]:
    """The rows of the hand-made evaluation set (see the module docstring), in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["title", "code", "lang"], reader.fieldnames
        return [TitleRow(row["title"], row["code"], row["lang"]) for row in reader]


# --- BM25 --------------------------------------------------------------------------------

_WORD_RE: Final = re.compile(r"\w+")


def simple_tokens(text: str) -> list[str]:
    """Lower-cased Unicode words (``\\w+``): what a BM25 user does with no Kazakh stemmer.

    The text is NFC-composed first and the combining dot that ``"İ".lower()`` leaves is
    dropped, so a capital dotted İ does not split a word in two. Nothing else is folded:
    ё and е, Cyrillic and Latin spellings, and inflected forms stay different tokens.
    """
    lowered = unicodedata.normalize("NFC", text).lower().replace("\u0307", "")
    return _WORD_RE.findall(lowered)


class Bm25Ranker:
    """BM25 (Lucene variant, ``bm25s`` defaults k1=1.5, b=0.75) over ``simple_tokens``.

    Scores come from ``bm25s.BM25.get_scores``; the top ``k`` is then chosen among the
    documents with a positive score only. ``bm25s.BM25.retrieve`` would give the same
    documents, but its ``np.argpartition`` over every document's score (mostly zeros) takes
    about 7 ms a query on 60,000 documents against about 0.2 ms for this, and it leaves equal
    scores in arbitrary order where this breaks ties by document index.
    """

    def __init__(self, docs: Sequence[str], *, k1: float = 1.5, b: float = 0.75) -> None:
        self._n_docs = len(docs)
        # Lucene's idf is always positive, so a score > 0 means "shares a word".
        self._retriever: Any = bm25s.BM25(k1=k1, b=b, method="lucene")
        self._vocab: frozenset[str] = frozenset()
        if self._n_docs:
            self._retriever.index([simple_tokens(doc) for doc in docs], show_progress=False)
            self._vocab = frozenset(tok for tok in self._retriever.vocab_dict if tok)

    def rank(self, queries: Sequence[str], k: int) -> list[list[int]]:
        """Per query, up to ``k`` document indexes best first (ties: lower index first).

        Only documents sharing at least one word with the query are returned, so a query
        with no known word gets ``[]``. ``k`` larger than the corpus is clipped.
        """
        _check_k(k)
        return [self._rank_one(query, k) for query in queries]

    def _rank_one(self, query: str, k: int) -> list[int]:
        tokens = [tok for tok in simple_tokens(query) if tok in self._vocab]
        if not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float64)
        ids = np.flatnonzero(scores > 0.0)
        vals = scores[ids]
        if len(ids) > k:
            # Keep every document scoring at least the k-th best, so the tie-break below
            # (lower index first) also decides who makes the cut.
            kth = np.partition(vals, len(vals) - k)[len(vals) - k]
            keep = vals >= kth
            ids, vals = ids[keep], vals[keep]
        order = np.lexsort((ids, -vals))[:k]
        return [int(i) for i in ids[order]]


# --- PostgreSQL full-text search ---------------------------------------------------------

_TABLE: Final = "jastar_bench_fts_docs"

# One round trip per batch of queries. Each query becomes an OR of the lexemes that
# to_tsvector(config, query) yields, written as tsquery input text (quotes doubled,
# backslashes escaped) and cast with ::tsquery, so the lexemes are not normalised a second
# time. Punctuation-only, stop-word-only and empty queries give a NULL tsquery, match
# nothing and so come back with no rows.
_RANK_SQL: Final = f"""
SELECT qs.ord, hit.id
FROM unnest(%(queries)s::text[]) WITH ORDINALITY AS qs(body, ord)
CROSS JOIN LATERAL (
    SELECT string_agg(
        '''' || replace(replace(v.lexeme, E'\\\\', E'\\\\\\\\'), '''', '''''') || '''',
        ' | '
    )::tsquery AS tsq
    FROM unnest(to_tsvector(%(config)s::regconfig, qs.body)) AS v
) AS q
CROSS JOIN LATERAL (
    SELECT d.id, ts_rank_cd(d.tsv, q.tsq) AS score
    FROM {_TABLE} AS d
    WHERE d.tsv @@ q.tsq
    ORDER BY score DESC, d.id
    LIMIT %(k)s
) AS hit
ORDER BY qs.ord, hit.score DESC, hit.id
"""  # noqa: S608 - the only interpolation is the module's own table name


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL.
    return text.replace("\x00", " ")


class PostgresFtsRanker:
    """PostgreSQL full-text search over ``docs`` in a TEMPORARY table of its own connection.

    The table (``id``, ``body``, ``tsv = to_tsvector(config, body)``) has a GIN index on
    ``tsv`` and disappears when the ranker is closed. ``config`` is any text-search
    configuration the server knows ("russian", "simple", ...).
    """

    batch_size: int = 500

    def __init__(self, docs: Sequence[str], dsn: str, config: str = "russian") -> None:
        self.config = config
        self._n_docs = len(docs)
        self._conn: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(dsn, autocommit=True)
        try:
            self._load(docs)
        except BaseException:
            self._conn.close()
            raise

    def _load(self, docs: Sequence[str]) -> None:
        with self._conn.cursor() as cur:
            cur.execute("SELECT %s::regconfig", (self.config,))  # fails early on a bad config
            cur.execute(f"CREATE TEMPORARY TABLE {_TABLE}_raw (id integer, body text)")
            with cur.copy(f"COPY {_TABLE}_raw (id, body) FROM STDIN") as copy:
                for i, doc in enumerate(docs):
                    copy.write_row((i, _clean(doc)))
            cur.execute(
                f"CREATE TEMPORARY TABLE {_TABLE} AS"  # noqa: S608 - own table names
                " SELECT id, body, to_tsvector(%s::regconfig, body) AS tsv"
                f" FROM {_TABLE}_raw",
                (self.config,),
            )
            cur.execute(f"DROP TABLE {_TABLE}_raw")
            cur.execute(f"ALTER TABLE {_TABLE} ADD PRIMARY KEY (id)")
            cur.execute(f"CREATE INDEX ON {_TABLE} USING gin (tsv)")
            cur.execute(f"ANALYZE {_TABLE}")

    def rank(self, queries: Sequence[str], k: int) -> list[list[int]]:
        """Per query, up to ``k`` document indexes by ``ts_rank_cd`` descending, then index.

        A query whose text yields no lexeme (empty, punctuation, stop words only) gets ``[]``.
        """
        _check_k(k)
        results: list[list[int]] = [[] for _ in queries]
        k = min(k, self._n_docs)
        if k == 0:
            return results
        with self._conn.cursor() as cur:
            for start in range(0, len(queries), self.batch_size):
                chunk = [_clean(q) for q in queries[start : start + self.batch_size]]
                cur.execute(_RANK_SQL, {"queries": chunk, "config": self.config, "k": k})
                for ord_, doc_id in cur.fetchall():
                    results[start + int(ord_) - 1].append(int(doc_id))
        return results

    def close(self) -> None:
        """Close the connection, which drops the temporary table."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
