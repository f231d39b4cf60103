"""The store: monthly partitioning and roll-over, migrations, range queries, replace/remove across archives."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import painpal.storage.store as store_mod
from painpal import routines
from painpal.analysis.days import run_minutes
from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, DayNote, Relief, RoutineRun, ValidationError, to_record
from painpal.storage.exchange import load_export
from painpal.storage.store import (
    CorruptFileError,
    Merge,
    NewerFileError,
    Store,
    StoreError,
    UnsafePathError,
    validate_documents,
)

from .conftest import device_dir, digest, tree_digest

LONDON = ZoneInfo("Europe/London")


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A London wall time."""
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def clock() -> FixedClock:
    """A clock pinned to Monday 30 November 2026, 09:59 London."""
    return FixedClock(at(2026, 11, 30, 9, 59))


@pytest.fixture
def store(data_dir: Path, clock: FixedClock) -> Store:
    """A store over an empty, not yet created data dir."""
    return Store(data_dir, clock)


def raw(path: Path) -> dict:
    """A data file's JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def ids_in(path: Path, table: str = "checkins") -> set[str]:
    """Ids of one table in one data file."""
    return {doc["id"] for doc in (raw(path).get(table) or {}).values()}


# ----------------------------------------------------------------- basics


def test_add_then_read_back(store: Store, clock: FixedClock) -> None:
    """A stored check-in comes back equal, and the file declares painpal's schema."""
    checkin = CheckIn(at=clock.now(), intensity=5, location="腰痛 😣", note="боль")
    assert store.add(checkin) == 1
    assert store.records(CheckIn) == [checkin]
    assert store.get(CheckIn, checkin.id) == checkin
    assert store.latest(CheckIn) == checkin
    meta = list(raw(store.path)["meta"].values())
    assert meta == [{"app": "painpal", "schema": store_mod.SCHEMA_VERSION}]


def test_add_same_id_twice_adds_nothing(store: Store, clock: FixedClock) -> None:
    """Records are keyed on their id: storing one again is a no-op."""
    checkin = CheckIn(at=clock.now(), intensity=5)
    assert store.add(checkin) == 1
    assert store.add(checkin) == 0
    assert store.counts()["checkins"] == 1


def test_a_new_store_is_empty_and_writes_nothing(store: Store) -> None:
    """Opening and reading an absent data dir creates nothing on disk."""
    assert store.is_empty()
    assert store.records(CheckIn) == []
    assert store.latest(CheckIn) is None
    assert not store.data_dir.exists()


def test_settings_round_trip(store: Store) -> None:
    """Settings are JSON values by key in the live file; setting again overwrites."""
    assert store.setting("plan", "none") == "none"
    store.set_setting("plan", {"wake": "07:00"})
    store.set_setting("plan", {"wake": "06:30"})
    assert store.setting("plan") == {"wake": "06:30"}
    assert len(raw(store.path)["settings"]) == 1
    assert store.is_empty()  # settings are not records


# ---------------------------------------------------------- partitioning


def test_closed_month_goes_to_its_archive(store: Store, clock: FixedClock) -> None:
    """A check-in of last month goes to archive/YYYY-MM.json; this week's stays in the live file."""
    old = CheckIn(at=at(2026, 10, 3, 10), intensity=4)
    new = CheckIn(at=clock.now(), intensity=6)
    store.add(old, new)
    archive = store.archive_dir / "2026-10.json"
    assert ids_in(archive) == {old.id}
    assert ids_in(store.path) == {new.id}
    assert store.archive_months() == ["2026-10"]
    assert [c.id for c in store.records(CheckIn)] == [old.id, new.id]
    assert raw(archive)["meta"]  # archives carry the schema too


