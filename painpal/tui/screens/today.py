"""Today: the screen people keep open all day.

The timeline with a now marker, one-keystroke check-ins, the sitting timer
and the suggestion for now. Time moves on a wall-clock tick that wakes at
the next moment that matters (a transition, the sitting limit, the next
minute) and at least every :data:`TICK_S` seconds (never one long Textual
timer, which stops while a laptop sleeps): a prompt arrives on its minute,
and an idle pane wakes three times a minute. The tick notices clock jumps,
rolls the day over, and fires each prompt at most once; a prompt due during a meeting
waits for its end (:class:`painpal.domain.calendar.PromptHold`). Outside writes (``painpal log`` in another shell) are
noticed by a cheap stat poll and reloaded in a worker; what a sync tool
left there (a conflict copy, a file still arriving) is said after each read,
once (:meth:`painpal.tui.app.PainPalApp.tell_sync_notes`).

A read that fails (a file cut short, a record that fails validation, on
opening or while open) is never raised: on opening, a dialog says the
sentence (:mod:`.data_problem`); later, a notice line says it under the last
day that was read. Until a read succeeds nothing is saved
(:meth:`painpal.tui.app.PainPalApp.check_writable`) and the files are read
again every :data:`RETRY_S` seconds, so mending the file brings the day back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.worker import get_current_worker

from painpal.domain.clock import DEFAULT_DAY_START_HOUR, painpal_day
from painpal.domain.records import OPEN_EVENT, CheckIn, Event, Record, Relief, RoutineRun, places_text
from painpal.storage.files import StoreError, os_error_reason
from painpal.text import recording_day_text, sparkline, walk_goal_text
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from ..widgets.pain_scale import SCALE_KEYS, TEN_KEY, PainScale, severity_colour
from ..widgets.quiet import QuietStatic
from ..widgets.sitting import SittingTimer
from ..widgets.timeline import Timeline
from .base import PainPalScreen, not_saved_markup, settings_problem_markup, undoable

if TYPE_CHECKING:
    from textual.timer import Timer

    from painpal.coach import Suggestion
    from painpal.domain.calendar import Meeting, PromptHold
    from painpal.domain.plan import PromptTracker, Transition
    from painpal.domain.sitting import Sitting
    from painpal.history import History
    from painpal.services.calendar import CalendarBook, CalendarDay
    from painpal.services.today import DayState

    from .data_problem import DataProblemScreen

# The core (plan, coach, insights, safety, ...) is imported by the first load, in a worker
# thread, after the first frame is on screen; methods import names from it locally (cached).

FRESH_PAIN = timedelta(minutes=60)
"""A check-in this recent is the pain before a routine: the player says it reused it instead of asking."""
HINT_S = 3.0
"""How long the pain scale stays lit after a click on the footer's "0-9 x Pain"."""
NARROW_COLUMNS = 74
"""Below this many columns the timeline (36) and a whole pain scale (38) do not fit side by side."""
NARROW_SUGGESTION_ROWS = 3
"""A narrow pane's suggestion panel shows this many rows (its max-height in painpal.tcss, less the border)."""
ROOMY_COLUMNS = 100
"""From this many columns the timeline column widens so no label or countdown is cut."""
WIDE_COLUMNS = 140
"""From this many columns today's curve and log get a column of their own beside the suggestion."""
OPEN_BEAT = timedelta(minutes=5)
"""How often the open span is lengthened on disk: a killed painpal loses at most this much of it."""
TICK_S = 20.0
"""Wall-clock tick: often enough for minute-accurate countdowns, rare enough to cost nothing idle."""
POLL_S = 1.0
"""How often to stat the data file for writes by other processes (seen within 2 s)."""
NOT_SAVED_WHILE_UNREADABLE = "[b $text-error]Not saved:[/] painpal cannot read your data (the lines above say why)."
"""The status after a key that would record something while the notice line stands."""
CALENDAR_POLL_S = 30.0
"""How often the calendar files are stat'ed (in a worker) for changes: a folder of a thousand files is a
thousand stats, too many for every second; a meeting moved in another app shows within half a minute."""
RETRY_S = 5.0
"""While painpal cannot read the data, read again this often even if no stat changed: a file mended in
place inside ``archive/`` leaves the stat painpal watches (the folder's) as it was."""


def _span_minutes(span: Event, end: datetime) -> float:
    """How long an open span has lasted at ``end``, within what an event may hold (0 to a day)."""
    return min(24 * 60.0, max(0.0, round((end - span.at).total_seconds() / 60, 1)))


