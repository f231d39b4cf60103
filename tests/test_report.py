"""The clinician report: every figure checked against a hand-built history; the HTML safe and self-contained."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from painpal.analysis.effects import Effect
from painpal.domain import safety
from painpal.domain.records import (
    Appointment,
    CarePerson,
    CheckIn,
    DayNote,
    PegEntry,
    Relief,
    RoutineRun,
    SafetyEvent,
    ValidationError,
)
from painpal.domain.relief import is_medication, medication_name, without_amounts
from painpal.history import History
from painpal.report import render
from painpal.report.data import ReportData, period, report_data
from painpal.report.html import render_html
from painpal.report.markdown import render_markdown
from painpal.report.wording import effect_lines, suggested_questions, summary_rows, use_lines, visit_brief

from .conftest import run_python

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 30, 10, 5, tzinfo=LONDON)


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """A November 2026 instant in London."""
    return datetime(2026, 11, day, hh, mm, tzinfo=LONDON)


PT = CarePerson(at=at(1, 9), name="Sam Okafor", role="physical therapist")
VISIT = Appointment(
    at=datetime(2026, 12, 9, 10, 30, tzinfo=LONDON), person=PT.id, questions=("Q one", "Q two"), asked=("Q one",)
)
PAST_VISIT = Appointment(at=at(2, 9), person=PT.id, questions=("Left open?", "Done"), asked=("Done",))
FEVER = SafetyEvent(at=at(26, 19), signs=("fever",))
RECORDS = [
    # The previous 7 days (17-23 Nov): two check-ins, one PEG.
    CheckIn(at=at(18, 9), intensity=7),
    CheckIn(at=at(18, 18), intensity=9),
    PegEntry(at=at(22, 20), pain=7, enjoyment=7, activity=7),
    DayNote(at=at(18, 22), day=at(18, 0).date(), sleep_quality=2, sleep_hours=5.0, stress=8),
    # The period (24-30 Nov).
    CheckIn(at=at(25, 9), intensity=4, eases="heat", worsens="sitting"),
    CheckIn(at=at(25, 15), intensity=6, worsens="Sitting"),
    CheckIn(at=at(26, 10), intensity=2, note="took ibuprofen 400 mg, 2 tablets <b>bold</b>"),
    CheckIn(at=at(26, 18), intensity=8, eases="walking"),
    DayNote(at=at(25, 22), day=at(25, 0).date(), sleep_quality=3, sleep_hours=6.5, stress=4, reflection="Hard day"),
    DayNote(at=at(26, 22), day=at(26, 0).date(), sleep_quality=5, sleep_hours=7.5, stress=2),
    PegEntry(at=at(29, 20), pain=5, enjoyment=4, activity=6),
    Relief(at=at(25, 15, 5), name="medication taken", kind="soothing"),
    Relief(at=at(26, 18, 5), name="Ibuprofen 400mg x2", kind="soothing"),
    Relief(at=at(25, 9, 5), name="heat", kind="soothing", minutes=15),
    Relief(at=at(26, 12), name="walk", kind="strategic", minutes=20),
    RoutineRun(at=at(27, 7), routine="morning-mobility", outcome="done", ended=at(27, 7, 3)),
    RoutineRun(at=at(27, 12), routine="morning-mobility", outcome="skipped"),
]


@pytest.fixture(scope="module")
def data() -> ReportData:
    since, until = period(NOW, days=7)
    return report_data(
        History.of(RECORDS),
        since,
        until,
        NOW,
        warnings=[FEVER, SafetyEvent(at=at(1, 9), signs=("night-pain",), resolved=at(3, 9))],
        appointments=[VISIT, PAST_VISIT],
        people=[PT],
    )


def test_period_covers_whole_painpal_days_today_included() -> None:
    since, until = period(NOW, days=7)
    assert since == at(24, 4) and until == datetime(2026, 12, 1, 4, tzinfo=LONDON)
    since, until = period(NOW, since=at(1, 0).date(), until=at(10, 0).date())
    assert since == at(1, 4) and until == at(11, 4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 7, "since": at(1, 0).date()},
        {"until": at(1, 0).date()},
        {"since": at(10, 0).date(), "until": at(1, 0).date()},
        {"since": datetime(2027, 1, 1).date()},
        {"days": 0},
    ],
)
def test_period_refuses_bad_combinations(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        period(NOW, **kwargs)


def test_figures_match_the_data(data: ReportData) -> None:
    cur, prev = data.current, data.previous
    assert (cur.count, cur.days_logged, cur.mean, cur.peak) == (4, 2, 5.0, 8)
    assert (prev.count, prev.days_logged, prev.mean, prev.peak) == (2, 1, 8.0, 9)
    assert (cur.peg, prev.peg) == (5.0, 7.0)
    assert (cur.sleep_quality, cur.sleep_hours, cur.stress) == (4.0, 7.0, 3.0)
    assert (prev.sleep_quality, prev.stress) == (2.0, 8.0)
    assert data.soothing_minutes == 15 and data.strategic_minutes == pytest.approx(20 + 3.0, abs=1.5)


def test_markdown_summary_states_every_figure(data: ReportData) -> None:
    text = render_markdown(data)
    assert "Tue 24 Nov 2026 – Mon 30 Nov 2026 (7 days)" in text
    assert "| Check-ins | 4 on 2 days | 2 on 1 day |" in text
    # Two days against one: both figures are shown, and no change is claimed between them.
    assert "| Mean pain (0–10) | 5.0 | 8.0 | too few days to compare |" in text
    assert "| Peak pain | 8 | 9 |  |" in text
    assert "| PEG (0–10) | 5.0 (1 week) | 7.0 (1 week) | too few days to compare |" in text
    assert "| Sleep quality (1–5) | 4.0 | 2.0 | too few days to compare |" in text
    assert "| Stress (0–10) | 3.0 | 8.0 | too few days to compare |" in text
    assert "No comparison with the previous 7 days: each period needs 4 days with check-ins" in text
    assert "No trend yet: it needs 12 more days with check-ins." in text
    assert "Said to ease it at check-ins: heat (1), walking (1)." in text
    assert "Said to worsen it at check-ins: sitting (2)." in text
    assert "heat ×1 (15 min)" in text and "walk ×1 (20 min)" in text


def test_warning_signs_come_first(data: ReportData) -> None:
    text = render_markdown(data)
    warning = text.index("Warning signs reported")
    assert warning < text.index("## Pain over time")
    assert safety.SIGNS["fever"].text in text
    assert "**not marked resolved**" in text
    assert "see a doctor soon" in text
    assert "night" not in text.lower(), "a warning resolved long before the period is left out"


def test_medication_names_and_times_only(data: ReportData) -> None:
    # What a reader sees: the page's text, not its markup (the chart's role="img" holds an "mg").
    text = render_markdown(data) + html.unescape(re.sub(r"<[^>]+>", " ", render_html(data)))
    assert [(m.at, m.name) for m in data.medications] == [
        (at(25, 15, 5), "medication taken"),
        (at(26, 18, 5), "Ibuprofen"),
    ]
    assert "Wed 25 Nov 2026 15:05: medication taken" in text
    assert "Thu 26 Nov 2026 18:05: Ibuprofen" in text
    for amount in ("400", "mg", "tablets", "x2"):
        assert amount not in text, f"an amount ({amount}) leaked into the report"
    assert "took ibuprofen" in text, "the note itself is kept, without the amount"


def test_detail_daily_table_notes_and_questions(data: ReportData) -> None:
    text = render_markdown(data)
    assert "| Wed 2026-11-25 | 2 | 5.0 | 6 | 3/5, 6.5 h | 4 | 15 min |" not in text  # heat is not activity
    assert "| Wed 2026-11-25 | 2 | 5.0 | 6 | 3/5, 6.5 h | 4 | – |" in text
    # Mean 5 and a peak of 8 on a usual day of 5: a high check-in, not a flare (the rule is relative, not 7+).
    assert "| Thu 2026-11-26 | 2 | 5.0 | 8 | 5/5, 7.5 h | 2 | 20 min |  |" in text
    assert "| Mon 2026-11-30 | – | – | – | – | – | – |" in text
    days = text.split("### Day by day")[1]
    assert "2026-11-24" not in days and "2026-11-23" not in days, "the table starts at the first logged day"
    assert days.index("| Wed 2026-11-25 ") < days.index("| Mon 2026-11-30 ")
    assert "Hard day" in text
    assert "\\<b\\>bold\\</b\\>" in text, "typed markup is escaped, not rendered"
    assert "- [x] Q one" in text and "- [ ] Q two" in text
    assert "Wed 9 Dec 2026 10:30 with Sam Okafor (physical therapist)." in text
    order = [
        "## Pain over time",
        "## What the log shows",
        "## What helps",
        "## Function, sleep and stress",
        "## Medication (names and times only)",
        "## Questions for this visit",
        "## Detail",
        "### Summary",
        "### Day by day",
        "Sources:",
    ]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order), "the printed page's order"
    assert "Krebs" in text and "J Gen Intern Med 2009;24:733–738" in text and safety.SOURCE in text
    assert "not a diagnostic device" in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def test_html_is_one_safe_self_contained_printable_page(data: ReportData) -> None:
    page = render_html(data)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in parser.tags
    assert not {"link", "img", "iframe", "object", "embed"} & set(parser.tags)
    for name, value in parser.attrs:
        assert name not in ("src", "href", "action") and not name.startswith("on"), (name, value)
        assert "http" not in (value or "") and "//" not in (value or "")
    assert "url(" not in parser.style and "@import" not in parser.style
    assert "@media print" in parser.style and "@page" in parser.style
    text = " ".join(parser.text)
    assert "<b>bold</b>" in text and "<b>bold" not in page, "typed markup reaches the reader as text"
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert text.index("Warning signs reported") < text.index("Summary")
    assert "Mean pain (0–10)" in text and "Krebs" in text


def test_visit_brief_and_suggested_questions(data: ReportData) -> None:
    brief = visit_brief(data)
    assert brief.startswith("Next visit: Wed 9 Dec 2026 10:30 with Sam Okafor (physical therapist) (in 9 days).")
    assert "WARNING SIGN" in brief and "[x] Q one" in brief and "[ ] Q two" in brief
    questions = suggested_questions(data, [VISIT, PAST_VISIT])
    assert "Left open?" in questions and "Done" not in questions and "Q one" not in questions
    assert any("warning sign" in q for q in questions)


@pytest.mark.parametrize(
    ("name", "medicine", "clean"),
    [
        ("medication taken", True, "medication taken"),
        ("Ibuprofen 400mg x2", True, "Ibuprofen"),
        ("paracetamol 2 tablets", True, "paracetamol"),
        ("heat", False, "heat"),
        ("walk", False, "walk"),
    ],
)
def test_medication_recognised_and_cleaned(name: str, medicine: bool, clean: str) -> None:
    assert is_medication(name) is medicine
    if medicine:
        assert medication_name(name) == clean
    assert "mg" not in without_amounts("ibuprofen 200 mg")


def test_report_reads_a_store_like_a_history(tmp_path: Path) -> None:
    from painpal.domain.clock import FixedClock
    from painpal.storage.store import Store

    store = Store(tmp_path / "d", FixedClock(NOW))
    store.add(*RECORDS, FEVER, VISIT, PAST_VISIT, PT)
    since, until = period(NOW, days=7)
    from_store = report_data(store, since, until, NOW)
    assert render_markdown(from_store) == render_markdown(
        report_data(
            History.of(RECORDS), since, until, NOW, warnings=[FEVER], appointments=[VISIT, PAST_VISIT], people=[PT]
        )
    )
    assert from_store.current.count == 4 and from_store.previous.count == 2


def test_empty_history_still_makes_a_report() -> None:
    since, until = period(NOW, days=30)
    text = render_markdown(report_data(History(), since, until, NOW))
    assert "| Check-ins | none | none |" in text and "No appointment booked." in text
    assert "Warning signs reported" not in text
    assert "<script" not in render_html(report_data(History(), since, until, NOW - timedelta(days=1)))


def test_render_picks_the_format_and_refuses_others(data: ReportData) -> None:
    assert render(data, "md") == render_markdown(data)
    assert render(data, "html") == render_html(data)
    with pytest.raises(ValueError, match="expected md, html or json"):
        render(data, "pdf")


def test_both_formats_say_the_shared_sentences(data: ReportData) -> None:
    """Markdown and HTML take their summary rows and sentences from one place, so they say the same."""
    text = render_markdown(data)
    page = html.unescape(render_html(data))
    for row in summary_rows(data):
        assert "| " + " | ".join(row) + " |" in text
        assert all(cell in page for cell in row)
    for line in (*effect_lines(data), *use_lines(data)):
        assert f"<li>{line}</li>" in page
        assert f"- {line}" in text  # nothing typed here needs Markdown escaping


def test_stylesheet_is_inlined_from_the_package_file(data: ReportData) -> None:
    from importlib.resources import files

    css = files("painpal.report").joinpath("report.css").read_text(encoding="utf-8").strip()
    assert "@media print" in css
    assert f"<style>{css}</style>" in render_html(data)


def test_importing_the_package_loads_no_renderer() -> None:
    """``import painpal.report`` is free; each caller imports the part it needs."""
    proc = run_python(
        "import sys, painpal.report\n"
        "print(sorted(m for m in sys.modules if m.startswith('painpal.report.') or m == 'painpal.analysis'))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_typed_relief_names_in_what_eases_are_inert_markdown(data: ReportData) -> None:
    """A relief is named by the person, so its name is escaped in "what eases" like everywhere else."""
    typed = replace(
        data,
        eases=(Effect("*star* <b>x</b>", "relief", -1.5, 4, -0.9),),
        worsens=(Effect("[link](http://x)", "relief", 1.5, 4, 0.9),),
    )
    text = render_markdown(typed)
    # No claim backs either, so they are listed by how often they were tried, with no figure of their own.
    assert "without it yet: \\*star\\* \\<b\\>x\\</b\\> (4), \\[link\\](http://x) (4)." in text
    page = render_html(typed)
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_characters_that_reorder_or_hide_text_are_dropped_and_scripts_kept(data: ReportData) -> None:
    """An override in a typed name reversed the rest of its line on paper; Arabic, Hebrew and emoji stay whole."""
    from painpal.report.markdown import md
    from painpal.storage.exchange import _csv_cell
    from painpal.text import FORMAT_CONTROLS, drop_format_controls

    kept = "ظهر · גב · 👩‍⚕️ · 🏴󠁧󠁢󠁳󠁣󠁴󠁿"  # joiners and emoji tags change drawing, not meaning
    assert drop_format_controls(kept) == kept
    assert drop_format_controls(f"a{FORMAT_CONTROLS}b") == "ab"
    assert md("\u202e5 of 10") == "5 of 10"
    assert _csv_cell("\u202e=HYPERLINK(1)") == "'=HYPERLINK(1)"
    typed = replace(data, eases=(Effect("heat\u202e pad", "relief", -1.5, 4, -0.9),))
    for page in (render_markdown(typed), render_html(typed)):
        assert "heat pad (4)" in page
        assert not set(page) & set(FORMAT_CONTROLS)
