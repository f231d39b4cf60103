"""The routine player, the relief log and the routine library, driven with real keys through Pilot.

Each test pushes its screen over Today with a callback that keeps what the
screen dismissed with (or drives the library, which saves by itself), then
checks that value or what reached the store. The countdown is advanced with
``advance()`` rather than by waiting, so the tests take no wall-clock time
except the one that proves a paused player's timer really stops.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Digits, Input, TextArea

from painpal import routines
from painpal.analysis.days import run_minutes
from painpal.analysis.review import day_review
from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan
from painpal.domain.records import CheckIn, Relief, RoutineRun
from painpal.domain.relief import RELIEFS, is_medication
from painpal.history import History
from painpal.routines import Routine, Step
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.screens import routine as routine_module
from painpal.tui.screens.checkin import CheckInDetailScreen
from painpal.tui.screens.relief import COMMON_ORDER, MEDICATION_NOTE, ReliefScreen, relief_choices
from painpal.tui.screens.routine import RoutinePlayerScreen, clock_text
from painpal.tui.screens.routine_edit import RoutineEditScreen
from painpal.tui.screens.routines import RoutinesScreen
from painpal.tui.screens.today import TodayScreen

from .tui_helpers import make_app as _make_app
from .tui_helpers import settle

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 11, 30, 10, 5, tzinfo=LONDON)

TRIO = Routine(
    id="trio",
    name="Trio",
    kind="strategic",
    fits=("break",),
    pain_min=0,
    pain_max=10,
    steps=(Step("Stand up tall", 10), Step("Pelvic tilts, slowly", 20), Step("Walk to the window", 30)),
    stop_rule="Stop if pain spreads down a leg.",
    source="a test",
    summary="Three short steps.",
    exercise=True,
    gentle=True,
)
"""A small routine with distinct step lengths, so every count below is easy to check by hand."""


@pytest.fixture(autouse=True)
def still_countdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real interval would tick during a slow test; tests move the countdown with ``advance()`` instead."""
    monkeypatch.setattr(routine_module, "TICK_S", 3600.0)


class Recorder:
    """Keeps what a screen dismissed with (the callback Today would pass)."""

    def __init__(self) -> None:
        self.results: list[Any] = []

    def __call__(self, result: Any) -> None:
        self.results.append(result)

    def storing(self, store: Store) -> Callable[[Any], None]:
        """A callback that keeps the result and, like Today, stores it when there is one."""

        def keep(result: Any) -> None:
            self(result)
            if result is not None:
                store.add(result)

        return keep

    @property
    def only(self) -> Any:
        assert len(self.results) == 1, self.results
        return self.results[0]


def make_app(tmp_path: Path) -> PainPalApp:
    """Prompts off: a transition prompt must not interrupt the screen under test."""
    return _make_app(tmp_path, START, plan=DayPlan(prompts=False))


async def open_screen(pilot: Pilot[Any], app: PainPalApp, screen: Screen[Any], done: Callable[[Any], None]) -> None:
    await settle(pilot, app)
    app.push_screen(screen, done)
    await settle(pilot, app)


def step_clock(app: PainPalApp, seconds: float) -> None:
    """Move the fixed clock on, as the routine's wall-clock time passes."""
    clock = app.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(seconds=seconds))


# --------------------------------------------------------------------------------------------- the player


async def test_player_runs_through_with_ratings_and_auto_advance(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.ring_bell = True
    rang: list[bool] = []
    app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, context="break")
        await open_screen(pilot, app, player, got)
        assert player.phase == "before", "no pain given: ask first"
        await pilot.press("5")
        assert player.phase == "steps" and player.index == 0
        assert player.query_one(Digits).value == "00:10"
        player.advance(4)
        assert player.query_one(Digits).value == "00:06"
        player.advance(6)  # step 1 runs out: step 2 starts by itself
        assert (player.index, player.remaining) == (1, 20)
        player.advance(25)  # through step 2 and 5 s into step 3
        assert (player.index, player.remaining) == (2, 25)
        assert not rang, "no bell between steps"
        step_clock(app, 120)
        player.advance(25)
        assert player.phase == "after"
        assert rang == [True], "one soft bell at the end"
        await pilot.press("2")
        await settle(pilot, app)
    run = got.only
    assert isinstance(run, RoutineRun)
    assert (run.routine, run.outcome, run.steps_done, run.steps_total) == ("trio", "done", 3, 3)
    assert (run.pain_before, run.pain_after, run.transition) == (5, 2, "break")
    assert run.at == START and run.ended == START + timedelta(seconds=120)


