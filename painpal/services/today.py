"""Today: what the home screen knows about the person, loaded in one go.

Loading touches the disk (the live file, maybe an archive), so the TUI calls
it from a worker; everything the screen then derives from it per tick
(timeline, sitting timer, suggestion) is pure and cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from painpal import settings
from painpal.domain.plan import DayPlan
from painpal.domain.records import Appointment, CarePerson, CheckIn, Event, R, Record, Relief, RoutineRun, SafetyEvent
from painpal.history import History
from painpal.notify import Reach
from painpal.routines import Routine
from painpal.storage.store import Store

HISTORY_DAYS = 90
"""The coach ranks what helps from the last 90 days; older history stays on disk."""
FIRST_DAYS = 2
"""The first load on opening reads two days (today, and last night's intention) so the day is on screen at once."""


@dataclass(frozen=True)
class DayState:
    """A consistent snapshot of the person's data for the Today screen."""

    plan: DayPlan
    custom: tuple[Routine, ...]
    hidden: tuple[str, ...]
    history: History
    warnings: tuple[SafetyEvent, ...]
    welcomed: bool
    complete: bool = True
    """All :data:`HISTORY_DAYS` are in: what needs weeks (the suggestion, quotas, the care prompt) may be computed."""
    problems: tuple[str, ...] = ()
    """Sentences about stored settings painpal cannot read (:mod:`painpal.settings`): Today shows them."""
    appointments: tuple[Appointment, ...] = ()
    """Upcoming visits, soonest first."""
    people: tuple[CarePerson, ...] = ()
    eased: Mapping[str, float] = field(default_factory=dict)
    """What the log's claims show easing pain (:func:`painpal.services.suggest.eased_now`); the coach cites only it."""
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The lasting order of the person's own one-key answers (:mod:`painpal.domain.choices`)."""
    reach: Reach = field(default_factory=Reach)
    """How prompts reach the person beyond the toast: channels and quiet hours (:mod:`painpal.notify`)."""
    calendars: tuple[str, ...] = ()
    """The person's calendar paths: Today reads their meetings in a worker of its own (:mod:`.calendar`)."""
    moving_categories: tuple[str, ...] = ()

    def intention_for(self, day: date) -> str | None:
        """The intention set in the review of the day before ``day``: Today shows it."""
        for note in reversed(self.history.notes):
            if note.day == day - timedelta(days=1) and note.intention:
                return note.intention
        return None

    def person_name(self, person_id: str | None) -> str | None:
        for person in self.people:
            if person.id == person_id:
                return f"{person.name} ({person.role})"
        return None

    @property
    def last_checkin(self) -> CheckIn | None:
        return self.history.checkins[-1] if self.history.checkins else None

    def with_record(self, record: Record) -> DayState:
        """The snapshot with one just-saved record added, or put in place of its older copy (no reload needed)."""
        h = self.history
        if isinstance(record, CheckIn):
            h = replace(h, checkins=_put(h.checkins, record))
        elif isinstance(record, Event):
            h = replace(h, events=_put(h.events, record))
        elif isinstance(record, RoutineRun):
            h = replace(h, runs=_put(h.runs, record))
        elif isinstance(record, Relief):
            h = replace(h, reliefs=_put(h.reliefs, record))
        elif isinstance(record, SafetyEvent):
            return replace(self, warnings=(*(w for w in self.warnings if w.id != record.id), record))
        return replace(self, history=h)


def _put(records: tuple[R, ...], record: R) -> tuple[R, ...]:
    """``records`` (in time order) with ``record`` in place of any copy of its id."""
    return tuple(sorted((*(r for r in records if r.id != record.id), record), key=lambda r: r.at))


def load_day_state(store: Store, now: datetime, days: int = HISTORY_DAYS) -> DayState:
    """Read everything Today needs (call from a worker thread); fewer ``days`` give a partial state, for opening."""
    since = now - timedelta(days=days)
    prefs = settings.load(store)
    history = History.load(store, since, None)
    complete = days >= HISTORY_DAYS
    eased: Mapping[str, float] = {}
    if complete:  # claims read weeks: the opening, partial state does without them
        from painpal.services.suggest import eased_now

        eased = eased_now(history, now, prefs.plan.day_start_hour)
    return DayState(
        plan=prefs.plan,
        custom=prefs.routines,
        hidden=prefs.hidden_routines,
        history=history,
        warnings=tuple(store.records(SafetyEvent)),
        welcomed=prefs.welcomed,
        problems=prefs.messages,
        appointments=tuple(a for a in store.records(Appointment) if a.at >= now),
        people=tuple(store.records(CarePerson)),
        complete=complete,
        eased=eased,
        choices=prefs.choices,
        reach=prefs.reach,
        calendars=prefs.calendars,
        moving_categories=prefs.moving_categories,
    )
