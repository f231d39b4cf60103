"""Insights: weeks and months of check-ins turned into sentences a clinician can act on.

Pattern sentences come first, each with the figures behind it, because
"pain builds late afternoon, mostly after sitting, and a walk eases it" is
what the person takes to a visit; when the data cannot support one yet,
the screen says plainly what more would help (:func:`insights.needs_more_data`).
Below them: pain by weekday and hour as a heatmap, the trend, what comes
before higher pain, what eases it, the days around each flare side by side,
and the weekly PEG.

Everything is computed by :mod:`painpal.insights` in a worker (a 90-day
period reads a few thousand records); results are kept per period, so
switching back and forth is instant. The screen is one scrollable column, so
it reads at 80x24 and breathes at 120x40.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from painpal.analysis.claims import ClaimSet, relief_roles
from painpal.analysis.effects import Effect, effect_label
from painpal.analysis.flares import DaySummary
from painpal.analysis.patterns import Insights, family_text, untested
from painpal.analysis.stats import MIN_TREND_DAYS, DayTrend, Stat
from painpal.domain.plan import WEEKDAY_NAMES
from painpal.services.period import PeriodResult, compute_period
from painpal.storage.files import StoreError
from painpal.text import number, spark, sparkline
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalScreen, settings_problem_markup, unreadable_markup

if TYPE_CHECKING:
    pass

PERIODS = (7, 30, 90)
"""The periods offered, in days: a week to see today in context, a month for patterns, a quarter for trends."""
MAX_ROWS = 6
"""Factors and relievers shown: the strongest few; the report has the rest."""
BEFORE_HIGHER_KINDS = ("activity", "day-condition", "time-of-day-condition", "boom-bust")
"""Claims that say what came before (or went with) higher pain, as opposed to when in the day it was higher."""
HEAT_LEVELS = (
    (2.0, "▁", "<2", "$text-success"),
    (4.0, "░", "2–4", "$text-success"),
    (5.5, "▒", "4–5.5", "$text-warning"),
    (7.0, "▓", "5.5–7", "$text-warning"),
    (math.inf, "█", "7+", "$text-error"),
)
"""Heatmap bands: upper bound of the mean (exclusive), the glyph, the legend's label, the theme colour.

