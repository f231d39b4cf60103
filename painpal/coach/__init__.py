"""What to suggest now, and why: a pure function of the plan, the instant and the history.

painpal's second idea (see the project's clinical notes) is that small
practices at the day's transition points beat one big fix. The coach picks
*one* micro-routine for this moment and says why in one sentence, so the
Today screen, ``painpal suggest`` and the tests all agree. It weighs, in
order of safety first:

1. **A warning sign** that is not resolved: no exercise at all, only a calm,
   non-movement routine, and the advice on where to get care
   (:func:`painpal.domain.safety.advice`), as the safety net requires.
2. **The night** (after the plan's sleep time, or before wake-up): only calm
   routines that help sleep; nothing that wakes the body up.
3. **A flare** (latest pain >= :data:`painpal.routines.FLARE_PAIN`), or pain
   that spreads down a leg: gentle routines only, never strengthening.
4. **The sitting timer**: after the plan's longest seated stretch, a standing
   reset; unless the break is minutes away, which breaks the sitting anyway.
5. **The transition** just passed (within :data:`RECENT_PAST`) or coming up
   (within :data:`UPCOMING`), unless a routine or relief already marked it.
6. Inside a seated block: what the next break from sitting should be.
7. Otherwise any-time routines (calm breathing).

Within the moment, the candidates from :func:`painpal.routines.fitting` are
ranked by what has helped *this* person: the shrunk mean change in pain
after each routine over the last :data:`LOOKBACK_DAYS` days
(:func:`painpal.analysis.effects.effects`; more negative is better). The
reason cites an effect only where the period's claims show one
(:func:`painpal.analysis.claims.eased_by`: pain lower than at similar moments
without it, tested with everything else painpal tried); otherwise it names
the moment. A raw before/after change is never quoted: pain after any high
check-in tends to fall, whatever is done. Two gentler rules keep it from nagging: a routine skipped
twice today is not offered a third time, and one done in the last
:data:`RECENT_REPEAT` is not offered again straight away.

:func:`quotas` gives the day's pacing quotas (Murphy & Kratz, Pain 2014):
time-based, never pain-contingent.

Nothing here touches the disk (the caller passes the plan and routines,
typed by :mod:`painpal.settings`), and nothing imports Textual.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from painpal import routines
from painpal.domain import safety
from painpal.domain.calendar import Meeting, busy_until
from painpal.domain.clock import painpal_day
from painpal.domain.plan import DayPlan, Transition, minutes_until, next_transition, timeline
from painpal.domain.records import CheckIn, Event, Relief, RoutineRun, SafetyEvent
from painpal.domain.sitting import sitting
from painpal.routines import FLARE_PAIN, Routine

if TYPE_CHECKING:  # insights is imported when a suggestion is ranked, so `painpal status` need not load it
    from painpal.analysis.effects import Effect
    from painpal.history import History

LOOKBACK_DAYS = 90
"""What helps is learned from the last 90 days: recent enough to reflect the person now, and fast to compute."""
RECENT_PAST = timedelta(minutes=90)
"""A transition this recent still sets the moment (lunch began an hour ago: it is still lunch)."""
UPCOMING = timedelta(minutes=15)
"""A transition this close already sets the moment: get ready for it."""
MIN_EVIDENCE = 3
"""Fewest before/after pairs before a measured effect ranks a routine (the reason cites only tested claims)."""
SKIP_LIMIT = 2
"""A routine skipped this many times today is not offered again today: no nagging."""
RECENT_REPEAT = timedelta(minutes=30)
"""A routine done this recently is not suggested again straight away."""
PAIN_FRESH = timedelta(hours=12)
"""A check-in older than this no longer says how the person is now (last night's 8 is not this afternoon's)."""
ALTERNATIVES = 2
"""How many other routines a suggestion offers besides its first choice."""

RELATED_RELIEFS: dict[str, str] = {
    "walk-10": "walk",
    "walk-gentle-5": "walk",
    "heat-then-mobility": "heat",
    "warm-shower-stretch": "warm shower",
}
"""Logged reliefs that measure the same thing as a routine: walks logged by hand tell about the walk routines."""

RELIEF_PHRASES: dict[str, str] = {"walk": "walking", "heat": "heat", "warm shower": "a warm shower"}
"""How a related relief is named in a reason sentence."""

PHRASES: dict[str, str] = {
    "morning-mobility": "morning mobility",
    "standing-reset": "a standing reset",
    "walk-10": "a 10-minute walk",
    "hip-flexor-thoracic": "hip and upper-back mobility",
    "deep-stabilisers": "the deep-stabiliser routine",
    "calm-breathing": "calm breathing",
    "progressive-relaxation": "progressive relaxation",
    "heat-then-mobility": "heat, then gentle mobility,",
    "flare-day": "the flare-day routine",
    "wind-down": "the spine-friendly wind-down",
    "desk-setup": "a quick desk set-up",
    "sit-stand-pacing": "sit-stand pacing",
    "walk-gentle-5": "a gentle 5-minute walk",
    "warm-shower-stretch": "a warm shower and easy stretch",
    "side-lying-rotation": "side-lying rotation",
    "tai-chi-style-weight-shift": "a tai chi-style weight shift",
    "mindful-body-scan": "a mindful body scan",
    "glute-activation": "glute activation",
    "graded-activity-check": "setting today's activity quota",
    "sleep-position-setup": "a comfortable sleep position",
}
"""How each built-in routine reads in the middle of a sentence; the person's own are quoted by name."""

