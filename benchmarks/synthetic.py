"""Synthetic pain diaries with a known truth: what painpal's claims are measured against.

A claim engine can only be judged on data whose truth is known. :func:`make`
builds a history in two steps so that every planted history has a twin that
differs from it in one thing only:

1. a *layout*: which days are long-sitting days, when each check-in happens
   (3-6 a day, spread over the waking day), what the person wrote as the
   activity before it, which reliefs, routines, events and evening answers
   (sleep, stress) were logged and when, and which days were well above the
   person's usual activity (a long stretch of gardening);
2. *intensities*: pain 0-10 at every check-in, from the person's mean (3-6),
   a day-to-day swing (check-ins of one day move together), check-in noise
   (SD 1-1.5), and the planted effect of the history's kind (about 1.5 NRS
   points each), rounded and clipped to the scale.

:func:`noise_twin` keeps the layout and redraws the intensities with no
effect at all, so any claim painpal makes about a twin is a false one.

Every history, planted or twin, carries the regression-to-the-mean trap the
old engine fell into: "reactive" relief (medication, sometimes heat) taken
five minutes after the day's highest check-in, with a check-in after it. Pain
after such a relief is lower whatever was taken, because the check-in before
it was the day's highest; in a twin, the reactive reliefs follow the twin's
own highest check-ins, so the trap stays.

The same ``(kind, days, seed)`` always gives the same history; record ids are
drawn from the seed too, so a history written twice is the same data.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, DayNote, Event, Record, Relief, RoutineRun, to_record
from painpal.history import History
from painpal.storage.store import Store

ZONE = ZoneInfo("Europe/London")
FIRST_DAY = date(2026, 3, 2)
"""A Monday; 90 days from it cross the spring daylight-saving change, as real diaries do."""
DAY_START_HOUR = 4
EFFECT = 1.5
"""Size of every planted effect, NRS points: above the 1-point change people feel as meaningful."""
BUILDUP_HOURS = (15, 18)
"""The planted late-afternoon build-up on sitting days: from 15:00 to 18:00."""
SHORT_HOURS = 2.0
"""How long a soothing relief (and the short-term walk) lowers pain: two hours."""

KINDS = (
    "sitting-buildup",
    "walk-eases",
    "soothing-strategic",
    "lifting",
    "poor-sleep",
    "boom-bust",
    "headline",
)
"""The planted kinds. ``headline`` is the seed's sentence: a sitting-day afternoon build-up that a walk eases."""

SEATED_ACTIVITIES = ("sitting at desk", "long meeting", "sitting at desk", "driving")
OTHER_ACTIVITIES = ("walking", "housework", "cooking", "standing", "shopping")


@dataclass(frozen=True)
class Truth:
    """What was planted in a history, and the person it was drawn for."""

    kind: str
    """One of :data:`KINDS`, or ``"noise"`` for a twin (nothing planted)."""
    days: int
    seed: int
    mean: float
    """The person's usual pain, 3-6."""
    noise_sd: float
    """Spread of one check-in around the day's level, 1-1.5."""
    effect: float = EFFECT
    schedule: str = "prompted"
    """How check-in times were drawn (:data:`SCHEDULES`)."""
    twin_of: str | None = None
    """For a noise twin: the kind whose layout it shares."""

    @property
    def planted(self) -> bool:
        return self.kind != "noise"


@dataclass(frozen=True)
class Synthetic:
    """A generated history: its records and the truth behind them."""

    records: tuple[Record, ...]
    truth: Truth
    layout: tuple[_Day, ...] = field(repr=False, default=())

    @property
    def first(self) -> date:
        return FIRST_DAY

    @property
    def last(self) -> date:
        return FIRST_DAY + timedelta(days=self.truth.days - 1)

    @property
    def end(self) -> datetime:
        """The instant after the last painpal day: where a report of the whole history would end."""
        return datetime.combine(self.last + timedelta(days=1), time(DAY_START_HOUR), ZONE)

    def history(self) -> History:
        return History.of(self.records)


# ----------------------------------------------------------------------------------------------- the layout


@dataclass
class _ReliefPlan:
    name: str
    kind: str
    minutes: float | None
    anchor: int | None
    """Index of the scheduled check-in it follows by ``delay`` minutes; ``None``: after the day's highest."""
    delay: float
    follow: float | None
    """Minutes after the relief of a check-in that shows its effect (``None``: none logged)."""


