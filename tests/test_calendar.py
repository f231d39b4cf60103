"""Calendars: which events block, recurrences across DST and zones, bad files, the CLI, and Today around meetings."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from painpal.domain.calendar import AFTER_MEETING, Meeting, PromptHold, busy_stretches, busy_until, window_text
from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan, timeline
from painpal.domain.records import Event
from painpal.domain.sitting import sitting
from painpal.services.calendar import CalendarBook
from painpal.tui.screens.today import TodayScreen

from .conftest import run_cli
from .tui_helpers import LONDON, make_app, settle

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"
PLAN = DayPlan()


def rows(path: Path, day: date, moving: tuple[str, ...] = ()) -> list[tuple[str, str, str, bool]]:
    """(start, end, title, moving) of a day's meetings, in London wall-clock time."""
    read = CalendarBook().read_day((str(path),), moving, PLAN, day, LONDON)
    assert not read.problems, read.problems
    return [
        (f"{m.start.astimezone(LONDON):%H:%M}", f"{m.end.astimezone(LONDON):%H:%M}", m.title, m.moving)
        for m in read.meetings
    ]


def test_a_weekly_meeting_keeps_its_wall_clock_time_across_the_october_change() -> None:
    """Europe/London leaves summer time on 25 October 2026: 10:00 stays 10:00, an hour later in UTC."""
    before = CalendarBook().read_day((str(FIXTURES / "work.ics"),), (), PLAN, date(2026, 10, 19), LONDON).meetings
    after = CalendarBook().read_day((str(FIXTURES / "work.ics"),), (), PLAN, date(2026, 10, 26), LONDON).meetings
    assert [m.start.astimezone(LONDON).hour for m in (*before, *after)] == [10, 10]
    assert [f"{m.utc_start:%H:%M}" for m in (*before, *after)] == ["09:00", "10:00"]


def test_an_exdate_cancels_one_occurrence_and_a_recurrence_id_moves_another() -> None:
    assert rows(FIXTURES / "work.ics", date(2026, 11, 16)) == []
    assert rows(FIXTURES / "work.ics", date(2026, 11, 23)) == [("14:00", "15:00", "Team sync (moved)", False)]


def test_all_day_transparent_cancelled_and_declined_events_do_not_block() -> None:
    """On 30 November the file also holds a whole-day event, free 'Focus time', a cancelled and a declined one."""
    assert rows(FIXTURES / "work.ics", date(2026, 11, 30)) == [("10:00", "11:00", "Team sync", False)]


def test_a_file_in_new_york_time_lands_at_london_time_and_moving_meetings_are_marked() -> None:
    got = rows(FIXTURES / "new-york.ics", date(2026, 11, 30), moving=("on my feet",))
    assert got == [
        ("15:00", "15:30", "Walking one to one with Ana", True),  # a word in the title
        ("16:00", "16:15", "Client check-in", True),  # a category the person chose
    ]
    assert rows(FIXTURES / "new-york.ics", date(2026, 11, 30))[1][3] is False, "without the category: seated"


def test_back_to_back_meetings_are_one_stretch_unless_a_two_minute_gap_is_left() -> None:
    meetings = CalendarBook().read_day((str(FIXTURES / "busy.ics"),), (), PLAN, date(2026, 12, 1), LONDON).meetings
    stretches = [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in busy_stretches(meetings)]
    # Overlap (09:30-10:30 and 10:00-10:45), touching (10:45), a 1-minute gap (11:15-11:16): one stretch.
    assert stretches == [("09:30", "11:45"), ("11:50", "12:20")]
    assert busy_until(meetings, datetime(2026, 12, 1, 11, 47, tzinfo=LONDON)) is None, "the 5-minute gap is free"


def test_a_malformed_or_missing_file_is_one_sentence_naming_it_and_the_others_still_read() -> None:
    paths = (str(FIXTURES / "malformed.ics"), str(FIXTURES / "gone.ics"), str(FIXTURES / "work.ics"))
    read = CalendarBook().read_day(paths, (), PLAN, date(2026, 11, 30), LONDON)
    assert [m.title for m in read.meetings] == ["Team sync"]
    assert len(read.problems) == 2
    assert "malformed.ics" in read.problems[0] and "gone.ics" in read.problems[1]
    assert all(p.count(". ") == 0 and p.endswith(".") for p in read.problems), read.problems


def test_a_changed_file_is_read_again_and_an_unchanged_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import painpal.domain.calendar as calendar

    parsed: list[str] = []
    real = calendar.parse
    monkeypatch.setattr(calendar, "parse", lambda data, name, *a: parsed.append(name) or real(data, name, *a))
    path = tmp_path / "cal.ics"
    shutil.copy(FIXTURES / "work.ics", path)
    book = CalendarBook()
    day = date(2026, 11, 30)
    for _ in range(3):
        assert [m.title for m in book.read_day((str(path),), (), PLAN, day, LONDON).meetings] == ["Team sync"]
    assert len(parsed) == 1, "parsed once, then only stat'ed"
    text = path.read_text().replace("SUMMARY:Team sync\n", "SUMMARY:Team sync, renamed\n")
    path.write_text(text)
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse file system
    assert [m.title for m in book.read_day((str(path),), (), PLAN, day, LONDON).meetings] == ["Team sync, renamed"]
    assert len(parsed) == 2


