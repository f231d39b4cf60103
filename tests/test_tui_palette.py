"""The command palette is made from the screens' keys (painpal/tui/screens/base.py): same actions, same words.

Driven through Pilot like a person would: Ctrl+P, type a name, Enter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from painpal.domain.records import CheckIn
from painpal.tui.app import PainPalApp
from painpal.tui.palette import reading_order
from painpal.tui.screens.base import PainPalModal, PainPalScreen
from painpal.tui.screens.care import CareScreen
from painpal.tui.screens.help import HelpScreen
from painpal.tui.screens.insights import InsightsScreen
from painpal.tui.screens.plan import PlanScreen
from painpal.tui.screens.relief import MINUTE_PRESETS, ReliefScreen
from painpal.tui.screens.review import ReviewScreen
from painpal.tui.screens.routine import RoutinePlayerScreen
from painpal.tui.screens.routines import RoutinesScreen
from painpal.tui.screens.today import TodayScreen

from .test_tui_routine import TRIO, Recorder, open_screen
from .tui_helpers import make_app, settle


def actions(commands: list[SystemCommand]) -> list[str]:
    """The action each entry runs (entries made from a key run it by name)."""
    return [c.callback.args[0] for c in commands if hasattr(c.callback, "args")]  # type: ignore[attr-defined]


def bound(screen: type[PainPalScreen[Any]]) -> list[str]:
    """Each action the screen binds to a key, once, in order."""
    return list(dict.fromkeys(b.action for b in Binding.make_bindings(screen.BINDINGS)))


async def run_from_palette(pilot: Pilot[Any], app: PainPalApp, name: str) -> None:
    """Open the palette, type ``name``, choose the best match with Enter."""
    await pilot.press("ctrl+p")
    await settle(pilot, app)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*name)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await settle(pilot, app)


def today(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


# ---------------------------------------------------------------------- driven with keys


@pytest.mark.parametrize(("name", "opened"), [("Plan", PlanScreen), ("Help", HelpScreen), ("Insights", InsightsScreen)])
async def test_typing_a_name_in_the_palette_runs_that_action_on_today(
    tmp_path: Path, name: str, opened: type[Any]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)
        await run_from_palette(pilot, app, name)
        assert isinstance(app.screen, opened), app.screen


async def test_a_pain_number_from_the_palette_records_that_check_in(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await run_from_palette(pilot, app, "Record pain 4 now")
        await settle(pilot, app)
        assert [c.intensity for c in app.store.records(CheckIn)] == [4]


def listed(app: PainPalApp) -> list[str]:
    """The titles the open palette lists, top to bottom."""
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


@pytest.mark.parametrize("typed", ["", "pain"])
async def test_the_palette_lists_the_pain_scale_in_scale_order(tmp_path: Path, typed: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*typed)
        await pilot.pause(0.4)  # the palette gathers in a worker, in batches
        pains = [t for t in listed(app) if t.startswith("Record pain")]
        numbers = [int(t.split()[2]) for t in pains]
        assert numbers == list(range(11)), pains


def test_reading_order_compares_numbers_by_value() -> None:
    titles = ["Record pain 10 now", "Record pain 2 now", "Relief: 15 minutes", "Relief: 5 minutes", "help"]
    assert sorted(titles, key=reading_order) == [
        "help",
        "Record pain 2 now",
        "Record pain 10 now",
        "Relief: 5 minutes",
        "Relief: 15 minutes",
    ]


async def test_the_palette_runs_a_modal_screens_key_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO)
        await open_screen(pilot, app, player, got)
        await run_from_palette(pilot, app, "Routine: Pain 6")
        assert app.screen is player
        assert (player.phase, player.pain_before) == ("steps", 6)


# ---------------------------------------------------------------------- the same actions as the keys


async def test_every_key_of_today_and_of_the_app_is_in_the_palette_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen = today(app)
        assert actions(list(screen.palette_commands())) == bound(TodayScreen)
        every = list(app.get_system_commands(screen))
        titles = [c.title for c in every]
        assert {t for t in titles if titles.count(t) > 1} == {"Theme"}, "Textual's theme picker, and painpal's T"
        for binding in Binding.make_bindings(app.BINDINGS):
            assert binding.action in actions(every), binding
        assert titles.count("Quit") == 1, "Textual's own Quit gives way to painpal's q"
        assert "Record pain 10 now" in titles and "Key x" in [c.help for c in every]
        moved = next(c for c in every if c.title == "Moved")
        assert moved.help == "Restart the sitting timer — key m"


@pytest.mark.parametrize("screen_class", [CareScreen, RoutinesScreen, InsightsScreen])
async def test_a_screens_palette_names_its_group_and_offers_each_of_its_keys(
    tmp_path: Path, screen_class: type[PainPalScreen[Any]]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_class()
        await open_screen(pilot, app, screen, Recorder())
        commands = list(screen.palette_commands())
        enabled = [a for a in bound(screen_class) if screen.check_action(a, ())]
        assert actions(commands) == enabled
        group = screen_class.PALETTE_GROUP
        assert group and all(c.title.startswith(f"{group}: ") for c in commands if hasattr(c.callback, "args"))


async def test_an_action_the_screen_switches_off_is_not_offered(tmp_path: Path) -> None:
    """The player's keys change with its phase; so does its palette."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        player = RoutinePlayerScreen(TRIO)
        await open_screen(pilot, app, player, Recorder())
        before = [c.title for c in player.palette_commands()]
        assert [f"Routine: Pain {n}" for n in range(11)] == [t for t in before if t.startswith("Routine: Pain")]
        assert "Routine: Cancel" in before and "Routine: Pause/resume" not in before
        await pilot.press("5")
        steps = [c.title for c in player.palette_commands()]
        assert "Routine: Pause/resume" in steps and "Routine: Cancel" not in steps
        assert "Routine: Pain 3" not in steps and "Routine: Pain before 3" in steps, "a digit then is the pain before"
        skip = next(c for c in player.palette_commands() if c.title == "Routine: Skip")
        assert skip.help.endswith("keys n, →")


async def test_relief_names_each_choice_and_offers_minutes_as_presets(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    got = Recorder()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ReliefScreen([])
        await open_screen(pilot, app, screen, got)
        titles = [c.title for c in screen.palette_commands()]
        assert titles[: len(screen.choices)] == [f"Relief: {name}" for name in screen.choices]
        assert "Relief: Own words" in titles and not any("minutes" in t for t in titles)
        await run_from_palette(pilot, app, "Relief: walk")
        assert screen.phase == "minutes"
        titles = [c.title for c in screen.palette_commands()]
        assert [f"Relief: {m} minutes" for m in MINUTE_PRESETS] == [t for t in titles if t.endswith(" minutes")]
        assert "Relief: Save" in titles and "Relief: Minutes 3" not in titles


def test_every_painpal_screen_is_built_on_the_base() -> None:
    import importlib
    import pkgutil

    from textual.screen import ModalScreen, Screen

    import painpal.tui.screens as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
                assert issubclass(value, PainPalScreen), value
                if issubclass(value, ModalScreen):
                    assert issubclass(value, PainPalModal), value
    assert ReviewScreen in found and len(found) >= 15
