"""The Care screen's state: the care team, appointments, warning reports, and the report the brief comes from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from painpal import settings
from painpal.domain import safety
from painpal.domain.records import Appointment, CarePerson, SafetyEvent
from painpal.report import ReportData, WarningReport, suggested_questions, warning_report
from painpal.services.report import report_for
from painpal.storage.store import Store

REPORT_DAYS = 30
"""The brief and the exported report cover the last 30 painpal days, like ``painpal report``."""


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


def _with_old_warnings(report: ReportData, events: Iterable[SafetyEvent]) -> tuple[WarningReport, ...]:
    """The report's warnings plus any unresolved older one the report's window did not reach."""
    seen = {w.at for w in report.warnings}
    extra = [warning_report(e) for e in events if e.resolved is None and e.at not in seen]
    return tuple(sorted((*report.warnings, *extra), key=lambda w: w.at, reverse=True))
