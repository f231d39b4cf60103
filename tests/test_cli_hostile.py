"""Hostile command lines and files from a red-team pass, run as real processes: one sentence, never a traceback.

Each case once crashed, stored something it should not have, or exited with
the wrong status. The contract (DESIGN.md, "The command line"): bad input
exits 2 and writes nothing; a problem with the data files exits 1. Where
painpal refuses, every file in the data folder is byte-for-byte unchanged.
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
from painpal.domain.records import CheckIn
from painpal.storage.store import SCHEMA_VERSION, Store

from .conftest import NOW, assert_one_line_error, device_dir, tree_digest

Cli = Callable[..., subprocess.CompletedProcess[str]]

ZONES = ("Asia/Tokyo", "America/New_York")
"""One zone east of UTC and one west: an instant near a year boundary lands in another year in UTC."""


@pytest.fixture
def data(isolated_env: Path) -> Path:
    """The data folder, holding one check-in, so "nothing written" is checked against real files."""
    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/London")))
    Store(isolated_env, clock).add(CheckIn(at=clock.now(), intensity=5))
    return isolated_env


def refused(proc: subprocess.CompletedProcess[str], status: int, folder: Path, before: dict[str, str]) -> str:
    """The one-line refusal with ``status``; nothing on stdout, no traceback anywhere, every file unchanged."""
    assert "Traceback" not in proc.stdout
    line = assert_one_line_error(proc, status)
    assert proc.stdout == ""
    assert tree_digest(folder) == before
    return line


# ------------------------------------------------------------------ dates outside the years painpal keeps

OUT_OF_RANGE_AT = ["0001-01-01 00:30", "0001-01-01", "9999-12-31 23:30", "1899-12-31 23:59", "0001-01-01 00:30 +09:00"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("when", OUT_OF_RANGE_AT)
@pytest.mark.parametrize("command", [["log", "5"], ["relief", "heat"]])
def test_at_outside_the_years_painpal_keeps_is_bad_input(
    cli: Cli, data: Path, zone: str, when: str, command: list[str]
) -> None:
    """Year 1 east of UTC once overflowed; ``--at 0001-01-01`` once wrote archive/0001-01.json."""
    before = tree_digest(data)
    line = refused(cli(*command, "--at", when, env={"TZ": zone}), 2, data, before)
    assert "outside the years painpal keeps, 1900 to 2999" in line


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "args",
    [
        ["review", "--date", "0001-01-01"],
        ["review", "--date", "9999-12-31"],
        ["review", "--date", "1899-12-31"],
        ["report", "--since", "0001-01-01"],
        ["report", "--since", "9999-12-31"],
        ["report", "--since", "1899-12-31", "--until", "1900-01-31"],
        ["report", "--since", "2026-11-01", "--until", "9999-12-31"],
        ["report", "--since", "2026-11-01", "--until", "0001-01-01"],
    ],
)
def test_dates_outside_the_years_painpal_keeps_are_bad_input(cli: Cli, data: Path, zone: str, args: list[str]) -> None:
    """``review --date 0001-01-01`` once overflowed looking back from that day."""
    before = tree_digest(data)
    line = refused(cli(*args, env={"TZ": zone}), 2, data, before)
    assert "outside the years painpal keeps" in line


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("now", ["0001-01-01T00:30:00", "9999-12-31T23:30:00", "1899-12-31T23:59:00"])
def test_a_clock_outside_the_years_painpal_keeps_is_bad_input(cli: Cli, data: Path, zone: str, now: str) -> None:
    """Every date a command works out starts from now: PAINPAL_NOW near year 1 or 9999 is refused at once."""
    before = tree_digest(data)
    for args in (["log", "5"], ["status"], ["review"], ["report"]):
        line = refused(cli(*args, env={"TZ": zone, "PAINPAL_NOW": now}), 2, data, before)
        assert "PAINPAL_NOW" in line


@pytest.mark.parametrize("zone", ZONES)
def test_the_first_day_painpal_keeps_is_stored_reviewed_and_reported(cli: Cli, data: Path, zone: str) -> None:
    """Just inside the range everything works, even where the instant is still 1899 in UTC (Tokyo)."""
    env = {"TZ": zone}
    assert cli("log", "6", "--at", "1900-01-01 00:30", env=env).returncode == 0
    assert cli("log", "3", "--at", "1900-01-01 09:00", env=env).returncode == 0
    assert cli("relief", "heat", "--minutes", "15", "--at", "1900-01-01 09:10", env=env).returncode == 0
    review = cli("review", "--date", "1900-01-01", env=env)
    assert review.returncode == 0, review.stderr
    assert "soothing 15 min" in review.stdout
    report = cli("report", "--since", "1900-01-01", "--until", "1900-01-31", env=env)
    assert report.returncode == 0, report.stderr
    assert "| Check-ins | 1 on 1 day |" in report.stdout
    exported = json.loads(cli("export", env=env).stdout)["records"]["checkins"]
    assert any(doc["at"].startswith("1900-01-01T00:30") for doc in exported)
    for args in (["status"], ["report", "--days", "3660"], ["export", "--format", "csv"], ["suggest"]):
        proc = cli(*args, env=env)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("now", ["1900-01-01T00:30:00", "2999-12-31T23:30:00"])
def test_a_clock_at_the_edge_of_the_years_painpal_keeps_works(cli: Cli, data: Path, zone: str, now: str) -> None:
    """With now just inside the range, no command overflows working out days, weeks and periods from it."""
    env = {"TZ": zone, "PAINPAL_NOW": now}
    for args in (["log", "4"], ["status"], ["review"], ["report", "--days", "3660"], ["suggest", "--json"]):
        proc = cli(*args, env=env)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr


def test_an_import_dated_outside_the_years_painpal_keeps_is_bad_input(cli: Cli, data: Path, tmp_path: Path) -> None:
    export = tmp_path / "old.json"
    doc = {"id": "abc", "at": "0001-01-01T00:30:00+09:00", "intensity": 4}
    export.write_text(json.dumps({"format": "painpal-export", "schema": 1, "records": {"checkins": [doc]}}))
    before = tree_digest(data)
    line = refused(cli("import", str(export)), 2, data, before)
    assert "0001-01-01 is outside the years painpal keeps" in line


# ------------------------------------------------------------------ values of the wrong kind


def _export_file(tmp_path: Path, records: dict[str, list[dict[str, object]]], schema: object = 1) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "painpal-export", "schema": schema, "records": records}))
    return path


AT = "2026-11-30T09:00:00+00:00"

WRONG_KINDS: list[tuple[str, dict[str, object], str]] = [
    ("safety_events", {"signs": "numbness"}, "must be a list of texts"),
    ("safety_events", {"signs": {"numbness": True}}, "must be a list of texts"),
    ("appointments", {"questions": "Can I run?"}, "must be a list of texts"),
    ("appointments", {"person": 5}, "care-team member"),
    ("checkins", {"intensity": "5"}, "intensity"),
    ("checkins", {"intensity": 4, "leg_spread": "false"}, "true or false"),
    ("checkins", {"intensity": 4, "leg_spread": 1}, "true or false"),
    ("reliefs", {"name": "heat", "minutes": "15"}, "minutes"),
    ("day_notes", {"day": "2026-11-29", "stress": True}, "stress"),
    ("routine_runs", {"routine": "r", "transition": {"kind": "seated"}}, "transition"),
]


@pytest.mark.parametrize(
    ("table", "fields", "words"), WRONG_KINDS, ids=[f"{t}-{sorted(f)[-1]}" for t, f, _ in WRONG_KINDS]
)
def test_an_import_with_a_value_of_the_wrong_kind_is_bad_input(
    cli: Cli, data: Path, tmp_path: Path, table: str, fields: dict[str, object], words: str
) -> None:
    """``signs: "numbness"`` was once stored as eight one-letter signs; a "5" or a 1 was taken for 5 or yes."""
    export = _export_file(tmp_path, {table: [{"id": "abc", "at": AT, **fields}]})
    before = tree_digest(data)
    line = refused(cli("import", str(export)), 2, data, before)
    assert "Record 1" in line and words in line


def test_a_stored_value_of_the_wrong_kind_is_a_data_problem(cli: Cli, data: Path) -> None:
    """A hand-edited data file with ``signs: "numbness"`` is named and left alone (exit 1), never read as letters."""
    live = device_dir(data) / "painpal.json"
    doc = json.loads(live.read_text())
    doc["safety_events"] = {"1": {"id": "abc", "at": AT, "signs": "numbness", "resolved": None}}
    live.write_text(json.dumps(doc))
    before = tree_digest(data)
    for args in (["status"], ["suggest"], ["report"]):
        line = refused(cli(*args), 1, data, before)
        assert "must be a list of texts" in line


# ------------------------------------------------------------------ the schema of an export


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        (0, "schema of"),
        (-5, "schema of"),
        (True, "schema of"),
        (False, "schema of"),
        (1.0, "schema of"),
        ("1", "schema of"),
        (None, "schema of"),
        ([1], "schema of"),
        (SCHEMA_VERSION + 1, f"newer painpal (schema {SCHEMA_VERSION + 1})"),
        (10**30, "newer painpal"),
    ],
    ids=repr,
)
def test_an_export_with_a_schema_this_painpal_cannot_read_is_bad_input(
    cli: Cli, data: Path, tmp_path: Path, schema: object, words: str
) -> None:
    """Schema 0, -5 and ``true`` were once imported as if they were version 1."""
    export = _export_file(tmp_path, {"checkins": [{"id": "abc", "at": AT, "intensity": 4}]}, schema)
    before = tree_digest(data)
    line = refused(cli("import", str(export)), 2, data, before)
    assert words in line
    if words == "schema of":
        assert "is not valid" in line and f"from 1 to {SCHEMA_VERSION}" in line


def test_an_export_without_a_schema_is_bad_input(cli: Cli, data: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "painpal-export", "records": {}}))
    before = tree_digest(data)
    assert "(missing)" in refused(cli("import", str(export)), 2, data, before)


def test_an_export_of_schema_one_imports(cli: Cli, data: Path, tmp_path: Path) -> None:
    export = _export_file(tmp_path, {"checkins": [{"id": "abc", "at": AT, "intensity": 4}]})
    proc = cli("import", str(export))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Imported 1 new record; 0 already present.\n"


# ------------------------------------------------------------------ characters that reorder or hide text

RLO = "\u202e"
"""RIGHT-TO-LEFT OVERRIDE: what follows is drawn backwards ("5 of 10" reads "01 fo 5")."""


@pytest.fixture
def reordered(data: Path) -> Path:
    """Stored text carrying every character of FORMAT_CONTROLS, in the places a report and the CSV show."""
    from painpal import settings
    from painpal.domain.records import Appointment, CarePerson, DayNote, Relief, SafetyEvent
    from painpal.routines import routine_to_dict, visible
    from painpal.text import FORMAT_CONTROLS

    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/London")))
    store = Store(data, clock)
    now = clock.now()
    hidden = f"left{FORMAT_CONTROLS}side"
    store.add(CheckIn(at=now.replace(hour=8), intensity=6, location=hidden, eases=hidden, note=f"{RLO}5 of 10"))
    store.add(Relief(at=now.replace(hour=8, minute=30), name=f"heat{RLO}", minutes=15))
    store.add(SafetyEvent(at=now.replace(hour=9), signs=(f"numb{RLO}ness",)))
    person = CarePerson(at=now.replace(hour=7), name=f"Sam {RLO}Okafor", role="physical therapist")
    store.add(person)
    store.add(Appointment(at=now.replace(day=30, hour=23), person=person.id, questions=(f"{RLO}=Can I run?",)))
    store.add(DayNote(at=now.replace(hour=9, minute=30), day=now.date(), reflection=f"{RLO}walk after lunch"))
    settings.save(store, routines=[{**routine_to_dict(visible()[0]), "id": "mine", "name": f"Knee{RLO} hug"}])
    return data


def _without_format_controls(text: str) -> None:
    from painpal.text import FORMAT_CONTROLS

    assert not set(text) & set(FORMAT_CONTROLS), [hex(ord(c)) for c in set(text) & set(FORMAT_CONTROLS)]


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["report"], "leftside"),
        (["report", "--format", "html"], "leftside"),
        (["export", "--format", "csv"], "leftside"),
        (["review"], "walk after lunch"),
        (["routines"], "Knee hug"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_outputs_a_person_reads_drop_characters_that_reorder_text(
    cli: Cli, reordered: Path, args: list[str], shown: str
) -> None:
    """A U+202E in a stored note once reached the clinician's report, the CSV and the terminal as it was."""
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    _without_format_controls(proc.stdout)
    assert shown in proc.stdout


