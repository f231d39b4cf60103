"""How long the coach takes to decide, beside how long loading its history takes.

Budget (issue "Micro-routines and the coach"): ``coach.suggest`` with a
five-year history, of which the last 90 days are loaded, within 10 ms. The
Today screen calls it on every tick with the same history object ("warm":
the history's timestamp index is built once); ``painpal suggest`` builds it
once per process ("cold": a fresh history each call). Both are printed, with
the time to load that history from a store holding the full five years, and
the time of a whole ``painpal status`` process for the status bar.

Run: ``python benchmarks/bench_coach.py [--days 1826] [--calls 100]``.
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from painpal import coach, demo, settings
from painpal.domain.clock import FixedClock
from painpal.domain.records import SafetyEvent
from painpal.history import History
from painpal.storage.store import Store

END = datetime(2026, 11, 30, 10, 5, tzinfo=ZoneInfo("Europe/London"))
"""A Monday inside a seated work block: the sitting timer, transitions and ranking all take part."""


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(func: Callable[[], object], calls: int) -> list[float]:
    out = []
    for _ in range(calls):
        t0 = time.perf_counter()
        func()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1826, help="days of demo history (default: five years)")
    parser.add_argument("--calls", type=int, default=100, help="suggest calls to time (default 100)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="painpal-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        store = Store(data_dir, FixedClock(END))
        t0 = time.perf_counter()
        written = store.add_documents(demo.documents(END, args.days))
        build = time.perf_counter() - t0

        loads: list[float] = []
        warning_loads: list[float] = []
        history = History()
        warnings: list[SafetyEvent] = []
        for _ in range(5):  # a fresh Store each time: nothing cached from the previous load
            fresh = Store(data_dir, FixedClock(END))
            t0 = time.perf_counter()
            history = History.load(fresh, END - timedelta(days=coach.LOOKBACK_DAYS), None)
            t1 = time.perf_counter()
            warnings = fresh.records(SafetyEvent)  # every archive: an unresolved warning never expires
            loads.append(t1 - t0)
            warning_loads.append(time.perf_counter() - t1)
        prefs = settings.load(store)
        plan, custom = prefs.plan, prefs.routines
        records = sum(len(getattr(history, f.name)) for f in dataclasses.fields(history))

        moments = [END + timedelta(minutes=7 * n) for n in range(args.calls)]
        it = iter(moments * 2)
        warm = timed(lambda: coach.suggest(plan, next(it), history, custom, warnings), args.calls)
        it = iter(moments * 2)
        cold = timed(lambda: coach.suggest(plan, next(it), dataclasses.replace(history), custom, warnings), args.calls)
        quota = timed(lambda: coach.quotas(history, END, plan), args.calls)

        env = {**os.environ, "PAINPAL_DATA_DIR": str(data_dir), "PAINPAL_NOW": END.replace(tzinfo=None).isoformat()}
        env["TZ"] = "Europe/London"
        # As installed: bytecode cached (in the temp dir, not beside the sources), so no run pays for compiling.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        status: list[float] = []
        line = ""
        for _ in range(11):
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "painpal", "status"], env=env, capture_output=True, text=True, check=True
            )
            status.append(time.perf_counter() - t0)
            line = proc.stdout.strip()
        status = status[1:]  # the first run wrote the bytecode cache

    def row(label: str, samples: list[float]) -> str:
        p50, p95 = percentiles(samples)
        return f"{label:<58} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"

    print(f"history: {written} records over {args.days} days (written in {build:.1f} s)")
    print(row(f"load the last {coach.LOOKBACK_DAYS} days ({records} records)", loads))
    print(row("load every warning-sign report (every archive)", warning_loads))
    print(row(f"suggest, warm: same history, as the Today tick (n={args.calls})", warm))
    print(row(f"suggest, cold: fresh history each call (n={args.calls})", cold))
    print(row(f"quotas (n={args.calls})", quota))
    print(row(f"`painpal status`, whole process (n={len(status)})", status) + f"   {line!r}")


if __name__ == "__main__":
    main()
