"""The record model: every field refuses bad values with a plain sentence; records survive a JSON round trip."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from painpal.domain.records import (
    NOTE_MAX,
    RECORD_TYPES,
    SHORT_TEXT_MAX,
    TABLES,
    Appointment,
    CarePerson,
    CheckIn,
    DayNote,
    Event,
    PegEntry,
    Record,
    Relief,
    RoutineRun,
    SafetyEvent,
    ValidationError,
    check_year,
    from_record,
    new_id,
    to_record,
)

LONDON = ZoneInfo("Europe/London")
AT = datetime(2026, 11, 30, 9, 59, tzinfo=LONDON)
NAIVE = datetime(2026, 11, 30, 9, 59)

# (what is built, words the message must contain)
BAD: list[tuple[str, Callable[[], Record], str]] = [
    ("naive time", lambda: CheckIn(at=NAIVE, intensity=3), "UTC offset"),
    ("time not a datetime", lambda: CheckIn(at="2026-11-30", intensity=3), "date and time"),  # type: ignore[arg-type]
    ("empty id", lambda: CheckIn(at=AT, id=""), "record id"),
    ("id with punctuation", lambda: CheckIn(at=AT, id="../etc"), "record id"),
    ("id too long", lambda: CheckIn(at=AT, id="a" * 65), "record id"),
    ("intensity 11", lambda: CheckIn(at=AT, intensity=11), "pain intensity"),
    ("intensity -1", lambda: CheckIn(at=AT, intensity=-1), "pain intensity"),
    ("intensity word", lambda: CheckIn(at=AT, intensity="five"), "pain intensity"),  # type: ignore[arg-type]
    ("intensity fraction", lambda: CheckIn(at=AT, intensity=5.5), "pain intensity"),  # type: ignore[arg-type]
    ("intensity bool", lambda: CheckIn(at=AT, intensity=True), "pain intensity"),
    ("location too long", lambda: CheckIn(at=AT, location="x" * (SHORT_TEXT_MAX + 1)), "location"),
    ("location not text", lambda: CheckIn(at=AT, location=5), "location"),  # type: ignore[arg-type]
    ("location control char", lambda: CheckIn(at=AT, location="low\x1bback"), "location"),
    ("quality too long", lambda: CheckIn(at=AT, quality="x" * (SHORT_TEXT_MAX + 1)), "quality"),
    ("pattern unknown", lambda: CheckIn(at=AT, pattern="sometimes"), "pattern"),
    ("activity newline", lambda: CheckIn(at=AT, activity="sitting\nlong"), "activity"),
    ("eases too long", lambda: CheckIn(at=AT, eases="x" * (SHORT_TEXT_MAX + 1)), "what eases"),
    ("worsens control", lambda: CheckIn(at=AT, worsens="bend\x07"), "what worsens"),
    ("note too long", lambda: CheckIn(at=AT, note="x" * (NOTE_MAX + 1)), "note"),
    ("note NUL", lambda: CheckIn(at=AT, note="a\x00b"), "note"),
    ("note CR", lambda: CheckIn(at=AT, note="a\rb"), "note"),
    ("relief without name", lambda: Relief(at=AT, name="  "), "relief needs a name"),
    ("relief kind", lambda: Relief(at=AT, name="heat", kind="magic"), "relief kind"),
    ("relief minutes word", lambda: Relief(at=AT, name="heat", minutes="ten"), "minutes"),  # type: ignore[arg-type]
    ("relief minutes too many", lambda: Relief(at=AT, name="heat", minutes=24 * 60 + 1), "minutes"),
    ("relief minutes NaN", lambda: Relief(at=AT, name="heat", minutes=float("nan")), "minutes"),
    ("relief note control", lambda: Relief(at=AT, name="heat", note="\x1b[2J"), "note"),
    ("routine without name", lambda: RoutineRun(at=AT, routine=""), "routine"),
    ("routine outcome", lambda: RoutineRun(at=AT, routine="r", outcome="meh"), "outcome"),
    ("routine naive end", lambda: RoutineRun(at=AT, routine="r", ended=NAIVE), "end time"),
    ("routine pain before", lambda: RoutineRun(at=AT, routine="r", pain_before=12), "pain before"),
    ("routine pain after", lambda: RoutineRun(at=AT, routine="r", pain_after=-2), "pain after"),
    ("routine steps done", lambda: RoutineRun(at=AT, routine="r", steps_done=-1), "steps done"),
    ("routine steps total", lambda: RoutineRun(at=AT, routine="r", steps_total=1001), "steps total"),
    ("routine seconds negative", lambda: RoutineRun(at=AT, routine="r", seconds=-1), "seconds spent"),
    ("routine seconds word", lambda: RoutineRun(at=AT, routine="r", seconds="long"), "seconds spent"),  # type: ignore[arg-type]
    ("event kind", lambda: Event(at=AT, kind="nap"), "event kind"),
    ("event minutes", lambda: Event(at=AT, minutes=-5), "minutes"),
    ("event detail", lambda: Event(at=AT, detail="x" * (SHORT_TEXT_MAX + 1)), "detail"),
    ("day note without day", lambda: DayNote(at=AT), "day"),
    ("day note sleep quality", lambda: DayNote(at=AT, day=AT.date(), sleep_quality=6), "sleep quality"),
    ("day note sleep hours", lambda: DayNote(at=AT, day=AT.date(), sleep_hours=25), "hours of sleep"),
    ("day note stress", lambda: DayNote(at=AT, day=AT.date(), stress=11), "stress"),
    ("day note reflection", lambda: DayNote(at=AT, day=AT.date(), reflection="x" * (NOTE_MAX + 1)), "reflection"),
    ("day note intention", lambda: DayNote(at=AT, day=AT.date(), intention="a\x00"), "intention"),
    ("peg pain", lambda: PegEntry(at=AT, pain=11), "average pain"),
    ("peg enjoyment", lambda: PegEntry(at=AT, enjoyment=-1), "enjoyment"),
    ("peg activity", lambda: PegEntry(at=AT, activity="lots"), "general activity"),  # type: ignore[arg-type]
    ("safety without signs", lambda: SafetyEvent(at=AT), "at least one sign"),
    ("safety blank sign", lambda: SafetyEvent(at=AT, signs=("numbness", " ")), "at least one sign"),
    ("safety naive resolved", lambda: SafetyEvent(at=AT, signs=("numbness",), resolved=NAIVE), "resolution time"),
    ("care person without name", lambda: CarePerson(at=AT, name=""), "needs a name"),
    ("care person role", lambda: CarePerson(at=AT, name="Sam", role="wizard"), "role"),
    ("care person contact", lambda: CarePerson(at=AT, name="Sam", contact="x" * 201), "contact"),
    ("care person notes", lambda: CarePerson(at=AT, name="Sam", notes="\x1b"), "notes"),
    ("appointment question", lambda: Appointment(at=AT, questions=("x" * 301,)), "question"),
    ("appointment asked", lambda: Appointment(at=AT, asked=("a\x00",)), "question"),
    ("appointment notes", lambda: Appointment(at=AT, notes="x" * (NOTE_MAX + 1)), "notes"),
    ("appointment plan changes", lambda: Appointment(at=AT, plan_changes="\x00"), "plan changes"),
    # A value of the wrong kind is refused, never converted into something nobody wrote.
    ("signs as text", lambda: SafetyEvent(at=AT, signs="numbness"), "must be a list"),  # type: ignore[arg-type]
    ("signs as object", lambda: SafetyEvent(at=AT, signs={"numbness": 1}), "must be a list"),  # type: ignore[arg-type]
    ("sign not text", lambda: SafetyEvent(at=AT, signs=(5,)), "warning sign must be text"),  # type: ignore[arg-type]
    ("questions as text", lambda: Appointment(at=AT, questions="Can I run?"), "must be a list"),  # type: ignore[arg-type]
    ("asked as object", lambda: Appointment(at=AT, asked={"Can I run?": True}), "must be a list"),  # type: ignore[arg-type]
    ("appointment person not an id", lambda: Appointment(at=AT, person="../sam"), "care-team member"),
    ("appointment person number", lambda: Appointment(at=AT, person=5), "care-team member"),  # type: ignore[arg-type]
    ("leg spread word", lambda: CheckIn(at=AT, leg_spread="false"), "true or false"),  # type: ignore[arg-type]
    ("leg spread number", lambda: CheckIn(at=AT, leg_spread=1), "true or false"),  # type: ignore[arg-type]
    ("routine transition not text", lambda: RoutineRun(at=AT, routine="r", transition=5), "transition"),  # type: ignore[arg-type]
    ("routine without outcome", lambda: RoutineRun(at=AT, routine="r", outcome=None), "outcome"),  # type: ignore[arg-type]
    ("event without kind", lambda: Event(at=AT, kind=None), "event kind"),  # type: ignore[arg-type]
    ("minutes with exponent", lambda: Relief(at=AT, name="heat", minutes="1e3"), "minutes"),  # type: ignore[arg-type]
    ("minutes infinity", lambda: Relief(at=AT, name="heat", minutes="inf"), "minutes"),  # type: ignore[arg-type]
    ("minutes in other digits", lambda: Event(at=AT, minutes="٣"), "minutes"),  # type: ignore[arg-type]
    ("minutes true", lambda: Event(at=AT, minutes=True), "minutes"),
    ("day note day with a time", lambda: DayNote(at=AT, day=AT), "date without a time"),
]


def assert_plain_sentence(message: str) -> None:
    """One line, starts with a capital letter, ends with a full stop, no Python internals."""
    assert "\n" not in message
    assert message[:1].isupper(), message
    assert message.endswith("."), message
    for internal in ("Traceback", "__", "NoneType", "<class", "Error("):
        assert internal not in message, message


@pytest.mark.parametrize(("case", "build", "words"), BAD, ids=[c[0] for c in BAD])
def test_bad_field_is_refused_with_a_plain_sentence(case: str, build: Callable[[], Record], words: str) -> None:
    """Every field refuses a bad value, and the message names the field in plain words."""
    with pytest.raises(ValidationError) as info:
        build()
    message = str(info.value)
    assert_plain_sentence(message)
    assert words.lower() in message.lower(), message


def test_every_record_type_has_a_bad_case() -> None:
    """The table above covers every kind of record (a new kind needs its own cases)."""
    covered: set[type] = set()
    for _, build, _ in BAD:
        with pytest.raises(ValidationError) as info:
            build()
        tb = info.value.__traceback__
        while tb is not None:
            owner = tb.tb_frame.f_locals.get("self")
            if isinstance(owner, Record):
                covered.add(type(owner))
            tb = tb.tb_next
    assert covered == set(RECORD_TYPES)


def test_text_is_stripped_and_blank_becomes_none() -> None:
    """Surrounding space is dropped and an empty answer means no answer."""
    checkin = CheckIn(at=AT, intensity="  7 ", location="  lower back  ", note="   ")  # type: ignore[arg-type]
    assert checkin.intensity == 7
    assert checkin.location == ("lower back",)
    assert checkin.note is None


def test_notes_keep_newlines_tabs_and_any_script() -> None:
    """Notes are paragraphs in any language; emoji and non-Latin text are welcome."""
    note = "腰痛 😣\nболь\tstill there"
    checkin = CheckIn(at=AT, intensity=4, location="腰痛 😣", note=note)
    assert checkin.note == note
    assert checkin.location == ("腰痛 😣",)


def test_known_choices_are_normalised() -> None:
    """Offered words are stored lower-case; a person's own word for the quality is kept as typed."""
    assert CheckIn(at=AT, quality="Sharp", pattern="CONSTANT").quality == "sharp"
    assert CheckIn(at=AT, pattern="CONSTANT").pattern == "constant"
    assert CheckIn(at=AT, quality="Like a Knife").quality == "Like a Knife"
    assert Relief(at=AT, name="walk", kind="Strategic").kind == "strategic"


