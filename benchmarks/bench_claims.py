"""How long 90-day claims take with a five-year history, beside the period's plain figures.

Budget (issue "Honest patterns"): 90-day claims <= 250 ms, measured as a
screen's worker would do it: from a freshly opened store (nothing cached),
load the period and the baseline days before it, and compute. Beside it, in
the same run: the compute alone on a history already in memory, and the
reference, the 90-day figures (``insights``: by hour, weekday, flares, PEG)
loaded the same way, which the screen computes beside the claims.

Run: ``python benchmarks/bench_claims.py [--days 1826] [--runs 15]``.
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from painpal import demo
from painpal.analysis.claims import claims
from painpal.analysis.patterns import insights
from painpal.domain.clock import FixedClock, painpal_day
from painpal.history import History
from painpal.storage.store import Store

ZONE = ZoneInfo("Europe/London")
END = datetime(2026, 11, 30, 21, 30, tzinfo=ZONE)
DAYS = 90


def median_ms(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst of ``runs`` calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=1826, help="days of demo history (default: five years)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each measurement (default 15)")
    args = parser.parse_args()
    last = painpal_day(END)
    first = last - timedelta(days=DAYS - 1)

    with tempfile.TemporaryDirectory(prefix="painpal-bench-claims-") as tmp:
        data_dir = Path(tmp) / "data"
        clock = FixedClock(END)
        docs = list(demo.documents(END, args.days))
        Store(data_dir, clock).add_documents(docs)
        whole = History.load(Store(data_dir, clock))

        def loaded_claims() -> object:
            history = History.for_period(Store(data_dir, clock), END, DAYS)
            return claims(history, first, last)

        def compute_only() -> object:
            return claims(whole, first, last)

        def reference() -> object:
            history = History.for_period(Store(data_dir, clock), END, DAYS)
            return insights(history, END, DAYS)

        found = claims(whole, first, last)
        rows = [
            ("claims, 90 days (load + compute)", loaded_claims, 250.0),
            ("claims, 90 days (compute, 5 years in memory)", compute_only, None),
            ("reference: the period's figures alone (insights), 90 days", reference, None),
        ]
        print(
            f"{len(docs)} records over {args.days} days; {found.family} hypotheses, {found.permutations} "
            f"resamplings, {len(found.claims)} claims; median / worst of {args.runs} runs, ms\n"
        )
        print(f"{'what':<48} {'median':>8} {'worst':>8}  budget")
        for label, func, budget in rows:
            med, worst = median_ms(func, args.runs)
            verdict = "" if budget is None else f"<= {budget:.0f} ms: {'ok' if med <= budget else 'OVER'}"
            print(f"{label:<48} {med:>8.1f} {worst:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
