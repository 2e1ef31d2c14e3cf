"""``sleep-tracker settings`` and ``sleep-tracker settings set NAME VALUE [--from DATE]``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tracker.cli.context import (
    add_db_option,
    current_default_night,
    now,
    open_repository,
    parse_night_option,
)
from tracker.cli.render import print_lines, wrap_items
from tracker.domain import clock, values
from tracker.domain.errors import InputRefused
from tracker.domain.nights import DEFAULT_TARGETS, next_version, targets_for
from tracker.domain.preferences import PREFERENCE_NAMES
from tracker.domain.text import printable, quote

TARGET_NAMES = ("bedtime", "wake", "tolerance")
ALL_NAMES = (*TARGET_NAMES, *PREFERENCE_NAMES)


def register(add: Callable[..., Any]) -> None:
    sub = add(
        "settings", "show targets (with the night each took effect) and preferences", run_show
    )
    actions = sub.add_subparsers(title="actions", metavar="ACTION", parser_class=type(sub))
    setter = actions.add_parser(
        "set",
        help="change a target or a preference",
        description=f"NAME is one of: {', '.join(ALL_NAMES)}",
    )
    add_db_option(setter)
    setter.add_argument("name", metavar="NAME", help=", ".join(ALL_NAMES))
    setter.add_argument("value", metavar="VALUE")
    setter.add_argument(
        "--from",
        dest="from_night",
        metavar="DATE",
        help="targets only: first night judged by the new value (default: the default night)",
    )
    setter.set_defaults(handler=run_set)


def valid_theme(name: str) -> str:
    from textual.theme import BUILTIN_THEMES  # only this command needs the theme names

    if name not in BUILTIN_THEMES:
        raise InputRefused(
            f"Unknown theme {quote(name)}; choose one of {', '.join(sorted(BUILTIN_THEMES))}"
        )
    return name


def run_set(args: argparse.Namespace) -> int:
    name = args.name.strip().lower()
    if name not in ALL_NAMES:
        raise InputRefused(f"Unknown setting {quote(args.name)}; use one of {', '.join(ALL_NAMES)}")
    repository = open_repository(args)
    if name in TARGET_NAMES:
        default = current_default_night(repository)
        start = parse_night_option(args.from_night, default)
        if start > default:
            raise InputRefused(
                f"--from {start.isoformat()} is in the future; the latest night is "
                f"{default.isoformat()}"
            )
        value = (
            values.parse_tolerance(args.value)
            if name == "tolerance"
            else values.parse_clock(args.value)
        )
        history = repository.targets_history()
        if getattr(targets_for(start, history), name) == value:
            print(
                f"{name} is already {_shown(name, value)} on night {start.isoformat()}: no change"
            )
            return 0
        repository.set_target(name, value, start)
        later = next_version(start, history)
        until = "nights from then on"
        if later is not None:
            until = f"nights {start.isoformat()} to {later.effective_from - timedelta(days=1)}"
        message = (
            f"Set {name} to {_shown(name, value)} from night {start.isoformat()}: {until} are "
            "judged by it, nights before keep the targets they had"
        )
        if later is not None:
            message += (
                f"; from {later.effective_from.isoformat()} the later version still applies "
                f"({name} {_shown(name, getattr(later, name))})"
            )
        print(message)
        return 0
    if args.from_night is not None:
        raise InputRefused("--from applies only to the targets bedtime, wake and tolerance")
    raw = valid_theme(args.value.strip()) if name == "theme" else args.value
    preferences = repository.set_preference(name, raw)
    print(printable(f"Set {name} to {getattr(preferences, name)}"))
    return 0


def _shown(name: str, value: int) -> str:
    return f"{value} min" if name == "tolerance" else clock.format_clock(value)


def run_show(args: argparse.Namespace) -> int:
    repository = open_repository(args)
    history = repository.targets_history()
    preferences = repository.preferences()
    default = clock.default_night(now(), preferences.rollover)
    lines = ["Targets (each night is judged by the targets in force for it):"]
    first = f"before {history[0].effective_from.isoformat()}" if history else "from the start"
    lines.append(_target_line(first, DEFAULT_TARGETS) + "  (defaults)")
    for targets in history:
        lines.append(_target_line(f"from {targets.effective_from.isoformat()}", targets))
    lines += [
        "",
        "Preferences:",
        f"  unit        {preferences.unit}",
        f"  week_start  {preferences.week_start}",
        f"  rollover    {preferences.rollover}  (default night now: {default.isoformat()})",
        f"  theme       {preferences.theme}",
        f"  diary       {preferences.diary}",
        "",
        *wrap_items([str(repository.path)], head="Database:"),  # a long path: its own line
    ]
    print_lines(lines)
    return 0


def _target_line(label: str, targets: Any) -> str:
    return (
        f"  {label:<16} bedtime {clock.format_clock(targets.bedtime)}  "
        f"wake {clock.format_clock(targets.wake)}  tolerance {targets.tolerance} min"
    )
