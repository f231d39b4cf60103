"""Where colour says something, a glyph or a word says it too: under NO_COLOR, in greyscale, to colour-blind eyes.

The pain numbers carry their own meaning (the colour repeats the number);
these tests cover the places where, before, colour alone told two things apart.
"""

from __future__ import annotations

import re
from datetime import timedelta

from painpal.analysis.stats import Stat
from painpal.domain.sitting import Sitting
from painpal.tui.screens.insights import HEAT_LEVELS, heat_cell
from painpal.tui.screens.review import balance_parts
from painpal.tui.widgets.sitting import render_sitting

from .tui_helpers import MONDAY_1005

MARKUP = re.compile(r"\[[^\]]*\]")


def plain(markup: str) -> str:
    """What is left when every colour and style is taken away (as NO_COLOR does)."""
    return MARKUP.sub("", markup)


def test_every_heatmap_band_has_a_glyph_of_its_own() -> None:
    """The old map drew "5.5-7" and "7+" with the same block, told apart only by orange and red."""
    means = [0.5, 3.0, 5.0, 6.0, 8.5]
    cells = [plain(heat_cell(Stat(mean, 3), 1)) for mean in means]
    assert cells == [block for _, block, _, _ in HEAT_LEVELS]
    assert len(set(cells)) == len(HEAT_LEVELS)
    assert plain(heat_cell(Stat(None, 0), 1)) not in cells


def test_the_balance_bar_tells_soothing_from_strategic_without_colour() -> None:
    figures_soothing, figures_strategic, bar = (plain(part) for part in balance_parts(30, 10, width=8))
    soothing_glyph, strategic_glyph = figures_soothing[0], figures_strategic[0]
    assert soothing_glyph != strategic_glyph
    assert bar == soothing_glyph * 6 + strategic_glyph * 2


def test_a_sitting_stretch_near_its_limit_says_so_in_words() -> None:
    """The bar turns orange near the limit; the line under it says "soon" as well."""
    now = MONDAY_1005
    since = now - timedelta(minutes=40)

    def seated(minutes: int) -> str:
        state = Sitting(True, since, minutes, 45, since + timedelta(minutes=45))
        return plain(render_sitting(state, now, away_since=None))

    assert "soon" not in seated(20).lower()
    assert "Stand soon, at" in seated(40)
