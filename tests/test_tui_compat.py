"""The Textual workarounds (painpal/tui/compat.py): on the measured Textual they work, elsewhere they stand aside.

An upgrade of Textual must fail here, loudly, rather than leak quietly: the
first two tests name the version and the private internals the workarounds
rely on.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Footer

from painpal.tui import compat
from painpal.tui.widgets.footer import LeanFooter


class FooterApp(App[None]):
    BINDINGS = [Binding("a", "bell", "Ring"), Binding("b", "bell", "Ring again")]

    def compose(self) -> ComposeResult:
        yield LeanFooter(compact=True)


def test_the_installed_textual_is_one_the_workarounds_were_measured_on() -> None:
    assert compat.APPLIES, (
        f"Textual {compat.TEXTUAL_VERSION} is not in compat.MEASURED_ON {compat.MEASURED_ON}: check the internals "
        "below, re-measure with benchmarks/bench_tui.py --only memory --sim-days 3, then extend MEASURED_ON "
        "or delete the workarounds upstream has fixed"
    )


def test_the_style_cache_internals_still_exist() -> None:
    from textual._styles_cache import StylesCache

    cache = StylesCache.get_inner_outer
    assert callable(getattr(cache, "cache_clear", None)), "get_inner_outer is no longer an lru_cache"
    assert callable(getattr(cache, "cache_info", None))


async def test_the_footer_watcher_internals_still_exist() -> None:
    """Footer keys still data-bind ``compact`` and their watchers sit, as (node, callback), in ``__watchers``."""
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(LeanFooter)
        watchers = getattr(footer, compat.WATCHERS)
        assert isinstance(watchers, dict) and watchers.get("compact"), watchers
        for node, callback in watchers["compact"]:
            assert isinstance(node._closing, bool) and isinstance(node._closed, bool)
            assert callable(callback)
        assert "recompose" in vars(LeanFooter) and callable(Footer.recompose)


async def rebuilt_footer(times: int) -> tuple[int, int]:
    """Rebuild a footer's keys ``times`` times; how many watchers it then holds, and how many keys."""
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(LeanFooter)
        for _ in range(times):
            footer.refresh(recompose=True)
            await pilot.pause()
        return footer.watcher_count(), len(footer.children)


async def test_a_rebuilt_footer_keeps_only_the_watchers_of_its_live_keys() -> None:
    watchers, keys = await rebuilt_footer(5)
    assert 0 < watchers <= keys, (watchers, keys)


async def test_without_the_workaround_the_footer_still_leaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once this fails, upstream has fixed textual#6666: delete the workaround (see compat.py)."""
    monkeypatch.setattr(compat, "APPLIES", False)
    watchers, keys = await rebuilt_footer(5)
    assert watchers > keys, (watchers, keys)


def filled_style_cache() -> Any:
    from textual._styles_cache import StylesCache

    StylesCache().get_inner_outer(Color(0, 0, 0), Color(10, 20, 30))
    cache = StylesCache.get_inner_outer
    assert cache.cache_info().currsize > 0
    return cache


def test_the_style_cache_is_cleared_on_the_measured_textual() -> None:
    cache = filled_style_cache()
    compat.release_dead_widget_caches()
    assert cache.cache_info().currsize == 0


class Closed:
    _closing = False
    _closed = True


class Live:
    _closing = False
    _closed = False


def with_watchers() -> Any:
    node = type("Node", (), {})()
    setattr(node, compat.WATCHERS, {"compact": [(Closed(), print), (Live(), print)]})
    return node


def test_closed_watchers_are_pruned_on_the_measured_textual() -> None:
    node = with_watchers()
    compat.prune_closed_watchers(node)
    assert compat.watcher_count(node) == 1


def test_on_another_textual_the_workarounds_do_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "APPLIES", False)
    cache = filled_style_cache()
    compat.release_dead_widget_caches()
    assert cache.cache_info().currsize > 0
    node = with_watchers()
    compat.prune_closed_watchers(node)
    assert compat.watcher_count(node) == 2


def test_missing_internals_are_no_reason_to_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual._styles_cache import StylesCache

    monkeypatch.delattr(StylesCache, "get_inner_outer")
    compat.release_dead_widget_caches()
    monkeypatch.setitem(sys.modules, "textual._styles_cache", None)  # the module itself gone
    compat.release_dead_widget_caches()
    bare = object()
    compat.prune_closed_watchers(bare)
    assert compat.watcher_count(bare) == 0
    odd = type("Node", (), {})()
    setattr(odd, compat.WATCHERS, {"compact": [(object(), print)]})  # nodes without the closing flags
    compat.prune_closed_watchers(odd)
    assert compat.watcher_count(odd) == 1
