"""The ``painpal`` command line: every sub-command, one clear line on bad input.

A contract scripts and status bars rely on (DESIGN.md, "The command line"):
data on stdout, errors on stderr as one sentence, exit status 2 for bad input
(nothing written), 1 for a problem with the data files. Only the core is
imported at start-up; the TUI (and so Textual) is imported when the TUI is
asked for, which keeps ``painpal log 5`` fast.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TextIO

from painpal import __version__
from painpal.domain.clock import Clock, clock_from_env
from painpal.domain.records import NOTE_MAX, CheckIn, ValidationError
from painpal.storage.store import SCHEMA_VERSION, Store, StoreError, default_data_dir, validate_documents

EXIT_BAD_INPUT = 2
EXIT_DATA_PROBLEM = 1
EXPORT_FORMAT = "painpal-export"
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cells a spreadsheet would run as a formula (CWE-1236); exports prefix them with ``'``."""


class UsageError(Exception):
    """Bad arguments: reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help').")


class Context:
    """What a command needs: where the data is, and the clock. The store opens on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        try:
            self.clock: Clock = clock_from_env()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        self.explicit_dir = getattr(args, "data_dir", None) or os.environ.get("PAINPAL_DATA_DIR") or None
        self.data_dir = Path(args.data_dir).expanduser() if getattr(args, "data_dir", None) else default_data_dir()
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.data_dir, self.clock)
        return self._store

    def when(self, text: str | None) -> datetime:
        """``--at`` as an aware instant (now when absent); future times are refused."""
        now = self.clock.now()
        if text is None:
            return now
        return parse_when(text, now)


def parse_when(text: str, now: datetime) -> datetime:
    """What ``dateutil.parser`` makes of ``text``, in the local zone, not in the future.

    "17:30" means today at 17:30; a wall time that a daylight-saving change
    skipped is moved forward past the gap, as a clock on the wall would be.
    """
    from dateutil import parser, tz

    raw = text.strip()
    if not raw:
        raise ValidationError("--at needs a time, e.g. 17:30 or '2026-11-29 5pm'.")
    try:
        # Fields the text leaves out come from `default`: "5pm" is 17:00, not 17 and now's minutes.
        when = parser.parse(raw, default=now.replace(minute=0, second=0, microsecond=0, tzinfo=None))
    except (ValueError, OverflowError):
        raise ValidationError(
            f"--at {text!r} is not a time painpal understands; try 17:30 or '2026-11-29 5pm'."
        ) from None
    if when.tzinfo is None:
        when = tz.resolve_imaginary(when.replace(tzinfo=now.tzinfo))
    if when > now + timedelta(minutes=1):
        raise ValidationError(f"--at {text!r} is in the future ({when:%Y-%m-%d %H:%M}); painpal logs what happened.")
    return when


def read_note(value: str | None, stdin: TextIO) -> str | None:
    """``--note -`` reads the note from standard input, so private words stay out of shell history."""
    if value != "-":
        return value
    text = stdin.read(NOTE_MAX * 4 + 1)
    return text.strip() or None


# ----------------------------------------------------------------- commands


def cmd_log(ctx: Context) -> int:
    """Record one check-in."""
    a = ctx.args
    note = read_note(a.note, sys.stdin)
    checkin = CheckIn(
        at=ctx.when(a.at),
        intensity=a.intensity,
        location=a.location,
        quality=a.quality,
        pattern=a.pattern,
        activity=a.activity,
        eases=a.eases,
        worsens=a.worsens,
        note=note,
        leg_spread=a.leg,
    )
    ctx.store.add(checkin)
    print(f"Logged pain {checkin.intensity} at {checkin.at:%H:%M}.")
    if checkin.intensity >= 8 or checkin.leg_spread:
        from painpal.domain.safety import WARNING_SIGNS

        print(
            "If you have any of these, seek care: "
            + "; ".join(s.text.lower() for s in WARNING_SIGNS if s.urgency == "emergency")
            + ". Run 'painpal' to go through the warning-sign check.",
            file=sys.stderr,
        )
    return 0


def _csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(CSV_FORMULA_START):
        return "'" + text
    return text


