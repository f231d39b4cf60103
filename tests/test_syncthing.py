"""Two devices sharing one history through two real Syncthing instances on this machine, while both write.

The simulated sync (``tests/test_sync.py``) models what a folder-sync tool
does; this test runs the real one. Two Syncthing instances, each with its own
home, listen on 127.0.0.1 only (no discovery, relays, NAT, usage or crash
reports, upgrades) and share one folder: on each side, that device's painpal
data folder, with the ``.stignore`` the README advises. Two painpal devices,
``laptop`` and ``desktop``, write at the same time through the real command
line: check-ins (one into an older month's archive), edits of their own
records and of the other device's once they arrive, deletions, and settings,
one key changed on both. Once Syncthing reports both sides idle and complete,
both devices must export exactly the same records and settings: the union of
everything, with the newest edits, without the deleted ones, nothing lost;
and Syncthing's version vectors must show that every file was changed only by
the device that owns it.

Syncthing is a system program: ``.ci/run`` installs it when missing and sets
``PAINPAL_REQUIRE_SYNCTHING=1``, so in CI this test runs and never skips;
elsewhere it skips with the reason when ``syncthing`` is not on PATH.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_cli

pytestmark = pytest.mark.slow

FOLDER_ID = "painpal"
SETTLE_TIMEOUT_S = 90.0
ARRIVAL_TIMEOUT_S = 45.0
README_STIGNORE = "devices/*/painpal.lock\n.painpal-*.tmp\n"
"""The README's ``.stignore`` for Syncthing: each device's lock file and painpal's temporary files left out."""


