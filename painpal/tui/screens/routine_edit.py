"""The editor for the person's own routines: a name, a kind, when it fits, and steps as plain lines.

Steps are typed the way people write them down ("30 Pelvic tilts",
"Walk 2 min"), one per line, and validated by the same core functions the
CLI uses (:func:`painpal.routines.new_custom`), so a mistake gets the same
one plain sentence everywhere. Built-ins are never edited here: painpal
vouches only for the content it ships, so they can be hidden instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from painpal.domain.records import RELIEF_KINDS, ValidationError
from painpal.routines import FITS, Routine, new_custom
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalModal

STEPS_HINT = 'Steps, one per line: "30 Pelvic tilts", "Walk 2 min", "Cat-cow 1:30"'


def steps_text(routine: Routine) -> str:
    """A routine's steps as the editor shows them: one "seconds cue" line each (parse_steps reads it back)."""
    return "\n".join(f"{step.seconds} {step.cue}" for step in routine.steps)


def parse_fits(text: str) -> tuple[str, ...]:
    """Comma- or space-separated moments; nothing typed means "any" (the routine fits any time)."""
    words = [word.strip().lower() for word in text.replace(",", " ").split()]
    return tuple(words) or ("any",)


class RoutineEditScreen(PainPalModal[Routine | None], palette="Routine editor"):
    """Adds (``routine=None``) or edits one of the person's own routines; dismisses with it, validated."""

    DEFAULT_CSS = """
    RoutineEditScreen {
        align: center middle;
    }
    RoutineEditScreen #edit {
        width: 100%;
        max-width: 90;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
        overflow-y: auto;
    }
    RoutineEditScreen .row {
        height: 1;
        margin: 1 0 0 0;
    }
    RoutineEditScreen .row Label {
        width: 7;
        color: $text-muted;
    }
    RoutineEditScreen .row Input {
        width: 1fr;
    }
    RoutineEditScreen .row #edit-kind {
        width: 14;
    }
    RoutineEditScreen .row .aside {
        width: 1fr;
        margin: 0 0 0 2;
    }
    RoutineEditScreen #edit-fits-hint {
        padding: 0 0 0 7;
    }
    RoutineEditScreen #edit-steps-label {
        margin: 1 0 0 0;
        color: $text-muted;
    }
    RoutineEditScreen #edit-steps {
        height: 7;
    }
    RoutineEditScreen #edit-error {
        color: $text-error;
        height: auto;
    }
    RoutineEditScreen #edit-buttons {
        height: 1;
        margin: 1 0 0 0;
    }
    RoutineEditScreen #edit-buttons Button {
        margin: 0 2 0 0;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit-save", tooltip="Check the routine and save it"),
        Binding("escape", "cancel", "Cancel", id="edit-cancel", tooltip="Close without saving"),
    ]

    def __init__(self, routine: Routine | None = None, taken: Iterable[str] = ()) -> None:
        """``routine``: the own routine to edit (None adds one); ``taken``: ids a new routine must not reuse."""
        super().__init__()
        self.routine = routine
        self.taken = tuple(taken)

    def compose(self) -> ComposeResult:
        r = self.routine
        with Vertical(id="edit"):
            with Horizontal(classes="row"):
                yield Label("Name")
                yield Input(r.name if r else "", placeholder="e.g. Evening stretch", compact=True, id="edit-name")
            with Horizontal(classes="row"):
                yield Label("Kind")
                yield Input(
                    r.kind if r else "strategic",
                    placeholder="soothing or strategic",
                    suggester=SuggestFromList(RELIEF_KINDS),
                    compact=True,
                    id="edit-kind",
                )
                yield Static("[dim]soothing eases pain now · strategic builds capacity[/]", classes="aside")
            with Horizontal(classes="row"):
                yield Label("Fits")
                yield Input(
                    ", ".join(r.fits) if r else "",
                    placeholder="blank = any time",
                    compact=True,
                    id="edit-fits",
                )
            yield Static(f"[dim]When it fits, commas between: {', '.join(FITS)}[/]", id="edit-fits-hint")
            yield Static(STEPS_HINT, id="edit-steps-label")
            yield TextArea(steps_text(r) if r else "", placeholder="30 Pelvic tilts\nWalk 2 min", id="edit-steps")
            yield Static(id="edit-error")
            with Horizontal(id="edit-buttons"):
                yield Button("Save  ctrl+s", variant="primary", compact=True, id="edit-save-button")
                yield Button("Cancel  esc", compact=True, id="edit-cancel-button")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.query_one("#edit").border_title = "Edit your routine" if self.routine else "Add your own routine"
        self.query_one("#edit-name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "edit-save-button":
            self.action_save()
        else:
            self.action_cancel()

    def build(self) -> Routine:
        """The routine as typed, validated by the core; raises :class:`ValidationError` with one sentence."""
        r = self.routine
        name = self.query_one("#edit-name", Input).value
        kind = self.query_one("#edit-kind", Input).value.strip().lower()
        fits = parse_fits(self.query_one("#edit-fits", Input).value)
        steps = self.query_one("#edit-steps", TextArea).text
        if r is None:
            return new_custom(name, kind, fits, steps, taken=self.taken)
        # Editing keeps what this form does not show: id, pain range, summary, stop rule, flags.
        return new_custom(
            name,
            kind,
            fits,
            steps,
            pain_min=r.pain_min,
            pain_max=r.pain_max,
            summary=r.summary,
            stop_rule=r.stop_rule,
            exercise=r.exercise,
            gentle=r.gentle,
            routine_id=r.id,
        )

    def action_save(self) -> None:
        try:
            routine = self.build()
        except ValidationError as exc:
            self.query_one("#edit-error", Static).update(escape(str(exc)))
            return
        self.dismiss(routine)

    def action_cancel(self) -> None:
        self.dismiss(None)
