"""The argument parser: every command and option, built only as far as the command being run needs."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from painpal import __version__
from painpal.cli.commands import (
    cmd_calendar,
    cmd_delete,
    cmd_demo,
    cmd_devices,
    cmd_edit,
    cmd_export,
    cmd_import,
    cmd_list,
    cmd_log,
    cmd_notify,
    cmd_relief,
    cmd_report,
    cmd_review,
    cmd_routines,
    cmd_status,
    cmd_suggest,
    cmd_undo,
)
from painpal.cli.context import Context, UsageError

AT_HELP = "when, if not now: '17:30', 'yesterday 5pm', '2 hours ago', '2026-11-29 5pm'"
"""``--at`` of log and relief: the words :mod:`painpal.domain.when` reads."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help').")


class _Unused:
    """Stands in for the parser of a command that was not asked for: its options are never needed.

    Building every sub-command's options costs ~10 ms of argparse work, on
    the path of every ``painpal log``; only the command being run gets them.
    """

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Unused:
        return self


class _Gone(argparse.Action):
    """An option painpal no longer has: using it is refused with one sentence saying what to do instead.

    Kept out of ``--help``; without it argparse would only say the option is
    unrecognised, and a person following old instructions would not know why.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, message: str = "", **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        self.message = message

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        raise UsageError(self.message)


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named on a command line (skipping options and ``--data-dir``'s value)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data-dir":
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command; ``--data-dir`` works before or after it. With ``only``, just that command's options."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where painpal keeps its data (default: $PAINPAL_DATA_DIR, else your user data folder)",
    )
    parser = _Parser(
        prog="painpal",
        description="A terminal daily companion for people living with back pain. With no command, opens the day view.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"painpal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, func: Callable[[Context], int], help_text: str, data_dir_help: str | None = None) -> Any:
        """A sub-command; ``data_dir_help`` words ``--data-dir`` for a command that reads it differently."""
        if only is not None and name != only:
            sub.add_parser(name, help=help_text, add_help=False)
            return _Unused()
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[] if data_dir_help else [common])
        if data_dir_help:
            p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
        p.set_defaults(func=func)
        return p

    p = command("log", cmd_log, "Record a pain check-in: intensity 0 (none) to 10 (worst imaginable).")
    p.add_argument("intensity", metavar="N", help="pain intensity, a whole number from 0 to 10")
    p.add_argument(
        "--location",
        metavar="L",
        action="append",
        help="where it hurts, e.g. 'lower back, left'; again for another place",
    )
    p.add_argument("--quality", metavar="Q", help="how it feels: sharp, dull, aching, burning, tingling, stabbing, ...")
    p.add_argument("--pattern", metavar="P", help="constant or intermittent")
    p.add_argument("--activity", metavar="A", help="what you were doing before it started")
    p.add_argument("--eases", metavar="E", help="what eases it")
    p.add_argument("--worsens", metavar="W", help="what worsens it")
    p.add_argument("--leg", action="store_true", help="the pain spreads down a leg")
    p.add_argument("--note", metavar="T", help="a note; '-' reads it from standard input (keeps it out of history)")
    p.add_argument("--at", metavar="WHEN", help=AT_HELP)

    p = command("list", cmd_list, "Show records with their short ids (to edit or delete one); default today.")
    p.add_argument("--date", metavar="D", help="one day: 'yesterday', 'monday', '3 days ago', YYYY-MM-DD")
    p.add_argument("--since", metavar="D", help="the first day of several")
    p.add_argument("--until", metavar="D", help="the last day (with --since; default today)")
    p.add_argument("--kind", metavar="K", action="append", help="only this kind: checkin, relief, routine, event, ...")
    p.add_argument("--json", action="store_true", help="print JSON: every field of every record")

    p = command("edit", cmd_edit, "Correct a record: give its id (or the start of it) and the fields to change.")
    p.add_argument("id", metavar="ID", help="the record's id, or enough of its start to be unique ('painpal list')")
    p.add_argument("--at", metavar="WHEN", help="when it happened: '17:30', 'yesterday 5pm', '2026-11-29 5pm'")
    p.add_argument("--intensity", metavar="N", help="pain intensity, 0 to 10 (a check-in)")
    p.add_argument(
        "--location", metavar="L", action="append", help="where it hurts (again for another place); '' clears it"
    )
    p.add_argument("--quality", metavar="Q", help="how it feels; '' clears it")
    p.add_argument("--pattern", metavar="P", help="constant or intermittent; '' clears it")
    p.add_argument("--activity", metavar="A", help="what you were doing; '' clears it")
    p.add_argument("--eases", metavar="E", help="what eases it; '' clears it")
    p.add_argument("--worsens", metavar="W", help="what worsens it; '' clears it")
    p.add_argument("--leg", action=argparse.BooleanOptionalAction, default=None, help="the pain spreads down a leg")
    p.add_argument("--name", metavar="NAME", help="what relief you took (a relief)")
    p.add_argument("--minutes", metavar="M", help="how long, in minutes (a relief)")
    p.add_argument("--note", metavar="T", help="a note ('' clears it; '-' reads it from standard input)")

    p = command("delete", cmd_delete, "Delete a record by its id (or the start of it); 'painpal undo' brings it back.")
    p.add_argument("id", metavar="ID", help="the record's id, or enough of its start to be unique ('painpal list')")
    p.add_argument("--yes", action="store_true", help="do not ask first")

    command("devices", cmd_devices, "List the devices writing to this data folder (a folder synced between machines).")
    command("undo", cmd_undo, "Take back your last change: a check-in, a relief, an edit, a deletion, ...")

    p = command("export", cmd_export, "Write all your records as JSON (re-importable) or CSV.")
    p.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    p = command("import", cmd_import, "Merge a painpal JSON export; records already present are skipped.")
    p.add_argument("file", metavar="FILE", help="a file made by 'painpal export --format json'")
    p.add_argument(
        "--settings", action="store_true", help="take the export's settings even where this folder has its own"
    )

    p = command(
        "demo",
        cmd_demo,
        "Build a realistic synthetic history to try painpal with, in a folder of its own: never your data.",
        data_dir_help="a new or empty folder to write the demo into (default: painpal's own demo folder in your "
        "cache, opened in the TUI; $PAINPAL_DATA_DIR is ignored)",
    )
    p.add_argument("--days", type=int, default=90, help="how many days of history (default 90)")
    p.add_argument(
        "--force",
        action=_Gone,
        message="--force is gone: painpal demo never adds to a folder that holds data; name a new or empty folder "
        "with --data-dir, or leave --data-dir out for a demo folder of its own.",
    )

    p = command("routines", cmd_routines, "List the micro-routine library: built-ins and your own; hidden ones marked.")
    p.add_argument("--json", action="store_true", help="print JSON with each routine's steps, stop rule and source")

    p = command("relief", cmd_relief, "Log relief taken outside a routine: heat, walk, massage, medication taken, ...")
    p.add_argument("name", metavar="NAME", nargs="+", help="what you did, e.g. heat, walk, 'warm shower'")
    p.add_argument("--minutes", metavar="M", help="how long, in minutes")
    p.add_argument("--note", metavar="T", help="a note; '-' reads it from standard input (keeps it out of history)")
    p.add_argument("--at", metavar="WHEN", help=AT_HELP)

    p = command("suggest", cmd_suggest, "Say what to do now, and why: the routine the Today screen suggests.")
    p.add_argument("--json", action="store_true", help="print JSON: routine, steps, reason, context, seek_care")

    p = command("report", cmd_report, "Write a report for your clinician: pain, patterns, what helps, the detail.")
    p.add_argument("--days", type=int, metavar="N", help="the last N painpal days, today included (default 30)")
    p.add_argument("--since", metavar="D", help="the first day: 'last monday', YYYY-MM-DD, ... (instead of --days)")
    p.add_argument("--until", metavar="D", help="the last day, in the same words (with --since; default today)")
    p.add_argument(
        "--format",
        choices=("md", "html", "json"),
        default="md",
        help="md (default), html (printable pages) or json (every figure and claim as data)",
    )
    p.add_argument("--name", metavar="NAME", help="put NAME on your reports from now on ('' removes it)")
    p.add_argument(
        "--born", metavar="YYYY-MM-DD", help="put your date of birth on your reports from now on ('' removes it)"
    )
    p.add_argument(
        "--brief",
        action="store_true",
        help="print the visit brief instead: the two minutes to say at the start of an appointment, then the figures",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (mode 0600) instead of standard output")

    p = command("review", cmd_review, "Print the end-of-day review of a painpal day: pain, routines, sitting, pacing.")
    p.add_argument("--date", metavar="D", help="the day to review: 'yesterday', 'friday', YYYY-MM-DD (default today)")

    p = command("notify", cmd_notify, "Show or set how prompts reach you when painpal is hidden; --test sends one now.")
    p.add_argument("--test", action="store_true", help="send a test notification now (quiet hours or not)")
    p.add_argument(
        "--channels", metavar="LIST", help="which ways to use, e.g. 'terminal,desktop,bell' ('none' for none)"
    )
    p.add_argument("--quiet", metavar="HH:MM-HH:MM", help="no notification in these hours, e.g. 22:00-07:00; 'off'")

    p = command("calendar", cmd_calendar, "Add, list or remove the calendars (.ics files or folders) prompts avoid.")
    p.add_argument("action", choices=("add", "list", "remove", "moving"), help="what to do")
    p.add_argument(
        "path",
        metavar="PATH",
        nargs="*",
        help="add/remove: an .ics file or a folder of them; moving: the categories that mean standing or walking",
    )

    command("status", cmd_status, "Print one line for a tmux or shell status bar, e.g. 'pain 4 · stand in 12m'.")
    return parser
