"""Typed settings: a bad stored value gets the same one sentence on every surface, and is never written over.

A hand-edited or damaged data file can hold a plan that no longer
validates, routines painpal cannot read, or a theme it does not know. Every
command that needs the setting exits 1 with the sentence (no traceback);
every screen stays up and shows it; the file is left byte for byte as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from painpal import demo, settings
from painpal.domain.clock import FixedClock
from painpal.domain.plan import DayPlan, plan_to_dict
from painpal.routines import routine_to_dict, visible
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp

from .conftest import assert_one_line_error, tree_digest
from .tui_helpers import MONDAY_1005, settle

BAD_PLAN = {**plan_to_dict(DayPlan()), "wake": "6:30am"}
BAD_ROUTINE = {"id": "mine", "name": "My stretch", "steps": "none"}

CASES: dict[str, tuple[settings.Key, Any]] = {
    "plan": (settings.PLAN, BAD_PLAN),
    "routines": (settings.ROUTINES, [BAD_ROUTINE]),
    "routines-not-a-list": (settings.ROUTINES, {"id": "x"}),
    "hidden": (settings.HIDDEN_ROUTINES, "walk-10"),
    "theme": (settings.THEME, 42),
    "welcomed": (settings.WELCOMED, "yes"),
}
COMMANDS: dict[settings.Key, tuple[tuple[str, ...], ...]] = {
    settings.PLAN: (("review",), ("status",), ("suggest",), ("report", "--days", "7")),
    settings.ROUTINES: (("routines",), ("suggest",), ("report", "--days", "7")),
    settings.HIDDEN_ROUTINES: (("routines",), ("suggest",)),
    settings.THEME: (),
    settings.WELCOMED: (),
}


def sentence(key: settings.Key, value: Any) -> str:
    problem = settings.from_values({key: value}).problem(key)
    assert problem is not None
    return problem.message


def seeded(data_dir: Path, key: settings.Key, value: Any) -> Path:
    store = Store(data_dir, FixedClock(MONDAY_1005))
    store.add_documents(demo.documents(MONDAY_1005, 14))
    store.set_setting(settings.WELCOMED, True)
    store.set_setting(key, value)
    return data_dir


# ------------------------------------------------------------------------------------------------ the load


def test_good_values_load_and_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "d", FixedClock(MONDAY_1005))
    mine = DayPlan(max_seated_minutes=40)
    routine = visible()[0]
    custom = {**routine_to_dict(routine), "id": "mine", "name": "Mine"}
    settings.save(
        store, plan=mine, routines=[custom], hidden_routines=["walk-10"], welcomed=True, theme=settings.LIGHT_THEME
    )
    loaded = settings.load(store)
    assert loaded.problems == ()
    assert loaded.plan == mine
    assert [r.id for r in loaded.routines] == ["mine"]
    assert loaded.hidden_routines == ("walk-10",)
    assert loaded.welcomed is True and loaded.theme == settings.LIGHT_THEME


def test_nothing_stored_is_the_defaults() -> None:
    loaded = settings.from_values({})
    assert loaded == settings.Settings()
    assert loaded.plan == DayPlan() and not loaded.welcomed and loaded.theme is None


@pytest.mark.parametrize("case", CASES)
def test_a_bad_value_falls_back_and_names_setting_and_fix(case: str) -> None:
    key, value = CASES[case]
    loaded = settings.from_values({key: value})
    problem = loaded.problem(key)
    assert problem is not None and problem.key == key
    text = problem.message
    assert text.endswith(".") and "\n" not in text and not re.search(r"\. [A-Z]", text), text  # one sentence
    assert "key " in text or "press Enter" in text  # names where to fix it
    assert loaded.routines == ()
    if key == settings.PLAN:
        assert loaded.plan.wake == DayPlan().wake  # the field that failed takes its default
    else:
        assert loaded.plan == DayPlan()


def test_the_readable_part_of_a_bad_plan_stays_in_use() -> None:
    """One bad field must not throw the person's other plan settings away (the Plan screen opens on them)."""
    stored = {**plan_to_dict(DayPlan(max_seated_minutes=30)), "wake": "6:30am", "work_blocks": [["08:00", "12:00"]]}
    loaded = settings.from_values({settings.PLAN: stored})
    assert loaded.problem(settings.PLAN) is not None
    assert loaded.plan.max_seated_minutes == 30
    assert [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in loaded.plan.work_blocks] == [("08:00", "12:00")]
    assert loaded.plan.wake == DayPlan().wake


