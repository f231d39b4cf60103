"""Typing meant for another pane is not taken as commands: a burst or a paste records nothing, and says so.

These tests turn the stray-key guard on (the app's default) and press keys
either all at once, as a burst arrives, or at a person's pace.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from painpal.domain.records import CheckIn, Event, Relief, RoutineRun
from painpal.tui.app import BURST_GAP_S, PainPalApp
from painpal.tui.screens.daylog import RecordFormScreen
from painpal.tui.screens.today import TodayScreen

from .tui_helpers import make_app, settle

PAUSE = f"wait:{int(BURST_GAP_S * 1000 * 3)}"
"""Longer than the guard waits: a person's pause between two deliberate keys."""


def guarded(tmp_path: Path) -> PainPalApp:
    return make_app(tmp_path, burst_gap_s=BURST_GAP_S)


def nothing_recorded(app: PainPalApp) -> bool:
    return not any(app.store.records(kind) for kind in (CheckIn, Event, Relief, RoutineRun))


def toasts(app: PainPalApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_make_7_typed_into_the_wrong_pane_records_nothing_and_says_so(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("m", "a", "k", "e", "space", "7", "enter", PAUSE)
        await settle(pilot, app)
        assert nothing_recorded(app)
        assert isinstance(app.screen, TodayScreen), "no screen opened (e is the day log)"
        assert app.screen.away_since is None, "a is not taken as stepping away"
        [said] = toasts(app)
        assert "make 7⏎" in said and "nothing was saved" in said


async def test_a_single_key_is_still_one_keystroke(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("7", PAUSE)
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [7]
        assert toasts(app) == []


async def test_deliberate_keys_at_a_persons_pace_all_act(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("m", PAUSE)
        await settle(pilot, app)
        await pilot.press("4", PAUSE)
        await settle(pilot, app)
        await pilot.press("escape", PAUSE)  # the detail step: keep the check-in as it is
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [4]
        assert [e.kind for e in app.store.records(Event)] == ["moved"]
        assert toasts(app) == []


async def test_two_quick_keys_are_not_a_burst(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("m", "u", PAUSE)  # moved, then undo at once
        await settle(pilot, app)
        assert app.store.records(Event) == []
        assert app.store.undo_labels() == []
        assert toasts(app) == []


async def test_a_paste_on_a_screen_of_keys_records_nothing(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.post_message(events.Paste("git commit -m 'fix'\n7\x1b[2J"))
        await pilot.pause(BURST_GAP_S * 3)
        await settle(pilot, app)
        assert nothing_recorded(app)
        [said] = toasts(app)
        assert "pasted text" in said and "\x1b" not in said


async def test_text_boxes_take_fast_typing_and_pastes(tmp_path: Path) -> None:
    app = guarded(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("e", PAUSE)
        await settle(pilot, app)
        await pilot.press("n", PAUSE)
        await settle(pilot, app)
        assert isinstance(app.screen, RecordFormScreen)
        box = app.screen.query_one("#field-intensity", Input)
        assert box.has_focus
        await pilot.press("1", "0")
        await settle(pilot, app)
        assert box.value == "10"
        note = app.screen.query_one("#field-note", Input)
        note.focus()
        await settle(pilot, app)
        app.post_message(events.Paste("after the long drive"))
        await settle(pilot, app)
        assert note.value == "after the long drive"
        assert toasts(app) == []
