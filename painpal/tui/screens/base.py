"""The base of every painpal screen: the typed app, and a command palette made from the screen's own keys.

Each screen declares its keys once, in ``BINDINGS``. The command palette
(Ctrl+P) lists one entry per bound action, built from the binding itself:
its description is the title, its tooltip and key are the help line, and
choosing it runs the binding's action. A key and its palette entry therefore
cannot drift apart, and an action the screen switches off (``check_action``
says no) is not offered either.

A screen can rename an entry whose words depend on its state
(:meth:`PainPalScreen.palette_text`) and add entries for things that have no
key (:meth:`PainPalScreen.extra_palette_commands`).

A screen can also be *gone* while something still calls on it: a worker
finishes after Esc dismissed its screen, a key typed quickly was already
queued for a modal that has just closed, or ``q`` was pressed and the app is
taking its screens apart. Their widgets may already be removed (a query
raises ``NoMatches``), and a second ``dismiss`` would close the screen
beneath instead. :attr:`PainPalScreen.is_live` says whether the screen is
still there; keys and worker results (:meth:`PainPalScreen.call_from_worker`)
reach only a live screen, and only the top screen can dismiss itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events
from textual.actions import parse
from textual.app import App, ScreenStackError, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from painpal.tui.markup import escape

if TYPE_CHECKING:
    from ..app import PainPalApp

ResultT = TypeVar("ResultT")


def undoable(markup: str) -> str:
    """A confirmation of something ``u`` can take back, saying so: "Saved: pain 7 at 10:05 · u undo"."""
    return f"{markup.rstrip('.')} · [b]u[/] undo"


PaletteText = Callable[[Binding], tuple[str, str] | None]
"""A binding's palette words: (title, what it does), or None to leave it out of the palette."""


def settings_problem_markup(message: str) -> str:
    """A stored-setting problem (:mod:`painpal.settings`' one sentence) as every screen shows it."""
    return f"[b $text-warning]Settings (defaults in use):[/] {escape(message)}"


def not_saved_markup(reason: object, what: str = "Not saved") -> str:
    """A refused write as every screen shows it: ``what`` in the error colour, then the store's sentence, escaped.

    The sentence names a path or quotes stored text, so it is never markup.
    """
    return f"[b $text-error]{what}:[/] {escape(reason)}"


def unreadable_markup(reason: object) -> str:
    """A read that failed (a file cut short, a record that fails validation), as every screen shows it."""
    return not_saved_markup(reason, "Could not read your data")


def action_of(binding: Binding) -> tuple[str, tuple[object, ...]]:
    """The name and the arguments of the binding's action: ``"checkin(3)"`` is ``("checkin", (3,))``."""
    _, name, arguments = parse(binding.action)
    return name, arguments


def binding_palette_text(binding: Binding) -> tuple[str, str] | None:
    """The palette words a binding has by itself: its description and tooltip.

    One key of a range (shown in the footer as one "0-9" entry) is named by
    its own tooltip, or else by the range's description and its key.
    """
    if binding.key_display:
        if binding.tooltip:
            return binding.tooltip, ""
        return f"{binding.description} {binding.key}", ""
    return binding.description or binding.action, binding.tooltip


def binding_commands(
    node: App[Any] | Screen[Any],
    bindings: Iterable[BindingType],
    *,
    group: str = "",
    text: PaletteText = binding_palette_text,
) -> Iterator[SystemCommand]:
    """One palette entry per action bound in ``bindings`` that ``node`` allows now, running it on ``node``.

    ``group`` prefixes every title ("Care: ..."); ``text`` gives each binding's words.
    """
    app = node if isinstance(node, App) else node.app
    keys: dict[str, list[Binding]] = {}
    for binding in Binding.make_bindings(bindings):  # "n,right" becomes one binding per key
        keys.setdefault(binding.action, []).append(binding)
    for action, same in keys.items():
        namespace, name, arguments = parse(action)
        if not namespace and not node.check_action(name, arguments):
            continue  # switched off here and now; an action on another node is checked when it runs
        words = text(same[0])
        if words is None:
            continue
        title, what = words
        shown = ", ".join(app.get_key_display(replace(b, key_display=None)) for b in same)
        where = f"{'keys' if len(same) > 1 else 'key'} {shown}"
        help_text = f"{what} — {where}" if what else where[0].upper() + where[1:]
        title = f"{group}: {title}" if group else title
        yield SystemCommand(title, escape(help_text), partial(node.run_action, action))


