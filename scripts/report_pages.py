"""Make the README's pictures of the printed report: page 1 of a 30- and a 90-day report, as PNG.

The report is made from the same 90-day ``painpal demo`` history as the
screenshots, at the same fixed clock (Monday 2026-11-30 10:05, London),
printed to PDF by headless Chromium on US Letter, and page 1 is turned into
a PNG by poppler's ``pdftoppm``; the sample Markdown and HTML reports are
written beside them. Needs ``chromium`` and ``pdftoppm`` (Debian:
``chromium``, ``poppler-utils``).

Run from the repository root: ``python scripts/report_pages.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-30T10:05:00+00:00"
HISTORY_DAYS = 90
PAGES = (30, 90)
"""The report periods drawn, in days."""


def painpal(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "painpal", *args], check=True, env=env, cwd=REPO)


def print_pdf(page: Path, pdf: Path, profile: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
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
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="where to write (default: screenshots/)")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="painpal-report-pages-") as tmp:
        work = Path(tmp)
        data = work / "data"
        env = {**os.environ, "PAINPAL_NOW": NOW, "TZ": "Europe/London", "PYTHONPATH": str(REPO)}
        env.pop("PAINPAL_DATA_DIR", None)
        painpal("demo", "--days", str(HISTORY_DAYS), "--data-dir", str(data), env=env)
        painpal("--data-dir", str(data), "report", "--days", "30", "-o", str(out / "report-sample.md"), env=env)
        html = out / "report-sample.html"
        painpal("--data-dir", str(data), "report", "--days", "30", "--format", "html", "-o", str(html), env=env)
        for days in PAGES:
            page = work / f"report-{days}.html"
            painpal(
                "--data-dir", str(data), "report", "--days", str(days), "--format", "html", "-o", str(page), env=env
            )
            pdf = work / f"report-{days}.pdf"
            print_pdf(page, pdf, work / "profile")
            stem = out / f"report-{days}-page1"
            subprocess.run(
                ["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", str(pdf), str(stem)], check=True
            )
            print(f"{stem.relative_to(REPO) if REPO in stem.parents else stem}.png")


if __name__ == "__main__":
    main()
