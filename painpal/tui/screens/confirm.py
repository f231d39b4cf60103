"""A yes-or-no question before something that changes the record: removing a person, deleting a check-in.

One home for the question, so every screen asks it the same way: ``y``
answers yes, ``n`` or Esc keeps things as they are.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from painpal.tui.markup import escape

from .base import PainPalModal


class ConfirmScreen(PainPalModal[bool], palette="Confirm"):
    """``y`` does it (dismisses True); ``n`` or Esc keeps (False)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Yes, do it"),
        Binding("escape,n", "answer(False)", "No", id="confirm-no", tooltip="No, keep it as it is"),
    ]

    def __init__(self, question: str, yes: str, no: str = "keep", after: str = "") -> None:
        """``question`` is plain text; ``yes`` and ``no`` name what each key does; ``after`` is a line below."""
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.after = after

    def compose(self) -> ComposeResult:
        lines = [escape(self.question), ""]
        if self.after:
            lines += [f"[dim]{escape(self.after)}[/]", ""]
        lines.append(f"[b]y[/] {escape(self.yes)} · [b]n[/]/Esc {escape(self.no)}")
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static("\n".join(lines))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
