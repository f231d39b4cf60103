"""Make the README's screenshots: SVGs of painpal's screens from demo data at a fixed clock.

Each entry of :data:`SHOTS` is one file: a name, a terminal size and the keys
to press once the Today screen has loaded (so another screen is one entry
away: ``Shot("review", (100, 32), ("v",))``). Every shot starts from a fresh
app on the same 90-day ``painpal demo`` history, with the clock stopped at
Monday 2026-11-30 10:05 in London, so the files only change when the screens
do.

Run from the repository root: ``python scripts/screenshots.py [--only NAME ...] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

ZONE = "Europe/London"
os.environ["TZ"] = ZONE  # before painpal reads the local zone
if hasattr(time, "tzset"):
    time.tzset()

from zoneinfo import ZoneInfo  # noqa: E402

from painpal import demo  # noqa: E402
from painpal.domain.clock import FixedClock  # noqa: E402
from painpal.storage.store import Store  # noqa: E402
from painpal.tui.app import PainPalApp  # noqa: E402

NOW = datetime(2026, 11, 30, 10, 5, tzinfo=ZoneInfo(ZONE))
"""A Monday inside the first seated work block: the sitting timer is due and the day has a past and a future."""
HISTORY_DAYS = 90


@dataclass(frozen=True)
class Shot:
    """One screenshot: ``screenshots/<name>.svg`` at ``size``, after pressing ``keys`` on Today."""

    name: str
    size: tuple[int, int]
    keys: tuple[str, ...] = ()
    title: str = "painpal"
    now: datetime = NOW
    """The clock for this shot; the demo history runs up to it."""


SHOTS = (
    Shot("today", (120, 40)),
    Shot("today-80x24", (80, 24)),
    Shot("today-45x20", (45, 20)),
    Shot("today-160x50", (160, 50)),
    Shot("checkin-80x24", (80, 24), ("5",)),
    Shot("routine", (100, 30), ("s", "enter")),
    Shot("review", (100, 32), ("v",), now=NOW.replace(hour=21, minute=30)),
    Shot("insights", (120, 40), ("i",)),
    Shot("care", (120, 40), ("c",)),
    Shot("log-80x24", (80, 24), ("e", "left")),
    Shot("plan-80x24", (80, 24), ("p",)),
)
"""Every screenshot the README uses, in the order they are made."""


def build_history(data_dir: Path, now: datetime) -> None:
    """The demo history a shot starts from (up to ``now``), welcome already seen."""
    store = Store(data_dir, FixedClock(now))
    store.add_documents(demo.documents(now, HISTORY_DAYS))
    store.set_setting("welcomed", True)


async def take(shot: Shot, template: Path, work: Path, out: Path) -> Path:
    """Run a fresh app on a copy of the history, press the shot's keys, save the SVG."""
    import shutil

    data_dir = work / shot.name
    shutil.copytree(template, data_dir)
    clock = FixedClock(shot.now)
    app = PainPalApp(Store(data_dir, clock), clock, ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=shot.size) as pilot:

        async def settle() -> None:
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()

        await settle()
        for key in shot.keys:
            await pilot.press(key)
            await settle()
        path = out / f"{shot.name}.svg"
        app.title = shot.title
        app.save_screenshot(filename=path.name, path=str(out))
    return path


async def make(shots: list[Shot], out: Path) -> None:
    """Build the history once, then take each shot in turn."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="painpal-screenshots-") as tmp:
        templates: dict[datetime, Path] = {}
        for shot in shots:
            if shot.now not in templates:
                templates[shot.now] = Path(tmp) / f"template-{len(templates)}"
                build_history(templates[shot.now], shot.now)
            path = await take(shot, templates[shot.now], Path(tmp), out)
            print(
                f"{path.relative_to(out.parent) if out.parent in path.parents else path}  {shot.size[0]}x{shot.size[1]}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=[s.name for s in SHOTS], help="make only these")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="where to write (default: screenshots/)")
    args = parser.parse_args()
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    asyncio.run(make(shots, args.out))


if __name__ == "__main__":
    main()
