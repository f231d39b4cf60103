"""The Plan screen, driven with real keys at real sizes, then a look at what reached the settings.

A refused save must be seen where the person is looking (beside the field,
on a row of the screen), Esc must not lose edits without asking, and work
blocks are edited one weekday at a time.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from painpal.domain.plan import DayPlan, plan_to_dict
from painpal.tui.app import PainPalApp
from painpal.tui.screens.confirm import ConfirmScreen
from painpal.tui.screens.plan import PlanScreen
from painpal.tui.screens.today import TodayScreen

from .tui_helpers import make_app, settle

FRIDAY = 4


async def open_plan(pilot: Pilot[Any], app: PainPalApp) -> PlanScreen:
    await settle(pilot, app)
    await pilot.press("p")
    await settle(pilot, app)
    assert isinstance(app.screen, PlanScreen)
    return app.screen


async def type_into(pilot: Pilot[Any], field: str, text: str) -> None:
    """Focus a field, clear it (End, then Ctrl+U deletes everything left of the cursor) and type ``text``."""
    pilot.app.screen.query_one(f"#plan-{field}", Input).focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)


async def choose_weekday(pilot: Pilot[Any], weekday: int) -> None:
    """Open the weekday chooser with Enter and walk to ``weekday`` with the arrow keys."""
    chooser = pilot.app.screen.query_one("#plan-weekday", Select)
    chooser.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    steps = weekday - int(chooser.value)  # type: ignore[call-overload]
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()
    assert chooser.value == weekday


def on_screen(app: PainPalApp, widget: Widget) -> bool:
    """The widget has rows and every one of them is on the terminal, inside its scroll container's view."""
    region = widget.region
    screen = app.screen.region
    return bool(region.height) and region.y >= 0 and region.bottom <= screen.bottom and region.right <= screen.right


def text_of(widget: Widget) -> str:
    assert isinstance(widget, Static)
    return str(widget.render())


async def test_the_first_field_has_focus_on_entry(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        assert app.focused is not None and app.focused.id == "plan-wake"
        await pilot.press(*"06:15", "ctrl+s")
        await settle(pilot, app)
        assert app.store.setting("plan")["wake"] == "06:15"


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (45, 20)])
async def test_a_bad_time_is_refused_with_the_reason_beside_the_field_on_screen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "unwind", "6:30xm")  # far down the form: it must be scrolled to
        await type_into(pilot, "wake", "07:00")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen, "the screen stays open"
        assert app.store.setting("plan") == plan_to_dict(DayPlan()), "nothing was saved"
        error = screen.query_one("#plan-unwind-error")
        assert "a time such as 06:30, 6:30am or 18:30" in text_of(error) and "'6:30xm'" in text_of(error)
        assert on_screen(app, error), f"the reason is on a visible row: {error.region} in {app.screen.region}"
        assert on_screen(app, screen.query_one("#plan-unwind"))
        assert app.focused is screen.query_one("#plan-unwind")
        status = screen.query_one("#plan-error")
        assert "Not saved" in text_of(status) and on_screen(app, status)


async def test_fixing_the_field_clears_its_error_and_saves(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "wake", "half six")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert screen.query_one("#plan-wake-error").display
        await type_into(pilot, "wake", "6:30am")  # typed as people say it; stored as 06:30
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("plan")["wake"] == "06:30"


async def test_an_order_error_on_another_weekday_shows_that_day(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        await choose_weekday(pilot, FRIDAY)
        await type_into(pilot, "work_blocks", "09:00-23:00")  # past the 22:30 unwind
        await choose_weekday(pilot, 0)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert screen.query_one("#plan-weekday", Select).value == FRIDAY, "the day at fault is shown"
        error = screen.query_one("#plan-work_blocks-error")
        assert "On Fridays, unwind (22:30) must come after the end of work block 1 (23:00)" in text_of(error)
        assert on_screen(app, error)
        assert app.store.setting("plan") == plan_to_dict(DayPlan())


async def test_esc_without_edits_leaves_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)


async def test_esc_with_edits_asks_and_keeps_them_unless_told(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "sleep", "23:30")
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen), "edits are not thrown away without asking"
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen is screen
        assert screen.query_one("#plan-sleep", Input).value == "23:30"
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("plan") == plan_to_dict(DayPlan()), "leaving saved nothing"


