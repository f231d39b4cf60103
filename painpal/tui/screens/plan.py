"""Plan: when the person wakes, sits to work, unwinds and sleeps; saved to the data file.

Fields are plain text a person can type ("09:00-12:30, 13:30-17:30",
"Mon-Fri"); the plan's own validation gives the error sentence, and the
screen shows it under the field it is about (:class:`PlanError` names it),
so a refused save is visible at any terminal size.

Work blocks are edited one weekday at a time: the weekday chooser swaps the
blocks field between days, each day's text kept as typed until Ctrl+S, and
the copy buttons give other days the same blocks.

The calendars whose meetings no prompt interrupts are listed with today's
meetings of each (read in a worker: a folder may hold thousands of files).
A path typed in is checked by the same rule as ``painpal calendar add``
(:func:`painpal.services.calendar.check_new`) and kept in the list until
Ctrl+S saves it with the plan, so adding or removing one is an edit Esc asks
about like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from painpal.domain.plan import (
    WEEKDAY_NAMES,
    Blocks,
    DayPlan,
    PlanError,
    format_hhmm,
    typed_time,
)
from painpal.domain.records import ValidationError, check_int
from painpal.settings import check_category
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalScreen, not_saved_markup
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from painpal.services.calendar import CalendarDay

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_WEEK = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
NARROW_BELOW = 56
"""Columns under which each label sits above its field instead of beside it."""
T = TypeVar("T")

TIME_HINT = "a time such as 06:30, 6:30am or 18:30"
"""What plan times may be typed as (:func:`painpal.domain.plan.typed_time`), as every field's error names it."""


def format_days(days: tuple[int, ...]) -> str:
    """(0, 1, 2, 3, 4) -> "Mon-Fri"; other sets as a comma list."""
    if not days:
        return ""
    if list(days) == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{DAY_NAMES[days[0]].title()}-{DAY_NAMES[days[-1]].title()}"
    return ", ".join(DAY_NAMES[d].title() for d in days)


def format_blocks(blocks: Blocks) -> str:
    """((09:00, 12:30), (13:30, 17:30)) -> "09:00-12:30, 13:30-17:30": what the blocks field shows."""
    return ", ".join(f"{format_hhmm(a)}-{format_hhmm(b)}" for a, b in blocks)


def say(line: Static, markup: str) -> None:
    """Show ``markup`` on ``line``; an empty line takes no row, so the form keeps its shape until there is news."""
    line.update(markup)
    line.display = bool(markup)


