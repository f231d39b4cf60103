"""A Static that repaints only when its text changes."""

from __future__ import annotations

from textual.widgets import Static


class QuietStatic(Static):
    """Today re-renders its panels on every tick; unchanged text must cost no repaint (idle CPU ~0)."""

    _shown: str | None = None

    def set_markup(self, markup: str) -> None:
        """Show ``markup`` (content markup), repainting only if it differs from what is shown."""
        if markup != self._shown:
            self._shown = markup
            self.update(markup)
