"""Every ``painpal`` sub-command: read the arguments, ask a service or the store, print.

A command computes no domain figure itself: review, report, status and
suggest come from :mod:`painpal.services`, so they print what the TUI shows.
Data goes to standard output; what a person should read about it (a file
written, a warning sign) to standard error.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from painpal.cli.context import Context, UsageError, read_note
from painpal.domain.records import CheckIn, ValidationError
from painpal.storage.store import Merge
from painpal.text import day_text, drop_format_controls, when_text


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
        location=tuple(a.location or ()),
        quality=a.quality,
        pattern=a.pattern,
        activity=a.activity,
        eases=a.eases,
        worsens=a.worsens,
        note=note,
        leg_spread=a.leg,
    )
    ctx.store.add(checkin, undo=f"pain {checkin.intensity} at {checkin.at:%H:%M}")
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
    from painpal import settings
    from painpal.storage.exchange import load_export

    export = load_export(Path(ctx.args.file).expanduser())
    take, left = settings.restorable(export.settings, ctx.store.settings(), replace=ctx.args.settings)
    merge = ctx.store.merge_documents(export.documents, take)
    print(import_summary(merge))
    if export.repeated:
        n = export.repeated
        print(f"The file lists {n} record{'s' * (n != 1)} twice (duplicate ids); each was taken once.")
    if take:
        print(f"Restored settings: {', '.join(take)}.")
    if left:
        print(f"Kept this folder's settings: {', '.join(left)}; 'painpal import --settings FILE' takes the export's.")
    return 0


def import_summary(merge: Merge) -> str:
    """One line saying what an import did, naming the records it did not take."""
    line = f"Imported {merge.added} new record{'s' * (merge.added != 1)}; {merge.present} already present"
    if merge.updated:
        line += f"; {merge.updated} updated to a later edit"
    if merge.deleted:
        line += f"; {merge.deleted} deleted as in the export"
    if merge.kept_deleted:
        line += f"; {merge.kept_deleted} deleted here since and left deleted"
    if merge.differing:
        n = len(merge.differing)
        ids = ", ".join(merge.differing[:3]) + (f" and {n - 3} more" if n > 3 else "")
        if n == 1:
            line += f"; 1 was skipped: a different record with the same id is already stored and was kept ({ids})"
        else:
            line += f"; {n} were skipped: different records with the same ids are already stored and were kept ({ids})"
    return line + "."


def cmd_demo(ctx: Context) -> int:
    """Build a realistic synthetic history in a folder of its own, never beside the person's records.

    Without ``--data-dir`` the history goes to the demo's scratch folder and
    the TUI opens on it; ``PAINPAL_DATA_DIR`` is ignored, since it names the
    person's data. With ``--data-dir DIR`` it goes to DIR only when DIR is new,
    empty, or an untouched earlier demo (:mod:`painpal.storage.demo_folder`).
    """
    import shlex

    from painpal import demo, settings
    from painpal.storage import demo_folder
    from painpal.storage.files import remove_scratch_folder
    from painpal.storage.store import default_data_dir

    a = ctx.args
    if not 1 <= a.days <= 3660:
        raise ValidationError(f"--days must be from 1 to 3660, not {a.days}.")
    named = getattr(a, "data_dir", None)
    try:
        if named is None:
            ctx.data_dir = demo_folder.scratch_dir()
            demo_folder.refuse_overlap(ctx.data_dir, default_data_dir())
            remove_scratch_folder(ctx.data_dir)  # the demo's own space: a fresh history every run
        else:
            demo_folder.clear(ctx.data_dir, demo_folder.check_target(ctx.data_dir))
    except demo_folder.RefusedFolder as exc:
        raise UsageError(str(exc)) from None
    store = ctx.store
    added = store.add_documents(demo.documents(ctx.clock.now(), a.days))
    settings.save(store, welcomed=True)  # a demo opens straight on a lived-in day
    demo_folder.mark(ctx.data_dir)
    if named is not None:
        see = f"painpal --data-dir {shlex.quote(str(ctx.data_dir))}"
        print(
            f"Wrote {added} demo records covering {a.days} days to {ctx.data_dir}. See them with: {see}",
            file=sys.stderr,
        )
        return 0
    print(
        f"Wrote {added} demo records covering {a.days} days to {ctx.data_dir}; your own data is untouched.",
        file=sys.stderr,
    )
    if sys.stdin.isatty() and sys.stdout.isatty():
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
    ctx.store.add(relief, undo=f"{relief.name} at {relief.at:%H:%M}")
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


def remember_report_person(ctx: Context, name: str | None, born: str | None) -> None:
    """Store whose report it is (a value not given keeps what was stored), and say so on standard error."""
    from painpal import settings

    stored = settings.load(ctx.store).report_person
    person = settings.report_person(
        stored.name if name is None else name,
        (stored.born.isoformat() if stored.born else None) if born is None else born,
    )
    settings.save(ctx.store, person=person)
    shown = ", ".join(part for part in (person.name, f"born {person.born}" if person.born else None) if part)
    print(f"Reports will name {shown}." if shown else "Reports will name nobody.", file=sys.stderr)


def cmd_report(ctx: Context) -> int:
    """Write the clinician report (Markdown or one printable HTML page) for a period of painpal days."""
    from painpal.report import render
    from painpal.services.report import report_for

    a = ctx.args
    if a.days is not None and a.since is not None:
        raise UsageError("--days and --since cannot be used together; choose one.")
    since = ctx.day(a.since, "--since") if a.since is not None else None
    until = ctx.day(a.until, "--until", future=True) if a.until is not None else None  # capped at today
    if a.name is not None or a.born is not None:
        remember_report_person(ctx, a.name, a.born)
    data = report_for(ctx.store, ctx.clock.now(), days=a.days, since=since, until=until)
    if a.brief:
        from painpal.report.wording import visit_brief

        write_output(visit_brief(data) + "\n", a.output, ctx.data_dir)
        return 0
    write_output(render(data, a.format), a.output, ctx.data_dir)
    return 0


def cmd_review(ctx: Context) -> int:
    """Print the end-of-day review of a painpal day (default today): the figures the Review screen shows."""
    from painpal import settings
    from painpal.analysis.review import review_text
    from painpal.services.review import load_review_data

    now, text = ctx.clock.now(), ctx.args.date
    day = None if text is None else ctx.day(text, "--date")  # what the person typed is judged first
    prefs = settings.load(ctx.store).require(settings.PLAN)  # a review on a plan it cannot read would mislead
    say(review_text(load_review_data(ctx.store, now, day, prefs).review))
    return 0


def cmd_calendar(ctx: Context) -> int:
    """``painpal calendar add|list|remove PATH`` and ``moving [CATEGORY ...]``: the calendars prompts avoid."""
    from painpal.cli.context import EXIT_DATA_PROBLEM
    from painpal.services import calendar

    a = ctx.args
    if a.action == "moving":
        calendar.set_moving(ctx.store, a.path)
        print(f"Moving categories: {', '.join(a.path)}." if a.path else "No category marks a meeting as moving.")
        return 0
    if a.action in ("add", "remove"):
        if len(a.path) != 1:
            raise UsageError(f"painpal calendar {a.action} takes one PATH: an .ics file or a folder of them.")
        if a.action == "remove":
            say(f"Removed {calendar.remove(ctx.store, a.path[0])}.")
            return 0
        path, day = calendar.add(ctx.store, a.path[0], ctx.clock.now())
        say(f"Added {path}: {calendar.count_phrase(len(day.meetings))}.")
        for problem in day.problems:
            say_error(problem)
        return 0
    if a.path:
        raise UsageError("painpal calendar list takes no PATH.")
    from painpal import settings

    prefs = settings.load(ctx.store).require(settings.CALENDARS, settings.MOVING_CATEGORIES)
    if not prefs.calendars:
        print("No calendars. Add one with: painpal calendar add PATH")
        return 0
    day = calendar.day_of(ctx.store, ctx.clock.now())
    for path, count in day.counts:
        say(f"{path}  {calendar.count_phrase(count)}")
    if prefs.moving_categories:
        say(f"Moving categories: {', '.join(prefs.moving_categories)}")
    for problem in day.problems:
        say_error(problem)
    return EXIT_DATA_PROBLEM if day.problems else 0


def say_error(text: str) -> None:
    """A sentence about the data, on standard error, as :func:`say` prints to standard output."""
    print(f"painpal: {drop_format_controls(text)}", file=sys.stderr)


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


def cmd_notify(ctx: Context) -> int:
    """Show how prompts reach the person, change the channels or quiet hours, or send a test notification.

    The test goes to this terminal (standard output, when it is one; else
    standard error), so the bytes are the ones the TUI writes from the same
    place; what was used is said on standard error.
    """
    from dataclasses import replace

    from painpal import notify, settings

    a = ctx.args
    channels = notify.channels_from(a.channels) if a.channels is not None else None
    quiet = notify.quiet_hours(a.quiet) if a.quiet is not None else None  # both checked before anything is written
    if channels is not None or a.quiet is not None:
        prefs = settings.load(ctx.store)
        plan = None
        if channels is not None and ("bell" in channels) != prefs.plan.bell:
            plan = replace(prefs.require(settings.PLAN).plan, bell="bell" in channels)  # the bell's home is the plan
        settings.save(
            ctx.store,
            plan=plan,
            notify_channels=channels,
            quiet_hours=(quiet or "off") if a.quiet is not None else None,
        )
    prefs = settings.load(ctx.store)
    reach = prefs.reach
    route = notify.detect_route()
    if a.test:
        stream = next((s for s in (sys.stdout, sys.stderr) if s.isatty()), None)
        if stream is None:
            raise UsageError("painpal notify --test needs a terminal: run it in the one prompts should reach.")

        def write(text: str) -> None:
            stream.buffer.write(text.encode("utf-8"))
            stream.flush()

        sent = notify.deliver(notify.Note(notify.TEST_TEXT), route, reach.channels, write)
        said = sent.said() + (f" {route.hint[0].upper()}{route.hint[1:]}" if route.hint else "")
        if reach.quiet_at(ctx.clock.now()):
            said += f" These are your quiet hours ({reach.quiet}): prompts notify nobody until they end."
        print(said, file=sys.stderr)
        return 0
    for problem in prefs.problems:
        if problem.key in (settings.NOTIFY_CHANNELS, settings.QUIET_HOURS):
            print(problem.message, file=sys.stderr)
    say(f"Channels: {', '.join(reach.channels) or 'none'}.")
    say(f"Quiet hours: {reach.quiet or 'off'}.")
    say(route.describe(reach.channels))
    return 0


def run_tui(ctx: Context) -> int:
    """Open the TUI on this context's data (imports Textual only now)."""
    try:
        from painpal.tui.app import run
    except ImportError:  # pragma: no cover - the TUI ships with the package
        raise UsageError("The TUI is not available in this installation.") from None
    return run(ctx.store, ctx.clock)


