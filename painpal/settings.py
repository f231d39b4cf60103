"""Every setting painpal stores, typed: one tolerant load, one save, one sentence per bad value.

Settings live in the live data file as ``{"key": ..., "value": ...}`` rows
(:meth:`painpal.storage.store.Store.settings`). Before this module each
surface read the bare keys itself, and a bad stored plan got four different
behaviours (an error, a message, a silent fallback and a crash). Now:

* :func:`load` never raises for a bad value: it falls back to the default
  for that setting and records a :class:`Problem` whose ``message`` is one
  sentence naming the setting and the fix. Every surface shows that same
  sentence: the TUI stays up and says it; a command whose answer depends on
  the setting prints it and exits 1 (:meth:`Settings.require`).
* Nothing here writes unless asked to (:func:`save`), so a value painpal
  cannot read is never written over behind the person's back; an
  unreadable custom routine is kept in :attr:`Settings.stored_routines`
  exactly as stored, so saving the list again keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from painpal.domain.records import ValidationError
from painpal.storage.files import StoreError
from painpal.text import shorten

if TYPE_CHECKING:
    from painpal.domain.plan import DayPlan
    from painpal.notify import Channel, QuietHours, Reach
    from painpal.routines import Routine

Key = Literal[
    "plan",
    "routines",
    "hidden_routines",
    "welcomed",
    "theme",
    "report_person",
    "choices",
    "notify_channels",
    "quiet_hours",
    "calendars",
    "moving_categories",
]
"""The stored name of each setting: the only place these strings are written."""
PLAN: Key = "plan"
ROUTINES: Key = "routines"
HIDDEN_ROUTINES: Key = "hidden_routines"
WELCOMED: Key = "welcomed"
THEME: Key = "theme"
REPORT_PERSON: Key = "report_person"
CHOICES: Key = "choices"
NOTIFY_CHANNELS: Key = "notify_channels"
QUIET_HOURS: Key = "quiet_hours"
CALENDARS: Key = "calendars"
MOVING_CATEGORIES: Key = "moving_categories"
KEYS: tuple[Key, ...] = (
    PLAN,
    ROUTINES,
    HIDDEN_ROUTINES,
    WELCOMED,
    THEME,
    REPORT_PERSON,
    CHOICES,
    NOTIFY_CHANNELS,
    QUIET_HOURS,
    CALENDARS,
    MOVING_CATEGORIES,
)
MAX_CALENDARS = 50
"""More calendar paths than this is a typing loop, not a person's calendars."""
PATH_MAX = 4096

THEMES = ("painpal-dark", "painpal-light")
"""The themes painpal offers (``T`` switches between them); their colours are in :mod:`painpal.tui.themes`."""
DARK_THEME, LIGHT_THEME = THEMES
FORMER_THEMES = {"textual-dark": DARK_THEME, "textual-light": LIGHT_THEME}
"""Textual's themes, which painpal used before it had its own: a saved one still means dark or light."""


class SettingsError(StoreError):
    """A stored setting a command needs cannot be read: a problem with the data file (exit status 1)."""


class SettingSource(Protocol):
    """What :func:`load` needs of a store."""

    def settings(self) -> dict[str, Any]: ...


class SettingSink(Protocol):
    """What :func:`save` needs of a store."""

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Problem:
    """A stored setting that cannot be used as it is."""

    key: Key
    message: str
    """One sentence: which setting, what is wrong, how to fix it. Shown as is on every surface."""


@dataclass(frozen=True)
class ReportPerson:
    """Whose report it is, as its first line names them; nothing is required."""

    name: str | None = None
    born: date | None = None


def report_person(name: Any, born: Any) -> ReportPerson:
    """Checked: a name of one line (at most 80 characters) and a date of birth ``YYYY-MM-DD`` in 1900..2999."""
    from painpal.domain.records import check_year, clean_text

    text = clean_text(name, "name", 80) if name is not None else None
    day = None
    if born not in (None, ""):
        try:
            day = date.fromisoformat(str(born))
        except ValueError:
            raise ValidationError(
                f"The date of birth must be YYYY-MM-DD, e.g. 1980-04-02; got {_shown(str(born))!r}."
            ) from None
        check_year(day, "date of birth")
    return ReportPerson(text, day)


