"""The clinician report and the visit brief: pain as data, in a form a clinician can read in a minute.

painpal's fifth idea (see the project's clinical notes) is to bring the care
team the same precise data every time. This module gathers it once
(:func:`report_data`) and renders it as Markdown (:func:`render_markdown`),
as one printable HTML page (:func:`render_html`) and as a short plain-text
brief for the next appointment (:func:`visit_brief`).

What the first screenful answers, in this order, because that is the order a
clinician asks: is anything urgent (warning signs come first, if any); how
much pain and is it changing (mean and peak against the previous period of
the same length, PEG); what the log shows (pattern sentences with their
evidence, from :mod:`painpal.insights`); what eases and what worsens it;
what the person does about it (routines, relief, soothing vs strategic
minutes, medication by name and time); sleep and stress. The detail follows.

Rules that hold everywhere in this module:

* It never diagnoses and never states an amount of medicine. Medication is
  shown by name and time only; amounts a person typed into a relief name or a
  note are removed (:func:`without_amounts`), so a printed report cannot be
  read as a dosing record.
* It is pure apart from :func:`report_data` reading a store (only the period,
  the previous period and the baselines insights needs, so a 90-day report
  costs the same with five years of history as with one).
* Everything a person typed is escaped for the format it lands in.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from painpal import __version__
from painpal.analysis.baselines import FLARE_BASELINE_DAYS, PACING_BASELINE_DAYS
from painpal.analysis.days import day_figures as _insight_days
from painpal.analysis.effects import Effect, effect_label
from painpal.analysis.patterns import Insights, Pattern, insights, needs_more_data, patterns
from painpal.analysis.peg import peg_trend
from painpal.analysis.stats import MIN_DIFFERENCE
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
from painpal.history import History
from painpal.routines import Routine, get, routine_from_dict
from painpal.text import day_text, minutes_text, number, signed, when_text

# --------------------------------------------------------------------------------------------- constants

DEFAULT_DAYS = 30
"""``painpal report`` covers the last 30 painpal days unless told otherwise."""
MAX_DAYS = 3660
BASELINE_DAYS = FLARE_BASELINE_DAYS + PACING_BASELINE_DAYS + 1
"""Days before a period that insights needs for its flare and pacing baselines."""
MIN_LISTED_PAIRS = 3
"""Fewest before/after pairs before a routine or relief is listed under "what eases" or "what worsens"."""
LISTED = 5
"""At most this many lines per list in the summary; the detail carries the rest."""
BRIEF_DAYS = 30
"""The visit brief summarises the 30 days before the visit is prepared."""

MEDICINE_WORDS = re.compile(
    r"medic|paracetamol|acetaminophen|ibuprofen|naproxen|aspirin|diclofenac|codeine|co-?codamol|tramadol|"
    r"gabapentin|pregabalin|amitriptyline|nortriptyline|duloxetine|celecoxib|etoricoxib|morphine|oxycodone|"
    r"cyclobenzaprine|methocarbamol|diazepam|lidocaine|tylenol|advil|aleve|nurofen|panadol|painkiller|"
    r"pain killer|nsaid|anti-?inflammator|muscle relaxant|tablet|pill|capsule",
    re.I,
)
"""Relief names that are medicine taken: the word "medication" and common pain-medicine names."""

_UNITS = r"(?:mg|mcg|µg|ug|g|ml|iu|units?|tablets?|tabs?|pills?|capsules?|caps|puffs?|drops?|doses?)"
_AMOUNT = re.compile(
    rf"\s*(?:\b\d+(?:[.,/]\d+)?\s*{_UNITS}\b\.?|\b(?:one|two|three|four|half an?|a half)\s+{_UNITS}\b|\bx\s*\d+\b"
    rf"|\b\d+\s*x\b)",
    re.I,
)
_NUMBER = re.compile(r"\s*\b\d+(?:[.,/]\d+)?\b")

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


class ReportSource(Protocol):
    """What :func:`report_data` reads from a store: records by time, and settings (custom routines)."""

    def records(self, cls: Any, since: datetime | None = ..., until: datetime | None = ...) -> list[Any]: ...

    def setting(self, key: str, default: Any = None) -> Any: ...


# --------------------------------------------------------------------------------------------- the data


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
    slope_per_week: float | None
    """Least-squares trend of pain within the period, points per week."""
    pegs: tuple[tuple[date, float], ...]
    """Weekly PEG scores in the period, oldest first."""
    warnings: tuple[WarningReport, ...]
    """Reports in the period, and any older one still not marked resolved; newest first."""
    patterns: tuple[Pattern, ...]
    needs_more: str | None
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


def parse_day(text: str, what: str) -> date:
    """A date given as ``YYYY-MM-DD``; anything else raises :class:`ValidationError` with one sentence."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{what} {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-01.") from None


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


