"""The sleep diary report as a file: an interface, like the command line and the app.

It takes the plain ``tracker.domain.report.SleepReport`` and gives bytes; whoever calls it
writes them (atomically, through ``tracker.storage.atomic``). matplotlib, Jinja2,
ReportLab and pypdf are imported here only, so nothing else pays for them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from tracker.domain.errors import InputRefused

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.domain.report import SleepReport

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def format_for(name: str) -> str:
    """``html`` or ``pdf`` from a file name's suffix.

    Raises:
        InputRefused: any other suffix.
    """
    suffix = name[name.rfind(".") :].lower() if "." in name.rsplit("/", 1)[-1] else ""
    try:
        return FORMATS[suffix]
    except KeyError:
        raise InputRefused(
            "The report's file name must end in .html or .pdf (e.g. sleep-report.pdf)"
        ) from None


def render(report: SleepReport, kind: str) -> bytes:
    """The report as an HTML page (``html``) or a PDF document (``pdf``)."""
    with _collector_paused():
        return _render(report, kind)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a report is made.

    Importing matplotlib and drawing with it and ReportLab make hundreds of thousands of
    objects; the collector's passes over them were a tenth of a year's report. The cycles
    among them are collected as usual once the report is made.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _render(report: SleepReport, kind: str) -> bytes:
    if kind == "pdf":
        from tracker.report.pdf import render_pdf

        return render_pdf(report)
    from tracker.report.page import render_html

    return render_html(report).encode("utf-8")
