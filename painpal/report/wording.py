"""The report's words: every sentence, heading and table row, written once for every format.

The Markdown page, the HTML page and the visit brief say the same things in
the same words; only their markup differs. So the renderers take their
headings, summary rows and sentences from here and add structure (lists,
tables, emphasis) around them.

Sentences that carry something the person typed (a relief name, a note) take
``typed``: how the format makes typed text inert. Markdown passes its escape,
which works on the typed words alone; HTML escapes the whole sentence, so it
takes the default and escapes what comes back. The visit brief is plain text
and escapes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from painpal import __version__
from painpal.analysis.claims import first_person, relief_roles
from painpal.analysis.effects import effect_label
from painpal.analysis.patterns import Pattern, family_text, untested
from painpal.analysis.stats import MIN_DIFFERENCE, days_to_compare
from painpal.domain import safety
from painpal.domain.clock import painpal_day
from painpal.domain.records import Appointment
from painpal.domain.relief import without_amounts
from painpal.report.data import DayRow, Figures, MedicationUse, PersonNote, ReportData, WarningReport
from painpal.text import day_text, minutes_text, number, signed, when_text

Typed = Callable[[str], str]
"""How a format makes person-typed text inert inside a sentence."""

LISTED = 5
"""At most this many lines per list in the summary; the detail carries the rest."""
BRIEF_DAYS = 30
"""The visit brief summarises the 30 days before the visit is prepared."""

# --------------------------------------------------------------------------------------------- headings
# The report's sections, in the order a clinician asks.

WARNINGS_HEADING = "⚠ Warning signs reported"
SUMMARY_HEADING = "Summary"
PATTERNS_HEADING = "What the log shows"
EFFECTS_HEADING = "What eases and what worsens"
USES_HEADING = "Routines and relief"
DETAIL_HEADING = "Detail"
DAYS_HEADING = "Day by day"
FLARES_HEADING = "Flare days"
NOTES_HEADING = "In the person's words"
MEDICATION_LOG_HEADING = "Medication log (names and times only)"
QUESTIONS_HEADING = "Questions for the next visit"
CHART_HEADING = "Pain over time"
HELPS_HEADING = "What helps"
FUNCTION_HEADING = "Function, sleep and stress"
MEDICATION_HEADING = "Medication (names and times only)"
VISIT_QUESTIONS_HEADING = "Questions for this visit"
MORE_PATTERNS = "More in the detail."
CHART_NOTE = (
    "Each bar is a day, from its lowest to its highest check-in; the line joins the daily means; "
    "▼ marks a flare; the band below is each week's strategic activity (walks, exercise, strategic routines)."
)
TOP_PATTERNS = 3
"""Pattern sentences on the first page: the strongest few; the detail lists every one."""

# --------------------------------------------------------------------------------------------- fixed sentences

NO_PATTERN = "No pattern is supported by the log yet."
DAY_TABLE_NOTE = (
    "Sleep: quality 1–5 and hours, from the evening review. Activity: minutes of walks, strategic relief and "
    "strategic routines."
)
FLARE_RULE = (
    "A flare: a day whose mean pain is 2+ points above the person's usual (the previous 28 days), "
    "or whose highest check-in is 4+ above it."
)
NO_FLARES = "None in this period."
NO_NOTES = "No notes in this period."
NO_QUESTIONS = "No questions written yet."
NO_APPOINTMENT = "No appointment booked."
FOOTER_WHAT = (
    "painpal is a self-management log kept by the person it describes, not a diagnostic device. "
    "It does not diagnose, does not give medicine advice and never records amounts of medicine. Figures are "
    "the person's own ratings; patterns are stated only when the log supports them."
)
FOOTER_SOURCES = (
    "Pain intensity: 0–10 numeric rating scale (NRS; a change of about 1 point, or 30%, is meaningful to people).",
    "PEG: Krebs EE et al. Development and initial validation of the PEG, a three-item scale assessing pain "
    "intensity and interference. J Gen Intern Med 2009;24:733–738. Score = mean of three 0–10 items.",
    f"Warning signs: {safety.SOURCE}.",
    "Self-management content: American College of Physicians 2017 (Qaseem et al., Ann Intern Med "
    "2017;166:514–530); NICE NG59 (low back pain and sciatica in over 16s).",
)
MADE_WITH = f"Made with painpal {__version__}."
DAY_HEADERS = ("Day", "Check-ins", "Mean", "Peak", "Sleep", "Stress", "Activity", "")


def _as_is(text: str) -> str:
    return text


# --------------------------------------------------------------------------------------------- phrases


def change_text(
    current: float | None, previous: float | None, meaningful: float | None = MIN_DIFFERENCE, *, comparable: bool = True
) -> str:
    """The change from the previous period, in words a clinician expects.

    With ``meaningful`` set (pain, PEG): less than that many points is "about
    the same", as about 1 NRS point is the smallest change people feel. Two
    periods that are not ``comparable`` (too few logged days on either side)
    get no change at all.
    """
    if not comparable:
        return "too few days to compare"
    if current is None or previous is None:
        return "no previous figure"
    diff = round(current - previous, 1)
    figure = "±0.0" if diff == 0 else signed(diff)
    if meaningful is None:
        return figure
    if abs(diff) < meaningful:
        return f"{figure}, about the same"
    return f"{figure}, {'higher' if diff > 0 else 'lower'}"


def period_text(data: ReportData) -> str:
    """ "Tue 1 Sep 2026 – Mon 30 Nov 2026 (91 days)"."""
    return f"{day_text(data.first_day)} – {day_text(data.last_day)} ({data.days} days)"


def previous_text(data: ReportData) -> str:
    """The previous period's first and last painpal days."""
    first = painpal_day(data.previous_since, data.day_start_hour)
    return f"{day_text(first)} – {day_text(data.first_day - timedelta(days=1))}"


