"""The end-of-day review of one painpal day: pain, routines, relief balance, sitting, sleep, pacing.

The Review screen and ``painpal review`` show the same figures and the same
text, so both come from here: :func:`load_review` reads what the day needs
from a store and :func:`day_review` computes it; :func:`review_text` writes
it out as plain lines.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from painpal.analysis.days import is_walk, routine_info, run_minutes
from painpal.analysis.pacing import PACING_KINDS, PACING_READ_DAYS, Pacing, about_minutes, pacing
from painpal.analysis.stats import Tally, mean_of
from painpal.domain.clock import DEFAULT_DAY_START_HOUR, merge_spans, painpal_day
from painpal.domain.records import OPEN_EVENT, CheckIn, DayNote, Record
from painpal.history import History, RecordSource, timestamp
from painpal.text import day_heading, minutes_text, number, spark

MOVE_EVENTS = ("moved", "break")
PROMPT_EVENTS = ("prompt", "sitting-prompt")
WATCH_GAP_S = 10 * 60
"""Gaps shorter than this between open spans (a restart, a beat not yet written) do not count as closed."""


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
    """Longest time between movements inside the seated blocks, where painpal was open to see it.

    ``None`` without blocks, or when painpal was closed through all of them."""
    resets_taken: int | None
    """Movements (moved, break, done routine, walk) inside the seen parts of the blocks; ``None`` without blocks."""
    resets_due: int | None
    """Standing resets the seen parts call for: one per ``max_seated_minutes`` within each."""
    note: DayNote | None
    """The day's own answers: sleep quality and hours, stress, reflection, tomorrow's intention."""
    pacing: Pacing
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    """The hour the reviewed painpal day started: the curve is read in that order."""
    planned_seated_minutes: float | None = None
    """The plan's seated blocks, up to now; ``None`` without blocks."""
    seen_seated_minutes: float | None = None
    """The part of them painpal was open for; the sitting figures describe only this part."""
    closed: tuple[tuple[datetime, datetime], ...] = ()
    """Parts of the seated blocks with painpal closed: planned, not seen."""

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
            t = timestamp(e)
            moves.append((t, t + (e.minutes or 0) * 60))
    for run in history.runs:
        if run.done:
            t = timestamp(run)
            moves.append((t, run.ended.timestamp() if run.ended is not None else t))
    for r in history.reliefs:
        if is_walk(r):
            t = timestamp(r)
            moves.append((t, t + (r.minutes or 0) * 60))
    return sorted(moves)


def _watched(history: History) -> list[tuple[float, float]]:
    """Intervals (timestamps) when the Today screen was open, from its ``open`` events, merged."""
    spans = [(timestamp(e), timestamp(e) + (e.minutes or 0) * 60) for e in history.events if e.kind == OPEN_EVENT]
    return merge_spans(spans, lambda end, start: start <= end + WATCH_GAP_S)


