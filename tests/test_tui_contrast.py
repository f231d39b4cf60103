"""Every text colour painpal draws is readable on every background it draws on, in both themes.

Readable means WCAG AA: a contrast ratio of at least 4.5:1, from WCAG's
relative luminance of the colours Textual resolves for the theme (its
``ColorSystem.generate()`` with the theme's own ``variables`` on top, as
``App.get_css_variables`` does). A colour with transparency ("$error 10%",
"auto 60%") is blended over what lies under it first, as Textual paints it.
The colours measured are read from painpal's own styles (``painpal.tcss``,
each ``DEFAULT_CSS``) and content markup, so a new ``[$text-warning]`` or
``background: $accent 20%`` is measured without anyone remembering to add
it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import product
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

import painpal.tui
from painpal.tui import themes

AA = 4.5
"""WCAG 2 level AA for normal-size text."""
DIM_SHARE = 0.6
"""How much of its colour dim text keeps over its background: Rich's SVG export (the snapshots and screenshots)
keeps 60%, Textual's own dim filter 66%; the stricter of the two."""
TUI = Path(painpal.tui.__file__).parent
CSS_BLOCK = re.compile(r'"""(.*?)"""', re.S)
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+)")
VARIABLE = re.compile(r"\$([a-z][a-z0-9-]*)")
TEXT_PROPERTIES = {"color", "border-title-color", "border-subtitle-color"}
FOOTER_TEXT = ("footer-key-foreground", "footer-description-foreground", "footer-foreground")
"""Textual's footer draws these on ``$footer-background`` on every screen."""


def theme_variables(theme: Theme) -> dict[str, str]:
    """The CSS variables of ``theme`` as a running app sees them: generated, then the theme's own on top."""
    app: App[None] = App()
    app.register_theme(theme)
    app.theme = theme.name
    return app.get_css_variables()


def luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, variables: dict[str, str], under: Color) -> Color:
    """A CSS colour value ("$error 10%", "#E0E0E0", "auto 60%") as painted over ``under``."""
    name, _, alpha = value.strip().partition(" ")
    if name.startswith("$"):
        return resolve(f"{variables[name[1:]]} {alpha}".strip(), variables, under)
    share = float(alpha.rstrip("%")) / 100 if alpha else 1.0
    colour = under.get_contrast_text(1.0) if name == "auto" else Color.parse(name)
    return under + colour.multiply_alpha(share)


def styles() -> Iterator[tuple[str, str]]:
    """Every CSS declaration painpal writes that names a theme variable: (property, value)."""
    for path in sorted(TUI.rglob("*.tcss")):
        yield from _declarations(path.read_text(encoding="utf-8"))
    for path in sorted(TUI.rglob("*.py")):
        for block in CSS_BLOCK.findall(path.read_text(encoding="utf-8")):
            if "{" in block and ";" in block:
                yield from _declarations(block)


def _declarations(css: str) -> Iterator[tuple[str, str]]:
    for prop, value in DECLARATION.findall(css):
        if "$" in value:
            yield prop, value.strip()


def markup_colours() -> set[str]:
    """The theme variables named in content markup ("[b $error]…[/]") and the colour tables that feed it."""
    names: set[str] = set()
    for path in sorted(TUI.rglob("*.py")):
        if path == Path(themes.__file__):
            continue  # where the colours are defined, and the rule above written down: nothing is drawn there
        code = CSS_BLOCK.sub(lambda m: "" if "{" in m[1] and ";" in m[1] else m[0], path.read_text(encoding="utf-8"))
        names |= set(VARIABLE.findall(code))
    return names


def text_colours(variables: dict[str, str]) -> set[str]:
    """Every variable painpal draws text or glyphs in (names Textual does not define are prose, not colours)."""
    css = {VARIABLE.findall(value)[0] for prop, value in styles() if prop in TEXT_PROPERTIES}
    return {name for name in css | markup_colours() if name in variables}


def backgrounds(variables: dict[str, str]) -> dict[str, Color]:
    """Every background painpal paints text on, blended over the screen's, by its CSS value."""
    screen = Color.parse(variables["background"])
    values = {value for prop, value in styles() if prop == "background"} | {"$background", "$footer-background"}
    return {value: resolve(value, variables, screen) for value in values}


def pairs(theme: Theme) -> Iterator[tuple[str, str, float]]:
    """(text, background, ratio) for every text colour of painpal's styles on every background of them."""
    variables = theme_variables(theme)
    texts = [f"${name}" for name in sorted(text_colours(variables) | set(FOOTER_TEXT) | {"foreground"})]
    for (where, under), text in product(sorted(backgrounds(variables).items()), texts):
        colour = resolve(text, variables, under)
        yield text, where, contrast(colour, under)
        if text == "$foreground":  # [dim] text: the foreground faded towards the background
            yield "dim $foreground", where, contrast(under.blend(colour, DIM_SHARE), under)


def lowest(theme: Theme) -> tuple[str, str, float]:
    return min(pairs(theme), key=lambda pair: pair[2])


@pytest.mark.parametrize("theme", themes.THEMES, ids=lambda t: t.name)
def test_every_text_colour_reaches_aa_on_every_background(theme: Theme) -> None:
    faint = [f"{text} on {where}: {ratio:.2f}" for text, where, ratio in pairs(theme) if ratio < AA]
    assert not faint, f"{theme.name}: below {AA}:1: " + "; ".join(faint)


def test_text_is_drawn_only_in_colours_meant_for_text() -> None:
    """``$warning`` is a border and tint colour; text in it is the faint orange this file was written against."""
    variables = theme_variables(themes.DARK)
    assert text_colours(variables) <= set(themes.TEXT_COLOURS)


def test_the_measure_finds_textual_light_too_faint() -> None:
    """The check can fail: Textual's own light theme, which painpal used before, is below AA."""
    text, where, ratio = lowest(BUILTIN_THEMES["textual-light"])
    assert ratio < AA, (text, where, ratio)


def test_the_measure_reads_painpal_styles() -> None:
    """The scan finds what painpal's styles are known to hold, so an empty scan cannot pass for a clean one."""
    variables = theme_variables(themes.LIGHT)
    assert {"text-muted", "text-error", "text-success"} <= text_colours(variables)
    assert {"$panel", "$surface", "$error 10%"} <= set(backgrounds(variables))


if __name__ == "__main__":  # the lowest pair of each theme, for a commit message or a review
    for measured in (*themes.THEMES, BUILTIN_THEMES["textual-dark"], BUILTIN_THEMES["textual-light"]):
        print(measured.name, *lowest(measured))
