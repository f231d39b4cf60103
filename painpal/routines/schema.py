"""What a routine is: :class:`Step`, :class:`Routine`, and the one parser that turns a mapping into one.

The same parser, :func:`routine_from_dict`, reads the built-in entries of
``library.toml`` (``builtin=True``: every field required, no unknown field,
so a typo in the shipped file fails loudly) and the person's own routines
kept in the "routines" setting (cautious defaults, unknown keys ignored, and
never trusted as built-in). :func:`readable_routines` is that parser over a
stored list, skipping what it cannot read. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from painpal.domain.records import RELIEF_KINDS, SHORT_TEXT_MAX, ValidationError, check_int, clean_text

TRANSITION_KINDS = ("wake", "work-start", "break", "work-end", "move", "unwind", "sleep")
"""Points on the day's timeline (shared with ``plan.py``); "move" is a rest day's activity point."""
CONTEXTS = ("seated", "flare", "any")
"""Moments that are not timeline points: after the longest seated stretch, during a flare, any time."""
FITS = TRANSITION_KINDS + CONTEXTS
"""Every word a routine's ``fits`` may use."""

FLARE_PAIN = 7
"""Pain at or above this (0-10) counts as a flare: only gentle routines are offered."""

STEPS_MAX = 30
"""Most steps a routine may have: a micro-routine, not a workout plan."""
STEP_SECONDS_MIN = 5
STEP_SECONDS_MAX = 30 * 60
CUE_MAX = 300
"""Longest step cue: one or two plain sentences."""
LONG_TEXT_MAX = 300
"""Longest summary, stop rule or source line."""

DEFAULT_STOP_RULE = (
    "Stop if pain spreads down a leg, or rises sharply; rest in a comfortable position and note it in a check-in."
)
"""The stop rule every routine carries at least; custom routines get it when they name none."""
CUSTOM_SOURCE = "your own routine"
"""The ``source`` of every routine the person wrote or edited."""

_ID_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
"""Slug ids: lowercase letters (any script) and digits, joined by single hyphens."""
ID_MAX = 64


@dataclass(frozen=True)
class Step:
    """One timed step of a routine: what to do, in plain words, and for how long."""

    cue: str
    seconds: int

    def __post_init__(self) -> None:
        cue = clean_text(self.cue, "step", CUE_MAX)
        if cue is None:
            raise ValidationError("Each step needs a few words saying what to do.")
        object.__setattr__(self, "cue", cue)
        object.__setattr__(
            self, "seconds", check_int(self.seconds, "step time in seconds", STEP_SECONDS_MIN, STEP_SECONDS_MAX)
        )


