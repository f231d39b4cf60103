"""The report's data: what one period of the log says, gathered once so every renderer formats the same figures.

:func:`period` turns ``--days``/``--since``/``--until`` into whole painpal
days; :func:`report_data` reads the period, the previous period of the same
length and the baselines insights needs (nothing older, so a 90-day report
costs the same with five years of history as with one) and computes a
:class:`ReportData`. :func:`painpal.services.report.report_for` does both
with the person's settings.

Medication is kept by name and time only: :mod:`painpal.domain.relief`
decides what counts as medicine and strips amounts a person typed, so
nothing built from this data can be read as a dosing record.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from painpal import settings
from painpal.analysis.baselines import PERIOD_BASELINE_DAYS
from painpal.analysis.claims import ClaimSet, claims
from painpal.analysis.days import day_figures
from painpal.analysis.effects import Effect, group_key
from painpal.analysis.patterns import Insights, Pattern, insights, needs_more_from, patterns_from
from painpal.analysis.peg import peg_trend
from painpal.analysis.stats import DayTrend, days_to_compare, mean_of
from painpal.domain import safety
from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.records import (
    Appointment,
    CarePerson,
    CheckIn,
    DayNote,
    Record,
    Relief,
    SafetyEvent,
    ValidationError,
)
from painpal.domain.relief import is_medication, medication_name, without_amounts
from painpal.history import History
from painpal.routines import Routine, get
from painpal.settings import ReportPerson

DEFAULT_DAYS = 30
"""``painpal report`` covers the last 30 painpal days unless told otherwise."""
MAX_DAYS = 3660
MIN_LISTED_PAIRS = 3
"""Fewest before/after pairs before a routine or relief is listed under "what eases" or "what worsens"."""

# --------------------------------------------------------------------------------------------- the data


class ReportSource(Protocol):
    """What :func:`report_data` reads from a store: records by time, and settings (custom routines)."""

    def records(self, cls: Any, since: datetime | None = ..., until: datetime | None = ...) -> list[Any]: ...

    def settings(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Figures:
    """The headline figures of one period: what changes from one period to the next."""

    count: int
    days_logged: int
    mean: float | None
    peak: int | None
    peg: float | None
    """Mean of the weekly PEG scores answered in the period."""
    peg_weeks: int
    sleep_quality: float | None
    """Mean of the evening reviews' sleep quality, 1 (poor) to 5 (good)."""
    sleep_hours: float | None
    stress: float | None
    """Mean of the evening reviews' stress, 0-10."""


@dataclass(frozen=True)
class WarningReport:
    """One warning-sign report as the report shows it: when, which signs, how urgent, resolved when."""

    at: datetime
    signs: tuple[str, ...]
    """The signs in plain words (an id painpal no longer knows is shown as it was stored)."""
    urgency: str
    """``"emergency"`` or ``"soon"``."""
    resolved: datetime | None


@dataclass(frozen=True)
class Use:
    """A routine or relief used in the period: how often and for how many minutes."""

    name: str
    kind: str
    """``"soothing"``, ``"strategic"`` or ``""`` when painpal does not know."""
    count: int
    minutes: float


@dataclass(frozen=True)
class MedicationUse:
    """Medicine taken, as logged: the name (amounts removed) and the time. Never a dose."""

    at: datetime
    name: str


@dataclass(frozen=True)
class DayRow:
    """One painpal day of the daily table."""

    day: date
    count: int
    mean: float | None
    peak: int | None
    low: int | None
    """The day's lowest check-in: the chart draws the day's range, ``low`` to ``peak``."""
    sleep_quality: int | None
    sleep_hours: float | None
    stress: int | None
    activity_minutes: float
    """Minutes of walks, strategic relief and done strategic routines: the pacing measure."""
    flare: bool


