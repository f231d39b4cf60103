"""Meetings from iCalendar text: which events block a prompt, and when the prompt may come instead.

Break reminders that land in meetings are the complaint people make most, so
the day learns the person's calendar. Parsing and recurrence are left to
``icalendar`` and ``recurring-ical-events`` (RRULE, RDATE, EXDATE,
RECURRENCE-ID overrides, time zones and their daylight-saving rules are
easy to get subtly wrong; they are those libraries' whole job). Both are
imported on first use: only a person with calendars pays their ~70 ms.

What blocks a prompt (one rule, here): a timed event that is not
``TRANSP:TRANSPARENT`` (free), not ``STATUS:CANCELLED``, and not declined.
"Declined" needs to know who the person is, which an exported file rarely
says; painpal takes the calendar's owner from ``X-WR-CALNAME`` when that is an
e-mail address (Google names a person's main calendar so), and an event is
declined when that attendee's ``PARTSTAT`` is ``DECLINED``. With no owner
known, an event is declined only when every attendee declined it. All-day
events never block: a holiday or a birthday is not a meeting.

A meeting counts as seated unless it is *moving*: its title has a word such
as "standing" or "walking", or it carries one of the categories the person
chose. "Stand-up" is not such a word: most stand-ups are held sitting.

Nothing here reads a file (``storage.calendars`` does) or imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from painpal.domain.clock import merge_spans
from painpal.domain.records import ValidationError
from painpal.text import shorten

if TYPE_CHECKING:
    from icalendar import Calendar

    from painpal.domain.plan import Transition

MOVING_WORDS = re.compile(r"\b(standing|walk|walks|walking)\b", re.IGNORECASE)
"""Words in a meeting's title that mean the person is on their feet."""
MIN_GAP = timedelta(minutes=2)
"""Between back-to-back meetings, a gap this long is enough for a held prompt; a shorter one is not."""
MARGIN_DAYS = 1
"""How far beyond the window the text filter keeps one-off events: a zone offset moves a date by at most a day."""


class CalendarError(ValidationError):
    """A calendar file painpal cannot read: one sentence naming the file."""


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a timed, busy event: what the day plan works around."""

    start: datetime
    """Aware; in the zone the file gave it (compare in UTC)."""
    end: datetime
    title: str
    moving: bool = False
    """Held standing or walking: it does not count as sitting, and its end counts as having moved."""
    source: str = ""
    """The file it came from, for a sentence about it."""

    @property
    def utc_start(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def utc_end(self) -> datetime:
        return self.end.astimezone(UTC)

    def covers(self, at: datetime) -> bool:
        """Whether ``at`` falls inside the meeting: its start included, its end not."""
        t = at.astimezone(UTC)
        return self.utc_start <= t < self.utc_end


# -- reading ---------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{8})")


def _unfold(text: str) -> list[str]:
    """Content lines with RFC 5545 folding undone (a line break followed by a space or a tab continues a line)."""
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def _line_date(line: str) -> date | None:
    """The date of a DTSTART/DTEND/RECURRENCE-ID line (its value's first eight digits), or ``None``."""
    value = line.rsplit(":", 1)[-1].strip()
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _keeps(block: list[str], first: date, last: date) -> bool:
    """Whether a VEVENT's lines can give an occurrence between ``first`` and ``last`` (with a day's margin).

    A recurring event is kept unless it starts after the window or its
    rule plainly ends before it (:func:`_series_end`); one with RDATE is
    always kept. A one-off or an override is kept when its start, its end,
    or the occurrence it replaces (RECURRENCE-ID: an occurrence moved away
    must still hide the original) is near the window.
    """
    lo, hi = first - timedelta(days=MARGIN_DAYS), last + timedelta(days=MARGIN_DAYS)
    start = end = moved = None
    rule: str | None = None
    for line in block:
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "RDATE":
            return True
        if name == "RRULE":
            rule = line.split(":", 1)[-1].upper()
        elif name == "DTSTART":
            start = _line_date(line)
        elif name == "DTEND":
            end = _line_date(line)
        elif name == "RECURRENCE-ID":
            moved = _line_date(line)
    if start is None:
        return True  # let icalendar judge it
    if rule is not None:
        series_end = _series_end(rule, start)
        return start <= hi and (series_end is None or series_end >= lo)
    if moved is not None and lo <= moved <= hi:
        return True
    return start <= hi and (end or start) >= lo


_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7}


