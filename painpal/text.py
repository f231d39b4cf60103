"""How painpal writes numbers, durations, days and sparklines: one home, so every surface reads alike.

The review text, the Insights and Today screens, and the clinician report all
print the same figures; when each had its own formatter they drifted ("1 h 35
min" on one, "95 min" on another, "–" against "n/a"). Everything here is a
pure function of its argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from painpal.domain.clock import painpal_day

SPARK = "▁▂▃▄▅▆▇█"
"""Sparkline levels, lowest first, for values on the 0-10 pain scale."""

MISSING = "–"
"""What a figure that cannot be computed (no check-ins) prints as."""

FORMAT_CONTROLS = (
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates and their pop
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated swapping and digit-shape controls
    "\ufff9\ufffa\ufffb"  # interlinear annotation: the annotation can be shown or hidden
)
"""Invisible characters that reorder or hide the text around them.

An override (U+202E) in a stored note turns "5 of 10" into "01 fo 5" on a
clinician's printout, and can make a line say something other than what it
holds. None of painpal's own wording uses them. Left alone: the characters
scripts and emoji need (zero-width joiner and non-joiner, variation
selectors, emoji tags), which change how text is drawn, not what it says.
"""

_DROP_FORMAT_CONTROLS = dict.fromkeys(map(ord, FORMAT_CONTROLS))


def drop_format_controls(text: str) -> str:
    """``text`` without :data:`FORMAT_CONTROLS`: stored text as it should be read, in any output a person reads.

    The one home of that rule for the report renderers, the CSV export and
    the command line's text; it imports nothing, so the TUI can use it too.
    The JSON export keeps stored text byte for byte: it is a backup.
    """
    return text.translate(_DROP_FORMAT_CONTROLS)


def shorten(text: str, width: int) -> str:
    """``text`` as it is when it fits ``width`` cells, else cut to ``width`` with an ellipsis as the last."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def number(x: float | None, digits: int = 1) -> str:
    """``4.25`` -> ``"4.2"``; ``None`` -> ``"–"``."""
    return MISSING if x is None else f"{x:.{digits}f}"


def signed(value: float) -> str:
    """``"+1.5"``, ``"−0.5"``: a change, with a true minus sign (it reads better in print than a hyphen)."""
    return f"{value:+.1f}".replace("-", "−")


def minutes_text(minutes: float) -> str:
    """``45`` -> ``"45 min"``, ``95`` -> ``"1 h 35 min"``: how a person says a duration."""
    m = round(minutes)
    return f"{m} min" if m < 60 else f"{m // 60} h {m % 60:02d} min"


def spark(value: float) -> str:
    """One sparkline block for a 0-10 value (clamped): a fixed scale keeps days comparable."""
    return SPARK[max(0, min(len(SPARK) - 1, round(value / 10 * (len(SPARK) - 1))))]


def sparkline(values: Iterable[float]) -> str:
    """0-10 values as one block each."""
    return "".join(spark(v) for v in values)


def day_text(day: date) -> str:
    """``"Mon 30 Nov 2026"``: a day in a table or a list, where width matters."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def day_heading(day: date) -> str:
    """``"Monday 30 November 2026"``: a day as the heading of a review, where it is read as prose."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def when_text(at: datetime) -> str:
    """``"Mon 30 Nov 2026 10:05"``: an instant in a list."""
    return f"{day_text(at.date())} {at:%H:%M}"


def recording_day_text(now: datetime, day_start_hour: int, *, short: bool = False) -> str:
    """``"Tuesday 01 December"``: the painpal day being recorded into, as a heading over the day.

    Between midnight and the day-start hour the calendar has moved on but
    the painpal day has not (a 01:00 check-in belongs to the evening
    before), so the heading names the day still open and when it ends:
    ``"Tuesday 01 December (until 04:00)"``. A heading with the calendar
    date there would contradict the Today panel under it. ``short``
    abbreviates for a narrow pane: ``"Tue 01 Dec (until 04:00)"``.
    """
    day = painpal_day(now, day_start_hour)
    shown = f"{day:%a %d %b}" if short else f"{day:%A %d %B}"
    if day != now.date():
        shown += f" (until {time(day_start_hour):%H:%M})"
    return shown


def walk_goal_text(walked: float, goal: int) -> str:
    """``"5 of 10 min"`` on the way to the day's walking goal; ``"20 min · goal of 10 met"`` once it is reached.

    "20 of 10 min" read like a mistake, and hid the good news.
    """
    if goal > 0 and round(walked) >= goal:
        return f"{walked:.0f} min · goal of {goal} met"
    return f"{walked:.0f} of {goal} min"
