"""Relief outside a routine: one rule for soothing or strategic, and one for "is this medication?"."""

from __future__ import annotations

import pytest

from painpal.domain.records import RELIEF_KINDS
from painpal.domain.relief import RELIEFS, is_medication, medication_name, relief_kind, without_amounts


def test_relief_vocabulary() -> None:
    for name in ("heat", "ice", "massage", "warm shower", "rest", "medication taken"):
        assert RELIEFS[name].kind == "soothing"
        assert relief_kind(name) == "soothing"
    for name in ("physical therapy session", "walk", "exercise class", "yoga", "tai chi", "stretching", "swimming"):
        assert RELIEFS[name].kind == "strategic"
    assert all(info.source and info.kind in RELIEF_KINDS for info in RELIEFS.values())
    assert "clinician" in RELIEFS["medication taken"].source


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Walk", "strategic"),
        ("  Tai   Chi ", "strategic"),
        ("evening walk with the dog", "strategic"),
        ("strength session", "strategic"),
        ("aqua aerobics class", "strategic"),
        ("massage therapy", "soothing"),
        ("hot water bottle", "soothing"),
        ("lavender", "soothing"),
        ("", "soothing"),
    ],
)
def test_relief_kind_guesses_unknown_names(name: str, kind: str) -> None:
    assert relief_kind(name) == kind


# --- medication ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["medication taken", "ibuprofen", "Ibuprofen 400mg", "paracetamol", "painkiller", "Nurofen", "2 pills"]
)
def test_medicine_by_name_is_medication_and_soothing(name: str) -> None:
    assert is_medication(name)
    assert relief_kind(name) == "soothing"


@pytest.mark.parametrize("name", ["heat", "walk", "physio", "hot water bottle", "yoga", ""])
def test_other_reliefs_are_not_medication(name: str) -> None:
    assert not is_medication(name)


def test_only_medication_taken_among_the_offered_reliefs_is_medication() -> None:
    assert [name for name in RELIEFS if is_medication(name)] == ["medication taken"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ibuprofen", "ibuprofen"),
        ("Ibuprofen 400mg x2", "Ibuprofen"),
        ("paracetamol 2 tablets", "paracetamol"),
        ("naproxen, 250", "naproxen"),
        ("2 tablets", "medication"),
    ],
)
def test_medication_name_keeps_the_name_only(typed: str, kept: str) -> None:
    assert medication_name(typed) == kept
    assert "mg" not in without_amounts(typed)
