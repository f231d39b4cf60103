"""The optional detail step after a one-key check-in.

The check-in is already on disk when this opens; each question is answered
with one key (the person's recent answers come first), Enter skips a
question, and Esc keeps the check-in with whatever was answered so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Input, Static

from painpal.domain.records import PATTERNS, QUALITIES, CheckIn, ValidationError
from painpal.tui.markup import escape

from .base import PainPalModal

MAX_CHOICES = 9
COLUMNS = 3
CELL = 23
"""Choices sit in three columns of 23 cells, so a long answer never wraps mid-choice."""


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    return f"{text:<{width}}" if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Question:
    """One detail of a check-in, asked with single-key choices."""

    field: str
    prompt: str
    defaults: tuple[str, ...]
    free_text: bool = True


QUESTIONS = (
    Question(
        "location",
        "Where is the pain?",
        ("lower back", "lower back, left", "lower back, right", "upper back", "neck", "buttock", "hip", "leg"),
    ),
    Question("quality", "How does it feel?", QUALITIES),
    Question("pattern", "Is it constant or does it come and go?", PATTERNS, free_text=False),
    Question(
        "activity",
        "What were you doing before it started?",
        ("sitting", "standing", "walking", "lifting", "bending", "sleeping", "driving", "exercise"),
    ),
    Question(
        "eases",
        "What eases it?",
        ("walking", "heat", "lying down", "stretching", "rest", "warm shower", "medication taken"),
    ),
    Question("worsens", "What worsens it?", ("sitting", "bending", "standing still", "lifting", "walking", "coughing")),
    Question("leg_spread", "Does the pain spread down a leg?", ("no", "yes"), free_text=False),
)


def choices_for(question: Question, history: Sequence[CheckIn]) -> list[str]:
    """The person's recent answers first (newest first, no repeats), then the usual ones, nine at most."""
    out: list[str] = []
    if question.field != "leg_spread":
        for checkin in reversed(history):
            value = getattr(checkin, question.field)
            if value and value not in out:
                out.append(value)
            if len(out) >= 5:
                break
    for value in question.defaults:
        if value not in out:
            out.append(value)
    return out[:MAX_CHOICES]


class CheckInDetailScreen(PainPalModal[CheckIn | None], palette="Check-in"):
    """Asks the detail questions one by one; dismisses with the updated check-in (or None if unchanged)."""

    AUTO_FOCUS = ""  # focus nothing: the hidden own-words Input must not take the digit keys

    BINDINGS = [
        Binding("escape", "finish", "Done", id="detail-done", tooltip="Keep the check-in as it is now"),
        Binding("enter", "skip_question", "Skip", id="detail-skip", tooltip="Leave this one blank"),
        Binding("backspace", "back", "Back", id="detail-back", tooltip="The previous question"),
        Binding("o", "own_words", "Own words", id="detail-own", tooltip="Type your own answer"),
    ]

    def __init__(self, checkin: CheckIn, history: Sequence[CheckIn]) -> None:
        super().__init__()
        self.original = checkin
        self.checkin = checkin
        self.history = list(history)
        self.step = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="detail", classes="dialog"):
            yield Static(id="detail-head")
            yield Static(id="detail-question")
            yield Static(id="detail-choices")
            yield Input(placeholder="your own words, Enter to keep", id="detail-input")
            yield Static(id="detail-error", classes="error")
            yield Static("[dim]1-9 choose · o own words · Enter skip · Backspace back · Esc done[/]", id="detail-hint")

    def on_mount(self) -> None:
        if not self.is_live:  # opened by a key right behind q: the app is taking its screens down
            return
        self.query_one("#detail").border_title = "Check-in details"
        self._hide_input()
        self.show_question()

    def _hide_input(self) -> None:
        """Hidden and disabled: a hidden Input could still hold focus and eat the digit keys."""
        field = self.query_one(Input)
        field.display = False
        field.disabled = True

    @property
    def question(self) -> Question:
        return QUESTIONS[self.step]

    def show_question(self) -> None:
        c = self.checkin
        self.query_one("#detail-head", Static).update(
            f"Pain [b]{c.intensity}[/] at {c.at:%H:%M} is saved. Add detail if you like "
            f"(question {self.step + 1} of {len(QUESTIONS)})."
        )
        q = self.question
        current = getattr(c, q.field)
        now = (
            f"  [dim](now: {escape(str(current if not isinstance(current, bool) else 'yes' if current else 'no'))})[/]"
        )
        self.query_one("#detail-question", Static).update(f"[b]{q.prompt}[/]" + (now if current else ""))
        options = choices_for(q, self.history)
        cells = [
            f"[@click=screen.choose({i})][b]{i}[/] {escape(fit(v, CELL - 3))}[/]" for i, v in enumerate(options, 1)
        ]
        rows = ["".join(cells[i : i + COLUMNS]) for i in range(0, len(cells), COLUMNS)]
        self.query_one("#detail-choices", Static).update("\n".join(rows))
        self.query_one("#detail-error", Static).update("")

    def answer(self, value: str | None) -> None:
        """Apply an answer to the current question and move on."""
        q = self.question
        try:
            if q.field == "leg_spread":
                self.checkin = replace(self.checkin, leg_spread=value == "yes")
            else:
                changes: dict[str, Any] = {q.field: value}
                self.checkin = replace(self.checkin, **changes)
        except ValidationError as exc:
            self.query_one("#detail-error", Static).update(escape(exc))
            return
        self.next_question()

    def next_question(self) -> None:
        if self.step + 1 >= len(QUESTIONS):
            self.action_finish()
            return
        self.step += 1
        self.show_question()

    def action_choose(self, number: int) -> None:
        options = choices_for(self.question, self.history)
        if 1 <= number <= len(options):
            self.answer(options[number - 1])

    def on_key(self, event: Key) -> None:
        if self.query_one(Input).display:
            return
        if event.character and event.character.isdigit() and event.character != "0":
            event.stop()
            self.action_choose(int(event.character))

    def action_skip_question(self) -> None:
        if not self.query_one(Input).display:
            self.next_question()

    def action_back(self) -> None:
        if not self.query_one(Input).display and self.step > 0:
            self.step -= 1
            self.show_question()

    def action_own_words(self) -> None:
        if not self.question.free_text:
            return
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.display = True
        field.focus()

    @on(Input.Submitted)
    def own_words_given(self, event: Input.Submitted) -> None:
        event.stop()
        self._hide_input()
        text = event.value.strip()
        if text:
            self.answer(text)

    def action_finish(self) -> None:
        field = self.query_one(Input)
        if field.display:
            self._hide_input()
            return
        self.dismiss(self.checkin if self.checkin != self.original else None)