def test_ids_are_fresh_uuid_hex() -> None:
    """Every record gets its own id, a uuid4 in hex."""
    ids = {CheckIn(at=AT).id for _ in range(100)}
    assert len(ids) == 100
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert re.fullmatch(r"[0-9a-f]{32}", new_id())


def test_records_are_frozen() -> None:
    """A record is a value: it cannot be changed in place."""
    checkin = CheckIn(at=AT, intensity=3)
    with pytest.raises(AttributeError):
        checkin.intensity = 4  # type: ignore[misc]


def _one_of_each() -> list[Record]:
    later = AT + timedelta(minutes=5)
    person = CarePerson(at=AT, name="Sam Okafor", role="Physical Therapist", contact="clinic", notes="Tue/Thu")
    return [
        CheckIn(
            at=AT,
            intensity=6,
            location="腰痛 😣",
            quality="burning",
            pattern="intermittent",
            activity="sitting at desk",
            eases="walking",
            worsens="sitting",
            note="боль\nline two",
            leg_spread=True,
        ),
        Relief(at=AT, name="heat", kind="soothing", minutes=15, note="hot water bottle"),
        RoutineRun(
            at=AT,
            routine="standing-reset",
            outcome="done",
            ended=later,
            steps_done=5,
            steps_total=5,
            pain_before=6,
            pain_after=4,
            transition="seated",
            seconds=118.5,
        ),
        Event(at=AT, kind="break", minutes=10, detail="tea"),
        DayNote(
            at=AT, day=date(2026, 11, 29), sleep_quality=3, sleep_hours=6.5, stress=4, reflection="ok", intention="walk"
        ),
        PegEntry(at=AT, pain=5, enjoyment=4, activity=6),
        SafetyEvent(at=AT, signs=("numbness in the saddle area",), resolved=later),
        person,
        Appointment(at=later, person=person.id, questions=("Can I run?",), asked=("Can I run?",), notes="n"),
    ]


