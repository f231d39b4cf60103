"""The command line as a contract, run as a real process: good input stored, bad input refused in one line."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn
from painpal.storage.exchange import _csv_cell
from painpal.storage.store import Store

from .conftest import DEVICE, NOW, assert_one_line_error, device_dir, digest, run_cli, tree_digest

Cli = Callable[..., subprocess.CompletedProcess[str]]


def export(cli: Cli, *args: str) -> dict:
    """``painpal export`` as parsed JSON."""
    proc = cli("export", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def checkins(cli: Cli, *args: str) -> list[dict]:
    """Every stored check-in, via the export."""
    return export(cli, *args)["records"].get("checkins", [])


@pytest.fixture
def logged(isolated_env: Path) -> Path:
    """A data dir holding one valid check-in (written in-process, as the CLI would); returns the live file."""
    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/London")))
    Store(isolated_env, clock).add(CheckIn(at=clock.now(), intensity=5))
    path = device_dir(isolated_env) / "painpal.json"
    assert path.is_file()
    return path


# ------------------------------------------------------------------ log


def test_log_stores_a_check_in_with_detail(cli: Cli) -> None:
    """``painpal log`` stores what it was told and says so on stdout."""
    proc = cli(
        "log",
        "6",
        "--location",
        "lower back, left",
        "--quality",
        "Burning",
        "--pattern",
        "intermittent",
        "--activity",
        "sitting at desk",
        "--eases",
        "walking",
        "--worsens",
        "sitting",
        "--note",
        "long meeting",
        "--leg",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Logged pain 6 at 09:59.\n"
    [doc] = checkins(cli)
    assert doc["intensity"] == 6
    assert doc["location"] == "lower back, left"
    assert doc["quality"] == "burning"
    assert doc["pattern"] == "intermittent"
    assert doc["activity"] == "sitting at desk"
    assert doc["eases"] == "walking"
    assert doc["worsens"] == "sitting"
    assert doc["note"] == "long meeting"
    assert doc["leg_spread"] is True
    assert doc["at"].startswith("2026-11-30T09:59:3") and doc["at"].endswith("+00:00")
    assert "seek care" in proc.stderr  # leg spread gets the safety net


def test_log_at_parses_times(cli: Cli) -> None:
    """``--at`` accepts a time today and a date with an hour, in the local zone."""
    assert cli("log", "3", "--at", "07:15").returncode == 0
    assert cli("log", "4", "--at", "2026-11-29 5pm").returncode == 0
    assert cli("log", "2", "--at", "2026-07-01 12:00").returncode == 0
    ats = sorted(d["at"] for d in checkins(cli))
    assert ats == ["2026-07-01T12:00:00+01:00", "2026-11-29T17:00:00+00:00", "2026-11-30T07:15:00+00:00"]


def test_every_command_reads_the_same_words_for_times_and_days(cli: Cli) -> None:
    """``log --at "yesterday 5pm"`` works as ``review --date yesterday`` does: one reader for every option."""
    assert cli("log", "6", "--at", "yesterday 5pm").returncode == 0
    assert cli("log", "4", "--at", "2 hours ago").returncode == 0
    assert cli("log", "3", "--at", "sat 9:30").returncode == 0
    relief = cli("relief", "heat", "--minutes", "15", "--at", "30 min ago")
    assert relief.returncode == 0, relief.stderr
    ats = sorted(d["at"][:16] for d in checkins(cli))  # the clock runs on from NOW: to the minute
    assert ats == ["2026-11-28T09:30", "2026-11-29T17:00", "2026-11-30T07:59"]
    assert export(cli)["records"]["reliefs"][0]["at"].startswith("2026-11-30T09:29")
    review = cli("review", "--date", "sunday")
    assert review.returncode == 0 and review.stdout.startswith("Review of Sunday 29 November 2026"), review
    listed = cli("list", "--since", "last monday", "--until", "yesterday")
    assert listed.returncode == 0 and "pain 6" in listed.stdout and "pain 4" not in listed.stdout, listed
    report = cli("report", "--since", "3 days ago", "--until", "today")
    assert report.returncode == 0 and "Fri 27 Nov 2026 – Mon 30 Nov 2026" in report.stdout, report.stdout[:200]


def test_after_midnight_the_words_name_the_painpal_day_still_open(cli: Cli) -> None:
    """At 01:00 on Tuesday the painpal day is Monday: "23:00" was two hours ago, not 22 hours ahead."""
    env = {"PAINPAL_NOW": "2026-12-01T01:00:00"}
    assert cli("log", "5", "--at", "23:00", env=env).returncode == 0
    assert [d["at"] for d in checkins(cli)] == ["2026-11-30T23:00:00+00:00"]
    review = cli("review", "--date", "today", env=env)
    assert review.stdout.startswith("Review of Monday 30 November 2026"), review


@pytest.mark.parametrize(
    "args",
    [
        ["log", "5", "--at", "monday 23:00"],
        ["log", "5", "--at", "in 2 hours"],
        ["relief", "heat", "--at", "yesterday"],
        ["review", "--date", "tomorrow"],
        ["list", "--date", "2026-12-01"],
    ],
)
def test_a_future_or_half_said_time_is_refused_in_one_sentence(cli: Cli, isolated_env: Path, args: list[str]) -> None:
    before = tree_digest(isolated_env) if isolated_env.exists() else {}
    assert_one_line_error(cli(*args), 2)
    assert (tree_digest(isolated_env) if isolated_env.exists() else {}) == before


def test_log_at_last_month_goes_to_the_archive(cli: Cli, isolated_env: Path) -> None:
    """A check-in logged with ``--at`` in a closed month is written to that month's archive file."""
    assert cli("log", "4", "--at", "2026-10-31 23:30").returncode == 0
    assert cli("log", "5").returncode == 0
    archive = json.loads((device_dir(isolated_env) / "archive" / "2026-10.json").read_text())
    live = json.loads((device_dir(isolated_env) / "painpal.json").read_text())
    assert [d["intensity"] for d in archive["checkins"].values()] == [4]
    assert [d["intensity"] for d in live["checkins"].values()] == [5]


