"""One practice on the check-in: its mark, shown with a symbol and a word, and its streak."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tracker.domain.practices import Mark, Practice
from tracker.domain.text import printable

SYMBOLS: dict[Mark | None, str] = {
    Mark.DONE: "✓ done",
    Mark.MISSED: "✗ missed",
    Mark.SKIPPED: "– skipped",
    None: "· —",
}
"""Each state has its own symbol and word, so nothing relies on colour."""

CYCLE: tuple[Mark | None, ...] = (None, Mark.DONE, Mark.MISSED, Mark.SKIPPED)
"""Order in which space steps through the states."""

MARK_GROUP = Binding.Group("Mark", compact=True)


STATE_WIDTH = 10
STREAK_WIDTH = 10


def row_text(state: str, label: str, streak: str, width: int) -> str:
    """State, label and streak on one line, the label given all the width there is."""
    label_width = max(8, width - STATE_WIDTH - STREAK_WIDTH - 2)
    if len(label) > label_width:
        label = label[: label_width - 1] + "…"
    return f"{state:<{STATE_WIDTH}} {label:<{label_width}} {streak:>{STREAK_WIDTH}}"


class PracticesHeading(Static):
    """``Practices ... streak``, the word streak over the streak column."""

    def render(self) -> str:
        return row_text("Practices", "", "streak", self.content_size.width)


def streak_text(streak: int | None) -> str:
    if not streak:
        return ""
    return f"{streak} night{'s' if streak != 1 else ''}"


class PracticeRow(Static, can_focus=True):
    """A checked practice: y / n / s mark it, space cycles."""

    BINDINGS = [
        Binding(
            "y",
            "mark('done')",
            "Done",
            id="practice.done",
            group=MARK_GROUP,
            tooltip="Mark the practice done and move on",
        ),
        Binding(
            "n",
            "mark('missed')",
            "Missed",
            id="practice.missed",
            group=MARK_GROUP,
            tooltip="Mark the practice missed and move on",
        ),
        Binding(
            "s",
            "mark('skipped')",
            "Skipped",
            id="practice.skipped",
            group=MARK_GROUP,
            tooltip="Mark the practice skipped (excused) and move on",
        ),
        Binding(
            "space",
            "cycle",
            "Cycle",
            id="practice.cycle",
            show=False,
            tooltip="Step through done, missed, skipped and not answered",
        ),
        Binding(
            "backspace,delete",
            "mark('')",
            "Clear",
            id="practice.clear",
            show=False,
            tooltip="Clear the answer",
        ),
        Binding(
            "down,j", "app.focus_next", "Next", id="practice.down", show=False, tooltip="Next field"
        ),
        Binding(
            "up,k",
            "app.focus_previous",
            "Previous",
            id="practice.up",
            show=False,
            tooltip="Previous field",
        ),
    ]

    mark: reactive[Mark | None] = reactive(None)
    """The answer on screen."""
    streak: reactive[int | None] = reactive(None)
    """The practice's current streak as of the night on screen."""

    @dataclass
    class Marked(Message):
        """The user changed the mark (None: cleared)."""

        row: PracticeRow
        key: str
        mark: Mark | None

        @property
        def control(self) -> PracticeRow:
            return self.row

    def __init__(self, practice: Practice) -> None:
        super().__init__(classes="practice")
        self.practice = practice

    def render(self) -> Content:
        return Content(
            row_text(
                SYMBOLS[self.mark],
                printable(self.practice.label),
                streak_text(self.streak),
                self.content_size.width,
            )
        )

    def watch_mark(self, mark: Mark | None) -> None:
        for candidate in CYCLE:
            self.set_class(candidate == mark, f"-{candidate or 'unanswered'}")

    def action_mark(self, name: str) -> None:
        mark = Mark(name) if name else None
        self.mark = mark
        if name:
            # Move on here rather than in the screen's handler: keys typed ahead must reach
            # the next row, and a message round trip would let them land on this one.
            self.screen.focus_next()
        self.post_message(self.Marked(self, self.practice.key, mark))

    def action_cycle(self) -> None:
        mark = CYCLE[(CYCLE.index(self.mark) + 1) % len(CYCLE)]
        self.mark = mark
        self.post_message(self.Marked(self, self.practice.key, mark))


class DerivedRow(Static):
    """A schedule practice: its state is computed from the times against the targets."""

    mark: reactive[Mark | None] = reactive(None)
    """The computed state (None: no time logged)."""
    streak: reactive[int | None] = reactive(None)

    def __init__(self, practice: Practice) -> None:
        super().__init__(classes="practice derived")
        self.practice = practice
        self.target = ""
        """What the state is judged against, e.g. ``23:00 ±30``."""

    def render(self) -> Content:
        label = f"{printable(self.practice.label)} ({self.target})"
        return Content(
            row_text(SYMBOLS[self.mark], label, streak_text(self.streak), self.content_size.width)
        )

    def watch_mark(self, mark: Mark | None) -> None:
        for candidate in CYCLE:
            self.set_class(candidate == mark, f"-{candidate or 'unanswered'}")
