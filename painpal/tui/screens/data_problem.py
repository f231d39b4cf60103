"""When painpal cannot read the person's data on opening: the one sentence that says why, and q to quit.

Today needs the data to show anything (the plan, the day, what has helped),
so this covers it. Nothing has been written, and nothing is saved while it
shows (:meth:`painpal.tui.app.PainPalApp.check_writable`). Today keeps
reading; once the file reads again this closes by itself and the day
appears, so a file restored from a backup in another pane needs no restart.
Quitting here ends with exit status 1 and the sentence on the terminal.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalModal


class DataProblemScreen(PainPalModal[None], palette="Data"):
    """The sentence of the store error, until Today reads the data; q quits (exit status 1), ? lists the keys."""

    DEFAULT_CSS = """
    DataProblemScreen #data-problem {
        border: round $error;
        border-title-color: $text-error;
    }
    DataProblemScreen #data-problem-text {
        height: auto;
    }
    """

    BINDINGS = [
        # A modal hides the app's own keys: these two are the app's, offered here.
        Binding("q", "app.quit", "Quit", id="data-problem-quit", tooltip="Close painpal (nothing was changed)"),
        Binding("question_mark", "app.help", "Help", id="data-problem-help", tooltip="Every key painpal knows"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        self.resolved = False
        """Today read the data: close as soon as this is the top screen again (help may be over it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="data-problem", classes="dialog"):
            yield Static(id="data-problem-text")
            yield Static(
                "\n[dim]painpal changed nothing and saves nothing until the file reads again; "
                "your day opens here as soon as it does.[/]\n\n[b]q[/] quit"
            )
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#data-problem").border_title = "painpal cannot read your data"
        self.show(self.message)

    def show(self, message: str) -> None:
        """The sentence now (a second failure may name another file)."""
        self.message = message
        self.query_one("#data-problem-text", Static).update(escape(message))

    def resolve(self) -> None:
        """The data reads again: close now, or when the screen over this one closes."""
        self.resolved = True
        self.dismiss(None)  # nothing unless this is the top screen (see PainPalScreen.dismiss)

    def on_screen_resume(self) -> None:
        if self.resolved:
            self.dismiss(None)
