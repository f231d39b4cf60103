"""Whole-process wall time of ``painpal report --days 90`` against a 5-year history, beside a bare interpreter start.

DESIGN.md budget: the 90-day report takes <= 500 ms. The report reads only
the period, the previous period of the same length and the baselines
insights needs, so its cost should not grow with years of history; this
measures it as a person meets it: a whole process, Markdown and HTML, with
``python -c pass`` (what every Python CLI pays to start) measured in the
same run.

Usage::

    python benchmarks/bench_report.py [--runs 15] [--days 1825] [--dir DIR]

Runs are interleaved (one of each command per round) so a busy machine slows
them alike. This is a measurement, not a test: it prints figures and never
fails a build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from common import build_history, child_env, interleaved, print_header

NOW = "2026-11-30T10:05:00"
BUDGET_S = 0.5


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--days", type=int, default=1825, help="days of demo history (default 1825, 5 years)")
    parser.add_argument("--dir", help="where to build the data (default: a temp dir)")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="painpal-bench-report-", dir=args.dir))
    try:
        data_dir = root / "data"
        records = build_history(data_dir, args.days, NOW)
        env = child_env(data_dir, NOW, root)
        py = sys.executable
        out = str(root / "report.html")
        commands: dict[str, list[str]] = {
            "python -c pass (reference)": [py, "-c", "pass"],
            "python -m painpal report --days 90": [py, "-m", "painpal", "report", "--days", "90"],
            "... --format html -o FILE": [py, "-m", "painpal", "report", "--days", "90", "--format", "html", "-o", out],
            "python -m painpal report --days 30": [py, "-m", "painpal", "report", "--days", "30"],
        }
        times = interleaved(commands, env, args.runs)
        print_header("report", records, args.days, args.runs)
        width = max(len(n) for n in commands)
        header = f"{'command':<{width}} {'median':>7} {'min':>7} {'max':>7}"
        print(header)
        print("-" * len(header))
        for name in commands:
            t = times[name]
            print(f"{name:<{width}} {statistics.median(t):>7.3f} {min(t):>7.3f} {max(t):>7.3f}")
        base = statistics.median(times["python -c pass (reference)"])
        report = statistics.median(times["python -m painpal report --days 90"])
        verdict = "PASS" if report <= BUDGET_S else "FAIL"
        print(f"\nthe 90-day report costs {report - base:.3f} s over a bare interpreter start")
        print(f"budget: whole process <= {BUDGET_S:.3f} s: median {report:.3f} s -> {verdict}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