_PASSED = {
    "wake": "You're just up",
    "work-end": "Work is done for the day",
    "move": "It's time to move",
    "unwind": "It's time to unwind",
    "sleep": "It's bedtime",
}
"""How a transition that just passed opens a reason (work-start and break are worded from their label)."""
_COMING = {
    "wake": "Wake-up",
    "work-end": "The end of work",
    "move": "Time to move",
    "unwind": "Unwind",
    "sleep": "Bedtime",
}
"""How a transition coming up opens a reason, followed by "in N min" (work-start and break: their label)."""


# --------------------------------------------------------------------------------------------- the suggestion


@dataclass(frozen=True)
class Suggestion:
    """The routine for this moment and the one sentence that says why."""

    routine: Routine | None
    """``None`` only when nothing may be suggested (every candidate was skipped twice today)."""
    reason: str
    """One sentence, e.g. "You've been seated 64 min; a standing reset has lowered your pain by 1.5 points ..."."""
    context: str
    """The transition kind, or "seated", "flare", "warning", "any"."""
    transition: Transition | None
    """The timeline point that set the moment, if one did."""
    seek_care: str | None
    """The advice to seek care while a warning sign is active (shown prominently), else ``None``."""
    alternatives: tuple[Routine, ...] = ()
    """The next best routines for the same moment, best first."""


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _phrase(routine: Routine) -> str:
    """The routine as it reads mid-sentence."""
    if routine.builtin and routine.id in PHRASES:
        return PHRASES[routine.id]
    return f'your routine "{routine.name}"'