async def test_a_weekday_edit_in_the_chooser_counts_as_an_edit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await choose_weekday(pilot, FRIDAY)
        await type_into(pilot, "work_blocks", "09:00-13:00")
        await choose_weekday(pilot, 0)  # Friday's text is now off screen, kept as typed
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)


async def test_one_weekdays_blocks_are_saved_for_that_weekday_only(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await choose_weekday(pilot, FRIDAY)
        assert app.screen.query_one("#plan-work_blocks", Input).value == "09:00-12:30, 13:30-17:30"
        await type_into(pilot, "work_blocks", "9:00-13:00")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        stored = app.store.setting("plan")
        assert stored["weekday_blocks"] == {"4": [["09:00", "13:00"]]}
        assert stored["work_blocks"] == [["09:00", "12:30"], ["13:30", "17:30"]], "the other days keep theirs"


async def test_copy_to_mon_fri_gives_the_working_week_one_set_of_blocks(tmp_path: Path) -> None:
    short_friday = DayPlan().with_weekday_blocks(FRIDAY, ((time(9), time(13)),))
    app = make_app(tmp_path, plan=short_friday)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await type_into(pilot, "work_blocks", "08:00-12:00, 13:00-16:00")
        app.screen.query_one("#plan-copy-week").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "copied to Mon-Fri" in text_of(app.screen.query_one("#plan-day-hint"))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        stored = app.store.setting("plan")
        assert stored["work_blocks"] == [["08:00", "12:00"], ["13:00", "16:00"]]
        assert stored["weekday_blocks"] == {}, "Friday's own blocks were replaced by Monday's"


async def test_copy_to_every_day_keeps_them_for_the_rest_days_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await type_into(pilot, "work_blocks", "10:00-14:00")
        app.screen.query_one("#plan-copy-all").focus()
        await pilot.press("enter")
        await choose_weekday(pilot, 6)
        assert app.screen.query_one("#plan-work_blocks", Input).value == "10:00-14:00"
        assert "Sunday is a rest day" in text_of(app.screen.query_one("#plan-day-hint"))
        await type_into(pilot, "work_days", "Mon-Sun")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        stored = app.store.setting("plan")
        assert stored["work_days"] == [0, 1, 2, 3, 4, 5, 6]
        assert stored["work_blocks"] == [["10:00", "14:00"]]
        assert stored["weekday_blocks"] == {}


async def test_a_plan_saved_by_an_older_painpal_opens_and_saves(tmp_path: Path) -> None:
    """The shape stored before per-weekday blocks and the prompt switches existed: no migration is needed."""
    app = make_app(tmp_path)
    old = {
        "wake": "06:45",
        "work_days": [0, 1, 2, 3],
        "work_blocks": [["08:30", "12:00"], ["13:00", "16:30"]],
        "rest_day_moves": ["11:00"],
        "unwind": "22:00",
        "sleep": "22:45",
        "max_seated_minutes": 50,
    }
    app.store.set_setting("plan", old)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        assert screen.query_one("#plan-wake", Input).value == "06:45"
        assert screen.query_one("#plan-work_days", Input).value == "Mon-Thu"
        assert screen.query_one("#plan-work_blocks", Input).value == "08:30-12:00, 13:00-16:30"
        await choose_weekday(pilot, 3)
        await type_into(pilot, "work_blocks", "08:30-12:00")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        stored = app.store.setting("plan")
        assert stored["weekday_blocks"] == {"3": [["08:30", "12:00"]]}
        assert {k: stored[k] for k in old} == {**old, "rest_day_moves": ["11:00"]}


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (45, 20)])
async def test_every_field_can_be_reached_and_none_is_cut(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_plan(pilot, app)
        seen: list[str] = []
        for _ in range(20):
            focused = app.focused
            assert focused is not None
            if focused.id in seen:
                break
            seen.append(str(focused.id))
            await pilot.pause()
            assert on_screen(app, focused), f"{focused.id} at {focused.region} is cut at {size}"
            if isinstance(focused, Input):
                assert focused.region.width >= 20, f"{focused.id} is too narrow to type in at {size}"
            await pilot.press("tab")
        assert {"plan-wake", "plan-sleep", "plan-prompts", "plan-save-button"} <= set(seen)
        assert screen.is_top


# -- calendars ---------------------------------------------------------------------------------------

CALENDARS = Path(__file__).parent / "fixtures" / "calendars"
WORK, BUSY = str(CALENDARS / "work.ics"), str(CALENDARS / "busy.ics")


def calendar_rows(screen: PlanScreen) -> list[str]:
    """Each listed calendar's path and note, as the list shows them."""
    return [
        " ".join(text_of(line) for line in row.query(".calendar-path, .calendar-note"))
        for row in screen.query(".calendar-row")
    ]


async def test_a_calendar_added_in_the_plan_is_saved_and_today_shows_its_meetings(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # Monday 10:05: Team sync 10:00-11:00 in work.ics
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        assert "◆ Team sync" not in text_of(app.screen_stack[1].query_one("#timeline"))
        await type_into(pilot, "calendar_path", WORK)
        await pilot.press("enter")
        await settle(pilot, app)
        assert calendar_rows(screen) == [f"{WORK} 1 meeting today"]
        assert screen.query_one("#plan-calendar_path", Input).value == "", "the field is ready for the next one"
        assert app.store.setting("calendars") is None, "nothing is stored before Ctrl+S"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("calendars") == [WORK]
        await settle(pilot, app)
        assert "◆ Team sync (until 11:00)" in text_of(app.screen.query_one("#timeline"))


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (45, 20)])
async def test_a_missing_path_is_refused_beside_the_field_and_nothing_is_saved(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "calendar_path", str(tmp_path / "nope.ics"))
        await type_into(pilot, "sleep", "23:30")
        await pilot.press("ctrl+s")  # a path typed but not added is checked, and saved only if it passes
        await settle(pilot, app)
        assert app.screen is screen
        error = screen.query_one("#plan-calendar_path-error")
        assert "There is no file or folder" in text_of(error) and "nope.ics" in text_of(error)
        assert on_screen(app, error), f"{error.region} in {app.screen.region}"
        assert app.focused is screen.query_one("#plan-calendar_path")
        assert "Not saved" in text_of(screen.query_one("#plan-error"))
        assert app.store.setting("calendars") is None
        assert app.store.setting("plan") == plan_to_dict(DayPlan()), "the plan waits for the path too"