def test_rollover_moves_past_weeks_out_of_the_live_file(store: Store, clock: FixedClock) -> None:
    """A new week's first write moves past weeks' history to their months' archives: none lost, none twice."""
    assert clock.now().weekday() == 0, "the fixture's clock is a Monday"
    week = [CheckIn(at=at(2026, 11, 30, h), intensity=h % 11) for h in range(8, 20)]
    notes = [DayNote(at=at(2026, 11, 30, 22), day=at(2026, 11, 30).date(), stress=3)]
    store.add(*week, *notes)
    store.set_setting("plan", {"wake": "07:00"})
    assert ids_in(store.path) == {c.id for c in week}

    clock.set(at(2026, 12, 2, 8))  # a new month but the same week: the live file keeps it all
    wednesday = CheckIn(at=clock.now(), intensity=2)
    store.add(wednesday)
    assert ids_in(store.path) == {c.id for c in week} | {wednesday.id}
    assert store.archive_months() == []

    clock.set(at(2026, 12, 7, 8))  # the next Monday
    monday = CheckIn(at=clock.now(), intensity=3)
    store.add(monday)

    live = raw(store.path)
    assert ids_in(store.path) == {monday.id}
    assert not live.get("day_notes")
    assert store.setting("plan") == {"wake": "07:00"}  # settings stay live
    assert ids_in(store.archive_dir / "2026-11.json") == {c.id for c in week}
    assert ids_in(store.archive_dir / "2026-11.json", "day_notes") == {n.id for n in notes}
    assert ids_in(store.archive_dir / "2026-12.json") == {wednesday.id}
    stored = [c.id for c in store.records(CheckIn)]
    assert stored == [c.id for c in week] + [wednesday.id, monday.id]
    assert len(store.records(DayNote)) == 1


def test_rollover_repairs_a_crash_between_archive_and_live_write(store: Store, clock: FixedClock) -> None:
    """If the archive was written but the live file not (a crash), the next write finishes without duplicates."""
    old = CheckIn(at=clock.now(), intensity=2)
    store.add(old)
    # Simulate the half-done roll-over: the record is in the archive AND still in the live file.
    clock.set(at(2026, 12, 8, 8))
    store._insert_new(store.archive_dir / "2026-11.json", {"checkins": [to_record(old)]}, Merge())
    assert ids_in(store.path) == {old.id}
    assert [c.id for c in store.records(CheckIn)] == [old.id]  # readers dedupe meanwhile

    store.add(CheckIn(at=clock.now(), intensity=1))
    assert old.id not in ids_in(store.path)
    assert len(raw(store.archive_dir / "2026-11.json")["checkins"]) == 1
    assert len(store.records(CheckIn)) == 2


def test_rollover_across_several_months_and_a_year(store: Store, clock: FixedClock) -> None:
    """A laptop closed for months: every old month gets its own archive at the next write."""
    clock.set(at(2025, 12, 20))
    first = [CheckIn(at=at(2025, 12, 20, 9 + i), intensity=i) for i in range(3)]
    store.add(*first)
    clock.set(at(2026, 1, 31, 23, 30))
    second = CheckIn(at=clock.now(), intensity=4)
    store.add(second)
    clock.set(at(2026, 3, 2))
    store.add(CheckIn(at=clock.now(), intensity=5))
    assert store.archive_months() == ["2025-12", "2026-01"]
    assert ids_in(store.archive_dir / "2025-12.json") == {c.id for c in first}
    assert ids_in(store.archive_dir / "2026-01.json") == {second.id}
    assert len(store.records(CheckIn)) == 5


# ---------------------------------------------------------------- ranges


def test_records_since_until(store: Store, clock: FixedClock) -> None:
    """since is inclusive, until exclusive, across archive months and the live file."""
    times = [at(2026, 8, 31, 23, 30), at(2026, 9, 1, 0, 0), at(2026, 9, 15), at(2026, 10, 1), at(2026, 11, 30, 9)]
    records = [CheckIn(at=t, intensity=i) for i, t in enumerate(times)]
    store.add(*records)
    assert store.archive_months() == ["2026-08", "2026-09", "2026-10"]

    def got(since: datetime | None, until: datetime | None) -> list[datetime]:
        return [c.at for c in store.records(CheckIn, since, until)]

    assert got(None, None) == times
    assert got(at(2026, 9, 1, 0, 0), None) == times[1:]
    assert got(None, at(2026, 10, 1)) == times[:3]
    assert got(at(2026, 9, 1, 0, 0), at(2026, 10, 1)) == times[1:3]
    assert got(at(2026, 11, 1), at(2026, 12, 1)) == times[4:]
    assert got(at(2026, 12, 1), None) == []
    # The same instant given in UTC selects the same records.
    assert got(at(2026, 9, 1, 0, 0).astimezone(ZoneInfo("UTC")), None) == times[1:]


