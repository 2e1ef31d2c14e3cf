"""Weekly line charts for the trends view, drawn with plotext inside Textual (textual-plotext).

Each series is a braille line through its weeks with a marker at every point; a chart with
several series gives each its own marker letter and a legend, so they can be told apart
without colour. Weeks without a value are left out of their series rather than drawn as
zero. ``TrendChart.draw`` only places the values it is given: the figures come
from ``TrendsSummary.weeks``. Importing this module imports plotext (~40 ms, measured with
``python -X importtime``), which is why the trends screen is imported only when first opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from textual_plotext import PlotextPlot

from tracker.domain import clock

NOON = clock.MINUTES_PER_DAY // 2


@dataclass(frozen=True)
class Series:
    """One line of a chart."""

    label: str
    marker: str
    """One character drawn at each point (and in the legend)."""
    color: str
    """A plotext colour name; the marker already tells the series apart."""
    values: Sequence[float | None]
    """One value per week, oldest first; None where the week has none."""


def week_ticks(weeks: Sequence[date], most: int = 6) -> tuple[list[int], list[str]]:
    """At most ``most`` evenly spread x ticks labelled ``7 Sep``, always with the last week."""
    if not weeks:
        return [], []
    step = max(1, -(-len(weeks) // most))
    positions = list(range(len(weeks) - 1, -1, -step))[::-1]
    return positions, [f"{weeks[i].day} {weeks[i]:%b}" for i in positions]


def since_noon(clock_minutes: float) -> float:
    """A clock time placed on a noon-to-noon axis, so bedtimes either side of midnight stay
    together and wake times follow them (an axis change only, no new figure)."""
    return (clock_minutes - NOON) % clock.MINUTES_PER_DAY


def clock_axis(values: Sequence[float]) -> tuple[float, float, list[float], list[str]]:
    """Limits and hourly ticks (labelled ``HH:MM``) around values on the noon-to-noon axis."""
    low = max(0.0, (min(values) // 60) * 60 - 30)
    high = min(float(clock.MINUTES_PER_DAY), (max(values) // 60 + 1) * 60 + 30)
    step = 60 if high - low <= 6 * 60 else 120
    ticks = [t for t in range(0, clock.MINUTES_PER_DAY + 1, step) if low <= t <= high]
    labels = [clock.format_clock(int(t + NOON)) for t in ticks]
    return low, high, [float(t) for t in ticks], labels


class TrendChart(PlotextPlot):
    """One chart of weekly values."""

    def __init__(self, *, x_ticks: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self.x_ticks = x_ticks
        """At most this many labelled weeks on the x axis (fewer on a small chart)."""
        self.chart_title = ""
        """The title drawn (with the reason when there is nothing to plot)."""
        self.series_drawn: tuple[Series, ...] = ()
        """The series drawn, one line each."""

    def draw(
        self,
        title: str,
        weeks: Sequence[date],
        series: Sequence[Series],
        *,
        limits: tuple[float, float] | None = None,
        ticks: tuple[Sequence[float], Sequence[str]] | None = None,
        empty: str = "No weeks with a value yet",
    ) -> None:
        """Replace the chart.

        Args:
            title: shown above the plot.
            weeks: week starts, oldest first (the x axis).
            series: the lines; each has one value per week.
            limits: y axis limits; plotext chooses when None.
            ticks: y tick positions and their labels.
            empty: the title used when no series has a value.
        """
        plt = self.plt
        plt.clear_figure()
        has_values = any(v is not None for s in series for v in s.values)
        self.chart_title = title if has_values else f"{title}: {empty}"
        self.series_drawn = tuple(series)
        plt.title(self.chart_title)
        for line in series:
            points = [(i, v) for i, v in enumerate(line.values) if v is not None]
            if not points:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if len(points) > 1:
                plt.plot(xs, ys, marker="braille", color=line.color)
            # One series: the title names it, and a legend would only cover the plot.
            label = line.label if len(series) > 1 else None
            plt.scatter(xs, ys, marker=line.marker, color=line.color, label=label)
        positions, labels = week_ticks(weeks, self.x_ticks)
        plt.xlim(-0.5, max(len(weeks) - 0.5, 0.5))
        plt.xticks(positions, labels)
        if limits is not None:
            plt.ylim(*limits)
        if ticks is not None:
            plt.yticks(list(ticks[0]), list(ticks[1]))
        self.refresh()


def hours_axis(
    values: Sequence[float],
) -> tuple[tuple[float, float], tuple[list[float], list[str]]]:
    """Limits and ticks labelled ``7h30`` around durations given in hours."""
    low = max(0.0, int(min(values) * 2) / 2 - 0.5)
    high = int(max(values) * 2) / 2 + 1.0
    step = 0.5 if high - low <= 3 else 1.0
    ticks: list[float] = []
    tick = low
    while tick <= high + 1e-9:
        ticks.append(tick)
        tick += step
    return (low, high), (ticks, [clock.format_duration(t * 60) for t in ticks])


def percent_axis(step: int = 25) -> tuple[tuple[float, float], tuple[list[float], list[str]]]:
    """0-100 % with a tick every ``step`` %."""
    positions = list(range(0, 101, step))
    return (0.0, 100.0), ([float(p) for p in positions], [f"{p}%" for p in positions])


def scaled(values: Sequence[float | None], scale: Callable[[float], float]) -> list[float | None]:
    """Values in another unit (fractions as percent, minutes as hours), None kept."""
    return [None if v is None else scale(v) for v in values]
