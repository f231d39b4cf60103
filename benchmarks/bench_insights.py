"""How long the end-of-day review and the 7/30/90-day insights take with a five-year history.

Budgets (issue "Pain as data"): the review <= 100 ms, 90-day insights
<= 250 ms, each measured as a screen's worker does it: from a freshly opened
store (nothing cached), load what is needed and compute. Beside them, in the
same run, the reference: reading the same five years as one plain TinyDB file
and listing every record (what painpal would pay without its monthly
archives and loading only what it needs).

Run: ``python benchmarks/bench_insights.py [--days 1826] [--runs 15]``.
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tinydb import TinyDB

from painpal import demo
from painpal.analysis.review import load_review, review_text
from painpal.domain.clock import FixedClock, painpal_day
from painpal.services.period import compute_period
from painpal.storage.store import Store

ZONE = ZoneInfo("Europe/London")
END = datetime(2026, 11, 30, 21, 30, tzinfo=ZONE)
"""Monday evening, when the review is offered."""


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

    with tempfile.TemporaryDirectory(prefix="painpal-bench-insights-") as tmp:
        data_dir = Path(tmp) / "data"
        clock = FixedClock(END)
        docs = list(demo.documents(END, args.days))
        Store(data_dir, clock).add_documents(docs)
        plain = TinyDB(Path(tmp) / "plain.json")
        for table in {t for t, _ in docs}:
            plain.table(table).insert_multiple([d for t, d in docs if t == table])
        plain.close()
        day = painpal_day(END)

        def review() -> str:
            store = Store(data_dir, clock)
            return review_text(load_review(store, day, ZONE, now=END))

        def period(days: int) -> Callable[[], object]:
            def run() -> object:
                # What the Insights screen's worker does: load, figures, and the claims behind the sentences.
                return compute_period(Store(data_dir, clock), END, days)

            return run

        def plain_read() -> int:
            db = TinyDB(Path(tmp) / "plain.json")
            n = sum(len(db.table(name).all()) for name in db.tables())
            db.close()
            return n

        rows = [
            ("end-of-day review (load + compute)", review, 100.0),
            ("insights, 7 days", period(7), None),
            ("insights, 30 days", period(30), None),
            ("insights, 90 days", period(90), 250.0),
            ("reference: read all of one plain TinyDB file", plain_read, None),
        ]
        print(f"{len(docs)} records over {args.days} days; median / worst of {args.runs} runs, ms\n")
        print(f"{'what':<46} {'median':>8} {'worst':>8}  budget")
        for label, func, budget in rows:
            med, worst = median_ms(func, args.runs)
            verdict = "" if budget is None else f"<= {budget:.0f} ms: {'ok' if med <= budget else 'OVER'}"
            print(f"{label:<46} {med:>8.1f} {worst:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