@dataclass(frozen=True)
class Settings:
    """The person's settings, each valid: a bad stored value is replaced by its default and named in ``problems``."""

    plan: DayPlan = field(default_factory=lambda: _plan_module().DayPlan())
    routines: tuple[Routine, ...] = ()
    """The person's own routines that are valid (the coach and the library offer these)."""
    stored_routines: tuple[Any, ...] = ()
    """The "routines" setting exactly as stored, unreadable entries included: saving it back keeps them."""
    hidden_routines: tuple[str, ...] = ()
    """Ids of routines the person hid: kept for history, never offered."""
    welcomed: bool = False
    """The first-run welcome has been seen."""
    theme: str | None = None
    """The chosen theme, or ``None`` for the app's default."""
    report_person: ReportPerson = field(default_factory=lambda: ReportPerson())
    """Whose report it is: the name and date of birth the clinician report prints (both optional)."""
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per one-key question ("location", "eases", "relief", ...), the person's own answers in their lasting
    order (:mod:`painpal.domain.choices`): what keeps "9" meaning the same answer every day."""
    notify_channels: tuple[Channel, ...] = ("terminal", "desktop")
    """How prompts reach the person besides the toast (:mod:`painpal.notify`); the bell is the plan's own setting."""
    quiet_hours: QuietHours | None = None
    """When prompts notify nobody (the toast still shows), or ``None`` for never."""
    calendars: tuple[str, ...] = ()
    """Absolute paths of the person's calendars: ``.ics`` files or folders of them (:mod:`painpal.domain.calendar`)."""
    moving_categories: tuple[str, ...] = ()
    """Calendar categories that mean a meeting is held standing or walking, not seated."""
    problems: tuple[Problem, ...] = ()

    @property
    def reach(self) -> Reach:
        """How a prompt reaches the person: the stored channels, the bell when the plan rings it (its one home)."""
        from painpal.notify import Reach

        return Reach((*self.notify_channels, *(("bell",) if self.plan.bell else ())), self.quiet_hours)

    def problem(self, *keys: Key) -> Problem | None:
        """The first problem with one of ``keys`` (all keys when none are named)."""
        for p in self.problems:
            if not keys or p.key in keys:
                return p
        return None

    def require(self, *keys: Key) -> Settings:
        """These settings, or :class:`SettingsError` with the problem's sentence: for commands that need them."""
        p = self.problem(*keys)
        if p is not None:
            raise SettingsError(p.message)
        return self

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)


def _plan_module() -> Any:
    """The plan module, imported on first use: it pulls in ``dateutil.rrule``, which a first frame does without."""
    from painpal.domain import plan

    return plan


QUOTE_MAX = 40
"""Longest stored text quoted in a sentence; longer is cut, so a 200 kB name cannot flood a terminal."""


def _shown(text: str) -> str:
    """Stored text as it may appear inside a sentence: one line, no control characters, at most :data:`QUOTE_MAX`."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return shorten(flat, QUOTE_MAX)


def _reason(exc: ValidationError) -> str:
    """A validation sentence as a clause inside another sentence: one line, short, starting in lower case.

    The reason may quote what was stored ("got '6:30am'"); it is flattened
    and cut like any quoted value. A first word in capitals (HH:MM) keeps them.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in str(exc))
    text = " ".join(text.split()).rstrip(".")
    text = shorten(text, 3 * QUOTE_MAX)
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def plan_problem(exc: ValidationError) -> Problem:
    """The sentence for a stored plan that does not validate."""
    return Problem(
        PLAN,
        f"The saved day plan cannot be read ({_reason(exc)}); save your plan again in the Plan screen "
        "(key p in painpal) to fix it.",
    )


def _load_routines(value: Any) -> tuple[tuple[Routine, ...], tuple[Any, ...], list[Problem]]:
    from painpal.routines.schema import parse_stored_routines

    if value is None:
        return (), (), []
    if not isinstance(value, list):
        message = (
            "The saved list of your own routines is not a list, so painpal offers none of them; "
            "add them again in the routine library (key l in painpal)."
        )
        return (), (), [Problem(ROUTINES, message)]
    valid, unreadable = parse_stored_routines(value)
    problems: list[Problem] = []
    for number, item, exc in unreadable:
        name = item.get("name") if isinstance(item, Mapping) else None
        which = f"“{_shown(name)}”" if isinstance(name, str) and name.strip() else f"number {number}"
        problems.append(
            Problem(
                ROUTINES,
                f"Your own routine {which} cannot be read ({_reason(exc)}); painpal keeps it as saved "
                "but does not offer it until you edit or delete it in the routine library (key l in painpal).",
            )
        )
    return tuple(valid), tuple(value), problems


