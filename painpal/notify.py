"""Reaching the person when painpal's pane is hidden: terminal escape sequences, the desktop, the bell.

A prompt used to be the bell and a toast, which nobody sees while painpal
sits in a background tmux window or a minimised terminal. This module works
out how to reach the person and builds what to send; it never imports
Textual, so the command line (``painpal notify --test``) and the TUI send
the very same bytes, and tests compare them exactly.

* **The terminal.** Terminals that show notifications take one of three
  escape sequences: OSC 9 (iTerm2, WezTerm, Ghostty, Windows Terminal), OSC
  777 ``notify`` (VTE terminals, foot, Konsole) and OSC 99 (kitty). Which one
  is read from what the terminal says it is (:func:`terminal_kind`). Inside
  tmux the sequence is wrapped in tmux's passthrough, which tmux 3.3 and
  later only lets out with ``allow-passthrough`` on (:func:`tmux_passthrough`).
* **The desktop**, where a session bus is there to carry it
  (:func:`desktop_available`), through ``notify-send``; the terminal way is
  the fallback when it is missing or fails.
* **The bell**, rung with every notification, so tmux's ``monitor-bell``
  still marks the window even where nothing else gets through.

No notification goes out in the person's quiet hours (:meth:`Reach.quiet_at`),
and :class:`Gate` makes one notification of a burst (a laptop waking with
several overdue prompts), at most one per :data:`MIN_INTERVAL_S`, the latest
winning.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Literal

from painpal.domain.records import ValidationError
from painpal.text import drop_format_controls, shorten

Channel = Literal["terminal", "desktop", "bell"]
CHANNELS: tuple[Channel, ...] = ("terminal", "desktop", "bell")
"""Every way painpal can reach the person; all are on unless the person turns one off."""
TerminalKind = Literal["osc9", "osc777", "osc99"]
Passthrough = Literal["on", "off", "unknown"]
"""What tmux does with a wrapped sequence: lets it out, swallows it, or painpal could not ask."""

TITLE = "painpal"
"""The title of every notification: the body says what it is about."""
TEST_TEXT = "A test notification: this is how a prompt reaches you when painpal is hidden."
"""What ``painpal notify --test`` and the TUI's test notification say."""
TEXT_MAX = 200
"""Longest title or body sent, in characters: a notification is a glance, and a stored name could be huge."""
MIN_INTERVAL_S = 60.0
"""At most one notification this often: a storm of prompts after a suspend becomes one."""
SETTLE_S = 1.0
"""A notification waits this long for later ones (the latest wins), so a burst of prompts sends one."""
TMUX_TIMEOUT_S = 1.0
"""How long asking tmux about ``allow-passthrough`` may take: it is asked once, and must never hold painpal up."""
DESKTOP_TIMEOUT_S = 5.0
"""How long ``notify-send`` may take before the terminal way is used instead."""
TMUX_LINE = "set -g allow-passthrough on"
"""The one line ``~/.tmux.conf`` needs for painpal's notifications to get out of tmux."""

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"

_CONTROLS = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)], " ")
"""C0 (ESC and BEL among them), DEL and C1 as code points, each made a space.

C1 is stripped as characters, not as bytes: in UTF-8 the bytes 0x80-0x9f are
also the continuation bytes of ordinary letters ("—" is E2 80 94), while a
terminal that reads a bare C1 character (U+009B is CSI, U+009C is ST) would
end or start a sequence on it.
"""


def clean(text: str) -> str:
    """``text`` safe inside an escape sequence: no control character, one line, at most :data:`TEXT_MAX`.

    A stored routine name or plan label reaches the terminal inside an OSC:
    an ESC or BEL in it would end the sequence and let the rest act as
    commands to the terminal. Bidi overrides go too, as in every output.
    """
    flat = " ".join(drop_format_controls(text.translate(_CONTROLS)).split())
    return shorten(flat, TEXT_MAX)


@dataclass(frozen=True)
class Note:
    """One notification: a title and a body, cleaned when they are built into a sequence."""

    body: str
    title: str = TITLE


