"""Workarounds for memory Textual keeps after widgets are gone, for an app open all day.

``StylesCache.get_inner_outer`` (textual 8.2) is an ``lru_cache`` on an
instance method: its 1024 entries keep the style caches, and their rendered
lines, of widgets long removed. Every modal over Today (a check-in's detail
step, the routine player) and every footer rebuild makes new widgets, so a
day of use grew the process by ~6 MB a day (measured with
``benchmarks/bench_tui.py --only memory --sim-days 3``). Clearing that cache
costs one recomputation of a colour pair per widget on the next paint.
"""

from __future__ import annotations


def release_dead_widget_caches() -> None:
    """Drop Textual's per-instance style cache entries (a pure cache: safe to clear at any time)."""
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # a Textual without this module has no such cache to clear
        return
    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if clear is not None:
        clear()
