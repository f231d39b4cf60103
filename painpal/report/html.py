"""The report as one printable HTML page: the shared wording in HTML structure, with the stylesheet inline.

The page is self-contained: the CSS (``report.css`` beside this module) is
inlined, and there are no scripts, links or external assets. Every sentence
that carries typed text is escaped whole here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from painpal.report import wording as words
from painpal.report.chart import pain_chart_svg
from painpal.report.data import ReportData
from painpal.text import drop_format_controls, when_text

STYLESHEET = "report.css"
"""The page's CSS, a file of this package (listed in the package data so an installed copy has it)."""


@cache
def stylesheet() -> str:
    """The report's CSS, read from the package on first use."""
    return Path(__file__).with_name(STYLESHEET).read_text(encoding="utf-8").strip()


def _e(text: object) -> str:
    """Escaped for HTML text and attribute values; characters that reorder or hide text are dropped."""
    return html.escape(drop_format_controls(str(text)), quote=True)


def _text(text: str) -> str:
    """painpal's own wording as HTML text: ``&``, ``<`` and ``>`` escaped, quotes and apostrophes as written."""
    return html.escape(text, quote=False)


def _html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Sequence[int] = (),
    classes: Sequence[str] = (),
) -> str:
    """A table; every cell is escaped here, so callers pass plain text."""
    num = ' class="n"'
    head = "".join(f"<th{num if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = []
    for k, cells in enumerate(rows):
        cls = f' class="{_e(classes[k])}"' if classes and classes[k] else ""
        tds = "".join(f"<td{num if i in numeric else ''}>{_e(c)}</td>" for i, c in enumerate(cells))
        body.append(f"<tr{cls}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(data: ReportData) -> str:
    """The report as one self-contained printable page: inline CSS, no scripts, no links, no external assets."""
    parts: list[str] = []
    add = parts.append
    title = words.title_text(data)
    add("<!DOCTYPE html>")
    add('<html lang="en"><head><meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>{_e(title)}</title><style>{stylesheet()}</style></head><body>")
    add(f"<header><h1>{_e(title)}</h1>")
    add(f'<p class="meta">{_text(words.prepared_text(data))}</p>')
    add(f'<p class="key">{_e(words.key_figures_text(data))}</p></header>')
    # Page 1: what a clinician reads in a minute, in the order they ask.
    add('<main class="first">')
    if data.warnings:
        add(f'<section class="warning"><h2>{_text(words.WARNINGS_HEADING)}</h2><ul>')
        for w in data.warnings:
            add(
                f"<li><strong>{_e(when_text(w.at))}</strong>, advised {_e(words.urgency_text(w.urgency))}: "
                f"{_e(words.warning_signs_text(w))}. <strong>{_e(words.warning_state_text(w))}</strong>.</li>"
            )
        add("</ul></section>")
    add(f'<section class="chart"><h2>{_text(words.CHART_HEADING)}</h2>{pain_chart_svg(data.daily)}')
    notes = words.summary_notes(data)
    add(f'<p class="evidence">{_text(words.CHART_NOTE)} {_e(" ".join(notes))}</p></section>')
    add(f"<section><h2>{_text(words.PATTERNS_HEADING)}</h2>")
    top = words.top_patterns(data)
    if top:
        add("<ul>")
        for p in top:
            add(f'<li>{_e(p.sentence)} <span class="evidence">{_e(p.evidence)}</span></li>')
        add("</ul>")
        more = f" {words.MORE_PATTERNS}" if len(data.patterns) > len(top) else ""
        add(f'<p class="evidence">{_e(words.family_line(data))}{_text(more)}</p>')
    else:
        add(f"<p>{_e(words.no_pattern_text(data))}</p>")
    add("</section>")
    add(f'<div class="two"><section><h2>{_text(words.HELPS_HEADING)}</h2><ul>')
    add("".join(f"<li>{_e(line)}</li>" for line in words.helps_lines(data)))
    add(f"</ul></section><section><h2>{_text(words.FUNCTION_HEADING)}</h2><ul>")
    add("".join(f"<li>{_e(line)}</li>" for line in words.function_lines(data)))
    add("</ul></section></div>")
    add(f'<div class="two"><section><h2>{_text(words.MEDICATION_HEADING)}</h2><ul>')
    add("".join(f"<li>{_e(line)}</li>" for line in words.medication_lines(data)))
    add(f"</ul></section><section><h2>{_text(words.VISIT_QUESTIONS_HEADING)}</h2>")
    if data.appointment is not None:
        add(f"<p>{_e(words.visit_line(data, data.appointment))}</p>")
    questions = words.visit_questions(data)
    if questions:
        add("<ul>" + "".join(f"<li>{_e(q)}</li>" for q in questions) + "</ul>")
    else:
        add(f"<p>{_text(words.NO_QUESTIONS)}</p>")
    add("</section></div></main>")

    # The detail: everything behind page 1, from the first logged day.
    add(f'<section class="detail"><h2>{_text(words.DETAIL_HEADING)}</h2>')
    add(f"<h3>{_text(words.SUMMARY_HEADING)}</h3>")
    add(_html_table(words.summary_headers(data), words.summary_rows(data)))
    add(f"<h3>{_text(words.PATTERNS_HEADING)}</h3>")
    if data.patterns:
        add("<ul>")
        for p in data.patterns:
            add(f'<li>{_e(p.sentence)}<br><span class="evidence">Evidence: {_e(p.evidence)}</span></li>')
        add("</ul>")
    else:
        add(f"<p>{_e(words.no_pattern_text(data))}</p>")
    add(f"<h3>{_text(words.EFFECTS_HEADING)}</h3><ul>")
    for line in words.effect_lines(data):
        add(f"<li>{_e(line)}</li>")
    add(f"</ul><h3>{_text(words.USES_HEADING)}</h3><ul>")
    for line in words.use_lines(data):
        add(f"<li>{_e(line)}</li>")
    add("</ul>")
    add(f"<h3>{_text(words.DAYS_HEADING)}</h3>")
    add(
        _html_table(
            words.DAY_HEADERS,
            [words.day_cells(r) for r in data.daily],
            numeric=(1, 2, 3, 5),
            classes=["flare" if r.flare else "" for r in data.daily],
        )
    )
    add(f'<p class="evidence">{_text(words.DAY_TABLE_NOTE)}</p>')
    add(f"<h3>{_text(words.FLARES_HEADING)}</h3>")
    if data.flares:
        add(f"<p>{_e(words.flare_days_text(data))}</p>")
        add(f'<p class="evidence">{_text(words.FLARE_RULE)}</p>')
    else:
        add(f"<p>{_text(words.NO_FLARES)}</p>")
    add(f"<h3>{_text(words.NOTES_HEADING)}</h3>")
    if data.notes:
        add("<ul>" + "".join(f"<li>{_e(words.note_line(n))}</li>" for n in data.notes) + "</ul>")
    else:
        add(f"<p>{_text(words.NO_NOTES)}</p>")
    if data.medications:
        add(f"<h3>{_text(words.MEDICATION_LOG_HEADING)}</h3><ul>")
        add("".join(f"<li>{_e(words.medication_line(m))}</li>" for m in data.medications))
        add("</ul>")
    add(f"<h3>{_text(words.QUESTIONS_HEADING)}</h3>")
    if data.appointment is not None:
        add(f"<p>{_e(words.visit_line(data, data.appointment))}</p>")
        asked = set(data.appointment.asked)
        if data.appointment.questions:
            add(
                "<ul>"
                + "".join(f"<li>{'☑' if q in asked else '☐'} {_e(q)}</li>" for q in data.appointment.questions)
                + "</ul>"
            )
        else:
            add(f"<p>{_text(words.NO_QUESTIONS)}</p>")
    else:
        add(f"<p>{_text(words.NO_APPOINTMENT)}</p>")
    add("</section>")
    add(f"<footer><p>{_e(words.FOOTER_WHAT)}</p><p>Sources:</p><ul>")
    add("".join(f"<li>{_e(s)}</li>" for s in words.FOOTER_SOURCES))
    add(f"</ul><p>{_e(words.MADE_WITH)}</p></footer></body></html>")
    return "\n".join(parts) + "\n"