def urgency_text(level: str) -> str:
    """How soon care is advised, in words."""
    return "same-day emergency care" if level == "emergency" else "see a doctor soon"


def who(data: ReportData) -> str:
    """ "Sam Okafor (physical therapist)", or "your care team" when nobody is named."""
    p = data.person
    return f"{p.name} ({p.role})" if p is not None else "your care team"


def trend_text(data: ReportData) -> str | None:
    """The within-period direction in one phrase, or ``None`` without enough check-ins."""
    fit = data.trend
    if fit.slope_per_week is None:
        return None
    if not fit.clear:
        return "no clear rise or fall within the period"
    return f"{'rising' if fit.slope_per_week > 0 else 'falling'} about {abs(fit.change):.1f} points over the period"


def counts_text(items: Sequence[tuple[str, int]], limit: int = LISTED) -> str:
    """ "walking (12), heat (5)": what the person said, most often first."""
    return ", ".join(f"{name} ({n})" for name, n in items[:limit])


def medication_summary(meds: Sequence[MedicationUse]) -> list[tuple[str, int, datetime]]:
    """``(name, times, last taken)`` per medication name, most often first."""
    groups: dict[str, list[datetime]] = defaultdict(list)
    for m in meds:
        groups[m.name].append(m.at)
    return sorted(((name, len(ats), max(ats)) for name, ats in groups.items()), key=lambda t: (-t[1], t[0]))


# --------------------------------------------------------------------------------------------- the report's sentences


def title_text(data: ReportData) -> str:
    """ "Pain report for Alex Doe (born 2 Apr 1980): <period>", or "painpal report: <period>" with no name set."""
    whose = data.whose
    if whose.name is None and whose.born is None:
        return f"painpal report: {period_text(data)}"
    born = f"born {whose.born.day} {whose.born:%b %Y}" if whose.born else ""
    if whose.name is None:
        return f"Pain report ({born}): {period_text(data)}"
    return f"Pain report for {whose.name}{f' ({born})' if born else ''}: {period_text(data)}"


def prepared_text(data: ReportData) -> str:
    """The line under the title: when, from what, compared with what."""
    line = f"Prepared {when_text(data.now)} from the person's own log."
    if data.comparable:
        line += f" Compared with the previous {data.days} days ({previous_text(data)})."
    return line


def warning_signs_text(w: WarningReport) -> str:
    return "; ".join(w.signs)