def _points(value: float) -> str:
    """A pain change in points, as people say it: "1.5 points", "1 point"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} point" + ("" if text == "1" else "s")


def _warning_advice(event: SafetyEvent) -> str:
    """The advice for a warning-sign report; signs painpal cannot name get the most cautious advice."""
    known = [s for s in event.signs if s in safety.SIGNS]
    if known:
        return safety.advice(known)
    return f"{safety.EMERGENCY_ADVICE}\n{safety.STOPPED_EXERCISE} {safety.NO_DIAGNOSIS}\n(Source: {safety.SOURCE}.)"


def _effects_by_name(history: History, now: datetime) -> dict[tuple[str, str], Effect]:
    """What has helped, from the last :data:`LOOKBACK_DAYS` days only: keyed by (kind, name)."""
    from painpal.analysis.effects import effects

    since = now - timedelta(days=LOOKBACK_DAYS)
    # The whole history goes in, not a slice: ``effects`` bisects from ``since`` on the history's cached
    # timestamps, so the Today screen's tick, which passes the same history each time, pays for them once.
    return {(e.kind, e.name.lower()): e for e in effects(history, since=since)}


def _evidence(routine: Routine, learned: dict[tuple[str, str], Effect]) -> Effect | None:
    """The measured before/after effect that ranks a routine (never quoted: see :func:`_cited`).

    The routine's own runs come first; with fewer than :data:`MIN_EVIDENCE`
    of them, a relief that measures the same thing (a logged walk for the walk
    routine) stands in.
    """
    own = learned.get(("routine", routine.id))
    if own is not None and own.count >= MIN_EVIDENCE:
        return own
    related = RELATED_RELIEFS.get(routine.id) if routine.builtin else None
    if related is not None:
        relief = learned.get(("relief", related))
        if relief is not None and relief.count >= MIN_EVIDENCE:
            return relief
    return own


def _cited(routine: Routine, eased: Mapping[str, float]) -> tuple[float | None, str]:
    """The tested easing to cite for a routine, and what to call it: its own runs first, else its related relief."""
    from painpal.analysis.effects import group_key

    own = eased.get(group_key(routine.name))
    if own is not None:
        return own, _phrase(routine)
    related = RELATED_RELIEFS.get(routine.id) if routine.builtin else None
    if related is not None and group_key(related) in eased:
        return eased[group_key(related)], RELIEF_PHRASES.get(related, related)
    return None, _phrase(routine)


def _rank(candidates: list[Routine], learned: dict[tuple[str, str], Effect]) -> list[Routine]:
    """Best first by the shrunk effect (more negative is better); ties keep the library's order of fit."""
    keyed = []
    for index, routine in enumerate(candidates):
        effect = _evidence(routine, learned)
        keyed.append((effect.shrunk if effect is not None else 0.0, index, routine))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [routine for _, _, routine in keyed]


def _moment(points: Sequence[Transition], now: datetime) -> Transition | None:
    """The transition that sets the moment: the nearer of the last one passed within
    :data:`RECENT_PAST` and the next one within :data:`UPCOMING`."""
    at = _utc(now)
    best: tuple[float, Transition] | None = None
    for point in points:
        delta = (point.utc - at).total_seconds()
        if -RECENT_PAST.total_seconds() <= delta <= 0 or 0 < delta <= UPCOMING.total_seconds():
            distance = abs(delta)
            if best is None or distance < best[0]:
                best = (distance, point)
    return best[1] if best else None


def _handled(point: Transition, history: History, now: datetime) -> bool:
    """Whether something done already answered this transition: a routine finished or a relief logged.

    A skip does not count: the skip rule (:data:`SKIP_LIMIT`) decides when to
    stop offering a routine, so one "not now" is not taken as "not today".
    """
    since = point.at - UPCOMING
    recent = history.between(since, now + timedelta(seconds=1))
    return any(run.result in ("done", "abandoned") for run in recent.runs) or bool(recent.reliefs)


def _opening(point: Transition, now: datetime) -> str:
    """The start of a reason that names a transition: "It's lunch break", "Work block 2 starts in 10 min"."""
    minutes = minutes_until(point, now)
    if minutes > 0:
        return f"{_COMING.get(point.kind, point.label)} in {minutes} min"
    if point.kind == "work-start":
        return point.label.replace(" starts", " has started")
    if point.kind == "break":
        return "It's lunch break" if point.label == "Lunch break" else "It's a break"
    return _PASSED.get(point.kind, point.label)


