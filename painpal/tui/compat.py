"""Every workaround painpal needs for Textual, in one place, each tied to the Textual it was measured on.

painpal stays open all day, so memory that Textual keeps after widgets are
gone adds up. Each workaround below reaches into Textual's private
internals; each therefore

* applies only on the Textual versions it was measured on
  (:data:`MEASURED_ON`, the line pyproject pins: ``textual>=8.2,<8.3``);
* does nothing, rather than crash, when the internals it touches are missing;
* is guarded by ``tests/test_tui_compat.py``, which fails on an upgrade until
  the internals are checked and the leaks re-measured
  (``benchmarks/bench_tui.py --only memory --sim-days 3``).

When upstream fixes one, delete its function here together with its callers
(named in each docstring).
"""

from __future__ import annotations

from pathlib import Path

import textual

MEASURED_ON = ("8.2",)
"""Textual minor versions the workarounds were measured on."""


def _installed_textual() -> str:
    """The installed Textual's version, from the ``Version:`` line of its package metadata.

    Read from the dist-info folder beside the package: ``importlib.metadata``
    would cost ~12 ms of imports on the way to the first frame. Other layouts
    fall back to it.
    """
    site = Path(textual.__file__).resolve().parent.parent
    for info in site.glob("textual-*.dist-info"):
        try:
            for line in (info / "METADATA").read_text(encoding="utf-8").splitlines():
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
                if not line:
                    break
        except OSError:
            continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("textual")
    except PackageNotFoundError:  # not installed as a distribution: treat as unknown
        return ""


TEXTUAL_VERSION = _installed_textual()
"""The installed Textual, as its package metadata says."""

APPLIES = ".".join(TEXTUAL_VERSION.split(".")[:2]) in MEASURED_ON
"""Whether the installed Textual is one the workarounds were measured on; on any other they stand aside."""

WATCHERS = "__watchers"
"""The (unmangled) attribute where Textual's reactive keeps the watchers other nodes put on an object."""


# ---------------------------------------------------------------- style caches


def release_dead_widget_caches() -> None:
    """Drop the entries Textual's ``StylesCache.get_inner_outer`` cache keeps for removed widgets.

    ``StylesCache.get_inner_outer`` (textual 8.2) is an ``lru_cache`` on an
    instance method: its 1024 entries are keyed by the ``StylesCache`` of each
    widget, so they keep those caches, and their rendered lines, alive long
    after the widgets are removed. Every modal over Today (a check-in's
    detail step, the routine player) and every footer rebuild makes new
    widgets, so a day of use grew the process by ~6 MB a day; clearing the
    cache when a modal closes keeps it flat (+0.3 MB over two days). It is a
    pure cache: clearing it costs one recomputation of a colour pair per
    widget on the next paint.

    Upstream: https://github.com/Textualize/textual/issues/6665 ("Memory leak
    -- StylesCache.get_inner_outer retains whole StylesCache objects via
    lru_cache"), open when this was written.

    Remove when Textual no longer keys that cache by instance: delete this
    function and its call in ``TodayScreen.on_screen_resume``.
    """
    if not APPLIES:
        return
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # a Textual without this module has no such cache to clear
        return
    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if callable(clear):
        clear()


# ------------------------------------------------------------ footer watchers


def prune_closed_watchers(node: object) -> None:
    """Forget the watchers that removed widgets left on ``node`` (Textualize/textual#6666).

    https://github.com/Textualize/textual/issues/6666 -- Textual's Footer
    rebuilds its keys whenever the bindings change (every modal opening or
    closing over Today), and each FooterKey is data-bound to the Footer's
    ``compact`` reactive. The binding's watcher stays on the Footer after the
    key is removed, and Textual only drops dead watchers when ``compact``
    changes, which it never does here: measured, ~0.2 MB a check-in.
    ``LeanFooter`` calls this after every rebuild.

    Remove when upstream drops the watchers of removed keys: delete this
    function and :func:`watcher_count`, and use Textual's ``Footer`` in place
    of ``painpal.tui.widgets.footer.LeanFooter``.
    """
    if not APPLIES:
        return
    watchers = getattr(node, WATCHERS, None)
    if not isinstance(watchers, dict):
        return
    for name, entries in watchers.items():
        watchers[name] = [
            (watcher, callback)
            for watcher, callback in entries
            if not getattr(watcher, "_closing", False) and not getattr(watcher, "_closed", False)
        ]


def watcher_count(node: object) -> int:
    """How many watchers other nodes hold on ``node`` (what :func:`prune_closed_watchers` keeps in check)."""
    watchers = getattr(node, WATCHERS, None)
    if not isinstance(watchers, dict):
        return 0
    return sum(len(entries) for entries in watchers.values())