def test_the_report_and_csv_show_the_words_in_order(cli: Cli, reordered: Path) -> None:
    report = cli("report").stdout
    assert "5 of 10" in report and "numbness" in report and "Sam Okafor" in report
    csv_text = cli("export", "--format", "csv").stdout
    assert "'=Can I run?" in csv_text  # a formula once the override is gone: still neutralised


def test_the_json_export_keeps_stored_text_byte_for_byte(cli: Cli, reordered: Path) -> None:
    """The JSON export is a backup: it keeps exactly what was stored."""
    from painpal.text import FORMAT_CONTROLS

    exported = json.loads(cli("export").stdout)["records"]
    [typed] = [doc for doc in exported["checkins"] if doc["location"]]
    assert typed["location"] == f"left{FORMAT_CONTROLS}side"
    assert typed["note"] == f"{RLO}5 of 10"
    assert exported["safety_events"][0]["signs"] == [f"numb{RLO}ness"]


# ------------------------------------------------------------------ a stored setting painpal cannot read

BAD_SETTINGS: list[tuple[str, object]] = [
    ("plan", {"wake": "6:30am"}),
    ("plan", "every day"),
    ("plan", {"wake": "23:00", "sleep": "07:00"}),
    ("plan", {"day_start_hour": "²"}),
    ("plan", {"work_days": [7]}),
    ("routines", {"mine": {}}),
    ("routines", [{"name": "Knee hug", "steps": "none"}]),
    ("hidden_routines", "standing-reset"),
]
NEEDS: dict[str, tuple[str, ...]] = {
    "status": ("plan",),
    "review": ("plan",),
    "review --date yesterday": ("plan",),
    "suggest": ("plan", "routines", "hidden_routines"),
    "suggest --json": ("plan", "routines", "hidden_routines"),
    "report": ("plan", "routines"),
    "report --format html --since 2026-11-01": ("plan", "routines"),
    "routines": ("routines", "hidden_routines"),
    "routines --json": ("routines", "hidden_routines"),
}
"""Each command that reads settings, and the settings its answer depends on."""