@dataclass(frozen=True)
class Routine:
    """A micro-routine: when it fits, what it asks, when to stop and where it comes from.

    ``exercise`` marks physical movement, which painpal stops suggesting while
    a warning sign is active; ``gentle`` marks routines suitable during a
    flare (pain >= :data:`FLARE_PAIN`). Validation runs on construction, so a
    built-in with a typo fails when the library loads and a bad custom routine
    fails with a plain sentence.
    """

    id: str
    name: str
    kind: str
    fits: tuple[str, ...]
    pain_min: int
    pain_max: int
    steps: tuple[Step, ...]
    stop_rule: str
    source: str
    summary: str
    exercise: bool
    gentle: bool
    builtin: bool = True
    hidden: bool = False

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if not isinstance(self.id, str) or len(self.id) > ID_MAX or not _ID_RE.fullmatch(self.id):
            raise ValidationError(
                f"A routine id is lowercase letters and digits joined by hyphens, e.g. my-stretch; got {self.id!r}."
            )
        if self.id != self.id.lower():
            raise ValidationError(f"A routine id must be lowercase; got {self.id!r}.")
        name = clean_text(self.name, "routine name", SHORT_TEXT_MAX)
        if name is None:
            raise ValidationError("A routine needs a name.")
        put("name", name)
        if self.kind not in RELIEF_KINDS:
            raise ValidationError(f"A routine is soothing or strategic, not {self.kind!r}.")
        fits = tuple(self.fits) if isinstance(self.fits, (list, tuple)) else None
        if not fits:
            raise ValidationError(f"The routine {name!r} must fit at least one moment of the day.")
        for word in fits:
            if word not in FITS:
                raise ValidationError(f"The routine {name!r} fits {word!r}, which is not one of {', '.join(FITS)}.")
        put("fits", tuple(dict.fromkeys(fits)))
        low = check_int(self.pain_min, "lowest pain the routine suits", 0, 10)
        high = check_int(self.pain_max, "highest pain the routine suits", 0, 10)
        if low > high:
            raise ValidationError(f"The routine {name!r} suits pain from {low} to {high}: the range is upside down.")
        put("pain_min", low)
        put("pain_max", high)
        steps = tuple(self.steps) if isinstance(self.steps, (list, tuple)) else ()
        if not 1 <= len(steps) <= STEPS_MAX:
            raise ValidationError(f"A routine has 1 to {STEPS_MAX} steps; {name!r} has {len(steps)}.")
        if not all(isinstance(s, Step) for s in steps):
            raise ValidationError(f"The steps of {name!r} are not valid.")
        put("steps", steps)
        for field_name, what in (("stop_rule", "stop rule"), ("source", "source"), ("summary", "summary")):
            text = clean_text(getattr(self, field_name), what, LONG_TEXT_MAX)
            if text is None:
                raise ValidationError(f"The routine {name!r} needs a {what}.")
            put(field_name, text)
        for flag in ("exercise", "gentle", "builtin", "hidden"):
            if not isinstance(getattr(self, flag), bool):
                raise ValidationError(f"The routine's {flag} flag must be true or false.")

    @property
    def total_seconds(self) -> int:
        """How long the whole routine takes, in seconds."""
        return sum(step.seconds for step in self.steps)

    @property
    def minutes(self) -> int:
        """Total time rounded to whole minutes for display (never 0: "1 min" reads better than "0 min")."""
        return max(1, int(self.total_seconds / 60 + 0.5))

    def suits_pain(self, pain: int | None) -> bool:
        """Whether ``pain`` (0-10, or unknown) lies in the range this routine suits."""
        return pain is None or self.pain_min <= pain <= self.pain_max


FIELDS = tuple(f.name for f in fields(Routine))
"""Every key a routine mapping may have: the names of :class:`Routine`'s fields, as :func:`routine_to_dict` writes."""
BUILTIN_REQUIRED: Mapping[str, str] = {
    "id": "id",
    "name": "name",
    "kind": "kind (soothing or strategic)",
    "fits": "fits (the moments it suits)",
    "pain_min": "pain range (pain_min)",
    "pain_max": "pain range (pain_max)",
    "steps": "steps",
    "stop_rule": "stop rule",
    "source": "source",
    "summary": "summary",
    "exercise": "exercise flag",
    "gentle": "gentle flag",
}
"""What a built-in entry must state, and how a missing one is named: painpal ships no defaults for its own content."""
STEP_KEYS = ("cue", "seconds")


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """A JSON-ready dict of ``routine``, as the store keeps custom routines (and ``library.toml`` lists built-ins)."""
    return {
        "id": routine.id,
        "name": routine.name,
        "kind": routine.kind,
        "fits": list(routine.fits),
        "pain_min": routine.pain_min,
        "pain_max": routine.pain_max,
        "steps": [{"cue": s.cue, "seconds": s.seconds} for s in routine.steps],
        "stop_rule": routine.stop_rule,
        "source": routine.source,
        "summary": routine.summary,
        "exercise": routine.exercise,
        "gentle": routine.gentle,
        "builtin": routine.builtin,
        "hidden": routine.hidden,
    }