@pytest.mark.parametrize("record", _one_of_each(), ids=lambda r: type(r).__name__)
def test_to_record_from_record_round_trip(record: Record) -> None:
    """to_record gives plain JSON; from_record of it (even through json text) gives the same record."""
    doc = to_record(record)
    assert set(doc) >= {"id", "at"}
    text = json.dumps(doc, ensure_ascii=False)
    again = from_record(type(record), json.loads(text))
    assert again == record
    assert to_record(again) == doc
    assert TABLES[record.TABLE] is type(record)


def test_round_trip_keeps_the_utc_offset() -> None:
    """A summer check-in keeps +01:00 and a winter one +00:00, as recorded."""
    summer = CheckIn(at=datetime(2026, 7, 1, 12, tzinfo=LONDON), intensity=2)
    winter = CheckIn(at=datetime(2026, 12, 1, 12, tzinfo=LONDON), intensity=2)
    assert to_record(summer)["at"].endswith("+01:00")
    assert to_record(winter)["at"].endswith("+00:00")
    assert from_record(CheckIn, to_record(summer)).at.utcoffset() == timedelta(hours=1)


def test_from_record_ignores_unknown_keys_and_fills_defaults() -> None:
    """A newer painpal's extra fields are ignored; missing optional fields take their defaults."""
    checkin = from_record(CheckIn, {"at": AT.isoformat(), "id": "abc123", "intensity": 2, "mood": "fine"})
    assert checkin == CheckIn(at=AT, id="abc123", intensity=2)


