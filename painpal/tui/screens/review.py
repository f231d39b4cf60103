"""Review: the close of a painpal day, in under two minutes, all from the keyboard.

The top half shows the day as data (the pain curve by hour, routines done
or skipped against the prompts, soothing against strategic minutes, the
sitting breaks, and the pacing sentence when the person's own history
supports one). The bottom half asks a few questions, each with one key and
each optional: last night's sleep (quality 1-5, then hours), today's stress
(0-10), one line of reflection and one intention for tomorrow. Once a week it
also offers the PEG (Krebs et al. 2009), three 0-10 items about the past week.

The answers of one day live in one :class:`~painpal.domain.records.DayNote`: every
answer is saved at once (in a worker) by replacing that note, so Esc or a
closed terminal never loses what was already answered. Opening the review
again starts at the first question not yet answered; Backspace goes back.
Skipping every question stores nothing: an empty note would only say "the
review was opened", which no insight uses.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from painpal.analysis.pacing import about_minutes
from painpal.analysis.peg import peg_due, peg_trend
from painpal.analysis.review import DayReview, sitting_parts
from painpal.domain.clock import painpal_day
from painpal.domain.plan import DayPlan, day_bounds
from painpal.domain.records import NOTE_MAX, DayNote, PegEntry, ValidationError
from painpal.services.review import ReviewData, load_review_data
from painpal.storage.files import StoreError
from painpal.text import minutes_text, sparkline
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from ..widgets.pain_scale import SCALE_KEYS, TEN_KEY, severity_colour
from .base import PainPalScreen, not_saved_markup, settings_problem_markup, unreadable_markup

if TYPE_CHECKING:
    pass

INTENTIONS = ("walk after lunch", "stand every hour", "morning mobility", "heat before bed", "wind-down routine")
"""Tomorrow's intention in one key: small practices at transition points (see the clinical notes)."""
PEG_RECENT_DAYS = 2
"""The PEG is offered only in the review of today or yesterday: it asks about the week up to now."""
CHART_ROWS = 3
"""Height of the pain curve: three rows of eighth-blocks give 24 steps for 0-10."""
BLOCKS = " ▁▂▃▄▅▆▇█"

CHOICE_CELL = 24
"""Width of one intention choice: "5 wind-down routine" and a gap."""

StepKind = Literal["scale", "number", "text", "choice"]


@dataclass(frozen=True)
class Step:
    """One question of the review: what it asks, how it is answered, and where the answer goes."""

    field: str
    """The :class:`DayNote` field, or ``peg_pain`` / ``peg_enjoyment`` / ``peg_activity``."""
    prompt: str
    kind: StepKind
    low: int = 0
    high: int = 10
    scale: str = ""
    """What the ends of a scale mean, shown under the question."""

    @property
    def peg(self) -> bool:
        return self.field.startswith("peg_")


NOTE_STEPS = (
    Step("sleep_quality", "How well did you sleep last night?", "scale", 1, 5, "1 very poorly · 3 fair · 5 very well"),
    Step("sleep_hours", "About how many hours did you sleep?", "number"),
    Step("stress", "How stressful was today?", "scale", 0, 10, f"0 not at all · 5 moderately · {TEN_KEY}=10 extremely"),
    Step("reflection", "One line about today, if you like: what went well, what was hard.", "text"),
    Step("intention", "One intention for tomorrow:", "choice"),
)
PEG_STEPS = (
    Step(
        "peg_pain",
        "What number best describes your pain on average in the past week?",
        "scale",
        scale=f"0 no pain · {TEN_KEY}=10 pain as bad as you can imagine",
    ),
    Step(
        "peg_enjoyment",
        "In the past week, how much has pain interfered with your enjoyment of life?",
        "scale",
        scale=f"0 not at all · {TEN_KEY}=10 completely",
    ),
    Step(
        "peg_activity",
        "In the past week, how much has pain interfered with your general activity?",
        "scale",
        scale=f"0 not at all · {TEN_KEY}=10 completely",
    ),
)
"""The PEG's three items (Krebs et al. 2009), in its own words; the score is their mean."""