def _overlap(blocks: Sequence[tuple[float, float]], spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of ``blocks`` inside ``spans`` (both sorted, spans disjoint)."""
    out = []
    for lo, hi in blocks:
        for a, b in spans:
            start, end = max(lo, a), min(hi, b)
            if end > start:
                out.append((start, end))
    return out


def _sitting(
    history: History, blocks: Sequence[tuple[datetime, datetime]], max_seated: int, now: datetime | None
) -> _Sitting:
    """Sitting within the seated ``blocks``, counted only where painpal was open to see it.

    Outside the Today screen painpal cannot know whether the person sat or
    stood, so a planned block with painpal closed is planned time, not a
    stretch: the longest stretch, resets taken and resets due are measured
    over the seen parts, and the unseen parts are returned as closed spans.
    """
    cap = now.timestamp() if now is not None else None
    planned = []
    for start, end in blocks:
        lo, hi = start.timestamp(), end.timestamp()
        if cap is not None:
            hi = min(hi, cap)
        if hi > lo:
            planned.append((lo, hi))
    seen = [(lo, hi) for lo, hi in _overlap(planned, _watched(history)) if hi - lo >= 60]  # under a minute: not seen
    moves = _movements(history)
    longest = 0.0
    taken = due = 0
    for lo, hi in seen:
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
    closed = []
    for lo, hi in planned:
        cursor = lo
        for a, b in seen:
            if a >= hi or b <= lo:
                continue
            if a - cursor >= WATCH_GAP_S:
                closed.append((cursor, a))
            cursor = max(cursor, b)
        if hi - cursor >= WATCH_GAP_S:
            closed.append((cursor, hi))
    zone = blocks[0][0].tzinfo if blocks else None
    return _Sitting(
        planned=sum(hi - lo for lo, hi in planned) / 60,
        seen=sum(hi - lo for lo, hi in seen) / 60,
        longest=longest / 60 if seen else None,
        taken=taken,
        due=due,
        closed=tuple((datetime.fromtimestamp(lo, zone), datetime.fromtimestamp(hi, zone)) for lo, hi in closed),
    )


@dataclass(frozen=True)
class _Sitting:
    planned: float
    seen: float
    longest: float | None
    taken: int
    due: int
    closed: tuple[tuple[datetime, datetime], ...]


def hourly_curve(checkins: Sequence[CheckIn], day_start_hour: int) -> tuple[tuple[int, float], ...]:
    """``(local hour, mean pain)`` for the hours with check-ins, in the painpal day's order (its first hour first)."""
    hours: dict[int, Tally] = defaultdict(Tally)
    for c in checkins:
        hours[c.at.hour].add(c.intensity)
    return tuple((h, acc.s / acc.n) for h, acc in sorted(hours.items(), key=lambda kv: (kv[0] - day_start_hour) % 24))


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

    curve = hourly_curve(checkins, dsh)
    pains = [c.intensity for c in checkins]

    outcomes = {o: 0 for o in ("done", "skipped", "snoozed", "abandoned")}
    for run in runs:
        outcomes[run.result] += 1
    minutes = {"soothing": 0.0, "strategic": 0.0}
    for r in reliefs:
        minutes[r.kind] += r.minutes or 0
    for run in runs:
        kind = routine_info(run.routine)[0]
        if kind in minutes:
            minutes[kind] += run_minutes(run)  # 0 unless done

    sat = _sitting(today, seated_blocks, max_seated_minutes, now) if seated_blocks is not None else None

    return DayReview(
        day=day,
        checkins=checkins,
        curve=curve,
        count=len(pains),
        first=pains[0] if pains else None,
        last=pains[-1] if pains else None,
        mean=mean_of(pains),
        peak=max(pains) if pains else None,
        done=outcomes["done"],
        skipped=outcomes["skipped"],
        snoozed=outcomes["snoozed"],
        abandoned=outcomes["abandoned"],
        prompts=sum(1 for e in events if e.kind in PROMPT_EVENTS),
        soothing_minutes=minutes["soothing"],
        strategic_minutes=minutes["strategic"],
        longest_seated_minutes=sat.longest if sat else None,
        resets_taken=sat.taken if sat else None,
        resets_due=sat.due if sat else None,
        note=note,
        pacing=pacing(history, day, dsh),
        day_start_hour=dsh,
        planned_seated_minutes=sat.planned if sat else None,
        seen_seated_minutes=sat.seen if sat else None,
        closed=sat.closed if sat else (),
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
        longer = History.for_day(store, day, zone, day_start_hour, PACING_READ_DAYS, PACING_KINDS)
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


def sitting_parts(review: DayReview) -> list[str]:
    """What the review says about sitting, plain: seen as seen, planned as planned, closed as closed.

    Empty on a day without seated blocks. The Review screen styles the same
    parts; ``painpal review`` joins them.
    """
    planned, seen = review.planned_seated_minutes, review.seen_seated_minutes
    if planned is None or seen is None:
        return []
    if review.longest_seated_minutes is None:
        return ["not seen: painpal was not open during your seated blocks", f"{minutes_text(planned)} planned"]
    parts = [
        f"longest stretch {minutes_text(review.longest_seated_minutes)}",
        f"standing resets {review.resets_taken} taken, {review.resets_due} due",
    ]
    if review.closed:
        spans = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in review.closed[:3])
        more = f" and {len(review.closed) - 3} more" if len(review.closed) > 3 else ""
        parts.append(f"seen while painpal was open: {minutes_text(seen)} of {minutes_text(planned)} planned")
        parts.append(f"closed {spans}{more}")
    return parts


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
        curve = sparkline(review.curve, review.day_start_hour)
        lines.append(f"Pain curve {start_h:02d}–{end_h:02d} h (0–10 scale): {curve}")
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
    sitting = sitting_parts(review)
    if sitting:
        lines.append("Sitting: " + "; ".join(sitting) + ".")
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
            f"your usual is about {about_minutes(p.baseline_minutes)} min."
        )
    else:
        lines.append(f"Pacing: {minutes_text(p.activity_minutes)} of activity (a usual level needs 7 logged days).")
    if p.sentence:
        lines.append(p.sentence)
    return "\n".join(lines)
