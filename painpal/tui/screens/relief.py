"""The relief log: "What did you use?" in one key, then optional minutes.

Relief that is not a guided routine (heat, a walk, a physio session,
medication taken) is half of what painpal learns from, so logging it must
take a second: each relief has one digit that stays its own (the common
ones first, the person's own after them in the order first used, "0"
for the next nine; :mod:`painpal.domain.choices`), with its kind beside
it — soothing or strategic, the balance the review shows. Medication (whatever the report counts as
medication: :func:`painpal.domain.relief.is_medication`) is recorded by name
only; painpal never asks for or gives a dose (see the project's clinical
notes), so it skips the minutes question too and drops any amount typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Click
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from painpal.domain.choices import PAGE, answer_order, on_page, own_answers, page_count
from painpal.domain.records import Relief, ValidationError
from painpal.domain.relief import RELIEFS, as_recorded, is_medication, relief_kind
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalModal, action_of

if TYPE_CHECKING:
    pass

RELIEF_CHOICES = "relief"
"""What the lasting order of the person's own reliefs is stored under (:attr:`painpal.settings.Settings.choices`)."""
MINUTES_DIGITS = 4
MINUTE_PRESETS = (5, 10, 15, 20, 30)
"""Clickable minute choices for mouse users; the keyboard types any number."""
COMMON_ORDER = (
    "heat",
    "walk",
    "medication taken",
    "stretching",
    "warm shower",
    "massage",
    "ice",
    "rest",
    "strength exercises",
)
"""The common reliefs in the order offered: soothing and strategic mixed, so both kinds are one key away.

The person's own reliefs follow them; the rest of
:data:`painpal.domain.relief.RELIEFS` is suggested as you type your own words.
"""
MEDICATION_NOTE = "name only — painpal gives no doses or drug advice"

Phase = Literal["choose", "minutes"]


def relief_choices(recent: Sequence[Relief], known: Sequence[str] = ()) -> tuple[str, ...]:
    """Every relief offered, in its lasting order: the common ones, then ``known`` (stored), then new ones in use."""
    return answer_order(COMMON_ORDER, known, (r.name for r in sorted(recent, key=lambda r: r.at)))


def kind_markup(kind: str) -> str:
    """A relief's kind, coloured: the review weighs soothing against strategic."""
    colour = "$text-accent" if kind == "soothing" else "$text-success"
    return f"[{colour}]{kind}[/]"


class ClickRow(Static):
    """A line that runs an action when clicked.

    A widget rather than ``[@click]`` markup: Textual paints links in the
    link colour, which would hide the soothing/strategic colours.
    """

    def __init__(self, markup: str, action: str) -> None:
        super().__init__(markup)
        self.action = action

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.run_action(self.action)


