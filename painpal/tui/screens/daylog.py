"""The day log: every record of a day, to correct, remove or add to.

Pain as data is only worth what the data is. Here a person steps through
days (← →), sees each record with its time and details, and corrects it
(``e``) with the same validation it was made with, deletes it after a
question (``x``), or adds one they forgot ("I did not check in at 15:00":
``n`` a check-in, ``r`` a relief). Edits keep the record's id; every change
is journalled, so ``u`` takes it back here as on Today. The rules live in
:mod:`painpal.services.corrections`, shared with ``painpal list``, ``edit``,
``delete`` and ``undo``; this module only lays them out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Static

from painpal.domain.records import CheckIn, Record, Relief, ValidationError
from painpal.services import corrections
from painpal.services.corrections import FORM_FIELDS, DayLog, Listing
from painpal.storage.files import StoreError
from painpal.text import when_text
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalModal, PainPalScreen, not_saved_markup, undoable, unreadable_markup
from .confirm import ConfirmScreen

HINTS: dict[str, str] = {"at": "HH:MM", "minutes": "e.g. 10", "sleep_hours": "e.g. 7.5"}
"""What a box expects, shown in it while it is empty."""


def day_title(day: date, today: date) -> str:
    """ "today, Mon 30 Nov", "yesterday, Sun 29 Nov", or "Sat 28 Nov"."""
    shown = f"{day:%a %d %b}" + (f" {day:%Y}" if day.year != today.year else "")
    if day == today:
        return f"today, {shown}"
    if day == today - timedelta(days=1):
        return f"yesterday, {shown}"
    return shown


class DayLogScreen(PainPalScreen[None], palette="Log"):
    """A day's records in a table, the highlighted one's every field below."""

    DEFAULT_CSS = """
    DayLogScreen #log-top {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    DayLogScreen #log-table {
        height: 1fr;
        min-height: 4;
        overflow-x: hidden;  /* a long row is cut; the detail below shows all of it */
    }
    DayLogScreen #log-detail {
        height: auto;
        max-height: 8;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    DayLogScreen #log-status {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    """

    BINDINGS = [
        # Priority: the table would take the arrows and Enter for its own cursor.
        # The top line says "← → other days", so the footer keeps its room for the rest.
        Binding(
            "left", "step(-1)", "Day before", priority=True, show=False, id="log-earlier", tooltip="The day before"
        ),
        Binding("right", "step(1)", "Day after", priority=True, show=False, id="log-later", tooltip="The day after"),
        Binding("t", "today", "Today", show=False, id="log-today", tooltip="Back to today"),
        Binding("e,enter", "edit", "Edit", priority=True, id="log-edit", tooltip="Correct the highlighted record"),
        Binding("x,delete", "delete", "Delete", id="log-delete", tooltip="Delete the highlighted record (asks first)"),
        Binding("n", "add_checkin", "Add pain", id="log-add-checkin", tooltip="A check-in you forgot to make"),
        Binding("r", "add_relief", "Add relief", id="log-add-relief", tooltip="Relief you took and did not log"),
        Binding("u", "undo", "Undo", id="log-undo", tooltip="Take back the last action (several, newest first)"),
        Binding("escape", "back", "Back", id="log-back", tooltip="Back to Today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: DayLog | None = None
        """The day on screen (named so as not to shadow Textual's ``log``)."""
        self._select: str | None = None
        """The id to put the cursor on once the day is read (the record just edited or added)."""

    def compose(self) -> ComposeResult:
        yield Static("[b]Log[/]  [dim]loading…[/]", id="log-top")
        table: DataTable[str] = DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="log-detail")
        yield Static("", id="log-status")
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#log-table", DataTable)
        table.add_column("Time", width=5, key="time")
        table.add_column("Kind", width=10, key="kind")
        table.add_column("What", key="what")
        self.load(None)

    # ------------------------------------------------------------------ data

    @work(thread=True, exclusive=True, group="day-log")
    def load(self, day: date | None) -> None:
        """Read one painpal day's records off the UI thread (today when ``day`` is None)."""
        try:
            log = corrections.load_day_log(self.painpal.store, day, self.painpal.clock.now())
        except StoreError as exc:
            self.call_from_worker(self.set_status, unreadable_markup(exc))
            return
        self.call_from_worker(self.show_log, log)

    def show_log(self, log: DayLog) -> None:
        self.shown = log
        zone = self.painpal.clock.tz
        count = len(log.items)
        what = f"{count} record{'s' * (count != 1)}" if count else "nothing recorded"
        self.query_one("#log-top", Static).update(
            f"[b]Log[/] · {escape(day_title(log.day, log.today))} · {what}   [dim]← → other days[/]"
        )
        table = self.query_one("#log-table", DataTable)
        table.clear()
        for item in log.items:
            record = item.record
            table.add_row(
                f"{record.at.astimezone(zone):%H:%M}", item.kind, escape(corrections.describe(record)), key=record.id
            )
        if self._select is not None:
            ids = [item.record.id for item in log.items]
            if self._select in ids:
                table.move_cursor(row=ids.index(self._select))
            self._select = None
        self.show_detail()

    def highlighted(self) -> Listing | None:
        """The record under the table's cursor, if the day has any."""
        if self.shown is None or not self.shown.items:
            return None
        row = self.query_one("#log-table", DataTable).cursor_row
        return self.shown.items[row] if 0 <= row < len(self.shown.items) else None

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """Every field of the highlighted record, and when it was last changed."""
        detail = self.query_one("#log-detail", Static)
        item = self.highlighted()
        if item is None:
            day = "this day" if self.shown is None or self.shown.day != self.shown.today else "today"
            detail.update(f"[dim]Nothing recorded {day}. n adds a check-in you forgot, r a relief.[/]")
            return
        record, zone = item.record, self.painpal.clock.tz
        parts = []
        for form_field in FORM_FIELDS.get(record.TABLE, ()):
            text = corrections.field_text(record, form_field.name, zone)
            if text and not (form_field.yes_no and text == "no"):
                parts.append(f"[dim]{escape(form_field.label)}[/] {escape(text)}")
        changed = f"changed {when_text(record.changed)}" if record.changed else "as first recorded"
        parts.append(f"[dim]id {corrections.short_id(record)} · {changed}[/]")
        detail.update(" · ".join(parts[:-1]) + "\n" + parts[-1] if len(parts) > 1 else parts[0])

    def set_status(self, markup: str) -> None:
        self.query_one("#log-status", Static).update(markup)

    # --------------------------------------------------------------- actions

    def action_step(self, delta: int) -> None:
        if self.shown is None:
            return
        day = self.shown.day + timedelta(days=delta)
        if day > self.shown.today:
            self.set_status("That is the last day: the log holds what has happened.")
            return
        self.set_status("")
        self.load(day)

    def action_today(self) -> None:
        self.set_status("")
        self.load(None)

    def action_edit(self) -> None:
        item = self.highlighted()
        if item is None or self.shown is None:
            self.set_status("Nothing to edit on this day; n adds a check-in, r a relief.")
            return
        if item.record.TABLE not in FORM_FIELDS:
            self.set_status(f"A {item.kind} is changed on its own screen.")
            return
        self._open_form(item.record, adding=False)

    def action_add_checkin(self) -> None:
        self._open_form(CheckIn(at=self.painpal.clock.now(), intensity=0), adding=True)

    def action_add_relief(self) -> None:
        self._open_form(Relief(at=self.painpal.clock.now(), name="relief"), adding=True)

    def _open_form(self, record: Record, *, adding: bool) -> None:
        if self.shown is None:
            return
        form = RecordFormScreen(record, self.shown.day, self.shown.today, self.shown.day_start_hour, adding=adding)
        self.app.push_screen(form, self._form_done)

    def _form_done(self, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        said, record_id = result
        self.set_status(said)
        self._select = record_id
        self.load(self.shown.day if self.shown else None)

    def action_delete(self) -> None:
        item = self.highlighted()
        if item is None:
            self.set_status("Nothing to delete on this day.")
            return
        record = item.record
        at = f"{record.at.astimezone(self.painpal.clock.tz):%H:%M}"
        question = f"Delete the {item.kind} at {at} ({corrections.describe(record)})?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(record)

        self.app.push_screen(ConfirmScreen(question, "delete", after="u undoes a deletion."), answered)

    @work(thread=True, exclusive=True, group="day-log-write")
    def _delete(self, record: Record) -> None:
        try:
            self.painpal.check_writable()
            corrections.delete(self.painpal.store, record)
        except StoreError as exc:
            self.call_from_worker(self.set_status, not_saved_markup(exc, "Not deleted"))
            return
        self.call_from_worker(self._changed, undoable(f"Deleted: {escape(corrections.label(record))}"))

    def action_undo(self) -> None:
        self.painpal.undo_last(self._changed)

    def _changed(self, said: str) -> None:
        if self.is_live:
            self.set_status(said)
            self.load(self.shown.day if self.shown else None)

    def action_back(self) -> None:
        self.dismiss(None)


class RecordFormScreen(PainPalModal[tuple[str, str] | None], palette="Record"):
    """Edit one record, or add one at a past time; dismisses with (what to say, the record's id).

    Each box is checked by the record's own validation
    (:func:`painpal.services.corrections.read_form`); a wrong box gets its
    sentence under it and nothing is written until every box is right.
    """

    DEFAULT_CSS = """
    RecordFormScreen #record-form {
        width: 100%;
        max-width: 76;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    RecordFormScreen #record-fields {
        height: auto;
        max-height: 1fr;
    }
    RecordFormScreen .row {
        height: 1;
    }
    RecordFormScreen .row Label {
        width: 13;
        color: $text-muted;
    }
    RecordFormScreen .row Input {
        width: 1fr;
    }
    RecordFormScreen .field-error {
        display: none;
        color: $text-error;
        height: auto;
        padding: 0 0 0 13;
    }
    RecordFormScreen .field-error.-shown {
        display: block;
    }
    RecordFormScreen #record-error {
        color: $text-error;
        height: auto;
    }
    RecordFormScreen #record-keys {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="record-save", tooltip="Check the boxes and save"),
        Binding("escape", "cancel", "Cancel", id="record-cancel", tooltip="Close without saving"),
    ]

    def __init__(self, record: Record, day: date, today: date, day_start_hour: int, *, adding: bool) -> None:
        """``record`` is the one to edit, or when ``adding`` the template of a new one (its kind, nothing else)."""
        super().__init__()
        self.record = record
        self.day = day
        self.today = today
        self.day_start_hour = day_start_hour
        self.adding = adding
        self.fields = FORM_FIELDS[record.TABLE]

    def compose(self) -> ComposeResult:
        zone = self.painpal.clock.tz
        kind = corrections.LABELS.get(self.record.TABLE, self.record.TABLE)
        with Vertical(id="record-form") as form:
            form.border_title = f"{'Add a' if self.adding else 'Edit the'} {kind} · {day_title(self.day, self.today)}"
            with VerticalScroll(id="record-fields"):
                for item in self.fields:
                    text = corrections.field_text(self.record, item.name, zone)
                    if self.adding and item.name != "at":
                        text = ""  # a new record starts empty: nothing is assumed for the person
                    with Horizontal(classes="row"):
                        yield Label(f"{item.label} [dim]{item.scale}[/]" if item.scale else item.label)
                        placeholder = HINTS.get(item.name, item.scale)
                        yield Input(text, placeholder=placeholder, compact=True, id=f"field-{item.name}")
                    yield Static("", classes="field-error", id=f"error-{item.name}")
            yield Static("", id="record-error")
            yield Static("[b]Enter[/] save · [b]Tab[/] next box · [b]Esc[/] cancel", id="record-keys")

    def on_mount(self) -> None:
        names = [item.name for item in self.fields]
        # Adding: the time is filled in already, so the box that needs the person first is the main one.
        main = next((name for name in ("intensity", "name") if name in names), names[0])
        target = main if self.adding else names[0]
        self.query_one(f"#field-{target}").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        texts: dict[str, Any] = {}
        for item in self.fields:
            texts[item.name] = self.query_one(f"#field-{item.name}", Input).value
        values, errors = corrections.read_form(
            self.record, texts, self.day, self.day_start_hour, self.painpal.clock.tz, self.painpal.clock.now()
        )
        for item in self.fields:
            line = self.query_one(f"#error-{item.name}", Static)
            line.update(escape(errors.get(item.name, "")))
            line.set_class(item.name in errors, "-shown")
        self.query_one("#record-error", Static).update(escape(errors.get("", "")))
        if errors:
            return
        self._write(values)

    @work(thread=True, exclusive=True, group="record-form")
    def _write(self, values: dict[str, Any]) -> None:
        store = self.painpal.store
        try:
            self.painpal.check_writable()
            if self.adding:
                record = corrections.backfill(store, self.record, values)
                said = undoable(f"Added: {escape(corrections.label(record))}")
            else:
                changes = corrections.form_changes(self.record, values)
                if not changes:
                    self.call_from_worker(self.dismiss, ("Nothing changed.", self.record.id))
                    return
                record = corrections.edit(store, self.record, changes, self.painpal.clock.now())
                said = undoable(f"Saved: {escape(corrections.label(record))}")
        except (StoreError, ValidationError) as exc:
            self.call_from_worker(self._refused, exc)
            return
        self.call_from_worker(self.dismiss, (said, record.id))

    def _refused(self, exc: Exception) -> None:
        self.query_one("#record-error", Static).update(not_saved_markup(exc))

    def action_cancel(self) -> None:
        self.dismiss(None)
