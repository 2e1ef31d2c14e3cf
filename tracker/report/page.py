"""The report as one self-contained HTML page, from a Jinja2 template.

Everything is inside the page: the style sheet, the charts as inline SVG. No script, no link,
no font or image from anywhere else, so the file opens the same offline, years later, on any
machine. Values from the person (notes, labels) are escaped by the template engine, and their
control characters are shown visibly.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment, PackageLoader, StrictUndefined

from tracker import __version__
from tracker.domain import clock
from tracker.domain.metrics import Tally
from tracker.domain.report import ReportNight, SleepReport
from tracker.domain.summary import format_clock_mean
from tracker.domain.text import printable
from tracker.report.chart import axis_start, sleep_log_png, sleep_log_svg

CHART_NIGHTS = 28
"""Nights per chart: four weeks, a block that fits one printed page and is never split."""
WEEKS_PER_TABLE = 4
"""Week columns per practice table: a year is 14 tables that fit the page, not 53 columns."""
NOTE_IN_TABLE = 40
"""Characters of a note shown in the nightly table; the full note is in the Notes section."""


def visible(text: str) -> str:
    """Control characters shown escaped (``\\x1b``), never passed on raw; a note's own line
    breaks are kept (the page shows them as lines)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _clock(minutes: float | None) -> str:
    return "—" if minutes is None else clock.format_clock(round(minutes))


def _duration(minutes: float | None) -> str:
    return "—" if minutes is None else clock.format_duration(minutes)


def _minutes(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f} min"


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@dataclass(frozen=True)
class Figure:
    """One row of the summary table."""

    key: str
    """The ``week --json`` key of the mean."""
    label: str
    mean: str
    mean_value: object
    """What ``week --json`` prints for the same nights (kept in ``data-value``)."""
    sd: str
    sd_value: float | None
    nights: int | None


def _figures(report: SleepReport) -> list[Figure]:
    s, d, spreads = report.summary, report.summary.diary, report.spreads
    bed_count = sum(1 for n in report.nights if n.record and n.record.bedtime is not None)
    wake_count = sum(1 for n in report.nights if n.record and n.record.wake is not None)

    def spread_row(key: str, label: str, mean: float | None, show: str, sd_show) -> Figure:
        spread = spreads[key]
        return Figure(key, label, show, mean, sd_show(spread.sd), spread.sd, spread.count)

    return [
        Figure(
            "bedtime_mean",
            "Tried to sleep (bedtime)",
            _clock(s.bedtime_mean),
            format_clock_mean(s.bedtime_mean),
            _minutes(s.bedtime_sd_min),
            s.bedtime_sd_min,
            bed_count,
        ),  # fmt: skip
        Figure(
            "wake_mean",
            "Final wake",
            _clock(s.wake_mean),
            format_clock_mean(s.wake_mean),
            _minutes(s.wake_sd_min),
            s.wake_sd_min,
            wake_count,
        ),  # fmt: skip
        spread_row(
            "sleep_mean_min",
            "Time asleep (bedtime to wake)",
            s.sleep_mean_min,
            _duration(s.sleep_mean_min),
            _minutes,
        ),  # fmt: skip
        spread_row(
            "total_sleep_mean_min",
            "Total sleep time (TST)",
            d.total_sleep,
            _duration(d.total_sleep),
            _minutes,
        ),  # fmt: skip
        spread_row(
            "time_in_bed_mean_min",
            "Time in bed (TIB)",
            d.time_in_bed,
            _duration(d.time_in_bed),
            _minutes,
        ),  # fmt: skip
        spread_row(
            "efficiency_mean",
            "Sleep efficiency (TST / TIB)",
            d.efficiency,
            _percent(d.efficiency),
            lambda v: "—" if v is None else f"{v * 100:.0f} points",
        ),
        spread_row(
            "latency_mean_min",
            "Time to fall asleep (latency)",
            d.latency,
            _minutes(d.latency),
            _minutes,
        ),  # fmt: skip
        spread_row(
            "waso_mean_min", "Awake in the night (WASO)", d.waso, _minutes(d.waso), _minutes
        ),  # fmt: skip
        spread_row(
            "awakenings_mean", "Awakenings", d.awakenings, _number(d.awakenings), _number
        ),  # fmt: skip
        spread_row(
            "quality_mean",
            "Quality (1 very poor … 5 very good)",
            s.quality_mean,
            _number(s.quality_mean),
            _number,
        ),  # fmt: skip
        Figure(
            "coverage",
            "Nights logged",
            f"{s.nights_logged} of {s.nights_total} ({_percent(s.coverage)})",
            s.coverage,
            "",
            None,
            None,
        ),  # fmt: skip
        Figure(
            "sri",
            "Sleep Regularity Index (100 = the same times every day)",
            _number(s.sri, 0),
            s.sri,
            "",
            None,
            None,
        ),  # fmt: skip
    ]


