"""Notifications: the exact bytes per terminal, in and out of tmux, hostile text, quiet hours, storms, the desktop.

The byte tests run the real ``painpal notify --test`` with its standard
output on a pseudo-terminal, so what is compared is what a terminal receives.
"""

from __future__ import annotations

import itertools
import os
import pty
import select
import subprocess
import sys
import tty
from collections.abc import Mapping
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from painpal import notify, settings
from painpal.domain.records import ValidationError
from painpal.notify import Gate, Note, QuietHours, Route

from .conftest import NOW, assert_one_line_error, cli_env, run_cli

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
TEST = notify.TEST_TEXT
SAYS_WHAT = (
    "TERM",
    "TERM_PROGRAM",
    "KITTY_WINDOW_ID",
    "WEZTERM_PANE",
    "GHOSTTY_RESOURCES_DIR",
    "LC_TERMINAL",
    "ITERM_SESSION_ID",
    "WT_SESSION",
    "VTE_VERSION",
    "KONSOLE_VERSION",
    "TMUX",
    "DBUS_SESSION_BUS_ADDRESS",
)
"""Every variable painpal reads to tell terminals apart: cleared, so the test's own terminal cannot leak in."""

OSC9 = f"{ESC}]9;painpal: {TEST}{BEL}"
OSC777 = f"{ESC}]777;notify;painpal;{TEST}{BEL}"
OSC99 = f"{ESC}]99;i=painpal:d=0;painpal{ST}{ESC}]99;i=painpal:d=1:p=body;{TEST}{ST}"
KINDS = {
    "iterm2": ({"TERM_PROGRAM": "iTerm.app"}, OSC9),
    "wezterm": ({"TERM_PROGRAM": "WezTerm"}, OSC9),
    "ghostty": ({"TERM": "xterm-ghostty"}, OSC9),
    "windows-terminal": ({"WT_SESSION": "abc"}, OSC9),
    "vte": ({"VTE_VERSION": "7600", "TERM": "xterm-256color"}, OSC777),
    "foot": ({"TERM": "foot"}, OSC777),
    "konsole": ({"KONSOLE_VERSION": "230800"}, OSC777),
    "kitty": ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, OSC99),
}


