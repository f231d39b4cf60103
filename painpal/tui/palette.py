"""The command palette's source of commands: painpal's entries, in the order a person reads them.

Textual's own provider sorts its list by plain string order, so "Record pain
10 now" came before "Record pain 2 now". Here numbers inside a title sort
by value, so the pain scale reads 0, 1, 2, ... 10 and minute presets 5, 10,
15. A search keeps Textual's ranking by match score; among equal scores the
same order holds.
"""

from __future__ import annotations

import re

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits
from textual.system_commands import SystemCommandsProvider

_NUMBER = re.compile(r"(\d+)")


def reading_order(title: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that compares the numbers inside ``title`` as numbers and the rest as case-folded text."""
    return tuple((1, int(part)) if part.isdigit() else (0, part.casefold()) for part in _NUMBER.split(title))


class PainPalCommands(SystemCommandsProvider):
    """Every action of the app and of the current screen (:meth:`PainPalApp.get_system_commands`), in reading order."""

    def _commands(self) -> list[SystemCommand]:
        return sorted(self.app.get_system_commands(self.screen), key=lambda command: reading_order(command.title))

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            if (score := matcher.match(command.title)) > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)
