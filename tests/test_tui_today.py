"""Today, driven as a person drives it: real keys through Pilot, then a look at what reached the store."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan, plan_to_dict
from painpal.domain.records import CheckIn, Event, Relief, RoutineRun
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.screens.checkin import CheckInDetailScreen
from painpal.tui.screens.today import TodayScreen

from .tui_helpers import LONDON, MONDAY_1005, make_app, settle


def today(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


@pytest.mark.parametrize(("key", "intensity"), [*((str(n), n) for n in range(10)), ("x", 10)])
async def test_each_intensity_key_saves_a_checkin_before_confirming(tmp_path: Path, key: str, intensity: int) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press(key)
        await settle(pilot, app)
        stored = app.store.records(CheckIn)
        assert [c.intensity for c in stored] == [intensity]
        assert isinstance(app.screen, CheckInDetailScreen), "the optional detail step follows"
        assert f"pain [b]{intensity}[/]" in today(app).status_text.lower()
        await pilot.press("escape")
        await settle(pilot, app)
        if intensity >= 8:
            assert app.screen.__class__.__name__ == "WarningCheckScreen", "high pain offers the warning-sign check"
            await pilot.press("escape")
            await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert [c.intensity for c in app.store.records(CheckIn)] == [intensity], "Esc keeps it as it is"


async def test_detail_step_answers_with_single_keys_and_the_persons_own_answers_follow_the_usual(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    app.store.add(CheckIn(at=MONDAY_1005 - timedelta(days=1), intensity=3, location=("left hip",)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        assert isinstance(app.screen, CheckInDetailScreen)
        await pilot.press("9", "1", "enter")  # location: left hip (after the eight usual places) and lower back
        await pilot.press("3")  # quality: aching (sharp, dull, aching, ...)
        await pilot.press("2")  # pattern: intermittent
        await pilot.press("enter")  # activity: skipped
        await pilot.press("2")  # eases: heat
        await pilot.press("escape")  # done: worsens and leg left as they are
        await settle(pilot, app)
        latest = app.store.records(CheckIn)[-1]
        assert latest.intensity == 6
        assert (latest.location, latest.quality, latest.pattern) == (
            ("left hip", "lower back"),
            "aching",
            "intermittent",
        )
        assert latest.activity is None and latest.eases == "heat" and latest.worsens is None
        assert len(app.store.records(CheckIn)) == 2, "details update the same check-in, never add one"


async def test_own_words_in_the_detail_step(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("4", "o")
        await pilot.press(*"tailbone", "enter")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.store.records(CheckIn)[-1].location == ("tailbone",)


async def test_moved_and_away_are_recorded(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        assert [e.kind for e in app.store.records(Event) if e.kind == "moved"] == ["moved"]
        await pilot.press("a")
        clock.advance(minutes=7)
        await pilot.press("a")
        await settle(pilot, app)
        breaks = [e for e in app.store.records(Event) if e.kind == "break"]
        assert len(breaks) == 1 and breaks[0].minutes == pytest.approx(7, abs=0.1)
        assert today(app).sitting_state is not None and today(app).sitting_state.minutes == 0
        # A short step away still means standing up: counted as moving, not a break.
        await pilot.press("a")
        clock.advance(minutes=2)
        await pilot.press("a")
        await settle(pilot, app)
        assert len([e for e in app.store.records(Event) if e.kind == "moved"]) == 2
        assert len([e for e in app.store.records(Event) if e.kind == "break"]) == 1


async def test_snooze_skip_and_start_reach_the_store(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = today(app)
        assert screen.sitting_state is not None and screen.sitting_state.due(app.clock.now())
        assert screen.suggestion is not None and screen.suggestion.routine is not None
        assert screen.suggestion.routine.id == "standing-reset"
        await pilot.press("z")
        await settle(pilot, app)
        runs = app.store.records(RoutineRun)
        assert [(r.routine, r.outcome) for r in runs] == [("standing-reset", "snoozed")]
        assert not today(app).sitting_state.due(app.clock.now()), "snoozed for 10 minutes"  # type: ignore[union-attr]
        await pilot.press("k")
        await settle(pilot, app)
        assert [r.outcome for r in app.store.records(RoutineRun)] == ["snoozed", "skipped"]
        await pilot.press("s")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "RoutinePlayerScreen"


async def test_a_stepping_clock_prompts_once_per_transition_and_once_per_sitting_limit(tmp_path: Path) -> None:
    start = datetime(2026, 11, 30, 8, 50, tzinfo=LONDON)
    app = make_app(tmp_path, start)
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        screen = today(app)
        for _ in range(4 * 60):  # 08:50 -> 12:50, one tick a minute
            clock.advance(minutes=1)
            screen.tick()
        await settle(pilot, app)
        events = app.store.records(Event)
        prompts = [e.detail for e in events if e.kind == "prompt"]
        assert prompts == ["2026-11-30:work-start:0", "2026-11-30:break:0"], prompts
        sitting = [e for e in events if e.kind == "sitting-prompt"]
        # Seated from 09:00 and never moved: one nudge at 10:00, not one per tick and not a nag every hour.
        assert [e.at.strftime("%H:%M") for e in sitting] == ["10:00"]


async def test_a_snoozed_reset_nudges_again_ten_minutes_later_once(tmp_path: Path) -> None:
    start = datetime(2026, 11, 30, 9, 58, tzinfo=LONDON)
    app = make_app(tmp_path, start)
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = today(app)
        for _ in range(3):  # to 10:01
            clock.advance(minutes=1)
            screen.tick()
        await pilot.press("z")
        await settle(pilot, app)
        for _ in range(20):  # to 10:21
            clock.advance(minutes=1)
            screen.tick()
        await settle(pilot, app)
        sitting = [e.at.strftime("%H:%M") for e in app.store.records(Event) if e.kind == "sitting-prompt"]
        assert sitting == ["10:00", "10:11"]


async def test_a_laptop_waking_after_two_hours_prompts_only_the_latest_point(tmp_path: Path) -> None:
    start = datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)
    app = make_app(tmp_path, start)
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        clock.advance(hours=2)  # 14:00: lunch (12:30) and block 2 (13:30) both passed while asleep
        today(app).tick()
        await settle(pilot, app)
        prompts = [e.detail for e in app.store.records(Event) if e.kind == "prompt"]
        assert prompts == ["2026-11-30:work-start:1"]


async def test_the_sitting_prompt_arrives_within_seconds_of_its_minute_on_a_real_clock(tmp_path: Path) -> None:
    """Seated since 09:00 with a 60-minute limit, opened at 09:59:57 on a clock that runs: the nudge comes at 10:00.

    A coarse tick would leave "Seated 59 min of 60" on screen for up to a tick
    after 10:00; the screen wakes at the moment itself.
    """
    from painpal.domain.clock import OffsetClock

    clock = OffsetClock(datetime(2026, 11, 30, 9, 59, 57, tzinfo=LONDON))
    store = Store(tmp_path / "data", clock)
    store.set_setting("welcomed", True)
    store.set_setting("plan", plan_to_dict(DayPlan()))
    app = PainPalApp(store, clock, ring_bell=False, burst_gap_s=0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not [e for e in app.store.records(Event) if e.kind == "sitting-prompt"]
        waited = 0.0
        while waited < 8.0 and not [e for e in app.store.records(Event) if e.kind == "sitting-prompt"]:
            await pilot.pause(0.25)
            waited += 0.25
        nudges = [e for e in app.store.records(Event) if e.kind == "sitting-prompt"]
        assert len(nudges) == 1
        late = (nudges[0].at - datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)).total_seconds()
        assert 0 <= late <= 2.0, late


async def test_the_review_counts_sitting_only_while_today_was_open(tmp_path: Path) -> None:
    """Open 09:00-12:30 (a laptop suspended 10:30-11:00), closed all afternoon: the review says what it saw."""
    from .conftest import run_cli

    app = make_app(tmp_path, datetime(2026, 11, 30, 9, 0, tzinfo=LONDON))
    app.store.add(CheckIn(at=datetime(2026, 11, 30, 8, 30, tzinfo=LONDON), intensity=4))
    clock = app.clock
    assert isinstance(clock, FixedClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = today(app)
        for minute in range(210):  # to 12:30, one tick a minute, with half an hour asleep at 10:30
            clock.advance(minutes=31 if minute == 90 else 1)
            screen.tick()
        await settle(pilot, app)
    spans = sorted((e.at, e.minutes) for e in app.store.records(Event) if e.kind == "open")
    assert [(a.astimezone(LONDON).strftime("%H:%M"), m) for a, m in spans] == [("09:00", 90.0), ("11:01", 119.0)]
    env = {"PAINPAL_DATA_DIR": str(tmp_path / "data"), "PAINPAL_NOW": "2026-11-30T19:00:00", "TZ": "Europe/London"}
    out = run_cli("review", env=env)
    assert out.returncode == 0, out.stderr
    assert "closed 10:30–11:01, 13:30–17:30" in out.stdout, out.stdout
    assert "seen while painpal was open: 2 h 59 min of 7 h 30 min planned" in out.stdout, out.stdout


async def test_a_checkin_logged_by_another_process_appears_within_two_seconds(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        other = Store(tmp_path / "data", app.clock)
        other.add(CheckIn(at=app.clock.now(), intensity=7, note="from the CLI"))
        await pilot.pause(2.0)
        await settle(pilot, app)
        last = today(app).state.last_checkin  # type: ignore[union-attr]
        assert last is not None and last.intensity == 7


async def test_first_run_enter_accepts_the_default_plan(tmp_path: Path) -> None:
    app = make_app(tmp_path, welcomed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "WelcomeScreen"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("welcomed") is True
        assert app.store.setting("plan") == plan_to_dict(DayPlan())


async def test_plan_screen_saves_a_changed_plan(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        field = app.screen.query_one("#plan-max_seated_minutes")
        field.value = "45"  # type: ignore[attr-defined]
        wake = app.screen.query_one("#plan-wake")
        wake.value = "06:30"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        assert app.store.setting("plan")["max_seated_minutes"] == 45
        assert app.store.setting("plan")["wake"] == "06:30"


async def test_plan_screen_refuses_a_bad_plan_with_a_sentence(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        app.screen.query_one("#plan-wake").value = "25:99"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "PlanScreen"
        assert "Not saved" in str(app.screen.query_one("#plan-error").render())
        assert app.store.setting("plan") == plan_to_dict(DayPlan())


async def test_help_lists_every_today_key_and_theme_toggles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = str(app.screen.query_one("#help Static").render())
        for words in ("Pain 0-9", "Moved", "Away", "Start", "Snooze", "Skip", "Details", "Relief", "Plan", "Theme"):
            assert words in text, words
        await pilot.press("escape")
        before = app.theme
        await pilot.press("T")
        await settle(pilot, app)
        assert app.theme != before
        assert app.store.setting("theme") == app.theme


async def test_mouse_click_on_the_scale_records_a_checkin(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        today(app).action_checkin(3)  # what the [@click] on "3" calls
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [3]


async def test_modals_opened_all_day_leave_nothing_behind(tmp_path: Path) -> None:
    """Opening and closing the detail step all day must not grow the footer (textual#6666) or the style caches."""
    import gc

    from textual._styles_cache import StylesCache

    from painpal.tui.widgets.footer import LeanFooter

    def caches() -> int:
        gc.collect()
        return sum(isinstance(o, StylesCache) for o in gc.get_objects())

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        counts = []
        for rounds in (10, 20, 30):
            for _ in range(rounds):
                await pilot.press("3")
                await settle(pilot, app)
                await pilot.press("escape")
                await settle(pilot, app)
            counts.append(caches())
        footer = today(app).query_one(LeanFooter)
        keys = len(footer.children)
        assert footer.watcher_count() <= keys, (footer.watcher_count(), keys)
        # Nor may Textual's style caches keep the removed widgets' rendered lines (painpal/tui/compat.py):
        # 10, then 30, then 60 modals (each with a footer of its own): the count moves by at most one modal's
        # widgets (whether the last one's are collected yet), never with the number opened.
        assert max(counts) - min(counts) <= 12, counts


async def test_three_high_days_suggest_contacting_the_care_team_by_name(tmp_path: Path) -> None:
    from painpal.domain.records import CarePerson

    app = make_app(tmp_path)
    app.store.add(CarePerson(at=MONDAY_1005 - timedelta(days=30), name="Dr Lee", role="physician"))
    for days_ago in range(3):
        for hour in (8, 12, 16):
            at = MONDAY_1005.replace(hour=hour) - timedelta(days=days_ago)
            if at <= MONDAY_1005:
                app.store.add(CheckIn(at=at, intensity=8))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        notes = str(app.screen_stack[1].query_one("#notes").render())
        assert "Dr Lee (physician)" in notes
        assert "Walk today:" in notes


async def test_a_key_pressed_before_the_day_is_read_is_saved_once_and_its_detail_step_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of history take a while to read; a digit pressed at once must neither crash nor be lost."""
    import threading

    from painpal.services import today as today_service

    gate = threading.Event()
    load = today_service.load_day_state

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(30), "the test forgot to open the gate"
        return load(*args, **kwargs)

    monkeypatch.setattr(today_service, "load_day_state", slow_load)
    app = make_app(tmp_path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("5")  # the day is still being read
            for _ in range(200):
                if app.store.records(CheckIn):
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            assert [c.intensity for c in app.store.records(CheckIn)] == [5], "saved at once"
            assert today(app).state is None and isinstance(app.screen, TodayScreen)
            assert "pain [b]5[/]" in today(app).status_text
            gate.set()
            await settle(pilot, app)
            assert isinstance(app.screen, CheckInDetailScreen), "the detail step opens once the day is in"
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, TodayScreen), "and only once"
            assert [c.intensity for c in app.store.records(CheckIn)] == [5]
            last = today(app).state.last_checkin  # type: ignore[union-attr]
            assert last is not None and last.intensity == 5
    finally:
        gate.set()


async def test_walking_past_the_goal_says_the_goal_is_met(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("r", "2", "2", "0", "enter")  # relief 2 is walk, for 20 minutes
        await settle(pilot, app)
        assert [(r.name, r.minutes) for r in app.store.records(Relief)] == [("walk", 20)]
        notes = str(today(app).query_one("#notes").render())
        assert "Walk today: 20 min · goal of 10 met" in notes, notes
        assert "20 of 10" not in notes


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        (datetime(2026, 12, 2, 3, 59, tzinfo=LONDON), "Tuesday 01 December (until 04:00)"),
        (datetime(2026, 12, 2, 4, 0, tzinfo=LONDON), "Wednesday 02 December"),
        (datetime(2026, 12, 1, 23, 30, tzinfo=LONDON), "Tuesday 01 December"),
    ],
)
async def test_the_header_names_the_painpal_day_being_recorded_into(tmp_path: Path, at: datetime, shown: str) -> None:
    app = make_app(tmp_path, at)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        top = str(today(app).query_one("#topbar").render())
        assert shown in top, top
        assert ("until" in top) == ("until" in shown), top


async def test_a_late_day_start_is_named_in_the_header(tmp_path: Path) -> None:
    app = make_app(tmp_path, datetime(2026, 12, 2, 5, 30, tzinfo=LONDON), plan=DayPlan(day_start_hour=6))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert "Tuesday 01 December (until 06:00)" in str(today(app).query_one("#topbar").render())
