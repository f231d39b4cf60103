"""The day as a column of transition points with a now marker."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from painpal.tui.markup import escape

from .quiet import QuietStatic

if TYPE_CHECKING:
    from painpal.domain.plan import Transition

KIND_GLYPHS = {
    "wake": "☀",
    "work-start": "▸",
    "break": "☕",
    "work-end": "■",
    "move": "↝",
    "unwind": "☾",
    "sleep": "✦",
}


def render_timeline(points: Sequence[Transition], now: datetime, routine_names: Mapping[str, str]) -> str:
    """Content markup: past points dimmed, the next one highlighted with its countdown, a now marker."""
    from painpal.domain.plan import countdown, next_transition  # loaded by the first data load, after the first frame

    lines: list[str] = []
    upcoming = next_transition(points, now)
    now_line = f"[reverse b] {now:%H:%M} [/] [b]now[/]"
    for point in points:
        if point is upcoming:
            lines.append(now_line)
        glyph = KIND_GLYPHS.get(point.kind, "·")
        label = escape(point.label)
        if point is upcoming:
            routine = escape(routine_names.get(point.routine, point.routine))
            lines.append(f"[b $text-accent] {point.at:%H:%M} {glyph} {label}  {countdown(point, now)}[/]")
            lines.append(f"[$text-accent]         {routine}[/]")
        elif point.utc <= now:
            lines.append(f"[dim] {point.at:%H:%M} {glyph} {label}[/]")
        else:
            lines.append(f" {point.at:%H:%M} {glyph} {label}")
    if upcoming is None:
        lines.append(f"{now_line} [dim]— the plan for today is done[/]")
    return "\n".join(lines)


class Timeline(QuietStatic):
    """Shows :func:`render_timeline`; repaints only when the text changes (idle CPU stays near zero)."""

    DEFAULT_CSS = """
    Timeline { padding: 0 1; }
    """

    def show(self, points: Sequence[Transition], now: datetime, routine_names: Mapping[str, str]) -> None:
        self.set_markup(render_timeline(points, now, routine_names))
