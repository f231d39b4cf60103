"""Every ``painpal`` sub-command: read the arguments, ask a service or the store, print.

A command computes no domain figure itself: review, report, status and
suggest come from :mod:`painpal.services`, so they print what the TUI shows.
Data goes to standard output; what a person should read about it (a file
written, a warning sign) to standard error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from painpal.cli.context import Context, UsageError, parse_review_day, read_note
from painpal.domain.records import CheckIn, ValidationError
from painpal.storage.store import Merge
from painpal.text import drop_format_controls


def say(text: str = "") -> None:
    """Print a line a person reads that may carry stored words (names, notes), as the TUI shows them.

    A right-to-left override in a routine name or an evening note would
    otherwise reorder the rest of the terminal line. JSON output is data for
    scripts and keeps stored text as it is.
    """
    print(drop_format_controls(text))


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


def write_output(text: str, target: str | None, data_dir: Path) -> None:
    """Write to ``-o FILE`` (atomically, 0600: it holds health data) or to stdout.

    A file inside the data folder is refused: ``-o painpal.json`` would replace
    the person's data with a report.
    """
    if not target or target == "-":
        sys.stdout.write(text)
        return
    from painpal.storage.files import OutputPathError, write_private_file

    where, inside = Path(target).expanduser().resolve(), data_dir.expanduser().resolve()
    if where == inside or inside in where.parents:
        raise UsageError(f"Cannot write {where}: it is inside painpal's data folder {inside}; choose another place.")
    try:
        path = write_private_file(Path(target), text)
    except OutputPathError as exc:  # no such folder, or a link or a folder at the name: bad input
        raise UsageError(str(exc)) from None
    print(f"Wrote {path}.", file=sys.stderr)


def cmd_export(ctx: Context) -> int:
    """Write every record as JSON (re-importable) or CSV (for a spreadsheet)."""
    from painpal.storage.exchange import export_csv, export_json

    text = export_csv(ctx.store) if ctx.args.format == "csv" else export_json(ctx.store, ctx.clock.now())
    write_output(text, ctx.args.output, ctx.data_dir)
    return 0


def cmd_import(ctx: Context) -> int:
    """Merge an export into this data directory; records already here (same id) are skipped."""
    from painpal.storage.exchange import load_export

    items = load_export(Path(ctx.args.file).expanduser())
    merge = ctx.store.merge_documents(items)
    print(import_summary(merge))
    return 0


def import_summary(merge: Merge) -> str:
    """One line saying what an import did, naming the records it did not take."""
    line = f"Imported {merge.added} new record{'s' * (merge.added != 1)}; {merge.present} already present"
    if merge.differing:
        n = len(merge.differing)
        ids = ", ".join(merge.differing[:3]) + (f" and {n - 3} more" if n > 3 else "")
        if n == 1:
            line += f"; 1 was skipped: a different record with the same id is already stored and was kept ({ids})"
        else:
            line += f"; {n} were skipped: different records with the same ids are already stored and were kept ({ids})"
    return line + "."


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
        from painpal.storage.files import remove_scratch_folder

        remove_scratch_folder(ctx.data_dir)
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
        rows.append((r.id, drop_format_controls(r.name) + mark, r.kind, str(r.minutes), ", ".join(r.fits)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [row[i].rjust(widths[i]) if i == 3 else row[i].ljust(widths[i]) for i in range(4)]
        print("  ".join([*cells, row[4]]))
    return 0


def cmd_relief(ctx: Context) -> int:
    """Log relief taken outside a guided routine: heat, a walk, medication taken (by name only)."""
    from painpal.domain.records import Relief
    from painpal.domain.relief import as_recorded, relief_kind

    a = ctx.args
    at = ctx.when(a.at)
    # Validate before reading a note from stdin, so bad minutes fail at once, with nothing written.
    Relief(at=at, name=" ".join(a.name), minutes=a.minutes)
    name, minutes = as_recorded(" ".join(a.name), a.minutes)
    relief = Relief(at=at, name=name, kind=relief_kind(name), minutes=minutes, note=read_note(a.note, sys.stdin))
    ctx.store.add(relief)
    if minutes is None and a.minutes is not None:
        print("Medication is recorded by name only: the minutes were not kept.", file=sys.stderr)
    length = f", {relief.minutes:g} min" if relief.minutes is not None else ""
    say(f"Logged {relief.name} ({relief.kind}{length}) at {relief.at:%H:%M}.")
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
        say(suggestion.seek_care)
        say()
    if routine is not None:
        say(f"{routine.name} ({routine.kind}, {routine.minutes} min)")
    say(suggestion.reason)
    if suggestion.alternatives:
        say("Or: " + ", ".join(r.name for r in suggestion.alternatives) + ".")
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
    write_output(render(data, a.format), a.output, ctx.data_dir)
    return 0


def cmd_review(ctx: Context) -> int:
    """Print the end-of-day review of a painpal day (default today): the figures the Review screen shows."""
    from painpal import settings
    from painpal.analysis.review import review_text
    from painpal.domain.clock import painpal_day
    from painpal.services.review import load_review_data

    now, text = ctx.clock.now(), ctx.args.date
    if text is not None:
        # A bad date fails before the data dir is touched; day start 0 allows the latest "today" of any plan.
        parse_review_day(text, painpal_day(now, 0))
    prefs = settings.load(ctx.store).require(settings.PLAN)  # a review on a plan it cannot read would mislead
    day = None if text is None else parse_review_day(text, painpal_day(now, prefs.plan.day_start_hour))
    say(review_text(load_review_data(ctx.store, now, day, prefs).review))
    return 0


def cmd_status(ctx: Context) -> int:
    """Print one line for a tmux or shell status bar, e.g. "pain 4 · stand in 12m"; fast, core only."""
    from painpal.services.status import status_line

    separator = " · "
    try:
        separator.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        separator = " | "  # an ASCII-only terminal or pipe: "·" would crash the print
    say(status_line(ctx.store, ctx.clock.now(), separator))
    return 0


def run_tui(ctx: Context) -> int:
    """Open the TUI on this context's data (imports Textual only now)."""
    try:
        from painpal.tui.app import run
    except ImportError:  # pragma: no cover - the TUI ships with the package
        raise UsageError("The TUI is not available in this installation.") from None
    return run(ctx.store, ctx.clock)