def note_time(plan: DayPlan, day: date, now: datetime) -> datetime:
    """When a new note of ``day`` is stamped: now, or the day's last minute when reviewing an earlier day.

    Records are found by their instant, so a note written today about last
    Tuesday must carry a time inside last Tuesday to be read with it.
    """
    assert now.tzinfo is not None
    _, end = day_bounds(plan, day, now.tzinfo)
    return min(now, end - timedelta(minutes=1))


# ---------------------------------------------------------------------------------------- rendering


def pain_chart(curve: Sequence[tuple[int, float]], day_start_hour: int, cell: int = 3) -> list[str]:
    """The hourly pain curve as a small bar chart on the fixed 0-10 scale, with an hour axis.

    A fixed scale keeps days comparable (a full bar is 10, whatever the day's
    own range); bars are coloured by severity and also differ in height, so
    the chart still reads without colour (``NO_COLOR``).
    """
    if not curve:
        return []
    by_hour = dict(curve)
    order = [(h - day_start_hour) % 24 for h, _ in curve]
    hours = [(k + day_start_hour) % 24 for k in range(min(order), max(order) + 1)]
    steps = CHART_ROWS * 8
    rows = []
    for row in range(CHART_ROWS - 1, -1, -1):
        label = "10" if row == CHART_ROWS - 1 else " 0" if row == 0 else "  "
        cells = []
        for h in hours:
            if h not in by_hour:
                cells.append(" " * cell)
                continue
            mean = by_hour[h]
            height = max(1, round(mean / 10 * steps)) if mean > 0 else 0
            fill = max(0, min(8, height - row * 8))
            char = BLOCKS[fill] if fill or row else "▁"
            colour = severity_colour(round(mean))
            cells.append(f"[{colour}]{char * (cell - 1)}[/] " if cell > 1 else f"[{colour}]{char}[/]")
        rows.append(f"[dim]{label}│[/]" + "".join(cells).rstrip())
    axis = "".join(f"{h:02d}".ljust(cell * 3) if k % 3 == 0 else "" for k, h in enumerate(hours))
    rows.append(f"[dim]  └{axis.rstrip()} h[/]")
    return rows


LABEL_WIDTH = 10
"""The summary's labels ("Routines", "Sitting") take this many cells; wrapped lines hang under the figures."""


def hang(label: str, parts: Sequence[str], width: int, sep: str = " · ") -> list[str]:
    """``label`` then ``parts`` joined by ``sep``, wrapped at ``width`` cells with the figures kept in one column.

    A Static would wrap a long line back to column 0, under the label, where
    the eye looks for the next label.
    """
    from textual.content import Content

    lines: list[str] = []
    line, used = f"[b]{label:<{LABEL_WIDTH}}[/]", 0
    room = max(20, width - LABEL_WIDTH)
    for n, part in enumerate(parts):
        size = Content.from_markup(part).cell_length
        gap = len(sep) if n and used else 0
        if used and used + gap + size > room:
            lines.append(line.rstrip())
            line, used, gap = " " * LABEL_WIDTH, 0, 0
        line += (sep if gap else "") + part
        used += gap + size
    lines.append(line.rstrip())
    return lines


