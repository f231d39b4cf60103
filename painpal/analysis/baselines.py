"""How far back a person's *usual* pain and activity are measured: the baseline windows.

Flares (:mod:`painpal.analysis.flares`) and pacing
(:mod:`painpal.analysis.pacing`) judge a day against the days before it, and
:class:`painpal.history.History` sizes what it reads from the store by the
same windows. They are plain numbers in a module of their own so that loading
a history never has to import the analyses.
"""

from __future__ import annotations

PACING_BASELINE_DAYS = 14
"""Pacing baseline: the median activity of the previous 14 painpal days (Murphy & Kratz 2014)."""
MIN_BASELINE_DAYS = 7
"""Fewest logged days among those 14 before a baseline (activity or pain) is used at all."""
FLARE_BASELINE_DAYS = 28
"""A day's pain is compared with the median daily mean of the previous 28 painpal days."""
PERIOD_BASELINE_DAYS = FLARE_BASELINE_DAYS + PACING_BASELINE_DAYS + 1
"""Days before a period that its figures read, so the flare and pacing baselines of its first days are complete."""