def test_records_since_january_looks_at_december(store: Store, clock: FixedClock) -> None:
    """The month margin wraps the year: a query from 1 January still finds New Year's Eve late records."""
    clock.set(at(2026, 2, 10))
    nye = CheckIn(at=at(2025, 12, 31, 23, 50), intensity=3)
    jan = CheckIn(at=at(2026, 1, 1, 0, 10), intensity=4)
    store.add(nye, jan)
    assert [c.id for c in store.records(CheckIn, since=at(2025, 12, 31, 12))] == [nye.id, jan.id]
    assert [c.id for c in store.records(CheckIn, until=at(2026, 1, 1, 0, 0))] == [nye.id]


# ------------------------------------------------------ replace and remove


def test_replace_and_remove_in_an_archive(store: Store, clock: FixedClock) -> None:
    """A check-in of a closed month can be detailed later and removed; the archive is rewritten, nothing else lost."""
    old = CheckIn(at=at(2026, 10, 3, 10), intensity=4)
    other = CheckIn(at=at(2026, 10, 4, 10), intensity=2)
    live = CheckIn(at=clock.now(), intensity=6)
    store.add(old, other, live)

    detailed = CheckIn(at=old.at, id=old.id, intensity=5, location="lower back", note="after gardening")
    store.save(detailed)
    assert store.get(CheckIn, old.id) == detailed
    assert len(raw(store.archive_dir / "2026-10.json")["checkins"]) == 2
    assert ids_in(store.path) == {live.id}

    assert store.remove(CheckIn, old.id) is True
    assert store.get(CheckIn, old.id) is None
    # What stays of it is a tombstone in its place, so an older export cannot bring it back.
    docs = {d["id"]: d for d in raw(store.archive_dir / "2026-10.json")["checkins"].values()}
    assert set(docs) == {old.id, other.id}
    assert set(docs[old.id]) == {"id", "at", "deleted"}
    assert store.remove(CheckIn, old.id) is False
    assert store.remove(Relief, live.id) is False  # a table the id is not in
    assert [c.id for c in store.records(CheckIn)] == [other.id, live.id]


def test_replace_and_remove_in_the_live_file(store: Store, clock: FixedClock) -> None:
    """Replace overwrites by id (or inserts if unknown); remove deletes by id."""
    first = CheckIn(at=clock.now(), intensity=4)
    store.add(first)
    store.save(CheckIn(at=first.at, id=first.id, intensity=7))
    assert [c.intensity for c in store.records(CheckIn)] == [7]
    unknown = CheckIn(at=clock.now(), intensity=1)
    store.save(unknown)
    assert store.get(CheckIn, unknown.id) == unknown
    assert store.remove(CheckIn, first.id)
    assert [c.id for c in store.records(CheckIn)] == [unknown.id]


def test_latest_looks_into_archives(store: Store, clock: FixedClock) -> None:
    """With nothing logged this month, the latest check-in is the newest archived one."""
    a = CheckIn(at=at(2026, 9, 3), intensity=1)
    b = CheckIn(at=at(2026, 10, 28), intensity=2)
    store.add(b, a)
    assert store.latest(CheckIn) == b
    assert not store.is_empty()


# -------------------------------------------------------------- migrations


CURRENT = store_mod.SCHEMA_VERSION


def _write_current(store: Store, clock: FixedClock) -> tuple[CheckIn, CheckIn]:
    """A data dir of today's schema with one live and one archived check-in."""
    old = CheckIn(at=at(2026, 10, 3, 10), intensity=4, note="old")
    new = CheckIn(at=clock.now(), intensity=6, note="new")
    store.add(old, new)
    return old, new


