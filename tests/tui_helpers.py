"""How the TUI tests build and wait for the app: one factory, one wait, shared by every screen's tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from painpal import demo
from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan, plan_to_dict
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp

LONDON = ZoneInfo("Europe/London")
MONDAY_1005 = datetime(2026, 11, 30, 10, 5, tzinfo=LONDON)
"""A Monday morning inside the first seated work block of the default plan."""


def make_app(
    tmp_path: Path,
    start: datetime = MONDAY_1005,
    *,
    welcomed: bool = True,
    plan: DayPlan | None = None,
    demo_days: int = 0,
    folder: str = "data",
    burst_gap_s: float = 0.0,
) -> PainPalApp:
    """A PainPalApp on a private store (in ``tmp_path / folder``) and a fixed clock; past the welcome unless told.

    Pilot presses keys far faster than any person, so the stray-key guard
    (:meth:`PainPalApp._hold_strays`) is off unless ``burst_gap_s`` is given;
    its own tests turn it on and press keys at a person's pace.
    """
    clock = FixedClock(start)
    store = Store(tmp_path / folder, clock)
    if welcomed:
        store.set_setting("welcomed", True)
        store.set_setting("plan", plan_to_dict(plan or DayPlan()))
    if demo_days:
        store.add_documents(demo.documents(start, demo_days))
    return PainPalApp(store, clock, ring_bell=False, burst_gap_s=burst_gap_s)


async def settle(pilot: Pilot[Any], app: PainPalApp) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        for _attempt in range(10):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # a read superseded by a newer one (exclusive workers): expected, wait again
                await pilot.pause()
    await pilot.pause()
