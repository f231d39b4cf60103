"""The ``painpal`` command line: every sub-command, one clear line on bad input.

A contract scripts and status bars rely on (DESIGN.md, "The command line"):
data on stdout, errors on stderr as one sentence, exit status 2 for bad input
(nothing written), 1 for a problem with the data files. Only the core is
imported at start-up; the TUI (and so Textual) is imported when the TUI is
asked for, which keeps ``painpal log 5`` fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from painpal.cli.commands import report_sync_notes, run_tui
from painpal.cli.context import EXIT_BAD_INPUT, EXIT_DATA_PROBLEM, Context, UsageError
from painpal.cli.parser import build_parser, command_in
from painpal.domain.records import ValidationError
from painpal.storage.files import StoreError


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the return value is the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=command_in(argv))
    try:
        args = parser.parse_args(argv)
        ctx = Context(args)
        func: Callable[[Context], int] | None = getattr(args, "func", None)
        if func is None:
            return run_tui(ctx)
        status = func(ctx)
        if func.__name__ != "cmd_devices":  # that command lists them itself
            report_sync_notes(ctx)
        return status
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
