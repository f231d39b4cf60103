"""The records painpal keeps, as frozen dataclasses, and their validation.

Validation lives here so the CLI, the TUI and imports all refuse the same bad
input with the same sentence. Every record has a stable ``id`` (uuid4 hex)
and an aware timestamp ``at``; that ``id`` is what exports, imports and
merges key on. Records turn into plain JSON dicts with :func:`to_record` and
back with :func:`from_record`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import reprlib
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

SHORT_TEXT_MAX = 80
"""Longest location, quality, activity, name, ... a person types: a phrase, not an essay."""
NOTE_MAX = 2000
"""Longest note. Long enough for a paragraph, short enough to keep the hot file small."""
QUESTION_MAX = 300
"""Longest question for a visit: a sentence or two."""
PLACES_MAX = 12
"""Most places one check-in may name: more is a list of the body, not where it hurts now."""
PLACES_SEPARATOR = "; "
"""Between places in one line: a place's own words may hold a comma ("lower back, left"), never a semicolon."""
ONE_OR_MANY = "one_or_many"
"""Field metadata: a tuple stored as its one item when it has one, as a list when several, as null when empty."""

QUALITIES = ("sharp", "dull", "aching", "burning", "tingling", "stabbing")
"""Words offered for how the pain feels; the person's own word is accepted too."""
PATTERNS = ("constant", "intermittent")
RELIEF_KINDS = ("soothing", "strategic")
OUTCOMES = ("done", "abandoned", "skipped", "snoozed")
OPEN_EVENT = "open"
"""The Today screen's record of being open: ``at`` it opened, ``minutes`` it has stayed open so far."""
EVENT_KINDS = ("moved", "break", "prompt", "sitting-prompt", OPEN_EVENT)
"""Moments of the day that are not pain: "I moved", an away break, a prompt shown.

``open`` is a span the Today screen was open (``minutes`` long): the review
counts sitting only where painpal was there to see it."""


FIRST_YEAR = 1900
LAST_YEAR = 2999
"""The years a record's dates may fall in (by the wall clock they were recorded on), both included.

``datetime`` stops at years 1 and 9999, and painpal does date arithmetic
around every record: a UTC offset moves an instant across midnight, a review
looks weeks back, a ten-year report compares with the ten years before it,
and archives are looked for a month either side. A date near either
limit made that arithmetic overflow (a check-in at 0001-01-01 00:30 in Tokyo
is in year 0 in UTC). With a thousand years of margin on each side every one
of those steps stays in range, and no real pain diary is older than 1900 or
dated after 2999, so the rule refuses only mistakes.
"""


class ValidationError(ValueError):
    """Input a person gave that painpal cannot keep; ``str()`` is one plain sentence."""


def new_id() -> str:
    """A fresh record id: a random (version 4) UUID as 32 hex digits.

    Built from ``os.urandom`` directly: the ``uuid`` module costs milliseconds
    to import, on the path of every ``painpal log``.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


def clean_text(value: str | None, what: str, limit: int = SHORT_TEXT_MAX, multiline: bool = False) -> str | None:
    """Strip and check free text; ``None`` or blank becomes ``None``.

    Control characters are refused (they corrupt terminals and CSV files);
    notes may keep newlines and tabs. Any script and emoji are welcome.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"The {what} must be text.")
    text = value.strip()
    if not text:
        return None
    allowed = "\n\t" if multiline else ""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in allowed:
            raise ValidationError(f"The {what} contains a control character ({ch!r}); please remove it.")
        if category == "Cs":  # half of a UTF-16 pair, from JSON's "\ud800": no file can hold it as text
            raise ValidationError(f"The {what} contains a broken character ({ch!r}); please remove it.")
    if len(text) > limit:
        raise ValidationError(f"The {what} is {len(text)} characters long; the most painpal keeps is {limit}.")
    return text


_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")
"""What a whole number typed as text may look like."""


