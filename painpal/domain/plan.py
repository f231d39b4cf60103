"""The day plan and the timeline of transition points it gives for one painpal day.

A :class:`DayPlan` holds the person's settings (wake, work blocks, unwind,
sleep, ...) as wall-clock times. :func:`timeline` turns it into the concrete,
aware instants of one painpal day in a local zone: that is where daylight
saving, midnight crossings and the day-start hour are dealt with, once, so the
rest of painpal only ever compares instants.

Two rules run through this module (see PITFALLS, python-dateutil):

- Instants are compared and subtracted in UTC. Python compares and subtracts
  two datetimes that share a ``tzinfo`` object by their wall-clock fields, so
  on a daylight-saving day that gives "1 day" where 23 hours passed.
- Recurrence (which dates are work days) comes from ``dateutil.rrule`` built
  from stored parameters (the work weekdays), never from stored rule strings,
  which lose the zone.

:class:`PromptTracker` is the pure logic behind the TUI's wall-clock tick: it
decides which transition to prompt for now, at most once per transition, and
without a storm of stale prompts after a laptop wakes from suspend.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day

if TYPE_CHECKING:
    from dateutil import rrule

# dateutil (rrule, tz) is imported where it is used: the report and the settings read plans
# without building a timeline, and its ~20 ms of imports would be on their path.
from painpal.domain.records import ValidationError, check_int
from painpal.routines import default_for

Block = tuple[time, time]
"""A seated work block: its start and end as wall-clock times."""
Blocks = tuple[Block, ...]
_Point = tuple[str, time, str]
"""A point of the day in the order check: its name in a sentence, its time, the field it comes from."""

KINDS = ("wake", "work-start", "break", "work-end", "move", "unwind", "sleep")
"""Every transition kind, shared with routines.py and coach.py."""

DEFAULT_ROUTINES: dict[str, str] = {kind: default_for(kind) for kind in KINDS}
"""The micro-routine suggested at each kind of transition: the routine library decides (one mapping)."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_BLOCKS = 8
"""More work blocks than this in one day is a typing mistake, not a plan."""
MAX_MOVES = 12
LUNCH_MIN_MINUTES = 30
"""The longest gap between work blocks is called the lunch break when it is at least this long."""
DEFAULT_GRACE = timedelta(minutes=90)
"""How long after a transition its prompt still makes sense; older ones are stale."""

_UTC = UTC
_HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})")  # ASCII digits only: int() also reads "１２"


def parse_hhmm(text: str, what: str = "time") -> time:
    """A wall-clock time from ``"HH:MM"`` (or ``"H:MM"``) on a 24-hour clock.

    Only this one form is accepted, so what the Plan screen and the data file
    show is exactly what was meant ("7pm" or "7.30" are refused, not guessed).
    """
    match = _HHMM.fullmatch(text.strip()) if isinstance(text, str) else None
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError(f"The {what} must be HH:MM on a 24-hour clock, e.g. 07:30; got {text!r}.")


def typed_time(text: str, what: str = "time") -> time:
    """A time as a person types it in the Plan screen: ``06:30``, ``6:30am``, ``6.30pm``, ``18:30``, ``noon``.

    Read by :func:`painpal.domain.when.clock_time`, as ``--at`` reads times;
    a bare number ("7") is refused rather than guessed. What is stored stays
    ``HH:MM`` (:func:`parse_hhmm` reads it back, strictly).
    """
    from painpal.domain.when import clock_time

    found = clock_time(text) if isinstance(text, str) else None
    if found is not None:
        return found
    raise ValidationError(f"The {what} must be a time such as 07:30, 7:30am or 18:30; got {text.strip()!r}.")


