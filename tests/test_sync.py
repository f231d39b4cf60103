"""Two and three devices sharing one history through a folder-sync tool, simulated.

Each machine has its own copy of the data folder. A *sync step* carries
files from one machine's folder to another's the way Syncthing or Dropbox
would: in a random order, some only partly at first (completed at a later
step), some as conflict copies (``painpal.sync-conflict-...json``,
``painpal (... conflicted copy ...).json``) beside a stale version. Between
steps the devices make check-ins, edit and delete what they see and change
settings. When the sync has settled, every machine must show exactly the
records and settings of a model that keeps, per id and per key, the newest
change: nothing lost, nothing deleted comes back, no device wrote another's
file. The same checks against two real Syncthing instances are in
``tests/test_syncthing.py`` (slow).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn, to_record
from painpal.storage.devices import data_file_name, device_id
from painpal.storage.exchange import export_json, load_export
from painpal.storage.files import StoreError
from painpal.storage.store import Store

from .conftest import cli_env, device_dir, run_cli

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 9, 24, 8, 0, tzinfo=LONDON)
"""Late September: a run crosses week and month ends, so records roll over into archives on every device."""
KEYS = ("theme", "quiet_hours_test")


class Machine:
    """One machine: its own copy of the data folder and a long-open store (as the TUI keeps) for its device."""

    def __init__(self, root: Path, device: str, clock: FixedClock) -> None:
        self.root = root
        self.device = device
        self.clock = clock
        self.store = Store(root, clock, device=device)

    def fresh(self) -> Store:
        return Store(self.root, self.clock, device=self.device)

    def view(self, store: Store | None = None) -> dict[str, dict[str, Any]]:
        return {c.id: to_record(c) for c in (store or self.store).records(CheckIn)}

    def foreign(self) -> dict[str, str]:
        """Digest of every file this machine holds of the other devices (and of sync tools)."""
        out = {}
        for path in sorted((self.root / "devices").rglob("*")):
            if path.is_file() and path.parent.name != self.device and self.device not in path.parts:
                out[str(path.relative_to(self.root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        return out


def owned_files(root: Path) -> list[Path]:
    """Every file a sync tool would carry: all of ``devices/``, minus painpal's own temp files."""
    return sorted(p for p in (root / "devices").rglob("*") if p.is_file() and not p.name.startswith(".painpal-"))


class Sync:
    """A folder-sync tool between machines: newest file wins by modification time, with faults on the way."""

    def __init__(self, rng: random.Random, faults: bool = True) -> None:
        self.rng = rng
        self.faults = faults
        self.conflicts = 0
        self.partials = 0
        self.arriving: set[Path] = set()
        """Files written only in part: a tool makes no conflict copy of a file it has not finished copying."""

    def step(self, src: Machine, dst: Machine) -> None:
        files = owned_files(src.root)
        self.rng.shuffle(files)
        for path in files:
            rel = path.relative_to(src.root)
            target = dst.root / rel
            if path in self.arriving:
                continue  # a tool carries on only what it has finished receiving
            if self.faults and dst.device in rel.parts and self.rng.random() < 0.05:
                self._conflict_copy(path, target)  # the tool wrongly thought the owner's file changed elsewhere
                continue
            try:
                st = path.stat()  # before reading: a file replaced meanwhile looks older here, so it is copied again
            except FileNotFoundError:
                continue
            if target.exists() and target.stat().st_mtime_ns >= st.st_mtime_ns:
                continue
            if dst.device in rel.parts:
                continue  # a machine's own files are always newest where they are written
            payload = path.read_bytes()
            target.parent.mkdir(parents=True, exist_ok=True)
            roll = self.rng.random() if self.faults else 1.0
            if roll < 0.15 and len(payload) > 2:
                target.write_bytes(payload[: self.rng.randrange(1, len(payload))])  # still arriving
                os.utime(target, ns=(0, 0))  # older than the source: the next step completes it
                self.partials += 1
                self.arriving.add(target)
            elif roll < 0.25 and target.exists():
                self._conflict_copy(path, target)
            else:
                target.write_bytes(payload)
                self.arriving.discard(target)
                os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))

    def _conflict_copy(self, path: Path, target: Path) -> None:
        """Dropbox's or Syncthing's conflict copy of ``path`` beside ``target``, which stays as it was."""
        kind = data_file_name(target.name)
        if not target.parent.exists() or kind is None or kind[1]:
            return  # tools make conflict copies of the files that changed, not of their own copies
        stem, ext = target.name.split(".", 1)
        name = self.rng.choice(
            [
                f"{stem}.sync-conflict-20261201-{self.rng.randrange(10**6):06d}-ABCDEFG.{ext}",
                f"{stem} (Ann's conflicted copy 2026-12-{self.rng.randrange(1, 29):02d}).{ext}",
            ]
        )
        (target.parent / name).write_bytes(path.read_bytes())
        self.conflicts += 1


