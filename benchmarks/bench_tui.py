"""The TUI's three budgets, each beside a bare Textual app measured in the same run.

DESIGN.md, "Performance budgets":

- **start to first frame** <= 1.5x a bare Textual app (Header, Static, Footer):
  whole processes, spawn -> first frame painted -> exit, median of ``--runs``;
  painpal opens a five-year demo history and exits once the Today screen has
  rendered its data. Peak RSS of each process comes from ``os.wait4``.
- **idle CPU** of the open Today screen <= a bare app with a 1-second clock:
  each app runs in its own tmux session (a real pseudo-terminal, 100x30) on a
  private tmux server; after ``--settle`` seconds, utime+stime of the pane's
  process tree is read from ``/proc/PID/stat`` at both ends of a
  ``--seconds`` window. All sessions are measured in the same window.
- **memory over a simulated 16-hour day** <= 1.5x a bare app, and flat: in
  ``App.run_test()`` with a FixedClock stepping 06:30 -> 22:30 one minute per
  tick, twelve check-ins and notifications on; RSS is sampled every simulated
  hour. The bare app runs the same number of refresh cycles.

Every figure is measured in a child process of its own, so one does not
inherit another's imports or heap. The children are this script run with
``--runner NAME`` (internal).

Run: ``python benchmarks/bench_tui.py [--runs 10] [--seconds 60] [--only start,idle,memory]``.
A benchmark prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
"""The checkout this script belongs to: children import painpal from here."""
ZONE = "Europe/London"
DEMO_DAYS = 1825
DEMO_END = "2026-11-30T06:00:00"
"""The demo history ends on a Monday morning before waking, so the simulated day starts clean."""
OPEN_AT = "2026-11-30T10:05:00"
"""Where the open app's clock starts (PAINPAL_NOW): inside a seated work block."""
DAY_START = "2026-11-30T06:30:00"
DAY_MINUTES = 16 * 60
CHECKINS = 12
TERMINAL = (100, 30)
HISTORY_LABEL = "painpal, demo history"
TODAY_LABEL = "painpal Today, demo history"

BUDGET_START = 1.5
BUDGET_IDLE = 1.0
BUDGET_MEMORY = 1.5


# ====================================================================== runners (children)


def _bare_app_class(clock: bool = False):  # type: ignore[no-untyped-def]
    """A bare Textual app: Header, Static, Footer; with ``clock`` the header repaints every second."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        """The reference every budget is a multiple of."""

        def compose(self) -> ComposeResult:
            yield Header(show_clock=clock)
            yield Static("Hello from a bare Textual app.", id="body")
            yield Footer()

    return Bare


def _painpal_args(data_dir: str, clock=None):  # type: ignore[no-untyped-def]
    """The app class and arguments ``painpal --data-dir DIR`` builds (the clock from ``PAINPAL_NOW``)."""
    sys.path.insert(0, str(REPO))
    from painpal.domain.clock import clock_from_env
    from painpal.storage.store import Store
    from painpal.tui.app import PainPalApp

    clock = clock or clock_from_env()
    return PainPalApp, (Store(Path(data_dir), clock), clock)


def run_first_frame(kind: str, data_dir: str | None) -> None:
    """Build the app, run it headless, exit right after the first frame that shows its content.

    For painpal that is the first refresh after the Today screen applied its
    data (``screen.state``); for the bare app, the first refresh after mount.
    Prints ``{"ready": wall-clock time of that frame}`` after the app exits.
    """
    if kind == "bare":
        base, args, kwargs = _bare_app_class(), (), {}
    else:
        assert data_dir is not None
        base, args = _painpal_args(data_dir)
        kwargs = {"ring_bell": False}
    marks: dict[str, float] = {}

    class Timed(base):  # type: ignore[misc, valid-type]
        """Exits after the first frame with content. Textual also runs the base class's ``on_mount``."""

        if base.CSS_PATH:  # relative to the module that defines the app, not to this script
            CSS_PATH = str(Path(inspect.getfile(base)).parent / base.CSS_PATH)

        def on_mount(self) -> None:
            self.set_interval(0.01, self._check)

        def _check(self) -> None:
            waits_for_data = kind == "painpal"  # "painpal-layout": the first frame of Today's layout
            if "armed" in marks or (waits_for_data and getattr(self.screen, "state", None) is None):
                return
            marks["armed"] = time.time()
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            marks["ready"] = time.time()
            self.exit()

    Timed(*args, **kwargs).run(headless=True, size=TERMINAL)
    if "ready" not in marks:
        sys.exit(f"the {kind} app exited before its first frame")
    print(json.dumps({"ready": marks["ready"]}), flush=True)


