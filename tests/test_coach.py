"""The coach: one routine for the moment, one sentence why; pacing quotas; the status line.

A decision table of moments on the default plan (work days Monday-Friday,
blocks 09:00-12:30 and 13:30-17:30, up to 60 seated minutes, unwind 22:30,
sleep 23:00). Each case says which routine the coach must offer and which
figures its reason sentence must carry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from painpal import coach
from painpal.coach import Quotas, Suggestion, quotas, status_line, suggest
from painpal.domain import safety
from painpal.domain.plan import DayPlan
from painpal.domain.records import CheckIn, Event, Record, Relief, RoutineRun, SafetyEvent
from painpal.history import History

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 30)
SATURDAY = date(2026, 11, 28)
PLAN = DayPlan()


def at(hhmm: str, day: date = MONDAY) -> datetime:
    """A London wall time on ``day``."""
    hh, mm = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hh, mm), LONDON)


def checkin(hhmm: str, intensity: int, day: date = MONDAY, **kw: object) -> CheckIn:
    return CheckIn(at=at(hhmm, day), intensity=intensity, **kw)  # type: ignore[arg-type]


def run(
    hhmm: str,
    routine: str,
    outcome: str = "done",
    day: date = MONDAY,
    before: int | None = None,
    after: int | None = None,
) -> RoutineRun:
    start = at(hhmm, day)
    return RoutineRun(
        at=start,
        routine=routine,
        outcome=outcome,
        ended=start + timedelta(minutes=3) if outcome == "done" else None,
        pain_before=before,
        pain_after=after,
    )


def history(*records: Record | Iterable[Record]) -> History:
    flat: list[Record] = []
    for item in records:
        flat.extend([item] if isinstance(item, Record) else item)
    return History.of(flat)


def helped(routine: str, times: int, before: int, after: int, end: date = MONDAY) -> list[Record]:
    """``times`` done runs of ``routine`` on the days before ``end``, each taking pain from ``before`` to ``after``."""
    return [run("19:00", routine, day=end - timedelta(days=n + 1), before=before, after=after) for n in range(times)]


def ask(hhmm: str, h: History | None = None, day: date = MONDAY, **kw: object) -> Suggestion:
    return suggest(PLAN, at(hhmm, day), h or History(), **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------- decision table


@pytest.mark.parametrize(
    ("case", "hhmm", "records", "routine", "context", "words"),
    [
        ("morning after wake", "07:05", [checkin("07:02", 3)], "morning-mobility", "wake", ["You're just up"]),
        ("wake-up coming", "06:50", [], "morning-mobility", "wake", ["Wake-up in 10 min"]),
        ("work block starts", "09:02", [], "desk-setup", "work-start", ["Work block 1 has started"]),
        ("mid-block seated 70 min", "10:10", [], "standing-reset", "seated", ["seated 70 min", "standing reset"]),
        ("lunch break", "12:35", [], "walk-10", "break", ["It's lunch break: a 10-minute walk fits it."]),
        ("lunch in 10 min beats the sitting timer", "12:20", [], "walk-10", "break", ["Lunch break in 10 min"]),
        ("flare (pain 8)", "15:00", [checkin("14:50", 8)], "flare-day", "flare", ["pain is at 8", "gentle"]),
        ("after midnight", "01:30", [], "progressive-relaxation", "sleep", ["past your bedtime"]),
        ("before wake-up", "05:00", [], "progressive-relaxation", "sleep", ["before your wake-up time"]),
        ("unwind", "22:40", [], "wind-down", "unwind", ["time to unwind"]),
        ("evening with nothing due", "19:30", [], "calm-breathing", "any", ["Nothing is due", "3 min"]),
    ],
)
def test_decision_table(
    case: str, hhmm: str, records: list[Record], routine: str, context: str, words: list[str]
) -> None:
    s = ask(hhmm, history(*records))
    assert s.routine is not None, case
    assert (s.routine.id, s.context) == (routine, context), (case, s.reason)
    for word in words:
        assert word in s.reason, (case, s.reason)
    assert s.reason.endswith(".") and s.reason.count(". ") == 0, "one sentence"
    assert s.seek_care is None


def test_rest_day_move_point_offers_a_walk() -> None:
    s = ask("10:35", day=SATURDAY)
    assert s.routine is not None and s.routine.id == "walk-10"
    assert s.context == "move" and s.transition is not None and s.transition.kind == "move"
    assert "It's time to move" in s.reason


def test_seated_minutes_count_from_the_last_movement() -> None:
    s = ask("10:50", history(Event(at=at("09:45"), kind="moved")))
    assert s.routine is not None and s.routine.id == "standing-reset"
    assert s.context == "seated" and "seated 65 min" in s.reason
    # Past the work-start point's 90 minutes, the seated block itself is the moment.
    calm = ask("10:35", history(Event(at=at("09:45"), kind="moved")))
    assert calm.context == "seated" and "seated 50 min" in calm.reason and "due in 10 min" in calm.reason


def test_flare_offers_gentle_routines_only() -> None:
    s = ask("15:00", history(checkin("14:50", 9)))
    assert s.routine is not None and s.routine.gentle
    assert all(r.gentle for r in s.alternatives)
    assert not any(r.id in ("deep-stabilisers", "glute-activation", "walk-10") for r in (s.routine, *s.alternatives))


def test_a_stale_high_check_in_is_not_a_flare() -> None:
    s = ask("12:35", history(checkin("21:00", 8, day=MONDAY - timedelta(days=2))))
    assert s.context == "break"


def test_leg_spread_keeps_to_gentle_routines() -> None:
    s = ask("12:35", history(checkin("12:31", 4, leg_spread=True)))
    assert s.routine is not None and s.routine.gentle and s.routine.id != "walk-10"


def test_active_warning_sign_stops_exercise_and_gives_the_advice() -> None:
    warning = SafetyEvent(at=at("08:00"), signs=("both-legs",))
    s = ask("10:10", warnings=[warning])
    assert s.context == "warning"
    assert s.routine is not None and not s.routine.exercise
    assert all(not r.exercise for r in s.alternatives)
    assert s.seek_care is not None and safety.EMERGENCY_ADVICE in s.seek_care
    assert "no exercise" in s.reason
    resolved = dataclasses.replace(warning, resolved=at("09:00"))
    again = ask("10:10", warnings=[resolved])
    assert again.context == "seated" and again.seek_care is None


def test_unknown_warning_sign_gets_the_most_cautious_advice() -> None:
    s = ask("10:10", warnings=[SafetyEvent(at=at("08:00"), signs=("something-new",))])
    assert s.seek_care is not None and safety.EMERGENCY_ADVICE in s.seek_care


def test_skipped_twice_today_is_not_offered_a_third_time() -> None:
    # Each skip of the standing reset restarts the sitting timer (sitting.py), so 10:50 is 65 min after the last.
    once = history(run("09:45", "standing-reset", "skipped"))
    assert ask("10:50", once).routine.id == "standing-reset"  # type: ignore[union-attr]
    twice = history(run("09:30", "standing-reset", "skipped"), run("09:45", "standing-reset", "skipped"))
    s = ask("10:50", twice)
    assert s.context == "seated" and "seated 65 min" in s.reason
    assert s.routine is not None and s.routine.id == "hip-flexor-thoracic"
    assert "standing-reset" not in [r.id for r in s.alternatives]
    # Yesterday's skips do not count today.
    yesterday = history(
        run("09:30", "standing-reset", "skipped", day=MONDAY - timedelta(days=3)),
        run("09:45", "standing-reset", "skipped", day=MONDAY - timedelta(days=3)),
    )
    assert ask("10:10", yesterday).routine.id == "standing-reset"  # type: ignore[union-attr]


def test_nothing_left_after_skips_says_so_without_a_routine() -> None:
    skips = [
        run(f"01:{m:02d}", r, "skipped", day=MONDAY + timedelta(days=1))
        for m in (1, 2)
        for r in ("progressive-relaxation", "mindful-body-scan", "sleep-position-setup", "calm-breathing")
    ]
    s = suggest(PLAN, at("01:30", MONDAY + timedelta(days=1)), history(skips))
    assert s.routine is None and "skipped" in s.reason


def test_a_routine_just_done_marks_its_transition_and_is_not_repeated() -> None:
    s = ask("07:15", history(run("07:05", "morning-mobility")))
    assert s.context == "any" and s.routine is not None and s.routine.id != "morning-mobility"


def test_learned_effect_ranks_first_but_only_a_tested_claim_is_cited() -> None:
    """The raw fall after a routine ranks it; the reason quotes an effect only when the claims show one."""
    h = history(helped("walk-gentle-5", 9, before=5, after=3), helped("walk-10", 2, before=5, after=5))
    s = ask("12:35", h)
    assert s.routine is not None and s.routine.id == "walk-gentle-5"
    assert s.reason == "It's lunch break: a gentle 5-minute walk fits it."
    cited = ask("12:35", h, eased={"gentle 5-minute walk": 1.5})
    assert cited.reason == (
        "It's lunch break; after a gentle 5-minute walk, your pain has been 1.5 points lower within two hours "
        "than at similar moments without it."
    )
    seated = ask("10:10", history(helped("hip-flexor-thoracic", 9, before=6, after=4)))
    assert seated.routine is not None and seated.routine.id == "hip-flexor-thoracic"
    assert seated.reason.startswith("You've been seated 70 min") and "lower" not in seated.reason


def test_a_logged_relief_stands_in_for_its_routine() -> None:
    walks = []
    for n in range(6):
        day = MONDAY - timedelta(days=n + 1)
        walks += [
            checkin("18:00", 6, day),
            Relief(at=at("18:05", day), name="walk", minutes=10),
            checkin("18:40", 4, day),
        ]
    s = ask("12:35", history(walks), eased={"walk": 2.0, "heat": 3.0})
    assert s.routine is not None and s.routine.id == "walk-10"
    assert "after walking, your pain has been 2 points lower within two hours" in s.reason


def test_a_claim_about_something_else_is_not_cited() -> None:
    s = ask("12:35", history(helped("walk-gentle-5", 9, before=5, after=3)), eased={"heat": 2.0})
    assert s.routine is not None and s.routine.id == "walk-gentle-5" and "lower" not in s.reason


def test_thin_or_old_evidence_does_not_rank() -> None:
    old = history(helped("walk-gentle-5", 9, before=6, after=2, end=MONDAY - timedelta(days=120)))
    s = ask("12:35", old)
    assert s.routine is not None and s.routine.id == "walk-10" and "lower" not in s.reason


def test_a_routine_that_did_not_help_is_not_offered_first() -> None:
    s = ask("10:10", history(helped("standing-reset", 9, before=3, after=5)))
    assert "lower" not in s.reason
    assert s.routine is not None and s.routine.id != "standing-reset"


def test_hidden_and_custom_routines() -> None:
    from painpal.routines import new_custom

    mine = new_custom("Desk squats", "strategic", ["seated"], "30 Sit to stand\n30 Walk on the spot")
    s = ask("10:10", history(helped(mine.id, 5, before=6, after=3)), custom=[mine])
    assert s.routine == mine and f'your routine "{mine.name}"' in s.reason
    hidden = ask("10:10", hidden=["standing-reset"])
    assert hidden.routine is not None and hidden.routine.id != "standing-reset"


def test_suggest_is_deterministic_and_needs_an_aware_instant() -> None:
    h = history(checkin("09:30", 4))
    assert ask("10:10", h) == ask("10:10", h)
    with pytest.raises(ValueError):
        suggest(PLAN, datetime(2026, 11, 30, 10, 10), h)


# --------------------------------------------------------------------------------------------- settings readers


def test_plan_and_routines_from_settings() -> None:
    from painpal.domain.plan import plan_to_dict
    from painpal.routines import new_custom, routine_to_dict
    from painpal.settings import from_values

    assert from_values({}).plan == DayPlan()
    mine = DayPlan(max_seated_minutes=45)
    assert from_values({"plan": plan_to_dict(mine)}).plan == mine
    custom = new_custom("Desk squats", "strategic", ["seated"], "30 Sit to stand")
    found = from_values({"routines": [routine_to_dict(custom), {"id": "BAD"}]}).routines
    assert [r.id for r in found] == [custom.id]
    assert from_values({"hidden_routines": ["walk-10"]}).hidden_routines == ("walk-10",)
    assert from_values({}).hidden_routines == ()


# --------------------------------------------------------------------------------------------- pacing quotas


def walks(minutes: Sequence[float], end: date = MONDAY) -> list[Record]:
    """One walk relief per day, the last on the day before ``end``; a zero still marks the day as logged."""
    out: list[Record] = []
    for n, m in enumerate(reversed(minutes)):
        day = end - timedelta(days=n + 1)
        out.append(Relief(at=at("12:40", day), name="walk", minutes=m) if m else checkin("12:40", 3, day))
    return out


def test_quota_default_without_history() -> None:
    q = quotas(History(), at("08:00"))
    assert q == Quotas(10, 60, q.reason)
    assert "10 min" in q.reason and "60 min" in q.reason


def test_quota_is_halfway_between_a_good_and_a_hard_day() -> None:
    # 14 good days of 20 minutes and 14 hard days of 4, alternating: no week keeps to the 12-minute baseline.
    q = quotas(history(walks([20, 4] * 14)), at("08:00"))
    assert q.walk_minutes == 12
    assert "good day (20 min)" in q.reason and "hard day (4 min)" in q.reason and "plus" not in q.reason


def test_quota_grows_ten_percent_per_week_kept() -> None:
    q = quotas(history(walks([4] * 14 + [20] * 14)), at("08:00"))
    assert q.walk_minutes == round(12 * 1.1**2)  # baseline 12, two weeks kept
    assert "last 2 weeks" in q.reason


def test_quota_is_capped_and_ignores_pain() -> None:
    q = quotas(history(walks([100] * 28)), at("08:00"))
    assert q.walk_minutes == coach.WALK_CAP_MINUTES and "capped" in q.reason
    base = history(walks([20, 4] * 14))
    painful = History.of(
        [*base.reliefs, *base.checkins, *(checkin("16:00", 9, MONDAY - timedelta(days=n)) for n in range(1, 29))]
    )
    assert quotas(painful, at("08:00")).walk_minutes == quotas(base, at("08:00")).walk_minutes


def test_quota_counts_walk_routines_and_takes_sitting_from_the_plan() -> None:
    days = [run("12:40", "walk-10", day=MONDAY - timedelta(days=n + 1)) for n in range(10)]
    q = quotas(history(days), at("08:00"), DayPlan(max_seated_minutes=45))
    # Ten days of a 10-minute walk routine: baseline 10, and last week was kept (7 of 7 days): +10%.
    assert q.walk_minutes == 11 and q.sit_minutes == 45 and "45 min" in q.reason
    assert "plus 10% for the last week" in q.reason


def test_quota_needs_a_week_of_logged_days() -> None:
    assert quotas(history(walks([30] * 5)), at("08:00")).walk_minutes == coach.DEFAULT_WALK_MINUTES


# --------------------------------------------------------------------------------------------- the status line


@pytest.mark.parametrize(
    ("hhmm", "day", "records", "line"),
    [
        ("09:05", MONDAY, [checkin("09:04", 4)], "pain 4 · stand in 55m"),
        ("10:05", MONDAY, [checkin("09:04", 4)], "pain 4 · stand now"),
        ("12:05", MONDAY, [Relief(at=at("11:50"), name="walk", kind="strategic", minutes=10)], "lunch in 25m"),
        ("08:00", MONDAY, [checkin("07:30", 2), checkin("07:50", 3)], "pain 3 · work in 1h00m"),
        ("10:05", SATURDAY, [], "move in 25m"),
        ("23:30", MONDAY, [], "wake in 7h30m"),
        ("17:20", MONDAY, [Event(at=at("17:00"), kind="moved")], "work ends in 10m"),
    ],
)
def test_status_line(hhmm: str, day: date, records: list[Record], line: str) -> None:
    h = history(records)
    now = at(hhmm, day)
    assert status_line(PLAN, now, h.checkins, h.events, h.runs, h.reliefs) == line


def test_status_line_yesterdays_pain_is_not_shown_and_warning_wins() -> None:
    h = history(checkin("21:00", 6, MONDAY - timedelta(days=1)))
    assert status_line(PLAN, at("09:05"), h.checkins) == "stand in 55m"
    warning = SafetyEvent(at=at("08:00"), signs=("fever",))
    assert status_line(PLAN, at("09:05"), [checkin("09:00", 5)], warnings=[warning]) == "pain 5 · seek care"
    assert status_line(PLAN, at("09:05"), [checkin("09:00", 5)], warnings=[warning], separator=" | ") == (
        "pain 5 | seek care"
    )


def test_the_claims_the_coach_cites_are_worked_out_again_only_when_what_they_read_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Today reads again after its own five-minute 'open' spans: those alone do not rerun the claims."""
    from benchmarks import synthetic
    from painpal.analysis import claims as claims_module
    from painpal.services import suggest as suggest_module

    synth = synthetic.make("walk-eases", 90, 1)
    checkins = tuple(r for r in synth.records if isinstance(r, CheckIn))
    reliefs = tuple(r for r in synth.records if isinstance(r, Relief))
    base = History(checkins=checkins, reliefs=reliefs)
    now = datetime.combine(synth.last, time(20, 0), tzinfo=checkins[-1].at.tzinfo)
    runs: list[int] = []
    real = claims_module.claims

    def counted(*args: object, **kwargs: object) -> claims_module.ClaimSet:
        runs.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claims_module, "claims", counted)
    monkeypatch.setattr(suggest_module, "_eased_kept", None)
    first = suggest_module.eased_now(base, now, 4)
    assert "walk" in first and len(runs) == 1
    span = Event(at=now - timedelta(minutes=30), kind="open", minutes=25)
    assert suggest_module.eased_now(dataclasses.replace(base, events=(span,)), now, 4) == first
    assert len(runs) == 1
    one_more = dataclasses.replace(base, checkins=(*checkins, CheckIn(at=now, intensity=3)))
    suggest_module.eased_now(one_more, now, 4)
    assert len(runs) == 2
    suggest_module.eased_now(base, now + timedelta(days=1), 4)  # a new day: a new period
    assert len(runs) == 3
