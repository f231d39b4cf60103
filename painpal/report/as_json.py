"""The report as data: every figure and every claim of a period, for a clinician's tools or a second look.

``painpal report --format json`` prints this. It is made from the same
:class:`~painpal.report.data.ReportData` the Markdown and HTML pages are
made from, and its claims are the Insights screen's, so the numbers cannot
disagree. The schema (``painpal.report/1``) is documented in
``docs/statistics.md``; the claims inside it keep their own schema
(``painpal.claims/1``).

Medication appears by name and time only, as in every report.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from painpal import __version__
from painpal.analysis.claims import claims_to_json, relief_roles
from painpal.report.data import Figures, ReportData

SCHEMA = "painpal.report/1"


def _plain(value: Any) -> Any:
    """Dates and instants as ISO text, dataclasses as objects, tuples as lists: what JSON can hold."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


def _figures(f: Figures) -> dict[str, Any]:
    return dict(_plain(f))


def report_json(data: ReportData) -> dict[str, Any]:
    """Every figure of the report, as one JSON object."""
    fit = data.trend
    return {
        "schema": SCHEMA,
        "made_with": f"painpal {__version__}",
        "prepared": data.now.isoformat(),
        "whose": _plain(data.whose),
        "period": {
            "first_day": data.first_day.isoformat(),
            "last_day": data.last_day.isoformat(),
            "days": data.days,
            "day_start_hour": data.day_start_hour,
        },
        "current": _figures(data.current),
        "previous": {**_figures(data.previous), "comparable": data.comparable},
        "trend": {
            "days": fit.days,
            "points_per_week": None if fit.slope_per_week is None else round(fit.slope_per_week, 3),
            "change_over_period": round(fit.change, 3),
            "t": None if fit.slope_per_week is None else round(fit.t, 2),
            "clear": fit.clear,
            "days_missing": fit.missing,
        },
        "patterns": [{"kind": p.kind, "words": p.sentence, "evidence": p.evidence} for p in data.patterns],
        "needs_more": data.needs_more,
        "claims": claims_to_json(data.found),
        "relief_roles": [
            {"subject": role.subject, "role": role.role, "words": role.words} for role in relief_roles(data.found)
        ],
        "tried": [{"name": e.name, "kind": e.kind, "times": e.count} for e in (*data.eases, *data.worsens)],
        "flares": [d.isoformat() for d in data.flares],
        "pegs": [{"week": week.isoformat(), "score": round(score, 2)} for week, score in data.pegs],
        "warnings": _plain(data.warnings),
        "routines": _plain(data.routines),
        "reliefs": _plain(data.reliefs),
        "soothing_minutes": round(data.soothing_minutes, 1),
        "strategic_minutes": round(data.strategic_minutes, 1),
        "medications": _plain(data.medications),
        "daily": _plain(data.daily),
    }


def render_json(data: ReportData) -> str:
    return json.dumps(report_json(data), ensure_ascii=False, indent=1) + "\n"
