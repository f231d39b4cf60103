"""Hostile text and files found by a red-team pass over the application layer: one sentence, never a crash.

Each test is a case that once gave a traceback, a crashed screen, or a data
file written over; the fix is named beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Static

from painpal import settings
from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan, plan_to_dict
from painpal.domain.records import CheckIn
from painpal.routines import routine_to_dict, visible
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp
from painpal.tui.markup import escape

from .conftest import assert_one_line_error, digest, tree_digest
from .tui_helpers import LONDON, MONDAY_1005, settle

HOSTILE = [
    "left [side",
    "x [0",
    "[$var] ok",
    "[b]x[/b]",
    "[/]",
    "[@click=app.quit]quit[/]",
    "back\\[b]slash",
    "ends with \\",
    "][",
    "[red",
    "emoji 🌶 and [日本]",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_renders_any_text_exactly(text: str) -> None:
    assert Content.from_markup(escape(text)).plain == text


def test_escape_drops_control_characters() -> None:
    assert Content.from_markup(escape("Evil\x1b[31mRED\x07")).plain == "Evil[31mRED"


async def test_today_stays_up_with_brackets_in_a_check_in_and_a_routine_name(tmp_path: Path) -> None:
    """An unclosed ``[`` in a location, and markup in a broken routine's name, once crashed Today on start."""
    clock = FixedClock(MONDAY_1005)
    store = Store(tmp_path / "data", clock)
    store.set_setting("welcomed", True)
    store.set_setting("plan", plan_to_dict(DayPlan()))
    store.set_setting("routines", [{"name": "[b]x[/b] [$var] [red", "steps": "none"}])
    store.add(CheckIn(at=datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), intensity=4, location="left [side"))
    store.add(CheckIn(at=datetime(2026, 11, 30, 9, 30, tzinfo=LONDON), intensity=3))
    app = PainPalApp(store, clock, ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        notes = " ".join(str(w.visual) for w in app.screen.query("#notes").results(Static)).replace("\n", " ")
        assert "“[b]x[/b] [$var] [red”" in notes
        await pilot.press("l")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
    assert app.return_code in (None, 0)


async def test_a_routine_cue_with_markup_shows_as_text_in_the_library(tmp_path: Path) -> None:
    clock = FixedClock(MONDAY_1005)
    store = Store(tmp_path / "data", clock)
    store.set_setting("welcomed", True)
    mine = {**routine_to_dict(visible()[0]), "id": "mine", "name": "Knee hug"}
    mine["steps"] = [{"cue": "Hug knees [/] and breathe [i]in[/i]", "seconds": 30}]
    settings.save(store, routines=[mine])
    app = PainPalApp(store, clock, ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("l")
        await settle(pilot, app)
        assert app.screen.query_one("#lib-table") is not None
    assert app.return_code in (None, 0)


def test_settings_sentences_are_one_short_line_whatever_was_stored() -> None:
    name = "Evil\nsecond line\x1b[31mRED" + "x" * 200_000
    values = {"plan": {"wake": "A" * 200_000}, "routines": [{"name": name, "steps": "x"}]}
    for problem in settings.from_values(values).problems:
        assert "\n" not in problem.message and "\x1b" not in problem.message
        assert len(problem.message) < 400


@pytest.mark.parametrize("value", ["²", "--5", "9" * 5000])
def test_a_digit_like_day_start_is_the_plan_sentence_not_a_traceback(
    value: str, isolated_env: Path, cli: Callable[..., Any]
) -> None:
    store = Store(isolated_env, FixedClock(MONDAY_1005))
    store.set_setting("plan", {"day_start_hour": value})
    for command in ("review", "status", "suggest"):
        line = assert_one_line_error(cli(command), 1)
        assert "saved day plan cannot be read" in line


@pytest.mark.parametrize("value", ["²", "٣"])
def test_log_refuses_unicode_digits(value: str, cli: Callable[..., Any], isolated_env: Path) -> None:
    assert_one_line_error(cli("log", value), 2)
    assert not isolated_env.exists()


@pytest.mark.parametrize("payload", ["[" * 5000 + "]" * 5000, '{"x": ' + "9" * 5000 + "}"])
def test_a_data_file_python_cannot_read_is_named_and_left_alone(
    payload: str, isolated_env: Path, cli: Callable[..., Any]
) -> None:
    isolated_env.mkdir(mode=0o700)
    live = isolated_env / "painpal.json"
    live.write_text(payload)
    before = digest(live)
    for args in (("status",), ("log", "4"), ("export",)):
        line = assert_one_line_error(cli(*args), 1)
        assert str(live) in line
    assert digest(live) == before


def test_import_of_a_record_that_is_not_an_object_is_bad_input(tmp_path: Path, cli: Callable[..., Any]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "painpal-export", "schema": 1, "records": {"checkins": [5]}}))
    line = assert_one_line_error(cli("import", str(bad)), 2)
    assert "Record 1" in line


@pytest.mark.parametrize("name", ["painpal.json", "archive/2026-11.json", "new-file.md"])
def test_output_into_the_data_folder_is_refused(name: str, isolated_env: Path, cli: Callable[..., Any]) -> None:
    assert cli("log", "4").returncode == 0
    (isolated_env / "archive").mkdir(exist_ok=True)
    before = tree_digest(isolated_env)
    for args in (("export", "-o"), ("report", "-o")):
        line = assert_one_line_error(cli(*args, str(isolated_env / name)), 2)
        assert "data folder" in line
    assert tree_digest(isolated_env) == before


def test_review_of_today_with_an_early_day_start(isolated_env: Path, cli: Callable[..., Any]) -> None:
    """At 03:00 with the day starting at 02:00, "today" is the calendar day: not a day in the future."""
    Store(isolated_env, FixedClock(MONDAY_1005)).set_setting("plan", plan_to_dict(DayPlan(day_start_hour=2)))
    proc = cli("review", "--date", "2026-11-30", env={"PAINPAL_NOW": "2026-11-30T03:00:00"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Review of Monday 30 November 2026")
