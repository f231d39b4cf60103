"""A deterministic, realistic synthetic history for demos, screenshots and benchmarks.

The story it tells is the one painpal is built to reveal: on work days pain
builds through the afternoon of long seated blocks and eases after walks and
heat; rest days are calmer; a day of overdoing it (the "boom") is often
followed by a flare (the "bust"); poor sleep and stress turn the volume up.
The same ``seed`` and ``end`` always tell the same story (screenshots,
snapshot tests and benchmarks rely on it), but every record gets a fresh
random id: ids drawn from the seed were the same in every demo history, so
two different ones in one data folder (or one imported into another) shared
ids, and the merge by id kept one record of each pair and hid the other.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from painpal.domain.records import (
    Appointment,
    CarePerson,
    CheckIn,
    DayNote,
    Event,
    PegEntry,
    Record,
    Relief,
    RoutineRun,
    new_id,
    to_record,
)

LOCATIONS = ("lower back", "lower back, left", "lower back, right", "between shoulder blades", "buttock, left")
ACTIVITIES_SEATED = ("sitting at desk", "long meeting", "driving")
ACTIVITIES_ACTIVE = ("gardening", "carrying shopping", "cleaning", "long walk", "lifting")
EASES = ("walking", "heat", "lying down", "stretching", "warm shower")
WORSENS = ("sitting", "bending", "standing still", "lifting")


class _Ids:
    """Fresh random ids (:func:`new_id`) for the demo's records, never taken from its seed.

    The story's random stream still moves on by the 128 bits each id once
    took from it, so the seeded history, and every screenshot and snapshot
    made from it, stays exactly as it was.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self) -> str:
        self._rng.getrandbits(128)
        return new_id()


def _at(day: date, hh: float, zone: tzinfo) -> datetime:
    """Local wall time ``hh`` hours into ``day`` (fractions are minutes)."""
    minutes = round(hh * 60)
    return datetime.combine(day, time(0), zone) + timedelta(minutes=minutes)