def _load_hidden(value: Any) -> tuple[tuple[str, ...], list[Problem]]:
    if value is None:
        return (), []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        message = (
            "The saved list of hidden routines is not a list of routine ids, so every routine is offered; "
            "hide them again in the routine library (key l in painpal)."
        )
        return (), [Problem(HIDDEN_ROUTINES, message)]
    return tuple(value), []


def _load_theme(value: Any) -> tuple[str | None, list[Problem]]:
    if value is None or value in THEMES:
        return value, []
    if isinstance(value, str) and value in FORMER_THEMES:
        return FORMER_THEMES[value], []
    shown = _shown(repr(value))
    message = f"The saved theme {shown} is not one painpal knows; choose dark or light again with key T in painpal."
    return None, [Problem(THEME, message)]


def _load_report_person(value: Any) -> tuple[ReportPerson, list[Problem]]:
    if value is None:
        return ReportPerson(), []
    try:
        if not isinstance(value, Mapping):
            raise ValidationError("it is not a name and a date")
        return report_person(value.get("name"), value.get("born")), []
    except ValidationError as exc:
        message = (
            f"The saved name and date of birth for reports cannot be used ({_reason(exc)}); "
            "set them again with painpal report --name ... --born YYYY-MM-DD."
        )
        return ReportPerson(), [Problem(REPORT_PERSON, message)]


def _load_choices(value: Any) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    from painpal.domain.records import SHORT_TEXT_MAX, check_texts

    if value is None:
        return {}, []
    try:
        if not isinstance(value, Mapping) or not all(isinstance(k, str) and len(k) <= 40 for k in value):
            raise ValidationError("it is not a list of answers per question")
        return {key: check_texts(answers, "answer", SHORT_TEXT_MAX) for key, answers in value.items()}, []
    except ValidationError as exc:
        message = (
            f"The saved numbering of your one-key answers cannot be used ({_reason(exc)}); "
            "painpal numbers them afresh from your log and saves that at the next check-in."
        )
        return {}, [Problem(CHOICES, message)]


FIX_NOTIFY = "set it again with painpal notify"


def _load_notify_channels(value: Any) -> tuple[tuple[Channel, ...], list[Problem]]:
    default = Settings.notify_channels
    if value is None:  # the usual case: `painpal status` and `log` need not import painpal.notify
        return default, []
    from painpal.notify import channels_from

    try:
        if not isinstance(value, list):
            raise ValidationError("it is not a list of channels")
        chosen = channels_from(value)
    except ValidationError as exc:
        message = (
            f"The saved notification channels cannot be used ({_reason(exc)}), so painpal uses the terminal and "
            f"the desktop; {FIX_NOTIFY} --channels terminal,desktop,bell."
        )
        return default, [Problem(NOTIFY_CHANNELS, message)]
    return tuple(c for c in chosen if c != "bell"), []


def _load_quiet_hours(value: Any) -> tuple[QuietHours | None, list[Problem]]:
    if value is None:
        return None, []
    from painpal.notify import quiet_hours

    try:
        if not isinstance(value, str):
            raise ValidationError("it is not text like 22:00-07:00")
        return quiet_hours(value), []
    except ValidationError as exc:
        message = (
            f"The saved quiet hours cannot be used ({_reason(exc)}), so prompts notify at any hour; "
            f"{FIX_NOTIFY} --quiet 22:00-07:00 (or off)."
        )
        return None, [Problem(QUIET_HOURS, message)]


