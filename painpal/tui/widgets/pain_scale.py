"""The 0-10 pain scale: one key (or one click) records a check-in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Click
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


SEVERITY_COLOUR = {"low": "$text-success", "mid": "$text-warning", "high": "$text-error"}
"""The theme colour of each band, for markup. The number itself says the pain; the colour only repeats it."""


def severity_colour(intensity: int) -> str:
    """The markup colour of a pain number (:data:`SEVERITY_COLOUR`), as the scale's own keys show it."""
    return SEVERITY_COLOUR[severity_class(intensity)]


class ScaleKey(Static):
    """One clickable number of the pain scale, coloured by severity.

    A widget per number rather than ``[@click]`` markup: Textual paints links
    in the link colour, which would hide the severity colours. A click runs
    ``screen.<action>(intensity)``, the same action the number's key runs.
    """

    DEFAULT_CSS = """
    ScaleKey {
        width: auto;
        margin: 0 1 0 0;
        text-style: bold;
    }
    ScaleKey.-low { color: $text-success; }
    ScaleKey.-mid { color: $text-warning; }
    ScaleKey.-high { color: $text-error; }
    ScaleKey:hover { background: $boost; }
    """

    def __init__(self, intensity: int, action: str = "checkin") -> None:
        label = f"{TEN_KEY}=10" if intensity == 10 else SCALE_KEYS[intensity]
        super().__init__(label, classes=f"-{severity_class(intensity)}")
        self.intensity = intensity
        self.action = action

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.run_action(f"screen.{self.action}({self.intensity})")


class PainScale(Vertical):
    """``Pain now?  0 1 2 … 9 x=10`` with a one-line legend; each number clickable."""

    DEFAULT_CSS = """
    PainScale { height: auto; }
    PainScale > Horizontal { height: 1; }
    PainScale .scale-label { width: auto; margin: 0 2 0 0; }
    PainScale .scale-legend { color: $text-muted; }
    PainScale.-hint ScaleKey { text-style: bold reverse; }
    """

    def __init__(self, label: str = "Pain now?", action: str = "checkin", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.action = action

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(self.label, classes="scale-label")
            for n in range(11):
                yield ScaleKey(n, self.action)
        yield Static(f"0 none · {TEN_KEY}=10 worst imaginable", classes="scale-legend")