BAD_DOCS: list[tuple[type[Record], Any, str]] = [
    (CheckIn, ["not", "a", "dict"], "must be an object"),
    (CheckIn, {"intensity": 3}, "needs its time"),
    (CheckIn, {"at": "yesterday"}, "not valid"),
    (CheckIn, {"at": AT.isoformat(), "intensity": 12}, "pain intensity"),
    (CheckIn, {"at": "2026-11-30T09:00:00"}, "UTC offset"),
    (DayNote, {"at": AT.isoformat(), "day": "someday"}, "not valid"),
    (SafetyEvent, {"at": AT.isoformat(), "signs": 5}, "must be a list"),
    (SafetyEvent, {"at": AT.isoformat(), "signs": "numbness"}, "must be a list of texts, not text 'numbness'"),
    (SafetyEvent, {"at": AT.isoformat(), "signs": {"numbness": True}}, "must be a list"),
    (SafetyEvent, {"at": AT.isoformat(), "signs": [["numbness"]]}, "warning sign must be text"),
    (Appointment, {"at": AT.isoformat(), "questions": "Can I run?"}, "must be a list"),
    (Appointment, {"at": AT.isoformat(), "asked": {}}, "must be a list"),
    (Appointment, {"at": AT.isoformat(), "person": 5}, "care-team member"),
    (CheckIn, {"at": AT.isoformat(), "intensity": "5"}, "intensity of a CheckIn record is not valid: text '5'"),
    (CheckIn, {"at": AT.isoformat(), "intensity": 5.0}, "whole number"),
    (CheckIn, {"at": AT.isoformat(), "intensity": True}, "not valid: true or false"),
    (CheckIn, {"at": AT.isoformat(), "leg_spread": "false"}, "true or false"),
    (CheckIn, {"at": AT.isoformat(), "leg_spread": 1}, "true or false"),
    (CheckIn, {"at": AT.isoformat(), "leg_spread": None}, "true or false"),
    (CheckIn, {"at": 1764496740}, "time ('at') of a CheckIn record is not valid"),
    (Relief, {"at": AT.isoformat(), "name": "heat", "minutes": "15"}, "minutes of a Relief record is not valid"),
    (DayNote, {"at": AT.isoformat(), "day": "2026-11-29", "sleep_hours": "7.5"}, "sleep hours"),
    (RoutineRun, {"at": AT.isoformat(), "routine": "r", "steps_done": "5"}, "steps done"),
    (RoutineRun, {"at": AT.isoformat(), "routine": "r", "transition": ["seated"]}, "transition must be text"),
    (PegEntry, {"at": AT.isoformat(), "pain": [5]}, "pain of a PegEntry record is not valid: a list"),
    (Event, {"at": AT.isoformat(), "kind": None}, "event kind"),
    (CheckIn, {"at": AT.isoformat(), "id": 12345}, "record id"),
]


