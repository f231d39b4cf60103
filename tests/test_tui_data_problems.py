"""Files painpal cannot read, on opening and while open: one sentence on screen, nothing written, exit status 1.

Each test breaks a file the way the red team did (a truncated live file, a
truncated archive, a stored record that fails validation), drives the app
with real keys, and then checks the screen said the store's sentence, that
every file in the data folder is byte-for-byte what it was, and how the app
ended. ``run_test`` re-raises anything that escaped a handler or a worker,
so a test that gets to its end has also shown that nothing crashed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Static

from painpal.domain.plan import DayPlan
from painpal.domain.records import CheckIn, Event
from painpal.storage.store import Store, StoreError
from painpal.tui import app as app_module
from painpal.tui.app import PainPalApp
from painpal.tui.screens import today as today_module
from painpal.tui.screens.data_problem import DataProblemScreen
from painpal.tui.screens.routines import RoutinesScreen
from painpal.tui.screens.today import NOT_SAVED_WHILE_UNREADABLE, TodayScreen

from .conftest import device_dir, tree_digest
from .tui_helpers import make_app, settle

TORN = b'{"checkins": {"1": {"id": "1", "at": "2026-11-'
"""A data file cut off mid-record, as a full disk or a killed sync tool leaves it."""
RECORDING_KEYS = ("5", "x", "0", "m", "z", "k", "a", "a", "T")
"""Every Today key that would record something (a check-in, a move, a snooze, a skip, a break, the theme)."""


def untouched(directory: Path) -> dict[str, tuple[str, int, int]]:
    """Each file's digest, inode and mtime: a write of the same bytes (an atomic replace) still shows."""
    digests = tree_digest(directory)
    return {
        name: (sha, (directory / name).stat().st_ino, (directory / name).stat().st_mtime_ns)
        for name, sha in digests.items()
    }


def data_dir(app: PainPalApp) -> Path:
    """The folder of the app's own device: its live file and its archive."""
    return app.store.device_dir


def today(app: PainPalApp) -> TodayScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, TodayScreen)
    return screen


def shown(widget: Static) -> str:
    """What a Static shows, as plain text (its markup rendered, as the person reads it)."""
    return Content.from_markup(str(widget.content)).plain


def sentence_of(store: Store) -> str:
    """The store's own sentence for what is wrong (what the screen must show, word for word)."""
    with pytest.raises(StoreError) as caught:
        store.records(CheckIn)
        store.records(Event)
    return str(caught.value)


def tear_newest_archive(app: PainPalApp) -> Path:
    archives = sorted((data_dir(app) / "archive").glob("*.json"))
    assert archives, "the demo history reaches back into archives"
    archives[-1].write_bytes(TORN)
    return archives[-1]


def invalid_record_in_live_file(app: PainPalApp) -> None:
    """A stored check-in that parses as JSON but fails validation (intensity 99)."""
    live = data_dir(app) / "painpal.json"
    data = json.loads(live.read_bytes())
    first = next(iter(data["checkins"]))
    data["checkins"][first]["intensity"] = 99
    live.write_text(json.dumps(data))


async def press_each(pilot: Any, app: PainPalApp, keys: tuple[str, ...]) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot, app)


def live_app(tmp_path: Path, folder: str = "data") -> PainPalApp:
    """Ten days of history, some of it in archives; prompts off, so only the keys pressed try to write."""
    return make_app(tmp_path, demo_days=10, plan=DayPlan(prompts=False), folder=folder)


# ------------------------------------------------------------------------------------------- on opening


@pytest.mark.parametrize(
    "damage", [tear_newest_archive, invalid_record_in_live_file], ids=["torn-archive", "bad-record"]
)
async def test_opening_on_a_file_painpal_cannot_read_says_why_writes_nothing_and_exits_1(
    tmp_path: Path, damage: Any
) -> None:
    app = live_app(tmp_path)
    damage(app)
    sentence = sentence_of(app.store)
    before = untouched(app.store.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, DataProblemScreen), "opening needs the data: the dialog says why"
        assert shown(dialog.query_one("#data-problem-text", Static)) == sentence
        await press_each(pilot, app, RECORDING_KEYS)  # the dialog takes them; Today beneath records nothing
        assert isinstance(app.screen, DataProblemScreen)
        assert untouched(app.store.data_dir) == before
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert app.quit_on_problem == sentence, "run() says it again on the terminal"
    assert untouched(app.store.data_dir) == before