def run_idle(kind: str, data_dir: str | None) -> None:
    """The app a person leaves open (in a real terminal): bare, bare with a 1 s clock."""
    _bare_app_class(clock=kind == "bare-clock")().run()


def _rss_mb() -> float:
    """Resident set size of this process now, from /proc/self/statm."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_day(kind: str, data_dir: str | None, sim_days: int = 1) -> None:
    """Simulated 16-hour days in ``run_test``: one tick a minute, RSS every hour, as JSON on stdout."""
    import asyncio
    import gc

    async def painpal_day() -> dict[str, object]:
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo

        sys.path.insert(0, str(REPO))
        from textual.widgets import Footer
        from textual.widgets._footer import FooterKey
        from textual.widgets._toast import Toast

        from painpal.domain.clock import FixedClock
        from painpal.tui.screens.today import TodayScreen

        clock = FixedClock(datetime.fromisoformat(DAY_START).replace(tzinfo=ZoneInfo(ZONE)))
        assert data_dir is not None
        app_class, app_args = _painpal_args(data_dir, clock)
        app = app_class(*app_args, ring_bell=False, burst_gap_s=0)  # simulated keys come faster than a person types
        notified = 0
        notify = app.notify

        def counting_notify(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal notified
            notified += 1
            return notify(*args, **kwargs)

        app.notify = counting_notify  # type: ignore[method-assign]
        samples: list[tuple[str, float]] = []
        keys = "345634562345"
        checkin_at = {round((i + 0.5) * DAY_MINUTES / CHECKINS): keys[i] for i in range(CHECKINS)}
        day_start = clock.now()
        async with app.run_test(size=TERMINAL, notifications=True) as pilot:

            async def settle() -> None:
                for _ in range(3):
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                await pilot.pause()

            await settle()
            screen = app.screen_stack[1]
            assert isinstance(screen, TodayScreen)
            gc.collect()
            objects_start = len(gc.get_objects())
            samples.append((f"{clock.now():%H:%M}", _rss_mb()))
            for day in range(sim_days):
                if day:  # overnight: the laptop slept, the clock jumps to the next morning
                    clock.set(day_start + timedelta(days=day))
                    screen.tick()
                    await settle()
                prefix = f"day {day + 1} " if sim_days > 1 else ""
                for minute in range(1, DAY_MINUTES + 1):
                    clock.advance(timedelta(minutes=1))
                    screen.tick()
                    await pilot.pause()
                    if minute in checkin_at:
                        await pilot.press(checkin_at[minute])
                        await settle()
                        await pilot.press("escape")
                        await settle()
                    if minute % 60 == 0:
                        await settle()
                        samples.append((f"{prefix}{clock.now():%H:%M}", _rss_mb()))
            toasts_at_end = len(app.screen.query(Toast))
            await pilot.pause(9.0)  # the last toasts time out (8 s) in real time
            await settle()
            gc.collect()
            samples.append(("+9 s", _rss_mb()))
            toasts_after = len(app.screen.query(Toast))
            objects_end = len(gc.get_objects())
            assert screen.state is not None
            checkins = len([c for c in screen.state.history.checkins if c.at >= day_start])
            footer = screen.query_one(Footer)
            # textual#6666: each FooterKey data-binds Footer.compact; the watcher outlives the key.
            footer_watchers = len(getattr(footer, "__watchers", {}).get("compact", []))
            footer_keys = len(footer.query(FooterKey))
        return {
            "samples": samples,
            "notified": notified,
            "toasts_at_end": toasts_at_end,
            "toasts_after_timeout": toasts_after,
            "toast_objects_alive": sum(isinstance(o, Toast) for o in gc.get_objects()),
            "gc_objects": (objects_start, objects_end),
            "checkins": checkins,
            "footer": (footer_watchers, footer_keys),
        }

    async def bare_day() -> dict[str, object]:
        from textual.widgets import Static

        app = _bare_app_class()()
        samples: list[tuple[str, float]] = []
        async with app.run_test(size=TERMINAL) as pilot:
            await pilot.pause()
            body = app.query_one("#body", Static)
            gc.collect()
            objects_start = len(gc.get_objects())
            samples.append(("06:30", _rss_mb()))
            for day in range(sim_days):
                prefix = f"day {day + 1} " if sim_days > 1 else ""
                for minute in range(1, DAY_MINUTES + 1):
                    body.update(f"Minute {minute} of a bare day.")
                    await pilot.pause()
                    if minute % 60 == 0:
                        hh, mm = divmod(6 * 60 + 30 + minute, 60)
                        samples.append((f"{prefix}{hh:02d}:{mm:02d}", _rss_mb()))
            gc.collect()
            samples.append(("end", _rss_mb()))
            objects_end = len(gc.get_objects())
        return {"samples": samples, "gc_objects": (objects_start, objects_end)}

    result = asyncio.run(painpal_day() if kind == "painpal" else bare_day())
    print(json.dumps(result))


RUNNERS = {
    "first-frame": lambda args: run_first_frame(args.kind, args.data_dir),
    "idle": lambda args: run_idle(args.kind, args.data_dir),
    "day": lambda args: run_day(args.kind, args.data_dir, args.sim_days),
}


# ====================================================================== the parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment every child runs in: a pinned zone and no inherited painpal clock or data dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAINPAL_")}
    env.update(TZ=ZONE, PYTHONPATH=str(REPO), **extra)
    # An installed painpal runs from compiled bytecode; a shell with PYTHONDONTWRITEBYTECODE would make
    # every child recompile painpal (and not Textual, which pip compiled), skewing the comparison.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "painpal-bench-pycache")
    return env


def runner_cmd(name: str, kind: str, data_dir: Path | None = None) -> list[str]:
    """The command line of one child run of this script."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--runner", name, "--kind", kind]
    return [*cmd, "--data-dir", str(data_dir)] if data_dir else cmd