Each band has a glyph of its own, inkier as pain rises (a floor line, then
light, medium, dark and full shade), so the map reads the same without
colour: under NO_COLOR, in greyscale print, or to a person who cannot tell
the green from the orange. The colour only repeats what the glyph says."""
MAX_TREND_COLUMNS = 45
"""The daily-mean sparkline groups days so it never needs more than this many columns."""


# ---------------------------------------------------------------------------------------- rendering


def heat_cell(stat: Stat, width: int) -> str:
    """One heatmap cell: a shade by mean pain, or a dim dot where there were no check-ins."""
    if stat.mean is None:
        return "[dim]" + "·".center(width) + "[/]"
    for bound, block, _, colour in HEAT_LEVELS:
        if stat.mean < bound:
            return f"[{colour}]{block * width}[/]"
    raise AssertionError("unreachable: the last level is unbounded")


def heatmap_markup(ins: Insights, day_start_hour: int, width: int) -> list[str]:
    """Weekday rows by hour columns, each cell the mean pain there; a mean column, an hour axis, a legend.

    Only the hours that hold check-ins are drawn (in the painpal day's
    order), so the map uses the width for waking hours; each hour gets
    1-3 cells depending on ``width``.
    """
    used = [h for h in range(24) if ins.by_hour[h].count]
    if not used:
        return ["[dim]No check-ins in this period.[/]"]
    order = sorted(used, key=lambda h: (h - day_start_hour) % 24)
    first, last = (order[0] - day_start_hour) % 24, (order[-1] - day_start_hour) % 24
    hours = [(k + day_start_hour) % 24 for k in range(first, last + 1)]
    label_w, mean_w = 4, 6
    cell = max(1, min(3, (width - label_w - mean_w) // len(hours)))
    lines = []
    for wd in range(7):
        row = "".join(heat_cell(ins.heatmap[wd][h], cell) for h in hours)
        mean = ins.by_weekday[wd].mean
        lines.append(f"{WEEKDAY_NAMES[wd][:3]} {row} [dim]{number(mean):>4}[/]")
    lines.append("[dim]all[/] " + "".join(heat_cell(ins.by_hour[h], cell) for h in hours))
    step = 3 if cell >= 2 else 4
    axis = ""
    for k, h in enumerate(hours):
        if k % step == 0:
            axis = axis.ljust(k * cell) + f"{h:02d}"
    lines.append(f"[dim]    {axis} h[/]")
    legend = "  ".join(f"[{colour}]{block * 2}[/] {label}" for _, block, label, colour in HEAT_LEVELS)
    lines.append(f"[dim]mean pain:[/] {legend}  [dim]· none[/]")
    return lines


def trend_markup(result: PeriodResult) -> list[str]:
    """Daily mean pain as a sparkline on the fixed 0-10 scale, and the slope in plain words."""
    t = result.insights.trend
    group = max(1, math.ceil(len(result.daily) / MAX_TREND_COLUMNS))
    marks = ""
    for k in range(0, len(result.daily), group):
        values = [v for v in result.daily[k : k + group] if v is not None]
        marks += spark(sum(values) / len(values)) if values else " "
    unit = "day" if group == 1 else f"{group} days"
    lines = [f"[$text-accent]{marks}[/]  [dim]daily mean, 0–10, one mark per {unit}[/]"]
    lines.append(trend_words(t.fit))
    return lines


def trend_words(fit: DayTrend) -> str:
    """The period's direction in plain words, only as far as its day means support it."""
    if fit.slope_per_week is None:
        return f"[dim]A trend needs {MIN_TREND_DAYS} days with check-ins; this period has {fit.days}.[/]"
    if not fit.clear:
        return "No clear rise or fall over the period: the days vary more than they drift."
    words = "Easing" if fit.slope_per_week < 0 else "Rising"
    return f"{words}: about {abs(fit.change):.1f} points over {fit.days} logged days."


def factors_markup(found: ClaimSet) -> list[str]:
    """What came before higher pain: only what the log supports, tested with everything else painpal tried."""
    higher = [c for c in found.claims if c.direction == "higher" and c.kind in BEFORE_HIGHER_KINDS][:MAX_ROWS]
    if not higher:
        lines = ["[dim]Nothing stands out beyond day-to-day variation yet: no activity, sitting, sleep or stress.[/]"]
        return lines + [f"[dim]{escape(line)}[/]" for line in found.missing[:2]]
    return [f"• {escape(c.words)}" for c in higher]


def effects_markup(found: ClaimSet, effects: Sequence[Effect]) -> list[str]:
    """What eased pain, soothing or strategic as the log shows it; the rest only as how often it was tried.

    A figure for each relief ("walk −2.0") would credit it with the fall that
    follows any high check-in; only relief that beats similar moments without
    it gets one, in :func:`painpal.analysis.claims.relief_roles`.
    """
    roles = relief_roles(found)
    lines = []
    for role in roles[:MAX_ROWS]:
        kind = f"[$text-success]{role.role}[/] · " if role.role else ""
        lines.append(f"• {kind}{escape(role.words)}")
    tried = untested(found, effects)
    if tried:
        names = ", ".join(f"{escape(effect_label(e))} ({e.count})" for e in tried[:MAX_ROWS])
        lines.append(f"[dim]Tried, no clear difference from similar moments without it yet: {names}.[/]")
    if not lines:
        return ["[dim]No relief or routine with a check-in before and after it yet.[/]"]
    return lines


