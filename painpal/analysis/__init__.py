"""Day review, patterns, relievers, pacing (boom-bust) and PEG: pain as data.

painpal's first idea (see the project's clinical notes) is that a short,
structured log turns "my back hurts" into a sentence a clinician can act on:
"it builds late afternoon after long sitting and eases after a 10-minute
walk". This module turns records into those figures and sentences.

Everything here is a pure function of records the caller passes in a
:class:`History`; only :meth:`History.load` touches a store (through its
helpers :meth:`History.for_day`, :meth:`History.for_period` and
:func:`load_review`). Nothing here imports Textual, reads the clock or
writes anything.

Honesty rules, because people will take these sentences to their clinician:

* A pattern is stated only when the data supports it: enough check-ins on
  both sides of a comparison (:data:`MIN_GROUP_CHECKINS`), a difference of at
  least :data:`MIN_DIFFERENCE` NRS point (about the smallest change people
  feel as meaningful), and a difference well beyond what chance gives in
  groups that small (:data:`MIN_Z`, :data:`MIN_Z_SEARCH`).
* Otherwise :func:`needs_more_data` says plainly what more would help.
* Sentences describe, never blame: "days like today were followed by a
  flare", not "you overdid it".

Time: every day here is a *painpal day* (:func:`painpal.domain.clock.painpal_day`),
so a 01:00 check-in belongs to the evening before; hours are the local wall
hours recorded with each check-in, so daylight-saving days need no special
care beyond being 23 or 25 hours long.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, Protocol, TypeVar

from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.records import CheckIn, DayNote, Event, PegEntry, Record, Relief, RoutineRun
from painpal.text import day_heading, minutes_text, number, spark

try:  # written alongside this module; insights still works (without routine kinds) if it is missing
    from painpal import routines
except ImportError:  # pragma: no cover - only while the routine library is absent
    routines = None  # type: ignore[assignment]

# --------------------------------------------------------------------------------------------- constants

MIN_GROUP_CHECKINS = 8
"""Fewest check-ins on each side of a comparison before a pattern is stated (inside and outside)."""
MIN_GROUP_DAYS = 4
"""Fewest painpal days on each side too: check-ins of one day move together, so 27 check-ins on 3 days is thin."""
MIN_DIFFERENCE = 1.0
"""Smallest difference in mean pain (NRS points) worth a sentence: about what people feel as meaningful."""
MIN_Z = 2.0
"""A fixed comparison (weekday vs weekend, sitting, sleep, stress) must exceed this many standard errors."""
MIN_Z_SEARCH = 3.0
"""The peak time-of-day window is the best of many windows tried, so it must clear a higher bar against chance."""
WINDOW_WIDTHS = (2, 3, 4)
"""Widths (hours) of the time-of-day windows searched for the peak."""

MIN_RELIEF_COUNT = 5
"""Fewest before/after pairs before a reliever is named in a sentence."""
SHRINK_K = 3
"""Shrinkage of a reliever's effect toward zero: ``shrunk = mean * n / (n + SHRINK_K)``.

With 1 pair the estimate is a quarter of the raw mean, with 3 pairs half, with
12 pairs four fifths: a single lucky walk cannot top the coach's ranking."""
EFFECT_WINDOW = timedelta(hours=2)
"""A check-in counts as "before" or "after" a relief only within this time of it."""

PACING_BASELINE_DAYS = 14
"""Pacing baseline: the median activity of the previous 14 painpal days (Murphy & Kratz 2014)."""
MIN_BASELINE_DAYS = 7
"""Fewest logged days among those 14 before a baseline (activity or pain) is used at all."""
BOOM_RATIO = 1.5
"""A day is "well above baseline" at >= 1.5 times the baseline activity ..."""
BOOM_MARGIN_MINUTES = 30.0
"""... and at least 30 minutes more than it (so 4 minutes against a baseline of 2 is not a boom)."""
MIN_BOOM_DAYS = 3
"""Fewest earlier well-above days (with a logged next day) before pacing says anything about flares."""
MIN_FLARE_SHARE = 0.5
"""... and at least half of them followed by a flare: flares are common enough that 1 in 4 says little."""
PACING_LOOKBACK_DAYS = 56
"""How far back pacing looks for earlier boom days to learn from (plus their baselines).

Eight weeks: recent enough to reflect today's capacity, long enough to hold a
few boom days for someone caught in the cycle, and short enough that a boom
day's review (which must read it) stays within the review's time budget."""

FLARE_BASELINE_DAYS = 28
"""A day's pain is compared with the median daily mean of the previous 28 painpal days."""
FLARE_ABOVE_BASELINE = 2.0
"""A flare: a day whose mean pain is at least 2 points above the person's baseline ..."""
FLARE_PEAK = 7
"""... or whose peak reaches 7 (the routine library's flare level)."""

POOR_SLEEP_MAX = 2
"""Sleep quality 1-2 of 5 is a poor night."""
HIGH_STRESS_MIN = 7
"""Stress 7-10 of 10 is a high-stress day."""
MIN_FACTOR_COUNT = 3
"""Fewest check-ins for an activity to be listed among "what comes before higher pain"."""

WORK_DAYS = (0, 1, 2, 3, 4)
"""Default work days (Monday 0 ... Friday 4) when the caller gives no plan."""
WORK_HOURS = (time(9, 0), time(17, 30))
"""Default seated work hours when the caller gives no plan (a plan's default blocks span these)."""

SEATED_WORDS = re.compile(r"\bsit|seat|desk|meeting|driv|computer|commut|laptop|sofa|couch|\bcar\b|screen|tv\b", re.I)
"""Activities before onset that mean sitting."""
WALK_WORDS = re.compile(r"walk", re.I)
MOVE_EVENTS = ("moved", "break")
PROMPT_EVENTS = ("prompt", "sitting-prompt")

R = TypeVar("R", bound=Record)


class RecordSource(Protocol):
    """What :meth:`History.load` needs of a store: :meth:`painpal.storage.store.Store.records`."""

    def records(self, cls: type[R], since: datetime | None = ..., until: datetime | None = ...) -> list[R]: ...


# --------------------------------------------------------------------------------------------- history


def _ts(record: Record) -> float:
    """The record's instant as a POSIX timestamp: exact across offsets and the repeated autumn hour."""
    return record.at.timestamp()


def _sorted(records: Iterable[R]) -> tuple[R, ...]:
    return tuple(sorted(records, key=_ts))