@dataclass(frozen=True)
class NightRow:
    """One row of the nightly table, already formatted."""

    night: date
    logged: bool
    cells: list[str]
    note: str
    note_cut: bool


def _night_row(row: ReportNight) -> NightRow:
    record = row.record
    if record is None:
        return NightRow(row.night, False, [], "", False)

    def at(value: int | None) -> str:
        return "—" if value is None else clock.format_clock(value)

    def count(value: int | None, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    note = visible(" ".join((record.note or "").split()))
    cells = [
        at(record.in_bed),
        at(record.bedtime),
        count(record.latency, " min"),
        count(record.awakenings),
        count(record.waso, " min"),
        at(record.wake),
        at(record.out_of_bed),
        count(record.quality),
        _duration(record.total_sleep),
        _duration(record.time_in_bed),
        _percent(record.efficiency),
    ]
    cut = len(note) > NOTE_IN_TABLE
    shown = note[:NOTE_IN_TABLE].rstrip() + "…" if cut else note
    return NightRow(row.night, True, cells, shown, cut)


@dataclass(frozen=True)
class WeekCell:
    text: str
    value: float | None


def _tally_text(tally: Tally) -> str:
    if tally.done + tally.missed == 0:
        return "—" if tally.skipped == 0 else f"— ({tally.skipped} skipped)"
    text = f"{_percent(tally.adherence)} ({tally.done} of {tally.done + tally.missed})"
    return text + (f", {tally.skipped} skipped" if tally.skipped else "")


def _chart_blocks(report: SleepReport, as_image: bool) -> list[str]:
    """Inline SVG elements for the page, or PNG ``data:`` addresses for the PDF maker."""
    start = axis_start(report.nights)
    nights: Sequence[ReportNight] = report.nights
    blocks = [nights[i : i + CHART_NIGHTS] for i in range(0, len(nights), CHART_NIGHTS)]
    if as_image:
        return [
            "data:image/png;base64," + base64.b64encode(sleep_log_png(block, start)).decode()
            for block in blocks
        ]
    return [sleep_log_svg(block, start) for block in blocks]


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


def _range_text(first: date, last: date) -> str:
    return f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"


def render_html(report: SleepReport, *, for_pdf: bool = False) -> str:
    """The report page.

    Args:
        for_pdf: charts as SVG images and the simpler style sheet the PDF maker understands.
    """
    summary = report.summary
    practices = report.practices
    weeks = [
        {
            "label": f"{w.first:%d %b}–{w.last:%d %b}",
            "first": w.first.isoformat(),
            "cells": [
                WeekCell(
                    _tally_text(tally := w.summary.practices.get(p.key, Tally())),
                    tally.adherence,
                )
                for p in practices
            ],
            "overall": WeekCell(_percent(w.summary.adherence), w.summary.adherence),
            "logged": f"{w.summary.nights_logged} of {w.summary.nights_total}",
        }
        for w in report.weeks
    ]
    template = _template_environment().get_template("report.html.j2")
    return template.render(
        for_pdf=for_pdf,
        title=f"Sleep diary {report.first.isoformat()} to {report.last.isoformat()}",
        range_text=_range_text(report.first, report.last),
        nights_count=len(report.nights),
        made=f"{report.made:%d %b %Y %H:%M}",
        made_iso=report.made.isoformat(timespec="minutes"),
        first=report.first.isoformat(),
        last=report.last.isoformat(),
        figures=_figures(report),
        has_diary=report.has_diary,
        charts=_chart_blocks(report, as_image=for_pdf),
        axis_from=_clock(axis_start(report.nights)),
        rows=[_night_row(n) for n in report.nights],
        practices=[(p.key, visible(p.label)) for p in practices],
        week_groups=[
            weeks[i : i + WEEKS_PER_TABLE] for i in range(0, len(weeks), WEEKS_PER_TABLE)
        ],
        overall=_percent(summary.adherence),
        notes=[(night, visible(text)) for night, text in report.notes],
        version=__version__,
    )
