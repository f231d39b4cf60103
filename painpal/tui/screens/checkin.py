"""The optional detail step after a one-key check-in.

The check-in is already on disk when this opens; each question is answered
with one key, Enter skips a question, and Esc keeps the check-in with
whatever was answered so far. The answers keep their keys from day to day
(:mod:`painpal.domain.choices`): the usual ones first, the person's own
after them in the order first used; "0" turns to the next nine. Where it
hurts may be several places: digits toggle them, Enter confirms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Input, Static

from painpal.domain.choices import PAGE, answer_order, on_page, own_answers, page_count
from painpal.domain.records import PATTERNS, QUALITIES, CheckIn, ValidationError, places_text
from painpal.text import shorten
from painpal.tui.markup import escape

from .base import PainPalModal

COLUMNS = 3
CELL = 23
"""Choices sit in up to three columns of 23 cells (fewer in a narrow pane), so an answer never wraps mid-choice."""
NARROW_CELL = 17
"""The narrowest a column gets in a narrow pane before the answers go one to a row."""
PICKED = "✓"
"""Marks a place already chosen in the several-places question."""


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    return f"{shorten(text, width):<{width}}"


@dataclass(frozen=True)
class Question:
    """One detail of a check-in, asked with single-key choices."""

    field: str
    prompt: str
    defaults: tuple[str, ...]
    free_text: bool = True
    several: bool = False
    """More than one answer: digits toggle, Enter confirms (where it hurts)."""


QUESTIONS = (
    Question(
        "location",
        "Where is the pain? (one or several)",
        ("lower back", "lower back, left", "lower back, right", "upper back", "neck", "buttock", "hip", "leg"),
        several=True,
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


def answers_given(question: Question, history: Sequence[CheckIn]) -> Iterable[str]:
    """The person's answers to ``question`` in ``history``, oldest first (each place of a check-in in turn)."""
    for checkin in sorted(history, key=lambda c: c.at):
        value = getattr(checkin, question.field)
        if isinstance(value, tuple):
            yield from value
        elif isinstance(value, str):
            yield value


def choices_for(question: Question, history: Sequence[CheckIn], known: Sequence[str] = ()) -> tuple[str, ...]:
    """Every answer offered, in its lasting order: the usual ones, then ``known`` (stored), then new ones in use."""
    if not question.free_text:
        return question.defaults
    return answer_order(question.defaults, known, answers_given(question, history))


