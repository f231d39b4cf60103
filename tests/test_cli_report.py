"""``painpal report`` as a real process: the period options, one-line refusals, and a private -o file."""

from __future__ import annotations

import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import assert_one_line_error

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def demo_data(cli: Cli, isolated_env: Path) -> None:
    """Sixty days of demo history in the test's data dir."""
    proc = cli("demo", "--days", "60", "--data-dir", str(isolated_env))
    assert proc.returncode == 0, proc.stderr


def test_default_is_thirty_days_of_markdown_on_stdout(cli: Cli, demo_data: None) -> None:
    proc = cli("report")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# painpal report: Sun 1 Nov 2026 – Mon 30 Nov 2026 (30 days)")
    assert "## Summary" in proc.stdout and "## What the log shows" in proc.stdout
    assert proc.stderr == ""


def test_since_until_and_html(cli: Cli, demo_data: None) -> None:
    proc = cli("report", "--since", "2026-11-01", "--until", "2026-11-14", "--format", "html")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("<!DOCTYPE html>")
    assert "Sun 1 Nov 2026 – Sat 14 Nov 2026 (14 days)" in proc.stdout
    assert "<script" not in proc.stdout


def test_json_holds_every_claim_and_the_same_sentences_as_the_page(cli: Cli, demo_data: None) -> None:
    import json

    proc = cli("report", "--days", "60", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "painpal.report/1" and data["claims"]["schema"] == "painpal.claims/1"
    assert data["period"] == {"first_day": "2026-10-02", "last_day": "2026-11-30", "days": 60, "day_start_hour": 4}
    claims = data["claims"]["claims"]
    assert claims, "sixty days of demo history hold patterns"
    for claim in claims:
        assert {
            "kind",
            "subject",
            "condition",
            "direction",
            "effect",
            "interval",
            "n",
            "days",
            "test",
            "adjusted_p",
        } <= set(claim)
        low, high = claim["interval"]
        assert low <= claim["effect"] <= high and claim["adjusted_p"] <= 0.05
        assert (claim["effect"] > 0) == (claim["direction"] == "higher")
    page = cli("report", "--days", "60").stdout
    for pattern in data["patterns"]:
        assert pattern["words"].replace("*", "") in page.replace("\\", "")
    assert data["previous"]["comparable"] is False, "the demo has no history before its 60 days"


def test_brief_is_what_to_say_first_then_the_figures(cli: Cli, demo_data: None) -> None:
    proc = cli("report", "--brief", "--days", "60")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    start = lines.index("To say first:")
    assert lines[start + 1].startswith("  Over the last 60 days my pain averaged ")
    assert any(line.startswith("  My pain ") for line in lines[start + 2 : start + 5])
    assert proc.stdout.index("To say first:") < proc.stdout.index("What the log shows:")


def test_name_and_date_of_birth_are_remembered_for_every_report(cli: Cli, isolated_env: Path) -> None:
    import json

    proc = cli("report", "--days", "7", "--name", "Alex Doe", "--born", "1980-04-02")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Pain report for Alex Doe (born 2 Apr 1980): ")
    assert "Reports will name Alex Doe, born 1980-04-02." in proc.stderr
    page = cli("report", "--days", "7", "--format", "html").stdout
    assert "<h1>Pain report for Alex Doe (born 2 Apr 1980): " in page
    assert json.loads(cli("report", "--days", "7", "--format", "json").stdout)["whose"] == {
        "name": "Alex Doe",
        "born": "1980-04-02",
    }
    before = {p.name: p.read_bytes() for p in isolated_env.iterdir() if p.is_file()}
    bad = cli("report", "--born", "2 April 1980")
    assert_one_line_error(bad, 2)
    assert {p.name: p.read_bytes() for p in isolated_env.iterdir() if p.is_file()} == before, "nothing written"
    assert cli("report", "--days", "7", "--name", "").stdout.startswith("# Pain report (born 2 Apr 1980): ")


def test_empty_data_dir_still_reports(cli: Cli) -> None:
    proc = cli("report", "--days", "7")
    assert proc.returncode == 0, proc.stderr
    assert "| Check-ins | none | none |" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--days", "7", "--since", "2026-11-01"),
        ("--since", "2026-13-01"),
        ("--since", "someday"),
        ("--since", "tomorrow"),
        ("--since", "2026-11-20", "--until", "2026-11-10"),
        ("--until", "2026-11-10"),
        ("--days", "abc"),
        ("--days", "0"),
        ("--since", "2027-01-01"),
        ("--format", "pdf"),
    ],
)
def test_bad_arguments_exit_2_in_one_line(cli: Cli, args: tuple[str, ...]) -> None:
    proc = cli("report", *args)
    assert_one_line_error(proc, 2)
    assert proc.stdout == ""


def test_output_file_is_private(cli: Cli, demo_data: None, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    proc = cli("report", "--days", "14", "--format", "html", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_into_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    proc = cli("report", "-o", str(tmp_path / "nope" / "r.md"))
    assert_one_line_error(proc, 2)