def warning_state_text(w: WarningReport) -> str:
    """ "marked resolved Tue 3 Nov 2026 09:00" or "not marked resolved"."""
    return f"marked resolved {when_text(w.resolved)}" if w.resolved else "not marked resolved"


def summary_headers(data: ReportData) -> tuple[str, str, str, str]:
    return ("", "This period", f"Previous {data.days} days", "Change")


def summary_rows(data: ReportData) -> list[tuple[str, str, str, str]]:
    """The summary table: ``(what, this period, previous period, change)``; shared by every format."""
    cur, prev = data.current, data.previous
    ok = data.comparable

    def count(f: Figures) -> str:
        return f"{f.count} on {f.days_logged} day{'s' * (f.days_logged != 1)}" if f.count else "none"

    def peg(f: Figures) -> str:
        if f.peg is None:
            return "–"
        return f"{f.peg:.1f} ({f.peg_weeks} week{'s' * (f.peg_weeks != 1)})"

    rows = [
        ("Check-ins", count(cur), count(prev), ""),
        ("Mean pain (0–10)", number(cur.mean), number(prev.mean), change_text(cur.mean, prev.mean, comparable=ok)),
        (
            "Peak pain",
            "–" if cur.peak is None else str(cur.peak),
            "–" if prev.peak is None else str(prev.peak),
            f"{cur.peak - prev.peak:+d}".replace("-", "−").replace("+0", "±0")
            if cur.peak is not None and prev.peak is not None and ok
            else "",
        ),
        ("PEG (0–10)", peg(cur), peg(prev), change_text(cur.peg, prev.peg, comparable=ok)),
        (
            "Sleep quality (1–5)",
            number(cur.sleep_quality),
            number(prev.sleep_quality),
            change_text(cur.sleep_quality, prev.sleep_quality, None, comparable=ok),
        ),
        (
            "Sleep (hours)",
            number(cur.sleep_hours),
            number(prev.sleep_hours),
            change_text(cur.sleep_hours, prev.sleep_hours, None, comparable=ok),
        ),
        (
            "Stress (0–10)",
            number(cur.stress),
            number(prev.stress),
            change_text(cur.stress, prev.stress, None, comparable=ok),
        ),
    ]
    return rows


def summary_notes(data: ReportData) -> list[str]:
    """The sentences under the summary table: the trend within the period, PEG by week, flare days."""
    out = []
    trend = trend_text(data)
    if trend:
        out.append(f"Pain: {trend}.")
    elif data.trend.missing:
        out.append(f"No trend yet: it needs {data.trend.missing} more days with check-ins.")
    if not data.comparable:
        need = days_to_compare(data.days)
        out.append(
            f"No comparison with the previous {data.days} days: each period needs {need} days with check-ins "
            f"(this one has {data.current.days_logged}, the previous {data.previous.days_logged})."
        )
    if data.flares:
        out.append(f"Flare days: {len(data.flares)} of {len(data.daily)}.")
    return out


def family_line(data: ReportData) -> str:
    """Under the pattern sentences: they were tested together (:func:`painpal.analysis.patterns.family_text`)."""
    return family_text(data.found)


def no_pattern_text(data: ReportData) -> str:
    """What "what the log shows" says when no pattern is supported: what more the log needs."""
    return data.needs_more or NO_PATTERN


def effect_lines(data: ReportData, typed: Typed = _as_is) -> list[str]:
    """ "What eases and what worsens": relief the log shows beating similar moments without it, then what was said.

    Pain after any high check-in tends to fall whatever is done, so a
    relief's own before/after change is no evidence; only the claims
    (:func:`painpal.analysis.claims.relief_roles`) are stated, and the rest
    is listed by how often it was tried.
    """

    roles = relief_roles(data.found)
    out = [typed(role.words) for role in roles[:LISTED]]
    tried = untested(data.found, (*data.eases, *data.worsens))
    if tried:
        names = ", ".join(f"{without_amounts(effect_label(e))} ({e.count})" for e in tried[:LISTED])
        out.append(f"Tried, with no clear difference from similar moments without it yet: {typed(names)}.")
    if not roles and not tried:
        out.append("Too few check-ins before and after relief or routines to judge them yet.")
    out.append(f"Said to ease it at check-ins: {typed(counts_text(data.said_eases)) or 'not recorded'}.")
    out.append(f"Said to worsen it at check-ins: {typed(counts_text(data.said_worsens)) or 'not recorded'}.")
    return out


