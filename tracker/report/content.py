"""The report as formatted text: what both renderers (the HTML page and the PDF) show.

Every figure, row and cell is computed and formatted here once, from the plain
``SleepReport``; the renderers only lay it out. Standard library and the domain only, so
this is cheap to import. Values from the person (notes, labels) are made ``visible``:
control characters escaped, never passed on raw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.domain import clock
from tracker.domain.metrics import Tally
from tracker.domain.report import ReportNight, SleepReport
from tracker.domain.summary import format_clock_mean
from tracker.domain.text import printable

WEEKS_PER_TABLE = 4
"""Week columns per practice table: a year is 14 tables that fit the page, not 53 columns."""
NOTE_IN_TABLE = 40
"""Characters of a note shown in the nightly table; the full note is in the Notes section."""
NOT_RECORDED = "—"

NIGHTLY_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("Night", False),
    ("In bed", False),
    ("Tried to sleep", False),
    ("Latency", True),
    ("Awakenings", True),
    ("Awake (WASO)", True),
    ("Final wake", False),
    ("Out of bed", False),
    ("Quality", True),
    ("TST", True),
    ("TIB", True),
    ("SE", True),
    ("Note", False),
)
"""The nightly table's columns in the order of the Consensus Sleep Diary, and which are
numbers (right-aligned)."""

NOT_LOGGED = "not logged"
INTRO = (
    "Kept by the person themselves with sleep-tracker: sleep times, the core items of the "
    "Consensus Sleep Diary and the sleep-hygiene practices they are working on. It describes "
    "habits only; it judges and diagnoses nothing. “—” means not recorded."
)
NO_DIARY = (
    "No sleep diary detail was logged for these nights (in bed, time to fall asleep, "
    "awakenings, time awake, out of bed), so total sleep, time in bed and efficiency are not "
    "shown. Times and practices are below."
)
SUMMARY_HINT = (
    "Means over the nights where each value was logged; bedtime and wake are circular means "
    "(23:30 and 00:30 average to 00:00); SD is the population standard deviation."
)
NIGHTLY_HINT = (
    "In the order of the Consensus Sleep Diary. TST = total sleep time, TIB = time in bed, "
    "SE = sleep efficiency."
)


def log_hint(axis_from: str) -> str:
    return (
        f"One row per night, {axis_from} to {axis_from}. Time awake in the night is written "
        "beside it: the diary records how long, not when."
    )


PRACTICES_HINT = (
    "Kept / (kept + missed) on the nights each was answered; skipped nights (travelling, ill) "
    "and unanswered ones are left out. “In bed on schedule” and “Up on schedule” come from the "
    "logged times and the person's own targets."
)


def visible(text: str) -> str:
    """Control characters shown escaped (``\\x1b``), never passed on raw; a note's own line
    breaks are kept (the page shows them as lines)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def clock_text(minutes: float | None) -> str:
    return NOT_RECORDED if minutes is None else clock.format_clock(round(minutes))


def _duration(minutes: float | None) -> str:
    return NOT_RECORDED if minutes is None else clock.format_duration(minutes)


def _minutes(value: float | None, digits: int = 0) -> str:
    return NOT_RECORDED if value is None else f"{value:.{digits}f} min"


def _number(value: float | None, digits: int = 1) -> str:
    return NOT_RECORDED if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return NOT_RECORDED if value is None else f"{value * 100:.0f}%"


@dataclass(frozen=True)
class Figure:
    """One row of the summary table."""

    key: str
    """The ``week --json`` key of the mean."""
    label: str
    mean: str
    mean_value: object
    """What ``week --json`` prints for the same nights (kept in ``data-value``)."""
    sd: str
    sd_value: float | None
    nights: int | None


def figures(report: SleepReport) -> list[Figure]:
    """The summary table's rows."""
    s, d, spreads = report.summary, report.summary.diary, report.spreads
    bed_count = sum(1 for n in report.nights if n.record and n.record.bedtime is not None)
    wake_count = sum(1 for n in report.nights if n.record and n.record.wake is not None)

    def spread_row(key: str, label: str, mean: float | None, show: str, sd_show) -> Figure:
        spread = spreads[key]
        return Figure(key, label, show, mean, sd_show(spread.sd), spread.sd, spread.count)

    def points(value: float | None) -> str:
        return NOT_RECORDED if value is None else f"{value * 100:.0f} points"

    return [
        Figure("bedtime_mean", "Tried to sleep (bedtime)", clock_text(s.bedtime_mean),
               format_clock_mean(s.bedtime_mean), _minutes(s.bedtime_sd_min), s.bedtime_sd_min,
               bed_count),
        Figure("wake_mean", "Final wake", clock_text(s.wake_mean), format_clock_mean(s.wake_mean),
               _minutes(s.wake_sd_min), s.wake_sd_min, wake_count),
        spread_row("sleep_mean_min", "Time asleep (bedtime to wake)", s.sleep_mean_min,
                   _duration(s.sleep_mean_min), _minutes),
        spread_row("total_sleep_mean_min", "Total sleep time (TST)", d.total_sleep,
                   _duration(d.total_sleep), _minutes),
        spread_row("time_in_bed_mean_min", "Time in bed (TIB)", d.time_in_bed,
                   _duration(d.time_in_bed), _minutes),
        spread_row("efficiency_mean", "Sleep efficiency (TST / TIB)", d.efficiency,
                   percent(d.efficiency), points),
        spread_row("latency_mean_min", "Time to fall asleep (latency)", d.latency,
                   _minutes(d.latency), _minutes),
        spread_row("waso_mean_min", "Awake in the night (WASO)", d.waso, _minutes(d.waso),
                   _minutes),
        spread_row("awakenings_mean", "Awakenings", d.awakenings, _number(d.awakenings),
                   _number),
        spread_row("quality_mean", "Quality (1 very poor … 5 very good)", s.quality_mean,
                   _number(s.quality_mean), _number),
        Figure("coverage", "Nights logged",
               f"{s.nights_logged} of {s.nights_total} ({percent(s.coverage)})", s.coverage,
               "", None, None),
        Figure("sri", "Sleep Regularity Index (100 = the same times every day)",
               _number(s.sri, 0), s.sri, "", None, None),
    ]  # fmt: skip


