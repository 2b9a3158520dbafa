"""Batch matching of the whole region: time, memory, and the ratio against BM25.

Run by hand (not in the test suite), on the full demo region::

    .venv/bin/python bench/matching_speed.py                 # SQLite in /tmp, loads the demo
    .venv/bin/python bench/matching_speed.py --people 43200  # a quicker try

Steps, each timed:

1. Read the registry: every vacancy of the demo region (about 60,000: the region's open
   vacancies of a day are far fewer, so this is the harder case the issue sizes) and every
   young person (432,000), with the program eligibility of each person for the programs
   that have places, as the batch service reads them.
2. Build the engine (text model fitted on the vacancies, arrays).
3. The batch: top-20 vacancies for every person and top-20 candidates for every vacancy,
   one shard per district, shards spread over ``--workers`` processes (default 2, the
   machine's cores). Wall time and the peak memory (RSS) of the parent and each worker.
4. Single-person recommendations with the engine loaded: encode one person, score the
   vacancies of their district and its neighbours, top 10 with reasons; p50/p95 over
   ``--samples`` random people.
5. Allocation of every program place of the batch's candidate lists (quotas of the demo's
   editions, priority for NEET, rural and long-term unemployed), optimal against greedy.
6. BM25 doing the same batch (bm25s over each district's pool, top 20 per person): the ratio.

Targets: the whole region in at most 5 minutes within 4 GB; p95 under 100 ms; allocation
under 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FULL_SIZE, ensure_demo, p95, setup_django  # noqa: E402

BATCH_TARGET_S = 300.0
MEMORY_TARGET_GB = 4.0
P95_TARGET_MS = 100.0
ALLOCATION_TARGET_S = 60.0

# Filled before the workers fork, so they share the engine and inputs copy-on-write.
_STATE: dict[str, Any] = {}


def _rss_gb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024 / 1024


def _pss_gb() -> float:
    """This process's proportional set size: shared pages (the engine a worker inherits)
    count once across processes, so the processes' figures add up to the real total."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _timed(label: str, run: Any) -> Any:
    started = time.perf_counter()
    result = run()
    print(f"  {label:<44} {time.perf_counter() - started:7.1f} s")
    return result


def _read(on: Any) -> tuple[list[Any], dict[str, list[Any]]]:
    from jastar.matching.loading import eligible_programs, person_inputs, vacancy_inputs
    from jastar.registry.models import District, Person, Vacancy

    vacancies = _timed("read vacancies", lambda: vacancy_inputs(Vacancy.objects.all()))
    programs = sorted({v.program for v in vacancies if v.program})
    eligible = _timed("program eligibility of everyone", lambda: eligible_programs(programs, on))
    people: dict[str, list[Any]] = {}

    def read_people() -> None:
        for district in District.objects.order_by("code"):
            rows = person_inputs(Person.objects.filter(district=district), eligible=eligible)
            if rows:
                people[district.code] = rows

    _timed("read people", read_people)
    return vacancies, people


def _shard(district: str) -> tuple[str, Any, Any, float, float, int, float]:
    from jastar.matching.batch import match_shard

    started = time.perf_counter()
    best, candidates = match_shard(_STATE["engine"], district, _STATE["people"][district])
    seconds = time.perf_counter() - started
    return district, best, candidates, seconds, _rss_gb(), os.getpid(), _pss_gb()


def _batch(workers: int) -> tuple[list[Any], float]:
    districts = sorted(_STATE["people"], key=lambda d: -len(_STATE["people"][d]))
    started = time.perf_counter()
    results = []
    if workers <= 1:
        results = [_shard(d) for d in districts]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_shard, districts))
    elapsed = time.perf_counter() - started
    for district, best, _, seconds, rss, _, pss in sorted(results, key=lambda r: r[0]):
        print(
            f"    {district:<18} {len(best.owner):>8,} people {seconds:6.1f} s  "
            f"peak RSS {rss:.2f} GB, PSS {pss:.2f} GB"
        )
    return results, elapsed


