"""The clinician report and the visit brief: pain as data, in a form a clinician can read in a minute.

painpal's fifth idea (see the project's clinical notes) is to bring the care
team the same precise data every time. The package, by concept:

* :mod:`painpal.report.data` gathers it once (:func:`~painpal.report.data.report_data`;
  :func:`painpal.services.report.report_for` reads the settings and calls it) into a ``ReportData``;
* :mod:`painpal.report.wording` holds every heading, table row and sentence,
  and the short plain-text brief for the next appointment (``visit_brief``);
* :mod:`painpal.report.markdown` and :mod:`painpal.report.html` put that
  wording into Markdown or one printable HTML page (styled by ``report.css``).

What the first screenful answers, in this order, because that is the order a
clinician asks: is anything urgent (warning signs come first, if any); how
much pain and is it changing (mean and peak against the previous period of
the same length, PEG); what the log shows (pattern sentences with their
evidence, from :mod:`painpal.analysis`); what eases and what worsens it;
what the person does about it (routines, relief, soothing vs strategic
minutes, medication by name and time); sleep and stress. The detail follows.

Rules that hold everywhere in this package:

* It never diagnoses and never states an amount of medicine. Medication is
  shown by name and time only; amounts a person typed into a relief name or a
  note are removed (``without_amounts``), so a printed report cannot be read
  as a dosing record.
* It is pure apart from ``report_data`` reading a store (only the period, the
  previous period and the baselines insights needs, so a 90-day report costs
  the same with five years of history as with one).
* Everything a person typed is escaped for the format it lands in.

Importing the package costs nothing: callers import the submodule they need,
and :func:`render` imports only the renderer it is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painpal.report.data import ReportData


def render(data: ReportData, fmt: str) -> str:
    """``"md"``, ``"html"`` or ``"json"`` (every figure and claim as data, :mod:`painpal.report.as_json`)."""
    if fmt == "json":
        from painpal.report.as_json import render_json

        return render_json(data)
    if fmt == "html":
        from painpal.report.html import render_html

        return render_html(data)
    if fmt == "md":
        from painpal.report.markdown import render_markdown

        return render_markdown(data)
    raise ValueError(f"Unknown report format {fmt!r}; expected md, html or json.")
