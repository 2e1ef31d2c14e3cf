"""Opening the app: ``sleep-tracker`` with no command, and ``sleep-tracker demo``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tracker.cli.context import db_path
from tracker.cli.exit_codes import ExitCode, print_error


def register(add: Callable[..., Any]) -> None:
    add(
        "demo",
        "the app on a throw-away database holding ~12 weeks of sample nights",
        run_demo,
        uses_db=False,
    )


def run_app(args: argparse.Namespace) -> int:
    from tracker.tui.launch import launch  # Textual is imported only to open the app

    return launch(db_path(args))


def run_demo(args: argparse.Namespace) -> int:
    if getattr(args, "db", None) is not None:  # before or after `demo`
        print_error(
            "demo always opens a throw-away database of sample nights and takes no --db; "
            "to open your own database: sleep-tracker --db PATH"
        )
        return ExitCode.USAGE
    from tracker.tui.launch import launch_demo

    return launch_demo()
