"""Insights: day review, relievers, pacing, patterns, flares and PEG, on hand-built and demo histories."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from painpal import demo
from painpal.analysis.claims import claims
from painpal.analysis.effects import SHRINK_K, effects
from painpal.analysis.flares import flare_days, flare_view
from painpal.analysis.pacing import MIN_BOOM_DAYS, pacing
from painpal.analysis.patterns import insights, needs_more_from, patterns_from
from painpal.analysis.peg import peg_due, peg_trend
from painpal.analysis.review import day_review as review
from painpal.analysis.review import review_text, sparkline
from painpal.domain.records import CheckIn, DayNote, Event, PegEntry, Record, Relief, RoutineRun
from painpal.history import History

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)


def at(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """A London wall time on ``day`` (``fold=1``: the second 01:30 of an autumn night)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON, fold=fold)


def ci(when: datetime, pain: int, **kw: object) -> CheckIn:
    return CheckIn(at=when, intensity=pain, **kw)  # type: ignore[arg-type]


def mean(values: list[int]) -> float:
    return sum(values) / len(values)


# ---------------------------------------------------------------------------------------------- patterns


def afternoon_history() -> tuple[History, list[int], list[int]]:
    """14 days: pain 6-7 at 16-18 h after sitting, 3-5 otherwise; a walk at 17:20 on 9 days eases it by 2."""
    records: list[Record] = []
    inside: list[int] = []
    outside: list[int] = []
    for k in range(14):
        day = MONDAY + timedelta(days=k)
        p16, p17 = (6, 7) if k % 2 else (7, 6)
        after = p17 - 2 if k < 9 else 5
        for when, pain, activity in (
            (at(day, 9), 3, None),
            (at(day, 12, 30), 4, None),
            (at(day, 16, 15), p16, "sitting at desk"),
            (at(day, 17, 15), p17, "sitting at desk"),
            (at(day, 18, 30), after, None),
            (at(day, 21), 3, None),
        ):
            records.append(ci(when, pain, activity=activity))
            (inside if when.hour in (16, 17) else outside).append(pain)
        if k < 9:
            records.append(Relief(at=at(day, 17, 20), name="walk", kind="strategic", minutes=10))
    return History.of(records), inside, outside


def sentences(history: History, first: date, days: int) -> tuple[list[str], str]:
    """The pattern sentences for ``days`` painpal days from ``first``, and what the screen says without one."""
    found = claims(history, first, first + timedelta(days=days - 1))
    return [p.sentence for p in patterns_from(found)], needs_more_from(found)


def test_planted_late_afternoon_pattern_gives_its_sentence_with_the_right_figures() -> None:
    history, inside, outside = afternoon_history()
    ins = insights(history, at(MONDAY + timedelta(days=14), 4), days=14)
    assert ins.count == 84 and ins.days_logged == 14
    said, _ = sentences(history, MONDAY, 14)
    afternoon = [s for s in said if s.startswith("Pain was higher from 15:00 to 18:00")]
    assert afternoon and "seen on 14 of 14 days" in afternoon[0], said
    assert any(s.startswith("A walk eased pain") for s in said), said
    # The heatmap and hour/weekday figures agree with the check-ins.
    assert ins.by_hour[16].count == 14 and ins.by_hour[16].mean == pytest.approx(mean(inside[0::2]))
    assert sum(s.count for s in ins.by_weekday) == 84
    assert ins.heatmap[0][9].count == 2  # two Mondays at 09 h
    assert mean(inside) - mean(outside) > 2


def test_pure_noise_states_no_pattern_and_says_so() -> None:
    rng = random.Random(1)
    records = []
    for k in range(30):
        day = MONDAY + timedelta(days=k)
        for _ in range(6):
            records.append(ci(at(day, rng.randint(7, 22), rng.randint(0, 59)), rng.randint(3, 6)))
    said, line = sentences(History.of(records), MONDAY, 30)
    assert said == []
    assert line.startswith("Nothing stands out beyond day-to-day variation in these 30 days")


def test_thin_data_says_how_many_days_patterns_need() -> None:
    records = [ci(at(MONDAY, 17), 8), ci(at(MONDAY, 9), 2), ci(at(MONDAY + timedelta(days=1), 17), 8)]
    said, line = sentences(History.of(records), MONDAY, 7)
    assert said == []
    assert line == "Patterns need 14 days with at least two check-ins; 1 so far, so painpal needs 13 more days."