async def test_player_bell_respects_ring_bell(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # ring_bell=False
    rang: list[bool] = []
    app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=3)
        await open_screen(pilot, app, player, Recorder())
        player.advance(60)
        assert player.phase == "after" and rang == []


async def test_given_pain_before_skips_the_question_and_x_rates_ten(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=4)
        await open_screen(pilot, app, player, got)
        assert player.phase == "steps"
        player.advance(60)
        await pilot.press("x")
        await settle(pilot, app)
    assert (got.only.pain_before, got.only.pain_after) == (4, 10)


async def test_enter_skips_both_ratings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO)
        await open_screen(pilot, app, player, got)
        await pilot.press("enter")  # skip "pain before"
        assert player.phase == "steps"
        await pilot.press("enter")  # done now
        assert player.phase == "after"
        await pilot.press("enter")  # skip "pain after"
        await settle(pilot, app)
    run = got.only
    assert (run.pain_before, run.pain_after, run.outcome) == (None, None, "done")
    assert run.steps_done == 1, "the step you were on when you said done counts"


async def test_space_pauses_the_countdown_and_its_timer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routine_module, "TICK_S", 0.1)  # the real interval, sped up
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=2)
        await open_screen(pilot, app, player, Recorder())
        assert player._timer is not None
        await pilot.press("space")
        assert player.paused and player.has_class("-paused")
        assert player._timer is None, "a paused player has no timer at all"
        before = player.remaining
        player.advance(5)
        await pilot.pause(0.4)  # several ticks' worth: nothing moves
        assert player.remaining == before
        await pilot.press("space")
        assert not player.paused and player._timer is not None
        await pilot.pause(0.45)
        assert before - 1 < player.remaining < before, "the interval ticks again once resumed"


async def test_countdown_waits_while_another_screen_covers_the_player(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=2)
        await open_screen(pilot, app, player, Recorder())
        assert player._timer is not None
        await app.push_screen(Screen())
        await settle(pilot, app)
        assert player._timer is None, "help or the palette on top: no ticking underneath"
        app.pop_screen()
        await settle(pilot, app)
        assert player._timer is not None and not player.paused


async def test_skip_and_back_move_between_steps_and_skips_do_not_count(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=2)
        await open_screen(pilot, app, player, got)
        await pilot.press("n")
        assert (player.index, player.remaining) == (1, 20)
        await pilot.press("right")
        assert player.index == 2
        await pilot.press("b")
        assert (player.index, player.remaining) == (1, 20)
        player.advance(7)
        await pilot.press("left")
        assert (player.index, player.remaining) == (0, 10), "back starts the previous step afresh"
        await pilot.press("left")
        assert player.index == 0, "back on the first step restarts it"
        player.advance(10)  # step 1 done by the clock
        await pilot.press("n", "n")  # skip step 2, then skipping the last ends the routine
        assert player.phase == "after"
        await pilot.press("enter")
        await settle(pilot, app)
    assert (got.only.steps_done, got.only.steps_total, got.only.outcome) == (1, 3, "done")


async def test_escape_during_steps_abandons_without_asking(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, context="seated")
        await open_screen(pilot, app, player, got)
        await pilot.press("7")
        player.advance(12)
        step_clock(app, 12)
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, RoutinePlayerScreen)
        assert player._timer is None
    run = got.only
    assert (run.outcome, run.steps_done, run.pain_before, run.pain_after) == ("abandoned", 1, 7, None)
    assert run.ended == START + timedelta(seconds=12) and run.transition == "seated"