@dataclass(frozen=True)
class _Now:
    """What the coach knows about this instant, computed once."""

    plan: DayPlan
    now: datetime
    day: date
    points: tuple[Transition, ...]
    today: History
    pain: int | None
    leg: bool


def _read_now(plan: DayPlan, now: datetime, history: History) -> _Now:
    tz = now.tzinfo
    if tz is None:
        raise ValueError("The coach needs an aware instant.")
    day = painpal_day(now, plan.day_start_hour)
    points = tuple(timeline(plan, day, tz))
    today = history.between(now - timedelta(days=1), now + timedelta(seconds=1))
    latest = today.checkins[-1] if today.checkins else None
    fresh = latest is not None and _utc(now) - _utc(latest.at) <= PAIN_FRESH
    return _Now(
        plan,
        now,
        day,
        points,
        today,
        latest.intensity if fresh and latest else None,
        bool(fresh and latest and latest.leg_spread),
    )


def suggest(
    plan: DayPlan,
    now: datetime,
    history: History,
    custom: Sequence[Routine] = (),
    warnings: Sequence[SafetyEvent] = (),
    hidden: Iterable[str] = (),
    eased: Mapping[str, float] | None = None,
) -> Suggestion:
    """The one routine to suggest at ``now`` and the one sentence that says why (see the module notes).

    ``history`` may hold years; only the last :data:`LOOKBACK_DAYS` days are
    read. ``warnings`` are the person's warning-sign reports (resolved ones
    are ignored); ``hidden`` ids are never offered. ``eased`` is what the
    log's claims show easing pain (:func:`painpal.analysis.claims.eased_by`):
    only those are cited in the reason; without it, no effect is cited.
    """
    hidden = tuple(hidden)
    state = _read_now(plan, now, history)
    warning = safety.active_warning(warnings)
    learned = _effects_by_name(history, now)
    skipped = skipped_today(state.today.runs, state.day, plan.day_start_hour)
    just_done = {r.routine for r in state.today.runs if r.done and _utc(now) - _utc(r.ended or r.at) <= RECENT_REPEAT}

    def choose(kind: str, *, flare: bool = False, calm_only: bool = False) -> list[Routine]:
        """Candidates for a moment, safest filters first, ranked by what helps; never-again ones dropped."""
        found = routines.fitting(
            kind, state.pain, custom, flare=flare or state.leg, warning=warning is not None, hidden=hidden
        )
        if calm_only:
            found = [r for r in found if not r.exercise]
        # Routines made for this moment first, any-time ones after: calm breathing that helps a lot is
        # still no answer to an hour of sitting. Within each group, what has helped this person leads.
        exact = [r for r in found if kind in r.fits]
        others = [] if kind == "seated" and exact else [r for r in found if kind not in r.fits]
        ranked = _rank(exact, learned) + _rank(others, learned)
        allowed = [r for r in ranked if skipped[r.id] < SKIP_LIMIT]
        fresh = [r for r in allowed if r.id not in just_done]
        return fresh or allowed

    def build(
        picks: list[Routine], context: str, lead: str, fallback: str, point: Transition | None, care: str | None = None
    ) -> Suggestion:
        """The suggestion: the first pick, and a reason citing its measured effect when there is enough of it."""
        if not picks:
            reason = f"{lead}; you've skipped what fits this moment twice today, so painpal will leave it for now."
            return Suggestion(None, reason, context, point, care)
        routine = picks[0]
        shown, subject = _cited(routine, eased or {})
        if shown is not None:
            reason = (
                f"{lead}; after {subject}, your pain has been {_points(shown)} lower within two hours "
                "than at similar moments without it."
            )
        else:
            reason = f"{lead}: {fallback.format(subject=_phrase(routine), minutes=routine.minutes)}"
        return Suggestion(routine, reason, context, point, care, tuple(picks[1 : 1 + ALTERNATIVES]))

    # 1. A warning sign: no exercise, and where to get care.
    if warning is not None:
        picks = choose("any", calm_only=True)
        return build(
            picks,
            "warning",
            "A warning sign is active, so painpal suggests no exercise until you have been checked",
            "{subject} may help you stay calm while you arrange care.",
            None,
            _warning_advice(warning),
        )

    by_kind = {p.kind: p for p in state.points}
    at = _utc(now)
    sleep_point, wake_point = by_kind.get("sleep"), by_kind.get("wake")
    # 2. The night: after the sleep time, or well before wake-up.
    after_sleep = sleep_point is not None and at >= sleep_point.utc + RECENT_PAST
    before_wake = wake_point is not None and at < wake_point.utc - UPCOMING
    if after_sleep or before_wake:
        picks = choose("sleep", flare=True, calm_only=True)
        lead = "It's past your bedtime" if after_sleep else "It's early, before your wake-up time"
        return build(picks, "sleep", lead, "{subject} can help you settle back to sleep.", sleep_point)

    # 3. A flare: gentle only.
    if state.pain is not None and state.pain >= FLARE_PAIN:
        picks = choose("flare", flare=True)
        lead = f"Your pain is at {state.pain}, so only gentle routines for now"
        return build(picks, "flare", lead, "{subject} is made for a flare.", None)

    point = _moment(state.points, now)
    if point is not None and _handled(point, history, now):
        point = None
    seat = sitting(plan, state.points, now, state.today.events, state.today.runs, state.today.reliefs)
    # 4. The sitting timer, unless a break is minutes away.
    if seat.due(now):
        coming_break = point is not None and point.kind in ("break", "work-end") and point.utc > at
        if not coming_break:
            picks = choose("seated")
            lead = f"You've been seated {seat.minutes} min"
            return build(picks, "seated", lead, "{subject} breaks the stretch before stiffness builds.", None)

    # 5. The transition that sets the moment.
    if point is not None:
        picks = choose(point.kind)
        return build(picks, point.kind, _opening(point, now), "{subject} fits it.", point)

    # 6. Inside a seated block: the next break from sitting.
    if seat.seated and seat.due_at is not None:
        due_in = max(1, math.ceil((_utc(seat.due_at) - at).total_seconds() / 60))
        picks = choose("seated")
        lead = f"You've been seated {seat.minutes} min"
        return build(picks, "seated", lead, f"{{subject}} is due in {due_in} min.", None)

    # 7. Any time.
    picks = choose("any")
    return build(picks, "any", "Nothing is due right now", "{subject} takes {minutes} min whenever you want it.", None)


