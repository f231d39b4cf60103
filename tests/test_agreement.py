"""One answer everywhere: the same question asked on every surface gets the same figures and sentences.

One 60-day demo history, one instant (Monday 30 November 2026, 10:05 London).
The last 30 painpal days are asked of ``painpal report`` (a subprocess), the
report's data, the Insights screen and the Care screen's visit brief (Pilot,
real keys); the review of a day of ``painpal review`` and the Review screen;
the last check-in of ``painpal status`` and Today. Before the application
layer these disagreed (232 check-ins on 31 days on Insights, 228 on 30 in
the report).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Static

from painpal import demo
from painpal.domain.clock import FixedClock
from painpal.services.period import compute_period
from painpal.services.report import report_for
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp

from .conftest import run_python
from .tui_helpers import MONDAY_1005, settle

DAYS = 60
NOW_TEXT = "2026-11-30T10:05:00"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """60 days of demo history in a data folder, the welcome seen."""
    store = Store(tmp_path / "data", FixedClock(MONDAY_1005))
    store.add_documents(demo.documents(MONDAY_1005, DAYS))
    store.set_setting("welcomed", True)
    return tmp_path / "data"


def cli(data_dir: Path, *args: str) -> str:
    """Run ``painpal ARGS`` on ``data_dir`` at the fixed instant; its standard output."""
    code = "import sys; from painpal.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = run_python(code, "--data-dir", str(data_dir), *args, env={"PAINPAL_NOW": NOW_TEXT})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def visual(app: PainPalApp, selector: str) -> str:
    return "\n".join(str(w.visual) for w in app.screen.query(selector).results(Static))


def counts(text: str) -> tuple[int, int]:
    """The first "N check-ins on M days" in ``text``."""
    found = re.search(r"(\d+) check-ins on (\d+) days", text)
    assert found, text
    return int(found[1]), int(found[2])


async def test_last_30_days_agree_across_report_insights_and_brief(data_dir: Path) -> None:
    store = Store(data_dir, FixedClock(MONDAY_1005))
    period = compute_period(store, MONDAY_1005, 30)
    report = report_for(store, MONDAY_1005, days=30)
    assert (period.insights.count, period.insights.days_logged) == (report.current.count, report.current.days_logged)
    assert period.insights.days_logged == 30  # whole painpal days, today included: not 31
    assert period.insights.mean == pytest.approx(report.current.mean)
    sentences = [p.sentence for p in period.patterns]
    assert sentences and sentences == [p.sentence for p in report.patterns]

    markdown = cli(data_dir, "report", "--days", "30")
    table = re.search(r"\| Check-ins \| (\d+) on (\d+) days", markdown)
    assert table and (int(table[1]), int(table[2])) == (report.current.count, report.current.days_logged)
    mean = re.search(r"\| Mean pain \(0–10\) \| ([\d.]+)", markdown)
    assert mean and mean[1] == f"{report.current.mean:.1f}"
    for sentence in sentences:
        assert sentence.replace("*", r"\*") in markdown or sentence in markdown

    app = PainPalApp(Store(data_dir, FixedClock(MONDAY_1005)), FixedClock(MONDAY_1005), ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        await pilot.press("2")  # the 30-day period
        await settle(pilot, app)
        head = visual(app, "#patterns-head")
        assert head.startswith("Last 30 days")
        assert counts(head) == (report.current.count, report.current.days_logged)
        assert f"mean pain {report.current.mean:.1f}" in head
        shown = visual(app, ".pattern")
        for sentence in sentences:
            assert sentence in shown.replace("\n", " ")

        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        brief = visual(app, "#brief-text")
        assert counts(brief) == (report.current.count, report.current.days_logged)
        assert f"mean {report.current.mean:.1f}" in brief


async def test_day_review_and_status_agree_with_the_screens(data_dir: Path) -> None:
    text = cli(data_dir, "review")
    line = re.search(r"Pain: (\d+) check-ins?, mean ([\d.]+), peak (\d+)", text)
    assert line, text
    status = cli(data_dir, "status").strip()
    pain = re.match(r"pain (\d+)", status)
    assert pain, status

    app = PainPalApp(Store(data_dir, FixedClock(MONDAY_1005)), FixedClock(MONDAY_1005), ring_bell=False, burst_gap_s=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert f"Last: {pain[1]} " in visual(app, "#last-checkin")
        await pilot.press("v")
        await settle(pilot, app)
        assert "Monday 30 November 2026" in visual(app, "#review-top")
        summary = visual(app, "#review-summary")
        assert re.search(rf"\b{line[1]} check-ins?\b", summary), summary
        assert f"mean {line[2]}" in summary
        assert f"peak {line[3]}" in summary
