"""The one line for a tmux or shell status bar ("pain 4 · stand in 12m"): fast, and the same as Today.

It reads only today's records and recent warning reports, so ``painpal
status`` stays quick with years of history; it never imports the analysis.
Calendars are read (and their libraries imported) only when some are set;
one that cannot be read leaves the line as it would be without it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from painpal import coach, settings
from painpal.domain.clock import painpal_day
from painpal.domain.plan import day_bounds
from painpal.domain.records import CheckIn, Event, Relief, RoutineRun, SafetyEvent
from painpal.storage.store import Store

if TYPE_CHECKING:  # the calendar module loads only for someone with calendars
    from painpal.domain.calendar import Meeting

WARNING_DAYS = 90
"""The status looks this far back for an unresolved warning sign, so it never opens every archive."""


def status_line(store: Store, now: datetime, separator: str = " · ") -> str:
    """The status text at ``now``; :class:`painpal.settings.SettingsError` if the stored plan is unreadable."""
    prefs = settings.load(store).require(settings.PLAN)
    plan = prefs.plan
    assert now.tzinfo is not None
    meetings: tuple[Meeting, ...] = ()
    if prefs.calendars:
        from painpal.services.calendar import CalendarBook

        day = painpal_day(now, plan.day_start_hour)
        meetings = CalendarBook().read_day(prefs.calendars, prefs.moving_categories, plan, day, now.tzinfo).meetings
    start, _ = day_bounds(plan, painpal_day(now, plan.day_start_hour), now.tzinfo)
    return coach.status_line(
        plan,
        now,
        store.records(CheckIn, since=start),
        store.records(Event, since=start),
        store.records(RoutineRun, since=start),
        store.records(Relief, since=start),
        store.records(SafetyEvent, since=now - timedelta(days=WARNING_DAYS)),
        separator=separator,
        meetings=meetings,
    )
