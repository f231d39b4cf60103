"""What the whole-process benchmarks share: the demo history, the child environment, a timed run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from painpal import demo
from painpal.domain.clock import FixedClock
from painpal.storage.store import Store

ZONE = "Europe/London"
DEVICE = "bench"
"""The device the benchmarks are (``PAINPAL_DEVICE``): no device id is made in this machine's state folder."""


def build_history(data_dir: Path, days: int, now: str, device: str = DEVICE, seed: int = 7) -> int:
    """A demo history of ``days`` days ending at ``now`` (ISO, local) written by ``device``; how many records."""
    end = datetime.fromisoformat(now).replace(tzinfo=ZoneInfo(ZONE))
    store = Store(data_dir, FixedClock(end), device=device)
    return store.add_documents(demo.documents(end, days, seed=seed))


def child_env(data_dir: Path, now: str, root: Path) -> dict[str, str]:
    """The environment painpal runs in: its data, a pinned clock and zone, and cached bytecode.

    An installed painpal runs from compiled bytecode; a shell with
    ``PYTHONDONTWRITEBYTECODE`` would make every run recompile painpal (but
    not the references, which pip compiled), so the cache lives in ``root``.
    """
    env = dict(os.environ, PAINPAL_DATA_DIR=str(data_dir), PAINPAL_NOW=now, TZ=ZONE, PAINPAL_DEVICE=DEVICE)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


def wall(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds one run of ``cmd`` took, start to exit; a failing command aborts the benchmark."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode(errors='replace').strip()}")
    return elapsed


def interleaved(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Each command ``runs`` times, taking turns (A B A B ...) so machine noise hits all alike; one warm-up each."""
    for cmd in commands.values():  # warm the page cache and bytecode caches
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    return times


def print_header(what: str, records: int, days: int, runs: int) -> None:
    """The lines that say what ran where, so figures are only compared within one run."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"painpal {what} benchmark: python {sys.version.split()[0]}, {sys.platform}, load average {load:.2f}")
    print(f"history: {records} records over {days} days; {runs} interleaved runs of each; seconds\n")