def syncthing() -> str:
    """The ``syncthing`` program, or a skip (a failure under ``PAINPAL_REQUIRE_SYNCTHING=1``) saying it is missing."""
    found = shutil.which("syncthing")
    if found is None:
        why = "needs Syncthing (syncthing is not on PATH)"
        if os.environ.get("PAINPAL_REQUIRE_SYNCTHING") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def set_text(parent: ET.Element, tag: str, value: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = value


class Instance:
    """One Syncthing instance: its home (config, keys, database), its ports, its API key and its process."""

    def __init__(self, program: str, root: Path, name: str, data_dir: Path) -> None:
        self.program = program
        self.name = name
        self.home = root / f"syncthing-{name}"
        self.data_dir = data_dir
        self.log = root / f"syncthing-{name}.log"
        self.api_key = f"painpal-test-{name}-{os.urandom(8).hex()}"
        self.gui_port = free_port()
        self.sync_port = free_port()
        self.env = {
            **os.environ,
            "HOME": str(root / f"home-{name}"),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
            "STHASHING": "standard",  # no hashing benchmark at start-up
            "GOMAXPROCS": "1",  # a handful of small files; leave the other cores to the rest of the suite
        }
        self.proc: subprocess.Popen[bytes] | None = None
        proc = subprocess.run(
            [program, "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=True,
        )
        ids: list[str] = re.findall(r"Device ID: ([A-Z0-9-]{63})$", proc.stdout + proc.stderr, re.MULTILINE)
        assert len(ids) == 1, proc.stdout + proc.stderr
        self.device_id: str = ids[0]

    @property
    def short_id(self) -> str:
        """How Syncthing names this device in version vectors: the first seven characters of its id."""
        return self.device_id[:7]

    def configure(self, peer: Instance, stignore: str | None) -> None:
        """Loopback only, nothing announced or reported, the peer at its one address, one folder shared with it."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        config = tree.getroot()
        gui = config.find("gui")
        options = config.find("options")
        defaults = config.find("defaults")
        assert gui is not None and options is not None and defaults is not None, path.read_text()
        gui.set("tls", "false")
        set_text(gui, "address", f"127.0.0.1:{self.gui_port}")
        set_text(gui, "apikey", self.api_key)
        for tag, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.sync_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "urSeen": "3",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "startBrowser": "false",
            "announceLANAddresses": "false",
            "stunKeepaliveStartS": "0",
            "reconnectionIntervalS": "1",
            "minHomeDiskFree": "0",
        }.items():
            set_text(options, tag, value)
        for old in config.findall("device") + config.findall("folder"):
            config.remove(old)
        device_template = defaults.find("device")
        folder_template = defaults.find("folder")
        assert device_template is not None and folder_template is not None, path.read_text()
        for index, (instance, address) in enumerate([(self, "dynamic"), (peer, f"tcp://127.0.0.1:{peer.sync_port}")]):
            device = ET.fromstring(ET.tostring(device_template))
            device.set("id", instance.device_id)
            device.set("name", instance.name)
            set_text(device, "address", address)
            config.insert(index, device)
        folder = ET.fromstring(ET.tostring(folder_template))
        folder.attrib.update(
            {
                "id": FOLDER_ID,
                "label": "painpal",
                "path": str(self.data_dir),
                "type": "sendreceive",
                "rescanIntervalS": "10",
                "fsWatcherEnabled": "true",
                "fsWatcherDelayS": "1",
                "ignorePerms": "false",
            }
        )
        for old_device in folder.findall("device"):
            folder.remove(old_device)
        for position, instance in enumerate((self, peer)):
            member = ET.Element("device", {"id": instance.device_id, "introducedBy": ""})
            ET.SubElement(member, "encryptionPassword")
            folder.insert(1 + position, member)
        set_text(folder, "minDiskFree", "0")
        set_text(folder, "pullerPauseS", "1")  # a block that changed under the puller is fetched again in 1 s, not 60
        config.append(folder)
        tree.write(path, encoding="unicode")
        # The folder Syncthing shares is the painpal data folder, private like painpal makes it, with its marker.
        self.data_dir.mkdir(mode=0o700, parents=True)
        self.data_dir.chmod(0o700)
        (self.data_dir / ".stfolder").mkdir()
        if stignore is not None:
            (self.data_dir / ".stignore").write_text(stignore, encoding="utf-8")

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [self.program, "serve", "--no-browser", "--no-restart", "--no-upgrade", f"--home={self.home}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.env,
                start_new_session=True,  # its own process group: the finalizer ends it and anything it started
            )

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):  # gone already
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def rest(self, method: str, endpoint: str, **query: str) -> Any:
        url = f"http://127.0.0.1:{self.gui_port}{endpoint}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, method=method, headers={"X-API-Key": self.api_key})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
        with opener.open(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_up(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                pytest.fail(f"syncthing {self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if self.rest("GET", "/rest/system/ping") == {"ping": "pong"}:
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"syncthing {self.name} did not answer on 127.0.0.1:{self.gui_port}:\n{self.log_tail()}")
            time.sleep(0.1)


@pytest.fixture(params=[README_STIGNORE, None], ids=["readme-stignore", "everything-synced"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    """Two connected Syncthing instances sharing the folder; both always stopped, even when the test fails.

    With the README's ``.stignore``, and with none at all: the README says both are fine.
    """
    program = syncthing()
    laptop = Instance(program, tmp_path, "laptop", tmp_path / "laptop" / "data")
    desktop = Instance(program, tmp_path, "desktop", tmp_path / "desktop" / "data")
    laptop.configure(desktop, request.param)
    desktop.configure(laptop, request.param)
    try:
        for instance in (laptop, desktop):  # one after the other: the second finds the first listening at once
            instance.start()
            instance.wait_up()
        wait_until(lambda: connected(laptop, desktop), "the two instances to connect", (laptop, desktop), 30)
        yield laptop, desktop
    finally:
        for instance in (laptop, desktop):
            instance.stop()


def connected(a: Instance, b: Instance) -> str | None:
    """``None`` once each instance sees the other connected, else what is missing."""
    for one, other in ((a, b), (b, a)):
        conns = one.rest("GET", "/rest/system/connections")["connections"]
        if not conns.get(other.device_id, {}).get("connected"):
            return f"{one.name} is not connected to {other.name}: {conns.get(other.device_id)}"
    return None


def wait_until(check: Callable[[], str | None], what: str, instances: tuple[Instance, ...], timeout: float) -> None:
    """Poll ``check`` (``None`` when done, else why not) until done; fail after ``timeout`` with Syncthing's view."""
    deadline = time.monotonic() + timeout
    why: str | None = "not checked yet"
    while time.monotonic() < deadline:
        try:
            why = check()
        except (OSError, urllib.error.URLError, ValueError) as exc:
            why = f"{type(exc).__name__}: {exc}"
        if why is None:
            return
        time.sleep(0.25)
    report = [f"timed out after {timeout:.0f} s waiting for {what}: {why}"]
    for instance in instances:
        report.append(f"--- syncthing {instance.name}")
        try:
            report.append("status " + json.dumps(instance.rest("GET", "/rest/db/status", folder=FOLDER_ID)))
            for peer in instances:
                if peer is not instance:
                    completion = instance.rest("GET", "/rest/db/completion", folder=FOLDER_ID, device=peer.device_id)
                    report.append(f"completion of {peer.name} " + json.dumps(completion))
            report.append("errors " + json.dumps(instance.rest("GET", "/rest/folder/errors", folder=FOLDER_ID)))
        except (OSError, urllib.error.URLError, ValueError) as exc:
            report.append(f"REST unavailable: {exc}")
        report.append(instance.log_tail())
    pytest.fail("\n".join(report))


def synced_tree(data_dir: Path) -> dict[str, bytes]:
    """Every data file in ``devices/`` (not the locks, nor painpal's or Syncthing's temporary files)."""
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted((data_dir / "devices").rglob("*"))
        if p.is_file() and p.name != "painpal.lock" and not p.name.startswith((".painpal-", ".syncthing."))
    }


def settled(a: Instance, b: Instance, previous: list[Any]) -> str | None:
    """``None`` once both sides are idle, need nothing, see the other 100% complete, hold the same files (twice)."""
    seen: list[Any] = []
    for one, other in ((a, b), (b, a)):
        status = one.rest("GET", "/rest/db/status", folder=FOLDER_ID)
        completion = one.rest("GET", "/rest/db/completion", folder=FOLDER_ID, device=other.device_id)
        if status["state"] != "idle" or status["needTotalItems"] or status["errors"] or status["pullErrors"]:
            return f"{one.name}: {status['state']}, needs {status['needTotalItems']}, errors {status['errors']}"
        if completion["completion"] != 100 or completion["needItems"] or completion.get("remoteState") == "unknown":
            return f"{one.name} sees {other.name} at {completion}"
        if status["localFiles"] != status["globalFiles"] or status["localBytes"] != status["globalBytes"]:
            return f"{one.name} holds {status['localFiles']} of {status['globalFiles']} files"
        seen.append((status["globalFiles"], status["globalBytes"], status["sequence"]))
    if seen[0][:2] != seen[1][:2]:
        return f"the two sides disagree on the global folder: {seen}"
    if synced_tree(a.data_dir) != synced_tree(b.data_dir):
        return "the two data folders do not hold the same files yet"
    if previous != seen:  # the same answer twice in a row: not a moment between two index updates
        previous[:] = seen
        return "settled once; checking again"
    return None


class Device:
    """One painpal device: its id, its data folder (shared by its Syncthing instance) and its own HOME and XDG dirs."""

    def __init__(self, name: str, data_dir: Path) -> None:
        self.name = name
        self.data_dir = data_dir
        home = data_dir.parent
        self.env = {
            "PAINPAL_DEVICE": name,
            "PAINPAL_DATA_DIR": str(data_dir),
            "HOME": str(home / "home"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "share"),
        }
        self.said: list[str] = []
        """What this device's commands said on standard error about other devices' files."""

    def run(self, *args: str) -> str:
        proc = run_cli("--data-dir", str(self.data_dir), *args, env=self.env)
        assert proc.returncode == 0, (self.name, args, proc.stdout, proc.stderr)
        for line in proc.stderr.splitlines():  # a file skipped as still arriving, a conflict copy merged
            if any(word in line for word in ("skipped", "arriving", "conflict")):
                self.said.append(f"{' '.join(args)}: {line}")
        return proc.stdout

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.run("export", "--format", "json"))
        return data

    def by_note(self) -> dict[str, dict[str, Any]]:
        return notes(self.export())

    def wait_for(self, check: Callable[[dict[str, Any]], bool], what: str, instances: tuple[Instance, ...]) -> None:
        """Wait until this device's export passes ``check``: something from the other device has arrived."""

        def arrived() -> str | None:
            export = self.export()
            if check(export):
                return None
            return f"{self.name} shows {sorted(notes(export))}, settings {export['settings']}"

        wait_until(arrived, f"{what} on {self.name}", instances, ARRIVAL_TIMEOUT_S)


