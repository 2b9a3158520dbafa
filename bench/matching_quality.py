"""How well matching ranks: Jastar's engine against BM25 and PostgreSQL full-text search.

Run by hand (not in the test suite)::

    .venv/bin/python bench/matching_quality.py                  # medium demo region, SQLite
    .venv/bin/python bench/matching_quality.py --people 432000  # the full region

Two evaluations, each printing nDCG@10 and recall@20 per method:

1. **Occupation titles.** ``bench/data/occupation_titles.csv``: 218 real-looking job titles
   in Kazakh (Cyrillic and Latin), Russian and mixed, with typos and endings, hand-labelled
   with their unit group. Each method ranks the unit groups by their names (the titles and
   synonyms the engine's lookup indexes, one document per group); the one relevant item is
   the labelled group.
2. **Placement history.** On the synthetic demo region (``--people``, default 43,200),
   the last twelve months of placements into a registry vacancy are hidden: for each placed
   person, each method ranks the vacancies posted in that year (plus the 90 days before)
   that the person could be offered (their district and its neighbours: every method gets
   the same pool). Relevance: the vacancy the person actually took is 2, any other vacancy of
   the same occupation in the same district is 1. Program places are left out of the
   queries (eligibility is judged on the records as they are now, after the placement).
   The engine reads the person's registry record (skills, desired and skill occupations,
   education, place, experience, expected wage); BM25 and full-text search get the same
   text the engine's text feature reads (skills and desired occupation titles) against
   the vacancy's titles and description.

Methods: the engine with its default weights; the engine with text alone (same pool);
BM25 (bm25s, Lucene variant, plain lower-case words); PostgreSQL full-text search
(``russian`` configuration, OR of the query's lexemes, ``ts_rank_cd``) on
``--postgres-url`` (default ``postgres://postgres@127.0.0.1:5432/test``; a temporary table).
Target: the engine's nDCG@10 above both baselines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ensure_demo, setup_django  # noqa: E402
from bench.matching_baselines import (  # noqa: E402
    Bm25Ranker,
    PostgresFtsRanker,
    load_occupation_titles,
    ndcg_at_k,
    recall_at_k,
)

Rank = Callable[[Sequence[str], int], list[list[int]]]
MEDIUM = 43_200
HISTORY_MONTHS = 12
POOL_LEAD_DAYS = 90


def _report(name: str, runs: list[tuple[list[int], dict[int, float], set[int]]]) -> float:
    ndcg = statistics.fmean(ndcg_at_k(r, rel, 10) for r, rel, _ in runs)
    recall = statistics.fmean(recall_at_k(r, hit, 20) for r, _, hit in runs)
    print(f"  {name:<34} nDCG@10 {ndcg:.3f}   recall@20 {recall:.3f}   ({len(runs):,} queries)")
    return ndcg


def titles(dsn: str) -> dict[str, float]:
    """Evaluation 1: job titles to unit groups."""
    from jastar.matching.loading import occupation_lookup

    rows = load_occupation_titles()
    lookup = occupation_lookup()
    names = lookup.names_by_code()
    codes = list(names)
    docs = [" ".join(names[code]) for code in codes]
    position = {code: i for i, code in enumerate(codes)}
    truth = [position[row.code] for row in rows]
    print(f"\n1. occupation titles: {len(rows)} titles, {len(codes)} unit groups")
    ours = [
        [position[h.code] for h in lookup.lookup(row.title, limit=20, min_score=0.0)]
        for row in rows
    ]
    queries = [row.title for row in rows]
    with PostgresFtsRanker(docs, dsn) as fts:
        methods = {
            "Jastar occupation lookup": ours,
            "BM25 (bm25s)": Bm25Ranker(docs).rank(queries, 20),
            "PostgreSQL full-text search": fts.rank(queries, 20),
        }
    return {
        name: _report(name, [(r, {t: 1.0}, {t}) for r, t in zip(ranked, truth, strict=True)])
        for name, ranked in methods.items()
    }


def _held_out(until: date) -> tuple[date, list[tuple[int, int]]]:
    from jastar.registry.models import Placement

    start = until - timedelta(days=365)
    rows = Placement.objects.filter(
        start_date__gt=start,
        start_date__lte=until,
        vacancy__isnull=False,
        vacancy__program__isnull=True,
    ).values_list("person_id", "vacancy_id")
    return start, list(rows)


def placements(dsn: str, until: date) -> dict[str, float]:
    """Evaluation 2: hidden placements of the last year."""
    from jastar.matching.engine import Engine
    from jastar.matching.features import EngineSettings, Weights
    from jastar.matching.loading import geography, occupation_lookup, person_inputs, vacancy_inputs
    from jastar.registry.models import Person, Vacancy

    start, held = _held_out(until)
    pool = vacancy_inputs(
        Vacancy.objects.filter(
            posted_on__gt=start - timedelta(days=POOL_LEAD_DAYS), posted_on__lte=until
        )
    )
    people = {p.id: p for p in person_inputs(Person.objects.filter(id__in={p for p, _ in held}))}
    in_pool = {v.id for v in pool}
    held = [(p, v) for p, v in held if p in people and v in in_pool]
    print(
        f"\n2. placement history: {len(held):,} placements {start}..{until} hidden, "
        f"{len(pool):,} vacancies in the pool"
    )
    geo, lookup = geography(), occupation_lookup()
    full = Engine.build(pool, geography=geo, lookup=lookup)
    text_only = Engine.build(
        pool,
        geography=geo,
        lookup=lookup,
        settings=EngineSettings(
            weights=Weights(**{n: 0.0 for n in Weights().as_dict()} | {"text": 1.0})
        ),
    )
    truth = _relevance(full, held)
    scores: dict[str, float] = {}
    for name, engine in (("Jastar engine", full), ("Jastar engine, text only", text_only)):
        scores[name] = _report(name, _engine_runs(engine, people, held, truth))
    for name, ranked in _baseline_runs(full, people, held, dsn).items():
        scores[name] = _report(name, [(r, truth[i][0], truth[i][1]) for i, r in enumerate(ranked)])
    return scores


def _relevance(engine: Any, held: list[tuple[int, int]]) -> list[tuple[dict[int, float], set[int]]]:
    by_place: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    for vid, record in engine.records.items():
        by_place[(record.district, record.occupation)].add(vid)
    result = []
    for _, vacancy in held:
        record = engine.records[vacancy]
        relevance = {v: 1.0 for v in by_place[(record.district, record.occupation)]}
        relevance[vacancy] = 2.0
        result.append((relevance, {vacancy}))
    return result


def _engine_runs(
    engine: Any, people: dict[int, Any], held: list[tuple[int, int]], truth: Any
) -> Any:
    from jastar.matching.batch import recommend

    encoded = engine.encode_people([people[p] for p, _ in held])
    runs = []
    for row in range(len(held)):
        rows, _ = recommend(engine, encoded, row, 20)
        ranked = [int(engine.vacancies.ids[r]) for r in rows]
        runs.append((ranked, truth[row][0], truth[row][1]))
    return runs


def _baseline_runs(
    engine: Any, people: dict[int, Any], held: list[tuple[int, int]], dsn: str
) -> dict[str, list[list[int]]]:
    """BM25 and full-text search over each district's pool (the engine's near vacancies)."""
    ranked: dict[str, list[list[int]]] = {"BM25 (bm25s)": [[] for _ in held]}
    ranked["PostgreSQL full-text search"] = [[] for _ in held]
    by_district: defaultdict[str, list[int]] = defaultdict(list)
    for i, (person, _) in enumerate(held):
        by_district[people[person].district].append(i)
    for district, positions in sorted(by_district.items()):
        rows = engine.near_vacancies(district)
        ids = [int(engine.vacancies.ids[r]) for r in rows]
        docs = [f"{engine.records[v].title} {engine.records[v].text}" for v in ids]
        queries = [people[held[i][0]].text for i in positions]
        with PostgresFtsRanker(docs, dsn) as fts:
            for name, result in (
                ("BM25 (bm25s)", Bm25Ranker(docs).rank(queries, 20)),
                ("PostgreSQL full-text search", fts.rank(queries, 20)),
            ):
                for i, found in zip(positions, result, strict=True):
                    ranked[name][i] = [ids[d] for d in found]
    return ranked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=MEDIUM)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", default=None, help="default: SQLite in /tmp")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    setup_django(args.database_url, f"jastar-bench-matching-{args.people}.sqlite3")
    ensure_demo(args.people, args.seed, args.reload, aggregates=False)
    from jastar.core.models import DemoDataset

    started = time.perf_counter()
    first = titles(args.postgres_url)
    dataset = DemoDataset.objects.get()
    second = placements(args.postgres_url, dataset.generated_until)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    ok = True
    for scores in (first, second):
        ours = max(v for k, v in scores.items() if k.startswith("Jastar") and "text only" not in k)
        best_baseline = max(v for k, v in scores.items() if not k.startswith("Jastar"))
        ok = ok and ours > best_baseline
    print(f"target: engine nDCG@10 above BM25 and full-text search: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