# --------------------------------------------------------------------------------------------- pacing quotas

QUOTA_DAYS = 28
"""The baseline looks at the last four weeks of walking."""
QUOTA_MIN_DAYS = 7
"""Fewest logged days among those 28 before the baseline replaces the default."""
DEFAULT_WALK_MINUTES = 10
"""The starting quota with too little history: a short walk most people can manage on a hard day."""
WALK_FLOOR_MINUTES = 5
WALK_CAP_MINUTES = 60
"""The quota grows gradually but never beyond an hour a day: pacing, not training."""
GROWTH_PER_WEEK = 0.10
"""About 10% more for each recent week the person kept to the quota (operant graded activity)."""
ADHERENT_DAYS = 5
"""A week counts as kept to the quota when walking reached it on at least five of its days."""
MAX_GROWTH_WEEKS = 4


@dataclass(frozen=True)
class Quotas:
    """Today's pacing quotas: how long to walk, and the longest stretch to sit."""

    walk_minutes: int
    sit_minutes: int
    reason: str


def _percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _walk_minutes(run: RoutineRun) -> float:
    """Minutes of walking done in a routine run (only walk routines count)."""
    if "walk" not in run.routine:
        return 0.0
    found = routines.get(run.routine)
    return run.minutes_done(found.total_seconds / 60 if found is not None else None)


