"""The only module that touches TinyDB, and the only one that reads or writes painpal's data files.

Why it is more than ``TinyDB("painpal.json")`` (see PITFALLS.md, measured):

* **Atomic, durable writes.** TinyDB's ``JSONStorage`` rewrites the file in
  place; a kill at the wrong instant leaves it torn. :class:`AtomicStorage`
  writes through :func:`painpal.storage.files.atomic_write_bytes`: a
  temporary file beside it, fsync, ``os.replace``, fsync of the directory,
  so a crash leaves the old file or the new one.
* **Several processes.** The TUI and ``painpal log`` in another shell take an
  exclusive ``flock`` on ``painpal.lock`` for every write transaction, and
  each transaction re-reads the file when its stat signature changed, so a
  long-open process never writes over a check-in another one made.
* **A small hot file.** Every write rewrites the whole file, so its cost
  grows with history (157 ms per insert at 50k records; JSON encoding alone
  is ~4 ms for a heavy month). The live ``painpal.json`` holds only this
  week's history plus settings, plan and care team; older history lives in
  ``archive/YYYY-MM.json``, one file per month, which reads open lazily and
  which a new week's first write fills. A check-in then costs one rewrite of
  about a week of records, whatever the history.
* **One writer per file, so a folder-sync tool can carry the folder.** Each
  device writes only under ``devices/<device-id>/`` (its live file, archives
  and lock) and reads every device's files, and the files of the layout
  before sync at the top of the folder, merged by id (:func:`newer`).
  Another device's file that does not read yet is skipped, with a note in
  :attr:`Store.skipped`, until it changes; sync tools' conflict copies are
  read like the file they copy and noted in :attr:`Store.merged`. A change
  that moves a record to another month leaves a tombstone in the old month
  (:func:`left_behind`), since the other devices' copies there stay.
* **Never an empty database from a bad file.** A file that does not parse,
  has the wrong shape or comes from a newer painpal is refused, named, and
  left untouched.

Records are keyed on their own ``id`` (uuid4 hex); TinyDB's integer doc ids
are an internal detail that never leaves this module.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from painpal.domain.clock import Clock
from painpal.domain.records import (
    HISTORY_TABLES,
    TABLES,
    Record,
    ValidationError,
    check_aware,
    from_record,
    new_id,
    to_record,
)
from painpal.storage.devices import DEVICE_ID, DEVICES_DIR, check_device_id, data_file_name, device_id
from painpal.storage.files import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    StoreError,
    UnsafePathError,
    atomic_write_bytes,
    fsync_dir,
    os_error_reason,
    private_folder,
    refuse_foreign_owner,
    refuse_read_only,
    refuse_symlink,
    write_temp,
)

SCHEMA_VERSION = 2
"""Bump with a function in :data:`MIGRATIONS` whenever the stored shape changes.

2: records may carry ``changed``, deleted records leave tombstones, the live
file keeps an undo journal. A painpal that reads only 1 would misread
tombstones, so it is told to upgrade instead.
"""
READ_AS_IS = frozenset({1})
"""Older versions whose files are valid current files unchanged (2 only added to 1): read as they are,
marked current when next written, no migration or backup needed."""
APP_TAG = "painpal"
LIVE_NAME = "painpal.json"
LOCK_NAME = "painpal.lock"
ARCHIVE_DIR = "archive"
META_TABLE = "meta"
SETTINGS_TABLE = "settings"
UNDO_TABLE = "undo"
CONFIG_TABLES = (META_TABLE, SETTINGS_TABLE, UNDO_TABLE)
UNDO_DEPTH = 20
"""How many of the person's last actions ``u`` and ``painpal undo`` can take back, newest first."""
DELETED = "deleted"
"""The field that makes a stored document a tombstone: ``{"id", "at", "deleted"}``, in the place of the record."""
LISTING_SETTLED_NS = 2_000_000_000
"""A folder unchanged for this long is listed once and then only stat-ed (see :meth:`Store._names`)."""
LOCK_TIMEOUT_S = 15.0
"""How long a writer waits for another painpal to finish before giving up with a clear message."""

Migration = Any  # Callable[[dict[str, Any]], dict[str, Any]]; kept loose so tests can register one
MIGRATIONS: dict[int, Migration] = {}
"""``MIGRATIONS[n]`` turns a version-n file's data into version n+1 (pure: data in, data out)."""

R = TypeVar("R", bound=Record)


class CorruptFileError(StoreError):
    """The file does not parse or has the wrong shape; it is left untouched."""


class NewerFileError(StoreError):
    """The file was written by a newer painpal; it is left untouched."""


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``PAINPAL_DATA_DIR`` if set, else the platform's per-user data directory."""
    env = os.environ if environ is None else environ
    if env.get("PAINPAL_DATA_DIR"):
        return Path(env["PAINPAL_DATA_DIR"]).expanduser()
    import platformdirs

    return platformdirs.user_data_path("painpal")


def month_of(record: Mapping[str, Any]) -> str:
    """The archive a stored history record belongs to: ``YYYY-MM`` of its local time as recorded."""
    return str(record.get("at", ""))[:7]


def week_of(record: Mapping[str, Any]) -> str:
    """The Monday (``YYYY-MM-DD``) of the week of a record's local date as recorded."""
    day = date.fromisoformat(str(record.get("at", ""))[:10])
    return (day - timedelta(days=day.weekday())).isoformat()


def current_week(now: datetime) -> str:
    """The Monday of the week ``now`` falls in: history before it leaves the live file."""
    return (now.date() - timedelta(days=now.weekday())).isoformat()


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    """What tells us a file changed under us: inode, size, mtime and ctime in ns."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _describe_os_error(exc: OSError, path: Path) -> str:
    return f"Could not save to {path}: {os_error_reason(exc)}. Nothing was changed; fix that and try again."


def _check_shape(data: Any, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Refuse anything that is not a TinyDB file of ours (tables of documents)."""
    what = f"{path} is not a painpal data file"
    if not isinstance(data, dict):
        raise CorruptFileError(f"{what} (expected a JSON object of tables); painpal left it untouched.")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptFileError(f"{what} (table {name!r} has the wrong shape); painpal left it untouched.")
    return data