def test_note_from_stdin(cli: Cli) -> None:
    """``--note -`` reads the note from standard input, keeping it out of shell history."""
    proc = cli("log", "4", "--note", "-", input="private words\nsecond line\n")
    assert proc.returncode == 0, proc.stderr
    assert checkins(cli)[0]["note"] == "private words\nsecond line"


def test_emoji_and_non_latin_text_round_trip(cli: Cli, tmp_path: Path) -> None:
    """Any script and emoji survive log -> export -> import -> export."""
    assert cli("log", "7", "--location", "腰痛 😣", "--note", "боль — очень сильная 🔥").returncode == 0
    assert cli("log", "3", "--location", "ظهر", "--note", "-", input="痛み\nболь 😣").returncode == 0
    out = tmp_path / "export.json"
    assert cli("export", "-o", str(out)).returncode == 0
    other = tmp_path / "other"
    proc = cli("import", str(out), env={"PAINPAL_DATA_DIR": str(other)})
    assert proc.returncode == 0, proc.stderr
    again = checkins(cli, "--data-dir", str(other))
    # Two processes started at the same PAINPAL_NOW log at nearly the same instant: compare as a set.
    assert sorted((d["location"], d["note"]) for d in again) == sorted(
        [("腰痛 😣", "боль — очень сильная 🔥"), ("ظهر", "痛み\nболь 😣")]
    )
    assert "腰痛 😣" in out.read_text(encoding="utf-8")  # stored as text, not \\u escapes


BAD_LOGS: list[tuple[str, list[str], str | bytes | None]] = [
    ("eleven", ["11"], None),
    ("minus one", ["-1"], None),
    ("word", ["five"], None),
    ("fraction", ["5.5"], None),
    ("empty", [""], None),
    ("bad --at", ["5", "--at", "not a time"], None),
    ("empty --at", ["5", "--at", " "], None),
    ("future --at", ["5", "--at", "2027-01-01 09:00"], None),
    ("100 kB note", ["5", "--note", "x" * 100_000], None),
    ("100 kB note on stdin", ["5", "--note", "-"], "y" * 100_000),
    ("escape in note", ["5", "--note", "hello\x1b[2Jworld"], None),
    ("bell in location", ["5", "--location", "back\x07"], None),
    ("CR in note", ["5", "--note", "a\rb"], None),
    ("NUL in note on stdin", ["5", "--note", "-"], b"before\x00after"),
    ("escape in note on stdin", ["5", "--note", "-"], "\x1b]0;pwned\x07"),
    ("unknown pattern", ["5", "--pattern", "sometimes"], None),
    ("no intensity", [], None),
    ("unknown option", ["5", "--mood", "fine"], None),
]


