"""Correcting the record in the store: edits keep ids, deletions leave tombstones, undo, and merges that respect both.

The merge cases are the ones a person meets: delete a record, then import a
backup taken before; edit one, then import an older export. Neither may
bring back what was deleted or put back what was corrected.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, Relief, ValidationError, to_record
from painpal.storage.exchange import export_json, load_export
from painpal.storage.store import UNDO_DEPTH, Store, left_behind

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(data_dir: Path, clock: FixedClock) -> Store:
    return Store(data_dir, clock)


def intensities(store: Store) -> list[int]:
    return [c.intensity for c in store.records(CheckIn)]


def backup(store: Store, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(export_json(store, store.clock.now()))
    return path


def test_an_edit_that_moves_a_record_to_another_month_keeps_one_copy(store: Store, clock: FixedClock) -> None:
    checkin = CheckIn(at=NOW - timedelta(hours=1), intensity=6)
    store.add(checkin)
    moved = dataclasses.replace(checkin, at=datetime(2026, 10, 20, 15, tzinfo=LONDON), changed=NOW)
    store.save(moved, moved_from=checkin.at)
    assert store.records(CheckIn) == [moved]
    # The old file keeps only the tombstone the move leaves behind (for other devices' copies of that month).
    (left,) = json.loads(store.path.read_text())["checkins"].values()
    assert left == left_behind(to_record(moved), checkin.at.isoformat())
    assert store.get(CheckIn, checkin.id) == moved
    assert store.records(CheckIn, since=NOW - timedelta(days=1)) == []


def test_undo_takes_back_the_last_actions_newest_first_across_a_restart(
    store: Store, data_dir: Path, clock: FixedClock
) -> None:
    first = CheckIn(at=NOW - timedelta(minutes=30), intensity=3)
    store.add(first, undo="pain 3")
    detailed = dataclasses.replace(first, location="lower back")
    store.save(detailed, undo="details of pain 3")
    store.add(Relief(at=NOW, name="heat"), undo="heat")

    again = Store(data_dir, clock)  # a new process: the journal is on disk
    assert again.undo_labels() == ["heat", "details of pain 3", "pain 3"]
    assert again.undo() == "heat"
    assert again.records(Relief) == []
    assert again.undo() == "details of pain 3"
    assert [c.location for c in again.records(CheckIn)] == [()]
    assert again.undo() == "pain 3"
    assert again.records(CheckIn) == []
    assert again.undo() is None


def test_undo_of_a_deletion_brings_the_record_back(store: Store) -> None:
    checkin = CheckIn(at=NOW, intensity=8)
    store.add(checkin)
    assert store.delete(CheckIn, checkin.id, undo="delete pain 8") == checkin
    assert store.records(CheckIn) == []
    assert store.undo() == "delete pain 8"
    assert [(c.id, c.intensity) for c in store.records(CheckIn)] == [(checkin.id, 8)]


def test_the_journal_keeps_only_the_newest_actions(store: Store, clock: FixedClock) -> None:
    for n in range(UNDO_DEPTH + 5):
        clock.set(NOW + timedelta(seconds=n))
        store.add(CheckIn(at=clock.now(), intensity=n % 11), undo=f"pain {n}")
    labels = store.undo_labels()
    assert len(labels) == UNDO_DEPTH
    assert labels[0] == f"pain {UNDO_DEPTH + 4}"


def test_an_older_backup_never_brings_back_a_deleted_record(store: Store, tmp_path: Path, clock: FixedClock) -> None:
    keep, drop = CheckIn(at=NOW - timedelta(days=40), intensity=2), CheckIn(at=NOW, intensity=9)
    store.add(keep, drop)
    old = backup(store, tmp_path, "before.json")
    clock.set(NOW + timedelta(minutes=5))
    store.delete(CheckIn, drop.id)
    merge = store.merge_documents(load_export(old).documents)
    assert (merge.added, merge.kept_deleted) == (0, 1)
    assert intensities(store) == [2]


def test_an_older_backup_never_undoes_an_edit(store: Store, tmp_path: Path, clock: FixedClock) -> None:
    checkin = CheckIn(at=NOW - timedelta(days=3), intensity=5)
    store.add(checkin)
    old = backup(store, tmp_path, "before.json")
    clock.set(NOW + timedelta(minutes=5))
    store.save(dataclasses.replace(checkin, intensity=4, changed=clock.now()))
    merge = store.merge_documents(load_export(old).documents)
    assert merge.differing == [checkin.id]
    assert intensities(store) == [4]


def test_a_newer_backup_carries_edits_and_deletions_into_an_older_folder(
    data_dir: Path, tmp_path: Path, clock: FixedClock
) -> None:
    """The other direction: the folder is behind, the export is ahead."""
    laptop = Store(tmp_path / "laptop", clock)
    a, b = CheckIn(at=NOW - timedelta(days=50), intensity=5), CheckIn(at=NOW, intensity=7)
    laptop.add(a, b)
    desk = Store(data_dir, clock)
    desk.merge_documents(load_export(backup(laptop, tmp_path, "one.json")).documents)
    clock.set(NOW + timedelta(minutes=5))
    laptop.save(dataclasses.replace(a, intensity=3, changed=clock.now()))
    laptop.delete(CheckIn, b.id)
    merge = desk.merge_documents(load_export(backup(laptop, tmp_path, "two.json")).documents)
    assert (merge.updated, merge.deleted) == (1, 1)
    assert intensities(desk) == [3]
    assert desk.merge_documents(load_export(backup(laptop, tmp_path, "two.json")).documents).present == 2


def test_a_schema_1_folder_reads_and_is_written_without_a_migration(data_dir: Path, clock: FixedClock) -> None:
    """Every folder painpal 0.1 wrote: read as it is and left as it is; this device's own files are schema 2.

    No schema migration (nor its backup) is needed; the only backup is the one copy made when the device
    first takes over a folder of the old layout.
    """
    checkin = CheckIn(at=NOW - timedelta(days=45), intensity=4)
    data_dir.mkdir()
    (data_dir / "archive").mkdir()
    (data_dir / "archive" / "2026-10.json").write_text(
        json.dumps({"meta": {"1": {"app": "painpal", "schema": 1}}, "checkins": {"1": to_record(checkin)}})
    )
    (data_dir / "painpal.json").write_text(json.dumps({"meta": {"1": {"app": "painpal", "schema": 1}}}))
    store = Store(data_dir, clock)
    assert store.records(CheckIn) == [checkin]
    store.add(CheckIn(at=NOW, intensity=6))
    store.delete(CheckIn, checkin.id)
    assert intensities(store) == [6]
    for path in (data_dir / "painpal.json", data_dir / "archive" / "2026-10.json"):
        assert [d["schema"] for d in json.loads(path.read_text())["meta"].values()] == [1]
    for path in (store.path, store.archive_dir / "2026-10.json"):
        assert [d["schema"] for d in json.loads(path.read_text())["meta"].values()] == [2]
    assert [p.name[: len("painpal.json.bak-layout")] for p in data_dir.rglob("*.bak-*")] == ["painpal.json.bak-layout"]


# ------------------------------------------------------------------ the day log's form

LONDON_ZONE = ZoneInfo("Europe/London")
LATE = datetime(2026, 12, 1, 2, 30, tzinfo=LONDON_ZONE)
"""02:30 on Tuesday by the calendar: still Monday's painpal day (it starts at 04:00)."""