async def test_the_dialog_closes_by_itself_once_the_file_is_mended_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file restored inside archive/ changes no stat painpal watches: the periodic retry finds it."""
    monkeypatch.setattr(today_module, "RETRY_S", 0.0)
    app = live_app(tmp_path)
    archive = sorted((data_dir(app) / "archive").glob("*.json"))[-1]
    good = archive.read_bytes()
    archive.write_bytes(TORN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DataProblemScreen)
        with archive.open("r+b") as f:  # in place: same inode, the folder's stat unchanged
            f.write(good)
            f.truncate()
        today(app).poll()
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen), "the day opens without a restart"
        assert app.data_problem is None
        await pilot.press("5")
        await settle(pilot, app)
        assert app.store.records(CheckIn)[-1].intensity == 5, "saving is back on"
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0 and app.quit_on_problem is None


async def test_help_over_the_dialog_then_the_file_mended_closes_both_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(today_module, "RETRY_S", 0.0)
    app = live_app(tmp_path)
    archive = tear_newest_archive(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "HelpScreen"
        archive.unlink()  # moved aside: the rest of the history reads
        today(app).poll()
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "HelpScreen", "the help the person opened stays until they close it"
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, TodayScreen)


async def test_a_path_full_of_markup_is_shown_as_it_is(tmp_path: Path) -> None:
    """The sentence names the file; a folder called "[b]x[/b] [$var] [31m" must neither vanish nor crash."""
    app = live_app(tmp_path, folder="[b]x[/b] [$var] [31m")
    tear_newest_archive(app)
    sentence = sentence_of(app.store)
    assert "[b]x[/b] [$var] [31m" in sentence
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert shown(app.screen.query_one("#data-problem-text", Static)) == sentence


# ------------------------------------------------------------------------------------------- while open


async def test_the_live_file_going_bad_while_open_keeps_the_day_refuses_writes_and_recovers(tmp_path: Path) -> None:
    app = live_app(tmp_path)
    live = data_dir(app) / "painpal.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = today(app)
        day = screen.state
        assert day is not None and not screen.query_one("#problem").display
        good = live.read_bytes()
        live.write_bytes(b"\x00garbage")  # another program wrote over it
        screen.poll()  # the 1 s stat check, now
        await settle(pilot, app)
        sentence = sentence_of(app.store)
        notice = screen.query_one("#problem", Static)
        assert notice.display and sentence in shown(notice)
        assert "Showing what was read at 10:05" in shown(notice)
        assert screen.state is day, "the last day read stays on screen"
        before = untouched(app.store.data_dir)
        await press_each(pilot, app, RECORDING_KEYS)
        assert untouched(app.store.data_dir) == before, "no key wrote over (or beside) the file painpal cannot read"
        assert screen.status_text == NOT_SAVED_WHILE_UNREADABLE
        assert isinstance(app.screen, TodayScreen), "a refused check-in opens no detail step"

        live.write_bytes(good)  # restored from a backup
        screen.poll()
        await settle(pilot, app)
        assert app.data_problem is None and not notice.display
        assert screen.status_text == "Your data reads again: saving is back on."
        await pilot.press("6")
        await settle(pilot, app)
        assert app.store.records(CheckIn)[-1].intensity == 6
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_while_the_file_is_still_bad_exits_1(tmp_path: Path) -> None:
    app = live_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        (data_dir(app) / "painpal.json").write_bytes(TORN)
        today(app).poll()
        await settle(pilot, app)
        sentence = app.data_problem
        assert sentence is not None and "is not valid JSON" in sentence
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1 and app.quit_on_problem == sentence


async def test_a_write_the_store_refuses_says_why_and_finds_the_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file goes bad between two stat checks: the store itself refuses, and Today then reads again."""
    monkeypatch.setattr(today_module, "POLL_S", 3600.0)  # no stat check of its own during the test
    app = live_app(tmp_path)
    live = data_dir(app) / "painpal.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        live.write_bytes(TORN)
        before = untouched(app.store.data_dir)
        await pilot.press("m")  # before any poll has seen the damage
        await settle(pilot, app)
        screen = today(app)
        assert "Not saved:" in shown(screen.query_one("#status", Static))
        assert "is not valid JSON" in shown(screen.query_one("#status", Static))
        assert app.data_problem is not None, "the refused write made Today read again, and find the file"
        assert untouched(app.store.data_dir) == before


def tear_live_file(app: PainPalApp) -> None:
    (data_dir(app) / "painpal.json").write_bytes(TORN)


@pytest.mark.parametrize("damage", [tear_live_file, tear_newest_archive], ids=["torn-live-file", "torn-archive"])
@pytest.mark.parametrize(
    ("key", "then", "screen"),
    [
        ("v", ("1", "enter"), "ReviewScreen"),  # answer a question, which saves the day's note
        ("i", ("2", "3"), "InsightsScreen"),  # other periods
        ("c", ("n", "escape"), "CareScreen"),  # a new person: the form opens and closes, nothing typed
        ("l", ("h",), "RoutinesScreen"),  # hide the highlighted routine
        ("p", ("ctrl+s",), "PlanScreen"),  # save the plan
        ("w", ("1", "enter"), "WarningCheckScreen"),  # tick a sign, confirm
    ],
)
async def test_every_screen_opened_while_a_file_is_bad_says_why_and_writes_nothing(
    tmp_path: Path, damage: Any, key: str, then: tuple[str, ...], screen: str
) -> None:
    """A torn archive leaves the live file writable: the refusal is painpal's promise, not the store's."""
    app = live_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        damage(app)
        today(app).reload()  # what the stat check does when it sees a write
        await settle(pilot, app)
        assert app.data_problem is not None
        before = untouched(app.store.data_dir)
        await press_each(pilot, app, (key, *then))
        assert untouched(app.store.data_dir) == before
        assert type(app.screen).__name__ == screen
        text = "\n".join(shown(w) for w in app.screen.query(Static))
        assert "is not valid JSON" in text, text


async def test_the_library_lists_the_built_ins_when_the_settings_cannot_be_read(tmp_path: Path) -> None:
    app = live_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        tear_live_file(app)
        app.push_screen(RoutinesScreen())
        await settle(pilot, app)
        library = app.screen
        assert isinstance(library, RoutinesScreen)
        assert library.routines and not library.loaded, "built-ins to play; hide and add wait for a read"


def test_run_says_the_problem_again_after_the_screen_closes(
    monkeypatch: pytest.MonkeyPatch, isolated_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Quitting on a data problem: the command line prints the sentence once, exit status 1 (no traceback)."""
    from painpal.cli import main

    def quit_on_problem(self: PainPalApp) -> None:
        self.data_problem = self.quit_on_problem = f"{self.store.path} is not valid JSON; painpal left it untouched."

    monkeypatch.setattr(app_module.PainPalApp, "run", quit_on_problem)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"painpal: {device_dir(isolated_env) / 'painpal.json'} is not valid JSON; painpal left it untouched."
    ]