def summary_markup(review: DayReview, plan: DayPlan, width: int = 76) -> str:
    """The day as data, plainly: the figures ``painpal review`` prints, laid out for ``width`` cells."""
    lines: list[str] = []
    if review.empty:
        return (
            "[b]Nothing was logged on this day[/]: no check-ins, routines, reliefs or evening answers.\n"
            "[dim]You can still answer the questions below.[/]"
        )
    if review.count:
        colour = severity_colour(review.peak or 0)
        times = "check-in" if review.count == 1 else "check-ins"
        lines += hang(
            "Pain",
            [
                f"{review.count} {times}",
                f"mean [b]{review.mean:.1f}[/]",
                f"peak [b {colour}]{review.peak}[/]",
                f"first {review.first}, last {review.last}",
            ],
            width,
        )
        lines += [" " * LABEL_WIDTH + row for row in pain_chart(review.curve, plan.day_start_hour)]
        lines += hang("Check-ins", [f"[dim]{c.at:%H:%M}[/] {c.intensity}" for c in review.checkins], width, "  ")
    else:
        lines += hang("Pain", ["[dim]no check-ins on this day[/]"], width)
    outcomes = [f"{review.done} done", f"{review.skipped} skipped", f"{review.snoozed} snoozed"]
    if review.abandoned:
        outcomes.append(f"{review.abandoned} stopped early")
    if review.prompts:
        outcomes.append(f"[dim]{review.prompts} prompt{'s' * (review.prompts != 1)} shown[/]")
    lines += hang("Routines", outcomes, width)
    lines += hang("Relief", balance_parts(review.soothing_minutes, review.strategic_minutes), width, "  ")
    sitting = sitting_parts(review)
    if sitting:
        longest = review.longest_seated_minutes
        if longest is not None and longest > plan.max_seated_minutes:  # over the plan's limit: say it in colour too
            sitting[0] = sitting[0].replace(minutes_text(longest), f"[$text-warning]{minutes_text(longest)}[/]")
        if longest is None or review.closed:  # planned, not seen: quieter than what was seen
            sitting[-2:] = [f"[dim]{part}[/]" for part in sitting[-2:]]
        lines += hang("Sitting", sitting, width)
    else:
        lines += hang("Sitting", ["[dim]a rest day in your plan: no seated blocks to count[/]"], width)
    p = review.pacing
    activity = [f"{minutes_text(p.activity_minutes)} strategic activity"]
    if p.baseline_minutes is not None:
        activity.append(f"[dim]your usual: about {about_minutes(p.baseline_minutes)} min[/]")
    lines += hang("Activity", activity, width)
    if p.sentence:
        lines += hang("Pacing", [f"[$text-accent]{escape(word)}[/]" for word in p.sentence.split()], width, " ")
    return "\n".join(lines)


SOOTHING_BAR, STRATEGIC_BAR = "▒", "█"
"""The balance bar's two parts: a shade each, so soothing and strategic differ without colour."""


def balance_parts(soothing: float, strategic: float, width: int = 20) -> list[str]:
    """Soothing against strategic minutes: both figures and a bar in two colours and two shades.

    Both have a place (soothing can enable strategic); the bar shows the
    balance without judging it. Each part has its shade, shown before its
    figure, so the split reads without colour too.
    """
    total = soothing + strategic
    figures = [
        f"[$text-accent]{SOOTHING_BAR}[/] soothing [$text-accent]{minutes_text(soothing)}[/]",
        f"[$text-success]{STRATEGIC_BAR}[/] strategic [$text-success]{minutes_text(strategic)}[/]",
    ]
    if total <= 0:
        return [*figures, "[dim](none logged)[/]"]
    left = round(width * soothing / total)
    return [*figures, f"[$text-accent]{SOOTHING_BAR * left}[/][$text-success]{STRATEGIC_BAR * (width - left)}[/]"]


def note_markup(note: DayNote | None) -> str:
    """The day's answers in one or two lines (the done state of the questions)."""
    if note is None:
        return "[dim]No answers for this day.[/]"
    parts = []
    if note.sleep_quality is not None or note.sleep_hours is not None:
        sleep = [f"{note.sleep_quality} of 5"] if note.sleep_quality is not None else []
        if note.sleep_hours is not None:
            sleep.append(f"{note.sleep_hours:g} h")
        parts.append("sleep " + ", ".join(sleep))
    if note.stress is not None:
        parts.append(f"stress {note.stress} of 10")
    if note.intention:
        parts.append(f"tomorrow: [b]{escape(note.intention)}[/]")
    text = " · ".join(parts) or "no ratings"
    if note.reflection:
        text += f"\n[i]“{escape(note.reflection)}”[/]"
    return text


