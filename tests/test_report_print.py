"""The report printed by a real browser: headless Chromium prints the HTML to PDF, poppler reads it back.

What a clinician holds is paper, so the checks are on the PDF: page 1 holds
the first page's sections in order with the chart, nothing runs past the
right edge, and the detail starts on a page of its own with no heading left
alone at the bottom of a page. US Letter (Chromium's default) and A4, for
7-, 30- and 90-day reports of demo data and for a history of three check-ins.

The browser and poppler are system programs: ``.ci/run`` installs them when
missing and sets ``PAINPAL_REQUIRE_BROWSER=1``, so in CI these tests run and
never skip; elsewhere they skip with the reason when the programs are absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import run_cli

NOW = "2026-11-30T10:05:00+00:00"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FIRST_PAGE = (
    "Pain over time",
    "What the log shows",
    "What helps",
    "Function, sleep and stress",
    "Medication (names and times only)",
    "Questions for this visit",
)
"""Page 1's headings, in the order a clinician reads them."""
CHART_LABELS = ("pain", "active")
"""Text inside the chart's SVG: seen on page 1, the chart printed there."""


def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    missing = [tool for tool in ("pdfinfo", "pdftotext") if shutil.which(tool) is None]
    if found is None or missing:
        why = f"needs a Chromium and poppler ({', '.join(missing) or 'chromium'} missing)"
        if os.environ.get("PAINPAL_REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return found


def print_pdf(html_file: Path, pdf: Path, paper: str) -> None:
    """Print ``html_file`` to ``pdf`` as Chromium does, on ``paper`` ("letter" or "A4")."""
    page = html_file
    if paper != "letter":
        page = html_file.with_name(f"{html_file.stem}-{paper}.html")
        page.write_text(
            html_file.read_text(encoding="utf-8").replace("</style>", f"@page {{ size: {paper}; }}</style>", 1),
            encoding="utf-8",
        )
    profile = pdf.with_suffix(".profile")
    subprocess.run(
        [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.rmtree(profile, ignore_errors=True)


def pages_of(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match, info
    return float(match.group(1)), float(match.group(2))


def right_edges(pdf: Path, page: int) -> float:
    """The largest right edge of any word on ``page`` (points from the left)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))


def report_html(tmp_path: Path, days: int, *, checkins: int | None = None) -> Path:
    """A report of demo data (or of ``checkins`` check-ins), as ``painpal report --format html`` writes it."""
    data = tmp_path / "data"
    env = {"PAINPAL_NOW": NOW, "TZ": "Europe/London"}
    if checkins is None:
        made = run_cli("demo", "--days", str(days), "--data-dir", str(data), env=env)
        assert made.returncode == 0, made.stderr
    else:
        for k in range(checkins):
            at = f"2026-11-{28 + k // 2} {9 + 6 * (k % 2):02d}:00"
            made = run_cli("--data-dir", str(data), "log", str(3 + k), "--at", at, env=env)
            assert made.returncode == 0, made.stderr
    out = tmp_path / f"report-{days}.html"
    proc = run_cli("--data-dir", str(data), "report", "--days", str(days), "--format", "html", "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("paper", ["letter", "A4"])
@pytest.mark.parametrize(("days", "checkins"), [(7, None), (30, None), (90, None), (30, 3)])
def test_page_one_holds_what_a_clinician_reads_first(
    tmp_path: Path, days: int, checkins: int | None, paper: str
) -> None:
    browser()
    pdf = tmp_path / "report.pdf"
    print_pdf(report_html(tmp_path, days, checkins=checkins), pdf, paper)
    width, height = page_size(pdf)
    assert (round(width), round(height)) == ((612, 792) if paper == "letter" else (595, 842))
    pages = pages_of(pdf)
    first = pages[0]
    places = [first.find(heading) for heading in FIRST_PAGE]
    assert -1 not in places, [h for h, at in zip(FIRST_PAGE, places, strict=True) if at < 0]
    assert places == sorted(places), "page 1's sections in order"
    chart = first[first.find("Pain over time") : first.find("What the log shows")]
    if checkins is None:
        assert all(label in chart for label in CHART_LABELS), "the chart is on page 1, under its heading"
    assert "Detail" not in first.split("Questions for this visit")[-1], "the detail starts on a page of its own"
    assert any("Detail" in page for page in pages[1:])
    for number in range(1, len(pages) + 1):
        assert right_edges(pdf, number) <= width - 20, f"text runs past the right margin on page {number}"
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            assert lines[-1] not in ("Day by day", "Detail", "Flare days"), "a heading alone at a page's foot"
    days_printed = re.findall(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (2026-\d\d-\d\d)\b", "\n".join(pages))
    assert len(days_printed) == len(set(days_printed)), "each day's row is printed once, whole"