@pytest.mark.parametrize(("cls", "doc", "words"), BAD_DOCS)
def test_from_record_refuses_bad_documents(cls: type[Record], doc: Any, words: str) -> None:
    """A stored or imported document that is not a valid record raises ValidationError, never TypeError."""
    with pytest.raises(ValidationError) as info:
        from_record(cls, doc)
    assert words.lower() in str(info.value).lower()
    assert_plain_sentence(str(info.value))


# ------------------------------------------------------------------ the years painpal keeps


@pytest.mark.parametrize(
    "build",
    [
        lambda: CheckIn(at=datetime(1, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo"))),
        lambda: CheckIn(at=datetime(1899, 12, 31, 23, 59, tzinfo=LONDON)),
        lambda: CheckIn(at=datetime(3000, 1, 1, tzinfo=LONDON)),
        lambda: CheckIn(at=datetime(9999, 12, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))),
        lambda: RoutineRun(at=AT, routine="r", ended=datetime(9999, 1, 1, tzinfo=LONDON)),
        lambda: SafetyEvent(at=AT, signs=("numbness",), resolved=datetime(1, 1, 1, tzinfo=LONDON)),
        lambda: DayNote(at=AT, day=date(1, 1, 1)),
        lambda: DayNote(at=AT, day=date(3000, 1, 1)),
        lambda: Appointment(at=datetime(9999, 12, 31, tzinfo=LONDON)),
    ],
)
def test_dates_outside_the_years_painpal_keeps_are_refused(build: Callable[[], Record]) -> None:
    """Years 1900 to 2999 only: near datetime's own limits the day, week and month arithmetic overflows."""
    with pytest.raises(ValidationError) as info:
        build()
    assert_plain_sentence(str(info.value))
    assert "outside the years painpal keeps, 1900 to 2999" in str(info.value)


def test_the_years_painpal_keeps_are_by_the_wall_clock() -> None:
    """The first minute of 1900 in Tokyo is still 1899 in UTC, and is kept; the range is inclusive."""
    first = CheckIn(at=datetime(1900, 1, 1, 0, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    assert first.at.astimezone(ZoneInfo("UTC")).year == 1899
    assert from_record(CheckIn, to_record(first)) == first
    last = CheckIn(at=datetime(2999, 12, 31, 23, 59, tzinfo=ZoneInfo("Pacific/Kiritimati")))
    assert from_record(CheckIn, to_record(last)) == last
    assert DayNote(at=AT, day=date(1900, 1, 1)).day == date(1900, 1, 1)


def test_check_year_names_what_it_checks() -> None:
    assert check_year(date(2026, 11, 30), "--date") == date(2026, 11, 30)
    with pytest.raises(ValidationError, match=r"^--at 0001-01-01 is outside"):
        check_year(datetime(1, 1, 1), "--at")


def test_a_stored_time_outside_the_years_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        from_record(CheckIn, {"at": "0001-01-01T00:30:00+09:00", "intensity": 3})
    assert "0001-01-01 is outside" in str(info.value)


def test_numbers_a_person_types_are_read_as_typed() -> None:
    """The command line hands over text: plain digits are numbers there (a stored document must hold numbers)."""
    assert Relief(at=AT, name="heat", minutes=" 7.5 ").minutes == 7.5  # type: ignore[arg-type]
    assert Relief(at=AT, name="heat", minutes="20").minutes == 20.0  # type: ignore[arg-type]
    assert DayNote(at=AT, day=AT.date(), sleep_hours=".5").sleep_hours == 0.5  # type: ignore[arg-type]
    assert CheckIn(at=AT, intensity="7").intensity == 7  # type: ignore[arg-type]


def test_lists_keep_their_items_and_drop_blank_questions() -> None:
    """A list stays a list of whole texts: a list from JSON and a tuple from the TUI give the same record."""
    event = from_record(SafetyEvent, {"at": AT.isoformat(), "id": "abc", "signs": ["numbness", "weak legs"]})
    assert event.signs == ("numbness", "weak legs")
    assert event == SafetyEvent(at=AT, id="abc", signs=("numbness", "weak legs"))
    visit = Appointment(at=AT, questions=["Can I run?", "  ", "Heat or ice?"])  # type: ignore[arg-type]
    assert visit.questions == ("Can I run?", "Heat or ice?")


@pytest.mark.parametrize(
    ("outcome", "done", "total", "seconds", "result", "minutes"),
    [
        ("done", 2, 3, 25.0, "done", 25 / 60),  # what the steps played, not the routine's length
        ("done", 3, 6, None, "done", 5.0),  # recorded before seconds: the share of steps done
        ("done", 0, 6, None, "skipped", 0.0),  # "0 of 6 steps done" from an earlier player: not done
        ("done", 0, 0, None, "done", 10.0),  # steps never counted (older files): the whole routine
        ("abandoned", 2, 6, 40.0, "abandoned", 0.0),
        ("skipped", 0, 6, 0.0, "skipped", 0.0),
    ],
)
def test_a_run_counts_what_was_done(
    outcome: str, done: int, total: int, seconds: float | None, result: str, minutes: float
) -> None:
    run = RoutineRun(at=AT, routine="r", outcome=outcome, steps_done=done, steps_total=total, seconds=seconds)
    assert (run.result, run.done) == (result, result == "done")
    assert run.minutes_done(10.0) == pytest.approx(minutes)
