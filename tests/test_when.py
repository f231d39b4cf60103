"""The one reader of times and days (painpal/domain/when.py): the words every command and option accepts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painpal.domain.clock import painpal_day
from painpal.domain.records import ValidationError
from painpal.domain.when import WEEKDAYS, parse_day, parse_when

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 10, 5, tzinfo=LONDON)
"""Monday 30 November 2026, 10:05."""
WEDNESDAY_0100 = datetime(2026, 12, 2, 1, 0, tzinfo=LONDON)
"""After midnight, before the day starts at 04:00: the painpal day is still Tuesday."""


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", MONDAY),
        ("07:15", at(30, 7, 15)),
        ("7.15am", at(30, 7, 15)),
        ("5am", at(30, 5)),
        ("02:00", at(30, 2)),  # this morning's, not the 02:00 still to come at the end of the painpal day
        ("yesterday 5pm", at(29, 17)),
        ("Yesterday  at 17:30", at(29, 17, 30)),
        ("yesterday 1am", at(30, 1)),  # the night that closed Sunday's painpal day
        ("sunday 9:00", at(29, 9)),
        ("sat noon", at(28, 12)),
        ("monday 8am", at(30, 8)),  # the most recent Monday is today
        ("last monday 8am", at(23, 8)),
        ("2 hours ago", MONDAY - timedelta(hours=2)),
        ("30 min ago", MONDAY - timedelta(minutes=30)),
        ("an hour ago", MONDAY - timedelta(hours=1)),
        ("3 days ago", MONDAY - timedelta(days=3)),
        ("2026-11-29 5pm", at(29, 17)),
        ("2026-11-29T17:30", at(29, 17, 30)),
        ("2026-07-01 12:00", datetime(2026, 7, 1, 12, tzinfo=LONDON)),
    ],
)
def test_words_for_a_time(text: str, expected: datetime) -> None:
    assert parse_when(text, MONDAY, 4) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23:00", at(1, 23, month=12)),  # two hours ago: the Tuesday still open
        ("today 23:00", at(1, 23, month=12)),
        ("00:30", at(2, 0, 30, month=12)),
        ("yesterday 5pm", at(30, 17)),  # the day before Tuesday
        ("5pm", at(1, 17, month=12)),
    ],
)
def test_after_midnight_the_words_follow_the_painpal_day(text: str, expected: datetime) -> None:
    assert parse_when(text, WEDNESDAY_0100, 4) == expected


@pytest.mark.parametrize(
    "text", ["23:00", "today 11pm", "monday 23:00", "in 2 hours", "2027-01-01 09:00", "tomorrow 5pm", "nonsense", " "]
)
def test_a_time_that_is_not_in_the_past_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, MONDAY, 4)
    said = str(caught.value)
    assert said.startswith("--at") and said.endswith(".") and "\n" not in said


def test_a_day_without_a_time_is_refused_for_an_instant_saying_what_to_add() -> None:
    with pytest.raises(ValidationError, match="names a day; add the time"):
        parse_when("yesterday", MONDAY, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 30)),
        ("yesterday", date(2026, 11, 29)),
        ("monday", date(2026, 11, 30)),
        ("Fri", date(2026, 11, 27)),
        ("last monday", date(2026, 11, 23)),
        ("3 days ago", date(2026, 11, 27)),
        ("yesterday 5pm", date(2026, 11, 29)),
        ("2026-11-01", date(2026, 11, 1)),
        ("29 Nov", date(2026, 11, 29)),
    ],
)
def test_words_for_a_day(text: str, expected: date) -> None:
    assert parse_day(text, MONDAY, 4) == expected


def test_after_midnight_today_is_the_painpal_day_still_open() -> None:
    assert parse_day("today", WEDNESDAY_0100, 4) == date(2026, 12, 1)
    assert parse_day("yesterday", WEDNESDAY_0100, 4) == date(2026, 11, 30)
    assert parse_day("2 hours ago", WEDNESDAY_0100, 4) == date(2026, 12, 1)


def test_a_future_day_is_refused_unless_asked_for() -> None:
    with pytest.raises(ValidationError, match=r"^--date 'tomorrow' is not a day"):
        parse_day("tomorrow", MONDAY, 4)
    with pytest.raises(ValidationError, match="in the future"):
        parse_day("2026-12-01", MONDAY, 4)
    assert parse_day("2026-12-31", MONDAY, 4, "--until", future=True) == date(2026, 12, 31)


# ---------------------------------------------------------------------------------- properties

instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda d: d.replace(tzinfo=LONDON)
)
hours = st.integers(0, 23)


@given(now=instants, start=hours, clock=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_a_time_alone_is_the_latest_that_has_happened_within_a_day(now: datetime, start: int, clock: time) -> None:
    text = f"{clock:%H:%M}"
    try:
        when = parse_when(text, now, start)
    except ValidationError as exc:
        assert "in the future" in str(exc)
        return
    assert when <= now + timedelta(minutes=1)
    assert now - when < timedelta(hours=26)  # within about a day (a daylight-saving day is 25 hours)
    assert f"{when:%H:%M}" == text or when.dst() != (when - timedelta(hours=2)).dst()  # or moved past a DST gap


@given(now=instants, start=hours, back=st.integers(0, 7 * 24 * 60))
def test_minutes_ago_is_exact_and_its_day_is_the_painpal_day(now: datetime, start: int, back: int) -> None:
    when = parse_when(f"{back} min ago", now, start)
    assert when == now - timedelta(minutes=back)
    assert parse_day(f"{back} min ago", now, start) == painpal_day(when, start)


@given(now=instants, start=hours, weekday=st.sampled_from(WEEKDAYS), last=st.booleans())
def test_a_weekday_is_the_most_recent_one(now: datetime, start: int, weekday: str, last: bool) -> None:
    day = parse_day(("last " if last else "") + weekday, now, start)
    today = painpal_day(now, start)
    assert day.strftime("%A").lower() == weekday
    assert (1 if last else 0) <= (today - day).days <= (7 if last else 6)


@given(now=instants, start=hours, text=st.text(max_size=30))
def test_any_text_is_read_or_refused_with_one_sentence(now: datetime, start: int, text: str) -> None:
    for parse in (parse_when, parse_day):
        try:
            parse(text, now, start)
        except ValidationError as exc:
            assert "\n" not in str(exc)
