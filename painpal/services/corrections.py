"""Correcting the record: list, find by short id, edit, delete and undo, the same for the CLI and the TUI.

Pain as data is only worth what the data is, so a wrong entry must be
fixable. An edit goes through the same validation as the record's first
making (:func:`painpal.domain.records.from_record`), keeps its id and is
stamped with its change time; a deletion leaves a tombstone; both are
journalled so ``u`` / ``painpal undo`` can take them back (see
:class:`painpal.storage.store.Store`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from painpal.domain.records import (
    OPEN_EVENT,
    PLACES_SEPARATOR,
    TABLES,
    CheckIn,
    DayNote,
    Event,
    PegEntry,
    Record,
    Relief,
    RoutineRun,
    SafetyEvent,
    ValidationError,
    new_id,
    places_text,
    to_record,
)
from painpal.storage.store import Store
from painpal.text import when_text

SHORT_ID = 8
"""How many leading characters of an id a list shows; any unique prefix finds the record."""
MIN_PREFIX = 4
"""The shortest prefix accepted: fewer characters match too much to be what a person meant."""

KINDS: dict[str, str] = {
    "checkin": "checkins",
    "relief": "reliefs",
    "routine": "routine_runs",
    "event": "events",
    "note": "day_notes",
    "peg": "peg",
    "safety": "safety_events",
    "person": "care_people",
    "appointment": "appointments",
}
"""The kind names the CLI takes (``--kind checkin``), each naming a stored table."""
LABELS: dict[str, str] = {
    "checkins": "check-in",
    "reliefs": "relief",
    "routine_runs": "routine",
    "events": "event",
    "day_notes": "day note",
    "peg": "PEG",
    "safety_events": "warning sign",
    "care_people": "care team",
    "appointments": "appointment",
}
"""What a person calls each kind of record."""


def kind_table(name: str) -> str:
    """The table for a kind a person typed ("checkin", "check-in", "checkins" all work)."""
    key = name.strip().lower().replace("-", "").replace("_", "")
    for kind, table in KINDS.items():
        if key in (kind, kind + "s", table.replace("_", "")):
            return table
    raise ValidationError(f"--kind {name!r} is not a kind of record; use one of {', '.join(KINDS)}.")


def short_id(record: Record) -> str:
    return record.id[:SHORT_ID]


def describe(record: Record) -> str:
    """The record in a few words, as a list or a confirmation shows it ("pain 7 · lower back · sharp")."""
    parts: list[str]
    if isinstance(record, CheckIn):
        where = places_text(record.location)
        parts = [f"pain {record.intensity}", *(v for v in (where, record.quality, record.activity) if v)]
        if record.leg_spread:
            parts.append("spreads to the leg")
    elif isinstance(record, Relief):
        minutes = f"{record.minutes:g} min" if record.minutes is not None else None
        parts = [record.name, record.kind, *([minutes] if minutes else [])]
    elif isinstance(record, RoutineRun):
        parts = [record.routine, record.result, f"{record.steps_done} of {record.steps_total} steps"]
    elif isinstance(record, Event):
        parts = [record.kind, *([f"{record.minutes:g} min"] if record.minutes is not None else [])]
    elif isinstance(record, DayNote):
        parts = [
            "day note",
            *(f"{k} {v}" for k, v in (("sleep", record.sleep_quality), ("stress", record.stress)) if v is not None),
        ]
    elif isinstance(record, PegEntry):
        parts = [f"PEG pain {record.pain}, enjoyment {record.enjoyment}, activity {record.activity}"]
    elif isinstance(record, SafetyEvent):
        parts = [", ".join(record.signs) or "warning signs", "resolved" if record.resolved else "open"]
    else:
        parts = [str(getattr(record, "name", "") or getattr(record, "person", "") or LABELS.get(record.TABLE, ""))]
    note = getattr(record, "note", None)
    if note:
        parts.append(f"“{note if len(note) <= 30 else note[:29] + '…'}”")
    return " · ".join(p for p in parts if p)


def label(record: Record) -> str:
    """How the undo journal names an action on ``record`` ("pain 7 at 10:05")."""
    return f"{describe(record).split(' · ')[0]} at {record.at:%H:%M}"


@dataclass(frozen=True)
class Listing:
    """One record in a list: what the CLI's ``list`` and the day log show."""

    record: Record

    @property
    def kind(self) -> str:
        return LABELS.get(self.record.TABLE, self.record.TABLE)

    def as_json(self) -> dict[str, Any]:
        return {
            "short": short_id(self.record),
            "table": self.record.TABLE,
            **to_record(self.record),
        }


def listing(
    store: Store, since: datetime | None, until: datetime | None, tables: Iterable[str] | None = None
) -> list[Listing]:
    """Every record between ``since`` and ``until`` (exclusive), of the kinds asked for, oldest first.

    The Today screen's open spans are left out: painpal's own bookkeeping of
    when it could see sitting, not something the person logged or would correct.
    """
    out: list[Listing] = []
    for table in tables or TABLES:
        out.extend(Listing(r) for r in store.records(TABLES[table], since, until) if not _bookkeeping(r))
    out.sort(key=lambda item: item.record.at)
    return out


