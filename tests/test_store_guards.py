"""What the store refuses, and what it never does to a folder or a file it cannot read.

Each test builds the bad situation with real files, asks the store to read
or write, and checks both the sentence and that the folder is byte-for-byte
as it was (``tree_digest``) wherever painpal refused.
"""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, Relief, ValidationError, to_record
from painpal.storage import files
from painpal.storage.files import StoreError, private_folder
from painpal.storage.store import CorruptFileError, Store, UnsafePathError, validate_documents

from .conftest import tree_digest

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)


def at(y: int, m: int, d: int, hh: int = 9) -> datetime:
    return datetime(y, m, d, hh, tzinfo=LONDON)


@pytest.fixture
def store(data_dir: Path) -> Store:
    """A store with a check-in this week and two in archived months (October and November)."""
    s = Store(data_dir, FixedClock(NOW))
    s.add(CheckIn(at=at(2026, 10, 12), intensity=3), CheckIn(at=at(2026, 11, 16), intensity=4))
    s.add(CheckIn(at=NOW, intensity=5))
    assert s.archive_months() == ["2026-10", "2026-11"]
    return s


def rewrite(path: Path, change: str) -> None:
    """Edit the first check-in of a data file as a person with a text editor might."""
    data = json.loads(path.read_text())
    doc = next(iter(data["checkins"].values()))
    field, _, value = change.partition("=")
    if value == "<gone>":
        doc.pop(field)
    else:
        doc[field] = json.loads(value)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "change",
    ['at="garbage"', "at=<gone>", "at=20261120", 'at="2026-12-01T10:00:00"', "id=<gone>", "intensity=99"],
)
@pytest.mark.parametrize("where", ["live", "archive"])
def test_a_writer_refuses_a_file_with_a_record_it_cannot_read(
    store: Store, data_dir: Path, change: str, where: str
) -> None:
    """A write would carry the bad record forward (or die on it in the roll-over): refused, file untouched."""
    path = store.path if where == "live" else store.archive_dir / "2026-11.json"
    rewrite(path, change)
    before = tree_digest(data_dir)
    fresh = Store(data_dir, FixedClock(NOW))
    # A check-in now writes the live file; one backfilled into November writes that archive.
    when = NOW if where == "live" else at(2026, 11, 17)
    with pytest.raises(CorruptFileError, match=r"cannot read.*saved nothing and left the file untouched"):
        fresh.add(CheckIn(at=when, intensity=6))
    assert tree_digest(data_dir) == before
    with pytest.raises(CorruptFileError, match=re.escape(str(path))):
        list(fresh.export_documents())  # a backup that import would refuse is never written
    assert tree_digest(data_dir) == before


def test_a_zone_less_time_is_never_moved_into_an_archive(data_dir: Path) -> None:
    """A naive time from last week used to be rolled into an archive, after which every read died."""
    s = Store(data_dir, FixedClock(at(2026, 11, 20)))
    s.add(CheckIn(at=at(2026, 11, 20), intensity=3))
    rewrite(s.path, 'at="2026-11-20T10:00:00"')
    before = tree_digest(data_dir)
    later = Store(data_dir, FixedClock(NOW))  # a new week: the roll-over would move it
    with pytest.raises(CorruptFileError, match="UTC offset"):
        later.add(CheckIn(at=NOW, intensity=4))
    with pytest.raises(CorruptFileError, match="UTC offset"):
        later.records(CheckIn)
    assert tree_digest(data_dir) == before


