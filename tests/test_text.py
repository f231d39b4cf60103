"""The shared wordings of painpal/text.py that carry a rule: the walking goal and the day being recorded into."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from painpal.text import recording_day_text, walk_goal_text

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("walked", "goal", "said"),
    [
        (0, 10, "0 of 10 min"),
        (9.4, 10, "9 of 10 min"),
        (10, 10, "10 min · goal of 10 met"),
        (20, 10, "20 min · goal of 10 met"),
        (0, 0, "0 of 0 min"),
    ],
)
def test_the_walking_goal_is_said_met_once_reached(walked: float, goal: int, said: str) -> None:
    assert walk_goal_text(walked, goal) == said


@pytest.mark.parametrize(
    ("hour", "minute", "start", "said"),
    [
        (3, 59, 4, "Tuesday 01 December (until 04:00)"),
        (4, 0, 4, "Wednesday 02 December"),
        (0, 0, 0, "Wednesday 02 December"),
        (23, 59, 4, "Wednesday 02 December"),
        (5, 0, 6, "Tuesday 01 December (until 06:00)"),
    ],
)
def test_the_heading_names_the_painpal_day_and_when_it_ends(hour: int, minute: int, start: int, said: str) -> None:
    assert recording_day_text(datetime(2026, 12, 2, hour, minute, tzinfo=LONDON), start) == said