def _series_end(rule: str, start: date) -> date | None:
    """The last day a recurrence can reach, when the rule says so plainly; ``None`` when it may run on.

    UNTIL gives it. COUNT gives it for a daily or weekly rule with no
    part that skips periods (BYDAY within a week adds days, never skips a
    week): n occurrences then fit in n periods. Anything else is kept.
    """
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if "UNTIL" in parts:
        return _line_date(parts["UNTIL"])
    period = _PERIOD_DAYS.get(parts.get("FREQ", ""))
    skips = set(parts) - {"FREQ", "COUNT", "INTERVAL", "WKST", "BYDAY"} or (period == 1 and "BYDAY" in parts)
    if "COUNT" not in parts or period is None or skips:
        return None
    try:
        count, interval = int(parts["COUNT"]), int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    return start + timedelta(days=period * interval * count)


def window_text(text: str, first: date, last: date) -> str:
    """The calendar with only the events that can touch ``first`` .. ``last``: what icalendar then parses.

    Parsing is most of the cost of a calendar (a year of a busy one, 1,000
    events: ~160 ms). A day needs only the recurring events and the one-offs
    near it, so the others are dropped as text, before parsing. Time zones
    and everything else outside events are kept as they are.
    """
    out: list[str] = []
    block: list[str] | None = None
    depth = 0
    for line in _unfold(text):
        upper = line.strip().upper()
        if block is not None:
            block.append(line)
            if upper.startswith("BEGIN:"):
                depth += 1
            elif upper.startswith("END:"):
                depth -= 1
                if depth == 0:
                    if _keeps(block, first, last):
                        out += block
                    block = None
            continue
        if upper == "BEGIN:VEVENT":
            block, depth = [line], 1
        else:
            out.append(line)
    if block is not None:
        out += block  # unterminated: icalendar will say so
    return "\r\n".join(out) + "\r\n"