def export_json(store: Store, now: datetime) -> str:
    """Every record, grouped by table, with what a reader needs to know about the file."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, doc in store.export_documents():
        tables.setdefault(table, []).append(doc)
    payload = {
        "format": EXPORT_FORMAT,
        "painpal": __version__,
        "schema": SCHEMA_VERSION,
        "exported": now.isoformat(),
        "records": tables,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def export_csv(store: Store) -> str:
    """One row per record; ``table`` says what kind; formula-like cells neutralised."""
    rows = list(store.export_documents())
    columns = ["table", "id", "at"]
    for _, doc in rows:
        for key in doc:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for table, doc in rows:
        writer.writerow([_csv_cell(table if c == "table" else doc.get(c)) for c in columns])
    return out.getvalue()


def write_output(text: str, target: str | None) -> None:
    """Write to ``-o FILE`` (atomically, 0600: it holds health data) or to stdout."""
    if not target or target == "-":
        sys.stdout.write(text)
        return
    from painpal.storage.files import OutputPathError, write_private_file

    try:
        path = write_private_file(Path(target), text)
    except OutputPathError as exc:  # no such folder, or a link or a folder at the name: bad input
        raise UsageError(str(exc)) from None
    print(f"Wrote {path}.", file=sys.stderr)


def cmd_export(ctx: Context) -> int:
    """Write every record as JSON (re-importable) or CSV (for a spreadsheet)."""
    text = export_csv(ctx.store) if ctx.args.format == "csv" else export_json(ctx.store, ctx.clock.now())
    write_output(text, ctx.args.output)
    return 0


def load_export(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Read and validate a painpal JSON export; raises ValidationError with one sentence."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Could not read {path}: {getattr(exc, 'strerror', None) or exc}.") from None
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}).") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ValidationError(f"{path} is not a painpal export (made by 'painpal export --format json').")
    if not isinstance(payload.get("schema"), int) or payload["schema"] > SCHEMA_VERSION:
        raise ValidationError(
            f"{path} comes from a newer painpal (schema {payload.get('schema')!r}); upgrade to import it."
        )
    records = payload.get("records")
    if not isinstance(records, dict) or not all(isinstance(v, list) for v in records.values()):
        raise ValidationError(f"{path} has no list of records under 'records'.")
    return validate_documents((table, doc) for table, docs in records.items() for doc in docs)


def cmd_import(ctx: Context) -> int:
    """Merge an export into this data directory; records already here (same id) are skipped."""
    items = load_export(Path(ctx.args.file).expanduser())
    added = ctx.store.add_documents(items)
    print(f"Imported {added} new record{'s' * (added != 1)}; {len(items) - added} already present.")
    return 0


def demo_dir() -> Path:
    """Where ``painpal demo`` builds its history when no data dir is named: never the real data.

    The user's cache folder, not a folder inside the data dir, so a backup of
    the real data never carries the synthetic history along.
    """
    import platformdirs

    return platformdirs.user_cache_path("painpal") / "demo"


def cmd_demo(ctx: Context) -> int:
    """Fill a data directory with a realistic synthetic history."""
    from painpal import demo

    a = ctx.args
    if not 1 <= a.days <= 3660:
        raise ValidationError(f"--days must be from 1 to 3660, not {a.days}.")
    open_tui = ctx.explicit_dir is None
    if open_tui:
        ctx.data_dir = demo_dir()
        a.force = True  # the demo dir is painpal's own scratch space
        if ctx.data_dir.exists():
            import shutil

            shutil.rmtree(ctx.data_dir)
    store = ctx.store
    if not store.is_empty() and not a.force:
        raise UsageError(
            f"{ctx.data_dir} already holds painpal data; use --force to add the demo history to it anyway."
        )
    added = store.add_documents(demo.documents(ctx.clock.now(), a.days))
    from painpal import settings

    settings.save(store, welcomed=True)  # a demo opens straight on a lived-in day
    print(f"Wrote {added} demo records covering {a.days} days to {ctx.data_dir}.", file=sys.stderr)
    if open_tui and sys.stdin.isatty() and sys.stdout.isatty():
        return run_tui(ctx)
    return 0


def cmd_routines(ctx: Context) -> int:
    """List the micro-routine library: the built-ins and the person's own, hidden ones marked."""
    from painpal import routines, settings

    prefs = settings.load(ctx.store).require(settings.ROUTINES, settings.HIDDEN_ROUTINES)
    library = routines.library(prefs.routines, prefs.hidden_routines)
    if ctx.args.json:
        items = [{**routines.routine_to_dict(r), "minutes": r.minutes} for r in library]
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    rows = [("ID", "NAME", "KIND", "MIN", "FITS")]
    for r in library:
        mark = " (hidden)" if r.hidden else "" if r.builtin else " (yours)"
        rows.append((r.id, r.name + mark, r.kind, str(r.minutes), ", ".join(r.fits)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].rjust(widths[i]) if i == 3 else row[i].ljust(widths[i]) for i in range(4)]
        print("  ".join([*cells, row[4]]))
    return 0