def fake_program(folder: Path, name: str, script: str) -> Path:
    """A small executable ``name`` in ``folder`` (put first on PATH): stands in for tmux or notify-send."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return folder


def notify_on_pty(env: Mapping[str, str | None], *args: str) -> tuple[bytes, str, int]:
    """Run ``painpal notify --test`` with stdout on a raw pseudo-terminal: the bytes it got, stderr, status."""
    master, slave = pty.openpty()
    tty.setraw(slave)  # no newline translation: the bytes compared are the bytes written
    merged: dict[str, Any] = {**dict.fromkeys(SAYS_WHAT), "PAINPAL_NOW": NOW, **env}  # None: unset
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "painpal", "notify", "--test", *args],
            stdout=slave,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=cli_env(merged),
            timeout=60,
            text=True,
        )
        os.close(slave)
        got = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed: everything has been read
                break
            if not chunk:
                break
            got += chunk
    finally:
        os.close(master)
    return got, proc.stderr, proc.returncode


# ----------------------------------------------------------------- exact bytes


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_terminal_gets_its_sequence_and_the_bell(name: str) -> None:
    env, expected = KINDS[name]
    got, err, status = notify_on_pty(dict(env))
    assert status == 0, err
    assert got == (expected + BEL).encode("utf-8")
    assert "terminal and the bell" in err


@pytest.mark.parametrize("name", ["iterm2", "vte", "kitty"])
def test_inside_tmux_the_sequence_is_wrapped_and_the_bell_left_outside(name: str, tmp_path: Path) -> None:
    env, expected = KINDS[name]
    bin_dir = fake_program(tmp_path / "bin", "tmux", 'echo on; echo "$@" > "$0.args"')
    tmux_env = {**env, "TMUX": "socket,1,0", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    got, err, status = notify_on_pty(tmux_env)
    assert status == 0, err
    inner = expected.replace(ESC, ESC + ESC)
    assert got == f"{ESC}Ptmux;{inner}{ST}{BEL}".encode()
    assert (bin_dir / "tmux.args").read_text().split() == ["show", "-gv", "allow-passthrough"]
    assert "allow-passthrough" not in err


def test_tmux_with_passthrough_off_says_the_line_to_add(tmp_path: Path) -> None:
    bin_dir = fake_program(tmp_path / "bin", "tmux", "echo off")
    env = {"TERM_PROGRAM": "WezTerm", "TMUX": "x,1,0", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    got, err, status = notify_on_pty(env)
    assert status == 0
    assert got.endswith(BEL.encode()) and got.startswith(b"\x1bPtmux;")
    assert "add 'set -g allow-passthrough on' to ~/.tmux.conf" in err


def test_an_unknown_terminal_gets_only_the_bell() -> None:
    got, err, status = notify_on_pty({"TERM": "xterm-256color"})
    assert (got, status) == (BEL.encode(), 0)
    assert "through the bell" in err


def test_the_test_goes_out_in_the_quiet_hours_and_says_they_are_on(cli: object) -> None:
    assert cli("notify", "--quiet", "09:00-10:30").returncode == 0  # type: ignore[operator]
    got, err, status = notify_on_pty({"TERM_PROGRAM": "iTerm.app"})  # NOW is 09:59:30
    assert (got, status) == ((OSC9 + BEL).encode(), 0)
    assert "These are your quiet hours (09:00-10:30)" in err


def test_test_without_a_terminal_is_one_line_status_2() -> None:
    proc = run_cli("notify", "--test", env={"PAINPAL_NOW": NOW})
    assert_one_line_error(proc, 2)


# ------------------------------------------------------------------ hostile text


def test_control_bytes_never_reach_the_terminal() -> None:
    """ESC, BEL, DEL and C1 (CSI U+009B, ST U+009C) in the text are gone; ordinary letters, dashes included, stay."""
    hostile = f"Stand{ESC}]0;pwned{BEL} up\x9b31m now\x9c\x7f — café\x00\r\nend"
    for kind in ("osc9", "osc777", "osc99"):
        text = Route(kind, tmux=True).terminal_text(
            Note(hostile, title=f"pain{ESC}pal;x"), sequence_too=True, bell=True
        )
        framing = {"osc9": 1, "osc777": 1, "osc99": 4}[kind]  # the sequences' own ESCs (ST is ESC \)
        assert text.count(ESC) == 2 + 2 * framing  # tmux's opening and closing, then each ESC doubled
        assert text.count(BEL) == (1 if kind == "osc99" else 2)  # OSC 9 and 777 end with BEL; the bell
        assert not any(0x80 <= ord(ch) <= 0x9F or ch in "\x7f\x00\r\n" for ch in text)
        assert "— café" in text and "]0;pwned" in text  # the words stay, harmless without their ESC
    assert notify.clean(hostile) == "Stand ]0;pwned up 31m now — café end"


def test_a_semicolon_in_an_osc_777_title_cannot_split_its_fields() -> None:
    assert notify.sequence("osc777", Note("b;c", title="a;b")) == f"{ESC}]777;notify;a,b;b;c{BEL}"


def test_long_text_is_cut() -> None:
    assert len(notify.clean("x" * 10_000)) == notify.TEXT_MAX


# ------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("env", "kind"),
    [
        ({}, None),
        ({"TERM": "xterm-256color"}, None),
        ({"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "KITTY_WINDOW_ID": "3"}, "osc99"),
        ({"TERM_PROGRAM": "tmux", "LC_TERMINAL": "iTerm2"}, "osc9"),
        ({"TERM_PROGRAM": "tmux", "GHOSTTY_RESOURCES_DIR": "/usr/share/ghostty"}, "osc9"),
        ({"TERM": "foot-extra"}, "osc777"),
    ],
)
def test_terminal_kind(env: dict[str, str], kind: str | None) -> None:
    assert notify.terminal_kind(env) == kind


def completed(status: int, out: str = "", err: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], status, out, err)


def test_tmux_passthrough_answers() -> None:
    assert notify.tmux_passthrough(lambda *a, **k: completed(0, "on\n")) == "on"
    assert notify.tmux_passthrough(lambda *a, **k: completed(0, "all\n")) == "on"
    assert notify.tmux_passthrough(lambda *a, **k: completed(0, "off\n")) == "off"
    older = completed(1, err="invalid option: allow-passthrough")
    assert notify.tmux_passthrough(lambda *a, **k: older) == "on"  # tmux before 3.3 passes everything

    def hangs(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired("tmux", notify.TMUX_TIMEOUT_S)

    assert notify.tmux_passthrough(hangs) == "unknown"


def test_tmux_is_asked_only_inside_tmux_and_only_for_a_known_terminal() -> None:
    asked: list[object] = []

    def run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        asked.append(args)
        return completed(0, "off")

    assert notify.detect_route({"TERM_PROGRAM": "WezTerm"}, run=run).passthrough == "unknown"
    assert notify.detect_route({"TMUX": "x", "TERM": "tmux"}, run=run).passthrough == "unknown"
    assert not asked
    route = notify.detect_route({"TMUX": "x", "WEZTERM_PANE": "1"}, run=run, which=lambda name: None)
    assert (route.passthrough, route.desktop, len(asked)) == ("off", False, 1)
    assert route.hint is not None and notify.TMUX_LINE in route.hint


# --------------------------------------------------------------------- desktop


def test_the_desktop_path_runs_notify_send_and_sends_no_sequence(tmp_path: Path) -> None:
    bin_dir = fake_program(tmp_path / "bin", "notify-send", 'for a in "$@"; do printf "%s\\n" "$a"; done > "$0.argv"')
    env = {
        "TERM_PROGRAM": "iTerm.app",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    got, err, status = notify_on_pty(env)
    assert status == 0, err
    assert got == BEL.encode()  # the desktop shows it; the bell still marks the window
    argv = (bin_dir / "notify-send.argv").read_text(encoding="utf-8").splitlines()
    assert argv == ["--app-name=painpal", "--", "painpal", TEST]
    assert "desktop and the bell" in err


def test_a_failing_notify_send_falls_back_to_the_terminal(tmp_path: Path) -> None:
    bin_dir = fake_program(tmp_path / "bin", "notify-send", "exit 1")
    env = {
        "VTE_VERSION": "7600",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    got, err, status = notify_on_pty(env)
    assert status == 0, err
    assert got == (OSC777 + BEL).encode()


def test_no_session_bus_means_no_desktop(tmp_path: Path) -> None:
    assert not notify.desktop_available({}, which=lambda name: "/usr/bin/notify-send")
    assert not notify.desktop_available({"DBUS_SESSION_BUS_ADDRESS": "x"}, which=lambda name: None)
    assert notify.desktop_available({"DBUS_SESSION_BUS_ADDRESS": "x"}, which=lambda name: "/usr/bin/notify-send")


def test_channels_choose_what_is_used() -> None:
    written: list[str] = []
    route = Route("osc9", desktop=True)
    terminal: tuple[notify.Channel, ...] = ("terminal",)
    bell: tuple[notify.Channel, ...] = ("bell",)
    sent = notify.deliver(Note("x"), route, terminal, written.append, desktop=lambda note: True)
    assert (sent, written) == (notify.Sent(terminal=True), [f"{ESC}]9;painpal: x{BEL}"])
    written.clear()
    sent = notify.deliver(Note("x"), route, bell, written.append, desktop=lambda note: True)
    assert (sent, written) == (notify.Sent(bell=True), [BEL])
    written.clear()
    assert notify.deliver(Note("x"), route, (), written.append) == notify.Sent() and not written


# ----------------------------------------------------------- quiet hours, storms


def test_quiet_hours_across_midnight() -> None:
    quiet = notify.quiet_hours("22:00-07:00")
    assert quiet == QuietHours(time(22), time(7))
    assert [quiet.covers(time(h, m)) for h, m in ((21, 59), (22, 0), (3, 0), (6, 59), (7, 0), (12, 0))] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    day = notify.quiet_hours("13:00-14:30")
    assert day is not None and day.covers(time(14, 29)) and not day.covers(time(14, 30))
    assert notify.quiet_hours("off") is None
    reach = notify.Reach(quiet=quiet)
    assert reach.quiet_at(datetime(2026, 11, 30, 23, 30)) and not reach.quiet_at(datetime(2026, 11, 30, 9, 0))


@pytest.mark.parametrize("text", ["22:00", "22-07", "22:00-22:00", "7pm-7am", "22:00-07:00-08:00"])
def test_bad_quiet_hours_are_one_sentence(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        notify.quiet_hours(text)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


def test_a_burst_after_a_wake_up_is_one_notification_the_latest() -> None:
    gate = Gate(interval_s=60, settle_s=1)
    t = 1000.0
    for n in range(5):  # five overdue prompts at once, as a suspended laptop wakes
        gate.offer(Note(f"prompt {n}"), t)
    assert gate.release(t) is None
    assert gate.wait_s(t) == 1.0
    assert gate.release(t + 1) == Note("prompt 4")
    assert gate.release(t + 2) is None and gate.wait_s(t + 2) is None


def test_at_most_one_notification_per_interval_on_a_stepping_clock() -> None:
    """A prompt every 10 s for an hour, the clock stepping a second at a time: one a minute, each the latest."""
    gate = Gate(interval_s=60, settle_s=1)
    sent: list[tuple[int, Note]] = []
    for second in range(3600):
        if second % 10 == 0:
            gate.offer(Note(f"at {second}"), float(second))
        note = gate.release(float(second))
        if note is not None:
            sent.append((second, note))
    times = [s for s, _ in sent]
    assert all(b - a >= 60 for a, b in itertools.pairwise(times))
    assert 59 <= len(sent) <= 61
    assert all(note == Note(f"at {s // 10 * 10}") for s, note in sent)  # the latest offered, never an old one


# -------------------------------------------------------------------- settings


def test_stored_settings_are_validated_in_one_sentence() -> None:
    prefs = settings.from_values({"notify_channels": ["terminal", "pager"], "quiet_hours": "late"})
    assert prefs.notify_channels == ("terminal", "desktop") and prefs.quiet_hours is None
    assert len(prefs.messages) == 2
    for message in prefs.messages:
        assert "\n" not in message and message.endswith(".") and "painpal notify" in message
    assert settings.from_values({"notify_channels": "terminal"}).problem(settings.NOTIFY_CHANNELS) is not None
    assert settings.from_values({"quiet_hours": 2200}).problem(settings.QUIET_HOURS) is not None


def test_the_bell_is_the_plans() -> None:
    from painpal.domain.plan import DayPlan, plan_to_dict

    quiet_plan = plan_to_dict(DayPlan(bell=False))
    assert settings.from_values({"plan": quiet_plan, "notify_channels": ["desktop"]}).reach.channels == ("desktop",)
    assert settings.from_values({}).reach.channels == ("terminal", "desktop", "bell")


def test_cli_sets_and_shows_the_settings(cli: object) -> None:
    run = cli  # the conftest fixture
    proc = run("notify", "--channels", "desktop,bell", "--quiet", "22:00-07:00")  # type: ignore[operator]
    assert proc.returncode == 0, proc.stderr
    assert "Channels: desktop, bell." in proc.stdout and "Quiet hours: 22:00-07:00." in proc.stdout
    proc = run("notify", "--channels", "none", "--quiet", "off")  # type: ignore[operator]
    assert "Channels: none." in proc.stdout and "Quiet hours: off." in proc.stdout
    assert "No notification leaves painpal." in proc.stdout


@pytest.mark.parametrize(
    "args", [("--channels", "pager"), ("--quiet", "25:00-07:00"), ("--quiet", "evening"), ("--channels", "bell,tv")]
)
def test_cli_bad_settings_are_one_line_status_2_and_nothing_written(cli: object, args: tuple[str, ...]) -> None:
    proc = cli("notify", "--quiet", "22:00-07:00", *args)  # type: ignore[operator]
    assert_one_line_error(proc, 2)
    assert "Quiet hours: off." in cli("notify").stdout  # type: ignore[operator]


def test_cli_says_a_bad_stored_setting_without_a_traceback(cli: object, isolated_env: Path) -> None:
    from painpal.domain.clock import FixedClock
    from painpal.storage.store import Store

    Store(isolated_env, FixedClock(datetime(2026, 11, 30, 9, 0))).set_setting("quiet_hours", "soon")
    proc = cli("notify")  # type: ignore[operator]
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "The saved quiet hours cannot be used" in proc.stderr
