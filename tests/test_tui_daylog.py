"""Correcting the record in the TUI, as a person does it: ``u`` on Today, and the day log (``e``).

Keys are pressed one at a time with the app settled between them, as a
person types; what counts is what reached the store.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from painpal import routines
from painpal.domain.records import CheckIn, Event, Relief, RoutineRun
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.screens.confirm import ConfirmScreen
from painpal.tui.screens.daylog import DayLogScreen, RecordFormScreen
from painpal.tui.screens.today import TodayScreen

from .tui_helpers import MONDAY_1005, make_app, settle


def today(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


async def keys(pilot: Pilot[Any], app: PainPalApp, *names: str) -> None:
    """Press each key as a person would: one, then let the app catch up."""
    for name in names:
        await pilot.press(name)
        await settle(pilot, app)


async def back_to_today(pilot: Pilot[Any], app: PainPalApp) -> None:
    """Close whatever the last key opened (the detail step, the warning-sign check)."""
    for _ in range(3):
        if isinstance(app.screen, TodayScreen):
            return
        await keys(pilot, app, "escape")
    assert isinstance(app.screen, TodayScreen)


def status(app: PainPalApp) -> str:
    return today(app).status_text


async def test_u_undoes_a_checkin_and_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await keys(pilot, app, "7")
        await back_to_today(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [7]
        assert "u[/] undo" in status(app), "the confirmation says u takes it back"
        await keys(pilot, app, "u")
        assert app.store.records(CheckIn) == []
        assert status(app) == "Undid: pain 7 at 10:05."
        await keys(pilot, app, "u")
        assert status(app) == "Nothing to undo."


async def test_u_after_the_detail_step_takes_back_the_details_then_the_checkin(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await keys(pilot, app, "6", "1")  # pain 6, then the first location offered
        await keys(pilot, app, "ctrl+s")
        await back_to_today(pilot, app)
        [with_detail] = app.store.records(CheckIn)
        assert with_detail.location
        await keys(pilot, app, "u")
        [plain] = app.store.records(CheckIn)
        assert (plain.id, plain.intensity, plain.location) == (with_detail.id, 6, ())
        assert status(app) == "Undid: details of pain 6 at 10:05."
        await keys(pilot, app, "u")
        assert app.store.records(CheckIn) == []


@pytest.mark.parametrize(
    ("key", "table", "label"),
    [("m", Event, "moved at 10:05"), ("z", RoutineRun, "snooze at 10:05"), ("k", RoutineRun, "skip at 10:05")],
)
async def test_u_undoes_moved_snooze_and_skip(tmp_path: Path, key: str, table: type[Any], label: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        before = len(app.store.records(table))
        await keys(pilot, app, key)
        assert len(app.store.records(table)) == before + 1
        await keys(pilot, app, "u")
        assert len(app.store.records(table)) == before
        assert status(app) == f"Undid: {label}."


async def test_u_undoes_a_break_after_being_away(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await keys(pilot, app, "a")
        app.clock.advance(minutes=12)  # type: ignore[attr-defined]
        await keys(pilot, app, "a")
        assert [e.kind for e in app.store.records(Event) if e.kind == "break"] == ["break"]
        await keys(pilot, app, "u")
        assert [e for e in app.store.records(Event) if e.kind == "break"] == []
        assert status(app) == "Undid: break at 10:05."


async def test_u_undoes_a_relief(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await keys(pilot, app, "r", "1", "enter")  # heat, no minutes
        assert [r.name for r in app.store.records(Relief)] == ["heat"]
        await keys(pilot, app, "u")
        assert app.store.records(Relief) == []
        assert status(app) == "Undid: heat at 10:05."


async def test_undo_goes_back_several_actions_newest_first_across_a_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        for key in ("3", "5"):
            await keys(pilot, app, key)
            await back_to_today(pilot, app)
        await keys(pilot, app, "m")
    again = PainPalApp(Store(app.store.data_dir, app.clock), app.clock, ring_bell=False, burst_gap_s=0)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot, again)
        said = []
        for _ in range(4):
            await keys(pilot, again, "u")
            said.append(status(again))
        assert said == [
            "Undid: moved at 10:05.",
            "Undid: pain 5 at 10:05.",
            "Undid: pain 3 at 10:05.",
            "Nothing to undo.",
        ]
        assert again.store.records(CheckIn) == []


async def open_log(pilot: Pilot[Any], app: PainPalApp) -> DayLogScreen:
    await settle(pilot, app)
    await keys(pilot, app, "e")
    screen = app.screen
    assert isinstance(screen, DayLogScreen)
    return screen


def rows(screen: DayLogScreen) -> list[list[str]]:
    table = screen.query_one("#log-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_log_lists_the_day_and_steps_through_days(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(
        CheckIn(at=MONDAY_1005 - timedelta(hours=2), intensity=4, location="lower back"),
        Relief(at=MONDAY_1005 - timedelta(hours=1), name="heat", minutes=15),
        CheckIn(at=MONDAY_1005 - timedelta(days=1, hours=1), intensity=6),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        log = await open_log(pilot, app)
        assert "today, Mon 30 Nov" in str(log.query_one("#log-top").render())
        assert rows(log) == [
            ["08:05", "check-in", "pain 4 · lower back"],
            ["09:05", "relief", "heat · soothing · 15 min"],
        ]
        await keys(pilot, app, "left")
        assert "yesterday, Sun 29 Nov" in str(log.query_one("#log-top").render())
        assert rows(log) == [["09:05", "check-in", "pain 6"]]
        await keys(pilot, app, "right", "right")
        assert "last day" in str(log.query_one("#log-status").render())
        assert len(rows(log)) == 2
        await keys(pilot, app, "escape")
        assert isinstance(app.screen, TodayScreen)


async def type_into(pilot: Pilot[Any], app: PainPalApp, box: str, text: str) -> None:
    field = app.screen.query_one(f"#field-{box}", Input)
    field.focus()
    field.value = ""
    await settle(pilot, app)
    await pilot.press(*text)
    await settle(pilot, app)


def error(app: PainPalApp, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}").render())


async def test_edit_keeps_the_id_refuses_bad_boxes_and_undo_restores(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    first = CheckIn(at=MONDAY_1005 - timedelta(hours=1), intensity=7, location="lower back")
    app.store.add(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "enter")
        assert isinstance(app.screen, RecordFormScreen)
        await type_into(pilot, app, "intensity", "12")
        await keys(pilot, app, "enter")
        assert "0 to 10" in error(app, "intensity")
        await type_into(pilot, app, "at", "11:30")  # it is 10:05
        await keys(pilot, app, "enter")
        assert "has not come yet" in error(app, "at")
        assert app.store.records(CheckIn) == [first], "nothing written while a box is wrong"
        await type_into(pilot, app, "at", "08:45")
        await type_into(pilot, app, "intensity", "6")
        await type_into(pilot, app, "location", "hip; lower back, left")
        await keys(pilot, app, "enter")
        assert isinstance(app.screen, DayLogScreen)
        [edited] = app.store.records(CheckIn)
        assert (edited.id, edited.intensity, edited.location) == (first.id, 6, ("hip", "lower back, left"))
        assert f"{edited.at:%H:%M}" == "08:45" and edited.changed is not None
        assert "Saved: pain 6 at 08:45 · " in str(app.screen.query_one("#log-status").render())
        await keys(pilot, app, "u")
        [restored] = app.store.records(CheckIn)
        # The undo is itself a change (stamped, so an older export cannot bring the edit back).
        assert restored == dataclasses.replace(first, changed=restored.changed)


async def test_delete_asks_first_and_undo_brings_it_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    checkin = CheckIn(at=MONDAY_1005 - timedelta(hours=1), intensity=5)
    app.store.add(checkin)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await keys(pilot, app, "n")
        assert app.store.records(CheckIn) == [checkin], "n keeps it"
        await keys(pilot, app, "x", "y")
        assert app.store.records(CheckIn) == []
        assert rows(app.screen) == []  # type: ignore[arg-type]
        await keys(pilot, app, "u")
        [restored] = app.store.records(CheckIn)
        assert restored == dataclasses.replace(checkin, changed=restored.changed)


async def test_backfill_a_checkin_on_yesterday(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "left", "n")
        assert isinstance(app.screen, RecordFormScreen)
        await type_into(pilot, app, "at", "15:00")
        await keys(pilot, app, "enter")
        assert "is needed" in error(app, "intensity"), "a new check-in starts empty, not at pain 0"
        await type_into(pilot, app, "intensity", "5")
        await keys(pilot, app, "enter")
        [added] = app.store.records(CheckIn)
        assert (added.intensity, f"{added.at:%a %H:%M}") == (5, "Sun 15:00")
        assert app.store.undo_labels()[0] == "pain 5 at 15:00 (added later)"


async def test_backfilled_medication_keeps_its_name_only(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "r")
        await type_into(pilot, app, "at", "09:00")
        await type_into(pilot, app, "name", "ibuprofen")
        await type_into(pilot, app, "minutes", "20")
        await keys(pilot, app, "enter")
        [relief] = app.store.records(Relief)
        assert (relief.name, relief.minutes) == ("ibuprofen", None)


async def test_a_refused_write_keeps_the_form_open_with_the_sentence(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    checkin = CheckIn(at=MONDAY_1005 - timedelta(hours=1), intensity=5)
    app.store.add(checkin)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "enter")
        live = app.store.path
        live.write_text(live.read_text()[:-3])  # another program cut the file short meanwhile
        cut = live.read_bytes()
        await type_into(pilot, app, "intensity", "4")
        await keys(pilot, app, "enter")
        assert isinstance(app.screen, RecordFormScreen)
        assert "Not saved" in str(app.screen.query_one("#record-error").render())
        assert live.read_bytes() == cut, "nothing written next to or over a file painpal cannot read"


async def test_down_a_leg_takes_yes_or_no_and_ctrl_s_saves(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(CheckIn(at=MONDAY_1005 - timedelta(hours=1), intensity=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, app)
        await keys(pilot, app, "enter")
        assert app.screen.query_one("#field-leg_spread", Input).value == "no"
        await type_into(pilot, app, "leg_spread", "maybe")
        await keys(pilot, app, "ctrl+s")
        assert "yes or no" in error(app, "leg_spread")
        await type_into(pilot, app, "leg_spread", "Yes")
        await keys(pilot, app, "ctrl+s")
        assert isinstance(app.screen, DayLogScreen)
    [edited] = app.store.records(CheckIn)
    assert edited.leg_spread is True


async def test_u_undoes_a_routine_run_from_the_player(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await keys(pilot, app, "s", "enter", "enter", "enter")  # start; skip "pain before"; done now; skip "after"
        assert isinstance(app.screen, TodayScreen)
        [run] = app.store.records(RoutineRun)
        assert run.outcome == "done"
        await keys(pilot, app, "u")
        assert app.store.records(RoutineRun) == []
        routine = routines.get(run.routine)
        assert routine is not None
        assert status(app) == f"Undid: {routine.name} done at 10:05.", "the routine by its name, as the person knows it"
