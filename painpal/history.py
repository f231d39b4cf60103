"""A period's records, loaded once and shared by every analysis: :class:`History`.

The Today screen, the coach, the review, insights and the report all read the
same kinds of records in time order and slice them by time. :class:`History`
holds them, each kind sorted once, and slices by bisection. Its loaders are the
only place the analyses touch a store (:class:`RecordSource`).

The Today screen imports this module on start-up, before its first frame with
data, so it imports as little as it can: records, the painpal day's start and
the baseline windows that size a load; none of the analyses.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, Protocol, TypeVar

from painpal.analysis.baselines import PACING_BASELINE_DAYS, PERIOD_BASELINE_DAYS
from painpal.domain.clock import DEFAULT_DAY_START_HOUR
from painpal.domain.records import CheckIn, DayNote, Event, PegEntry, Record, Relief, RoutineRun

R = TypeVar("R", bound=Record)


class RecordSource(Protocol):
    """What :meth:`History.load` needs of a store: :meth:`painpal.storage.store.Store.records`."""

    def records(self, cls: type[R], since: datetime | None = ..., until: datetime | None = ...) -> list[R]: ...


def timestamp(record: Record) -> float:
    """The record's instant as a POSIX timestamp: exact across offsets and the repeated autumn hour."""
    return record.at.timestamp()


def _sorted(records: Iterable[R]) -> tuple[R, ...]:
    return tuple(sorted(records, key=timestamp))


@dataclass(frozen=True)
class History:
    """The records an insight is computed from, each kind sorted by time.

    Callers load only what they need (:meth:`for_day`, :meth:`for_period`);
    the analyses also slice by time with :meth:`between`, so a whole
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

        The only place the analyses touch a store. ``kinds`` names
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

        :func:`painpal.analysis.review.load_review` loads the longer
        :data:`painpal.analysis.pacing.PACING_LOOKBACK_DAYS` only on the rare
        day that is well above baseline, when pacing needs earlier cases;
        record parsing dominates the review's cost, so this keeps it fast.
        """
        start = datetime.combine(day - timedelta(days=lookback_days), time(day_start_hour), zone)
        end = datetime.combine(day + timedelta(days=1), time(day_start_hour), zone)
        return cls.load(store, start - timedelta(hours=2), end + timedelta(hours=2), kinds)

    @classmethod
    def for_period(cls, store: RecordSource, end: datetime, days: int) -> History:
        """What :func:`painpal.analysis.patterns.insights` needs: the period, plus earlier days for the baselines."""
        return cls.load(store, end - timedelta(days=days + PERIOD_BASELINE_DAYS), end)

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
    def stamps(self) -> dict[str, list[float]]:
        """Timestamps of each tuple, built once, for bisection."""
        return {name: [timestamp(r) for r in getattr(self, name)] for name in _KINDS}

    @cached_property
    def pains(self) -> list[int]:
        """Check-in intensities in time order, built once, beside their timestamps."""
        return [c.intensity for c in self.checkins]

    def between(self, since: datetime | None, until: datetime | None) -> History:
        """The records with ``since <= at < until``, by bisection (both ends optional)."""
        parts: dict[str, Any] = {}
        lo_t = since.timestamp() if since is not None else None
        hi_t = until.timestamp() if until is not None else None
        for name in _KINDS:
            stamps = self.stamps[name]
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
