"""Relief outside a guided routine: is it soothing or strategic, and is it medicine taken?

One home for both rules, so the relief screen, ``painpal relief``, the coach
and the clinician report agree: a name the report counts as medication is the
name the relief screen saves at once, by name only, without asking minutes.

painpal records medication by name only and never an amount (see the
project's clinical notes): :func:`medication_name` and :func:`without_amounts`
take amounts out of whatever the person typed. Nothing here advises on a
medicine. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from typing import Any, NamedTuple

ACP = "American College of Physicians 2017 (Qaseem et al., Ann Intern Med 2017;166:514-530)"
NICE = "NICE NG59"
PACING = "Murphy & Kratz, Pain 2014 (activity pacing)"

# --- medication ------------------------------------------------------------------------------------------------

MEDICINE_WORDS = re.compile(
    r"medic|paracetamol|acetaminophen|ibuprofen|naproxen|aspirin|diclofenac|codeine|co-?codamol|tramadol|"
    r"gabapentin|pregabalin|amitriptyline|nortriptyline|duloxetine|celecoxib|etoricoxib|morphine|oxycodone|"
    r"cyclobenzaprine|methocarbamol|diazepam|lidocaine|tylenol|advil|aleve|nurofen|panadol|painkiller|"
    r"pain killer|nsaid|anti-?inflammator|muscle relaxant|tablet|pill|capsule",
    re.I,
)
"""Relief names that are medicine taken: the word "medication" and common pain-medicine names."""

_UNITS = r"(?:mg|mcg|µg|ug|g|ml|iu|units?|tablets?|tabs?|pills?|capsules?|caps|puffs?|drops?|doses?)"
_AMOUNT = re.compile(
    rf"\s*(?:\b\d+(?:[.,/]\d+)?\s*{_UNITS}\b\.?|\b(?:one|two|three|four|half an?|a half)\s+{_UNITS}\b|\bx\s*\d+\b"
    rf"|\b\d+\s*x\b)",
    re.I,
)
_NUMBER = re.compile(r"\s*\b\d+(?:[.,/]\d+)?\b")


def without_amounts(text: str) -> str:
    """``text`` with amounts of medicine removed ("ibuprofen 400 mg x2" -> "ibuprofen").

    painpal records medication by name only; a person may still type an
    amount, and a printed report must not read as a dosing record.
    """
    cleaned = _AMOUNT.sub("", text)
    return " ".join(cleaned.split())


def is_medication(name: str) -> bool:
    """Is this relief medicine taken? ("medication taken", "ibuprofen", "painkiller", ...)."""
    return isinstance(name, str) and bool(MEDICINE_WORDS.search(name))


def medication_name(name: str) -> str:
    """A medication relief's name with any amount or bare number removed."""
    cleaned = _NUMBER.sub("", without_amounts(name))
    return " ".join(cleaned.split()).strip(" ,;:-") or "medication"


def as_recorded(name: str, minutes: Any) -> tuple[str, Any]:
    """The name and minutes painpal keeps for a relief: medication by name only, with no minutes or amount.

    The relief screen and ``painpal relief`` both ask this, so "ibuprofen 400
    mg, 10 minutes" is kept as "ibuprofen" wherever it was typed.
    """
    if is_medication(name):
        return medication_name(name), None
    return name, minutes


# --- soothing or strategic -------------------------------------------------------------------------------------


class ReliefInfo(NamedTuple):
    """What painpal knows about a common relief: soothing or strategic, and why it is there."""

    kind: str
    source: str


RELIEFS: Mapping[str, ReliefInfo] = types.MappingProxyType(
    {
        "heat": ReliefInfo("soothing", f"{ACP}: superficial heat, moderate evidence"),
        "ice": ReliefInfo("soothing", "Common self-care; evidence for cold is limited (ACP 2017)"),
        "massage": ReliefInfo("soothing", f"{ACP}: massage, low evidence"),
        "warm shower": ReliefInfo("soothing", f"{ACP}: superficial heat"),
        "warm bath": ReliefInfo("soothing", f"{ACP}: superficial heat"),
        "rest": ReliefInfo("soothing", f"{NICE}: short rest is fine; stay as active as you can"),
        "position of ease": ReliefInfo("soothing", f"{NICE}: self-management"),
        "breathing": ReliefInfo("soothing", f"{ACP}: relaxation, mindfulness-based stress reduction"),
        "relaxation": ReliefInfo("soothing", f"{ACP}: progressive relaxation"),
        "mindfulness": ReliefInfo("soothing", f"{ACP}: mindfulness-based stress reduction"),
        "medication taken": ReliefInfo(
            "soothing", "As advised by your clinician; painpal records the name only, never an amount"
        ),
        "physical therapy session": ReliefInfo("strategic", f"{NICE}: exercise, manual therapy with exercise"),
        "walk": ReliefInfo("strategic", f"{NICE}: exercise, stay active; {PACING}"),
        "exercise class": ReliefInfo("strategic", f"{NICE}: group exercise programme"),
        "strength exercises": ReliefInfo("strategic", f"{NICE}: exercise; {ACP}: motor control exercise"),
        "yoga": ReliefInfo("strategic", f"{ACP}: yoga for chronic low back pain"),
        "tai chi": ReliefInfo("strategic", f"{ACP}: tai chi for chronic low back pain"),
        "pilates": ReliefInfo("strategic", f"{NICE}: exercise (mind-body); {ACP}: motor control exercise"),
        "stretching": ReliefInfo("strategic", f"{NICE}: exercise"),
        "swimming": ReliefInfo("strategic", f"{NICE}: exercise (aerobic)"),
        "cycling": ReliefInfo("strategic", f"{NICE}: exercise (aerobic)"),
    }
)
"""Relief names painpal offers in the relief log, with their kind and source. Any other name is accepted too."""

SOOTHING_WORDS = re.compile(r"massage|heat|\bhot\s*(?:water|pack|bath)|\bice\b|cold|medic|bath|shower|\brest", re.I)
"""Words that make an unknown relief soothing: it eases pain now."""
STRATEGIC_WORDS = re.compile(
    r"exercis|walk|class|therap|physio|strength|stretch|yoga|tai\s*chi|pilates|swim|cycl|\bbike|gym|train|"
    r"workout|\brun|jog|hike|mobility|rehab",
    re.I,
)
"""Words that make an unknown relief strategic: it builds capacity over time."""


def relief_kind(name: str) -> str:
    """Whether a relief by this name is "soothing" or "strategic".

    Known names take their kind from :data:`RELIEFS`. Medicine taken
    (:func:`is_medication`) is soothing, as "medication taken" is. For any
    other name, obvious strategic words (exercise, walk, class, therapy,
    strength, ...) make it strategic unless it is plainly a soothing one
    ("massage therapy", "heat after a walk"); everything else is soothing,
    the humbler default.
    """
    key = " ".join(name.lower().split()) if isinstance(name, str) else ""
    if key in RELIEFS:
        return RELIEFS[key].kind
    if is_medication(key) or SOOTHING_WORDS.search(key):
        return "soothing"
    if STRATEGIC_WORDS.search(key):
        return "strategic"
    return "soothing"


__all__ = [
    "MEDICINE_WORDS",
    "RELIEFS",
    "SOOTHING_WORDS",
    "STRATEGIC_WORDS",
    "ReliefInfo",
    "is_medication",
    "medication_name",
    "relief_kind",
    "without_amounts",
]