@dataclass
class _Day:
    day: date
    sitting: bool
    times: list[float]
    """Scheduled check-ins, hours after local midnight."""
    activities: list[str | None]
    reliefs: list[_ReliefPlan]
    events: list[tuple[float, str, float | None]]
    runs: list[tuple[float, str]]
    sleep: int | None
    stress: int | None
    boom: bool


PROMPT_HOURS = (7.3, 9.5, 12.6, 15.3, 17.4, 21.0)
"""When painpal's default plan asks for a check-in: waking, work start, lunch, mid-afternoon, work end, evening."""
SCHEDULES = ("prompted", "uniform")


def _times(rng: random.Random, n: int, schedule: str) -> list[float]:
    """``n`` check-in times.

    ``prompted``: ``n`` of painpal's prompts (:data:`PROMPT_HOURS`), each
    answered within half an hour either side, as the app asks for them.
    ``uniform``: one in each of ``n`` equal stretches of 07:00-22:30, as if
    nothing prompted the person: a harder test, with fewer check-ins in any
    one window.
    """
    if schedule == "uniform":
        width = 15.5 / n
        return [7.0 + width * (i + rng.uniform(0.1, 0.9)) for i in range(n)]
    slots = sorted(rng.sample(range(len(PROMPT_HOURS)), n))
    return [PROMPT_HOURS[k] + rng.uniform(-0.5, 0.5) for k in slots]


def _layout(kind: str, days: int, rng: random.Random, schedule: str) -> list[_Day]:
    out = []
    for offset in range(days):
        day = FIRST_DAY + timedelta(days=offset)
        workday = day.weekday() < 5
        sitting = rng.random() < (0.8 if workday else 0.15)
        boom = not sitting and rng.random() < 0.4
        times = _times(rng, rng.randint(3, 6), schedule)
        activities: list[str | None] = []
        for hh in times:
            if rng.random() < 0.12:
                activities.append("lifting")
            elif sitting and 9 <= hh < 17.5 and rng.random() < 0.5:
                activities.append(rng.choice(SEATED_ACTIVITIES))
            elif boom and 13 <= hh < 18 and rng.random() < 0.6:
                activities.append("gardening")
            elif rng.random() < 0.3:
                activities.append(rng.choice(OTHER_ACTIVITIES))
            else:
                activities.append(None)
        reliefs: list[_ReliefPlan] = []

        def follow() -> float | None:
            return rng.uniform(30, 90) if rng.random() < 0.85 else None

        if rng.random() < 0.55:
            choices = list(range(len(times)))
            if kind == "headline" and sitting:
                afternoon = [i for i, hh in enumerate(times) if 14.5 <= hh < 17.5]
                choices = afternoon or choices
            reliefs.append(_ReliefPlan("walk", "strategic", 10, rng.choice(choices), rng.uniform(5, 25), follow()))
        if rng.random() < 0.45:
            anchor = rng.randrange(len(times))
            reliefs.append(_ReliefPlan("heat", "soothing", 15, anchor, rng.uniform(5, 25), follow()))
        if rng.random() < 0.35:
            reliefs.append(_ReliefPlan("medication", "soothing", None, None, 5, follow()))
        elif rng.random() < 0.15:
            reliefs.append(_ReliefPlan("heat", "soothing", 15, None, 5, follow()))
        if boom:
            reliefs.append(_ReliefPlan("gardening", "strategic", rng.choice((150, 180)), None, 0, None))
        events: list[tuple[float, str, float | None]] = []
        runs: list[tuple[float, str]] = []
        if sitting:
            for _ in range(rng.randint(1, 3)):
                at = rng.uniform(10, 17)
                events.append((at, "sitting-prompt", 60))
                if rng.random() < 0.6:
                    events.append((at + 0.08, "moved", None))
                if rng.random() < 0.4:
                    runs.append((at + 0.05, "standing-reset"))
        else:
            for _ in range(rng.randint(0, 2)):
                events.append((rng.uniform(9, 20), "moved", None))
        if rng.random() < 0.1:
            events.append((rng.uniform(11, 16), "break", 10))
        if rng.random() < 0.6:
            runs.append((7.0 + rng.uniform(0, 0.5), "morning-mobility"))
        has_note = rng.random() < 0.9
        sleep = rng.choice((1, 2, 3, 3, 4, 4, 5)) if has_note else None
        stress = max(0, min(10, round(rng.gauss(4, 2)))) if has_note else None
        out.append(_Day(day, sitting, times, activities, reliefs, events, runs, sleep, stress, boom))
    return out