def welcome_seen(data_dir: Path) -> None:
    """Mark the welcome as seen in ``data_dir``, so the app opens straight on Today."""
    code = "import sys; from pathlib import Path; from painpal.domain.clock import clock_from_env"
    code += "; from painpal.storage.store import Store"
    code += "; Store(Path(sys.argv[1]), clock_from_env()).set_setting('welcomed', True)"
    subprocess.run([sys.executable, "-c", code, str(data_dir)], env=child_env(), check=True, cwd=REPO)


def build_demo(base: Path, days: int) -> Path:
    """``painpal demo`` history of ``days`` days in ``base/demo``, welcome already seen."""
    data_dir = base / "demo"
    env = child_env(PAINPAL_NOW=DEMO_END)
    proc = subprocess.run(
        [sys.executable, "-m", "painpal", "demo", "--days", str(days), "--data-dir", str(data_dir)],
        env=env,
        check=True,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    print(proc.stderr.strip().split(" to ")[0] + f" (painpal demo, PAINPAL_NOW={DEMO_END})")
    welcome_seen(data_dir)
    return data_dir


def table(rows: list[tuple[str, ...]]) -> str:
    """A small left-aligned text table; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(ratio: float, budget: float) -> str:
    return "ok" if ratio <= budget else "OVER"


# ---------------------------------------------------------------------- start to first frame


def one_start(kind: str, data_dir: Path | None) -> tuple[float, float, float]:
    """(spawn -> first frame s, spawn -> exit s, peak RSS MB) of one child process."""
    env = child_env(PAINPAL_NOW=OPEN_AT)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t_wall = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(runner_cmd("first-frame", kind, data_dir), env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # reaps the child with its own rusage (peak RSS)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{kind} runner failed:\n{err.read().decode()}")
        ready = json.loads(out.read().decode().strip().splitlines()[-1])["ready"]
    return ready - t_wall, elapsed, usage.ru_maxrss / 1024


def bench_start(demo_dir: Path, empty_dir: Path, runs: int) -> None:
    """Median of ``runs`` whole processes per app, interleaved so machine noise hits all alike."""
    kinds = {"bare Textual app": ("bare", None), HISTORY_LABEL: ("painpal", demo_dir)}
    kinds["painpal, empty data dir"] = ("painpal", empty_dir)
    kinds["painpal, layout before its data"] = ("painpal-layout", demo_dir)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in kinds}
    for kind, data in kinds.values():  # one warm-up each: page cache, .pyc files
        one_start(kind, data)
    for _ in range(runs):
        for name, (kind, data) in kinds.items():
            results[name].append(one_start(kind, data))
    med = {name: tuple(statistics.median(r[i] for r in rs) for i in range(3)) for name, rs in results.items()}
    bare = med["bare Textual app"]
    rows = [("app", "first frame", "whole process", "peak RSS", "x bare (frame / RSS)")]
    for name, (ready, whole, rss) in med.items():
        rows.append(
            (name, f"{ready:.3f} s", f"{whole:.3f} s", f"{rss:.0f} MB", f"{ready / bare[0]:.2f} / {rss / bare[2]:.2f}")
        )
    ratio = med[HISTORY_LABEL][0] / bare[0]
    print(f"\n## Start to first frame (median of {runs} runs, headless, {TERMINAL[0]}x{TERMINAL[1]})\n")
    print(table(rows))
    print(f"\nbudget <= {BUDGET_START}x bare: painpal {ratio:.2f}x -> {verdict(ratio, BUDGET_START)}")


# ---------------------------------------------------------------------- idle CPU


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of ``pids`` (all their threads, dead ones included), in seconds."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5), counted after the comm
    return ticks / os.sysconf("SC_CLK_TCK")


def bench_idle(demo_dir: Path, seconds: float, settle: float) -> None:
    """All apps open side by side in tmux; CPU time over the same window."""
    socket = f"painpal-bench-{os.getpid()}"
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    sessions = {
        "bare Textual app": runner_cmd("idle", "bare"),
        "bare app + 1 s clock": runner_cmd("idle", "bare-clock"),
        TODAY_LABEL: [sys.executable, "-m", "painpal", "--data-dir", str(demo_dir)],
    }
    env = child_env(PAINPAL_NOW=OPEN_AT)
    names = {label: f"idle{i}" for i, label in enumerate(sessions)}
    size = ["-x", str(TERMINAL[0]), "-y", str(TERMINAL[1])]

    try:
        for label, cmd in sessions.items():
            exports = [f"{k}={v}" for k, v in env.items() if k in ("TZ", "PYTHONPATH", "PAINPAL_NOW")]
            shell = shlex.join(["env", *exports, *cmd])
            subprocess.run(
                [*tmux, "new-session", "-d", *size, "-s", names[label], "-c", str(REPO), shell],
                check=True,
            )
        time.sleep(settle)
        roots = {}
        for label, name in names.items():
            out = subprocess.run(
                [*tmux, "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True, text=True, check=True
            )
            roots[label] = int(out.stdout.split()[0])
        trees = {label: process_tree(pid) for label, pid in roots.items()}
        start = {label: cpu_seconds(pids) for label, pids in trees.items()}
        t0 = time.monotonic()
        time.sleep(seconds)
        window = time.monotonic() - t0
        end = {label: cpu_seconds(pids) for label, pids in trees.items()}
        screens = {}
        for label, name in names.items():
            out = subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True)
            screens[label] = out.stdout
    finally:
        for name in names.values():
            subprocess.run([*tmux, "kill-session", "-t", name], capture_output=True)
        subprocess.run([*tmux, "kill-server"], capture_output=True)  # our private server only
    assert "Check in" in screens[TODAY_LABEL], screens[TODAY_LABEL]
    pct = {label: 100 * (end[label] - start[label]) / window for label in sessions}
    clock = pct["bare app + 1 s clock"]
    rows = [("app", "CPU s", "% of a core", "x clock app")]
    for label in sessions:
        ratio = f"{pct[label] / clock:.2f}" if clock else "n/a"
        rows.append((label, f"{end[label] - start[label]:.2f}", f"{pct[label]:.3f}", ratio))
    resolution = 100 / os.sysconf("SC_CLK_TCK") / window
    print(f"\n## Idle CPU over {window:.0f} s in tmux ({TERMINAL[0]}x{TERMINAL[1]}), after {settle:.0f} s to settle\n")
    print(table(rows))
    print(f"\n(resolution: one clock tick = {resolution:.3f}% of a core over this window)")
    top = screens[TODAY_LABEL].splitlines()[0].strip()
    print(f"painpal's screen at the end: {top!r}")
    if clock:
        ratio = pct[TODAY_LABEL] / clock
        print(f"budget <= {BUDGET_IDLE}x the clock app: painpal {ratio:.2f}x -> {verdict(ratio, BUDGET_IDLE)}")


# ---------------------------------------------------------------------- memory over a day


def bench_memory(demo_dir: Path, base: Path, sim_days: int) -> None:
    """One child per app; painpal works on a copy of the demo so its check-ins do not change it."""
    day_dir = base / "day"
    shutil.copytree(demo_dir, day_dir)
    env = child_env()
    results = {}
    for kind, data in (("bare", None), ("painpal", day_dir)):
        cmd = [*runner_cmd("day", kind, data), "--sim-days", str(sim_days)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{kind} day runner failed:\n{proc.stderr}")
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    pp, bare = results["painpal"], results["bare"]
    days = f"{sim_days} simulated 16-hour days" if sim_days > 1 else "a simulated 16-hour day"
    print(f"\n## Memory over {days} ({DAY_MINUTES} ticks and {CHECKINS} check-ins a day, notifications on)\n")
    rows = [("sample", "painpal RSS", "bare RSS")]
    for i, (label, rss) in enumerate(pp["samples"]):
        other = bare["samples"][min(i, len(bare["samples"]) - 1)][1]
        rows.append((label, f"{rss:.1f} MB", f"{other:.1f} MB"))
    print(table(rows))
    growth = {}
    for name, result in (("painpal", pp), ("bare", bare)):
        rss = [r for _, r in result["samples"]]
        half = rss[len(rss) // 2]
        growth[name] = (rss[-1] - rss[0], rss[-1] - half)
        print(
            f"\n{name}: start {rss[0]:.1f} MB, end {rss[-1]:.1f} MB, growth {growth[name][0]:+.1f} MB "
            f"(second half {growth[name][1]:+.1f} MB)",
            end="",
        )
    watchers, keys = pp["footer"]
    print(
        f"\n\npainpal: {pp['checkins']} check-ins stored; notify called {pp['notified']}x (the app's 20 s rate limit "
        f"runs on real time); toasts on screen at the end {pp['toasts_at_end']}, after their timeout "
        f"{pp['toasts_after_timeout']}, Toast objects alive {pp['toast_objects_alive']}"
    )
    print(
        f"painpal: gc objects {pp['gc_objects'][0]} -> {pp['gc_objects'][1]} (bare {bare['gc_objects'][0]} -> "
        f"{bare['gc_objects'][1]}); Footer.compact watchers {watchers} for {keys} live footer keys"
        + (" <- removed keys kept alive (textual#6666)" if watchers > keys else "")
    )
    ratio = pp["samples"][-1][1] / bare["samples"][-1][1]
    flat = growth["painpal"][1] <= max(1.0, 2 * growth["bare"][1])
    print(
        f"budget <= {BUDGET_MEMORY}x bare and flat: painpal {ratio:.2f}x at the end -> {verdict(ratio, BUDGET_MEMORY)};"
        f" flat (second half within 1 MB or 2x bare's): {'yes' if flat else 'NO'}"
    )


# ---------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-up runs per app (default 10)")
    parser.add_argument("--seconds", type=float, default=60, help="idle CPU window in seconds (default 60)")
    parser.add_argument("--settle", type=float, default=10, help="seconds before the idle window starts (default 10)")
    parser.add_argument("--days", type=int, default=DEMO_DAYS, help=f"days of demo history (default {DEMO_DAYS})")
    parser.add_argument("--sim-days", type=int, default=1, help="simulated days in a row for memory (default 1)")
    parser.add_argument("--only", default="start,idle,memory", help="comma-separated: start, idle, memory")
    parser.add_argument("--runner", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runner:
        RUNNERS[args.runner](args)
        return
    only = {part.strip() for part in args.only.split(",")}
    with tempfile.TemporaryDirectory(prefix="painpal-bench-tui-") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        demo_dir = build_demo(base, args.days)
        empty_dir = base / "empty"
        welcome_seen(empty_dir)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"built in {time.perf_counter() - t0:.1f} s; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load average {load}"
        )
        if "start" in only:
            bench_start(demo_dir, empty_dir, args.runs)
        if "idle" in only:
            bench_idle(demo_dir, args.seconds, args.settle)
        if "memory" in only:
            bench_memory(demo_dir, base, args.sim_days)


if __name__ == "__main__":
    main()
