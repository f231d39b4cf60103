"""Plan: when the person wakes, sits to work, unwinds and sleeps; saved to the data file.

Fields are plain text a person can type ("09:00-12:30, 13:30-17:30",
"Mon-Fri"); the plan's own validation gives the error sentence.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Static, Switch

from painpal.domain.plan import DayPlan, format_hhmm, plan_from_dict, plan_to_dict
from painpal.domain.records import ValidationError

from .base import PainPalScreen, not_saved_markup

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def format_days(days: tuple[int, ...]) -> str:
    """(0, 1, 2, 3, 4) -> "Mon-Fri"; other sets as a comma list."""
    if not days:
        return ""
    if list(days) == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{DAY_NAMES[days[0]].title()}-{DAY_NAMES[days[-1]].title()}"
    return ", ".join(DAY_NAMES[d].title() for d in days)


def parse_days(text: str) -> list[int]:
    """ "Mon-Fri", "mon, wed, fri", "" (no work days) -> weekday numbers."""
    out: list[int] = []
    for part in (p.strip().lower() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        ends = [e.strip()[:3] for e in part.split("-")]
        if not all(e in DAY_NAMES for e in ends) or len(ends) > 2:
            raise ValidationError(f"Work days: {part!r} is not a day; write e.g. Mon-Fri or Mon, Wed, Fri.")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        out.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return sorted(set(out))


def parse_blocks(text: str) -> list[list[str]]:
    """ "09:00-12:30, 13:30-17:30" -> [["09:00", "12:30"], ["13:30", "17:30"]]."""
    blocks = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        ends = [e.strip() for e in part.split("-")]
        if len(ends) != 2:
            raise ValidationError(f"Work blocks: {part!r} should look like 09:00-12:30.")
        blocks.append(ends)
    return blocks


class PlanScreen(PainPalScreen[DayPlan | None], palette="Plan"):
    """Edit the day plan; Ctrl+S saves, Esc leaves without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="plan-save", tooltip="Save the plan"),
        Binding("escape", "cancel", "Back", id="plan-cancel", tooltip="Leave without saving"),
    ]

    def __init__(self, plan: DayPlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        p = self.plan
        rows: list[tuple[str, str, str]] = [
            ("wake", "Wake", format_hhmm(p.wake)),
            ("work_days", "Work days", format_days(p.work_days)),
            (
                "work_blocks",
                "Seated work blocks",
                ", ".join(f"{format_hhmm(a)}-{format_hhmm(b)}" for a, b in p.work_blocks),
            ),
            ("rest_day_moves", "Rest-day moves", ", ".join(format_hhmm(t) for t in p.rest_day_moves)),
            ("max_seated_minutes", "Max seated minutes", str(p.max_seated_minutes)),
            ("unwind", "Unwind", format_hhmm(p.unwind)),
            ("sleep", "Sleep", format_hhmm(p.sleep)),
        ]
        with VerticalScroll(id="plan-form"):
            yield Static("[b]Your day plan[/]  [dim]times as HH:MM; a sleep after midnight is fine[/]")
            for key, label, value in rows:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(value=value, id=f"plan-{key}", classes="form-input")
            with Horizontal(classes="form-row"):
                yield Label("Ring the bell with prompts", classes="form-label")
                yield Switch(value=p.bell, id="plan-bell")
            with Horizontal(classes="form-row"):
                yield Label("Prompt at transitions", classes="form-label")
                yield Switch(value=p.prompts, id="plan-prompts")
            yield Static(id="plan-error", classes="error")
            with Horizontal(classes="form-row buttons"):
                yield Button("Save (Ctrl+S)", id="plan-save-button", variant="primary")
                yield Button("Cancel (Esc)", id="plan-cancel-button")
        yield Footer()

    def read_form(self) -> DayPlan:
        """The plan the form describes; ValidationError with one sentence if it cannot be."""

        def value(key: str) -> str:
            return self.query_one(f"#plan-{key}", Input).value.strip()

        data: dict[str, Any] = plan_to_dict(self.plan)
        data.update(
            wake=value("wake"),
            unwind=value("unwind"),
            sleep=value("sleep"),
            work_days=parse_days(value("work_days")),
            work_blocks=parse_blocks(value("work_blocks")),
            rest_day_moves=[t.strip() for t in value("rest_day_moves").split(",") if t.strip()],
            bell=self.query_one("#plan-bell", Switch).value,
            prompts=self.query_one("#plan-prompts", Switch).value,
        )
        minutes = value("max_seated_minutes")
        data["max_seated_minutes"] = int(minutes) if minutes.isdigit() else minutes
        return plan_from_dict(data)

    def action_save(self) -> None:
        try:
            plan = self.read_form()
        except ValidationError as exc:
            self.show_error(not_saved_markup(exc))
            return
        self._store_plan(plan)

    def show_error(self, markup: str) -> None:
        self.query_one("#plan-error", Static).update(markup)

    @work(thread=True, exclusive=True, group="plan")
    def _store_plan(self, plan: DayPlan) -> None:
        from painpal import settings
        from painpal.storage.files import StoreError

        try:
            self.painpal.check_writable()
            settings.save(self.painpal.store, plan=plan)
        except StoreError as exc:
            self.call_from_worker(self.show_error, not_saved_markup(exc))
            return
        self.call_from_worker(self._saved, plan)

    def _saved(self, plan: DayPlan) -> None:
        self.app.notify("Plan saved.", timeout=4)
        self.dismiss(plan)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#plan-save-button")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#plan-cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