def test_an_unreadable_routine_is_kept_as_stored_beside_the_good_ones() -> None:
    good = {**routine_to_dict(visible()[0]), "id": "good", "name": "Good one"}
    loaded = settings.from_values({settings.ROUTINES: [BAD_ROUTINE, good]})
    assert [r.id for r in loaded.routines] == ["good"]
    assert loaded.stored_routines == (BAD_ROUTINE, good)
    problem = loaded.problem(settings.ROUTINES)
    assert problem is not None and "My stretch" in problem.message


def test_a_theme_saved_before_painpal_had_its_own_still_means_dark_or_light(tmp_path: Path) -> None:
    store = Store(tmp_path / "d", FixedClock(MONDAY_1005))
    store.set_setting(settings.THEME, "textual-light")
    assert settings.load(store).theme == settings.LIGHT_THEME
    assert settings.stored_theme(store) == (settings.LIGHT_THEME, None)


def test_save_refuses_an_unknown_theme(tmp_path: Path) -> None:
    from painpal.domain.records import ValidationError

    store = Store(tmp_path / "d", FixedClock(MONDAY_1005))
    with pytest.raises(ValidationError):
        settings.save(store, theme="pink")
    assert store.settings() == {}


# ------------------------------------------------------------------------------------------------ commands


@pytest.mark.parametrize("case", [c for c in CASES if COMMANDS[CASES[c][0]]])
def test_every_command_that_needs_it_says_the_sentence_and_exits_1(
    case: str, isolated_env: Path, cli: Callable[..., Any]
) -> None:
    key, value = CASES[case]
    data_dir = seeded(isolated_env, key, value)
    before = tree_digest(data_dir)
    for args in COMMANDS[key]:
        proc = cli(*args)
        line = assert_one_line_error(proc, 1)
        assert line == f"painpal: {sentence(key, value)}", (args, line)
        assert proc.stdout == ""
    assert tree_digest(data_dir) == before


@pytest.mark.parametrize("case", CASES)
def test_a_check_in_and_an_export_still_work(case: str, isolated_env: Path, cli: Callable[..., Any]) -> None:
    """Recording pain and backing up never depend on a setting: a bad one must not stop them."""
    key, value = CASES[case]
    seeded(isolated_env, key, value)
    assert cli("log", "4").returncode == 0
    exported = cli("export")
    assert exported.returncode == 0 and json.loads(exported.stdout)["records"]["checkins"]
    assert Store(isolated_env, FixedClock(MONDAY_1005)).settings()[key] == value  # left as stored, not "fixed"


# ------------------------------------------------------------------------------------------------ screens


def shown(app: PainPalApp, selector: str) -> str:
    return " ".join(str(w.visual) for w in app.screen.query(selector).results(Static)).replace("\n", " ")


@pytest.mark.parametrize("case", ["plan", "routines", "theme"])
async def test_every_screen_stays_up_and_says_it(case: str, tmp_path: Path) -> None:
    key, value = CASES[case]
    data_dir = seeded(tmp_path / "data", key, value)
    before = tree_digest(data_dir)
    text = sentence(key, value)
    clock = FixedClock(MONDAY_1005)
    app = PainPalApp(Store(data_dir, clock), clock, ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, app)
        assert text in shown(app, "#notes"), shown(app, "#notes")
        assert "Check in" in app.screen.query_one("#checkin-panel").border_title  # Today is up and usable
        for key_press, selector in (("i", "#patterns-head"), ("v", "#review-status"), ("c", "#care-status")):
            await pilot.press(key_press)
            await settle(pilot, app)
            if case != "plan" and key_press == "v":
                await pilot.press("escape")
                await settle(pilot, app)
                continue  # the review reads only the plan
            assert text in shown(app, selector), (key_press, shown(app, selector))
            await pilot.press("escape")
            await settle(pilot, app)
        if case == "routines":
            await pilot.press("l")
            await settle(pilot, app)
            assert text in shown(app, "#lib-status")
            await pilot.press("escape")
            await settle(pilot, app)
    assert app.return_code in (None, 0)
    assert tree_digest(data_dir) == before


def test_whose_report_it_is_is_checked_and_a_bad_stored_value_is_named() -> None:
    from datetime import date

    from painpal import settings

    good = settings.from_values({"report_person": {"name": " Alex Doe ", "born": "1980-04-02"}})
    assert good.report_person == settings.ReportPerson("Alex Doe", date(1980, 4, 2)) and not good.problems
    for stored in ("Alex", {"name": "a\x1bb"}, {"born": "1980-13-01"}, {"born": "0999-01-01"}):
        bad = settings.from_values({"report_person": stored})
        assert bad.report_person == settings.ReportPerson()
        problem = bad.problem("report_person")
        assert problem is not None and "painpal report --name" in problem.message
