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
from datetime import datetime
from typing import Any

from painpal.domain.records import (
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
        parts = [f"pain {record.intensity}", *(v for v in (record.location, record.quality, record.activity) if v)]
        if record.leg_spread:
            parts.append("spreads to the leg")
    elif isinstance(record, Relief):
        minutes = f"{record.minutes:g} min" if record.minutes is not None else None
        parts = [record.name, record.kind, *([minutes] if minutes else [])]
    elif isinstance(record, RoutineRun):
        parts = [record.routine, record.outcome, f"{record.steps_done} of {record.steps_total} steps"]
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
    """Every record between ``since`` and ``until`` (exclusive), of the kinds asked for, oldest first."""
    out: list[Listing] = []
    for table in tables or TABLES:
        out.extend(Listing(r) for r in store.records(TABLES[table], since, until))
    out.sort(key=lambda item: item.record.at)
    return out


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
        from painpal.domain.relief import as_recorded, relief_kind

        name = str(values.get("name", record.name))
        Relief(at=record.at, name=name, minutes=values.get("minutes", record.minutes))  # refuse bad minutes first
        values["name"], values["minutes"] = as_recorded(name, values.get("minutes", record.minutes))
        values["kind"] = relief_kind(values["name"])
    # The dataclass's own checks, exactly as when the record was first made (typed text such as "7" included).
    new = dataclasses.replace(record, **values, changed=now)
    store.save(new, moved_from=record.at, undo=f"edit of {label(record)}")
    return new


def delete(store: Store, record: Record) -> None:
    """Delete ``record`` (a tombstone stays), journalled so undo can bring it back."""
    store.delete(type(record), record.id, undo=f"deletion of {label(record)}")


def undo(store: Store) -> str | None:
    """Take back the last action; the label of what was undone, or ``None`` when there is nothing."""
    return store.undo()