class PainPalScreen(Screen[ResultT]):
    """A painpal screen: ``self.painpal`` is the typed app, and the palette offers every key's action.

    Subclasses name their palette group on the class line, e.g.
    ``class CareScreen(PainPalScreen[None], palette="Care")`` gives "Care: Person".
    """

    BINDINGS: ClassVar[list[BindingType]] = []

    PALETTE_GROUP: ClassVar[str] = ""
    """What every palette title of this screen starts with ("" for none)."""

    def __init_subclass__(cls, palette: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if palette is not None:
            cls.PALETTE_GROUP = palette

    @property
    def painpal(self) -> PainPalApp:
        """The running app, typed: the store, the clock and the notification helpers live there."""
        return cast("PainPalApp", self.app)

    # ------------------------------------------------------- after it has gone

    @property
    def is_live(self) -> bool:
        """On the app's screen stack, and the app not closing: the screen's widgets are there to update.

        ``is_attached`` turns False as soon as the app is asked to exit, and
        ``is_running`` when it starts taking its screens down.
        """
        return self.is_attached and self.app.is_running and self in self.app.screen_stack

    @property
    def is_top(self) -> bool:
        """The screen the person sees and types into (nothing pushed over it)."""
        try:
            return self.is_attached and self.app.screen is self
        except ScreenStackError:  # the app has taken its screens down
            return False

    async def on_event(self, event: events.Event) -> None:
        """Drop a key that reaches a screen that has gone: it was typed for this screen, not the one now on top."""
        if isinstance(event, events.Key) and not self.is_live:
            return
        await super().on_event(event)

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close this screen with ``result``, if it is the top one; otherwise do nothing.

        Textual pops whatever screen is on top: a second dismiss (a queued
        key, a late worker) would close the screen beneath, Today included.
        """
        if not self.is_top:
            return AwaitComplete()  # already complete: nothing to wait for
        return super().dismiss(result)

    def call_from_worker(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """From a worker thread: run ``callback(*args, **kwargs)`` on the UI thread, if this screen is live then.

        What a worker would show on a screen that has gone has nowhere to go,
        so it is dropped; a write that must be reported anyway tells the app
        (see the Review screen).
        """

        def on_ui_thread() -> None:
            if self.is_live:
                callback(*args, **kwargs)

        if not self.is_live:
            return
        try:
            self.app.call_from_thread(on_ui_thread)
        except RuntimeError:  # the app stopped between the check and the call
            return

    def show_key_hint(self, binding: Binding, hint: str) -> None:
        """A click on a footer key that records data: say which key to press (a toast); nothing is recorded."""
        self.app.notify(escape(hint), timeout=5)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """This screen's entries in the command palette: one per key's action, then the extras."""
        yield from binding_commands(self, type(self).BINDINGS, group=self.PALETTE_GROUP, text=self.palette_text)
        yield from self.extra_palette_commands()

    def palette_text(self, binding: Binding) -> tuple[str, str] | None:
        """A binding's palette words, (title, what it does), or None to leave it out.

        By default its description and tooltip; override for words that
        depend on what the screen shows (and call this for the rest).
        """
        return binding_palette_text(binding)

    def extra_palette_commands(self) -> Iterable[SystemCommand]:
        """Palette entries for things that have no key of their own (none by default)."""
        return ()


class PainPalModal(ModalScreen[ResultT], PainPalScreen[ResultT]):
    """A painpal modal: a :class:`PainPalScreen` that dims what is beneath it.

    ``ModalScreen`` comes first: Textual takes a screen's default CSS from
    its first base, and that is where the dimming lives.
    """

    def on_mount(self) -> None:
        """Give the modal a footer of its own, unless it composed one.

        Without it the footer of the screen beneath shows through, listing
        that screen's keys (Today's "v Review" under the check-in detail),
        which do nothing here. Textual runs this beside a subclass's own
        ``on_mount``.
        """
        from textual.widgets import Footer

        from ..widgets.footer import LeanFooter

        if self.is_live and not self.query(Footer):
            self.mount(LeanFooter(compact=True))
