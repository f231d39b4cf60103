"""`painpal routines`, `relief`, `suggest` and `status` as a person or a status bar runs them: real processes.

The clock is pinned with ``PAINPAL_NOW`` (the ``cli`` fixture starts at
Monday 30 November 2026, 09:59:30, London) and the default plan applies:
work blocks 09:00-12:30 and 13:30-17:30, a standing reset due after 60
seated minutes.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import SafetyEvent
from painpal.routines import new_custom, routine_to_dict
from painpal.storage.store import Store

from .conftest import assert_one_line_error, run_python

Cli = Callable[..., subprocess.CompletedProcess[str]]
LONDON = ZoneInfo("Europe/London")


def at_env(when: str) -> dict[str, str]:
    """Run the command at ``when`` (a London wall time, ISO)."""
    return {"PAINPAL_NOW": when}


def store(data_dir: Path) -> Store:
    return Store(data_dir, FixedClock(datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)))


def exported(cli: Cli) -> dict[str, list[dict[str, object]]]:
    proc = cli("export")
    assert proc.returncode == 0, proc.stderr
    records: dict[str, list[dict[str, object]]] = json.loads(proc.stdout)["records"]
    return records


# --------------------------------------------------------------------------------------------- routines


def test_routines_text_lists_the_library(cli: Cli) -> None:
    proc = cli("routines")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "MIN", "FITS"]
    assert len(lines) - 1 >= 16
    reset = next(line for line in lines if line.startswith("standing-reset "))
    assert "Standing reset" in reset and "strategic" in reset and "seated" in reset


def test_routines_json_has_steps_stop_rule_and_source(cli: Cli) -> None:
    proc = cli("routines", "--json")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert isinstance(items, list) and len(items) >= 16
    for item in items:
        assert item["steps"] and all(s["cue"] and s["seconds"] > 0 for s in item["steps"])
        assert item["stop_rule"] and item["source"] and item["minutes"] >= 1
        assert item["kind"] in ("soothing", "strategic")


def test_routines_marks_hidden_and_own_ones(cli: Cli, isolated_env: Path) -> None:
    mine = new_custom("Desk squats", "strategic", ["seated"], "30 Sit to stand")
    s = store(isolated_env)
    s.set_setting("routines", [routine_to_dict(mine)])
    s.set_setting("hidden_routines", ["walk-10"])
    lines = cli("routines").stdout.splitlines()
    assert any(line.startswith("walk-10 ") and "(hidden)" in line for line in lines)
    assert any(line.startswith(f"{mine.id} ") and "(yours)" in line for line in lines)
    items = {i["id"]: i for i in json.loads(cli("routines", "--json").stdout)}
    assert items["walk-10"]["hidden"] is True and items[mine.id]["builtin"] is False


def test_routines_writes_nothing(cli: Cli, isolated_env: Path) -> None:
    assert cli("routines").returncode == 0
    assert not isolated_env.exists()


# --------------------------------------------------------------------------------------------- relief


def test_relief_is_logged_with_its_kind_and_shows_in_export(cli: Cli) -> None:
    proc = cli("relief", "heat", "--minutes", "15")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["Logged heat (soothing, 15 min) at 09:59."]
    walk = cli("relief", "walk", "--at", "09:30")
    assert walk.stdout.strip() == "Logged walk (strategic) at 09:30."
    shower = cli("relief", "warm", "shower", "--note", "-", input="helped my back\n")
    assert shower.returncode == 0, shower.stderr
    reliefs = {r["name"]: r for r in exported(cli)["reliefs"]}
    assert reliefs["heat"]["kind"] == "soothing" and reliefs["heat"]["minutes"] == 15
    assert reliefs["walk"]["kind"] == "strategic" and str(reliefs["walk"]["at"]).startswith("2026-11-30T09:30")
    assert reliefs["warm shower"]["note"] == "helped my back"


def test_relief_medication_is_kept_by_name_only_as_on_the_relief_screen(cli: Cli) -> None:
    proc = cli("relief", "Ibuprofen", "400", "mg", "x2", "--minutes", "10")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Logged Ibuprofen (soothing) at 09:59."
    assert proc.stderr.strip() == "Medication is recorded by name only: the minutes were not kept."
    (relief,) = exported(cli)["reliefs"]
    assert (relief["name"], relief.get("minutes")) == ("Ibuprofen", None)


@pytest.mark.parametrize("minutes", ["abc", "-5", "nan", "99999"])
def test_relief_bad_minutes_is_one_line_and_writes_nothing(cli: Cli, isolated_env: Path, minutes: str) -> None:
    proc = cli("relief", "heat", f"--minutes={minutes}")
    line = assert_one_line_error(proc, 2)
    assert "minutes" in line
    assert not isolated_env.exists()


def test_relief_in_the_future_is_refused(cli: Cli) -> None:
    assert "future" in assert_one_line_error(cli("relief", "heat", "--at", "23:00"), 2)


# --------------------------------------------------------------------------------------------- suggest


def test_suggest_text_and_json_agree(cli: Cli) -> None:
    env = at_env("2026-11-30T10:10:00")
    text = cli("suggest", env=env)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Standing reset (strategic, 2 min)"
    assert lines[1].startswith("You've been seated 70 min")
    data = json.loads(cli("suggest", "--json", env=env).stdout)
    assert data["routine"]["id"] == "standing-reset" and data["context"] == "seated"
    assert data["routine"]["steps"] and data["routine"]["minutes"] == 2
    assert data["reason"] == lines[1] and data["seek_care"] is None


def test_suggest_does_not_credit_a_walk_with_the_fall_after_a_high_check_in(cli: Cli) -> None:
    """Pain logged at 6 then 3 after a walk, five times: a fall that follows any high rating, not a tested claim."""
    for day in range(23, 28):
        when = f"2026-11-{day}T18:00:00"
        assert cli("log", "6", env=at_env(when)).returncode == 0
        assert cli("relief", "walk", "--minutes", "10", env=at_env(f"2026-11-{day}T18:05:00")).returncode == 0
        assert cli("log", "3", env=at_env(f"2026-11-{day}T18:45:00")).returncode == 0
    data = json.loads(cli("suggest", "--json", env=at_env("2026-11-30T12:35:00")).stdout)
    assert data["routine"]["id"] == "walk-10" and data["context"] == "break"
    assert data["reason"] == "It's lunch break: a 10-minute walk fits it."


@pytest.mark.parametrize("planted", [True, False])
def test_suggest_cites_a_walk_only_where_the_log_shows_it_eases_pain(
    cli: Cli, isolated_env: Path, planted: bool
) -> None:
    """90 days in which walks lower pain for two hours and a noise twin with the same walks: cited only in the first."""
    from benchmarks import synthetic

    history = synthetic.make("walk-eases", 90, 1)
    synthetic.write(history if planted else synthetic.noise_twin(history, 1), isolated_env)
    reason = json.loads(cli("suggest", "--json", env=at_env("2026-06-01T12:35:00")).stdout)["reason"]
    if planted:
        assert reason.startswith("It's lunch break; after walking, your pain has been 1.")
        assert reason.endswith("points lower within two hours than at similar moments without it.")
    else:
        assert "lower" not in reason and reason.startswith("It's lunch break: ")


def test_suggest_with_a_warning_sign_gives_the_advice_and_no_exercise(cli: Cli, isolated_env: Path) -> None:
    store(isolated_env).add(SafetyEvent(at=datetime(2026, 11, 30, 8, 0, tzinfo=LONDON), signs=("saddle-numbness",)))
    text = cli("suggest")
    assert text.returncode == 0 and "emergency" in text.stdout
    data = json.loads(cli("suggest", "--json").stdout)
    assert data["context"] == "warning" and data["seek_care"]
    assert data["routine"]["id"] == "calm-breathing"


# --------------------------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("steps", "when", "line"),
    [
        ([("log", "4")], "2026-11-30T09:05:00", "pain 4 · stand in 55m"),
        ([("log", "4")], "2026-11-30T10:05:00", "pain 4 · stand now"),
        ([("relief", "walk", "--minutes", "10", "--at", "09:50")], "2026-11-30T10:05:00", "stand in 55m"),
        ([("relief", "walk", "--minutes", "10", "--at", "11:50")], "2026-11-30T12:05:00", "lunch in 25m"),
        ([], "2026-11-28T10:05:00", "move in 25m"),
        ([], "2026-11-30T23:30:00", "wake in 7h30m"),
    ],
)
def test_status_is_one_line(cli: Cli, steps: list[tuple[str, ...]], when: str, line: str) -> None:
    for step in steps:
        assert cli(*step, env=at_env(when)).returncode == 0
    proc = cli("status", env={**at_env(when), "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [line]
    assert proc.stderr == ""


def test_status_seek_care_with_a_warning(cli: Cli, isolated_env: Path) -> None:
    store(isolated_env).add(SafetyEvent(at=datetime(2026, 11, 30, 8, 0, tzinfo=LONDON), signs=("fever",)))
    assert cli("log", "5").returncode == 0
    assert cli("status").stdout == "pain 5 · seek care\n"


def test_status_on_an_ascii_pipe_falls_back_to_a_bar(cli: Cli) -> None:
    assert cli("log", "4").returncode == 0
    proc = cli("status", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and proc.stdout == "pain 4 | stand in 1m\n"  # 09:59:30, reset due at 10:00


def test_status_imports_neither_textual_nor_insights(isolated_env: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from painpal.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['status']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'painpal.analysis', 'painpal.tui'))))\n"
    )
    proc = run_python(code, env=at_env("2026-11-30T10:05:00"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