class Model:
    """What every machine must show in the end: per id and per key, the newest change."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[datetime, dict[str, Any] | None]] = {}
        self.settings: dict[str, tuple[datetime, Any]] = {}
        self.contested: set[str] = set()
        """Ids changed on a machine that had not yet seen their latest change (two devices edited one record).

        The newest change still wins everywhere history is read whole; a read of one month may also show
        the losing version when it moved the record elsewhere (see :func:`painpal.storage.store.left_behind`)."""

    def alive(self) -> dict[str, dict[str, Any]]:
        return {rid: doc for rid, (_, doc) in self.records.items() if doc is not None}

    def change(self, seen: CheckIn, now: datetime, doc: dict[str, Any] | None) -> None:
        """``seen``, as this machine showed it, changed (``None``: deleted) at ``now``."""
        if self.records[seen.id][1] != to_record(seen):
            self.contested.add(seen.id)
        self.records[seen.id] = (now, doc)


SHIFTS_H = (0, 0, 5, 30, 24 * 40, 24 * 75, None)
"""How far an edit moves a check-in back in time, in hours; ``None`` moves it to a minute ago. Some
cross a month end, some land months away: another device's copy then stays behind in the old month."""


def act(machine: Machine, model: Model, rng: random.Random, n: int) -> None:
    """One thing a person does on this machine: a check-in, an edit or deletion of what they see, a setting."""
    store, now = machine.store, machine.clock.now()
    seen = store.records(CheckIn)
    roll = rng.random()
    if roll < 0.45 or not seen:
        checkin = CheckIn(at=now, intensity=rng.randrange(11), note=f"{machine.device}-{n}")
        store.add(checkin, undo="pain")
        model.records[checkin.id] = (now, to_record(checkin))
    elif roll < 0.65:
        old = rng.choice(seen)
        shift = rng.choice(SHIFTS_H)
        moved = now - timedelta(minutes=1) if shift is None else old.at - timedelta(hours=shift)
        new = dataclasses.replace(old, intensity=rng.randrange(11), at=moved, changed=now)
        store.save(new, moved_from=old.at, undo="edit")
        model.change(old, now, to_record(new))
    elif roll < 0.8:
        gone = rng.choice(seen[: max(1, len(seen) // 3)] if rng.random() < 0.5 else seen)  # often an old one
        assert store.delete(CheckIn, gone.id, undo="delete") is not None
        model.change(gone, now, None)
    else:
        key, value = rng.choice(KEYS), f"{machine.device}-{n}"
        store.set_setting(key, value)
        model.settings[key] = (now, value)


def settle(machines: list[Machine], sync: Sync) -> None:
    """The sync tool catches up: every partial copy completed, every file everywhere (two full rounds)."""
    calm = Sync(sync.rng, faults=False)
    calm.arriving = sync.arriving
    for _ in range(2):
        for src in machines:
            for dst in machines:
                if src is not dst:
                    calm.step(src, dst)


def run_devices(tmp_path: Path, rng: random.Random, count: int, steps: int) -> tuple[list[Machine], Model, Sync]:
    clock = FixedClock(START)
    machines = [Machine(tmp_path / f"machine-{i}", f"dev{i}", clock) for i in range(count)]
    model, sync = Model(), Sync(rng)
    for n in range(steps):
        clock.advance(minutes=rng.choice([1, 7, 60, 300, 1440, 2000]))
        if rng.random() < 0.4:
            src, dst = rng.sample(machines, 2)
            sync.step(src, dst)
            continue
        machine = rng.choice(machines)
        before = machine.foreign()
        act(machine, model, rng, n)
        assert machine.foreign() == before, f"{machine.device} wrote a file of another device"
    settle(machines, sync)
    return machines, model, sync


def check_settled(machines: list[Machine], model: Model) -> None:
    expected = model.alive()
    views = []
    for machine in machines:
        for store in (machine.store, machine.fresh()):  # the long-open store and a new process see the same
            view = machine.view(store)
            assert not store.skipped, store.skipped
            assert set(view) == set(expected), (
                f"{machine.device}: {len(set(expected) - set(view))} lost, {len(set(view) - set(expected))} extra"
            )
            assert view == expected
            for rid, (_, doc) in model.records.items():
                if doc is None:
                    assert store.get(CheckIn, rid) is None
            stored = store.settings()
            assert {k: stored.get(k) for k in model.settings} == {k: v for k, (_, v) in model.settings.items()}
            latest = store.latest(CheckIn)
            views.append(None if latest is None else latest.id)
    if expected:
        newest = max(expected.values(), key=lambda d: datetime.fromisoformat(d["at"]))
        assert set(views) == {newest["id"]}
    check_months(machines, model)


def check_months(machines: list[Machine], model: Model) -> None:
    """A read of one month (a report's, the Insights') shows what the whole history shows of that month.

    It opens only that month's files and their neighbours': a copy another device left in an old month
    must not show there as if never edited or deleted.
    """
    clock = machines[0].clock
    month = (START - timedelta(days=100)).replace(day=1, hour=0, minute=0)
    while month <= clock.now():
        until = (month + timedelta(days=32)).replace(day=1)
        expected = {
            rid: doc
            for rid, doc in model.alive().items()
            if month <= datetime.fromisoformat(doc["at"]) < until and rid not in model.contested
        }
        for machine in machines:
            for store in (machine.store, machine.fresh()):
                view = {c.id: to_record(c) for c in store.records(CheckIn, since=month, until=until)}
                shown = {rid: doc for rid, doc in view.items() if rid not in model.contested}
                assert shown == expected, f"{machine.device} in {month:%Y-%m}: {set(shown) ^ set(expected)}"
        month = until


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rng=st.randoms(use_true_random=False))
def test_two_devices_settle_on_the_same_history(tmp_path_factory: pytest.TempPathFactory, rng: random.Random) -> None:
    """Two devices, random interleavings of every kind of change and of faulty syncs: one history, 0 lost."""
    machines, model, _ = run_devices(tmp_path_factory.mktemp("two"), rng, 2, 60)
    check_settled(machines, model)


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rng=st.randoms(use_true_random=False))
def test_three_devices_settle_on_the_same_history(tmp_path_factory: pytest.TempPathFactory, rng: random.Random) -> None:
    """Three devices, files relayed through whichever machine synced last: still one history."""
    machines, model, _ = run_devices(tmp_path_factory.mktemp("three"), rng, 3, 80)
    check_settled(machines, model)


def test_the_simulation_does_make_conflicts_and_partial_copies(tmp_path: Path) -> None:
    """The faults the tests rely on really happen (else the tests above would prove little)."""
    machines, model, sync = run_devices(tmp_path, random.Random(7), 2, 120)
    assert sync.conflicts > 0 and sync.partials > 0
    assert any(data_file_name(p.name) and data_file_name(p.name)[1] for p in owned_files(machines[0].root))  # type: ignore[index]
    check_settled(machines, model)


def test_without_the_union_a_device_would_lose_the_others_records(tmp_path: Path) -> None:
    """The check can fail: a device that read only its own files would miss what the other one logged."""
    machines, model, _ = run_devices(tmp_path, random.Random(3), 2, 40)
    own = {
        rid
        for rid, doc in machines[0].view().items()
        if (device_dir(machines[0].root, "dev0") / "painpal.json").exists() and doc.get("note", "").startswith("dev0")
    }
    assert own != set(model.alive()), "both devices' records are expected in every view"
    check_settled(machines, model)


# ------------------------------------------------------------------ conflict copies and partial files


def test_a_conflict_copy_is_merged_and_reported_once(tmp_path: Path) -> None:
    """A check-in only in Dropbox's conflict copy is shown; the CLI says so once, and never deletes the copy."""
    clock = FixedClock(START)
    laptop = Store(tmp_path, clock, device="laptop")
    laptop.add(CheckIn(at=clock.now(), intensity=3))
    lost = CheckIn(at=clock.now(), intensity=8, note="only in the conflict copy")
    other = Store(tmp_path / "elsewhere", clock, device="laptop")
    other.add(lost)
    copy = laptop.device_dir / "painpal (Ann's conflicted copy 2026-12-01).json"
    copy.write_bytes(other.path.read_bytes())
    assert lost in Store(tmp_path, clock, device="laptop").records(CheckIn)
    env = {"PAINPAL_DATA_DIR": str(tmp_path), "PAINPAL_DEVICE": "laptop", "PAINPAL_NOW": START.isoformat()[:19]}
    first = run_cli("status", env=env)
    assert first.returncode == 0, first.stderr
    assert "conflicting change" in first.stderr and copy.name in first.stderr
    again = run_cli("status", env=env)
    assert again.returncode == 0 and again.stderr == ""
    assert copy.exists()
    listed = run_cli("devices", env=env)
    assert "conflicting change" in listed.stderr  # the devices list always says what it merged


def test_a_file_still_arriving_is_skipped_then_read_once_complete(tmp_path: Path) -> None:
    """Half of another device's file: skipped with a note, never an error, never written; whole: read."""
    clock = FixedClock(START)
    desk = Store(tmp_path / "desk", clock, device="desk")
    desk.add(CheckIn(at=clock.now(), intensity=4, note="from the desk"))
    laptop = Store(tmp_path / "laptop", clock, device="laptop")
    laptop.add(CheckIn(at=clock.now(), intensity=2))
    arriving = tmp_path / "laptop" / "devices" / "desk" / "painpal.json"
    arriving.parent.mkdir(parents=True)
    whole = desk.path.read_bytes()
    arriving.write_bytes(whole[: len(whole) // 2])
    assert [c.intensity for c in laptop.records(CheckIn)] == [2]
    assert list(laptop.skipped) == [arriving]
    assert "still arriving" in laptop.skipped[arriving]
    laptop.add(CheckIn(at=clock.now(), intensity=5))  # writing is not blocked by another device's file
    assert arriving.read_bytes() == whole[: len(whole) // 2]
    proc = run_cli("status", env={"PAINPAL_DATA_DIR": str(tmp_path / "laptop"), "PAINPAL_DEVICE": "laptop"})
    assert proc.returncode == 0 and "skipped" in proc.stderr, proc.stderr
    assert proc.stdout.strip()  # the status line still comes, from what could be read
    arriving.write_bytes(whole)
    assert sorted(c.intensity for c in laptop.records(CheckIn)) == [2, 4, 5]
    assert not laptop.skipped


def test_no_write_ever_lands_in_another_devices_folder(tmp_path: Path) -> None:
    """Edits and deletions of another device's records go to this device's files; theirs stay byte for byte."""
    clock = FixedClock(START)
    desk = Store(tmp_path, clock, device="desk")
    old = CheckIn(at=START - timedelta(days=40), intensity=6)
    recent = CheckIn(at=clock.now(), intensity=3)
    desk.add(old, recent)
    before = {p: p.read_bytes() for p in desk.device_dir.rglob("*") if p.is_file()}
    laptop = Store(tmp_path, clock, device="laptop")
    clock.advance(minutes=5)
    laptop.save(dataclasses.replace(recent, intensity=9, changed=clock.now()), undo="edit")
    laptop.delete(CheckIn, old.id, undo="delete")
    assert {p: p.read_bytes() for p in desk.device_dir.rglob("*") if p.is_file()} == before
    assert [(c.id, c.intensity) for c in desk.records(CheckIn)] == [(recent.id, 9)]
    assert laptop.undo() == "delete"  # undo brings back another device's record, by this device's files
    assert laptop.undo() == "edit"
    assert [(c.intensity) for c in desk.records(CheckIn)] == [6, 3]
    with pytest.raises(StoreError, match="never writes it"):
        laptop._db(desk.path)


def test_settings_merge_per_key_newest_wins(tmp_path: Path) -> None:
    """Two devices change different settings and the same one: each key takes its newest value."""
    clock = FixedClock(START)
    desk, laptop = Store(tmp_path, clock, device="desk"), Store(tmp_path, clock, device="laptop")
    desk.set_setting("theme", "dark")
    desk.set_setting("welcomed", True)
    clock.advance(minutes=1)
    laptop.set_setting("theme", "light")
    assert desk.settings() == laptop.settings() == {"theme": "light", "welcomed": True}
    clock.advance(minutes=1)
    desk.set_setting("theme", "dark")
    assert laptop.settings()["theme"] == "dark"


# ------------------------------------------------------------------ records moved across months


def carry(src: Path, dst: Path, device: str) -> None:
    """A sync tool bringing one device's folder from one machine's data folder to another's, whole."""
    shutil.copytree(device_dir(src, device), device_dir(dst, device), dirs_exist_ok=True)


def listed(root: Path, device: str, since: str, until: str) -> dict[str, dict[str, Any]]:
    """``painpal list --json`` of a span of days on one machine, by id."""
    env = {"PAINPAL_DATA_DIR": str(root), "PAINPAL_DEVICE": device}
    proc = run_cli("list", "--json", "--since", since, "--until", until, env=env)
    assert proc.returncode == 0, proc.stderr
    return {item["id"]: item for item in json.loads(proc.stdout)}


def test_a_record_moved_months_away_on_another_device_leaves_no_stale_copy_behind(tmp_path: Path) -> None:
    """The desk logs a July check-in; the laptop moves it to November: July shows it on neither machine.

    The desk's July archive keeps its old copy (no device writes another's file), and a list of July
    does not open the laptop's November archive, where the edit lives.
    """
    desk, laptop = tmp_path / "desk", tmp_path / "laptop"
    on = {"desk": {"PAINPAL_DATA_DIR": str(desk), "PAINPAL_DEVICE": "desk"}}
    on["laptop"] = {"PAINPAL_DATA_DIR": str(laptop), "PAINPAL_DEVICE": "laptop"}
    logged = run_cli("log", "4", "--at", "2026-07-10 9am", env=on["desk"])
    assert logged.returncode == 0, logged.stderr
    carry(desk, laptop, "desk")
    (rid,) = listed(laptop, "laptop", "2026-07-01", "2026-07-31")
    edited = run_cli("edit", rid[:8], "--at", "2026-11-20 9am", "--intensity", "6", env=on["laptop"])
    assert edited.returncode == 0, edited.stderr
    carry(laptop, desk, "laptop")
    for root, device in ((desk, "desk"), (laptop, "laptop")):
        assert listed(root, device, "2026-07-01", "2026-07-31") == {}, f"{device} shows the stale copy"
        november = listed(root, device, "2026-11-01", "2026-11-30")
        assert [(r["intensity"], r["at"][:10]) for r in november.values()] == [(6, "2026-11-20")]
    assert (device_dir(desk, "desk") / "archive" / "2026-07.json").exists()  # the desk's own file, still there


def test_moves_and_deletions_on_another_device_reach_every_range_read(tmp_path: Path) -> None:
    """Range reads of the old month, the newest record, and a deletion of a record only the other device holds."""
    clock = FixedClock(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    desk_root, laptop_root = tmp_path / "desk", tmp_path / "laptop"
    desk = Store(desk_root, clock, device="desk")
    late = CheckIn(at=datetime(2026, 11, 25, 9, 0, tzinfo=LONDON), intensity=7, note="moved back")
    early = CheckIn(at=datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), intensity=2, note="deleted")
    kept = CheckIn(at=datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), intensity=3, note="kept")
    desk.add(late, early, kept)
    carry(desk_root, laptop_root, "desk")
    laptop = Store(laptop_root, clock, device="laptop")
    clock.advance(minutes=5)
    moved = dataclasses.replace(late, at=datetime(2026, 9, 5, 9, 0, tzinfo=LONDON), changed=clock.now())
    laptop.save(moved, moved_from=late.at, undo="edit")
    assert laptop.delete(CheckIn, early.id, undo="delete") is not None
    carry(laptop_root, desk_root, "laptop")

    def month(store: Store, start: datetime) -> list[tuple[str, int]]:
        until = (start + timedelta(days=32)).replace(day=1)
        return [(c.id, c.intensity) for c in store.records(CheckIn, since=start, until=until)]

    for store in (Store(desk_root, clock, device="desk"), Store(laptop_root, clock, device="laptop")):
        assert month(store, datetime(2026, 11, 1, tzinfo=LONDON)) == [], store.device
        assert month(store, datetime(2026, 9, 1, tzinfo=LONDON)) == [(kept.id, 3), (late.id, 7)]
        assert month(store, datetime(2026, 8, 1, tzinfo=LONDON)) == []
        assert store.latest(CheckIn) == moved, "the newest check-in is not the stale copy of the moved one"
        assert [c.id for c in store.records(CheckIn)] == [kept.id, late.id]


def test_an_import_that_moves_a_record_leaves_no_stale_copy_and_exports_carry_no_tombstone_for_it(
    tmp_path: Path,
) -> None:
    """``painpal import`` of a newer version months away does what an edit does; exports stay as they were."""
    clock = FixedClock(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    desk_root, laptop_root, phone_root = tmp_path / "desk", tmp_path / "laptop", tmp_path / "phone"
    checkin = CheckIn(at=datetime(2026, 7, 10, 9, 0, tzinfo=LONDON), intensity=4)
    Store(desk_root, clock, device="desk").add(checkin)
    carry(desk_root, laptop_root, "desk")
    carry(desk_root, phone_root, "desk")
    laptop = Store(laptop_root, clock, device="laptop")
    clock.advance(minutes=5)
    moved = dataclasses.replace(checkin, at=datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), changed=clock.now())
    laptop.save(moved, moved_from=checkin.at)
    export = tmp_path / "laptop.json"
    export.write_text(export_json(laptop, clock.now()))
    assert json.loads(export.read_text())["deleted"] == {}  # the tombstone the move left is not a deletion
    phone = Store(phone_root, clock, device="phone")
    assert phone.merge_documents(load_export(export).documents).updated == 1
    july = (datetime(2026, 7, 1, tzinfo=LONDON), datetime(2026, 8, 1, tzinfo=LONDON))
    for store in (phone, Store(phone_root, clock, device="phone")):
        assert store.records(CheckIn, *july) == []
        assert store.records(CheckIn) == [moved]
        assert list(store.tombstones()) == []


# ------------------------------------------------------------------ the device id and the old layout


def test_device_id_is_made_once_in_the_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PAINPAL_DEVICE the id is made on first run, kept outside the data folder, and reused."""
    monkeypatch.delenv("PAINPAL_DEVICE")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    first = device_id()
    assert device_id() == first
    assert (tmp_path / "state" / "painpal" / "device").read_text().strip() == first
    assert (tmp_path / "state" / "painpal" / "device").stat().st_mode & 0o777 == 0o600
    with pytest.raises(StoreError, match="not valid"):
        device_id({"PAINPAL_DEVICE": "../elsewhere"})


def test_an_old_layout_folder_is_taken_over_once_with_a_backup(tmp_path: Path) -> None:
    """A folder written before sync: read as it is, never rewritten; one backup; undo still works."""
    clock = FixedClock(START)
    old_self = Store(tmp_path / "scratch", clock, device="x")
    october = CheckIn(at=START - timedelta(days=20), intensity=4)
    today = CheckIn(at=clock.now(), intensity=6)
    old_self.add(october)
    old_self.add(today, undo="pain 6")
    old_self.set_setting("theme", "dark")
    # The old layout: the live file and archive/ at the top of the data folder.
    (tmp_path / "data").mkdir()
    os.rename(old_self.path, tmp_path / "data" / "painpal.json")
    os.rename(old_self.archive_dir, tmp_path / "data" / "archive")
    before = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}

    store = Store(tmp_path / "data", clock, device="laptop")
    assert [c.id for c in store.records(CheckIn)] == [october.id, today.id]
    assert store.settings()["theme"] == "dark"
    assert store.undo() == "pain 6"
    assert [c.id for c in store.records(CheckIn)] == [october.id]
    store.add(CheckIn(at=clock.now(), intensity=2))
    assert {p: p.read_bytes() for p in before} == before  # the old files are untouched
    backups = list(store.device_dir.glob("painpal.json.bak-layout-*"))
    assert [b.read_bytes() for b in backups] == [before[tmp_path / "data" / "painpal.json"]]
    store.add(CheckIn(at=clock.now(), intensity=1))
    assert len(list(store.device_dir.glob("painpal.json.bak-*"))) == 1

    # A machine still running the old painpal writes the old live file: the upgraded device sees it.
    legacy = json.loads((tmp_path / "data" / "painpal.json").read_text())
    late = to_record(CheckIn(at=clock.now(), intensity=7, note="old version"))
    legacy["checkins"]["99"] = late
    (tmp_path / "data" / "painpal.json").write_text(json.dumps(legacy))
    assert late["id"] in {c.id for c in Store(tmp_path / "data", clock, device="laptop").records(CheckIn)}
    rows = {d.device: d for d in store.devices()}
    assert set(rows) == {"laptop", ""} and rows["laptop"].this
    assert (rows["laptop"].records, rows[""].records) == (2, 3)  # each writer's own files: today's undo is laptop's


# ------------------------------------------------------------------ kill -9 while another device syncs

WRITER = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn
from painpal.storage.store import Store

clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
store = Store(Path(sys.argv[1]), clock, device="desk")
n = 0
while True:
    checkin = CheckIn(at=clock.now(), intensity=n % 11, note=f"kill {n}")
    store.add(checkin)
    sys.stdout.write(f"{checkin.id} {checkin.at.isoformat()}\\n")
    sys.stdout.flush()
    clock.advance(days=2)
    n += 1
"""


def test_kill_9_during_a_write_while_the_other_device_syncs(tmp_path: Path) -> None:
    """SIGKILL the desk mid-write while a sync copies its files to the laptop: nothing lost, nothing torn."""
    rng = random.Random(20261203)
    clock = FixedClock(START)
    desk = Machine(tmp_path / "desk", "desk", clock)
    laptop = Machine(tmp_path / "laptop", "laptop", clock)
    laptop.store.add(CheckIn(at=clock.now(), intensity=1, note="laptop"))
    sync = Sync(rng)
    stop = threading.Event()
    problems: list[str] = []

    def syncing() -> None:
        while not stop.is_set():
            try:
                sync.step(desk, laptop)
                laptop.store.records(CheckIn)  # reads mid-sync must never fail
            except FileNotFoundError:
                pass  # a temp file renamed away under the copier
            except Exception as exc:
                problems.append(repr(exc))

    thread = threading.Thread(target=syncing)
    thread.start()
    reported: set[str] = set()
    start = START
    try:
        for _ in range(15):
            proc = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(desk.root), start.isoformat()],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=cli_env(),
            )
            time.sleep(rng.uniform(0.3, 0.6))
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=10)
            assert proc.returncode == -signal.SIGKILL, err.decode()
            last = None
            for line in out.decode().splitlines(keepends=True):
                if line.endswith("\n") and len(line.split()) == 2:
                    reported.add(line.split()[0])
                    last = datetime.fromisoformat(line.split()[1])
            start = (last or start) + timedelta(days=2)
            assert reported <= {c.id for c in desk.fresh().records(CheckIn)}  # the writer's own files: never torn
    finally:
        stop.set()
        thread.join()
    assert not problems, problems[:3]
    assert len(reported) >= 15
    settle([desk, laptop], sync)
    seen = {c.id for c in laptop.fresh().records(CheckIn)}
    assert reported <= seen
    assert {c.id for c in desk.fresh().records(CheckIn)} == seen


