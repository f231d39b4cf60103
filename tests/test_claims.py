"""The claims layer on histories of known truth: silent on noise, right about what was planted.

Seeds are pinned so each case is one known history; the benchmark
(``benchmarks/eval_patterns.py``) measures the rates over hundreds of them.
"""

from __future__ import annotations

import bisect
import json
from datetime import timedelta

import pytest

from benchmarks import synthetic
from painpal.analysis.claims import SCHEMA, ClaimSet, claims, claims_to_json, first_person, headline, relief_roles
from painpal.history import History


def run(synth: synthetic.Synthetic) -> ClaimSet:
    return claims(synth.history(), synth.first, synth.last, synthetic.DAY_START_HOUR)


@pytest.mark.parametrize(
    ("kind", "seed"),
    [("walk-eases", 1), ("poor-sleep", 2), ("headline", 3), ("lifting", 4), ("headline", 5), ("lifting", 20)],
)
def test_noise_histories_get_no_claim(kind: str, seed: int) -> None:
    twin = synthetic.noise_twin(synthetic.make(kind, 60, seed), seed)
    found = run(twin)
    assert found.claims == ()
    assert found.family > 50  # everything was tried, and nothing passed


def test_relief_after_the_days_highest_check_in_gets_no_reliever_claim() -> None:
    """The trap is there (pain falls after medication), and the baseline sees it falls as much without it."""
    twin = synthetic.noise_twin(synthetic.make("walk-eases", 90, 2), 2)
    history = twin.history()
    stamps = history.stamps["checkins"]
    changes = []
    for relief in history.reliefs:
        if relief.name != "medication":
            continue
        t = relief.at.timestamp()
        i = bisect.bisect_right(stamps, t)
        if 0 < i < len(stamps) and stamps[i] - t <= 7200 and t - stamps[i - 1] <= 7200:
            changes.append(history.pains[i] - history.pains[i - 1])
    assert len(changes) >= 15
    assert sum(changes) / len(changes) < -0.8, "the naive before/after change credits medication"
    found = run(twin)
    assert not [c for c in found.claims if c.kind.startswith("relief")]
    assert not [m for m in found.missing if m.startswith("medication")], "medication was judged, not skipped"


def test_planted_headline_is_found_the_right_way_round() -> None:
    found = run(synthetic.make("headline", 90, 1))
    build = [c for c in found.claims if c.kind == "time-of-day-condition" and c.condition == "sitting-day"]
    assert build and all(c.direction == "higher" and c.effect >= 1.0 for c in build)
    hours = build[0].hours
    assert hours is not None and hours[0] < synthetic.BUILDUP_HOURS[1] and synthetic.BUILDUP_HOURS[0] < hours[1]
    walk = [c for c in found.claims if c.kind == "relief-short" and c.subject == "walk"]
    assert walk and walk[0].direction == "lower" and walk[0].interval.high < 0
    sentence = headline(found)
    assert sentence is not None and "walk" in sentence and "long sitting" in sentence
    assert "standard error" not in sentence
    said = first_person(found)
    assert said[0].startswith("My pain builds from ") and "on days I sit a lot, and a walk eases it" in said[0]
    assert len(said) <= 3 and first_person(run(synthetic.noise_twin(synthetic.make("headline", 90, 1), 1))) == []


def test_a_walk_taken_in_the_build_up_does_not_hide_it() -> None:
    """The walk eases the very hours the build-up is in; what it was measured to ease is added back."""
    synth = synthetic.make("headline", 60, 5)
    found = run(synth)
    build = [c for c in found.claims if c.kind == "time-of-day-condition" and c.condition == "sitting-day"]
    assert build and build[0].direction == "higher" and build[0].effect >= 1.0 and build[0].primary
    assert "walk" in build[0].eased
    assert ", not counting what reliefs taken in those hours eased, seen on " in build[0].words
    assert headline(found) is not None
    twin = run(synthetic.noise_twin(synth, 5))
    assert (twin.family, twin.primary) == (found.family, found.primary), "counts decide the family, never pain"


def test_primary_questions_have_the_lower_bar_and_the_others_a_higher_one() -> None:
    found = run(synthetic.make("lifting", 60, 2))
    lift = [c for c in found.claims if c.kind == "activity" and c.subject == "lifting"]
    assert lift and lift[0].direction == "higher" and lift[0].primary
    assert 0 < found.primary < found.family
    assert 1.96 < found.threshold < found.threshold_other
    later = [c for c in run(synthetic.make("soothing-strategic", 90, 2)).claims if c.kind == "relief-later"]
    assert later and not any(c.primary for c in later)


