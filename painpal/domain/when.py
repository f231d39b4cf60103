"""What people type for a time or a day: one reader for every command and option that takes one.

``painpal log --at``, ``relief --at``, ``edit --at``, ``review --date``,
``list --date/--since/--until`` and ``report --since/--until`` all read
their words here, so a phrase that works for one works for all. When each
had its own reader, ``review --date yesterday`` worked while ``log --at
"yesterday 5pm"`` was refused.

The words, besides what ``dateutil.parser`` reads ("2026-11-29 5pm",
"29 Nov 17:30"):

- ``now``; ``today``, ``yesterday``; a weekday name (``monday`` or ``mon``:
  the most recent one, today included) and ``last monday`` (before today);
- ``2 hours ago``, ``30 min ago``, ``an hour ago``, ``3 days ago``;
- a day word followed by a time: ``yesterday 5pm``, ``monday 17:30``,
  ``today at 9``; a time alone: ``5pm``, ``17:30``, ``9:15am``, ``noon``.

Days are painpal days (:func:`painpal.domain.clock.painpal_day`): at 01:00
on Wednesday "today" is still Tuesday, as the Today screen says, and
"yesterday 5pm" is Monday's. A time on a named day is the moment of that
wall time inside that painpal day, so "tuesday 1am" is the night that
closes Tuesday, when a check-in would be filed under Tuesday. A time
alone means the one that has already happened today: "23:00" typed at
01:00 is two hours ago; "02:00" typed at 10:00 is this morning.

Nothing here knows about the command line beyond naming the option in its
sentences: a bad phrase raises :class:`ValidationError` with one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from painpal.domain.clock import painpal_day
from painpal.domain.records import ValidationError, check_year

WHEN_EXAMPLES = "17:30, 5pm, 'yesterday 5pm', '2 hours ago' or '2026-11-29 17:30'"
"""What a refusal of a time suggests instead."""
DAY_EXAMPLES = "today, yesterday, monday, '3 days ago' or 2026-11-29"
"""What a refusal of a day suggests instead."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = {name: i for i, name in enumerate(WEEKDAYS)} | {name[:3]: i for i, name in enumerate(WEEKDAYS)}
_UNITS = {
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "mins": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "minutes": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "hours": timedelta(hours=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "days": timedelta(days=1),
    "w": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "weeks": timedelta(weeks=1),
}
# ASCII digits only: int() would also read "１２" or "١٢", which no keyboard layout means here.
_AGO = re.compile(r"(\d{1,5}|an?|one)\s*([a-z]+)\s+ago", re.ASCII)
_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.ASCII)
_DAY_WORD = re.compile(r"(today|yesterday|last\s+[a-z]+|[a-z]+)(?:\s+(?:at\s+)?(.+))?")


@dataclass(frozen=True)
class _Reading:
    """What a phrase names: a day (with or without a wall time) or an exact instant."""

    day: date | None = None
    clock: time | None = None
    instant: datetime | None = None
    time_alone: bool = False
    """A time with no day named: it means the one that has already happened today."""


def _words(text: str) -> str:
    return " ".join(text.strip().lower().split())


def clock_time(text: str) -> time | None:
    """``5pm``, ``17:30``, ``9.15am``, ``noon``, ``midnight`` as a wall time; None if ``text`` is not one.

    The one reading of a time of day, for ``--at`` words and the plan's times alike.
    """
    text = _words(text)
    if text in ("noon", "midday"):
        return time(12)
    if text == "midnight":
        return time(0)
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if half and not 1 <= hour <= 12:
        return None
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        return None  # a bare "5" is more likely a slip than a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _named_day(word: str, today: date) -> date | None:
    """``today``, ``yesterday``, ``monday``/``mon`` (the most recent, today included), ``last monday`` (before)."""
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    last = word.startswith("last ")
    name = word.split()[-1]
    if name not in _WEEKDAY:
        return None
    back = (today.weekday() - _WEEKDAY[name]) % 7
    return today - timedelta(days=back or (7 if last else 0))


