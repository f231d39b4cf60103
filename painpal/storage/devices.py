"""Which device this is, and how the files of every device in a synced data folder are told apart.

A data folder may be carried between machines by a folder-sync tool
(Syncthing, Dropbox, Nextcloud, iCloud Drive, git). None of them merges a
file two machines changed: one side's version becomes a conflict copy and
vanishes from view. So each device writes only its own files, under
``devices/<device-id>/``, and every device reads the union of all of them
(the store merges by id, the newest change winning).

The device id is ``PAINPAL_DEVICE`` when set (tests, two accounts on one
machine), else made once and kept in the platform's per-user *state* folder,
outside the data folder: a synced folder must hold nothing device-local, or
two machines would share one id and write the same files.

Kept free of heavy imports: ``painpal log`` pays for it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping

from painpal.storage.files import StoreError, atomic_write_bytes, os_error_reason, private_folder

DEVICES_DIR = "devices"
DEVICE_FILE = "device"
"""The file in the state folder that keeps this machine's device id."""
DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""A device id is a folder name on every platform and in every sync tool: letters, digits, '-' and '_'."""

CONFLICT_COPY = re.compile(
    r"(?P<base>painpal|\d{4}-\d\d)"
    r"(?P<mark> \([^)/]*conflict[^)/]*\)| \d{1,3}|\.sync-conflict-[A-Za-z0-9-]+)?"
    r"\.json(?P<tilde>~)?",
    re.IGNORECASE,
)
"""A data file's name, or a sync tool's copy of it.

Dropbox and Nextcloud: ``painpal (Ann's conflicted copy 2026-12-01).json``;
Syncthing: ``painpal.sync-conflict-20261201-101010-ABCDEFG.json``; iCloud
Drive: ``painpal 2.json``; editors and some tools: ``painpal.json~``.
"""


def device_id(environ: Mapping[str, str] | None = None) -> str:
    """This device's id: ``PAINPAL_DEVICE``, else the one kept in the state folder (made on first run)."""
    env = os.environ if environ is None else environ
    given = env.get("PAINPAL_DEVICE")
    if given:
        return check_device_id(given, "PAINPAL_DEVICE")
    import platformdirs

    folder = platformdirs.user_state_path("painpal")
    path = folder / DEVICE_FILE
    try:
        return check_device_id(path.read_text(encoding="utf-8").strip(), str(path))
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"Could not read this device's id from {path}: {os_error_reason(exc)}.") from None
    made = os.urandom(8).hex()
    try:
        private_folder(folder)
        atomic_write_bytes(path, made.encode("ascii") + b"\n")
    except OSError as exc:
        raise StoreError(f"Could not keep this device's id in {path}: {os_error_reason(exc)}.") from None
    return made


def check_device_id(value: str, where: str) -> str:
    """A device id as a folder name, or a :class:`StoreError` naming where the bad one came from."""
    if DEVICE_ID.fullmatch(value) is None:
        raise StoreError(
            f"The device id {value[:70]!r} from {where} is not valid: use 1 to 64 letters, digits, '-' or '_'."
        )
    return value


REPORTED_FILE = "reported"
"""The file in the state folder that lists the sync notes already shown, so each is said once."""
REPORTED_KEEP = 500


def unreported(notes: list[str]) -> list[str]:
    """The notes (about sync tools' conflict copies) not shown on this machine before; remembers them as shown.

    Kept in the state folder (device-local, like the id), never in the synced
    data folder, so each machine says each one once.
    """
    import json

    if not notes:
        return []
    import platformdirs

    path = platformdirs.user_state_path("painpal") / REPORTED_FILE
    try:
        seen = json.loads(path.read_text(encoding="utf-8"))
        seen = [s for s in seen if isinstance(s, str)] if isinstance(seen, list) else []
    except (OSError, ValueError):
        seen = []
    new = [n for n in notes if n not in seen]
    if new:
        try:
            private_folder(path.parent)
            atomic_write_bytes(path, json.dumps((seen + new)[-REPORTED_KEEP:]).encode("utf-8"))
        except (OSError, StoreError):
            pass  # not remembered: said again next time, which is better than never
    return new


class SyncNotes:
    """What one view (a command, an open TUI) says of the sync: each note once, and only new ones.

    A skipped file (still arriving, unreadable, from a newer painpal) is a
    state that lasts: said once while it lasts, and again if it comes back
    after the file read. A merged conflict copy is said once per machine
    (:func:`unreported`). Safe to call from several worker threads.
    """

    def __init__(self) -> None:
        self._skipped: set[str] = set()
        self._lock = threading.Lock()

    def new(self, skipped: Iterable[str], merged: Iterable[str]) -> list[str]:
        """The notes not said yet, skipped files first, given every note the store holds now."""
        now = list(skipped)
        with self._lock:
            fresh = [note for note in now if note not in self._skipped]
            self._skipped = set(now)
            return fresh + unreported(list(merged))


def data_file_name(name: str) -> tuple[str, bool] | None:
    """What a file name in a device folder is: ``(base, is_conflict_copy)``, or ``None`` when not a data file.

    ``base`` is ``painpal`` for a live file and ``YYYY-MM`` for an archive.
    """
    found = CONFLICT_COPY.fullmatch(name)
    if found is None:
        return None
    return found["base"].lower(), bool(found["mark"] or found["tilde"])