def test_a_write_touching_many_files_is_all_or_nothing(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills on the third file of an import: no file changed, no temp file left, one sentence."""
    before = tree_digest(data_dir)
    docs = [("checkins", to_record(CheckIn(at=at(2026, month, 10), intensity=2))) for month in range(1, 12)]
    docs.append(("checkins", to_record(CheckIn(at=NOW, intensity=7))))
    real = files.write_temp
    calls = []

    def filling(path: Path, payload: bytes) -> str:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, payload)

    monkeypatch.setattr("painpal.storage.store.write_temp", filling)
    with pytest.raises(StoreError, match=r"disk is full\. Nothing was changed"):
        store.merge_documents(docs)
    assert tree_digest(data_dir) == before
    monkeypatch.undo()
    # The store's memory agrees with the files, and the same import then goes through whole.
    assert [c.intensity for c in store.records(CheckIn)] == [3, 4, 5]
    assert store.merge_documents(docs).added == 12
    assert len(store.records(CheckIn)) == 15


def test_an_archive_outside_the_range_is_read_when_it_holds_records_from_inside(store: Store) -> None:
    """``2019-01.json`` holding November (a hand-made restore): a 30-day read still finds them."""
    (store.archive_dir / "2026-11.json").rename(store.archive_dir / "2019-01.json")
    fresh = Store(store.data_dir, FixedClock(NOW))
    recent = fresh.records(CheckIn, since=at(2026, 11, 2))
    assert [c.intensity for c in recent] == [4, 5]


@pytest.mark.parametrize("kind", ["file", "link to a folder", "link to /dev/null"])
def test_the_archive_folder_must_be_a_real_folder(store: Store, data_dir: Path, tmp_path: Path, kind: str) -> None:
    """A roll-over into a linked archive would write wherever the link points: refused, never followed."""
    elsewhere = tmp_path / "elsewhere"
    store.archive_dir.rename(elsewhere)
    if kind == "file":
        store.archive_dir.write_text("not a folder")
    else:
        store.archive_dir.symlink_to(elsewhere if kind == "link to a folder" else Path(os.devnull))
    before, target = tree_digest(data_dir), tree_digest(elsewhere)
    fresh = Store(data_dir, FixedClock(at(2026, 12, 9)))  # next week: the roll-over would write an archive
    with pytest.raises(UnsafePathError, match="archive"):
        fresh.add(CheckIn(at=at(2026, 12, 9), intensity=2))
    with pytest.raises(UnsafePathError, match="archive"):
        fresh.records(CheckIn)
    assert tree_digest(data_dir) == before
    assert tree_digest(elsewhere) == target


def test_read_only_is_respected(store: Store, data_dir: Path) -> None:
    """A folder or file the person made read-only stays so; checked on the owner's write bit, so even for root."""
    for path, mode, what in ((data_dir, 0o500, "folder"), (store.path, 0o400, "file")):
        path.chmod(mode)
        try:
            before = tree_digest(data_dir)
            with pytest.raises(StoreError, match=f"read-only \\(mode 0{mode:o}\\).*make the {what} writable"):
                Store(data_dir, FixedClock(NOW)).add(CheckIn(at=NOW, intensity=1))
            assert stat.S_IMODE(path.stat().st_mode) == mode  # never chmod-ed back
            assert tree_digest(data_dir) == before
            assert len(Store(data_dir, FixedClock(NOW)).records(CheckIn)) == 3  # reading still works
        finally:
            path.chmod(0o700 if path == data_dir else 0o600)


def test_private_folder_makes_every_missing_parent_private(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        private_folder(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_private_folder_takes_away_group_bits_but_never_adds_the_owners(tmp_path: Path) -> None:
    shared, locked = tmp_path / "shared", tmp_path / "locked"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    locked.mkdir()
    locked.chmod(0o500)
    private_folder(shared)
    private_folder(locked)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o700
    assert stat.S_IMODE(locked.stat().st_mode) == 0o500


def test_a_folder_of_another_account_is_refused_by_name(data_dir: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another account")
    data_dir.mkdir()
    os.chown(data_dir, 65534, 65534)
    with pytest.raises(StoreError, match=r"belongs to .*not to you"):
        Store(data_dir, FixedClock(NOW))


def test_an_import_says_which_stored_ids_it_did_not_overwrite(store: Store) -> None:
    stored = store.records(CheckIn)
    same = to_record(stored[0])
    edited = {**to_record(stored[1]), "intensity": 9}
    new = to_record(Relief(at=NOW, name="heat"))
    merge = store.merge_documents([("checkins", same), ("checkins", edited), ("reliefs", new)])
    assert (merge.added, merge.present, merge.differing) == (1, 1, [stored[1].id])
    assert store.get(CheckIn, stored[1].id) == stored[1]  # the stored one was kept


def test_one_id_twice_in_an_import() -> None:
    """The same record twice is one record; two different ones under one id are refused (which is right?)."""
    doc = to_record(CheckIn(at=NOW, intensity=4))
    assert len(validate_documents([("checkins", doc), ("checkins", dict(doc))])) == 1
    with pytest.raises(ValidationError, match="Records 1 and 2 share the id"):
        validate_documents([("checkins", doc), ("checkins", {**doc, "intensity": 5})])