@dataclass(frozen=True)
class History:
    """The records an insight is computed from, each kind sorted by time.

    Callers load only what they need (:meth:`for_day`, :meth:`for_period`);
    functions here also slice by time with :meth:`between`, so a whole
    five-year history passed in still costs only a bisection.
    """

    checkins: tuple[CheckIn, ...] = ()
    reliefs: tuple[Relief, ...] = ()
    runs: tuple[RoutineRun, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[DayNote, ...] = ()
    pegs: tuple[PegEntry, ...] = ()

    @classmethod
    def load(
        cls,
        store: RecordSource,
        since: datetime | None = None,
        until: datetime | None = None,
        kinds: Iterable[str] | None = None,
    ) -> History:
        """Read the records between ``since`` and ``until`` (exclusive) from ``store``.

        The only place in this module that touches a store. ``kinds`` names
        the fields to fill (e.g. ``("checkins", "notes")``); the others stay
        empty, since parsing records is most of the cost of an insight.
        """
        wanted = set(_KINDS if kinds is None else kinds)
        parts: dict[str, Any] = {
            name: _sorted(store.records(record_type, since, until))
            for name, record_type in _RECORD_TYPES.items()
            if name in wanted
        }
        return cls(**parts)

    @classmethod
    def for_day(
        cls,
        store: RecordSource,
        day: date,
        zone: Any,
        day_start_hour: int = DEFAULT_DAY_START_HOUR,
        lookback_days: int = PACING_BASELINE_DAYS + 1,
        kinds: Iterable[str] | None = None,
    ) -> History:
        """The day and ``lookback_days`` before it: by default just enough for the day's pacing baseline.

        :func:`load_review` loads the longer :data:`PACING_LOOKBACK_DAYS` only
        on the rare day that is well above baseline, when pacing needs earlier
        cases; record parsing dominates the review's cost, so this keeps it fast.
        """
        start = datetime.combine(day - timedelta(days=lookback_days), time(day_start_hour), zone)
        end = datetime.combine(day + timedelta(days=1), time(day_start_hour), zone)
        return cls.load(store, start - timedelta(hours=2), end + timedelta(hours=2), kinds)

    @classmethod
    def for_period(cls, store: RecordSource, end: datetime, days: int) -> History:
        """What :func:`insights` needs: the period, plus earlier days for the flare and pacing baselines."""
        extra = FLARE_BASELINE_DAYS + PACING_BASELINE_DAYS + 1
        return cls.load(store, end - timedelta(days=days + extra), end)

    @classmethod
    def of(cls, records: Iterable[Record]) -> History:
        """A history from mixed records (tests, the demo generator); other kinds are ignored."""
        kinds: dict[type, list[Any]] = defaultdict(list)
        for record in records:
            kinds[type(record)].append(record)
        return cls(
            checkins=_sorted(kinds[CheckIn]),
            reliefs=_sorted(kinds[Relief]),
            runs=_sorted(kinds[RoutineRun]),
            events=_sorted(kinds[Event]),
            notes=_sorted(kinds[DayNote]),
            pegs=_sorted(kinds[PegEntry]),
        )

    @cached_property
    def _stamps(self) -> dict[str, list[float]]:
        """Timestamps of each tuple, built once, for bisection."""
        return {name: [_ts(r) for r in getattr(self, name)] for name in _KINDS}

    @cached_property
    def _pains(self) -> list[int]:
        """Check-in intensities in time order, built once, beside their timestamps."""
        return [c.intensity for c in self.checkins]

    def between(self, since: datetime | None, until: datetime | None) -> History:
        """The records with ``since <= at < until``, by bisection (both ends optional)."""
        parts: dict[str, Any] = {}
        lo_t = since.timestamp() if since is not None else None
        hi_t = until.timestamp() if until is not None else None
        for name in _KINDS:
            stamps = self._stamps[name]
            lo = bisect.bisect_left(stamps, lo_t) if lo_t is not None else 0
            hi = bisect.bisect_left(stamps, hi_t) if hi_t is not None else len(stamps)
            parts[name] = getattr(self, name)[lo:hi]
        return History(**parts)

    def around_days(self, first: date, last: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> History:
        """Records that may belong to painpal days ``first``..``last``: a margin covers any UTC offset."""
        lo = datetime.combine(first, time(day_start_hour), UTC) - timedelta(hours=15)
        hi = datetime.combine(last + timedelta(days=1), time(day_start_hour), UTC) + timedelta(hours=15)
        return self.between(lo, hi)


_RECORD_TYPES: dict[str, type[Record]] = {
    "checkins": CheckIn,
    "reliefs": Relief,
    "runs": RoutineRun,
    "events": Event,
    "notes": DayNote,
    "pegs": PegEntry,
}
_KINDS = tuple(_RECORD_TYPES)
_PACING_KINDS = ("checkins", "reliefs", "runs", "notes")
"""What pacing reads: pain (flares), activity, and which days were logged."""


# --------------------------------------------------------------------------------------------- small helpers


@dataclass(frozen=True)
class Stat:
    """Mean pain of a group of check-ins, with its count and spread (``None`` when empty)."""

    mean: float | None
    count: int
    sd: float | None = None


class _Acc:
    """Running sum for a :class:`Stat`: one pass, no lists."""

    __slots__ = ("n", "s", "ss")

    def __init__(self) -> None:
        self.n = 0
        self.s = 0.0
        self.ss = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.s += x
        self.ss += x * x

    def merge(self, other: _Acc) -> None:
        self.n += other.n
        self.s += other.s
        self.ss += other.ss

    def stat(self) -> Stat:
        if not self.n:
            return Stat(None, 0, None)
        mean = self.s / self.n
        var = max(0.0, (self.ss - self.n * mean * mean) / (self.n - 1)) if self.n > 1 else 0.0
        return Stat(mean, self.n, math.sqrt(var))


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _norm(name: str) -> str:
    """One key per relief or activity: case and spacing do not split a group."""
    return " ".join(name.lower().split())


def _is_walk(relief: Relief) -> bool:
    return bool(WALK_WORDS.search(relief.name))


@functools.lru_cache(maxsize=256)
def _routine(routine_id: str) -> tuple[str | None, float | None, str]:
    """A routine's kind, minutes and name from the library; kind and minutes are ``None`` for unknown ids.

    Cached: the library is data, and the coach ranks with :func:`effects` often.
    """
    found = routines.get(routine_id) if routines is not None else None
    if found is None:
        return None, None, routine_id
    return str(found.kind), found.total_seconds / 60, str(found.name)


def _run_minutes(run: RoutineRun) -> float:
    """How long a done routine took: its length in the library, else its recorded start to end."""
    minutes = _routine(run.routine)[1]
    if minutes is not None:
        return minutes
    if run.ended is not None:
        return max(0.0, (run.ended - run.at).total_seconds() / 60)
    return 0.0


def _is_activity_run(run: RoutineRun) -> bool:
    """A done strategic routine (or any walk routine) counts towards pacing activity."""
    kind = _routine(run.routine)[0]
    return run.outcome == "done" and (kind == "strategic" or "walk" in run.routine)


def _is_activity_relief(relief: Relief) -> bool:
    """Strategic reliefs and walks count towards pacing activity; heat or rest do not."""
    return relief.kind == "strategic" or _is_walk(relief)


def _about(minutes: float) -> int:
    """A quota to say aloud: nearest 5 minutes, at least 5."""
    return max(5, int(5 * round(minutes / 5)))


# --------------------------------------------------------------------------------------------- daily figures


@dataclass
class _Day:
    """What one painpal day holds, as the day-level functions need it."""

    pains: list[int] = field(default_factory=list)
    activity: float = 0.0
    logged: bool = False
    note: DayNote | None = None

    @property
    def mean(self) -> float | None:
        return _mean(self.pains)

    @property
    def peak(self) -> int | None:
        return max(self.pains) if self.pains else None


def _days(history: History, dsh: int) -> dict[date, _Day]:
    """Per painpal day: pains, activity minutes, whether anything was logged, and the day's note."""
    days: dict[date, _Day] = defaultdict(_Day)
    for c in history.checkins:
        d = days[painpal_day(c.at, dsh)]
        d.pains.append(c.intensity)
        d.logged = True
    for r in history.reliefs:
        d = days[painpal_day(r.at, dsh)]
        d.logged = True
        if _is_activity_relief(r) and r.minutes:
            d.activity += r.minutes
    for run in history.runs:
        d = days[painpal_day(run.at, dsh)]
        d.logged = True
        if _is_activity_run(run):
            d.activity += _run_minutes(run)
    for note in history.notes:
        if note.day is not None:
            d = days[note.day]
            d.note = note  # notes are sorted by time: the latest answer for a day wins
            d.logged = True
    return dict(days)


class _Judge:
    """Baselines and flare/boom verdicts over a dict of days, computed once per day asked."""

    def __init__(self, days: dict[date, _Day]) -> None:
        self.days = days
        means = [m for d in days.values() if (m := d.mean) is not None]
        self.overall_pain = statistics.median(means) if means else None
        self._pain_base: dict[date, float | None] = {}
        self._act_base: dict[date, float | None] = {}

    def pain_baseline(self, day: date) -> float | None:
        """Median daily mean pain of the previous :data:`FLARE_BASELINE_DAYS` days.

        With fewer than :data:`MIN_BASELINE_DAYS` such days, the median over
        every day in the history is used instead: a rough usual level beats none.
        """
        if day not in self._pain_base:
            means = []
            for k in range(1, FLARE_BASELINE_DAYS + 1):
                d = self.days.get(day - timedelta(days=k))
                if d is not None and d.pains:
                    means.append(sum(d.pains) / len(d.pains))
            self._pain_base[day] = statistics.median(means) if len(means) >= MIN_BASELINE_DAYS else self.overall_pain
        return self._pain_base[day]

    def is_flare(self, day: date) -> bool:
        """A flare: mean >= baseline + :data:`FLARE_ABOVE_BASELINE`, or peak >= :data:`FLARE_PEAK`."""
        d = self.days.get(day)
        if d is None or not d.pains:
            return False
        if max(d.pains) >= FLARE_PEAK:
            return True
        base = self.pain_baseline(day)
        return base is not None and sum(d.pains) / len(d.pains) >= base + FLARE_ABOVE_BASELINE

    def activity_baseline(self, day: date) -> float | None:
        """Median activity minutes of the logged days among the previous :data:`PACING_BASELINE_DAYS`."""
        if day not in self._act_base:
            values = []
            for k in range(1, PACING_BASELINE_DAYS + 1):
                d = self.days.get(day - timedelta(days=k))
                if d is not None and d.logged:
                    values.append(d.activity)
            self._act_base[day] = statistics.median(values) if len(values) >= MIN_BASELINE_DAYS else None
        return self._act_base[day]

    def activity(self, day: date) -> float:
        d = self.days.get(day)
        return d.activity if d is not None else 0.0

    def is_boom(self, day: date) -> bool:
        """Well above baseline: >= :data:`BOOM_RATIO` times it and >= :data:`BOOM_MARGIN_MINUTES` more."""
        base = self.activity_baseline(day)
        act = self.activity(day)
        return base is not None and act >= BOOM_RATIO * base and act >= base + BOOM_MARGIN_MINUTES

    def boom_outcomes(self, first: date, last: date) -> tuple[int, int]:
        """Boom days in ``first..last`` whose next day was logged with pain, and how many of those flared."""
        booms = flares = 0
        day = first
        while day <= last:
            nxt = self.days.get(day + timedelta(days=1))
            if nxt is not None and nxt.pains and self.is_boom(day):
                booms += 1
                flares += self.is_flare(day + timedelta(days=1))
            day += timedelta(days=1)
        return booms, flares


# --------------------------------------------------------------------------------------------- pacing


@dataclass(frozen=True)
class Pacing:
    """Today's activity against the person's own baseline, and what followed days like it.

    ``sentence`` is ``None`` unless today is well above baseline and at least
    :data:`MIN_BOOM_DAYS` earlier such days (with a logged next day) were
    followed by a flare at least :data:`MIN_FLARE_SHARE` of the time.
    """

    day: date
    activity_minutes: float
    """Minutes of strategic relief, done strategic routines and walks."""
    baseline_minutes: float | None
    """Median of the previous 14 days' activity; ``None`` with fewer than 7 logged days."""
    ratio: float | None
    well_above: bool
    boom_days: int
    """Earlier well-above days in the history whose next day was logged."""
    followed_by_flare: int
    sentence: str | None


def _pacing(judge: _Judge, day: date) -> Pacing:
    act = judge.activity(day)
    base = judge.activity_baseline(day)
    ratio = act / base if base else None
    well_above = judge.is_boom(day)
    booms = flares = 0
    sentence = None
    if well_above and judge.days:
        first = min(judge.days)
        booms, flares = judge.boom_outcomes(first, day - timedelta(days=2))
        if booms >= MIN_BOOM_DAYS and flares >= MIN_FLARE_SHARE * booms and flares and base is not None:
            sentence = (
                f"Days like today were followed by a flare {flares} of {booms} times; "
                f"tomorrow, keep to your baseline of about {_about(base)} minutes."
            )
    return Pacing(day, act, base, ratio, well_above, booms, flares, sentence)


def pacing(history: History, day: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> Pacing:
    """Boom-bust check for ``day`` (Murphy & Kratz 2014): activity vs the 14-day baseline, and its past.

    Earlier boom days are looked for in the :data:`PACING_LOOKBACK_DAYS`
    before ``day`` whose next day is already over. Only that stretch (plus the
    baselines it needs) is used, so the answer does not depend on how much
    history the caller happened to load beyond it.
    """
    return _pacing(_Judge(_days(_pacing_slice(history, day, day_start_hour), day_start_hour)), day)


def _pacing_slice(history: History, day: date, dsh: int) -> History:
    """The history pacing needs for ``day``: the lookback, the baselines before it, and the day itself."""
    first = day - timedelta(days=PACING_LOOKBACK_DAYS + max(PACING_BASELINE_DAYS, FLARE_BASELINE_DAYS) + 1)
    return history.around_days(first, day, dsh)


# --------------------------------------------------------------------------------------------- day review


@dataclass(frozen=True)
class DayReview:
    """The end-of-day review of one painpal day: pain, routines, balance, sitting, sleep, pacing."""

    day: date
    checkins: tuple[CheckIn, ...]
    """The day's check-ins in time order (01:00 belongs to the evening before)."""
    curve: tuple[tuple[int, float], ...]
    """Hourly pain curve: ``(local hour, mean)`` for hours with check-ins, in the day's order (04 h first)."""
    count: int
    first: int | None
    last: int | None
    mean: float | None
    peak: int | None
    done: int
    skipped: int
    snoozed: int
    abandoned: int
    prompts: int
    """Prompts shown (transition and sitting prompts)."""
    soothing_minutes: float
    strategic_minutes: float
    longest_seated_minutes: float | None
    """Longest time between movements inside the seated blocks given; ``None`` without blocks."""
    resets_taken: int | None
    """Movements (moved, break, done routine, walk) inside the seated blocks; ``None`` without blocks."""
    resets_due: int | None
    """Standing resets the blocks call for: one per ``max_seated_minutes`` within each block."""
    note: DayNote | None
    """The day's own answers: sleep quality and hours, stress, reflection, tomorrow's intention."""
    pacing: Pacing

    @property
    def empty(self) -> bool:
        """Nothing at all was logged that day."""
        return (
            not self.checkins
            and not (self.done + self.skipped + self.snoozed + self.abandoned)
            and (self.note is None and not self.soothing_minutes and not self.strategic_minutes)
        )


def _movements(history: History) -> list[tuple[float, float]]:
    """Intervals (timestamps) when the person was up and moving: moved/break events, done routines, walks."""
    moves: list[tuple[float, float]] = []
    for e in history.events:
        if e.kind in MOVE_EVENTS:
            t = _ts(e)
            moves.append((t, t + (e.minutes or 0) * 60))
    for run in history.runs:
        if run.outcome == "done":
            t = _ts(run)
            moves.append((t, run.ended.timestamp() if run.ended is not None else t))
    for r in history.reliefs:
        if _is_walk(r):
            t = _ts(r)
            moves.append((t, t + (r.minutes or 0) * 60))
    return sorted(moves)


def _sitting(
    history: History, blocks: Sequence[tuple[datetime, datetime]], max_seated: int, now: datetime | None
) -> tuple[float, int, int]:
    """Longest seated stretch (minutes), resets taken and resets due within ``blocks``."""
    moves = _movements(history)
    longest = 0.0
    taken = due = 0
    cap = now.timestamp() if now is not None else None
    for start, end in blocks:
        lo, hi = start.timestamp(), end.timestamp()
        if cap is not None:
            hi = min(hi, cap)
        if hi <= lo:
            continue
        due += max(0, math.ceil((hi - lo) / 60 / max_seated - 1e-9) - 1)
        seated_from = lo
        for m_start, m_end in moves:
            if m_end < lo or m_start >= hi:
                continue
            if m_start >= lo:
                taken += 1
            longest = max(longest, m_start - seated_from)
            seated_from = max(seated_from, m_end)
        longest = max(longest, hi - seated_from)
    return longest / 60, taken, due


def day_review(
    history: History,
    day: date,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    max_seated_minutes: int = 60,
    seated_blocks: Sequence[tuple[datetime, datetime]] | None = None,
    now: datetime | None = None,
) -> DayReview:
    """Review painpal day ``day``: everything the Review screen and ``painpal review`` show.

    ``seated_blocks`` are the day's work blocks as aware ``(start, end)``
    pairs (the plan knows them; this module does not). ``now`` clips blocks
    still under way, so a review at 15:00 does not count the rest of the
    afternoon as sitting. Only the day itself and the pacing lookback are
    read, however long ``history`` is.
    """
    dsh = day_start_hour
    today = history.around_days(day, day, dsh)

    def mine(r: Record) -> bool:
        return painpal_day(r.at, dsh) == day

    checkins = tuple(c for c in today.checkins if mine(c))
    runs = [r for r in today.runs if mine(r)]
    reliefs = [r for r in today.reliefs if mine(r)]
    events = [e for e in today.events if mine(e)]
    note = None
    for n in today.notes:
        if n.day == day:
            note = n

    hours: dict[int, _Acc] = defaultdict(_Acc)
    for c in checkins:
        hours[c.at.hour].add(c.intensity)
    curve = tuple((h, acc.s / acc.n) for h, acc in sorted(hours.items(), key=lambda kv: (kv[0] - dsh) % 24))
    pains = [c.intensity for c in checkins]

    outcomes = {o: 0 for o in ("done", "skipped", "snoozed", "abandoned")}
    for run in runs:
        outcomes[run.outcome] += 1
    minutes = {"soothing": 0.0, "strategic": 0.0}
    for r in reliefs:
        minutes[r.kind] += r.minutes or 0
    for run in runs:
        kind = _routine(run.routine)[0]
        if run.outcome == "done" and kind in minutes:
            minutes[kind] += _run_minutes(run)

    longest: float | None = None
    taken: int | None = None
    due: int | None = None
    if seated_blocks is not None:
        longest, taken, due = _sitting(today, seated_blocks, max_seated_minutes, now)

    return DayReview(
        day=day,
        checkins=checkins,
        curve=curve,
        count=len(pains),
        first=pains[0] if pains else None,
        last=pains[-1] if pains else None,
        mean=_mean(pains),
        peak=max(pains) if pains else None,
        done=outcomes["done"],
        skipped=outcomes["skipped"],
        snoozed=outcomes["snoozed"],
        abandoned=outcomes["abandoned"],
        prompts=sum(1 for e in events if e.kind in PROMPT_EVENTS),
        soothing_minutes=minutes["soothing"],
        strategic_minutes=minutes["strategic"],
        longest_seated_minutes=longest,
        resets_taken=taken,
        resets_due=due,
        note=note,
        pacing=pacing(history, day, dsh),
    )


def load_review(
    store: RecordSource,
    day: date,
    zone: Any,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    max_seated_minutes: int = 60,
    seated_blocks: Sequence[tuple[datetime, datetime]] | None = None,
    now: datetime | None = None,
) -> DayReview:
    """Load what the review of ``day`` needs from ``store`` and review it (``painpal review``, the Review screen).

    Reads the day plus its 14-day baseline; only when the day is well above
    baseline does it read the longer lookback that pacing's flare evidence needs.
    """
    history = History.for_day(store, day, zone, day_start_hour)
    review = day_review(history, day, day_start_hour, max_seated_minutes, seated_blocks, now)
    if review.pacing.well_above:
        lookback = PACING_LOOKBACK_DAYS + max(PACING_BASELINE_DAYS, FLARE_BASELINE_DAYS) + 1
        longer = History.for_day(store, day, zone, day_start_hour, lookback, _PACING_KINDS)
        review = dataclasses.replace(review, pacing=pacing(longer, day, day_start_hour))
    return review


def sparkline(curve: Sequence[tuple[int, float]], day_start_hour: int = DEFAULT_DAY_START_HOUR) -> str:
    """A text sparkline of an hourly curve on the fixed 0-10 scale; hours without check-ins are blank.

    A fixed scale (not the day's own range) keeps days comparable: a flat
    line of ▇ is a bad day, a flat line of ▂ a good one.
    """
    if not curve:
        return ""
    by_hour = dict(curve)
    order = [(h - day_start_hour) % 24 for h, _ in curve]
    first, last = min(order), max(order)
    out = []
    for k in range(first, last + 1):
        h = (k + day_start_hour) % 24
        out.append(spark(by_hour[h]) if h in by_hour else " ")
    return "".join(out)


def review_text(review: DayReview) -> str:
    """The review as plain text for ``painpal review``: clear lines, figures included, no colour codes."""
    lines = [f"Review of {day_heading(review.day)}"]
    if review.empty:
        lines.append("Nothing was logged on this day: no check-ins, routines, reliefs or evening notes.")
        return "\n".join(lines)
    if review.count:
        first_c, last_c = review.checkins[0], review.checkins[-1]
        times = "check-in" if review.count == 1 else "check-ins"
        lines.append(
            f"Pain: {review.count} {times}, mean {number(review.mean)}, peak {review.peak} "
            f"(first {review.first} at {first_c.at:%H:%M}, last {review.last} at {last_c.at:%H:%M})."
        )
        start_h, end_h = review.curve[0][0], review.curve[-1][0]
        lines.append(f"Pain curve {start_h:02d}–{end_h:02d} h (0–10 scale): {sparkline(review.curve)}")
        lines.append("By hour: " + ", ".join(f"{h:02d} h {m:.1f}" for h, m in review.curve))
    else:
        lines.append("Pain: no check-ins on this day.")
    lines.append(
        f"Routines: {review.done} done, {review.skipped} skipped, {review.snoozed} snoozed, "
        f"{review.abandoned} abandoned; {review.prompts} prompts shown."
    )
    lines.append(
        f"Relief balance: soothing {minutes_text(review.soothing_minutes)}, "
        f"strategic {minutes_text(review.strategic_minutes)}."
    )
    if review.longest_seated_minutes is not None:
        lines.append(
            f"Sitting: longest stretch {minutes_text(review.longest_seated_minutes)}; "
            f"standing resets {review.resets_taken} taken, {review.resets_due} due."
        )
    note = review.note
    if note is not None:
        sleep = []
        if note.sleep_quality is not None:
            sleep.append(f"quality {note.sleep_quality} of 5")
        if note.sleep_hours is not None:
            sleep.append(f"{note.sleep_hours:g} hours")
        if sleep:
            lines.append("Last night's sleep: " + ", ".join(sleep) + ".")
        if note.stress is not None:
            lines.append(f"Stress: {note.stress} of 10.")
        if note.reflection:
            lines.append(f"Reflection: {note.reflection}")
        if note.intention:
            lines.append(f"Tomorrow's intention: {note.intention}")
    p = review.pacing
    if p.baseline_minutes is not None:
        lines.append(
            f"Pacing: {minutes_text(p.activity_minutes)} of activity; "
            f"your usual is about {_about(p.baseline_minutes)} min."
        )
    else:
        lines.append(f"Pacing: {minutes_text(p.activity_minutes)} of activity (a usual level needs 7 logged days).")
    if p.sentence:
        lines.append(p.sentence)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- what eases pain


@dataclass(frozen=True)
class Effect:
    """How pain changed around one routine or relief: negative ``mean_change`` means pain went down.

    ``shrunk`` is ``mean_change * count / (count + SHRINK_K)``: pulled toward
    zero while evidence is thin, so rankings favour what has helped often.
    """

    name: str
    """The routine id, or the relief name as logged (lower-cased, spaces collapsed)."""
    kind: str
    """``"routine"`` or ``"relief"``."""
    mean_change: float
    count: int
    shrunk: float


def _effect_pairs(
    history: History, since: datetime | None = None, keep: Callable[[datetime], bool] | None = None
) -> dict[tuple[str, str], list[float]]:
    """Pain changes per (kind, name): "before" at or before the start, "after" strictly after the end.

    Before: a routine's own ``pain_before``, else the latest check-in within
    :data:`EFFECT_WINDOW` before. After: the next check-in within
    :data:`EFFECT_WINDOW` after (a routine's end), else a routine's own
    ``pain_after``. A relief logged after a check-in never takes that
    check-in as its "after". One pass, by bisection on sorted timestamps.
    """
    stamps = history._stamps["checkins"]
    pains = history._pains
    window = EFFECT_WINDOW.total_seconds()
    lo_t = since.timestamp() if since is not None else None
    out: dict[tuple[str, str], list[float]] = defaultdict(list)

    def before(t: float) -> int | None:
        i = bisect.bisect_right(stamps, t) - 1
        return pains[i] if i >= 0 and stamps[i] >= t - window else None

    def after(t: float) -> int | None:
        i = bisect.bisect_right(stamps, t)
        return pains[i] if i < len(stamps) and stamps[i] <= t + window else None

    first_run = bisect.bisect_left(history._stamps["runs"], lo_t) if lo_t is not None else 0
    first_relief = bisect.bisect_left(history._stamps["reliefs"], lo_t) if lo_t is not None else 0
    for run in history.runs[first_run:]:
        if run.outcome != "done":
            continue
        t = _ts(run)
        if keep is not None and not keep(run.at):
            continue
        b = run.pain_before if run.pain_before is not None else before(t)
        a = after(run.ended.timestamp() if run.ended is not None else t)
        if a is None:
            a = run.pain_after
        if a is not None and b is not None:
            out[("routine", run.routine)].append(a - b)
    for r in history.reliefs[first_relief:]:
        t = _ts(r)
        if keep is not None and not keep(r.at):
            continue
        b = before(t)
        a = after(t)
        if a is not None and b is not None:
            out[("relief", _norm(r.name))].append(a - b)
    return out


def _effects_from(pairs: dict[tuple[str, str], list[float]]) -> list[Effect]:
    out = []
    for (kind, name), changes in pairs.items():
        n = len(changes)
        mean = sum(changes) / n
        out.append(Effect(name=name, kind=kind, mean_change=mean, count=n, shrunk=mean * n / (n + SHRINK_K)))
    out.sort(key=lambda e: (e.shrunk, -e.count, e.kind, e.name))
    return out


def effects(history: History, since: datetime | None = None) -> list[Effect]:
    """What eases pain for this person: one :class:`Effect` per routine id and relief name.

    Sorted best first (most negative ``shrunk``). The coach calls this to
    rank suggestions, so it is a single pass with bisection: O(n log n).
    """
    return _effects_from(_effect_pairs(history, since))


def effect_label(effect: Effect) -> str:
    """How a person would name it: the routine's name from the library, or the relief as logged."""
    return _routine(effect.name)[2] if effect.kind == "routine" else effect.name


# --------------------------------------------------------------------------------------------- insights for a period


@dataclass(frozen=True)
class Comparison:
    """Mean pain in a group of check-ins against all the others of the period."""

    label: str
    inside: Stat
    outside: Stat
    days: int
    """Distinct painpal days the group's check-ins fall on."""
    outside_days: int = 0
    """Distinct painpal days of the other check-ins."""
    hours: tuple[int, int] | None = None
    """For a time-of-day window: its first hour and the hour it ends (exclusive)."""
    seated: int | None = None
    """For a time-of-day window: how many of its check-ins were after sitting."""

    @property
    def diff(self) -> float | None:
        """Inside mean minus outside mean (``None`` if either side is empty)."""
        if self.inside.mean is None or self.outside.mean is None:
            return None
        return self.inside.mean - self.outside.mean

    @property
    def z(self) -> float:
        """The difference in standard errors (Welch); infinite when both groups are perfectly steady."""
        diff = self.diff
        if diff is None or self.inside.count < 2 or self.outside.count < 2:
            return 0.0
        se = math.sqrt(
            (self.inside.sd or 0) ** 2 / self.inside.count + (self.outside.sd or 0) ** 2 / self.outside.count
        )
        return abs(diff) / se if se > 0 else (math.inf if diff else 0.0)

    def supported(self, min_z: float = MIN_Z) -> bool:
        """Enough check-ins on both sides, a meaningful difference, and more than chance would give."""
        diff = self.diff
        return (
            diff is not None
            and self.inside.count >= MIN_GROUP_CHECKINS
            and self.outside.count >= MIN_GROUP_CHECKINS
            and self.days >= MIN_GROUP_DAYS
            and self.outside_days >= MIN_GROUP_DAYS
            and abs(diff) >= MIN_DIFFERENCE
            and self.z >= min_z
        )


@dataclass(frozen=True)
class Factor:
    """One thing that came before pain ("what comes before higher pain"), against the period's mean."""

    factor: str
    """``"activity"``, ``"sitting"``, ``"sleep"`` or ``"stress"``."""
    label: str
    mean: float
    count: int
    diff: float
    """Mean minus the person's mean over the period."""


@dataclass(frozen=True)
class Trend:
    """Direction of pain over the period: least-squares slope and the two halves' means."""

    slope_per_week: float | None
    first_half: Stat
    second_half: Stat


@dataclass(frozen=True)
class BoomBust:
    """Boom days in the period (with a logged next day) and how many were followed by a flare."""

    boom_days: int
    followed_by_flare: int
    baseline_minutes: float | None
    """Median daily activity over the period's logged days."""


@dataclass(frozen=True)
class Insights:
    """Weeks or months of check-ins turned into figures: the Insights screen and the report read this."""

    end: datetime
    since: datetime
    days: int
    count: int
    days_logged: int
    mean: float | None
    """The person's mean pain over the period: the baseline factors are compared with."""
    by_hour: tuple[Stat, ...]
    """24 entries, local hour 0..23."""
    by_weekday: tuple[Stat, ...]
    """7 entries, Monday 0..Sunday 6 (the painpal day's weekday)."""
    heatmap: tuple[tuple[Stat, ...], ...]
    """7 x 24: ``heatmap[weekday][hour]``."""
    trend: Trend
    factors: tuple[Factor, ...]
    """What comes before higher pain, highest difference first."""
    peak: Comparison | None
    """The time-of-day window with the highest pain against other hours (best supported first)."""
    weekday_weekend: Comparison
    seated: Comparison
    poor_sleep: Comparison
    high_stress: Comparison
    peak_reliever: Effect | None
    """The best-supported reliever taken in (or the hour before) the peak window."""
    effects: tuple[Effect, ...]
    flares: tuple[date, ...]
    boom: BoomBust
    pegs: tuple[tuple[date, float], ...]


def default_seated(checkin: CheckIn) -> bool:
    """Was this check-in after sitting? Its activity says so, or (no activity given) work hours on a work day.

    Used when the caller has no plan to hand; with a plan, pass a predicate
    built from its work blocks.
    """
    if checkin.activity:
        return bool(SEATED_WORDS.search(checkin.activity))
    t = checkin.at.time()
    return checkin.at.weekday() in WORK_DAYS and WORK_HOURS[0] <= t < WORK_HOURS[1]


def _window_hours(start: int, width: int) -> tuple[int, ...]:
    return tuple((start + k) % 24 for k in range(width))


def _compare(label: str, inside: _Acc, outside: _Acc, days: set[date], other_days: set[date]) -> Comparison:
    return Comparison(label, inside.stat(), outside.stat(), len(days), len(other_days))


def _minus(total: _Acc, part: _Acc) -> _Acc:
    rest = _Acc()
    rest.n, rest.s, rest.ss = total.n - part.n, total.s - part.s, total.ss - part.ss
    return rest


def insights(
    history: History,
    end: datetime,
    days: int = 30,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    seated: Callable[[CheckIn], bool] | None = None,
) -> Insights:
    """Figures for the ``days`` before ``end`` (check-ins with ``end - days <= at < end``).

    ``history`` should hold the period and :data:`FLARE_BASELINE_DAYS` +
    :data:`PACING_BASELINE_DAYS` before it (:meth:`History.for_period`);
    anything else is sliced away by bisection. ``seated`` says whether a
    check-in came after sitting (default :func:`default_seated`).
    """
    if days < 1:
        raise ValueError("An insights period is at least one day.")
    dsh = day_start_hour
    is_seated = seated or default_seated
    since = end - timedelta(days=days)
    first_day, last_day = painpal_day(since, dsh), painpal_day(end, dsh)
    context = history.between(
        datetime.combine(first_day - timedelta(days=FLARE_BASELINE_DAYS + PACING_BASELINE_DAYS + 1), time(dsh), UTC)
        - timedelta(hours=15),
        end,
    )
    period = context.between(since, end)
    all_days = _days(context, dsh)
    judge = _Judge(all_days)

    total = _Acc()
    hours = [_Acc() for _ in range(24)]
    hour_days = [0] * 24  # bitmask of painpal days (bit = days since first_day): unions are cheap ORs
    weekdays = [_Acc() for _ in range(7)]
    heat = [[_Acc() for _ in range(24)] for _ in range(7)]
    work, rest = _Acc(), _Acc()
    work_days: set[date] = set()
    rest_days: set[date] = set()
    sat, not_sat = _Acc(), _Acc()
    sat_days: set[date] = set()
    not_sat_days: set[date] = set()
    seated_at_hour = [0] * 24
    poor, fine = _Acc(), _Acc()
    poor_days: set[date] = set()
    fine_days: set[date] = set()
    stressed, calm = _Acc(), _Acc()
    stress_days: set[date] = set()
    calm_days: set[date] = set()
    acts: dict[str, _Acc] = defaultdict(_Acc)
    halves = (_Acc(), _Acc())
    mid = since.timestamp() + days * 86400 / 2
    t0 = since.timestamp()
    sx = sy = sxx = sxy = 0.0
    logged: set[date] = set()

    for c in period.checkins:
        x = float(c.intensity)
        d = painpal_day(c.at, dsh)
        wd, h = d.weekday(), c.at.hour
        logged.add(d)
        total.add(x)
        hours[h].add(x)
        hour_days[h] |= 1 << (d - first_day).days
        weekdays[wd].add(x)
        heat[wd][h].add(x)
        if wd in WORK_DAYS:
            work.add(x)
            work_days.add(d)
        else:
            rest.add(x)
            rest_days.add(d)
        if is_seated(c):
            sat.add(x)
            sat_days.add(d)
            seated_at_hour[h] += 1
        else:
            not_sat.add(x)
            not_sat_days.add(d)
        if c.activity:
            acts[_norm(c.activity)].add(x)
        note = all_days[d].note if d in all_days else None
        if note is not None and note.sleep_quality is not None:
            if note.sleep_quality <= POOR_SLEEP_MAX:
                poor.add(x)
                poor_days.add(d)
            else:
                fine.add(x)
                fine_days.add(d)
        if note is not None and note.stress is not None:
            if note.stress >= HIGH_STRESS_MIN:
                stressed.add(x)
                stress_days.add(d)
            else:
                calm.add(x)
                calm_days.add(d)
        t = _ts(c)
        halves[t >= mid].add(x)
        wx = (t - t0) / (7 * 86400)
        sx, sy, sxx, sxy = sx + wx, sy + x, sxx + wx * wx, sxy + wx * x

    n = total.n
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx) if n >= 2 and n * sxx - sx * sx > 1e-12 else None
    mean = total.s / n if n else None

    # The peak window: every start hour and width; the best supported one, else the largest difference.
    best: Comparison | None = None
    best_key: tuple[bool, float] = (False, -math.inf)
    for width in WINDOW_WIDTHS:
        for start in range(24):
            inside = _Acc()
            for h in _window_hours(start, width):
                inside.merge(hours[h])
            outside = _minus(total, inside)
            if inside.n < MIN_GROUP_CHECKINS or outside.n < MIN_GROUP_CHECKINS:
                continue
            window = _window_hours(start, width)
            in_days = out_days = 0
            for h in range(24):
                if h in window:
                    in_days |= hour_days[h]
                else:
                    out_days |= hour_days[h]
            span = (start, (start + width) % 24)
            cand = Comparison(
                f"{span[0]}–{span[1]} h",
                inside.stat(),
                outside.stat(),
                in_days.bit_count(),
                out_days.bit_count(),
                span,
                sum(seated_at_hour[h] for h in window),
            )
            diff = cand.diff or 0.0
            key = (cand.supported(MIN_Z_SEARCH) and diff > 0, cand.z if diff > 0 else diff)
            if key > best_key:
                best, best_key = cand, key
    peak_reliever = None
    if best is not None and best.hours is not None:
        start, stop = best.hours
        window = _window_hours(start, (stop - start) % 24 or 24)
        near = set(window) | {(start - 1) % 24}
        candidates = _effects_from(_effect_pairs(context, since, lambda at: at.hour in near))
        peak_reliever = _best_reliever(candidates)

    factors = [
        Factor("activity", label, acc.s / acc.n, acc.n, acc.s / acc.n - (mean or 0))
        for label, acc in acts.items()
        if acc.n >= MIN_FACTOR_COUNT
    ]
    for factor, label, acc in (
        ("sitting", "after sitting", sat),
        ("sleep", f"after poor sleep (1–{POOR_SLEEP_MAX} of 5)", poor),
        ("stress", f"on high-stress days ({HIGH_STRESS_MIN}–10)", stressed),
    ):
        if acc.n >= MIN_FACTOR_COUNT:
            factors.append(Factor(factor, label, acc.s / acc.n, acc.n, acc.s / acc.n - (mean or 0)))
    factors.sort(key=lambda f: (-f.diff, -f.count, f.label))

    flares = []
    booms = flared = 0
    day = first_day
    while day <= last_day:
        if judge.is_flare(day):
            flares.append(day)
        day += timedelta(days=1)
    if last_day > first_day:
        booms, flared = judge.boom_outcomes(first_day, last_day - timedelta(days=1))
    activity = [all_days[d].activity for d in all_days if first_day <= d <= last_day and all_days[d].logged]

    return Insights(
        end=end,
        since=since,
        days=days,
        count=n,
        days_logged=len(logged),
        mean=mean,
        by_hour=tuple(a.stat() for a in hours),
        by_weekday=tuple(a.stat() for a in weekdays),
        heatmap=tuple(tuple(a.stat() for a in row) for row in heat),
        trend=Trend(slope, halves[0].stat(), halves[1].stat()),
        factors=tuple(factors),
        peak=best,
        weekday_weekend=_compare("weekdays", work, rest, work_days, rest_days),
        seated=_compare("after sitting", sat, not_sat, sat_days, not_sat_days),
        poor_sleep=_compare("after poor sleep", poor, fine, poor_days, fine_days),
        high_stress=_compare("high-stress days", stressed, calm, stress_days, calm_days),
        peak_reliever=peak_reliever,
        effects=tuple(_effects_from(_effect_pairs(context, since))),
        flares=tuple(flares),
        boom=BoomBust(booms, flared, statistics.median(activity) if activity else None),
        pegs=tuple(peg_trend(period.pegs)),
    )


def _best_reliever(candidates: Sequence[Effect]) -> Effect | None:
    """The first (best-ranked) effect with enough pairs and a meaningful drop in pain."""
    for e in candidates:
        if e.count >= MIN_RELIEF_COUNT and e.mean_change <= -MIN_DIFFERENCE:
            return e
    return None


# --------------------------------------------------------------------------------------------- pattern sentences


@dataclass(frozen=True)
class Pattern:
    """A sentence a person can take to a clinician, and the figures behind it."""

    sentence: str
    evidence: str
    kind: str = ""
    """``"time-of-day"``, ``"weekday"``, ``"sitting"``, ``"sleep"``, ``"stress"``, ``"reliever"`` or ``"boom-bust"``."""


def _when(start: int, width: int) -> tuple[str, str]:
    """("builds", "late afternoon") for a window, by its middle hour."""
    middle = (start + width / 2) % 24
    if 4 <= middle < 11:
        return "is highest", "in the morning"
    if 11 <= middle < 14:
        return "peaks", "around midday"
    if 14 <= middle < 16.5:
        return "builds", "in the afternoon"
    if 16.5 <= middle < 19:
        return "builds", "late afternoon"
    if 19 <= middle < 23:
        return "builds", "in the evening"
    return "is highest", "at night"


def _higher(diff: float) -> str:
    return "higher" if diff > 0 else "lower"


def _sd(stat: Stat) -> str:
    return f"mean {number(stat.mean)}, sd {number(stat.sd)}"


def _comparison_evidence(c: Comparison, inside: str, outside: str) -> str:
    return (
        f"{inside}: {c.inside.count} check-ins on {c.days} days, {_sd(c.inside)}; "
        f"{outside}: {c.outside.count} check-ins, {_sd(c.outside)}; "
        f"difference {c.diff or 0:+.1f} points ({c.z:.1f} standard errors)."
    )


def patterns(ins: Insights) -> list[Pattern]:
    """The pattern sentences the data supports, strongest kinds first; empty when none is supported.

    Each needs :data:`MIN_GROUP_CHECKINS` check-ins inside and outside its
    group, a difference of at least :data:`MIN_DIFFERENCE` point, and
    :data:`MIN_Z` standard errors (:data:`MIN_Z_SEARCH` for the searched
    time-of-day window). Relievers need :data:`MIN_RELIEF_COUNT` pairs and a
    drop of :data:`MIN_DIFFERENCE`; boom-bust needs :data:`MIN_BOOM_DAYS`
    boom days, at least :data:`MIN_FLARE_SHARE` of them followed by a flare.
    """
    out: list[Pattern] = []
    peak = ins.peak
    if peak is not None and peak.hours is not None and peak.supported(MIN_Z_SEARCH) and (peak.diff or 0) > 0:
        start, stop = peak.hours
        width = (stop - start) % 24 or 24
        verb, when = _when(start, width)
        sentence = (
            f"Pain {verb} {when} ({start}–{stop} h: mean {number(peak.inside.mean)} vs {number(peak.outside.mean)} "
            f"otherwise, {peak.inside.count} check-ins over {peak.days} days)"
        )
        evidence = _comparison_evidence(peak, f"{start:02d}:00–{stop:02d}:00", "other hours")
        if peak.seated is not None and peak.seated * 2 > peak.inside.count:
            sentence += ", mostly after sitting"
            evidence += f" {peak.seated} of {peak.inside.count} in the window were after sitting."
        relief = ins.peak_reliever
        if relief is not None:
            times = "time" if relief.count == 1 else "times"
            sentence += (
                f"; {effect_label(relief)} eased it by {-relief.mean_change:.1f} points on average "
                f"({relief.count} {times})"
            )
            evidence += (
                f" {effect_label(relief)} in or just before the window: {relief.count} before/after pairs, "
                f"mean change {relief.mean_change:+.1f}."
            )
        out.append(Pattern(sentence + ".", evidence, "time-of-day"))

    c = ins.weekday_weekend
    if c.supported():
        diff = c.diff or 0.0
        sentence = (
            f"Pain is {_higher(diff)} on weekdays than at weekends (mean {number(c.inside.mean)} vs "
            f"{number(c.outside.mean)}; {c.inside.count} and {c.outside.count} check-ins)."
        )
        out.append(Pattern(sentence, _comparison_evidence(c, "Monday–Friday", "Saturday–Sunday"), "weekday"))

    for comp, kind, lead, other, inside, outside in (
        (ins.seated, "sitting", "after sitting", "otherwise", "After sitting", "other check-ins"),
        (
            ins.poor_sleep,
            "sleep",
            f"after a poor night's sleep (1–{POOR_SLEEP_MAX} of 5)",
            "after better nights",
            "Poor nights",
            "better nights",
        ),
        (
            ins.high_stress,
            "stress",
            f"on high-stress days ({HIGH_STRESS_MIN}–10 of 10)",
            "on other days",
            "High-stress days",
            "other days",
        ),
    ):
        if comp.supported():
            diff = comp.diff or 0.0
            sentence = (
                f"Pain is {_higher(diff)} {lead} (mean {number(comp.inside.mean)} vs {number(comp.outside.mean)} "
                f"{other}; {comp.inside.count} check-ins over {comp.days} days)."
            )
            out.append(Pattern(sentence, _comparison_evidence(comp, inside, outside), kind))

    best = _best_reliever(ins.effects)
    if best is not None:
        times = "time" if best.count == 1 else "times"
        sentence = (
            f"What has eased pain most: {effect_label(best)}, {-best.mean_change:.1f} points lower on average "
            f"at the next check-in ({best.count} {times})."
        )
        others = [e for e in ins.effects if e is not best][:3]
        evidence = (
            f"{best.count} before/after pairs within 2 hours; mean change {best.mean_change:+.1f}, "
            f"shrunk {best.shrunk:+.1f} (k={SHRINK_K})."
        )
        if others:
            evidence += (
                " Next: " + "; ".join(f"{effect_label(e)} {e.mean_change:+.1f} ({e.count})" for e in others) + "."
            )
        out.append(Pattern(sentence, evidence, "reliever"))

    b = ins.boom
    if b.boom_days >= MIN_BOOM_DAYS and b.followed_by_flare >= MIN_FLARE_SHARE * b.boom_days and b.followed_by_flare:
        usual = f" (about {_about(b.baseline_minutes)} minutes)" if b.baseline_minutes is not None else ""
        sentence = (
            f"Days well above your usual activity{usual} were followed by a flare the next day "
            f"{b.followed_by_flare} of {b.boom_days} times."
        )
        evidence = (
            f"Well above = at least {BOOM_RATIO:g}x the 14-day median and {BOOM_MARGIN_MINUTES:.0f} minutes more; "
            f"flare = a day's mean {FLARE_ABOVE_BASELINE:g}+ points above the 28-day usual, or a peak of "
            f"{FLARE_PEAK}+."
        )
        out.append(Pattern(sentence, evidence, "boom-bust"))
    return out


def needs_more_data(ins: Insights) -> str | None:
    """A plain line saying what more data would help, or ``None`` when at least one pattern is supported."""
    if patterns(ins):
        return None
    need = 2 * MIN_GROUP_CHECKINS
    if ins.count < need:
        return (
            f"Not enough check-ins yet for patterns: {ins.count} over the last {ins.days} days. Patterns need at "
            f"least {MIN_GROUP_CHECKINS} check-ins in a group and {MIN_GROUP_CHECKINS} outside it; checking in 3–4 "
            "times a day for two weeks is usually enough."
        )
    hints = []
    if not any(f.factor == "activity" for f in ins.factors):
        hints.append("what you were doing before the pain")
    if ins.poor_sleep.inside.count + ins.poor_sleep.outside.count < need:
        hints.append("the evening review's sleep and stress answers")
    if not ins.effects:
        hints.append("reliefs and routines with a check-in before and after")
    more = f" Adding {', '.join(hints)} gives painpal more to compare." if hints else ""
    return (
        f"No clear pattern yet in {ins.count} check-ins over {ins.days_logged} days: no difference reached "
        f"{MIN_DIFFERENCE:g} point with at least {MIN_GROUP_CHECKINS} check-ins on each side.{more}"
    )


# --------------------------------------------------------------------------------------------- flares


@dataclass(frozen=True)
class DaySummary:
    """One day beside a flare: what it held, for the side-by-side flare view."""

    day: date
    offset: int
    """Days from the flare day (-2, -1, 0, +1)."""
    mean: float | None
    peak: int | None
    count: int
    activity_minutes: float
    sleep_quality: int | None
    sleep_hours: float | None
    stress: int | None
    flare: bool


def flare_days(
    history: History,
    since: date | None = None,
    until: date | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> list[date]:
    """Painpal days from ``since`` to before ``until`` that were flares (see :meth:`_Judge.is_flare`).

    A flare is a day whose mean pain is at least :data:`FLARE_ABOVE_BASELINE`
    above the median of the previous :data:`FLARE_BASELINE_DAYS` days, or
    whose peak reaches :data:`FLARE_PEAK`.
    """
    lo = since - timedelta(days=FLARE_BASELINE_DAYS + 1) if since is not None else None
    hi = until if until is not None else None
    part = history
    if lo is not None or hi is not None:
        part = history.around_days(
            lo or date.min + timedelta(days=2), (hi or date.max - timedelta(days=2)), day_start_hour
        )
    judge = _Judge(_days(part, day_start_hour))
    return [
        d
        for d in sorted(judge.days)
        if (since is None or d >= since) and (until is None or d < until) and judge.is_flare(d)
    ]


def flare_view(history: History, day: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> list[DaySummary]:
    """The days around a flare side by side: ``day - 2`` .. ``day + 1``, to see what led up to it."""
    part = history.around_days(day - timedelta(days=FLARE_BASELINE_DAYS + 3), day + timedelta(days=1), day_start_hour)
    judge = _Judge(_days(part, day_start_hour))
    out = []
    for offset in (-2, -1, 0, 1):
        d = day + timedelta(days=offset)
        info = judge.days.get(d, _Day())
        note = info.note
        out.append(
            DaySummary(
                day=d,
                offset=offset,
                mean=info.mean,
                peak=info.peak,
                count=len(info.pains),
                activity_minutes=info.activity,
                sleep_quality=note.sleep_quality if note else None,
                sleep_hours=note.sleep_hours if note else None,
                stress=note.stress if note else None,
                flare=judge.is_flare(d),
            )
        )
    return out


# --------------------------------------------------------------------------------------------- PEG


def peg_trend(pegs: Iterable[PegEntry]) -> list[tuple[date, float]]:
    """Weekly PEG scores (Krebs et al. 2009): ``(Monday of the week, score)``, oldest first.

    Two entries in one week are averaged, so a repeated answer does not
    count twice in the trend.
    """
    weeks: dict[date, list[float]] = defaultdict(list)
    for p in pegs:
        d = p.at.date()
        weeks[d - timedelta(days=d.weekday())].append(p.score)
    return [(week, round(sum(s) / len(s), 1)) for week, s in sorted(weeks.items())]


def peg_due(pegs: Iterable[PegEntry], now: datetime) -> bool:
    """Is the weekly PEG due? True when none was answered in the 7 days up to ``now``."""
    lo = now - timedelta(days=7)
    return not any(lo < p.at <= now for p in pegs)
