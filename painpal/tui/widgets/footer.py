"""A Footer that does not leak a watcher each time the keys change (Textualize/textual#6666).

The workaround itself lives in :func:`painpal.tui.compat.prune_closed_watchers`,
with the other Textual workarounds; this widget only runs it after each rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer

from .. import compat


class LeanFooter(Footer):
    """Footer that prunes watchers of removed keys after every rebuild."""

    async def recompose(self) -> None:
        await super().recompose()
        compat.prune_closed_watchers(self)

    def watcher_count(self) -> int:
        """How many outside watchers this footer holds (for tests)."""
        return compat.watcher_count(self)
