"""The safety net: the right urgency for each warning sign, and the log-based nudges to contact the care team."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from painpal.domain import safety
from painpal.domain.records import CheckIn, SafetyEvent
from painpal.domain.safety import (
    SOURCE,
    WARNING_SIGNS,
    active_warning,
    advice,
    care_prompt,
    should_offer_check,
    steady_rise,
    sustained_high,
    urgency,
    weekly_means,
)

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 30)

EMERGENCY_IDS = {"bladder-bowel", "saddle-numbness", "both-legs", "sexual-dysfunction", "accident-fall"}
SOON_IDS = {"fever", "weight-loss", "cancer-history", "lump-shape", "night-pain", "worsening-weeks"}


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def checkin(day: date, intensity: int, hour: int = 12) -> CheckIn:
    return CheckIn(at=at(day, hour), intensity=intensity)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# --- the signs and the advice --------------------------------------------------------------------------------------


def test_signs_are_exactly_the_clinical_list() -> None:
    ids = [s.id for s in WARNING_SIGNS]
    assert len(ids) == len(set(ids))
    assert {s.id for s in WARNING_SIGNS if s.urgency == "emergency"} == EMERGENCY_IDS
    assert {s.id for s in WARNING_SIGNS if s.urgency == "soon"} == SOON_IDS
    assert all(s.text and s.text[0].isupper() for s in WARNING_SIGNS)
    assert "NHS" in SOURCE and "NG59" in SOURCE


@pytest.mark.parametrize("sign", WARNING_SIGNS, ids=lambda s: s.id)
def test_each_sign_alone_gives_its_urgency_message(sign: safety.WarningSign) -> None:
    text = advice([sign.id])
    assert urgency([sign.id]) == sign.urgency
    if sign.urgency == "emergency":
        assert text.startswith("Get same-day emergency care now")
        assert "emergency number" in text
    else:
        assert text.startswith("See a doctor soon (within a few days)")
        assert "Get same-day emergency care now" not in text
    assert sign.text[1:] in text  # the sign is named
    assert "painpal does not diagnose" in text
    assert "not suggest exercise" in text


def test_one_emergency_sign_makes_the_whole_message_an_emergency() -> None:
    text = advice(["fever", "both-legs", "fever"])
    assert urgency(["fever", "both-legs"]) == "emergency"
    assert text.startswith("Get same-day emergency care now")
    # Both signs named, once each, emergency first.
    assert text.count("fever") == 1
    assert text.index("both legs") < text.index("fever")


def test_unknown_or_missing_signs() -> None:
    with pytest.raises(ValueError, match="Unknown warning sign"):
        advice(["headache"])
    with pytest.raises(ValueError, match="Unknown warning sign"):
        urgency(["fever", "headache"])
    with pytest.raises(ValueError):
        advice([])
    assert urgency([]) is None


def test_active_warning_is_the_latest_unresolved() -> None:
    old = SafetyEvent(at=at(days_ago(5)), signs=("fever",))
    newer = SafetyEvent(at=at(days_ago(2)), signs=("night-pain",))
    resolved = SafetyEvent(at=at(days_ago(1)), signs=("both-legs",), resolved=at(TODAY, 9))
    assert active_warning([]) is None
    assert active_warning([resolved]) is None
    assert active_warning([newer, old, resolved]) == newer
    newer_resolved = SafetyEvent(at=newer.at, id=newer.id, signs=newer.signs, resolved=at(TODAY))
    assert active_warning([old, newer_resolved, resolved]) == old


def test_should_offer_check() -> None:
    assert not should_offer_check(CheckIn(at=at(TODAY), intensity=7))
    assert should_offer_check(CheckIn(at=at(TODAY), intensity=8))
    assert should_offer_check(CheckIn(at=at(TODAY), intensity=10))
    assert should_offer_check(CheckIn(at=at(TODAY), intensity=2, leg_spread=True))


# --- sustained high pain -------------------------------------------------------------------------------------------


def test_sustained_high_needs_three_days_each_averaging_seven() -> None:
    logs = [checkin(days_ago(n), 7) for n in range(3)]
    assert sustained_high(logs, TODAY)
    # One more ordinary check-in today pulls its mean below 7.
    assert not sustained_high([*logs, checkin(TODAY, 5)], TODAY)
    # A gap breaks the run: nothing logged yesterday.
    assert not sustained_high([checkin(days_ago(0), 9), checkin(days_ago(2), 9), checkin(days_ago(3), 9)], TODAY)
    # Only two days so far.
    assert not sustained_high(logs[:2], TODAY)
    assert not sustained_high([], TODAY)


def test_sustained_high_uses_the_mean_not_the_peak() -> None:
    logs = [c for n in range(3) for c in (checkin(days_ago(n), 10, 9), checkin(days_ago(n), 3, 18))]
    assert not sustained_high(logs, TODAY)  # mean 6.5 each day
    logs = [c for n in range(3) for c in (checkin(days_ago(n), 8, 9), checkin(days_ago(n), 6, 18))]
    assert sustained_high(logs, TODAY)  # mean 7 each day


def test_sustained_high_counts_painpal_days() -> None:
    # 01:00 belongs to the evening before: these three check-ins fall on three painpal days ending yesterday.
    logs = [CheckIn(at=at(days_ago(n), 1), intensity=9) for n in range(3)]
    assert not sustained_high(logs, TODAY)
    assert sustained_high(logs, days_ago(1))
    # With a midnight day start they are today, yesterday and the day before.
    assert sustained_high(logs, TODAY, day_start_hour=0)


# --- steady rise -----------------------------------------------------------------------------------------------------


def weeks_of(means: list[int], per_week: int = 2) -> list[CheckIn]:
    """Check-ins for four weeks ending today, oldest first, ``per_week`` of each mean."""
    logs = []
    for week, value in enumerate(means):
        newest_day_of_week = (len(means) - 1 - week) * 7
        for k in range(per_week):
            logs.append(checkin(days_ago(newest_day_of_week + k), value))
    return logs


def test_steady_rise_true_when_each_week_is_higher_and_the_total_is_meaningful() -> None:
    logs = weeks_of([3, 4, 5, 6])
    assert weekly_means(logs, TODAY) == [3, 4, 5, 6]
    assert steady_rise(logs, TODAY)
    assert steady_rise([*weeks_of([4, 4, 5, 6]), checkin(days_ago(27), 3)], TODAY)  # week 1 mean 3.67


def test_steady_rise_false_cases() -> None:
    assert not steady_rise(weeks_of([3, 5, 4, 6]), TODAY)  # a dip
    assert not steady_rise(weeks_of([3, 4, 4, 6]), TODAY)  # a flat week
    assert not steady_rise(weeks_of([5, 5, 6, 6]), TODAY)
    assert not steady_rise(weeks_of([5, 5, 5, 5]), TODAY)
    assert not steady_rise(weeks_of([3, 4, 5, 6], per_week=1), TODAY)  # too few check-ins a week
    assert not steady_rise([], TODAY)


def test_steady_rise_needs_at_least_one_and_a_half_points() -> None:
    weeks = [[4, 4, 4], [4, 4, 5], [4, 5, 5], [5, 5, 5]]  # strictly rising, but only 1 point in all
    logs = [checkin(days_ago((3 - w) * 7 + k), v) for w, values in enumerate(weeks) for k, v in enumerate(values)]
    assert [round(m or 0, 2) for m in weekly_means(logs, TODAY)] == [4, 4.33, 4.67, 5]
    assert not steady_rise(logs, TODAY)
    # One more high check-in this week lifts the total rise to 1.5: now it counts.
    assert steady_rise([*logs, checkin(TODAY, 7), checkin(TODAY, 7)], TODAY)


# --- the care prompt -------------------------------------------------------------------------------------------------


def test_care_prompt_names_the_care_team() -> None:
    high = [checkin(days_ago(n), 8) for n in range(3)]
    text = care_prompt(high, TODAY, ["Dr Lee (physician)", "Sam Okafor (physical therapist)"])
    assert text is not None
    assert "consider contacting Dr Lee (physician) or Sam Okafor (physical therapist)" in text
    assert "last 3 days" in text and "painpal does not diagnose" in text
    three = care_prompt(high, TODAY, ["A", "B", "C"])
    assert three is not None and "A, B or C" in three


def test_care_prompt_without_a_team_or_a_reason() -> None:
    text = care_prompt(weeks_of([3, 4, 5, 6]), TODAY, [])
    assert text is not None and "your doctor or physical therapist" in text and "week on week" in text
    assert care_prompt([checkin(TODAY, 9)], TODAY, ["Dr Lee (physician)"]) is None
    assert care_prompt([], TODAY, []) is None


def test_care_prompt_accepts_a_one_shot_iterator() -> None:
    # Both rules read the check-ins; a generator must not be exhausted by the first (sustained_high).
    rising = iter(weeks_of([3, 4, 5, 6]))
    assert care_prompt(rising, TODAY, []) is not None
