"""The sitting timer: minutes seated against the plan's limit, as a bar."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .quiet import QuietStatic

if TYPE_CHECKING:
    from painpal.domain.sitting import Sitting

BAR_WIDTH = 16
NEAR_LIMIT = 0.8
"""From this share of the limit the bar turns the warning colour and the line says "soon": colour and words agree."""


def render_sitting(state: Sitting, now: datetime, away_since: datetime | None) -> str:
    """Content markup for the sitting panel."""
    if away_since is not None:
        minutes = int((now - away_since).total_seconds() // 60)
        return f"[b]Away[/] since {away_since:%H:%M} ({minutes} min)\n[dim]press a when you are back[/]"
    if not state.seated:
        return "[dim]Not in a seated block[/]\n[dim]m: I moved · a: away[/]"
    filled = min(BAR_WIDTH, round(BAR_WIDTH * state.minutes / max(state.limit, 1)))
    due = state.due(now)
    near = state.minutes >= state.limit * NEAR_LIMIT
    # A nudge, not an alarm: even when due it is the accent colour, never the error red.
    colour = "$text-accent" if due else "$text-warning" if near else "$text-success"
    bar = f"[{colour}]{'█' * filled}[/][dim]{'░' * (BAR_WIDTH - filled)}[/]"
    head = f"[b]Seated {state.minutes} min[/] of {state.limit}"
    if due:
        tail = "[b $text-accent]Time to stand[/] · s start · z snooze"
    elif state.due_at is not None and near:
        tail = f"[b]Stand soon[/], at {state.due_at:%H:%M} [dim]· m: I moved · a: away[/]"
    elif state.due_at is not None:
        tail = f"[dim]stand at {state.due_at:%H:%M} · m: I moved · a: away[/]"
    else:
        tail = ""
    return f"{head}  {bar}\n{tail}"


class SittingTimer(QuietStatic):
    """Shows :func:`render_sitting`; repaints only when the text changes."""

    def show(self, state: Sitting, now: datetime, away_since: datetime | None) -> None:
        self.set_markup(render_sitting(state, now, away_since))
