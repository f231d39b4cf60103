"""The built-in routines, read from ``library.toml``, and "which routines fit this moment?".

The built-ins are data a clinician can read and review (``library.toml``,
its schema explained at its top). They are read with :mod:`tomllib` and
checked by the one parser (:func:`~painpal.routines.schema.routine_from_dict`
with ``builtin=True``) the first time anything asks for them, then kept for
the life of the process: importing this module reads no file, so modules
that only need :func:`default_for` (the day plan) stay quick to import.

The lookups below answer for the coach, the CLI and the TUI. Pure apart from
reading the packaged file once: no clock, no store, no Textual.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Iterable, Mapping
from pathlib import Path

from painpal.domain.records import ValidationError, check_int
from painpal.routines.schema import FITS, FLARE_PAIN, Routine, routine_from_dict

LIBRARY_FILE = "library.toml"
"""The packaged file of built-in routines, next to this module."""

DEFAULTS: Mapping[str, str] = types.MappingProxyType(
    {
        "wake": "morning-mobility",
        "work-start": "desk-setup",
        "break": "walk-10",
        "work-end": "hip-flexor-thoracic",
        "move": "walk-10",
        "unwind": "wind-down",
        "sleep": "progressive-relaxation",
        "seated": "standing-reset",
        "flare": "flare-day",
        "any": "calm-breathing",
    }
)
"""The routine offered first at each moment; each must be a built-in that fits it (checked when the library loads)."""


def parse_library(text: str) -> tuple[Routine, ...]:
    """The built-in routines in ``text`` (TOML, one ``[[routine]]`` table each), validated, in file order.

    Every entry goes through :func:`routine_from_dict` with ``builtin=True``;
    ids must be unique. Anything wrong raises :class:`ValidationError` naming
    the entry (its number and id) and what is wrong with it.
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{LIBRARY_FILE} is not valid TOML: {exc}.") from None
    unknown = [key for key in data if key != "routine"]
    if unknown:
        raise ValidationError(f"{LIBRARY_FILE} has an unknown table {unknown[0]!r}; it holds [[routine]] entries.")
    entries = data.get("routine")
    if not isinstance(entries, list) or not entries:
        raise ValidationError(f"{LIBRARY_FILE} has no [[routine]] entries.")
    out: list[Routine] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        given = entry.get("id") if isinstance(entry, dict) else None
        where = f"{LIBRARY_FILE}, routine {number}" + (f" ({given})" if isinstance(given, str) else "")
        try:
            routine = routine_from_dict(entry, builtin=True)
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc}") from None
        if routine.id in seen:
            raise ValidationError(f"{where}: another built-in routine already has the id {routine.id!r}.")
        seen.add(routine.id)
        out.append(routine)
    return tuple(out)


def _check_defaults(routines: Iterable[Routine]) -> None:
    by_id = {r.id: r for r in routines}
    for kind in FITS:
        routine = by_id.get(DEFAULTS.get(kind, ""))
        if routine is None or kind not in routine.fits:
            raise ValidationError(f"The first routine offered at {kind!r} must be a built-in that fits it.")


@functools.cache
def builtins() -> tuple[Routine, ...]:
    """painpal's built-in micro-routines, each traced to a guideline or paper in its ``source``.

    Read from the packaged ``library.toml`` and validated on the first call;
    later calls return the same tuple.
    """
    # Beside this module in a checkout and in an installed wheel alike; importlib.resources would add
    # ~3 ms of imports (zipfile) to every command that names a routine.
    text = Path(__file__).with_name(LIBRARY_FILE).read_text(encoding="utf-8")
    routines = parse_library(text)
    _check_defaults(routines)
    return routines


def _check_kind(kind: str) -> None:
    if kind not in FITS:
        raise ValueError(f"Unknown transition kind {kind!r}; expected one of {', '.join(FITS)}.")


def default_for(kind: str) -> str:
    """The id of the routine painpal offers first at a transition of ``kind``.

    A fixed, predictable choice per moment, so the timeline can show it before
    the coach knows anything about this person. Unknown kinds raise ``ValueError``.
    """
    _check_kind(kind)
    return DEFAULTS[kind]


def library(custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> list[Routine]:
    """Every routine: the built-ins in their order, then the person's own.

    A custom routine with a built-in's id replaces it in place (that is how an
    edited built-in is kept). Ids in ``hidden`` are flagged ``hidden=True``
    rather than dropped, so past runs of a hidden routine still have a name.
    """
    by_id: dict[str, Routine] = {r.id: r for r in builtins()}
    for routine in custom:
        by_id[routine.id] = routine  # dicts keep first-insertion order, so a replaced built-in keeps its place
    hide = set(hidden)
    return [dataclasses.replace(r, hidden=True) if r.id in hide and not r.hidden else r for r in by_id.values()]


def visible(custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> list[Routine]:
    """The routines painpal may offer: :func:`library` without the hidden ones."""
    return [r for r in library(custom, hidden) if not r.hidden]


def get(routine_id: str, custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> Routine | None:
    """The routine with ``routine_id`` (hidden ones included, for history), or ``None``."""
    for routine in library(custom, hidden):
        if routine.id == routine_id:
            return routine
    return None


def fitting(
    kind: str,
    pain: int | None,
    custom: Iterable[Routine] = (),
    *,
    flare: bool = False,
    warning: bool = False,
    hidden: Iterable[str] = (),
) -> list[Routine]:
    """The visible routines that fit a moment of ``kind`` at ``pain``, best fit first.

    Filters, in order of safety:

    - ``warning`` (an active warning sign): no exercise at all, only soothing
      non-movement routines, because painpal must not suggest exercise until a
      clinician has seen the person.
    - ``flare``, or ``pain`` >= :data:`FLARE_PAIN`: only gentle routines.
    - ``pain`` must lie in the routine's range (``None`` means unknown: no filter).
    - the routine fits ``kind`` or fits "any".

    Ranking: the moment's :func:`default_for` routine first, then routines
    naming ``kind`` itself before "any" ones, the person's own before built-ins,
    then those whose pain range is centred nearest ``pain``, then library order.
    """
    _check_kind(kind)
    if pain is not None:
        pain = check_int(pain, "pain", 0, 10)
    gentle_only = flare or (pain is not None and pain >= FLARE_PAIN)
    default = DEFAULTS[kind]
    scored: list[tuple[tuple[int, int, int, float, int], Routine]] = []
    for index, routine in enumerate(visible(custom, hidden)):
        if warning and routine.exercise:
            continue
        if gentle_only and not routine.gentle:
            continue
        if not routine.suits_pain(pain):
            continue
        exact = kind in routine.fits
        if not exact and "any" not in routine.fits:
            continue
        centre = (routine.pain_min + routine.pain_max) / 2
        key = (
            0 if routine.id == default else 1,
            0 if exact else 1,
            0 if not routine.builtin else 1,
            abs(pain - centre) if pain is not None else 0.0,
            index,
        )
        scored.append((key, routine))
    scored.sort(key=lambda pair: pair[0])
    return [routine for _, routine in scored]