def _bookkeeping(record: Record) -> bool:
    return isinstance(record, Event) and record.kind == OPEN_EVENT


def find(store: Store, prefix: str) -> Record:
    """The one record whose id starts with ``prefix``; an unknown or ambiguous one is bad input (exit 2)."""
    text = prefix.strip().lower()
    if len(text) < MIN_PREFIX or not text.isalnum():
        raise ValidationError(f"{prefix!r} is not a record id; give at least {MIN_PREFIX} of its letters and digits.")
    found = store.with_id_prefix(text)
    if not found:
        raise ValidationError(f"No record has an id starting {text!r}; 'painpal list' shows the ids.")
    if len(found) > 1:
        shown = ", ".join(f"{short_id(r)} ({LABELS[r.TABLE]} {when_text(r.at)})" for r in found[:4])
        raise ValidationError(f"{len(found)} records have ids starting {text!r} ({shown}); give more of the id.")
    return found[0]


def edit(store: Store, record: Record, changes: Mapping[str, Any], now: datetime) -> Record:
    """Change fields of ``record`` with the validation it was made with; it keeps its id. Returns the new version."""
    fields = {f.name for f in dataclasses.fields(record)} - {"id", "changed"}
    unknown = sorted(set(changes) - fields)
    if unknown:
        kind = LABELS.get(record.TABLE, record.TABLE)
        raise ValidationError(f"A {kind} has no {', '.join(unknown)}; its fields are {', '.join(sorted(fields))}.")
    values = dict(changes)
    if isinstance(record, Relief) and ({"name", "minutes"} & set(changes)):
        values.update(
            _relief_as_recorded(record.at, values.get("name", record.name), values.get("minutes", record.minutes))
        )
    # The dataclass's own checks, exactly as when the record was first made (typed text such as "7" included).
    new = dataclasses.replace(record, **values, changed=now)
    store.save(new, moved_from=record.at, undo=f"edit of {label(record)}")
    return new


def _relief_as_recorded(at: datetime, name: Any, minutes: Any) -> dict[str, Any]:
    """A relief's name, minutes and kind as painpal keeps them, however they were typed.

    Medication is kept by name only (:func:`painpal.domain.relief.as_recorded`),
    and the kind follows the name; the relief's own checks come first, so bad
    minutes are refused with their sentence rather than dropped.
    """
    from painpal.domain.relief import as_recorded, relief_kind

    checked = Relief(at=at, name=name, minutes=minutes)
    kept_name, kept_minutes = as_recorded(checked.name, checked.minutes)
    return {"name": kept_name, "minutes": kept_minutes, "kind": relief_kind(kept_name)}


def delete(store: Store, record: Record) -> None:
    """Delete ``record`` (a tombstone stays), journalled so undo can bring it back."""
    store.delete(type(record), record.id, undo=f"deletion of {label(record)}")


def undo(store: Store) -> str | None:
    """Take back the last action; the label of what was undone, or ``None`` when there is nothing."""
    return store.undo()


# ------------------------------------------------------------------ the day log


@dataclass(frozen=True)
class FormField:
    """One field of a record as the day log shows it: its name, its label, its scale, and whether it is yes-or-no."""

    name: str
    label: str
    scale: str = ""
    """The range a number is on ("0-10"): the form shows it beside the label, the detail line does not."""
    yes_no: bool = False
    """A true-or-false field: its box says "yes" or "no" (an empty box is no)."""


FORM_FIELDS: dict[str, tuple[FormField, ...]] = {
    "checkins": (
        FormField("at", "Time"),
        FormField("intensity", "Pain", "0-10"),
        FormField("location", "Where"),
        FormField("quality", "Feels"),
        FormField("pattern", "Pattern"),
        FormField("activity", "Doing"),
        FormField("eases", "Eases"),
        FormField("worsens", "Worsens"),
        FormField("note", "Note"),
        FormField("leg_spread", "Down a leg", "yes/no", yes_no=True),
    ),
    "reliefs": (
        FormField("at", "Time"),
        FormField("name", "Relief"),
        FormField("minutes", "Minutes"),
        FormField("note", "Note"),
    ),
    "routine_runs": (
        FormField("at", "Time"),
        FormField("outcome", "Outcome"),
        FormField("pain_before", "Pain before", "0-10"),
        FormField("pain_after", "Pain after", "0-10"),
    ),
    "events": (
        FormField("at", "Time"),
        FormField("kind", "Kind"),
        FormField("minutes", "Minutes"),
        FormField("detail", "Detail"),
    ),
    "day_notes": (
        FormField("sleep_quality", "Sleep", "1-5"),
        FormField("sleep_hours", "Sleep hours"),
        FormField("stress", "Stress", "0-10"),
        FormField("reflection", "Reflection"),
        FormField("intention", "Intention"),
    ),
    "peg": (
        FormField("pain", "PEG pain", "0-10"),
        FormField("enjoyment", "Enjoyment", "0-10"),
        FormField("activity", "Activity", "0-10"),
    ),
}
"""What the day log lets a person change, per kind of record, in the order the form shows it.

Fields painpal derives (a relief's kind, a run's step counts) or that
belong to another screen (warning signs, the care team) are not here.
"""
DAY_LOG_TABLES: tuple[str, ...] = tuple(FORM_FIELDS)
"""The kinds of record the day log lists: what a person did and said during a day."""