@pytest.mark.parametrize(("key", "value"), BAD_SETTINGS, ids=[f"{k}={v!r}"[:40] for k, v in BAD_SETTINGS])
def test_a_stored_setting_painpal_cannot_read_is_a_data_problem(cli: Cli, data: Path, key: str, value: object) -> None:
    """Exit 1 (the data file), never 2 (the person's input): nothing the person typed was wrong.

    A command that does not depend on the setting still answers, and
    nothing is written over the setting behind the person's back.
    """
    Store(data, FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/London")))).set_setting(
        key, value
    )
    before = tree_digest(data)
    for command, needs in NEEDS.items():
        proc = cli(*command.split())
        if key in needs:
            line = refused(proc, 1, data, before)
            assert "in painpal" in line, (command, line)  # the sentence says where to fix it
        else:
            assert proc.returncode == 0, (command, proc.stderr)
            assert tree_digest(data) == before


def test_bad_input_is_still_bad_input_when_a_setting_is_unreadable(cli: Cli, data: Path) -> None:
    """What the person typed is checked first: a wrong --date is theirs to fix (2), whatever the stored plan."""
    Store(data, FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/London")))).set_setting(
        "plan", {"wake": "6:30am"}
    )
    before = tree_digest(data)
    for args in (["review", "--date", "someday"], ["review", "--date", "0001-01-01"], ["report", "--since", "x"]):
        refused(cli(*args), 2, data, before)