def test_a_time_before_the_day_start_hour_falls_on_the_next_calendar_date() -> None:
    from painpal.services.corrections import at_on_day

    at = at_on_day("01:15", LATE.date() - timedelta(days=1), 4, LONDON_ZONE, LATE)
    assert (at.date().isoformat(), f"{at:%H:%M}") == ("2026-12-01", "01:15")
    with pytest.raises(ValidationError, match="has not come yet"):
        at_on_day("03:00", LATE.date() - timedelta(days=1), 4, LONDON_ZONE, LATE)


def test_read_form_gives_each_wrong_box_its_own_sentence_and_keeps_values_as_stored() -> None:
    from painpal.services.corrections import form_changes, read_form

    record = CheckIn(at=LATE.replace(hour=1, second=33), intensity=4)
    day = LATE.date() - timedelta(days=1)
    values, errors = read_form(
        record, {"intensity": "eleven", "at": "7pm", "leg_spread": "perhaps"}, day, 4, LONDON_ZONE, LATE
    )
    assert set(errors) == {"intensity", "at", "leg_spread"} and values == {}
    values, errors = read_form(
        record, {"intensity": " 6 ", "at": "01:30", "location": "  ", "leg_spread": "y"}, day, 4, LONDON_ZONE, LATE
    )
    assert errors == {}
    assert values["intensity"] == 6 and values["location"] == () and values["leg_spread"] is True
    assert set(form_changes(record, values)) == {"intensity", "leg_spread"}, "the time, to the minute, is unchanged"