def daily_walking(history: History, first: date, last: date, day_start_hour: int) -> dict[date, float]:
    """Minutes walked on each *logged* painpal day from ``first`` to ``last``.

    A day with no record of any kind is left out rather than counted as a day
    without walking: painpal cannot tell a rest day from a day it was not used.
    """
    days: dict[date, float] = {}
    records: Iterable[Any] = (*history.checkins, *history.events, *history.notes)
    for record in records:
        day = painpal_day(record.at, day_start_hour)
        if first <= day <= last:
            days.setdefault(day, 0.0)
    for relief in history.reliefs:
        day = painpal_day(relief.at, day_start_hour)
        if first <= day <= last:
            walked = (relief.minutes or 0.0) if "walk" in relief.name.lower() else 0.0
            days[day] = days.get(day, 0.0) + walked
    for run in history.runs:
        day = painpal_day(run.at, day_start_hour)
        if first <= day <= last:
            days[day] = days.get(day, 0.0) + _walk_minutes(run)
    return days


def quotas(history: History, now: datetime, plan: DayPlan | None = None) -> Quotas:
    """Today's walking and sitting quotas, by time and never by pain (Murphy & Kratz, Pain 2014).

    The rule, so it can be explained to the person and their clinician:

    - Walking per painpal day is walk reliefs' minutes plus done walk routines.
    - **Baseline**: over the last :data:`QUOTA_DAYS` painpal days before today
      (logged days only), the mean of the 75th percentile (a good day) and the
      25th percentile (a hard day) of daily walking: "about halfway between
      what a good day and a bad day allow". With fewer than
      :data:`QUOTA_MIN_DAYS` logged days: :data:`DEFAULT_WALK_MINUTES`.
    - **Growth**: +10% per week, compounded, for each of the most recent
      consecutive weeks (up to four) in which walking reached the baseline on
      at least :data:`ADHERENT_DAYS` days. Pain plays no part: quotas are kept
      on bad days and not exceeded on good ones.
    - **Bounds**: at least :data:`WALK_FLOOR_MINUTES`, at most :data:`WALK_CAP_MINUTES`.
    - **Sitting**: the plan's longest seated stretch.
    """
    plan = plan or DayPlan()
    today = painpal_day(now, plan.day_start_hour)
    first = today - timedelta(days=QUOTA_DAYS)
    window = history.between(now - timedelta(days=QUOTA_DAYS + 2), now + timedelta(seconds=1))
    walked = daily_walking(window, first, today - timedelta(days=1), plan.day_start_hour)
    sit = plan.max_seated_minutes
    sit_text = f"sit no more than {sit} min at a stretch"
    if len(walked) < QUOTA_MIN_DAYS:
        walk = DEFAULT_WALK_MINUTES
        return Quotas(
            walk,
            sit,
            f"Walk {walk} min today, a gentle start until painpal knows a week of your walking; {sit_text}.",
        )
    values = list(walked.values())
    good, hard = _percentile(values, 75), _percentile(values, 25)
    baseline = (good + hard) / 2
    target = max(WALK_FLOOR_MINUTES, baseline)
    weeks = 0
    for week in range(MAX_GROWTH_WEEKS):
        last = today - timedelta(days=1 + 7 * week)
        kept = sum(1 for n in range(7) if walked.get(last - timedelta(days=n), 0.0) >= target - 0.5)
        if kept < ADHERENT_DAYS:
            break
        weeks += 1
    walk = round(min(WALK_CAP_MINUTES, max(WALK_FLOOR_MINUTES, target * (1 + GROWTH_PER_WEEK) ** weeks)))
    why = f"about halfway between a good day ({round(good)} min) and a hard day ({round(hard)} min) of the last 4 weeks"
    if weeks:
        why += (
            ", plus 10% for the last week, which you kept to it"
            if weeks == 1
            else (f", plus 10% for each of the last {weeks} weeks, which you kept to it")
        )
    if walk == WALK_CAP_MINUTES:
        why += f", capped at {WALK_CAP_MINUTES} min"
    return Quotas(walk, sit, f"Walk {walk} min today, {why}; {sit_text}.")