def use_lines(data: ReportData, typed: Typed = _as_is) -> list[str]:
    """ "Routines and relief": soothing against strategic minutes, what was done, medication by name."""
    out = [
        f"Soothing {minutes_text(data.soothing_minutes)} · strategic {minutes_text(data.strategic_minutes)} "
        "(soothing lowers pain now; strategic builds capacity)."
    ]
    if data.routines:
        text = ", ".join(f"{u.name} ×{u.count} ({minutes_text(u.minutes)})" for u in data.routines)
        out.append(f"Routines done: {typed(text)}.")
    if data.reliefs:
        text = ", ".join(
            f"{u.name} ×{u.count}" + (f" ({minutes_text(u.minutes)})" if u.minutes else "") for u in data.reliefs
        )
        out.append(f"Relief: {typed(text)}.")
    meds = medication_summary(data.medications)
    if meds:
        text = ", ".join(f"{name} ×{n} (last {when_text(last)})" for name, n, last in meds)
        out.append(f"Medication taken as logged (names and times only): {typed(text)}.")
    else:
        out.append("Medication taken: none logged.")
    return out


def _sleep_cell(row: DayRow) -> str:
    parts = []
    if row.sleep_quality is not None:
        parts.append(f"{row.sleep_quality}/5")
    if row.sleep_hours is not None:
        parts.append(f"{row.sleep_hours:g} h")
    return ", ".join(parts) or "–"


def day_cells(row: DayRow) -> list[str]:
    """One row of the day-by-day table, under :data:`DAY_HEADERS`."""
    return [
        f"{row.day:%a} {row.day.isoformat()}",
        str(row.count) if row.count else "–",
        number(row.mean),
        "–" if row.peak is None else str(row.peak),
        _sleep_cell(row),
        "–" if row.stress is None else str(row.stress),
        minutes_text(row.activity_minutes) if row.activity_minutes else "–",
        "flare" if row.flare else "",
    ]


def flare_days_text(data: ReportData) -> str:
    return ", ".join(day_text(d) for d in data.flares) + "."


def note_line(n: PersonNote, typed: Typed = _as_is) -> str:
    """ "Mon 30 Nov 2026 09:00 (check-in, pain 4): their words"."""
    return f"{when_text(n.at)} ({n.source}): {typed(n.text)}"


def medication_line(m: MedicationUse, typed: Typed = _as_is) -> str:
    return f"{when_text(m.at)}: {typed(m.name)}"


def visit_line(data: ReportData, appointment: Appointment, typed: Typed = _as_is) -> str:
    """ "Wed 9 Dec 2026 10:30 with Sam Okafor (physical therapist)."."""
    return f"{when_text(appointment.at)} with {typed(who(data))}."


# --------------------------------------------------------------------------------------------- page 1


def key_figures_text(data: ReportData) -> str:
    """The period in one line: how much pain, how often logged, flares; the previous period only if comparable."""
    cur, prev = data.current, data.previous
    if not cur.count:
        return "No check-ins in this period."
    line = (
        f"Mean pain {number(cur.mean)} of 10, highest {cur.peak}; {cur.count} check-ins on {cur.days_logged} "
        f"of {data.days} days; {len(data.flares)} flare day{'s' * (len(data.flares) != 1)}."
    )
    if data.comparable:
        line += f" Previous {data.days} days: mean {number(prev.mean)} ({change_text(cur.mean, prev.mean)})."
    return line


def top_patterns(data: ReportData) -> tuple[Pattern, ...]:
    """The strongest few sentences for the first page (the claims come strongest-first, headline leading)."""
    return data.patterns[:TOP_PATTERNS]


