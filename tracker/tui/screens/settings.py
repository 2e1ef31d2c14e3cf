"""The Settings screen: schedule targets (and their history), practices, and preferences.

Opened from the ``Settings`` entry of ``tracker.tui.commands.VIEWS`` (key ``,``). Three tabs fit
80x24: Targets, Practices and Preferences. Every write goes through the same repository methods
as ``sleep-tracker settings set`` and ``sleep-tracker practices ...``, so the app refuses what
the command line refuses, with the same one-line message, and writes nothing then. Database
calls run in thread workers and report back with messages carrying domain objects.

After every change the screen posts ``SettingsScreen.Changed`` (it bubbles to the app) and
brings the check-in below it up to date through the check-in's public ``open_night``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Footer, Header, Input, Label, Select, TabbedContent, TabPane, Tabs

from tracker.domain import clock
from tracker.domain.errors import InputRefused, TrackerError
from tracker.domain.nights import Targets, next_version, targets_for
from tracker.domain.practices import (
    CUSTOM_CATEGORIES,
    Category,
    Practice,
    parse_category,
    validate_key,
    validate_label,
)
from tracker.domain.preferences import Preferences
from tracker.tui.widgets.settings_field import SettingsField
from tracker.tui.widgets.settings_practices import SettingsPracticeTable
from tracker.tui.widgets.settings_preferences import PreferencesForm
from tracker.tui.widgets.targets_form import TargetsForm

if TYPE_CHECKING:
    from tracker.storage.repository import Repository
    from tracker.tui.commands import ViewContext

TABS = ("tab-targets", "tab-practices", "tab-preferences")
TAB_GROUP = Binding.Group("Tab", compact=True)


@dataclass(frozen=True)
class SettingsData:
    """Everything the Settings screen shows, read in one go."""

    preferences: Preferences
    history: tuple[Targets, ...]
    """Versions of the targets, oldest first."""
    practices: tuple[Practice, ...]
    """All practices, archived included, in their order."""
    default_night: date
    """The latest night new targets may take effect from."""


def load_settings(repository: Repository, now: datetime) -> SettingsData:
    """Read preferences, targets history and practices (blocks: call it from a worker)."""
    preferences = repository.preferences()
    return SettingsData(
        preferences=preferences,
        history=tuple(repository.targets_history()),
        practices=tuple(repository.practices()),
        default_night=clock.default_night(now, preferences.rollover),
    )


def targets_to_set(
    history: Sequence[Targets], effective_from: date, values: Mapping[str, int]
) -> dict[str, int]:
    """The targets that differ from the version in force on ``effective_from``: those are
    written; later versions are kept as they were (DESIGN, Practices)."""
    in_force = targets_for(effective_from, history)
    return {name: value for name, value in values.items() if getattr(in_force, name) != value}


def describe_targets(targets: Targets) -> str:
    return (
        f"bedtime {clock.format_clock(targets.bedtime)}, wake {clock.format_clock(targets.wake)}, "
        f"tolerance {targets.tolerance} min"
    )


class SettingsScreen(Screen[None]):
    """Targets, practices and preferences; escape goes back to the check-in."""

    CSS_PATH = "settings.tcss"
    TITLE = "Settings"
    BINDINGS = [
        Binding("escape", "close", "Back", id="settings.close", tooltip="Back to the check-in"),
        # Priority, and the fields leave [ and ] to them (SettingsField): they switch tabs
        # from a target field too, where a save leaves the focus.
        Binding(
            "left_square_bracket",
            "tab(-1)",
            "Tab",
            id="settings.tab_previous",
            group=TAB_GROUP,
            tooltip="Previous tab",
            priority=True,
        ),
        Binding(
            "right_square_bracket",
            "tab(1)",
            "Tab",
            id="settings.tab_next",
            group=TAB_GROUP,
            tooltip="Next tab",
            priority=True,
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The settings were read (or re-read after a change)."""

        data: SettingsData
        note: str = ""
        """What was just done, for a notification (empty: nothing)."""
        select: str | None = None
        """Practice key to keep the cursor on."""
        changed: bool = False
        """A change was written: other views must reload."""

    @dataclass
    class Refused(Message):
        """A change was refused or could not be written; nothing was written."""

        title: str
        message: str

    @dataclass
    class Changed(Message):
        """Targets, practices or preferences changed: views showing them should reload.

        Bubbles to the app, which may adopt ``preferences`` for the views it opens next.
        """

        preferences: Preferences

    def __init__(self, repository: Repository, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.repository = repository
        self.now = now
        self.data: SettingsData | None = None
        """What is on screen (None until loaded)."""
        self._write_lock = threading.Lock()
        """Writes run one after another, in the order they were asked for."""

    # Layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        now = self.now()
        yield Header(icon="☾")
        with TabbedContent(id="settings-tabs", initial=TABS[0]):
            with TabPane("Targets", id=TABS[0]):
                yield TargetsForm(now.date(), now.date(), id="targets-form")
            with TabPane("Practices", id=TABS[1]):
                yield SettingsPracticeTable(id="practice-table")
                yield Label(
                    "a add · n rename · x archive / restore · u d move · archived practices "
                    "leave the check-in and keep their history",
                    classes="hint",
                )
            with TabPane("Preferences", id=TABS[2]):
                yield PreferencesForm(self.app.available_themes, id="preferences-form")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#settings-tabs").loading = True
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.load()

    @property
    def targets_form(self) -> TargetsForm:
        return self.query_one("#targets-form", TargetsForm)

    @property
    def practice_table(self) -> SettingsPracticeTable:
        return self.query_one("#practice-table", SettingsPracticeTable)

    @property
    def preferences_form(self) -> PreferencesForm:
        return self.query_one("#preferences-form", PreferencesForm)

    def show(self, data: SettingsData, select: str | None = None) -> None:
        first = self.data is None
        self.data = data
        self.targets_form.show(data.history, data.default_night)
        self.practice_table.show(data.practices, select)
        self.preferences_form.show(data.preferences)
        self.query_one("#settings-tabs").loading = False
        if first:  # the tab bar: its footer shows every key of the screen
            self.query_one("#settings-tabs", TabbedContent).query_one(Tabs).focus()

    # Reading and writing ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="settings-load", exit_on_error=False)
    def load(self) -> None:
        try:
            data = load_settings(self.repository, self.now())
        except TrackerError as error:
            self.post_message(self.Refused("Cannot read the settings", error.message))
            return
        self.post_message(self.Loaded(data))

    def _write(self, title: str, change: Callable[[], tuple[str, str | None]]) -> None:
        """Run one change (in a worker thread), then re-read and report.

        ``change`` returns the note to show and the practice key to keep selected.
        """
        with self._write_lock:
            try:
                note, select = change()
                data = load_settings(self.repository, self.now())
            except TrackerError as error:
                self.post_message(self.Refused(title, error.message))
                return
        self.post_message(self.Loaded(data, note, select, changed=True))

    @work(thread=True, group="settings-write", exit_on_error=False)
    def save_targets(self, values: dict[str, int], effective_from: date) -> None:
        def change() -> tuple[str, str | None]:
            history = self.repository.targets_history()
            to_set = targets_to_set(history, effective_from, values)
            if not to_set:
                shown = describe_targets(targets_for(effective_from, history))
                return f"Nothing to change: from night {effective_from} it is {shown}", None
            targets = None
            for name, value in to_set.items():
                targets = self.repository.set_target(name, value, effective_from)
            assert targets is not None
            note = f"From night {effective_from.isoformat()}: {describe_targets(targets)}"
            later = next_version(effective_from, history)
            if later is not None:
                note += (
                    f"; from {later.effective_from.isoformat()} the later version still "
                    f"applies ({describe_targets(later)})"
                )
            return note, None

        self._write("Targets not saved", change)

    @work(thread=True, group="settings-write", exit_on_error=False)
    def save_preference(self, name: str, value: str) -> None:
        def change() -> tuple[str, str | None]:
            preferences = self.repository.set_preference(name, value)
            return f"Set {name} to {getattr(preferences, name)}", None

        self._write("Setting not saved", change)

    @work(thread=True, group="settings-write", exit_on_error=False)
    def change_practice(self, action: str, key: str) -> None:
        def change() -> tuple[str, str | None]:
            repository = self.repository
            if action == "archive":
                repository.set_archived(key, True)
                return f"Archived '{key}': hidden from the check-in, its history kept", key
            if action == "restore":
                repository.set_archived(key, False)
                return f"Restored '{key}': back in the check-in", key
            order = [p.key for p in repository.practices() if not p.derived]
            step = -1 if action == "up" else 1
            position = (order.index(key) if key in order else 0) + 1 + step
            if key in order and not 1 <= position <= len(order):
                raise InputRefused(
                    f"'{key}' is already {'first' if step < 0 else 'last'} "
                    "among the checked practices"
                )
            repository.move_practice(key, position)
            return f"Moved '{key}' to position {position}", key

        self._write("Practice not changed", change)

    @work(thread=True, group="settings-write", exit_on_error=False)
    def reload_after(self, note: str, select: str | None) -> None:
        """Re-read after a change made elsewhere (the practice dialog)."""
        self._write("Cannot read the settings", lambda: (note, select))

    def on_settings_screen_loaded(self, message: Loaded) -> None:
        self.show(message.data, message.select)
        if message.note:
            self.notify(message.note, title="Settings")
        if message.changed:
            self.announce(message.data.preferences)

    def on_settings_screen_refused(self, message: Refused) -> None:
        self.query_one("#settings-tabs").loading = False
        self.notify(message.message, title=message.title, severity="error")
        if self.data is not None:  # put back what is stored (a refused Select choice)
            self.preferences_form.show(self.data.preferences)

    def announce(self, preferences: Preferences) -> None:
        """Tell the app, which brings the check-in below up to date with the change."""
        self.post_message(self.Changed(preferences))

    # Events from the tabs ---------------------------------------------------------------

    @on(TargetsForm.Submitted)
    def _targets_submitted(self, message: TargetsForm.Submitted) -> None:
        self.save_targets(message.values, message.effective_from)

    @on(PreferencesForm.Chosen)
    def _preference_chosen(self, message: PreferencesForm.Chosen) -> None:
        if message.name == "theme":
            self.app.theme = message.value  # applied at once; saved below
        self.save_preference(message.name, message.value)

    def _theme_changed(self, theme: Theme) -> None:
        """The theme was changed elsewhere (the palette): show it, without writing again."""
        form = self.preferences_form
        if form.preferences is not None and form.preferences.theme != theme.name:
            form.show(replace(form.preferences, theme=theme.name))

    @on(SettingsPracticeTable.Requested)
    def _practice_requested(self, message: SettingsPracticeTable.Requested) -> None:
        practice = message.practice
        if message.action == "add":
            self.app.push_screen(
                PracticeDialog(self.repository, now=self.now), self._practice_saved
            )
        elif practice is None:
            self.notify(
                "Choose a practice first (up / down)",
                title="No practice selected",
                severity="warning",
            )
        elif message.action == "rename":
            self.app.push_screen(PracticeDialog(self.repository, practice), self._practice_saved)
        else:
            self.change_practice(message.action, practice.key)

    def _practice_saved(self, result: tuple[str, Practice] | None) -> None:
        if result is not None:
            note, practice = result
            self.reload_after(note, practice.key)

    # Actions ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one("#settings-tabs", TabbedContent)
        active = tabs.active if tabs.active in TABS else TABS[0]
        tabs.active = TABS[(TABS.index(active) + step) % len(TABS)]
        self.call_after_refresh(self._focus_tab, tabs.active)

    def _focus_tab(self, pane_id: str) -> None:
        if pane_id == "tab-targets":
            self.targets_form.fields["bedtime"].entry.focus()
        elif pane_id == "tab-practices":
            self.practice_table.focus()
        else:
            self.preferences_form.select("unit").focus()


class PracticeDialog(ModalScreen[tuple[str, Practice] | None]):
    """Add a custom practice, or rename one; returns what was done and the practice."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="practice_dialog.cancel",
            tooltip="Close without saving",
        ),
        Binding("ctrl+s", "submit", "Save", id="practice_dialog.save", tooltip="Save the practice"),
    ]

    @dataclass
    class Done(Message):
        note: str
        practice: Practice

    @dataclass
    class Refused(Message):
        message: str

    def __init__(
        self,
        repository: Repository,
        practice: Practice | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.practice = practice
        """The practice to rename; None to add one."""
        self.now = now
        """The clock: a practice added lives from the default night of the moment it is saved."""

    def compose(self) -> ComposeResult:
        with Vertical(id="practice-dialog"):
            if self.practice is None:
                yield Label("Add a yes/no practice", classes="title")
                yield SettingsField(
                    "Key",
                    validate_key,
                    placeholder="no_screens",
                    max_length=32,
                    hint="lowercase, for the CLI and CSV",
                    id="practice-key",
                )
                with Horizontal(classes="settings-field"):
                    yield Label("Category", classes="caption")
                    yield Select(
                        [(str(c), str(c)) for c in CUSTOM_CATEGORIES],
                        value=str(Category.CUSTOM),
                        allow_blank=False,
                        compact=True,
                        id="practice-category",
                    )
            else:
                yield Label(f"Rename '{self.practice.key}'", classes="title")
            yield SettingsField(
                "Label",
                validate_label,
                placeholder="what the check-in shows",
                max_length=60,
                hint="",
                id="practice-label",
            )
            yield Label("enter in the label or ctrl+s saves · escape cancels", classes="hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self.practice is None:
            self.query_one("#practice-key", SettingsField).entry.focus()
        else:
            label = self.query_one("#practice-label", SettingsField)
            label.set_text(self.practice.label)
            label.entry.focus()
            # Selected once focused (the screen may have focused it before the text was set):
            # typing replaces the old label instead of adding to it.
            self.call_after_refresh(label.entry.select_all)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.practice is None and event.input.parent is self.query_one("#practice-key"):
            self.focus_next()
        else:
            self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        fields = [self.query_one("#practice-label", SettingsField)]
        if self.practice is None:
            fields.insert(0, self.query_one("#practice-key", SettingsField))
        values = []
        for field in fields:
            try:
                values.append(field.value())
            except InputRefused as refusal:
                field.entry.focus()
                self.notify(refusal.message, title="Practice not saved", severity="error")
                return
        if self.practice is None:
            category = str(self.query_one("#practice-category", Select).value)
            self.save(values[0], values[1], category)
        else:
            self.save(self.practice.key, values[0], None)

    @work(thread=True, exclusive=True, group="practice-save", exit_on_error=False)
    def save(self, key: str, label: str, category: str | None) -> None:
        try:
            if category is None:
                practice = self.repository.rename_practice(key, label)
                note = f"Renamed '{practice.key}': {practice.label}"
            else:
                added = clock.default_night(self.now(), self.repository.preferences().rollover)
                practice = self.repository.add_practice(
                    key, label, parse_category(category), added=added
                )
                note = f"Added practice '{practice.key}': {practice.label} ({practice.category})"
        except TrackerError as error:
            self.post_message(self.Refused(error.message))
            return
        self.post_message(self.Done(note, practice))

    def on_practice_dialog_done(self, message: Done) -> None:
        self.dismiss((message.note, message.practice))

    def on_practice_dialog_refused(self, message: Refused) -> None:
        field_id = "#practice-key" if self.practice is None else "#practice-label"
        field = self.query_one(field_id, SettingsField)
        field.show_reason(message.message)
        field.entry.focus()
        self.notify(message.message, title="Practice not saved", severity="error")


def make_settings_screen(context: ViewContext) -> SettingsScreen:
    """The factory ``tracker.tui.commands.VIEWS`` calls for ``Settings``."""
    return SettingsScreen(context.repository, context.now)
