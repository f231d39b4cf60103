"""The sitting timer: how long the person has sat since they last moved, and when to nudge.

Pure logic, so the Today screen, ``painpal status`` and the tests agree.
The person sits during work blocks and during seated meetings (a meeting
that runs past the end of a block keeps them sitting; one in the evening
counts too); a standing or walking meeting is time on their feet. While
seated, "the last movement" is the latest of: the seated stretch's start,
the end of a standing or walking meeting, an "I moved" or break event, a routine that was done, a walk
or other strategic relief, or a standing reset that was skipped or snoozed
(a skip is the person's choice and restarts the count, so painpal does not
nag every tick; a snooze postpones the nudge by :data:`SNOOZE_MINUTES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from painpal.domain.clock import merge_spans
from painpal.domain.plan import DayPlan, Transition, block_spans, current_block
from painpal.domain.records import Event, Relief, RoutineRun

if TYPE_CHECKING:
    from painpal.domain.calendar import Meeting

SNOOZE_MINUTES = 10
"""How long "snooze" postpones a standing-reset nudge."""
AWAY_BREAK_MINUTES = 5
"""Stepping away for at least this long counts as a break from sitting."""
RESET_ROUTINE = "standing-reset"


@dataclass(frozen=True)
class Sitting:
    """Where the sitting timer stands at one instant."""

    seated: bool
    """Inside a seated work block right now."""
    since: datetime | None
    """When the current seated stretch began (``None`` outside a block)."""
    minutes: int
    """Minutes seated so far (0 outside a block)."""
    limit: int
    """The plan's max seated minutes."""
    due_at: datetime | None
    """When the next standing-reset nudge is due (after a snooze, later than since + limit)."""

    def due(self, now: datetime) -> bool:
        """Is a standing reset due at ``now``?"""
        return self.seated and self.due_at is not None and now.astimezone(UTC) >= self.due_at.astimezone(UTC)


def last_movement(
    events: Iterable[Event], runs: Iterable[RoutineRun], reliefs: Iterable[Relief], before: datetime
) -> datetime | None:
    """The latest instant at or before ``before`` at which the person moved."""
    moments: list[datetime] = []
    for e in events:
        if e.kind == "moved":
            moments.append(e.at)
        elif e.kind == "break":
            moments.append(e.at + timedelta(minutes=e.minutes or 0))
    for r in runs:
        if r.done:
            moments.append(r.ended or r.at)
        elif r.result == "skipped" and r.routine == RESET_ROUTINE:
            moments.append(r.at)
    limit = before.astimezone(UTC)
    for relief in reliefs:
        if relief.kind == "strategic" and relief.at.astimezone(UTC) <= limit:
            # ``at`` is when it started; logged just now after a walk, its end is still "now", not later.
            end = relief.at + timedelta(minutes=relief.minutes or 0)
            moments.append(min(end, before, key=lambda m: m.astimezone(UTC)))
    past = [m for m in moments if m.astimezone(UTC) <= limit]
    return max(past, key=lambda m: m.astimezone(UTC)) if past else None


def sitting(
    plan: DayPlan,
    points: Sequence[Transition],
    now: datetime,
    events: Iterable[Event] = (),
    runs: Iterable[RoutineRun] = (),
    reliefs: Iterable[Relief] = (),
    meetings: Sequence[Meeting] = (),
) -> Sitting:
    """The sitting timer at ``now``, from the plan's seated blocks, the day's meetings and what the person logged."""
    events = list(events)
    runs = list(runs)
    start = seated_since(plan, points, now, meetings)
    if start is None:
        return Sitting(False, None, 0, plan.max_seated_minutes, None)
    moved = last_movement(events, runs, reliefs, now)
    if meetings:
        from painpal.domain.calendar import moved_in_meetings

        on_feet = moved_in_meetings(meetings, now)
        if on_feet is not None and (moved is None or on_feet > moved.astimezone(UTC)):
            moved = on_feet.astimezone(now.tzinfo)
    since = max(start, moved, key=lambda m: m.astimezone(UTC)) if moved else start
    minutes = max(0, int((now.astimezone(UTC) - since.astimezone(UTC)).total_seconds() // 60))
    due_at = since + timedelta(minutes=plan.max_seated_minutes)
    snoozes = [
        r.at for r in runs if r.routine == RESET_ROUTINE and r.outcome == "snoozed" and r.at.astimezone(UTC) >= since
    ]
    if snoozes:
        latest = max(snoozes, key=lambda m: m.astimezone(UTC))
        due_at = max(due_at, latest + timedelta(minutes=SNOOZE_MINUTES), key=lambda m: m.astimezone(UTC))
    return Sitting(True, since, minutes, plan.max_seated_minutes, due_at)


def seated_since(
    plan: DayPlan, points: Sequence[Transition], now: datetime, meetings: Sequence[Meeting]
) -> datetime | None:
    """When the seated stretch ``now`` is in began, or ``None`` when the person is not sitting.

    Work blocks and seated meetings that overlap or touch make one stretch;
    inside a standing or walking meeting the person is not sitting.
    """
    if not meetings:
        block = current_block(plan, points, now)
        return block[0] if block is not None else None
    from painpal.domain.calendar import meeting_at, seated_meetings

    current = meeting_at(meetings, now)
    if current is not None and current.moving:
        return None
    spans = [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in block_spans(points)] + seated_meetings(meetings)
    at = now.astimezone(UTC)
    stretches = merge_spans(spans, lambda end, start: start <= end)
    stretch = next((s for s in stretches if s[0] <= at < s[1]), None)
    if stretch is None:
        return None
    return stretch[0].astimezone(now.tzinfo)


SEATED_WORDS = re.compile(r"\bsit|seat|desk|meeting|driv|computer|commut|laptop|sofa|couch|\bcar\b|screen|tv\b", re.I)
"""Activities before onset that mean sitting."""
