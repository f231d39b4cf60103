"""What a finished routine run stores, and the sentence that says so: one home for Today and the library.

The player's rating after is the person's pain at that moment, so it is
stored as a check-in too: Today's "last check-in" shows it, the day's curve
and every analysis read it, and a high one gets the same care as a check-in
made from Today (the flare routine, the warning-sign check). The run keeps
its own copy in ``pain_after`` for the before/after pair. Both are written
in one transaction under one undo entry, so ``u`` takes the routine back
whole.
"""

from __future__ import annotations

from datetime import datetime

from painpal.domain.records import CheckIn, RoutineRun
from painpal.domain.safety import should_offer_check
from painpal.routines import FLARE_PAIN
from painpal.text import minutes_text

RESULT_WORDS = {"done": "Done", "skipped": "Skipped", "abandoned": "Stopped early", "snoozed": "Snoozed"}
"""How a run's result starts its sentence."""


def rating_checkin(run: RoutineRun, rated_at: datetime) -> CheckIn | None:
    """The run's rating after as a check-in made at ``rated_at``; ``None`` when the person left it blank."""
    return None if run.pain_after is None else CheckIn(at=rated_at, intensity=run.pain_after)


def calls_for_care(checkin: CheckIn) -> bool:
    """Whether a rating after a routine goes on through Today's check-in: its detail step, then the warning check.

    The project's rules, not new ones: pain at the coach's flare level
    (:data:`painpal.routines.FLARE_PAIN`, where only the flare routine is
    suggested) or pain the warning-sign check is offered for
    (:func:`painpal.domain.safety.should_offer_check`). Below that the rating
    is kept as a check-in and nothing more is asked: the routine's own stop
    rule sends only a sharp rise, or pain down a leg, to a check-in.
    """
    return checkin.intensity >= FLARE_PAIN or should_offer_check(checkin)


def run_sentence(run: RoutineRun, name: str) -> str:
    """What became of the run, in plain words ("Done: Calm breathing, 5 of 5 steps, 3 min; pain 2 → 8.").

    ``name`` is the routine's name (a person never sees its id). The minutes
    are those actually spent; a run with no step done says so rather than
    counting minutes.
    """
    said = f"{RESULT_WORDS.get(run.result, run.result.capitalize())}: {name}"
    if run.steps_total:
        said += f", {run.steps_done} of {run.steps_total} step{'s' * (run.steps_total != 1)}"
        if run.seconds is not None and run.steps_done:
            said += f", {minutes_text(run.seconds / 60) if run.seconds >= 30 else f'{run.seconds:.0f} s'}"
    if run.pain_before is not None and run.pain_after is not None:
        said += f"; pain {run.pain_before} → {run.pain_after}"
    elif run.pain_after is not None:
        said += f"; pain now {run.pain_after}"
    return said + "."


def undo_label(run: RoutineRun, name: str) -> str:
    """What ``u`` says it takes back ("Calm breathing done at 10:05")."""
    return f"{name} {run.result} at {run.at:%H:%M}"