def cmd_relief(ctx: Context) -> int:
    """Log relief taken outside a guided routine: heat, a walk, medication taken (by name only)."""
    from painpal.domain.records import Relief
    from painpal.domain.relief import relief_kind

    a = ctx.args
    name = " ".join(a.name)
    at = ctx.when(a.at)
    # Validate before reading a note from stdin, so bad minutes fail at once, with nothing written.
    Relief(at=at, name=name, minutes=a.minutes)
    relief = Relief(at=at, name=name, kind=relief_kind(name), minutes=a.minutes, note=read_note(a.note, sys.stdin))
    ctx.store.add(relief)
    length = f", {relief.minutes:g} min" if relief.minutes is not None else ""
    print(f"Logged {relief.name} ({relief.kind}{length}) at {relief.at:%H:%M}.")
    return 0


def cmd_suggest(ctx: Context) -> int:
    """Say what to do now and why: the same suggestion the Today screen shows."""
    from painpal.services.suggest import suggestion as suggest_now
    from painpal.services.suggest import suggestion_json

    now = ctx.clock.now()
    suggestion = suggest_now(ctx.store, now)
    if ctx.args.json:
        print(json.dumps(suggestion_json(suggestion, now), ensure_ascii=False, indent=1))
        return 0
    routine = suggestion.routine
    if suggestion.seek_care:
        print(suggestion.seek_care)
        print()
    if routine is not None:
        print(f"{routine.name} ({routine.kind}, {routine.minutes} min)")
    print(suggestion.reason)
    if suggestion.alternatives:
        print("Or: " + ", ".join(r.name for r in suggestion.alternatives) + ".")
    return 0


def cmd_report(ctx: Context) -> int:
    """Write the clinician report (Markdown or one printable HTML page) for a period of painpal days."""
    from painpal.report import render
    from painpal.report.data import parse_day
    from painpal.services.report import report_for

    a = ctx.args
    if a.days is not None and a.since is not None:
        raise UsageError("--days and --since cannot be used together; choose one.")
    since = parse_day(a.since, "--since") if a.since is not None else None
    until = parse_day(a.until, "--until") if a.until is not None else None
    data = report_for(ctx.store, ctx.clock.now(), days=a.days, since=since, until=until)
    write_output(render(data, a.format), a.output)
    return 0


def parse_review_day(text: str, today: date) -> date:
    """``--date`` as a painpal day: YYYY-MM-DD, "today", "yesterday", or what ``dateutil.parser`` reads.

    A future day has nothing to review, so it is refused like any bad date.
    """
    raw = text.strip()
    words = {"today": today, "yesterday": today - timedelta(days=1)}
    if raw.lower() in words:
        return words[raw.lower()]
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        from dateutil import parser

        try:
            day = parser.parse(raw, default=datetime.combine(today, datetime.min.time())).date()
        except (ValueError, OverflowError):
            raise ValidationError(f"--date {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-29.") from None
    if day > today:
        raise ValidationError(f"--date {text!r} is in the future ({day}); painpal reviews days that have happened.")
    return day


def cmd_review(ctx: Context) -> int:
    """Print the end-of-day review of a painpal day (default today): the figures the Review screen shows."""
    from painpal.analysis.review import review_text
    from painpal.domain.clock import painpal_day
    from painpal.services.review import load_review_data
    from painpal.settings import SettingsError

    now = ctx.clock.now()
    day = None
    if ctx.args.date is not None:
        parse_review_day(ctx.args.date, painpal_day(now))  # a bad date fails before the data dir is touched
        from painpal import settings

        plan = settings.load(ctx.store).require(settings.PLAN).plan
        day = parse_review_day(ctx.args.date, painpal_day(now, plan.day_start_hour))
    data = load_review_data(ctx.store, now, day)
    if data.plan_problem:
        raise SettingsError(data.plan_problem)
    print(review_text(data.review))
    return 0


def cmd_status(ctx: Context) -> int:
    """Print one line for a tmux or shell status bar, e.g. "pain 4 · stand in 12m"; fast, core only."""
    from painpal.services.status import status_line

    separator = " · "
    try:
        separator.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        separator = " | "  # an ASCII-only terminal or pipe: "·" would crash the print
    print(status_line(ctx.store, ctx.clock.now(), separator))
    return 0


def run_tui(ctx: Context) -> int:
    """Open the TUI on this context's data (imports Textual only now)."""
    try:
        from painpal.tui.app import run
    except ImportError:  # pragma: no cover - the TUI ships with the package
        raise UsageError("The TUI is not available in this installation.") from None
    return run(ctx.store, ctx.clock)