def without_amounts(text: str) -> str:
    """``text`` with amounts of medicine removed ("ibuprofen 400 mg x2" -> "ibuprofen").

    painpal records medication by name only; a person may still type an
    amount, and a printed report must not read as a dosing record.
    """
    cleaned = _AMOUNT.sub("", text)
    return " ".join(cleaned.split())


def is_medication(name: str) -> bool:
    """Is this relief medicine taken? ("medication taken", "ibuprofen", "painkiller", ...)."""
    return bool(MEDICINE_WORDS.search(name))


def medication_name(name: str) -> str:
    """A medication relief's name with any amount or bare number removed."""
    cleaned = _NUMBER.sub("", without_amounts(name))
    return " ".join(cleaned.split()).strip(" ,;:-") or "medication"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


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
        mean=_mean(pains),
        peak=max(pains) if pains else None,
        peg=_mean([score for _, score in pegs]),
        peg_weeks=len(pegs),
        sleep_quality=_mean(quality),
        sleep_hours=_mean(hours),
        stress=_mean(stress),
    )


def _custom_routines(source: ReportSource) -> list[Routine]:
    """The person's own routines, so their names and kinds show; a bad one is skipped, not fatal."""
    out = []
    for data in source.setting("routines", []) or []:
        try:
            out.append(routine_from_dict(data))
        except (ValidationError, TypeError, AttributeError):
            continue
    return out


_CURRENT_KINDS = ("checkins", "reliefs", "runs", "notes", "pegs")
"""What the period and insights' baselines need: no events (sitting breaks are the review's business)."""
_PREVIOUS_KINDS = ("checkins", "notes", "pegs")
"""What the previous period's figures need: pain, sleep and stress, PEG."""


def _load(source: ReportSource, since: datetime, until: datetime, previous_since: datetime) -> History:
    """Read only what the report uses: parsing records is most of its cost, and the budget is 0.5 s.

    The period and insights' baselines get every kind it reads; the rest of
    the previous period (beyond the baselines) only what its figures need.
    """
    base_from = since - timedelta(days=BASELINE_DAYS + 1)
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