def test_demo_history_shows_the_afternoon_pattern() -> None:
    end = at(date(2026, 11, 30), 21)
    history = History.of(demo.generate(end, 60))
    said, line = sentences(history, date(2026, 10, 2), 60)
    assert any(s.startswith("Pain was higher from 1") for s in said), line
    ins = insights(history, end, days=30)
    assert ins.trend.fit.days >= 30, "one point per logged day"


# ---------------------------------------------------------------------------------------------- relievers


def test_planted_reliever_shows_with_its_mean_and_count_and_timing_matters() -> None:
    records: list[Record] = []
    for k in range(6):
        day = MONDAY + timedelta(days=k)
        records += [
            ci(at(day, 10), 6),
            Relief(at=at(day, 10, 10), name="Walk", kind="strategic", minutes=10),
            ci(at(day, 11), 4),
        ]
    day = MONDAY + timedelta(days=7)
    # A walk logged after the only nearby check-in: that check-in is not its "after"; 17:30 is too late.
    records += [ci(at(day, 15), 7), Relief(at=at(day, 15, 10), name="walk", minutes=10), ci(at(day, 17, 30), 7)]
    # A walk whose "before" is more than 2 hours old has no before.
    records += [ci(at(day, 19), 7), Relief(at=at(day, 21, 30), name="walk"), ci(at(day, 22), 3)]
    found = {e.name: e for e in effects(History.of(records))}
    walk = found["walk"]
    assert (walk.kind, walk.count, walk.mean_change) == ("relief", 6, -2.0)
    assert walk.shrunk == pytest.approx(-2.0 * 6 / (6 + SHRINK_K))


def test_routine_effects_use_pain_before_and_only_done_runs() -> None:
    day = MONDAY
    records: list[Record] = [
        ci(at(day, 9), 7),
        RoutineRun(at=at(day, 10), routine="standing-reset", pain_before=5, ended=at(day, 10, 3)),
        ci(at(day, 10, 2), 9),  # during the routine: not its "after"
        ci(at(day, 10, 40), 3),
        RoutineRun(at=at(day, 14), routine="standing-reset", outcome="skipped"),
        ci(at(day, 14, 30), 8),
        RoutineRun(at=at(day, 20), routine="calm-breathing", pain_before=6, pain_after=4),
    ]
    found = {e.name: e for e in effects(History.of(records))}
    assert found["standing-reset"].count == 1 and found["standing-reset"].mean_change == -2.0
    assert found["standing-reset"].kind == "routine"
    assert found["calm-breathing"].mean_change == -2.0  # no check-in after: the player's own rating
    since = effects(History.of(records), since=at(day, 12))
    assert [e.name for e in since] == ["calm-breathing"]


def test_shrinkage_ranks_steady_evidence_above_one_lucky_result() -> None:
    records: list[Record] = [ci(at(MONDAY, 9), 8), Relief(at=at(MONDAY, 9, 5), name="ice"), ci(at(MONDAY, 9, 30), 4)]
    for k in range(1, 13):
        day = MONDAY + timedelta(days=k)
        records += [ci(at(day, 9), 6), Relief(at=at(day, 9, 5), name="heat"), ci(at(day, 9, 40), 4)]
    ranked = effects(History.of(records))
    assert [e.name for e in ranked] == ["heat", "ice"]
    ice = ranked[1]
    assert ice.mean_change == -4.0 and ice.shrunk == pytest.approx(-4.0 / (1 + SHRINK_K))
    assert ranked[0].shrunk == pytest.approx(-2.0 * 12 / (12 + SHRINK_K))


# ---------------------------------------------------------------------------------------------- pacing


def pacing_history(flare_after_boom: bool) -> tuple[History, date]:
    """40 days of 10-minute walks at pain 3; 2-hour gardening on days 15, 22, 29 and 36 (today)."""
    start = date(2026, 10, 5)
    booms = {15, 22, 29, 36}
    records: list[Record] = []
    for k in range(37):
        day = start + timedelta(days=k)
        pain = 6 if flare_after_boom and (k - 1) in booms else 3
        records += [ci(at(day, h), pain) for h in (10, 15, 20)]
        records.append(Relief(at=at(day, 12), name="walk", kind="strategic", minutes=10))
        if k in booms:
            records.append(Relief(at=at(day, 13), name="gardening", kind="strategic", minutes=120))
    return History.of(records), start + timedelta(days=36)


