"""Snapshot tests: what each screen looks like, at a fixed size and clock.

The app is built on 60 days of ``painpal demo`` history at Monday 2026-11-30
10:05 (London), inside a seated work block, so every panel has something to
show. ``snap_compare`` runs the app itself, so these are plain ``def`` tests
(PITFALLS.md). Update the baselines with ``pytest tests/test_snapshots.py
--snapshot-update`` and look at them before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from painpal.tui.app import PainPalApp

from .tui_helpers import make_app, settle

HISTORY_DAYS = 60
"""Enough demo history for a last check-in, an intention, a next visit and a reasoned suggestion."""

SnapCompare = Callable[..., bool]


def demo_app(tmp_path: Path) -> PainPalApp:
    """painpal on 60 days of demo history, welcome already seen, clock stopped at Monday 10:05."""
    return make_app(tmp_path, demo_days=HISTORY_DAYS)


async def data_loaded(pilot: Pilot[Any]) -> None:
    """Wait until the Today screen has read its data in a worker and rendered it."""
    assert isinstance(pilot.app, PainPalApp)
    await settle(pilot, pilot.app)


async def checkin_detail_open(pilot: Pilot[Any]) -> None:
    """Record pain 5 with one key; the check-in is saved and the detail step opens."""
    await data_loaded(pilot)
    await pilot.press("5")
    await data_loaded(pilot)


def test_today_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=data_loaded)


def test_today_120x40(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(120, 40), run_before=data_loaded)


def test_checkin_detail_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=checkin_detail_open)


def pressing(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """A ``run_before`` that waits for Today's data, presses ``keys`` and waits for the next screen's."""

    async def run(pilot: Pilot[Any]) -> None:
        await data_loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await data_loaded(pilot)

    return run


def test_routine_player_100x30(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The suggested standing reset, started and past its "pain before" question (Enter skips it)."""
    assert snap_compare(demo_app(tmp_path), terminal_size=(100, 30), run_before=pressing("s", "enter"))


def test_review_100x32(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(100, 32), run_before=pressing("v"))


def test_insights_120x40(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(120, 40), run_before=pressing("i"))


def test_care_100x30(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(100, 30), run_before=pressing("c"))


def test_warning_check_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=pressing("w"))


PANE_SIZES = [(45, 20), (60, 18), (80, 24), (100, 30), (160, 50)]
"""tmux panes people keep painpal in: a narrow side pane, a short one, the classic terminal, roomy, and wide."""
SCREENS: dict[str, Callable[[Pilot[Any]], Any]] = {
    "today": data_loaded,
    "checkin_detail": checkin_detail_open,
    "player": pressing("s", "enter"),
    "review": pressing("v"),
    "insights": pressing("i"),
    "care": pressing("c"),
    "plan": pressing("p"),
}


@pytest.mark.parametrize("size", PANE_SIZES, ids=[f"{w}x{h}" for w, h in PANE_SIZES])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen_at_every_pane_size(
    snap_compare: SnapCompare, tmp_path: Path, screen: str, size: tuple[int, int]
) -> None:
    """Each screen at each pane size: regenerated and looked at whenever a layout changes."""
    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=SCREENS[screen])


def no_colour_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PainPalApp:
    """The demo app as a NO_COLOR terminal shows it: Textual reads the variable when the app is built."""
    monkeypatch.setenv("NO_COLOR", "1")
    return demo_app(tmp_path)


def test_today_no_colour_100x30(snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour the pain scale, the sitting bar and the next transition still read."""
    assert snap_compare(no_colour_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=data_loaded)


def test_insights_no_colour_100x30(snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour every heatmap band has its own glyph, and the legend shows the same ones."""
    assert snap_compare(no_colour_app(tmp_path, monkeypatch), terminal_size=(100, 30), run_before=pressing("i"))


def log_app(tmp_path: Path) -> PainPalApp:
    """A day and a half of records with fixed ids (demo ids are fresh each run, and the log shows them)."""
    from datetime import timedelta

    from painpal.domain.records import CheckIn, DayNote, Relief, RoutineRun

    from .tui_helpers import MONDAY_1005

    app = make_app(tmp_path)
    yesterday = MONDAY_1005 - timedelta(days=1)
    app.store.add(
        CheckIn(at=yesterday.replace(hour=8, minute=1), intensity=3, id="a1" * 16),
        RoutineRun(
            at=yesterday.replace(hour=8, minute=12),
            routine="morning-mobility",
            steps_done=6,
            steps_total=6,
            id="b2" * 16,
        ),
        CheckIn(
            at=yesterday.replace(hour=11, minute=21),
            intensity=5,
            location="lower back, left",
            quality="aching",
            activity="sitting",
            note="after the long meeting",
            id="c3" * 16,
        ),
        Relief(at=yesterday.replace(hour=13, minute=30), name="walk", kind="strategic", minutes=10, id="d4" * 16),
        DayNote(
            at=yesterday.replace(hour=22, minute=10), day=yesterday.date(), sleep_quality=3, stress=6, id="e5" * 16
        ),
        CheckIn(at=MONDAY_1005.replace(hour=7, minute=40), intensity=4, location="lower back", id="f6" * 16),
    )
    return app


def test_day_log_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Yesterday's records in the log, the third highlighted with its every field."""
    run = pressing("e", "left", "down", "down")
    assert snap_compare(log_app(tmp_path), terminal_size=(80, 24), run_before=run)


def test_day_log_edit_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Yesterday's check-in with details open to correct."""
    run = pressing("e", "left", "down", "down", "enter")
    assert snap_compare(log_app(tmp_path), terminal_size=(80, 24), run_before=run)
