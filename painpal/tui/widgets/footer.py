"""A Footer that does not leak a watcher each time the keys change.

Textual's Footer rebuilds its keys whenever the bindings change (every modal
opening or closing over Today), and each FooterKey is bound to the Footer's
``compact`` reactive. The binding's watcher stays on the Footer after the key
is removed, and Textual only drops dead watchers when ``compact`` changes,
which it never does here: measured, ~0.2 MB a check-in, for an app open all
day (upstream: Textualize/textual#6666). After each rebuild we drop the
watchers of keys that are gone. This touches Textual's private watcher list,
so a test counts the watchers; remove this class when upstream fixes it.
"""

from __future__ import annotations

from textual.widgets import Footer


class LeanFooter(Footer):
    """Footer that prunes watchers of removed keys after every rebuild."""

    async def recompose(self) -> None:
        await super().recompose()
        self.prune_watchers()

    def prune_watchers(self) -> None:
        """Forget watchers whose widget has been removed (closed or closing)."""
        watchers = getattr(self, "__watchers", None)
        if not watchers:
            return
        for name, entries in watchers.items():
            watchers[name] = [(node, callback) for node, callback in entries if not node._closing and not node._closed]

    def watcher_count(self) -> int:
        """How many outside watchers this footer holds (for tests)."""
        return sum(len(entries) for entries in getattr(self, "__watchers", {}).values())
