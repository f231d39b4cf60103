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
from textual.widgets import Footer

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


class LeanFooter(Footer):
    """Footer that prunes watchers of removed keys after every rebuild."""

    async def recompose(self) -> None:
        await super().recompose()
        compat.prune_closed_watchers(self)

    def watcher_count(self) -> int:
        """How many outside watchers this footer holds (for tests)."""
        return compat.watcher_count(self)
