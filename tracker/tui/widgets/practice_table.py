"""Per-practice table of the trends view: adherence, streaks, and means with and without.

Draws ``TrendsSummary.practices`` as it is; the diary columns (efficiency, latency) appear
only when some night of the range has them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tracker.tui.widgets import figures as f

if TYPE_CHECKING:
    from tracker.domain.summary import TrendsSummary

LABEL_WIDTH = 20
NOTE = (
    "str.: habit strength, which grows with each night done and fades on nights missed "
    "(Loop Habit Tracker's score). "
    "done / missed: the mean on nights the practice was done and on nights it was missed. "
    "It describes your nights; it does not show that a practice causes better sleep."
)


def _label(text: str) -> str:
    if len(text) > LABEL_WIDTH - 1:
        text = text[: LABEL_WIDTH - 2] + "…"
    return text.ljust(LABEL_WIDTH)


def has_diary(summary: TrendsSummary) -> bool:
    """Whether any practice has an efficiency or latency mean (diary nights in the range)."""
    return any(
        value is not None
        for trend in summary.practices.values()
        for value in (
            trend.efficiency_done,
            trend.efficiency_missed,
            trend.latency_done,
            trend.latency_missed,
        )
    )


def _pair(done: str, missed: str) -> str:
    return f"  {done:>5} {missed:>6}"


def practice_table(summary: TrendsSummary) -> Content:
    """Two header rows and one row per practice."""
    diary = has_diary(summary)
    top = f"{'':{LABEL_WIDTH}}{'adh.':>5}{'now':>5}{'best':>5}{'str.':>6}  {'quality':^12}"
    sub = f"{'':{LABEL_WIDTH}}{'':>5}{'streak':>10}{'':>6}{_pair('done', 'missed')}"
    if diary:
        top += f"  {'efficiency':^12}  {'latency min':^12}"
        sub += _pair("done", "missed") * 2
    rows = [Content(top).stylize("bold"), Content(sub).stylize("$text-muted")]
    for practice in summary.included_practices:
        trend = summary.practices[practice.key]
        line = (
            f"{_label(practice.label)}{f.percent(trend.adherence):>5}"
            f"{trend.current_streak:>5}{trend.best_streak:>5}{f.percent(trend.strength):>6}"
            + _pair(f.number(trend.quality_done), f.number(trend.quality_missed))
        )
        if diary:
            line += _pair(f.percent(trend.efficiency_done), f.percent(trend.efficiency_missed))
            line += _pair(f.number(trend.latency_done, 0), f.number(trend.latency_missed, 0))
        rows.append(Content(line))
    return Content("\n").join(rows)


class PracticeTable(Static):
    """The per-practice table; ``show`` draws it."""

    def show(self, summary: TrendsSummary) -> None:
        self.update(practice_table(summary))
