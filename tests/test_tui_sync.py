"""What a folder-sync tool left in the data folder, said in the open TUI: each note once, as a toast.

A person who keeps the TUI open all day never sees what the command line
prints on standard error, so the same sentences (a conflict copy merged,
another device's file skipped) reach the screen: on opening, and when a
sync tool delivers a file while painpal is open. Each test checks the text
that reaches the screen, that it is not said again, that keys still work,
and that saying it wrote nothing in the data folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot

from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan
from painpal.domain.records import CheckIn
from painpal.storage.devices import REPORTED_FILE
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.screens.today import TodayScreen

from .conftest import DEVICE, digest, tree_digest
from .tui_helpers import MONDAY_1005, make_app, settle

CONFLICT = "painpal (Ann's conflicted copy 2026-11-30).json"


def quiet_app(tmp_path: Path) -> PainPalApp:
    """An app with prompts off, so nothing but the keys pressed writes to the data folder."""
    return make_app(tmp_path, plan=DayPlan(prompts=False))


def today(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


def on_screen(app: PainPalApp) -> list[str]:
    """The toasts on screen, as the person reads them (title, then the sentence)."""
    out = []
    for toast in app.screen.query("Toast"):  # Textual's toast widget, by its type name
        shown = toast.render()
        assert isinstance(shown, Content)
        out.append(shown.plain)
    return out


async def polled(pilot: Pilot[int], app: PainPalApp) -> TodayScreen:
    """Today after its stat check has run now (not on its 1 s interval) and the read it started has settled."""
    screen = today(app)
    screen.poll()
    await settle(pilot, app)
    return screen


def conflict_copy(tmp_path: Path, app: PainPalApp) -> Path:
    """Dropbox's copy of this device's live file, holding a check-in the live file does not have."""
    clock = FixedClock(MONDAY_1005)
    elsewhere = Store(tmp_path / "elsewhere", clock, device=DEVICE)
    elsewhere.add(CheckIn(at=MONDAY_1005, intensity=8, note="only in the conflict copy"))
    copy = app.store.device_dir / CONFLICT
    copy.write_bytes(elsewhere.path.read_bytes())
    return copy


def arriving_file(tmp_path: Path, app: PainPalApp) -> tuple[Path, bytes]:
    """Half of the desk's live file, as a sync tool leaves it mid-copy; and the whole file."""
    desk = Store(tmp_path / "desk", FixedClock(MONDAY_1005), device="desk")
    desk.add(CheckIn(at=MONDAY_1005, intensity=4, note="from the desk"))
    whole = desk.path.read_bytes()
    target = app.store.devices_dir / "desk" / "painpal.json"
    target.parent.mkdir(parents=True)
    target.write_bytes(whole[: len(whole) // 2])
    return target, whole


def reported(tmp_path: Path) -> list[str]:
    path = Path(os.environ["XDG_STATE_HOME"]) / "painpal" / REPORTED_FILE
    return json.loads(path.read_text()) if path.exists() else []


async def test_on_opening_each_sync_note_is_toasted_once_keys_work_and_the_data_folder_is_untouched(
    tmp_path: Path,
) -> None:
    app = quiet_app(tmp_path)
    copy = conflict_copy(tmp_path, app)
    arriving, _ = arriving_file(tmp_path, app)
    before = tree_digest(app.store.data_dir)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        merged, skipped = app.store.merged[copy], app.store.skipped[arriving]
        assert "conflicting change" in merged and "still arriving" in skipped
        assert sorted(on_screen(app)) == sorted(f"Synced folder\n{note}" for note in (merged, skipped))
        assert tree_digest(app.store.data_dir) == before, "saying it wrote nothing in the data folder"
        assert reported(tmp_path) == [merged]  # the state folder's list: the command line will not say it again

        screen = today(app)
        for _ in range(3):  # more reads while both files stay as they are: nothing said twice
            screen.reload()
            await settle(pilot, app)
        assert len(app._notifications) == 2

        await pilot.press("5")  # the toasts take no key: a check-in is saved as ever
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn) if c.note is None] == [5]
        await pilot.press("escape", "q")
    assert app.return_code == 0
    assert copy.exists() and arriving.exists()


async def test_a_conflict_copy_delivered_while_open_is_said_once_and_not_again_after_a_restart(
    tmp_path: Path,
) -> None:
    app = quiet_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        assert on_screen(app) == []
        before = tree_digest(app.store.data_dir)
        copy = conflict_copy(tmp_path, app)  # 15:00: the sync tool delivers it
        screen = await polled(pilot, app)
        assert on_screen(app) == [f"Synced folder\n{app.store.merged[copy]}"]
        assert "only in the conflict copy" in {c.note for c in app.store.records(CheckIn)}
        for _ in range(3):
            screen.poll()
            screen.reload()
            await settle(pilot, app)
        assert len(app._notifications) == 1
        assert tree_digest(app.store.data_dir) == {**before, f"devices/{DEVICE}/{CONFLICT}": digest(copy)}
    again = PainPalApp(app.store, app.clock, ring_bell=False, burst_gap_s=0.0)
    async with again.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, again)
        assert on_screen(again) == [], "a merged copy is said once per machine, not at every start"


async def test_a_file_arriving_while_open_is_said_while_skipped_and_the_day_shows_it_once_whole(
    tmp_path: Path,
) -> None:
    app = quiet_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        arriving, whole = arriving_file(tmp_path, app)
        screen = await polled(pilot, app)
        assert on_screen(app) == [f"Synced folder\n{app.store.skipped[arriving]}"]
        arriving.write_bytes(whole)  # the copy completes
        screen.poll()
        await settle(pilot, app)
        assert not app.store.skipped and len(app._notifications) == 1
        assert "from the desk" in {c.note for c in app.store.records(CheckIn)}


async def test_a_state_folder_that_cannot_be_written_still_shows_the_note_and_never_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the state folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    app = quiet_app(tmp_path)
    copy = conflict_copy(tmp_path, app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        assert on_screen(app) == [f"Synced folder\n{app.store.merged[copy]}"]
        await pilot.press("q")
    assert app.return_code == 0
