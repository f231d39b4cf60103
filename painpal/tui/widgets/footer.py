"""The footer: a click on a key that records data records nothing, and a Footer that does not leak watchers.

**Clicks.** Textual's footer is clickable: a click on a key "presses" it
(``FooterKey`` calls ``App.simulate_key``). For most keys that is welcome
(Plan, Review, Help, Quit open or close something), but a footer entry reads
as a legend too: a click on "0-9 x Pain" pressed "0" and stored pain 0 that
nobody felt. So a key that records data at one press (the ids in
:data:`RECORDS_DATA`) is never pressed by a click; the click says which key to
press instead (:func:`click_hint`). The app's ``simulate_key`` asks
:func:`recording_binding` before pressing anything, on every screen, with this
footer or Textual's own.

**Watchers.** Textual leaks a watcher each time the footer's keys change
(Textualize/textual#6666); the workaround lives in
:func:`painpal.tui.compat.prune_closed_watchers`, with the other Textual
workarounds, and :class:`LeanFooter` runs it after each rebuild.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from .. import compat
from .pain_scale import TEN_KEY

_SCALE = f"a number, 0-9 or {TEN_KEY} for 10,"

RECORDS_DATA: dict[str, str] = {
    "pain-": f"Press {_SCALE} to record your pain",
    "routine-pain-": f"Press {_SCALE} to rate your pain",
    "review-answer-": "Press the number of your answer",
    "relief-choose-": "Press the number of what you used",
    "moved": "Press {keys} when you have moved",
    "away": "Press {keys} as you step away, and again when you are back",
    "snooze": "Press {keys} to snooze the standing reset",
    "skip": "Press {keys} to skip the suggestion",
}
"""Binding ids of keys that record data at one press, and how to record it: the words a click on one shows.

An id ending in "-" stands for a range of keys (``pain-0`` to ``pain-10``);
``{keys}`` becomes the key as the footer shows it. A key that opens a screen
or submits a form the person filled in is not listed: a click on it is as
deliberate as a click on a button.
"""


def _entry(binding: Binding) -> str | None:
    """The :data:`RECORDS_DATA` entry that covers ``binding``, or None."""
    bid = binding.id or ""
    for name in RECORDS_DATA:
        if bid == name or (name.endswith("-") and bid.startswith(name) and bid[len(name) :].isdigit()):
            return name
    return None


def records_data(binding: Binding) -> bool:
    """Whether one press of this binding's key stores something."""
    return _entry(binding) is not None


def recording_binding(screen: Screen[Any], key: str) -> Binding | None:
    """The binding a press of ``key`` would run on ``screen``, if it records data; None otherwise."""
    active = screen.active_bindings.get(key)
    if active is None or not records_data(active.binding):
        return None
    return active.binding


def click_hint(app: App[Any], binding: Binding) -> str:
    """What a click on a recording footer key says: the key to press, and that nothing was recorded."""
    entry = _entry(binding)
    how = RECORDS_DATA[entry] if entry else "Press {keys}"
    return how.format(keys=app.get_key_display(binding)) + "; a click on the footer records nothing."


PALETTE_COLUMNS = 100
"""Narrower than this, the footer leaves out "^p palette" (ctrl+p still opens it; Help lists it) for the keys."""
KEPT_LAST = ("help", "quit")
"""Actions (by their last word) the footer keeps at its end however narrow the pane: where to learn, how to leave."""


def _cells(widget: Widget) -> int:
    """The cells a footer entry takes in the row, its margins included."""
    margin = widget.styles.margin
    return widget.outer_size.width + margin.left + margin.right


class LeanFooter(Footer):
    """Footer that shows whole keys at any width, and prunes watchers of removed keys after every rebuild.

    Textual's footer lays keys in one row and cuts the row where the pane
    ends ("v Rev", "q Q▏^p palette"). This one leaves out, whole, the keys
    that do not fit, from the end of the row but before Help and Quit, and
    drops the palette entry in narrow panes: every key shown can be read.
    """

    async def recompose(self) -> None:
        self.show_command_palette = self.app.size.width >= PALETTE_COLUMNS
        await super().recompose()
        compat.prune_closed_watchers(self)
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        if self.show_command_palette != (self.app.size.width >= PALETTE_COLUMNS):
            self.call_after_refresh(self.recompose)
            return
        for child in self.children:
            child.display = True
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Hide whole keys (a group with its label is one) until the row fits the footer's width."""
        units: list[list[Widget]] = []
        for child in self.children:
            if isinstance(child, FooterLabel) and units:
                units[-1].append(child)
            else:
                units.append([child])
        room = self.size.width
        if not room or not units:
            return
        palette = [u for u in units if u[0].has_class("-command-palette")]
        keys = [u for u in units if u not in palette]
        kept = [u for u in keys if isinstance(u[0], FooterKey) and u[0].action.rsplit(".", 1)[-1] in KEPT_LAST]
        width = sum(_cells(w) for u in units for w in u if w.display)
        droppable = [u for u in keys if u not in kept][1:]  # the first (the pain scale on Today) always stays
        while width > room and droppable:
            unit = droppable.pop()
            width -= sum(_cells(w) for w in unit if w.display)
            for w in unit:
                w.display = False

    def watcher_count(self) -> int:
        """How many outside watchers this footer holds (for tests)."""
        return compat.watcher_count(self)