def check_calendar_path(value: Any) -> str:
    """A stored calendar path: an absolute path of one line, as ``painpal calendar add`` stores it."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("a calendar path must be text")
    if len(value) > PATH_MAX or any(not ch.isprintable() for ch in value):
        raise ValidationError(f"the calendar path {_shown(value)!r} is too long or holds control characters")
    if not value.startswith("/") and not (len(value) > 2 and value[1] == ":"):
        raise ValidationError(f"the calendar path {_shown(value)!r} is not absolute")
    return value


def _load_text_list(value: Any, key: Key, check: Any, fix: str) -> tuple[tuple[str, ...], list[Problem]]:
    """A stored list of texts, each checked; a bad list or entry drops what is bad and says so once."""
    if value is None:
        return (), []
    if not isinstance(value, list) or len(value) > MAX_CALENDARS:
        return (), [Problem(key, f"The saved {key.replace('_', ' ')} are not a short list of texts; {fix}.")]
    good: list[str] = []
    for item in value:
        try:
            good.append(check(item))
        except ValidationError as exc:
            return tuple(good), [
                Problem(key, f"One of the saved {key.replace('_', ' ')} cannot be used ({_reason(exc)}); {fix}.")
            ]
    return tuple(dict.fromkeys(good)), []


def check_category(value: Any) -> str:
    """A calendar category name: one short line."""
    from painpal.domain.records import clean_text

    text = clean_text(value, "category", 80)
    if text is None:
        raise ValidationError("a category must not be empty")
    return text


def _load_welcomed(value: Any) -> tuple[bool, list[Problem]]:
    if value is None or isinstance(value, bool):
        return value is True, []
    message = "The saved first-run flag is not true or false, so painpal shows the welcome again; press Enter there."
    return False, [Problem(WELCOMED, message)]


def _readable_part(stored: Any) -> DayPlan:
    """As much of a stored plan as validates, the defaults for the rest.

    A plan with one bad field (a wake time typed "6:30am") keeps the person's
    work blocks and sitting limit on screen, and the Plan screen opens on
    them, so saving it to fix the one field does not throw the others away.
    """
    plans = _plan_module()
    good: dict[str, Any] = {}
    if isinstance(stored, Mapping):
        for key, value in stored.items():
            try:
                plans.plan_from_dict({**good, key: value})
            except (ValidationError, TypeError, ValueError):
                continue
            good[key] = value
    plan: DayPlan = plans.plan_from_dict(good)
    return plan


def from_values(values: Mapping[str, Any]) -> Settings:
    """Settings from the stored ``key -> value`` mapping; never raises for a bad value."""
    plans = _plan_module()
    problems: list[Problem] = []
    plan = plans.DayPlan()
    if values.get(PLAN) is not None:
        try:
            plan = plans.plan_from_dict(values[PLAN])
        except ValidationError as exc:
            problems.append(plan_problem(exc))
            plan = _readable_part(values[PLAN])
    routines, stored, routine_problems = _load_routines(values.get(ROUTINES))
    hidden, hidden_problems = _load_hidden(values.get(HIDDEN_ROUTINES))
    theme, theme_problems = _load_theme(values.get(THEME))
    welcomed, welcomed_problems = _load_welcomed(values.get(WELCOMED))
    person, person_problems = _load_report_person(values.get(REPORT_PERSON))
    choices, choice_problems = _load_choices(values.get(CHOICES))
    problems += routine_problems + hidden_problems + theme_problems + welcomed_problems + person_problems
    channels, channel_problems = _load_notify_channels(values.get(NOTIFY_CHANNELS))
    quiet, quiet_problems = _load_quiet_hours(values.get(QUIET_HOURS))
    problems += choice_problems + channel_problems + quiet_problems
    calendars, calendar_problems = _load_text_list(
        values.get(CALENDARS), CALENDARS, check_calendar_path, "add your calendars again with painpal calendar add"
    )
    moving, moving_problems = _load_text_list(
        values.get(MOVING_CATEGORIES),
        MOVING_CATEGORIES,
        check_category,
        "name them again with painpal calendar moving",
    )
    problems += calendar_problems + moving_problems
    return Settings(
        plan=plan,
        routines=routines,
        stored_routines=stored,
        hidden_routines=hidden,
        welcomed=welcomed,
        theme=theme,
        report_person=person,
        choices=choices,
        notify_channels=channels,
        quiet_hours=quiet,
        calendars=calendars,
        moving_categories=moving,
        problems=tuple(problems),
    )


def restorable(
    offered: Mapping[str, Any], stored: Mapping[str, Any], *, replace: bool
) -> tuple[dict[str, Any], list[str]]:
    """Which settings of an export an import takes: readable ones, and by default only those not set here.

    Returns the ``key -> value`` to store and one phrase per setting left
    alone ("plan (this folder has its own)"), for the import's summary. A
    value painpal cannot read is never imported: it would only become a
    problem in the new folder.
    """
    take: dict[str, Any] = {}
    left: list[str] = []
    for key in KEYS:
        if key not in offered:
            continue
        if from_values({key: offered[key]}).problem(key) is not None:
            left.append(f"{key} (not readable)")
        elif key in stored and not replace:
            if stored[key] != offered[key]:
                left.append(f"{key} (this folder has its own)")
        else:
            take[key] = offered[key]
    return take, left


def load(store: SettingSource) -> Settings:
    """The person's settings, read once from ``store``: the tolerant load every surface uses."""
    return from_values(store.settings())


