"""The person's calendar files: which files a configured path means, whether they changed, their bytes.

A path is one ``.ics`` file or a folder of them (vdirsyncer and khal keep
one file per event, a folder per calendar, so folders are walked). Whether
anything changed is decided by a stat signature (path, size, mtime), so the
open TUI can check often and parse only what changed. Calendar files are
only ever read, never written.
"""

from __future__ import annotations

import os
from pathlib import Path

from painpal.storage.files import StoreError, os_error_reason

MAX_BYTES = 50 * 1024 * 1024
"""A calendar file larger than this is refused rather than read into memory (years of a busy calendar: ~10 MB)."""
MAX_FILES = 20_000
"""A folder with more calendar files than this is more likely a home folder added by mistake."""
SUFFIX = ".ics"

Signature = tuple[tuple[str, int, int], ...]
"""(path, size, mtime in ns) of every file of a configured path: equal signatures, nothing to re-read."""


class CalendarFileError(StoreError):
    """A calendar path or file that cannot be read: one sentence naming it."""


def calendar_files(path: Path) -> list[Path]:
    """The ``.ics`` files ``path`` means, sorted: itself, or those in it and its sub-folders (hidden ones skipped)."""
    try:
        if path.is_file():
            return [path]
        if not path.is_dir():
            raise CalendarFileError(f"The calendar {path} is missing: no such file or folder.")
        found: list[Path] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [Path(root, f) for f in files if f.lower().endswith(SUFFIX) and not f.startswith(".")]
            if len(found) > MAX_FILES:
                raise CalendarFileError(f"The calendar folder {path} holds more than {MAX_FILES} .ics files.")
        return sorted(found)
    except OSError as exc:
        raise CalendarFileError(f"The calendar {path} cannot be looked at: {os_error_reason(exc)}.") from None


def signature(files: list[Path]) -> Signature:
    """The stat signature of ``files``; a file that vanished since the listing counts as changed (size -1)."""
    out: list[tuple[str, int, int]] = []
    for f in files:
        try:
            st = f.stat()
            out.append((str(f), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(f), -1, 0))
    return tuple(out)


def read_calendar_file(path: Path) -> bytes:
    """The bytes of one calendar file; :class:`CalendarFileError` naming it when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CalendarFileError(f"The calendar file {path} is {size // 2**20} MB; painpal reads at most 50 MB.")
        return path.read_bytes()
    except OSError as exc:
        raise CalendarFileError(f"The calendar file {path} cannot be read: {os_error_reason(exc)}.") from None
