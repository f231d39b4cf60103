"""Does painpal state only the patterns a log shows, and find the ones it does? Measured on histories of known truth.

For each planted kind of :mod:`benchmarks.synthetic` and each length (30, 60
and 90 days), ``--seeds`` histories are built, each with its noise twin
(same check-in times, activities, reliefs and answers; pain independent of
all of them). :func:`painpal.analysis.claims.claims` runs over the whole of
each history, and the table says:

* noise: the share of twins with any claim at all (goal <= 5%), beside the
  same figure for a naive reference measured on the same twins
  (:func:`naive_claims`: each comparison tested on its own, check-ins as
  the unit, relief judged by the next check-in; what painpal did before the
  claims layer);
* recall: the share of planted histories in which the planted effect is
  claimed in the right direction (goal >= 90% at 60 days);
* wrong direction: claims about a planted effect with the opposite sign (goal 0);
* drift: the same twins with slow swings and a trend added (days no longer
  independent: a test of the method's assumptions);
* headline: the seed's sentence (a sitting-day build-up eased by a walk) as
  one sentence (goal >= 80%).

Run: ``python benchmarks/eval_patterns.py [--seeds 10] [--quick] [--jobs 2] [--times uniform]``;
``--first-seed 21 --seeds 80 --kinds lifting,headline --lengths 60`` checks a change on seeds it was not
made on.
With the defaults it builds 420 histories (7 kinds x 3 lengths x 10 seeds,
and a twin of each) and takes about 20 seconds on two cores.
It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import synthetic
from painpal.analysis.claims import Claim, ClaimSet, claims, headline, relief_roles
from painpal.domain.clock import painpal_day
from painpal.history import History

LENGTHS = (30, 60, 90)


def naive_claims(history: History, first: date, last: date) -> int:
    """How many sentences a naive engine states: every 3-hour window and every relief, each tested on its own.

    Check-ins count as independent, a window needs a difference of 1 point
    and z >= 2 against the rest, and a relief is credited with the change to
    the next check-in within two hours (no baseline). This is the reference
    the claims layer is measured against: the mistakes it was built to avoid.
    """
    dsh = synthetic.DAY_START_HOUR
    rows = [(c.at, c.intensity) for c in history.checkins if first <= painpal_day(c.at, dsh) <= last]

    def z(a: list[float], b: list[float]) -> float:
        if len(a) < 8 or len(b) < 8:
            return 0.0
        ma, mb = sum(a) / len(a), sum(b) / len(b)
        va = sum((x - ma) ** 2 for x in a) / (len(a) - 1)
        vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1)
        se = (va / len(a) + vb / len(b)) ** 0.5
        return (ma - mb) / se if se > 0 and abs(ma - mb) >= 1 else 0.0

    found = 0
    for start in range(6, 21):
        inside = [float(p) for at, p in rows if start <= at.hour < start + 3]
        outside = [float(p) for at, p in rows if not start <= at.hour < start + 3]
        found += abs(z(inside, outside)) >= 2
    changes: dict[str, list[float]] = defaultdict(list)
    for relief in history.reliefs:
        before = [p for at, p in rows if relief.at - timedelta(hours=2) <= at <= relief.at]
        after = [p for at, p in rows if relief.at < at <= relief.at + timedelta(hours=2)]
        if before and after:
            changes[relief.name].append(float(after[0] - before[-1]))
    for values in changes.values():
        mean = sum(values) / len(values) if len(values) >= 5 else 0.0
        found += mean <= -1
    return found


def _overlaps(hours: tuple[int, int] | None, target: tuple[int, int]) -> bool:
    return hours is not None and hours[0] < target[1] and target[0] < hours[1]


def _is(c: Claim, kind: str, subject: str | None = None, condition: str | None = None) -> bool:
    return (
        c.kind == kind and (subject is None or c.subject == subject) and (condition is None or c.condition == condition)
    )


def _buildup(c: Claim) -> bool:
    return _is(c, "time-of-day-condition", condition="sitting-day") and _overlaps(c.hours, synthetic.BUILDUP_HOURS)


def judge(kind: str, found: ClaimSet) -> tuple[bool, int]:
    """Was the planted effect of ``kind`` claimed the right way, and how many claims about it went the wrong way."""
    cs = found.claims
    if kind == "sitting-buildup":
        hit = any(_buildup(c) and c.direction == "higher" for c in cs)
        wrong = sum(1 for c in cs if _buildup(c) and c.direction == "lower")
    elif kind == "walk-eases":
        hit = any(_is(c, "relief-short", "walk") and c.direction == "lower" for c in cs)
        wrong = sum(1 for c in cs if _is(c, "relief-short", "walk") and c.direction == "higher")
    elif kind == "soothing-strategic":
        roles = {r.subject: r.role for r in relief_roles(found)}
        hit = roles.get("heat") == "soothing" and roles.get("walk") == "strategic"
        wrong = sum(1 for c in cs if c.subject in ("heat", "walk") and c.direction == "higher")
        wrong += sum(1 for c in cs if c.subject == "heat" and c.kind in ("relief-later", "relief-next-day"))
    elif kind == "lifting":
        hit = any(_is(c, "activity", "lifting") and c.direction == "higher" for c in cs)
        wrong = sum(1 for c in cs if _is(c, "activity", "lifting") and c.direction == "lower")
    elif kind == "poor-sleep":
        hit = any(_is(c, "day-condition", condition="poor-sleep") and c.direction == "higher" for c in cs)
        wrong = sum(1 for c in cs if _is(c, "day-condition", condition="poor-sleep") and c.direction == "lower")
    elif kind == "boom-bust":
        hit = any(_is(c, "boom-bust") and c.direction == "higher" for c in cs)
        wrong = sum(1 for c in cs if _is(c, "boom-bust") and c.direction == "lower")
    elif kind == "headline":
        sentence = headline(found)
        hit = sentence is not None and "walk" in sentence and any(_buildup(c) and c.direction == "higher" for c in cs)
        wrong = sum(1 for c in cs if _buildup(c) and c.direction == "lower")
        wrong += sum(1 for c in cs if _is(c, "relief-short", "walk") and c.direction == "higher")
    else:
        raise ValueError(kind)
    return hit, wrong


@dataclass(frozen=True)
class Result:
    """One planted history and its twin, judged."""

    kind: str
    days: int
    seed: int
    hit: bool
    wrong: int
    claims: int
    noise_claims: list[str]
    drift_claims: list[str]
    old_noise: int
    seconds: float


def run_one(job: tuple[str, int, int, str]) -> Result:
    """One planted history and its twin: claims on both, the old engine on the twin."""
    kind, days, seed, schedule = job
    planted = synthetic.make(kind, days, seed, schedule)
    twin = synthetic.noise_twin(planted, seed)
    t0 = time.perf_counter()
    found = claims(planted.history(), planted.first, planted.last, synthetic.DAY_START_HOUR)
    noise = claims(twin.history(), twin.first, twin.last, synthetic.DAY_START_HOUR)
    elapsed = (time.perf_counter() - t0) / 2
    hit, wrong = judge(kind, found)
    drifting = synthetic.with_drift(twin, seed)
    drift = claims(drifting.history(), drifting.first, drifting.last, synthetic.DAY_START_HOUR)
    old = naive_claims(twin.history(), twin.first, twin.last)
    return Result(
        kind,
        days,
        seed,
        hit,
        wrong,
        len(found.claims),
        [c.words for c in noise.claims],
        [c.words for c in drift.claims],
        old,
        elapsed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="histories per kind and length (default 10: 420 in all)")
    parser.add_argument("--first-seed", type=int, default=1, help="first seed (default 1); fresh seeds check a change")
    parser.add_argument("--quick", action="store_true", help="3 seeds per kind and length (126 histories)")
    parser.add_argument(
        "--kinds", default=",".join(synthetic.KINDS), help="planted kinds, comma-separated (default all)"
    )
    parser.add_argument(
        "--lengths",
        default=",".join(map(str, LENGTHS)),
        help="history lengths in days, comma-separated (default 30,60,90)",
    )
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    parser.add_argument(
        "--times",
        choices=synthetic.SCHEDULES,
        default="prompted",
        help="check-in times: at painpal's prompts (default), or spread evenly with no prompt",
    )
    parser.add_argument("--show-noise", action="store_true", help="print every claim made about a noise twin")
    parser.add_argument("--show-misses", action="store_true", help="print each planted history whose effect was missed")
    args = parser.parse_args()
    seeds = 3 if args.quick else args.seeds
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = sorted(set(kinds) - set(synthetic.KINDS))
    if unknown:
        parser.error(f"unknown kind {', '.join(unknown)}; choose from {', '.join(synthetic.KINDS)}")
    lengths = tuple(int(d) for d in args.lengths.split(",") if d)
    first = args.first_seed
    jobs = [
        (kind, days, seed, args.times) for kind in kinds for days in lengths for seed in range(first, first + seeds)
    ]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run_one, jobs, chunksize=2))
    wall = time.perf_counter() - t0

    n = len(results)
    print(
        f"{2 * n} histories ({n} planted, {n} noise twins), {seeds} seeds per kind and length "
        f"({first}-{first + seeds - 1}), "
        f"check-in times {args.times}; {wall:.0f} s\n"
    )
    noisy = [r for r in results if r.noise_claims]
    old_noisy = [r for r in results if r.old_noise]
    print("Noise twins with any claim (goal <= 5%)")
    for days in lengths:
        part = [r for r in results if r.days == days]
        k = sum(1 for r in part if r.noise_claims)
        k_old = sum(1 for r in part if r.old_noise)
        print(
            f"  {days:>3} days: claims {k:>3}/{len(part):<3} {100 * k / len(part):5.1f}%   "
            f"reference, naive: {k_old:>3}/{len(part):<3} {100 * k_old / len(part):5.1f}%"
        )
    drifted = [r for r in results if r.drift_claims]
    print(
        f"  all:      claims {len(noisy):>3}/{n:<3} {100 * len(noisy) / n:5.1f}%   "
        f"reference, naive: {len(old_noisy):>3}/{n:<3} {100 * len(old_noisy) / n:5.1f}%\n"
    )

    print(
        f"Noise twins with slow drift (day-to-day correlation 0.8, SD 1, a 2-point trend) with any claim: "
        f"{len(drifted)}/{n} {100 * len(drifted) / n:.1f}%\n"
    )
    print("Recall: planted effect claimed the right way (goal >= 90% at 60 days)")
    print(f"  {'kind':<20}" + "".join(f"{d:>10} d" for d in lengths))
    table: dict[tuple[str, int], list[bool]] = defaultdict(list)
    for r in results:
        table[(r.kind, r.days)].append(r.hit)
    for kind in kinds:
        cells = []
        for d in lengths:
            hits = table[(kind, d)]
            cells.append(f"{sum(hits):>4}/{len(hits):<2} {100 * sum(hits) / len(hits):3.0f}%")
        print(f"  {kind:<20}" + "".join(f"{c:>12}" for c in cells))
    wrong = sum(r.wrong for r in results)
    print(f"\nWrong-direction claims about a planted effect (goal 0): {wrong}")
    heads = [r.hit for r in results if r.kind == "headline"]
    heads60 = [r.hit for r in results if r.kind == "headline" and r.days >= 60]
    if heads and heads60:
        print(
            f"Headline as one sentence (goal >= 80%): {sum(heads)}/{len(heads)} ({100 * sum(heads) / len(heads):.0f}%) "
            f"over all lengths; {sum(heads60)}/{len(heads60)} ({100 * sum(heads60) / len(heads60):.0f}%) at 60-90 days"
        )
    slowest = max(r.seconds for r in results)
    mean = sum(r.seconds for r in results) / n
    print(f"claims() per history: mean {1000 * mean:.0f} ms, slowest {1000 * slowest:.0f} ms")
    if args.show_misses:
        print("\nPlanted effects missed:")
        for r in results:
            if not r.hit:
                print(f"  {r.kind} {r.days} d seed {r.seed}")
    if args.show_noise and (noisy or drifted):
        print("\nClaims made about noise twins:")
        for r in noisy:
            for words in r.noise_claims:
                print(f"  {r.kind} {r.days} d seed {r.seed}: {words}")
        for r in drifted:
            for words in r.drift_claims:
                print(f"  {r.kind} {r.days} d seed {r.seed}, with drift: {words}")


if __name__ == "__main__":
    main()
