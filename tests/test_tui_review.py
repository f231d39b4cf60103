"""Review and Insights, driven as a person drives them: real keys through Pilot, then a look at the store.

Skipping every review question stores nothing (no empty DayNote): an empty
note would only record that the review was opened, which no insight uses.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from painpal import demo
from painpal.domain.clock import FixedClock, painpal_day
from painpal.domain.records import CheckIn, DayNote, PegEntry
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.screens.insights import InsightsScreen
from painpal.tui.screens.review import INTENTIONS, ReviewScreen

from .conftest import assert_one_line_error, run_cli
from .tui_helpers import LONDON, settle
from .tui_helpers import make_app as _make_app

MONDAY_2130 = datetime(2026, 11, 30, 21, 30, tzinfo=LONDON)
MONDAY = date(2026, 11, 30)


def make_app(tmp_path: Path, start: datetime = MONDAY_2130) -> PainPalApp:
    """The review's tests start on Monday evening, when the review is offered."""
    return _make_app(tmp_path, start)


async def open_screen(pilot: Pilot[int], app: PainPalApp, screen: ReviewScreen | InsightsScreen) -> None:
    await settle(pilot, app)
    app.push_screen(screen)
    await settle(pilot, app)


async def type_text(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


def text_of(app: PainPalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def seed_day(store: Store) -> None:
    """Three check-ins on Monday: 3 at 08:00, 5 at 13:00, 7 at 17:00."""
    for hour, pain in ((8, 3), (13, 5), (17, 7)):
        store.add(CheckIn(at=datetime(2026, 11, 30, hour, tzinfo=LONDON), intensity=pain))


# ----------------------------------------------------------------------------------------------- review


async def test_review_flow_with_real_keys_stores_one_day_note(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    seed_day(app.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        summary = text_of(app, "#review-summary")
        assert "3 check-ins" in summary and "mean 5.0" in summary and "peak 7" in summary
        await pilot.press("4")  # sleep quality
        await type_text(pilot, "7.5")
        await pilot.press("enter")  # hours
        await pilot.press("3")  # stress
        await type_text(pilot, "stood up more")
        await pilot.press("enter")  # reflection
        await pilot.press("1")  # intention: the first practice
        await settle(pilot, app)
        notes = app.store.records(DayNote)
        assert len(notes) == 1, "every answer replaces the same note"
        note = notes[0]
        assert (note.day, note.sleep_quality, note.sleep_hours, note.stress) == (MONDAY, 4, 7.5, 3)
        assert (note.reflection, note.intention) == ("stood up more", INTENTIONS[0])
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.current is not None and screen.current.peg, "no PEG this week yet: it is offered next"
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, ReviewScreen)
        assert app.store.records(PegEntry) == [], "a PEG left unanswered is not stored"


async def test_skipping_every_question_stores_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    seed_day(app.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        await pilot.press("enter", "enter", "enter", "enter", "enter")  # the five questions
        await pilot.press("enter")  # the PEG: not this time
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.current is None, "done"
        assert app.store.records(DayNote) == []
        assert app.store.records(PegEntry) == []


async def test_esc_keeps_what_was_answered_and_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        await pilot.press("2")
        await type_text(pilot, "6")  # typed, not yet submitted
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, ReviewScreen)
        [note] = app.store.records(DayNote)
        assert (note.sleep_quality, note.sleep_hours) == (2, 6.0)


async def test_reopening_starts_at_the_first_open_question_and_replaces_the_note(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    earlier = DayNote(at=MONDAY_2130 - timedelta(minutes=30), day=MONDAY, sleep_quality=2)
    app.store.add(earlier)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.current is not None and screen.current.field == "sleep_hours", "sleep quality is answered"
        await type_text(pilot, "6,5")  # a decimal comma works too
        await pilot.press("enter")
        await pilot.press("x")  # stress 10
        await settle(pilot, app)
        [note] = app.store.records(DayNote)
        assert note.id == earlier.id
        assert (note.sleep_quality, note.sleep_hours, note.stress) == (2, 6.5, 10)


async def test_out_of_range_key_is_explained_not_stored(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        await pilot.press("9")  # sleep quality is 1-5
        await settle(pilot, app)
        assert "1 to 5" in text_of(app, "#ask-error")
        assert app.store.records(DayNote) == []


async def test_weekly_peg_stores_one_entry_with_its_score(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(PegEntry(at=MONDAY_2130 - timedelta(days=8), pain=5, enjoyment=5, activity=5))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.current is not None and screen.current.field == "peg_pain"
        await pilot.press("6", "4", "x")
        await settle(pilot, app)
        pegs = app.store.records(PegEntry)
        assert len(pegs) == 2
        latest = max(pegs, key=lambda p: p.at)
        assert (latest.pain, latest.enjoyment, latest.activity) == (6, 4, 10)
        assert latest.score == 6.7
        assert "latest 6.7" in text_of(app, "#ask-choices"), "the PEG trend is shown after"
        assert app.store.records(DayNote) == []


async def test_peg_not_offered_twice_in_a_week(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(PegEntry(at=MONDAY_2130 - timedelta(days=2), pain=4, enjoyment=3, activity=4))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.current is None


async def test_review_of_an_empty_day_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReviewScreen())
        assert "Nothing was logged on this day" in text_of(app, "#review-summary")
        assert "Monday 30 November 2026" in text_of(app, "#review-top")


async def test_review_of_an_earlier_day_keeps_its_note_inside_that_day(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    day = date(2026, 11, 20)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, app, ReviewScreen(day))
        await pilot.press("3")
        await pilot.press("escape")
        await settle(pilot, app)
        [note] = app.store.records(DayNote)
        assert note.day == day and painpal_day(note.at) == day, "found again when that day is reviewed"
        await open_screen(pilot, app, ReviewScreen(day))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.current is not None and screen.current.field == "sleep_hours"


# --------------------------------------------------------------------------------------------- insights


async def test_insights_switch_periods_and_state_a_pattern(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add_documents(demo.documents(MONDAY_2130, 60))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, app, InsightsScreen())
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        sentences = [str(w.visual) for w in screen.query(".pattern").results(Static)]
        assert any(s.startswith("Pain ") for s in sentences), sentences
        assert screen.query(".evidence"), "each sentence comes with its evidence"
        assert "Mon" in text_of(app, "#insights-heatmap") and "mean pain" in text_of(app, "#insights-heatmap")
        assert "walk" in text_of(app, "#insights-effects")
        for key, days in (("1", 7), ("tab", 30), ("3", 90), ("tab", 7)):
            await pilot.press(key)
            await settle(pilot, app)
            assert screen.days == days
            assert f"Last {days} days" in text_of(app, "#patterns-head")
        await pilot.press("3")
        await settle(pilot, app)
        flares = screen.results[90].flares
        assert len(flares) >= 2, "the demo history has flares"
        first = text_of(app, "#insights-flares")
        await pilot.press("f")
        await pilot.pause()
        assert screen.flare_index == 1
        assert text_of(app, "#insights-flares") != first


async def test_insights_without_data_says_what_would_help(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, InsightsScreen())
        sentences = [str(w.visual) for w in app.screen.query(".pattern").results(Static)]
        assert sentences == [
            "Patterns need 14 days with at least two check-ins; 0 so far, so painpal needs 14 more days."
        ]
        assert "No check-ins in this period" in text_of(app, "#insights-heatmap")


# -------------------------------------------------------------------------------------------------- CLI


def test_cli_review_prints_the_days_figures(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed_day(Store(data, FixedClock(MONDAY_2130)))
    env = {"PAINPAL_DATA_DIR": str(data), "PAINPAL_NOW": "2026-11-30T21:30:00", "TZ": "Europe/London"}
    proc = run_cli("review", "--date", "2026-11-30", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Review of Monday 30 November 2026")
    assert "Pain: 3 check-ins, mean 5.0, peak 7 (first 3 at 08:00, last 7 at 17:00)." in proc.stdout
    # Only the command line was used: the plan's blocks are planned sitting, not seen sitting.
    assert "Sitting: not seen: painpal was not open during your seated blocks; 7 h 30 min planned." in proc.stdout
    today = run_cli("review", env=env)
    assert today.stdout == proc.stdout, "the default is today's painpal day"
    empty = run_cli("review", "--date", "yesterday", env=env)
    assert "Nothing was logged on this day" in empty.stdout


def test_cli_review_bad_date_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {"PAINPAL_DATA_DIR": str(tmp_path / "data"), "PAINPAL_NOW": "2026-11-30T21:30:00", "TZ": "Europe/London"}
    for bad in ("not-a-date", "2026-02-30", "2027-01-01"):
        line = assert_one_line_error(run_cli("review", "--date", bad, env=env), status=2)
        assert "--date" in line
    assert not (tmp_path / "data").exists(), "nothing is written for bad input"
