"""The 0-10 pain scale: one key (or one click) records a check-in."""

from __future__ import annotations

from textual.widgets import Static

TEN_KEY = "x"
"""The key for 10: digits give 0-9, and "x" is the end of the scale (shown on screen)."""
SCALE_KEYS = (*"0123456789", TEN_KEY)
"""Key for each intensity, index = intensity."""


def intensity_of(key: str) -> int | None:
    """The intensity a key records, or ``None``."""
    return SCALE_KEYS.index(key) if key in SCALE_KEYS else None


def severity_class(intensity: int) -> str:
    """A CSS-friendly band for colouring a number: low, mid, high."""
    return "low" if intensity <= 3 else "mid" if intensity <= 6 else "high"


class PainScale(Static):
    """A clickable row ``0 1 2 … 9 x=10``; clicking a number records it like its key."""

    DEFAULT_CSS = """
    PainScale { height: auto; padding: 0 1; }
    """

    def on_mount(self) -> None:
        colours = {"low": "$success", "mid": "$warning", "high": "$error"}
        cells = []
        for n in range(11):
            key = SCALE_KEYS[n]
            label = f"{key}=10" if n == 10 else key
            cells.append(f"[@click=screen.checkin({n})][b {colours[severity_class(n)]}]{label}[/][/]")
        self.update("Pain now?  " + " ".join(cells) + "\n[dim]0 none · x=10 worst imaginable[/]")