# ------------------------------------------------------------------- parser


class _Unused:
    """Stands in for the parser of a command that was not asked for: its options are never needed.

    Building every sub-command's options costs ~10 ms of argparse work, on
    the path of every ``painpal log``; only the command being run gets them.
    """

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Unused:
        return self


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

    def command(name: str, func: Callable[[Context], int], help_text: str) -> Any:
        if only is not None and name != only:
            sub.add_parser(name, help=help_text, add_help=False)
            return _Unused()
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    p = command("log", cmd_log, "Record a pain check-in: intensity 0 (none) to 10 (worst imaginable).")
    p.add_argument("intensity", metavar="N", help="pain intensity, a whole number from 0 to 10")
    p.add_argument("--location", metavar="L", help="where it hurts, e.g. 'lower back, left'")
    p.add_argument("--quality", metavar="Q", help="how it feels: sharp, dull, aching, burning, tingling, stabbing, ...")
    p.add_argument("--pattern", metavar="P", help="constant or intermittent")
    p.add_argument("--activity", metavar="A", help="what you were doing before it started")
    p.add_argument("--eases", metavar="E", help="what eases it")
    p.add_argument("--worsens", metavar="W", help="what worsens it")
    p.add_argument("--leg", action="store_true", help="the pain spreads down a leg")
    p.add_argument("--note", metavar="T", help="a note; '-' reads it from standard input (keeps it out of history)")
    p.add_argument("--at", metavar="WHEN", help="when, if not now: '17:30', '2026-11-29 5pm'")

    p = command("export", cmd_export, "Write all your records as JSON (re-importable) or CSV.")
    p.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    p = command("import", cmd_import, "Merge a painpal JSON export; records already present are skipped.")
    p.add_argument("file", metavar="FILE", help="a file made by 'painpal export --format json'")

    p = command("demo", cmd_demo, "Build a realistic synthetic history to try painpal with.")
    p.add_argument("--days", type=int, default=90, help="how many days of history (default 90)")
    p.add_argument("--force", action="store_true", help="add to a data dir that already holds data")

    p = command("routines", cmd_routines, "List the micro-routine library: built-ins and your own; hidden ones marked.")
    p.add_argument("--json", action="store_true", help="print JSON with each routine's steps, stop rule and source")

    p = command("relief", cmd_relief, "Log relief taken outside a routine: heat, walk, massage, medication taken, ...")
    p.add_argument("name", metavar="NAME", nargs="+", help="what you did, e.g. heat, walk, 'warm shower'")
    p.add_argument("--minutes", metavar="M", help="how long, in minutes")
    p.add_argument("--note", metavar="T", help="a note; '-' reads it from standard input (keeps it out of history)")
    p.add_argument("--at", metavar="WHEN", help="when, if not now: '17:30', '2026-11-29 5pm'")

    p = command("suggest", cmd_suggest, "Say what to do now, and why: the routine the Today screen suggests.")
    p.add_argument("--json", action="store_true", help="print JSON: routine, steps, reason, context, seek_care")

    p = command("report", cmd_report, "Write a report for your clinician: pain, patterns, what helps, the detail.")
    p.add_argument("--days", type=int, metavar="N", help="the last N painpal days, today included (default 30)")
    p.add_argument("--since", metavar="D", help="the first day, YYYY-MM-DD (instead of --days)")
    p.add_argument("--until", metavar="D", help="the last day, YYYY-MM-DD (with --since; default today)")
    p.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html: one printable page")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (mode 0600) instead of standard output")

    p = command("review", cmd_review, "Print the end-of-day review of a painpal day: pain, routines, sitting, pacing.")
    p.add_argument("--date", metavar="D", help="the day to review: YYYY-MM-DD, 'yesterday', ... (default today)")

    command("status", cmd_status, "Print one line for a tmux or shell status bar, e.g. 'pain 4 · stand in 12m'.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the return value is the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=command_in(argv))
    try:
        args = parser.parse_args(argv)
        ctx = Context(args)
        func: Callable[[Context], int] | None = getattr(args, "func", None)
        return run_tui(ctx) if func is None else func(ctx)
    except (UsageError, ValidationError) as exc:
        print(f"painpal: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as exc:
        print(f"painpal: {exc}", file=sys.stderr)
        return EXIT_DATA_PROBLEM

    except KeyboardInterrupt:
        print("painpal: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `painpal export | head`: the reader left; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
