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
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from painpal.domain.clock import Clock
from painpal.domain.records import HISTORY_TABLES, TABLES, Record, ValidationError, from_record, to_record
from painpal.storage.files import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    StoreError,
    UnsafePathError,
    atomic_write_bytes,
    os_error_reason,
    private_folder,
    refuse_symlink,
)

SCHEMA_VERSION = 1
"""Bump with a function in :data:`MIGRATIONS` whenever the stored shape changes."""
APP_TAG = "painpal"
LIVE_NAME = "painpal.json"
LOCK_NAME = "painpal.lock"
ARCHIVE_DIR = "archive"
META_TABLE = "meta"
SETTINGS_TABLE = "settings"
CONFIG_TABLES = (META_TABLE, SETTINGS_TABLE)
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
    if not isinstance(version, int) or version < 1:
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


class AtomicStorage(Storage):
    """A TinyDB storage that reads through a signature-checked cache and writes atomically.

    TinyDB asks its storage for the whole database on every operation; the
    cache makes that free unless another process replaced the file. A failed
    write drops the cache (TinyDB mutates the dict it was given), so the next
    read comes from disk and memory never disagrees with the file.
    """

    def __init__(self, path: Path, cache: _FileCache) -> None:
        self._path = path
        self._cache = cache

    def read(self) -> dict[str, dict[str, Any]] | None:
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
        try:
            atomic_write_bytes(self._path, payload)
        except OSError as exc:
            self._cache.data, self._cache.signature = None, None
            raise StoreError(_describe_os_error(exc, self._path)) from None
        self._cache.data = data
        self._cache.signature = _signature(self._path)

    def close(self) -> None:
        pass