def flare_markup(days: Sequence[DaySummary], index: int, total: int) -> list[str]:
    """The days around one flare side by side: what led up to it, and the day after."""
    col = 14
    names = {-2: "2 days before", -1: "day before", 0: "flare", 1: "day after"}

    def row(label: str, cells: Iterable[str]) -> str:
        return f"[dim]{label:<13}[/]" + "".join(cells)  # cells are padded before any markup is added

    def pad(text: str) -> str:
        return text.ljust(col)

    head = [pad(names[d.offset]) if d.offset else f"[b $text-error]{pad('flare')}[/]" for d in days]
    lines = [f"[b]Flare {index + 1} of {total}[/] [dim](f: next)[/]", row("", head)]
    lines.append(row("", [pad(f"{d.day:%a %d %b}") for d in days]))
    lines.append(
        row(
            "mean · peak", [pad(f"{number(d.mean)} · {d.peak}" if d.peak is not None else "no check-ins") for d in days]
        )
    )
    lines.append(row("activity", [pad(f"{round(d.activity_minutes)} min") for d in days]))
    sleep = []
    for d in days:
        parts = [f"{d.sleep_quality}/5"] if d.sleep_quality is not None else []
        if d.sleep_hours is not None:
            parts.append(f"{d.sleep_hours:g} h")
        sleep.append(pad(" ".join(parts) or "–"))
    lines.append(row("sleep", sleep))
    lines.append(row("stress", [pad(f"{d.stress}/10" if d.stress is not None else "–") for d in days]))
    return lines


def peg_markup(pegs: Sequence[tuple[object, float]]) -> str:
    if not pegs:
        return "[dim]No weekly PEG answers in this period; the review offers it once a week.[/]"
    spark = sparkline(score for _, score in pegs)
    first, last = pegs[0][1], pegs[-1][1]
    span = f"{len(pegs)} weeks · from {first:.1f} to [b]{last:.1f}[/]"
    return f"[$text-accent]{spark}[/]  {span} [dim](0–10, lower is better)[/]"


# ---------------------------------------------------------------------------------------- the screen


