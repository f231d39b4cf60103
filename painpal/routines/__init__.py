"""The micro-routine library: small practices for the day's transition points, and their lookup.

painpal's second idea is that small practices at the day's transition points
beat one big fix (see the project's clinical notes). Each practice has the
moments it fits, the pain range it suits, timed steps in plain words, a stop
rule and the guideline or paper it comes from.

- ``library.toml``: the built-in routines, as data a clinician can review.
- :mod:`.schema`: :class:`Step`, :class:`Routine` and the one parser,
  :func:`routine_from_dict`, for built-in entries and the person's own.
- :mod:`.library`: reads the built-ins once, on first use, and answers
  "which routines fit this moment?" (:func:`fitting`, :func:`default_for`, ...).
- :mod:`.custom`: the person's own routines, written as text.

Importing this package reads no file. (As an attribute,
``painpal.routines.library`` is the function :func:`library`; the module's
other names come with ``from painpal.routines.library import ...``.)

Nothing here diagnoses, and nothing names a medicine or a dose: medication
is recorded by name only, "as advised by your clinician" (relief and
medication live in :mod:`painpal.domain.relief`).
"""

from __future__ import annotations

from typing import Any

from painpal.routines.custom import new_custom, parse_step, parse_steps, slug
from painpal.routines.library import (
    DEFAULTS,
    builtins,
    default_for,
    fitting,
    get,
    library,
    parse_library,
    visible,
)
from painpal.routines.schema import (
    CONTEXTS,
    CUSTOM_SOURCE,
    DEFAULT_STOP_RULE,
    FITS,
    FLARE_PAIN,
    STEPS_MAX,
    TRANSITION_KINDS,
    Routine,
    Step,
    readable_routines,
    routine_from_dict,
    routine_to_dict,
)


def __getattr__(name: str) -> Any:
    """``BUILTINS``, the name the built-ins had as a Python literal: :func:`builtins`, read on first use."""
    if name == "BUILTINS":
        return builtins()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONTEXTS",
    "CUSTOM_SOURCE",
    "DEFAULTS",
    "DEFAULT_STOP_RULE",
    "FITS",
    "FLARE_PAIN",
    "STEPS_MAX",
    "TRANSITION_KINDS",
    "Routine",
    "Step",
    "builtins",
    "default_for",
    "fitting",
    "get",
    "library",
    "new_custom",
    "parse_library",
    "parse_step",
    "parse_steps",
    "readable_routines",
    "routine_from_dict",
    "routine_to_dict",
    "slug",
    "visible",
]