def parse(data: bytes, name: str, first: date, last: date) -> Calendar:
    """The calendar in ``data`` (from file ``name``), cut to the events near ``first`` .. ``last``.

    Raises :class:`CalendarError` with one sentence naming the file when it
    is not iCalendar text.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise CalendarError(f"The calendar file {name} is not an iCalendar file (it has no BEGIN:VCALENDAR).")
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(window_text(text, first, last), multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CalendarError(f"The calendar file {name} cannot be read ({_short(exc)}).") from None
    if not calendars:
        raise CalendarError(f"The calendar file {name} holds no calendar.")
    if len(calendars) == 1:
        cal: Calendar = calendars[0]
        return cal
    merged = calendars[0]
    for extra in calendars[1:]:
        for component in extra.subcomponents:
            merged.add_component(component)
    return merged


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return shorten(text, 80)


def _owner(calendar: Calendar) -> str | None:
    """The calendar owner's address, when the calendar is named after it (Google's main calendar)."""
    name = str(calendar.get("X-WR-CALNAME", "")).strip().lower()
    return name if "@" in name and " " not in name else None


def _address(value: Any) -> str:
    return str(value).lower().removeprefix("mailto:").strip()


def declined(event: Any, owner: str | None) -> bool:
    """Whether the person declined ``event``: their attendee entry says so (see the module's rule)."""
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return False
    if not isinstance(attendees, list):
        attendees = [attendees]
    states = {_address(a): str(getattr(a, "params", {}).get("PARTSTAT", "")).upper() for a in attendees}
    if owner is not None and owner in states:
        return states[owner] == "DECLINED"
    return bool(states) and all(state == "DECLINED" for state in states.values())


def blocks(event: Any, owner: str | None) -> bool:
    """Whether an expanded event keeps prompts away: timed, busy, not cancelled, not declined."""
    start = event.get("DTSTART")
    if start is None or not isinstance(start.dt, datetime):
        return False  # all-day (a date, not a time)
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    return not declined(event, owner)


def _categories(event: Any) -> set[str]:
    raw = event.get("CATEGORIES")
    if raw is None:
        return set()
    values = raw if isinstance(raw, list) else [raw]
    found: set[str] = set()
    for value in values:
        cats = getattr(value, "cats", None)
        items = cats if cats is not None else str(value).split(",")
        found |= {str(c).strip().casefold() for c in items if str(c).strip()}
    return found


def is_moving(title: str, categories: Iterable[str], moving_categories: Iterable[str]) -> bool:
    """Held on one's feet: a moving word in the title, or a category the person named as moving."""
    chosen = {c.strip().casefold() for c in moving_categories}
    return bool(MOVING_WORDS.search(title)) or bool(chosen & {c.casefold() for c in categories})


def meetings_between(
    calendar: Calendar, name: str, start: datetime, end: datetime, moving_categories: Sequence[str] = ()
) -> list[Meeting]:
    """The meetings of ``calendar`` that overlap ``start`` .. ``end`` (aware), in order of their start."""
    import recurring_ical_events

    owner = _owner(calendar)
    try:
        events = recurring_ical_events.of(calendar).between(start, end)
    except Exception as exc:  # the library raises its own types for broken rules and zones
        raise CalendarError(f"The calendar file {name} cannot be read ({_short(exc)}).") from None
    found: list[Meeting] = []
    for event in events:
        if not blocks(event, owner):
            continue
        begin = event["DTSTART"].dt
        finish = event.get("DTEND")
        stop = finish.dt if finish is not None and isinstance(finish.dt, datetime) else None
        if stop is None:
            duration = event.get("DURATION")
            stop = begin + (duration.dt if duration is not None else timedelta(0))
        if begin.tzinfo is None:  # a "floating" time: the person's own wall clock
            begin, stop = begin.replace(tzinfo=start.tzinfo), stop.replace(tzinfo=start.tzinfo)
        if stop.astimezone(UTC) <= begin.astimezone(UTC):
            continue
        title = " ".join(str(event.get("SUMMARY", "")).split()) or "Busy"
        moving = is_moving(title, _categories(event), moving_categories)
        found.append(Meeting(begin, stop, title, moving, name))
    return sorted(found, key=lambda m: (m.utc_start, m.utc_end, m.title))


# -- the day around meetings -----------------------------------------------------------------------


def busy_stretches(meetings: Iterable[Meeting]) -> list[tuple[datetime, datetime]]:
    """Meetings merged where they overlap or leave a gap under :data:`MIN_GAP` (UTC): the time prompts wait."""
    return merge_spans(((m.utc_start, m.utc_end) for m in meetings), lambda end, start: start - end < MIN_GAP)


def busy_until(meetings: Iterable[Meeting], at: datetime) -> datetime | None:
    """The end (UTC) of the busy stretch ``at`` is in, or ``None`` when the person is free."""
    t = at.astimezone(UTC)
    for begin, end in busy_stretches(meetings):
        if begin <= t < end:
            return end
    return None


def meeting_at(meetings: Iterable[Meeting], at: datetime) -> Meeting | None:
    """The meeting under way at ``at`` (the one that ends last, when several overlap)."""
    current = [m for m in meetings if m.covers(at)]
    return max(current, key=lambda m: m.utc_end) if current else None


def seated_meetings(meetings: Iterable[Meeting]) -> list[tuple[datetime, datetime]]:
    """The seated meetings' spans (UTC): time the sitting timer counts, work block or not."""
    return [(m.utc_start, m.utc_end) for m in meetings if not m.moving]


def moved_in_meetings(meetings: Iterable[Meeting], before: datetime) -> datetime | None:
    """The end of the latest standing or walking meeting by ``before``: it counts as having moved."""
    t = before.astimezone(UTC)
    ends = [min(m.utc_end, t) for m in meetings if m.moving and m.utc_start <= t]
    return max(ends) if ends else None


AFTER_MEETING = "After your meeting: stand and walk for 2 minutes"
"""What a prompt that waited for a meeting's end says."""


class PromptHold:
    """Prompts that came due during a meeting, kept until it ends and then given as one.

    The screen asks :meth:`pass_on` on every tick with what came due: while
    busy, it is kept (the latest transition, and whether a standing reset
    was due) and nothing is given; once free, whatever was kept comes out
    with ``after_meeting`` set, together with anything due at that tick.
    """

    def __init__(self) -> None:
        self.transition: Transition | None = None
        self.sitting = False

    @property
    def holding(self) -> bool:
        return self.transition is not None or self.sitting

    def pass_on(self, busy: bool, transition: Transition | None, sitting: bool) -> tuple[Transition | None, bool, bool]:
        """``(transition, sitting, after_meeting)`` to prompt for now; all empty while ``busy``."""
        if busy:
            if transition is not None:
                self.transition = transition
            self.sitting = self.sitting or sitting
            return None, False, False
        if not self.holding:
            return transition, sitting, False
        held, self.transition = transition or self.transition, None
        was_sitting, self.sitting = self.sitting or sitting, False
        return held, was_sitting, True