def test_boom_day_followed_by_flares_before_gets_the_pacing_sentence() -> None:
    history, today = pacing_history(flare_after_boom=True)
    p = pacing(history, today)
    assert p.activity_minutes == 130 and p.baseline_minutes == 10 and p.ratio == 13
    assert p.well_above and p.boom_days == MIN_BOOM_DAYS and p.followed_by_flare == 3
    assert p.sentence == (
        "Days like today were followed by a flare 3 of 3 times, other days 0 of 32; "
        "tomorrow, keep to your baseline of about 10 minutes."
    )
    assert p.sentence in review_text(review(history, today))
    start = today - timedelta(days=36)
    assert flare_days(history, start, today) == [start + timedelta(days=k) for k in (16, 23, 30)]
    view = flare_view(history, start + timedelta(days=16))
    assert [(s.offset, s.flare, s.activity_minutes) for s in view] == [
        (-2, False, 10),
        (-1, False, 130),
        (0, True, 10),
        (1, False, 10),
    ]
    ins = insights(history, at(today, 23), days=30)
    assert ins.boom.boom_days == 3 and ins.boom.followed_by_flare == 3


def test_no_pacing_sentence_without_flares_or_on_an_ordinary_day() -> None:
    history, today = pacing_history(flare_after_boom=False)
    p = pacing(history, today)
    assert p.well_above and p.boom_days == 3 and p.followed_by_flare == 0 and p.sentence is None
    history, today = pacing_history(flare_after_boom=True)
    ordinary = pacing(history, today - timedelta(days=1))
    assert not ordinary.well_above and ordinary.sentence is None
    # Thin evidence: with only two earlier boom days, nothing is said.
    early = pacing(history, today - timedelta(days=7))
    assert early.well_above and early.boom_days == 2 and early.sentence is None


# ---------------------------------------------------------------------------------------------- day review


def test_review_of_a_day_with_no_data_says_so() -> None:
    r = review(History(), MONDAY)
    assert r.empty and r.count == 0 and r.mean is None and r.curve == ()
    text = review_text(r)
    assert "Monday 2 November 2026" in text and "Nothing was logged" in text


def test_review_of_one_check_in() -> None:
    r = review(History.of([ci(at(MONDAY, 14, 20), 5)]), MONDAY)
    assert (r.count, r.first, r.last, r.mean, r.peak) == (1, 5, 5, 5.0, 5)
    assert r.curve == ((14, 5.0),)
    text = review_text(r)
    assert "1 check-in, mean 5.0, peak 5 (first 5 at 14:20, last 5 at 14:20)" in text
    assert "14 h 5.0" in text


def test_after_midnight_check_ins_belong_to_the_evening_before() -> None:
    tuesday = MONDAY + timedelta(days=1)
    history = History.of([ci(at(MONDAY, 22), 4), ci(at(tuesday, 1), 6), ci(at(tuesday, 4, 30), 2)])
    monday = review(history, MONDAY)
    assert [c.intensity for c in monday.checkins] == [4, 6]
    assert monday.curve == ((22, 4.0), (1, 6.0))
    assert review(history, tuesday).count == 1


def test_review_on_the_spring_forward_day() -> None:
    sat, sun, mon = date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)
    history = History.of(
        [
            ci(at(sun, 0, 30), 3),  # GMT, Saturday evening
            ci(at(sun, 3, 30), 4),  # BST (01:00 GMT -> 02:00 BST), still Saturday's painpal day
            ci(at(sun, 4, 30), 5),
            ci(at(sun, 12), 6),
            ci(at(sun, 23), 4),
            ci(at(mon, 1, 30), 7),
            ci(at(mon, 4, 30), 2),
        ]
    )
    r = review(history, sun)
    assert [c.intensity for c in r.checkins] == [5, 6, 4, 7]
    assert [h for h, _ in r.curve] == [4, 12, 23, 1]
    assert (r.first, r.last, r.peak, r.mean) == (5, 7, 7, 5.5)
    assert review(history, sat).count == 2
    assert "first 5 at 04:30, last 7 at 01:30" in review_text(r)


