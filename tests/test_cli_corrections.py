"""``painpal list``, ``edit``, ``delete`` and ``undo`` as a person runs them, and a backup that restores settings.

Real processes; every refusal is checked to leave the data folder
byte-for-byte as it was.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from .conftest import assert_one_line_error, tree_digest

Cli = Callable[..., subprocess.CompletedProcess[str]]


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


@pytest.fixture
def day(cli: Cli, isolated_env: Path) -> list[dict[str, object]]:
    """Two check-ins and a relief this morning; the list as JSON."""
    ok(cli("log", "5", "--at", "08:00", "--location", "lower back"))
    ok(cli("relief", "heat", "--minutes", "20", "--at", "08:30"))
    ok(cli("log", "7", "--at", "09:00"))
    listed: list[dict[str, object]] = json.loads(ok(cli("list", "--json")))
    return listed


def test_list_shows_short_ids_times_and_details(cli: Cli, day: list[dict[str, object]]) -> None:
    lines = ok(cli("list")).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{str(day[0]['id'])[:8]}  08:00  check-in")
    assert "pain 5 · lower back" in lines[0]
    assert "heat · soothing · 20 min" in lines[1]
    assert [d["table"] for d in json.loads(ok(cli("list", "--kind", "relief", "--json")))] == ["reliefs"]


def test_edit_keeps_the_id_and_validates_like_the_check_in_did(
    cli: Cli, day: list[dict[str, object]], isolated_env: Path
) -> None:
    first = str(day[0]["id"])
    out = ok(cli("edit", first[:6], "--intensity", "4", "--location", ""))
    assert "pain 4" in out
    edited = json.loads(ok(cli("list", "--json")))[0]
    assert (edited["id"], edited["intensity"], edited["location"]) == (first, 4, None)
    assert "changed" in edited
    before = tree_digest(isolated_env)
    for args, words in (
        (("edit", first, "--intensity", "11"), "0 to 10"),
        (("edit", first, "--name", "x"), "has no name"),
        (("edit", first), "Say what to change"),
        (("edit", first, "--at", "2999-01-01 09:00"), "future"),
    ):
        line = assert_one_line_error(cli(*args), 2)
        assert words in line
    assert tree_digest(isolated_env) == before


def test_unknown_ambiguous_and_malformed_ids_are_bad_input(
    cli: Cli, day: list[dict[str, object]], isolated_env: Path
) -> None:
    before = tree_digest(isolated_env)
    ids = [str(d["id"]) for d in day]
    for command in ("edit", "delete"):
        extra = ("--intensity", "3") if command == "edit" else ("--yes",)
        assert "No record" in assert_one_line_error(cli(command, "ffff0000", *extra), 2)
        assert "at least 4" in assert_one_line_error(cli(command, "ab", *extra), 2)
        assert "not a record id" in assert_one_line_error(cli(command, "zz;rm", *extra), 2)
    common = next((a[:n] for a in ids for b in ids if a != b for n in (4,) if a[:n] == b[:n]), None)
    if common is not None:  # an ambiguous prefix is only testable when two random ids share one
        assert "give more of the id" in assert_one_line_error(cli("delete", common, "--yes"), 2)
    assert tree_digest(isolated_env) == before


def test_delete_asks_first_and_undo_brings_it_back(cli: Cli, day: list[dict[str, object]], isolated_env: Path) -> None:
    target = str(day[2]["id"])
    before = tree_digest(isolated_env)
    assert "--yes" in assert_one_line_error(cli("delete", target[:8]), 2)  # no terminal to ask on
    assert tree_digest(isolated_env) == before
    ok(cli("delete", target[:8], "--yes"))
    assert [d["id"] for d in json.loads(ok(cli("list", "--json")))] == [day[0]["id"], day[1]["id"]]
    assert "Undid: deletion of pain 7" in ok(cli("undo"))
    assert len(json.loads(ok(cli("list", "--json")))) == 3


def test_undo_walks_back_through_the_days_actions(cli: Cli, day: list[dict[str, object]]) -> None:
    assert ok(cli("undo")).strip() == "Undid: pain 7 at 09:00."
    assert ok(cli("undo")).strip() == "Undid: heat at 08:30."
    assert ok(cli("undo")).strip() == "Undid: pain 5 at 08:00."
    assert ok(cli("undo")).strip() == "Nothing to undo."
    assert json.loads(ok(cli("list", "--json"))) == []


def test_a_backup_restores_settings_into_a_new_folder(cli: Cli, isolated_env: Path, tmp_path: Path) -> None:
    from painpal import settings
    from painpal.domain.clock import FixedClock
    from painpal.domain.plan import DayPlan
    from painpal.storage.store import Store

    store = Store(isolated_env, FixedClock(datetime.fromisoformat("2026-11-30T10:05:00+00:00")))
    settings.save(store, plan=DayPlan(day_start_hour=5), hidden_routines=["calm-breathing"], theme=settings.LIGHT_THEME)
    ok(cli("log", "3"))
    export = tmp_path / "backup.json"
    ok(cli("export", "-o", str(export)))
    fresh = tmp_path / "fresh"
    out = ok(cli("--data-dir", str(fresh), "import", str(export)))
    assert "Restored settings: plan, hidden_routines, theme." in out
    restored = settings.load(Store(fresh, store.clock))
    assert (restored.plan.day_start_hour, restored.hidden_routines, restored.theme) == (
        5,
        ("calm-breathing",),
        settings.LIGHT_THEME,
    )
    # Into a folder with settings of its own: kept, and said so; --settings takes the export's.
    settings.save(Store(fresh, store.clock), theme=settings.DARK_THEME)
    out = ok(cli("--data-dir", str(fresh), "import", str(export)))
    assert "Kept this folder's settings: theme (this folder has its own)" in out
    ok(cli("--data-dir", str(fresh), "import", "--settings", str(export)))
    assert settings.load(Store(fresh, store.clock)).theme == settings.LIGHT_THEME


def test_an_export_from_schema_1_still_imports(cli: Cli, isolated_env: Path, tmp_path: Path) -> None:
    """The format painpal 0.1 wrote: no tombstones, no settings."""
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "painpal-export",
                "painpal": "0.1.0",
                "schema": 1,
                "exported": "2026-11-01T10:00:00+00:00",
                "records": {
                    "checkins": [{"id": "a1b2c3d4e5f6", "at": "2026-10-30T09:00:00+00:00", "intensity": 4}],
                },
            }
        )
    )
    assert ok(cli("import", str(old))).startswith("Imported 1 new record")
