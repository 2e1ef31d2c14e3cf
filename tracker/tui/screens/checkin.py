"""The daily check-in: one night's times, practices, quality, temperature and note.

Every change is saved at once: the screen compares what is on screen with what it has already
queued for saving (``sync``) and queues the difference as ``Change`` objects on the app's
``CheckinSession`` (tracker/tui/session.py), which writes them in order, one transaction each,
and reports each outcome. Because ``sync`` is idempotent, quitting or moving to another night
can call it first and lose nothing that was typed and valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Label
from textual.worker import get_current_worker

from tracker.domain import clock
from tracker.domain.errors import TrackerError
from tracker.domain.nights import Change, Night, derived_marks
from tracker.domain.practices import Mark
from tracker.domain.preferences import DiaryMode, Preferences
from tracker.domain.values import format_degrees, parse_note, parse_temperature
from tracker.tui.data import CheckinData, Streaks, load_checkin, load_streaks
from tracker.tui.session import CheckinSession, Outcome, Refused, Saved
from tracker.tui.type_ahead import OPENING, type_ahead_of
from tracker.tui.widgets.diary_row import DIARY_FIELDS, DiaryRow
from tracker.tui.widgets.entry_field import EntryField, time_entry
from tracker.tui.widgets.practice_row import DerivedRow, PracticeRow, PracticesHeading
from tracker.tui.widgets.quality_bar import QUALITY_WORDS, QualityBar
from tracker.tui.widgets.save_state import SaveState

if TYPE_CHECKING:
    from tracker.storage.repository import Repository

NIGHT_GROUP = Binding.Group("Nights", compact=True)
TEXT_FIELDS = ("bedtime", "wake", "room_temp_c", "note", *DIARY_FIELDS)


def app_quitting(app: object) -> bool:
    return bool(getattr(app, "quitting", False))


def describe_night(night: date, default_night: date, today: date, *, short: bool = False) -> str:
    """``Night of Monday 23 November 2026 · last night`` (or tonight, or how long ago);
    ``short``: ``Mon 23 Nov 2026 · last night``."""
    when = (
        f"{night:%a} {night.day} {night:%b %Y}"
        if short
        else f"{night:%A} {night.day} {night:%B %Y}"
    )
    prefix = "" if short else "Night of "
    if night == default_night:
        return f"{prefix}{when} · {'tonight' if night == today else 'last night'}"
    days = (default_night - night).days
    return f"{prefix}{when} · {days} night{'s' if days != 1 else ''} earlier"


class NightTitle(Label):
    """Which night is on screen, in full or, on a narrow terminal, short."""

    night: reactive[tuple[date, date, date] | None] = reactive(None)
    """(night, default night, today)."""

    def render(self) -> str:
        if self.night is None:
            return ""
        text = describe_night(*self.night)
        if len(text) > self.content_size.width:
            text = describe_night(*self.night, short=True)
        return text


class CheckinScreen(Screen[None]):
    """Check-in of one night; opens on the default night."""

    BINDINGS = [
        Binding(
            "left_square_bracket",
            "night(-1)",
            "Prev",
            id="checkin.previous",
            group=NIGHT_GROUP,
            tooltip="Previous night",
        ),
        Binding(
            "right_square_bracket",
            "night(1)",
            "Next",
            id="checkin.next",
            group=NIGHT_GROUP,
            tooltip="Next night (not past the default night)",
        ),
        Binding("left", "night(-1)", "Previous night", id="checkin.previous_arrow", show=False),
        Binding("right", "night(1)", "Next night", id="checkin.next_arrow", show=False),
        Binding(
            "g",
            "go_to_date",
            "Go to",
            id="checkin.go_to_date",
            group=NIGHT_GROUP,
            tooltip="Go to a night by its date (or nights back)",
        ),
        Binding(
            "t,home",
            "default_night",
            "Latest",
            id="checkin.default",
            group=NIGHT_GROUP,
            tooltip="Back to the latest night you can log (last night, or tonight after the "
            "rollover hour)",
        ),
        Binding(
            "a",
            "all_done",
            "All ✓",
            id="checkin.all_done",
            tooltip="Mark every unanswered practice done",
        ),
        *(
            Binding(
                str(n),
                f"quality({n})",
                "Quality",
                id=f"checkin.quality_{n}",
                show=n == 1,
                key_display="1-5" if n == 1 else None,
                tooltip=f"Quality {n} ({QUALITY_WORDS[n]})",
            )
            for n in range(1, 6)
        ),
        Binding("0", "quality(0)", "Clear quality", id="checkin.quality_clear", show=False),
        # Past an empty field (a time, the diary), the practice keys act on the practices:
        # the first one not answered yet is marked and the cursor goes to the next.
        *(
            Binding(key, f"mark_next({mark.value!r})", mark.value.capitalize(), show=False)
            for key, mark in (("y", Mark.DONE), ("n", Mark.MISSED), ("s", Mark.SKIPPED))
        ),
    ]

    @dataclass
    class NightLoaded(Message):
        """A night was read for the screen."""

        data: CheckinData

    @dataclass
    class SessionReported(Message):
        """The session wrote or refused a change; with the streaks once its queue is empty."""

        outcome: Outcome
        streaks: Streaks | None

    @dataclass
    class LoadFailed(Message):
        """A night could not be read."""

        night: date
        message: str

    def __init__(
        self,
        repository: Repository,
        preferences: Preferences,
        now: Callable[[], datetime],
        data: CheckinData,
        session: CheckinSession,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.session = session
        self.preferences = preferences
        self.now = now
        self.data = data
        """The night on screen as last loaded or saved."""
        self.heading_to = data.night
        """The night on screen or being loaded: keys pressed in a row step from it."""
        self.queued: dict[str, Any] = {}
        """Field name or practice key -> the value last queued for saving (or loaded)."""
        self._focus_before_load: Widget | None = None
        self._outcomes_seen: int | None = None
        """The session's count of outcomes when another screen covered this one."""

    # Layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        # Scrolls when the terminal is small or the practices many; focus scrolls into view.
        with VerticalScroll(id="checkin"):
            with Horizontal(id="titlebar"):
                yield NightTitle(id="night")
                yield SaveState(id="save-state")
            yield time_entry("bedtime", "Bedtime", id="bedtime")
            yield time_entry("wake", "Wake", id="wake")
            yield DiaryRow(id="diary")
            yield PracticesHeading(id="practices-heading")
            yield Vertical(id="practices")
            yield QualityBar(id="quality")
            unit = self.preferences.unit
            yield EntryField(
                "room_temp_c",
                "Bedroom",
                lambda text: parse_temperature(text, self.preferences.unit),
                lambda celsius: format_degrees(celsius, self.preferences.unit),
                placeholder=f"°{unit}",
                input_width=7,
                max_length=6,
                allowed="0123456789.,-",
                id="temperature",
            )
            yield EntryField(
                "note",
                "Note",
                parse_note,
                str,
                placeholder="a short note",
                input_width="1fr",
                max_length=1000,
                id="note",
            )
            yield Label("", id="summary")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        self._show_mode()
        await self.show(self.data)
        self.query_one("#bedtime", EntryField).entry.focus()
        self.session.listen(self._reported)
        if (type_ahead := type_ahead_of(self.app)) is not None:
            type_ahead.release(OPENING)  # keys typed while the app opened: to the bedtime

    def on_unmount(self) -> None:
        self.session.unlisten(self._reported)
        if (type_ahead := type_ahead_of(self.app)) is not None:
            type_ahead.release(self)

    def on_screen_suspend(self) -> None:
        self.sync()
        self._outcomes_seen = self.session.outcomes

    def on_screen_resume(self) -> None:
        """Back from another view: re-read the night if another screen changed nights."""
        seen = self._outcomes_seen
        if seen is not None and self.session.outcomes != seen and not app_quitting(self.app):
            self.open_night(self.heading_to)

    def _reported(self, outcome: Outcome) -> None:
        """From the session's writer thread: add the streaks once the queue is empty."""
        streaks = None
        night = self.data.night
        if not outcome.pending and outcome.night <= night:
            data = self.data
            # A change to a night already logged leaves the check-in streak as it was.
            known = data.streaks.checkin if outcome.night == night and data.record else None
            try:
                streaks = load_streaks(self.repository, data.practices, night, checkin=known)
            except TrackerError:
                streaks = None
        self.post_message(self.SessionReported(outcome, streaks))

    def _show_mode(self) -> None:
        """The diary row is there only with the `diary full` setting."""
        full = self.preferences.diary is DiaryMode.FULL
        self.query_one("#checkin").set_class(full, "-diary")

    def apply_preferences(self, preferences: Preferences) -> None:
        """Show the check-in with changed preferences (unit, diary, rollover), reloading it."""
        self.sync()  # what is typed is read in the unit it was typed in
        self.preferences = preferences
        self._show_mode()
        temperature = self.query_one("#temperature", EntryField)
        temperature.entry.placeholder = f"°{preferences.unit}"
        temperature.show(temperature.value)
        self.open_night(min(self.data.night, self.default_night()))

    def default_night(self) -> date:
        return clock.default_night(self.now(), self.preferences.rollover)

    @property
    def fields(self) -> list[EntryField]:
        return list(self.query(EntryField))

    @property
    def rows(self) -> list[PracticeRow]:
        """The checked practices' rows."""
        return list(self.query(PracticeRow))

    @property
    def practice_rows(self) -> list[PracticeRow | DerivedRow]:
        """Every practice row, checked and derived, in order."""
        return [row for row in self.query(".practice") if isinstance(row, PracticeRow | DerivedRow)]

    async def show(self, data: CheckinData, *, keep_state: bool = False) -> None:
        """Put a night on screen, and take its stored values as already saved.

        The saved state starts afresh for each night shown ("saved ✓" only for a logged one)
        unless ``keep_state`` (the same night, shown again after a refusal).
        """
        self.data = data
        if not keep_state:
            self.query_one(SaveState).state = "saved" if data.record is not None else "idle"
        shown = data.shown
        self.query_one("#night", NightTitle).night = (
            data.night,
            data.default_night,
            self.now().date(),
        )
        for entry in self.fields:
            entry.show(getattr(shown, entry.field_name))
        container = self.query_one("#practices", Vertical)
        keys = [p.key for p in data.practices]
        current = [row.practice.key for row in self.practice_rows]
        if keys != current:
            await container.remove_children()
            await container.mount_all(
                DerivedRow(p) if p.derived else PracticeRow(p) for p in data.practices
            )
        for row in self.rows:
            row.mark = shown.marks.get(row.practice.key)
        self.query_one("#quality", QualityBar).quality = shown.quality
        self.queued = {
            **{name: getattr(shown, name) for name in TEXT_FIELDS},
            "quality": shown.quality,
            **{p.key: shown.marks.get(p.key) for p in data.practices if not p.derived},
        }
        self.show_derived(shown)
        self.show_streaks(data.streaks)
        self.show_figures()

    def show_figures(self) -> None:
        """Time asleep (and with the diary, total sleep and efficiency) as soon as the values
        on screen allow, and on which day a bedtime after midnight falls."""
        values = {entry.field_name: entry.value for entry in self.fields}
        night = Night(
            night=self.data.night,
            **{name: values.get(name) for name in ("bedtime", "wake", *DIARY_FIELDS)},
        )
        bed = self.query_one("#bedtime", EntryField)
        if night.bedtime is not None and night.bedtime < clock.HALF_DAY:
            after = night.night + timedelta(days=1)
            bed.show_info(f"after midnight: {after:%a %d %b}")
        else:
            bed.show_info("")
        figures = []
        if (asleep := night.sleep_minutes) is not None and asleep <= clock.MAX_SLEEP_MINUTES:
            figures.append(f"asleep {clock.format_duration(asleep)}")
            if (total := night.total_sleep) is not None and total > 0:
                figures.append(f"total sleep {clock.format_duration(total)}")
            if (efficiency := night.efficiency) is not None and night.total_sleep > 0:
                figures.append(f"efficiency {efficiency:.0%}")
        self.query_one("#wake", EntryField).show_info(" · ".join(figures))

    def show_derived(self, night: Night) -> None:
        targets = self.data.targets
        marks = derived_marks(night, targets)
        for row in self.query(DerivedRow):
            goal = targets.bedtime if row.practice.key == "on_time_bed" else targets.wake
            row.target = f"{clock.format_clock(goal)} ±{targets.tolerance}"
            row.mark = marks.get(row.practice.key)
            row.refresh()

    def show_streaks(self, streaks: Streaks) -> None:
        self.data = replace(self.data, streaks=streaks)
        for row in self.practice_rows:
            row.streak = streaks.practices.get(row.practice.key)
        nights = streaks.checkin
        self.query_one("#summary", Label).update(
            f"Check-in streak: {nights} night{'s' if nights != 1 else ''} in a row"
        )

    # Saving -----------------------------------------------------------------------------

    def sync(self) -> None:
        """Queue whatever on screen differs from what was queued: each field on its own, the
        practice marks together. Idempotent, so it can run before quitting or moving on."""
        night = self.data.night
        for entry in self.fields:
            entry.take_commit()
            if entry.value != self.queued.get(entry.field_name):
                self.queued[entry.field_name] = entry.value
                self._queue(night, Change(fields={entry.field_name: entry.value}))
        quality = self.query_one("#quality", QualityBar).quality
        if quality != self.queued.get("quality"):
            self.queued["quality"] = quality
            self._queue(night, Change(fields={"quality": quality}))
        marks: dict[str, Mark | None] = {}
        for row in self.rows:
            if row.mark != self.queued.get(row.practice.key):
                marks[row.practice.key] = self.queued[row.practice.key] = row.mark
        if marks:
            self._queue(night, Change(marks=marks))
        self.show_figures()

    def _queue(self, night: date, change: Change) -> None:
        self.query_one(SaveState).state = "saving"
        self.session.queue(night, change)

    async def on_checkin_screen_session_reported(self, message: SessionReported) -> None:
        outcome = message.outcome
        here = outcome.night == self.data.night
        if message.streaks is not None and here:
            self.show_streaks(message.streaks)
        if isinstance(outcome, Saved):
            if here:
                self.data = replace(self.data, record=outcome.stored)
                self.show_derived(outcome.stored)
                if self.session.is_latest(outcome):
                    self.query_one(SaveState).state = "saved"
            return
        assert isinstance(outcome, Refused)
        self.notify(
            f"{outcome.night:%a %d %b}: {outcome.message}", title="Not saved", severity="error"
        )
        if here:
            self.query_one(SaveState).state = "error"
            await self.show(replace(self.data, record=outcome.stored), keep_state=True)

    @on(EntryField.Committed)
    def _committed(self) -> None:
        self.sync()

    @on(PracticeRow.Marked)
    def _marked(self) -> None:
        self.sync()

    # Actions ----------------------------------------------------------------------------

    def action_quality(self, value: int) -> None:
        self.query_one("#quality", QualityBar).quality = value or None
        self.sync()

    def action_mark_next(self, name: str) -> None:
        """y / n / s outside a practice row: answer the first practice not answered yet."""
        unanswered = [row for row in self.rows if row.mark is None]
        if not unanswered:
            self.notify("Every practice is already answered", title="Practices")
            return
        self.set_focus(unanswered[0])  # now, not after a refresh: action_mark moves on from it
        unanswered[0].action_mark(name)

    def action_all_done(self) -> None:
        unanswered = [row for row in self.rows if row.mark is None]
        if not unanswered:
            self.notify("Every practice is already answered", title="All done")
            return
        for row in unanswered:
            row.mark = Mark.DONE
        self.sync()
        self.query_one("#quality", QualityBar).focus()

    def action_night(self, step: int) -> None:
        target = self.heading_to + timedelta(days=step)
        latest = self.default_night()
        if target > latest:
            self.notify(
                f"{target:%a %d %b} is in the future: the latest night you can log is "
                f"{latest:%a %d %b}",
                title="No next night",
                severity="warning",
            )
            return
        self.open_night(target)

    def action_default_night(self) -> None:
        latest = self.default_night()
        if self.heading_to == latest:
            self.notify(f"Already on the default night, {latest:%a %d %b}", title="Last night")
            return
        self.open_night(latest)

    def action_go_to_date(self) -> None:
        from tracker.tui.screens.go_to_date import GoToDate

        if app_quitting(self.app):
            return
        dialog = GoToDate(
            latest=self.default_night(), today=self.now().date(), current=self.heading_to
        )
        self.app.push_screen(dialog, self._went_to)

    def _went_to(self, night: date | None) -> None:
        if night is not None and night != self.heading_to:
            self.open_night(night)

    def open_night(self, night: date) -> None:
        """Save what is on screen, then load another night."""
        self.heading_to = night
        self.sync()
        container = self.query_one("#checkin")
        if not container.loading:
            # Loading takes the focus away (keys then wait for the night); it comes back.
            self._focus_before_load = self.focused
            container.loading = True
            if (type_ahead := type_ahead_of(self.app)) is not None:
                type_ahead.hold(self)  # keys typed now are for the night being loaded
        self.load_night(night)

    def _loaded(self) -> None:
        """The night is on screen: input works again, the focus where it was, and the keys
        typed meanwhile are given back to it."""
        container = self.query_one("#checkin")
        if not container.loading:
            return
        container.loading = False
        before, self._focus_before_load = self._focus_before_load, None
        if before is not None and before.is_attached and self.focused is None:
            self.set_focus(before)
        if (type_ahead := type_ahead_of(self.app)) is not None:
            type_ahead.release(self)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_night(self, night: date) -> None:
        worker = get_current_worker()
        self.session.wait()  # queued saves land before the night is read
        if worker.is_cancelled:
            return
        try:
            data = load_checkin(self.repository, night, self.default_night())
        except TrackerError as error:
            self.post_message(self.LoadFailed(night, error.message))
            return
        self.post_message(self.NightLoaded(data))

    def on_checkin_screen_load_failed(self, message: LoadFailed) -> None:
        self.heading_to = self.data.night
        self._loaded()
        self.notify(message.message, title="Cannot read the night", severity="error")

    async def on_checkin_screen_night_loaded(self, message: NightLoaded) -> None:
        if message.data.night != self.heading_to:
            return  # a load overtaken by a later key
        await self.show(message.data)
        if message.data.shown.bedtime is None:
            # A night still to fill in starts where a check-in starts: at the bedtime.
            self.query_one("#bedtime", EntryField).entry.focus()
        self._loaded()