def _flag(data: Mapping[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(f"The routine's {name} flag must be true or false, not {value!r}.")
    return value


def _steps(raw_steps: Any, strict: bool) -> tuple[Step, ...]:
    if not isinstance(raw_steps, (list, tuple)):
        raise ValidationError("A routine needs a list of steps.")
    steps: list[Step] = []
    for item in raw_steps:
        if isinstance(item, Mapping):
            if strict and set(item) != set(STEP_KEYS):
                raise ValidationError(f"Each step has exactly a cue and seconds; one has {', '.join(map(str, item))}.")
            cue: Any = item.get("cue")
            seconds: Any = item.get("seconds")
            steps.append(Step(cue, seconds))
        elif isinstance(item, (list, tuple)) and len(item) == 2 and not strict:
            steps.append(Step(item[0], item[1]))
        else:
            raise ValidationError("Each step needs a cue and a number of seconds.")
    return tuple(steps)


def routine_from_dict(data: Mapping[str, Any], *, builtin: bool = False) -> Routine:
    """A routine from a mapping, validated: the one parser for built-in entries and the person's own.

    The person's own (``builtin=False``, from a stored or imported dict):
    whatever the dict claims, the result is ``builtin=False`` with source
    "your own routine", because painpal vouches only for the content it
    ships. Missing optional fields take cautious defaults (fits "any", pain
    0-10, counted as exercise, not flare-gentle, the standard stop rule).
    Unknown keys are ignored; steps may be ``{"cue", "seconds"}`` or pairs.

    A built-in entry (``builtin=True``, from ``library.toml``): every field of
    :data:`BUILTIN_REQUIRED` must be given, no key outside :data:`FIELDS` is
    allowed and each step is exactly ``{cue, seconds}``, so a missing source,
    pain range or stop rule, or a misspelt key, is an error rather than a
    default. Bad input raises :class:`ValidationError` with one sentence.
    """
    if not isinstance(data, Mapping):
        raise ValidationError("A routine must be an object with a name and steps.")
    if builtin:
        unknown = [str(key) for key in data if key not in FIELDS]
        if unknown:
            raise ValidationError(f"Unknown field {unknown[0]!r}; a routine has {', '.join(FIELDS)}.")
        missing = [what for key, what in BUILTIN_REQUIRED.items() if key not in data]
        if missing:
            raise ValidationError(f"This built-in routine has no {missing[0]}.")
    steps = _steps(data.get("steps"), strict=builtin)
    fits = data.get("fits", ("any",))
    if isinstance(fits, str):
        fits = (fits,)
    if not isinstance(fits, (list, tuple)):
        raise ValidationError("A routine's fits must be a list of moments of the day.")
    routine_id: Any = data.get("id")
    name: Any = data.get("name")
    try:
        return Routine(
            id=routine_id,
            name=name,
            kind=data.get("kind", "strategic"),
            fits=tuple(fits),
            pain_min=data.get("pain_min", 0),
            pain_max=data.get("pain_max", 10),
            steps=steps,
            stop_rule=data["stop_rule"] if builtin else data.get("stop_rule") or DEFAULT_STOP_RULE,
            source=data["source"] if builtin else CUSTOM_SOURCE,
            summary=data["summary"] if builtin else data.get("summary") or "Your own routine.",
            exercise=_flag(data, "exercise", True),
            gentle=_flag(data, "gentle", False),
            builtin=builtin,
            hidden=_flag(data, "hidden", False),
        )
    except TypeError:
        raise ValidationError("A routine's fields are not valid.") from None


def parse_stored_routines(stored: Iterable[Any]) -> tuple[list[Routine], list[tuple[int, Any, ValidationError]]]:
    """Each stored entry through :func:`routine_from_dict`: the readable routines, and ``(number, entry, error)``
    for each one painpal cannot read (numbered from 1), so a caller can name it."""
    valid: list[Routine] = []
    unreadable: list[tuple[int, Any, ValidationError]] = []
    for number, data in enumerate(stored, 1):
        try:
            valid.append(routine_from_dict(data))
        except ValidationError as exc:
            unreadable.append((number, data, exc))
    return valid, unreadable


def readable_routines(stored: Iterable[Any] | None) -> list[Routine]:
    """The person's own routines from the "routines" setting, each through :func:`routine_from_dict`.

    An entry painpal cannot read (hand-edited, or from a newer painpal) is
    skipped, not fatal, so one bad routine does not hide the others; callers
    that write the setting back keep the raw entries.
    """
    if not isinstance(stored, (list, tuple)):
        return []
    return parse_stored_routines(stored)[0]