class InsightsScreen(PainPalScreen[None], palette="Insights"):
    """Patterns, heatmap, trend, factors, relievers, flares and PEG over 7, 30 or 90 days."""

    DEFAULT_CSS = """
    InsightsScreen #insights-top {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    InsightsScreen #insights-body {
        height: 1fr;
        padding: 0 1;
    }
    InsightsScreen .section {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    InsightsScreen #insights-patterns {
        border: round $accent;
        border-title-color: $text-accent;
    }
    InsightsScreen .pattern {
        margin-top: 1;
        text-style: bold;
    }
    InsightsScreen .evidence {
        padding-left: 2;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("1", "period(7)", "7 days", id="insights-7", tooltip="The last 7 days"),
        Binding("2", "period(30)", "30 days", id="insights-30", tooltip="The last 30 days"),
        Binding("3", "period(90)", "90 days", id="insights-90", tooltip="The last 90 days"),
        Binding("tab", "next_period", "Period", show=False, id="insights-next", tooltip="The next period"),
        Binding("f", "next_flare", "Next flare", id="insights-flare", tooltip="The days around the next flare"),
        Binding("escape", "leave", "Back", id="insights-back", tooltip="Back to where you were"),
    ]

    def __init__(self, days: int = 30) -> None:
        super().__init__()
        self.days = days if days in PERIODS else 30
        self.results: dict[int, PeriodResult] = {}
        self.flare_index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="insights-top")
        with VerticalScroll(id="insights-body"):
            with Vertical(id="insights-patterns", classes="section"):
                yield Static(id="patterns-head")
            yield Static(id="insights-heatmap", classes="section")
            yield Static(id="insights-trend", classes="section")
            yield Static(id="insights-factors", classes="section")
            yield Static(id="insights-effects", classes="section")
            yield Static(id="insights-flares", classes="section")
            yield Static(id="insights-peg", classes="section")
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        titles = {
            "patterns": "What your data says",
            "heatmap": "Pain by weekday and hour",
            "trend": "Trend",
            "factors": "What comes before higher pain",
            "effects": "What eases your pain",
            "flares": "Flares",
            "peg": "Weekly PEG",
        }
        for key, title in titles.items():
            self.query_one(f"#insights-{key}").border_title = title
        self.query_one("#insights-body").focus()
        self.show()

    # ------------------------------------------------------------- data flow

    def show(self) -> None:
        """Render the current period, computing it first when it is not cached."""
        self.render_top()
        result = self.results.get(self.days)
        if result is None:
            self.set_patterns(f"[dim]Reading the last {self.days} days…[/]", [])
            self.compute(self.days)
            return
        self.render_result(result)

    @work(thread=True, exclusive=True, group="insights")
    def compute(self, days: int) -> None:
        """Load and compute a period off the UI thread."""
        try:
            result = compute_period(self.painpal.store, self.painpal.clock.now(), days)
        except StoreError as exc:
            self.call_from_worker(self.set_patterns, unreadable_markup(exc), [])
            return
        self.call_from_worker(self.computed, result)

    def computed(self, result: PeriodResult) -> None:
        self.results[result.days] = result
        if result.days == self.days:
            self.render_result(result)

    # ------------------------------------------------------------------ render

    def render_top(self) -> None:
        tabs = []
        for days in PERIODS:
            label = f" {days} days "
            tabs.append(f"[b reverse]{label}[/]" if days == self.days else f"[@click=screen.period({days})]{label}[/]")
        self.query_one("#insights-top", Static).update(
            "[b]painpal[/]  Insights  " + "│".join(tabs) + "  [dim]1 2 3 or Tab[/]"
        )

    def render_result(self, result: PeriodResult) -> None:
        ins = result.insights
        width = max(40, self.query_one("#insights-body").content_size.width - 4)
        head = (
            f"[dim]Last {result.days} days: {ins.count} check-ins on {ins.days_logged} days · "
            f"mean pain {number(ins.mean)}[/]"
        )
        head += "".join("\n" + settings_problem_markup(message) for message in result.problems)
        if result.patterns:
            head += f"\n[dim]{escape(family_text(result.found))}[/]"
            self.set_patterns(head, [(p.sentence, p.evidence) for p in result.patterns])
        else:
            self.set_patterns(head, [(result.needs_more or "", None)])
        self.query_one("#insights-heatmap", Static).update("\n".join(heatmap_markup(ins, result.day_start_hour, width)))
        self.query_one("#insights-trend", Static).update("\n".join(trend_markup(result)))
        self.query_one("#insights-factors", Static).update("\n".join(factors_markup(result.found)))
        self.query_one("#insights-effects", Static).update("\n".join(effects_markup(result.found, ins.effects)))
        self.render_flares(result)
        self.query_one("#insights-peg", Static).update(peg_markup(ins.pegs))

    def set_patterns(self, head: str, items: Sequence[tuple[str, str | None]]) -> None:
        """The pattern sentences, each with its evidence indented under it (so wrapped lines stay aligned)."""
        box = self.query_one("#insights-patterns")
        self.query_one("#patterns-head", Static).update(head)
        box.remove_children(".pattern, .evidence")
        widgets: list[Static] = []
        for sentence, evidence in items:
            widgets.append(Static(escape(sentence), classes="pattern"))
            if evidence:
                widgets.append(Static(escape(evidence), classes="evidence"))
        if widgets:
            box.mount_all(widgets)

    def render_flares(self, result: PeriodResult) -> None:
        widget = self.query_one("#insights-flares", Static)
        if not result.flares:
            widget.update(
                "[dim]No flares in this period (a day 2+ points above your usual, or a check-in 4+ above it).[/]"
            )
            return
        self.flare_index %= len(result.flares)
        widget.update("\n".join(flare_markup(result.flares[self.flare_index], self.flare_index, len(result.flares))))

    def on_resize(self, event: Resize) -> None:
        """The heatmap's cells widen with the terminal."""
        result = self.results.get(self.days)
        if result is not None:
            self.call_after_refresh(self.render_result, result)

    # ---------------------------------------------------------------- actions

    def action_period(self, days: int) -> None:
        if days != self.days:
            self.days = days
            self.flare_index = 0
            self.show()

    def action_next_period(self) -> None:
        """Tab: 7 -> 30 -> 90 -> 7 days."""
        self.action_period(PERIODS[(PERIODS.index(self.days) + 1) % len(PERIODS)])

    def action_next_flare(self) -> None:
        """f: the days around the next (older) flare of the period."""
        result = self.results.get(self.days)
        if result is not None and result.flares:
            self.flare_index = (self.flare_index + 1) % len(result.flares)
            self.render_flares(result)

    def action_leave(self) -> None:
        self.dismiss(None)