@pytest.mark.parametrize(("case", "args", "stdin"), BAD_LOGS, ids=[c[0] for c in BAD_LOGS])
def test_bad_log_is_refused_and_writes_nothing(
    cli: Cli, logged: Path, case: str, args: list[str], stdin: str | bytes | None
) -> None:
    """Exit 2, one line on stderr, no traceback, nothing on stdout, data file byte-for-byte unchanged."""
    before = tree_digest(logged.parent)
    proc = cli("log", *args, input=stdin)
    assert_one_line_error(proc, 2)
    assert proc.stdout == ""
    assert tree_digest(logged.parent) == before


def test_nul_cannot_even_reach_argv() -> None:
    """A NUL in an argument is impossible at the OS level, so stdin is the only way in (tested above)."""
    with pytest.raises(ValueError):
        run_cli("log", "5", "--note", "a\x00b")


def test_bad_painpal_now_is_a_usage_error(cli: Cli) -> None:
    """A malformed PAINPAL_NOW is reported in one line, exit 2."""
    line = assert_one_line_error(cli("log", "5", env={"PAINPAL_NOW": "yesterday-ish"}), 2)
    assert "PAINPAL_NOW" in line


def test_version_and_help() -> None:
    """``--version`` and ``--help`` work and exit 0."""
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("painpal ")
    proc = run_cli("log", "--help")
    assert proc.returncode == 0 and "--note" in proc.stdout


# ------------------------------------------------------------- export/import


def test_export_import_round_trip_and_idempotence(cli: Cli, tmp_path: Path, isolated_env: Path) -> None:
    """Export -> import into an empty dir gives identical records; importing again adds nothing."""
    assert cli("demo", "--days", "40", "--data-dir", str(isolated_env)).returncode == 0
    assert cli("log", "8", "--location", "腰痛 😣", "--note", "after lifting").returncode == 0
    first = export(cli)
    out = tmp_path / "all.json"
    assert cli("export", "-o", str(out)).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600

    other = {"PAINPAL_DATA_DIR": str(tmp_path / "other")}
    proc = cli("import", str(out), env=other)
    assert proc.returncode == 0, proc.stderr
    total = sum(len(v) for v in first["records"].values())
    assert proc.stdout.startswith(f"Imported {total} new records")
    second = json.loads(cli("export", env=other).stdout)
    assert second["records"] == first["records"]

    proc = cli("import", str(out), env=other)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Imported 0 new records")
    assert json.loads(cli("export", env=other).stdout)["records"] == first["records"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else", "records": {}}', "not a painpal export"),
        ('{"format": "painpal-export", "schema": 99, "records": {}}', "newer painpal"),
        ('{"format": "painpal-export", "schema": 1, "records": []}', "no list of records"),
        ('{"format": "painpal-export", "schema": 1, "records": {"checkins": [{"intensity": 3}]}}', "Record 1"),
        (
            '{"format": "painpal-export", "schema": 1, "records": {"checkins": '
            '[{"at": "2026-11-01T09:00:00+00:00", "id": "a1", "intensity": 3}, '
            '{"at": "2026-11-01T09:00:00+00:00", "id": "a2", "intensity": 30}]}}',
            "Record 2",
        ),
    ],
)
def test_bad_import_writes_nothing(cli: Cli, logged: Path, tmp_path: Path, content: str, words: str) -> None:
    """A bad export file is refused in one line, exit 2, before any record is written."""
    path = tmp_path / "bad.json"
    path.write_text(content)
    before = tree_digest(logged.parent)
    line = assert_one_line_error(cli("import", str(path)), 2)
    assert words in line
    assert tree_digest(logged.parent) == before