def day_start_hour_of(source: ReportSource) -> int:
    """The hour the person's painpal day starts, from their stored plan (default 04:00).

    Read straight from the setting rather than through the plan module, which
    pulls in ``dateutil.rrule``: the report needs one integer and has a
    whole-process budget of 0.5 s.
    """
    plan = source.setting("plan")
    value = plan.get("day_start_hour") if isinstance(plan, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return value
    return DEFAULT_DAY_START_HOUR


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
) -> ReportData:
    """Gather the report for ``since <= at < until`` (see :func:`period`), as seen at ``now``.

    ``source`` is a store (the period, the previous period of the same
    length and insights' baselines are read from it, nothing older) or a
    ready :class:`History` (tests, the TUI's already-loaded data); with a
    history, warning-sign reports, appointments, people and custom routines
    come from the keyword arguments. Keyword arguments always win over what
    a store holds.
    """
    if until <= since:
        raise ValueError("A report period must end after it starts.")
    dsh = day_start_hour
    # Same zone: Python subtracts wall times, so a DST day still counts as one day; round() covers mixed zones.
    days = max(1, round((until - since) / timedelta(days=1)))
    previous_since = since - timedelta(days=days)
    load_from = min(previous_since, since - timedelta(days=BASELINE_DAYS)) - timedelta(days=1)
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
            custom = _custom_routines(source)

    ins: Insights = insights(history.between(load_from, until), until, days, dsh)
    period_history = history.between(since, until)

    # What eases and what worsens: measured effects, and what the person said at check-ins.
    listed = [e for e in ins.effects if e.count >= MIN_LISTED_PAIRS]
    eases = tuple(e for e in listed if e.mean_change < 0)
    worsens = tuple(sorted((e for e in listed if e.mean_change > 0), key=lambda e: (-e.shrunk, e.name)))
    said_eases: Counter[str] = Counter()
    said_worsens: Counter[str] = Counter()
    notes: list[PersonNote] = []
    for c in period_history.checkins:
        if c.eases:
            said_eases[without_amounts(_norm(c.eases))] += 1
        if c.worsens:
            said_worsens[without_amounts(_norm(c.worsens))] += 1
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
        if run.outcome != "done":
            continue
        found = get(run.routine, custom)
        if found is not None:
            length = found.total_seconds / 60
            run_kind[run.routine] = (found.name, found.kind)
        else:
            length = max(0.0, (run.ended - run.at).total_seconds() / 60) if run.ended is not None else 0.0
            run_kind[run.routine] = (run.routine, "")
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
        relief_groups[_norm(r.name)].append(r)
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
    per_day = _insight_days(history.around_days(first, last, dsh), dsh)
    flares = tuple(d for d in ins.flares if first <= d <= last)
    flare_set = set(flares)
    rows = []
    day = first
    today = painpal_day(now, dsh)
    while day <= min(last, today):
        info = per_day.get(day)
        note = info.note if info is not None else None
        pains = info.pains if info is not None else []
        rows.append(
            DayRow(
                day=day,
                count=len(pains),
                mean=_mean(pains),
                peak=max(pains) if pains else None,
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

    return ReportData(
        since=since,
        until=until,
        now=now,
        days=days,
        previous_since=previous_since,
        current=_figures(history, since, until, dsh),
        previous=_figures(history, previous_since, since, dsh),
        slope_per_week=ins.trend.slope_per_week,
        pegs=tuple(peg_trend(_within(history.pegs, since, until))),
        warnings=tuple(reports),
        patterns=tuple(patterns(ins)),
        needs_more=needs_more_data(ins),
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
    )


def load_report(
    store: ReportSource, now: datetime, days: int = DEFAULT_DAYS, day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> ReportData:
    """The report of the last ``days`` painpal days (the TUI's export and visit brief use this)."""
    since, until = period(now, days=days, day_start_hour=day_start_hour)
    return report_data(store, since, until, now, day_start_hour=day_start_hour)


# --------------------------------------------------------------------------------------------- wording


def change_text(current: float | None, previous: float | None, meaningful: float | None = MIN_DIFFERENCE) -> str:
    """The change from the previous period, in words a clinician expects.

    With ``meaningful`` set (pain, PEG): less than that many points is "about
    the same", as about 1 NRS point is the smallest change people feel.
    """
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


def _effect_line(e: Effect) -> str:
    times = "time" if e.count == 1 else "times"
    return f"{without_amounts(effect_label(e))} {signed(e.mean_change)} ({e.count} {times})"


def _counts(items: Sequence[tuple[str, int]], limit: int = LISTED) -> str:
    return ", ".join(f"{name} ({n})" for name, n in items[:limit])


def _medication_summary(meds: Sequence[MedicationUse]) -> list[tuple[str, int, datetime]]:
    """``(name, times, last taken)`` per medication name, most often first."""
    groups: dict[str, list[datetime]] = defaultdict(list)
    for m in meds:
        groups[m.name].append(m.at)
    return sorted(((name, len(ats), max(ats)) for name, ats in groups.items()), key=lambda t: (-t[1], t[0]))


def summary_rows(data: ReportData) -> list[tuple[str, str, str, str]]:
    """The summary table: ``(what, this period, previous period, change)``; shared by every format."""
    cur, prev = data.current, data.previous

    def count(f: Figures) -> str:
        return f"{f.count} on {f.days_logged} day{'s' * (f.days_logged != 1)}" if f.count else "none"

    def peg(f: Figures) -> str:
        if f.peg is None:
            return "–"
        return f"{f.peg:.1f} ({f.peg_weeks} week{'s' * (f.peg_weeks != 1)})"

    rows = [
        ("Check-ins", count(cur), count(prev), ""),
        ("Mean pain (0–10)", number(cur.mean), number(prev.mean), change_text(cur.mean, prev.mean)),
        (
            "Peak pain",
            "–" if cur.peak is None else str(cur.peak),
            "–" if prev.peak is None else str(prev.peak),
            f"{cur.peak - prev.peak:+d}".replace("-", "−").replace("+0", "±0")
            if cur.peak is not None and prev.peak is not None
            else "",
        ),
        ("PEG (0–10)", peg(cur), peg(prev), change_text(cur.peg, prev.peg)),
        (
            "Sleep quality (1–5)",
            number(cur.sleep_quality),
            number(prev.sleep_quality),
            change_text(cur.sleep_quality, prev.sleep_quality, None),
        ),
        (
            "Sleep (hours)",
            number(cur.sleep_hours),
            number(prev.sleep_hours),
            change_text(cur.sleep_hours, prev.sleep_hours, None),
        ),
        ("Stress (0–10)", number(cur.stress), number(prev.stress), change_text(cur.stress, prev.stress, None)),
    ]
    return rows


def _sleep_cell(row: DayRow) -> str:
    parts = []
    if row.sleep_quality is not None:
        parts.append(f"{row.sleep_quality}/5")
    if row.sleep_hours is not None:
        parts.append(f"{row.sleep_hours:g} h")
    return ", ".join(parts) or "–"


def _day_cells(row: DayRow) -> list[str]:
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


DAY_HEADERS = ("Day", "Check-ins", "Mean", "Peak", "Sleep", "Stress", "Activity", "")


def who(data: ReportData) -> str:
    """ "Sam Okafor (physical therapist)", or "your care team" when nobody is named."""
    p = data.person
    return f"{p.name} ({p.role})" if p is not None else "your care team"


def trend_text(data: ReportData) -> str | None:
    """The within-period direction in one phrase, or ``None`` without enough check-ins."""
    slope = data.slope_per_week
    if slope is None or data.current.count < 2:
        return None
    if abs(slope) < 0.1:
        return "steady within the period"
    return f"{'rising' if slope > 0 else 'falling'} {abs(slope):.1f} points a week within the period"


# --------------------------------------------------------------------------------------------- Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
"""Characters that format, link or break a table cell anywhere in a line (parentheses only link after ``]``)."""
_MD_LEADING = re.compile(r"[#+\-=]|\d+[.)]")


def md(text: str) -> str:
    """Person-typed text as inert Markdown: one line, punctuation that would format or link escaped."""
    out = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    # At the start of a line these make a heading, a list item or a rule.
    return "\\" + out if _MD_LEADING.match(out) else out


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out


def render_markdown(data: ReportData) -> str:
    """The report as Markdown: summary first (one screenful), then the detail, then what painpal is."""
    lines = [f"# painpal report: {period_text(data)}", ""]
    lines.append(
        f"Prepared {when_text(data.now)} from the person's own log. "
        f"Compared with the previous {data.days} days ({previous_text(data)})."
    )
    lines.append("")
    if data.warnings:
        lines += ["## ⚠ Warning signs reported", ""]
        for w in data.warnings:
            state = f"marked resolved {when_text(w.resolved)}" if w.resolved else "**not marked resolved**"
            lines.append(
                f"- **{when_text(w.at)}**, advised {urgency_text(w.urgency)}: {md('; '.join(w.signs))}. {state}."
            )
        lines.append("")
    lines += ["## Summary", ""]
    lines += _md_table(("", "This period", f"Previous {data.days} days", "Change"), summary_rows(data))
    lines.append("")
    trend = trend_text(data)
    if trend:
        lines.append(f"Pain was {trend}.")
    if data.pegs:
        lines.append("PEG by week: " + ", ".join(f"{w:%d %b} {s:.1f}" for w, s in data.pegs[-6:]) + ".")
    if data.flares:
        lines.append(f"Flare days: {len(data.flares)} of {len(data.daily)}.")
    lines += ["", "## What the log shows", ""]
    if data.patterns:
        for p in data.patterns:
            lines.append(f"- {md(p.sentence)}  \n  *Evidence:* {md(p.evidence)}")
    else:
        lines.append(md(data.needs_more or "No pattern is supported by the log yet."))
    lines += ["", "## What eases and what worsens", ""]
    lines.append(
        "- Pain at the next check-in (within 2 h) after: "
        + ("; ".join(_effect_line(e) for e in data.eases[:LISTED]) if data.eases else "too few before/after pairs yet")
        + "."
    )
    if data.worsens:
        lines.append("- Pain was higher after: " + "; ".join(_effect_line(e) for e in data.worsens[:LISTED]) + ".")
    lines.append("- Said to ease it at check-ins: " + (md(_counts(data.said_eases)) or "not recorded") + ".")
    lines.append("- Said to worsen it at check-ins: " + (md(_counts(data.said_worsens)) or "not recorded") + ".")
    lines += ["", "## Routines and relief", ""]
    lines.append(
        f"- Soothing {minutes_text(data.soothing_minutes)} · strategic {minutes_text(data.strategic_minutes)} "
        "(soothing lowers pain now; strategic builds capacity)."
    )
    if data.routines:
        lines.append(
            "- Routines done: "
            + md(", ".join(f"{u.name} ×{u.count} ({minutes_text(u.minutes)})" for u in data.routines))
            + "."
        )
    if data.reliefs:
        lines.append(
            "- Relief: "
            + md(
                ", ".join(
                    f"{u.name} ×{u.count}" + (f" ({minutes_text(u.minutes)})" if u.minutes else "")
                    for u in data.reliefs
                )
            )
            + "."
        )
    meds = _medication_summary(data.medications)
    if meds:
        lines.append(
            "- Medication taken as logged (names and times only): "
            + md(", ".join(f"{name} ×{n} (last {when_text(last)})" for name, n, last in meds))
            + "."
        )
    else:
        lines.append("- Medication taken: none logged.")
    lines += ["", "---", "", "## Detail", "", "### Day by day", ""]
    lines += _md_table(DAY_HEADERS, (_day_cells(r) for r in data.daily))
    lines.append("")
    lines.append(
        "Sleep: quality 1–5 and hours, from the evening review. Activity: minutes of walks, strategic relief and "
        "strategic routines."
    )
    lines += ["", "### Flare days", ""]
    if data.flares:
        lines.append(", ".join(day_text(d) for d in data.flares) + ".")
        lines.append("A flare: a day whose mean pain is 2+ points above the previous 28 days' usual, or peaks at 7+.")
    else:
        lines.append("None in this period.")
    lines += ["", "### In the person's words", ""]
    if data.notes:
        lines += [f"- {when_text(n.at)} ({n.source}): {md(n.text)}" for n in data.notes]
    else:
        lines.append("No notes in this period.")
    if data.medications:
        lines += ["", "### Medication log (names and times only)", ""]
        lines += [f"- {when_text(m.at)}: {md(m.name)}" for m in data.medications]
    lines += ["", "### Questions for the next visit", ""]
    if data.appointment is not None:
        lines.append(f"{when_text(data.appointment.at)} with {md(who(data))}.")
        lines.append("")
        asked = set(data.appointment.asked)
        lines += [f"- [{'x' if q in asked else ' '}] {md(q)}" for q in data.appointment.questions]
        if not data.appointment.questions:
            lines.append("No questions written yet.")
    else:
        lines.append("No appointment booked.")
    lines += ["", "---", "", f"*{FOOTER_WHAT}*", "", "Sources:", ""]
    lines += [f"- {s}" for s in FOOTER_SOURCES]
    lines += ["", f"*Made with painpal {__version__}.*", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- HTML


CSS = """
@page { size: auto; margin: 14mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b;
       max-width: 184mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
h2 { font-size: 12.5pt; margin: 1.1em 0 .35em; border-bottom: 1px solid #bbb; padding-bottom: .1em; }
h3 { font-size: 11pt; margin: 1em 0 .3em; }
p, ul { margin: .3em 0; }
ul { padding-left: 1.3em; }
li { margin: .15em 0; }
.meta { color: #555; }
.warning { border: 2.5px solid #b00020; background: #fdecee; padding: .5em .8em; margin: .8em 0;
           break-inside: avoid; }
.warning h2 { color: #b00020; border: 0; margin-top: .1em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .15em .4em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.n, th.n { text-align: right; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
tr.flare td { background: #fff3e0; }
.evidence { color: #444; font-size: 9.5pt; }
.detail { break-before: page; }
footer { margin-top: 1.5em; border-top: 1px solid #bbb; padding-top: .5em; color: #444; font-size: 9pt; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
}
""".strip()


def _e(text: object) -> str:
    """Escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


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
    title = f"painpal report: {period_text(data)}"
    add("<!DOCTYPE html>")
    add('<html lang="en"><head><meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>{_e(title)}</title><style>{CSS}</style></head><body>")
    add(f"<header><h1>{_e(title)}</h1>")
    add(
        f'<p class="meta">Prepared {_e(when_text(data.now))} from the person\'s own log. Compared with the previous '
        f"{data.days} days ({_e(previous_text(data))}).</p></header>"
    )
    if data.warnings:
        add('<section class="warning"><h2>⚠ Warning signs reported</h2><ul>')
        for w in data.warnings:
            state = f"marked resolved {when_text(w.resolved)}" if w.resolved else "not marked resolved"
            add(
                f"<li><strong>{_e(when_text(w.at))}</strong>, advised {_e(urgency_text(w.urgency))}: "
                f"{_e('; '.join(w.signs))}. <strong>{_e(state)}</strong>.</li>"
            )
        add("</ul></section>")
    add("<section><h2>Summary</h2>")
    add(_html_table(("", "This period", f"Previous {data.days} days", "Change"), summary_rows(data)))
    extra = []
    trend = trend_text(data)
    if trend:
        extra.append(f"Pain was {trend}.")
    if data.pegs:
        extra.append("PEG by week: " + ", ".join(f"{w:%d %b} {s:.1f}" for w, s in data.pegs[-6:]) + ".")
    if data.flares:
        extra.append(f"Flare days: {len(data.flares)} of {len(data.daily)}.")
    if extra:
        add(f"<p>{_e(' '.join(extra))}</p>")
    add("</section><section><h2>What the log shows</h2>")
    if data.patterns:
        add("<ul>")
        for p in data.patterns:
            add(f'<li>{_e(p.sentence)}<br><span class="evidence">Evidence: {_e(p.evidence)}</span></li>')
        add("</ul>")
    else:
        add(f"<p>{_e(data.needs_more or 'No pattern is supported by the log yet.')}</p>")
    add("</section><section><h2>What eases and what worsens</h2><ul>")
    eases = "; ".join(_effect_line(e) for e in data.eases[:LISTED]) or "too few before/after pairs yet"
    add(f"<li>Pain at the next check-in (within 2 h) after: {_e(eases)}.</li>")
    if data.worsens:
        add(f"<li>Pain was higher after: {_e('; '.join(_effect_line(e) for e in data.worsens[:LISTED]))}.</li>")
    add(f"<li>Said to ease it at check-ins: {_e(_counts(data.said_eases) or 'not recorded')}.</li>")
    add(f"<li>Said to worsen it at check-ins: {_e(_counts(data.said_worsens) or 'not recorded')}.</li>")
    add("</ul></section><section><h2>Routines and relief</h2><ul>")
    add(
        f"<li>Soothing {_e(minutes_text(data.soothing_minutes))} · strategic "
        f"{_e(minutes_text(data.strategic_minutes))} (soothing lowers pain now; strategic builds capacity).</li>"
    )
    if data.routines:
        text = ", ".join(f"{u.name} ×{u.count} ({minutes_text(u.minutes)})" for u in data.routines)
        add(f"<li>Routines done: {_e(text)}.</li>")
    if data.reliefs:
        text = ", ".join(
            f"{u.name} ×{u.count}" + (f" ({minutes_text(u.minutes)})" if u.minutes else "") for u in data.reliefs
        )
        add(f"<li>Relief: {_e(text)}.</li>")
    meds = _medication_summary(data.medications)
    if meds:
        text = ", ".join(f"{name} ×{n} (last {when_text(last)})" for name, n, last in meds)
        add(f"<li>Medication taken as logged (names and times only): {_e(text)}.</li>")
    else:
        add("<li>Medication taken: none logged.</li>")
    add("</ul></section>")

    add('<section class="detail"><h2>Detail</h2><h3>Day by day</h3>')
    add(
        _html_table(
            DAY_HEADERS,
            [_day_cells(r) for r in data.daily],
            numeric=(1, 2, 3, 5),
            classes=["flare" if r.flare else "" for r in data.daily],
        )
    )
    add(
        '<p class="evidence">Sleep: quality 1–5 and hours, from the evening review. Activity: minutes of walks, '
        "strategic relief and strategic routines.</p>"
    )
    add("<h3>Flare days</h3>")
    if data.flares:
        add(f"<p>{_e(', '.join(day_text(d) for d in data.flares))}.</p>")
        add(
            '<p class="evidence">A flare: a day whose mean pain is 2+ points above the previous 28 days\' usual, '
            "or peaks at 7+.</p>"
        )
    else:
        add("<p>None in this period.</p>")
    add("<h3>In the person's words</h3>")
    if data.notes:
        add(
            "<ul>"
            + "".join(f"<li>{_e(when_text(n.at))} ({_e(n.source)}): {_e(n.text)}</li>" for n in data.notes)
            + "</ul>"
        )
    else:
        add("<p>No notes in this period.</p>")
    if data.medications:
        add("<h3>Medication log (names and times only)</h3><ul>")
        add("".join(f"<li>{_e(when_text(m.at))}: {_e(m.name)}</li>" for m in data.medications))
        add("</ul>")
    add("<h3>Questions for the next visit</h3>")
    if data.appointment is not None:
        add(f"<p>{_e(when_text(data.appointment.at))} with {_e(who(data))}.</p>")
        asked = set(data.appointment.asked)
        if data.appointment.questions:
            add(
                "<ul>"
                + "".join(f"<li>{'☑' if q in asked else '☐'} {_e(q)}</li>" for q in data.appointment.questions)
                + "</ul>"
            )
        else:
            add("<p>No questions written yet.</p>")
    else:
        add("<p>No appointment booked.</p>")
    add("</section>")
    add(f"<footer><p>{_e(FOOTER_WHAT)}</p><p>Sources:</p><ul>")
    add("".join(f"<li>{_e(s)}</li>" for s in FOOTER_SOURCES))
    add(f"</ul><p>Made with painpal {_e(__version__)}.</p></footer></body></html>")
    return "\n".join(parts) + "\n"


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
    if data.current.mean is not None and data.previous.mean is not None:
        diff = data.current.mean - data.previous.mean
        if diff >= MIN_DIFFERENCE:
            offer(
                f"My pain is higher than before (mean {data.current.mean:.1f} vs {data.previous.mean:.1f}): "
                "what should we try next?"
            )
    return out[:limit]


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
                f"WARNING SIGN reported {when_text(w.at)} ({urgency_text(w.urgency)}): {'; '.join(w.signs)}. "
                "Say this first."
            )
    cur, prev = data.current, data.previous
    lines.append("")
    lines.append(f"Last {data.days} days ({day_text(data.first_day)} – {day_text(data.last_day)}):")
    if cur.count:
        lines.append(
            f"  Pain: mean {number(cur.mean)} (before: {number(prev.mean)}; {change_text(cur.mean, prev.mean)}), "
            f"peak {cur.peak}; {cur.count} check-ins on {cur.days_logged} days."
        )
    else:
        lines.append("  Pain: no check-ins in this period.")
    if cur.peg is not None:
        lines.append(f"  PEG: {cur.peg:.1f} (before: {number(prev.peg)}; {change_text(cur.peg, prev.peg)}).")
    if cur.sleep_quality is not None or cur.stress is not None:
        lines.append(
            f"  Sleep {number(cur.sleep_quality)}/5, {number(cur.sleep_hours)} h; stress {number(cur.stress)}/10."
        )
    if data.flares:
        lines.append(f"  Flare days: {len(data.flares)}.")
    lines.append(f"  Soothing {minutes_text(data.soothing_minutes)}, strategic {minutes_text(data.strategic_minutes)}.")
    meds = _medication_summary(data.medications)
    if meds:
        lines.append("  Medication taken (as logged): " + ", ".join(f"{n} ×{c}" for n, c, _ in meds) + ".")
    lines.append("")
    lines.append("What the log shows:")
    if data.patterns:
        lines += [f"  • {p.sentence}" for p in data.patterns]
    else:
        lines.append(f"  {data.needs_more or 'No pattern yet.'}")
    if data.eases:
        lines.append("  Eases: " + "; ".join(_effect_line(e) for e in data.eases[:3]) + ".")
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


def render(data: ReportData, fmt: str) -> str:
    """``"md"`` or ``"html"``."""
    if fmt == "html":
        return render_html(data)
    if fmt == "md":
        return render_markdown(data)
    raise ValueError(f"Unknown report format {fmt!r}; expected md or html.")


__all__ = [
    "DEFAULT_DAYS",
    "DayRow",
    "Figures",
    "MedicationUse",
    "PersonNote",
    "ReportData",
    "Use",
    "WarningReport",
    "change_text",
    "is_medication",
    "load_report",
    "medication_name",
    "parse_day",
    "period",
    "render",
    "render_html",
    "render_markdown",
    "report_data",
    "suggested_questions",
    "visit_brief",
    "warning_report",
    "without_amounts",
]
