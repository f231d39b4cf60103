"""The painpal TUI: an app built from its dependencies (store, clock), so tests pass a temp store.

The app owns what every screen shares: the store and clock, the themes, the
help screen, the command palette, and rate-limited notifications (toasts
pile up in memory over a day; PITFALLS.md). Screens own their own keys.

It also holds :attr:`PainPalApp.data_problem`: while painpal cannot read the
person's data (a file cut short, a record that fails validation), every
write is refused with that sentence, so nothing is ever written next to or
over a file painpal could not read; Today sets and clears it as it reads.
Quitting while it stands ends with exit status 1, and the sentence is said
again on the terminal once the screen is restored.

And it says what a folder-sync tool left (:meth:`PainPalApp.tell_sync_notes`):
a conflict copy merged, another device's file skipped; each once, as a toast
that leaves every key working, on opening and whenever a read finds one.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer

from painpal import notify, settings
from painpal.domain.clock import Clock
from painpal.services import corrections
from painpal.settings import DARK_THEME, LIGHT_THEME
from painpal.storage.devices import SyncNotes
from painpal.storage.files import StoreError
from painpal.storage.store import Store
from painpal.text import shorten

from . import themes
from .markup import escape
from .screens.base import PainPalScreen, binding_commands, not_saved_markup

if TYPE_CHECKING:
    from textual.command import Provider

TOAST_MIN_INTERVAL_S = 20.0
"""At most one toast of the same kind this often; the screen's status line carries the rest."""
BURST_GAP_S = 0.125
"""A key that follows the one before within this long belongs to a burst with it. A single key waits this
long before it acts: the time to tell a deliberate key from typing meant for another pane."""
BURST_KEYS = 3
"""A burst of this many printable keys (three within about 250 ms) is typing, not commands: it is ignored."""
SYNC_NOTE_S = 30.0
"""How long a sync note stays (a click takes it away sooner): a sentence naming a file takes a while to read."""
DATA_PROBLEM_CODE = 1
"""The app's return code when the person quits while painpal cannot read their data (the CLI's status for it)."""