class SuggestionPanel(QuietStatic):
    """The suggestion, fitted to the panel's size: it renders again whenever that size changes."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, TodayScreen) and screen.state is not None:
            screen.show_suggestion()


class TodayScreen(PainPalScreen[None]):
    """The day view. All writes go through workers; the UI thread only renders."""

    BINDINGS = [
        *[
            Binding(
                key,
                f"checkin({n})",
                "Pain",
                show=n == 0,
                key_display="0-9 x",
                id=f"pain-{n}",
                tooltip=f"Record pain {n} now",
            )
            for n, key in enumerate(SCALE_KEYS)
        ],
        Binding("m", "moved", "Moved", id="moved", tooltip="Restart the sitting timer"),
        Binding("a", "away", "Away", show=False, id="away", tooltip="Stepping away; 5+ minutes counts as a break"),
        Binding("s", "start", "Start", id="start", tooltip="Start the suggested routine"),
        Binding("z", "snooze", "Snooze", show=False, id="snooze", tooltip="Snooze the standing reset 10 minutes"),
        Binding("k", "skip", "Skip", show=False, id="skip", tooltip="Skip the suggestion (counted)"),
        Binding("d", "details", "Details", show=False, id="details", tooltip="Add detail to the last check-in"),
        Binding("r", "relief", "Relief", id="relief", tooltip="Log heat, a walk, medication taken, ..."),
        Binding("l", "library", "Routines", show=False, id="library", tooltip="The routine library, your own routines"),
        Binding("p", "plan", "Plan", id="plan", tooltip="Wake, work blocks, sleep, sitting limit"),
        Binding("v", "review", "Review", id="review", tooltip="The end-of-day review (and the weekly PEG)"),
        Binding("i", "insights", "Insights", show=False, id="insights", tooltip="Patterns over 7, 30, 90 days"),
        Binding("c", "care", "Care", show=False, id="care", tooltip="Care team, appointments, report, visit brief"),
        Binding("w", "warning_check", "Warning signs", show=False, id="warning", tooltip="When to seek care"),
        Binding("e", "day_log", "Log", id="day-log", tooltip="The day's records: step through days, edit, delete, add"),
        Binding(
            "u", "undo", "Undo", show=False, id="undo", tooltip="Take back your last action (several, newest first)"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: DayState | None = None
        self.points: list[Transition] = []
        self.points_day: object = None
        self.tracker: PromptTracker | None = None  # created once the day's prompts are known
        self.prev_tick: datetime | None = None
        self.wake_timer: Timer | None = None
        """The one-shot timer to the next moment (:meth:`wake_at_next_moment`); re-armed after every tick."""
        self.open_span: Event | None = None
        """The span this screen has been open (:meth:`keep_open_span`): what the review counts as seen sitting."""
        self.away_since: datetime | None = None
        self.sitting_state: Sitting | None = None
        self.sitting_prompted_for: datetime | None = None
        self.suggestion: Suggestion | None = None
        self.status_text = ""
        self.read_at: datetime | None = None
        """When the day on screen was read: the notice of a data problem says how old it is."""
        self._read_started = 0.0
        self._problem_screen: DataProblemScreen | None = None
        self._until_read: list[Callable[[], None]] = []
        """What waits for the first day to be read (a check-in's detail step asked for at once on opening)."""
        self._day_notes_key: tuple[int, object] | None = None
        self._day_notes: list[str] = []
        self.calendar_book: CalendarBook | None = None
        """Parsed calendars kept while Today is open (created with the first calendar read, in a worker)."""
        self.calendar_day: CalendarDay | None = None
        """The meetings last read, and the day they are for."""
        self.hold: PromptHold | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield QuietStatic(id="topbar")
        # The check-in panel comes first: in a narrow pane the column stacks and the pain scale is on top,
        # whole; in a wide one the day's timeline docks to its left (painpal.tcss).
        with Horizontal(id="body"):
            with Vertical(id="right"):
                with Vertical(id="checkin-panel", classes="panel"):
                    yield PainScale(id="scale")
                    yield QuietStatic(id="last-checkin")
                with Horizontal(id="now"):
                    with Vertical(id="act"):
                        yield SittingTimer(id="sitting", classes="panel")
                        yield SuggestionPanel(id="suggestion", classes="panel")
                    yield QuietStatic(id="aside", classes="panel")  # a wide pane only: today's curve and log
            with Vertical(id="left"):
                yield Timeline(id="timeline")
                yield QuietStatic(id="notes")
                yield QuietStatic(id="log")
        yield QuietStatic(id="problem")
        yield QuietStatic(id="status")
        yield LeanFooter(compact=True)

    def on_resize(self, event: Resize) -> None:
        self.fit_layout(event.size.width)
        if self.state is not None:  # the header's words follow the width too, not the next tick's
            self.call_after_refresh(self.tick)

    def fit_layout(self, width: int) -> None:
        """One layout per width band (painpal.tcss): stacked, two columns, a roomier timeline, three columns."""
        self.set_class(width < NARROW_COLUMNS, "-narrow")
        self.set_class(width >= ROOMY_COLUMNS, "-roomy")
        self.set_class(width >= WIDE_COLUMNS, "-wide")

    def on_mount(self) -> None:
        self.fit_layout(self.size.width)
        self.query_one("#aside").border_title = "Today so far"
        self.query_one("#left").border_title = "Today"
        self.query_one("#checkin-panel").border_title = "Check in"
        self.query_one("#sitting").border_title = "Sitting"
        self.query_one("#suggestion").border_title = "Suggested now"
        # A plain tick until the day is read; the first tick then wakes at each moment (domain.plan loads in
        # the first read's worker, not before the first frame).
        self.wake_timer = self.set_timer(TICK_S, self.tick)
        self.set_interval(POLL_S, self.poll)
        self.set_interval(CALENDAR_POLL_S, self.read_calendars)
        self.painpal.store.changed()  # remember the current signature
        # The first frame already says where the person is in time; the day fills in a moment later.
        now = self.painpal.clock.now()
        # The plan is not read yet: the default day start; the first render puts the person's own.
        self._set("#topbar", self.render_topbar(now, DEFAULT_DAY_START_HOUR))
        self._set("#timeline", "[dim]Loading your day…[/]")
        self.reload()

    # ------------------------------------------------------------- data flow

    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        """Read the person's data off the UI thread, then render; a file painpal cannot read is reported.

        A newer read supersedes this one (``exclusive``): a superseded read
        shows nothing, so a slow read that began before a file went bad
        cannot paper over the failure that a later one found.
        """
        from painpal.services.today import FIRST_DAYS, load_day_state

        worker = get_current_worker()
        store, now = self.painpal.store, self.painpal.clock.now()
        try:
            if self.state is None:  # opening: today first, so the day is on screen while the weeks load
                first = load_day_state(store, now, FIRST_DAYS)
                if not worker.is_cancelled:
                    self.call_from_worker(self.apply_state, first)
            state = load_day_state(store, now)
        except StoreError as exc:
            problem = str(exc)
        except OSError as exc:  # the folder itself cannot be listed or looked at
            problem = f"Could not read {exc.filename or store.data_dir}: {os_error_reason(exc)}."
        else:
            if not worker.is_cancelled:
                self.call_from_worker(self.apply_state, state)
                self.painpal.tell_sync_notes()
            return
        if not worker.is_cancelled:
            self.call_from_worker(self.read_failed, problem)
            self.painpal.tell_sync_notes()  # a skipped file of another device may be part of the story

    def apply_state(self, state: DayState) -> None:
        first = self.state is None
        self.state = state
        self.read_at = self.painpal.clock.now()
        self.points_day = None  # the plan may have changed: rebuild the timeline
        if state.complete and self.painpal.data_problem is not None:
            self.painpal.data_problem = None
            self.set_status("Your data reads again: saving is back on.")
        if self._problem_screen is not None:  # there is a day to show now
            self._problem_screen.resolve()
            self._problem_screen = None
        self.render_problem()
        self.tick()
        self.read_calendars()
        if first and not state.welcomed:
            from .welcome import WelcomeScreen

            self.app.push_screen(WelcomeScreen())
        if first:
            waiting, self._until_read = self._until_read, []
            for then in waiting:
                then()

    def read_calendars(self) -> None:
        """Read the day's meetings again if there are calendars: only files whose stat changed are parsed."""
        state = self.state
        if state is None or not self.is_live:
            return
        if not state.calendars:
            if self.calendar_day is not None:
                self.calendar_day = None
                self.tick()
            return
        self._read_calendars(state)

    @work(thread=True, exclusive=True, group="calendars")
    def _read_calendars(self, state: DayState) -> None:
        from painpal.services.calendar import CalendarBook

        if self.calendar_book is None:
            self.calendar_book = CalendarBook()
        now = self.painpal.clock.now()
        day = painpal_day(now, state.plan.day_start_hour)
        zone = now.tzinfo or self.painpal.clock.tz
        read = self.calendar_book.read_day(state.calendars, state.moving_categories, state.plan, day, zone)
        if not get_current_worker().is_cancelled:
            self.call_from_worker(self.apply_calendar, read)

    def apply_calendar(self, read: CalendarDay) -> None:
        """New meetings (or the same ones): show them, and let the next prompt know."""
        if read != self.calendar_day:
            self.calendar_day = read
            self.tick()

    def meetings(self, day: object) -> tuple[Meeting, ...]:
        """The meetings read for painpal ``day``; none while the calendars of a new day are still being read."""
        read = self.calendar_day
        if read is None or self.state is None or not self.state.calendars or read.day != day:
            return ()
        return read.meetings

    def read_failed(self, problem: str) -> None:
        """painpal cannot read the data: say why in one sentence, keep the last day read, save nothing."""
        self.painpal.data_problem = problem
        self._until_read.clear()  # a detail step would open on a day that cannot be read
        if self.state is None:
            from .data_problem import DataProblemScreen

            if self._problem_screen is None:
                self._problem_screen = DataProblemScreen(problem)
                self.app.push_screen(self._problem_screen)
            else:
                self._problem_screen.show(problem)
        self.render_problem()

    def render_problem(self) -> None:
        """The notice line under the day, while painpal cannot read the data (before a day is read, the dialog)."""
        problem = self.painpal.data_problem
        line = self.query_one("#problem", QuietStatic)
        line.display = problem is not None and self.read_at is not None
        if problem is None or self.read_at is None:
            return
        line.set_markup(
            f"[b]painpal cannot read your data:[/] {escape(problem)}\n"
            f"[dim]Showing what was read at {self.read_at:%H:%M}; nothing is saved until the file reads again.[/]"
        )

    def on_screen_resume(self) -> None:
        """Back from a modal: let go of what Textual cached for its widgets (see tui/compat.py)."""
        from ..compat import release_dead_widget_caches

        release_dead_widget_caches()

    def poll(self) -> None:
        """A stat of the data files: read again when another process wrote, or now and then while unreadable."""
        if not self.is_live:
            return
        try:
            changed = self.painpal.store.changed()
        except OSError:  # the folder cannot be looked at: the read will say why
            changed = True
        now = time.monotonic()
        if changed or (self.painpal.data_problem is not None and now - self._read_started >= RETRY_S):
            self._read_started = now
            self.reload()

    def save(
        self,
        record: Record | tuple[Record, ...],
        done: str | None = None,
        then: Callable[[], None] | None = None,
        undo: str | None = None,
    ) -> None:
        """Store a record (or several, in one transaction) durably in a worker; show ``done`` (and run ``then``)
        once it is on disk.

        Every save is the person's action, so it is journalled for ``u``
        under ``undo`` (by default the first record's label, "pain 7 at
        10:05"), and ``done`` says that ``u`` takes it back; several records
        saved together are one action (a routine and its rating after).

        While painpal cannot read the data the write is refused: the status
        line says so, and the notice line above it gives the sentence whole.
        """
        if self.painpal.data_problem is not None:
            self.set_status(NOT_SAVED_WHILE_UNREADABLE)
            return
        from painpal.services.corrections import label

        records = record if isinstance(record, tuple) else (record,)
        self._save(records, done, then, undo or label(records[0]))

    def note(self, record: Record) -> None:
        """Store what painpal itself did (a prompt shown): not the person's action, so ``u`` passes it by."""
        if self.painpal.data_problem is None:
            self._save((record,), None, None, None)

    @work(thread=True, group="save")
    def _save(
        self, records: tuple[Record, ...], done: str | None, then: Callable[[], None] | None, undo: str | None
    ) -> None:
        try:
            self.painpal.check_writable()
            if len(records) == 1:
                self.painpal.store.save(records[0], undo=undo)  # an upsert: a detail added to a stored check-in
            else:
                self.painpal.store.add(*records, undo=undo)  # new records only, one transaction, one undo
        except StoreError as exc:
            self.call_from_worker(self.save_failed, str(exc))
            return
        self.call_from_worker(self._saved, records, done, then)

    def save_failed(self, problem: str) -> None:
        """Say why nothing was saved; a write that failed may have met a file painpal cannot read, so read again."""
        self.set_status(not_saved_markup(problem))
        if self.painpal.data_problem is None:
            self.reload()

    def _saved(self, records: tuple[Record, ...], done: str | None, then: Callable[[], None] | None) -> None:
        # Shown at once from memory; the stat poll still sees the write and reloads, which also
        # catches a load that read the files just before this write.
        for record in records:
            if self.state is not None:
                self.state = self.state.with_record(record)
        if done:
            self.set_status(undoable(done))
        self.tick()
        if then is not None:
            then()

    # ------------------------------------------------------------------- tick

    def wake_at_next_moment(self) -> None:
        """Arm the one timer that calls :meth:`tick`: the next prompt, the next minute, or :data:`TICK_S` at most."""
        from painpal.domain.plan import next_wake

        if self.wake_timer is not None:
            self.wake_timer.stop()
        now = self.painpal.clock.now()
        moments: list[datetime | None] = [p.at for p in self.points]
        if self.sitting_state is not None:
            moments.append(self.sitting_state.due_at)
        for meeting in self.meetings(self.points_day):  # a held prompt comes at the end, a row lights at the start
            moments += [meeting.start, meeting.end]
        self.wake_timer = self.set_timer(next_wake(now, moments, TICK_S), self.tick)

    def tick(self) -> None:
        """Advance to now, then wake again at the next moment: whatever changed (a check-in, a snooze) counts."""
        try:
            self.advance()
        finally:
            if self.is_attached and self.is_live:
                self.wake_at_next_moment()

    def advance(self) -> None:
        """Day rollover, prompts, sitting timer, countdowns: cheap and pure."""
        from painpal import coach
        from painpal.domain.calendar import PromptHold, busy_until
        from painpal.domain.plan import detect_jump, timeline
        from painpal.domain.sitting import sitting

        state = self.state
        if state is None or not self.is_live:  # not read yet, or the app is closing (q)
            return
        now = self.painpal.clock.now()
        plan = state.plan
        day = painpal_day(now, plan.day_start_hour)
        previous = self.prev_tick
        jumped = detect_jump(previous, now, TICK_S)
        self.prev_tick = now
        self.keep_open_span(now, plan.day_start_hour, previous if jumped else None)
        if day != self.points_day:
            self.points = timeline(plan, day, now.tzinfo or self.painpal.clock.tz)
            self.points_day = day
            if self.calendar_day is not None and self.calendar_day.day != day:
                self.read_calendars()  # a new day: its meetings, in a worker
        meetings = self.meetings(day)
        if self.hold is None:
            self.hold = PromptHold()
        first_tick = self.tracker is None
        if self.tracker is None:
            from painpal.domain.plan import PromptTracker

            seen = {e.detail for e in state.history.events if e.kind == "prompt" and e.detail}
            self.tracker = PromptTracker(seen)
        due = self.tracker.due(self.points, now) if plan.prompts else None
        if first_tick:
            # painpal was just opened: the suggestion panel already fits the moment; a toast for a
            # transition that passed before the person looked would only be noise.
            due = None
        self.sitting_state = sitting(
            plan, self.points, now, state.history.events, state.history.runs, state.history.reliefs, meetings
        )
        self.suggestion = (
            coach.suggest(plan, now, state.history, state.custom, state.warnings, state.hidden, state.eased)
            if state.complete
            else None  # what has helped is learnt from weeks: wait for them rather than suggest blind
        )
        self.render_all(now)
        reset_due = False
        if (
            due is None
            and self.sitting_state.due(now)
            and self.away_since is None
            and plan.prompts
            and self.sitting_prompted_for != self.sitting_state.due_at
        ):
            self.sitting_prompted_for = self.sitting_state.due_at
            reset_due = not first_tick  # on opening, the highlighted panel says it; no toast or bell
        # In a meeting nothing interrupts: what came due waits for its end and arrives as one prompt.
        due, reset_due, after_meeting = self.hold.pass_on(busy_until(meetings, now) is not None, due, reset_due)
        if after_meeting:
            self.prompt_after_meeting(due, self.sitting_state)
        elif due is not None:
            self.prompt_transition(due)
        elif reset_due:
            self.prompt_sitting(self.sitting_state)
        if jumped:
            self.set_status("[dim]The clock jumped (a suspended laptop?); the day is up to date.[/]")

    def keep_open_span(self, now: datetime, day_start_hour: int, jumped_from: datetime | None = None) -> None:
        """Record that Today is open: a span from opening, written once it has lasted a beat, then every beat.

        The span ends and a new one starts after a clock jump of more than a
        beat (it ends where the jump began: a suspended laptop saw nothing
        while it slept) and at the day's rollover (each day's review reads
        its own spans). A span is at most one beat short if painpal is
        killed; opening painpal for a moment writes nothing.
        """
        span = self.open_span
        ended = jumped_from
        if ended is not None and timedelta(0) <= now - ended <= OPEN_BEAT:
            ended = None  # a short gap (a busy machine, a test's minute-long tick): still the same span
        if (
            span is not None
            and ended is None
            and painpal_day(span.at, day_start_hour) != painpal_day(now, day_start_hour)
        ):
            ended = now
        if span is not None and ended is not None:
            self.write_span(span, ended)
            span = None
        if span is None:
            self.open_span = Event(at=now, kind=OPEN_EVENT, minutes=0)
        elif _span_minutes(span, now) - (span.minutes or 0) >= OPEN_BEAT.total_seconds() / 60:
            self.write_span(span, now)

    def write_span(self, span: Event, end: datetime, *, now: bool = False) -> None:
        """Store ``span`` as lasting until ``end``, if that is a minute or more and more than already stored.

        ``now`` writes in this thread (on quitting, when a worker would not
        run); otherwise it is a worker's write, like every other note.
        """
        minutes = _span_minutes(span, end)
        if minutes < 1 or minutes <= (span.minutes or 0) or self.painpal.data_problem is not None:
            return
        self.open_span = replace(span, minutes=minutes)
        if not now:
            self.note(self.open_span)
            return
        try:
            self.painpal.store.save(self.open_span)
        except (StoreError, OSError):  # quitting is not the moment to say so; the span is a beat short
            pass

    def on_unmount(self) -> None:
        """On quitting, write the open span's true end (a few milliseconds), rather than lose up to a beat of it."""
        if self.open_span is not None:
            self.write_span(self.open_span, self.painpal.clock.now(), now=True)

    def prompt_transition(self, point: Transition) -> None:
        """A transition arrived: ask for a check-in and show the fitting routine, once."""
        routine = self.suggestion.routine.name if self.suggestion and self.suggestion.routine else ""
        self.note(Event(at=self.painpal.clock.now(), kind="prompt", detail=point.key))
        message = f"{escape(point.label)}. How is your pain? Press 0-9, {TEN_KEY} for 10."
        if routine:
            message += f" Suggested: {escape(routine)} (s to start)."
        self.painpal.toast(message, kind="prompt", reach=self.state.reach if self.state is not None else None)
        self.set_status(f"[b]{escape(point.label)}[/] — how is your pain? 0-9, {TEN_KEY}=10")
        self.query_one("#suggestion").add_class("prompted")

    def prompt_after_meeting(self, point: Transition | None, state: Sitting) -> None:
        """A meeting ended with a prompt waiting: one prompt, whatever came due during it."""
        from painpal.domain.calendar import AFTER_MEETING

        now = self.painpal.clock.now()
        if point is not None:
            self.note(Event(at=now, kind="prompt", detail=point.key))
        else:
            self.note(Event(at=now, kind="sitting-prompt", minutes=state.minutes))
        then = f" ({escape(point.label)})" if point is not None else ""
        self.painpal.toast(
            f"{AFTER_MEETING}{then}. How is your pain? Press 0-9, {TEN_KEY} for 10. s start · z snooze · k skip",
            kind="prompt",
            reach=self.state.reach if self.state is not None else None,
        )
        self.set_status(f"[b]{AFTER_MEETING}[/]{then}")
        self.query_one("#suggestion").add_class("prompted")

    def prompt_sitting(self, state: Sitting) -> None:
        """Max seated minutes reached: nudge once per due time (snooze moves it)."""
        self.note(Event(at=self.painpal.clock.now(), kind="sitting-prompt", minutes=state.minutes))
        self.painpal.toast(
            f"Seated {state.minutes} min: time for a standing reset. s start · z snooze · k skip",
            kind="sitting",
            reach=self.state.reach if self.state is not None else None,
        )
        self.query_one("#suggestion").add_class("prompted")

    # ------------------------------------------------------------------ render

    def render_all(self, now: datetime) -> None:
        state = self.state
        assert state is not None
        from painpal.routines import library

        names = {r.id: r.name for r in library(state.custom)}
        from painpal.domain.plan import countdown, next_transition

        upcoming = next_transition(self.points, now)
        when = countdown(upcoming, now) if upcoming else ""
        self._set("#topbar", self.render_topbar(now, state.plan.day_start_hour, upcoming, when))
        self.query_one(Timeline).show(self.points, now, names, self.meetings(self.points_day))
        today = self.today_history(now)
        self._set("#last-checkin", self.render_last(now, today))
        self._set("#notes", self.render_notes(now))
        log = self.render_log(today, names)
        self._set("#log", log)
        self._set("#aside", self.render_aside(today, log))
        assert self.sitting_state is not None
        self.query_one(SittingTimer).show(self.sitting_state, now, self.away_since)
        self.show_suggestion()
        self._set("#status", self.status_text)

    def render_topbar(
        self, now: datetime, day_start_hour: int, upcoming: Transition | None = None, when: str = ""
    ) -> str:
        """The painpal day being recorded into, the time and what comes next; a narrow pane abbreviates the day."""
        day = recording_day_text(now, day_start_hour, short=self.size.width < ROOMY_COLUMNS)
        top = f"[b]painpal[/]  {day}  [b]{now:%H:%M}[/]"
        if upcoming is not None:
            top += f"  [dim]next:[/] {escape(upcoming.label)} {when}"
        return top

    def _set(self, selector: str, markup: str) -> None:
        """Update a panel only when its text changes: no repaint, no idle CPU."""
        self.query_one(selector, QuietStatic).set_markup(markup)

    def today_history(self, now: datetime) -> History:
        """Today's records only, cut from the loaded history by bisection (not a scan every tick)."""
        from painpal.domain.plan import day_bounds

        state = self.state
        assert state is not None
        zone = now.tzinfo or self.painpal.clock.tz
        start, end = day_bounds(state.plan, painpal_day(now, state.plan.day_start_hour), zone)
        return state.history.between(start, end)

    def render_last(self, now: datetime, today_history: History) -> str:
        state = self.state
        assert state is not None
        last = state.last_checkin
        if last is None:
            return "[dim]No check-ins yet. Press a number to record one.[/]"
        colour = severity_colour(last.intensity)
        today = painpal_day(now, state.plan.day_start_hour)
        todays = [c.intensity for c in today_history.checkins]
        when = f"{last.at:%H:%M}" if painpal_day(last.at, state.plan.day_start_hour) == today else f"{last.at:%a %H:%M}"
        line = f"Last: [b {colour}]{last.intensity}[/] at {when}"
        if len(todays) > 1:
            line += f"\nToday: {sparkline(todays)}  {len(todays)} check-in{'s' * (len(todays) != 1)}, "
            line += f"mean {sum(todays) / len(todays):.1f}"
        return line

    def render_notes(self, now: datetime) -> str:
        """Tomorrow's intention from last night's review, the next visit, an active warning sign."""
        state = self.state
        assert state is not None
        lines = []
        from painpal.domain.safety import active_warning

        active = active_warning(state.warnings)
        if active is not None:
            lines.append("[b $text-error]Warning sign reported[/] — see the advice; w to review or resolve")
        lines += [settings_problem_markup(message) for message in state.problems]
        if self.calendar_day is not None:  # a calendar painpal cannot read: said once, the day goes on without it
            lines += [f"[b $text-warning]Calendar:[/] {escape(problem)}" for problem in self.calendar_day.problems]
        lines += self.day_notes(now)
        if state.appointments:
            visit = state.appointments[0]
            who = state.person_name(visit.person) or "your care team"
            lines.append(f"[b]Next visit:[/] {visit.at:%a %d %b %H:%M} · {escape(who)}")
        return "\n".join(lines)

    def day_notes(self, now: datetime) -> list[str]:
        """Care-team prompt, intention and walking quota: they change with the data or the day, not the minute."""
        from painpal.coach import daily_walking, quotas
        from painpal.domain.safety import care_prompt

        state = self.state
        assert state is not None
        day = painpal_day(now, state.plan.day_start_hour)
        key = (id(state), day)
        if self._day_notes_key == key:
            return self._day_notes
        lines = []
        intention = state.intention_for(day)
        if not state.complete:  # the care prompt and the quotas read weeks: they follow in a moment
            return [f"[b]Intention:[/] {escape(intention)}"] if intention else []
        people = [f"{p.name} ({p.role})" for p in state.people]
        care = care_prompt(state.history.checkins, day, people, state.plan.day_start_hour)
        if care:
            lines.append(f"[b $text-warning]{escape(care)}[/]")
        if intention:
            lines.append(f"[b]Intention:[/] {escape(intention)}")
        quota = quotas(state.history, now, state.plan)
        walked = daily_walking(state.history, day, day, state.plan.day_start_hour).get(day, 0.0)
        lines.append(f"[b]Walk today:[/] {walk_goal_text(walked, quota.walk_minutes)} · sit ≤ {quota.sit_minutes} min")
        self._day_notes_key, self._day_notes = key, lines
        return lines

    def render_log(self, h: History, names: Mapping[str, str]) -> str:
        """Today's entries (``h``), newest first: what the person has already done counts."""
        entries: list[tuple[datetime, str]] = []
        entries += [
            (c.at, f"pain [b]{c.intensity}[/]" + (f" · {escape(places_text(c.location))}" if c.location else ""))
            for c in h.checkins
        ]
        entries += [(r.at, f"{escape(names.get(r.routine, r.routine))} · {r.result}") for r in h.runs]
        entries += [(r.at, f"{escape(r.name)}" + (f" · {r.minutes:g} min" if r.minutes else "")) for r in h.reliefs]
        entries += [
            (e.at, "moved" if e.kind == "moved" else f"break · {e.minutes or 0:.0f} min")
            for e in h.events
            if e.kind in ("moved", "break")
        ]
        if not entries:
            return ""
        entries.sort(key=lambda pair: pair[0], reverse=True)
        return "[b]Logged today[/]\n" + "\n".join(f"[dim]{at:%H:%M}[/] {text}" for at, text in entries)

    def render_aside(self, today_history: History, log: str) -> str:
        """A wide pane's third column: today's pain by hour as a chart, then the log (hidden in narrower panes)."""
        from painpal.analysis.review import hourly_curve

        from .review import pain_chart

        state = self.state
        assert state is not None
        curve = hourly_curve(today_history.checkins, state.plan.day_start_hour)
        chart = pain_chart(curve, state.plan.day_start_hour, cell=2)
        parts = ["[b]Pain by hour[/]\n" + "\n".join(chart)] if chart else ["[dim]No check-ins yet today.[/]"]
        if log:
            parts.append(log)
        return "\n\n".join(parts)

    def render_suggestion(self, width: int = 200, height: int = 1000) -> str:
        """The suggestion in ``width`` x ``height`` cells: the reason whole, then as many whole steps as fit.

        Steps hang under their seconds rather than wrapping to the margin; a
        step that does not fit is left out whole, and the last row says how
        many more the player will show, never a cue cut mid-sentence.
        """
        import textwrap

        s = self.suggestion
        if s is None:
            if self.state is None or self.state.complete:
                return ""
            if self.painpal.data_problem is not None:
                return "[dim]A suggestion needs the weeks painpal cannot read now.[/]"
            return "[dim]Weighing what has helped you…[/]"
        width = max(12, width)
        head: list[tuple[str, str]] = []  # (markup, plain text to measure)
        if s.seek_care:
            head.append((f"[b $text-error]{escape(s.seek_care)}[/]", s.seek_care))
        r = s.routine
        if r is not None:
            title = f"{r.name} · {r.minutes} min · {len(r.steps)} steps · {r.kind}"
            head.append((f"[b]{escape(r.name)}[/] · {r.minutes} min · {len(r.steps)} steps · [i]{r.kind}[/]", title))
        head.append((escape(s.reason), s.reason))
        if r is not None:
            head.append(("[dim]s start · k skip · l library[/]", "s start · k skip · l library"))
        lines = [markup for markup, _ in head]
        used = sum(max(1, len(textwrap.wrap(plain, width))) for _, plain in head)
        if r is None:
            return "\n".join(lines)
        for n, step in enumerate(r.steps):
            wrapped = textwrap.wrap(step.cue, width - 6) or [""]
            left = len(r.steps) - n - 1
            if used + len(wrapped) + (1 if left else 0) > height:
                lines.append(f"[dim]… {len(r.steps) - n} more step{'s' * (len(r.steps) - n != 1)}: s to start[/]")
                break
            lines.append(f"[dim]{step.seconds:>4}s[/] {escape(wrapped[0])}")
            lines += [f"      {escape(more)}" for more in wrapped[1:]]
            used += len(wrapped)
        return "\n".join(lines)

    def show_suggestion(self) -> None:
        """Render the suggestion to the panel's own size (again on resize)."""
        panel = self.query_one("#suggestion", QuietStatic)
        size = panel.content_size
        # In a narrow pane the panel's height follows its text (up to NARROW_SUGGESTION_ROWS), not the layout.
        rows = NARROW_SUGGESTION_ROWS if self.has_class("-narrow") else size.height or 1000
        self._set("#suggestion", self.render_suggestion(size.width or 200, rows))

    def set_status(self, markup: str) -> None:
        self.status_text = markup
        self._set("#status", markup)

    def show_key_hint(self, binding: Binding, hint: str) -> None:
        """A click on a recording footer key: the hint in the status line, and the pain scale lit for a moment."""
        self.set_status(escape(hint))
        if binding.action.startswith("checkin("):
            scale = self.query_one("#scale", PainScale)
            scale.add_class("-hint")
            self.set_timer(HINT_S, lambda: scale.remove_class("-hint"))

    # ---------------------------------------------------------------- actions

    def action_checkin(self, intensity: int) -> None:
        """One key: the check-in is saved at once; the detail step follows, Esc keeps it as is."""
        checkin = CheckIn(at=self.painpal.clock.now(), intensity=intensity)
        self.query_one("#suggestion").remove_class("prompted")
        done = f"Saved: pain [b]{checkin.intensity}[/] at {checkin.at:%H:%M}."
        self.save(checkin, done, lambda: self.open_details(checkin))

    def open_details(self, checkin: CheckIn) -> None:
        """The optional detail step, each answer under the key it always has (:mod:`painpal.domain.choices`).

        A key pressed at once on opening is saved before the day has been
        read: the step then opens as soon as it has (its choices need the
        history), and not at all if the data cannot be read.
        """
        from .checkin import CheckInDetailScreen

        if self.state is None:
            self._until_read.append(lambda: self.open_details(checkin))
            return
        state = self.state
        screen = CheckInDetailScreen(checkin, state.history.checkins, state.choices, remember=state.complete)
        self.app.push_screen(screen, self._details_done)

    def _details_done(self, checkin: CheckIn | None) -> None:
        from painpal.domain.safety import active_warning, should_offer_check

        if checkin is not None:
            self.save(
                checkin,
                f"Saved: pain [b]{checkin.intensity}[/] at {checkin.at:%H:%M}, with details.",
                undo=f"details of pain {checkin.intensity} at {checkin.at:%H:%M}",
            )
        latest = checkin or (self.state.last_checkin if self.state else None)
        if latest is not None and should_offer_check(latest) and self.state and not active_warning(self.state.warnings):
            self.set_status(
                f"Pain {latest.intensity}{' spreading down a leg' if latest.leg_spread else ''}: "
                "[b]w[/] goes through the warning signs that need care."
            )
            self.action_warning_check()

    def action_details(self) -> None:
        """Add or change the detail of the last check-in."""
        if self.state and self.state.last_checkin:
            self.open_details(self.state.last_checkin)

    def action_moved(self) -> None:
        self.save(Event(at=self.painpal.clock.now(), kind="moved"), "Noted: you moved. The sitting timer restarts.")
        self.query_one("#suggestion").remove_class("prompted")

    def action_away(self) -> None:
        """Toggle away. Back after 5+ minutes: a break; shorter: you still got up, so it counts as moving."""
        now = self.painpal.clock.now()
        if self.away_since is None:
            self.away_since = now
            self.set_status(f"Away since {now:%H:%M}. Press a when you are back.")
        else:
            start, self.away_since = self.away_since, None
            minutes = (now - start).total_seconds() / 60
            from painpal.domain.sitting import AWAY_BREAK_MINUTES

            if minutes >= AWAY_BREAK_MINUTES:
                self.save(
                    Event(at=start, kind="break", minutes=round(minutes, 1)),
                    f"Welcome back: a {minutes:.0f}-minute break.",
                )
            else:
                self.save(Event(at=now, kind="moved"), "Welcome back.")
        self.tick()

    def _current_routine(self) -> tuple[str, str | None] | None:
        s = self.suggestion
        if s is None or s.routine is None:
            return None
        return s.routine.id, s.context

    def action_snooze(self) -> None:
        """Postpone the standing reset by 10 minutes (recorded, so the review can count it)."""
        from painpal.domain.sitting import RESET_ROUTINE

        now = self.painpal.clock.now()
        self.save(
            RoutineRun(at=now, routine=RESET_ROUTINE, outcome="snoozed", transition="seated"),
            "Snoozed for 10 minutes.",
            undo=f"snooze at {now:%H:%M}",
        )
        self.query_one("#suggestion").remove_class("prompted")

    def action_skip(self) -> None:
        """Skip the suggestion; counted, and the coach will not offer it a third time in a row."""
        current = self._current_routine()
        if current is None:
            return
        routine, context = current
        now = self.painpal.clock.now()
        self.save(
            RoutineRun(at=now, routine=routine, outcome="skipped", transition=context),
            "Skipped. That's fine; it is counted, not judged.",
            undo=f"skip at {now:%H:%M}",
        )
        self.query_one("#suggestion").remove_class("prompted")

    def action_start(self) -> None:
        """Start the suggested routine in the routine player."""
        current = self._current_routine()
        if current is None or self.suggestion is None or self.suggestion.routine is None:
            self.set_status("Nothing to start right now.")
            return
        from .routine import RoutinePlayerScreen

        state = self.state
        assert state is not None
        before = state.last_checkin
        fresh = before if before is not None and self.painpal.clock.now() - before.at < FRESH_PAIN else None
        self.query_one("#suggestion").remove_class("prompted")
        self.app.push_screen(
            RoutinePlayerScreen(
                self.suggestion.routine,
                pain_before=fresh.intensity if fresh else None,
                context=current[1],
                pain_before_at=fresh.at if fresh else None,
            ),
            self.routine_done,
        )

    def routine_done(self, run: RoutineRun | None, tell: Callable[[str], None] | None = None) -> None:
        """Store a run the player returned, with its rating after as a check-in; a high one goes on as one would.

        A rating at flare level goes on through the check-in's detail step
        and, after it, the warning-sign check (:meth:`_details_done`), just as
        the same number pressed on Today; the coach, reading it as the latest
        pain, offers the flare routine. The library's player hands its runs
        here too (``tell`` shows the sentence on its own status line), so a
        run is recorded and followed up the same way wherever it was played.
        """
        if run is None:
            return
        if tell is not None and self.painpal.data_problem is not None:
            tell(not_saved_markup(self.painpal.data_problem))  # save() below says it on Today's status line
        from painpal.routines import library
        from painpal.services.routine_runs import calls_for_care, rating_checkin, run_sentence, undo_label

        custom = self.state.custom if self.state is not None else ()
        name = next((r.name for r in library(custom) if r.id == run.routine), run.routine)
        checkin = rating_checkin(run, self.painpal.clock.now())
        said = escape(run_sentence(run, name))

        def then() -> None:
            if tell is not None:
                tell(said)  # no "u undo" there: u is Today's key
            if checkin is not None and calls_for_care(checkin):
                self.open_details(checkin)

        records: tuple[Record, ...] = (run,) if checkin is None else (run, checkin)
        self.save(records, said, then, undo=undo_label(run, name))

    def action_relief(self) -> None:
        """Log relief that is not a guided routine."""
        from .relief import RELIEF_CHOICES, ReliefScreen

        if self.state is not None:
            state = self.state
            screen = ReliefScreen(state.history.reliefs, state.choices.get(RELIEF_CHOICES, ()), remember=state.complete)
            self.app.push_screen(screen, self._relief_done)

    def _relief_done(self, relief: Relief | None) -> None:
        if relief is not None:
            minutes = f" ({relief.minutes:g} min)" if relief.minutes else ""
            self.save(relief, f"Logged {escape(relief.name)}{minutes} · {relief.kind}.")

    def action_library(self) -> None:
        from .routines import RoutinesScreen

        self.app.push_screen(RoutinesScreen(), self._reload_after)

    def _reload_after(self, _result: Any = None) -> None:
        """A screen that may have written closed: read the data again."""
        self.reload()

    def action_review(self) -> None:
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(), self._reload_after)

    def action_insights(self) -> None:
        from .insights import InsightsScreen

        self.app.push_screen(InsightsScreen())

    def action_care(self) -> None:
        from .care import CareScreen

        self.app.push_screen(CareScreen(), self._reload_after)

    def action_warning_check(self) -> None:
        """The warning-sign check: from Today, after a high or leg-spreading check-in, and at first run."""
        from painpal.domain.safety import active_warning

        from .safety import ResolveWarningScreen, WarningCheckScreen

        active = active_warning(self.state.warnings) if self.state else None
        if active is not None:
            self.app.push_screen(ResolveWarningScreen(active), self._reload_after)
        else:
            self.app.push_screen(WarningCheckScreen(), self._reload_after)

    def action_day_log(self) -> None:
        """The day's records, to correct: step through days, edit, delete, add a missed one."""
        from .daylog import DayLogScreen

        self.app.push_screen(DayLogScreen(), self._reload_after)

    def action_undo(self) -> None:
        """Take back the last action; refused, like every write, while painpal cannot read the data."""
        if self.painpal.data_problem is not None:
            self.set_status(NOT_SAVED_WHILE_UNREADABLE)
            return
        self.painpal.undo_last(self._undone)

    def _undone(self, said: str) -> None:
        if self.is_live:
            self.set_status(said)
            self.reload()

    def action_plan(self) -> None:
        from .plan import PlanScreen

        if self.state is not None:
            s = self.state
            self.app.push_screen(PlanScreen(s.plan, s.calendars, s.moving_categories), self._reload_after)