# -------------------------------------------------------------------- the terminal


def terminal_kind(env: Mapping[str, str]) -> TerminalKind | None:
    """Which notification sequence the terminal takes, from what it says it is; ``None``: none known.

    Inside tmux ``TERM`` and ``TERM_PROGRAM`` name tmux, so the variables the
    outer terminal sets for its children (and tmux passes on) are read too:
    ``KITTY_WINDOW_ID``, ``WEZTERM_PANE``, ``GHOSTTY_RESOURCES_DIR``,
    ``LC_TERMINAL``, ``WT_SESSION``, ``VTE_VERSION``, ``KONSOLE_VERSION``.
    An unknown terminal gets no sequence at all (only the bell): one it does
    not understand may print it as text.
    """
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return "osc99"
    if (
        program in ("iTerm.app", "WezTerm", "ghostty")
        or term in ("xterm-ghostty", "wezterm")
        or env.get("LC_TERMINAL") == "iTerm2"
        or any(env.get(name) for name in ("ITERM_SESSION_ID", "WEZTERM_PANE", "GHOSTTY_RESOURCES_DIR", "WT_SESSION"))
    ):
        return "osc9"
    if env.get("VTE_VERSION") or env.get("KONSOLE_VERSION") or term.startswith("foot"):
        return "osc777"
    return None


KIND_NAMES: dict[TerminalKind, str] = {"osc9": "OSC 9", "osc777": "OSC 777", "osc99": "OSC 99 (kitty)"}


def sequence(kind: TerminalKind, note: Note) -> str:
    """The escape sequence that shows ``note`` in a terminal of ``kind``, its text cleaned first.

    OSC 777 splits its fields at ``;``, so a semicolon in the title becomes
    a comma. OSC 99 sends the title and then the body as two parts of one
    notification (``d=0`` says more follows), as kitty's protocol describes;
    the fixed identifier lets a newer prompt replace an older one still shown.
    """
    title, body = clean(note.title), clean(note.body)
    if kind == "osc9":
        return f"{ESC}]9;{title}: {body}{BEL}"
    if kind == "osc777":
        return f"{ESC}]777;notify;{title.replace(';', ',')};{body}{BEL}"
    return f"{ESC}]99;i=painpal:d=0;{title}{ST}{ESC}]99;i=painpal:d=1:p=body;{body}{ST}"


def tmux_wrap(seq: str) -> str:
    """``seq`` in tmux's passthrough: ``ESC P tmux;`` + the sequence with every ESC doubled + ``ESC \\``."""
    return f"{ESC}Ptmux;{seq.replace(ESC, ESC + ESC)}{ST}"