def palette_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens rather than on the path to the first frame."""
    from .palette import PainPalCommands

    return PainPalCommands


class PainPalApp(App[int]):
    """painpal's terminal app. ``store`` and ``clock`` are the only ways out to the world."""

    TITLE = "painpal"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {palette_commands}
    CSS_PATH = "painpal.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key painpal knows"),
        Binding("T", "toggle_theme", "Theme", show=False, id="theme", tooltip="Switch between dark and light"),
        Binding(
            "N",
            "test_notification",
            "Test notification",
            show=False,
            id="test-notification",
            tooltip="Send a notification now, the way prompts reach you when painpal is hidden",
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Close painpal (your data is already saved)"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        ring_bell: bool = True,
        burst_gap_s: float = BURST_GAP_S,
        route: notify.Route | None = None,
        terminal: Callable[[str], None] | None = None,
        gate: notify.Gate | None = None,
    ) -> None:
        """``burst_gap_s`` 0 turns the stray-key guard off (tests that press keys faster than any person).

        ``route``, ``terminal`` and ``gate`` are how notifications go out
        (:mod:`painpal.notify`): found from the environment, Textual's driver
        and the default gate unless a test passes its own. Headless, with no
        ``terminal`` given, no byte is written.
        """
        super().__init__()
        for theme_colours in themes.THEMES:
            self.register_theme(theme_colours)
        self.store = store
        self.clock = clock
        self.ring_bell = ring_bell
        self.burst_gap_s = burst_gap_s
        self._held: list[events.Key] = []
        """Keys waiting to be told apart from a burst (see :meth:`_hold_strays`)."""
        self._held_timer: Timer | None = None
        self._last_toast: dict[str, float] = {}
        self.route = route
        """How to reach the person (found once, in a worker, on mounting); ``None`` until then."""
        self._terminal = terminal
        self.gate = gate or notify.Gate()
        self._gate_timer: Timer | None = None
        self._reach = notify.Reach()
        self.data_problem: str | None = None
        """Why painpal cannot read the person's data now (a StoreError's sentence), or None when it can."""
        self.quit_on_problem: str | None = None
        """The data problem that stood when the person quit: :func:`run` says it again after the screen closes."""
        self.sync_notes = SyncNotes()
        """Which sync notes this app has said (the merged ones also in the state folder, for every view)."""
        theme, _ = settings.stored_theme(store)  # a bad value: the default theme; Today names the problem
        self.theme = theme or DARK_THEME

    async def on_event(self, event: events.Event) -> None:
        """Drop a key still queued when the app stops running: there may be no screen left to take it."""
        if isinstance(event, events.Key) and not self.is_running:
            return
        if self._hold_strays(event):
            return
        await super().on_event(event)

    # ------------------------------------------------------------ stray keys

    def _hold_strays(self, event: events.Event) -> bool:
        """Keep typing meant for another pane from becoming data; True when ``event`` is taken here.

        On a screen where single keys are commands (no text box has focus),
        a printable key waits :data:`BURST_GAP_S`; a key that comes sooner
        joins it (Enter and the rest included). When the keys stop, fewer
        than :data:`BURST_KEYS` printable ones act in order, as typed; more
        are a burst ("make 7⏎" typed into the wrong pane), and none of them
        acts. A bracketed paste is never commands either. Each ignored burst
        or paste is said once in a toast, so nothing is dropped silently.
        """
        if self.burst_gap_s <= 0 or not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if self._typing_here():
            return False
        if isinstance(event, events.Paste):
            self._ignored(event.text, "pasted text")
            return True
        if not self._held and not event.is_printable:
            return False  # Esc, arrows, Ctrl+P: never typing, so never held
        self._held.append(event)
        if self._held_timer is not None:
            self._held_timer.stop()
        self._held_timer = self.set_timer(self.burst_gap_s, self._release_held, name="stray-keys")
        return True

    async def _release_held(self) -> None:
        held, self._held, self._held_timer = self._held, [], None
        if sum(key.is_printable for key in held) >= BURST_KEYS:
            self._ignored("".join("⏎" if key.key == "enter" else key.character or "" for key in held), "fast typing")
            return
        for key in held:
            if not self.is_running:
                return
            await super().on_event(key)

    def _typing_here(self) -> bool:
        """A text box has focus: what is typed is meant for it, fast or slow, pasted or not."""
        focused = self.focused
        if focused is None:
            return False
        # Only classes already imported can be focused; looking them up keeps the first frame from importing them.
        boxes = [
            getattr(sys.modules[name], cls)
            for name, cls in (("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea"))
            if name in sys.modules
        ]
        return isinstance(focused, tuple(boxes))

    def _ignored(self, text: str, what: str) -> None:
        shown = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())  # no control byte reaches the toast
        shown = shorten(shown, 24)
        self.notify(
            f"Ignored {what} “{escape(shown)}”: nothing was saved. painpal's keys work one at a time.",
            title="Not a command",
            severity="warning",
            timeout=6,
        )

    def simulate_key(self, key: str) -> None:
        """Press ``key`` for a click on the footer, unless the key records data: then only say which key to press.

        Textual's footer presses a key by calling this; a click on a legend
        such as "0-9 x Pain" must never store pain 0 (:mod:`painpal.tui.widgets.footer`).
        """
        from .widgets import footer

        binding = footer.recording_binding(self.screen, key)
        if binding is None:
            super().simulate_key(key)
            return
        hint = footer.click_hint(self, binding)
        if isinstance(self.screen, PainPalScreen):
            self.screen.show_key_hint(binding, hint)
        else:
            self.notify(escape(hint), timeout=5)

    def on_mount(self) -> None:
        from .screens.today import TodayScreen

        self.push_screen(TodayScreen())
        if self.route is None and self.terminal_writer() is not None:
            self.run_worker(self._find_route, thread=True, group="notify-route")

    # ---------------------------------------------------------- notifications

    def _find_route(self) -> None:
        """Ask the environment (and tmux, once, with a timeout) how to reach the person: off the UI thread."""
        route = notify.detect_route()
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(self._found_route, route)

    def _found_route(self, route: notify.Route) -> None:
        self.route = route
        if route.hint is not None:  # said while the person is looking: painpal was just opened
            self.notify(escape(route.hint[0].upper() + route.hint[1:]), title="Notifications", timeout=12)

    def terminal_writer(self) -> Callable[[str], None] | None:
        """Where escape sequences go: the test's writer, else Textual's driver in a real terminal, else nowhere.

        The driver's ``write`` is how Textual itself sends the bell and OSC 52,
        queued in order with the screen's own output, so a sequence never
        lands in the middle of a frame.
        """
        if self._terminal is not None:
            return self._terminal
        driver = self._driver
        if self.is_headless or driver is None:
            return None
        return driver.write

    def reach_person(self, text: str, reach: notify.Reach) -> None:
        """Notify beyond the app: outside the quiet hours, one for a burst (the latest), through ``reach``."""
        if self.terminal_writer() is None or reach.quiet_at(self.clock.now()):
            return  # headless (a test), or the person's quiet hours: the toast is all
        self._reach = reach
        self.gate.offer(notify.Note(text), time.monotonic())
        self._release_later()

    def _release_later(self) -> None:
        wait = self.gate.wait_s(time.monotonic())
        if wait is None:
            return
        if self._gate_timer is not None:
            self._gate_timer.stop()
        # Never a 0 s timer: Textual divides by the interval when it runs late.
        self._gate_timer = self.set_timer(max(wait, 0.01), self._release_note, name="notify")

    def _release_note(self) -> None:
        self._gate_timer = None
        note = self.gate.release(time.monotonic())
        if note is None:
            self._release_later()
            return
        if self._reach.quiet_at(self.clock.now()):  # the quiet hours began while it waited
            return
        self._send(note, self._reach.channels)

    def _send(self, note: notify.Note, channels: tuple[notify.Channel, ...], said: bool = False) -> None:
        """Deliver in a worker (``notify-send`` may take a moment); ``said`` toasts what was used."""
        write = self.terminal_writer()
        route = self.route or notify.Route()

        def to_terminal(text: str) -> None:
            if write is not None:
                self.call_from_thread(write, text)

        def work() -> None:
            sent = notify.deliver(note, route, channels if write is not None else (), to_terminal)
            if said:
                message = sent.said() if write is not None else "Notifications need a terminal to run in."
                if route.hint is not None:
                    message += " " + route.hint[0].upper() + route.hint[1:]
                with contextlib.suppress(RuntimeError):
                    self.call_from_thread(self.notify, escape(message), title="Notifications", timeout=10)

        self.run_worker(work, thread=True, group="notify")

    def action_test_notification(self) -> None:
        """Send a notification now, past the quiet hours and the gate: to see that prompts can reach you."""
        self.run_worker(self._test_notification, thread=True, group="notify-test")

    def _test_notification(self) -> None:
        try:
            reach = settings.load(self.store).reach
        except StoreError as exc:
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self.toast, not_saved_markup(exc, "No test notification"), kind="notify-error")
            return
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._send, notify.Note(notify.TEST_TEXT), reach.channels, True)

    # ---------------------------------------------------------------- actions

    def action_help(self) -> None:
        """Show every key of the current screen and of the app."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        """Dark <-> light; remembered in the data file."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        self.save_settings(theme=self.theme)

    async def action_quit(self) -> None:
        """Close painpal: exit status 0, or 1 while painpal cannot read the data (the shell should know)."""
        self.quit_on_problem = self.data_problem
        self.exit(return_code=DATA_PROBLEM_CODE if self.data_problem is not None else 0)

    def check_writable(self) -> None:
        """Raise the standing data problem as a StoreError, so a write is refused with its sentence.

        Every write the TUI makes calls this first, inside the ``try`` that
        reports a StoreError as "Not saved: ...": while a file cannot be read,
        a key that would record something says why instead of writing.
        """
        if self.data_problem is not None:
            raise StoreError(self.data_problem)

    def save_settings(self, **values: Any) -> None:
        """Store settings off the UI thread (:func:`painpal.settings.save` names them); a refusal is toasted."""
        self.run_worker(
            lambda: self._write_settings(lambda: settings.save(self.store, **values)), thread=True, group="settings"
        )

    def remember_choices(self, orders: Mapping[str, Sequence[str]]) -> None:
        """Store the lasting order of one-key answers for these questions (:func:`painpal.settings.remember_choices`).

        Off the UI thread, as every settings write; the other questions' orders stay as stored.
        """
        self.run_worker(
            lambda: self._write_settings(lambda: settings.remember_choices(self.store, orders)), thread=True
        )

    def _write_settings(self, write: Callable[[], None]) -> None:
        try:
            self.check_writable()
            write()
        except StoreError as exc:
            message = not_saved_markup(exc, "Settings not saved")
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile: nobody to tell
                self.call_from_thread(self.toast, message, kind="settings-error", severity="error")

    def undo_last(self, done: Callable[[str], None]) -> None:
        """Take back the person's last action (stored, so it outlives a restart); ``done`` gets what to say.

        One home for ``u`` on every screen that offers it: the write runs in
        a worker, and a refused write says why as every refusal does.
        """
        self.run_worker(lambda: self._undo(done), thread=True, group="undo", exclusive=True)

    def _undo(self, done: Callable[[str], None]) -> None:
        try:
            self.check_writable()
            undone = corrections.undo(self.store)
        except StoreError as exc:
            said = not_saved_markup(exc, "Not undone")
        else:
            said = f"Undid: {escape(undone)}." if undone is not None else "Nothing to undo."
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile: nobody to tell
            self.call_from_thread(done, said)

    def tell_sync_notes(self) -> None:
        """From a worker, after a read: toast each sync note the store holds that was not said yet.

        Finding them may write the state folder's list of notes said (never
        the data folder), so it runs in the worker that read, not on the UI
        thread; the toasts are not rate-limited, as each note is said once.
        """
        store = self.store
        notes = self.sync_notes.new(list(store.skipped.values()), list(store.merged.values()))
        for note in notes:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile: nobody to tell
                self.call_from_thread(
                    self.notify, escape(note), title="Synced folder", severity="warning", timeout=SYNC_NOTE_S
                )

    def toast(
        self,
        message: str,
        *,
        kind: str = "info",
        severity: str = "information",
        bell: bool = False,
        reach: notify.Reach | None = None,
    ) -> bool:
        """A notification that cannot pile up: one per ``kind`` per :data:`TOAST_MIN_INTERVAL_S`.

        With ``reach`` (a prompt), the message also goes beyond the app
        (:meth:`reach_person`), the bell among its channels; the gate there,
        not the toast's limit, decides how often.
        """
        if reach is not None:
            channels = tuple(c for c in reach.channels if c != "bell" or self.ring_bell)
            self.reach_person(Content.from_markup(message).plain, replace(reach, channels=channels))
        now = time.monotonic()
        if now - self._last_toast.get(kind, -1e9) < TOAST_MIN_INTERVAL_S:
            return False
        self._last_toast[kind] = now
        self.notify(message, severity=severity, timeout=8)  # type: ignore[arg-type]
        if bell and self.ring_bell and reach is None:
            self.bell()
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action is in the command palette: Textual's, the app's keys, then the current screen's keys."""
        ours = {f"action_{binding.action}" for binding in Binding.make_bindings(self.BINDINGS)}
        for command in super().get_system_commands(screen):
            callback = command.callback
            if getattr(callback, "__self__", None) is self and getattr(callback, "__name__", "") in ours:
                continue  # Textual's own entry for an action one of our keys offers (Quit)
            yield command
        yield from binding_commands(self, self.BINDINGS)
        if isinstance(screen, PainPalScreen):
            yield from screen.palette_commands()


def run(store: Store, clock: Clock) -> int:
    """Run the TUI until the person quits; the return value is the exit status.

    Raises :class:`StoreError` when the person quit while painpal could not
    read their data: the terminal is restored by then, so the command line
    reports it as it reports every data problem (one line on standard
    error, exit status 1), and the sentence stays in view after painpal closes.
    """
    app = PainPalApp(store, clock)
    result = app.run()
    if app.quit_on_problem is not None:
        raise StoreError(app.quit_on_problem)
    # A crash (an unhandled exception) leaves a non-zero return code; say so to the shell.
    return app.return_code or result or 0
