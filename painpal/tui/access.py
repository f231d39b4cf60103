"""Typed access from a screen to the running painpal app (its store, clock and toasts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .app import PainPalApp


class PainPalAccess:
    """Mixin for painpal's screens: ``self.painpal`` is ``self.app``, typed as :class:`PainPalApp`.

    Textual types ``self.app`` as a plain ``App``; one typed property here
    saves every screen its own copy of the cast.
    """

    @property
    def painpal(self) -> PainPalApp:
        """The running app: the store, the clock and the notification helpers live there."""
        return cast("PainPalApp", self.app)  # type: ignore[attr-defined]  # ``app`` comes from Textual's MessagePump