def parse_days(text: str) -> list[int]:
    """ "Mon-Fri", "mon, wed, fri", "" (no work days) -> weekday numbers."""
    out: list[int] = []
    for part in (p.strip().lower() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        ends = [e.strip()[:3] for e in part.split("-")]
        if not all(e in DAY_NAMES for e in ends) or len(ends) > 2:
            raise ValidationError(f"Work days: {part!r} is not a day; write e.g. Mon-Fri or Mon, Wed, Fri.")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        out.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return sorted(set(out))


def parse_time(text: str, what: str) -> time:
    """One plan time as typed ("6:30am" too); the refusal says what may be typed."""
    try:
        return typed_time(text, what)
    except ValidationError:
        raise ValidationError(f"The {what} must be {TIME_HINT}; got {text.strip()!r}.") from None


def parse_blocks(text: str) -> Blocks:
    """ "09:00-12:30, 13:30-17:30" -> ((09:00, 12:30), (13:30, 17:30)); "" is no blocks."""
    blocks = []
    for n, part in enumerate((p.strip() for p in text.split(",") if p.strip()), 1):
        ends = [e.strip() for e in part.split("-")]
        if len(ends) != 2:
            raise ValidationError(f"Work block {part!r} should be a start and an end, e.g. 09:00-12:30.")
        blocks.append((parse_time(ends[0], f"start of work block {n}"), parse_time(ends[1], f"end of work block {n}")))
    return tuple(blocks)


def parse_categories(text: str) -> tuple[str, ...]:
    """ "On my feet, Walking" -> the moving categories, each checked as the settings store them."""
    return tuple(dict.fromkeys(check_category(c) for c in text.split(",") if c.strip()))


def shown_path(path: str) -> str:
    """A stored (absolute) calendar path as the list shows it: the home folder as ``~``, to keep rows short."""
    home = str(Path.home())
    return "~" + path[len(home) :] if home != "/" and path.startswith(home + "/") else path


def calendar_note(day: CalendarDay | None) -> str:
    """What the list says under one calendar: today's meetings, or the sentence why it cannot be read."""
    from painpal.services.calendar import count_phrase

    if day is None:
        return "[dim]reading…[/]"
    count = sum(n for _, n in day.counts)
    if day.problems and (count < 0 or not day.meetings):  # nothing of it could be read
        return f"[$text-warning]{escape(day.problems[0])}[/]"
    note = escape(count_phrase(count))
    if day.problems:
        n = len(day.problems)
        note += f"; [$text-warning]{n} file{'s' * (n != 1)} cannot be read: {escape(day.problems[0])}[/]"
    return note


def parse_moves(text: str) -> tuple[time, ...]:
    """ "10:30, 15:30" -> the rest-day move times."""
    parts = [t.strip() for t in text.split(",") if t.strip()]
    return tuple(parse_time(t, f"rest-day move time {n}") for n, t in enumerate(parts, 1))


class PlanScreen(PainPalScreen[DayPlan | None], palette="Plan"):
    """Edit the day plan; Ctrl+S saves, Esc leaves (asking first when something was changed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="plan-save", tooltip="Save the plan"),
        Binding("escape", "cancel", "Back", id="plan-cancel", tooltip="Leave the plan (asks if you changed it)"),
    ]
    AUTO_FOCUS = "#plan-wake"

    TEXT_FIELDS: tuple[tuple[str, str], ...] = (
        ("wake", "Wake"),
        ("work_days", "Work days"),
        ("work_blocks", "Seated blocks"),
        ("rest_day_moves", "Rest-day moves"),
        ("max_seated_minutes", "Max seated min"),
        ("unwind", "Unwind"),
        ("sleep", "Sleep"),
        ("calendar_path", "Add calendar"),
        ("moving_categories", "Moving categories"),
    )
    """The typed fields: the :class:`DayPlan` attribute each sets (its id and its errors' key), and its label.

    The last two are the calendar settings saved with the plan.
    """
    PLACEHOLDERS = {
        "work_blocks": "none, or e.g. 09:00-12:30, 13:30-17:30",
        "calendar_path": "an .ics file or a folder of them",
        "moving_categories": "none, or e.g. On my feet, Walking",
    }

    def __init__(self, plan: DayPlan, calendars: tuple[str, ...] = (), moving: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.plan = plan
        self.stored_calendars = calendars
        self.stored_moving = moving
        self.calendars = list(calendars)
        """The calendar paths as the list shows them: what Ctrl+S stores."""
        self.calendar_days: dict[str, CalendarDay] = {}
        """Today's read of each listed calendar, once its worker has read it."""
        self.day = next(iter(plan.work_days), 0)
        """The weekday whose blocks the blocks field shows."""
        self.blocks_text = {d: format_blocks(plan.blocks_kept(d)) for d in EVERY_DAY}
        """Each weekday's blocks as typed so far; the shown day's lives in its field until the day changes."""
        self._untouched: tuple[object, ...] = ()

    # ------------------------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        p = self.plan
        values = {
            "wake": format_hhmm(p.wake),
            "work_days": format_days(p.work_days),
            "work_blocks": self.blocks_text[self.day],
            "rest_day_moves": ", ".join(format_hhmm(t) for t in p.rest_day_moves),
            "max_seated_minutes": str(p.max_seated_minutes),
            "unwind": format_hhmm(p.unwind),
            "sleep": format_hhmm(p.sleep),
            "moving_categories": ", ".join(self.stored_moving),
        }
        labels = dict(self.TEXT_FIELDS)
        with VerticalScroll(id="plan-form"):
            yield Static("[b]Your day plan[/]  [dim]times such as 06:30, 6:30am or 18:30[/]")
            for key in ("wake", "work_days"):
                yield from self._text_row(key, labels[key], values[key])
            with Horizontal(classes="form-row"):
                yield Label("Blocks on", classes="form-label")
                options = [(name, d) for d, name in enumerate(WEEKDAY_NAMES)]
                yield Select(options, value=self.day, allow_blank=False, id="plan-weekday", compact=True)
            yield from self._text_row("work_blocks", labels["work_blocks"], values["work_blocks"])
            with Horizontal(classes="form-row"):
                yield Label("Copy this day to", classes="form-label")
                with Horizontal(classes="form-buttons"):
                    yield Button("Mon-Fri", id="plan-copy-week", compact=True)
                    yield Button("Every day", id="plan-copy-all", compact=True)
            yield Static(id="plan-day-hint", classes="form-hint form-after")
            for key in ("rest_day_moves", "max_seated_minutes", "unwind", "sleep"):
                yield from self._text_row(key, labels[key], values[key])
            with Vertical(classes="form-after"):
                yield Checkbox("Ring the bell with prompts", p.bell, id="plan-bell", compact=True)
                yield Checkbox("Prompt at transitions", p.prompts, id="plan-prompts", compact=True)
            yield Static("[b]Calendars[/]  [dim]no prompt interrupts their meetings[/]", classes="form-section")
            yield Vertical(id="plan-calendars", classes="form-after")
            yield Static(id="plan-calendars-hint", classes="form-hint form-after")
            add = Button("Add", id="plan-calendar-add", compact=True)
            yield from self._text_row("calendar_path", labels["calendar_path"], "", add)
            yield from self._text_row("moving_categories", labels["moving_categories"], values["moving_categories"])
            with Horizontal(classes="form-row buttons"):
                yield Button("Save (Ctrl+S)", id="plan-save-button", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="plan-cancel-button", compact=True)
        yield Static(id="plan-error", classes="error")
        yield LeanFooter(compact=True)

    def _text_row(self, key: str, label: str, value: str, button: Button | None = None) -> ComposeResult:
        """A labelled field (and the button that acts on it) and, under it, the place its error sentence appears."""
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            hint = self.PLACEHOLDERS.get(key, "")
            yield Input(value=value, placeholder=hint, id=f"plan-{key}", classes="form-input", compact=True)
            if button is not None:
                yield button
        yield Static(id=f"plan-{key}-error", classes="error field-error form-after")

    def on_mount(self) -> None:
        for line in self.query(".field-error"):
            line.display = False
        self.show_error("")
        self._calendars_hint("")
        self._show_day_hint()
        self._show_calendars()
        self._untouched = self._form_state()
        if self.calendars:
            self._read_calendars(tuple(self.calendars))

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    # ------------------------------------------------------------------------------------------ reading

    def _value(self, key: str) -> str:
        return self.query_one(f"#plan-{key}", Input).value.strip()

    def _form_state(self) -> tuple[object, ...]:
        """Everything the person can change, to tell an edited form from the one they opened."""
        self.blocks_text[self.day] = self.query_one("#plan-work_blocks", Input).value
        texts = tuple(self._value(key) for key, _ in self.TEXT_FIELDS if key != "work_blocks")
        blocks = tuple(" ".join(self.blocks_text[d].split()) for d in EVERY_DAY)
        checks = tuple(self.query_one(f"#plan-{key}", Checkbox).value for key in ("bell", "prompts"))
        return texts, blocks, checks, tuple(self.calendars)

    @property
    def edited(self) -> bool:
        """Whether anything differs from the plan the screen opened with."""
        return self._form_state() != self._untouched

    def read_form(self) -> DayPlan:
        """The plan the form describes; :class:`PlanError` naming the field if it cannot be."""
        self.blocks_text[self.day] = self.query_one("#plan-work_blocks", Input).value

        def field(key: str, read: Callable[[], T], weekday: int | None = None) -> T:
            try:
                return read()
            except PlanError:
                raise
            except ValidationError as exc:
                raise PlanError(str(exc), key, weekday) from None

        wake = field("wake", lambda: parse_time(self._value("wake"), "wake time"))
        work_days = field("work_days", lambda: parse_days(self._value("work_days")))
        blocks = {d: field("work_blocks", partial(parse_blocks, self.blocks_text[d]), d) for d in EVERY_DAY}
        moves = field("rest_day_moves", lambda: parse_moves(self._value("rest_day_moves")))
        seated = field(
            "max_seated_minutes",
            lambda: check_int(self._value("max_seated_minutes"), "longest seated stretch (minutes)", 15, 240),
        )
        unwind = field("unwind", lambda: parse_time(self._value("unwind"), "unwind time"))
        sleep = field("sleep", lambda: parse_time(self._value("sleep"), "sleep time"))
        return self.plan.with_week(
            work_days,
            blocks,
            wake=wake,
            rest_day_moves=moves,
            max_seated_minutes=seated,
            unwind=unwind,
            sleep=sleep,
            bell=self.query_one("#plan-bell", Checkbox).value,
            prompts=self.query_one("#plan-prompts", Checkbox).value,
        )

    # ------------------------------------------------------------------------------------------ errors

    def _clear_errors(self) -> None:
        for key, _ in self.TEXT_FIELDS:
            say(self.query_one(f"#plan-{key}-error", Static), "")
            self.query_one(f"#plan-{key}", Input).remove_class("-invalid")
        self.show_error("")

    def _show_field_error(self, exc: PlanError, saving: bool = True) -> None:
        """The sentence under its field, that field focused and scrolled to; the bottom line says the save failed.

        A path refused on its own (Enter or Add, not Ctrl+S) leaves the bottom line alone: nothing was being saved.
        """
        key = exc.field if exc.field in dict(self.TEXT_FIELDS) else None
        if key is None:
            self.show_error(not_saved_markup(exc))
            return
        if key == "work_blocks" and exc.weekday is not None and exc.weekday != self.day:
            self.query_one("#plan-weekday", Select).value = exc.weekday
            self._switch_day(exc.weekday)
        error = self.query_one(f"#plan-{key}-error", Static)
        say(error, escape(exc))
        widget = self.query_one(f"#plan-{key}", Input)
        widget.add_class("-invalid")
        widget.focus()
        self.call_after_refresh(self.query_one("#plan-form", VerticalScroll).scroll_to_center, error)
        if not saving:
            return
        label = dict(self.TEXT_FIELDS)[key]
        day = f" ({WEEKDAY_NAMES[exc.weekday]})" if key == "work_blocks" and exc.weekday is not None else ""
        self.show_error(not_saved_markup(f"see the note under {label}{day}."))

    def show_error(self, markup: str) -> None:
        say(self.query_one("#plan-error", Static), markup)

    # ------------------------------------------------------------------------------------------ weekdays

    @on(Select.Changed, "#plan-weekday")
    def _weekday_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.day:
            self._switch_day(event.value)

    def _switch_day(self, day: int) -> None:
        """Keep the shown day's blocks as typed and show ``day``'s."""
        field = self.query_one("#plan-work_blocks", Input)
        self.blocks_text[self.day] = field.value
        self.day = day
        field.value = self.blocks_text[day]
        say(self.query_one("#plan-work_blocks-error", Static), "")
        field.remove_class("-invalid")
        self._show_day_hint()

    def _copy_to(self, days: tuple[int, ...], where: str) -> None:
        text = self.query_one("#plan-work_blocks", Input).value
        for d in days:
            self.blocks_text[d] = text
        self._show_day_hint(f"{WEEKDAY_NAMES[self.day]}'s blocks copied to {where}.")

    def _show_day_hint(self, before: str = "") -> None:
        """Say which of the days with blocks are rest days: their blocks wait until they are work days."""
        try:
            work_days = parse_days(self._value("work_days"))
        except ValidationError:
            work_days = list(self.plan.work_days)
        resting = [d for d in EVERY_DAY if d not in work_days and self.blocks_text[d].strip()]
        words = [before] if before else []
        if self.day not in work_days:
            words.append(f"{WEEKDAY_NAMES[self.day]} is a rest day; add it to Work days to sit to these blocks.")
        elif resting:
            words.append(f"Kept for rest days: {format_days(tuple(resting))} (not used while they rest).")
        say(self.query_one("#plan-day-hint", Static), escape(" ".join(words)))

    @on(Input.Changed, "#plan-work_days")
    def _work_days_changed(self) -> None:
        self._show_day_hint()

    @on(Button.Pressed, "#plan-copy-week")
    def _copy_week(self) -> None:
        self._copy_to(WORKING_WEEK, "Mon-Fri")

    @on(Button.Pressed, "#plan-copy-all")
    def _copy_all(self) -> None:
        self._copy_to(EVERY_DAY, "every day")

    # ------------------------------------------------------------------------------------------ calendars

    def _show_calendars(self) -> None:
        """List the calendars afresh, each with its Remove button (the button's name is the path it removes)."""
        box = self.query_one("#plan-calendars", Vertical)
        box.remove_children()
        rows: list[Widget] = [
            Horizontal(
                Vertical(
                    Static(escape(shown_path(path)), classes="calendar-path"),
                    Static(calendar_note(self.calendar_days.get(path)), classes="calendar-note"),
                    classes="calendar-text",
                ),
                Button("Remove", name=path, classes="calendar-remove", compact=True),
                classes="calendar-row",
            )
            for path in self.calendars
        ]
        box.mount_all(rows or [Static("[dim]None yet: add an .ics file or a folder of them below.[/]")])

    @work(thread=True, group="plan-calendars")
    def _read_calendars(self, paths: tuple[str, ...]) -> None:
        """Today's meetings of each listed calendar, one at a time, each shown as soon as it is read."""
        from painpal.services.calendar import read_one

        now = self.painpal.clock.now()
        for path in paths:
            self.call_from_worker(self._calendar_read, path, read_one(path, self.stored_moving, self.plan, now))

    def _calendar_read(self, path: str, day: CalendarDay) -> None:
        self.calendar_days[path] = day
        self._show_calendars()

    @on(Input.Submitted, "#plan-calendar_path")
    @on(Button.Pressed, "#plan-calendar-add")
    def _add_pressed(self) -> None:
        self._clear_errors()
        self._calendars_hint("")
        self._check_calendar(self._value("calendar_path"), then_save=False)

    @work(thread=True, exclusive=True, group="plan-calendar-add")
    def _check_calendar(self, text: str, then_save: bool) -> None:
        """The typed path checked as ``painpal calendar add`` checks it (it reads the file: not on the UI thread)."""
        from painpal.services.calendar import check_new

        try:
            path, day = check_new(text, self.stored_moving, self.plan, self.painpal.clock.now())
        except ValidationError as exc:
            self.call_from_worker(self._show_field_error, PlanError(str(exc), "calendar_path"), then_save)
            return
        self.call_from_worker(self._calendar_checked, text, path, day, then_save)

    def _calendar_checked(self, text: str, path: str, day: CalendarDay, then_save: bool) -> None:
        """Put a checked path in the list (once), empty the field if it still holds that path, go on saving."""
        field = self.query_one("#plan-calendar_path", Input)
        if field.value.strip() == text:
            field.value = ""
        if path not in self.calendars:
            self.calendars.append(path)
        self.calendar_days[path] = day
        self._show_calendars()
        if then_save:
            self.action_save()
        else:
            self._calendars_hint(f"Added {shown_path(path)}; Ctrl+S saves it.")

    def _calendars_hint(self, text: str) -> None:
        say(self.query_one("#plan-calendars-hint", Static), escape(text))

    @on(Button.Pressed, ".calendar-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        """Take the calendar out of the list (saved with Ctrl+S); focus goes to the field that adds one."""
        path = event.button.name
        if path in self.calendars:
            self.calendars.remove(path)
            self._show_calendars()
            self.query_one("#plan-calendar_path", Input).focus()
            self._calendars_hint(f"Removed {shown_path(path)}; Ctrl+S saves the change.")

    # ------------------------------------------------------------------------------------------ save, leave

    def action_save(self) -> None:
        """Check the form and store it; a path typed but not yet added is checked first, and saved with it."""
        self._clear_errors()
        try:
            plan = self.read_form()
            moving = self._read_field("moving_categories", parse_categories)
        except PlanError as exc:
            self._show_field_error(exc)
            return
        except ValidationError as exc:
            self.show_error(not_saved_markup(exc))
            return
        if self._value("calendar_path"):
            self._check_calendar(self._value("calendar_path"), then_save=True)
            return
        calendars = self.calendars if tuple(self.calendars) != self.stored_calendars else None
        self._store_plan(plan, calendars, moving if moving != self.stored_moving else None)

    def _read_field(self, key: str, read: Callable[[str], T]) -> T:
        """``read`` of one field's text; its refusal becomes a :class:`PlanError` naming the field."""
        try:
            return read(self._value(key))
        except ValidationError as exc:
            raise PlanError(str(exc), key) from None

    @work(thread=True, exclusive=True, group="plan")
    def _store_plan(self, plan: DayPlan, calendars: list[str] | None, moving: tuple[str, ...] | None) -> None:
        """Store the plan, and the calendar settings when they changed (those left alone are not rewritten)."""
        from painpal import settings
        from painpal.storage.files import StoreError

        try:
            self.painpal.check_writable()
            settings.save(self.painpal.store, plan=plan, calendars=calendars, moving_categories=moving)
        except StoreError as exc:
            self.call_from_worker(self.show_error, not_saved_markup(exc))
            return
        self.call_from_worker(self._saved, plan)

    def _saved(self, plan: DayPlan) -> None:
        self.app.notify("Plan saved.", timeout=4)
        self.dismiss(plan)

    def action_cancel(self) -> None:
        """Leave; with changes made, only after the person says to throw them away."""
        if not self.edited:
            self.dismiss(None)
            return
        question = ConfirmScreen(
            "Leave the plan without saving your changes?", yes="leave, discard them", no="keep editing"
        )
        self.app.push_screen(question, self._leave_if_yes)

    def _leave_if_yes(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)

    @on(Button.Pressed, "#plan-save-button")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#plan-cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
