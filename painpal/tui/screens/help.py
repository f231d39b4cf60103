"""Help: every key of the screen underneath and of the app, generated from the bindings so it never lies."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from painpal.tui.markup import escape

from ..widgets.pain_scale import TEN_KEY
from .base import PainPalModal

KEY_NAMES = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "space": "Space", "backspace": "Backspace"}


def key_label(binding: Binding) -> str:
    """How a person would write the key."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))


def help_text(screen: Screen[object], app_bindings: list[Binding]) -> str:
    """Markup listing each distinct action once, screen keys first."""
    lines = [f"[b]{escape(screen.__class__.__name__.removesuffix('Screen'))}[/]"]
    seen: set[str] = set()
    for group, bindings in (("", list(screen.BINDINGS)), ("App", app_bindings)):
        if group:
            lines.append(f"\n[b]{group}[/]")
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            what = b.tooltip or b.description or b.action
            label = b.description or b.action
            if b.action.startswith(("checkin(", "rate(")):
                label, what = f"Pain 0-9, {TEN_KEY} for 10", "one key records it at once"
            if label in seen:
                continue
            seen.add(label)
            lines.append(f"  [b $text-accent]{escape(key_label(b)):>10}[/]  {escape(label)}[dim] — {escape(what)}[/]")
    lines.append(f"  [b $text-accent]{'Ctrl+P':>10}[/]  Command palette[dim] — every action by name[/]")
    lines.append(
        f"\n[dim]Pain keys: 0 is no pain, 9 is 9, and {TEN_KEY} is 10 (worst imaginable). "
        "Mouse: click the numbers, the footer keys and the links.\n"
        "In tmux, `set -s escape-time 10` makes Esc respond at once.[/]"
    )
    return "\n".join(lines)


class HelpScreen(PainPalModal[None], palette="Help"):
    """Keys for the screen below; Esc, q or ? closes."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close", tooltip="Back to where you were")
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(help_text(self.under, list(self.app.BINDINGS)))  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").border_subtitle = "Esc closes"