def notes(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An export's check-ins by their note (each one's note is unique in this test)."""
    return {doc["note"]: doc for doc in export["records"].get("checkins", [])}


def test_two_devices_write_at_once_through_real_syncthing(pair: tuple[Instance, Instance]) -> None:
    """Both devices write while Syncthing carries their files; once it settles, one history everywhere, 0 lost."""
    started = time.monotonic()
    sync_laptop, sync_desktop = pair
    both = (sync_laptop, sync_desktop)
    laptop = Device("laptop", sync_laptop.data_dir)
    desktop = Device("desktop", sync_desktop.data_dir)
    older_month = (datetime.now() - timedelta(days=62)).strftime("%Y-%m-%d 10:00")  # rolls into an archive file
    expected: dict[str, int] = {}
    """Each surviving check-in's note -> its intensity after the newest edit."""
    deleted: dict[str, str] = {}
    """Each deleted check-in's note -> its id."""
    problems: list[BaseException] = []

    def in_thread(work: Callable[[], None]) -> threading.Thread:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # a failed assertion in a thread must fail the test
                problems.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def at_once(*works: Callable[[], None]) -> None:
        threads = [in_thread(work) for work in works]
        for thread in threads:
            thread.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "a device's commands did not finish"
        if problems:
            raise problems[0]

    # 1. Both devices log check-ins and change their own records and settings at the same time.
    def laptop_first() -> None:
        for n in (1, 2, 3):
            laptop.run("log", str(n), "--note", f"laptop-{n}")
        laptop.run("log", "4", "--note", "laptop-old", "--at", older_month)
        laptop.run("edit", laptop.by_note()["laptop-2"]["id"], "--intensity", "7")
        laptop.run("notify", "--quiet", "21:00-06:00")

    def desktop_first() -> None:
        for n in (1, 2, 3):
            desktop.run("log", str(n + 4), "--note", f"desktop-{n}")
        desktop.run("edit", desktop.by_note()["desktop-1"]["id"], "--intensity", "10")
        desktop.run("notify", "--channels", "terminal")

    at_once(laptop_first, desktop_first)
    expected.update({"laptop-1": 1, "laptop-2": 7, "laptop-old": 4, "desktop-1": 10, "desktop-3": 7})
    laptop_notes = {"laptop-1", "laptop-2", "laptop-3", "laptop-old"}
    desktop_notes = {"desktop-1", "desktop-2", "desktop-3"}

    # 2. Each edits and deletes the other's records once they have arrived, and logs more meanwhile.
    def desktop_second() -> None:
        desktop.wait_for(lambda e: laptop_notes <= set(notes(e)), "the laptop's check-ins", both)
        seen = desktop.by_note()
        desktop.run("edit", seen["laptop-1"]["id"], "--intensity", "9")
        deleted["laptop-3"] = seen["laptop-3"]["id"]
        desktop.run("delete", deleted["laptop-3"], "--yes")
        desktop.wait_for(lambda e: e["settings"].get("quiet_hours") == "21:00-06:00", "the laptop's setting", both)
        desktop.run("notify", "--quiet", "23:00-07:00")  # the same setting the laptop changed, later
        desktop.run("log", "8", "--note", "desktop-4")

    def laptop_second() -> None:
        laptop.wait_for(lambda e: desktop_notes <= set(notes(e)), "the desktop's check-ins", both)
        seen = laptop.by_note()
        deleted["desktop-2"] = seen["desktop-2"]["id"]
        laptop.run("delete", deleted["desktop-2"], "--yes")
        laptop.run("edit", seen["desktop-3"]["id"], "--intensity", "0")
        laptop.run("log", "5", "--note", "laptop-4")

    at_once(desktop_second, laptop_second)
    expected.update({"laptop-1": 9, "desktop-3": 0, "desktop-4": 8, "laptop-4": 5})

    # 3. The laptop edits its own record again after the desktop's edit of it arrived: the newest edit wins.
    laptop.wait_for(lambda e: notes(e).get("laptop-1", {}).get("intensity") == 9, "the desktop's edit", both)
    laptop.run("edit", laptop.by_note()["laptop-1"]["id"], "--intensity", "2")
    expected["laptop-1"] = 2
    writing_done = time.monotonic()

    # 4. Syncthing scans both folders now and carries everything; wait until both sides say they are done.
    for instance in both:
        instance.rest("POST", "/rest/db/scan", folder=FOLDER_ID)
    previous: list[Any] = []
    wait_until(lambda: settled(sync_laptop, sync_desktop, previous), "the sync to settle", both, SETTLE_TIMEOUT_S)
    settled_at = time.monotonic()

    # 5. Both devices show one history: every record, the newest edits, no deleted record, the same settings.
    exports = [laptop.export(), desktop.export()]
    views = [{doc["id"]: doc for doc in e["records"]["checkins"]} for e in exports]
    assert views[0] == views[1], "the two devices show different check-ins"
    by_note = {doc["note"]: doc for doc in views[0].values()}
    lost = set(expected) - set(by_note)
    assert not lost, f"{len(lost)} lost: {sorted(lost)}"
    back = set(deleted.values()) & set(views[0])
    assert not back, f"deleted records came back: {sorted(back)}"
    assert {note: doc["intensity"] for note, doc in by_note.items()} == expected
    assert len(by_note) == len(views[0]), "two records carry the same note"
    tombstones = [{doc["id"]: doc for doc in e["deleted"]["checkins"]} for e in exports]  # each device's own first
    assert tombstones[0] == tombstones[1]
    assert set(tombstones[0]) == set(deleted.values())
    assert exports[0]["settings"] == exports[1]["settings"]
    assert exports[0]["settings"]["quiet_hours"] == "23:00-07:00"
    assert exports[0]["settings"]["notify_channels"] == ["terminal"]
    for device in (laptop, desktop):
        device.run("devices")
        assert not device.said, device.said  # Syncthing left no half-arrived file and no conflict copy

    # 6. No file was written by both devices: each file's version vector names only its owner's Syncthing.
    ignored = (laptop.data_dir / ".stignore").exists()
    owners = {"laptop": sync_laptop.short_id, "desktop": sync_desktop.short_id}
    files = sorted(synced_tree(laptop.data_dir))
    assert any("/archive/" in name for name in files), files
    if not ignored:
        files += [f"devices/{owner}/painpal.lock" for owner in owners]  # carried too, when nothing is ignored
    for name in files:
        owner = name.split("/")[1]
        assert owner in owners, name
        for instance in both:
            info = instance.rest("GET", "/rest/db/file", folder=FOLDER_ID, file=name)
            writers = {counter.split(":")[0] for counter in info["global"]["version"]}
            assert writers == {owners[owner]}, (name, info["global"])
    for device in (laptop, desktop):
        stray = [p for p in device.data_dir.rglob("*") if ".sync-conflict-" in p.name]
        assert not stray, f"Syncthing made conflict copies: {stray}"
        locks = {lock.parent.name for lock in device.data_dir.glob("devices/*/painpal.lock")}
        assert locks == ({device.name} if ignored else set(owners)), f"{device.name} holds the locks of {locks}"
    print(
        f"writing {writing_done - started:.1f} s, settling {settled_at - writing_done:.1f} s, "
        f"checks {time.monotonic() - settled_at:.1f} s"
    )
