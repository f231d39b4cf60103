"""The person's calendars: adding and removing them, and the day's meetings, read once and kept.

A :class:`CalendarBook` keeps each file parsed, with its stat signature and
the week it was cut to, and each day's meetings once expanded: asking again
costs a stat per file, and a file is parsed again only when it changed or
the day left its week. The open TUI keeps one book for as long as it runs and
asks it from a worker; a command makes one for its single question.

A file that cannot be read becomes one sentence naming it; the other files,
and the rest of painpal, go on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painpal import settings
from painpal.domain.calendar import CalendarError, Meeting
from painpal.domain.plan import DayPlan, day_bounds
from painpal.domain.records import ValidationError
from painpal.storage.calendars import CalendarFileError, calendar_files, read_calendar_file, signature

if TYPE_CHECKING:
    from icalendar import Calendar

    from painpal.settings import SettingSink, SettingSource

WINDOW_DAYS = 7
"""A file is cut to this many days from the day asked for: a week of days costs one parse."""


@dataclass(frozen=True)
class CalendarDay:
    """The meetings of one painpal day across the person's calendars, and what could not be read."""

    day: date | None = None
    meetings: tuple[Meeting, ...] = ()
    problems: tuple[str, ...] = ()
    """One sentence per calendar path or file painpal cannot read."""
    counts: tuple[tuple[str, int], ...] = ()
    """Each configured path with how many meetings it gives that day (``painpal calendar list``)."""


@dataclass
class _File:
    stamp: tuple[int, int]
    first: date
    last: date
    calendar: Calendar | None = None
    problem: str | None = None
    days: dict[tuple[date, tuple[str, ...]], tuple[Meeting, ...]] = field(default_factory=dict)


class CalendarBook:
    """Parsed calendar files kept between questions; safe to ask from more than one worker thread."""

    def __init__(self) -> None:
        self._files: dict[str, _File] = {}
        self._lock = threading.Lock()

    def read_day(
        self, paths: tuple[str, ...], moving: tuple[str, ...], plan: DayPlan, day: date, zone: tzinfo
    ) -> CalendarDay:
        """The meetings of painpal ``day`` in ``zone`` from every path, re-reading only files that changed."""
        with self._lock:
            return self._read_day(paths, moving, plan, day, zone)

    def _read_day(
        self, paths: tuple[str, ...], moving: tuple[str, ...], plan: DayPlan, day: date, zone: tzinfo
    ) -> CalendarDay:
        start, end = day_bounds(plan, day, zone)
        meetings: list[Meeting] = []
        problems: list[str] = []
        counts: list[tuple[str, int]] = []
        seen: set[str] = set()
        for path in paths:
            try:
                files = calendar_files(Path(path))
            except CalendarFileError as exc:
                problems.append(str(exc))
                counts.append((path, -1))
                continue
            found = 0
            for f, size, mtime in signature([f for f in files if str(f) not in seen]):  # a file in two paths: once
                seen.add(f)
                entry = self._entry(f, (size, mtime), day)
                if entry.problem is not None:
                    problems.append(entry.problem)
                    continue
                assert entry.calendar is not None
                key = (day, moving)
                if key not in entry.days:
                    try:
                        entry.days[key] = tuple(_meetings(entry.calendar, f, start, end, moving))
                    except CalendarError as exc:
                        entry.problem = str(exc)
                        problems.append(entry.problem)
                        continue
                found += len(entry.days[key])
                meetings += entry.days[key]
            counts.append((path, found))
        for gone in set(self._files) - seen:
            del self._files[gone]
        meetings.sort(key=lambda m: (m.utc_start, m.utc_end, m.title))
        return CalendarDay(day, tuple(meetings), tuple(problems), tuple(counts))

    def _entry(self, name: str, stamp: tuple[int, int], day: date) -> _File:
        """The file parsed for a week from ``day``, from the cache when it has not changed since."""
        entry = self._files.get(name)
        if entry is not None and entry.stamp == stamp and entry.first <= day <= entry.last:
            return entry
        from painpal.domain.calendar import parse

        last = day + timedelta(days=WINDOW_DAYS - 1)
        entry = _File(stamp, day, last)
        try:
            entry.calendar = parse(read_calendar_file(Path(name)), name, day, last + timedelta(days=1))
        except (CalendarError, CalendarFileError) as exc:
            entry.problem = str(exc)
        self._files[name] = entry
        return entry


