"""The day plan, its timeline across daylight-saving days and midnight, and prompts across clock jumps."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dtz

from painpal.domain.clock import FixedClock, painpal_day
from painpal.domain.plan import (
    DEFAULT_ROUTINES,
    KINDS,
    DayPlan,
    PlanError,
    PromptTracker,
    Transition,
    countdown,
    current_block,
    day_bounds,
    detect_jump,
    is_work_day,
    minutes_until,
    next_transition,
    next_wake,
    parse_hhmm,
    plan_from_dict,
    plan_to_dict,
    timeline,
)
from painpal.domain.records import ValidationError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 11, 30)
SATURDAY = date(2026, 11, 28)


def at(day: date, hhmm: str, zone: ZoneInfo = LONDON, fold: int = 0) -> datetime:
    return datetime.combine(day, parse_hhmm(hhmm), zone).replace(fold=fold)


def shape(points: list[Transition]) -> list[tuple[str, str, str, str]]:
    return [(p.kind, p.at.strftime("%Y-%m-%d %H:%M"), p.label, p.routine) for p in points]


def utc_gaps(points: list[Transition]) -> list[timedelta]:
    return [b.utc - a.utc for a, b in itertools.pairwise(points)]


# -- plan ------------------------------------------------------------------------------------------


def test_default_plan_is_the_one_a_new_user_accepts() -> None:
    plan = DayPlan()
    assert plan.wake == time(7, 0)
    assert plan.work_days == (0, 1, 2, 3, 4)
    assert plan.work_blocks == ((time(9), time(12, 30)), (time(13, 30), time(17, 30)))
    assert plan.unwind == time(22, 30) and plan.sleep == time(23, 0)
    assert plan.max_seated_minutes == 60 and plan.day_start_hour == 4
    assert plan.bell is True and plan.prompts is True
    assert plan.rest_day_moves == (time(10, 30), time(15, 30))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"work_blocks": ((time(9), time(12, 30)), (time(12), time(17)))}, "start of work block 2 (12:00)"),
        ({"work_blocks": ((time(13), time(17)), (time(9), time(12)))}, "start of work block 2 (09:00)"),
        ({"work_blocks": ((time(9), time(9)),)}, "end of work block 1 (09:00)"),
        ({"work_blocks": ((time(9), time(23)),)}, "unwind (22:30)"),
        ({"wake": time(3, 0)}, "must come after wake (03:00)"),
        ({"sleep": time(22, 0)}, "sleep (22:00) must come after unwind (22:30)"),
        ({"sleep": time(4, 30)}, "sleep (04:30)"),
        ({"rest_day_moves": (time(15, 30), time(10, 30))}, "move 2 (10:30)"),
        ({"max_seated_minutes": 10}, "from 15 to 240"),
        ({"max_seated_minutes": 241}, "from 15 to 240"),
        ({"work_days": (0, 7)}, "Sunday 6"),
        ({"bell": "yes"}, "true or false"),
        ({"wake": "07:00"}, "time of day"),
        ({"wake": time(7, 0, 30)}, "whole minute"),
        ({"work_blocks": ()}, "Monday is a work day without work blocks"),
        ({"weekday_blocks": ((4, ()),)}, "Friday is a work day without work blocks"),
        ({"weekday_blocks": ((4, ((time(14), time(13)),)),)}, "On Fridays, the end of work block 1 (13:00)"),
    ],
)
def test_plan_validation_speaks_plainly(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError, match=r"\.$") as err:
        dataclasses.replace(DayPlan(), **changes)
    assert words in str(err.value)
    assert "\n" not in str(err.value)


def test_sleep_after_midnight_is_valid_and_late_work_blocks_too() -> None:
    plan = DayPlan(unwind=time(0, 0), sleep=time(0, 30))
    assert plan.offset(plan.sleep) > plan.offset(plan.unwind) > plan.offset(plan.wake)
    DayPlan(work_blocks=((time(18), time(23, 30)),), unwind=time(0, 0), sleep=time(1, 0))


def test_parse_hhmm() -> None:
    assert parse_hhmm("07:30") == time(7, 30)
    assert parse_hhmm(" 7:05 ") == time(7, 5)
    assert parse_hhmm("00:00") == time(0, 0)
    for bad in ("24:00", "7pm", "7.30", "07:60", "", "07:30:00", "１２:00"):
        with pytest.raises(ValidationError, match="HH:MM"):
            parse_hhmm(bad, "wake time")


def test_plan_dict_round_trip_through_json() -> None:
    plan = DayPlan(
        wake=time(6, 45),
        work_days=(0, 1, 2, 3, 4, 5),
        sleep=time(0, 30),
        unwind=time(23, 45),
        rest_day_moves=(time(11, 0),),
        max_seated_minutes=45,
        bell=False,
    ).with_weekday_blocks(4, ((time(9), time(13)),))
    data = json.loads(json.dumps(plan_to_dict(plan)))
    assert data["sleep"] == "00:30"
    assert data["weekday_blocks"] == {"4": [["09:00", "13:00"]]}
    assert plan_from_dict(data) == plan
    assert plan.with_weekday_blocks(4, None).blocks_on(4) == plan.work_blocks
    assert plan_from_dict(plan_to_dict(DayPlan())) == DayPlan()


SHORT = ((time(9), time(13)),)
LONG = ((time(8), time(12)), (time(13), time(17)))


def test_with_week_stores_the_blocks_most_work_days_share_and_the_others_apart() -> None:
    week = {0: LONG, 1: LONG, 2: SHORT, 3: LONG, 4: SHORT, 5: (), 6: SHORT}
    plan = DayPlan().with_week((0, 1, 2, 3, 4), week)
    assert plan.work_blocks == LONG
    assert plan.weekday_blocks == ((2, SHORT), (4, SHORT), (6, SHORT)), "Sunday rests, its blocks kept for later"
    assert [plan.blocks_kept(d) for d in range(7)] == [week[d] for d in range(7)]
    assert plan.blocks_on(6) == (), "a rest day's kept blocks are not sat to"


def test_with_week_breaks_a_tie_by_the_earliest_day_and_keeps_the_blocks_without_work_days() -> None:
    assert DayPlan().with_week((0, 1), {0: SHORT, 1: LONG}).work_blocks == SHORT
    plan = DayPlan().with_week((), {d: () for d in range(7)})
    assert plan.work_blocks == DayPlan().work_blocks and plan.weekday_blocks == ()


@pytest.mark.parametrize(
    ("changes", "field", "weekday"),
    [
        ({"wake": time(9, 30)}, "work_blocks", 0),  # the day's own part is named, not the shared wake
        ({"unwind": time(17, 0)}, "work_blocks", 0),
        ({"sleep": time(22, 0)}, "sleep", None),
        ({"rest_day_moves": (time(6, 0),)}, "rest_day_moves", None),
        ({"work_blocks": ()}, "work_blocks", 0),
        ({"weekday_blocks": ((4, ((time(9), time(23)),)),)}, "work_blocks", 4),
    ],
)
def test_an_order_error_names_the_field_and_the_weekday_to_fix(
    changes: dict[str, Any], field: str, weekday: int | None
) -> None:
    with pytest.raises(PlanError) as err:
        dataclasses.replace(DayPlan(), **changes)
    assert (err.value.field, err.value.weekday) == (field, weekday)


def test_plan_from_dict_takes_defaults_and_ignores_unknown_keys() -> None:
    assert plan_from_dict({}) == DayPlan()
    assert plan_from_dict({"wake": "06:00", "from_the_future": 1}) == DayPlan(wake=time(6))


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"wake": 700},
        {"wake": "7am"},
        {"work_days": "mon"},
        {"work_blocks": [["09:00"]]},
        {"work_blocks": "09:00-12:00"},
        {"weekday_blocks": [[4, []]]},
        {"weekday_blocks": {"friday": []}},
        {"rest_day_moves": ["10:30", "noon"]},
        {"prompts": "false"},
        {"day_start_hour": 24},
        {"sleep": "22:00"},
    ],
)
def test_plan_from_dict_refuses_bad_data(data: object) -> None:
    with pytest.raises(ValidationError):
        plan_from_dict(data)


# -- timeline --------------------------------------------------------------------------------------


def test_work_day_timeline_has_the_default_times_kinds_and_routines() -> None:
    assert shape(timeline(DayPlan(), MONDAY, LONDON)) == [
        ("wake", "2026-11-30 07:00", "Wake", "morning-mobility"),
        ("work-start", "2026-11-30 09:00", "Work block 1 starts", "desk-setup"),
        ("break", "2026-11-30 12:30", "Lunch break", "walk-10"),
        ("work-start", "2026-11-30 13:30", "Work block 2 starts", "desk-setup"),
        ("work-end", "2026-11-30 17:30", "Work block 2 ends", "hip-flexor-thoracic"),
        ("unwind", "2026-11-30 22:30", "Unwind", "wind-down"),
        ("sleep", "2026-11-30 23:00", "Sleep", "progressive-relaxation"),
    ]


def test_rest_day_timeline_has_moves_instead_of_work() -> None:
    assert shape(timeline(DayPlan(), SATURDAY, LONDON)) == [
        ("wake", "2026-11-28 07:00", "Wake", "morning-mobility"),
        ("move", "2026-11-28 10:30", "Time to move", "walk-10"),
        ("move", "2026-11-28 15:30", "Time to move", "walk-10"),
        ("unwind", "2026-11-28 22:30", "Unwind", "wind-down"),
        ("sleep", "2026-11-28 23:00", "Sleep", "progressive-relaxation"),
    ]


def test_every_weekday_of_a_week() -> None:
    plan = DayPlan()
    kinds = {d: [p.kind for p in timeline(plan, MONDAY + timedelta(days=d), NEW_YORK)] for d in range(7)}
    for d in range(5):
        assert is_work_day(plan, MONDAY + timedelta(days=d))
        assert kinds[d] == ["wake", "work-start", "break", "work-start", "work-end", "unwind", "sleep"]
    for d in (5, 6):
        assert not is_work_day(plan, MONDAY + timedelta(days=d))
        assert kinds[d] == ["wake", "move", "move", "unwind", "sleep"]


def test_no_work_days_means_every_day_is_a_rest_day() -> None:
    plan = DayPlan(work_days=())
    assert not any(is_work_day(plan, MONDAY + timedelta(days=d)) for d in range(7))


def test_points_carry_kind_routine_block_and_unique_keys() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    assert {p.kind for p in points} <= set(KINDS)
    assert all(p.routine == DEFAULT_ROUTINES[p.kind] for p in points)
    assert [p.block for p in points] == [None, 0, 0, 1, 1, None, None]
    keys = [p.key for p in points]
    assert len(set(keys)) == len(keys)
    assert keys[:3] == ["2026-11-30:wake:0", "2026-11-30:work-start:0", "2026-11-30:break:0"]
    assert keys == [p.key for p in timeline(DayPlan(), MONDAY, LONDON)]


def test_three_blocks_have_a_short_break_and_a_lunch_break() -> None:
    plan = DayPlan(work_blocks=((time(8), time(10)), (time(10, 15), time(12)), (time(13), time(16))))
    labels = [p.label for p in timeline(plan, MONDAY, LONDON) if p.kind == "break"]
    assert labels == ["Break", "Lunch break"]


def test_a_weekday_with_its_own_blocks() -> None:
    plan = DayPlan().with_weekday_blocks(4, ((time(9), time(13)),))
    friday = timeline(plan, MONDAY + timedelta(days=4), LONDON)
    assert [p.kind for p in friday] == ["wake", "work-start", "work-end", "unwind", "sleep"]
    assert friday[2].at.time() == time(13)


def test_sleep_after_midnight_belongs_to_the_evening_before() -> None:
    plan = DayPlan(unwind=time(23, 45), sleep=time(0, 30))
    points = timeline(plan, MONDAY, LONDON)
    assert points[-2].kind == "unwind" and points[-1].kind == "sleep"
    assert points[-1].at == at(MONDAY + timedelta(days=1), "00:30")
    assert points[-1].utc > points[-2].utc
    assert painpal_day(points[-1].at, plan.day_start_hour) == MONDAY
    assert points[-1].key == "2026-11-30:sleep:0"


# London springs forward 2026-03-29 01:00 -> 02:00 and falls back 2026-10-25 02:00 -> 01:00;
# New York springs forward 2026-03-08 02:00 -> 03:00 and falls back 2026-11-01 02:00 -> 01:00.
@pytest.mark.parametrize("zone", [NEW_YORK, dtz.gettz("America/New_York")], ids=["zoneinfo", "dateutil"])
def test_spring_forward_new_york(zone: tzinfo) -> None:
    plan = DayPlan(unwind=time(1, 0), sleep=time(2, 30))
    saturday = date(2026, 3, 7)
    points = timeline(plan, saturday, zone)
    sleep = points[-1]
    assert sleep.kind == "sleep"
    assert sleep.at.strftime("%Y-%m-%d %H:%M %z") == "2026-03-08 03:30 -0400"  # 02:30 does not exist
    assert sleep.utc == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert sleep.utc - points[-2].utc == timedelta(hours=1, minutes=30)  # unwind 01:00 EST
    start, end = day_bounds(plan, saturday, zone)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


def test_spring_forward_london_wake_in_the_gap() -> None:
    plan = DayPlan(day_start_hour=0, wake=time(1, 30))
    sunday = date(2026, 3, 29)
    points = timeline(plan, sunday, LONDON)
    assert points[0].at.strftime("%H:%M %Z") == "02:30 BST"
    assert points[0].utc == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert all(g > timedelta(0) for g in utc_gaps(points))
    start, end = day_bounds(plan, sunday, LONDON)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


def test_spring_forward_a_moved_point_is_sorted_by_its_instant() -> None:
    # 02:30 does not exist and moves to 03:30 EDT, after the real 03:15 work start.
    plan = DayPlan(day_start_hour=0, wake=time(2, 30), work_days=(6,), work_blocks=((time(3, 15), time(5)),))
    points = timeline(plan, date(2026, 3, 8), NEW_YORK)
    assert [(p.kind, p.at.strftime("%H:%M")) for p in points[:3]] == [
        ("work-start", "03:15"),
        ("wake", "03:30"),
        ("work-end", "05:00"),
    ]
    assert all(g >= timedelta(0) for g in utc_gaps(points))


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour"),
    [(LONDON, date(2026, 10, 24), 0), (NEW_YORK, date(2026, 10, 31), 5)],
    ids=["london", "new-york"],
)
def test_fall_back_takes_the_first_occurrence(zone: ZoneInfo, day: date, utc_hour: int) -> None:
    plan = DayPlan(unwind=time(0, 30), sleep=time(1, 30))
    points = timeline(plan, day, zone)
    sleep = points[-1]
    assert sleep.at.fold == 0
    assert sleep.utc == datetime.combine(day + timedelta(days=1), time(utc_hour, 30), UTC)
    assert sleep.utc - points[-2].utc == timedelta(hours=1)
    assert len({p.key for p in points}) == len(points)
    assert all(g > timedelta(0) for g in utc_gaps(points))
    start, end = day_bounds(plan, day, zone)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


def test_dateutil_and_zoneinfo_zones_agree() -> None:
    plan = DayPlan(unwind=time(0, 30), sleep=time(1, 30))
    for day in (date(2026, 3, 7), date(2026, 10, 31), MONDAY):
        a = [p.utc for p in timeline(plan, day, NEW_YORK)]
        b = [p.utc for p in timeline(plan, day, dtz.gettz("America/New_York"))]  # type: ignore[arg-type]
        assert a == b


def test_next_transition_and_current_block() -> None:
    plan = DayPlan()
    points = timeline(plan, MONDAY, LONDON)
    assert next_transition(points, at(MONDAY, "08:00")) == points[1]
    assert next_transition(points, at(MONDAY, "09:00")) == points[1]
    assert next_transition(points, at(MONDAY, "23:30")) is None
    assert current_block(plan, points, at(MONDAY, "08:59")) is None
    assert current_block(plan, points, at(MONDAY, "09:00")) == (at(MONDAY, "09:00"), at(MONDAY, "12:30"))
    assert current_block(plan, points, at(MONDAY, "12:30")) is None
    assert current_block(plan, points, at(MONDAY, "15:00")) == (at(MONDAY, "13:30"), at(MONDAY, "17:30"))
    assert current_block(plan, [], at(MONDAY, "15:00")) == (at(MONDAY, "13:30"), at(MONDAY, "17:30"))
    assert current_block(plan, timeline(plan, SATURDAY, LONDON), at(SATURDAY, "10:00")) is None


def test_minutes_until_counts_real_minutes_across_a_dst_change() -> None:
    night = date(2026, 3, 28)
    plan = DayPlan(unwind=time(0, 30), sleep=time(3, 0))
    sleep = timeline(plan, night, LONDON)[-1]
    now = at(night, "23:30")
    assert minutes_until(sleep, now) == 150  # wall clock says 3 h 30, but an hour is skipped
    assert minutes_until(sleep.at, now) == 150
    assert minutes_until(now, sleep.at) == -150


def test_countdown_strings() -> None:
    point = timeline(DayPlan(), MONDAY, LONDON)[1]  # 09:00
    clock = FixedClock(at(MONDAY, "08:48"))
    assert countdown(point, clock.now()) == "in 12 min"
    assert countdown(point, clock.advance(seconds=30)) == "in 12 min"  # 11.5 min rounds up
    assert countdown(point, at(MONDAY, "07:55")) == "in 1 h 05"
    assert countdown(point, at(MONDAY, "07:00")) == "in 2 h 00"
    assert countdown(point, at(MONDAY, "08:59")) == "in 1 min"
    assert countdown(point, at(MONDAY, "09:00")) == "now"
    assert countdown(point, at(MONDAY, "09:00") + timedelta(seconds=40)) == "now"
    assert countdown(point, at(MONDAY, "09:05")) == "5 min ago"
    assert countdown(point, at(MONDAY, "10:10")) == "1 h 10 ago"


# -- prompts ---------------------------------------------------------------------------------------


def test_stepping_minute_by_minute_fires_each_transition_once_at_its_time() -> None:
    plan = DayPlan(unwind=time(23, 45), sleep=time(0, 30))
    points = timeline(plan, MONDAY, LONDON)
    tracker = PromptTracker()
    clock = FixedClock(at(MONDAY, "04:00"))
    fired: list[tuple[str, datetime]] = []
    while clock.now() < at(MONDAY + timedelta(days=1), "04:00"):
        due = tracker.due(points, clock.now())
        if due is not None:
            fired.append((due.key, clock.now()))
        clock.advance(minutes=1)
    assert [key for key, _ in fired] == [p.key for p in points]
    assert [when for _, when in fired] == [p.at for p in points]


def test_a_spring_forward_night_fires_each_transition_once() -> None:
    plan = DayPlan(unwind=time(1, 0), sleep=time(2, 30))
    saturday = date(2026, 3, 7)
    points = timeline(plan, saturday, NEW_YORK)
    tracker = PromptTracker()
    start, end = day_bounds(plan, saturday, NEW_YORK)
    now, fired = start, []
    while now < end:
        due = tracker.due(points, now)
        if due is not None:
            fired.append(due.key)
        now = (now.astimezone(UTC) + timedelta(minutes=1)).astimezone(NEW_YORK)
    assert fired == [p.key for p in points]


def test_a_two_hour_jump_fires_only_the_latest_point() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    tracker = PromptTracker()
    assert tracker.due(points, at(MONDAY, "08:00")).key == "2026-11-30:wake:0"  # type: ignore[union-attr]
    # Suspended at 12:00, woken at 14:00: lunch break and block 2 start both passed.
    assert detect_jump(at(MONDAY, "12:00"), at(MONDAY, "14:00"), 60)
    due = tracker.due(points, at(MONDAY, "14:00"))
    assert due is not None and due.label == "Work block 2 starts"
    assert "2026-11-30:break:0" in tracker.seen
    assert tracker.due(points, at(MONDAY, "14:01")) is None
    assert tracker.due(points, at(MONDAY, "17:30")).kind == "work-end"  # type: ignore[union-attr]


def test_a_jump_beyond_the_grace_window_fires_nothing_stale() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    tracker = PromptTracker()
    assert tracker.due(points, at(MONDAY, "21:30")) is None  # work-end at 17:30 is 4 h old
    assert tracker.due(points, at(MONDAY, "22:30")).kind == "unwind"  # type: ignore[union-attr]


def test_a_point_three_hours_old_at_startup_is_not_fired() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    tracker = PromptTracker()
    assert tracker.due(points, at(MONDAY, "12:00")) is None  # block 1 started at 09:00
    assert {"2026-11-30:wake:0", "2026-11-30:work-start:0"} <= tracker.seen
    assert tracker.due(points, at(MONDAY, "12:31")).kind == "break"  # type: ignore[union-attr]


def test_a_point_within_the_grace_window_at_startup_is_fired() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    assert PromptTracker().due(points, at(MONDAY, "10:00")).kind == "work-start"  # type: ignore[union-attr]


def test_a_clock_moving_backwards_does_not_refire() -> None:
    points = timeline(DayPlan(), MONDAY, LONDON)
    tracker = PromptTracker()
    assert tracker.due(points, at(MONDAY, "09:01")) is not None
    back = at(MONDAY, "08:30")
    assert detect_jump(at(MONDAY, "09:01"), back, 60)
    assert tracker.due(points, back) is None
    assert tracker.due(points, at(MONDAY, "09:00")) is None
    assert tracker.due(points, at(MONDAY, "09:02")) is None


def test_seen_keys_can_be_restored_and_old_days_are_dropped() -> None:
    plan = DayPlan()
    monday = timeline(plan, MONDAY, LONDON)
    first = PromptTracker()
    first.due(monday, at(MONDAY, "09:00"))
    restored = PromptTracker(seen=first.seen)
    assert restored.due(monday, at(MONDAY, "09:05")) is None
    restored.seen.add("2026-11-01:wake:0")
    wednesday = MONDAY + timedelta(days=2)
    assert restored.due(timeline(plan, wednesday, LONDON), at(wednesday, "07:00")) is not None
    assert "2026-11-01:wake:0" not in restored.seen
    assert all(key >= "2026-12-01" for key in restored.seen)


def test_rolling_into_a_new_painpal_day() -> None:
    plan = DayPlan(unwind=time(23, 45), sleep=time(0, 30))
    tracker = PromptTracker()
    clock = FixedClock(at(MONDAY, "23:50"))
    fired = []
    for _ in range(12 * 60):  # 23:50 Monday to 11:50 Tuesday, the day rolling over at 04:00
        now = clock.now()
        points = timeline(plan, painpal_day(now, plan.day_start_hour), LONDON)
        due = tracker.due(points, now)
        if due is not None:
            fired.append(due.key)
        clock.advance(minutes=1)
    assert fired == [
        "2026-11-30:unwind:0",
        "2026-11-30:sleep:0",
        "2026-12-01:wake:0",
        "2026-12-01:work-start:0",
    ]


def test_detect_jump() -> None:
    now = at(MONDAY, "12:00")
    assert not detect_jump(None, now, 60)
    assert not detect_jump(now - timedelta(seconds=60), now, 60)
    assert not detect_jump(now - timedelta(seconds=120), now, 60)
    assert detect_jump(now - timedelta(seconds=121), now, 60)
    assert detect_jump(now + timedelta(seconds=1), now, 60)


def test_detect_jump_measures_real_time_across_a_dst_change() -> None:
    before = datetime(2026, 10, 25, 1, 59, tzinfo=LONDON)  # BST, first 01:59
    after = datetime(2026, 10, 25, 1, 0, fold=1, tzinfo=LONDON)  # GMT, one minute later
    assert not detect_jump(before, after, 60)


def test_next_wake_is_the_first_of_a_moment_the_next_minute_and_the_cap() -> None:
    now = datetime(2026, 11, 30, 9, 59, 50, 500000, tzinfo=LONDON)
    # The sitting limit at 10:00:00 comes before the cap and with the minute: just past it.
    assert next_wake(now, [datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)], 20.0) == pytest.approx(9.55)
    # Nothing ahead but the minute (moments in the past and None are passed by).
    assert next_wake(now, [now - timedelta(hours=1), None], 20.0) == pytest.approx(9.55)
    # Early in a minute the cap wins; a moment two seconds away wins over both.
    early = datetime(2026, 11, 30, 10, 0, 1, tzinfo=LONDON)
    assert next_wake(early, [], 20.0) == pytest.approx(20.0)
    assert next_wake(early, [early + timedelta(seconds=2)], 20.0) == pytest.approx(2.05)
    # Across zones, instants compare as instants.
    utc = datetime(2026, 11, 30, 10, 0, 1, tzinfo=UTC)
    assert next_wake(utc, [early.astimezone(UTC) + timedelta(seconds=3)], 20.0) == pytest.approx(3.05)
