"""The sleep log chart: one row per night on a noon-to-noon (or 18:00-18:00) axis, as SVG.

Drawn by matplotlib's own SVG backend (no pyplot, no display needed). Each kind of time has
its own fill *and* pattern, and the legend names them, so the chart reads the same printed in
grey: in bed is a light band, latency a hatched one, sleep a solid dark one; time awake in the
night, whose moments the diary does not record, is written beside the night. A night not
logged is a dotted empty row that says so.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

import matplotlib
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from tracker.domain.report import ReportNight

NOON, EVENING = 12 * 60, 18 * 60
DAY = 24 * 60
ROW_INCHES = 0.26
PDF_ROW_INCHES = 0.2
"""Rows are closer in the PDF: six weeks of nights fit a page."""
CHART_WIDTH_INCHES = WIDTH_INCHES = 7.0
FRAME_INCHES = 0.75
"""Axis labels and the legend around the rows."""

IN_BED = {"facecolor": "#d6d6d6", "edgecolor": "#555555", "linewidth": 0.6}
LATENCY = {"facecolor": "white", "edgecolor": "#1f3b73", "hatch": "////", "linewidth": 0.6}
ASLEEP = {"facecolor": "#1f3b73", "edgecolor": "#1f3b73", "linewidth": 0.6}
EMPTY = {"facecolor": "none", "edgecolor": "#888888", "linestyle": ":", "linewidth": 0.8}

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: small, selectable, read by screen readers
        "svg.hashsalt": "sleep-tracker",  # the same nights give the same bytes
        "font.family": "sans-serif",
        "font.size": 8,
        "hatch.linewidth": 0.6,
        "text.parse_math": False,  # labels are plain text: no "$" parsing
        # The PDF's text in Helvetica, which every PDF reader has: no font to embed (the
        # chart's text is dates, times and a few words, all in Helvetica's letters).
        "pdf.use14corefonts": True,
    }
)


def axis_start(nights: Sequence[ReportNight]) -> int:
    """18:00 when every night of the report fits 18:00-18:00, else noon (minutes of the day)."""
    spans = [n.span for n in nights if n.span is not None]
    if spans and all(s.in_bed >= EVENING and s.out_of_bed <= EVENING + DAY for s in spans):
        return EVENING
    return NOON


def _label(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:00"


def _awake_text(night: ReportNight) -> str:
    record = night.record
    if record is None or (record.waso is None and record.awakenings is None):
        return ""
    awake = f"awake {record.waso} min" if record.waso is not None else "awake"
    if record.awakenings is None:
        return awake
    return f"{awake}, {record.awakenings} awakening{'s' if record.awakenings != 1 else ''}"


def chart_height(rows: int, row_inches: float = PDF_ROW_INCHES) -> float:
    """The chart's height in inches for this many nights."""
    return rows * row_inches + FRAME_INCHES


def sleep_log_svgs(blocks: Sequence[Sequence[ReportNight]], start: int) -> list[str]:
    """One ``<svg>`` chart per block of nights (top row first).

    Args:
        blocks: runs of consecutive nights of the report.
        start: the axis's first minute of the night date (NOON or EVENING).
    """
    chart = _SleepLog(start, ROW_INCHES)
    svgs = []
    for block in blocks:
        buffer = io.StringIO()
        # No metadata block: it would carry addresses (RDF, Dublin Core, matplotlib.org) and
        # a date.
        chart.draw(block).savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
        svgs.append(_strip_prolog(buffer.getvalue()))
    return svgs


def sleep_log_pdf(blocks: Sequence[Sequence[ReportNight]], start: int) -> bytes:
    """One PDF document with one page per block of nights, each page the chart's size."""
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    # Helvetica's metrics say "medium", matplotlib asks for "normal": a warning per text,
    # about a match that is right.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    chart = _SleepLog(start, PDF_ROW_INCHES)
    with PdfPages(buffer, metadata={"Creator": None, "Producer": None,
                                    "CreationDate": None}) as pages:  # fmt: skip
        for block in blocks:
            pages.savefig(chart.draw(block))
    return buffer.getvalue()


