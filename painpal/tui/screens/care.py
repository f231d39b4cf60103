"""Care: the care team, appointments with their questions, the visit brief, and the report to hand over.

painpal's fifth idea (see the project's clinical notes): keep the physician,
physical therapist and the others together with their notes, appointments
and questions, and bring each of them the same precise data. Questions for a
new appointment are pre-filled from what the log shows (pattern sentences)
and from questions left open at earlier visits; the person edits them.

Everything that touches the disk (loading the team and the 30-day report,
saving, exporting) runs in thread workers; the UI thread only renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key, Resize
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from painpal.domain.records import Appointment, CarePerson, ValidationError
from painpal.report.wording import visit_brief
from painpal.services.care import CareState, export_reports, load_care_state
from painpal.storage.files import StoreError
from painpal.storage.store import Store
from painpal.text import when_text
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from .base import PainPalModal, PainPalScreen, not_saved_markup, settings_problem_markup, unreadable_markup
from .confirm import ConfirmScreen

QUESTION_KEYS = "123456789"

CARE_NARROW = 74
"""Narrower than this, the brief beside a 32-column list would be a column of single words."""
CARE_CSS = """
CareScreen #care-body { height: 1fr; }
CareScreen #care-left { width: 32; }
CareScreen.-narrow #care-body { layout: vertical; }
CareScreen.-narrow #care-left { width: 1fr; height: 2fr; }
CareScreen.-narrow #care-right { height: 3fr; }
CareScreen #care-people, CareScreen #care-appointments {
    height: 1fr; border: round $primary 40%; border-title-color: $text-primary;
}
CareScreen #care-people:focus, CareScreen #care-appointments:focus { border: round $accent; }
CareScreen #care-right { width: 1fr; border: round $primary 40%; border-title-color: $text-primary; padding: 0 1; }
CareScreen #care-warning { height: auto; color: $text-error; text-style: bold; }
CareScreen #care-status { height: auto; min-height: 1; max-height: 4; padding: 0 1; color: $text-muted; }
.care-form { padding: 0 1; }
.care-form TextArea { height: 5; }
.care-row { height: auto; }
.care-label { width: 10; padding: 1 1 0 0; }
.care-row Input, .care-row Select { width: 1fr; }
.care-hint { color: $text-muted; }
#brief { height: 100%; max-height: 100%; width: 100; max-width: 100%; }
#brief-text { height: auto; }
"""


# ------------------------------------------------------------------------------------------------ data


def parse_visit_time(text: str, now: datetime) -> datetime:
    """When a visit is, in local time: "2026-12-09 10:30", "9 Dec 10:30"; past visits are fine (to log them)."""
    from dateutil import parser, tz

    raw = text.strip()
    if not raw:
        raise ValidationError("When is the visit? e.g. 2026-12-09 10:30.")
    try:
        # ignoretz: a visit is local wall time; "10:00-07" must not turn into a UTC offset.
        at = parser.parse(
            raw, default=now.replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None), ignoretz=True
        )
    except (ValueError, OverflowError):
        raise ValidationError(f"{text!r} is not a date and time painpal understands; try 2026-12-09 10:30.") from None
    if at.tzinfo is None:
        at = tz.resolve_imaginary(at.replace(tzinfo=now.tzinfo))
    return at


# ------------------------------------------------------------------------------------------------ forms


class PersonFormScreen(PainPalModal[CarePerson | None], palette="Person"):
    """Add or edit someone on the care team; Ctrl+S saves, Esc cancels. Dismisses with the record."""

    DEFAULT_CSS = CARE_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="person-save", tooltip="Save this person"),
        Binding("escape", "cancel", "Cancel", id="person-cancel", tooltip="Leave without saving"),
    ]

    def __init__(self, person: CarePerson | None, now: datetime) -> None:
        super().__init__()
        self.person = person
        self.now = now

    def compose(self) -> ComposeResult:
        p = self.person
        with VerticalScroll(id="person-form", classes="dialog care-form"):
            with Horizontal(classes="care-row"):
                yield Label("Name", classes="care-label")
                yield Input(value=p.name if p else "", placeholder="e.g. Dr Lee", id="person-name")
            with Horizontal(classes="care-row"):
                yield Label("Role", classes="care-label")
                yield Select(
                    [(role, role) for role in CarePerson.ROLES],
                    value=p.role if p else "physician",
                    allow_blank=False,
                    id="person-role",
                )
            with Horizontal(classes="care-row"):
                yield Label("Contact", classes="care-label")
                yield Input(
                    value=(p.contact or "") if p else "", placeholder="phone, clinic, email", id="person-contact"
                )
            yield Label("Notes")
            yield TextArea((p.notes or "") if p else "", id="person-notes", soft_wrap=True)
            yield Static(id="person-error", classes="error")
            yield Static("[dim]Ctrl+S save · Esc cancel · Tab next field[/]")

    def on_mount(self) -> None:
        self.query_one("#person-form").border_title = "Edit care-team member" if self.person else "Add to care team"
        self.query_one("#person-name", Input).focus()

    def action_save(self) -> None:
        role = self.query_one("#person-role", Select).value
        fields: dict[str, Any] = {
            "name": self.query_one("#person-name", Input).value,
            "role": role if isinstance(role, str) else "other",
            "contact": self.query_one("#person-contact", Input).value,
            "notes": self.query_one("#person-notes", TextArea).text,
        }
        try:
            person = replace(self.person, **fields) if self.person else CarePerson(at=self.now, **fields)
        except ValidationError as exc:
            self.query_one("#person-error", Static).update(escape(str(exc)))
            return
        self.dismiss(person)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AppointmentFormScreen(PainPalModal[Appointment | None], palette="Appointment"):
    """Add or edit an appointment: when, with whom, questions (one a line), notes after, plan changes."""

    DEFAULT_CSS = CARE_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="appointment-save", tooltip="Save this appointment"),
        Binding("escape", "cancel", "Cancel", id="appointment-cancel", tooltip="Leave without saving"),
    ]

    def __init__(
        self,
        appointment: Appointment | None,
        people: Iterable[CarePerson],
        suggestions: Iterable[str],
        now: datetime,
        with_whom: str | None = None,
    ) -> None:
        super().__init__()
        self.appointment = appointment
        self.with_whom = appointment.person if appointment else with_whom
        self.people = list(people)
        self.suggestions = list(suggestions)
        self.now = now

    def compose(self) -> ComposeResult:
        a = self.appointment
        default_when = (self.now + timedelta(days=7)).replace(hour=10, minute=0)
        questions = list(a.questions) if a else self.suggestions
        with VerticalScroll(id="appointment-form", classes="dialog care-form"):
            with Horizontal(classes="care-row"):
                yield Label("When", classes="care-label")
                yield Input(
                    value=f"{(a.at if a else default_when):%Y-%m-%d %H:%M}",
                    placeholder="2026-12-09 10:30",
                    id="appointment-when",
                )
            with Horizontal(classes="care-row"):
                yield Label("With", classes="care-label")
                yield Select(
                    [(f"{p.name} ({p.role})", p.id) for p in self.people],
                    value=self.with_whom if self.with_whom in {p.id for p in self.people} else Select.NULL,
                    prompt="someone not on your team",
                    id="appointment-person",
                )
            yield Label("Questions, one a line")
            if not a and questions:
                yield Static("painpal pre-filled these from your log; edit freely", classes="care-hint")
            yield TextArea("\n".join(questions), id="appointment-questions", soft_wrap=True)
            yield Label("Notes after the visit")
            yield TextArea((a.notes or "") if a else "", id="appointment-notes", soft_wrap=True)
            yield Label("What changed in the plan")
            yield TextArea((a.plan_changes or "") if a else "", id="appointment-changes", soft_wrap=True)
            yield Static(id="appointment-error", classes="error")
            yield Static("[dim]Ctrl+S save · Esc cancel · Tab next field[/]")

    def on_mount(self) -> None:
        title = "Edit appointment" if self.appointment else "Add an appointment"
        self.query_one("#appointment-form").border_title = title
        self.query_one("#appointment-when", Input).focus()

    def action_save(self) -> None:
        error = self.query_one("#appointment-error", Static)
        try:
            at = parse_visit_time(self.query_one("#appointment-when", Input).value, self.now)
            person = self.query_one("#appointment-person", Select).value
            questions = tuple(
                q.strip() for q in self.query_one("#appointment-questions", TextArea).text.splitlines() if q.strip()
            )
            old = self.appointment
            fields = {
                "at": at,
                "person": person if isinstance(person, str) else None,
                "questions": questions,
                "asked": tuple(q for q in (old.asked if old else ()) if q in questions),
                "notes": self.query_one("#appointment-notes", TextArea).text,
                "plan_changes": self.query_one("#appointment-changes", TextArea).text,
            }
            appointment = replace(old, **fields) if old else Appointment(**fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            error.update(escape(str(exc)))
            return
        self.dismiss(appointment)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ------------------------------------------------------------------------------------------------ brief


def brief_markup(text: str) -> str:
    """The plain-text visit brief as markup: the visit and warnings stand out, headings in bold."""
    lines = []
    for line in text.splitlines():
        out = escape(line)
        if line.startswith("WARNING SIGN"):
            out = f"[b $text-error]{out}[/]"
        elif line.startswith("Next visit"):
            out = f"[b $text-accent]{out}[/]"
        elif line and not line.startswith(" ") and line.endswith(":"):
            out = f"[b]{out}[/]"
        lines.append(out)
    return "\n".join(lines)


class VisitBriefScreen(PainPalModal[None], palette="Visit brief"):
    """The next visit on one screen: who and when, anything urgent, the figures, the questions.

    Number keys tick a question asked (saved at once, in a worker); ``s``
    adds painpal's suggested questions to the appointment.
    """

    DEFAULT_CSS = CARE_CSS
    BINDINGS = [
        Binding("escape,b", "close", "Close", id="brief-close", tooltip="Back to the care team"),
        Binding("s", "add_suggestions", "Add suggested", id="brief-suggest", tooltip="Add painpal's questions"),
    ]

    def __init__(self, state: CareState) -> None:
        super().__init__()
        self.state = state
        self.appointment = state.report.appointment

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="brief", classes="dialog"):
            yield Static(id="brief-text")
            yield Static(id="brief-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#brief").border_title = "Visit brief"
        self.query_one("#brief").border_subtitle = "1-9 tick asked · s add suggested · Esc close"
        self.show()

    def brief_text(self) -> str:
        """The brief as markup: numbered questions, painpal's suggestions not yet added."""
        data = replace(self.state.report, appointment=self.appointment)
        lines = [brief_markup(visit_brief(data, numbered=True))]
        have = set(self.appointment.questions) if self.appointment else set()
        extra = [q for q in self.state.suggestions if q not in have]
        if self.appointment is not None and extra:
            lines += ["", "[b]painpal suggests asking[/] [dim](s adds them)[/]"]
            lines += [f"  [dim]+[/] {escape(q)}" for q in extra]
        return "\n".join(lines)

    def show(self) -> None:
        self.query_one("#brief-text", Static).update(self.brief_text())

    def on_key(self, event: Key) -> None:
        if event.character and event.character in QUESTION_KEYS:
            event.stop()
            self.toggle(int(event.character))

    def toggle(self, number: int) -> None:
        """Tick (or untick) question ``number`` as asked."""
        a = self.appointment
        if a is None or not 1 <= number <= len(a.questions):
            return
        q = a.questions[number - 1]
        asked = tuple(x for x in a.asked if x != q) if q in a.asked else (*a.asked, q)
        self.appointment = replace(a, asked=asked)
        self.show()
        self._save(self.appointment)

    def action_add_suggestions(self) -> None:
        a = self.appointment
        if a is None:
            return
        extra = tuple(q for q in self.state.suggestions if q not in a.questions)
        if extra:
            self.appointment = replace(a, questions=(*a.questions, *extra))
            self.show()
            self._save(self.appointment)

    @work(thread=True, group="care-save")
    def _save(self, appointment: Appointment) -> None:
        try:
            self.painpal.check_writable()
            self.painpal.store.save(appointment)
        except StoreError as exc:
            self.call_from_worker(self.show_error, not_saved_markup(exc))

    def show_error(self, markup: str) -> None:
        self.query_one("#brief-error", Static).update(markup)

    def action_close(self) -> None:
        self.dismiss(None)


