"""A year of a busy calendar: what reading today's meetings costs at start, beside icalendar parsing it alone.

Generates 1,000 events over a year in Europe/London (one in ten recurring
weekly, with exceptions), then times, each ``--runs`` times from a fresh
:class:`painpal.services.calendar.CalendarBook` (what Today's worker does on
opening): read, cut, parse and expand one day. Beside it, in the same run:
``icalendar.Calendar.from_ical`` on the whole file, the cost painpal's text cut
avoids; and a second ask of the same book (a tick after a stat found nothing
changed). Budget: **<= 50 ms** for the first read, off the UI thread.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from painpal.domain.plan import DayPlan
from painpal.services.calendar import CalendarBook

ZONE = ZoneInfo("Europe/London")


def busy_year(events: int, seed: int = 7) -> str:
    """An .ics text of ``events`` events over 2026: working-hours meetings, a tenth weekly with an EXDATE."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//painpal bench//EN"]
    first = datetime(2026, 1, 5, 9, 0)
    for n in range(events):
        start = first + timedelta(days=rng.randrange(360), hours=rng.randrange(8), minutes=rng.choice((0, 30)))
        end = start + timedelta(minutes=rng.choice((25, 30, 50, 60)))
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@example.org",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {n}",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:someone@example.org",
        ]
        if n % 10 == 0:
            lines += [
                "RRULE:FREQ=WEEKLY;COUNT=40",
                f"EXDATE;TZID=Europe/London:{start + timedelta(weeks=3):%Y%m%dT%H%M%S}",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import icalendar
    import recurring_ical_events  # noqa: F401 - imported before timing: both are paid once per process

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "busy.ics")
        path.write_text(busy_year(args.events))
        data = path.read_bytes()
        day, plan = date(2026, 6, 3), DayPlan()
        first: list[float] = []
        again: list[float] = []
        whole: list[float] = []
        found = 0
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            book = CalendarBook()
            t0 = time.perf_counter()
            found = len(book.read_day((str(path),), (), plan, day, ZONE).meetings)
            first.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            book.read_day((str(path),), (), plan, day, ZONE)
            again.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            icalendar.Calendar.from_ical(data)
            whole.append(time.perf_counter() - t0)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"painpal calendar benchmark: python {sys.version.split()[0]}, {sys.platform}, load average {load:.2f}")
    print(f"calendar: {args.events} events over a year ({len(data) // 1024} kB), {found} meetings on {day}")
    print(f"{args.runs} interleaved runs of each; median (min, max)\n")
    print(f"painpal, first read of a day (cut, parse, expand): {ms(first)}   budget 50 ms")
    print(f"painpal, asked again, nothing changed (a stat):     {ms(again)}")
    print(f"reference: icalendar parsing the whole file alone: {ms(whole)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