def test_import_missing_file(cli: Cli, tmp_path: Path) -> None:
    """Importing a file that is not there says so in one line."""
    line = assert_one_line_error(cli("import", str(tmp_path / "nope.json")), 2)
    assert "does not exist" in line


def test_csv_export_neutralises_formulas(cli: Cli) -> None:
    """Cells a spreadsheet would run as formulas are prefixed with a quote (CWE-1236)."""
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    for i, text in enumerate(hostile):
        proc = cli("log", str(i), f"--note={text}", f"--location={text}")
        assert proc.returncode == 0, proc.stderr
    assert cli("log", "9", "--note", "plain note").returncode == 0
    proc = cli("export", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 5
    notes = {r["note"] for r in rows}
    assert notes == {"'" + t for t in hostile} | {"plain note"}
    assert {r["location"] for r in rows} == {"'" + t for t in hostile} | {""}
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_cell_neutralises_tab_and_cr() -> None:
    """Tab and CR cannot reach a stored record (text is stripped), but the CSV writer guards them anyway."""
    assert _csv_cell("\tcmd") == "'\tcmd"
    assert _csv_cell("\rcmd") == "'\rcmd"
    assert _csv_cell(["=a", "b"]) == "'=a; b"
    assert _csv_cell(None) == ""
    assert _csv_cell(True) == "yes"
    assert _csv_cell("fine") == "fine"


def test_export_to_missing_folder(cli: Cli, logged: Path, tmp_path: Path) -> None:
    """``-o`` into a folder that does not exist is a one-line usage error."""
    assert_one_line_error(cli("export", "-o", str(tmp_path / "no" / "such.json")), 2)


# -------------------------------------------------------------- bad files


BAD_FILES: list[tuple[str, bytes]] = [
    ("truncated", b'{"meta":{"1":{"app":"painpal","schema":1}},"checkins":{"1":{"at":"2026-11-30T09'),
    ("not JSON", b"this is my shopping list\n"),
    ("binary", b"\x00\xff\xfe\x80garbage"),
    ("empty", b""),
    ("a list", b"[1, 2, 3]"),
    ("table is a list", b'{"meta": {"1": {"app": "painpal", "schema": 1}}, "checkins": [1, 2]}'),
    ("document not a dict", b'{"meta": {"1": {"app": "painpal", "schema": 1}}, "checkins": {"1": "x"}}'),
    ("foreign object", b'{"_default": {"1": {"todo": "buy milk"}}}'),
    ("newer schema", b'{"meta": {"1": {"app": "painpal", "schema": 99}}, "checkins": {}}'),
]


@pytest.mark.parametrize(("case", "content"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
@pytest.mark.parametrize("command", [["log", "5"], ["export"]], ids=" ".join)
def test_bad_data_file_is_refused_and_untouched(
    cli: Cli, isolated_env: Path, case: str, content: bytes, command: list[str]
) -> None:
    """One line naming the file, non-zero exit, no traceback, the file byte-for-byte unchanged."""
    isolated_env.mkdir(parents=True)
    path = isolated_env / "painpal.json"
    path.write_bytes(content)
    proc = cli(*command)
    line = assert_one_line_error(proc)
    assert str(path) in line
    assert proc.stdout == ""
    assert path.read_bytes() == content
    assert not (isolated_env / "archive").exists()


def test_bad_archive_file_is_refused_on_export(cli: Cli, logged: Path) -> None:
    """A corrupt archive is named too; it is never replaced by an empty month."""
    archive_dir = logged.parent / "archive"
    archive_dir.mkdir()
    archive = archive_dir / "2026-10.json"
    archive.write_bytes(b'{"meta": ')
    line = assert_one_line_error(cli("export"))
    assert str(archive) in line
    line = assert_one_line_error(cli("log", "3", "--at", "2026-10-12 10:00"))
    assert str(archive) in line
    assert archive.read_bytes() == b'{"meta": '


# ------------------------------------------------------- permissions, links


def test_permissions_are_private_under_umask_000(tmp_path: Path) -> None:
    """Data dir 0700, files 0600 (live, lock, archive, export) even with a umask of 000."""
    data = tmp_path / "fresh" / "data"
    env = {"PAINPAL_DATA_DIR": str(data), "PAINPAL_NOW": NOW}
    umask0 = lambda: os.umask(0)  # noqa: E731
    for args in (["log", "5"], ["log", "4", "--at", "2026-10-02 10:00"]):
        assert run_cli(*args, env=env, preexec_fn=umask0).returncode == 0
    out = tmp_path / "export.csv"
    assert run_cli("export", "--format", "csv", "-o", str(out), env=env, preexec_fn=umask0).returncode == 0
    mine = device_dir(data)
    for folder in (data, data / "devices", mine, mine / "archive"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [mine / "painpal.json", mine / "painpal.lock", mine / "archive" / "2026-10.json", out]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_existing_loose_permissions_are_tightened(cli: Cli, logged: Path) -> None:
    """A data dir someone left 0755 and a 0644 live file become private at the next write."""
    logged.parent.chmod(0o755)
    logged.chmod(0o644)
    assert cli("log", "2").returncode == 0
    assert stat.S_IMODE(logged.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(logged.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "name", ["painpal.json", f"devices/{DEVICE}/painpal.json", f"devices/{DEVICE}/painpal.lock", f"devices/{DEVICE}"]
)
def test_symlink_is_refused(cli: Cli, isolated_env: Path, tmp_path: Path, name: str) -> None:
    """A symlink at the live file, the lock file or the device's folder (or the old layout's live file): refused."""
    (isolated_env / name).parent.mkdir(parents=True)
    target = tmp_path / "victim.json"
    target.write_bytes(b'{"meta": {"1": {"app": "painpal", "schema": 1}}}')
    before = digest(target)
    (isolated_env / name).symlink_to(target)
    for command in (["log", "5"], ["export"]):
        line = assert_one_line_error(cli(*command))
        assert "symbolic link" in line
    assert digest(target) == before
    assert (isolated_env / name).is_symlink()


def test_data_dir_that_is_a_file(cli: Cli, tmp_path: Path) -> None:
    """``--data-dir`` naming a file is a one-line error, not a traceback."""
    path = tmp_path / "afile"
    path.write_text("mine")
    line = assert_one_line_error(cli("log", "5", "--data-dir", str(path)))
    assert "not a directory" in line
    assert path.read_text() == "mine"


# ------------------------------------------------------------------ demo


def _without_ids(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """An export's records with their ids (and the ids that point at records) left out: the story alone."""
    return {
        t: [{k: v for k, v in doc.items() if k not in ("id", "person")} for doc in docs] for t, docs in records.items()
    }


def _ids(records: dict[str, list[dict]]) -> set[str]:
    return {doc["id"] for docs in records.values() for doc in docs}


def test_demo_tells_the_same_story_with_fresh_ids_and_replaces_only_an_untouched_demo(cli: Cli, tmp_path: Path) -> None:
    """demo fills a new folder; the same clock gives the same story; run again, it replaces its own demo.

    Ids are fresh every run: two demo histories never share one, so mixing
    them keeps every record instead of hiding one of each pair. Once a record
    is added by hand the folder is no longer the demo's: it is refused, byte
    for byte as it was.
    """
    a, b = tmp_path / "a", tmp_path / "b"
    proc = cli("demo", "--days", "30", "--data-dir", str(a))
    assert proc.returncode == 0, proc.stderr
    assert "demo records" in proc.stderr and f"painpal --data-dir {a}" in proc.stderr
    rec_a = export(cli, "--data-dir", str(a))["records"]

    assert cli("demo", "--days", "30", "--data-dir", str(b)).returncode == 0
    rec_b = export(cli, "--data-dir", str(b))["records"]
    assert _without_ids(rec_a) == _without_ids(rec_b)
    assert not _ids(rec_a) & _ids(rec_b)
    [pt] = [p for p in rec_b["care_people"] if p["role"] == "physical therapist"]
    assert {a["person"] for a in rec_b["appointments"]} == {pt["id"]}  # the visit still points at its therapist

    shorter = tmp_path / "shorter"
    assert cli("demo", "--days", "10", "--data-dir", str(shorter)).returncode == 0
    assert not _ids(rec_a) & _ids(export(cli, "--data-dir", str(shorter))["records"])

    assert cli("demo", "--days", "30", "--data-dir", str(a)).returncode == 0  # an untouched demo: replaced
    again = export(cli, "--data-dir", str(a))["records"]
    assert _without_ids(again) == _without_ids(rec_a)
    assert not _ids(again) & _ids(rec_a)

    assert cli("log", "3", "--data-dir", str(a)).returncode == 0  # now it holds a record of the person's
    before = tree_digest(a)
    line = assert_one_line_error(cli("demo", "--days", "30", "--data-dir", str(a)), 2)
    assert "changed since" in line and "--force" not in line
    assert tree_digest(a) == before


@pytest.mark.parametrize("change", ["a file added", "a setting saved", "the mark hand-edited"])
def test_demo_refuses_a_demo_folder_changed_in_any_way(cli: Cli, tmp_path: Path, change: str) -> None:
    """The mark is only trusted while every file is as the demo wrote it; then the folder is the person's."""
    place = tmp_path / "tried"
    assert cli("demo", "--days", "5", "--data-dir", str(place)).returncode == 0
    if change == "a file added":
        (place / "notes.txt").write_text("mine")
    elif change == "a setting saved":
        live = device_dir(place) / "painpal.json"
        text = live.read_text()
        assert '"key":"welcomed","value":true' in text
        live.write_text(text.replace('"key":"welcomed","value":true', '"key":"welcomed","value":false'))
    else:
        mark = place / "painpal-demo.json"
        key = f'"devices/{DEVICE}/painpal.json": "'
        assert key in mark.read_text()
        mark.write_text(mark.read_text().replace(key, key + "0"))
    before = tree_digest(place)
    assert_one_line_error(cli("demo", "--days", "5", "--data-dir", str(place)), 2)
    assert tree_digest(place) == before


def test_demo_never_writes_into_painpal_data_dir(cli: Cli, logged: Path, tmp_path: Path) -> None:
    """PAINPAL_DATA_DIR names the person's data: demo leaves it byte-identical and uses its own folder."""
    cache = tmp_path / "cache"
    before = tree_digest(logged.parent)
    proc = cli("demo", "--days", "5", env={"XDG_CACHE_HOME": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(logged.parent) == before
    demo_folder = cache / "painpal" / "demo"
    assert str(demo_folder) in proc.stderr and "untouched" in proc.stderr
    assert export(cli, "--data-dir", str(demo_folder))["records"]["checkins"]

    missing = tmp_path / "not-yet"
    assert cli("demo", "--days", "5", env={"PAINPAL_DATA_DIR": str(missing)}).returncode == 0
    assert not missing.exists()


def test_demo_never_writes_into_the_default_data_folder(cli: Cli, tmp_path: Path) -> None:
    """With no PAINPAL_DATA_DIR, the platform's data folder is not created, let alone filled."""
    data_home, cache = tmp_path / "share", tmp_path / "cache"
    env = {"PAINPAL_DATA_DIR": None, "XDG_DATA_HOME": str(data_home), "XDG_CACHE_HOME": str(cache)}
    assert cli("demo", "--days", "5", env=env).returncode == 0
    assert not data_home.exists()
    assert (device_dir(cache / "painpal" / "demo") / "painpal.json").is_file()


def test_demo_refuses_a_scratch_folder_that_overlaps_the_data(cli: Cli, tmp_path: Path, logged: Path) -> None:
    """A data folder that is (or holds) the demo's own folder would be cleared: refused, nothing changed."""
    data = tmp_path / "cache" / "painpal" / "demo"
    data.parent.mkdir(parents=True)
    logged.parent.rename(data)
    before = tree_digest(data)
    env = {"PAINPAL_DATA_DIR": str(data), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    line = assert_one_line_error(cli("demo", "--days", "5", env=env), 2)
    assert "overlap" in line
    assert tree_digest(data) == before


def test_demo_refuses_a_named_folder_that_holds_data(cli: Cli, logged: Path) -> None:
    """--data-dir naming a folder with the person's records: one sentence, exit 2, every file as it was."""
    before = tree_digest(logged.parent)
    line = assert_one_line_error(cli("demo", "--days", "5", "--data-dir", str(logged.parent)), 2)
    assert "not empty" in line
    assert tree_digest(logged.parent) == before


@pytest.mark.parametrize("kind", ["unrelated file", "hidden file", "empty subfolder", "a file, not a folder"])
def test_demo_refuses_a_named_folder_that_is_not_empty(cli: Cli, tmp_path: Path, kind: str) -> None:
    """Anything in the folder, painpal's or not, is a reason to refuse; so is a file in a folder's place."""
    place = tmp_path / "place"
    if kind == "a file, not a folder":
        place.write_text("mine")
    else:
        place.mkdir()
        if kind == "empty subfolder":
            (place / "sub").mkdir()
        else:
            (place / ("notes.txt" if kind == "unrelated file" else ".hidden")).write_text("mine")
    before = tree_digest(place) if place.is_dir() else digest(place)
    assert_one_line_error(cli("demo", "--days", "5", "--data-dir", str(place)), 2)
    assert (tree_digest(place) if place.is_dir() else digest(place)) == before


def test_demo_writes_into_an_empty_named_folder(cli: Cli, tmp_path: Path) -> None:
    """An empty folder named with --data-dir (the option before or after the command) gets the demo."""
    for i, where in enumerate(("after", "before")):
        place = tmp_path / f"empty-{i}"
        place.mkdir()
        args = ["demo", "--days", "5", "--data-dir", str(place)]
        proc = cli(*args) if where == "after" else cli("--data-dir", str(place), *args[:3])
        assert proc.returncode == 0, proc.stderr
        assert export(cli, "--data-dir", str(place))["records"]["checkins"]
        assert (place / "painpal-demo.json").is_file()


def test_demo_force_is_gone(cli: Cli, tmp_path: Path, logged: Path) -> None:
    """The old --force is refused in one sentence that says what to do instead; nothing is written anywhere."""
    before = tree_digest(logged.parent)
    new, cache = tmp_path / "new", tmp_path / "cache"
    for args in (["--force"], ["--force", "--data-dir", str(logged.parent)], ["--data-dir", str(new), "--force"]):
        line = assert_one_line_error(cli("demo", "--days", "5", *args, env={"XDG_CACHE_HOME": str(cache)}), 2)
        assert "--force is gone" in line and "--data-dir" in line
    assert tree_digest(logged.parent) == before
    assert not new.exists() and not cache.exists()
    assert "--force" not in cli("demo", "--help").stdout


@pytest.mark.parametrize("days", ["0", "99999", "many"])
def test_demo_bad_days(cli: Cli, tmp_path: Path, days: str) -> None:
    """--days outside 1..3660 is refused in one line."""
    assert_one_line_error(cli("demo", "--days", days, "--data-dir", str(tmp_path / "d")), 2)
    assert not (tmp_path / "d" / "painpal.json").exists()


def test_demo_history_tells_the_story(cli: Cli, tmp_path: Path) -> None:
    """Several check-ins a day, afternoons worse than mornings on work days, reliefs and routine runs."""
    data = tmp_path / "demo"
    assert cli("demo", "--days", "30", "--data-dir", str(data)).returncode == 0
    records = export(cli, "--data-dir", str(data))["records"]
    per_day: dict[str, int] = {}
    morning: list[int] = []
    afternoon: list[int] = []
    for doc in records["checkins"]:
        at = datetime.fromisoformat(doc["at"])
        per_day[at.date().isoformat()] = per_day.get(at.date().isoformat(), 0) + 1
        if at.weekday() < 5:
            if at.hour < 12:
                morning.append(doc["intensity"])
            elif 14 <= at.hour < 19:
                afternoon.append(doc["intensity"])
    assert len(per_day) >= 30
    assert sorted(per_day.values())[len(per_day) // 2] >= 5  # median day has several check-ins
    assert sum(afternoon) / len(afternoon) > sum(morning) / len(morning) + 0.5
    assert len(records["reliefs"]) >= 10
    assert len(records["routine_runs"]) >= 20
    assert {r["name"] for r in records["reliefs"]} >= {"walk", "heat"}
    assert len(records["day_notes"]) >= 29
    assert max(doc["at"] for doc in records["checkins"]) <= "2026-11-30T09:59:30"
