"""What every command shares: the parsed arguments, the data folder, the clock, and how input is read.

Bad input raises :class:`UsageError` or
:class:`painpal.domain.records.ValidationError`; :func:`painpal.cli.main`
turns either into one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from painpal.domain.clock import DEFAULT_DAY_START_HOUR, Clock, clock_from_env
from painpal.domain.records import FIRST_YEAR, LAST_YEAR, NOTE_MAX, ValidationError, check_year
from painpal.domain.when import parse_day, parse_when
from painpal.storage.files import StoreError
from painpal.storage.store import Store, default_data_dir

EXIT_BAD_INPUT = 2


EXIT_DATA_PROBLEM = 1


class UsageError(Exception):
    """Bad arguments: reported in one line with exit status 2."""


class Context:
    """What a command needs: where the data is, and the clock. The store opens on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        try:
            self.clock: Clock = clock_from_env()
            # Every date a command computes starts from now: one out of range would overflow later, far from here.
            check_year(self.clock.now(), "PAINPAL_NOW")
        except ValidationError:
            raise
        except OverflowError:  # so near year 1 or 9999 that even putting it in the local zone overflows
            raise UsageError(f"PAINPAL_NOW is outside the years painpal keeps, {FIRST_YEAR} to {LAST_YEAR}.") from None
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if getattr(args, "data_dir", None) == "":  # `--data-dir "$UNSET"`: never fall back to the real data
            raise UsageError("--data-dir is empty; name a folder, or leave the option out to use your own data.")
        self.data_dir = Path(args.data_dir).expanduser() if getattr(args, "data_dir", None) else default_data_dir()
        self._store: Store | None = None
        self._day_start_hour: int | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.data_dir, self.clock)
        return self._store

    @property
    def opened_store(self) -> Store | None:
        """The store if a command opened it (so reporting on it opens nothing)."""
        return self._store

    def when(self, text: str | None) -> datetime:
        """``--at`` as an aware instant (now when absent), as :mod:`painpal.domain.when` reads it; not in the future."""
        now = self.clock.now()
        if text is None:
            return now
        return parse_when(text, now, self.day_start_hour())

    def day(self, text: str, what: str, *, future: bool = False) -> date:
        """A day option (``--date``, ``--since``, ...) as a painpal day, as :mod:`painpal.domain.when` reads it."""
        return parse_day(text, self.clock.now(), self.day_start_hour(), what, future=future)

    def day_start_hour(self) -> int:
        """The plan's day-start hour: which painpal day "yesterday" and "5pm" fall in.

        Read tolerantly, so what the person typed is judged first (exit 2):
        a plan that does not read gives its readable part, a data file that
        does not read the default hour; the command then meets that problem
        where it reads or writes the data, and says so (exit 1).
        """
        from painpal import settings

        if self._day_start_hour is None:
            try:
                self._day_start_hour = settings.load(self.store).plan.day_start_hour
            except StoreError:
                self._day_start_hour = DEFAULT_DAY_START_HOUR
        return self._day_start_hour


def read_note(value: str | None, stdin: TextIO) -> str | None:
    """``--note -`` reads the note from standard input, so private words stay out of shell history."""
    if value != "-":
        return value
    text = stdin.read(NOTE_MAX * 4 + 1)
    return text.strip() or None
