"""The day as a column of transition points with a now marker."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from painpal.text import shorten
from painpal.tui.markup import escape

from .quiet import QuietStatic

if TYPE_CHECKING:
    from painpal.domain.calendar import Meeting
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
MEETING_GLYPH = "◆"


def render_timeline(
    points: Sequence[Transition],
    now: datetime,
    routine_names: Mapping[str, str],
    width: int = 200,
    meetings: Sequence[Meeting] = (),
) -> str:
    """Content markup: past points dimmed, the next one highlighted with its countdown, a now marker.

    Every row fits ``width`` cells (the widget's content width), so none
    wraps under its own time: a label
    too long beside its countdown gives the countdown the routine's row, and
    what still does not fit ends in an ellipsis rather than wrapping.
    Meetings are rows of their own among the points, in order of time
    (" 10:00 ◆ Team sync (until 11:00)"), bold while under way; the now
    marker goes before the first row still ahead.
    """
    from painpal.domain.plan import countdown, next_transition  # loaded by the first data load, after the first frame

    lines: list[str] = []
    upcoming = next_transition(points, now)
    now_line = f"[reverse b] {now:%H:%M} [/] [b]now[/]"
    indent = " " * 9
    zone = now.tzinfo
    rows: list[tuple[datetime, int, Transition | None, Meeting | None]] = [(p.utc, 1, p, None) for p in points] + [
        (m.utc_start, 0, None, m) for m in meetings
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    marked = False
    for _at, _order, point, meeting in rows:
        if meeting is not None:
            if not marked and meeting.start > now:
                lines.append(now_line)
                marked = True
            row = f" {meeting.start.astimezone(zone):%H:%M} {MEETING_GLYPH} {meeting.title}"
            row += f" (until {meeting.end.astimezone(zone):%H:%M})"
            style = "dim" if meeting.end <= now else "b" if meeting.covers(now) else ""
            text = escape(shorten(row, width))
            lines.append(f"[{style}]{text}[/]" if style else text)
            continue
        assert point is not None
        if point is upcoming and not marked:
            lines.append(now_line)
            marked = True
        glyph = KIND_GLYPHS.get(point.kind, "·")
        row = f" {point.at:%H:%M} {glyph} {point.label}"
        if point is upcoming:
            routine = routine_names.get(point.routine, point.routine)
            when = countdown(point, now)
            if len(row) + 2 + len(when) <= width:
                first, second = f"{row}  {when}", f"{indent}{routine}"
            else:
                first, second = row, f"{indent}{when} · {routine}"
            lines.append(f"[b $text-accent]{escape(shorten(first, width))}[/]")
            lines.append(f"[$text-accent]{escape(shorten(second, width))}[/]")
        elif point.utc <= now:
            lines.append(f"[dim]{escape(shorten(row, width))}[/]")
        else:
            lines.append(escape(shorten(row, width)))
    if upcoming is None:
        done = " — the plan for today is done"
        lines.append(f"{now_line} [dim]{escape(shorten(done, max(1, width - 11)))}[/]")
    return "\n".join(lines)


class Timeline(QuietStatic):
    """Shows :func:`render_timeline` at its own width; repaints only when the text changes (idle CPU near zero)."""

    DEFAULT_CSS = """
    Timeline { padding: 0 1; }
    """

    _args: tuple[Sequence[Transition], datetime, Mapping[str, str], Sequence[Meeting]] | None = None

    def show(
        self,
        points: Sequence[Transition],
        now: datetime,
        routine_names: Mapping[str, str],
        meetings: Sequence[Meeting] = (),
    ) -> None:
        self._args = (points, now, routine_names, meetings)
        width = self.content_size.width or 200  # before the first layout, any width; the resize re-renders
        self.set_markup(render_timeline(points, now, routine_names, width, meetings))

    def on_resize(self) -> None:
        if self._args is not None:
            self.show(*self._args)
