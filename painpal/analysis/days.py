"""What one painpal day holds: its pains, its activity minutes, whether anything was logged, its note.

Flares, pacing, the insights and the report's daily table all judge days by
the same figures, so they are gathered here in one pass
(:func:`day_figures`), together with what counts as activity: strategic
reliefs, walks and done strategic routines, timed by what of them was done.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from painpal.analysis.stats import mean_of
from painpal.domain.clock import painpal_day
from painpal.domain.records import DayNote, Relief, RoutineRun
from painpal.history import History

try:  # written alongside this module; insights still works (without routine kinds) if it is missing
    from painpal import routines
except ImportError:  # pragma: no cover - only while the routine library is absent
    routines = None  # type: ignore[assignment]

WALK_WORDS = re.compile(r"walk", re.I)


def is_walk(relief: Relief) -> bool:
    return bool(WALK_WORDS.search(relief.name))


@functools.lru_cache(maxsize=256)
def routine_info(routine_id: str) -> tuple[str | None, float | None, str]:
    """A routine's kind, minutes and name from the library; kind and minutes are ``None`` for unknown ids.

    Cached: the library is data, and the coach ranks with :func:`painpal.analysis.effects.effects` often.
    """
    found = routines.get(routine_id) if routines is not None else None
    if found is None:
        return None, None, routine_id
    return str(found.kind), found.total_seconds / 60, str(found.name)


def run_minutes(run: RoutineRun) -> float:
    """Minutes of a routine run actually done (:meth:`RoutineRun.minutes_done`), with the library's length."""
    return run.minutes_done(routine_info(run.routine)[1])


def _is_activity_run(run: RoutineRun) -> bool:
    """A done strategic routine (or any walk routine) counts towards pacing activity."""
    kind = routine_info(run.routine)[0]
    return run.done and (kind == "strategic" or "walk" in run.routine)


def _is_activity_relief(relief: Relief) -> bool:
    """Strategic reliefs and walks count towards pacing activity; heat or rest do not."""
    return relief.kind == "strategic" or is_walk(relief)


@dataclass
class DayFigures:
    """What one painpal day holds, as the day-level functions need it."""

    pains: list[int] = field(default_factory=list)
    activity: float = 0.0
    logged: bool = False
    note: DayNote | None = None

    @property
    def mean(self) -> float | None:
        return mean_of(self.pains)

    @property
    def peak(self) -> int | None:
        return max(self.pains) if self.pains else None


def day_figures(history: History, dsh: int) -> dict[date, DayFigures]:
    """Per painpal day: pains, activity minutes, whether anything was logged, and the day's note."""
    days: dict[date, DayFigures] = defaultdict(DayFigures)
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
            d.activity += run_minutes(run)
    for note in history.notes:
        if note.day is not None:
            d = days[note.day]
            d.note = note  # notes are sorted by time: the latest answer for a day wins
            d.logged = True
    return dict(days)