@dataclass(frozen=True)
class PersonNote:
    """Something the person wrote: a check-in note or an evening reflection."""

    at: datetime
    source: str
    """``"check-in"`` (with its pain) or ``"evening"``."""
    text: str


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, computed once; the renderers only format it."""

    since: datetime
    until: datetime
    """The period is ``since <= at < until``."""
    now: datetime
    days: int
    previous_since: datetime
    current: Figures
    previous: Figures
    comparable: bool
    """Both periods have enough logged days (:func:`painpal.analysis.stats.days_to_compare`) to be compared."""
    trend: DayTrend
    """The line through the period's day means, and whether it is clear (:func:`painpal.analysis.stats.day_trend`)."""
    pegs: tuple[tuple[date, float], ...]
    """Weekly PEG scores in the period, oldest first."""
    warnings: tuple[WarningReport, ...]
    """Reports in the period, and any older one still not marked resolved; newest first."""
    patterns: tuple[Pattern, ...]
    needs_more: str | None
    found: ClaimSet
    """The claims behind ``patterns``: what ``--format json`` prints."""
    eases: tuple[Effect, ...]
    """Routines and relief after which pain was lower at the next check-in, best first."""
    worsens: tuple[Effect, ...]
    said_eases: tuple[tuple[str, int], ...]
    """What the person said eases the pain at check-ins, most often first."""
    said_worsens: tuple[tuple[str, int], ...]
    routines: tuple[Use, ...]
    reliefs: tuple[Use, ...]
    soothing_minutes: float
    strategic_minutes: float
    medications: tuple[MedicationUse, ...]
    daily: tuple[DayRow, ...]
    flares: tuple[date, ...]
    notes: tuple[PersonNote, ...]
    appointment: Appointment | None
    """The next appointment at or after ``now``."""
    person: CarePerson | None
    """Who the next appointment is with, when known."""
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    whose: ReportPerson = field(default_factory=ReportPerson)
    """Whose report it is (name and date of birth, both optional, from settings)."""

    @property
    def first_day(self) -> date:
        return painpal_day(self.since, self.day_start_hour)

    @property
    def last_day(self) -> date:
        """The period's last painpal day (``until`` is exclusive)."""
        return painpal_day(self.until - timedelta(microseconds=1), self.day_start_hour)

    @property
    def active_warning(self) -> WarningReport | None:
        """The latest report not marked resolved, if any."""
        return next((w for w in self.warnings if w.resolved is None), None)


# --------------------------------------------------------------------------------------------- periods