def _meetings(calendar: Any, name: str, start: datetime, end: datetime, moving: tuple[str, ...]) -> list[Meeting]:
    from painpal.domain.calendar import meetings_between

    return meetings_between(calendar, name, start, end, moving)


def day_of(store: SettingSource, now: datetime, book: CalendarBook | None = None) -> CalendarDay:
    """Today's meetings for ``now`` (nothing to read, nothing imported, without calendars)."""
    from painpal.domain.clock import painpal_day

    prefs = settings.load(store)
    if not prefs.calendars:
        return CalendarDay(painpal_day(now, prefs.plan.day_start_hour))
    assert now.tzinfo is not None
    day = painpal_day(now, prefs.plan.day_start_hour)
    return (book or CalendarBook()).read_day(prefs.calendars, prefs.moving_categories, prefs.plan, day, now.tzinfo)


def resolve(text: str) -> str:
    """A calendar path as stored: absolute, with ``~`` expanded and links followed."""
    if not text.strip():
        raise ValidationError("Name a calendar: an .ics file or a folder of them.")
    return str(Path(text).expanduser().resolve())


def read_one(path: str, moving: tuple[str, ...], plan: DayPlan, now: datetime) -> CalendarDay:
    """Today's meetings of one calendar path, read afresh: what adding it, and the Plan screen's list, show for it.

    Read on its own, a path's problems are its own: the Plan screen says
    beside each calendar why that one cannot be read.
    """
    return CalendarBook().read_day((path,), moving, plan, _today(plan, now), _zone(now))


def check_new(text: str, moving: tuple[str, ...], plan: DayPlan, now: datetime) -> tuple[str, CalendarDay]:
    """A calendar path as it would be stored, and its day; a path that does not exist, or a file that is not
    iCalendar, is bad input (:class:`ValidationError` with the sentence).

    A folder passes even when some of its files cannot be read (a sync may
    be half-way): the returned day names them. ``painpal calendar add`` and
    the Plan screen both ask this, so both refuse the same paths.
    """
    path = resolve(text)
    if not Path(path).exists():
        raise ValidationError(f"There is no file or folder {path}; give the path of an .ics file or a folder of them.")
    plan_day = read_one(path, moving, plan, now)
    if Path(path).is_file() and plan_day.problems:
        raise ValidationError(plan_day.problems[0])
    return path, plan_day


def add(store: Any, text: str, now: datetime) -> tuple[str, CalendarDay]:
    """Add a calendar path that passes :func:`check_new` (once: adding it again changes nothing)."""
    prefs = settings.load(store).require(settings.CALENDARS)
    path, plan_day = check_new(text, prefs.moving_categories, prefs.plan, now)
    if path not in prefs.calendars:
        settings.save(store, calendars=[*prefs.calendars, path])
    return path, plan_day


def count_phrase(count: int) -> str:
    """One calendar's day as a list shows it: "3 meetings today", or "cannot be read" for a count of -1."""
    return "cannot be read" if count < 0 else f"{count} meeting{'s' * (count != 1)} today"


def remove(store: Any, text: str) -> str:
    """Remove a calendar path as it was added (or as it resolves now); one that is not there is bad input."""
    prefs = settings.load(store).require(settings.CALENDARS)
    wanted = {text, resolve(text)}
    kept = [p for p in prefs.calendars if p not in wanted]
    if len(kept) == len(prefs.calendars):
        raise ValidationError(f"{text} is not one of your calendars; 'painpal calendar list' shows them.")
    settings.save(store, calendars=kept)
    return next(p for p in prefs.calendars if p in wanted)


def set_moving(store: SettingSink, categories: list[str]) -> None:
    """The categories that mark a meeting as held standing or walking."""
    settings.save(store, moving_categories=categories)


def _today(plan: DayPlan, now: datetime) -> date:
    from painpal.domain.clock import painpal_day

    return painpal_day(now, plan.day_start_hour)


def _zone(now: datetime) -> tzinfo:
    assert now.tzinfo is not None
    return now.tzinfo