def _read(text: str, now: datetime, day_start_hour: int) -> _Reading | None:
    """The painpal words of ``text``, or None when it is none of them (``dateutil`` gets a try then)."""
    words = _words(text)
    today = painpal_day(now, day_start_hour)
    if words == "now":
        return _Reading(instant=now)
    if (ago := _AGO.fullmatch(words)) is not None and ago[2] in _UNITS:
        count = 1 if ago[1] in ("a", "an", "one") else int(ago[1])
        try:
            return _Reading(instant=now - count * _UNITS[ago[2]])
        except OverflowError:
            raise ValidationError(f"{text.strip()!r} reaches back before the years painpal keeps.") from None
    if (alone := clock_time(words)) is not None:
        return _Reading(day=today, clock=alone, time_alone=True)
    match = _DAY_WORD.fullmatch(words)
    if match is None or (day := _named_day(match[1], today)) is None:
        return None
    if match[2] is None:
        return _Reading(day=day)
    clock = clock_time(match[2])
    if clock is None:
        return None
    return _Reading(day=day, clock=clock, time_alone=match[1] == "today")


def _within_painpal_day(day: date, clock: time, day_start_hour: int, zone: tzinfo | None) -> datetime:
    """The instant of wall time ``clock`` inside painpal day ``day``: before the day-start hour, the night after."""
    from dateutil import tz

    on = day if clock.hour >= day_start_hour else day + timedelta(days=1)
    return tz.resolve_imaginary(datetime.combine(on, clock, zone))


def _instant(reading: _Reading, now: datetime, day_start_hour: int) -> datetime | None:
    """The instant a reading names; None for a day with no time."""
    if reading.instant is not None:
        return reading.instant
    if reading.day is None or reading.clock is None:
        return None
    at = _within_painpal_day(reading.day, reading.clock, day_start_hour, now.tzinfo)
    if reading.time_alone and at > now:
        # "02:00" typed at 10:00: the 02:00 that closes today's painpal day is still to come; this morning's has been.
        from dateutil import tz

        earlier = tz.resolve_imaginary(datetime.combine(now.date(), reading.clock, now.tzinfo))
        at = earlier if earlier <= now else at
    return at


def parse_when(text: str, now: datetime, day_start_hour: int, what: str = "--at") -> datetime:
    """``text`` as an aware instant in ``now``'s zone, not in the future (``what`` names the option in refusals).

    A wall time that a daylight-saving change skipped is moved forward past
    the gap, as a clock on the wall would be; fields a ``dateutil`` phrase
    leaves out come from now ("2026-11-29 5pm" is 17:00, not 17 and now's
    minutes).
    """
    from dateutil import parser, tz

    raw = text.strip()
    if not raw:
        raise ValidationError(f"{what} needs a time, e.g. {WHEN_EXAMPLES}.")
    reading = _read(raw, now, day_start_hour)
    if reading is not None:
        when = _instant(reading, now, day_start_hour)
        if when is None:
            raise ValidationError(f"{what} {text!r} names a day; add the time, e.g. '{raw} 17:30'.")
    else:
        try:
            when = parser.parse(raw, default=now.replace(minute=0, second=0, microsecond=0, tzinfo=None))
        except (ValueError, OverflowError):
            raise ValidationError(f"{what} {text!r} is not a time painpal understands; try {WHEN_EXAMPLES}.") from None
        # Before any zone arithmetic: near year 1 or 9999 that arithmetic itself overflows.
        check_year(when, what)
        if when.tzinfo is None:
            when = tz.resolve_imaginary(when.replace(tzinfo=now.tzinfo))
    check_year(when, what)
    if when > now + timedelta(minutes=1):
        raise ValidationError(f"{what} {text!r} is in the future ({when:%Y-%m-%d %H:%M}); painpal logs what happened.")
    return when


def parse_day(text: str, now: datetime, day_start_hour: int, what: str = "--date", *, future: bool = False) -> date:
    """``text`` as a painpal day; a day after today is refused unless ``future`` (a report's ``--until``, capped later).

    A phrase with a time ("yesterday 5pm", "2 hours ago") names the painpal
    day that moment belongs to.
    """
    from dateutil import parser

    raw = text.strip()
    today = painpal_day(now, day_start_hour)
    if not raw:
        raise ValidationError(f"{what} needs a day, e.g. {DAY_EXAMPLES}.")
    reading = _read(raw, now, day_start_hour)
    if reading is not None:
        at = _instant(reading, now, day_start_hour)
        day = painpal_day(at, day_start_hour) if at is not None else reading.day
        assert day is not None
    else:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            try:
                day = parser.parse(raw, default=datetime.combine(today, time())).date()
            except (ValueError, OverflowError):
                raise ValidationError(f"{what} {text!r} is not a day painpal reads; try {DAY_EXAMPLES}.") from None
    check_year(day, what)
    if day > today and not future:
        raise ValidationError(f"{what} {text!r} is in the future ({day}); painpal looks back at days that happened.")
    return day