def test_review_on_the_fall_back_day_keeps_both_one_thirties() -> None:
    sat, sun = date(2026, 10, 24), date(2026, 10, 25)
    history = History.of(
        [ci(at(sat, 20), 2), ci(at(sun, 1, 30, fold=1), 6), ci(at(sun, 1, 30, fold=0), 4), ci(at(sun, 5), 3)]
    )
    r = review(history, sat)
    assert [c.intensity for c in r.checkins] == [2, 4, 6]  # BST 01:30 comes before GMT 01:30
    assert r.curve == ((20, 2.0), (1, 5.0))
    assert review(history, sun).count == 1


def test_review_counts_routines_prompts_balance_sitting_and_the_note() -> None:
    d = MONDAY
    history = History.of(
        [
            ci(at(d, 8), 3),
            ci(at(d, 16, 30), 7),
            ci(at(d, 20), 4),
            RoutineRun(at=at(d, 7, 5), routine="morning-mobility", ended=at(d, 7, 8)),
            RoutineRun(at=at(d, 16), routine="standing-reset", ended=at(d, 16, 3)),
            RoutineRun(at=at(d, 11, 30), routine="calm-breathing", outcome="skipped"),
            RoutineRun(at=at(d, 15), routine="standing-reset", outcome="snoozed"),
            Event(at=at(d, 10), kind="moved"),
            Event(at=at(d, 11), kind="moved"),
            Event(at=at(d, 14, 30), kind="break", minutes=15),
            Event(at=at(d, 15), kind="sitting-prompt"),
            Event(at=at(d, 11, 30), kind="prompt"),
            Event(at=at(d, 8, 30), kind="open", minutes=10 * 60),  # painpal open all day: its sitting was seen
            Relief(at=at(d, 19), name="heat", kind="soothing", minutes=15),
            DayNote(at=at(d, 22, 30), day=d, sleep_quality=2, sleep_hours=6.5, stress=7, intention="walk at lunch"),
        ]
    )
    blocks = [(at(d, 9), at(d, 12, 30)), (at(d, 13, 30), at(d, 17, 30))]
    r = review(history, d, seated_blocks=blocks)
    assert r.closed == () and r.seen_seated_minutes == r.planned_seated_minutes == 450
    assert (r.done, r.skipped, r.snoozed, r.abandoned, r.prompts) == (2, 1, 1, 0, 2)
    assert r.soothing_minutes == 15
    assert r.strategic_minutes > 0  # morning mobility and the standing reset, from the routine library
    # 09:00-10:00, 10-11, 11-12:30 (90), 13:30-14:30, 14:45-16:00 (75), 16:03-17:30 (87)
    assert r.longest_seated_minutes == pytest.approx(90)
    assert (r.resets_taken, r.resets_due) == (4, 6)
    assert r.note is not None and r.note.intention == "walk at lunch"
    text = review_text(r)
    for figure in (
        "3 check-ins, mean 4.7, peak 7",
        "2 done, 1 skipped, 1 snoozed, 0 abandoned; 2 prompts shown",
        "soothing 15 min",
        "longest stretch 1 h 30 min; standing resets 4 taken, 6 due",
        "quality 2 of 5, 6.5 hours",
        "Stress: 7 of 10",
        "Tomorrow's intention: walk at lunch",
    ):
        assert figure in text
    # A review at 12:00 does not count the afternoon still to come.
    midday = review(history, d, seated_blocks=blocks, now=at(d, 12))
    assert midday.longest_seated_minutes == pytest.approx(60) and midday.resets_due == 2


def test_review_counts_sitting_only_where_painpal_was_open_to_see_it() -> None:
    """Open 09:00-12:30 and closed all afternoon: the afternoon is planned, not a 4-hour stretch."""
    d = date(2026, 11, 30)
    blocks = [(at(d, 9), at(d, 12, 30)), (at(d, 13, 30), at(d, 17, 30))]
    moved = [ci(at(d, 9, 30), 4), Event(at=at(d, 10), kind="moved"), Event(at=at(d, 11), kind="moved")]
    # Two spans with a 5-minute restart between them count as one; the afternoon has none.
    spans = [Event(at=at(d, 8, 55), kind="open", minutes=65), Event(at=at(d, 10, 5), kind="open", minutes=145)]
    r = review(History.of([*moved, *spans]), d, seated_blocks=blocks)
    assert r.longest_seated_minutes == pytest.approx(90) and (r.resets_taken, r.resets_due) == (2, 3)
    assert r.planned_seated_minutes == 450 and r.seen_seated_minutes == pytest.approx(210)
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in r.closed] == [("13:30", "17:30")]
    text = review_text(r)
    assert (
        "Sitting: longest stretch 1 h 30 min; standing resets 2 taken, 3 due; "
        "seen while painpal was open: 3 h 30 min of 7 h 30 min planned; closed 13:30–17:30." in text
    )
    assert "4 h" not in text
    # Someone who only uses the command line: nothing was seen, and the review says so.
    cli_only = review(History.of(moved), d, seated_blocks=blocks)
    assert cli_only.longest_seated_minutes is None and (cli_only.resets_taken, cli_only.resets_due) == (0, 0)
    assert "Sitting: not seen: painpal was not open during your seated blocks; 7 h 30 min planned." in review_text(
        cli_only
    )