def _single(samples: int) -> list[float]:
    from jastar.matching.batch import recommend
    from jastar.matching.reasons import reasons
    from jastar.matching.scoring import explain

    engine = _STATE["engine"]
    everyone = [p for rows in _STATE["people"].values() for p in rows]
    times = []
    for person in random.Random(7).sample(everyone, min(samples, len(everyone))):
        started = time.perf_counter()
        encoded = engine.encode_people([person])
        rows, _ = recommend(engine, encoded, 0, 10)
        for items in explain(engine, encoded, 0, rows):
            reasons(items)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _allocation(results: list[Any], on: Any) -> None:
    from jastar.matching.allocation import (
        AllocationProblem,
        allocate,
        allocate_greedy,
        compare,
        priority_weights,
    )
    from jastar.programs.models import ProgramQuota
    from jastar.registry.models import Person, PersonStatus
    from jastar.registry.rules import years_before

    engine = _STATE["engine"]
    pairs = []
    for _, _, candidates, *_ in results:
        for vacancy, person, _, score in candidates.pairs():
            if engine.records[vacancy].program:
                pairs.append((person, vacancy, min(max(score, 0.0), 1.0)))
    people = sorted({p for p, _, _ in pairs})
    vacancies = sorted({v for _, v, _ in pairs})
    at_p = {p: i for i, p in enumerate(people)}
    at_v = {v: i for i, v in enumerate(vacancies)}
    groups: dict[tuple[str, str], int] = {}
    places: list[int] = []
    program_codes: list[str] = []
    for quota in ProgramQuota.objects.filter(edition__year=on.year).select_related(
        "edition__program", "district"
    ):
        groups[(quota.edition.program.code, quota.district.code)] = len(places)
        places.append(quota.places)
        program_codes.append(quota.edition.program.code)
    codes = sorted(set(program_codes))
    rows = Person.objects.filter(pk__in=people)
    long_since = years_before(on, 1)
    neet = set(rows.filter(is_neet=True).values_list("pk", flat=True))
    rural = set(rows.filter(area="rural").values_list("pk", flat=True))
    long_term = set(
        rows.filter(status=PersonStatus.UNEMPLOYED, status_since__lte=long_since).values_list(
            "pk", flat=True
        )
    )
    flags = {
        name: np.array([p in ids for p in people])
        for name, ids in (("neet", neet), ("rural", rural), ("long_term", long_term))
    }
    started = time.perf_counter()
    problem = AllocationProblem(
        person=np.array([at_p[p] for p, _, _ in pairs], dtype=np.int64),
        vacancy=np.array([at_v[v] for _, v, _ in pairs], dtype=np.int64),
        score=np.array([s for _, _, s in pairs]),
        priority=priority_weights(flags["neet"], flags["rural"], flags["long_term"], _weights()),
        vacancy_places=np.array([engine.records[v].places for v in vacancies], dtype=np.int64),
        vacancy_group=np.array(
            [
                groups.get((engine.records[v].program, engine.records[v].district), -1)
                for v in vacancies
            ],
            dtype=np.int64,
        ),
        group_places=np.array(places, dtype=np.int64),
        group_program=np.array([codes.index(c) for c in program_codes], dtype=np.int64),
        program_places=np.full(len(codes), -1, dtype=np.int64),
    )
    best = allocate(problem)
    seconds = time.perf_counter() - started
    greedy = allocate_greedy(problem)
    print(
        f"  {len(pairs):,} candidate pairs, {len(people):,} people, {len(vacancies):,} program "
        f"vacancies ({int(problem.vacancy_places.sum()):,} places), {len(places)} quota groups"
    )
    print(
        f"  optimal: {len(best.person):,} placed, objective {best.objective:,.1f} "
        f"in {seconds:.2f} s; greedy: {len(greedy.person):,} placed, "
        f"objective {greedy.objective:,.1f}"
    )
    for group in compare(problem, best, greedy, flags):
        print(
            f"    {group.name:<10} placed {group.placed_optimal:>6,} "
            f"(greedy {group.placed_greedy:,}) of {group.members:,} candidates"
        )
    status = "met" if seconds < ALLOCATION_TARGET_S else "NOT met"
    print(f"  target allocation < {ALLOCATION_TARGET_S:.0f} s: {status}")


