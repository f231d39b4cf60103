"""Where ``painpal demo`` may write: never beside a person's records.

A demo history is synthetic but looks real (plausible values, fresh ids).
Once mixed into a person's own records it can never be told apart from them
again, and their reviews, patterns and clinician report would count it. So the
demo writes only where no record can be:

* without ``--data-dir``, its own scratch folder in the user cache
  (:func:`scratch_dir`), cleared and filled afresh on every run, whatever
  ``PAINPAL_DATA_DIR`` says;
* with ``--data-dir DIR``, only when DIR does not exist yet or is an empty folder;
* or when DIR is a demo folder painpal filled itself and nobody has changed
  since (:func:`check_target`).

The last case lets a person run ``painpal demo --data-dir DIR`` again to get a
fresh history. A mark file alone would not make that safe: a person may go on
to use a demo folder for real, and the mark would still be there. So the mark
(:data:`MARK`) lists the SHA-256 of every file the demo wrote, and a folder is
taken for a demo's only while its files are exactly those, byte for byte. Any
change at all (a check-in logged, a setting saved, a file added) makes the
folder the person's, and the demo refuses it. Replacing it removes only the
files the mark lists, never the folder or anything else in it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from painpal.storage.files import StoreError, os_error_reason, write_private_file


class RefusedFolder(Exception):
    """The demo may not write here: bad input (the command line's exit 2), said in one sentence."""


MARK = "painpal-demo.json"
"""The mark the demo leaves in a folder it filled: the digest of every file it wrote."""
MARK_TAG = "painpal demo folder"
LINK = "symbolic link"
"""What :func:`fingerprint` records for a link: never equal to a digest, so a folder holding one is never replaced."""


_ELSEWHERE = (
    "painpal demo only writes into a new or empty folder, so name another "
    "(or leave out --data-dir for a demo folder of its own)."
)
"""The end of every refusal: what to do instead."""


def scratch_dir() -> Path:
    """The demo's own folder when no ``--data-dir`` is named: in the user cache, never the data folder.

    Not a folder inside the data folder, so a backup of the real data never
    carries the synthetic history along.
    """
    import platformdirs

    return platformdirs.user_cache_path("painpal") / "demo"


def refuse_overlap(scratch: Path, data: Path) -> None:
    """Refuse a scratch folder that is, holds or lies inside the person's data folder.

    The scratch folder is cleared on every run; if ``PAINPAL_DATA_DIR`` named
    it (or a folder around it), clearing it would delete the person's data.
    """
    a, b = scratch.expanduser().resolve(), data.expanduser().resolve()
    if a == b or a in b.parents or b in a.parents:
        raise RefusedFolder(
            f"Your data folder {b} and painpal's demo folder {a} overlap; "
            "name a new folder for the demo with 'painpal demo --data-dir DIR'."
        )


def fingerprint(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` but the mark: relative path -> SHA-256 (a link: :data:`LINK`)."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(directory, onerror=_raise):
        here = Path(root)
        for name in [*dirs, *files]:
            path = here / name
            rel = path.relative_to(directory).as_posix()
            if path.is_symlink():
                found[rel] = LINK
            elif name in files and rel != MARK:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    return found


def _raise(exc: OSError) -> None:
    raise exc


def _empty(directory: Path) -> bool:
    with os.scandir(directory) as entries:
        return not any(entries)


def _marked(directory: Path) -> dict[str, str] | None:
    """The files the mark in ``directory`` lists, or None when there is no readable mark of ours."""
    try:
        mark = json.loads((directory / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = mark.get("files") if isinstance(mark, dict) and mark.get("painpal") == MARK_TAG else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return {str(k): v for k, v in files.items()}


def check_target(directory: Path) -> dict[str, str]:
    """Whether the demo may write into ``directory``, named with ``--data-dir``; a refusal is one sentence.

    Returns the files to remove first: none for a new or empty folder, the
    demo's own files for an untouched demo folder. Nothing is changed here.
    """
    try:
        if not directory.exists():
            if directory.is_symlink():  # a link to nothing: writing would create whatever it points at
                raise RefusedFolder(f"{directory} is a symbolic link to nothing; {_ELSEWHERE}")
            return {}
        if not directory.is_dir():
            raise RefusedFolder(f"{directory} is not a folder; {_ELSEWHERE}")
        if _empty(directory):
            return {}
        marked = _marked(directory)
        if marked is None:
            raise RefusedFolder(f"{directory} is not empty; {_ELSEWHERE}")
        if LINK in marked.values() or fingerprint(directory) != marked:
            raise RefusedFolder(
                f"{directory} holds a demo history that has changed since painpal wrote it; {_ELSEWHERE}"
            )
    except OSError as exc:
        raise StoreError(f"Could not look into {directory}: {os_error_reason(exc)}.") from None
    return marked


def clear(directory: Path, files: dict[str, str]) -> None:
    """Remove an untouched demo's files (as :func:`check_target` listed them), its mark, then emptied folders."""
    try:
        for rel in sorted(files, key=lambda r: -r.count("/")):
            path = directory / rel
            path.unlink()
            for parent in path.relative_to(directory).parents:
                if parent != Path(".") and _empty(directory / parent):
                    (directory / parent).rmdir()
        (directory / MARK).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not clear the old demo in {directory}: {os_error_reason(exc)}.") from None


def mark(directory: Path) -> None:
    """Leave the mark: the digest of every file the demo has just written."""
    try:
        files = fingerprint(directory)
    except OSError as exc:
        raise StoreError(f"Could not look into {directory}: {os_error_reason(exc)}.") from None
    text = json.dumps({"painpal": MARK_TAG, "files": files}, indent=1, sort_keys=True) + "\n"
    write_private_file(directory / MARK, text)
