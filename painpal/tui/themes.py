"""painpal's two themes, dark and light: Textual's own, with every text colour readable on every painpal background.

Textual's ``textual-light`` draws orange and green text at 1.5-3.8:1 on its
light grey, and ``textual-dark`` its red at 2.5-3.4:1: too faint for tired
eyes at the end of a day in pain. These themes keep Textual's hues and
layout colours and change only what text needs, so that every pair painpal
draws reaches WCAG AA (4.5:1); ``tests/test_tui_contrast.py`` measures each
pair from the colours Textual resolves, and checks that painpal draws text
only in colours it measures.

The rule the styles follow, so the test can hold: text and glyphs are drawn
in ``$foreground``, ``$text``, ``$text-muted`` or a ``$text-*`` colour
(``$text-success``, ``$text-warning``, ``$text-error``, ``$text-accent``,
``$text-primary``); the plain ``$success``, ``$warning``, ``$error``,
``$accent`` and ``$primary`` are for borders and tinted backgrounds only.
"""

from __future__ import annotations

from textual.theme import Theme

from painpal.settings import DARK_THEME, LIGHT_THEME

DARK = Theme(
    name=DARK_THEME,
    primary="#0178D4",
    secondary="#004578",
    accent="#FFA62B",
    warning="#FFA62B",
    error="#BA3C5B",
    success="#4EBF71",
    foreground="#E0E0E0",
    dark=True,
    variables={
        # Textual's derived red is a pale pink (4.6:1 on the panel): the heatmap's 7+ looked milder than its
        # orange 5.5-7. A clear red of the same lightness keeps the order of the colours and 5:1 on the panel.
        "text-error": "#FF6B81",
    },
)
"""Textual's dark theme, with a clearer red for error text."""

LIGHT = Theme(
    name=LIGHT_THEME,
    primary="#004578",
    secondary="#0178D4",
    accent="#C86A00",
    warning="#C86A00",
    error="#B3213F",
    success="#2E8B4A",
    foreground="#0A0A0A",
    background="#ECECEC",
    surface="#E4E4E4",
    panel="#DCDCDC",
    dark=False,
    variables={
        "text-warning": "#8A4700",
        "text-accent": "#8A4700",
        "text-success": "#1B6332",
        "text-error": "#9A1B36",
        "footer-key-foreground": "#005A9E",
    },
)
"""Textual's light theme, with a lighter grey, near-black text and darker orange, green and red for text."""

THEMES = (DARK, LIGHT)
"""The themes the app registers, one for each name in :data:`painpal.settings.THEMES`."""

TEXT_COLOURS = (
    "foreground",
    "text",
    "text-muted",
    "text-primary",
    "text-accent",
    "text-warning",
    "text-success",
    "text-error",
)
"""The theme variables painpal draws text and glyphs in: each is readable on every painpal background."""