def test_busy_days_of_the_first_fortnight_count_for_boom_bust() -> None:
    """A 30-day log: its first busy days have no two weeks before them, and are judged against its first days."""
    synth = synthetic.make("boom-bust", 30, 2)
    found = run(synth)
    boom = [c for c in found.claims if c.kind == "boom-bust"]
    assert boom and boom[0].direction == "higher" and boom[0].of >= 5
    first_fortnight = [d.day for d in synth.layout[:14] if d.boom]
    assert first_fortnight, "the case needs a busy day in the first fortnight"
    twin = synthetic.noise_twin(synth, 2)
    assert not [c for c in run(twin).claims if c.kind == "boom-bust"]
    assert not [c for c in run(synthetic.with_drift(twin, 2)).claims if c.kind == "boom-bust"]


def test_soothing_heat_is_told_from_strategic_walk() -> None:
    roles = {r.subject: r for r in relief_roles(run(synthetic.make("soothing-strategic", 90, 2)))}
    assert roles["heat"].role == "soothing"
    assert roles["heat"].later is None and roles["heat"].next_day is None
    assert roles["walk"].role == "strategic"
    assert "about two hours" in roles["heat"].words


def test_too_short_a_history_says_how_many_more_days() -> None:
    synth = synthetic.make("headline", 10, 1)
    found = run(synth)
    assert found.claims == ()
    assert any("needs 4 more days" in m for m in found.missing), found.missing


def test_an_empty_history_or_a_backwards_period() -> None:
    found = claims(History(), synthetic.FIRST_DAY, synthetic.FIRST_DAY)
    assert found.claims == () and found.missing and "needs 14 more days" in found.missing[0]
    with pytest.raises(ValueError):
        claims(History(), synthetic.FIRST_DAY, synthetic.FIRST_DAY - timedelta(days=1))


def test_a_relief_too_rarely_measured_is_named_as_missing_not_judged() -> None:
    synth = synthetic.make("walk-eases", 60, 1)
    keep = {id(r) for r in synth.records if getattr(r, "name", None) == "heat"}
    few = [r for r in synth.records if id(r) not in keep] + [r for r in synth.records if id(r) in keep][:3]
    found = claims(History.of(few), synth.first, synth.last, synthetic.DAY_START_HOUR)
    assert not [c for c in found.claims if c.subject == "heat"]
    assert any(m.startswith("heat: needs") and "more day" in m for m in found.missing), found.missing


def test_same_history_same_claims_and_a_slice_of_a_longer_one_agrees() -> None:
    synth = synthetic.make("poor-sleep", 60, 3)
    first, again = run(synth), run(synth)
    assert first == again
    assert any(c.condition == "poor-sleep" and c.direction == "higher" for c in first.claims)
    # Records after the period change nothing: the history is sliced by day.
    later = [r for r in synthetic.make("noise", 90, 9).records if r.at.date() > synth.last]
    assert later
    extra = History.of([*synth.records, *later])
    assert claims(extra, synth.first, synth.last, synthetic.DAY_START_HOUR).claims == first.claims


def test_json_carries_every_field_of_every_claim() -> None:
    found = run(synthetic.make("boom-bust", 90, 1))
    data = json.loads(json.dumps(claims_to_json(found)))
    assert data["schema"] == SCHEMA
    assert data["family"]["hypotheses"] == found.family and data["family"]["alpha"] == 0.05
    assert data["family"]["primary"] == found.primary and data["family"]["primary_share"] == 0.8
    assert data["family"]["threshold"] <= data["family"]["threshold_other"]
    assert data["claims"], "boom-bust is planted"
    for item in data["claims"]:
        assert set(item) >= {
            "kind",
            "subject",
            "condition",
            "direction",
            "effect",
            "interval",
            "n",
            "days",
            "test",
            "adjusted_p",
            "primary",
            "eased",
            "words",
        }
        low, high = item["interval"]
        assert low <= item["effect"] <= high
        assert item["adjusted_p"] <= 0.05
    assert any(c["kind"] == "boom-bust" and c["direction"] == "higher" for c in data["claims"])