def check_int(value: Any, what: str, low: int, high: int) -> int:
    """An integer in ``low..high``; words, fractions and booleans are refused."""
    if value is None:
        raise ValidationError(f"The {what} is needed: a whole number from {low} to {high}.")
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str):
            text = value.strip()
            # ASCII digits only, and few: int() also takes "²"-like digits and refuses over 4300 of them.
            if _WHOLE_NUMBER.fullmatch(text):
                value = int(text)
            else:
                raise ValidationError(f"The {what} must be a whole number from {low} to {high}, not {value!r}.")
        else:
            raise ValidationError(f"The {what} must be a whole number from {low} to {high}, not {value!r}.")
    if not low <= value <= high:
        raise ValidationError(f"The {what} must be a whole number from {low} to {high}, not {value}.")
    return int(value)


_DECIMAL = re.compile(r"-?(?:[0-9]{1,12}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})")
"""What a number typed as text may look like: ASCII digits, an optional point ("20", "7.5", ".5")."""


def check_number(value: Any, what: str, low: float, high: float) -> float:
    """A number in ``low..high`` (hours slept, minutes of heat); text only if it is plain digits.

    ``float()`` alone would also read "1e3", "inf", "1_000" and Arabic-Indic
    digits, turning a typo into a figure nobody typed.
    """
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"The {what} must be a number from {low:g} to {high:g}, not {value!r}.")
    if isinstance(value, int) and not low <= value <= high:  # 10**400 would overflow float()
        raise ValidationError(f"The {what} must be a number from {low:g} to {high:g}, not {reprlib.repr(value)}.")
    number = float(value)
    if not low <= number <= high:  # NaN fails both comparisons
        raise ValidationError(f"The {what} must be a number from {low:g} to {high:g}, not {value!r}.")
    return number


D = TypeVar("D", bound=date)


def check_year(value: D, what: str) -> D:
    """``value`` (a day, or an instant by its own wall clock) if it falls in :data:`FIRST_YEAR` .. :data:`LAST_YEAR`.

    The one check of that rule: record fields use it through
    :func:`check_aware` and :class:`DayNote`, and the command line on every
    date it reads, so nothing out of range is stored or computed with.
    ``what`` starts the sentence ("The time", "--at").
    """
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        day = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        raise ValidationError(f"{what} {day} is outside the years painpal keeps, {FIRST_YEAR} to {LAST_YEAR}.")
    return value


