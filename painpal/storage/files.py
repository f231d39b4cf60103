"""How painpal writes a file: whole or not at all, private to the person, never through a symbolic link.

Everything painpal writes is health data, so every file goes through here:

* its own data files, in the data directory (the store calls
  :func:`atomic_write_bytes`, and :func:`private_folder` for its folders);
* files a person asks for elsewhere: ``painpal report -o FILE``,
  ``painpal export -o FILE`` and the Care screen's report export, all through
  :func:`write_private_file`.

A write makes a private (0600) temporary file beside the target, writes and
fsyncs it, ``os.replace``-s it over the target and fsyncs the folder, so a
crash leaves the old file or the new one, never half of either. The errors
raised here are sentences a person can act on; the command line reports an
:class:`OutputPathError` as bad input (exit 2) and any other
:class:`StoreError` as a problem writing (exit 1).

Kept free of TinyDB and other heavy imports: ``painpal log`` pays for it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from pathlib import Path

TEMP_PREFIX = ".painpal-"
TEMP_SUFFIX = ".tmp"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class StoreError(Exception):
    """A problem with the data files, said in one sentence a person can act on."""


class UnsafePathError(StoreError):
    """A symlink or non-regular file where painpal keeps its data."""


class OutputPathError(StoreError):
    """The place asked for cannot take the file: no such folder, or a link or a folder at the name. Nothing written."""


def refuse_symlink(path: Path) -> None:
    """A symlink at a data or lock path could redirect our writes anywhere: refuse it."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePathError(f"{path} is a symbolic link; painpal only writes to regular files it owns.")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafePathError(f"{path} is not a regular file; move it aside so painpal can create its own.")


def fsync_dir(directory: Path) -> None:
    """Make a rename durable: fsync the directory that holds it."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_temp(directory: Path) -> tuple[int, str]:
    """A new private (0600) temp file beside the target, like ``tempfile.mkstemp``.

    Written out because importing ``tempfile`` (and the ``random`` module it
    pulls in) costs several milliseconds of every ``painpal log``.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(directory, f"{TEMP_PREFIX}{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, PRIVATE_FILE), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def write_temp(path: Path, payload: bytes) -> str:
    """Write ``payload`` to a new fsynced private temp file beside ``path``; returns its name.

    The first half of :func:`atomic_write_bytes`, for the store's
    transactions, which write every file first and rename them together.
    On failure the temp file is removed and the OS error raised.
    """
    refuse_symlink(path)
    fd, tmp = create_temp(path.parent)
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if hasattr(fcntl, "F_FULLFSYNC"):  # macOS: fsync alone does not reach the platter
                fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            else:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new file.

    Temp file in the same directory (mode 0600), write, fsync,
    ``os.replace``, fsync the directory. On any failure the temp file is
    removed and the old file is untouched. A symlink or a non-file at
    ``path`` raises :class:`UnsafePathError`; the OS's own failures raise
    :class:`OSError` for the caller to put in words.
    """
    tmp = write_temp(path, payload)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def os_error_reason(exc: OSError) -> str:
    """Why the OS said no, in words: "the disk is full", "permission was denied", ..."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission was denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def private_folder(directory: Path) -> Path:
    """``directory``, created with any missing parents, each private (0700 whatever the umask).

    A folder that already exists keeps its owner's bits: group and other
    bits are taken away (health data), but a write bit the person removed is
    never put back (:func:`refuse_read_only` says so instead). A file where
    the folder should be, or a folder of another account, is refused.
    """
    missing = []
    for folder in (directory, *directory.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    try:
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # another painpal made it a moment ago
                folder.mkdir(mode=PRIVATE_FOLDER)
            folder.chmod(PRIVATE_FOLDER)  # mkdir's mode is masked by the umask
        st = directory.stat()  # a data folder may be a link to a synced folder; the store refuses links inside it
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{directory} is not a folder; move it aside so painpal can make its own.")
        refuse_foreign_owner(directory, st)
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            directory.chmod(mode & PRIVATE_FOLDER)
    except OSError as exc:
        raise StoreError(f"Could not create {directory}: {os_error_reason(exc)}.") from None
    return directory


def refuse_foreign_owner(path: Path, st: os.stat_result | None = None) -> None:
    """A data folder owned by another account is not ours to write (nor to read health data from)."""
    st = st or path.lstat()
    if st.st_uid == os.geteuid():
        return
    try:
        import pwd

        owner = f"the user {pwd.getpwuid(st.st_uid).pw_name!r}"
    except (ImportError, KeyError):
        owner = f"user id {st.st_uid}"
    raise StoreError(
        f"{path} belongs to {owner}, not to you; painpal keeps your data only in a folder you own "
        "(choose one with --data-dir)."
    )


def refuse_read_only(path: Path) -> None:
    """Refuse to write where the person took away the owner's write bit: their choice, not ours to undo.

    Checked on the mode bits rather than with ``os.access``, so it holds for
    root too, and before anything is written (a rename would replace a
    read-only file regardless of its mode).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Could not check {path}: {os_error_reason(exc)}.") from None
    if st.st_mode & stat.S_IWUSR:
        return
    what = "folder" if stat.S_ISDIR(st.st_mode) else "file"
    raise StoreError(
        f"{path} is read-only (mode {stat.S_IMODE(st.st_mode):04o}), so painpal saved nothing; "
        f"to record again, make the {what} writable (chmod u+w)."
    )


def _check_target(path: Path) -> None:
    """Refuse, before writing anything, a target whose folder is missing or whose name holds a link or a folder."""
    folder = path.parent
    try:
        folder_mode = folder.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise OutputPathError(f"Cannot write {path}: the folder {folder} does not exist.") from None
    if not stat.S_ISDIR(folder_mode):
        raise OutputPathError(f"Cannot write {path}: {folder} is not a folder.")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise OutputPathError(f"Cannot write {path}: it is a symbolic link, and painpal does not write through links.")
    if stat.S_ISDIR(mode):
        raise OutputPathError(f"Cannot write {path}: it is a folder; give a file name.")
    if not stat.S_ISREG(mode):
        raise OutputPathError(f"Cannot write {path}: it is not a regular file.")


def write_private_file(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, readable by its owner only (0600); returns the path written.

    For files a person asks for outside the data directory. An existing
    regular file is replaced whole. The folder must already exist (painpal
    does not guess where a person wanted a file); a symbolic link at
    ``path`` is refused and the file it points to left untouched. A refused
    place raises :class:`OutputPathError`; a failure writing raises
    :class:`StoreError`. Either way nothing is left half-written.
    """
    path = Path(path).expanduser()
    try:
        _check_target(path)
        atomic_write_bytes(path, text.encode("utf-8"))
    except UnsafePathError as exc:  # a link or folder appeared between the check and the write
        raise OutputPathError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"Could not write {path}: {os_error_reason(exc)}.") from None
    return path


def remove_scratch_folder(directory: Path) -> None:
    """Delete a folder painpal made for itself (the demo's), refusing a link in its place.

    Only for painpal's own scratch space: a person's data folder is never
    removed. A symlink at ``directory`` is refused, so a planted link cannot
    turn this into deleting whatever it points at.
    """
    if directory.is_symlink():
        raise UnsafePathError(f"{directory} is a symbolic link; painpal only clears folders it made itself.")
    if not directory.exists():
        return
    import shutil  # only the demo needs it; keep `painpal log` start-up small

    try:
        shutil.rmtree(directory)
    except OSError as exc:
        raise StoreError(f"Could not clear {directory}: {os_error_reason(exc)}.") from None
