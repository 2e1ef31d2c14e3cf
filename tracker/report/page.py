"""The report as one self-contained HTML page, from a Jinja2 template.

Everything is inside the page: the style sheet, the charts as inline SVG. No script, no link,
no font or image from anywhere else, so the file opens the same offline, years later, on any
machine. The text comes formatted from ``tracker.report.content`` (shared with the PDF);
the template engine escapes it.
"""

from __future__ import annotations

import dataclasses

from jinja2 import Environment, PackageLoader, StrictUndefined

from tracker import __version__
from tracker.domain.report import SleepReport
from tracker.report import content
from tracker.report.chart import axis_start, sleep_log_svgs

CHART_NIGHTS = 28
"""Nights per chart: four weeks, a block that fits one printed page and is never split."""

_environment: Environment | None = None


def _template_environment() -> Environment:
    global _environment
    if _environment is None:
        _environment = Environment(
            loader=PackageLoader("tracker.report", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _environment


def render_html(report: SleepReport) -> str:
    """The report page."""
    text = content.formatted(report)
    start = axis_start(report.nights)
    template = _template_environment().get_template("report.html.j2")
    return template.render(
        **{field.name: getattr(text, field.name) for field in dataclasses.fields(text)},
        nights_text=text.nights_text,
        text=content,
        log_hint=content.log_hint(content.clock_text(start)),
        charts=sleep_log_svgs(content.groups(report.nights, CHART_NIGHTS), start),
        version=__version__,
    )