def test_the_text_filter_keeps_recurring_events_and_those_near_the_window_only() -> None:
    text = (FIXTURES / "busy.ics").read_text()
    assert window_text(text, date(2026, 12, 1), date(2026, 12, 1)).count("BEGIN:VEVENT") == 5
    assert window_text(text, date(2027, 3, 1), date(2027, 3, 7)).count("BEGIN:VEVENT") == 0
    work = (FIXTURES / "work.ics").read_text()
    kept = window_text(work, date(2026, 12, 14), date(2026, 12, 20))
    assert kept.count("BEGIN:VEVENT") == 1 and "RRULE" in kept and "BEGIN:VTIMEZONE" in kept
    assert window_text(work, date(2027, 3, 1), date(2027, 3, 7)).count("BEGIN:VEVENT") == 0, "UNTIL has passed"
    assert window_text(work, date(2026, 9, 1), date(2026, 9, 7)).count("BEGIN:VEVENT") == 0, "not begun yet"
    weekly = work.replace("UNTIL=20261231T235959Z", "COUNT=3")  # 5, 12 and 19 October
    assert window_text(weekly, date(2026, 10, 19), date(2026, 10, 25)).count("FREQ=WEEKLY") == 1
    assert window_text(weekly, date(2026, 11, 30), date(2026, 12, 6)).count("FREQ=WEEKLY") == 0


def meeting(start: str, end: str, title: str = "Sync", moving: bool = False) -> Meeting:
    day = "2026-11-30T"
    return Meeting(
        datetime.fromisoformat(day + start).replace(tzinfo=LONDON),
        datetime.fromisoformat(day + end).replace(tzinfo=LONDON),
        title,
        moving,
    )


def test_a_seated_meeting_after_work_counts_as_sitting_and_a_walking_one_as_moving() -> None:
    points = timeline(PLAN, date(2026, 11, 30), LONDON)
    evening = [meeting("18:00", "19:30")]
    at = datetime(2026, 11, 30, 19, 10, tzinfo=LONDON)
    assert sitting(PLAN, points, at).seated is False, "after work, no block"
    seat = sitting(PLAN, points, at, meetings=evening)
    assert seat.seated and seat.minutes == 70 and seat.due(at)
    walk = [meeting("09:30", "10:00", "Walking 1:1", moving=True)]
    assert sitting(PLAN, points, datetime(2026, 11, 30, 9, 45, tzinfo=LONDON), meetings=walk).seated is False
    after = sitting(PLAN, points, datetime(2026, 11, 30, 10, 20, tzinfo=LONDON), meetings=walk)
    assert after.minutes == 20, "the walk restarted the count"


def test_a_meeting_that_runs_past_the_block_keeps_the_person_seated() -> None:
    points = timeline(PLAN, date(2026, 11, 30), LONDON)  # block 1 ends 12:30
    seat = sitting(PLAN, points, datetime(2026, 11, 30, 12, 45, tzinfo=LONDON), meetings=[meeting("12:00", "13:00")])
    assert seat.seated and seat.since is not None and f"{seat.since:%H:%M}" == "09:00"


def test_the_hold_keeps_what_came_due_and_gives_it_once_at_the_end() -> None:
    hold = PromptHold()
    point = timeline(PLAN, date(2026, 11, 30), LONDON)[2]
    assert hold.pass_on(True, point, False) == (None, False, False)
    assert hold.pass_on(True, None, True) == (None, False, False)
    assert hold.pass_on(False, None, False) == (point, True, True)
    assert hold.pass_on(False, None, False) == (None, False, False), "given once"


# -- the command line ------------------------------------------------------------------------------


def test_calendar_add_list_remove_and_status_in_a_meeting(tmp_path: Path) -> None:
    env = {"PAINPAL_NOW": "2026-11-30T10:20:00"}
    added = run_cli("calendar", "add", str(FIXTURES / "work.ics"), env=env)
    assert added.returncode == 0, added.stderr
    assert "1 meeting today" in added.stdout
    listed = run_cli("calendar", "list", env=env)
    assert listed.returncode == 0 and "work.ics  1 meeting today" in listed.stdout
    # Seated since 09:00, the hour's limit passed at 10:00: the reset waits for 11:00.
    status = run_cli("status", env=env)
    assert status.stdout.strip() == "in meeting · stand at 11:00", status
    assert run_cli("calendar", "remove", str(FIXTURES / "work.ics"), env=env).returncode == 0
    assert run_cli("status", env=env).stdout.strip() == "stand now"


def test_calendar_add_of_a_missing_path_or_a_malformed_file_is_bad_input(tmp_path: Path) -> None:
    missing = run_cli("calendar", "add", str(tmp_path / "nope.ics"))
    assert missing.returncode == 2 and "nope.ics" in missing.stderr and len(missing.stderr.splitlines()) == 1
    bad = run_cli("calendar", "add", str(FIXTURES / "malformed.ics"))
    assert bad.returncode == 2 and "malformed.ics" in bad.stderr
    assert "No calendars" in run_cli("calendar", "list").stdout, "nothing was written"
    assert run_cli("calendar", "remove", str(tmp_path / "nope.ics")).returncode == 2