def generate(end: datetime, days: int, seed: int = 7) -> Iterator[Record]:
    """Records for the ``days`` painpal days ending the day before ``end`` and the morning of ``end``.

    Nothing is generated after ``end``, so the demo's "today" looks lived-in
    up to now and no later.
    """
    rng = random.Random(seed)
    new_id = _Ids(rng)
    zone = end.tzinfo
    assert zone is not None, "the demo needs an aware end time"
    first = end.date() - timedelta(days=days)
    yield CarePerson(at=_at(first, 9, zone), id=new_id(), name="Dr Amal Rahman", role="physician", contact="GP surgery")
    pt = CarePerson(
        at=_at(first, 9.1, zone), id=new_id(), name="Sam Okafor", role="physical therapist", contact="clinic, Tue/Thu"
    )
    yield pt
    yield Appointment(
        at=_at(end.date() + timedelta(days=9), 10.5, zone),
        id=new_id(),
        person=pt.id,
        questions=("Is it safe to add weight to the glute bridges?",),
    )
    baseline = 3.4
    flare_days = 0
    busy_yesterday = False
    for offset in range(days + 1):
        day = first + timedelta(days=offset)
        workday = day.weekday() < 5
        sleep_quality = rng.choice((2, 3, 3, 4, 4, 5))
        stress = max(0, min(10, round(rng.gauss(5 if workday else 3, 1.6))))
        flare = flare_days > 0 or (busy_yesterday and rng.random() < 0.7)
        if busy_yesterday and flare and flare_days == 0:
            flare_days = rng.choice((1, 2))
        busy_today = not flare and not workday and rng.random() < 0.22
        level = baseline + (3.0 if flare else 0) + (3 - sleep_quality) * 0.35 + (stress - 4) * 0.12
        level += rng.gauss(0, 0.4)
        # Slow improvement across the history: a person who keeps practising.
        level -= 0.8 * offset / max(days, 1)
        seated = 0.0
        hours = (7.2, 10.5, 12.2, 14.8, 16.6, 18.2, 21.6) if workday else (8.3, 11.5, 14.5, 17.5, 21.8)
        for hh in hours:
            at = _at(day, hh + rng.uniform(-0.3, 0.3), zone)
            if at > end:
                return
            if workday and 9 <= hh <= 17.6:
                seated = min(seated + 1.5, 4.0) if hh not in (12.2,) else 0.5
            afternoon = 1.6 if workday and 15 <= hh <= 19 else 0.0
            pain = level + afternoon + seated * 0.35 + rng.gauss(0, 0.5)
            if busy_today and hh > 12:
                pain -= 0.5  # the boom feels good at the time
            intensity = max(0, min(10, round(pain)))
            detail = rng.random() < 0.45
            seated_now = workday and 9 <= hh <= 17.6 and hh != 12.2
            yield CheckIn(
                at=at,
                id=new_id(),
                intensity=intensity,
                location=(rng.choice(LOCATIONS),) if detail else (),
                quality=rng.choice(("aching", "dull", "sharp", "aching")) if detail else None,
                pattern=rng.choice(("intermittent", "constant")) if detail else None,
                activity=(rng.choice(ACTIVITIES_SEATED) if seated_now else rng.choice(ACTIVITIES_ACTIVE))
                if detail
                else None,
                eases=rng.choice(EASES) if detail else None,
                worsens=rng.choice(WORSENS) if detail else None,
            )
            # Something that helps, followed ~40 min later by a check-in that shows it.
            if intensity >= 4 and rng.random() < 0.55:
                relief_at = at + timedelta(minutes=5)
                if relief_at > end:
                    return
                choice = rng.random()
                if choice < 0.35:
                    yield Relief(at=relief_at, id=new_id(), name="walk", kind="strategic", minutes=10)
                    drop = 1.8
                elif choice < 0.6:
                    yield Relief(at=relief_at, id=new_id(), name="heat", kind="soothing", minutes=15)
                    drop = 1.2
                else:
                    routine = "standing-reset" if seated_now else rng.choice(("hip-flexor-thoracic", "calm-breathing"))
                    done = rng.random() < 0.85
                    yield RoutineRun(
                        at=relief_at,
                        id=new_id(),
                        routine=routine,
                        outcome="done" if done else "skipped",
                        ended=relief_at + timedelta(minutes=3),
                        steps_done=5 if done else 0,
                        steps_total=5,
                        pain_before=intensity,
                        pain_after=max(0, intensity - 1) if done else None,
                        transition="seated" if seated_now else None,
                    )
                    drop = 1.0 if done else 0.0
                follow = relief_at + timedelta(minutes=rng.randint(30, 70))
                if follow <= end and drop:
                    after = max(0, min(10, round(pain - drop + rng.gauss(0, 0.4))))
                    yield CheckIn(at=follow, id=new_id(), intensity=after, eases="walking" if drop > 1.5 else None)
            if seated_now and rng.random() < 0.5:
                moved_at = at + timedelta(minutes=rng.randint(10, 40))
                if moved_at <= end:
                    yield Event(at=moved_at, id=new_id(), kind="moved")
        wake_at = _at(day, 7.05 if workday else 8.2, zone)
        if wake_at <= end and rng.random() < 0.75:
            yield RoutineRun(
                at=wake_at,
                id=new_id(),
                routine="morning-mobility",
                outcome="done",
                ended=wake_at + timedelta(minutes=3),
                steps_done=6,
                steps_total=6,
                transition="wake",
            )
        if busy_today:
            garden = _at(day, 13.5, zone)
            if garden <= end:
                yield Relief(at=garden, id=new_id(), name="gardening", kind="strategic", minutes=rng.choice((150, 180)))
        note_at = _at(day, 22.6, zone)
        if note_at <= end:
            yield DayNote(
                at=note_at,
                id=new_id(),
                day=day,
                sleep_quality=sleep_quality,
                sleep_hours=round(rng.uniform(5.5, 8.5), 1),
                stress=stress,
                intention=rng.choice((None, "walk after lunch", "stand every hour", "heat before bed")),
            )
        if day.weekday() == 6:
            peg_at = _at(day, 20, zone)
            if peg_at <= end:
                avg = max(0, min(10, round(level + 0.6)))
                yield PegEntry(
                    at=peg_at,
                    id=new_id(),
                    pain=avg,
                    enjoyment=max(0, min(10, avg + rng.choice((-1, 0, 1)))),
                    activity=max(0, min(10, avg + rng.choice((-1, 0, 0, 1)))),
                )
        busy_yesterday = busy_today
        if flare_days:
            flare_days -= 1


def documents(end: datetime, days: int, seed: int = 7) -> Iterator[tuple[str, dict[str, Any]]]:
    """The demo history as ``(table, document)`` pairs, ready for :meth:`Store.add_documents`."""
    for record in generate(end, days, seed):
        yield record.TABLE, to_record(record)
