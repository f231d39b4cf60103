"""The app sends prompts beyond itself: through the notifier's writer, gated, quiet in the quiet hours."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from painpal import notify
from painpal.domain.clock import FixedClock
from painpal.notify import Gate, QuietHours, Reach, Route
from painpal.storage.store import Store
from painpal.tui.app import PainPalApp

from .tui_helpers import MONDAY_1005, settle

ESC, BEL = "\x1b", "\x07"


def notifying_app(tmp_path: Path, written: list[str], start: datetime = MONDAY_1005) -> PainPalApp:
    """An app whose terminal is a list, in an iTerm2 outside tmux, with no settling delay."""
    clock = FixedClock(start)
    store = Store(tmp_path / "data", clock)
    store.set_setting("welcomed", True)
    return PainPalApp(store, clock, burst_gap_s=0, route=Route("osc9"), terminal=written.append, gate=Gate(settle_s=0))


async def test_prompts_are_toasted_and_notified_one_per_minute_the_latest(tmp_path: Path) -> None:
    written: list[str] = []
    app = notifying_app(tmp_path, written)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        app.toast("Work starts. How is your [b]pain[/]?", kind="prompt", reach=Reach())
        app.toast("Seated [b]60[/] min", kind="sitting", reach=Reach())  # in the same moment: the latest wins
        await pilot.pause(0.1)
        await settle(pilot, app)
        assert written == [f"{ESC}]9;painpal: Seated 60 min{BEL}{BEL}"]  # markup gone, the bell after
        app.toast("Break", kind="break", reach=Reach())  # within the minute: held, not sent
        await pilot.pause(0.1)
        await settle(pilot, app)
        assert len(written) == 1 and app.gate.pending == notify.Note("Break")
        assert len(app._notifications) == 3  # every toast shows in the app


async def test_quiet_hours_keep_the_toast_only(tmp_path: Path) -> None:
    written: list[str] = []
    app = notifying_app(tmp_path, written, MONDAY_1005.replace(hour=23))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        quiet = QuietHours(*map(lambda t: datetime.strptime(t, "%H:%M").time(), ("22:00", "07:00")))
        assert app.toast("Unwind", kind="prompt", reach=Reach(quiet=quiet))
        await pilot.pause(0.1)
        await settle(pilot, app)
        assert written == []
        assert len(app._notifications) == 1


async def test_the_test_notification_key_sends_one_past_the_gate(tmp_path: Path) -> None:
    written: list[str] = []
    app = notifying_app(tmp_path, written)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        for _ in range(2):
            await pilot.press("N")
            await settle(pilot, app)
        expected = f"{ESC}]9;painpal: {notify.TEST_TEXT}{BEL}{BEL}"
        assert written == [expected, expected]
        assert any("Sent a test notification" in str(n.message) for n in app._notifications)


async def test_headless_writes_nothing(tmp_path: Path) -> None:
    clock = FixedClock(MONDAY_1005)
    app = PainPalApp(Store(tmp_path / "data", clock), clock, burst_gap_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.terminal_writer() is None and app.route is None
        app.toast("x", kind="prompt", reach=Reach())
        assert app.gate.pending is None


async def test_the_test_notification_is_in_the_palette_and_in_help(tmp_path: Path) -> None:
    from .test_tui_palette import run_from_palette

    written: list[str] = []
    app = notifying_app(tmp_path, written)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        await run_from_palette(pilot, app, "Test notification")
        assert len(written) == 1 and notify.TEST_TEXT in written[0]
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert "Test notification" in str(app.screen.query_one("#help Static").render())
