"""Where it hurts may be several places; records and exports from when it was one still load and import unchanged."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, ValidationError, from_record, to_record
from painpal.storage.store import Store

from .conftest import assert_one_line_error, device_dir

Cli = Callable[..., subprocess.CompletedProcess[str]]
AT = datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo("Europe/London"))
OLD_CHECKIN = {
    "id": "0123456789abcdef0123456789abcdef",
    "at": "2026-11-30T08:00:00+00:00",
    "intensity": 5,
    "location": "lower back, left",
    "quality": None,
    "pattern": None,
    "activity": None,
    "eases": None,
    "worsens": None,
    "note": None,
    "leg_spread": False,
}
"""A check-in as every painpal before several places stored it: one location, as text (a comma inside it)."""


def test_an_old_record_with_one_location_loads_as_that_one_place_and_is_stored_as_before() -> None:
    checkin = from_record(CheckIn, dict(OLD_CHECKIN))
    assert checkin.location == ("lower back, left",), "one place: a comma is part of its name, not a separator"
    assert to_record(checkin) == OLD_CHECKIN
    assert from_record(CheckIn, {**OLD_CHECKIN, "location": None}).location == ()


def test_several_places_are_stored_as_a_list_and_read_back_in_their_order() -> None:
    checkin = CheckIn(at=AT, intensity=6, location=("leg", " lower back ", "leg", ""))
    assert checkin.location == ("leg", "lower back")
    doc = to_record(checkin)
    assert doc["location"] == ["leg", "lower back"]
    assert from_record(CheckIn, doc) == checkin
    assert to_record(CheckIn(at=AT, intensity=6))["location"] is None


@pytest.mark.parametrize("bad", [["ok", 3], {"a": 1}, 7, ["x\x07"], [f"place {n}" for n in range(13)]])
def test_a_location_that_is_not_places_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        from_record(CheckIn, {**OLD_CHECKIN, "location": bad})


def old_export(path: Path) -> Path:
    payload = {
        "format": "painpal-export",
        "painpal": "0.1.0",
        "schema": 1,
        "exported": "2026-11-30T09:00:00+00:00",
        "records": {"checkins": [OLD_CHECKIN]},
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_an_old_export_imports_once_and_again_finds_its_record_present(cli: Cli, tmp_path: Path) -> None:
    old = old_export(tmp_path / "old.json")
    first = cli("import", str(old))
    assert first.returncode == 0 and first.stdout.startswith("Imported 1 new record"), first
    again = cli("import", str(old))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Imported 0 new records; 1 already present."), again.stdout
    [doc] = json.loads(cli("export").stdout)["records"]["checkins"]
    assert doc["location"] == "lower back, left"


def test_an_old_export_finds_its_record_present_in_a_store_written_before(isolated_env: Path, cli: Cli) -> None:
    """A live file written by this painpal holds one place as text: byte for byte the old shape."""
    store = Store(isolated_env, FixedClock(AT))
    store.add(from_record(CheckIn, dict(OLD_CHECKIN)))
    raw = json.loads((device_dir(isolated_env) / "painpal.json").read_text(encoding="utf-8"))
    [stored] = [doc for doc in raw["checkins"].values()]
    assert stored["location"] == "lower back, left"
    proc = cli("import", str(old_export(isolated_env.parent / "old.json")))
    assert "1 already present" in proc.stdout and "skipped" not in proc.stdout, proc.stdout


def test_log_takes_several_places_and_every_listing_shows_them(cli: Cli) -> None:
    proc = cli("log", "6", "--location", "lower back, left", "--location", "leg")
    assert proc.returncode == 0, proc.stderr
    [doc] = json.loads(cli("export").stdout)["records"]["checkins"]
    assert doc["location"] == ["lower back, left", "leg"]
    assert "pain 6 · lower back, left; leg" in cli("list").stdout
    assert "lower back, left; leg" in cli("export", "--format", "csv").stdout
    short = doc["id"][:6]
    assert cli("edit", short, "--location", "hip").returncode == 0
    assert json.loads(cli("export").stdout)["records"]["checkins"][0]["location"] == "hip"
    assert cli("edit", short, "--location", "").returncode == 0
    assert json.loads(cli("export").stdout)["records"]["checkins"][0]["location"] is None


def test_a_thirteenth_place_is_refused_in_one_sentence(cli: Cli, isolated_env: Path) -> None:
    args = [part for n in range(13) for part in ("--location", f"place {n}")]
    assert "at most 12 places" in assert_one_line_error(cli("log", "5", *args), 2)
