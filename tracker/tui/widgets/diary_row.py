"""The five sleep-diary items (Consensus Sleep Diary core) in one compact row.

Shown in the check-in only with the `diary full` setting. Times move on after four digits like
bedtime and wake; minutes and counts are plain digits and move on with Enter. One line under
the row says why a value is refused, so the row stays within 80 columns.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from tracker.domain import values
from tracker.domain.nights import WASO_NAME
from tracker.tui.widgets.entry_field import EntryField, Parser, time_entry

DIGITS = "0123456789"
DIARY_FIELDS = ("in_bed", "latency", "awakenings", "waso", "out_of_bed")


class DiaryRow(Vertical):
    """In bed, latency, awakenings, awake in the night (WASO) and out of bed."""

    DEFAULT_CSS = """
    DiaryRow {
        height: 2;
        /* Wider than a narrow terminal: it scrolls sideways to the focused field. */
        & > Horizontal { height: 1; overflow-x: auto; scrollbar-size-horizontal: 0; }
        & .row-caption { width: 8; }
        & > .reason { color: $text-error; padding-left: 10; height: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("Diary", classes="row-caption")
            yield time_entry("in_bed", "in bed", id="in-bed", compact=True)
            yield self._number(
                "latency", "latency", lambda text: values.parse_minutes(text, "Latency"), 3
            )
            yield self._number("awakenings", "woke", values.parse_awakenings, 2)
            yield self._number(
                "waso",
                "awake",
                lambda text: values.parse_minutes(text, WASO_NAME),
                3,
            )
            yield time_entry("out_of_bed", "up", id="out-of-bed", compact=True)
        yield Label("", classes="reason", markup=False)  # a reason quotes typed text

    @staticmethod
    def _number(name: str, caption: str, parse: Parser, digits: int) -> EntryField:
        return EntryField(
            name,
            caption,
            parse,
            str,
            placeholder="min" if digits == 3 else "n",
            input_width=digits + 1,
            max_length=digits,
            advance_on_submit=True,
            allowed=DIGITS,
            classes="compact",
            id=name,
        )

    @on(EntryField.Checked)
    def _show_reason(self, event: EntryField.Checked) -> None:
        event.stop()
        reasons = [field.reason for field in self.query(EntryField) if field.reason]
        self.query_one(".reason", Label).update(reasons[0] if reasons else "")