def check_aware(value: Any, what: str = "time") -> datetime:
    """An aware datetime within the years painpal keeps; naive times are ambiguous across zones and refused."""
    if not isinstance(value, datetime):
        raise ValidationError(f"The {what} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(f"The {what} must include its UTC offset.")
    return check_year(value, f"The {what}")


def check_bool(value: Any, what: str) -> bool:
    """``True`` or ``False`` only: ``bool("false")`` is true, so a word or a number is refused, never guessed."""
    if not isinstance(value, bool):
        raise ValidationError(f"The {what} must be true or false, not {_kind(value)}.")
    return value


def check_texts(value: Any, what: str, limit: int) -> tuple[str, ...]:
    """A list of short texts, each through :func:`clean_text`; blank ones are dropped.

    A string is refused, not split: ``tuple("numbness")`` would store one
    "sign" per letter. A dict is refused too (its keys are not a list).
    """
    if not isinstance(value, (list, tuple)):
        raise ValidationError(f"The {what}s must be a list of texts, not {_kind(value)}.")
    cleaned = (clean_text(item, what, limit) for item in value)
    return tuple(item for item in cleaned if item is not None)


def check_places(value: Any) -> tuple[str, ...]:
    """Where it hurts, as places: one text (how every older record stores it), a list of texts, or nothing.

    A text is one place and is never split: "lower back, left" is one place.
    Repeats are dropped (the first stays), so toggling a place twice cannot
    count it twice.
    """
    if value is None or isinstance(value, str):
        one = clean_text(value, "location")
        return () if one is None else (one,)
    places = tuple(dict.fromkeys(check_texts(value, "location", SHORT_TEXT_MAX)))
    if len(places) > PLACES_MAX:
        raise ValidationError(f"A check-in names at most {PLACES_MAX} places where it hurts, not {len(places)}.")
    return places


def places_text(places: tuple[str, ...]) -> str:
    """Several places as one line, the way they are read back and typed in a form: "lower back; leg"."""
    return PLACES_SEPARATOR.join(places)


def check_id(value: Any, what: str = "record id") -> str:
    """An id as painpal writes them (uuid4 hex) or as another writer may have: 1 to 64 letters and digits.

    Ids are what imports and merges key on, and other records point at them
    (an appointment's ``person``), so text with spaces or punctuation, or a
    number, is refused rather than kept as a key nothing matches.
    """
    if not isinstance(value, str) or not value or len(value) > 64 or not value.isalnum():
        raise ValidationError(f"A {what} must be 1 to 64 letters and digits.")
    return value


def _kind(value: Any) -> str:
    """What a wrong value is, in words ("text 'numbness'"), short enough for one sentence."""
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "nothing" if value is None else f"a {type(value).__name__}"


def check_choice(value: str | None, what: str, choices: tuple[str, ...], required: bool = False) -> str | None:
    """One of ``choices`` (case-insensitive); ``None`` unless ``required`` (a run without an outcome says nothing)."""
    text = clean_text(value, what)
    if text is None:
        if required:
            raise ValidationError(f"The {what} must be one of {', '.join(choices)}; got nothing.")
        return None
    low = text.lower()
    if low not in choices:
        raise ValidationError(f"The {what} must be one of {', '.join(choices)}; got {text!r}.")
    return low


@dataclass(frozen=True)
class Record:
    """Common ground of every stored record: a stable id and an aware instant."""

    TABLE: ClassVar[str] = ""
    at: datetime
    id: str = field(default_factory=new_id)
    changed: datetime | None = None
    """When the record was last edited (``None``: as first made). When two copies of one id meet, in an
    import or a sync, the later change wins; see :mod:`painpal.storage.store`."""

    def __post_init__(self) -> None:
        check_aware(self.at)
        if self.changed is not None:
            check_aware(self.changed, "change time")
        check_id(self.id)

    def _set(self, name: str, value: Any) -> None:
        """Normalise a field in ``__post_init__`` of a frozen dataclass."""
        object.__setattr__(self, name, value)


@dataclass(frozen=True)
class CheckIn(Record):
    """One pain check-in: intensity 0-10 (NRS) and optional detail."""

    TABLE: ClassVar[str] = "checkins"
    intensity: int = 0
    location: tuple[str, ...] = field(default=(), metadata={ONE_OR_MANY: True})
    """Where it hurts: one place or several ("lower back", "leg"), in the order given; () when not said.

    Stored as one text when there is one place, as every check-in was before
    several could be given, and as a list only when there are several: so
    records and exports from before still load, and importing an old export
    again finds its records unchanged rather than different.
    """
    quality: str | None = None
    pattern: str | None = None
    activity: str | None = None
    eases: str | None = None
    worsens: str | None = None
    note: str | None = None
    leg_spread: bool = False
    """Pain spreads down a leg: the safety net offers the warning-sign check."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("intensity", check_int(self.intensity, "pain intensity", 0, 10))
        self._set("location", check_places(self.location))
        for name in ("activity", "eases", "worsens"):
            self._set(
                name,
                clean_text(getattr(self, name), name.replace("eases", "what eases").replace("worsens", "what worsens")),
            )
        quality = clean_text(self.quality, "quality")
        self._set("quality", quality.lower() if quality and quality.lower() in QUALITIES else quality)
        self._set("pattern", check_choice(self.pattern, "pattern", PATTERNS))
        self._set("note", clean_text(self.note, "note", NOTE_MAX, multiline=True))
        self._set("leg_spread", check_bool(self.leg_spread, "leg-spread answer"))


@dataclass(frozen=True)
class Relief(Record):
    """Relief taken that is not a guided routine: heat, a walk, medication taken (name only)."""

    TABLE: ClassVar[str] = "reliefs"
    name: str = ""
    kind: str = "soothing"
    minutes: float | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        name = clean_text(self.name, "relief name")
        if name is None:
            raise ValidationError("The relief needs a name, e.g. heat or walk.")
        self._set("name", name)
        self._set("kind", check_choice(self.kind, "relief kind", RELIEF_KINDS) or "soothing")
        if self.minutes is not None:
            self._set("minutes", check_number(self.minutes, "minutes", 0, 24 * 60))
        self._set("note", clean_text(self.note, "note", NOTE_MAX, multiline=True))


@dataclass(frozen=True)
class RoutineRun(Record):
    """One time a micro-routine was offered and what became of it. ``at`` is its start."""

    TABLE: ClassVar[str] = "routine_runs"
    routine: str = ""
    outcome: str = "done"
    ended: datetime | None = None
    steps_done: int = 0
    steps_total: int = 0
    pain_before: int | None = None
    pain_after: int | None = None
    transition: str | None = None
    seconds: float | None = None
    """Seconds the done steps' countdowns ran (pauses and skipped steps left out): what was actually spent.
    ``None`` in runs recorded before painpal timed steps, and in runs with no steps played (a skip, a snooze);
    such runs are timed from the library (:meth:`minutes_done`). An optional field with a default, so files
    and exports written before it existed load unchanged."""

    def __post_init__(self) -> None:
        super().__post_init__()
        routine = clean_text(self.routine, "routine")
        if routine is None:
            raise ValidationError("A routine run must name its routine.")
        self._set("routine", routine)
        self._set("outcome", check_choice(self.outcome, "outcome", OUTCOMES, required=True))
        if self.ended is not None:
            check_aware(self.ended, "end time")
        for name in ("pain_before", "pain_after"):
            value = getattr(self, name)
            if value is not None:
                self._set(name, check_int(value, name.replace("_", " "), 0, 10))
        self._set("steps_done", check_int(self.steps_done, "steps done", 0, 1000))
        self._set("steps_total", check_int(self.steps_total, "steps total", 0, 1000))
        self._set("transition", clean_text(self.transition, "transition"))
        if self.seconds is not None:
            self._set("seconds", check_number(self.seconds, "seconds spent", 0, 24 * 3600))

    @property
    def result(self) -> str:
        """What became of the run, as every count reads it: the outcome, except that a run with none of its
        steps done is "skipped".

        Earlier players stored "done" for a run whose every step was skipped
        ("0 of 6 steps done"); those records still say so on disk, and this
        is the one place that reads them as what they were. A run whose steps
        were never counted (``steps_total`` 0: the CLI, old files) keeps its
        outcome.
        """
        if self.outcome == "done" and self.steps_total > 0 and self.steps_done == 0:
            return "skipped"
        return self.outcome

    @property
    def done(self) -> bool:
        """The routine was done (at least one of its steps): it counts as relief, activity and evidence."""
        return self.result == "done"

    def minutes_done(self, library_minutes: float | None) -> float:
        """Minutes of the routine actually done; 0 unless it was :attr:`done`.

        The seconds the done steps played, when recorded. For older runs,
        ``library_minutes`` (the routine's length, ``None`` if the library no
        longer has it) scaled by the share of steps done; failing that, the
        recorded start to end. The routine's length alone would count a run
        stopped after one step of six as the whole routine.
        """
        if not self.done:
            return 0.0
        if self.seconds is not None:
            return self.seconds / 60
        if library_minutes is not None:
            share = min(1.0, self.steps_done / self.steps_total) if self.steps_total > 0 else 1.0
            return library_minutes * share
        if self.ended is not None:
            return max(0.0, (self.ended.timestamp() - self.at.timestamp()) / 60)  # instants: a DST change is no hour
        return 0.0


@dataclass(frozen=True)
class Event(Record):
    """A moment of the day that is not a pain rating: "I moved", a break away, a prompt shown."""

    TABLE: ClassVar[str] = "events"
    kind: str = "moved"
    minutes: float | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("kind", check_choice(self.kind, "event kind", EVENT_KINDS, required=True))
        if self.minutes is not None:
            self._set("minutes", check_number(self.minutes, "minutes", 0, 24 * 60))
        self._set("detail", clean_text(self.detail, "detail"))


@dataclass(frozen=True)
class DayNote(Record):
    """The end-of-day review's answers for one painpal day; every answer optional."""

    TABLE: ClassVar[str] = "day_notes"
    day: date | None = None
    sleep_quality: int | None = None
    sleep_hours: float | None = None
    stress: int | None = None
    reflection: str | None = None
    intention: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise ValidationError("A day note needs its day, a date without a time.")
        check_year(self.day, "The day")
        if self.sleep_quality is not None:
            self._set("sleep_quality", check_int(self.sleep_quality, "sleep quality", 1, 5))
        if self.sleep_hours is not None:
            self._set("sleep_hours", check_number(self.sleep_hours, "hours of sleep", 0, 24))
        if self.stress is not None:
            self._set("stress", check_int(self.stress, "stress", 0, 10))
        self._set("reflection", clean_text(self.reflection, "reflection", NOTE_MAX, multiline=True))
        self._set("intention", clean_text(self.intention, "intention"))


@dataclass(frozen=True)
class PegEntry(Record):
    """The weekly PEG (Krebs et al. 2009): pain, enjoyment, general activity, each 0-10."""

    TABLE: ClassVar[str] = "peg"
    pain: int = 0
    enjoyment: int = 0
    activity: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("pain", check_int(self.pain, "average pain", 0, 10))
        self._set("enjoyment", check_int(self.enjoyment, "interference with enjoyment of life", 0, 10))
        self._set("activity", check_int(self.activity, "interference with general activity", 0, 10))

    @property
    def score(self) -> float:
        """The PEG score: the mean of the three items."""
        return round((self.pain + self.enjoyment + self.activity) / 3, 1)


@dataclass(frozen=True)
class SafetyEvent(Record):
    """Warning signs the person reported, and when they marked them resolved."""

    TABLE: ClassVar[str] = "safety_events"
    signs: tuple[str, ...] = ()
    resolved: datetime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        signs = check_texts(self.signs, "warning sign", SHORT_TEXT_MAX)
        if not signs or len(signs) != len(self.signs):  # a blank sign is a report of nothing
            raise ValidationError("A warning-sign report names at least one sign, and no blank ones.")
        self._set("signs", signs)
        if self.resolved is not None:
            check_aware(self.resolved, "resolution time")


@dataclass(frozen=True)
class CarePerson(Record):
    """Someone on the care team."""

    TABLE: ClassVar[str] = "care_people"
    name: str = ""
    role: str = "other"
    contact: str | None = None
    notes: str | None = None

    ROLES: ClassVar[tuple[str, ...]] = (
        "physician",
        "physiatrist",
        "physical therapist",
        "pain specialist",
        "psychologist",
        "other",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        name = clean_text(self.name, "name")
        if name is None:
            raise ValidationError("A care-team member needs a name.")
        self._set("name", name)
        self._set("role", check_choice(self.role, "role", self.ROLES) or "other")
        self._set("contact", clean_text(self.contact, "contact", 200))
        self._set("notes", clean_text(self.notes, "notes", NOTE_MAX, multiline=True))


@dataclass(frozen=True)
class Appointment(Record):
    """A visit: ``at`` is when it is."""

    TABLE: ClassVar[str] = "appointments"
    person: str | None = None
    """The ``id`` of a :class:`CarePerson`."""
    questions: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    notes: str | None = None
    plan_changes: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.person is not None:
            check_id(self.person, "care-team member's id")
        self._set("questions", check_texts(self.questions, "question", QUESTION_MAX))
        self._set("asked", check_texts(self.asked, "question", QUESTION_MAX))
        self._set("notes", clean_text(self.notes, "notes", NOTE_MAX, multiline=True))
        self._set("plan_changes", clean_text(self.plan_changes, "plan changes", NOTE_MAX, multiline=True))


RECORD_TYPES: tuple[type[Record], ...] = (
    CheckIn,
    Relief,
    RoutineRun,
    Event,
    DayNote,
    PegEntry,
    SafetyEvent,
    CarePerson,
    Appointment,
)
"""Every kind of record, in the order exports list them."""
TABLES: dict[str, type[Record]] = {cls.TABLE: cls for cls in RECORD_TYPES}

HISTORY_TABLES = ("checkins", "reliefs", "routine_runs", "events", "day_notes", "peg")
"""Tables that grow with every day of use; the store moves their past weeks into monthly archives.

Warning-sign reports are not among them: they are few, and every one must
be read (an old unresolved report still stops exercise suggestions), so
they stay in the live file where reading them costs nothing extra.
"""

R = TypeVar("R", bound=Record)


def to_record(obj: Record) -> dict[str, Any]:
    """A JSON-ready dict: datetimes and dates as ISO-8601, tuples as lists."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "changed" and value is None:
            continue  # an unedited record is stored exactly as before edits existed
        if f.metadata.get(ONE_OR_MANY):
            value = (value[0] if len(value) == 1 else list(value)) if value else None
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _base_type(annotation: Any) -> Any:
    """The non-None type of ``X | None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if args else annotation
    return annotation


def _stored_number(value: Any) -> int | float:
    """A number field as a document stores it: a JSON number, never text or true/false.

    The constructors read digits in text because a person types them on the
    command line; a document is written by a program, so ``"5"`` there is a
    damaged or foreign file, not a 5.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("not a number")
    return value


Parser = Callable[[Any], Any]
_PARSERS: dict[type, list[tuple[str, Parser | None]]] = {}
"""Per record class: each field's name and the function that turns its JSON value back (or None: as stored)."""


def _parsers(cls: type[Record]) -> list[tuple[str, Parser | None]]:
    """Work out once per class how each field is read, so loading years of history stays fast.

    Lists are passed on as stored: the record's own check (:func:`check_texts`)
    refuses a string or an object where a list belongs, which ``tuple()``
    would have split into letters or keys.
    """
    parsers = _PARSERS.get(cls)
    if parsers is None:
        hints = typing.get_type_hints(cls)
        parsers = []
        for f in dataclasses.fields(cls):
            kind = _base_type(hints[f.name])
            parse: Parser | None = None
            if kind is datetime:
                parse = datetime.fromisoformat
            elif kind is date:
                parse = date.fromisoformat
            elif kind is int or kind is float:
                parse = _stored_number
            parsers.append((f.name, parse))
        _PARSERS[cls] = parsers
    return parsers


def from_record(cls: type[R], data: dict[str, Any]) -> R:
    """Build and validate a record from a stored or imported dict.

    Unknown keys are ignored (a newer painpal's extra fields), missing ones
    take their defaults; any invalid value raises :class:`ValidationError`.
    """
    if not isinstance(data, dict):
        raise ValidationError(f"A {cls.__name__} record must be an object.")
    kwargs: dict[str, Any] = {}
    for name, parse in _parsers(cls):
        if name not in data:
            continue
        value = data[name]
        if value is not None and parse is not None:
            try:
                value = parse(value)
            except (TypeError, ValueError):
                label = "time ('at')" if name == "at" else name.replace("_", " ")
                raise ValidationError(f"The {label} of a {cls.__name__} record is not valid: {_kind(value)}.") from None
        kwargs[name] = value
    if "at" not in kwargs:
        raise ValidationError(f"A {cls.__name__} record needs its time ('at').")
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValidationError(f"A {cls.__name__} record is not valid: {exc}.") from None