def _days(ctx: Context) -> tuple[datetime, datetime, str]:
    """The painpal days ``list`` covers (``--date`` or ``--since``/``--until``; default today) and how to say them."""
    from painpal import settings
    from painpal.domain.plan import day_bounds

    a, now = ctx.args, ctx.clock.now()
    if a.date is not None and (a.since is not None or a.until is not None):
        raise UsageError("--date names one day; use --since and --until for several, not both.")
    if a.until is not None and a.since is None:
        raise UsageError("--until needs --since.")
    plan = settings.load(ctx.store).plan  # a bad plan falls back to its readable part: a list still works
    first = ctx.day(a.date or a.since or "today", "--date" if a.since is None else "--since")
    last = first if a.date is not None or a.since is None else ctx.day(a.until or "today", "--until")
    if last < first:
        raise UsageError(f"--until {a.until} is before --since {a.since}.")
    start, _ = day_bounds(plan, first, now.tzinfo or UTC)
    _, end = day_bounds(plan, last, now.tzinfo or UTC)
    said = day_text(first) if first == last else f"{day_text(first)} – {day_text(last)}"
    return start, end, said


def cmd_list(ctx: Context) -> int:
    """Show records with their short ids, to edit or delete them."""
    from painpal.services import corrections

    start, end, said = _days(ctx)
    tables = [corrections.kind_table(k) for k in ctx.args.kind] if ctx.args.kind else None
    items = corrections.listing(ctx.store, start, end, tables)
    if ctx.args.json:
        print(json.dumps([item.as_json() for item in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        print(f"No records for {said}.")
        return 0
    multi_day = items[0].record.at.date() != items[-1].record.at.date()
    for item in items:
        when = when_text(item.record.at) if multi_day else f"{item.record.at:%H:%M}"
        say(f"{corrections.short_id(item.record)}  {when}  {item.kind:<12} {corrections.describe(item.record)}")
    return 0


EDITABLE = ("intensity", "location", "quality", "pattern", "activity", "eases", "worsens", "name", "minutes")
"""``painpal edit`` options that set the field of their name; ``--at``, ``--note`` and ``--leg`` are read apart."""


def cmd_edit(ctx: Context) -> int:
    """Change fields of one record, found by its id or a unique prefix of it; it keeps its id."""
    from painpal.services import corrections

    a = ctx.args
    changes = {name: getattr(a, name) for name in EDITABLE if getattr(a, name) is not None}
    if a.at is not None:
        changes["at"] = ctx.when(a.at)
    if a.leg is not None:
        changes["leg_spread"] = a.leg
    if a.note is not None:
        changes["note"] = read_note(a.note, sys.stdin) or None
    if not changes:
        raise UsageError("Say what to change, e.g. 'painpal edit ID --intensity 6' (see 'painpal edit --help').")
    record = corrections.find(ctx.store, a.id)
    new = corrections.edit(ctx.store, record, changes, ctx.clock.now())
    print(
        f"Changed {corrections.LABELS[new.TABLE]} {corrections.short_id(new)}: {corrections.describe(new)}, "
        f"at {when_text(new.at)}. 'painpal undo' takes it back."
    )
    return 0


def cmd_delete(ctx: Context) -> int:
    """Delete one record, found by its id or a unique prefix; asks first unless --yes."""
    from painpal.services import corrections

    record = corrections.find(ctx.store, ctx.args.id)
    kind, short = corrections.LABELS[record.TABLE], corrections.short_id(record)
    what = f"{kind} {short} ({when_text(record.at)}, {corrections.describe(record)})"
    if not ctx.args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"painpal asks before deleting {what}; add --yes to delete without asking.")
        answer = input(f"Delete {what}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing was deleted.")
            return 0
    corrections.delete(ctx.store, record)
    say(f"Deleted {what}. 'painpal undo' brings it back.")
    return 0


def cmd_devices(ctx: Context) -> int:
    """List the devices writing to this data folder: each one's last write and how many records it holds."""
    rows = ctx.store.devices()
    names = [row.device or "(files from before sync, at the top of the folder)" for row in rows]
    whens = ["no write yet" if r.last_write is None else f"last write {r.last_write:%Y-%m-%d %H:%M}" for r in rows]
    counts = [f"{r.records} record{'s' * (r.records != 1)} in {r.files} file{'s' * (r.files != 1)}" for r in rows]
    name_w, when_w, count_w = (max(map(len, column), default=0) for column in (names, whens, counts))
    for row, name, when, count in zip(rows, names, whens, counts, strict=True):
        line = f"{name:<{name_w}}  {when:<{when_w}}  {count:<{count_w}}"
        say(f"{line}  <- this device" if row.this else line.rstrip())
    for note in [*ctx.store.merged.values(), *ctx.store.skipped.values()]:
        say_error(note)
    return 0


def report_sync_notes(ctx: Context) -> None:
    """Say on standard error what a sync left: skipped files each time, merged conflict copies once."""
    store = ctx.opened_store
    if store is None or not (store.skipped or store.merged):
        return
    from painpal.storage.devices import SyncNotes

    for note in SyncNotes().new(store.skipped.values(), store.merged.values()):
        say_error(note)


def cmd_undo(ctx: Context) -> int:
    """Take back the last change made to the record (a check-in, an edit, a deletion, ...)."""
    from painpal.services import corrections

    done = corrections.undo(ctx.store)
    say("Nothing to undo." if done is None else f"Undid: {done}.")
    return 0