def skipped_today(runs: Iterable[RoutineRun], day: date, day_start_hour: int) -> Counter[str]:
    """How often each routine was skipped on painpal day ``day`` (the coach's no-nagging count)."""
    return Counter(r.routine for r in runs if r.result == "skipped" and painpal_day(r.at, day_start_hour) == day)


# --------------------------------------------------------------------------------------------- the status line

_STATUS_WORDS = {
    "wake": "wake",
    "work-start": "work",
    "break": "break",
    "work-end": "work ends",
    "move": "move",
    "unwind": "unwind",
    "sleep": "sleep",
}
"""One word per transition for a status bar ("lunch" replaces "break" for the lunch break)."""


def _short(minutes: int) -> str:
    """A compact duration for a status bar: "25m", "1h05m"."""
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}m"


def status_line(
    plan: DayPlan,
    now: datetime,
    checkins: Iterable[CheckIn] = (),
    events: Iterable[Event] = (),
    runs: Iterable[RoutineRun] = (),
    reliefs: Iterable[Relief] = (),
    warnings: Iterable[SafetyEvent] = (),
    separator: str = " · ",
    meetings: Sequence[Meeting] = (),
) -> str:
    """One line for a tmux or shell status bar, e.g. "pain 4 · stand in 12m".

    First today's latest check-in, then the one most pressing thing: "seek
    care" while a warning sign is active; inside a seated block "stand now"
    once a standing reset is due, or "stand in Nm" if that comes before the
    block ends; otherwise the next transition, "lunch in 25m" (tomorrow's
    wake-up once today is done). Plain text, no colour: it goes wherever the
    status bar puts it. Needs only today's records and the warnings. During
    a meeting: "in meeting · stand at 11:00" when a standing reset will be
    due by its end (the prompt waits for it), else "in meeting · until 11:00".
    """
    tz = now.tzinfo
    if tz is None:
        raise ValueError("The status line needs an aware instant.")
    day = painpal_day(now, plan.day_start_hour)
    at = _utc(now)
    parts: list[str] = []
    today = [c for c in checkins if painpal_day(c.at, plan.day_start_hour) == day and _utc(c.at) <= at]
    if today:
        parts.append(f"pain {max(today, key=lambda c: _utc(c.at)).intensity}")
    if safety.active_warning(warnings) is not None:
        parts.append("seek care")
        return separator.join(parts)
    points = timeline(plan, day, tz)
    upcoming = next_transition(points, now) or next_transition(timeline(plan, day + timedelta(days=1), tz), now)
    seat = sitting(plan, points, now, events, runs, reliefs, meetings)
    busy = busy_until(meetings, now) if meetings else None
    if busy is not None:
        end = f"{busy.astimezone(tz):%H:%M}"
        due_by_end = seat.seated and seat.due_at is not None and _utc(seat.due_at) <= busy
        parts += ["in meeting", f"stand at {end}" if due_by_end else f"until {end}"]
    elif seat.due(now):
        parts.append("stand now")
    elif seat.seated and seat.due_at is not None and (upcoming is None or _utc(seat.due_at) < upcoming.utc):
        parts.append(f"stand in {_short(minutes_until(seat.due_at, now))}")
    elif upcoming is not None:
        word = "lunch" if upcoming.label == "Lunch break" else _STATUS_WORDS.get(upcoming.kind, upcoming.kind)
        minutes = minutes_until(upcoming, now)
        parts.append(f"{word} now" if minutes <= 0 else f"{word} in {_short(minutes)}")
    return separator.join(parts)


__all__ = [
    "Quotas",
    "Suggestion",
    "daily_walking",
    "quotas",
    "skipped_today",
    "status_line",
    "suggest",
]
