"""``sleep-tracker checkin``: merge the given fields into one night."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from tracker.cli.context import now, open_repository, parse_night_option
from tracker.cli.render import print_lines, separated, wrap_items
from tracker.domain import clock, values
from tracker.domain.errors import InputRefused
from tracker.domain.nights import WASO_NAME, Change, Night
from tracker.domain.practices import Mark
from tracker.domain.preferences import Preferences, TempUnit
from tracker.domain.text import quote

# Every value is taken as text and parsed here by the domain's parser for its kind, so that
# a present but wrong value (`--quality 9`, `--bed 25:00`) is a refusal (status 1), not a
# usage error (status 2), in the same words as the app and CSV import.
_CLOCK_OPTIONS = {"bed": "bedtime", "wake": "wake", "in_bed": "in_bed", "out_of_bed": "out_of_bed"}
_NUMBER_OPTIONS: dict[str, Callable[[str], int]] = {
    "quality": values.parse_quality,
    "latency": lambda text: values.parse_minutes(text, "Latency"),
    "awakenings": values.parse_awakenings,
    "waso": lambda text: values.parse_minutes(text, WASO_NAME),
}


def register(add: Callable[..., Any]) -> None:
    sub = add("checkin", "log or amend a night: only the fields given change", run)
    sub.add_argument(
        "--night", metavar="DATE", help="night date YYYY-MM-DD (default: the default night)"
    )
    sub.add_argument("--bed", metavar="HH:MM", help="bedtime: when you tried to sleep")
    sub.add_argument("--wake", metavar="HH:MM", help="wake time: your final awakening")
    for state in ("done", "missed", "skipped"):
        sub.add_argument(f"--{state}", metavar="K,...", help=f"practice keys marked {state}")
    sub.add_argument("--quality", metavar="1-5", help="how rested: 1 very poor ... 5 very good")
    sub.add_argument("--temp", metavar="DEGREES", help="bedroom temperature in your unit (C or F)")
    sub.add_argument("--note", metavar="TEXT", help="a note, up to 1000 characters")
    sub.add_argument("--in-bed", metavar="HH:MM", help="diary: when you got into bed")
    sub.add_argument("--out-of-bed", metavar="HH:MM", help="diary: when you got up for the day")
    sub.add_argument("--latency", metavar="MIN", help="diary: minutes to fall asleep (0-720)")
    sub.add_argument("--awakenings", metavar="N", help="diary: times woken in the night (0-99)")
    sub.add_argument("--waso", metavar="MIN", help="diary: minutes awake in the night (0-720)")


def _keys(text: str | None) -> list[str]:
    if text is None:
        return []
    return [key.strip() for key in text.split(",") if key.strip()]


def build_change(args: argparse.Namespace, unit: TempUnit) -> Change:
    """Turn the options into a Change, refusing any malformed value."""
    fields: dict[str, Any] = {}
    for option, field in _CLOCK_OPTIONS.items():
        if (value := getattr(args, option)) is not None:
            fields[field] = clock.parse_clock(value)
    for option, parse in _NUMBER_OPTIONS.items():
        if (value := getattr(args, option)) is not None:
            fields[option] = parse(value)
    if args.temp is not None:
        fields["room_temp_c"] = values.parse_temperature(args.temp, unit)
    if args.note is not None:
        fields["note"] = values.parse_note(args.note)
    marks: dict[str, Mark | None] = {}
    for state in Mark:
        for key in _keys(getattr(args, str(state))):
            if key in marks and marks[key] is not state:
                raise InputRefused(f"{quote(key)} is given as both {marks[key]} and {state}")
            marks[key] = state
    return Change(fields=fields, marks=marks)


def describe(night: Night, unit: TempUnit, order: Sequence[str] = ()) -> list[str]:
    """What was saved, wrapped to the terminal between items; marks in practice ``order``."""
    parts = [f"Saved night {night.night.isoformat()}"]
    if night.bedtime is not None:
        parts.append(f"bed {clock.format_clock(night.bedtime)}")
    if night.wake is not None:
        parts.append(f"wake {clock.format_clock(night.wake)}")
    if night.sleep_minutes is not None:
        parts.append(f"asleep {clock.format_duration(night.sleep_minutes)}")
    if night.quality is not None:
        parts.append(f"quality {night.quality}/5")
    if night.room_temp_c is not None:
        parts.append(f"{values.format_degrees(night.room_temp_c, unit)} °{unit}")
    if night.efficiency is not None:
        parts.append(f"efficiency {night.efficiency:.0%}")
    rank = {key: index for index, key in enumerate(order)}
    keys_in_order = sorted(night.marks, key=lambda key: (rank.get(key, len(rank)), key))
    items = separated(parts, ";")
    for state in Mark:
        keys = [key for key in keys_in_order if night.marks[key] is state]
        if keys:
            items[-1] += ";"
            items += separated([f"{state}: {keys[0]}", *keys[1:]])
    return wrap_items(items)


def _checked(args: argparse.Namespace, preferences: Preferences) -> tuple[date, date, Change]:
    """The night, the default night and the change, refused here when malformed."""
    default = clock.default_night(now(), preferences.rollover)
    night = parse_night_option(args.night, default)
    change = build_change(args, preferences.unit)
    if change.empty:
        raise InputRefused(
            "Nothing to record: give at least one of --bed, --wake, --done, --missed, "
            "--skipped, --quality, --temp, --note or a diary item"
        )
    return night, default, change


def run(args: argparse.Namespace) -> int:
    repository = open_repository(args)
    preferences = repository.preferences()
    night, default, change = _checked(args, preferences)
    saved = repository.save_change(night, change, default_night=default)
    order = [practice.key for practice in repository.practices()]
    print_lines(describe(saved, preferences.unit, order))
    return 0