def read_data_file(path: Path) -> dict[str, dict[str, dict[str, Any]]] | None:
    """Parse one data file, or ``None`` when it does not exist. Never modifies it."""
    refuse_symlink(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Could not read {path}: {exc.strerror}.") from None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError and integers longer than Python reads; RecursionError deep nesting.
        if isinstance(exc, json.JSONDecodeError):
            detail = f" ({exc.msg} at line {exc.lineno} column {exc.colno})"
        elif isinstance(exc, RecursionError):
            detail = " (nested too deeply)"
        else:
            detail = ""
        raise CorruptFileError(
            f"{path} is not valid JSON{detail}; painpal left it untouched. "
            f"Restore it from a backup, or move it aside to start afresh."
        ) from None
    return _check_shape(data, path)


def schema_of(data: Mapping[str, Mapping[str, Any]], path: Path) -> int:
    """The schema version a parsed file declares; a file without our tag is foreign."""
    meta = data.get(META_TABLE) or {}
    docs = [d for d in meta.values() if d.get("app") == APP_TAG]
    if not docs:
        if not any(data.values()):
            return SCHEMA_VERSION  # an empty TinyDB file: nothing to lose, treat as ours
        raise CorruptFileError(
            f"{path} is a JSON file but not painpal's (it has no painpal meta table); painpal left it untouched."
        )
    version = docs[0].get("schema")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CorruptFileError(f"{path} declares an unknown schema version {version!r}; painpal left it untouched.")
    if version > SCHEMA_VERSION:
        raise NewerFileError(
            f"{path} was written by a newer painpal (schema {version}, this one reads {SCHEMA_VERSION}); "
            f"upgrade painpal to open it. The file was left untouched."
        )
    return version


class _FileCache:
    """Parsed contents of one data file, keyed by the stat signature we last saw."""

    __slots__ = ("data", "signature")

    def __init__(self) -> None:
        self.data: dict[str, dict[str, dict[str, Any]]] | None = None
        self.signature: tuple[int, int, int, int] | None = None


class _Stage:
    """The files one write transaction changes, held in fsynced temp files until every one is written.

    A transaction may touch several files (an import of many months, a
    roll-over's archives and the live file). Writing each to a temp file
    first and renaming them only when all are written means a full disk or a
    permission problem part-way changes nothing, so "Nothing was changed" is
    true. The renames themselves cannot run out of space; archives are
    renamed before the live file, and every write merges by id, so a crash
    between renames is finished by the next write.
    """

    def __init__(self) -> None:
        self.temps: dict[Path, str] = {}
        self.made: list[Path] = []
        """Folders this transaction created: removed again if it fails, so a refusal leaves no trace."""

    def write(self, path: Path, payload: bytes) -> None:
        refuse_read_only(path.parent)
        refuse_read_only(path)
        try:
            tmp = write_temp(path, payload)
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, path)) from None
        previous = self.temps.pop(path, None)
        if previous is not None:
            with contextlib.suppress(OSError):
                os.unlink(previous)
        self.temps[path] = tmp

    def commit(self, live: Path) -> list[Path]:
        """Rename every temp file over its target, the live file last; returns the paths written."""
        order = sorted(self.temps, key=lambda p: p == live)
        done: list[Path] = []
        try:
            for path in order:
                os.replace(self.temps[path], path)
                del self.temps[path]
                done.append(path)
            for folder in {p.parent for p in order}:
                fsync_dir(folder)
        except OSError as exc:
            if not done:
                raise StoreError(_describe_os_error(exc, order[0])) from None
            raise StoreError(
                f"Could not finish saving to {order[len(done)]}: {os_error_reason(exc)}. "
                "Part was saved and nothing stored before was lost; run the same command again once that is fixed."
            ) from None
        finally:
            self.abort()
        return order

    def abort(self) -> None:
        for tmp in self.temps.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.temps.clear()

    def discard_folders(self) -> None:
        """Remove the folders this failed transaction made (only if still empty)."""
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.made.clear()


class AtomicStorage(Storage):
    """A TinyDB storage that reads through a signature-checked cache and writes atomically.

    TinyDB asks its storage for the whole database on every operation; the
    cache makes that free unless another process replaced the file. Inside a
    transaction, writes go to the transaction's :class:`_Stage` and the cache
    holds what will be renamed into place; a failed transaction drops the
    caches of what it staged, so memory never disagrees with the files.
    """

    def __init__(self, path: Path, cache: _FileCache, stage: _Stage | None = None) -> None:
        self._path = path
        self._cache = cache
        self._stage = stage

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._stage is not None and self._path in self._stage.temps:
            return self._cache.data
        sig = _signature(self._path)
        if sig is None:
            self._cache.data, self._cache.signature = None, None
            return None
        if self._cache.data is None or sig != self._cache.signature:
            self._cache.data = read_data_file(self._path)
            self._cache.signature = sig
        return self._cache.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if self._stage is not None:
            self._stage.write(self._path, payload)
            self._cache.data = data
            return
        try:
            atomic_write_bytes(self._path, payload)
        except OSError as exc:
            self._cache.data, self._cache.signature = None, None
            raise StoreError(_describe_os_error(exc, self._path)) from None
        self._cache.data = data
        self._cache.signature = _signature(self._path)

    def close(self) -> None:
        pass


@dataclass
class Merge:
    """What storing a batch of documents did: the import summary says all of it."""

    added: int = 0
    updated: int = 0
    """Records stored before whose offered version was changed later: it replaced the stored one."""
    present: int = 0
    """Ids already stored with the same content: nothing to do."""
    differing: list[str] = field(default_factory=list)
    """Ids stored with other content changed as late or later: the stored record was kept."""
    deleted: int = 0
    """Records the offered tombstones deleted (they were deleted after their last change)."""
    kept_deleted: int = 0
    """Records offered that were deleted here after their last change: they stay deleted."""


@dataclass(frozen=True)
class Device:
    """One writer of a data folder, as ``painpal devices`` lists it."""

    device: str
    """Its id; ``""`` for the files of the layout before sync (``painpal.json`` and ``archive/`` at the top)."""
    this: bool
    last_write: datetime | None
    """When it last changed one of its files (as this machine sees the files), or ``None`` before its first write."""
    records: int
    files: int


_AT_MONTH = re.compile(rb'"at"\s*:\s*"(\d{4}-\d\d)')
"""A stored record's month, found in raw bytes without parsing the file."""
_PEEK_BYTES = 4096


def _record_problem(cls: type[Record], doc: Mapping[str, Any]) -> str | None:
    """Why a stored document could not be read back as a record (or a tombstone), or ``None`` when it can."""
    if not isinstance(doc.get("id"), str):
        return "it has no id"
    try:
        if DELETED in doc:
            tombstone_from(doc)
        else:
            from_record(cls, dict(doc))
    except ValidationError as exc:
        return str(exc)
    return None


def is_tombstone(doc: Mapping[str, Any]) -> bool:
    """Does this stored document mark a deleted record?"""
    return DELETED in doc


def tombstone(doc: Mapping[str, Any], when: datetime) -> dict[str, Any]:
    """What stays of a deleted record: its id and time (so it stays in the same file), and when it went."""
    return {"id": doc["id"], "at": doc["at"], DELETED: when.isoformat()}


MOVED_MARGIN = timedelta(microseconds=1)
"""How much older than an edit that moved a record the tombstone it leaves behind is (:func:`left_behind`)."""


def left_behind(doc: Mapping[str, Any], old_at: str) -> dict[str, Any] | None:
    """What a change that moved ``doc`` to another file leaves in the file of its old time ``old_at``.

    No device writes another's files, so other devices' copies of the old
    version stay in their files of the old month; a read of that month opens
    every device's file of it, but not the one the record moved to, and
    would show such a copy as if never edited. This tombstone, in the moving
    device's own file of the old month, is older than the new version by
    :data:`MOVED_MARGIN` only: it outdates every copy made before the move
    (so that read leaves the record out), and loses to the new version
    wherever both are read. It is a plain tombstone, read as every painpal
    and every export has always read one, so the schema stays as it was.

    ``None`` for a document without a change time: nothing to date it by
    (every edit painpal makes has one).
    """
    version = version_of(doc)
    if version is None:
        return None
    return {"id": doc["id"], "at": old_at, DELETED: (version - MOVED_MARGIN).isoformat()}