class CheckInDetailScreen(PainPalModal[CheckIn | None], palette="Check-in"):
    """Asks the detail questions one by one; dismisses with the updated check-in (or None if unchanged).

    ``known`` is the stored order of the person's own answers per question
    (:attr:`painpal.settings.Settings.choices`). When the answers offered
    here add to it (an answer first typed today, or one first seen in the
    log), the longer order is saved on closing, so those keys hold tomorrow;
    ``remember`` False (a history read only in part) leaves it unsaved.
    """

    AUTO_FOCUS = ""  # focus nothing: the hidden own-words Input must not take the digit keys

    BINDINGS = [
        Binding("escape", "finish", "Done", id="detail-done", tooltip="Keep the check-in as it is now"),
        Binding("enter", "skip_question", "Skip", id="detail-skip", tooltip="Leave this one blank (or confirm)"),
        Binding("backspace", "back", "Back", id="detail-back", tooltip="The previous question"),
        Binding("o", "own_words", "Own words", id="detail-own", tooltip="Type your own answer"),
        Binding("0", "more", "More", id="detail-more", tooltip="The next nine answers"),
    ]

    def __init__(
        self,
        checkin: CheckIn,
        history: Sequence[CheckIn],
        known: Mapping[str, Sequence[str]] | None = None,
        *,
        remember: bool = True,
    ) -> None:
        super().__init__()
        self.original = checkin
        self.checkin = checkin
        self.known = dict(known or {})
        self.remember = remember
        self.options = {q.field: list(choices_for(q, history, self.known.get(q.field, ()))) for q in QUESTIONS}
        """Each question's answers in their lasting order; an answer typed here joins its list at the end."""
        self.step = 0
        self.page = 0
        self.picked: list[str] = list(checkin.location)
        """The places chosen so far in the several-places question."""

    def compose(self) -> ComposeResult:
        with Vertical(id="detail", classes="dialog"):
            yield Static(id="detail-head")
            yield Static(id="detail-question")
            yield Static(id="detail-choices")
            yield Input(placeholder="your own words, Enter to keep", id="detail-input")
            yield Static(id="detail-error", classes="error")
            yield Static(id="detail-hint")

    def on_mount(self) -> None:
        if not self.is_live:  # opened by a key right behind q: the app is taking its screens down
            return
        self.query_one("#detail").border_title = "Check-in details"
        self._hide_input()
        self.show_question()
        self.call_after_refresh(self.show_choices)  # once the dialog has its width

    def _hide_input(self) -> None:
        """Hidden and disabled: a hidden Input could still hold focus and eat the digit keys."""
        field = self.query_one(Input)
        field.display = False
        field.disabled = True

    @property
    def question(self) -> Question:
        return QUESTIONS[self.step]

    @property
    def shown(self) -> tuple[str, ...]:
        """The answers under keys 1-9 now."""
        return on_page(self.options[self.question.field], self.page)

    def show_question(self) -> None:
        c = self.checkin
        self.query_one("#detail-head", Static).update(
            f"Pain [b]{c.intensity}[/] at {c.at:%H:%M} is saved. Add detail if you like "
            f"(question {self.step + 1} of {len(QUESTIONS)})."
        )
        q = self.question
        current = getattr(c, q.field)
        said = places_text(current) if isinstance(current, tuple) else "yes" if current is True else str(current)
        now = f"  [dim](now: {escape(said)})[/]" if current else ""
        if q.several and tuple(self.picked) != current:  # the places ticked so far, on every page
            now = f"  [dim](chosen: {escape(places_text(tuple(self.picked)) or 'none')})[/]"
        self.query_one("#detail-question", Static).update(f"[b]{q.prompt}[/]" + now)
        self.show_choices()
        self.query_one("#detail-error", Static).update("")
        first = f"1-{len(self.shown)}" if len(self.shown) > 1 else "1"
        keys = f"{first} toggle · Enter next" if q.several else f"{first} choose · Enter skip"
        own = " · o own words" if q.free_text else ""
        self.query_one("#detail-hint", Static).update(f"[dim]{keys}{own} · Backspace back · Esc done[/]")

    def show_choices(self) -> None:
        """The answers under their keys, in as many columns of :data:`CELL` cells as the dialog's width holds."""
        q = self.question
        box = self.query_one("#detail-choices", Static)
        width = box.content_size.width or COLUMNS * CELL
        columns = max(1, min(COLUMNS, width // CELL))
        cell = CELL
        if columns == 1 and width >= 2 * NARROW_CELL:  # two narrower columns keep nine answers on five rows
            columns, cell = 2, width // 2
        elif columns == 1:
            cell = max(NARROW_CELL, width)
        marked = {p.casefold() for p in self.picked} if q.several else set()
        cells = []
        for i, v in enumerate(self.shown, 1):
            mark = PICKED if v.casefold() in marked else " "
            cells.append(
                f"[@click=screen.choose({i})][b]{i}[/]{mark}{escape(fit(v, cell - 3))}[/] "
            )  # a gap after a cut answer
        rows = ["".join(cells[i : i + columns]) for i in range(0, len(cells), columns)]
        pages = page_count(self.options[q.field])
        if pages > 1:
            rows.append(f"[@click=screen.more][b]0[/] more[/] [dim](page {self.page % pages + 1} of {pages})[/]")
        box.update("\n".join(rows))

    def on_resize(self) -> None:
        if self.is_mounted:
            self.show_choices()

    def answer(self, value: Any) -> None:
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
        self.page = 0
        self.show_question()

    def action_choose(self, number: int) -> None:
        if not 1 <= number <= len(self.shown):
            return
        choice = self.shown[number - 1]
        if not self.question.several:
            self.answer(choice)
            return
        kept = [p for p in self.picked if p.casefold() != choice.casefold()]
        self.picked = kept if len(kept) < len(self.picked) else [*self.picked, choice]
        self.show_question()

    def action_more(self) -> None:
        """The next nine answers (after the last page, the first again)."""
        if not self.query_one(Input).display and page_count(self.options[self.question.field]) > 1:
            self.page = (self.page + 1) % page_count(self.options[self.question.field])
            self.show_question()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The next page only where there is more than one; own words only where the question takes them."""
        if action == "more":
            return page_count(self.options[self.question.field]) > 1
        if action == "own_words":
            return self.question.free_text
        return True

    def on_key(self, event: Key) -> None:
        if self.query_one(Input).display:
            return
        if event.character and event.character.isdigit() and event.character != "0":
            event.stop()
            self.action_choose(int(event.character))

    def action_skip_question(self) -> None:
        """Enter: leave this one as it is; in the several-places question, confirm the places toggled."""
        if self.query_one(Input).display:
            return
        if self.question.several and tuple(self.picked) != self.checkin.location:
            self.answer(tuple(self.picked))
            return
        self.next_question()

    def action_back(self) -> None:
        if not self.query_one(Input).display and self.step > 0:
            self.step -= 1
            self.page = 0
            self.picked = list(self.checkin.location)
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
        text = " ".join(event.value.split())
        if not text:
            return
        q = self.question
        typed: dict[str, Any] = {q.field: (text,) if q.several else text}
        try:
            replace(self.checkin, **typed)  # the record's own checks, before the answer is offered
        except ValidationError as exc:
            self.query_one("#detail-error", Static).update(escape(exc))
            return
        order = list(answer_order(self.options[q.field], (), (text,)))
        self.options[q.field] = order
        if not q.several:
            self.answer(text)
            return
        if text.casefold() not in {p.casefold() for p in self.picked}:
            self.picked.append(text)
        where = [o.casefold() for o in order].index(text.casefold())
        self.page = where // PAGE  # the page that shows it, ticked
        self.show_question()

    def action_finish(self) -> None:
        field = self.query_one(Input)
        if field.display:
            self._hide_input()
            return
        if self.question.several and tuple(self.picked) != self.checkin.location:
            try:  # Esc keeps what was toggled too: it means "done", not "undo the places"
                self.checkin = replace(self.checkin, location=tuple(self.picked))
            except ValidationError:
                pass
        self.remember_order()
        self.dismiss(self.checkin if self.checkin != self.original else None)

    def remember_order(self) -> None:
        """Store the answers' lasting order when this screen added to it: tomorrow's keys are today's."""
        if not self.remember:
            return
        order = {q.field: own_answers(self.options[q.field], q.defaults) for q in QUESTIONS if q.free_text}
        grown = {
            name: answers for name, answers in order.items() if answers and tuple(self.known.get(name, ())) != answers
        }
        if grown:
            self.painpal.remember_choices(grown)