def helps_lines(data: ReportData, typed: Typed = _as_is) -> list[str]:
    """What helps, split soothing (eases pain for a while) and strategic (builds capacity), as done and as measured."""
    roles = relief_roles(data.found)
    out = []
    for kind, what in (("soothing", "eases pain for a while"), ("strategic", "builds capacity")):
        uses = [u for u in (*data.reliefs, *data.routines) if u.kind == kind]
        done = ", ".join(f"{u.name} ×{u.count}" for u in uses[:LISTED])
        minutes = data.soothing_minutes if kind == "soothing" else data.strategic_minutes
        line = f"{kind.capitalize()} ({what}): {minutes_text(minutes)}"
        line += f": {typed(done)}." if done else "; none logged."
        measured = [typed(role.words) for role in roles if role.role == kind]
        out.append(" ".join([line, *measured]))
    return out


def function_lines(data: ReportData) -> list[str]:
    """Function (the weekly PEG and its course), sleep and stress; the previous period only where comparable."""
    cur, prev = data.current, data.previous
    out = []
    if cur.peg is not None:
        weeks = ", ".join(f"{w:%-d %b} {v:.1f}" for w, v in data.pegs[-6:])
        span = f"{cur.peg_weeks} week{'s' * (cur.peg_weeks != 1)}"
        line = f"PEG (pain, enjoyment, activity; 0–10): {cur.peg:.1f} over {span}"
        line += f" ({weeks})." if weeks else "."
        if data.comparable and prev.peg is not None:
            line += f" Before: {prev.peg:.1f} ({change_text(cur.peg, prev.peg)})."
        out.append(line)
    else:
        out.append("PEG: not answered in this period.")
    if cur.sleep_quality is not None or cur.sleep_hours is not None:
        out.append(f"Sleep: quality {number(cur.sleep_quality)} of 5, {number(cur.sleep_hours)} hours.")
    if cur.stress is not None:
        out.append(f"Stress: {number(cur.stress)} of 10.")
    if len(out) == 1 and cur.sleep_quality is None and cur.stress is None:
        out.append("Sleep and stress: not answered in this period (the evening review asks).")
    return out


def medication_lines(data: ReportData, typed: Typed = _as_is) -> list[str]:
    """Medicine taken as logged: name, how many times, when last. Never an amount."""
    meds = medication_summary(data.medications)
    if not meds:
        return ["None logged."]
    return [f"{typed(name)}: {n} time{'s' * (n != 1)}, last {when_text(last)}." for name, n, last in meds]


def visit_questions(data: ReportData) -> list[str]:
    """The questions for this visit: those the person wrote and has not asked, else the ones painpal offers."""
    a = data.appointment
    if a is not None and a.questions:
        asked = set(a.asked)
        return [q for q in a.questions if q not in asked] or ["All of this visit's questions are marked asked."]
    return suggested_questions(data, limit=4)


# --------------------------------------------------------------------------------------------- the visit


_BRACKETS = re.compile(r"\s*\([^()]*\)")


def suggested_questions(data: ReportData, appointments: Sequence[Appointment] = (), limit: int = 6) -> list[str]:
    """Questions painpal offers for the next visit: the log's patterns, open questions, warning signs.

    Open questions are those written for earlier appointments and not marked
    asked. Questions already on the next appointment are left out. These are
    offers: the person keeps, edits or drops each one.
    """
    out: list[str] = []
    have = set(data.appointment.questions) if data.appointment is not None else set()

    def offer(q: str) -> None:
        q = q.strip()[:300]
        if q and q not in have and q not in out:
            out.append(q)

    for w in data.warnings:
        if w.resolved is None:
            offer(
                f"I reported a warning sign on {day_text(w.at.date())} ({'; '.join(w.signs).lower()}): "
                "what should I watch for?"
            )
    for p in data.patterns:
        # The figures in brackets are for the report; a question reads better without them.
        plain = _BRACKETS.sub("", p.sentence).rstrip(".")
        offer(f"My log shows: {plain}. What could I change?")
    past = sorted((a for a in appointments if a.at < data.now), key=lambda a: a.at)
    for a in past:
        for q in a.questions:
            if q not in a.asked:
                offer(q)
    if data.comparable and data.current.mean is not None and data.previous.mean is not None:
        diff = data.current.mean - data.previous.mean
        if diff >= MIN_DIFFERENCE:
            offer(
                f"My pain is higher than before (mean {data.current.mean:.1f} vs {data.previous.mean:.1f}): "
                "what should we try next?"
            )
    return out[:limit]


