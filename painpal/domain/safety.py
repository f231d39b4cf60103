"""Warning signs and when to seek care.

painpal is a self-management companion, not a diagnostic device. Its one
clinical duty is a safety net: when a person reports a warning sign, say
plainly and prominently where to get care and how soon, stop suggesting
exercise, and record that it did. This module holds the signs (exactly those
in the NHS musculoskeletal services' self-referral guidance and NICE NG59
1.1.1), the advice sentence, and two gentler nudges drawn from the pain log
itself: pain that stays high for days, and pain that keeps rising over weeks.

It is pure: it reads records and returns sentences; the store records what
was shown. Nothing here diagnoses or names a condition.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.records import CheckIn, SafetyEvent

URGENCIES = ("emergency", "soon")
"""Same-day emergency care, or a doctor within a few days."""

SOURCE = "NHS musculoskeletal services' self-referral guidance; NICE NG59 1.1.1 (alternative diagnoses, red flags)"
"""Where the warning signs and their urgency come from; shown with the advice and in the report's footer."""

NO_DIAGNOSIS = "painpal does not diagnose; these signs are a reason to be checked, not an answer."


@dataclass(frozen=True)
class WarningSign:
    """One warning sign, worded so it can be asked as a yes/no question."""

    id: str
    text: str
    urgency: str


WARNING_SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        "bladder-bowel",
        "New trouble controlling your bladder or bowels, or difficulty passing urine",
        "emergency",
    ),
    WarningSign(
        "saddle-numbness",
        'Numbness in your genitals, buttocks or inner thighs (the "saddle" area)',
        "emergency",
    ),
    WarningSign(
        "both-legs",
        "Pain, weakness or numbness in both legs, or legs that will not coordinate",
        "emergency",
    ),
    WarningSign("sexual-dysfunction", "New problems with sexual function", "emergency"),
    WarningSign("accident-fall", "Back pain that started after a serious accident or fall", "emergency"),
    WarningSign("fever", "A fever (high temperature) along with your back pain", "soon"),
    WarningSign("weight-loss", "Losing weight without trying", "soon"),
    WarningSign("cancer-history", "A history of cancer", "soon"),
    WarningSign("lump-shape", "A lump, or a change in the shape of your back", "soon"),
    WarningSign("night-pain", "Pain that rest does not ease and that is worse at night", "soon"),
    WarningSign("worsening-weeks", "Pain that has been steadily getting worse over several weeks", "soon"),
)
"""The warning signs painpal asks about, emergency ones first."""

SIGNS: dict[str, WarningSign] = {sign.id: sign for sign in WARNING_SIGNS}

EMERGENCY_ADVICE = (
    "Get same-day emergency care now: call your local emergency number or go to an emergency department. "
    "Do not wait to see if it passes."
)
SOON_ADVICE = (
    "See a doctor soon (within a few days). If it gets worse, or any new sign such as trouble with your bladder "
    "or bowels or numbness between your legs appears, get emergency care the same day."
)
STOPPED_EXERCISE = "Until you mark this resolved, painpal will not suggest exercise."

HIGH_PAIN = 7
"""A painpal day whose mean check-in is at least this counts as a high-pain day."""
SUSTAINED_DAYS = 3
RISE_WEEKS = 4
RISE_MIN_POINTS = 1.5
"""Last week's mean must exceed the first's by at least this: a change of about 1 point is meaningful (NRS)."""
RISE_MIN_CHECKINS = 2
"""Check-ins each week needs before its mean counts: one reading is not a trend."""


def _signs(sign_ids: Iterable[str]) -> list[WarningSign]:
    """The signs named by ``sign_ids``, in the canonical order, without repeats; unknown ids raise ``ValueError``."""
    wanted = set()
    for sign_id in sign_ids:
        if sign_id not in SIGNS:
            raise ValueError(f"Unknown warning sign {sign_id!r}; expected one of {', '.join(SIGNS)}.")
        wanted.add(sign_id)
    return [sign for sign in WARNING_SIGNS if sign.id in wanted]


def urgency(sign_ids: Iterable[str]) -> str | None:
    """The most urgent level among the signs: "emergency", "soon", or ``None`` for no signs."""
    signs = _signs(sign_ids)
    if not signs:
        return None
    return "emergency" if any(sign.urgency == "emergency" for sign in signs) else "soon"


def advice(sign_ids: Iterable[str]) -> str:
    """The prominent message for the reported signs: where to get care, how soon, and which signs.

    Any emergency sign makes the whole message an emergency one; the signs
    are named so the person can repeat them to whoever they call. The message
    always says painpal does not diagnose. Raises ``ValueError`` for an
    unknown id or for no signs at all (there is no advice to give then).
    """
    signs = _signs(sign_ids)
    if not signs:
        raise ValueError("advice() needs at least one warning sign.")
    head = EMERGENCY_ADVICE if urgency(s.id for s in signs) == "emergency" else SOON_ADVICE
    named = "; ".join(sign.text[0].lower() + sign.text[1:] for sign in signs)
    return f"{head}\nYou reported: {named}.\n{STOPPED_EXERCISE} {NO_DIAGNOSIS}\n(Source: {SOURCE}.)"