def tombstone_from(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A tombstone checked as carefully as a record: an id, an aware time, an aware deletion time."""
    out: dict[str, Any] = {"id": doc.get("id"), "at": doc.get("at"), DELETED: doc.get(DELETED)}
    if not isinstance(out["id"], str) or not out["id"].isalnum() or len(out["id"]) > 64:
        raise ValidationError("A deleted record's id must be 1 to 64 letters and digits.")
    for key in ("at", DELETED):
        try:
            when = datetime.fromisoformat(out[key])
        except (TypeError, ValueError):
            raise ValidationError(f"The {key} {out[key]!r} of a deleted record is not valid.") from None
        check_aware(when, f"{key} of a deleted record")
    return out


def version_of(doc: Mapping[str, Any]) -> datetime | None:
    """When this copy of a record was last changed (made, edited or deleted); ``None``: as first made.

    Two copies of one id (an import, a sync, an edit that moved a record to
    another month) are settled by it: the later one wins, and a deletion
    wins a tie, so nothing deleted comes back by accident.
    """
    raw = doc.get(DELETED) or doc.get("changed")
    return datetime.fromisoformat(raw) if isinstance(raw, str) else None


def newer(doc: Mapping[str, Any], than: Mapping[str, Any]) -> bool:
    """Does ``doc`` supersede ``than`` (two copies of the same id)?"""
    a, b = version_of(doc), version_of(than)
    if a is None or (b is not None and a < b):
        return False
    if b is None or a > b:
        return True
    return is_tombstone(doc) and not is_tombstone(than)


_NEVER = datetime.min.replace(tzinfo=UTC)


def _setting_time(doc: Mapping[str, Any]) -> datetime:
    """When a stored setting last changed; the earliest time when it does not say (or says it unreadably)."""
    try:
        when = datetime.fromisoformat(doc["changed"])
    except (KeyError, TypeError, ValueError):
        return _NEVER
    return when if when.utcoffset() is not None else _NEVER


def _time_of(doc: Mapping[str, Any], table: str, path: Path) -> datetime:
    """A stored document's aware time; a missing, unreadable or zone-less one is a corrupt file."""
    try:
        at = datetime.fromisoformat(doc["at"])
    except (KeyError, TypeError, ValueError):
        at = None
    if at is None or at.utcoffset() is None:
        raise CorruptFileError(_unreadable(path, table, doc, "it has no valid time with its UTC offset ('at')"))
    return at


def _unreadable(path: Path, table: str, doc: Mapping[str, Any], problem: str, *, writing: bool = False) -> str:
    """The one sentence for a stored record painpal cannot read, whoever found it."""
    what = f"id {doc.get('id')!r}: " if isinstance(doc.get("id"), str) else ""
    done = "painpal saved nothing and left the file untouched" if writing else "painpal left it untouched"
    return (
        f"{path} holds a {table} record painpal cannot read ({what}{problem.rstrip('.')}); {done}. "
        "Correct or remove that record, or restore the file from a backup."
    )


class Store:
    """painpal's data directory: the live file, its monthly archives and the lock.

    Reads never take the lock (files are only ever replaced whole); writes
    happen in :meth:`_transaction`, under the lock, against freshly checked
    files. Safe to share between the UI thread and workers.
    """

    def __init__(self, data_dir: Path, clock: Clock, device: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.device = device_id() if device is None else check_device_id(device, "the device asked for")
        self.devices_dir = self.data_dir / DEVICES_DIR
        self.device_dir = self.devices_dir / self.device
        """The only folder this device writes in (see :mod:`painpal.storage.devices`)."""
        self.path = self.device_dir / LIVE_NAME
        self.lock_path = self.device_dir / LOCK_NAME
        self.archive_dir = self.device_dir / ARCHIVE_DIR
        self.legacy_path = self.data_dir / LIVE_NAME
        """The live file of the layout before sync: read with every device's files, never written again."""
        self.legacy_archive_dir = self.data_dir / ARCHIVE_DIR
        self.skipped: dict[Path, str] = {}
        """Other writers' files that do not read yet (perhaps still arriving), each with a sentence saying so."""
        self.merged: dict[Path, str] = {}
        """Sync tools' conflict copies whose records are merged into the view, each with a sentence saying so."""
        self._listings: dict[Path, tuple[tuple[int, int] | None, list[str]]] = {}
        self._caches: dict[Path, _FileCache] = {}
        self._checked: dict[Path, tuple[int, int, int, int] | None] = {}
        self._valid: dict[Path, tuple[int, int, int, int] | None] = {}
        """Files whose every record was read back as a record, at the signature they had then."""
        self._months: dict[Path, tuple[tuple[int, int, int, int] | None, frozenset[str]]] = {}
        """Months seen at the head and tail of each archive (finds a misfiled one without parsing it)."""
        self._stage: _Stage | None = None
        self._writing = False
        """Inside a write transaction: a refusal then says that nothing was saved."""
        self._thread_lock = threading.RLock()
        self._seen_signature: tuple[Any, ...] | None = None
        self._rolled_for: tuple[str, tuple[int, int, int, int] | None] | None = None
        """(week, live-file signature) at which the live file was last found to need no roll-over."""
        try:
            st = self.data_dir.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise StoreError(f"Could not open the data folder {self.data_dir}: {os_error_reason(exc)}.") from None
        if st is not None:
            if not stat.S_ISDIR(st.st_mode):
                raise StoreError(f"{self.data_dir} is not a directory; painpal keeps its data in a directory.")
            refuse_foreign_owner(self.data_dir, st)
        self._folder_exists(self.devices_dir)
        self._folder_exists(self.device_dir)
        refuse_symlink(self.path)
        refuse_symlink(self.lock_path)
        refuse_symlink(self.legacy_path)
        self.check()

    # ------------------------------------------------------------------ files

    def _ensure_dir(self, directory: Path) -> None:
        """Create a private directory (0700 whatever the umask); none of this device's folders may be a link."""
        for folder in (self.devices_dir, self.device_dir, self.archive_dir):
            if directory == folder or folder in directory.parents:
                self._folder_exists(folder)
        private_folder(directory)

    def _archive_exists(self) -> bool:
        """Is there an archive folder of this device? A link or a file in its place is refused, never followed."""
        return self._folder_exists(self.archive_dir)

    @staticmethod
    def _folder_exists(folder: Path) -> bool:
        """Is there a real folder at ``folder``? A link or a file in its place is refused, never followed."""
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise StoreError(f"Could not open {folder}: {os_error_reason(exc)}.") from None
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(
                f"{folder} is a symbolic link; painpal keeps its files only in real folders "
                "inside the data folder and left it untouched."
            )
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{folder} is not a folder; move it aside so painpal can keep its files there.")
        return True

    # ---------------------------------------------------------- every device

    def _names(self, folder: Path) -> list[str]:
        """The names in a folder (none when it is missing, a link or a file), cached by the folder's signature."""
        try:
            st = os.lstat(folder)
        except OSError:
            return []
        if not stat.S_ISDIR(st.st_mode):
            return []
        sig = (st.st_ino, st.st_mtime_ns)
        known = self._listings.get(folder)
        if known is not None and known[0] == sig:
            return known[1]
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            raise StoreError(f"Could not read {folder}: {os_error_reason(exc)}.") from None
        # A folder's time only has the file system's granularity: a file added within the same tick leaves it
        # unchanged, so a listing is kept only once the folder has been still for a while.
        if time.time_ns() - st.st_mtime_ns > LISTING_SETTLED_NS:
            self._listings[folder] = (sig, names)
        return names

    def _sources(self) -> list[tuple[str, Path]]:
        """``(device id, folder)`` of every writer: this device, the others by id, then ``""`` for the old layout."""
        others = [
            (name, self.devices_dir / name)
            for name in self._names(self.devices_dir)
            if name != self.device and DEVICE_ID.fullmatch(name)
        ]
        return [(self.device, self.device_dir), *others, ("", self.data_dir)]

    def _live_files(self, folder: Path | None = None) -> list[Path]:
        """The live files (and sync tools' copies of them) of one writer's folder, or of all: this device's first."""
        if folder is None:
            return [p for _, f in self._sources() for p in self._live_files(f)]
        found = [folder / n for n in self._names(folder) if (data_file_name(n) or ("", False))[0] == "painpal"]
        if folder == self.device_dir and self.path not in found:
            found.insert(0, self.path)
        return found

    def _archives(self, folder: Path | None = None) -> list[tuple[str, Path]]:
        """``(month, path)`` of the archives (and sync tools' copies) of one writer's folder, or of all, by month."""
        if folder is None:
            return sorted(item for _, f in self._sources() for item in self._archives(f))
        if folder == self.device_dir:
            self._archive_exists()  # a link in place of this device's archive is refused, never read through
        names = self._names(folder / ARCHIVE_DIR)
        if folder == self.device_dir and self._stage is not None:  # archives this transaction is creating
            staged = [p.name for p in self._stage.temps if p.parent == self.archive_dir]
            names = sorted({*names, *staged})
        out = []
        for name in names:
            kind = data_file_name(name)
            if kind is not None and kind[0] != "painpal":
                out.append((kind[0], folder / ARCHIVE_DIR / name))
        return out

    def _strict(self, path: Path) -> bool:
        """Is a problem with this file an error? Yes for this device's own files and, until this device has
        its own live file, for the old layout's (it is what the person has been using); no for the files of
        other devices and for sync tools' copies, which may still be arriving."""
        kind = data_file_name(path.name)
        if kind is not None and kind[1]:
            return False
        if self.device_dir in path.parents:
            return True
        legacy = path == self.legacy_path or path.parent == self.legacy_archive_dir
        return legacy and not os.path.lexists(self.path)

    def _cache(self, path: Path) -> _FileCache:
        return self._caches.setdefault(path, _FileCache())

    def _load(self, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
        """Parsed, schema-checked contents of a data file ({} when missing), cached by signature.

        Another device's file that does not read (a sync still copying it,
        or a newer painpal there) is skipped with a note in :attr:`skipped`,
        and read again once it changes: never an error, never written.
        """
        try:
            return self._load_checked(path)
        except StoreError as exc:
            if self._strict(path):
                raise
            self.merged.pop(path, None)
            self.skipped[path] = (
                f"{path} was skipped: {str(exc).split('; ')[0].removeprefix(str(path)).strip()}. "
                "It is another device's file, perhaps still arriving; painpal reads it again once it changes."
            )
            return {}

    def _load_checked(self, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
        cache = self._cache(path)
        data = AtomicStorage(path, cache, self._stage).read()
        if data is None:
            self.skipped.pop(path, None)
            self.merged.pop(path, None)
            return {}
        if self._checked.get(path) != cache.signature:
            version = schema_of(data, path)
            if version < SCHEMA_VERSION and version not in READ_AS_IS and path != self.path:
                raise StoreError(f"{path} needs migrating; open painpal once to migrate the live file first.")
            self._checked[path] = cache.signature
            live = path == self.path or (path == self.legacy_path and self._strict(path))
            if live and self._stage is None:
                # The live file is a week of records: every reader checks all of it (once per version), so no
                # command answers from a file that another would refuse.
                try:
                    self._require_valid(path, writing=self._writing)
                except StoreError:
                    self._checked.pop(path, None)
                    raise
            self.skipped.pop(path, None)
            kind = data_file_name(path.name)
            if kind is not None and kind[1]:
                self.merged[path] = (
                    f"{path} is a copy a sync tool made of a conflicting change; its records are merged into "
                    "what painpal shows (keep it, or delete it once every device shows them)."
                )
        return data

    def check(self) -> None:
        """Parse the live file now (and the old layout's, until it is migrated), so a bad file is reported first."""
        for path in (self.path, self.legacy_path):
            if self._strict(path):
                data = read_data_file(path)
                if data is not None:
                    schema_of(data, path)

    def _require_valid(self, path: Path, *, writing: bool = True) -> None:
        """Refuse to write a file holding a record painpal cannot read back: a write would carry it on.

        Checked once per version of the file (its stat signature), so the
        live file's week of records is read back once per process, not per
        write.
        """
        data = self._load(path)
        signature = self._cache(path).signature
        if self._valid.get(path) == signature and path in self._valid:
            return
        for table, docs in data.items():
            cls = TABLES.get(table)
            if cls is None:
                continue
            for doc in docs.values():
                problem = _record_problem(cls, doc)
                if problem is not None:
                    raise CorruptFileError(_unreadable(path, table, doc, problem, writing=writing))
        self._valid[path] = signature

    def archive_months(self) -> list[str]:
        """Months (``YYYY-MM``) that have an archive file, oldest first."""
        if not self._archive_exists():
            return []
        try:
            names = os.listdir(self.archive_dir)
        except OSError as exc:
            raise StoreError(f"Could not read {self.archive_dir}: {os_error_reason(exc)}.") from None
        months = [n[: -len(".json")] for n in names if n.endswith(".json") and len(n) == len("YYYY-MM.json")]
        return sorted(m for m in months if m[:4].isdigit() and m[5:].isdigit())

    def _archive_path(self, month: str) -> Path:
        return self.archive_dir / f"{month}.json"

    def changed(self) -> bool:
        """Has any process, or a sync from another device, written since the last call? (Cheap stats, for the TUI.)"""
        sig = (
            _signature(self.devices_dir),
            tuple(
                (_signature(folder), _signature(folder / ARCHIVE_DIR), tuple(map(_signature, self._live_files(folder))))
                for _, folder in self._sources()
            ),
        )
        if sig == self._seen_signature:
            return False
        first = self._seen_signature is None
        self._seen_signature = sig
        return not first

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the exclusive cross-process lock (and this process's thread lock)."""
        with self._thread_lock:
            self._ensure_dir(self.data_dir)
            refuse_read_only(self.data_dir)
            self._ensure_dir(self.device_dir)
            refuse_read_only(self.device_dir)
            refuse_symlink(self.lock_path)
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(self.lock_path, flags, 0o600)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise UnsafePathError(f"{self.lock_path} is a symbolic link; painpal refuses to use it.") from None
                raise StoreError(f"Could not open the lock file {self.lock_path}: {exc.strerror}.") from None
            try:
                os.fchmod(fd, 0o600)
                deadline = time.monotonic() + LOCK_TIMEOUT_S
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise StoreError(
                                f"Another painpal has held {self.lock_path} for {LOCK_TIMEOUT_S:.0f} s; "
                                "try again in a moment."
                            ) from None
                        time.sleep(0.002)
                try:
                    yield
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction: locked, stale temp files swept, live file migrated and rolled over."""
        with self._locked(), self._marked_writing():
            self._sweep_temp_files()
            self._adopt_legacy()
            self._migrate_if_needed()
            refuse_read_only(self.path)
            self._require_valid(self.path)
            self._stage = stage = _Stage()
            try:
                self._roll_over()
                yield
                written = stage.commit(self.path)
            except BaseException:
                for path in stage.temps:
                    self._forget(path)
                stage.abort()
                stage.discard_folders()
                raise
            finally:
                self._stage = None
            for path in written:
                cache = self._cache(path)
                cache.signature = _signature(path)
                # Every record carried forward was checked and every new one validated, so the new
                # version is known readable and of this schema.
                self._valid[path] = self._checked[path] = cache.signature
            # Our own writes put only this month's history in the live file (see _target), so the
            # roll-over scan stays valid for the file as we leave it.
            if self._rolled_for is not None:
                self._rolled_for = (self._rolled_for[0], _signature(self.path))

    @contextlib.contextmanager
    def _marked_writing(self) -> Iterator[None]:
        self._writing = True
        try:
            yield
        finally:
            self._writing = False

    def _forget(self, path: Path) -> None:
        """Drop what this process remembers of a file, so the next read comes from disk."""
        self._caches.pop(path, None)
        self._checked.pop(path, None)
        self._valid.pop(path, None)

    def _sweep_temp_files(self) -> None:
        """Remove temp files a killed writer left; safe because only lock holders create them."""
        for directory in (self.device_dir, self.archive_dir):
            if directory == self.archive_dir and not self._archive_exists():
                continue
            try:
                names = os.listdir(directory)
            except OSError:
                continue
            for name in names:
                if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(OSError):
                        os.unlink(directory / name)

    def _db(self, path: Path) -> TinyDB:
        """A fresh TinyDB over ``path`` for this transaction: no stale query cache or next-id.

        The one place a data file is opened for writing, so the one place that
        keeps the sync rule: a device writes only in its own folder.
        """
        if self.device_dir not in path.parents:
            raise StoreError(f"{path} belongs to another device or to the old layout; painpal never writes it.")
        if path != self.path:
            if self._stage is not None and not os.path.lexists(path.parent):
                self._stage.made.append(path.parent)
            self._ensure_dir(path.parent)
        db = TinyDB(path, self._cache(path), self._stage, storage=AtomicStorage)
        self._require_valid(path)  # schema and every record checked before any write
        meta = db.table(META_TABLE)
        if not meta.all():
            meta.insert({"app": APP_TAG, "schema": SCHEMA_VERSION})
        elif any(doc.get("schema") != SCHEMA_VERSION for doc in meta.all()):
            meta.update({"schema": SCHEMA_VERSION})  # a READ_AS_IS file, from now on in the current shape
        return db

    def _adopt_legacy(self) -> None:
        """Start this device's own files in a folder of the old layout: once, with a backup, nothing moved.

        The old ``painpal.json`` and ``archive/`` stay where they are and are
        read with every device's files from then on, so a machine that still
        runs an older painpal keeps its history and the records it adds still
        reach the upgraded devices. What changes owner is the undo journal:
        it is copied, so ``painpal undo`` still takes back the last action.
        The backup is a byte copy of the old live file, in this device's folder.
        """
        if os.path.lexists(self.path):
            return
        data = self._load(self.legacy_path)
        if not data:
            return
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        backup = self.device_dir / f"{LIVE_NAME}.bak-layout-{stamp}"
        self._stage_copy(self.legacy_path, backup)
        undo = sorted((data.get(UNDO_TABLE) or {}).items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0)
        if undo:
            self._db(self.path).table(UNDO_TABLE).insert_multiple([dict(entry) for _, entry in undo])

    def _stage_copy(self, source: Path, target: Path) -> None:
        """Copy a file byte for byte (mode 0600), durably, before anything else this transaction writes."""
        try:
            atomic_write_bytes(target, source.read_bytes())
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, target)) from None

    def _migrate_if_needed(self) -> None:
        """Bring an older live file up to :data:`SCHEMA_VERSION`, after copying it to a backup.

        Archives of that version are migrated first (each with its own backup),
        so the live file's version marks the whole migration as done and a
        crash part-way is finished by the next write.
        """
        data = self._load(self.path)  # signature-cached: no second parse of the live file per transaction
        if not data or schema_of(data, self.path) in READ_AS_IS | {SCHEMA_VERSION}:
            return
        for month in self.archive_months():
            self._migrate_file(self._archive_path(month))
        self._migrate_file(self.path)

    def _migrate_file(self, path: Path) -> None:
        """Migrate one data file, after copying it byte-for-byte to ``NAME.bak-vN-STAMP`` beside it."""
        data = read_data_file(path)
        if data is None:
            return
        version = schema_of(data, path)
        if version == SCHEMA_VERSION:
            return
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        backup = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
        import shutil  # only a migration needs it; keep `painpal log` start-up small

        shutil.copy2(path, backup)
        os.chmod(backup, 0o600)
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        for doc in data.get(META_TABLE, {}).values():
            if doc.get("app") == APP_TAG:
                doc["schema"] = SCHEMA_VERSION
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(path, payload)
        except OSError as exc:
            raise StoreError(_describe_os_error(exc, path)) from None
        self._forget(path)

    def _roll_over(self) -> None:
        """Move history records of past weeks from the live file into their months' archives.

        Each archive is written before the live file, and archive writes skip
        ids already present, so a crash in between is repaired by the next run.
        """
        current = current_week(self.clock.now())
        if self._rolled_for == (current, _signature(self.path)):
            return  # scanned this week and nobody wrote since: nothing to move (saves a pass per write)
        data = self._load(self.path)
        moving: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in HISTORY_TABLES:
            for doc in (data.get(table) or {}).values():
                if week_of(doc) < current:
                    moving.setdefault(month_of(doc), {}).setdefault(table, []).append(doc)
        if not moving:
            self._rolled_for = (current, _signature(self.path))
            return
        for month, tables in sorted(moving.items()):
            self._insert_new(self._archive_path(month), tables, Merge(), superseding=True)
        db = self._db(self.path)
        for tables in moving.values():
            for table, docs in tables.items():
                ids = {d["id"] for d in docs}
                db.table(table).remove(Query().id.one_of(list(ids)))

    def _insert_new(
        self, path: Path, tables: Mapping[str, list[dict[str, Any]]], merge: Merge, *, superseding: bool = False
    ) -> None:
        """Insert documents whose id the file does not hold yet (one write per table touched), counted in ``merge``.

        With ``superseding`` (a roll-over), a document also replaces the copy
        the file holds when it is :func:`newer`: the archive may hold the
        tombstone an earlier move left there (:func:`left_behind`).
        """
        db = self._db(path)
        data = self._load(path)
        for table, docs in tables.items():
            # Documents straight from the parsed file: TinyDB's .all() would wrap every one first.
            existing = {doc.get("id"): doc for doc in (data.get(table) or {}).values()}
            fresh, replaced = [], []
            for doc in docs:
                stored = existing.get(doc["id"])
                if stored is None:
                    fresh.append(doc)
                elif stored == doc:
                    merge.present += 1
                elif superseding and newer(doc, stored):
                    replaced.append(doc)
                else:
                    merge.differing.append(doc["id"])
            if replaced:
                db.table(table).remove(Query().id.one_of([doc["id"] for doc in replaced]))
            if fresh or replaced:
                db.table(table).insert_multiple(fresh + replaced)
                merge.added += len(fresh)

    def _target(self, table: str, doc: Mapping[str, Any]) -> Path:
        """Which file a document lives in: history before this week goes to its month's archive."""
        if table in HISTORY_TABLES and week_of(doc) < current_week(self.clock.now()):
            return self._archive_path(month_of(doc))
        return self.path

    # ------------------------------------------------------------------ writes

    def add(self, *records: Record, undo: str | None = None) -> int:
        """Store new records durably (one transaction); ids already stored are skipped.

        Returns how many were added. When this returns, they are on disk.
        ``undo`` names the action for ``u`` / ``painpal undo`` ("pain 7"),
        journalled in the same transaction.
        """
        docs = [(r.TABLE, to_record(r)) for r in records]
        with self._transaction():
            added = self._add_new(docs)
            if undo is not None:
                self._journal(undo, [(table, None, doc) for table, doc in docs])
        return added

    def add_documents(self, items: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Store already-validated documents whose ids their files do not hold yet (the demo, new records)."""
        with self._transaction():
            return self._add_new(items)

    def _add_new(self, items: Iterable[tuple[str, dict[str, Any]]]) -> int:
        by_file: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        for table, doc in items:
            by_file.setdefault(self._target(table, doc), {}).setdefault(table, []).append(doc)
        merge = Merge()
        for path in sorted(by_file):
            self._insert_new(path, by_file[path], merge)
        return merge.added

    def merge_documents(
        self, items: Iterable[tuple[str, dict[str, Any]]], settings: Mapping[str, Any] | None = None
    ) -> Merge:
        """Merge validated documents (records and tombstones) into the store, all or nothing: ``painpal import``.

        Each id is settled against every copy stored, in any file: the later
        change wins (:func:`newer`), so an older export never brings back a
        deleted record nor overwrites a newer edit. :class:`Merge` says what
        happened to each. ``settings`` (already vetted) are stored in the same
        transaction.
        """
        items = list(items)
        merge = Merge()
        with self._transaction():
            latest = self._latest_copies(self._all_paths(), {table for table, _ in items})
            stored = {key: (path, doc) for key, (_, path, doc) in latest.items()}
            removals: dict[Path, dict[str, list[str]]] = {}
            inserts: dict[Path, dict[str, list[dict[str, Any]]]] = {}
            for table, doc in items:
                found = stored.get((table, doc["id"]))
                if found is not None and (found[1] == doc or not newer(doc, found[1])):
                    if found[1] == doc:
                        merge.present += 1
                    elif is_tombstone(found[1]):
                        merge.kept_deleted += 1
                    else:
                        merge.differing.append(doc["id"])
                    continue
                if found is not None and self.device_dir in found[0].parents:  # another device's copy stays there
                    removals.setdefault(found[0], {}).setdefault(table, []).append(doc["id"])
                if is_tombstone(doc):
                    merge.deleted += found is not None and not is_tombstone(found[1])
                elif found is None:
                    merge.added += 1
                else:
                    merge.updated += 1
                target = self._target(table, doc)
                inserts.setdefault(target, {}).setdefault(table, []).append(doc)
                stored[(table, doc["id"])] = (target, doc)
                behind = None if found is None else self._behind(table, doc, found[1]["at"], target)
                if behind is not None and behind[1] is not None:  # the offered version moved the record
                    inserts.setdefault(behind[0], {}).setdefault(table, []).append(behind[1])
            for path in sorted(set(removals) | set(inserts)):
                db = self._db(path)
                for table, ids in removals.get(path, {}).items():
                    db.table(table).remove(Query().id.one_of(ids))
                for table, docs in inserts.get(path, {}).items():
                    # An older copy of this device's own may sit here while another device's is the latest.
                    db.table(table).remove(Query().id.one_of([doc["id"] for doc in docs]))
                    db.table(table).insert_multiple(docs)
            for name, value in (settings or {}).items():
                self._store_setting(name, value)
        return merge

    def save(self, record: Record, *, moved_from: datetime | None = None, undo: str | None = None) -> None:
        """Store ``record`` durably: a new one is added, one already stored (same id) is overwritten.

        The one upsert every surface uses: a check-in's detail added later, an
        edited appointment, a resolved warning sign, the day's note, an edit.
        ``moved_from`` is the record's time before an edit changed it, so the
        copy in another week's or month's file goes. ``undo`` journals the
        action, with what was there before, for :meth:`undo`.
        """
        doc = to_record(record)
        with self._transaction():
            before = self._put(record.TABLE, doc, moved_from)
            if undo is not None:
                self._journal(undo, [(record.TABLE, before, doc)])

    def _put(self, table: str, doc: dict[str, Any], moved_from: datetime | None = None) -> dict[str, Any] | None:
        """Write ``doc`` in its file, replacing this device's copies of its id; returns the newest copy before.

        The copy before is the newest in the files near the record's times,
        whichever device wrote it (the one an undo brings back); this
        device's own copy there may be older, or the tombstone a move left.
        A move to another file leaves :func:`left_behind` in the old one.
        """
        near = [datetime.fromisoformat(doc["at"]), *([moved_from] if moved_from is not None else [])]
        paths = dict.fromkeys(p for when in near for p in self._paths_for(when, when))
        found = self._latest_copies(paths, [table], wanted=doc["id"]).get((table, doc["id"]))
        before = None if found is None or found[2] is doc else dict(found[2])
        target = self._target(table, doc)
        self._take(target, table, doc["id"])
        behind = None if moved_from is None else self._behind(table, doc, moved_from.isoformat(), target)
        if behind is not None:
            old, mark = behind
            self._take(old, table, doc["id"])
            if mark is not None:
                self._db(old).table(table).insert(mark)
        self._db(target).table(table).insert(doc)
        return before

    def _behind(
        self, table: str, doc: Mapping[str, Any], old_at: str, target: Path
    ) -> tuple[Path, dict[str, Any] | None] | None:
        """This device's file of ``old_at`` and what ``doc`` leaves there (:func:`left_behind`); ``None``: same file."""
        old = self._target(table, {"at": old_at})
        return None if old == target else (old, left_behind(doc, old_at))

    def _take(self, path: Path, table: str, record_id: str) -> None:
        """Remove the copy of ``record_id`` that ``path`` holds, if any."""
        if any(doc.get("id") == record_id for doc in (self._load(path).get(table) or {}).values()):
            self._db(path).table(table).remove(Query().id == record_id)

    def delete(self, cls: type[Record], record_id: str, *, undo: str | None = None) -> Record | None:
        """Delete a record by id wherever it lives, leaving a tombstone; returns what was deleted.

        The tombstone (:func:`tombstone`) stays where the record was, so an
        import of an older export, or another device's copy, cannot bring it
        back. ``undo`` journals the deletion so :meth:`undo` can restore it.
        """
        with self._transaction():
            found = self._latest_copies(self._all_paths(), [cls.TABLE], wanted=record_id).get((cls.TABLE, record_id))
            if found is None or is_tombstone(found[2]):
                return None
            _, path, doc = found
            record = self._read_record(cls, doc, path)
            gone = tombstone(doc, self.clock.now())
            self._put(cls.TABLE, gone)
            if undo is not None:
                self._journal(undo, [(cls.TABLE, dict(doc), gone)])
            return record

    def remove(self, cls: type[Record], record_id: str) -> bool:
        """Delete a record by id wherever it lives (see :meth:`delete`); True if something was removed."""
        return self.delete(cls, record_id) is not None

    # ------------------------------------------------------------------- undo

    def _journal(self, label: str, changes: list[tuple[str, dict[str, Any] | None, dict[str, Any]]]) -> None:
        """Note an action in the live file's undo journal (same transaction), keeping the newest :data:`UNDO_DEPTH`."""
        table = self._db(self.path).table(UNDO_TABLE)
        table.insert(
            {
                "id": new_id(),
                "at": self.clock.now().isoformat(),
                "label": label,
                "changes": [{"table": t, "before": before, "after": after} for t, before, after in changes],
            }
        )
        entries = sorted(table.all(), key=lambda e: e.doc_id)  # doc ids grow: the order actions were taken
        if len(entries) > UNDO_DEPTH:
            table.remove(doc_ids=[e.doc_id for e in entries[: len(entries) - UNDO_DEPTH]])

    def undo_labels(self) -> list[str]:
        """What :meth:`undo` would take back, newest first ("pain 7", "heat", ...)."""
        entries = (self._load(self.path).get(UNDO_TABLE) or {}).items()
        newest_first = sorted(entries, key=lambda item: int(item[0]) if item[0].isdigit() else 0, reverse=True)
        return [str(entry.get("label")) for _, entry in newest_first]

    def undo(self) -> str | None:
        """Take back the newest journalled action; returns its label, or ``None`` when there is nothing to undo.

        A record it added is deleted (a tombstone, so a merge cannot revive
        it); one it changed or deleted gets its earlier version back, marked
        changed now so that version wins any later merge.
        """
        with self._transaction():
            table = self._db(self.path).table(UNDO_TABLE)
            entries = sorted(table.all(), key=lambda e: e.doc_id)
            if not entries:
                return None
            entry = entries[-1]
            now = self.clock.now()
            for change in reversed(entry.get("changes") or []):
                name, before, after = change.get("table"), change.get("before"), change.get("after")
                cls = TABLES.get(name) if isinstance(name, str) else None
                if cls is None or not isinstance(after, dict):
                    raise CorruptFileError(f"{self.path} holds an undo entry painpal cannot read; nothing was undone.")
                if before is None:
                    self._put(cls.TABLE, tombstone(after, now))
                    continue
                restored = dict(before)
                if not is_tombstone(restored):
                    self._read_record(cls, restored, self.path)  # only a readable record goes back
                    restored["changed"] = now.isoformat()
                self._put(cls.TABLE, restored, moved_from=datetime.fromisoformat(after["at"]))
            table.remove(doc_ids=[entry.doc_id])
            return str(entry.get("label"))

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under ``key`` in the live file (plan, custom routines, first-run flag)."""
        with self._transaction():
            self._store_setting(key, value)

    def _store_setting(self, key: str, value: Any) -> None:
        """Upsert one setting in this device's live file, with when it changed: devices' settings merge per key."""
        table = self._db(self.path).table(SETTINGS_TABLE)
        table.upsert({"key": key, "value": value, "changed": self.clock.now().isoformat()}, Query().key == key)

    # ------------------------------------------------------------------- reads

    def setting(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        return self.settings().get(key, default)

    def settings(self) -> dict[str, Any]:
        """Every stored setting as ``key -> value``, merged over every device (:mod:`painpal.settings` types them).

        Per key, the newest change wins; a setting without a change time
        (written before sync, or by an older painpal) loses to any with one.
        Ties go to the larger value as JSON text, so every device settles the
        same way whatever order it read the files in.
        """
        best: dict[str, tuple[tuple[datetime, str], Any]] = {}
        for path in self._live_files():
            for doc in (self._load(path).get(SETTINGS_TABLE) or {}).values():
                key = doc.get("key")
                if not isinstance(key, str):
                    continue
                rank = (_setting_time(doc), json.dumps(doc.get("value"), sort_keys=True, default=str))
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, doc.get("value"))
        return {key: value for key, (_, value) in best.items()}

    def _paths_for(self, since: datetime | None, until: datetime | None) -> list[Path]:
        """Files that may hold history between ``since`` and ``until``, oldest first.

        Partition keys are local months as recorded; a one-month margin on
        each side covers records made in another UTC offset.
        """
        lo = "0000-00" if since is None else f"{since.year - (since.month == 1):04d}-{(since.month - 2) % 12 + 1:02d}"
        hi = "9999-99" if until is None else f"{until.year + (until.month == 12):04d}-{until.month % 12 + 1:02d}"
        paths = []
        for month, path in self._archives():
            # An archive outside the range is still read when its records are from inside it (misfiled by
            # hand or by a restore): a report never silently leaves records out.
            if lo <= month <= hi or any(lo <= m <= hi for m in self._months_seen(path)):
                paths.append(path)
        return [*paths, *self._live_files()]

    def _months_seen(self, path: Path) -> frozenset[str]:
        """Months of the records at the head and the tail of an archive, read from raw bytes, cached."""
        signature = _signature(path)
        known = self._months.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        refuse_symlink(path)
        try:
            with open(path, "rb") as f:
                head = f.read(_PEEK_BYTES)
                size = os.fstat(f.fileno()).st_size
                f.seek(max(size - _PEEK_BYTES, len(head)))
                tail = f.read(_PEEK_BYTES)
        except OSError:
            return frozenset()  # the full read, if it comes to one, says what is wrong
        months = frozenset(m.decode() for m in _AT_MONTH.findall(head + b" " + tail))
        self._months[path] = (signature, months)
        return months

    def _documents(
        self, table: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[Path, dict[str, Any]]]:
        """Stored records of a table with the file each came from, oldest first; ``until`` is exclusive.

        One id found twice (an edit that moved a record, an import) counts
        once, as its latest version (:func:`newer`); deleted records are left
        out. A document without an id or an aware time is a corrupt file: its
        identity or its place in time cannot be known.
        """
        paths = self._paths_for(since, until) if table in HISTORY_TABLES else self._live_files()
        out = [
            triple
            for triple in self._latest_copies(paths, [table]).values()
            if not is_tombstone(triple[2])
            and (since is None or triple[0] >= since)
            and (until is None or triple[0] < until)
        ]
        out.sort(key=lambda triple: triple[0])
        return [(path, doc) for _, path, doc in out]

    def _all_paths(self) -> list[Path]:
        """Every data file of every device, archives oldest first, then the live files."""
        return [path for _, path in self._archives()] + self._live_files()

    def _latest_copies(
        self,
        paths: Iterable[Path],
        tables: Iterable[str],
        wanted: str | None = None,
        best: dict[tuple[str, str], tuple[datetime, Path, dict[str, Any]]] | None = None,
    ) -> dict[tuple[str, str], tuple[datetime, Path, dict[str, Any]]]:
        """The latest copy (:func:`newer`) of each ``(table, id)`` in these files, with its time and its file.

        The one place two copies of an id are settled, for reads, imports,
        exports and id lookups, whichever device's files they are in. ``wanted``
        keeps only ids starting with it; ``best`` carries on from an earlier
        call. A document without an id, an aware time or a readable change
        time is a corrupt file: its identity or its place in time cannot be known.
        """
        best = {} if best is None else best
        tables = list(tables)
        for path in paths:
            data = self._load(path)
            for table in tables:
                for doc in (data.get(table) or {}).values():
                    rid = doc.get("id")
                    if not isinstance(rid, str):
                        raise CorruptFileError(_unreadable(path, table, doc, "it has no id"))
                    if wanted is not None and not rid.startswith(wanted):
                        continue
                    at = _time_of(doc, table, path)
                    seen = best.get((table, rid))
                    try:
                        later = seen is None or newer(doc, seen[2])
                    except (TypeError, ValueError):
                        raise CorruptFileError(_unreadable(path, table, doc, "its change time is not valid")) from None
                    if later:
                        best[(table, rid)] = (at, path, doc)
        return best

    def records(self, cls: type[R], since: datetime | None = None, until: datetime | None = None) -> list[R]:
        """Stored records of one kind, oldest first, optionally between ``since`` and ``until``."""
        return [self._read_record(cls, doc, path) for path, doc in self._documents(cls.TABLE, since, until)]

    @staticmethod
    def _read_record(cls: type[R], doc: dict[str, Any], path: Path) -> R:
        """One stored document as a record; one that fails validation is a corrupt file, named."""
        try:
            return from_record(cls, doc)
        except ValidationError as exc:
            raise CorruptFileError(_unreadable(path, cls.TABLE, doc, str(exc))) from None

    def latest(self, cls: type[R]) -> R | None:
        """The most recent record of a kind: the live files first, then archives month by month, newest first.

        Every device's copies of a month are read together before a record of
        that month is answered, so a deletion or an edit made on another
        device (kept in that device's file of the month) is never missed.
        """
        by_month: dict[str, list[Path]] = {}
        for month, path in self._archives():
            by_month.setdefault(month, []).append(path)
        best = self._latest_copies(self._live_files(), [cls.TABLE])
        for month in [*sorted(by_month, reverse=True), ""]:
            # Every copy of a record of a later month has been read by now: the live files and those archives.
            alive = [item for item in best.values() if not is_tombstone(item[2]) and month_of(item[2]) > month]
            if alive:
                _, path, doc = max(alive, key=lambda item: item[0])
                return self._read_record(cls, doc, path)
            if month:
                best = self._latest_copies(by_month[month], [cls.TABLE], best=best)
        return None

    def get(self, cls: type[R], record_id: str) -> R | None:
        """A record by id, wherever it lives: its latest version, or ``None`` if never stored or deleted."""
        found = self._latest_copies(self._all_paths(), [cls.TABLE], wanted=record_id).get((cls.TABLE, record_id))
        if found is None or is_tombstone(found[2]):
            return None
        return self._read_record(cls, found[2], found[1])

    def is_empty(self) -> bool:
        """True when no record of any kind is stored (the demo refuses to write over real data)."""
        if self._archives():
            return False
        return not any(self._load(path).get(t) for path in self._live_files() for t in TABLES)

    def with_id_prefix(self, prefix: str) -> list[Record]:
        """Every current record, of any kind and any month, whose id starts with ``prefix`` (a short id)."""
        latest = self._latest_copies(self._all_paths(), TABLES, wanted=prefix)
        return [
            self._read_record(TABLES[table], doc, path)
            for (table, _), (_, path, doc) in latest.items()
            if not is_tombstone(doc)
        ]

    def tombstones(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every deletion still current, as ``(table, tombstone)``: exports carry them so merges stay deleted."""
        for (table, _), (_, _, doc) in self._latest_copies(self._all_paths(), TABLES).items():
            if is_tombstone(doc):
                yield table, doc

    def export_documents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored record as ``(table, document)``, table by table, oldest first.

        Each is read back as a record first: an export is a backup, and one
        holding a record that ``painpal import`` refuses could never be restored.
        """
        for table, cls in TABLES.items():
            for path, doc in self._documents(table):
                self._read_record(cls, doc, path)
                yield table, doc

    def devices(self) -> list[Device]:
        """Every writer seen in the data folder (this device first, the old layout last, if it has files).

        Each device's records are counted in its own files only (the latest
        copy of each id there, deletions left out), so the numbers say what
        each machine wrote, not the merged view.
        """
        out = []
        for device, folder in self._sources():
            paths = [path for _, path in self._archives(folder)] + self._live_files(folder)
            present = [p for p in paths if os.path.lexists(p)]
            if not present and device != self.device:
                continue
            latest = self._latest_copies(present, TABLES)
            times = [os.stat(p).st_mtime for p in present]
            out.append(
                Device(
                    device=device,
                    this=device == self.device,
                    last_write=datetime.fromtimestamp(max(times)).astimezone() if times else None,
                    records=sum(not is_tombstone(doc) for _, _, doc in latest.values()),
                    files=len(present),
                )
            )
        return out

    def counts(self) -> dict[str, int]:
        """How many records each table holds."""
        return {table: len(self._documents(table)) for table in TABLES}


def validate_documents(items: Iterable[tuple[str, Mapping[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Check imported documents as records before any is written; the first bad one raises.

    One id twice in one file is refused unless both are the same record (an
    export never holds one id twice, so two different records under one id
    mean the file was edited or stitched together, and painpal cannot know
    which one is right).
    """
    out = []
    first: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, (table, doc) in enumerate(items, 1):
        cls = TABLES.get(table)
        if cls is None:
            raise ValidationError(f"Record {n} names an unknown table {table!r}.")
        if not isinstance(doc, Mapping):
            raise ValidationError(f"Record {n} ({table}) is not valid: a record must be an object of fields.")
        if "id" not in doc:  # a fresh id each time would make every import of the file add it again
            raise ValidationError(f"Record {n} ({table}) has no id; painpal exports give every record one.")
        try:
            stored = tombstone_from(doc) if DELETED in doc else to_record(from_record(cls, dict(doc)))
        except ValidationError as exc:
            raise ValidationError(f"Record {n} ({table}) is not valid: {exc}") from None
        rid = stored["id"]
        seen = first.get(rid)
        if seen is not None:
            if seen[1] != stored:
                raise ValidationError(
                    f"Records {seen[0]} and {n} share the id {rid!r} but differ; "
                    "painpal cannot tell which is right and imported nothing."
                )
            continue
        first[rid] = (n, stored)
        out.append((table, stored))
    return out
