"""Pain over time as one inline SVG: what a clinician takes in before reading a word.

Each logged day is a vertical bar from its lowest to its highest check-in,
with a dot at its mean; flare days are marked above the scale; below it, a
band shows each week's minutes of strategic activity (walks, exercise,
strategic routines), so a change in what the person does can be seen beside
a change in pain. The scale is the fixed 0-10 NRS, never stretched to the
data, so two reports look alike when the pain is alike.

Pure SVG with text labels (no script, no external font or image), so the
page stays self-contained and prints the same in any browser; the labels are
real text, so a PDF of the page can be searched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from painpal.report.data import DayRow

WIDTH = 680
"""The drawing's width in SVG units; it scales to the page's width."""
PLOT_LEFT = 34
PLOT_RIGHT = 8
PLOT_TOP = 18
PLOT_HEIGHT = 110
BAND_GAP = 16
BAND_HEIGHT = 26
HEIGHT = PLOT_TOP + PLOT_HEIGHT + BAND_GAP + BAND_HEIGHT + 18
"""Room for the flare marks above, the 0-10 scale, the weekly band and the date labels below."""


def _y(pain: float) -> float:
    return PLOT_TOP + PLOT_HEIGHT * (1 - pain / 10)


def pain_chart_svg(rows: Sequence[DayRow]) -> str:
    """The chart for the daily rows of a report (oldest first); a note instead when nothing was logged."""
    if not any(r.count for r in rows):
        return '<p class="evidence">No check-ins in this period, so no chart.</p>'
    n = len(rows)
    inner = WIDTH - PLOT_LEFT - PLOT_RIGHT
    step = inner / max(n, 1)
    bar = max(1.0, min(6.0, step * 0.55))

    def x(k: int) -> float:
        return PLOT_LEFT + step * (k + 0.5)

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Daily pain, 0 to 10">']
    add = out.append
    for level in (0, 5, 10):
        y = _y(level)
        add(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{WIDTH - PLOT_RIGHT}" y2="{y:.1f}" class="grid"/>')
        add(f'<text x="{PLOT_LEFT - 6}" y="{y + 3.5:.1f}" class="axis" text-anchor="end">{level}</text>')
    add(f'<text x="2" y="{PLOT_TOP - 6}" class="axis">pain</text>')
    means: list[tuple[float, float]] = []
    for k, r in enumerate(rows):
        if r.low is None or r.peak is None or r.mean is None:
            continue
        top, bottom = _y(r.peak), _y(r.low)
        add(
            f'<rect x="{x(k) - bar / 2:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{max(1.5, bottom - top):.1f}" '
            'class="range"/>'
        )
        means.append((x(k), _y(r.mean)))
        if r.flare:
            add(f'<text x="{x(k):.1f}" y="{PLOT_TOP - 5}" class="flare" text-anchor="middle">▼</text>')
    if len(means) > 1:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in means)
        add(f'<polyline points="{points}" class="mean"/>')
    for px, py in means:
        add(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{min(2.2, bar / 2 + 0.4):.1f}" class="dot"/>')

    # The weekly band: minutes of strategic activity, one bar per week of the period.
    band_top = PLOT_TOP + PLOT_HEIGHT + BAND_GAP
    weeks = [rows[k : k + 7] for k in range(0, n, 7)]
    totals = [sum(r.activity_minutes for r in week) for week in weeks]
    most = max(totals) if totals else 0.0
    add(f'<text x="2" y="{band_top + 9}" class="axis">active</text>')
    for w, (week, total) in enumerate(zip(weeks, totals, strict=True)):
        left = PLOT_LEFT + step * 7 * w + 1
        width = step * len(week) - 2
        height = BAND_HEIGHT * (total / most) if most else 0.0
        add(
            f'<rect x="{left:.1f}" y="{band_top + BAND_HEIGHT - height:.1f}" width="{max(0.5, width):.1f}" '
            f'height="{height:.1f}" class="active"/>'
        )
        if width >= 34 and total:
            add(
                f'<text x="{left + width / 2:.1f}" y="{band_top + BAND_HEIGHT - height - 2:.1f}" class="axis" '
                f'text-anchor="middle">{total:.0f} min</text>'
            )

    # Date labels: the first day, the last, and the first of each month (or week) between them.
    labelled = _label_days(rows)
    for k in labelled:
        add(f'<text x="{x(k):.1f}" y="{HEIGHT - 3}" class="axis" text-anchor="middle">{rows[k].day:%-d %b}</text>')
    add("</svg>")
    return "".join(out)


def _label_days(rows: Sequence[DayRow]) -> list[int]:
    """Indexes of the days to name under the chart: far enough apart that the labels never overlap."""
    n = len(rows)
    if n <= 10:
        return list(range(n))
    every = 7 if n <= 45 else 14
    first = rows[0].day
    picks = [k for k in range(n) if (rows[k].day - first) % timedelta(days=every) == timedelta(0)]
    if n - 1 - picks[-1] >= every // 2:
        picks.append(n - 1)
    return picks