def active_warning(events: Iterable[SafetyEvent]) -> SafetyEvent | None:
    """The latest warning-sign report not yet marked resolved, or ``None``.

    While one is active painpal shows its advice and suggests no exercise.
    """
    latest: SafetyEvent | None = None
    for event in events:
        if event.resolved is None and (latest is None or event.at > latest.at):
            latest = event
    return latest


def should_offer_check(checkin: CheckIn) -> bool:
    """Whether to offer the warning-sign questions after this check-in.

    Very high pain (8 or more) or pain spreading down a leg are the moments
    when a red flag is worth ruling out; asking after every check-in would
    turn a safety net into noise.
    """
    return checkin.intensity >= 8 or checkin.leg_spread


def _daily_means(checkins: Iterable[CheckIn], day_start_hour: int) -> dict[date, list[int]]:
    days: dict[date, list[int]] = defaultdict(list)
    for checkin in checkins:
        days[painpal_day(checkin.at, day_start_hour)].append(checkin.intensity)
    return days


def sustained_high(checkins: Iterable[CheckIn], today: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> bool:
    """Whether pain has been high on each of the last three painpal days, today included.

    Rule: today and the two painpal days before it each have at least one
    check-in, and each day's mean intensity is at least :data:`HIGH_PAIN` (7).
    The daily mean, not the maximum, so one bad moment does not count as a
    bad day; a day without check-ins breaks the run (painpal does not guess).
    """
    days = _daily_means(checkins, day_start_hour)
    for back in range(SUSTAINED_DAYS):
        values = days.get(today - timedelta(days=back))
        if not values or sum(values) / len(values) < HIGH_PAIN:
            return False
    return True


def weekly_means(
    checkins: Iterable[CheckIn], today: date, weeks: int = RISE_WEEKS, day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> list[float | None]:
    """Mean intensity of each of the last ``weeks`` 7-day windows ending today, oldest first.

    A window with fewer than :data:`RISE_MIN_CHECKINS` check-ins has ``None``.
    """
    buckets: list[list[int]] = [[] for _ in range(weeks)]
    for checkin in checkins:
        age = (today - painpal_day(checkin.at, day_start_hour)).days
        if 0 <= age < weeks * 7:
            buckets[weeks - 1 - age // 7].append(checkin.intensity)
    return [sum(b) / len(b) if len(b) >= RISE_MIN_CHECKINS else None for b in buckets]


def steady_rise(checkins: Iterable[CheckIn], today: date, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> bool:
    """Whether pain has been steadily worsening over the last four weeks.

    Rule: split the 28 painpal days ending ``today`` into four 7-day weeks.
    Each week needs at least two check-ins; each week's mean intensity must be
    higher than the week before; and the last week's mean must be at least 1.5
    points above the first's. Strictly rising and a clinically meaningful
    total (about 1 point on the NRS matters to people), so ordinary
    week-to-week wobble does not trigger it. "Pain steadily worsening over
    weeks" is one of the see-a-doctor-soon signs.
    """
    means = weekly_means(checkins, today, RISE_WEEKS, day_start_hour)
    if any(m is None for m in means):
        return False
    values = [m for m in means if m is not None]
    rising = all(later > earlier for earlier, later in itertools.pairwise(values))
    return rising and values[-1] - values[0] >= RISE_MIN_POINTS


def care_prompt(
    checkins: Iterable[CheckIn],
    today: date,
    people_names: list[str],
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> str | None:
    """A sentence suggesting the person contact their care team, or ``None`` when the log gives no reason.

    Reasons: pain high for three days running (:func:`sustained_high`) or
    rising week on week for four weeks (:func:`steady_rise`). ``people_names``
    are shown as given (e.g. "Dr Lee (physician)"); with nobody on the team,
    the sentence points to "your doctor or physical therapist".
    """
    records = list(checkins)
    reasons: list[str] = []
    if sustained_high(records, today, day_start_hour):
        reasons.append(f"your pain has averaged {HIGH_PAIN} or more on each of the last {SUSTAINED_DAYS} days")
    if steady_rise(records, today, day_start_hour):
        reasons.append(f"your pain has risen week on week for the last {RISE_WEEKS} weeks")
    if not reasons:
        return None
    names = [name.strip() for name in people_names if name and name.strip()]
    if not names:
        who = "your doctor or physical therapist"
    elif len(names) == 1:
        who = names[0]
    else:
        who = ", ".join(names[:-1]) + " or " + names[-1]
    why = " and ".join(reasons)
    return (
        f"{why[0].upper()}{why[1:]}: consider contacting {who} to talk it through. "
        "Bring your painpal report; painpal does not diagnose."
    )
