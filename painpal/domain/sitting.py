"""The sitting timer: how long the person has sat since they last moved, and when to nudge.

Pure logic, so the Today screen, ``painpal status`` and the tests agree.
During a seated work block, "the last movement" is the latest of: the
block's start, an "I moved" or break event, a routine that was done, a walk
or other strategic relief, or a standing reset that was skipped or snoozed
(a skip is the person's choice and restarts the count, so painpal does not
nag every tick; a snooze postpones the nudge by :data:`SNOOZE_MINUTES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from painpal.domain.plan import DayPlan, Transition, current_block
from painpal.domain.records import Event, Relief, RoutineRun

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
) -> Sitting:
    """The sitting timer at ``now``, from the plan's seated blocks and what the person logged."""
    events = list(events)
    runs = list(runs)
    block = current_block(plan, points, now)
    if block is None:
        return Sitting(False, None, 0, plan.max_seated_minutes, None)
    start = block[0]
    moved = last_movement(events, runs, reliefs, now)
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


SEATED_WORDS = re.compile(r"\bsit|seat|desk|meeting|driv|computer|commut|laptop|sofa|couch|\bcar\b|screen|tv\b", re.I)
"""Activities before onset that mean sitting."""
