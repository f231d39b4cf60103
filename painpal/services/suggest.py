"""What to do now, and why: the suggestion Today shows and ``painpal suggest`` prints.

Today computes it each tick from the history it already holds
(:mod:`painpal.services.today`); this module answers the same question
from the store for the command line, with the same inputs: the plan, the
person's own and hidden routines, the last :data:`painpal.coach.LOOKBACK_DAYS`
days, and every warning report (an old one never resolved still stops
exercise).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from painpal import coach, settings
from painpal.coach import Suggestion
from painpal.domain.records import OPEN_EVENT, SafetyEvent
from painpal.history import History
from painpal.storage.store import Store


def eased_now(history: History, now: datetime, day_start_hour: int) -> dict[str, float]:
    """What the claims of the last :data:`painpal.coach.LOOKBACK_DAYS` days show easing pain.

    The coach may cite only these: each was tested against similar moments
    without the relief, with everything else painpal tried for the period.

    Today reads its data again after every write, its own included: the span
    it is open is written every five minutes. The claims (tens of
    milliseconds, a second on a busy log) are worked out again only when
    what they read changed: the same day and the same records but those
    spans give the answer kept from last time.
    """
    global _eased_kept
    from painpal.analysis.claims import claims, eased_by
    from painpal.domain.clock import painpal_day

    today = painpal_day(now, day_start_hour)
    inputs = (
        today,
        day_start_hour,
        history.checkins,
        history.reliefs,
        history.runs,
        tuple(e for e in history.events if e.kind != OPEN_EVENT),
        history.notes,
        history.pegs,
    )
    kept = _eased_kept
    if kept is not None and kept[0] == inputs:
        return dict(kept[1])
    eased = eased_by(claims(history, today - timedelta(days=coach.LOOKBACK_DAYS - 1), today, day_start_hour))
    _eased_kept = (inputs, dict(eased))
    return eased


_eased_kept: tuple[tuple[object, ...], dict[str, float]] | None = None
"""The inputs of the last :func:`eased_now` and its answer (one entry: Today asks about one day at a time)."""


def suggestion(store: Store, now: datetime) -> Suggestion:
    """The suggestion at ``now``; :class:`painpal.settings.SettingsError` if a setting it needs is unreadable."""
    prefs = settings.load(store).require(settings.PLAN, settings.ROUTINES, settings.HIDDEN_ROUTINES)
    history = History.load(store, now - timedelta(days=coach.LOOKBACK_DAYS), None)
    eased = eased_now(history, now, prefs.plan.day_start_hour)
    warnings = store.records(SafetyEvent)
    return coach.suggest(prefs.plan, now, history, prefs.routines, warnings, prefs.hidden_routines, eased)


def suggestion_json(found: Suggestion, now: datetime) -> dict[str, Any]:
    """The suggestion as the JSON ``painpal suggest --json`` prints (a contract scripts rely on)."""
    routine, point = found.routine, found.transition
    return {
        "at": now.isoformat(),
        "routine": None
        if routine is None
        else {
            "id": routine.id,
            "name": routine.name,
            "kind": routine.kind,
            "minutes": routine.minutes,
            "steps": [{"cue": s.cue, "seconds": s.seconds} for s in routine.steps],
            "stop_rule": routine.stop_rule,
            "source": routine.source,
        },
        "reason": found.reason,
        "context": found.context,
        "transition": None
        if point is None
        else {"kind": point.kind, "label": point.label, "at": point.at.isoformat(), "key": point.key},
        "seek_care": found.seek_care,
        "alternatives": [{"id": r.id, "name": r.name} for r in found.alternatives],
    }
