"""Whole-process wall time of ``painpal log 5`` against a 5-year history, beside a bare interpreter start.

DESIGN.md budget: ``painpal log`` is >= 40x faster than jrnl adding one entry
at 27k entries (5.4 s), i.e. <= 0.135 s for the whole process; ``painpal
status`` with two devices of 5 years each in one synced folder <= 0.2 s
(every device's files are read, so the second device's history must cost
little more than a listing and a few stats). The reference
measured in the same run is ``python -c pass`` (what any Python CLI pays to
start); ``python -c "import painpal.cli"`` shows what our imports add.

Usage::

    python benchmarks/bench_cli.py [--runs 20] [--days 1825] [--dir DIR]

Runs are interleaved (one of each command per round) so a busy machine slows
them alike. Peak memory comes from ``/usr/bin/time`` when it is present. This
is a measurement, not a test: it prints figures and never fails a build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import build_history, child_env, interleaved, print_header

NOW = "2026-11-30T21:00:00"
BUDGET_S = 0.135
STATUS_BUDGET_S = 0.2
JRNL_S = 5.4
OTHER_DEVICE = "other"


def painpal_script() -> str | None:
    """The installed ``painpal`` console script: on PATH, or beside this interpreter."""
    found = shutil.which("painpal")
    if found:
        return found
    beside = Path(sys.executable).parent / "painpal"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float | None:
    """Peak resident memory of one run, from ``/usr/bin/time -f %M`` (kB), if that tool is present."""
    if not Path("/usr/bin/time").exists():
        return None
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    try:
        return int(proc.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--days", type=int, default=1825, help="days of demo history (default 1825, 5 years)")
    parser.add_argument("--dir", help="where to build the data (default: a temp dir)")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="painpal-bench-cli-", dir=args.dir))
    try:
        data_dir = root / "data"
        records = build_history(data_dir, args.days, NOW)
        two = root / "two-devices"
        build_history(two, args.days, NOW)
        build_history(two, args.days, NOW, device=OTHER_DEVICE, seed=8)
        env = child_env(data_dir, NOW, root)
        py = sys.executable
        commands: dict[str, list[str]] = {
            "python -c pass (reference)": [py, "-c", "pass"],
            "python -c 'import painpal.cli'": [py, "-c", "import painpal.cli"],
            "python -m painpal log 5": [py, "-m", "painpal", "log", "5"],
            "python -m painpal status (1 device)": [py, "-m", "painpal", "status"],
            "python -m painpal status (2 devices)": [py, "-m", "painpal", "--data-dir", str(two), "status"],
        }
        script = painpal_script()
        if script:
            commands["painpal log 5 (console script)"] = [script, "log", "5"]

        times = interleaved(commands, env, args.runs)
        print_header("CLI", records, args.days, args.runs)
        width = max(len(n) for n in commands)
        header = f"{'command':<{width}} {'median':>7} {'min':>7} {'max':>7} {'peak MB':>8}"
        print(header)
        print("-" * len(header))
        for name, cmd in commands.items():
            t = times[name]
            rss = peak_rss_mb(cmd, env)
            rss_text = f"{rss:>8.1f}" if rss is not None else f"{'-':>8}"
            print(f"{name:<{width}} {statistics.median(t):>7.3f} {min(t):>7.3f} {max(t):>7.3f} {rss_text}")
        base = statistics.median(times["python -c pass (reference)"])
        log = statistics.median(times["python -m painpal log 5"])
        verdict = "PASS" if log <= BUDGET_S else "FAIL"
        print(f"\npainpal log 5 costs {log - base:.3f} s over a bare interpreter start ({log / base:.1f}x)")
        print(
            f"budget: whole process <= {BUDGET_S:.3f} s (jrnl {JRNL_S} s / 40): "
            f"median {log:.3f} s -> {verdict}; {JRNL_S / log:.0f}x faster than jrnl"
        )
        status = statistics.median(times["python -m painpal status (2 devices)"])
        verdict = "PASS" if status <= STATUS_BUDGET_S else "FAIL"
        print(
            f"budget: status with two devices of {args.days} days each <= {STATUS_BUDGET_S:.3f} s: "
            f"median {status:.3f} s -> {verdict}"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
