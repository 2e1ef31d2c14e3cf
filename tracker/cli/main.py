"""Entry point of ``sleep-tracker`` and ``python -m tracker``.

argparse rather than Click: ``status`` runs on every shell prompt and must start in a few
milliseconds, so this module imports only the standard library; each command imports what it
needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from tracker import __version__
from tracker.cli.context import add_db_option
from tracker.cli.exit_codes import ExitCode, exit_code_for, print_error
from tracker.domain.errors import TrackerError

Handler = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    """argparse that reports a malformed command line as one ``Error:`` line, status 2."""

    def error(self, message: str) -> NoReturn:
        print_error(f"{message} (see '{self.prog} --help')")
        sys.exit(ExitCode.USAGE)


def build_parser() -> Parser:
    from tracker.cli import app_commands, checkin, practices, reports, settings, status, transfer

    parser = Parser(
        prog="sleep-tracker",
        description="A keyboard-first daily check-in for your sleep-hygiene practices.",
        epilog="With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"sleep-tracker {__version__}")
    add_db_option(parser, top_level=True)
    parser.set_defaults(handler=app_commands.run_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def add(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_db_option(sub)
        sub.set_defaults(handler=handler)
        return sub

    for module in (app_commands, checkin, reports, transfer, status, practices, settings):
        module.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except TrackerError as error:
        print_error(error.message)
        return exit_code_for(error)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # `sleep-tracker export | head`: the reader left; not an error of ours.
        sys.stderr.close()
        return ExitCode.OK
