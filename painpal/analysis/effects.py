"""What eases pain for this person: the change in pain around each routine and relief.

Each done routine or logged relief with a check-in (or the routine's own
answer) before and after it gives one before/after pair; an :class:`Effect`
is the mean change per routine or relief, shrunk toward zero while pairs are
few. The coach ranks its suggestions by it, and the insights and the report
name what has helped most.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from painpal.analysis.days import routine_info
from painpal.history import History, timestamp

SHRINK_K = 3
"""Shrinkage of a reliever's effect toward zero: ``shrunk = mean * n / (n + SHRINK_K)``.

With 1 pair the estimate is a quarter of the raw mean, with 3 pairs half, with
12 pairs four fifths: a single lucky walk cannot top the coach's ranking."""
EFFECT_WINDOW = timedelta(hours=2)
"""A check-in counts as "before" or "after" a relief only within this time of it."""


def group_key(name: str) -> str:
    """One key per relief or activity: case and spacing do not split a group."""
    return " ".join(name.lower().split())


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


def effect_pairs(
    history: History, since: datetime | None = None, keep: Callable[[datetime], bool] | None = None
) -> dict[tuple[str, str], list[float]]:
    """Pain changes per (kind, name): "before" at or before the start, "after" strictly after the end.

    Before: a routine's own ``pain_before``, else the latest check-in within
    :data:`EFFECT_WINDOW` before. After: the next check-in within
    :data:`EFFECT_WINDOW` after (a routine's end), else a routine's own
    ``pain_after``. A relief logged after a check-in never takes that
    check-in as its "after". One pass, by bisection on sorted timestamps.
    """
    stamps = history.stamps["checkins"]
    pains = history.pains
    window = EFFECT_WINDOW.total_seconds()
    lo_t = since.timestamp() if since is not None else None
    out: dict[tuple[str, str], list[float]] = defaultdict(list)

    def before(t: float) -> int | None:
        i = bisect.bisect_right(stamps, t) - 1
        return pains[i] if i >= 0 and stamps[i] >= t - window else None

    def after(t: float) -> int | None:
        i = bisect.bisect_right(stamps, t)
        return pains[i] if i < len(stamps) and stamps[i] <= t + window else None

    first_run = bisect.bisect_left(history.stamps["runs"], lo_t) if lo_t is not None else 0
    first_relief = bisect.bisect_left(history.stamps["reliefs"], lo_t) if lo_t is not None else 0
    for run in history.runs[first_run:]:
        if not run.done:
            continue
        t = timestamp(run)
        if keep is not None and not keep(run.at):
            continue
        b = run.pain_before if run.pain_before is not None else before(t)
        a = after(run.ended.timestamp() if run.ended is not None else t)
        if a is None:
            a = run.pain_after
        if a is not None and b is not None:
            out[("routine", run.routine)].append(a - b)
    for r in history.reliefs[first_relief:]:
        t = timestamp(r)
        if keep is not None and not keep(r.at):
            continue
        b = before(t)
        a = after(t)
        if a is not None and b is not None:
            out[("relief", group_key(r.name))].append(a - b)
    return out


def effects_from(pairs: dict[tuple[str, str], list[float]]) -> list[Effect]:
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
    return effects_from(effect_pairs(history, since))


def effect_label(effect: Effect) -> str:
    """How a person would name it: the routine's name from the library, or the relief as logged."""
    return routine_info(effect.name)[2] if effect.kind == "routine" else effect.name
