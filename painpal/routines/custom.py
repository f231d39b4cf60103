"""The person's own routines, written as plain text: a name, some moments and one step per line.

The routine editor builds routines here (:func:`new_custom`), and a bad
step gets one plain sentence saying how to write it. The result is a
:class:`~painpal.routines.schema.Routine`, stored as
:func:`~painpal.routines.schema.routine_to_dict` writes it and read back by
the one parser, :func:`~painpal.routines.schema.routine_from_dict`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from painpal.domain.records import SHORT_TEXT_MAX, ValidationError, clean_text
from painpal.routines.schema import (
    CUSTOM_SOURCE,
    DEFAULT_STOP_RULE,
    ID_MAX,
    STEP_SECONDS_MAX,
    STEP_SECONDS_MIN,
    STEPS_MAX,
    Routine,
    Step,
)

_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
}
_DURATION = r"(?:(?P<{p}mm>\d{{1,2}}):(?P<{p}ss>\d{{2}})|(?P<{p}n>\d+(?:[.,]\d+)?)\s*(?P<{p}unit>{units})?\.?)"
_UNITS = "|".join(sorted(_UNIT_SECONDS, key=len, reverse=True))
_LEADING = re.compile(r"^" + _DURATION.format(p="a", units=_UNITS) + r"(?![\w:])\s*[-:–—,]?\s*(?P<rest>.+)$", re.I)
_TRAILING = re.compile(
    r"^(?P<rest>.+?)\s*[-:–—,(]?\s*" + _DURATION.format(p="b", units=_UNITS) + r"\)?$",
    re.I,
)
_BULLET = re.compile(r"^(?:[-*•·]\s+|\d+[.)]\s+(?=\D))")


def _seconds(match: re.Match[str], prefix: str) -> tuple[int, bool]:
    """Seconds of a matched duration, and whether it was explicit (a unit or m:ss) rather than a bare number."""
    if match.group(f"{prefix}mm") is not None:
        return int(match.group(f"{prefix}mm")) * 60 + int(match.group(f"{prefix}ss")), True
    number = float(match.group(f"{prefix}n").replace(",", "."))
    unit = match.group(f"{prefix}unit")
    factor = _UNIT_SECONDS[unit.lower()] if unit else 1
    return round(number * factor), unit is not None


def parse_step(line: str) -> Step:
    """One step from a line such as "30 Pelvic tilts", "Pelvic tilts 30s", "2 min walk" or "Walk 1:30".

    A time with a unit (s, sec, min, m:ss) wins over a bare number, and a bare
    number is read as seconds; so "10 cat-cows 60s" is 60 seconds of "10 cat-cows".
    """
    text = _BULLET.sub("", line.strip(), count=1).strip()
    candidates: list[tuple[int, int, str]] = []  # (preference, seconds, cue)
    trailing = _TRAILING.match(text)
    if trailing and trailing.group("rest").strip():
        seconds, explicit = _seconds(trailing, "b")
        candidates.append((0 if explicit else 3, seconds, trailing.group("rest")))
    leading = _LEADING.match(text)
    if leading and leading.group("rest").strip():
        seconds, explicit = _seconds(leading, "a")
        candidates.append((1 if explicit else 2, seconds, leading.group("rest")))
    if not candidates:
        raise ValidationError(f'The step "{text}" has no time; write it like "30 Pelvic tilts" or "Pelvic tilts 30s".')
    _, seconds, cue = min(candidates, key=lambda c: c[0])
    cue = re.sub(r"\s+for$", "", cue.strip(" -:–—,"), flags=re.I)  # "Walk for 2 minutes"
    if not cue:
        raise ValidationError(f'The step "{text}" needs a few words saying what to do.')
    try:
        return Step(cue, seconds)
    except ValidationError:
        if not STEP_SECONDS_MIN <= seconds <= STEP_SECONDS_MAX:
            raise ValidationError(
                f'The step "{cue}" lasts {seconds} seconds; a step lasts {STEP_SECONDS_MIN} to '
                f"{STEP_SECONDS_MAX} seconds (30 minutes)."
            ) from None
        raise


def parse_steps(steps_text: str) -> tuple[Step, ...]:
    """Steps from text, one per line; blank lines and lines starting with "#" are skipped."""
    if not isinstance(steps_text, str):
        raise ValidationError("The steps must be text, one step per line.")
    lines = [line for line in steps_text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise ValidationError('A routine needs at least one step, e.g. "30 Pelvic tilts".')
    if len(lines) > STEPS_MAX:
        raise ValidationError(f"A routine has at most {STEPS_MAX} steps; this one has {len(lines)}.")
    return tuple(parse_step(line) for line in lines)


def slug(name: str) -> str:
    """A routine id from a name: lowercase words joined by hyphens ("Evening Stretch!" -> "evening-stretch")."""
    words = re.findall(r"[^\W_]+", name.lower())
    text = "-".join(words)[:ID_MAX].strip("-")
    return text


def new_custom(
    name: str,
    kind: str,
    fits: Iterable[str],
    steps_text: str,
    *,
    pain_min: int = 0,
    pain_max: int = 10,
    summary: str | None = None,
    stop_rule: str | None = None,
    exercise: bool = True,
    gentle: bool = False,
    routine_id: str | None = None,
    taken: Iterable[str] = (),
) -> Routine:
    """A new routine of the person's own, its steps parsed from ``steps_text`` (see :func:`parse_steps`).

    The id is "my-" plus a slug of the name, so a new routine never silently
    replaces a built-in; pass ``routine_id`` to edit an existing one (a
    built-in's id overrides that built-in). ``taken`` ids are avoided by
    adding -2, -3, .... ``exercise`` defaults to True, the cautious choice:
    painpal then holds it back while a warning sign is active.
    """
    clean_name = clean_text(name, "routine name", SHORT_TEXT_MAX)
    if clean_name is None:
        raise ValidationError("A routine needs a name.")
    steps = parse_steps(steps_text)
    if isinstance(kind, str):
        kind = kind.strip().lower()
    fits_tuple = (fits,) if isinstance(fits, str) else tuple(fits)
    if routine_id is None:
        base = ("my-" + slug(clean_name))[:ID_MAX].strip("-")
        if base == "my":
            base = "my-routine"
        used = set(taken)
        routine_id, number = base, 2
        while routine_id in used:
            routine_id = f"{base[: ID_MAX - 4]}-{number}"
            number += 1
    return Routine(
        id=routine_id,
        name=clean_name,
        kind=kind,
        fits=fits_tuple,
        pain_min=pain_min,
        pain_max=pain_max,
        steps=steps,
        stop_rule=stop_rule or DEFAULT_STOP_RULE,
        source=CUSTOM_SOURCE,
        summary=summary or "Your own routine.",
        exercise=exercise,
        gentle=gentle,
        builtin=False,
    )
