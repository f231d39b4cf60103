"""Export and import: every record as a painpal JSON export (re-importable) or as CSV for a spreadsheet.

An export is a backup a person keeps and may import years later, so its
format is a contract: ``{"format": "painpal-export", "painpal": version,
"schema": N, "exported": when, "records": {table: [document, ...]}}``.
Imports validate every document and merge by id (see
:meth:`painpal.storage.store.Store.add_documents`), so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import reprlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from painpal import __version__
from painpal.domain.records import ValidationError
from painpal.storage.store import DELETED, SCHEMA_VERSION, Store, validate_documents
from painpal.text import drop_format_controls

EXPORT_FORMAT = "painpal-export"


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cells a spreadsheet would run as a formula (CWE-1236); exports prefix them with ``'``."""


def _csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula, and shows in the order it was typed.

    Characters that reorder or hide text go first, so a cell that only
    starts with ``=`` once they are gone is still caught as a formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = drop_format_controls(str(value))
    if text.startswith(CSV_FORMULA_START):
        return "'" + text
    return text


def export_json(store: Store, now: datetime) -> str:
    """Every record, grouped by table, with what a reader needs to know about the file.

    Since schema 2 it also carries the tombstones of deleted records (so an
    import elsewhere deletes them too, and this export never revives them)
    and every setting (so a backup restores the plan and routines as well).
    """
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, doc in store.export_documents():
        tables.setdefault(table, []).append(doc)
    deleted: dict[str, list[dict[str, Any]]] = {}
    # In the order of ids, not of files: each device reads its own files first, and two synced devices
    # exporting the same history give the same file.
    for table, doc in sorted(store.tombstones(), key=lambda found: (found[0], str(found[1]["id"]))):
        deleted.setdefault(table, []).append(doc)
    payload = {
        "format": EXPORT_FORMAT,
        "painpal": __version__,
        "schema": SCHEMA_VERSION,
        "exported": now.isoformat(),
        "records": tables,
        "deleted": deleted,
        "settings": store.settings(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def export_csv(store: Store) -> str:
    """One row per record; ``table`` says what kind; formula-like cells neutralised."""
    rows = list(store.export_documents())
    columns = ["table", "id", "at"]
    for _, doc in rows:
        for key in doc:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_csv_cell(c) for c in columns])  # a foreign document's keys are text painpal did not write
    for table, doc in rows:
        writer.writerow([_csv_cell(table if c == "table" else doc.get(c)) for c in columns])
    return out.getvalue()


_MISSING = object()
"""Stands for an export without a ``schema`` key, which is not the same as ``"schema": null``."""


def _check_schema(schema: object, path: Path) -> None:
    """The export's schema must be one this painpal reads: a whole number from 1 to :data:`SCHEMA_VERSION`.

    A bigger number is a newer painpal's file (upgrade, then import); 0, a
    negative number, ``true`` (which Python counts as 1), text or nothing is
    no painpal's schema, so the file is refused rather than read as if it
    were version 1.
    """
    if isinstance(schema, int) and not isinstance(schema, bool):
        if schema > SCHEMA_VERSION:
            raise ValidationError(
                f"{path} comes from a newer painpal (schema {reprlib.repr(schema)}); upgrade painpal to import it."
            )
        if schema >= 1:
            return
    shown = "missing" if schema is _MISSING else reprlib.repr(schema)
    raise ValidationError(
        f"The schema of {path} is not valid ({shown}); a painpal export has a schema from 1 to {SCHEMA_VERSION}."
    )


@dataclass(frozen=True)
class Export:
    """What an export file holds, every part validated: records and tombstones to merge, and settings."""

    documents: list[tuple[str, dict[str, Any]]]
    settings: dict[str, Any]
    """Stored settings as ``key -> value`` (exports of schema 1 have none); :mod:`painpal.settings` vets them."""
    repeated: int = 0
    """Records the file lists twice, identically: taken once, and the summary says so."""


def load_export(path: Path) -> Export:
    """Read and validate a painpal JSON export, of any schema painpal ever wrote; ValidationError says what is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Could not read {path}: {getattr(exc, 'strerror', None) or exc}.") from None
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}).") from None
    except (ValueError, RecursionError):  # an integer longer than Python reads, or nesting too deep
        raise ValidationError(f"{path} is not a JSON file painpal can read (too deeply nested or too long).") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ValidationError(f"{path} is not a painpal export (made by 'painpal export --format json').")
    _check_schema(payload.get("schema", _MISSING), path)
    records = payload.get("records")
    if not isinstance(records, dict) or not all(isinstance(v, list) for v in records.values()):
        raise ValidationError(f"{path} has no list of records under 'records'.")
    deleted = payload.get("deleted", {})
    if not isinstance(deleted, dict) or not all(isinstance(v, list) for v in deleted.values()):
        raise ValidationError(f"{path} has a 'deleted' part that is not lists of deleted records.")
    for docs in deleted.values():
        for doc in docs:
            if not isinstance(doc, dict) or DELETED not in doc:
                raise ValidationError(f"{path} lists under 'deleted' something that is not a deleted record.")
    for docs in records.values():
        for doc in docs:
            if isinstance(doc, dict) and DELETED in doc:
                raise ValidationError(f"{path} lists a deleted record among its records (id {doc.get('id')!r}).")
    settings = payload.get("settings", {})
    if not isinstance(settings, dict):
        raise ValidationError(f"{path} has a 'settings' part that is not an object of settings.")
    documents = [(table, doc) for table, docs in records.items() for doc in docs]
    documents += [(table, doc) for table, docs in deleted.items() for doc in docs]
    valid = validate_documents(documents)
    return Export(valid, settings, len(documents) - len(valid))