async def test_a_malformed_file_is_refused_with_its_sentence(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "calendar_path", str(CALENDARS / "malformed.ics"))
        await pilot.press("enter")
        await settle(pilot, app)
        error = text_of(screen.query_one("#plan-calendar_path-error"))
        assert "The calendar file" in error and "malformed.ics cannot be read" in error
        assert calendar_rows(screen) == []
        assert not screen.query_one("#plan-error").display, "Enter saves nothing, so no save failed"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen
        assert app.store.setting("calendars") is None


async def test_a_removed_calendar_is_gone_after_saving(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.set_setting("calendars", [WORK, BUSY])
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_plan(pilot, app)
        assert calendar_rows(screen) == [f"{WORK} 1 meeting today", f"{BUSY} 0 meetings today"]
        remove = next(b for b in screen.query(".calendar-remove") if b.name == WORK)
        remove.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert calendar_rows(screen) == [f"{BUSY} 0 meetings today"]
        assert app.store.setting("calendars") == [WORK, BUSY], "nothing is stored before Ctrl+S"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("calendars") == [BUSY]


async def test_a_calendar_that_went_missing_says_so_in_the_list(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.ics")
    app = make_app(tmp_path)
    app.store.set_setting("calendars", [gone])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        assert calendar_rows(screen) == [f"{gone} The calendar {gone} is missing: no such file or folder."]


async def test_esc_after_adding_a_calendar_asks_before_discarding_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(pilot, app)
        await type_into(pilot, "calendar_path", WORK)
        await pilot.press("enter")
        await settle(pilot, app)
        assert calendar_rows(screen)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen), "an added calendar is an edit"
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen is screen and len(calendar_rows(screen)) == 1
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("calendars") is None


async def test_moving_categories_are_saved_and_calendars_left_alone(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot, app)
        await type_into(pilot, "moving_categories", "On my feet,  Walking, On my feet")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("moving_categories") == ["On my feet", "Walking"]
        assert app.store.setting("calendars") is None, "calendars untouched are not rewritten"