class ReliefScreen(PainPalModal[Relief | None], palette="Relief"):
    """Logs one relief; dismisses with the :class:`Relief` to save, or ``None`` (Esc)."""

    DEFAULT_CSS = """
    ReliefScreen {
        align: center middle;
    }
    ReliefScreen #relief {
        width: 100%;
        max-width: 72;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 2;
    }
    ReliefScreen #relief-question {
        text-style: bold;
        margin: 1 0;
    }
    ReliefScreen #relief-note {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    ReliefScreen #relief-list {
        height: auto;
    }
    ReliefScreen ClickRow {
        padding: 0 1;
    }
    ReliefScreen ClickRow:hover {
        background: $boost;
    }
    ReliefScreen #relief-input {
        margin: 1 0 0 0;
        display: none;
    }
    ReliefScreen.-typing #relief-input {
        display: block;
    }
    ReliefScreen #relief-error {
        color: $text-error;
        height: auto;
        margin: 1 0 0 0;
        display: none;
    }
    ReliefScreen #relief-error.-shown {
        display: block;
    }
    ReliefScreen #relief-hint {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    """

    BINDINGS = [
        *[
            Binding(str(n), f"choose({n})", "Choose 1-9", show=n == 1, key_display="1-9", id=f"relief-choose-{n}")
            for n in range(1, PAGE + 1)
        ],
        Binding("0", "more", "More", id="relief-more", tooltip="The next nine reliefs"),
        *[
            Binding(str(n), f"digit({n})", "Minutes", show=n == 0, key_display="0-9", id=f"relief-minute-{n}")
            for n in range(10)
        ],
        Binding("o", "own_words", "Own words", id="relief-own", tooltip="Type what you used"),
        Binding("backspace", "erase", "Erase", id="relief-erase", tooltip="Erase a digit; on empty, go back"),
        Binding("enter", "save", "Save", id="relief-save", tooltip="Save (no minutes if none typed)"),
        Binding("escape", "cancel", "Cancel", id="relief-cancel", tooltip="Close without saving"),
    ]

    AUTO_FOCUS = ""
    """Focus nothing until "o": a hidden input would swallow the digits. ("" means none; None means the app's.)"""

    def __init__(self, recent: Sequence[Relief], known: Sequence[str] = (), *, remember: bool = True) -> None:
        """``known``: the stored order of the person's own reliefs; saved longer when this log adds to it.

        ``remember`` False (a history read only in part) leaves the order unsaved.
        """
        super().__init__()
        self.known = tuple(known)
        self.remember = remember
        self.order = relief_choices(recent, known)
        """Every relief offered, in its lasting order; a relief typed here joins at the end."""
        self.page = 0
        self.suggestions = list(dict.fromkeys([*self.order, *(r.name for r in recent), *RELIEFS]))
        self.phase: Phase = "choose"
        self.name_chosen: str | None = None
        self.minutes_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="relief"):
            yield Static(id="relief-question")
            with Vertical(id="relief-list"):
                for number in range(1, PAGE + 1):
                    yield ClickRow("", f"screen.choose({number})")
                yield ClickRow("", "screen.more")
                yield ClickRow("[b]o[/]  your own words…", "screen.own_words")
            yield Static(id="relief-body")
            yield Input(
                placeholder="what you used, e.g. hot water bottle; Enter to go on",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False),
                id="relief-input",
            )
            yield Static(id="relief-error")
            yield Static(id="relief-note")
            yield Static(id="relief-hint")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.query_one("#relief").border_title = "Log relief"
        self.refresh_bindings()
        self.show()

    # ------------------------------------------------------------------ render

    @property
    def choices(self) -> tuple[str, ...]:
        """The reliefs under keys 1-9 on the page shown."""
        return on_page(self.order, self.page)

    def fill_list(self) -> None:
        """The page's reliefs with their digits and kinds, and "0 more" when there are further pages."""
        rows = list(self.query_one("#relief-list").query(ClickRow))
        shown = self.choices
        width = max((len(name) + is_medication(name) for name in shown), default=0) + 2
        for number, row in enumerate(rows[:PAGE], 1):
            row.display = number <= len(shown)
            if row.display:
                name = shown[number - 1]
                label = escape(name) + ("*" if is_medication(name) else "")
                pad = " " * (width - len(name) - is_medication(name))
                row.update(f"[b]{number}[/]  {label}{pad}{kind_markup(relief_kind(name))}")
        more, pages = rows[PAGE], page_count(self.order)
        more.display = pages > 1
        more.update(f"[b]0[/]  more… [dim](page {self.page % pages + 1} of {pages})[/]")

    def show(self) -> None:
        question = self.query_one("#relief-question", Static)
        body = self.query_one("#relief-body", Static)
        note = self.query_one("#relief-note", Static)
        hint = self.query_one("#relief-hint", Static)
        self.query_one("#relief-list").display = self.phase == "choose"
        body.display = self.phase == "minutes"
        note.display = self.phase == "choose"
        if self.phase == "choose":
            self.fill_list()
            question.update("What did you use?")
            note.update(f"* {MEDICATION_NOTE}")
            hint.update(
                "1-9 choose" + (" · 0 more" if page_count(self.order) > 1 else "") + " · o own words · Esc cancel"
            )
            return
        name = self.name_chosen or ""
        question.update(f"{escape(name)} · {kind_markup(relief_kind(name))}")
        presets = "  ".join(f"[@click=screen.set_minutes({m})]{m}[/]" for m in MINUTE_PRESETS)
        typed = f"[b reverse] {self.minutes_text or ' '} [/]"
        body.update(
            f"For how many minutes? (optional)\n\nMinutes: {typed}  [@click=screen.save][b]Save[/][/]"
            f"\n[dim]or pick:[/]  {presets}"
        )
        hint.update("Digits, then Enter · Enter alone skips · Backspace back · Esc cancel")

    def error(self, message: str) -> None:
        error = self.query_one("#relief-error", Static)
        error.update(escape(message))
        error.set_class(bool(message), "-shown")

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Digits choose in the list and type minutes after; the footer shows only what works now."""
        if action in ("choose", "own_words"):
            return self.phase == "choose" and not self.has_class("-typing")
        if action == "more":
            return self.phase == "choose" and not self.has_class("-typing") and page_count(self.order) > 1
        if action in ("digit", "erase", "save"):
            return self.phase == "minutes"
        return True

    def action_choose(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.picked(self.choices[number - 1])

    def action_more(self) -> None:
        """The next nine reliefs (after the last page, the first again)."""
        self.page = (self.page + 1) % page_count(self.order)
        self.show()

    def picked(self, name: str) -> None:
        """A relief was chosen: medication is saved at once (name only); anything else asks for minutes."""
        self.error("")
        if is_medication(name):
            self.finish(name, None)
            return
        self.name_chosen = name
        self.phase = "minutes"
        self.minutes_text = ""
        self.refresh_bindings()
        self.show()

    def action_own_words(self) -> None:
        field = self.query_one(Input)
        field.value = ""
        self.add_class("-typing")
        field.focus()
        self.refresh_bindings()

    @on(Input.Submitted)
    def own_words_given(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            self.close_input()
            return
        try:
            Relief(at=self.painpal.clock.now(), name=text, kind=relief_kind(text))
        except ValidationError as exc:
            self.error(str(exc))
            return
        self.close_input()
        self.picked(text)

    def close_input(self) -> None:
        self.remove_class("-typing")
        self.set_focus(None)
        self.refresh_bindings()

    def action_digit(self, digit: int) -> None:
        if len(self.minutes_text) < MINUTES_DIGITS:
            self.minutes_text += str(digit)
            self.error("")
            self.show()

    def action_set_minutes(self, minutes: int) -> None:
        """A clicked preset: the same as typing it and pressing Enter."""
        self.minutes_text = str(minutes)
        self.action_save()

    def action_erase(self) -> None:
        """Backspace: erase a digit; with nothing typed, back to the list."""
        if self.minutes_text:
            self.minutes_text = self.minutes_text[:-1]
        else:
            self.phase = "choose"
            self.name_chosen = None
            self.refresh_bindings()
        self.error("")
        self.show()

    def action_save(self) -> None:
        if self.phase == "minutes" and self.name_chosen is not None:
            self.finish(self.name_chosen, int(self.minutes_text) if self.minutes_text else None)

    def finish(self, name: str, minutes: int | None) -> None:
        name, minutes = as_recorded(name, minutes)  # medication: by name only, no minutes, no amount
        try:
            relief = Relief(at=self.painpal.clock.now(), name=name, kind=relief_kind(name), minutes=minutes)
        except ValidationError as exc:
            self.error(str(exc))
            return
        self.remember_order(relief.name)
        self.dismiss(relief)

    def remember_order(self, name: str) -> None:
        """Store the reliefs' lasting order when it grew (a relief first logged now or first seen in the log)."""
        own = own_answers(answer_order(self.order, (), (name,)), COMMON_ORDER)
        if self.remember and own != self.known:
            self.painpal.remember_choices({RELIEF_CHOICES: own})

    def action_cancel(self) -> None:
        """Esc: leave the own-words field if it is open; otherwise close without saving."""
        if self.has_class("-typing"):
            self.close_input()
            return
        self.dismiss(None)

    def palette_text(self, binding: Binding) -> tuple[str, str] | None:
        """Name each choice as the list does; the minute digits are typed, the palette offers presets instead."""
        name, arguments = action_of(binding)
        if name == "choose" and arguments and isinstance(number := arguments[0], int):
            if number > len(self.choices):
                return None
            choice = self.choices[number - 1]
            return choice, relief_kind(choice)
        if name == "digit":
            return None
        return super().palette_text(binding)

    def extra_palette_commands(self) -> Iterable[SystemCommand]:
        """Preset minutes, which have no key of their own."""
        if self.phase == "minutes":
            for minutes in MINUTE_PRESETS:
                yield SystemCommand(
                    f"Relief: {minutes} minutes", "Save with this time", lambda m=minutes: self.action_set_minutes(m)
                )
