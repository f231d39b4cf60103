"""One-key answers keep their keys (painpal/domain/choices.py), and where it hurts may be several places.

Driven through Today with real keys; what counts is what reached the store:
the check-in's places and the stored order of the person's own answers.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from painpal import settings
from painpal.domain.choices import answer_order, on_page, own_answers, page_count
from painpal.domain.records import CheckIn, Relief
from painpal.tui.app import PainPalApp
from painpal.tui.screens.checkin import QUESTIONS, CheckInDetailScreen
from painpal.tui.screens.relief import COMMON_ORDER

from .tui_helpers import MONDAY_1005, make_app, settle

USUAL_PLACES = QUESTIONS[0].defaults
"""The eight built-in places: keys 1-8 of the first page."""


async def check_in(pilot: Pilot[Any], app: PainPalApp, *keys: str) -> CheckIn:
    """Pain 5, then ``keys`` in the detail step, then Esc; the check-in as stored."""
    await pilot.press("5")
    await settle(pilot, app)
    assert isinstance(app.screen, CheckInDetailScreen)
    await pilot.press(*keys)
    if isinstance(app.screen, CheckInDetailScreen):
        await pilot.press("escape")
    await settle(pilot, app)
    return app.store.records(CheckIn)[-1]


def stored_order(app: PainPalApp, question: str) -> tuple[str, ...]:
    return settings.load(app.store).choices.get(question, ())


def test_the_order_is_the_usual_then_the_persons_own_by_first_use() -> None:
    order = answer_order(("a", "b"), ("mine",), ["new", "A", "mine", "later", "New"])
    assert order == ("a", "b", "mine", "new", "later")
    assert own_answers(order, ("a", "b")) == ("mine", "new", "later")
    assert page_count(order) == 1 and page_count([str(n) for n in range(10)]) == 2
    assert on_page([str(n) for n in range(10)], 1) == ("9",)
    assert on_page([str(n) for n in range(10)], 2) == on_page([str(n) for n in range(10)], 0), "wraps round"


async def test_an_answer_keeps_its_key_as_new_ones_are_added(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(CheckIn(at=MONDAY_1005 - timedelta(days=3), intensity=4, location=("tailbone",)))
    app.store.add(CheckIn(at=MONDAY_1005 - timedelta(days=1), intensity=4, location=("left hip", "lower back")))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        first = await check_in(pilot, app, "0", "1", "enter")  # page 2, key 1: left hip, first used after tailbone
        assert first.location == ("left hip",)
        assert stored_order(app, "location") == ("tailbone", "left hip")
        second = await check_in(pilot, app, "o", *"right knee", "enter", "enter")
        assert second.location == ("right knee",)
        assert stored_order(app, "location") == ("tailbone", "left hip", "right knee")
        third = await check_in(pilot, app, "9", "0", "1", "2", "enter")  # the same keys as before, and the new one
        assert third.location == ("tailbone", "left hip", "right knee")


async def test_the_stored_order_outlasts_the_history_that_is_read(tmp_path: Path) -> None:
    """ "calf" was first used long before the 90 days Today reads: it keeps key 9 all the same."""
    app = make_app(tmp_path)
    app.store.set_setting(settings.CHOICES, {"location": ["calf", "tailbone"]})
    app.store.add(CheckIn(at=MONDAY_1005 - timedelta(days=1), intensity=4, location=("tailbone",)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        stored = await check_in(pilot, app, "9", "enter")
        assert stored.location == ("calf",)


async def test_places_toggle_and_enter_with_none_leaves_the_place_unsaid(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        screen_keys = ("1", "8", "1", "enter")  # lower back on, leg on, lower back off
        stored = await check_in(pilot, app, *screen_keys)
        assert stored.location == (USUAL_PLACES[7],) == ("leg",)
        plain = await check_in(pilot, app, "enter", "1")  # no place; then quality 1
        assert plain.location == () and plain.quality == "sharp"
        assert stored_order(app, "location") == (), "only the usual answers were used: nothing to remember"


async def test_esc_keeps_the_places_toggled(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        stored = await check_in(pilot, app, "3", "7")
        assert stored.location == ("lower back, right", "hip")


async def test_relief_keys_stay_and_the_persons_own_are_on_the_next_page(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.set_setting(settings.CHOICES, {"relief": ["yoga"], "location": ["calf"]})
    app.store.add(Relief(at=MONDAY_1005 - timedelta(hours=2), name="pool swim", kind="strategic"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("r", "3")  # key 3 is medication taken, whatever was used lately; saved at once
        await settle(pilot, app)
        await pilot.press("r", "0", "2", "enter")  # page 2: 1 yoga, 2 pool swim
        await settle(pilot, app)
    assert [r.name for r in app.store.records(Relief)] == ["pool swim", COMMON_ORDER[2], "pool swim"]
    assert COMMON_ORDER[2] == "medication taken"
    assert settings.load(app.store).choices == {"relief": ("yoga", "pool swim"), "location": ("calf",)}