def _weights() -> Any:
    from jastar.matching.allocation import PriorityWeights

    return PriorityWeights()


def _bm25() -> float:
    from bench.matching_baselines import Bm25Ranker

    engine = _STATE["engine"]
    started = time.perf_counter()
    for district, people in _STATE["people"].items():
        rows = engine.near_vacancies(district)
        docs = [
            f"{engine.records[int(v)].title} {engine.records[int(v)].text}"
            for v in engine.vacancies.ids[rows]
        ]
        Bm25Ranker(docs).rank([p.text for p in people], 20)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=FULL_SIZE)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", default=None, help="default: SQLite in /tmp")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--skip-bm25", action="store_true")
    parser.add_argument(
        "--single-only", action="store_true", help="time single-person recommendations only"
    )
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    name = "full" if args.people == FULL_SIZE else str(args.people)
    setup_django(args.database_url, f"jastar-bench-matching-{name}.sqlite3")
    ensure_demo(args.people, args.seed, args.reload, aggregates=False)
    from jastar.core.models import DemoDataset
    from jastar.matching.engine import Engine
    from jastar.matching.engines import engine_settings
    from jastar.matching.loading import geography, occupation_lookup

    on = DemoDataset.objects.get().generated_until
    print(f"1. reading the registry (as on {on})")
    started = time.perf_counter()
    vacancies, people = _read(on)
    read_s = time.perf_counter() - started
    print("2. engine")
    _STATE["engine"] = _timed(
        f"build over {len(vacancies):,} vacancies",
        lambda: Engine.build(
            vacancies, geography=geography(), lookup=occupation_lookup(), settings=engine_settings()
        ),
    )
    _STATE["people"] = people
    total_people = sum(len(p) for p in people.values())
    if args.single_only:
        times = _single(args.samples)
        print(f"  p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms")
        return 0 if p95(times) < P95_TARGET_MS else 1
    print(
        f"3. batch: {total_people:,} people × {len(vacancies):,} vacancies, top 20, "
        f"{args.workers} workers"
    )
    results, batch_s = _batch(args.workers)
    peak = max([_rss_gb(), _rss_gb(resource.RUSAGE_CHILDREN)])
    worker_pss: dict[int, float] = {}
    for *_, pid, pss in results:
        worker_pss[pid] = max(worker_pss.get(pid, 0.0), pss)
    together = _pss_gb() + sum(worker_pss.values())
    written = sum(len(list(r[1].pairs())) + len(list(r[2].pairs())) for r in results)
    print(
        f"  batch {batch_s:.1f} s ({total_people / batch_s:,.0f} people/s), "
        f"{written:,} list entries"
    )
    total = read_s + batch_s
    print(
        f"  with reading the registry: {total:.1f} s; peak RSS {peak:.2f} GB (largest process); "
        f"all processes together {together:.2f} GB (PSS at the end of each worker's last shard)"
    )
    print("4. single person, engine loaded")
    times = _single(args.samples)
    print(f"  p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms ({len(times)} people)")
    print("5. allocation")
    _allocation(results, on)
    if not args.skip_bm25:
        print("6. BM25 doing the same batch (top 20 per person)")
        bm25_s = _bm25()
        print(f"  BM25 {bm25_s:.1f} s; engine batch {batch_s:.1f} s: ratio {bm25_s / batch_s:.2f}x")
    ok = total <= BATCH_TARGET_S and together <= MEMORY_TARGET_GB and p95(times) < P95_TARGET_MS
    print(
        f"targets (region <= {BATCH_TARGET_S:.0f} s incl. reading, <= {MEMORY_TARGET_GB:.0f} GB, "
        f"p95 < {P95_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