class _SleepLog:
    """One figure, its frame (axes, hour lines and labels, legend) built once and its nights
    drawn anew for each block: building axes and ticks is most of a small chart's cost.

    The hour lines are one collection and their labels plain text, not matplotlib ticks, and
    each kind of bar is one collection: per-artist and per-tick costs would otherwise make a
    year's charts take seconds.
    """

    def __init__(self, start: int, row_inches: float) -> None:
        self.start, self.end, self.row_inches = start, start + DAY, row_inches
        self.figure = Figure(figsize=(WIDTH_INCHES, chart_height(1, row_inches)))
        axes = self.axes = self.figure.add_subplot()
        axes.set_xlim(start, self.end)
        axes.set_xticks([])
        axes.set_yticks([])
        for side in ("left", "right"):
            axes.spines[side].set_visible(False)
        hours = list(range(start, self.end + 1, 120))
        on_x = axes.get_xaxis_transform()  # x in minutes, y from 0 (bottom) to 1 (top)
        axes.vlines(hours, 0, 1, transform=on_x, colors="#bbbbbb", linewidths=0.5, zorder=0.5)
        points = self.figure.dpi_scale_trans
        above = on_x + ScaledTranslation(0, 3 / 72, points)
        below = on_x + ScaledTranslation(0, -3 / 72, points)
        for hour in hours:
            axes.text(hour, 1, _label(hour), transform=above, ha="center", va="bottom",
                      fontsize=7)  # fmt: skip
            axes.text(hour, 0, _label(hour), transform=below, ha="center", va="top",
                      fontsize=7)  # fmt: skip
        _legend(self.figure)
        self.drawn: list[Artist] = []

    def draw(self, nights: Sequence[ReportNight]) -> Figure:
        """The figure with these nights, one row each, top row first."""
        for artist in self.drawn:
            artist.remove()
        self.drawn = []
        start, end, axes = self.start, self.end, self.axes
        rows = len(nights)
        height = chart_height(rows, self.row_inches)
        self.figure.set_size_inches(WIDTH_INCHES, height)
        self.figure.subplots_adjust(left=0.13, right=0.98, top=1 - (FRAME_INCHES - 0.33) / height,
                                    bottom=0.33 / height)  # fmt: skip
        axes.set_ylim(rows - 0.5, -0.5)
        bars: dict[str, list[tuple[int, tuple[float, float]]]] = {
            "empty": [], "bed": [], "lat": [], "sleep": [],
        }  # fmt: skip
        labels = axes.get_yaxis_transform()
        text = self.drawn.append
        for row, night in enumerate(nights):
            text(axes.text(-0.015, row, night.night.strftime("%a %d %b"), transform=labels,
                           ha="right", va="center"))  # fmt: skip
            span = night.span
            if span is None:
                what = "not logged" if night.record is None else "logged, no bed or wake time"
                bars["empty"].append((row, (start, DAY)))
                text(axes.text(start + DAY / 2, row, what, ha="center", va="center",
                               color="#555555", style="italic"))  # fmt: skip
                continue

            def clip(a: int, b: int) -> tuple[float, float]:
                low, high = max(a, start), min(b, end)
                return (low, max(0, high - low))

            bars["bed"].append((row, clip(span.in_bed, span.out_of_bed)))
            if span.asleep > span.bedtime:
                bars["lat"].append((row, clip(span.bedtime, span.asleep)))
            bars["sleep"].append((row, clip(span.asleep, span.wake)))
            note = _awake_text(night)
            if span.out_of_bed > end or span.in_bed < start:
                note = (note + "; " if note else "") + "runs past the chart's edge"
            if note:
                right = min(span.out_of_bed, end)
                inside = right + 20 < end - 150
                text(axes.text(right + 20 if inside else min(span.in_bed, end) - 20, row, note,
                               ha="left" if inside else "right", va="center",
                               fontsize=7))  # fmt: skip
        for key, style, size in (
            ("empty", EMPTY, 0.6), ("bed", IN_BED, 0.7), ("lat", LATENCY, 0.5),
            ("sleep", ASLEEP, 0.5),
        ):  # fmt: skip
            if bars[key]:
                text(axes.add_collection(PolyCollection(_boxes(bars[key], size), **style)))
        return self.figure


def _boxes(
    bars: Sequence[tuple[int, tuple[float, float]]], height: float
) -> list[list[tuple[float, float]]]:
    """Rectangles (left, width) centred on their rows, as polygons."""
    half = height / 2
    return [
        [(left, row - half), (left + width, row - half), (left + width, row + half),
         (left, row + half)]
        for row, (left, width) in bars
    ]  # fmt: skip


def _strip_prolog(svg: str) -> str:
    """The ``<svg>`` element alone, for inlining in HTML (no XML declaration or DOCTYPE, whose
    DTD address would be an external reference)."""
    return svg[svg.index("<svg") :]


def _legend(figure: Figure) -> None:
    figure.legend(
        handles=[
            Patch(label="in bed, awake", **IN_BED),
            Patch(label="trying to fall asleep (latency)", **LATENCY),
            Patch(label="asleep", **ASLEEP),
            Patch(label="not logged", **EMPTY),
        ],
        loc="upper center",
        ncols=4,
        frameon=False,
        fontsize=7,
        handlelength=2.2,
        borderaxespad=0.1,
    )