# ------------------------------------------------------------------------------------------- the intensities


def _at(day: date, hh: float) -> datetime:
    return datetime.combine(day, time(0), ZONE) + timedelta(minutes=round(hh * 60))


class _Ids:
    """Record ids drawn from the history's own stream: the same seed writes the same data."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed * 7919 + 17)

    def __call__(self) -> str:
        return f"{self._rng.getrandbits(128):032x}"


def _effects(
    kind: str, d: _Day, prev: _Day | None, hh: float, activity: str | None, given: list[tuple[str, float]]
) -> float:
    """The planted change in pain at ``hh`` on day ``d``; ``given`` holds (relief, hour) already placed."""
    e = 0.0
    if kind in ("sitting-buildup", "headline") and d.sitting and BUILDUP_HOURS[0] <= hh < BUILDUP_HOURS[1]:
        e += EFFECT
    for name, at in given:
        after = hh - at
        if after <= 0:
            continue
        if name == "walk" and kind in ("walk-eases", "headline") and after <= SHORT_HOURS:
            e -= EFFECT
        if name == "heat" and kind == "soothing-strategic" and after <= SHORT_HOURS:
            e -= EFFECT
        if name == "walk" and kind == "soothing-strategic":
            e -= EFFECT  # strategic: the rest of the day
    if kind == "soothing-strategic" and prev is not None and any(r.name == "walk" for r in prev.reliefs):
        e -= EFFECT  # ... and the next day
    if kind == "lifting" and activity == "lifting":
        e += EFFECT
    if kind == "poor-sleep" and d.sleep is not None and d.sleep <= 2:
        e += EFFECT
    if kind == "boom-bust" and prev is not None and prev.boom:
        e += EFFECT
    return e


def _records(layout: list[_Day], kind: str, truth: Truth, seed: int) -> list[Record]:
    """Pain at every check-in of ``layout`` with the effects of ``kind`` (none for ``"noise"``)."""
    rng = random.Random(seed)
    new_id = _Ids(seed)
    out: list[Record] = []
    prev: _Day | None = None
    for d in layout:
        level = truth.mean + rng.gauss(0, 0.4)

        def pain(hh: float, activity: str | None, given: list[tuple[str, float]], noise: float) -> float:
            return level + noise + _effects(kind, d, prev, hh, activity, given)  # noqa: B023

        noises = [rng.gauss(0, truth.noise_sd) for _ in d.times]
        placed: list[tuple[str, float]] = []
        for r in d.reliefs:
            if r.anchor is not None:
                placed.append((r.name, d.times[r.anchor] + r.delay / 60))
        values = [pain(hh, a, placed, z) for hh, a, z in zip(d.times, d.activities, noises, strict=True)]
        ints = [max(0, min(10, round(v))) for v in values]
        top = max(range(len(ints)), key=lambda i: (ints[i], -i))
        relief_at: list[tuple[_ReliefPlan, float]] = []
        for r in d.reliefs:
            if r.name == "gardening":
                at = 13.5
            elif r.anchor is None:
                at = d.times[top] + r.delay / 60
            else:
                at = d.times[r.anchor] + r.delay / 60
            relief_at.append((r, at))
            if r.anchor is None and r.name != "gardening":
                placed.append((r.name, at))
        # A reactive relief with an effect of its own (heat, in the soothing kind) lowers what follows it.
        values = [pain(hh, a, placed, z) for hh, a, z in zip(d.times, d.activities, noises, strict=True)]
        for hh, a, v in zip(d.times, d.activities, values, strict=True):
            out.append(CheckIn(at=_at(d.day, hh), id=new_id(), intensity=max(0, min(10, round(v))), activity=a))
        for r, at in relief_at:
            out.append(Relief(at=_at(d.day, at), id=new_id(), name=r.name, kind=r.kind, minutes=r.minutes))
            if r.follow is not None:
                hh = at + r.follow / 60
                v = pain(hh, None, placed, rng.gauss(0, truth.noise_sd))
                out.append(CheckIn(at=_at(d.day, hh), id=new_id(), intensity=max(0, min(10, round(v)))))
        for hh, ev, minutes in d.events:
            out.append(Event(at=_at(d.day, hh), id=new_id(), kind=ev, minutes=minutes))
        for hh, routine in d.runs:
            start = _at(d.day, hh)
            out.append(
                RoutineRun(
                    at=start,
                    id=new_id(),
                    routine=routine,
                    outcome="done",
                    ended=start + timedelta(minutes=3),
                    steps_done=5,
                    steps_total=5,
                )
            )
        if d.sleep is not None or d.stress is not None:
            out.append(DayNote(at=_at(d.day, 22.6), id=new_id(), day=d.day, sleep_quality=d.sleep, stress=d.stress))
        prev = d
    return out


# ------------------------------------------------------------------------------------------------- the API


def make(kind: str, days: int, seed: int, schedule: str = "prompted") -> Synthetic:
    """A history of ``days`` days with the effect ``kind`` planted (``"noise"``: nothing planted)."""
    if kind not in (*KINDS, "noise"):
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)} or noise")
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose one of {', '.join(SCHEDULES)}")
    rng = random.Random(f"{kind}/{days}/{seed}/{schedule}")
    truth = Truth(kind, days, seed, mean=rng.uniform(3, 6), noise_sd=rng.uniform(1.0, 1.5), schedule=schedule)
    layout = _layout(kind, days, rng, schedule)
    records = _records(layout, kind, truth, rng.getrandbits(32))
    return Synthetic(tuple(records), truth, tuple(layout))


def noise_twin(synth: Synthetic, seed: int) -> Synthetic:
    """The same layout (check-in times, activities, reliefs, routines, answers), with pain independent of all of it."""
    truth = Truth(
        "noise",
        synth.truth.days,
        seed,
        synth.truth.mean,
        synth.truth.noise_sd,
        schedule=synth.truth.schedule,
        twin_of=synth.truth.twin_of or synth.truth.kind,
    )
    layout = list(synth.layout)
    # The twin's stream is its own: twins of different kinds or lengths must not share their noise.
    origin = f"{synth.truth.twin_of or synth.truth.kind}/{synth.truth.days}/{synth.truth.schedule}/{synth.truth.seed}"
    records = _records(layout, "noise", truth, random.Random(f"twin/{origin}/{seed}").getrandbits(32))
    return Synthetic(tuple(records), truth, synth.layout)


def with_drift(synth: Synthetic, seed: int, rho: float = 0.8, sd: float = 1.0, trend: float = 2.0) -> Synthetic:
    """The history with slow swings added to every check-in: runs of bad weeks, and a steady trend.

    Day-level AR(1) swings (correlation ``rho`` from one day to the next,
    spread ``sd``) and a straight rise of ``trend`` points over the history:
    a flare that lasts a week, a person slowly getting worse. Neither is a
    pattern painpal may state, and days are no longer independent, so a
    noise twin with drift tests the method's assumptions, not its power.
    """
    t = synth.truth
    rng = random.Random(f"drift/{t.twin_of or t.kind}/{t.days}/{t.schedule}/{t.seed}/{seed}")
    offsets: dict[date, float] = {}
    level = 0.0
    for k in range(synth.truth.days):
        level = rho * level + rng.gauss(0, sd * (1 - rho * rho) ** 0.5)
        offsets[FIRST_DAY + timedelta(days=k)] = level + trend * k / max(1, synth.truth.days - 1)
    records: list[Record] = []
    for r in synth.records:
        if isinstance(r, CheckIn):
            day = (r.at - timedelta(hours=DAY_START_HOUR)).date()
            r = dataclasses.replace(r, intensity=max(0, min(10, round(r.intensity + offsets[day]))))
        records.append(r)
    return Synthetic(tuple(records), synth.truth, synth.layout)


def documents(synth: Synthetic) -> Iterable[tuple[str, dict[str, Any]]]:
    """The history as ``(table, document)`` pairs, as :meth:`Store.add_documents` takes them."""
    for record in synth.records:
        yield record.TABLE, to_record(record)


def write(synth: Synthetic, target: Store | Path | str) -> int:
    """Store the history in ``target`` (a :class:`Store`, or a data folder to open one in); returns the count."""
    store = target if isinstance(target, Store) else Store(Path(target), FixedClock(synth.end))
    return store.add_documents(documents(synth))
