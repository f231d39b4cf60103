"""The report as Markdown: the shared wording, with Markdown's structure around it and typed text made inert."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from painpal.report import wording as words
from painpal.report.data import ReportData
from painpal.text import drop_format_controls, spark, when_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
"""Characters that format, link or break a table cell anywhere in a line (parentheses only link after ``]``)."""
_MD_LEADING = re.compile(r"[#+\-=]|\d+[.)]")


def md(text: str) -> str:
    """Person-typed text as inert Markdown: one line, punctuation that would format or link escaped.

    Characters that reorder or hide text (a right-to-left override) are dropped, so the page reads as typed.
    """
    out = _MD_SPECIAL.sub(r"\\\1", " ".join(drop_format_controls(str(text)).split()))
    # At the start of a line these make a heading, a list item or a rule.
    return "\\" + out if _MD_LEADING.match(out) else out


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out


def sparkline_of(data: ReportData) -> str:
    """The daily means as one line of block marks on the fixed 0-10 scale (a blank for a day with none)."""
    return "".join(spark(r.mean) if r.mean is not None else " " for r in data.daily)


def render_markdown(data: ReportData) -> str:
    """The report as Markdown, in the printed page's order: page 1's sections (a screenful), then the detail."""
    lines = [f"# {words.title_text(data)}", ""]
    lines.append(words.prepared_text(data))
    lines.append("")
    if data.warnings:
        lines += [f"## {words.WARNINGS_HEADING}", ""]
        for warning in data.warnings:
            state = words.warning_state_text(warning)
            if warning.resolved is None:
                state = f"**{state}**"
            lines.append(
                f"- **{when_text(warning.at)}**, advised {words.urgency_text(warning.urgency)}: "
                f"{md(words.warning_signs_text(warning))}. {state}."
            )
        lines.append("")
    lines += [f"**{md(words.key_figures_text(data))}**", ""]
    lines += [f"## {words.CHART_HEADING}", "", f"`{sparkline_of(data)}`  daily mean, 0–10, one mark a day", ""]
    lines += words.summary_notes(data)
    lines += ["", f"## {words.PATTERNS_HEADING}", ""]
    top = words.top_patterns(data)
    if top:
        lines += [f"- {md(p.sentence)} *{md(p.evidence)}*" for p in top]
        more = f" {words.MORE_PATTERNS}" if len(data.patterns) > len(top) else ""
        lines += ["", f"*{md(words.family_line(data))}*{more}"]
    else:
        lines.append(md(words.no_pattern_text(data)))
    lines += ["", f"## {words.HELPS_HEADING}", ""]
    lines += [f"- {line}" for line in words.helps_lines(data, md)]
    lines += ["", f"## {words.FUNCTION_HEADING}", ""]
    lines += [f"- {line}" for line in words.function_lines(data)]
    lines += ["", f"## {words.MEDICATION_HEADING}", ""]
    lines += [f"- {line}" for line in words.medication_lines(data, md)]
    lines += ["", f"## {words.VISIT_QUESTIONS_HEADING}", ""]
    if data.appointment is not None:
        lines += [words.visit_line(data, data.appointment, md), ""]
    lines += [f"- {md(q)}" for q in words.visit_questions(data)] or [words.NO_QUESTIONS]
    lines += ["", "---", "", f"## {words.DETAIL_HEADING}", "", f"### {words.SUMMARY_HEADING}", ""]
    lines += _md_table(words.summary_headers(data), words.summary_rows(data))
    lines += ["", f"### {words.PATTERNS_HEADING}", ""]
    if data.patterns:
        for p in data.patterns:
            lines.append(f"- {md(p.sentence)}  \n  *Evidence:* {md(p.evidence)}")
    else:
        lines.append(md(words.no_pattern_text(data)))
    lines += ["", f"### {words.EFFECTS_HEADING}", ""]
    lines += [f"- {line}" for line in words.effect_lines(data, md)]
    lines += ["", f"### {words.USES_HEADING}", ""]
    lines += [f"- {line}" for line in words.use_lines(data, md)]
    lines += ["", f"### {words.DAYS_HEADING}", ""]
    lines += _md_table(words.DAY_HEADERS, (words.day_cells(r) for r in data.daily))
    lines.append("")
    lines.append(words.DAY_TABLE_NOTE)
    lines += ["", f"### {words.FLARES_HEADING}", ""]
    if data.flares:
        lines.append(words.flare_days_text(data))
        lines.append(words.FLARE_RULE)
    else:
        lines.append(words.NO_FLARES)
    lines += ["", f"### {words.NOTES_HEADING}", ""]
    if data.notes:
        lines += [f"- {words.note_line(n, md)}" for n in data.notes]
    else:
        lines.append(words.NO_NOTES)
    if data.medications:
        lines += ["", f"### {words.MEDICATION_LOG_HEADING}", ""]
        lines += [f"- {words.medication_line(m, md)}" for m in data.medications]
    lines += ["", f"### {words.QUESTIONS_HEADING}", ""]
    if data.appointment is not None:
        lines.append(words.visit_line(data, data.appointment, md))
        lines.append("")
        asked = set(data.appointment.asked)
        lines += [f"- [{'x' if q in asked else ' '}] {md(q)}" for q in data.appointment.questions]
        if not data.appointment.questions:
            lines.append(words.NO_QUESTIONS)
    else:
        lines.append(words.NO_APPOINTMENT)
    lines += ["", "---", "", f"*{words.FOOTER_WHAT}*", "", "Sources:", ""]
    lines += [f"- {s}" for s in words.FOOTER_SOURCES]
    lines += ["", f"*{words.MADE_WITH}*", ""]
    return "\n".join(lines)