def test_calendar_list_exits_1_when_a_calendar_went_bad_and_log_still_works(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    shutil.copy(FIXTURES / "work.ics", path)
    assert run_cli("calendar", "add", str(path)).returncode == 0
    path.unlink()
    listed = run_cli("calendar", "list")
    assert listed.returncode == 1
    assert "cal.ics" in listed.stderr and "missing" in listed.stderr
    assert run_cli("log", "4").returncode == 0
    assert run_cli("status").returncode == 0


# -- Today on a stepping clock ---------------------------------------------------------------------


def prompts(app: object) -> list[tuple[str, str]]:
    store = app.store  # type: ignore[attr-defined]
    return [(e.at.strftime("%H:%M"), e.kind) for e in store.records(Event) if e.kind in ("prompt", "sitting-prompt")]


async def test_no_prompt_during_a_meeting_one_at_its_end_and_the_meeting_counts_as_sitting(tmp_path: Path) -> None:
    """Seated from 09:00 with a 60-minute limit; Team sync 10:00-11:00: the 10:00 reset waits for 11:00."""
    app = make_app(tmp_path, datetime(2026, 11, 30, 8, 50, tzinfo=LONDON))
    app.store.set_setting("calendars", [str(FIXTURES / "work.ics")])
    clock = app.clock
    assert isinstance(clock, FixedClock)
    toasts: list[str] = []
    reaches: list[object] = []

    def toast(message: str, **kw: object) -> bool:
        toasts.append(message)
        reaches.append(kw.get("reach"))
        return True

    app.toast = toast  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        screen = app.screen_stack[1]
        assert isinstance(screen, TodayScreen)
        assert "◆ Team sync (until 11:00)" in str(screen.query_one("#timeline").render())
        for _ in range(70):  # 08:50 -> 10:00
            clock.advance(minutes=1)
            screen.tick()
        await settle(pilot, app)
        assert prompts(app) == [("09:00", "prompt")]
        for _ in range(59):  # 10:00 -> 10:59: in the meeting
            clock.advance(minutes=1)
            screen.tick()
            assert screen.sitting_state is not None and screen.sitting_state.seated
        await settle(pilot, app)
        assert prompts(app) == [("09:00", "prompt")], "nothing during the meeting"
        assert len(toasts) == 1
        clock.advance(minutes=1)  # 11:00: the meeting ends
        screen.tick()
        for _ in range(5):
            clock.advance(minutes=1)
            screen.tick()
        await settle(pilot, app)
        assert prompts(app) == [("09:00", "prompt"), ("11:00", "sitting-prompt")]
        assert len(toasts) == 2 and toasts[1].startswith(AFTER_MEETING)
        assert reaches[1] is not None, "the prompt after a meeting reaches a hidden pane like any other"
        assert screen.sitting_state is not None and screen.sitting_state.minutes >= 120, "the meeting was sitting"


async def test_a_transition_due_in_back_to_back_meetings_comes_in_the_gap(tmp_path: Path) -> None:
    """Tuesday: busy 09:30-11:45 (overlapping and back-to-back), free 11:45-11:50; a move at 10:30 waits for 11:45."""
    plan = DayPlan(work_days=(0,))  # Tuesday is a rest day: moves at 10:30 and 15:30
    app = make_app(tmp_path, datetime(2026, 12, 1, 9, 0, tzinfo=LONDON), plan=plan)
    app.store.set_setting("calendars", [str(FIXTURES / "busy.ics")])
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = app.screen_stack[1]
        assert isinstance(screen, TodayScreen)
        for _ in range(3 * 60):  # 09:00 -> 12:00
            clock.advance(minutes=1)
            screen.tick()
        await settle(pilot, app)
        assert prompts(app) == [("11:45", "prompt")]


def test_nothing_is_imported_from_icalendar_without_calendars() -> None:
    from .conftest import run_python

    code = (
        "import sys, painpal.cli\n"
        "painpal.cli.main(['status'])\n"
        "print('icalendar' in sys.modules, 'recurring_ical_events' in sys.modules)\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "False False"


def test_the_day_after_the_window_is_read_again() -> None:
    book = CalendarBook()
    first = date(2026, 11, 30)
    for n in range(10):  # a week and a half, day by day: the cut moves on once
        read = book.read_day((str(FIXTURES / "work.ics"),), (), PLAN, first + timedelta(days=n), LONDON)
        assert [m.title for m in read.meetings] == (["Team sync"] if n % 7 == 0 else [])


@pytest.mark.parametrize("name", ["work.ics", "busy.ics", "new-york.ics"])
def test_every_fixture_parses(name: str) -> None:
    assert not CalendarBook().read_day((str(FIXTURES / name),), (), PLAN, date(2026, 11, 30), LONDON).problems