def say_first(data: ReportData) -> list[str]:
    """The two minutes at the start of a visit, in the person's own voice, from the same claims as the report."""
    cur = data.current
    if not cur.count:
        return [f"I have not logged my pain in the last {data.days} days."]
    out = [f"Over the last {data.days} days my pain averaged {number(cur.mean)} out of 10, at its worst {cur.peak}."]
    out += first_person(data.found)
    if data.comparable and cur.mean is not None and data.previous.mean is not None:
        diff = cur.mean - data.previous.mean
        if abs(diff) >= MIN_DIFFERENCE:
            out.append(f"That is {'more' if diff > 0 else 'less'} than in the {data.days} days before.")
    return out


def visit_brief(data: ReportData, numbered: bool = False) -> str:
    """The next visit on one screen, as plain text: who and when, anything urgent, the figures, the questions.

    Made for reading aloud or glancing at in the waiting room; the full
    report is the thing to hand over.
    """
    lines: list[str] = []
    a = data.appointment
    if a is not None:
        days = (a.at.date() - data.now.date()).days
        soon = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        lines.append(f"Next visit: {when_text(a.at)} with {who(data)} ({soon}).")
    else:
        lines.append("No appointment booked. Add one with a; the brief fills in from your log.")
    for w in data.warnings:
        if w.resolved is None:
            lines.append(
                f"WARNING SIGN reported {when_text(w.at)} ({urgency_text(w.urgency)}): {warning_signs_text(w)}. "
                "Say this first."
            )
    lines += ["", "To say first:", *(f"  {line}" for line in say_first(data))]
    cur, prev = data.current, data.previous
    lines.append("")
    lines.append(f"Last {data.days} days ({day_text(data.first_day)} – {day_text(data.last_day)}):")
    if cur.count:
        before = f" (before: {number(prev.mean)}; {change_text(cur.mean, prev.mean)})" if data.comparable else ""
        lines.append(
            f"  Pain: mean {number(cur.mean)}{before}, peak {cur.peak}; "
            f"{cur.count} check-ins on {cur.days_logged} days."
        )
    else:
        lines.append("  Pain: no check-ins in this period.")
    if cur.peg is not None:
        before = f" (before: {number(prev.peg)}; {change_text(cur.peg, prev.peg)})" if data.comparable else ""
        lines.append(f"  PEG: {cur.peg:.1f}{before}.")
    if cur.sleep_quality is not None or cur.stress is not None:
        lines.append(
            f"  Sleep {number(cur.sleep_quality)}/5, {number(cur.sleep_hours)} h; stress {number(cur.stress)}/10."
        )
    if data.flares:
        lines.append(f"  Flare days: {len(data.flares)}.")
    lines.append(f"  Soothing {minutes_text(data.soothing_minutes)}, strategic {minutes_text(data.strategic_minutes)}.")
    meds = medication_summary(data.medications)
    if meds:
        lines.append("  Medication taken (as logged): " + ", ".join(f"{n} ×{c}" for n, c, _ in meds) + ".")
    lines.append("")
    lines.append(f"{PATTERNS_HEADING}:")
    if data.patterns:
        lines += [f"  • {p.sentence}" for p in data.patterns]
    else:
        lines.append(f"  {data.needs_more or 'No pattern yet.'}")
    eased = [role for role in relief_roles(data.found) if role.role is not None]
    if eased:
        lines.append("  Eases: " + " ".join(role.words for role in eased[:3]))
    if a is not None:
        lines.append("")
        lines.append("Questions:")
        asked = set(a.asked)
        if a.questions:
            lines += [
                f"  {f'{n} ' if numbered else ''}[{'x' if q in asked else ' '}] {q}"
                for n, q in enumerate(a.questions, 1)
            ]
        else:
            lines.append("  None written yet.")
        if a.notes:
            lines += ["", f"Notes: {a.notes}"]
        if a.plan_changes:
            lines += [f"What changed in the plan: {a.plan_changes}"]
    return "\n".join(lines)