# ------------------------------------------------------------------------------------------------ screen


class CareScreen(PainPalScreen[None], palette="Care"):
    """The care team and appointments on the left, the selected one (or the next visit) on the right."""

    DEFAULT_CSS = CARE_CSS
    BINDINGS = [
        Binding("n", "new_person", "Person", id="care-new-person", tooltip="Add someone to your care team"),
        Binding("a", "new_appointment", "Visit", id="care-new-appointment", tooltip="Add an appointment"),
        Binding("e", "edit", "Edit", show=False, id="care-edit", tooltip="Edit the selected person or appointment"),
        Binding("d", "remove", "Remove", show=False, id="care-remove", tooltip="Remove the selected one"),
        Binding("b", "brief", "Brief", id="care-brief", tooltip="The visit brief for your next appointment"),
        Binding("x", "export", "Export", id="care-export", tooltip="Write the report as Markdown and HTML"),
        Binding("w", "warning_check", "Warning check", show=False, id="care-warning", tooltip="Check warning signs"),
        Binding("r", "resolve", "Resolve", id="care-resolve", tooltip="Mark the active warning sign resolved"),
        Binding("escape", "back", "Back", id="care-back", tooltip="Back to Today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: CareState | None = None
        self.status_text = ""
        self.exported: tuple[Path, Path] | None = None
        """The files the last export wrote (Markdown, HTML)."""

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        with Horizontal(id="care-body"):
            with Vertical(id="care-left"):
                yield OptionList(id="care-people")
                yield OptionList(id="care-appointments")
            with VerticalScroll(id="care-right"):
                yield Static(id="care-warning")
                yield Static(id="care-detail")
        yield Static(id="care-status")
        yield LeanFooter(compact=True)

    def on_resize(self, event: Resize) -> None:
        """Under :data:`CARE_NARROW` columns the team and visits stack over the next visit's brief."""
        self.set_class(event.size.width < CARE_NARROW, "-narrow")

    def on_mount(self) -> None:
        self.query_one("#care-people").border_title = "Care team"
        self.query_one("#care-appointments").border_title = "Appointments"
        self.query_one("#care-right").border_title = "Next visit"
        self.query_one("#topbar", Static).update("[b]painpal[/]  Care: your team, visits and what to bring")
        self.query_one("#care-detail", Static).update("[dim]Loading…[/]")
        self.reload()

    # ------------------------------------------------------------ data flow

    @work(thread=True, exclusive=True, group="care-load")
    def reload(self) -> None:
        """Read the team, appointments and the 30-day report off the UI thread."""
        try:
            state = load_care_state(self.painpal.store, self.painpal.clock.now())
        except (StoreError, ValidationError) as exc:
            self.call_from_worker(self.set_status, unreadable_markup(exc))
            return
        self.call_from_worker(self.apply_state, state)

    def apply_state(self, state: CareState) -> None:
        self.state = state
        if state.problems:
            self.set_status("\n".join(settings_problem_markup(message) for message in state.problems))
        people = self.query_one("#care-people", OptionList)
        keep_p, keep_a = people.highlighted, self.query_one("#care-appointments", OptionList).highlighted
        people.clear_options()
        if state.people:
            people.add_options(
                Option(f"{escape(p.name)} [dim]{escape(p.role)}[/]", id=f"p-{p.id}") for p in state.people
            )
        else:
            people.add_option(Option("[dim]No one yet: n adds someone[/]", id="p-none", disabled=True))
        appts = self.query_one("#care-appointments", OptionList)
        appts.clear_options()
        now = self.painpal.clock.now()
        if state.appointments:
            for a in reversed(state.appointments):  # soonest-upcoming near the top, past visits below
                past = "[dim]" if a.at < now else ""
                end = "[/]" if past else ""
                who = state.person(a.person)
                appts.add_option(
                    Option(f"{past}{a.at:%d %b %H:%M} {escape(who.name if who else '—')}{end}", id=f"a-{a.id}")
                )
        else:
            appts.add_option(Option("[dim]None booked: a adds one[/]", id="a-none", disabled=True))
        if keep_p is not None and keep_p < people.option_count:
            people.highlighted = keep_p
        if keep_a is not None and keep_a < appts.option_count:
            appts.highlighted = keep_a
        warning = state.warning
        banner = self.query_one("#care-warning", Static)
        banner.display = warning is not None
        if warning is not None:
            banner.update(f"Warning sign reported {warning.at:%a %d %b %H:%M}: see the advice. r marks it resolved.\n")
        self.refresh_bindings()
        self.show_detail()

    # --------------------------------------------------------------- render

    def selected(self) -> CarePerson | Appointment | None:
        """The person or appointment highlighted in the focused list (people when neither has focus)."""
        state = self.state
        if state is None:
            return None
        appts = self.query_one("#care-appointments", OptionList)
        lst = appts if appts.has_focus else self.query_one("#care-people", OptionList)
        if lst.highlighted is None:
            return None
        option_id = lst.get_option_at_index(lst.highlighted).id or ""
        kind, _, rid = option_id.partition("-")
        if kind == "p":
            return state.person(rid)
        return next((a for a in state.appointments if a.id == rid), None)

    def show_detail(self) -> None:
        state = self.state
        if state is None:
            return
        item = self.selected()
        right = self.query_one("#care-right")
        if isinstance(item, CarePerson):
            right.border_title = "Care team"
            lines = [f"[b]{escape(item.name)}[/]  {escape(item.role)}"]
            if item.contact:
                lines.append(f"Contact: {escape(item.contact)}")
            if item.notes:
                lines += ["", escape(item.notes)]
            visits = [a for a in state.appointments if a.person == item.id]
            if visits:
                lines += ["", "[b]Visits[/]"] + [f"  {when_text(a.at)}" for a in visits]
            lines += ["", "[dim]e edit · d remove · a add an appointment[/]"]
        elif isinstance(item, Appointment):
            right.border_title = "Appointment"
            lines = [f"[b]{when_text(item.at)}[/] with {escape(state.who(item))}", ""]
            if item.questions:
                lines.append("[b]Questions[/]")
                lines += [f"  {escape('[x]' if q in item.asked else '[ ]')} {escape(q)}" for q in item.questions]
            else:
                lines.append("[dim]No questions yet: e to add (painpal can suggest some).[/]")
            if item.notes:
                lines += ["", "[b]Notes after the visit[/]", escape(item.notes)]
            if item.plan_changes:
                lines += ["", "[b]What changed in the plan[/]", escape(item.plan_changes)]
            lines += ["", "[dim]e edit · b brief · d remove[/]"]
        else:
            right.border_title = "Next visit"
            lines = [brief_markup(visit_brief(state.report))]
        self.query_one("#care-detail", Static).update("\n".join(lines))

    def set_status(self, markup: str) -> None:
        self.status_text = markup
        self.query_one("#care-status", Static).update(markup)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    def on_descendant_focus(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_edit()

    # -------------------------------------------------------------- writes

    @work(thread=True, group="care-save")
    def save(self, record: CarePerson | Appointment, done: str) -> None:
        """Store a new or edited record durably, then reload."""
        store: Store = self.painpal.store
        try:
            self.painpal.check_writable()
            store.save(record)
        except StoreError as exc:
            self.call_from_worker(self.set_status, not_saved_markup(exc))
            return
        self.call_from_worker(self.set_status, done)
        self.call_from_worker(self.reload)

    @work(thread=True, group="care-save")
    def _remove(self, record: CarePerson | Appointment, done: str) -> None:
        try:
            self.painpal.check_writable()
            self.painpal.store.remove(type(record), record.id)
        except StoreError as exc:
            self.call_from_worker(self.set_status, not_saved_markup(exc, "Not removed"))
            return
        self.call_from_worker(self.set_status, done)
        self.call_from_worker(self.reload)

    @work(thread=True, exclusive=True, group="care-export")
    def _export(self) -> None:
        try:
            md_path, html_path = export_reports(self.painpal.store, self.painpal.clock.now())
        except (OSError, StoreError, ValidationError) as exc:
            self.call_from_worker(self.set_status, not_saved_markup(exc, "Not exported"))
            return
        self.call_from_worker(self._exported, md_path, html_path)

    def _exported(self, md_path: Path, html_path: Path) -> None:
        self.exported = (md_path, html_path)
        self.set_status(f"Report written: {escape(str(html_path))} (and .md)")
        self.app.notify(f"Report written to {escape(md_path.parent)}", timeout=8)

    # ------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resolve only while a warning is active; the footer then shows it."""
        if action == "resolve":
            return self.state is not None and self.state.warning is not None
        return True

    def action_new_person(self) -> None:
        self.app.push_screen(PersonFormScreen(None, self.painpal.clock.now()), self._person_done)

    def _person_done(self, person: CarePerson | None) -> None:
        if person is not None:
            self.save(person, f"Saved {escape(person.name)}.")

    def action_new_appointment(self) -> None:
        state = self.state
        if state is None:
            return
        item = self.selected()
        now = self.painpal.clock.now()
        with_whom = item.id if isinstance(item, CarePerson) else None
        screen = AppointmentFormScreen(None, state.people, state.suggestions, now, with_whom)
        self.app.push_screen(screen, self._appointment_done)

    def _appointment_done(self, appointment: Appointment | None) -> None:
        if appointment is not None:
            self.save(appointment, f"Saved the appointment on {appointment.at:%a %d %b %H:%M}.")

    def action_edit(self) -> None:
        state = self.state
        item = self.selected()
        now = self.painpal.clock.now()
        if isinstance(item, CarePerson):
            self.app.push_screen(PersonFormScreen(item, now), self._person_done)
        elif isinstance(item, Appointment) and state is not None:
            self.app.push_screen(
                AppointmentFormScreen(item, state.people, state.suggestions, now), self._appointment_done
            )

    def action_remove(self) -> None:
        item = self.selected()
        if item is None:
            return
        what = item.name if isinstance(item, CarePerson) else f"the appointment on {when_text(item.at)}"

        def answered(yes: bool | None) -> None:
            if yes and item is not None:
                self._remove(item, f"Removed {escape(what)}.")

        self.app.push_screen(
            ConfirmScreen(f"Remove {what}?", "remove", after="A removed entry cannot be brought back."), answered
        )

    def action_brief(self) -> None:
        if self.state is not None:
            self.app.push_screen(VisitBriefScreen(self.state), self._reload_after)

    def action_export(self) -> None:
        self.set_status("Writing the report…")
        self._export()

    def action_warning_check(self) -> None:
        from .safety import WarningCheckScreen

        self.app.push_screen(WarningCheckScreen(), self._reload_after)

    def action_resolve(self) -> None:
        from .safety import ResolveWarningScreen

        if self.state is not None and self.state.warning is not None:
            self.app.push_screen(ResolveWarningScreen(self.state.warning), self._reload_after)

    def _reload_after(self, _result: object) -> None:
        """A dialog closed: its writes are on disk, so read again."""
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