class PlanError(ValidationError):
    """A plan that cannot be kept, with the setting the sentence is about.

    The Plan screen shows the sentence beside that setting's field (and, for
    work blocks, on that weekday), not in one line far from what to fix.
    """

    def __init__(self, message: str, field: str | None = None, weekday: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The :class:`DayPlan` attribute at fault ("wake", "work_blocks", ...), or ``None`` when unknown."""
        self.weekday = weekday
        """For work blocks: the weekday (Monday 0) whose blocks are at fault."""


def format_hhmm(value: time) -> str:
    """``"HH:MM"``: how plan times are stored and shown."""
    return f"{value.hour:02d}:{value.minute:02d}"


def _check_time(value: Any, what: str) -> time:
    """A plain wall-clock time to the minute: zones belong to the timeline, not the plan."""
    if not isinstance(value, time):
        raise ValidationError(f"The {what} must be a time of day, not {value!r}.")
    if value.tzinfo is not None:
        raise ValidationError(f"The {what} must be a plain time of day, without a time zone.")
    if value.second or value.microsecond:
        raise ValidationError(f"The {what} must be a whole minute, e.g. {format_hhmm(value)}.")
    return value


def _check_bool(value: Any, what: str) -> bool:
    """A real boolean: the string "false" is truthy, so it is refused rather than misread."""
    if not isinstance(value, bool):
        raise ValidationError(f"The {what} setting must be true or false, not {value!r}.")
    return value


def _check_blocks(value: Any, what: str) -> Blocks:
    """A tuple of (start, end) time pairs; their order is checked with the rest of the day."""
    if not isinstance(value, (tuple, list)):
        raise ValidationError(f"The {what} must be a list of start and end times.")
    if len(value) > MAX_BLOCKS:
        raise ValidationError(f"The {what} has {len(value)} blocks; the most painpal keeps is {MAX_BLOCKS}.")
    blocks: list[Block] = []
    for n, pair in enumerate(value, 1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValidationError(f"Work block {n} of the {what} must be a start and an end time.")
        start = _check_time(pair[0], f"start of work block {n}")
        end = _check_time(pair[1], f"end of work block {n}")
        blocks.append((start, end))
    return tuple(blocks)


def _check_weekday(value: Any) -> int:
    """A weekday number, Monday 0 to Sunday 6 (``date.weekday()``)."""
    return check_int(value, "weekday number (Monday 0 to Sunday 6)", 0, 6)


@dataclass(frozen=True)
class DayPlan:
    """The person's day: when they wake, sit to work, unwind and sleep.

    Times are wall-clock times; a painpal day runs from ``day_start_hour`` to
    the same hour the next morning, so a sleep time of 00:30 belongs to the
    evening before. Work days use ``work_blocks`` unless ``weekday_blocks``
    gives that weekday its own blocks (e.g. a short Friday). Rest days have no
    work blocks; ``rest_day_moves`` are the times to get up and move instead.

    Constructing a plan validates it: a bad plan raises :class:`ValidationError`
    with one plain sentence, so the Plan screen can show it as is. Change a
    plan with ``dataclasses.replace`` (or :meth:`with_weekday_blocks`).
    """

    wake: time = time(7, 0)
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Weekday numbers (Monday 0 ... Sunday 6) with work blocks."""
    work_blocks: Blocks = ((time(9, 0), time(12, 30)), (time(13, 30), time(17, 30)))
    """Seated work blocks of a work day, in order."""
    weekday_blocks: tuple[tuple[int, Blocks], ...] = ()
    """Per-weekday overrides of ``work_blocks``; kept but unused while that weekday is not a work day."""
    rest_day_moves: tuple[time, ...] = (time(10, 30), time(15, 30))
    """Times on rest days to get up and move (there are no work blocks to break)."""
    unwind: time = time(22, 30)
    sleep: time = time(23, 0)
    max_seated_minutes: int = 60
    """Longest stretch of sitting before the sitting timer nudges."""
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    bell: bool = True
    """Ring the terminal bell with a prompt (tmux marks the window)."""
    prompts: bool = True
    """Prompt at transitions at all; off, the timeline is shown but never interrupts."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise in place once, at construction
        set_(self, "wake", _check_time(self.wake, "wake time"))
        set_(self, "unwind", _check_time(self.unwind, "unwind time"))
        set_(self, "sleep", _check_time(self.sleep, "sleep time"))
        if not isinstance(self.work_days, (tuple, list, set, frozenset)):
            raise ValidationError("The work days must be a list of weekday numbers (Monday 0 to Sunday 6).")
        set_(self, "work_days", tuple(sorted({_check_weekday(d) for d in self.work_days})))
        set_(self, "work_blocks", _check_blocks(self.work_blocks, "work blocks"))
        if not isinstance(self.weekday_blocks, (tuple, list)):
            raise ValidationError("The per-weekday work blocks must be a list of (weekday, blocks) pairs.")
        overrides: dict[int, Blocks] = {}
        for pair in self.weekday_blocks:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValidationError("The per-weekday work blocks must be a list of (weekday, blocks) pairs.")
            weekday = _check_weekday(pair[0])
            overrides[weekday] = _check_blocks(pair[1], f"work blocks for {WEEKDAY_NAMES[weekday]}")
        set_(self, "weekday_blocks", tuple(sorted(overrides.items())))
        if not isinstance(self.rest_day_moves, (tuple, list)):
            raise ValidationError("The rest-day move times must be a list of times.")
        if len(self.rest_day_moves) > MAX_MOVES:
            raise ValidationError(f"A rest day can have at most {MAX_MOVES} move times.")
        moves = tuple(_check_time(t, f"rest-day move time {n}") for n, t in enumerate(self.rest_day_moves, 1))
        set_(self, "rest_day_moves", moves)
        seated = check_int(self.max_seated_minutes, "longest seated stretch (minutes)", 15, 240)
        set_(self, "max_seated_minutes", seated)
        set_(self, "day_start_hour", check_int(self.day_start_hour, "hour the day starts", 0, 23))
        set_(self, "bell", _check_bool(self.bell, "bell"))
        set_(self, "prompts", _check_bool(self.prompts, "prompts"))
        self._check_order()

    def _check_order(self) -> None:
        """Every day's points strictly in order within one painpal day.

        Positions are minutes since the day-start hour, so 00:30 comes after
        23:00 and 03:00 (with a 04:00 start) is the very end of the day. An
        error names the later of the two points that clash, and for the
        common work blocks the first work day that sits to them.
        """
        own = dict(self.weekday_blocks)
        common_day = next((d for d in self.work_days if d not in own), None)
        layouts = [(self.work_blocks, "On work days, ", common_day)]
        layouts += [(blocks, f"On {WEEKDAY_NAMES[weekday]}s, ", weekday) for weekday, blocks in self.weekday_blocks]
        for blocks, where, weekday in layouts:
            points: list[_Point] = [("wake", self.wake, "wake")]
            for n, (start, end) in enumerate(blocks, 1):
                points += [
                    (f"the start of work block {n}", start, "work_blocks"),
                    (f"the end of work block {n}", end, "work_blocks"),
                ]
            points += [("unwind", self.unwind, "unwind"), ("sleep", self.sleep, "sleep")]
            self._check_sequence(points, where, weekday)
        rest: list[_Point] = [("wake", self.wake, "wake")]
        rest += [(f"move {n}", t, "rest_day_moves") for n, t in enumerate(self.rest_day_moves, 1)]
        rest += [("unwind", self.unwind, "unwind"), ("sleep", self.sleep, "sleep")]
        self._check_sequence(rest, "On rest days, ", None)
        for weekday in self.work_days:
            if not self.blocks_on(weekday):
                raise PlanError(
                    f"{WEEKDAY_NAMES[weekday]} is a work day without work blocks; add a block or make it a rest day.",
                    "work_blocks",
                    weekday,
                )

    def _check_sequence(self, points: list[_Point], where: str, weekday: int | None) -> None:
        """Raise at the first point that does not come after the one before it.

        The error names the field to fix: the day's own part (its work blocks
        or moves) when one of the two points is one, since wake, unwind and
        sleep are shared by every day; else the later of the two.
        """
        shared = ("wake", "unwind", "sleep")
        for (a_name, a, a_field), (b_name, b, b_field) in itertools.pairwise(points):
            field = a_field if b_field in shared and a_field not in shared else b_field
            if self.offset(b) <= self.offset(a):
                sentence = (
                    f"{where}{b_name} ({format_hhmm(b)}) must come after {a_name} ({format_hhmm(a)}); "
                    f"a painpal day runs from {self.day_start_hour:02d}:00 to {self.day_start_hour:02d}:00 "
                    "the next morning."
                )
                raise PlanError(sentence[0].upper() + sentence[1:], field, weekday if field == "work_blocks" else None)

    def offset(self, value: time) -> int:
        """Minutes from the start of the painpal day to ``value`` (0 .. 1439)."""
        return (value.hour * 60 + value.minute - self.day_start_hour * 60) % (24 * 60)

    def blocks_on(self, weekday: int) -> Blocks:
        """The work blocks of a weekday: its own, the common ones, or none on a rest day."""
        if weekday not in self.work_days:
            return ()
        return dict(self.weekday_blocks).get(weekday, self.work_blocks)

    def blocks_kept(self, weekday: int) -> Blocks:
        """The blocks the plan keeps for a weekday, rest day or not: its own, else the common ones on a work day.

        What the Plan screen shows for that weekday: a rest day's own blocks
        are kept for when it becomes a work day again; without any it has none.
        """
        own = dict(self.weekday_blocks)
        if weekday in own:
            return own[weekday]
        return self.work_blocks if weekday in self.work_days else ()

    def with_week(self, work_days: Iterable[int], blocks: Mapping[int, Blocks], **changes: Any) -> DayPlan:
        """A copy with these work days and each weekday's ``blocks``, stored as common blocks plus overrides.

        The blocks most work days share (the earliest such day's on a tie)
        become the common ``work_blocks``; a work day with other blocks keeps
        them in ``weekday_blocks``, and so does a rest day given any (they
        wait there until it is a work day again); a rest day given none keeps
        none. ``changes`` are other fields, as for ``dataclasses.replace``.
        """
        days = sorted(set(work_days))
        common = self.work_blocks
        if days:
            each = [blocks.get(d, ()) for d in days]
            shared = Counter(each)
            common = max(each, key=shared.__getitem__)  # max keeps the first of equals: the earliest day's
        overrides = tuple((d, b) for d, b in sorted(blocks.items()) if (b != common if d in days else b))
        return replace(self, work_days=tuple(days), work_blocks=common, weekday_blocks=overrides, **changes)

    def with_weekday_blocks(self, weekday: int, blocks: Blocks | None) -> DayPlan:
        """A copy where ``weekday`` has its own ``blocks`` (``None``: back to the common ones)."""
        overrides = dict(self.weekday_blocks)
        if blocks is None:
            overrides.pop(weekday, None)
        else:
            overrides[weekday] = blocks
        return replace(self, weekday_blocks=tuple(sorted(overrides.items())))


# -- the data file form ---------------------------------------------------------------------------


def plan_to_dict(plan: DayPlan) -> dict[str, Any]:
    """The plan as a JSON-ready dict: times as "HH:MM", weekday keys as strings (JSON object keys)."""

    def blocks(value: Blocks) -> list[list[str]]:
        return [[format_hhmm(start), format_hhmm(end)] for start, end in value]

    return {
        "wake": format_hhmm(plan.wake),
        "work_days": list(plan.work_days),
        "work_blocks": blocks(plan.work_blocks),
        "weekday_blocks": {str(weekday): blocks(b) for weekday, b in plan.weekday_blocks},
        "rest_day_moves": [format_hhmm(t) for t in plan.rest_day_moves],
        "unwind": format_hhmm(plan.unwind),
        "sleep": format_hhmm(plan.sleep),
        "max_seated_minutes": plan.max_seated_minutes,
        "day_start_hour": plan.day_start_hour,
        "bell": plan.bell,
        "prompts": plan.prompts,
    }


def plan_from_dict(data: Any) -> DayPlan:
    """A validated plan from its stored dict.

    Missing keys take the defaults (a new setting added later must not break
    an older file) and unknown keys are ignored (a newer painpal's settings);
    any invalid value raises :class:`ValidationError`.
    """
    if not isinstance(data, dict):
        raise ValidationError("The day plan must be an object of settings.")

    def hhmm(value: Any, what: str) -> time:
        if not isinstance(value, str):
            raise ValidationError(f"The {what} must be HH:MM on a 24-hour clock, e.g. 07:30; got {value!r}.")
        return parse_hhmm(value, what)

    def times(value: Any, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise ValidationError(f"The {what} must be a list.")
        return value

    def blocks(value: Any, what: str) -> Blocks:
        out: list[Block] = []
        for n, pair in enumerate(times(value, what), 1):
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValidationError(f"Work block {n} of the {what} must be a start and an end time.")
            out.append((hhmm(pair[0], f"start of work block {n}"), hhmm(pair[1], f"end of work block {n}")))
        return tuple(out)

    kwargs: dict[str, Any] = {}
    for name in ("wake", "unwind", "sleep"):
        if name in data:
            kwargs[name] = hhmm(data[name], f"{name} time")
    if "work_days" in data:
        kwargs["work_days"] = tuple(times(data["work_days"], "work days"))
    if "work_blocks" in data:
        kwargs["work_blocks"] = blocks(data["work_blocks"], "work blocks")
    if "weekday_blocks" in data:
        raw = data["weekday_blocks"]
        if not isinstance(raw, dict):
            raise ValidationError("The per-weekday work blocks must be an object of weekday number to blocks.")
        kwargs["weekday_blocks"] = tuple(
            (_check_weekday(key), blocks(value, "per-weekday work blocks")) for key, value in raw.items()
        )
    if "rest_day_moves" in data:
        kwargs["rest_day_moves"] = tuple(
            hhmm(t, f"rest-day move time {n}") for n, t in enumerate(times(data["rest_day_moves"], "move times"), 1)
        )
    for name in ("max_seated_minutes", "day_start_hour", "bell", "prompts"):
        if name in data:
            kwargs[name] = data[name]
    return DayPlan(**kwargs)


# -- the timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One point of the day where the person changes what they do, with the routine that fits it."""

    kind: str
    """One of :data:`KINDS`."""
    at: datetime
    """The instant, aware, in the local zone the timeline was built in."""
    label: str
    """What the timeline shows, e.g. "Work block 1 starts"."""
    routine: str
    """The id of the suggested micro-routine (routines.py)."""
    block: int | None = None
    """For work-start, break and work-end: the index (0-based) of the work block that starts or ends."""
    day: date | None = None
    """The painpal day this point belongs to; ``None`` means that of ``at`` with the default day start."""
    index: int = 0
    """Position among the points of the same kind that day (two moves: 0 and 1)."""

    @property
    def key(self) -> str:
        """A stable id for this point, e.g. "2026-11-30:work-start:1": prompts are remembered by it."""
        day = self.day if self.day is not None else painpal_day(self.at)
        return f"{day.isoformat()}:{self.kind}:{self.index}"

    @property
    def utc(self) -> datetime:
        """The instant in UTC, the only safe form to compare or subtract."""
        return self.at.astimezone(_UTC)


def _utc(value: datetime) -> datetime:
    """``value`` in UTC; naive datetimes are refused because their instant is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("painpal compares aware datetimes only; got a naive one.")
    return value.astimezone(_UTC)


def _weekly_rule(weekdays: Sequence[int], day: date) -> rrule.rrule | None:
    """A weekly rule over ``weekdays`` starting on ``day``; ``None`` for no weekdays.

    An empty ``byweekday`` would make rrule fall back to dtstart's own
    weekday, i.e. every week on that day, hence the explicit ``None``.
    """
    if not weekdays:
        return None
    from dateutil import rrule

    return rrule.rrule(rrule.WEEKLY, byweekday=tuple(weekdays), dtstart=datetime.combine(day, time()))


def is_work_day(plan: DayPlan, day: date) -> bool:
    """Whether ``day`` has work blocks, decided by a weekly rrule over the plan's work days."""
    rule = _weekly_rule(plan.work_days, day)
    if rule is None:
        return False
    first = rule.after(datetime.combine(day, time()), inc=True)
    return first is not None and first.date() == day


def localize(day: date, value: time, day_start_hour: int, zone: tzinfo) -> datetime:
    """The instant of wall-clock ``value`` within painpal day ``day`` in ``zone``.

    Times before the day-start hour fall on the next calendar date. A time in
    a spring-forward gap does not exist; it moves forward by the gap
    (``resolve_imaginary``: 02:30 becomes 03:30). An ambiguous fall-back time
    takes its first occurrence (``fold=0``). Works for zoneinfo and dateutil
    zones alike.
    """
    on = day if value.hour >= day_start_hour else day + timedelta(days=1)
    naive = datetime.combine(on, value)
    from dateutil import tz as dtz

    return dtz.resolve_imaginary(naive.replace(tzinfo=zone, fold=0))


def day_bounds(plan: DayPlan, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The first instant of painpal day ``day`` and the first instant of the next one.

    Subtract them in UTC (``end.astimezone(utc) - start.astimezone(utc)``):
    a spring-forward day lasts 23 hours, a fall-back day 25.
    """
    start = time(plan.day_start_hour)
    return localize(day, start, plan.day_start_hour, zone), localize(
        day + timedelta(days=1), start, plan.day_start_hour, zone
    )


def timeline(plan: DayPlan, day: date, tz: tzinfo) -> list[Transition]:
    """The transition points of painpal day ``day`` in zone ``tz``, in order of their instants.

    Work days: wake, then for each work block its start and its end (a break
    between blocks, the longest of them at least 30 minutes being lunch; the
    end of the last block is work-end), unwind, sleep. Rest days: wake, the
    move times, unwind, sleep. Points are sorted by their UTC instant, since
    moving a time out of a daylight-saving gap can change the wall-clock order.
    """
    raw: list[tuple[str, time, str, int | None]] = [("wake", plan.wake, "Wake", None)]
    blocks = plan.blocks_on(day.weekday()) if is_work_day(plan, day) else ()
    if blocks:
        gaps = [plan.offset(blocks[i + 1][0]) - plan.offset(blocks[i][1]) for i in range(len(blocks) - 1)]
        lunch = max(range(len(gaps)), key=lambda i: gaps[i]) if gaps else -1
        if lunch >= 0 and gaps[lunch] < LUNCH_MIN_MINUTES:
            lunch = -1
        for i, (start, end) in enumerate(blocks):
            raw.append(("work-start", start, f"Work block {i + 1} starts", i))
            if i == len(blocks) - 1:
                raw.append(("work-end", end, f"Work block {i + 1} ends", i))
            else:
                raw.append(("break", end, "Lunch break" if i == lunch else "Break", i))
    else:
        raw += [("move", t, "Time to move", None) for t in plan.rest_day_moves]
    raw += [("unwind", plan.unwind, "Unwind", None), ("sleep", plan.sleep, "Sleep", None)]

    counts: dict[str, int] = {}
    points: dict[str, Transition] = {}
    for kind, value, label, block in raw:
        index = counts.get(kind, 0)
        counts[kind] = index + 1
        at = localize(day, value, plan.day_start_hour, tz)
        point = Transition(kind, at, label, DEFAULT_ROUTINES[kind], block, day, index)
        points.setdefault(point.key, point)
    order = {key: n for n, key in enumerate(points)}
    return sorted(points.values(), key=lambda p: (p.utc, order[p.key]))


def next_transition(points: Iterable[Transition], now: datetime) -> Transition | None:
    """The first point still ahead of ``now`` (or exactly at it), or ``None`` when the day is done."""
    at = _utc(now)
    ahead = [p for p in points if p.utc >= at]
    return min(ahead, key=lambda p: p.utc) if ahead else None


def current_block(plan: DayPlan, points: Sequence[Transition], now: datetime) -> tuple[datetime, datetime] | None:
    """The start and end of the seated work block ``now`` is in, or ``None``.

    The block runs from its work-start point to the break or work-end point
    with the same ``block`` index, start included, end excluded. With no
    points given, the plan's timeline for ``now``'s painpal day is used.
    """
    at = _utc(now)
    if not points and now.tzinfo is not None:
        points = timeline(plan, painpal_day(now, plan.day_start_hour), now.tzinfo)
    for start, end in block_spans(points):
        if start.astimezone(_UTC) <= at < end.astimezone(_UTC):
            return start, end
    return None


def block_spans(points: Sequence[Transition]) -> list[tuple[datetime, datetime]]:
    """Every seated work block of a timeline: from its work-start point to the break or work-end that ends it."""
    ends = {p.block: p for p in points if p.kind in ("break", "work-end")}
    spans: list[tuple[datetime, datetime]] = []
    for start in points:
        end = ends.get(start.block) if start.kind == "work-start" else None
        if end is not None:
            spans.append((start.at, end.at))
    return spans


def minutes_until(t: datetime | Transition, now: datetime) -> int:
    """Whole minutes from ``now`` to ``t``, rounded up, computed in UTC; negative once passed.

    Rounding up means "in 1 min" lasts until the moment itself, so "now" is
    never shown early.
    """
    at = t.utc if isinstance(t, Transition) else _utc(t)
    return math.ceil((at - _utc(now)).total_seconds() / 60)


def countdown(t: Transition | datetime, now: datetime) -> str:
    """How far off a point is, in the words of the timeline: "in 12 min", "in 1 h 05", "now", "5 min ago"."""
    minutes = minutes_until(t, now)
    if minutes == 0:
        return "now"
    if minutes < 0:
        ago = -minutes
        return f"{ago} min ago" if ago < 60 else f"{ago // 60} h {ago % 60:02d} ago"
    if minutes < 60:
        return f"in {minutes} min"
    return f"in {minutes // 60} h {minutes % 60:02d}"


# -- prompts across ticks and clock jumps ----------------------------------------------------------


def detect_jump(prev_tick: datetime | None, now: datetime, interval_s: float) -> bool:
    """Whether the wall clock jumped since the last tick: suspend, resume, or a clock change.

    Timers run on the monotonic clock, which stops while a laptop sleeps, so
    the tick compares wall-clock instants (in UTC) instead: a gap of more than
    twice the interval, or any step backwards, is a jump. The first tick
    (``prev_tick`` is ``None``) is not.
    """
    if prev_tick is None:
        return False
    gap = (_utc(now) - _utc(prev_tick)).total_seconds()
    return gap < 0 or gap > 2 * interval_s


def next_wake(now: datetime, moments: Iterable[datetime | None], cap_s: float) -> float:
    """Seconds from ``now`` until the screen must next look at the clock, at most ``cap_s``.

    A coarse tick alone fires a prompt up to one tick late ("Seated 59 min of
    60" at 10:00); instead the screen wakes at the next of ``moments`` (a
    transition, the sitting limit), at the next minute boundary (countdowns
    and the clock are shown to the minute), or after ``cap_s``, whichever is
    first. A small margin puts the wake just past the moment, so the tick
    sees it as arrived. Idle cost stays one wake per ``cap_s`` or minute.
    """
    margin = 0.05
    t = _utc(now)
    minute = t.replace(second=0, microsecond=0) + timedelta(minutes=1)
    delay = min(cap_s, (minute - t).total_seconds() + margin)
    for moment in moments:
        if moment is None:
            continue
        ahead = (_utc(moment) - t).total_seconds()
        if ahead > 0:
            delay = min(delay, ahead + margin)
    return max(margin, delay)


class PromptTracker:
    """Which transition to prompt for now, each at most once, never a storm of old ones.

    The TUI calls :meth:`due` on every tick with the current painpal day's
    timeline. A point is due once its instant has passed and its key was not
    seen. When several passed at once (a suspended laptop wakes up), only the
    latest is prompted and the earlier ones are marked seen. A point more
    than ``grace`` in the past is never prompted (painpal just started, or
    was asleep too long): it is marked seen too. Seen keys survive a clock
    that moves backwards, so nothing fires twice. ``seen`` is a plain set of
    keys the app may persist and pass back in.
    """

    def __init__(self, seen: Iterable[str] = (), grace: timedelta = DEFAULT_GRACE) -> None:
        self.seen: set[str] = set(seen)
        self.grace = grace

    def due(self, points: Sequence[Transition], now: datetime) -> Transition | None:
        """The transition to prompt for at ``now``, or ``None``; marks what it decided on as seen."""
        at = _utc(now)
        self._forget_old(points)
        passed = [p for p in points if p.utc <= at]
        if not passed:
            return None
        latest = max(enumerate(passed), key=lambda ip: (ip[1].utc, ip[0]))[1]
        fresh = latest.key not in self.seen and at - latest.utc <= self.grace
        self.seen.update(p.key for p in passed)
        return latest if fresh else None

    def _forget_old(self, points: Sequence[Transition]) -> None:
        """Drop keys of days well before ``points``' day, so ``seen`` stays small all year.

        The day before is kept: a clock stepping back over the day start
        hands that day's timeline in again, and its prompts must not re-fire.
        """
        if not points:
            return
        first = min(p.key[:10] for p in points)
        keep_from = (date.fromisoformat(first) - timedelta(days=1)).isoformat()
        self.seen = {key for key in self.seen if key[:10] >= keep_from}


def seated_blocks(plan: DayPlan, day: date, zone: tzinfo) -> list[tuple[datetime, datetime]]:
    """The day's seated work blocks as aware instants; none on a rest day.

    The one home of "when does this person sit?" as instants: the review's
    sitting figures and ``painpal review`` both read it.
    """
    if not is_work_day(plan, day):
        return []
    dsh = plan.day_start_hour
    return [
        (localize(day, start, dsh, zone), localize(day, end, dsh, zone)) for start, end in plan.blocks_on(day.weekday())
    ]
