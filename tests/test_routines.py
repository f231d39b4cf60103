"""The micro-routine library: its content is safe and sourced, and its lookup picks what fits."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from painpal import routines
from painpal.domain.records import RELIEF_KINDS, ValidationError
from painpal.domain.relief import RELIEFS
from painpal.routines import (
    BUILTINS,
    CONTEXTS,
    CUSTOM_SOURCE,
    FITS,
    TRANSITION_KINDS,
    Routine,
    Step,
    default_for,
    fitting,
    get,
    library,
    new_custom,
    parse_library,
    parse_step,
    parse_steps,
    readable_routines,
    routine_from_dict,
    routine_to_dict,
    visible,
)

from .conftest import NOW, run_python

REQUIRED_IDS = {
    "morning-mobility",
    "standing-reset",
    "walk-10",
    "hip-flexor-thoracic",
    "deep-stabilisers",
    "calm-breathing",
    "progressive-relaxation",
    "heat-then-mobility",
    "flare-day",
    "wind-down",
    "desk-setup",
}


def _texts(routine: Routine) -> list[str]:
    return [routine.name, routine.summary, routine.stop_rule, routine.source, *(s.cue for s in routine.steps)]


# --- built-in content ------------------------------------------------------------------------------------------


def test_at_least_sixteen_builtins_with_unique_ids_and_required_ones() -> None:
    ids = [r.id for r in BUILTINS]
    assert len(ids) >= 16
    assert len(set(ids)) == len(ids)
    assert set(ids) >= REQUIRED_IDS


@pytest.mark.parametrize("routine", BUILTINS, ids=lambda r: r.id)
def test_every_builtin_is_complete(routine: Routine) -> None:
    assert routine.builtin and not routine.hidden
    assert routine.kind in RELIEF_KINDS
    assert routine.steps and all(step.seconds > 0 and step.cue for step in routine.steps)
    assert routine.source and routine.summary
    assert "stop" in routine.stop_rule.lower()
    assert routine.fits and set(routine.fits) <= set(FITS)
    assert 0 <= routine.pain_min <= routine.pain_max <= 10
    assert 60 <= routine.total_seconds <= 20 * 60
    assert routine.minutes == max(1, int(routine.total_seconds / 60 + 0.5))


@pytest.mark.parametrize("routine", BUILTINS, ids=lambda r: r.id)
def test_gentle_flag_agrees_with_pain_range(routine: Routine) -> None:
    # A gentle routine must be offered during a flare (pain >= 7); a non-gentle one must not be.
    if routine.gentle:
        assert routine.pain_max >= routines.FLARE_PAIN
    else:
        assert routine.pain_max < routines.FLARE_PAIN


def test_every_builtin_and_custom_routine_carries_the_leg_stop_rule() -> None:
    for routine in (*BUILTINS, new_custom("Mine", "strategic", ["break"], "30 Walk")):
        assert "spreads down a leg" in routine.stop_rule, routine.id


def test_required_routines_have_the_agreed_shape() -> None:
    by_id = {r.id: r for r in BUILTINS}
    assert "wake" in by_id["morning-mobility"].fits and by_id["morning-mobility"].kind == "strategic"
    assert 150 <= by_id["morning-mobility"].total_seconds <= 240
    assert {"seated", "break"} <= set(by_id["standing-reset"].fits)
    assert by_id["walk-10"].minutes == 10
    assert not by_id["deep-stabilisers"].gentle
    calm = by_id["calm-breathing"]
    assert calm.kind == "soothing" and not calm.exercise and calm.gentle and "any" in calm.fits
    assert not by_id["progressive-relaxation"].exercise and "sleep" in by_id["progressive-relaxation"].fits
    assert by_id["flare-day"].gentle and "flare" in by_id["flare-day"].fits
    assert not by_id["desk-setup"].exercise and "work-start" in by_id["desk-setup"].fits
    assert "unwind" in by_id["wind-down"].fits


def test_both_kinds_of_relief_are_covered() -> None:
    assert {r.kind for r in BUILTINS} == set(RELIEF_KINDS)


DOSE = re.compile(r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ml|g|iu)\b|\bdos(?:e|es|age)\b|\btablets?\b|\bpills?\b", re.I)
DRUGS = re.compile(r"ibuprofen|paracetamol|acetaminophen|naproxen|codeine|tramadol|aspirin|opioid|nsaid", re.I)


def test_no_routine_or_relief_names_a_dose_a_drug_or_a_diagnosis() -> None:
    texts = [text for routine in BUILTINS for text in _texts(routine)]
    texts += [f"{name} {info.source}" for name, info in RELIEFS.items()]
    for text in texts:
        assert not DOSE.search(text), text
        assert not DRUGS.search(text), text
        assert "diagnos" not in text.lower(), text


def test_the_dose_check_itself_catches_doses() -> None:
    assert DOSE.search("take 400 mg") and DOSE.search("2 tablets") and DOSE.search("the usual dose")


# --- the library file ------------------------------------------------------------------------------------------


def shipped_text() -> str:
    return resources.files("painpal.routines").joinpath("library.toml").read_text(encoding="utf-8")


def test_the_shipped_library_file_validates_and_is_what_painpal_loads() -> None:
    parsed = parse_library(shipped_text())
    assert parsed == routines.builtins() == tuple(BUILTINS)
    assert routines.builtins() is routines.builtins(), "read once per process, then kept"
    assert len(parsed) == 20


def test_the_file_uses_the_same_schema_as_stored_routines() -> None:
    entries = tomllib.loads(shipped_text())["routine"]
    for entry, routine in zip(entries, BUILTINS, strict=True):
        stored = routine_to_dict(routine)
        assert set(entry) == set(stored) - {"builtin", "hidden"}, routine.id
        assert entry == {key: stored[key] for key in entry}, routine.id


@pytest.mark.parametrize("routine", BUILTINS, ids=lambda r: r.id)
def test_every_builtin_round_trips_through_the_one_parser(routine: Routine) -> None:
    data = json.loads(json.dumps(routine_to_dict(routine)))
    assert routine_from_dict(data, builtin=True) == routine
    own = routine_from_dict(data)
    assert own == dataclasses.replace(routine, builtin=False, source=CUSTOM_SOURCE)


GOOD_ENTRY = """
[[routine]]
id = "test-walk"
name = "Test walk"
kind = "strategic"
fits = ["break", "move"]
pain_min = 0
pain_max = 6
exercise = true
gentle = false
summary = "A short walk."
steps = [
    { seconds = 60, cue = "Walk slowly." },
    { seconds = 60, cue = "Walk back." },
]
stop_rule = "Stop if pain spreads down a leg, or rises sharply."
source = "NICE NG59 (stay active)"
"""


def without(text: str, *prefixes: str) -> str:
    """``text`` without its lines that start with one of ``prefixes``."""
    lines = text.splitlines()
    kept = [line for line in lines if not line.startswith(prefixes)]
    assert len(kept) < len(lines), prefixes
    return "\n".join(kept)


def test_a_good_entry_parses() -> None:
    (routine,) = parse_library(GOOD_ENTRY)
    assert routine.builtin and routine.source == "NICE NG59 (stay active)"
    assert routine.steps == (Step("Walk slowly.", 60), Step("Walk back.", 60))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (without(GOOD_ENTRY, "source"), "has no source"),
        (GOOD_ENTRY.replace('source = "NICE NG59 (stay active)"', 'source = "  "'), "needs a source"),
        (without(GOOD_ENTRY, "steps", "    {", "]"), "has no steps"),
        (without(GOOD_ENTRY, "    {"), "1 to 30 steps"),
        (without(GOOD_ENTRY, "stop_rule"), "has no stop rule"),
        (GOOD_ENTRY.replace("Stop if pain spreads down a leg, or rises sharply.", ""), "needs a stop rule"),
        (without(GOOD_ENTRY, "pain_min", "pain_max"), "has no pain range"),
        (without(GOOD_ENTRY, "pain_max"), r"has no pain range \(pain_max\)"),
        (without(GOOD_ENTRY, "summary"), "has no summary"),
        (without(GOOD_ENTRY, "exercise"), "has no exercise flag"),
        (without(GOOD_ENTRY, "gentle"), "has no gentle flag"),
        (without(GOOD_ENTRY, "fits"), "has no fits"),
        (GOOD_ENTRY.replace("gentle = false", "gentel = false"), "Unknown field 'gentel'"),
        (GOOD_ENTRY.replace("seconds = 60, cue", "secs = 60, cue"), "exactly a cue and seconds"),
        (GOOD_ENTRY.replace("pain_max = 6", "pain_max = 11"), "0 to 10"),
        (GOOD_ENTRY.replace('kind = "strategic"', 'kind = "magic"'), "soothing or strategic"),
        (GOOD_ENTRY + GOOD_ENTRY, "routine 2 \\(test-walk\\): another built-in routine already has the id"),
        (GOOD_ENTRY + "\n[sources]\nnice = 'NICE NG59'\n", "unknown table 'sources'"),
        ("# nothing here\n", "no \\[\\[routine\\]\\] entries"),
        (GOOD_ENTRY.replace("pain_min = 0", "pain_min = "), "not valid TOML"),
    ],
)
def test_a_bad_entry_is_refused_with_where_and_what(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_library(text)
    assert "library.toml" in str(caught.value)


def test_the_library_is_read_lazily_and_painpal_log_never_imports_it(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import painpal.domain.plan, painpal.coach\n"
        "from painpal.routines.library import builtins, get\n"
        "before = builtins.cache_info().currsize, 'tomllib' in sys.modules\n"
        "get('walk-10')\n"
        "print(*before, builtins.cache_info().currsize)\n"
        "import painpal.cli\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "False", "1"], "importing reads no file; the first lookup does"

    log = (
        "import sys, painpal.cli\n"
        "status = painpal.cli.main(['log', '5'])\n"
        "print(status, sorted(m for m in sys.modules if m.startswith('painpal.routines') or m == 'tomllib'))\n"
    )
    proc = run_python(log, env={"PAINPAL_DATA_DIR": str(tmp_path / "d"), "PAINPAL_NOW": NOW})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "0 []"


def test_the_library_file_is_packaged() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "*.toml" in package_data["painpal.routines"]


# --- lookup ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TRANSITION_KINDS + CONTEXTS)
def test_every_moment_has_a_fitting_routine_even_in_the_worst_case(kind: str) -> None:
    assert fitting(kind, None)
    for pain in range(11):
        assert fitting(kind, pain), (kind, pain)
    # During a flare with a warning sign active there is still something soothing to offer.
    assert fitting(kind, 9, flare=True, warning=True)


@pytest.mark.parametrize("kind", (*TRANSITION_KINDS, "seated", "flare"))
def test_every_moment_has_a_routine_naming_it(kind: str) -> None:
    assert any(kind in r.fits for r in BUILTINS)


@pytest.mark.parametrize("kind", FITS)
def test_default_for_exists_fits_and_comes_first(kind: str) -> None:
    routine = get(default_for(kind))
    assert routine is not None
    assert kind in routine.fits
    assert fitting(kind, None)[0].id == routine.id


def test_default_for_the_agreed_moments() -> None:
    assert default_for("wake") == "morning-mobility"
    assert default_for("work-start") == "desk-setup"
    assert default_for("break") == "walk-10"
    assert default_for("work-end") == "hip-flexor-thoracic"
    assert default_for("move") == "walk-10"
    assert default_for("unwind") == "wind-down"
    assert default_for("sleep") == "progressive-relaxation"
    assert default_for("seated") == "standing-reset"
    assert default_for("flare") == "flare-day"
    with pytest.raises(ValueError):
        default_for("lunch")
    with pytest.raises(ValueError):
        fitting("lunch", 3)


@pytest.mark.parametrize("kind", FITS)
def test_flare_and_high_pain_offer_only_gentle_routines(kind: str) -> None:
    assert all(r.gentle for r in fitting(kind, None, flare=True))
    assert all(r.gentle for r in fitting(kind, 8))
    assert not any(r.id == "deep-stabilisers" for r in fitting("move", 8))


@pytest.mark.parametrize("kind", FITS)
def test_warning_offers_no_exercise(kind: str) -> None:
    offered = fitting(kind, 3, warning=True)
    assert offered and not any(r.exercise for r in offered)
    assert not any(r.exercise for r in fitting(kind, None, warning=True))


def test_fitting_respects_pain_range_and_kind() -> None:
    for routine in fitting("break", 4):
        assert routine.pain_min <= 4 <= routine.pain_max
        assert "break" in routine.fits or "any" in routine.fits
    assert "walk-10" in [r.id for r in fitting("break", 4)]
    assert "walk-10" not in [r.id for r in fitting("break", 7)]
    # Exact fits rank before routines that fit "any" moment.
    ids = [r.id for r in fitting("break", 3)]
    assert ids.index("standing-reset") < ids.index("calm-breathing")


def test_custom_routine_overrides_builtin_and_hidden_ones_are_kept_but_not_offered() -> None:
    base = get("walk-10")
    assert base is not None
    mine = dataclasses.replace(base, name="My lunchtime walk", builtin=False, source="your own routine")
    lib = library([mine])
    assert [r.id for r in lib].count("walk-10") == 1
    assert [r.id for r in lib].index("walk-10") == [r.id for r in BUILTINS].index("walk-10")
    assert get("walk-10", [mine]) == mine

    hidden = library(hidden=["walk-10"])
    assert len(hidden) == len(BUILTINS)
    found = get("walk-10", hidden=["walk-10"])
    assert found is not None and found.hidden
    assert "walk-10" not in [r.id for r in visible(hidden=["walk-10"])]
    assert "walk-10" not in [r.id for r in fitting("break", 3, hidden=["walk-10"])]
    hidden_custom = dataclasses.replace(mine, hidden=True)
    assert "walk-10" not in [r.id for r in fitting("break", 3, [hidden_custom])]
    assert get("no-such-routine") is None


def test_own_routines_rank_ahead_of_builtins_with_the_same_fit() -> None:
    mine = new_custom("Stretch at the window", "strategic", ["break"], "30 Reach up\n30 Side bend", pain_max=6)
    ids = [r.id for r in fitting("break", 3, [mine])]
    assert ids[0] == "walk-10"  # the default still leads
    assert ids[1] == mine.id


# --- custom routines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "cue", "seconds"),
    [
        ("30 Pelvic tilts", "Pelvic tilts", 30),
        ("Pelvic tilts 30s", "Pelvic tilts", 30),
        ("Pelvic tilts 30 sec", "Pelvic tilts", 30),
        ("2 min walk", "walk", 120),
        ("Walk for 2 minutes", "Walk", 120),
        ("Walk 1:30", "Walk", 90),
        ("1.5 min easy walk", "easy walk", 90),
        ("10 cat-cows 60s", "10 cat-cows", 60),
        ("- Knee rocks - 45 sec", "Knee rocks", 45),
        ("1. Bridge 40", "Bridge", 40),
        ("30 seated twists", "seated twists", 30),
        ("Étirement du dos 20s", "Étirement du dos", 20),
    ],
)
def test_parse_step_accepts_plain_ways_of_writing_a_step(line: str, cue: str, seconds: int) -> None:
    assert parse_step(line) == Step(cue, seconds)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Pelvic tilts", "has no time"),
        ("3 Pelvic tilts", "5 to 1800"),
        ("Walk 45 min", "5 to 1800"),
        ("", "at least one step"),
        ("# only a comment\n\n", "at least one step"),
        ("\n".join(f"{i + 10} step" for i in range(31)), "at most 30"),
        ("30 bad\x07cue", "control character"),
    ],
)
def test_parse_steps_refuses_bad_steps_with_a_sentence(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_steps(text)


def test_new_custom_builds_a_valid_own_routine() -> None:
    r = new_custom("Evening Stretch!", "Soothing", ("unwind",), "# my routine\n30 Knee hugs\nBreathing 1 min\n")
    assert r.id == "my-evening-stretch"
    assert r.name == "Evening Stretch!"
    assert r.kind == "soothing"
    assert r.steps == (Step("Knee hugs", 30), Step("Breathing", 60))
    assert not r.builtin and r.source == "your own routine"
    assert "spreads down a leg" in r.stop_rule
    assert r.exercise  # cautious default: held back while a warning sign is active
    assert new_custom("Evening Stretch", "soothing", ["unwind"], "30 a", taken=[r.id]).id == "my-evening-stretch-2"
    assert new_custom("😀", "soothing", ["unwind"], "30 a").id == "my-routine"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"name": "x" * 81}, "81 characters"),
        ({"kind": "magic"}, "soothing or strategic"),
        ({"fits": ["lunch"]}, "lunch"),
        ({"fits": []}, "at least one moment"),
        ({"pain_min": 8, "pain_max": 3}, "upside down"),
        ({"pain_max": 11}, "0 to 10"),
    ],
)
def test_new_custom_validation(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"name": "Mine", "kind": "strategic", "fits": ["break"], "steps_text": "30 Walk"}
    args.update(kwargs)
    with pytest.raises(ValidationError, match=message):
        new_custom(**args)  # type: ignore[arg-type]


def test_custom_round_trips_through_json() -> None:
    r = new_custom("Lunch loop", "strategic", ["break", "move"], "60 Walk out\n60 Walk back", gentle=True, pain_max=8)
    data = json.loads(json.dumps(routine_to_dict(r)))
    assert routine_from_dict(data) == r


def test_routine_from_dict_never_trusts_builtin_claims_and_fills_defaults() -> None:
    data = routine_to_dict(BUILTINS[0])
    back = routine_from_dict(data)
    assert not back.builtin and back.source == "your own routine"
    assert back.steps == BUILTINS[0].steps
    minimal = routine_from_dict({"id": "my-x", "name": "X", "steps": [["Breathe", 30]], "extra": "ignored"})
    assert minimal.fits == ("any",) and (minimal.pain_min, minimal.pain_max) == (0, 10)
    assert minimal.exercise and not minimal.gentle


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("not a dict", "must be an object"),
        ({"id": "my-x", "name": "X"}, "list of steps"),
        ({"id": "my-x", "name": "X", "steps": []}, "1 to 30 steps"),
        ({"id": "my-x", "name": "X", "steps": [{"cue": "a", "seconds": 2}]}, "5 to 1800"),
        ({"id": "my-x", "name": "X", "steps": [{"cue": "", "seconds": 20}]}, "what to do"),
        ({"id": "my-x", "name": "X", "steps": [42]}, "cue and a number"),
        ({"id": "My X", "name": "X", "steps": [["a", 20]]}, "routine id"),
        ({"id": "my-x", "name": "X", "steps": [["a", 20]], "exercise": "yes"}, "true or false"),
        ({"id": "my-x", "name": "X", "steps": [["a", 20]], "fits": 3}, "fits"),
    ],
)
def test_routine_from_dict_refuses_bad_data(data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        routine_from_dict(data)  # type: ignore[arg-type]


def test_stored_routines_are_read_by_the_one_parser_skipping_what_it_cannot_read() -> None:
    mine = new_custom("Lunch loop", "strategic", ["break"], "60 Walk out\n60 Walk back")
    stored = [routine_to_dict(mine), {"id": "BAD"}, "not a dict", {"id": "x", "steps": "not a list"}]
    assert readable_routines(stored) == [mine]
    assert readable_routines(None) == [] and readable_routines({"id": "my-x"}) == []
    builtin_claim = readable_routines([routine_to_dict(BUILTINS[0])])
    assert [(r.id, r.builtin, r.source) for r in builtin_claim] == [(BUILTINS[0].id, False, CUSTOM_SOURCE)]