def stored_theme(store: SettingSource) -> tuple[str | None, Problem | None]:
    """Just the theme, for the TUI's first frame: the same check as :func:`load`, without parsing the rest."""
    theme, problems = _load_theme(store.settings().get(THEME))
    return theme, problems[0] if problems else None


def save(
    store: SettingSink,
    *,
    plan: DayPlan | None = None,
    routines: Sequence[Any] | None = None,
    hidden_routines: Sequence[str] | None = None,
    welcomed: bool | None = None,
    theme: str | None = None,
    person: ReportPerson | None = None,
    choices: Mapping[str, Sequence[str]] | None = None,
    notify_channels: Sequence[Channel] | None = None,
    quiet_hours: QuietHours | Literal["off"] | None = None,
    calendars: Sequence[str] | None = None,
    moving_categories: Sequence[str] | None = None,
) -> None:
    """Store the settings given (the others are left as they are), each encoded as painpal reads it back.

    ``routines`` is the whole stored list (entries may be dicts painpal
    could not read: they are kept, see :attr:`Settings.stored_routines`).
    ``notify_channels`` leaves the bell out: it is stored in the plan.
    ``quiet_hours="off"`` turns them off (``None`` leaves them as they are).
    """
    if theme is not None and theme not in THEMES:
        raise ValidationError(f"The theme must be one of {', '.join(THEMES)}, not {theme!r}.")
    if plan is not None:
        store.set_setting(PLAN, _plan_module().plan_to_dict(plan))
    if routines is not None:
        store.set_setting(ROUTINES, list(routines))
    if hidden_routines is not None:
        store.set_setting(HIDDEN_ROUTINES, [str(v) for v in hidden_routines])
    if welcomed is not None:
        store.set_setting(WELCOMED, bool(welcomed))
    if theme is not None:
        store.set_setting(THEME, theme)
    if person is not None:
        stored = {"name": person.name, "born": person.born.isoformat() if person.born else None}
        store.set_setting(REPORT_PERSON, stored)
    if choices is not None:
        store.set_setting(CHOICES, {key: [str(a) for a in answers] for key, answers in choices.items()})
    if notify_channels is not None:
        store.set_setting(NOTIFY_CHANNELS, [c for c in notify_channels if c != "bell"])
    if quiet_hours is not None:
        store.set_setting(QUIET_HOURS, "off" if quiet_hours == "off" else str(quiet_hours))
    if calendars is not None:
        store.set_setting(CALENDARS, [check_calendar_path(p) for p in dict.fromkeys(calendars)])
    if moving_categories is not None:
        store.set_setting(MOVING_CATEGORIES, [check_category(c) for c in dict.fromkeys(moving_categories)])


class SettingStore(SettingSource, SettingSink, Protocol):
    """What :func:`remember_choices` needs: to read the stored orders and write them back."""


def remember_choices(store: SettingStore, orders: Mapping[str, Sequence[str]]) -> None:
    """Store the lasting order of the person's own answers for the questions in ``orders``; the rest stay as stored.

    A stored order painpal cannot read is replaced (its problem said it
    would be numbered afresh); the orders of other questions are kept.
    """
    stored, _ = _load_choices(store.settings().get(CHOICES))
    save(store, choices={**stored, **{key: tuple(answers) for key, answers in orders.items()}})
