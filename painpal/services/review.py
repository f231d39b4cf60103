"""A day's review: the figures the Review screen and ``painpal review`` show, from one load.

Both surfaces call :func:`load_review_data`, so the day, its seated blocks
and the plan they come from are the same wherever a person looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from painpal import settings
from painpal.analysis.review import DayReview, load_review
from painpal.domain.clock import painpal_day
from painpal.domain.plan import DayPlan, seated_blocks
from painpal.domain.records import PegEntry
from painpal.storage.store import Store

PEG_WEEKS = 26
"""How many weeks of PEG answers the trend shows: half a year is what a clinician asks about."""


@dataclass(frozen=True)
class ReviewData:
    """The reviewed day, its figures, the plan, and the PEG answers."""

    day: date
    review: DayReview
    plan: DayPlan
    pegs: tuple[PegEntry, ...]
    """PEG answers of the last :data:`PEG_WEEKS` weeks, oldest first."""
    now: datetime
    plan_problem: str | None = None
    """Why the stored plan could not be used (:mod:`painpal.settings`' sentence); the default plan was."""


def load_review_data(
    store: Store, now: datetime, day: date | None = None, prefs: settings.Settings | None = None
) -> ReviewData:
    """Everything the review of ``day`` (default: today's painpal day) shows, read in one go.

    ``prefs``: the settings, when the caller already read them (to turn ``--date`` into a day).
    """
    if prefs is None:
        prefs = settings.load(store)
    problem = prefs.problem(settings.PLAN)
    plan = prefs.plan
    zone = now.tzinfo
    assert zone is not None
    if day is None:
        day = painpal_day(now, plan.day_start_hour)
    review = load_review(
        store,
        day,
        zone,
        plan.day_start_hour,
        plan.max_seated_minutes,
        seated_blocks(plan, day, zone) or None,  # a rest day: no sitting figures rather than "0 min"
        now,
    )
    pegs = tuple(sorted(store.records(PegEntry, since=now - timedelta(weeks=PEG_WEEKS)), key=lambda p: p.at))
    return ReviewData(day, review, plan, pegs, now, problem.message if problem else None)