@dataclass(frozen=True)
class DayLog:
    """One painpal day of records, as the day log shows it."""

    day: date
    today: date
    day_start_hour: int
    items: list[Listing]


def load_day_log(store: Store, day: date | None, now: datetime) -> DayLog:
    """The records of painpal day ``day`` (today when ``None``; never a day that has not come yet)."""
    from painpal import settings
    from painpal.domain.clock import painpal_day
    from painpal.domain.plan import day_bounds

    plan = settings.load(store).plan
    today = painpal_day(now, plan.day_start_hour)
    shown = today if day is None or day > today else day
    start, end = day_bounds(plan, shown, now.tzinfo or store.clock.tz)
    return DayLog(shown, today, plan.day_start_hour, listing(store, start, end, DAY_LOG_TABLES))


YES = ("yes", "y", "true")
NO = ("no", "n", "false", "")


def field_text(record: Record, name: str, zone: tzinfo) -> str:
    """A field's value as the form's box shows it: "HH:MM" for a time, "" for nothing, 2.5 not 2.50, yes or no."""
    value = getattr(record, name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value.astimezone(zone):%H:%M}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return places_text(value)
    return str(value)


def at_on_day(text: str, day: date, day_start_hour: int, zone: tzinfo, now: datetime) -> datetime:
    """The instant of "HH:MM" on painpal day ``day``; a time that has not come yet is refused.

    The log records what has happened: a check-in "at 15:00" typed at 11:00
    is a mistake, not a plan.
    """
    from painpal.domain.plan import localize, parse_hhmm

    at = localize(day, parse_hhmm(text, "time"), day_start_hour, zone)
    if at > now:
        raise ValidationError(f"{at:%H:%M} on {at:%a %d %b} has not come yet; the log records what has happened.")
    return at


def read_form(
    template: Record,
    texts: Mapping[str, Any],
    day: date,
    day_start_hour: int,
    zone: tzinfo,
    now: datetime,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's boxes as field values, and a sentence for each box that is wrong.

    Each value is checked by the record's own validation, one field at a
    time on ``template``, so every wrong box gets its own sentence; a
    problem of the record as a whole (two fields that disagree) comes under
    the key ``""``. An empty box is "nothing" (``None``).
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    yes_no = {item.name: item.label for item in FORM_FIELDS.get(template.TABLE, ()) if item.yes_no}
    for name, raw in texts.items():
        value: Any = raw.strip() if isinstance(raw, str) else raw
        if name in yes_no and isinstance(value, str):
            word = value.lower()
            if word not in YES + NO:
                errors[name] = f"{yes_no[name]}: type yes or no, not {value!r}."
                continue
            value = word in YES
        if value == "":
            value = None
        elif isinstance(value, str) and isinstance(getattr(template, name), tuple):
            value = value.split(PLACES_SEPARATOR.strip())  # "lower back; leg": several places, each checked
        try:
            if name == "at":
                if value is None:
                    raise ValidationError("The time is needed, as HH:MM.")
                value = at_on_day(str(value), day, day_start_hour, zone, now)
            checked = dataclasses.replace(template, **{name: value})
        except (ValidationError, TypeError, ValueError) as exc:
            errors[name] = str(exc)
            continue
        values[name] = getattr(checked, name)  # as the record keeps it: "7" is 7, "  hip " is "hip"
    if not errors:
        try:
            dataclasses.replace(template, **values)
        except (ValidationError, TypeError, ValueError) as exc:
            errors[""] = str(exc)
    return values, errors


def form_changes(record: Record, values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the fields whose value differs from the record's: an unchanged form changes nothing.

    A time is compared to the minute, as the form shows it: a check-in made
    at 10:05:33 and left at "10:05" keeps its seconds.
    """

    def same(old: Any, new: Any) -> bool:
        if isinstance(old, datetime) and isinstance(new, datetime):
            return old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0)
        return bool(old == new)

    return {name: value for name, value in values.items() if not same(getattr(record, name), value)}


def backfill(store: Store, template: Record, values: Mapping[str, Any]) -> Record:
    """Add a record at a past time ("I forgot to check in at 15:00"), journalled for undo; returns it."""
    fields = dict(values)
    if isinstance(template, Relief):
        fields.update(_relief_as_recorded(fields.get("at", template.at), fields.get("name"), fields.get("minutes")))
    record = dataclasses.replace(template, **fields, id=new_id())
    store.add(record, undo=f"{label(record)} (added later)")
    return record