async def test_escape_at_the_first_question_records_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, RoutinePlayerScreen(TRIO), got)
        await pilot.press("escape")
        await settle(pilot, app)
    assert got.only is None


async def test_player_timer_stops_when_closed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=1)
        await open_screen(pilot, app, player, Recorder())
        timer = player._timer
        assert timer is not None
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert player._timer is None
        assert timer._task is None or timer._task.done()


# ------------------------------------------------------------------- what a run records, from Today


def today_of(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


def shown(screen: Screen[Any], selector: str) -> str:
    """A panel's text as the person reads it, without markup."""
    return str(screen.query_one(selector).render())


async def start_suggested(pilot: Pilot[Any], app: PainPalApp) -> RoutinePlayerScreen:
    """Today's suggested routine, started with s, as a person does."""
    await settle(pilot, app)
    await pilot.press("s")
    await settle(pilot, app)
    player = app.screen
    assert isinstance(player, RoutinePlayerScreen)
    return player


async def test_skipping_every_step_is_stored_as_skipped_and_counts_no_relief(tmp_path: Path) -> None:
    """0 of N steps done is not a routine done: not in the review's count, not minutes of relief, no praise."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_suggested(pilot, app)
        await pilot.press("enter")  # no pain before
        step_clock(app, 3)
        await pilot.press(*["n"] * len(player.routine.steps))
        assert player.phase == "after"
        head = shown(player, "#player-head")
        assert "Well done" not in head and f"0 of {len(player.routine.steps)}" in head, head
        await pilot.press("enter")  # no pain after
        await settle(pilot, app)
        status = today_of(app).status_text
        assert status.startswith(f"Skipped: {player.routine.name}"), status
    (run,) = app.store.records(RoutineRun)
    assert (run.outcome, run.steps_done, run.seconds, run.done) == ("skipped", 0, 0.0, False)
    review = day_review(History.load(app.store, START - timedelta(days=1), None), START.date())
    assert (review.done, review.skipped, review.strategic_minutes, review.soothing_minutes) == (0, 1, 0.0, 0.0)


async def test_minutes_of_relief_are_the_seconds_of_the_steps_done(tmp_path: Path) -> None:
    """A step skipped part-way adds nothing; Enter part-way through a step counts that step, for the time it ran."""
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO, pain_before=2)
        await open_screen(pilot, app, player, got)
        player.advance(4)
        await pilot.press("n")  # step 1 skipped after 4 s
        player.advance(20)  # step 2 runs out: done
        player.advance(5)
        await pilot.press("enter")  # done 5 s into step 3
        assert player.phase == "after" and "2 of 3 steps done" in shown(player, "#player-head")
        await pilot.press("enter")
        await settle(pilot, app)
    run = got.only
    assert (run.outcome, run.steps_done, run.seconds) == ("done", 2, 25.0)
    assert run_minutes(run) == pytest.approx(25 / 60), "not Trio's whole minute"
    morning = routines.get("morning-mobility")
    assert morning is not None
    assert run.minutes_done(morning.total_seconds / 60) == pytest.approx(25 / 60), "seconds win over the length"


async def test_a_high_rating_after_is_a_check_in_and_goes_on_as_one_from_today(tmp_path: Path) -> None:
    """Pain 2 before (from a check-in, said on screen), 8 after: a check-in of 8, the detail step, the warning
    check, and the flare routine suggested; the status names the routine, not its id."""
    app = make_app(tmp_path)
    app.store.add(CheckIn(at=START - timedelta(minutes=15), intensity=2))
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_suggested(pilot, app)
        assert player.phase == "steps", "a check-in 15 minutes old is the pain before"
        before = shown(player, "#player-before")
        assert "Pain before: 2 from your check-in at 09:50" in before, before
        player.advance(10_000)
        step_clock(app, 30)  # under Today's clock-jump gap: its 20 s tick would have run all along
        await pilot.press("8")
        await settle(pilot, app)
        status = today_of(app).status_text
        assert status.startswith(f"Done: {player.routine.name}") and "pain 2 → 8" in status, status
        assert player.routine.id not in status
        assert isinstance(app.screen, CheckInDetailScreen), "the check-in's detail step, as after an 8 on Today"
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "WarningCheckScreen", "pain 8 offers the warning-sign check"
        await pilot.press("escape")
        await settle(pilot, app)
        screen = today_of(app)
        assert app.screen_stack[-1] is screen, "back on Today"
        assert "Last: 8 at" in shown(screen, "#last-checkin")
        assert screen.suggestion is not None and screen.suggestion.context == "flare"
    checkins = app.store.records(CheckIn)
    (run,) = app.store.records(RoutineRun)
    assert [c.intensity for c in checkins] == [2, 8]
    assert (run.pain_before, run.pain_after, run.outcome) == (2, 8, "done")
    assert checkins[-1].at == START + timedelta(seconds=30), "when the rating was given"


async def test_an_ordinary_rating_after_is_a_check_in_and_u_takes_the_routine_back_whole(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_suggested(pilot, app)
        await pilot.press("5")  # pain before, asked: no recent check-in
        assert "Pain before: 5 ·" in shown(player, "#player-before")
        player.advance(10_000)
        await pilot.press("3")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen), "nothing more is asked after an ordinary rating"
        assert [c.intensity for c in app.store.records(CheckIn)] == [3]
        assert "Last: 3 at" in shown(app.screen, "#last-checkin")
        await pilot.press("u")
        await settle(pilot, app)
    assert app.store.records(CheckIn) == [] and app.store.records(RoutineRun) == [], "one action, one undo"


@pytest.mark.parametrize("guarded", [False, True], ids=["keys-as-fast-as-pilot", "stray-key-guard-on"])
async def test_a_digit_pressed_as_the_steps_start_is_the_pain_before(tmp_path: Path, guarded: bool) -> None:
    """The question is skipped for a fresh check-in; a digit typed right after s must still count, never vanish."""
    from painpal.tui.app import BURST_GAP_S

    app = _make_app(tmp_path, START, plan=DayPlan(prompts=False), burst_gap_s=BURST_GAP_S if guarded else 0.0)
    app.store.add(CheckIn(at=START - timedelta(minutes=20), intensity=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("s", "6")
        await settle(pilot, app)
        player = app.screen
        assert isinstance(player, RoutinePlayerScreen) and player.phase == "steps"
        said = shown(player, "#player-before")
        assert "Pain before: 6 ·" in said and "check-in" not in said, said
        await pilot.press("enter", "enter")  # done now, no rating after
        await settle(pilot, app)
    (run,) = app.store.records(RoutineRun)
    assert run.pain_before == 6
    assert [c.intensity for c in app.store.records(CheckIn)] == [4], "the digit was not a check-in on Today"


def burst(app: PainPalApp, *keys: str) -> None:
    """Keys typed faster than painpal handles them: all queued at once, as a fast typist's reach the app."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize("seed", range(16))
async def test_q_and_keys_right_behind_it_in_the_player_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """q, then keys faster than painpal, while the countdown ticks; then the app is taken down at once.

    The keys may dismiss the player, save a run, reach Today (where q
    quits); the test leaves ``run_test`` while some are still queued, the
    harshest order: screens come apart while keys, ticks and a save's
    result still arrive. ``run_test`` re-raises anything that escaped.
    """
    monkeypatch.setattr(routine_module, "TICK_S", 0.001)  # a countdown tick at every chance
    rnd = random.Random(seed)
    keys = rnd.choices(["n", "b", "space", "enter", "escape", "5", "x", "right", "q"], k=10)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("s", "enter")  # Today's suggestion, past its "pain before" question
        assert isinstance(app.screen, RoutinePlayerScreen) and app.screen.phase == "steps"
        burst(app, "q", *keys)
        await asyncio.sleep(rnd.random() * 0.05)
    assert len(app.store.records(RoutineRun)) <= 1, "one run at most, however the keys fell"


async def test_digits_typed_past_the_last_detail_question_stay_with_it(tmp_path: Path) -> None:
    """The detail step closes on its last answer; the digits queued behind it must not close Today too."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "CheckInDetailScreen"
        burst(app, *"1111111" + "1111")  # seven answers, then four more
        await settle(pilot, app)
        assert app.screen_stack[1].__class__.__name__ == "TodayScreen"
        assert len(app.screen_stack) >= 2, app.screen_stack
    stored = app.store.records(CheckIn)
    assert stored[0].intensity == 4 and stored[0].leg_spread is False, "all seven answered"
    assert len(stored) <= 1 + 4, "at most one check-in per extra key, never a lost or duplicated detail"


async def test_player_screenshot_at_80x24_shows_the_cue_countdown_next_and_stop_rule(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    routine = routines.get("morning-mobility")
    assert routine is not None
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(routine, pain_before=3)
        await open_screen(pilot, app, player, Recorder())
        player.advance(20)
        await pilot.pause()
        svg = app.export_screenshot()
    text = svg.replace("&#160;", " ")
    for words in ("Pelvic", "tilts:", "Step", "2", "of", "6", "Next:", "Knee", "rocks:", "Stop", "rule:"):
        assert words in text, words
    assert clock_text(35) == "00:35"


# ------------------------------------------------------------------------------------------------ relief


def test_relief_choices_keep_the_common_ones_first_then_own_ones_by_first_use_without_repeats() -> None:
    recent = [
        Relief(at=START - timedelta(days=1), name="Hot water bottle", kind="soothing"),
        Relief(at=START - timedelta(days=2), name="physio", kind="strategic"),
        Relief(at=START - timedelta(hours=1), name="heat", kind="soothing"),
        Relief(at=START - timedelta(hours=2), name="Physio", kind="strategic"),
    ]
    choices = relief_choices(recent)
    assert choices[:9] == COMMON_ORDER, "the common reliefs keep keys 1-9 whatever was used lately"
    assert choices[9:] == ("physio", "Hot water bottle"), "then the person's own, first used first"
    assert relief_choices(recent, known=("yoga",))[9:] == ("yoga", "physio", "Hot water bottle")
    assert all(name in RELIEFS for name in relief_choices([]))


async def test_relief_choose_minutes_enter_stores_it_with_its_kind(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()

    keep = got.storing(app.store)

    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReliefScreen([]), keep)
        await pilot.press("1")  # heat
        await pilot.press("1", "5", "enter")
        await settle(pilot, app)
    stored = app.store.records(Relief)
    assert [(r.name, r.kind, r.minutes) for r in stored] == [("heat", "soothing", 15)]
    assert stored[0].at == START


async def test_relief_strategic_choice_and_enter_alone_skips_minutes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReliefScreen([]), got)
        await pilot.press("2")  # walk
        await pilot.press("4", "backspace", "enter")
        await settle(pilot, app)
    assert (got.only.name, got.only.kind, got.only.minutes) == ("walk", "strategic", None)


async def test_relief_medication_is_name_only(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ReliefScreen([])
        await open_screen(pilot, app, screen, got)
        assert MEDICATION_NOTE in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("3")  # medication taken: saved at once, no minutes, no amount
        await settle(pilot, app)
    assert (got.only.name, got.only.minutes, got.only.kind) == ("medication taken", None, "soothing")


@pytest.mark.parametrize(("typed", "saved"), [("ibuprofen", "ibuprofen"), ("Ibuprofen 400 mg x2", "Ibuprofen")])
async def test_relief_typed_medicine_is_saved_at_once_by_name_and_counted_as_medication(
    tmp_path: Path, typed: str, saved: str
) -> None:
    from painpal.services.report import report_for

    app = make_app(tmp_path)
    got = Recorder()

    keep = got.storing(app.store)

    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReliefScreen([]), keep)
        await pilot.press("o", *typed, "enter")  # no minutes question: Enter on the name saves it
        await settle(pilot, app)
        assert not isinstance(app.screen, ReliefScreen), "medication is saved at once"
    stored = app.store.records(Relief)
    assert [(r.name, r.kind, r.minutes) for r in stored] == [(saved, "soothing", None)]
    assert is_medication(stored[0].name)
    medications = report_for(app.store, START + timedelta(minutes=1)).medications
    assert [(m.at, m.name) for m in medications] == [(START, saved)]


async def test_relief_own_words_and_escape(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app, ReliefScreen([]), got)
        await pilot.press("o", *"swim", "escape")  # Esc leaves the field, not the screen
        assert isinstance(app.screen, ReliefScreen)
        await pilot.press("o", *"pool swim", "enter")
        await pilot.press("3", "0", "enter")
        await settle(pilot, app)
        await open_screen(pilot, app, ReliefScreen([]), got)
        await pilot.press("escape")
        await settle(pilot, app)
    first, second = got.results
    assert (first.name, first.kind, first.minutes) == ("pool swim", "strategic", 30)
    assert second is None


async def test_relief_backspace_on_empty_minutes_goes_back_to_the_list(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    recent = [Relief(at=START - timedelta(hours=3), name="yoga", kind="strategic")]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ReliefScreen(recent)
        await open_screen(pilot, app, screen, got)
        await pilot.press("2", "backspace")  # heat, then back
        assert screen.phase == "choose"
        await pilot.press("0", "1", "enter")  # yoga, the first of the person's own, on the next page; no minutes
        await settle(pilot, app)
    assert (got.only.name, got.only.kind) == ("yoga", "strategic")


# ------------------------------------------------------------------------------------------------ library


async def open_library(pilot: Pilot[Any], app: PainPalApp) -> RoutinesScreen:
    screen = RoutinesScreen()
    await open_screen(pilot, app, screen, Recorder())
    assert screen.loaded
    return screen


def select(screen: RoutinesScreen, routine_id: str) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=[r.id for r in screen.routines].index(routine_id))


async def test_library_add_a_routine_then_edit_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot, app)
        assert len(screen.routines) == len(routines.BUILTINS)
        await pilot.press("a")
        editor = app.screen
        assert isinstance(editor, RoutineEditScreen)
        await pilot.press(*"Evening stretch")
        editor.query_one("#edit-kind", Input).value = "soothing"
        editor.query_one("#edit-fits", Input).value = "unwind, sleep"
        editor.query_one(TextArea).text = "bad line"
        await pilot.press("ctrl+s")
        assert app.screen is editor, "a bad step keeps the editor open"
        assert "has no time" in str(editor.query_one("#edit-error").render())
        editor.query_one(TextArea).text = "30 Knee rocks\nBreathe out slowly 1 min"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        saved = app.store.setting("routines")
        assert [d["id"] for d in saved] == ["my-evening-stretch"]
        own = routines.routine_from_dict(saved[0])
        assert (own.name, own.kind, own.fits) == ("Evening stretch", "soothing", ("unwind", "sleep"))
        assert [(s.cue, s.seconds) for s in own.steps] == [("Knee rocks", 30), ("Breathe out slowly", 60)]
        assert screen.current_id() == "my-evening-stretch", "the cursor lands on the new routine"

        await pilot.press("e")
        again = app.screen
        assert isinstance(again, RoutineEditScreen)
        assert again.query_one(TextArea).text == "30 Knee rocks\n60 Breathe out slowly"
        again.query_one("#edit-name", Input).value = "Evening wind-down"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    saved = app.store.setting("routines")
    assert [(d["id"], d["name"]) for d in saved] == [("my-evening-stretch", "Evening wind-down")]


async def test_library_keeps_unreadable_custom_entries(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    broken = {"id": "x", "steps": "not a list"}
    app.store.set_setting("routines", [broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot, app)
        await pilot.press("a", *"Mine")
        app.screen.query_one(TextArea).text = "20 Shoulder rolls"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert app.store.setting("routines")[0] == broken


async def test_library_escape_in_editor_saves_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot, app)
        await pilot.press("a", *"Nope", "escape")
        await settle(pilot, app)
        assert isinstance(app.screen, RoutinesScreen)
    assert app.store.setting("routines") is None


async def test_library_hide_and_unhide_a_builtin(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot, app)
        select(screen, "walk-10")
        await pilot.press("h")
        await settle(pilot, app)
        assert app.store.setting("hidden_routines") == ["walk-10"]
        assert screen.current() is not None and screen.current().hidden  # type: ignore[union-attr]
        assert "walk-10" not in [r.id for r in routines.visible(hidden=app.store.setting("hidden_routines"))]
        await pilot.press("e")
        assert isinstance(app.screen, RoutinesScreen), "built-ins are not edited"
        assert "hide" in str(screen.query_one("#lib-status").render())
        await pilot.press("h", "h", "h")  # quick presses: the last one wins on disk
        await settle(pilot, app)
    assert app.store.setting("hidden_routines") == []


async def test_library_enter_starts_the_routine_and_saves_the_run(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot, app)
        select(screen, "standing-reset")
        await pilot.press("enter")
        player = app.screen
        assert isinstance(player, RoutinePlayerScreen) and player.routine.id == "standing-reset"
        await pilot.press("3")
        player.advance(10_000)
        await pilot.press("1")
        await settle(pilot, app)
        assert app.screen is screen
        said = str(screen.query_one("#lib-status").render())
        assert said.startswith("Done: Standing reset, 5 of 5 steps") and "pain 3 → 1" in said, said
    runs = app.store.records(RoutineRun)
    assert [(r.routine, r.outcome, r.pain_before, r.pain_after) for r in runs] == [("standing-reset", "done", 3, 1)]
    assert [c.intensity for c in app.store.records(CheckIn)] == [1], "the rating after is a check-in from here too"


async def test_library_run_with_a_high_rating_after_goes_on_as_one_from_today(tmp_path: Path) -> None:
    """Played from the library, a 9 after is a check-in too, and the detail step and warning check follow."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot, app)
        select(screen, "calm-breathing")
        await pilot.press("enter", "2")
        player = app.screen
        assert isinstance(player, RoutinePlayerScreen)
        player.advance(10_000)
        await pilot.press("9")
        await settle(pilot, app)
        assert isinstance(app.screen, CheckInDetailScreen), "Today's check-in path, over the library"
        assert "pain 2 → 9" in shown(screen, "#lib-status")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "WarningCheckScreen"
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen_stack[-1] is screen, "back in the library"
    assert [c.intensity for c in app.store.records(CheckIn)] == [9]
    assert [(r.routine, r.pain_before, r.pain_after) for r in app.store.records(RoutineRun)] == [
        ("calm-breathing", 2, 9)
    ]


async def test_library_click_on_a_row_shows_it_without_starting(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_library(pilot, app)
        await pilot.click(DataTable, offset=(4, 3))
        await pilot.click(DataTable, offset=(4, 3))
        await settle(pilot, app)
        assert app.screen is screen
        assert screen.current_id() == screen.routines[2].id
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, RoutinesScreen)


@pytest.mark.parametrize(
    "screen_factory", [lambda: RoutinePlayerScreen(TRIO), lambda: ReliefScreen([]), RoutinesScreen]
)
async def test_every_screen_offers_its_actions_in_the_palette(tmp_path: Path, screen_factory: Any) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_factory()
        await open_screen(pilot, app, screen, Recorder())
        titles = [c.title for c in app.get_system_commands(screen)]
        own = [c.title for c in screen.palette_commands()]
        assert own and set(own) <= set(titles)
