"""Reliability with real processes: kill -9 mid-write, concurrent writers, a long-open reader, a full disk.

These are the failures PITFALLS.md measured in plain TinyDB (torn files after
kill -9, lost inserts with two writers, a stale handle writing to a deleted
inode); each test here would fail if the store's locking, atomic replace or
stat-signature reload broke.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn
from painpal.storage.store import Store

from .conftest import NOW, assert_one_line_error, cli_env, device_dir, run_cli, run_python, tree_digest

LONDON = ZoneInfo("Europe/London")

# Logs check-ins through the store API in a loop, printing each id once `add` has returned.
# The clock steps 3 days per check-in so month roll-overs (archive write, then live write) happen often.
KILL_DRIVER = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn
from painpal.storage.store import Store

clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
store = Store(Path(sys.argv[1]), clock)
n = 0
while True:
    checkin = CheckIn(at=clock.now(), intensity=n % 11, note=f"kill-test {n}")
    store.add(checkin)
    sys.stdout.write(f"{checkin.id} {checkin.at.isoformat()}\\n")
    sys.stdout.flush()
    clock.advance(days=3)
    n += 1
"""

# One of four concurrent writers: 250 check-ins, each its own transaction, notes tagged with a prefix.
CONCURRENT_WRITER = """
import sys
from datetime import datetime
from pathlib import Path
from painpal.domain.clock import FixedClock
from painpal.domain.records import CheckIn
from painpal.storage.store import Store

data_dir, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
clock = FixedClock(datetime.fromisoformat(sys.argv[4]))
store = Store(data_dir, clock)
for i in range(count):
    store.add(CheckIn(at=clock.now(), intensity=i % 11, note=f"{prefix}-{i}"))
print("done")
"""

# Runs `painpal log 5` with one os function failing with ENOSPC, only for painpal's temp files
# (recognised by name when opened, whether the store uses os.open or tempfile.mkstemp, or via /proc).
ENOSPC_DRIVER = """
import errno, os, sys
import painpal.cli

which = sys.argv[1]
temp_fds = set()
real_open, real_close = os.open, os.close

def is_temp(path):
    name = os.path.basename(os.fsdecode(path))
    return name.startswith(".painpal-") and name.endswith(".tmp")

def tracking_open(path, *args, **kwargs):
    fd = real_open(path, *args, **kwargs)
    if is_temp(path):
        temp_fds.add(fd)
    return fd

def tracking_close(fd):
    temp_fds.discard(fd)
    return real_close(fd)

def temp_fd(fd):
    if fd in temp_fds:
        return True
    try:
        return is_temp(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return False

def full(*_):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

real = getattr(os, which)
if which == "replace":
    def fake(src, dst, *args, **kwargs):
        if is_temp(src):
            full()
        return real(src, dst, *args, **kwargs)
else:
    def fake(fd, *args):
        if temp_fd(fd):
            full()
        return real(fd, *args)

os.open, os.close = tracking_open, tracking_close
setattr(os, which, fake)
sys.exit(painpal.cli.main(["log", "5"]))
"""


def stored_ids(data_dir: Path) -> list[str]:
    """Ids of every stored check-in, read through a fresh Store (which parses every file)."""
    store = Store(data_dir, FixedClock(datetime(2030, 1, 1, tzinfo=LONDON)))
    return [c.id for c in store.records(CheckIn)]


def no_duplicate_keys(path: Path) -> dict:
    """Parse a JSON file, failing if any object repeats a key (json.loads would silently keep the last)."""

    def hook(pairs: list[tuple[str, object]]) -> dict:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys in {path}"
        return dict(pairs)

    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=hook)


# ------------------------------------------------------------------ kill -9


