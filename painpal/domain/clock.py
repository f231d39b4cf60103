"""Where "now" comes from.

Every part of painpal asks a :class:`Clock` for the time instead of calling
``datetime.now()`` itself, so tests can pin or step time and demos can start
at a chosen instant (``PAINPAL_NOW``). All datetimes handed out are aware and
carry the UTC offset in force at that moment in the clock's zone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TypeVar

DEFAULT_DAY_START_HOUR = 4
"""A painpal day starts at 04:00, so a 01:00 check-in belongs to the evening before."""


def local_zone() -> tzinfo:
    """The zone painpal lays the day out in, with its full daylight-saving rules.

    ``TZ`` names an IANA zone when set (tests and people who travel use it);
    otherwise the system's ``/etc/localtime``. A zone with rules matters: a
    fixed offset from ``datetime.now().astimezone()`` would put tomorrow's
    wake-up an hour off across a daylight-saving change. ``zoneinfo`` is used
    rather than dateutil's ``tzlocal`` because it imports in a fraction of
    the time, and ``painpal log`` must start fast.
    """
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            pass  # an unknown TZ falls back to the system zone, as libc does
    try:
        with open("/etc/localtime", "rb") as fh:
            return ZoneInfo.from_file(fh, key=_zone_key("/etc/localtime"))
    except (OSError, ValueError):
        from dateutil import tz

        return tz.tzlocal()


def _zone_key(path: str) -> str | None:
    """``Europe/London`` from a ``/etc/localtime -> .../zoneinfo/Europe/London`` link, for display."""
    target = os.path.realpath(path)
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


class Clock(Protocol):
    """The one source of the current instant."""

    tz: tzinfo

    def now(self) -> datetime:
        """The current aware datetime in ``tz``."""
        ...


class SystemClock:
    """The real wall clock, in the local zone."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self.tz = zone or local_zone()

    def now(self) -> datetime:
        return datetime.now(self.tz)


class FixedClock:
    """A clock that only moves when told to: for tests."""

    def __init__(self, start: datetime, zone: tzinfo | None = None) -> None:
        self.tz = zone or start.tzinfo or local_zone()
        self._now = start if start.tzinfo else start.replace(tzinfo=self.tz)

    def now(self) -> datetime:
        return self._now.astimezone(self.tz)

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (forwards or backwards, like a suspended laptop)."""
        self._now = when if when.tzinfo else when.replace(tzinfo=self.tz)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move on by ``delta`` (or ``timedelta(**kwargs)``) and return the new now."""
        self._now = self._now + (delta or timedelta(**kwargs))
        return self.now()


class OffsetClock:
    """Starts at a chosen instant and then runs on in real time (``PAINPAL_NOW``)."""

    def __init__(self, start: datetime, zone: tzinfo | None = None) -> None:
        self.tz = zone or local_zone()
        self._start = start if start.tzinfo else start.replace(tzinfo=self.tz)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        elapsed = time.monotonic() - self._t0
        return (self._start + timedelta(seconds=elapsed)).astimezone(self.tz)


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """The clock the program should use: ``PAINPAL_NOW`` if set, else the wall clock.

    Raises ``ValueError`` with a readable message when ``PAINPAL_NOW`` is not
    an ISO-8601 datetime.
    """
    env = os.environ if environ is None else environ
    raw = env.get("PAINPAL_NOW", "").strip()
    if not raw:
        return SystemClock()
    try:
        start = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"PAINPAL_NOW={raw!r} is not an ISO-8601 date and time, e.g. 2026-11-30T09:59:30.") from None
    return OffsetClock(start)


def painpal_day(at: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The painpal day an instant belongs to: its local date, shifted by the day-start hour."""
    return (at - timedelta(hours=day_start_hour)).date()


T = TypeVar("T", float, datetime)


def merge_spans(spans: Iterable[tuple[T, T]], near: Callable[[T, T], bool]) -> list[tuple[T, T]]:
    """``spans`` in time order, each merged into the one before when ``near(end before, start)`` holds.

    One rule for every stretch painpal joins: meetings a short gap apart
    (a prompt waits through both), work blocks and seated meetings that
    touch (one seated stretch), the Today screen's open spans a restart
    apart (seen, not closed). Each caller's ``near`` also holds for an
    overlap (a start before the end), so overlapping spans always join.
    """
    merged: list[tuple[T, T]] = []
    for start, end in sorted(spans):
        if merged and near(merged[-1][1], start):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
