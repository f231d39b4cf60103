"""The clinician report's data for a period: shared by `painpal report`, the Care screen's export and the brief.

One loader, so the period (whole painpal days, today included), the day-start
hour, the person's own routines and the "after sitting" rule are the same on
paper as on screen.
"""

from __future__ import annotations

from datetime import date, datetime

from painpal import settings
from painpal.report.data import ReportData, period, report_data
from painpal.storage.store import Store


def report_for(
    store: Store,
    now: datetime,
    *,
    days: int | None = None,
    since: date | None = None,
    until: date | None = None,
    prefs: settings.Settings | None = None,
) -> ReportData:
    """The report of the last ``days`` painpal days (default 30), or of ``since`` .. ``until``.

    Bad periods raise :class:`painpal.domain.records.ValidationError`; an
    unreadable plan or routine list raises :class:`painpal.settings.SettingsError`:
    a report on the wrong day boundaries or without the person's routines
    would mislead their clinician. A screen that stays up and names the
    problem passes the settings it loaded (``prefs``) instead: the report is
    then made with the defaults for what could not be read.
    """
    if prefs is None:
        prefs = settings.load(store).require(settings.PLAN, settings.ROUTINES)
    dsh = prefs.plan.day_start_hour
    start, end = period(now, days=days, since=since, until=until, day_start_hour=dsh)
    return report_data(store, start, end, now, day_start_hour=dsh, custom=prefs.routines, whose=prefs.report_person)
