"""The Care screen's state: the care team, appointments, warning reports, and the report the brief comes from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from painpal import settings
from painpal.domain import safety
from painpal.domain.records import Appointment, CarePerson, SafetyEvent
from painpal.report.data import ReportData, WarningReport, warning_report
from painpal.report.html import render_html
from painpal.report.markdown import render_markdown
from painpal.report.wording import suggested_questions
from painpal.services.report import report_for
from painpal.storage.files import private_folder, write_private_file
from painpal.storage.store import Store

REPORT_DAYS = 30
"""The brief and the exported report cover the last 30 painpal days, like ``painpal report``."""
REPORTS_DIR = "reports"
"""The Care screen's exports go to this folder inside the data directory: private (0700) like the data itself."""


@dataclass(frozen=True)
class CareState:
    """What the Care screen shows, loaded together."""

    people: tuple[CarePerson, ...]
    appointments: tuple[Appointment, ...]
    """All appointments, soonest first."""
    report: ReportData
    """The last :data:`REPORT_DAYS` days: the brief and the pre-filled questions come from it."""
    suggestions: tuple[str, ...]
    warning: SafetyEvent | None
    """The active (unresolved) warning-sign report, if any."""
    problems: tuple[str, ...] = ()
    """Sentences about stored settings painpal cannot read (the report used the defaults for them)."""

    def person(self, person_id: str | None) -> CarePerson | None:
        return next((p for p in self.people if p.id == person_id), None)

    def who(self, appointment: Appointment) -> str:
        p = self.person(appointment.person)
        return f"{p.name} ({p.role})" if p is not None else "someone not on your team"


def load_care_state(store: Store, now: datetime) -> CareState:
    """Read the team, appointments, warning reports and the 30-day report."""
    prefs = settings.load(store)
    warnings = store.records(SafetyEvent)  # all: an old warning never resolved still matters
    appointments = tuple(sorted(store.records(Appointment), key=lambda a: a.at))
    people = tuple(sorted(store.records(CarePerson), key=lambda p: p.name.lower()))
    report = report_for(store, now, days=REPORT_DAYS, prefs=prefs)
    report = replace(report, warnings=_with_old_warnings(report, warnings))
    return CareState(
        people=people,
        appointments=appointments,
        report=report,
        suggestions=tuple(suggested_questions(report, appointments)),
        warning=safety.active_warning(warnings),
        problems=prefs.messages,
    )


def export_reports(store: Store, now: datetime) -> tuple[Path, Path]:
    """Write the 30-day report as Markdown and HTML into this device's ``reports`` folder (0700; files 0600)."""
    data = report_for(store, now, days=REPORT_DAYS, prefs=settings.load(store))
    folder = private_folder(store.device_dir / REPORTS_DIR)  # in this device's folder: never written by two
    stem = f"painpal-report-{now:%Y-%m-%d}"
    md_path = write_private_file(folder / f"{stem}.md", render_markdown(data))
    html_path = write_private_file(folder / f"{stem}.html", render_html(data))
    return md_path, html_path


def _with_old_warnings(report: ReportData, events: Iterable[SafetyEvent]) -> tuple[WarningReport, ...]:
    """The report's warnings plus any unresolved older one the report's window did not reach."""
    seen = {w.at for w in report.warnings}
    extra = [warning_report(e) for e in events if e.resolved is None and e.at not in seen]
    return tuple(sorted((*report.warnings, *extra), key=lambda w: w.at, reverse=True))