@dataclass(frozen=True)
class NightRow:
    """One row of the nightly table, already formatted."""

    night: date
    logged: bool
    cells: list[str]
    """The columns after the night, up to SE (empty when not logged)."""
    note: str
    note_cut: bool

    @property
    def label(self) -> str:
        return self.night.strftime("%a %d %b")


def night_row(row: ReportNight) -> NightRow:
    record = row.record
    if record is None:
        return NightRow(row.night, False, [], "", False)

    def at(value: int | None) -> str:
        return NOT_RECORDED if value is None else clock.format_clock(value)

    def count(value: int | None, unit: str = "") -> str:
        return NOT_RECORDED if value is None else f"{value}{unit}"

    note = visible(" ".join((record.note or "").split()))
    cells = [
        at(record.in_bed),
        at(record.bedtime),
        count(record.latency, " min"),
        count(record.awakenings),
        count(record.waso, " min"),
        at(record.wake),
        at(record.out_of_bed),
        count(record.quality),
        _duration(record.total_sleep),
        _duration(record.time_in_bed),
        percent(record.efficiency),
    ]
    cut = len(note) > NOTE_IN_TABLE
    shown = note[:NOTE_IN_TABLE].rstrip() + "…" if cut else note
    return NightRow(row.night, True, cells, shown, cut)


@dataclass(frozen=True)
class WeekCell:
    text: str
    value: float | None


@dataclass(frozen=True)
class WeekColumn:
    """One week of the practice tables."""

    label: str
    first: str
    cells: list[WeekCell]
    """One per practice, in ``Report.practices`` order."""
    overall: WeekCell
    logged: str


def _tally_text(tally: Tally) -> str:
    if tally.done + tally.missed == 0:
        return NOT_RECORDED if tally.skipped == 0 else f"— ({tally.skipped} skipped)"
    text = f"{percent(tally.adherence)} ({tally.done} of {tally.done + tally.missed})"
    return text + (f", {tally.skipped} skipped" if tally.skipped else "")


@dataclass(frozen=True)
class Report:
    """The whole report as text, in reading order."""

    title: str
    range_text: str
    nights_count: int
    made: str
    made_iso: str
    first: str
    last: str
    has_diary: bool
    figures: list[Figure]
    rows: list[NightRow]
    practices: list[tuple[str, str]]
    """(key, visible label)."""
    week_groups: list[list[WeekColumn]]
    overall: str
    notes: list[tuple[date, str]]
    """(night, visible note), the note whole."""

    @property
    def nights_text(self) -> str:
        return f"{self.nights_count} night{'s' if self.nights_count != 1 else ''}"


def _week_columns(report: SleepReport) -> list[WeekColumn]:
    return [
        WeekColumn(
            label=f"{w.first:%d %b}–{w.last:%d %b}",
            first=w.first.isoformat(),
            cells=[
                WeekCell(
                    _tally_text(tally := w.summary.practices.get(p.key, Tally())),
                    tally.adherence,
                )
                for p in report.practices
            ],
            overall=WeekCell(percent(w.summary.adherence), w.summary.adherence),
            logged=f"{w.summary.nights_logged} of {w.summary.nights_total}",
        )
        for w in report.weeks
    ]


def groups(items: Sequence, size: int) -> list:
    return [items[i : i + size] for i in range(0, len(items), size)]


def formatted(report: SleepReport) -> Report:
    """Everything the report shows, formatted once for every renderer."""
    return Report(
        title=f"Sleep diary {report.first.isoformat()} to {report.last.isoformat()}",
        range_text=f"{report.first:%a %d %b %Y} to {report.last:%a %d %b %Y}",
        nights_count=len(report.nights),
        made=f"{report.made:%d %b %Y %H:%M}",
        made_iso=report.made.isoformat(timespec="minutes"),
        first=report.first.isoformat(),
        last=report.last.isoformat(),
        has_diary=report.has_diary,
        figures=figures(report),
        rows=[night_row(n) for n in report.nights],
        practices=[(p.key, visible(p.label)) for p in report.practices],
        week_groups=groups(_week_columns(report), WEEKS_PER_TABLE),
        overall=percent(report.summary.adherence),
        notes=[(night, visible(text)) for night, text in report.notes],
    )