class Store:
    """painpal's data directory: the live file, its monthly archives and the lock.

    Reads never take the lock (files are only ever replaced whole); writes
    happen in :meth:`_transaction`, under the lock, against freshly checked
    files. Safe to share between the UI thread and workers.
    """

    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.path = self.data_dir / LIVE_NAME
        self.lock_path = self.data_dir / LOCK_NAME
        self.archive_dir = self.data_dir / ARCHIVE_DIR
        self._caches: dict[Path, _FileCache] = {}
        self._checked: dict[Path, tuple[int, int, int, int] | None] = {}
        self._thread_lock = threading.RLock()
        self._seen_signature: tuple[Any, ...] | None = None
        self._rolled_for: tuple[str, tuple[int, int, int, int] | None] | None = None
        """(week, live-file signature) at which the live file was last found to need no roll-over."""
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"{self.data_dir} is not a directory; painpal keeps its data in a directory.")
        refuse_symlink(self.path)
        refuse_symlink(self.lock_path)
        self.check()

    # ------------------------------------------------------------------ files

    def _ensure_dir(self, directory: Path) -> None:
        """Create a private directory (0700 whatever the umask)."""
        private_folder(directory)

    def _cache(self, path: Path) -> _FileCache:
        return self._caches.setdefault(path, _FileCache())

    def _load(self, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
        """Parsed, schema-checked contents of a data file ({} when missing), cached by signature."""
        cache = self._cache(path)
        data = AtomicStorage(path, cache).read()
        if data is None:
            return {}
        if self._checked.get(path) != cache.signature:
            version = schema_of(data, path)
            if version < SCHEMA_VERSION and path != self.path:
                raise StoreError(f"{path} needs migrating; open painpal once to migrate the live file first.")
            self._checked[path] = cache.signature
        return data

    def check(self) -> None:
        """Parse the live file now, so a bad file is reported before anything else happens."""
        data = read_data_file(self.path)
        if data is not None:
            schema_of(data, self.path)

    def archive_months(self) -> list[str]:
        """Months (``YYYY-MM``) that have an archive file, oldest first."""
        try:
            names = os.listdir(self.archive_dir)
        except FileNotFoundError:
            return []
        months = [n[: -len(".json")] for n in names if n.endswith(".json") and len(n) == len("YYYY-MM.json")]
        return sorted(m for m in months if m[:4].isdigit() and m[5:].isdigit())

    def _archive_path(self, month: str) -> Path:
        return self.archive_dir / f"{month}.json"

    def changed(self) -> bool:
        """Has any process written since the last call? (A cheap stat, for a long-open TUI.)"""
        sig = (_signature(self.path), _signature(self.archive_dir))
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
        with self._locked():
            self._sweep_temp_files()
            self._migrate_if_needed()
            self._roll_over()
            yield
            # Our own writes put only this month's history in the live file (see _target), so the
            # roll-over scan stays valid for the file as we leave it.
            if self._rolled_for is not None:
                self._rolled_for = (self._rolled_for[0], _signature(self.path))

    def _sweep_temp_files(self) -> None:
        """Remove temp files a killed writer left; safe because only lock holders create them."""
        for directory in (self.data_dir, self.archive_dir):
            try:
                names = os.listdir(directory)
            except FileNotFoundError:
                continue
            for name in names:
                if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(OSError):
                        os.unlink(directory / name)

    def _db(self, path: Path) -> TinyDB:
        """A fresh TinyDB over ``path`` for this transaction: no stale query cache or next-id."""
        if path != self.path:
            self._ensure_dir(path.parent)
        db = TinyDB(path, self._cache(path), storage=AtomicStorage)
        self._load(path)  # schema check before any write
        if not db.table(META_TABLE).all():
            db.table(META_TABLE).insert({"app": APP_TAG, "schema": SCHEMA_VERSION})
        return db

    def _migrate_if_needed(self) -> None:
        """Bring an older live file up to :data:`SCHEMA_VERSION`, after copying it to a backup.

        Archives of that version are migrated first (each with its own backup),
        so the live file's version marks the whole migration as done and a
        crash part-way is finished by the next write.
        """
        data = self._load(self.path)  # signature-cached: no second parse of the live file per transaction
        if not data or schema_of(data, self.path) == SCHEMA_VERSION:
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
        self._caches.pop(path, None)
        self._checked.pop(path, None)

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
            self._insert_new(self._archive_path(month), tables)
        db = self._db(self.path)
        for tables in moving.values():
            for table, docs in tables.items():
                ids = {d["id"] for d in docs}
                db.table(table).remove(Query().id.one_of(list(ids)))

    def _insert_new(self, path: Path, tables: Mapping[str, list[dict[str, Any]]]) -> int:
        """Insert documents whose id the file does not hold yet; one write per table touched."""
        db = self._db(path)
        data = self._load(path)
        added = 0
        for table, docs in tables.items():
            # Ids straight from the parsed file: TinyDB's .all() would wrap every document first.
            existing = {doc.get("id") for doc in (data.get(table) or {}).values()}
            fresh = [d for d in docs if d["id"] not in existing]
            if fresh:
                db.table(table).insert_multiple(fresh)
                added += len(fresh)
        return added

    def _target(self, table: str, doc: Mapping[str, Any]) -> Path:
        """Which file a document lives in: history before this week goes to its month's archive."""
        if table in HISTORY_TABLES and week_of(doc) < current_week(self.clock.now()):
            return self._archive_path(month_of(doc))
        return self.path

    # ------------------------------------------------------------------ writes

    def add(self, *records: Record) -> int:
        """Store new records durably (one transaction); ids already stored are skipped.

        Returns how many were added. When this returns, they are on disk.
        """
        return self.add_documents((r.TABLE, to_record(r)) for r in records)

    def add_documents(self, items: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Store already-validated JSON documents, grouped by file (imports and the demo use this)."""
        by_file: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        with self._transaction():
            for table, doc in items:
                by_file.setdefault(self._target(table, doc), {}).setdefault(table, []).append(doc)
            added = 0
            # Archives first: the live file is the one a crash must never leave behind.
            for path in sorted(by_file, key=lambda p: p == self.path):
                added += self._insert_new(path, by_file[path])
        return added

    def save(self, record: Record) -> None:
        """Store ``record`` durably: a new one is added, one already stored (same id) is overwritten.

        The one upsert every surface uses: a check-in's detail added later, an
        edited appointment, a resolved warning sign, the day's note.
        """
        doc = to_record(record)
        with self._transaction():
            db = self._db(self._target(record.TABLE, doc))
            table = db.table(record.TABLE)
            if table.contains(Query().id == record.id):
                table.update(doc, Query().id == record.id)
            else:
                table.insert(doc)

    def remove(self, cls: type[Record], record_id: str) -> bool:
        """Delete a record by id wherever it lives; True if something was removed."""
        with self._transaction():
            paths = [self.path] + [self._archive_path(m) for m in self.archive_months()]
            for path in paths:
                if cls.TABLE in self._load(path) and self._db(path).table(cls.TABLE).remove(Query().id == record_id):
                    return True
        return False

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under ``key`` in the live file (plan, custom routines, first-run flag)."""
        with self._transaction():
            table = self._db(self.path).table(SETTINGS_TABLE)
            table.upsert({"key": key, "value": value}, Query().key == key)

    # ------------------------------------------------------------------- reads

    def setting(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        for doc in (self._load(self.path).get(SETTINGS_TABLE) or {}).values():
            if doc.get("key") == key:
                return doc.get("value", default)
        return default

    def settings(self) -> dict[str, Any]:
        """Every stored setting as ``key -> value``, read in one pass (:mod:`painpal.settings` types them)."""
        out: dict[str, Any] = {}
        for doc in (self._load(self.path).get(SETTINGS_TABLE) or {}).values():
            key = doc.get("key")
            if isinstance(key, str):
                out[key] = doc.get("value")
        return out

    def _paths_for(self, since: datetime | None, until: datetime | None) -> list[Path]:
        """Files that may hold history between ``since`` and ``until``, oldest first.

        Partition keys are local months as recorded; a one-month margin on
        each side covers records made in another UTC offset.
        """
        months = self.archive_months()
        if since is not None:
            lo = f"{since.year - (since.month == 1):04d}-{(since.month - 2) % 12 + 1:02d}"
            months = [m for m in months if m >= lo]
        if until is not None:
            hi = f"{until.year + (until.month == 12):04d}-{until.month % 12 + 1:02d}"
            months = [m for m in months if m <= hi]
        return [self._archive_path(m) for m in months] + [self.path]

    def documents(
        self, table: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Raw stored documents of a table (deduplicated by id), oldest first; ``until`` is exclusive."""
        paths = self._paths_for(since, until) if table in HISTORY_TABLES else [self.path]
        seen: set[str] = set()
        out: list[tuple[datetime, dict[str, Any]]] = []
        for path in paths:
            for doc in (self._load(path).get(table) or {}).values():
                rid = doc.get("id")
                if rid in seen:
                    continue
                try:
                    at = datetime.fromisoformat(doc["at"])
                except (KeyError, TypeError, ValueError):
                    raise CorruptFileError(
                        f"{path} holds a {table} record without a valid time (id {rid!r}); painpal left it untouched."
                    ) from None
                if (since is not None and at < since) or (until is not None and at >= until):
                    continue
                seen.add(rid)  # type: ignore[arg-type]
                out.append((at, doc))
        out.sort(key=lambda pair: pair[0])
        return [doc for _, doc in out]

    def records(self, cls: type[R], since: datetime | None = None, until: datetime | None = None) -> list[R]:
        """Stored records of one kind, oldest first, optionally between ``since`` and ``until``."""
        out = []
        for doc in self.documents(cls.TABLE, since, until):
            try:
                out.append(from_record(cls, doc))
            except ValidationError as exc:
                raise CorruptFileError(
                    f"A stored {cls.TABLE} record (id {doc.get('id')!r}) is not valid: {exc} "
                    "painpal left the file untouched."
                ) from None
        return out

    def latest(self, cls: type[R]) -> R | None:
        """The most recent record of a kind (the live file first, then the newest archive)."""
        for path in [self.path] + [self._archive_path(m) for m in reversed(self.archive_months())]:
            docs = list((self._load(path).get(cls.TABLE) or {}).values())
            if docs:
                newest = max(docs, key=lambda d: datetime.fromisoformat(d["at"]))
                return from_record(cls, newest)
        return None

    def get(self, cls: type[R], record_id: str) -> R | None:
        """A record by id, wherever it lives."""
        for path in [self.path] + [self._archive_path(m) for m in reversed(self.archive_months())]:
            for doc in (self._load(path).get(cls.TABLE) or {}).values():
                if doc.get("id") == record_id:
                    return from_record(cls, doc)
        return None

    def is_empty(self) -> bool:
        """True when no record of any kind is stored (the demo refuses to write over real data)."""
        if self.archive_months():
            return False
        data = self._load(self.path)
        return not any(data.get(t) for t in TABLES)

    def export_documents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored record as ``(table, document)``, table by table, oldest first."""
        for table in TABLES:
            for doc in self.documents(table):
                yield table, doc

    def counts(self) -> dict[str, int]:
        """How many records each table holds."""
        return {table: len(self.documents(table)) for table in TABLES}


def validate_documents(items: Iterable[tuple[str, Mapping[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Check imported documents as records before any is written; the first bad one raises."""
    out = []
    for n, (table, doc) in enumerate(items, 1):
        cls = TABLES.get(table)
        if cls is None:
            raise ValidationError(f"Record {n} names an unknown table {table!r}.")
        if not isinstance(doc, Mapping):
            raise ValidationError(f"Record {n} ({table}) is not valid: a record must be an object of fields.")
        try:
            record = from_record(cls, dict(doc))
        except ValidationError as exc:
            raise ValidationError(f"Record {n} ({table}) is not valid: {exc}") from None
        out.append((table, to_record(record)))
    return out