def test_devices_lists_every_writer_with_its_last_write_and_records(tmp_path: Path) -> None:
    """``painpal devices``: this device marked, the other with its own count, the old layout when it has files."""
    clock = FixedClock(START)
    Store(tmp_path, clock, device="desk").add(CheckIn(at=clock.now(), intensity=2), CheckIn(at=START, intensity=3))
    laptop = Store(tmp_path, clock, device="laptop")
    laptop.add(CheckIn(at=clock.now() - timedelta(days=40), intensity=4))
    env = {"PAINPAL_DATA_DIR": str(tmp_path), "PAINPAL_DEVICE": "laptop"}
    proc = run_cli("devices", env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("laptop  last write ") and lines[0].endswith("1 record in 1 file   <- this device")
    assert lines[1].startswith("desk    last write ") and "2 records in 1 file" in lines[1]
    assert lines[0].index("last write") == lines[1].index("last write")  # columns line up
    assert len(lines) == 2 and proc.stderr == ""
    fresh = run_cli("devices", env={"PAINPAL_DATA_DIR": str(tmp_path / "new"), "PAINPAL_DEVICE": "laptop"})
    assert fresh.stdout.strip() == "laptop  no write yet  0 records in 0 files  <- this device"


def test_two_devices_reading_one_synced_folder_export_the_same_file(tmp_path: Path) -> None:
    """Each device reads its own files first; the export is in the order of ids, so both give the same bytes."""
    clock = FixedClock(START)
    desk, laptop = Store(tmp_path, clock, device="desk"), Store(tmp_path, clock, device="laptop")
    made = [CheckIn(at=START - timedelta(hours=n), intensity=n) for n in range(6)]
    desk.add(*made[:3])
    laptop.add(*made[3:])
    for store, gone in ((desk, made[0]), (laptop, made[4]), (desk, made[5]), (laptop, made[1])):
        store.delete(CheckIn, gone.id)
    views = [json.loads(export_json(Store(tmp_path, clock, device=name), START)) for name in ("desk", "laptop")]
    assert views[0] == views[1]
    gone = sorted(c.id for c in made if c.intensity in (0, 1, 4, 5))
    assert [d["id"] for d in views[0]["deleted"]["checkins"]] == gone
