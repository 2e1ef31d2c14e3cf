"""The Practices tab of Settings: every practice in its order, archived ones marked.

The table only shows and asks: its keys post ``SettingsPracticeTable.Requested`` and the Settings
screen does the work (attributes down, messages up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tracker.domain.practices import Practice
from tracker.domain.text import printable

MOVE_GROUP = Binding.Group("Move", compact=True)

COLUMNS = (("#", 3), ("key", 14), ("label", 32), ("category", 11), ("state", 9))


def practice_state(practice: Practice) -> str:
    """``active``, ``archived`` or ``derived``, as ``sleep-tracker practices list`` says."""
    if practice.archived:
        return "archived"
    return "derived" if practice.derived else "active"


class SettingsPracticeTable(DataTable[str]):
    """Practices as rows; a add, n rename, x archive or restore, u / d move."""

    BINDINGS = [
        Binding(
            "a",
            "request('add')",
            "Add",
            id="settings.practice.add",
            tooltip="Add a custom yes/no practice",
        ),
        Binding(
            "n",
            "request('rename')",
            "Rename",
            id="settings.practice.rename",
            tooltip="Change the selected practice's label",
        ),
        Binding(
            "x",
            "request('archive')",
            "Archive",
            id="settings.practice.archive",
            tooltip="Hide the selected practice from the check-in; its history stays",
        ),
        Binding(
            "x",
            "request('restore')",
            "Restore",
            id="settings.practice.restore",
            tooltip="Bring the selected archived practice back to the check-in",
        ),
        Binding(
            "u,shift+up",
            "request('up')",
            "Up",
            id="settings.practice.up",
            group=MOVE_GROUP,
            tooltip="Move the selected practice up",
        ),
        Binding(
            "d,shift+down",
            "request('down')",
            "Down",
            id="settings.practice.down",
            group=MOVE_GROUP,
            tooltip="Move the selected practice down",
        ),
    ]

    @dataclass
    class Requested(Message):
        """The user asked for something to be done with a practice (None: none selected)."""

        table: SettingsPracticeTable
        action: str
        """``add``, ``rename``, ``archive``, ``restore``, ``up`` or ``down``."""
        practice: Practice | None

        @property
        def control(self) -> SettingsPracticeTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.practices: tuple[Practice, ...] = ()
        """What the table shows, in order."""

    def on_mount(self) -> None:
        for name, width in COLUMNS:
            self.add_column(name, width=width, key=name)

    def show(self, practices: Sequence[Practice], select: str | None = None) -> None:
        """Show the practices, keeping the cursor on ``select`` (or where it was)."""
        keep = select or (self.selected.key if self.selected else None)
        self.practices = tuple(practices)
        self.clear()
        position = 0
        for practice in self.practices:
            if practice.derived:
                number = "-"
            else:
                position += 1
                number = str(position)
            self.add_row(
                number,
                Text(printable(practice.key)),
                Text(printable(practice.label)),  # never markup: "[bold]" shows as typed
                str(practice.category),
                practice_state(practice),
                key=practice.key,
            )
        keys = [p.key for p in self.practices]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
        self.refresh_bindings()

    @property
    def selected(self) -> Practice | None:
        """The practice under the cursor."""
        if not self.practices or not 0 <= self.cursor_row < len(self.practices):
            return None
        return self.practices[self.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request" and parameters and parameters[0] in ("archive", "restore"):
            archived = self.selected is not None and self.selected.archived
            return archived if parameters[0] == "restore" else not archived
        return True

    def watch_cursor_coordinate(self, *_: object) -> None:
        self.refresh_bindings()

    def action_request(self, action: str) -> None:
        self.post_message(self.Requested(self, action, self.selected))