def test_kill_9_during_check_ins_never_tears_or_loses(data_dir: Path) -> None:
    """SIGKILL a writer at random moments, 32 times: every file parses and every reported check-in is there."""
    rng = random.Random(20261130)
    reported: set[str] = set()
    start = datetime(2024, 1, 1, 9, 0, tzinfo=LONDON)
    kills = 0
    left_temp = 0
    deadline = time.monotonic() + 40
    while kills < 32 and time.monotonic() < deadline:
        proc = subprocess.Popen(
            [sys.executable, "-c", KILL_DRIVER, str(data_dir), start.isoformat()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        time.sleep(rng.uniform(0.13, 0.35))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL, err.decode()
        kills += 1
        last = None
        for line in out.decode().splitlines(keepends=True):
            if line.endswith("\n") and len(line.split()) == 2:
                rid, at = line.split()
                reported.add(rid)
                last = datetime.fromisoformat(at)
        start = (last or start) + timedelta(days=3)
        left_temp += bool(list(data_dir.rglob(".painpal-*.tmp")))

        ids = stored_ids(data_dir)  # raises if any file is torn
        assert len(ids) == len(set(ids))
        missing = reported - set(ids)
        assert not missing, f"after kill {kills}: {len(missing)} reported check-ins lost"
        for path in data_dir.rglob("*.json"):
            no_duplicate_keys(path)

    assert kills >= 30
    assert len(reported) >= 30, "the writer barely ran; the test proved nothing"
    # The next normal write sweeps whatever temp files the killed writers left.
    assert run_cli("log", "5", env={"PAINPAL_DATA_DIR": str(data_dir), "PAINPAL_NOW": NOW}).returncode == 0
    assert not list(data_dir.rglob(".painpal-*.tmp"))
    assert set(stored_ids(data_dir)) >= reported
    print(f"{kills} kills, {len(reported)} check-ins reported, {left_temp} kills left a temp file behind")


# ---------------------------------------------------------- concurrent writers


def test_four_writers_at_once_lose_nothing(data_dir: Path) -> None:
    """4 processes x 250 check-ins at the same time: exactly 1000 stored, none lost, no duplicate ids."""
    prefixes = ["alpha", "bravo", "charlie", "delta"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_WRITER, str(data_dir), prefix, "250", "2026-11-30T09:00:00+00:00"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        for prefix in prefixes
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "done"

    data = no_duplicate_keys(device_dir(data_dir) / "painpal.json")
    docs = list(data["checkins"].values())
    assert len(docs) == 1000
    assert len({d["id"] for d in docs}) == 1000
    notes = {d["note"] for d in docs}
    assert notes == {f"{p}-{i}" for p in prefixes for i in range(250)}
    assert len(stored_ids(data_dir)) == 1000


# ----------------------------------------------------------- long-open store


def test_long_open_store_never_loses_an_outside_write(data_dir: Path) -> None:
    """A store open all day (the TUI) and a CLI check-in from another shell: both kept, and the change is seen."""
    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=LONDON))
    tui = Store(data_dir, clock)
    mine_before = CheckIn(at=clock.now(), intensity=3, note="from the TUI, first")
    tui.add(mine_before)
    assert [c.id for c in tui.records(CheckIn)] == [mine_before.id]  # the file is read and cached
    assert tui.changed() is False

    proc = run_cli("log", "7", "--note", "from the CLI", env={"PAINPAL_DATA_DIR": str(data_dir), "PAINPAL_NOW": NOW})
    assert proc.returncode == 0, proc.stderr
    assert tui.changed() is True
    assert {c.note for c in tui.records(CheckIn)} == {"from the TUI, first", "from the CLI"}

    mine_after = CheckIn(at=clock.now(), intensity=4, note="from the TUI, after")
    tui.add(mine_after)
    fresh = Store(data_dir, clock)
    notes = sorted(c.note or "" for c in fresh.records(CheckIn))
    assert notes == ["from the CLI", "from the TUI, after", "from the TUI, first"]
    assert len(no_duplicate_keys(device_dir(data_dir) / "painpal.json")["checkins"]) == 3


def test_long_open_store_sees_an_outside_write_before_its_first_read(data_dir: Path) -> None:
    """A store created before the file existed still merges with what another process wrote meanwhile."""
    clock = FixedClock(datetime.fromisoformat(NOW).replace(tzinfo=LONDON))
    tui = Store(data_dir, clock)
    assert tui.records(CheckIn) == []
    env = {"PAINPAL_DATA_DIR": str(data_dir), "PAINPAL_NOW": NOW}
    for n in ("1", "2"):
        assert run_cli("log", n, env=env).returncode == 0
    tui.add(CheckIn(at=clock.now(), intensity=9))
    assert sorted(c.intensity for c in Store(data_dir, clock).records(CheckIn)) == [1, 2, 9]


# --------------------------------------------------------------- full disk


@pytest.mark.parametrize("which", ["write", "fsync", "replace"])
def test_full_disk_keeps_the_old_file(data_dir: Path, which: str) -> None:
    """ENOSPC at os.write / os.fsync / os.replace: one clear line, non-zero, the previous file intact."""
    env = {"PAINPAL_DATA_DIR": str(data_dir), "PAINPAL_NOW": NOW}
    assert run_cli("log", "4", "--note", "before the disk filled", env=env).returncode == 0
    before = tree_digest(data_dir)

    proc = run_python(ENOSPC_DRIVER, which, env=env)
    line = assert_one_line_error(proc, 1)
    assert "disk is full" in line
    assert str(device_dir(data_dir) / "painpal.json") in line
    assert proc.stdout == ""
    assert tree_digest(data_dir) == before  # byte-for-byte, and no temp file left behind

    assert run_cli("log", "6", env=env).returncode == 0
    assert not list(data_dir.rglob(".painpal-*.tmp"))
    assert len(stored_ids(data_dir)) == 2


def _mount_tiny_tmpfs(mountpoint: Path, size: str) -> None:
    """Mount a tmpfs of ``size`` at ``mountpoint`` or skip the test (needs root and mount rights)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real tiny tmpfs needs Linux and root")
    mountpoint.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        timeout=10,
    )
    if proc.returncode != 0:
        pytest.skip(f"mount is not permitted here: {proc.stderr.strip()}")


def test_real_full_tmpfs(tmp_path: Path) -> None:
    """On a genuinely full file system the check-in fails cleanly and the data survives; freeing space heals it."""
    mnt = tmp_path / "tiny"
    _mount_tiny_tmpfs(mnt, "256k")
    try:
        data = mnt / "data"
        env = {"PAINPAL_DATA_DIR": str(data), "PAINPAL_NOW": NOW}
        assert run_cli("log", "4", "--note", "room to spare", env=env).returncode == 0
        filler = mnt / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        before = tree_digest(data)

        proc = run_cli("log", "6", "--note", "no room", env=env)
        line = assert_one_line_error(proc, 1)
        assert "disk is full" in line
        assert tree_digest(data) == before
        assert not list(data.rglob(".painpal-*.tmp"))

        filler.unlink()
        assert run_cli("log", "7", env=env).returncode == 0
        store = Store(data, FixedClock(datetime(2027, 1, 1, tzinfo=LONDON)))
        assert sorted(c.intensity for c in store.records(CheckIn)) == [4, 7]
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=10)


def test_import_onto_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    """A year of history imported onto a disk that fills part-way: every file as it was, and the sentence is true."""
    source = tmp_path / "source"
    assert run_cli("demo", "--days", "365", "--data-dir", str(source), env={"PAINPAL_NOW": NOW}).returncode == 0
    export = tmp_path / "year.json"
    assert run_cli("export", "-o", str(export), env={"PAINPAL_DATA_DIR": str(source)}).returncode == 0
    mnt = tmp_path / "tiny"
    _mount_tiny_tmpfs(mnt, "1m")  # the export is larger than a megabyte once stored month by month
    try:
        data = mnt / "data"
        env = {"PAINPAL_DATA_DIR": str(data), "PAINPAL_NOW": NOW}
        assert run_cli("log", "4", env=env).returncode == 0
        before = tree_digest(data)
        proc = run_cli("import", str(export), env=env)
        line = assert_one_line_error(proc, 1)
        assert "disk is full" in line and "Nothing was changed" in line
        assert tree_digest(data) == before
        assert not list(data.rglob(".painpal-*.tmp"))
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=10)