def peg_markup(pegs: Iterable[PegEntry]) -> str:
    """The weekly PEG scores as a sparkline and the latest figures, or a line saying what the PEG is."""
    trend = peg_trend(pegs)
    if not trend:
        return "[dim]PEG: no weekly answers yet (pain, enjoyment, activity; each 0-10).[/]"
    spark = sparkline(score for _, score in trend)
    last_week, last = trend[-1]
    line = f"[b]PEG[/] {spark}  latest [b]{last:.1f}[/] [dim](week of {last_week:%d %b})[/]"
    if len(trend) >= 2:
        first = trend[0][1]
        line += f" · {len(trend)} weeks, from {first:.1f}"
    return line


def value_text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# ---------------------------------------------------------------------------------------- the screen


class ReviewScreen(PainPalScreen[None], palette="Review"):
    """The review of one painpal day (default: today) and its few optional questions."""

    AUTO_FOCUS = None
    """Focus is set by the questions: a hidden input holding focus would swallow the one-key answers."""

    DEFAULT_CSS = """
    ReviewScreen #review-top {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    ReviewScreen #review-body {
        height: 1fr;
        padding: 0 1;
    }
    ReviewScreen #review-summary {
        height: auto;
        border: round $primary 60%;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    ReviewScreen #review-ask {
        height: auto;
        border: round $accent;
        border-title-color: $text-accent;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    ReviewScreen #ask-question {
        text-style: bold;
    }
    ReviewScreen #ask-choices {
        color: $text;
    }
    ReviewScreen #ask-input {
        display: none;
        margin: 0;
        width: 1fr;
        max-width: 72;
    }
    ReviewScreen.-typing #ask-input {
        display: block;
    }
    ReviewScreen #ask-error {
        color: $text-error;
        height: auto;
    }
    ReviewScreen .-empty {
        display: none;
    }
    ReviewScreen #review-status {
        height: auto;
        min-height: 1;
        max-height: 4;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        *[
            Binding(
                key,
                f"answer({n})",
                "Answer",
                show=n == 1,
                key_display=f"0-9 {TEN_KEY}",
                id=f"review-answer-{n}",
                tooltip=f"Answer {n}" + (" (10)" if key == TEN_KEY else ""),
            )
            for n, key in enumerate(SCALE_KEYS)
        ],
        Binding("enter", "skip", "Skip", id="review-skip", tooltip="Leave this question unanswered and go on"),
        Binding("backspace", "back", "Back", id="review-back", tooltip="The previous question"),
        Binding("o", "own_words", "Own words", id="review-own", tooltip="Type tomorrow's intention yourself"),
        Binding("e", "edit", "Edit answers", id="review-edit", tooltip="Go through today's questions again"),
        Binding("escape", "leave", "Leave", id="review-leave", tooltip="Back; what you answered is kept"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.requested_day = day
        self.data: ReviewData | None = None
        self.note: DayNote | None = None
        self.saved_note: DayNote | None = None
        self.steps: tuple[Step, ...] = NOTE_STEPS
        self.step: int | None = None
        """Index into :attr:`steps`; ``None`` while loading, ``len(steps)`` when done."""
        self.peg_answers: dict[str, int] = {}
        self.peg_saved = False
        self.typing_own_words = False
        self._save_lock = threading.Lock()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="review-top")
        with VerticalScroll(id="review-body"):
            yield Static("[dim]Loading the day…[/]", id="review-summary")
            with Vertical(id="review-ask"):
                yield Static(id="ask-head")
                yield Static(id="ask-question")
                yield Static(id="ask-choices")
                yield Input(id="ask-input", compact=True)
                yield Static(id="ask-error")
        yield Static(id="review-status")
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#review-summary").border_title = "The day"
        self.query_one("#review-ask").border_title = "Your evening check"
        self._hide_input()
        self.refresh_bindings()
        self.load()

    # ------------------------------------------------------------- data flow

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        """Read the day off the UI thread (the store may open an archive)."""
        try:
            data = load_review_data(self.painpal.store, self.painpal.clock.now(), self.requested_day)
        except StoreError as exc:
            self.call_from_worker(self.set_status, unreadable_markup(exc))
            return
        self.call_from_worker(self.loaded, data)

    def loaded(self, data: ReviewData) -> None:
        self.data = data
        self.note = self.saved_note = data.review.note
        today = painpal_day(data.now, data.plan.day_start_hour)
        recent = today - data.day < timedelta(days=PEG_RECENT_DAYS)
        self.steps = NOTE_STEPS + (PEG_STEPS if recent and peg_due(data.pegs, data.now) else ())
        first_open = next((i for i, s in enumerate(NOTE_STEPS) if self.answer_of(s) is None), len(NOTE_STEPS))
        self.step = first_open
        if first_open == len(NOTE_STEPS) and len(self.steps) == len(NOTE_STEPS):
            self.step = len(self.steps)
        day_word = "today" if data.day == today else "yesterday" if data.day == today - timedelta(days=1) else ""
        title = f"{data.day:%A} {data.day.day} {data.day:%B %Y}" + (f" · {day_word}" if day_word else "")
        self.query_one("#review-top", Static).update(f"[b]painpal[/]  Review of {title}")
        self.render_summary()
        if data.plan_problem:
            self.set_status(settings_problem_markup(data.plan_problem))
        self.show_step()

    def render_summary(self) -> None:
        """The day's figures, wrapped to the current width."""
        if self.data is not None:
            summary = self.query_one("#review-summary", Static)
            width = max(40, self.query_one("#review-body").content_size.width - 4)
            summary.update(summary_markup(self.data.review, self.data.plan, width))

    def on_resize(self) -> None:
        self.call_after_refresh(self.render_summary)

    def answer_of(self, step: Step) -> object:
        """The answer already given to ``step`` (``None`` when unanswered)."""
        if step.peg:
            return self.peg_answers.get(step.field)
        return getattr(self.note, step.field) if self.note is not None else None

    def save_note(self) -> None:
        """Write the day's note in a worker: replace the stored one (same id) or add the first."""
        if self.note is None or self.note == self.saved_note:
            return
        self.saved_note = self.note
        # An app worker: it must finish even when Esc has already closed this screen.
        self.app.run_worker(self._write_note, thread=True, group="review-save", exit_on_error=False)

    def _write_note(self) -> None:
        """Runs in a thread. Under a lock, always write the newest answers: saves never land out of order."""
        with self._save_lock:
            note = self.note
            if note is None:
                return
            try:
                self.painpal.check_writable()
                self.painpal.store.save(note)
            except StoreError as exc:
                self._tell(not_saved_markup(exc), failed=True)
                return
        self._tell("Saved.")

    def _write_peg(self, entry: PegEntry) -> None:
        try:
            self.painpal.check_writable()
            self.painpal.store.add(entry)
        except StoreError as exc:
            self._tell(not_saved_markup(exc, "PEG not saved"), failed=True)
            return
        self._tell(f"Saved: PEG {entry.score:.1f} for the past week.")

    def _tell(self, markup: str, *, failed: bool = False) -> None:
        """From a save thread, which may outlive this screen: say how the write went, on the UI thread."""
        with contextlib.suppress(RuntimeError):  # the app has closed: nobody left to tell
            self.app.call_from_thread(self._written, markup, failed)

    def _written(self, markup: str, failed: bool) -> None:
        """On this screen's status line; a failure after Esc closed the screen is still said, as a toast."""
        if not failed:
            with contextlib.suppress(OSError):  # a folder that cannot be looked at: Today's own check says so
                self.painpal.store.changed()  # our own write: an open Today need not reload for it
        if self.is_live:
            self.set_status(markup)
        elif failed:
            self.painpal.toast(markup, kind="review-save", severity="error")

    def set_status(self, markup: str) -> None:
        self.query_one("#review-status", Static).update(markup)

    # -------------------------------------------------------------- questions

    @property
    def current(self) -> Step | None:
        if self.step is None or self.step >= len(self.steps):
            return None
        return self.steps[self.step]

    def show_step(self) -> None:
        """Render the current question (or the done state) and put focus where the keys should go."""
        ask = self.query_one("#review-ask")
        self.error("")
        self.typing_own_words = False
        step = self.current
        if step is None:
            self._hide_input()
            ask.border_title = "Your answers"
            ask.border_subtitle = "e edit · Esc back"
            self._text("#ask-head", note_markup(self.note))
            self._text("#ask-question", "")
            self._text("#ask-choices", peg_markup(self.data.pegs if self.data else ()))
            self.refresh_bindings()
            return
        position = self.steps.index(step)
        if step.peg:
            ask.border_title = "Weekly check (PEG)"
            number = PEG_STEPS.index(step) + 1
            self._text(
                "#ask-head",
                f"[dim]PEG (Krebs et al. 2009) · about the past 7 days · {number} of 3 · Enter skips it this time[/]",
            )
        else:
            ask.border_title = "Your evening check"
            self._text("#ask-head", f"[dim]Question {position + 1} of {len(NOTE_STEPS)} · every answer optional[/]")
        ask.border_subtitle = "Enter skip · Backspace back · Esc leave"
        current = self.answer_of(step)
        now = f"  [dim](now: {escape(value_text(current))})[/]" if current is not None else ""
        self._text("#ask-question", escape(step.prompt) + now)
        if step.kind == "scale":
            keys = "1-5" if step.high == 5 else f"0-9, {TEN_KEY}=10"
            self._text("#ask-choices", f"[b]{keys}[/]  [dim]{escape(step.scale)}[/]")
            self._hide_input()
        elif step.kind == "choice":
            self._text("#ask-choices", self.intention_choices())
            self._hide_input()
        else:
            self._text(
                "#ask-choices",
                "[dim]A number, e.g. 7 or 6.5, then Enter; Enter alone skips.[/]"
                if step.kind == "number"
                else "[dim]Type, then Enter; Enter alone skips. Esc keeps what you typed.[/]",
            )
            self._show_input(step, "" if current is None else value_text(current))
        self.refresh_bindings()

    def intention_choices(self) -> str:
        """The practices in columns that never wrap mid-choice, then "o your own words"."""
        options = [(f"screen.answer({i})", str(i), v) for i, v in enumerate(INTENTIONS, 1)]
        options.append(("screen.own_words", "o", "your own words"))
        columns = max(1, (self.query_one("#review-ask").content_size.width or 76) // CHOICE_CELL)
        cells = [
            f"[@click={action}][b]{key}[/] {escape(label)}[/]" + " " * (CHOICE_CELL - len(label) - 2)
            for action, key, label in options
        ]
        return "\n".join("".join(cells[i : i + columns]).rstrip() for i in range(0, len(cells), columns))

    def _show_input(self, step: Step, value: str) -> None:
        field = self.query_one("#ask-input", Input)
        if step.kind == "number":
            field.restrict = r"[0-9.,]*"
            field.max_length = 5
            field.placeholder = "hours, e.g. 7.5"
        else:
            field.restrict = None
            field.max_length = NOTE_MAX if step.field == "reflection" else 80
            field.placeholder = "your words"
        field.value = value
        field.disabled = False
        self.add_class("-typing")
        field.focus()
        field.cursor_position = len(value)

    def _hide_input(self) -> None:
        """Hidden and disabled: a hidden Input could keep focus and eat the one-key answers."""
        field = self.query_one("#ask-input", Input)
        self.remove_class("-typing")
        field.disabled = True
        self.query_one("#review-body").focus()

    def error(self, message: str) -> None:
        self._text("#ask-error", escape(message))

    def _text(self, selector: str, markup: str) -> None:
        """Update a line of the question panel; an empty line takes no room (80x24 has none to spare)."""
        widget = self.query_one(selector, Static)
        widget.update(markup)
        widget.set_class(not markup, "-empty")

    def set_answer(self, step: Step, value: object) -> bool:
        """Record one answer (saved at once); False, with the reason shown, when it cannot be kept."""
        if step.peg:
            assert isinstance(value, int)
            self.peg_answers[step.field] = value
            return True
        assert self.data is not None
        fields: dict[str, Any] = {step.field: value}
        try:
            if self.note is None:
                at = note_time(self.data.plan, self.data.day, self.painpal.clock.now())
                self.note = DayNote(at=at, day=self.data.day, **fields)
            else:
                self.note = replace(self.note, **fields)
        except ValidationError as exc:
            self.error(str(exc))
            return False
        self.save_note()
        return True

    def advance(self) -> None:
        """On to the next question; after the last PEG item, store the PEG."""
        assert self.step is not None
        step = self.current
        self.step += 1
        if step is not None and step.peg and self.current is None:
            self.finish_peg()
        self.show_step()

    def finish_peg(self) -> None:
        """All three PEG items answered: store them as one entry (a partial PEG has no score)."""
        answers = self.peg_answers
        if self.peg_saved or len(answers) < len(PEG_STEPS):
            return
        entry = PegEntry(
            at=self.painpal.clock.now(),
            pain=answers["peg_pain"],
            enjoyment=answers["peg_enjoyment"],
            activity=answers["peg_activity"],
        )
        self.peg_saved = True
        if self.data is not None:
            self.data = replace(self.data, pegs=(*self.data.pegs, entry))
        self.app.run_worker(lambda: self._write_peg(entry), thread=True, group="review-save", exit_on_error=False)

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that mean something at this step."""
        step = self.current
        loaded = self.step is not None
        if action == "answer":
            return loaded and step is not None and step.kind in ("scale", "choice")
        if action == "skip":
            return loaded and step is not None
        if action == "back":
            return loaded and bool(self.step)
        if action == "own_words":
            return step is not None and step.kind == "choice"
        if action == "edit":
            return loaded and step is None
        return True

    def action_answer(self, number: int) -> None:
        step = self.current
        if step is None:
            return
        if step.kind == "choice":
            if 1 <= number <= len(INTENTIONS) and self.set_answer(step, INTENTIONS[number - 1]):
                self.advance()
            return
        if step.kind != "scale":
            return
        if not step.low <= number <= step.high:
            self.error(f"Press {step.low} to {step.high}." if step.high < 10 else f"Press 0-9, or {TEN_KEY} for 10.")
            return
        if self.set_answer(step, number):
            self.advance()

    def action_skip(self) -> None:
        """Enter: on to the next question (any earlier answer stays); on a PEG item, skip the PEG this time."""
        step = self.current
        if step is None:
            return
        if step.peg:
            self.peg_answers.clear()
            self.step = len(self.steps)
            self.set_status("PEG skipped this time; it will be offered again.")
            self.show_step()
            return
        self.advance()

    def action_back(self) -> None:
        if self.step:
            self.step -= 1
            self.show_step()

    def action_own_words(self) -> None:
        step = self.current
        if step is None or step.kind != "choice":
            return
        current = self.answer_of(step)
        self._show_input(Step(step.field, step.prompt, "text"), "" if current is None else str(current))
        self.typing_own_words = True
        self._text("#ask-choices", "[dim]Type your intention, then Enter.[/]")
        self.refresh_bindings()

    def action_edit(self) -> None:
        """Go through the questions again from the first (the answers are shown as "now")."""
        if self.step is not None:
            self.step = 0
            self.show_step()

    def action_leave(self) -> None:
        """Esc: keep what was typed but not yet submitted, then go back."""
        step = self.current
        if step is not None and self.has_class("-typing"):
            text = self.query_one("#ask-input", Input).value.strip()
            if text:
                parsed = self.parse_typed(step, text)
                if parsed is not None:
                    self.set_answer(step, parsed)
        self.dismiss(None)

    def parse_typed(self, step: Step, text: str) -> object:
        """The typed answer as stored: hours as a number (a comma works as a decimal point too)."""
        if step.kind == "number":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                self.error(f"{text!r} is not a number of hours; try 7 or 6.5.")
                return None
        return text

    @on(Input.Submitted, "#ask-input")
    def typed(self, event: Input.Submitted) -> None:
        event.stop()
        step = self.current
        if step is None:
            return
        text = event.value.strip()
        current = self.answer_of(step)
        if not text:
            if current is not None:  # the box was emptied: the answer is taken back
                self.set_answer(step, None)
            self.advance()
            return
        value = self.parse_typed(step, text)
        if value is not None and self.set_answer(step, value):
            self.advance()