def day_start(day: date, zone: Any, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> datetime:
    """The instant painpal day ``day`` begins, in ``zone`` (wall time: DST days are 23 or 25 hours)."""
    return datetime.combine(day, time(day_start_hour), zone)


def period(
    now: datetime,
    days: int | None = None,
    since: date | None = None,
    until: date | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> tuple[datetime, datetime]:
    """The report period as ``(since, until)`` instants covering whole painpal days.

    ``days`` means the last ``days`` painpal days, today included (so a
    report made at 10:00 has today's morning, not a slice of the first day).
    ``since``/``until`` are inclusive painpal days; ``until`` defaults to
    today and is capped at today. Bad combinations raise
    :class:`ValidationError` (the CLI turns that into exit status 2).
    """
    zone = now.tzinfo
    today = painpal_day(now, day_start_hour)
    if days is not None and since is not None:
        raise ValidationError("--days and --since cannot be used together; choose one.")
    if until is not None and since is None:
        raise ValidationError("--until needs --since.")
    if since is None:
        n = DEFAULT_DAYS if days is None else days
        if not 1 <= n <= MAX_DAYS:
            raise ValidationError(f"--days must be from 1 to {MAX_DAYS}, not {n}.")
        since = today - timedelta(days=n - 1)
        until = today
    else:
        until = today if until is None else until
        if until < since:
            raise ValidationError(f"--until {until} is before --since {since}.")
        if since > today:
            raise ValidationError(f"--since {since} is in the future; painpal reports on what happened.")
        until = min(until, today)
        if (until - since).days + 1 > MAX_DAYS:
            raise ValidationError(f"A report covers at most {MAX_DAYS} days.")
    return day_start(since, zone, day_start_hour), day_start(until + timedelta(days=1), zone, day_start_hour)


# --------------------------------------------------------------------------------------------- gathering


def _within(records: Iterable[Record], since: datetime, until: datetime) -> list[Any]:
    return [r for r in records if since <= r.at < until]


def _figures(history: History, since: datetime, until: datetime, dsh: int) -> Figures:
    """Headline figures of ``since <= at < until``; day notes count by their own day."""
    checkins: list[CheckIn] = _within(history.checkins, since, until)
    pains = [c.intensity for c in checkins]
    first, last = painpal_day(since, dsh), painpal_day(until - timedelta(microseconds=1), dsh)
    notes: dict[date, DayNote] = {}
    for note in history.notes:
        if note.day is not None and first <= note.day <= last:
            notes[note.day] = note  # sorted by time: the latest answer for a day wins
    pegs = peg_trend(_within(history.pegs, since, until))
    quality = [n.sleep_quality for n in notes.values() if n.sleep_quality is not None]
    hours = [n.sleep_hours for n in notes.values() if n.sleep_hours is not None]
    stress = [n.stress for n in notes.values() if n.stress is not None]
    return Figures(
        count=len(pains),
        days_logged=len({painpal_day(c.at, dsh) for c in checkins}),
        mean=mean_of(pains),
        peak=max(pains) if pains else None,
        peg=mean_of([score for _, score in pegs]),
        peg_weeks=len(pegs),
        sleep_quality=mean_of(quality),
        sleep_hours=mean_of(hours),
        stress=mean_of(stress),
    )


_CURRENT_KINDS = ("checkins", "reliefs", "runs", "notes", "pegs")
"""What the period and insights' baselines need: no events (sitting breaks are the review's business)."""
_PREVIOUS_KINDS = ("checkins", "notes", "pegs")
"""What the previous period's figures need: pain, sleep and stress, PEG."""


def _load(source: ReportSource, since: datetime, until: datetime, previous_since: datetime) -> History:
    """Read only what the report uses: parsing records is most of its cost, and the budget is 0.5 s.

    The period and insights' baselines get every kind it reads; the rest of
    the previous period (beyond the baselines) only what its figures need.
    """
    base_from = since - timedelta(days=PERIOD_BASELINE_DAYS + 1)
    history = History.load(source, base_from, until, _CURRENT_KINDS)
    if previous_since - timedelta(days=1) < base_from:
        older = History.load(source, previous_since - timedelta(days=1), base_from, _PREVIOUS_KINDS)
        history = History(
            checkins=older.checkins + history.checkins,
            reliefs=history.reliefs,
            runs=history.runs,
            notes=older.notes + history.notes,
            pegs=older.pegs + history.pegs,
        )
    return history


def warning_report(event: SafetyEvent) -> WarningReport:
    """A stored warning-sign report in words, with its urgency (unknown signs read as emergencies)."""
    texts = tuple(safety.SIGNS[s].text if s in safety.SIGNS else s for s in event.signs)
    known = [s for s in event.signs if s in safety.SIGNS]
    # A sign painpal cannot name gets the most cautious reading, as the coach does.
    level = safety.urgency(known) if known and len(known) == len(event.signs) else "emergency"
    return WarningReport(event.at, texts, level or "emergency", event.resolved)


def report_data(
    source: ReportSource | History,
    since: datetime,
    until: datetime,
    now: datetime,
    *,
    warnings: Sequence[SafetyEvent] | None = None,
    appointments: Sequence[Appointment] | None = None,
    people: Sequence[CarePerson] | None = None,
    custom: Sequence[Routine] | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    whose: ReportPerson | None = None,
) -> ReportData:
    """Gather the report for ``since <= at < until`` (see :func:`period`), as seen at ``now``.

    ``source`` is a store (the period, the previous period of the same
    length and insights' baselines are read from it, nothing older) or a
    ready :class:`History` (tests, the TUI's already-loaded data); with a
    history, warning-sign reports, appointments, people and custom routines
    come from the keyword arguments, which always win over what a store
    holds. Its patterns are the Insights screen's (the same claims over the
    same painpal days).
    """
    if until <= since:
        raise ValueError("A report period must end after it starts.")
    dsh = day_start_hour
    # Same zone: Python subtracts wall times, so a DST day still counts as one day; round() covers mixed zones.
    days = max(1, round((until - since) / timedelta(days=1)))
    previous_since = since - timedelta(days=days)
    load_from = min(previous_since, since - timedelta(days=PERIOD_BASELINE_DAYS)) - timedelta(days=1)
    if isinstance(source, History):
        history = source
        warnings = warnings or ()
        appointments = appointments or ()
        people = people or ()
        custom = custom or ()
    else:
        history = _load(source, since, until, previous_since)
        if warnings is None:
            warnings = source.records(SafetyEvent, load_from, None)
        if appointments is None:
            appointments = source.records(Appointment)
        if people is None:
            people = source.records(CarePerson)
        if custom is None:
            custom = settings.load(source).routines

    ins: Insights = insights(history.between(load_from, until), until, days, dsh)
    period_history = history.between(since, until)
    claimed = claims(history, painpal_day(since, dsh), painpal_day(until - timedelta(microseconds=1), dsh), dsh)
    sentences = tuple(patterns_from(claimed))

    # What eases and what worsens: measured effects, and what the person said at check-ins.
    listed = [e for e in ins.effects if e.count >= MIN_LISTED_PAIRS]
    eases = tuple(e for e in listed if e.mean_change < 0)
    worsens = tuple(sorted((e for e in listed if e.mean_change > 0), key=lambda e: (-e.shrunk, e.name)))
    said_eases: Counter[str] = Counter()
    said_worsens: Counter[str] = Counter()
    notes: list[PersonNote] = []
    for c in period_history.checkins:
        if c.eases:
            said_eases[without_amounts(group_key(c.eases))] += 1
        if c.worsens:
            said_worsens[without_amounts(group_key(c.worsens))] += 1
        if c.note:
            notes.append(PersonNote(c.at, f"check-in, pain {c.intensity}", without_amounts(c.note)))
    first, last = painpal_day(since, dsh), painpal_day(until - timedelta(microseconds=1), dsh)
    for n in history.notes:
        if n.reflection and n.day is not None and first <= n.day <= last:
            notes.append(PersonNote(n.at, "evening", without_amounts(n.reflection)))
    notes.sort(key=lambda n: n.at)

    # Routines and relief: counts, minutes, soothing vs strategic; medication apart, by name and time only.
    minutes = {"soothing": 0.0, "strategic": 0.0}
    runs: dict[str, list[float]] = defaultdict(list)
    run_kind: dict[str, tuple[str, str]] = {}
    for run in period_history.runs:
        if not run.done:
            continue
        found = get(run.routine, custom)
        run_kind[run.routine] = (found.name, found.kind) if found is not None else (run.routine, "")
        length = run.minutes_done(found.total_seconds / 60 if found is not None else None)
        runs[run.routine].append(length)
        if run_kind[run.routine][1] in minutes:
            minutes[run_kind[run.routine][1]] += length
    routine_uses = tuple(
        sorted(
            (Use(run_kind[rid][0], run_kind[rid][1], len(v), sum(v)) for rid, v in runs.items()),
            key=lambda u: (-u.count, u.name),
        )
    )
    relief_groups: dict[str, list[Relief]] = defaultdict(list)
    medications: list[MedicationUse] = []
    for r in period_history.reliefs:
        if is_medication(r.name):
            medications.append(MedicationUse(r.at, medication_name(r.name)))
            continue
        relief_groups[group_key(r.name)].append(r)
        minutes[r.kind] += r.minutes or 0
    relief_uses = tuple(
        sorted(
            (
                Use(without_amounts(name), group[-1].kind, len(group), sum(r.minutes or 0 for r in group))
                for name, group in relief_groups.items()
            ),
            key=lambda u: (-u.count, u.name),
        )
    )

    # The daily table, from the same per-day figures insights judges flares and pacing by.
    per_day = day_figures(history.around_days(first, last, dsh), dsh)
    flares = tuple(d for d in ins.flares if first <= d <= last)
    flare_set = set(flares)
    rows = []
    today = painpal_day(now, dsh)
    # From the first logged day: days before the log began are not "no pain", and pages of "–" bury the rest.
    logged = [d for d in per_day if first <= d <= min(last, today) and per_day[d].pains]
    day = min(logged) if logged else last + timedelta(days=1)
    while day <= min(last, today):
        info = per_day.get(day)
        note = info.note if info is not None else None
        pains = info.pains if info is not None else []
        rows.append(
            DayRow(
                day=day,
                count=len(pains),
                mean=mean_of(pains),
                peak=max(pains) if pains else None,
                low=min(pains) if pains else None,
                sleep_quality=note.sleep_quality if note else None,
                sleep_hours=note.sleep_hours if note else None,
                stress=note.stress if note else None,
                activity_minutes=info.activity if info is not None else 0.0,
                flare=day in flare_set,
            )
        )
        day += timedelta(days=1)

    reports = [warning_report(w) for w in warnings if since <= w.at < until or (w.resolved is None and w.at < until)]
    reports.sort(key=lambda w: w.at, reverse=True)

    upcoming = sorted((a for a in appointments if a.at >= now), key=lambda a: a.at)
    appointment = upcoming[0] if upcoming else None
    person = None
    if appointment is not None and appointment.person:
        person = next((p for p in people if p.id == appointment.person), None)

    current, previous = _figures(history, since, until, dsh), _figures(history, previous_since, since, dsh)
    return ReportData(
        since=since,
        until=until,
        now=now,
        days=days,
        previous_since=previous_since,
        current=current,
        previous=previous,
        comparable=min(current.days_logged, previous.days_logged) >= days_to_compare(days),
        trend=ins.trend.fit,
        pegs=tuple(peg_trend(_within(history.pegs, since, until))),
        warnings=tuple(reports),
        patterns=sentences,
        needs_more=needs_more_from(claimed) if not sentences else None,
        found=claimed,
        eases=eases,
        worsens=worsens,
        said_eases=tuple(sorted(said_eases.items(), key=lambda kv: (-kv[1], kv[0]))),
        said_worsens=tuple(sorted(said_worsens.items(), key=lambda kv: (-kv[1], kv[0]))),
        routines=routine_uses,
        reliefs=relief_uses,
        soothing_minutes=minutes["soothing"],
        strategic_minutes=minutes["strategic"],
        medications=tuple(medications),
        daily=tuple(rows),
        flares=flares,
        notes=tuple(notes),
        appointment=appointment,
        person=person,
        day_start_hour=dsh,
        whose=whose or ReportPerson(),
    )
