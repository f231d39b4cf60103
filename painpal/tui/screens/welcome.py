"""First run: one key accepts a sensible plan; one line says what painpal is not, and where data lives."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from painpal.domain.plan import DayPlan, format_hhmm
from painpal.tui.markup import escape

from .base import PainPalModal


def describe_plan(plan: DayPlan) -> str:
    """The plan in a few plain lines."""
    days = ", ".join(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in plan.work_days) or "none"
    blocks = ", ".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in plan.work_blocks)
    return (
        f"Wake {format_hhmm(plan.wake)} · unwind {format_hhmm(plan.unwind)} · sleep {format_hhmm(plan.sleep)}\n"
        f"Work days {days}: seated blocks {blocks}\n"
        f"A standing reset after {plan.max_seated_minutes} seated minutes"
    )


class WelcomeScreen(PainPalModal[None], palette="Welcome"):
    """Enter accepts the default plan; p opens the Plan screen first."""

    BINDINGS = [
        Binding("enter", "accept", "Accept plan", id="welcome-accept", tooltip="Start with the suggested plan"),
        Binding("p", "edit_plan", "Edit plan", id="welcome-plan", tooltip="Change times before starting"),
        Binding("w", "warning_check", "Warning signs", id="welcome-warning", tooltip="Signs that need care first"),
    ]

    def compose(self) -> ComposeResult:
        data = escape(str(self.painpal.store.data_dir))
        with Vertical(id="welcome", classes="dialog"):
            yield Static(
                "[b]Welcome to painpal.[/] It lays out your day, asks how your back is with one key, "
                "and suggests a small practice that fits the moment.\n"
            )
            yield Static("[b]A plan to start with[/] (you can change it any time with p):")
            yield Static(describe_plan(DayPlan()), classes="plan-summary")
            yield Static(
                "\n[b $text-warning]painpal is not medical advice[/] and does not diagnose; "
                "if something worries you, see a clinician.\n"
                f"[dim]Your data stays on this computer, in {data}.[/]\n"
            )
            yield Static(
                "[b]Enter[/] accept this plan    [b]p[/] edit it first    "
                "[b]w[/] check the warning signs that need a clinician first"
            )

    def on_mount(self) -> None:
        self.query_one("#welcome").border_title = "painpal"

    def action_accept(self) -> None:
        app = self.painpal
        app.save_settings(plan=DayPlan(), welcomed=True)
        self.dismiss(None)

    def action_warning_check(self) -> None:
        """Offered at first run: the signs that mean seeing a clinician before any exercise."""
        from .safety import WarningCheckScreen

        self.app.push_screen(WarningCheckScreen())

    def action_edit_plan(self) -> None:
        from .plan import PlanScreen

        self.painpal.save_settings(welcomed=True)
        self.dismiss(None)
        today = self.app.screen
        self.app.push_screen(PlanScreen(DayPlan()), lambda _: getattr(today, "reload", lambda: None)())
