"""The warning-sign check and marking a warning resolved: painpal's one clinical duty, on screen.

The signs are asked in plain words (:data:`painpal.domain.safety.WARNING_SIGNS`),
each toggled with one key so a person in pain does not have to type. None
ticked: a short reassuring line and nothing is stored. Any ticked: a
:class:`SafetyEvent` is stored *before* the advice shows (so the coach stops
suggesting exercise even if painpal is closed at once), then the advice
says plainly where to get care and how soon. Nothing here diagnoses.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key, Resize
from textual.widgets import Static

from painpal.domain import safety
from painpal.domain.records import SafetyEvent
from painpal.tui.markup import escape

from .base import PainPalModal, not_saved_markup

SIGN_KEYS = "123456789ab"
"""One key per warning sign, in the order of :data:`painpal.domain.safety.WARNING_SIGNS` (eleven signs)."""
REASSURANCE = (
    "None of these: that is reassuring. Keep to gentle movement, and run this check again if anything changes."
)

SAFETY_CSS = """
#warning-check, #warning-resolve { width: 84; }
#warning-signs { height: auto; max-height: 14; }
.sign { height: auto; }
.sign-box { width: 6; }
.sign-text { width: 1fr; }
.sign.ticked { color: $text-error; text-style: bold; }
#warning-advice { height: auto; padding: 0 1; }
#resolve-body { height: auto; }
#warning-advice.emergency { border: heavy $error; background: $error 15%; }
#warning-advice.soon { border: heavy $warning; background: $warning 12%; }
"""


def _ids_for(keys: str) -> dict[str, str]:
    return {key: sign.id for key, sign in zip(keys, safety.WARNING_SIGNS, strict=False)}


class WarningCheckScreen(PainPalModal[SafetyEvent | None], palette="Warning check"):
    """Ask the warning signs; dismiss with the stored :class:`SafetyEvent`, or ``None`` when none applies."""

    DEFAULT_CSS = SAFETY_CSS
    BINDINGS = [
        Binding("enter", "confirm", "Confirm", id="warning-confirm", tooltip="Done: none ticked, or the ones ticked"),
        Binding("escape", "cancel", "Cancel", id="warning-cancel", tooltip="Leave without answering"),
    ]

    def __init__(self, now: datetime | None = None) -> None:
        super().__init__()
        self.ticked: set[str] = set()
        self.event: SafetyEvent | None = None
        self._now = now
        self.keys = _ids_for(SIGN_KEYS)

    def compose(self) -> ComposeResult:
        with Vertical(id="warning-check", classes="dialog"):
            yield Static(
                "[b]Do any of these apply to you now?[/]  Press a sign's key to tick it, then Enter.",
                id="warning-intro",
            )
            with VerticalScroll(id="warning-signs"):
                for sign in safety.WARNING_SIGNS:  # the key and box beside the text: a wrapped sign hangs under it
                    with Horizontal(id=f"sign-{sign.id}", classes="sign"):
                        yield Static(classes="sign-box")
                        yield Static(escape(sign.text), classes="sign-text")
            yield Static(id="warning-advice")
            yield Static(
                "[dim]1-9, a, b tick or untick · Enter confirm · Esc cancel. painpal does not diagnose.[/]",
                id="warning-hint",
            )

    def on_resize(self, event: Resize) -> None:
        """The list of signs scrolls within what the pane leaves it (border, intro, hint and footer: 11 rows)."""
        self.query_one("#warning-signs").styles.max_height = max(3, event.size.height - 11)

    def on_mount(self) -> None:
        self.query_one("#warning-check").border_title = "Warning-sign check"
        self.query_one("#warning-advice").display = False
        self.refresh_signs()

    def refresh_signs(self) -> None:
        for key, sign in zip(SIGN_KEYS, safety.WARNING_SIGNS, strict=False):
            box = "[x]" if sign.id in self.ticked else "[ ]"
            row = self.query_one(f"#sign-{sign.id}", Horizontal)
            row.query_one(".sign-box", Static).update(f"[b]{key}[/] {escape(box)}")
            row.set_class(sign.id in self.ticked, "ticked")

    def on_key(self, event: Key) -> None:
        if self.event is not None or not event.character:
            return
        sign_id = self.keys.get(event.character.lower())
        if sign_id is not None:
            event.stop()
            self.toggle(sign_id)

    def toggle(self, sign_id: str) -> None:
        """Tick or untick one sign."""
        self.ticked ^= {sign_id}
        self.refresh_signs()

    def action_confirm(self) -> None:
        if self.event is not None:  # the advice is showing: Enter closes it
            self.dismiss(self.event)
            return
        if not self.ticked:
            self.app.notify(REASSURANCE, timeout=8)
            self.dismiss(None)
            return
        signs = tuple(s.id for s in safety.WARNING_SIGNS if s.id in self.ticked)
        now = self._now or self.painpal.clock.now()
        self._store(SafetyEvent(at=now, signs=signs))

    @work(thread=True, exclusive=True, group="safety")
    def _store(self, event: SafetyEvent) -> None:
        """Durable first: the record is what stops exercise suggestions, wherever painpal runs next."""
        from painpal.storage.files import StoreError

        error = None
        try:
            self.painpal.check_writable()
            self.painpal.store.add(event)
        except StoreError as exc:
            error = str(exc)
        self.call_from_worker(self.show_advice, event, error)

    def show_advice(self, event: SafetyEvent, error: str | None = None) -> None:
        """The advice, large and coloured by urgency; Enter or Esc closes it."""
        self.event = event
        level = safety.urgency(event.signs) or "emergency"
        advice = self.query_one("#warning-advice", Static)
        text = f"[b]{escape(safety.advice(event.signs))}[/]"
        if error:
            text += f"\n\n[b $text-error]This answer was not saved:[/] {escape(error)}"
        advice.update(text)
        advice.set_classes(level)
        advice.display = True
        self.query_one("#warning-signs").display = False
        self.query_one("#warning-intro", Static).update(
            "[b $text-error]Please act on this now.[/]"
            if level == "emergency"
            else "[b $text-warning]Please arrange this.[/]"
        )
        self.query_one("#warning-hint", Static).update("[dim]Enter or Esc closes this.[/]")

    def action_cancel(self) -> None:
        self.dismiss(self.event)


class ResolveWarningScreen(PainPalModal[SafetyEvent | None], palette="Warning"):
    """Mark the active warning resolved (``y``), once the person has been checked; Esc keeps it active.

    Dismisses with the updated event (``resolved`` set), or ``None`` if kept.
    """

    DEFAULT_CSS = SAFETY_CSS
    BINDINGS = [
        Binding("y", "resolve", "Resolved", id="warning-resolve", tooltip="I have been checked, or it has gone"),
        Binding("escape,n", "keep", "Keep", id="warning-keep", tooltip="Keep the warning active"),
    ]

    def __init__(self, event: SafetyEvent, now: datetime | None = None) -> None:
        super().__init__()
        self.event = event
        self._now = now

    def compose(self) -> ComposeResult:
        e = self.event
        known = [s for s in e.signs if s in safety.SIGNS]
        texts = "; ".join(safety.SIGNS[s].text if s in safety.SIGNS else s for s in e.signs)
        level = safety.urgency(known) if known else "emergency"
        with Vertical(id="warning-resolve", classes="dialog"):
            with VerticalScroll(id="resolve-body"):  # the advice scrolls; how to resolve stays in view
                yield Static(f"[b]Warning sign reported {e.at:%a %d %b %H:%M}[/]\n{escape(texts)}")
                yield Static(escape(safety.advice(known)) if known else "", id="warning-advice", classes=level or "")
            yield Static(
                "Mark it resolved once a clinician has checked you, or the sign has gone. "
                "painpal will then suggest exercise again.\n[b]y[/] resolved · [b]Esc[/] keep it active",
                id="warning-resolve-hint",
            )
            yield Static(id="warning-error", classes="error")

    def on_resize(self, event: Resize) -> None:
        """The report and its advice scroll within what the pane leaves (border, padding, hint, footer: 10 rows)."""
        self.query_one("#resolve-body").styles.max_height = max(3, event.size.height - 10)

    def on_mount(self) -> None:
        self.query_one("#warning-resolve").border_title = "Warning sign"

    def action_resolve(self) -> None:
        now = self._now or self.painpal.clock.now()
        self._store(replace(self.event, resolved=now))

    @work(thread=True, exclusive=True, group="safety")
    def _store(self, event: SafetyEvent) -> None:
        from painpal.storage.files import StoreError

        try:
            self.painpal.check_writable()
            self.painpal.store.save(event)
        except StoreError as exc:
            self.call_from_worker(self.show_error, not_saved_markup(exc))
            return
        self.call_from_worker(self._done, event)

    def show_error(self, markup: str) -> None:
        self.query_one("#warning-error", Static).update(markup)

    def _done(self, event: SafetyEvent) -> None:
        self.app.notify("Marked resolved. painpal will suggest exercise again.", timeout=6)
        self.dismiss(event)

    def action_keep(self) -> None:
        self.dismiss(None)
