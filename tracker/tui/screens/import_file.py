"""The "Import file…" dialog: a path, the dry-run summary, then the import on a second enter.

The same code as ``sleep-tracker import``: the format is recognised from the content, every
record is checked first (``tracker.storage.importers``, or ``csv_io`` for our own CSV), and the
summary (new / filled / unchanged / conflicting nights, naps) is shown before anything is
written. Enter on a checked file that has no problems writes it (checked again at that moment,
in one transaction); a long read shows its progress. Escape closes without writing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, ProgressBar, Static

from tracker.domain.errors import TrackerError

if TYPE_CHECKING:
    from tracker.storage.repository import Repository
    from tracker.tui.commands import ViewContext

SHOWN_PROBLEMS = 6


@dataclass(frozen=True)
class Checked:
    """What a dry run found."""

    lines: list[str]
    problems: list[str]
    writes: int
    """Nights the import would write (0: nothing to change)."""
    conflicting: int = 0
    """Logged nights holding a value the file contradicts."""


def check_file(
    repository: Repository,
    path: Path,
    *,
    default_night: date,
    replace: bool,
    write: bool = False,
    progress: object = None,
) -> Checked:
    """Dry-run (or, with ``write`` and no problems, run) the import of ``path``.

    Raises:
        TrackerError: the file cannot be used at all.
    """
    from tracker.storage import importers
    from tracker.storage.importers.plan import build_plan, write_plan

    repository.prepare_writes(always=True, dry_run=not write)  # an import always verifies
    with importers.Source(str(path)) as source:
        format_name = importers.detect(source)
        if format_name == importers.OURS:
            return _check_ours(repository, source, default_night, replace, write)
        plan = build_plan(
            repository,
            importers.read(
                source,
                format_name,
                importers.ReadOptions(progress=progress),  # type: ignore[arg-type]
            ),
            source_name=source.name,
            format_name=format_name,
            default_night=default_night,
            replace=replace,
        )
    if write and not plan.problems:
        write_plan(repository, plan)
    return Checked(
        plan.summary(dry_run=not write, replace=replace),
        plan.problems,
        len(plan.nights),
        plan.conflicting,
    )


def _check_ours(
    repository: Repository, source: object, default_night: date, replace: bool, write: bool
) -> Checked:
    from tracker.storage import csv_io

    name = source.name  # type: ignore[attr-defined]
    text = source.read_text()  # type: ignore[attr-defined]
    try:
        plan = csv_io.import_csv(
            repository, name, text, default_night=default_night, replace=replace, dry_run=not write
        )
    except csv_io.ImportProblems as refused:
        return Checked([refused.message], refused.problems, 0)
    nights = len(plan.nights)
    lines = [
        f"sleep-tracker CSV: {nights} night{'s' if nights != 1 else ''} "
        f"({plan.added} new, {len(plan.replaced)} replaced)"
    ]
    if plan.new_practices:
        lines.append("New practices: " + ", ".join(p.key for p in plan.new_practices))
    return Checked(lines, [], nights or len(plan.new_practices))


class ImportScreen(ModalScreen[int | None]):
    """Asks for a file, shows what importing it would do, imports on confirmation."""

    DEFAULT_CSS = """
    ImportScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: auto;
            max-height: 90%;
            border: round $primary;
            background: $panel;
            padding: 0 1;
        }
        .title { text-style: bold; color: $text-primary; }
        .hint { color: $text-muted; }
        #import-path {
            margin-top: 1;
            background: $boost;
            &:focus { background: $primary 30%; }
        }
        #import-summary { height: auto; margin-top: 1; }
        #import-problems { height: auto; color: $text-error; }
        #import-progress { display: none; margin-top: 1; }
        #import-progress.-reading { display: block; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel", tooltip="Close without writing"),
    ]

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Result(Message):
        checked: Checked | None
        error: str
        written: bool
        key: tuple[str, bool]

    def __init__(self, repository: Repository, default_night: date) -> None:
        super().__init__()
        self.repository = repository
        self.default_night = default_night
        self.checked: tuple[tuple[str, bool], Checked] | None = None
        """The last dry run: (path, replace) it was for, and what it found."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-dialog"):
            yield Label("Import file…", classes="title")
            yield Static(
                "A sleep-tracker CSV, or an export of Sleep as Android, Plees, Fitbit, "
                "Apple Health, Loop or harsh (a file, zip or folder).",
                markup=False,
            )
            yield Input(placeholder="~/Downloads/sleep-export.csv", id="import-path", compact=True)
            yield Checkbox(
                "Take the file's values where they differ",
                id="import-replace",
                compact=True,
            )
            yield Static(
                "enter checks the file; nothing is written yet", id="import-hint", classes="hint"
            )
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-summary", markup=False)
            yield Static("", id="import-problems", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _key(self) -> tuple[str, bool]:
        return (
            self.query_one("#import-path", Input).value.strip(),
            self.query_one("#import-replace", Checkbox).value,
        )

    @on(Input.Changed, "#import-path")
    @on(Checkbox.Changed, "#import-replace")
    def _changed(self) -> None:
        if self.checked is not None and self.checked[0] != self._key():
            self.checked = None
            self._show([], [], "enter checks the file again; nothing is written yet")

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key = self._key()
        if not key[0]:
            self._show([], [], "Type the path of the file to import, e.g. ~/sleep-export.csv")
            return
        write = (
            self.checked is not None
            and self.checked[0] == key
            and not self.checked[1].problems
            and self.checked[1].writes > 0
        )
        event.input.disabled = True
        self._show([], [], "Importing…" if write else "Checking…")
        self.run_import(key, write)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, key: tuple[str, bool], write: bool) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1 or done >= total:
                last[0] = now
                self.post_message(self.Progressed(done, total))

        try:
            checked = check_file(
                self.repository,
                Path(key[0]).expanduser(),
                default_night=self.default_night,
                replace=key[1],
                write=write,
                progress=progress,
            )
        except TrackerError as error:
            self.post_message(self.Result(None, error.message, False, key))
            return
        self.post_message(self.Result(checked, "", write and not checked.problems, key))

    def on_import_screen_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.add_class("-reading")
        bar.update(total=message.total, progress=message.done)

    def on_import_screen_result(self, message: Result) -> None:
        self.query_one("#import-progress", ProgressBar).remove_class("-reading")
        entry = self.query_one("#import-path", Input)
        entry.disabled = False
        entry.focus()
        if message.checked is None:
            self.checked = None
            self._show([" ".join(message.error.split())], [], "Correct the path and press enter")
            return
        checked = message.checked
        if message.written:
            self.app.notify("\n".join(checked.lines), title="Imported")
            self.dismiss(checked.writes)
            return
        self.checked = (message.key, checked)
        if checked.problems and checked.conflicting and not message.key[1]:
            hint = (
                "Nothing is imported until these are fixed; a value that differs from a "
                "logged one can instead be taken from the file (tick the box) · escape closes"
            )
        elif checked.problems:
            hint = "Nothing is imported until these are fixed · escape closes"
        elif checked.writes:
            hint = "enter imports these nights · escape cancels"
        else:
            hint = "Nothing to import · escape closes"
        self._show(checked.lines, checked.problems, hint)

    def _show(self, lines: list[str], problems: list[str], hint: str) -> None:
        self.query_one("#import-summary", Static).update(Content("\n".join(lines)))
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"… and {len(problems) - SHOWN_PROBLEMS} more")
        self.query_one("#import-problems", Static).update(Content("\n".join(shown)))
        self.query_one("#import-hint", Static).update(Content(hint))

    def action_cancel(self) -> None:
        self.dismiss(None)


def make_import_screen(context: ViewContext) -> ImportScreen:
    """The factory ``tracker.tui.commands.VIEWS`` calls for ``Import file…``."""
    return ImportScreen(context.repository, context.default_night)
