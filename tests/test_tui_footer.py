"""The footer, clicked with the mouse through Pilot: a key that records data records nothing; the others still work.

A footer entry reads as a legend, so a click on "0-9 x Pain" once stored pain
0 that nobody felt. Each test clicks the footer key itself (Textual turns the
click into a simulated key press) and then looks in the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widget import Widget

from painpal.domain.records import CheckIn, DayNote, Event, Relief, RoutineRun
from painpal.routines import Routine, Step
from painpal.storage.store import TABLES
from painpal.tui import screens
from painpal.tui.app import PainPalApp
from painpal.tui.screens.plan import PlanScreen
from painpal.tui.screens.relief import ReliefScreen
from painpal.tui.screens.review import ReviewScreen
from painpal.tui.screens.routine import RoutinePlayerScreen
from painpal.tui.screens.today import TodayScreen
from painpal.tui.widgets.footer import RECORDS_DATA, records_data
from painpal.tui.widgets.pain_scale import PainScale

from .tui_helpers import make_app, settle

ONE = Routine(
    id="one",
    name="One",
    kind="strategic",
    fits=("break",),
    pain_min=0,
    pain_max=10,
    steps=(Step("Stand up tall", 10),),
    stop_rule="Stop if pain spreads down a leg.",
    source="a test",
    summary="One short step.",
    exercise=True,
    gentle=True,
)


def footer_key(app: PainPalApp, action: str) -> Widget:
    """The footer entry of the top screen that runs ``action``."""
    keys = [k for k in app.screen.query("FooterKey") if getattr(k, "action", None) == action]
    assert len(keys) == 1, (
        f"{action} is not in the footer: {[getattr(k, 'action', '') for k in app.screen.query('FooterKey')]}"
    )
    return keys[0]


def stored(app: PainPalApp) -> int:
    """How many records of any kind the store holds (settings are not records)."""
    return sum(len(app.store.records(cls)) for cls in TABLES.values())


async def click(pilot: Pilot[Any], app: PainPalApp, action: str) -> None:
    await pilot.click(footer_key(app, action))
    await settle(pilot, app)


async def test_a_click_on_the_footer_pain_key_records_nothing_and_points_at_the_scale(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        today = app.screen
        assert isinstance(today, TodayScreen)
        await click(pilot, app, "checkin(0)")
        assert app.store.records(CheckIn) == []
        assert stored(app) == 0
        assert app.screen is today, "no detail step: there is no check-in to add detail to"
        assert "Press a number, 0-9 or x for 10, to record your pain" in today.status_text
        assert "records nothing" in today.status_text
        assert today.query_one("#scale", PainScale).has_class("-hint")
        await pilot.press("4")  # the key itself still records, at once
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [4]


async def test_a_click_on_the_footer_moved_key_records_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await click(pilot, app, "moved")
        assert app.store.records(Event) == []
        assert "Press m when you have moved" in app.screen.status_text  # type: ignore[attr-defined]


@pytest.mark.parametrize(("action", "screen"), [("plan", PlanScreen), ("review", ReviewScreen)])
async def test_a_click_on_a_footer_key_that_opens_a_screen_still_opens_it(
    tmp_path: Path, action: str, screen: type
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await click(pilot, app, action)
        assert isinstance(app.screen, screen)
        assert stored(app) == 0


async def test_a_click_on_the_routine_rating_records_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    results: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        player = RoutinePlayerScreen(ONE, context="break")
        app.push_screen(player, results.append)
        await settle(pilot, app)
        assert player.phase == "before"
        await click(pilot, app, "rate(0)")
        assert (player.phase, player.pain_before) == ("before", None), "the click did not rate"
        assert app.screen is player and results == []
        assert app.store.records(RoutineRun) == []


async def test_a_click_on_the_relief_choice_records_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    results: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        relief = ReliefScreen([])
        app.push_screen(relief, results.append)
        await settle(pilot, app)
        await click(pilot, app, "choose(1)")
        assert relief.phase != "minutes" and app.screen is relief and results == []
        assert app.store.records(Relief) == []


async def test_a_click_on_a_review_answer_records_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(CheckIn(at=app.clock.now(), intensity=5))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        review = ReviewScreen()
        app.push_screen(review)
        await settle(pilot, app)
        step = review.step
        await click(pilot, app, "answer(1)")
        assert review.step == step, "the click did not answer"
        assert app.store.records(DayNote) == []


def every_binding() -> list[Binding]:
    """Every key binding of the app and of every screen module."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    found = list(Binding.make_bindings(PainPalApp.BINDINGS))
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == module.__name__:
                found += Binding.make_bindings(value.BINDINGS)
    return found


RECORDING_ACTIONS = {"checkin", "rate", "answer", "choose", "moved", "away", "snooze", "skip"}
"""Actions that store something at one press, wherever they are bound."""
NOT_RECORDING = {
    "review-skip": "leaves a question unanswered and moves on",
    "confirm-yes": "the answer to a question the person was just asked (remove this? delete this?)",
    "confirm-no": "keeps it",
}
"""Keys whose action has one of those names but records nothing at one press."""


def test_every_key_that_records_at_one_press_is_known_to_the_footer() -> None:
    """A renamed binding id must not slip out of the list: every recording key is covered, every entry used."""
    bindings = every_binding()
    for binding in bindings:
        name = binding.action.split("(")[0]
        if name in RECORDING_ACTIONS and binding.id not in NOT_RECORDING:
            assert records_data(binding), f"{binding.id} ({binding.action}) records data but a click would press it"
    for entry in RECORDS_DATA:
        assert any(records_data(b) and (b.id or "").startswith(entry) for b in bindings), f"{entry} matches no key"
    assert not any(records_data(b) for b in bindings if b.action.split("(")[0] in {"plan", "review", "help", "quit"})
