"""What every command shares: the parsed arguments, the data folder, the clock, and how input is read.

Bad input raises :class:`UsageError` or
:class:`painpal.domain.records.ValidationError`; :func:`painpal.cli.main`
turns either into one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from painpal.domain.clock import Clock, clock_from_env
from painpal.domain.records import FIRST_YEAR, LAST_YEAR, NOTE_MAX, ValidationError, check_year
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
    # Before any zone arithmetic: near year 1 or 9999 that arithmetic itself overflows.
    check_year(when, "--at")
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
    check_year(day, "--date")
    if day > today:
        raise ValidationError(f"--date {text!r} is in the future ({day}); painpal reviews days that have happened.")
    return day
