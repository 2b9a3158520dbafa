"""Program impact on planted data: does matching recover a known effect, and how far off is
the naive comparison?

Run by hand::

    .venv/bin/python bench/impact_planted.py [--seed 20240601] [--people 20000] [--effect 0.10]

Prints, for planted selection (offices pick those who would find work anyway) and for random
assignment, the true effect among participants, the matched estimate with its 95% interval
and the naive comparison with its own, at 12 months (docs/impact.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jastar.insight.impact import estimate  # noqa: E402
from jastar.insight.planted import planted_population  # noqa: E402


def _points(value: float) -> str:
    return f"{value * 100:+6.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--effect", type=float, default=0.10)
    args = parser.parse_args()
    ok = True
    for selection in (1.0, 0.0):
        units, truth = planted_population(
            seed=args.seed, n=args.people, effect=args.effect, selection=selection
        )
        found = estimate(units, 12)
        inside = found.ci[0] <= truth <= found.ci[1]
        ok = ok and inside
        verdict = "contains" if inside else "MISSES"
        matched = f"{_points(found.att)} [{_points(found.ci[0])}, {_points(found.ci[1])}]"
        naive = (
            f"{_points(found.naive)} [{_points(found.naive_ci[0])}, {_points(found.naive_ci[1])}]"
        )
        print(
            f"selection {selection:.0f}: true {_points(truth)}, matched {matched} "
            f"({verdict} the truth), naive {naive}; {found.n_matched:,} participants matched"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
