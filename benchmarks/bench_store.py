"""Durable check-in latency through ``Store.add`` against years of history, beside plain TinyDB.

DESIGN.md budget: a check-in is durable within 16 ms even with ~50k records
(5 years of heavy use). The reference is a plain ``TinyDB.insert`` (default
``JSONStorage``, which rewrites the whole file per insert) into a file holding
the same records, and one ``write`` + ``fsync`` of a line to an append-only
file (the floor any durable write pays), all measured in the same run on the
same disk.

Usage::

    python benchmarks/bench_store.py [--adds 200] [--plain-inserts 30] [--sizes 0,10000,50000] [--dir DIR]

``--dir`` chooses the disk to measure on (default: the system temp dir).
This is a measurement, not a test: it prints figures and never fails a build.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tinydb import TinyDB

from painpal import demo
from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, to_record
from painpal.storage.store import Store

DEVICE = "bench"
"""The device the benchmark writes as: no device id is made in this machine's state folder."""

END = datetime(2026, 11, 29, 21, 0, tzinfo=ZoneInfo("Europe/London"))
"""A Sunday evening: the live file holds a whole week of history, its largest (the worst case)."""
"""The last evening of a month: the live file holds a whole month, its largest."""
BUDGET_MS = 16.0
BUDGET_AT = 50_000


def percentile(samples: list[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def history(n: int) -> list[tuple[str, dict[str, Any]]]:
    """About ``n`` demo documents ending at :data:`END`: one demo seed, or several (a denser life) past ~24k."""
    if n == 0:
        return []
    per_day = sum(1 for _ in demo.documents(END, 365)) / 366
    seeds = max(1, -(-n // round(per_day * 1826)))  # ceil: how many 5-year seeds it takes
    days = min(3660, max(1, round(n / seeds / per_day)))
    docs = itertools.chain.from_iterable(demo.documents(END, days, seed=7 + s) for s in range(seeds))
    return list(itertools.islice(docs, n))


def plain_tinydb_file(path: Path, docs: list[tuple[str, dict[str, Any]]]) -> TinyDB:
    """A plain TinyDB file holding ``docs`` (written in one go), opened with the default JSONStorage."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table, doc in docs:
        rows = tables.setdefault(table, {})
        rows[str(len(rows) + 1)] = doc
    db = TinyDB(path)
    db.storage.write(tables)
    return db


def time_calls(calls: Callable[[], object], count: int) -> list[float]:
    """Milliseconds each of ``count`` calls of ``calls()`` took."""
    out = []
    for _ in range(count):
        t0 = time.perf_counter()
        calls()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def bench_size(root: Path, n: int, adds: int, plain_inserts: int) -> dict[str, Any]:
    """Store.add and plain TinyDB insert latencies with ``n`` records of history."""
    docs = history(n)
    clock = FixedClock(END)

    store_dir = root / f"store-{n}"
    store = Store(store_dir, clock, device=DEVICE)
    t0 = time.perf_counter()
    if docs:
        store.add_documents(docs)
    build_s = time.perf_counter() - t0
    live = store._load(store.path)
    live_records = sum(len(t) for name, t in live.items() if name not in ("meta", "settings"))
    live_kb = store.path.stat().st_size / 1024 if store.path.exists() else 0.0
    counter = itertools.count()
    store_ms = time_calls(lambda: store.add(CheckIn(at=clock.now(), intensity=next(counter) % 11)), adds)

    plain = plain_tinydb_file(root / f"plain-{n}.json", docs)
    plain_kb = (root / f"plain-{n}.json").stat().st_size / 1024
    checkin = to_record(CheckIn(at=END, intensity=5))
    plain_ms = time_calls(lambda: plain.table("checkins").insert(dict(checkin)), plain_inserts)
    plain.close()
    return {
        "n": len(docs),
        "build_s": build_s,
        "archives": len(store.archive_months()),
        "live_records": live_records,
        "live_kb": live_kb,
        "plain_kb": plain_kb,
        "store": store_ms,
        "plain": plain_ms,
    }


def append_fsync_ms(root: Path, count: int) -> list[float]:
    """The floor: append one JSON line to a file and fsync it."""
    line = (repr(to_record(CheckIn(at=END, intensity=5))) + "\n").encode()
    fd = os.open(root / "journal.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:

        def one() -> None:
            os.write(fd, line)
            os.fsync(fd)

        return time_calls(one, count)
    finally:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adds", type=int, default=200, help="Store.add calls per history size (default 200)")
    parser.add_argument("--plain-inserts", type=int, default=30, help="plain TinyDB inserts per size (default 30)")
    parser.add_argument("--sizes", default="0,10000,50000", help="history sizes, comma-separated")
    parser.add_argument("--dir", help="where to build the data (default: a temp dir)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    root = Path(tempfile.mkdtemp(prefix="painpal-bench-", dir=args.dir))
    try:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"painpal store benchmark: python {sys.version.split()[0]}, {sys.platform}, "
            f"data on {root.parent}, load average {load:.2f}"
        )
        print(f"{args.adds} Store.add per size; {args.plain_inserts} plain TinyDB inserts per size; times in ms\n")
        header = (
            f"{'history':>8} {'archives':>8} {'live recs':>9} {'live kB':>8} | "
            f"{'Store.add p50':>13} {'p95':>7} {'max':>7} | {'TinyDB insert p50':>17} {'p95':>7} {'file kB':>8}"
        )
        print(header)
        print("-" * len(header))
        results = []
        for n in sizes:
            r = bench_size(root, n, args.adds, args.plain_inserts)
            results.append(r)
            print(
                f"{r['n']:>8} {r['archives']:>8} {r['live_records']:>9} {r['live_kb']:>8.0f} | "
                f"{percentile(r['store'], 50):>13.2f} {percentile(r['store'], 95):>7.2f} {max(r['store']):>7.2f} | "
                f"{percentile(r['plain'], 50):>17.2f} {percentile(r['plain'], 95):>7.2f} {r['plain_kb']:>8.0f}",
                flush=True,
            )
        floor = append_fsync_ms(root, args.adds)
        print(
            f"\nreference: append one line + fsync: p50 {percentile(floor, 50):.2f} ms, p95 {percentile(floor, 95):.2f}"
        )
        big = max(results, key=lambda r: r["n"])
        p95 = percentile(big["store"], 95)
        verdict = "PASS" if p95 <= BUDGET_MS else "FAIL"
        print(
            f"budget: Store.add p95 <= {BUDGET_MS:.0f} ms at ~{BUDGET_AT // 1000}k: "
            f"{p95:.2f} ms at {big['n']} -> {verdict}"
        )
        plain_p50, store_p50 = percentile(big["plain"], 50), percentile(big["store"], 50)
        print(f"plain TinyDB insert at {big['n']}: p50 {plain_p50:.1f} ms ({plain_p50 / store_p50:.0f}x Store.add p50)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