def tmux_passthrough(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> Passthrough:
    """Ask the tmux server whether ``allow-passthrough`` is on: once, with a short timeout.

    tmux before 3.3 has no such option and passes every wrapped sequence
    through, so "invalid option" means on. No tmux to ask, or no answer in
    :data:`TMUX_TIMEOUT_S`, is "unknown": the sequence is still sent.
    """
    try:
        proc = run(
            ["tmux", "show", "-gv", "allow-passthrough"],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if proc.returncode == 0:
        return "on" if proc.stdout.strip() in ("on", "all") else "off"
    if "invalid option" in proc.stderr or "unknown option" in proc.stderr:
        return "on"
    return "unknown"


# --------------------------------------------------------------------- the desktop


def desktop_available(env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which) -> bool:
    """A session bus to carry a desktop notification, and ``notify-send`` to put one on it."""
    return bool(env.get("DBUS_SESSION_BUS_ADDRESS")) and which("notify-send") is not None


def send_desktop(note: Note, run: Callable[..., subprocess.CompletedProcess[Any]] = subprocess.run) -> bool:
    """Show ``note`` on the desktop with ``notify-send``; False when it could not (the terminal way is next).

    ``notify-send`` rather than a D-Bus library: it is on every desktop that
    has a notification daemon, it costs painpal no new dependency (and no
    import at start-up), and a process of its own cannot hang the app: it is
    given :data:`DESKTOP_TIMEOUT_S`. ``--`` keeps a body starting with "-"
    from being read as an option.
    """
    argv = ["notify-send", f"--app-name={TITLE}", "--", clean(note.title), clean(note.body)]
    try:
        proc = run(argv, capture_output=True, timeout=DESKTOP_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


# -------------------------------------------------------------------------- routes


@dataclass(frozen=True)
class Route:
    """How this terminal and this desktop can be reached, found once (:func:`detect_route`)."""

    terminal: TerminalKind | None = None
    tmux: bool = False
    passthrough: Passthrough = "unknown"
    """Only read inside tmux."""
    desktop: bool = False

    @property
    def hint(self) -> str | None:
        """The one line the person can add to reach themselves through tmux, when tmux is swallowing notifications."""
        if self.tmux and self.terminal is not None and self.passthrough == "off":
            return f"tmux keeps painpal's notifications in; add '{TMUX_LINE}' to ~/.tmux.conf to let them out."
        return None

    def terminal_text(self, note: Note, *, sequence_too: bool, bell: bool) -> str:
        """What to write to the terminal: the sequence (wrapped inside tmux) when asked for, then the bell.

        The bell goes outside the wrapping, so tmux itself sees it and its
        ``monitor-bell`` marks the window even when passthrough is off.
        """
        text = ""
        if sequence_too and self.terminal is not None:
            seq = sequence(self.terminal, note)
            text = tmux_wrap(seq) if self.tmux else seq
        return text + (BEL if bell else "")

    def describe(self, channels: Collection[Channel]) -> str:
        """One sentence saying how a notification reaches the person here, for ``painpal notify`` and the TUI."""
        ways: list[str] = []
        if "desktop" in channels and self.desktop:
            ways.append("the desktop (notify-send)")
        if "terminal" in channels and self.terminal is not None:
            where = KIND_NAMES[self.terminal] + (" through tmux" if self.tmux else "")
            ways.append(f"the terminal ({where})" if not ways else f"else the terminal ({where})")
        if "bell" in channels:
            ways.append("the bell")
        said = "Notifications go through " + ", ".join(ways) + "." if ways else "No notification leaves painpal."
        if "terminal" in channels and self.terminal is None:
            said += " This terminal does not say it shows notifications, so painpal sends it none."
        return said + (f" {self.hint[0].upper()}{self.hint[1:]}" if self.hint else "")


def detect_route(
    env: Mapping[str, str] | None = None,
    *,
    which: Callable[[str], str | None] = shutil.which,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> Route:
    """How to reach the person from this process's terminal and session (tmux is asked only inside tmux)."""
    env = os.environ if env is None else env
    kind = terminal_kind(env)
    in_tmux = bool(env.get("TMUX"))
    passthrough: Passthrough = tmux_passthrough(run) if in_tmux and kind is not None else "unknown"
    return Route(kind, in_tmux, passthrough, desktop_available(env, which))


@dataclass(frozen=True)
class Sent:
    """What one delivery used: for the test notification's message, and for tests."""

    desktop: bool = False
    terminal: bool = False
    bell: bool = False

    def said(self) -> str:
        ways = [name for name, used in (("the desktop", self.desktop), ("the terminal", self.terminal)) if used]
        ways += ["the bell"] if self.bell else []
        return "Sent a test notification through " + " and ".join(ways) + "." if ways else "Nothing was sent."


def deliver(
    note: Note,
    route: Route,
    channels: Collection[Channel],
    write: Callable[[str], None],
    desktop: Callable[[Note], bool] = send_desktop,
) -> Sent:
    """Send ``note`` through ``channels``: the desktop where it can, else the terminal; the bell either way.

    Never both the desktop and the terminal sequence: kitty and iTerm2 turn
    the sequence into a desktop notification too, and one prompt should be
    one notification. ``write`` takes the terminal's text; ``desktop`` may block
    (call this from a thread in an app).
    """
    on_desktop = "desktop" in channels and route.desktop and desktop(note)
    on_terminal = not on_desktop and "terminal" in channels and route.terminal is not None
    bell = "bell" in channels
    text = route.terminal_text(note, sequence_too=on_terminal, bell=bell)
    if text:
        write(text)
    return Sent(on_desktop, on_terminal, bell)


# -------------------------------------------------------------- quiet hours, storms


@dataclass(frozen=True)
class QuietHours:
    """A span of the day with no notification (the in-app toast still shows); it may cross midnight."""

    start: time
    end: time

    def covers(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Reach:
    """The person's choices for prompts: which channels, and when to stay quiet (from :mod:`painpal.settings`)."""

    channels: tuple[Channel, ...] = CHANNELS
    quiet: QuietHours | None = None

    def quiet_at(self, moment: datetime) -> bool:
        """``moment`` (a wall-clock instant, in the person's zone) falls in the quiet hours."""
        return self.quiet is not None and self.quiet.covers(moment.time())


OFF_WORDS = ("off", "none", "")


def quiet_hours(text: str | None) -> QuietHours | None:
    """``"22:00-07:00"`` as quiet hours; ``"off"`` or nothing: none. Anything else: a one-sentence ValidationError."""
    from painpal.domain.plan import parse_hhmm

    if text is None or text.strip().lower() in OFF_WORDS:
        return None
    parts = text.split("-")
    if len(parts) != 2:
        raise ValidationError(f"The quiet hours must be HH:MM-HH:MM, e.g. 22:00-07:00, or off; got {text!r}.")
    start, end = parse_hhmm(parts[0], "start of the quiet hours"), parse_hhmm(parts[1], "end of the quiet hours")
    if start == end:
        raise ValidationError(f"The quiet hours start and end at the same time ({text.strip()}); give two times.")
    return QuietHours(start, end)


def channels_from(value: str | Sequence[Any]) -> tuple[Channel, ...]:
    """Channels from ``"terminal,bell"`` or a stored list, in :data:`CHANNELS` order; ``"none"`` is none."""
    items = value.split(",") if isinstance(value, str) else list(value)
    words = [item.strip().lower() if isinstance(item, str) else item for item in items]
    words = [w for w in words if w not in OFF_WORDS]
    unknown = [w for w in words if w not in CHANNELS]
    if unknown:
        raise ValidationError(
            f"{unknown[0]!r} is not a notification channel; choose from {', '.join(CHANNELS)} or none."
        )
    return tuple(c for c in CHANNELS if c in words)


class Gate:
    """One notification for a burst of them, the latest, and at most one per :data:`MIN_INTERVAL_S`.

    Seconds come from the caller's monotonic clock (``time.monotonic`` in
    the app, a stepping number in tests): a wall clock that jumps (a laptop
    waking, a time zone change) cannot make it hold a note for an hour or let
    a storm through. :meth:`offer` holds a note for :data:`SETTLE_S`, and a
    later note replaces it; :meth:`release` hands the held note over once
    that has passed and the interval since the last one has gone by;
    :meth:`wait_s` says when to ask again.
    """

    def __init__(self, interval_s: float = MIN_INTERVAL_S, settle_s: float = SETTLE_S) -> None:
        self.interval_s = interval_s
        self.settle_s = settle_s
        self.pending: Note | None = None
        self.offered_at: float | None = None
        self.sent_at: float | None = None

    def offer(self, note: Note, now_s: float) -> None:
        self.pending, self.offered_at = note, now_s

    def _due(self) -> float | None:
        if self.offered_at is None:
            return None
        due = self.offered_at + self.settle_s
        return due if self.sent_at is None else max(due, self.sent_at + self.interval_s)

    def wait_s(self, now_s: float) -> float | None:
        """Seconds until :meth:`release` hands the held note over; ``None``: nothing is held."""
        due = self._due()
        return None if due is None else max(0.0, due - now_s)

    def release(self, now_s: float) -> Note | None:
        due, note = self._due(), self.pending
        if due is None or note is None or now_s < due:
            return None
        self.pending = self.offered_at = None
        self.sent_at = now_s
        return note