def test_sparkline_uses_a_fixed_scale_and_leaves_gaps() -> None:
    assert sparkline([(8, 0.0), (10, 10.0)]) == "▁ █"
    assert sparkline([(22, 5.0), (1, 5.0)]) == "▅  ▅"
    assert sparkline([]) == ""


# ---------------------------------------------------------------------------------------------- PEG and history


def test_peg_score_trend_and_due() -> None:
    a = PegEntry(at=at(MONDAY, 20), pain=6, enjoyment=5, activity=4)
    b = PegEntry(at=at(MONDAY + timedelta(days=6), 20), pain=4, enjoyment=4, activity=4)
    c = PegEntry(at=at(MONDAY + timedelta(days=13), 20), pain=3, enjoyment=2, activity=2)
    assert a.score == 5.0
    assert peg_trend([c, a, b]) == [(MONDAY, 4.5), (MONDAY + timedelta(days=7), 2.3)]
    assert not peg_due([a, b, c], at(MONDAY + timedelta(days=14), 9))
    assert peg_due([a, b, c], at(MONDAY + timedelta(days=20), 20))
    assert peg_due([], at(MONDAY, 9))


def test_history_slices_by_instant_and_sorts_across_offsets() -> None:
    utc_late = CheckIn(at=datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("UTC")), intensity=1)
    nyc_early = CheckIn(at=datetime(2026, 11, 2, 4, tzinfo=ZoneInfo("America/New_York")), intensity=2)  # 09:00 UTC
    history = History.of([utc_late, nyc_early])
    assert [c.intensity for c in history.checkins] == [2, 1]
    part = history.between(datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("UTC")), None)
    assert [c.intensity for c in part.checkins] == [1]


def test_insights_rejects_an_empty_period() -> None:
    with pytest.raises(ValueError):
        insights(History(), at(MONDAY, 9), days=0)


def test_a_trend_is_fitted_on_day_means_and_stated_only_when_clear() -> None:
    import random

    from painpal.analysis.stats import MIN_TREND_DAYS, day_trend

    one_busy_day = day_trend([(0.0, 3.0)])
    assert one_busy_day.slope_per_week is None and one_busy_day.missing == MIN_TREND_DAYS - 1
    rng = random.Random(7)
    noisy = [day_trend([(d, rng.gauss(5, 1.2)) for d in range(90)]) for _ in range(200)]
    assert sum(fit.clear for fit in noisy) <= 4, "pure noise is almost never called rising or easing"
    drifting = day_trend([(d, 3 + d * 0.05 + rng.gauss(0, 1.0)) for d in range(60)])
    assert drifting.clear and drifting.slope_per_week is not None and drifting.slope_per_week > 0


def test_no_pacing_sentence_when_other_days_flare_as_often() -> None:
    """Someone who flares on most days hears nothing about busy days: the rate after them is no higher."""
    history, today = pacing_history(flare_after_boom=True)
    flares = []
    start = today - timedelta(days=36)
    for k in range(37):
        day = start + timedelta(days=k)
        if k % 2 == 0:  # a flare every other day, the days after busy days among them
            flares.append(ci(at(day, 20), 10))
            flares.append(ci(at(day, 21), 10))
    p = pacing(History.of([*history.checkins, *history.reliefs, *history.runs, *history.notes, *flares]), today)
    assert p.well_above and p.boom_days == 3 and p.followed_by_flare == 2, "half or more of busy days flared"
    assert p.sentence is None, "but other days flared nearly as often"
