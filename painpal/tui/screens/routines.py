"""The routine library: every routine painpal knows, what it asks, when to stop, and where it comes from.

Built-ins carry a source (a guideline or a paper), so they are shown as
shipped and can only be hidden; the person's own routines can be added and
edited. Hidden routines stay listed (dimmed) so they can be brought back,
and so past runs keep their names. Everything the screen reads or writes
goes through the store in thread workers; the settings it writes
("routines", "hidden_routines") are the ones the coach reads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.events import Resize
from textual.widgets import DataTable, Static

from painpal import settings
from painpal.domain.records import RoutineRun
from painpal.routines import Routine, library, readable_routines, routine_to_dict
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalScreen, not_saved_markup, settings_problem_markup, unreadable_markup
from .routine import RoutinePlayerScreen, clock_text
from .routine_edit import RoutineEditScreen

if TYPE_CHECKING:
    pass

WIDE_COLUMNS = 110
"""From this many terminal columns, the detail pane sits beside the table instead of below it."""


def source_label(routine: Routine) -> str:
    """Where a routine comes from, as the table's last column says it."""
    origin = "built-in" if routine.builtin else "your own"
    return f"{origin} · hidden" if routine.hidden else origin


class RoutinesScreen(PainPalScreen[None], palette="Routines"):
    """The library: a table of routines and the highlighted one's steps, stop rule and source."""

    DEFAULT_CSS = """
    RoutinesScreen #lib-top {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    RoutinesScreen #lib-body {
        layout: vertical;
        height: 1fr;
    }
    RoutinesScreen #lib-body.-wide {
        layout: horizontal;
    }
    RoutinesScreen #lib-table {
        height: 1fr;
        min-height: 6;
    }
    RoutinesScreen #lib-body.-wide #lib-table {
        width: 1fr;
        height: 1fr;
    }
    RoutinesScreen #lib-detail {
        height: 1fr;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    RoutinesScreen #lib-body.-wide #lib-detail {
        width: 2fr;
        max-width: 60;
        border-top: none;
        border-left: solid $primary-darken-2;
    }
    RoutinesScreen #lib-actions {
        color: $text-muted;
    }
    RoutinesScreen #lib-steps, RoutinesScreen #lib-foot {
        margin: 1 0 0 0;
    }
    RoutinesScreen #lib-status {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    """

    BINDINGS = [
        # Priority: the table would take Enter for itself (and a click selects a row too; a click must not start).
        Binding("enter", "start", "Start", priority=True, id="routines-start", tooltip="Start the highlighted routine"),
        Binding("a", "add", "Add", id="routines-add", tooltip="Write a routine of your own"),
        Binding("e", "edit", "Edit", id="routines-edit", tooltip="Edit one of your own routines"),
        Binding("h", "hide", "Hide", id="routines-hide", tooltip="Stop (or start again) offering this one"),
        Binding("escape", "back", "Back", id="routines-back", tooltip="Back to Today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[Any] = []
        """The "routines" setting as stored: entries painpal cannot read are kept, never silently dropped."""
        self.custom: list[Routine] = []
        self.hidden: list[str] = []
        self.routines: list[Routine] = []
        self.loaded = False
        self._write_lock = threading.Lock()
        self._latest: dict[str, int] = {}
        self._write_seq = 0

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("[b]Routines[/]  [dim]loading…[/]", id="lib-top")
        with Container(id="lib-body"):
            yield DataTable(cursor_type="row", zebra_stripes=True, id="lib-table")
            with VerticalScroll(id="lib-detail", can_focus=False):
                yield Static(id="lib-actions")
                yield Static(id="lib-head")
                yield Static(id="lib-steps")
                yield Static(id="lib-foot")
        yield Static(id="lib-status")
        yield LeanFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Fixed widths: 80 columns must hold the whole row (long names and fits are cut, the pane shows them).
        table.add_column("Routine", width=26, key="name")
        table.add_column("Kind", width=9, key="kind")
        table.add_column("Min", width=3, key="minutes")
        table.add_column("Fits", width=14, key="fits")
        table.add_column("From", width=8, key="from")
        table.focus()
        self.load()

    def on_resize(self, event: Resize) -> None:
        self.query_one("#lib-body").set_class(event.size.width >= WIDE_COLUMNS, "-wide")

    # ------------------------------------------------------------- data flow

    @work(thread=True, exclusive=True, group="routines-load")
    def load(self) -> None:
        """Read the person's routines and hidden ids off the UI thread.

        If the data cannot be read, the built-ins are still listed and can be
        played; adding and hiding wait for a read (they write the whole
        setting, and must not replace what could not be read).
        """
        from painpal.storage.files import StoreError

        try:
            prefs = settings.load(self.painpal.store)
        except StoreError as exc:
            self.call_from_worker(self.apply, [], [], loaded=False)
            self.call_from_worker(self.set_status, unreadable_markup(exc))
            return
        problem = prefs.problem(settings.ROUTINES, settings.HIDDEN_ROUTINES)
        self.call_from_worker(self.apply, list(prefs.stored_routines), list(prefs.hidden_routines))
        if problem is not None:
            self.call_from_worker(self.set_status, settings_problem_markup(problem.message))

    def apply(self, raw: list[Any], hidden: Any, *, loaded: bool = True) -> None:
        self.raw = list(raw)
        self.hidden = [str(h) for h in hidden] if isinstance(hidden, list) else []
        self.custom = readable_routines(self.raw)  # unreadable entries stay in self.raw
        self.loaded = loaded
        self.refresh_table()

    def refresh_table(self, select: str | None = None) -> None:
        """Rebuild the rows (twenty-odd: cheap) and keep the cursor on ``select`` or where it was."""
        table = self.query_one(DataTable)
        current = select or self.current_id()
        self.routines = library(self.custom, self.hidden)
        table.clear()
        for routine in self.routines:
            style = "dim" if routine.hidden else ""
            origin = "hidden" if routine.hidden else "built-in" if routine.builtin else "own"
            cells = (routine.name, routine.kind, str(routine.minutes), " ".join(routine.fits), origin)
            table.add_row(
                *(
                    Text(cell, style=style, overflow="ellipsis", no_wrap=True, justify="right" if i == 2 else "left")
                    for i, cell in enumerate(cells)
                ),
                key=routine.id,
            )
        ids = [r.id for r in self.routines]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        own = sum(not r.builtin for r in self.routines)
        hidden = sum(r.hidden for r in self.routines)
        self.query_one("#lib-top", Static).update(
            f"[b]Routines[/]  {len(self.routines) - own} built-in · {own} your own · {hidden} hidden"
        )
        self.show_detail()

    def current(self) -> Routine | None:
        """The highlighted routine."""
        table = self.query_one(DataTable)
        if not self.routines or table.cursor_row < 0 or table.cursor_row >= len(self.routines):
            return None
        return self.routines[table.cursor_row]

    def current_id(self) -> str | None:
        routine = self.current()
        return routine.id if routine else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click selects a row: show it, never start it (Enter or the Start link does that)."""
        event.stop()

    def show_detail(self) -> None:
        routine = self.current()
        actions = self.query_one("#lib-actions", Static)
        head = self.query_one("#lib-head", Static)
        steps = self.query_one("#lib-steps", Static)
        foot = self.query_one("#lib-foot", Static)
        if routine is None:
            for widget in (actions, head, steps, foot):
                widget.update("")
            return
        hide = "Unhide" if routine.hidden else "Hide"
        edit = "[@click=screen.edit]e Edit[/]   " if not routine.builtin else ""
        actions.update(f"[@click=screen.start][b]▶ Enter Start[/][/]   {edit}[@click=screen.hide]h {hide}[/]")
        flags = ["exercise" if routine.exercise else "no exercise", "fine in a flare" if routine.gentle else ""]
        head.update(
            f"[b]{escape(routine.name)}[/]  [i]{routine.kind}[/] · {routine.minutes} min · {source_label(routine)}\n"
            f"{escape(routine.summary)}\n"
            f"[dim]Fits:[/] {', '.join(routine.fits)} · [dim]pain[/] {routine.pain_min}-{routine.pain_max}"
            f" · {' · '.join(f for f in flags if f)}"
        )
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style="dim")
        grid.add_column(style="bold")
        grid.add_column()
        for number, step in enumerate(routine.steps, 1):
            grid.add_row(f"{number}.", clock_text(step.seconds), Text(step.cue))  # a cue is text, never markup
        steps.update(grid)
        foot.update(f"[b]Stop rule:[/] {escape(routine.stop_rule)}\n[dim]Source: {escape(routine.source)}[/]")
        self.query_one("#lib-detail", VerticalScroll).scroll_home(animate=False)

    def set_status(self, markup: str) -> None:
        self.query_one("#lib-status", Static).update(markup)

    def save_setting(self, key: str, value: Any, done: str) -> None:
        """Write a whole setting in a worker; if a newer value for the same key is queued, the older is skipped."""
        self._write_seq += 1
        self._latest[key] = self._write_seq
        self._write(key, value, self._write_seq, done)

    @work(thread=True, group="routines-save")
    def _write(self, key: str, value: Any, seq: int, done: str) -> None:
        from painpal.storage.files import StoreError

        with self._write_lock:  # one writer at a time, in order: hide then unhide must end unhidden
            if self._latest.get(key) != seq:
                return
            try:
                self.painpal.check_writable()
                self.painpal.store.set_setting(key, value)
            except StoreError as exc:
                self.call_from_worker(self.set_status, not_saved_markup(exc))
                return
        self.call_from_worker(self.set_status, done)

    # ---------------------------------------------------------------- actions

    def action_start(self) -> None:
        """Play the highlighted routine; the run is saved when the player closes."""
        routine = self.current()
        if routine is None:
            return
        self.app.push_screen(RoutinePlayerScreen(routine), self._run_done)

    def _run_done(self, run: RoutineRun | None) -> None:
        """Today stores the run and follows up its rating, as for a run started there; the sentence shows here."""
        from .today import TodayScreen

        today = next((s for s in self.app.screen_stack if isinstance(s, TodayScreen)), None)
        if today is not None:
            today.routine_done(run, tell=self.set_status)
        elif run is not None:  # the library is opened from Today; without it nothing could store the run
            self.set_status(not_saved_markup("the Today screen, which stores runs, is not open"))

    def action_add(self) -> None:
        if not self.loaded:
            return
        taken = [r.id for r in self.routines]
        self.app.push_screen(RoutineEditScreen(None, taken=taken), self._edited)

    def action_edit(self) -> None:
        routine = self.current()
        if routine is None:
            return
        if routine.builtin:
            self.set_status(
                f"[b]{escape(routine.name)}[/] is built in: it stays as painpal ships it, with its source. "
                "Press [b]h[/] to hide it, or [b]a[/] to write your own."
            )
            return
        self.app.push_screen(RoutineEditScreen(routine), self._edited)

    def _edited(self, routine: Routine | None) -> None:
        if routine is None:
            return
        data = routine_to_dict(routine)
        kept = [d for d in self.raw if not (isinstance(d, dict) and d.get("id") == routine.id)]
        replaced = len(kept) != len(self.raw)
        if replaced:  # keep its place in the list
            index = next(i for i, d in enumerate(self.raw) if isinstance(d, dict) and d.get("id") == routine.id)
            kept.insert(index, data)
        else:
            kept.append(data)
        self.raw = kept
        self.custom = readable_routines(self.raw)  # unreadable entries stay in self.raw
        self.refresh_table(select=routine.id)
        what = "Updated" if replaced else "Added"
        self.save_setting(settings.ROUTINES, list(self.raw), f"{what} [b]{escape(routine.name)}[/].")

    def action_hide(self) -> None:
        """Hide (or bring back) the highlighted routine: painpal stops offering it, history keeps its name."""
        routine = self.current()
        if routine is None or not self.loaded:
            return
        if routine.id in self.hidden:
            self.hidden = [h for h in self.hidden if h != routine.id]
            done = f"[b]{escape(routine.name)}[/] is offered again."
        else:
            self.hidden = [*self.hidden, routine.id]
            done = f"Hidden: [b]{escape(routine.name)}[/]. painpal will not suggest it; h brings it back."
        self.refresh_table(select=routine.id)
        self.save_setting(settings.HIDDEN_ROUTINES, list(self.hidden), done)

    def action_back(self) -> None:
        self.dismiss(None)

    def extra_palette_commands(self) -> Iterable[SystemCommand]:
        """A "start" entry for every routine in the library, by name (found by typing, not listed up front)."""
        for routine in self.routines:
            yield SystemCommand(
                f"Start routine: {routine.name}",
                f"{routine.kind}, {routine.minutes} min",
                lambda r=routine: self.app.push_screen(RoutinePlayerScreen(r), self._run_done),
                discover=False,
            )
