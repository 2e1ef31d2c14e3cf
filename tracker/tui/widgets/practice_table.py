"""Per-practice table of the trends view: adherence, streaks, and means with and without.

Draws ``TrendsSummary.practices`` as it is; the diary columns (efficiency, latency) appear
only when some night of the range has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tracker.domain.text import printable
from tracker.tui.widgets import figures as f

if TYPE_CHECKING:
    from tracker.domain.practices import Practice
    from tracker.domain.summary import TrendsSummary

LABEL_WIDTH = 20
NOTE = (
    "str.: habit strength, which grows with each night done and fades on nights missed "
    "(Loop Habit Tracker's score). Tab to the table, ↑ ↓ and enter: a practice's whole history. "
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
    return f" {done:>5} {missed:>6}"


def practice_table(summary: TrendsSummary, cursor: int | None = None) -> Content:
    """Two header rows and one row per practice; the row at ``cursor`` is highlighted."""
    diary = has_diary(summary)
    # 78 columns with the diary: the width of the trends pane at 80.
    top = f"{'':{LABEL_WIDTH}}{'adh.':>5}{'now':>4}{'best':>5}{'str.':>5} {'quality':^12}"
    sub = f"{'':{LABEL_WIDTH}}{'':>5}{'streak':>9}{'':>5}{_pair('done', 'missed')}"
    if diary:
        top += f" {'efficiency':^12} {'latency min':^12}"
        sub += _pair("done", "missed") * 2
    rows = [Content(top).stylize("bold"), Content(sub).stylize("$text-muted")]
    for index, practice in enumerate(summary.included_practices):
        trend = summary.practices[practice.key]
        line = (
            f"{_label(printable(practice.label))}{f.percent(trend.adherence):>5}"
            f"{trend.current_streak:>4}{trend.best_streak:>5}{f.percent(trend.strength):>5}"
            + _pair(f.number(trend.quality_done), f.number(trend.quality_missed))
        )
        if diary:
            line += _pair(f.percent(trend.efficiency_done), f.percent(trend.efficiency_missed))
            line += _pair(f.number(trend.latency_done, 0), f.number(trend.latency_missed, 0))
        rows.append(Content(line).stylize("reverse") if index == cursor else Content(line))
    return Content("\n").join(rows)


class PracticeTable(Static, can_focus=True):
    """The per-practice table; ``show`` draws it. Focused, a cursor picks a practice and
    ``enter`` asks for its history (``Chosen``)."""

    BINDINGS = [
        Binding("enter", "choose", "History", id="trends.practice_history",
                tooltip="This practice over its whole life"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]  # fmt: skip

    cursor: reactive[int] = reactive(0)
    """Row of the practice under the cursor."""

    @dataclass
    class Chosen(Message):
        """``enter`` on a practice: open its history."""

        practice: Practice

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.summary: TrendsSummary | None = None

    def show(self, summary: TrendsSummary) -> None:
        self.summary = summary
        self.cursor = min(self.cursor, max(0, len(summary.included_practices) - 1))
        self._draw()

    def _draw(self) -> None:
        if self.summary is not None:
            self.update(practice_table(self.summary, self.cursor if self.has_focus else None))

    def watch_cursor(self) -> None:
        self._draw()

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    def action_move(self, step: int) -> None:
        if self.summary is not None and self.summary.included_practices:
            count = len(self.summary.included_practices)
            self.cursor = max(0, min(count - 1, self.cursor + step))

    def action_choose(self) -> None:
        if self.summary is not None and self.summary.included_practices:
            self.post_message(self.Chosen(self.summary.included_practices[self.cursor]))