def _register_next(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A next schema in which every check-in gains ``source: "v1"``. Returns a list that counts migration calls."""
    calls: list[int] = []

    def to_v2(data: dict) -> dict:
        calls.append(1)
        for doc in (data.get("checkins") or {}).values():
            doc["source"] = "v1"
        return data

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setitem(store_mod.MIGRATIONS, CURRENT, to_v2)
    return calls


def test_migration_backs_up_then_migrates_the_live_file(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of today's schema opened by the next painpal: a byte-exact backup, then a migrated file."""
    store = Store(data_dir, clock)
    _, new = _write_current(store, clock)
    before = store.path.read_bytes()

    calls = _register_next(monkeypatch)
    upgraded = Store(data_dir, clock)
    upgraded.add(CheckIn(at=clock.now(), intensity=2))

    data = raw(upgraded.path)
    assert [d["schema"] for d in data["meta"].values()] == [CURRENT + 1]
    migrated = data["checkins"]
    assert len(migrated) == 2
    assert [d.get("source") for d in migrated.values() if d["id"] == new.id] == ["v1"]
    backups = sorted(store.device_dir.glob(f"painpal.json.bak-v{CURRENT}-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == before
    assert backups[0].stat().st_mode & 0o777 == 0o600
    n = len(calls)
    upgraded.add(CheckIn(at=clock.now(), intensity=3))
    assert len(calls) == n  # a migrated file is not migrated again
    assert len(list(store.device_dir.glob("painpal.json.bak-*"))) == 1


def test_migration_reaches_archives_too(data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an upgrade, history in closed months is still readable and migrated, never stranded at the old version."""
    store = Store(data_dir, clock)
    old, new = _write_current(store, clock)
    archive = store.archive_dir / "2026-10.json"
    archive_before = archive.read_bytes()

    _register_next(monkeypatch)
    upgraded = Store(data_dir, clock)
    upgraded.add(CheckIn(at=clock.now(), intensity=2))

    assert [d["schema"] for d in raw(archive)["meta"].values()] == [CURRENT + 1]
    assert [d.get("source") for d in raw(archive)["checkins"].values()] == ["v1"]
    assert {c.id for c in upgraded.records(CheckIn)} >= {old.id, new.id}
    assert [p.read_bytes() for p in archive.parent.glob(f"2026-10.json.bak-v{CURRENT}-*")] == [archive_before]
    assert upgraded.archive_months() == ["2026-10"]  # backups are not mistaken for months


def test_newer_schema_is_refused_and_untouched(data_dir: Path, clock: FixedClock) -> None:
    """A file from a newer painpal is never rewritten."""
    Store(data_dir, clock).add(CheckIn(at=clock.now(), intensity=5))
    path = device_dir(data_dir) / "painpal.json"
    data = raw(path)
    for doc in data["meta"].values():
        doc["schema"] = 99
    path.write_text(json.dumps(data))
    before = tree_digest(data_dir)
    with pytest.raises(NewerFileError, match="newer painpal"):
        Store(data_dir, clock)
    assert tree_digest(data_dir) == before


# -------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b'{"meta": {"1": {"app": "painpal", "sch', CorruptFileError, "not valid JSON"),
        (b"\xff\xfe garbage", CorruptFileError, "not valid JSON"),
        (b"[1, 2, 3]", CorruptFileError, "not a painpal data file"),
        (b'{"checkins": [1, 2]}', CorruptFileError, "wrong shape"),
        (b'{"checkins": {"1": 5}}', CorruptFileError, "wrong shape"),
        (b'{"users": {"1": {"name": "ann"}}}', CorruptFileError, "not painpal's"),
        (b'{"meta": {"1": {"app": "painpal", "schema": "one"}}}', CorruptFileError, "unknown schema"),
        (b'{"meta": {"1": {"app": "painpal", "schema": 99}}}', NewerFileError, "newer painpal"),
    ],
)
def test_bad_live_file_is_refused_by_name(
    data_dir: Path, clock: FixedClock, content: bytes, error: type[Exception], words: str
) -> None:
    """Opening a bad file names it and says what is wrong; the file is not touched."""
    data_dir.mkdir()
    path = data_dir / "painpal.json"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        Store(data_dir, clock)
    assert str(path) in str(info.value)
    assert words in str(info.value)
    assert path.read_bytes() == content


def test_corrupt_archive_is_refused_on_read_and_write(store: Store, clock: FixedClock) -> None:
    """A torn archive never becomes an empty month: reads and writes into it refuse, naming it."""
    august = CheckIn(at=at(2026, 8, 3), intensity=1)
    store.add(august, CheckIn(at=at(2026, 10, 3), intensity=4), CheckIn(at=clock.now(), intensity=3))
    archive = store.archive_dir / "2026-10.json"
    archive.write_bytes(archive.read_bytes()[:40])
    before = digest(archive)
    fresh = Store(store.data_dir, clock)
    with pytest.raises(CorruptFileError, match=r"2026-10\.json"):
        fresh.records(CheckIn)
    with pytest.raises(CorruptFileError, match=r"2026-10\.json"):
        fresh.add(CheckIn(at=at(2026, 10, 5), intensity=2))
    assert digest(archive) == before
    assert fresh.records(CheckIn, until=at(2026, 8, 31)) == [august]  # months far from it stay readable


def test_record_without_time_is_reported(store: Store, clock: FixedClock) -> None:
    """A stored record with a broken time is named, not silently dropped."""
    store.add(CheckIn(at=clock.now(), intensity=3))
    data = raw(store.path)
    next(iter(data["checkins"].values()))["at"] = "someday"
    store.path.write_text(json.dumps(data))
    with pytest.raises(CorruptFileError, match=r"cannot read.*time \(.at.\)"):
        Store(store.data_dir, clock).records(CheckIn)


def test_symlinks_are_refused(data_dir: Path, clock: FixedClock, tmp_path: Path) -> None:
    """A symlink at the live file or the lock file could redirect writes: refused."""
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    data_dir.mkdir()
    (data_dir / "painpal.json").symlink_to(target)
    with pytest.raises(UnsafePathError):
        Store(data_dir, clock)
    (data_dir / "painpal.json").unlink()
    device_dir(data_dir).mkdir(parents=True)
    (device_dir(data_dir) / "painpal.lock").symlink_to(target)
    with pytest.raises(UnsafePathError):
        Store(data_dir, clock)
    (device_dir(data_dir) / "painpal.lock").unlink()
    (device_dir(data_dir) / "painpal.json").symlink_to(target)
    with pytest.raises(UnsafePathError):
        Store(data_dir, clock)
    assert target.read_text() == "{}"


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    """A file where the data dir should be is a clear StoreError."""
    path = tmp_path / "data"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not a directory"):
        Store(path, clock)


def test_stale_temp_files_are_swept(store: Store, clock: FixedClock) -> None:
    """Temp files a killed writer left behind are removed by the next write, in the dir and the archive."""
    store.add(CheckIn(at=at(2026, 10, 1), intensity=1), CheckIn(at=clock.now(), intensity=1))
    for directory in (store.device_dir, store.archive_dir):
        (directory / ".painpal-dead.tmp").write_text("{")
    keep = store.data_dir / "notes.txt"
    keep.write_text("mine")
    store.add(CheckIn(at=clock.now(), intensity=2))
    assert not list(store.data_dir.rglob(".painpal-*.tmp"))
    assert keep.read_text() == "mine"


# ------------------------------------------------------- change detection


def test_changed_sees_another_store_write(data_dir: Path, clock: FixedClock) -> None:
    """A long-open store notices a write made through another handle (as from another process)."""
    reader = Store(data_dir, clock)
    assert reader.changed() is False  # the first call only records the signature
    assert reader.changed() is False
    writer = Store(data_dir, clock)
    first = CheckIn(at=clock.now(), intensity=5)
    writer.add(first)
    assert reader.changed() is True
    assert reader.changed() is False
    assert reader.records(CheckIn) == [first]
    writer.add(CheckIn(at=at(2026, 9, 1), intensity=2))  # an archive-only write
    assert reader.changed() is True


def test_file_modes_are_private(store: Store, clock: FixedClock) -> None:
    """Directory 0700, every file 0600, in-process too."""
    old = os.umask(0)
    try:
        store.add(CheckIn(at=at(2026, 10, 1), intensity=1), CheckIn(at=clock.now(), intensity=1))
    finally:
        os.umask(old)
    assert store.data_dir.stat().st_mode & 0o777 == 0o700
    assert store.archive_dir.stat().st_mode & 0o777 == 0o700
    for path in store.data_dir.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o600, path


# ------------------------------------------------------------- imports


def test_validate_documents_checks_before_writing() -> None:
    """Imported documents are validated as records; the first bad one is named by its position."""
    good = to_record(CheckIn(at=at(2026, 11, 1), intensity=3))
    assert validate_documents([("checkins", good)]) == [("checkins", good)]
    with pytest.raises(ValidationError, match="Record 2"):
        validate_documents([("checkins", good), ("checkins", {**good, "intensity": 40})])
    with pytest.raises(ValidationError, match="unknown table"):
        validate_documents([("secrets", good)])


def test_add_documents_spreads_over_files_and_dedupes(store: Store, clock: FixedClock) -> None:
    """Bulk documents land in their month's file; importing the same ones again adds nothing."""
    docs = [("checkins", to_record(CheckIn(at=clock.now() - timedelta(days=d), intensity=d % 11))) for d in range(90)]
    assert store.add_documents(docs) == 90
    assert store.add_documents(docs) == 0
    # Everything before this week (a Monday) is archived by month, November's days included.
    assert store.archive_months() == ["2026-09", "2026-10", "2026-11"]
    assert ids_in(store.path) == {docs[0][1]["id"]}
    assert len(store.records(CheckIn)) == 90


def test_an_old_run_record_without_seconds_still_loads_and_counts_what_was_done(
    tmp_path: Path, clock: FixedClock
) -> None:
    """Runs stored before ``seconds`` existed (and the "done, 0 of 6 steps" ones) load, from files and exports."""
    old_done = {
        "id": "a" * 32,
        "at": "2026-11-20T08:00:00+00:00",
        "routine": "morning-mobility",
        "outcome": "done",
        "ended": "2026-11-20T08:04:00+00:00",
        "steps_done": 3,
        "steps_total": 6,
        "pain_before": 4,
        "pain_after": 3,
        "transition": "wake",
    }
    old_empty = {**old_done, "id": "b" * 32, "steps_done": 0, "pain_after": None}
    before_steps = {"id": "c" * 32, "at": "2026-11-20T09:00:00+00:00", "routine": "walk-10", "outcome": "done"}
    store = Store(tmp_path / "data", clock)
    store.add_documents([("routine_runs", doc) for doc in (old_done, old_empty, before_steps)])
    runs = {r.id[0]: r for r in store.records(RoutineRun)}
    assert {r.seconds for r in runs.values()} == {None}
    morning = routines.get("morning-mobility")
    walk = routines.get("walk-10")
    assert morning is not None and walk is not None
    assert (runs["a"].result, runs["a"].done) == ("done", True)
    assert run_minutes(runs["a"]) == pytest.approx(morning.total_seconds / 60 / 2), "half the steps, half the time"
    assert (runs["b"].outcome, runs["b"].result, run_minutes(runs["b"])) == ("done", "skipped", 0.0)
    assert run_minutes(runs["c"]) == pytest.approx(walk.total_seconds / 60), "steps never counted: the whole walk"
    exported = tmp_path / "old-export.json"
    exported.write_text(json.dumps({"format": "painpal-export", "schema": 1, "records": {"routine_runs": [old_done]}}))
    again = Store(tmp_path / "again", clock)
    again.merge_documents(load_export(exported).documents)
    assert [(r.id, r.seconds, r.steps_done) for r in again.records(RoutineRun)] == [("a" * 32, None, 3)]
