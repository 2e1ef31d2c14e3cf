"""Entry point of ``sleep-tracker`` and ``python -m tracker``.

argparse rather than Click: ``status`` runs on every shell prompt and must start in a few
milliseconds, so this module imports only the standard library; each command imports what it
needs when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tracker import __version__
from tracker.cli.context import close_repositories
from tracker.cli.exit_codes import ExitCode, exit_code_for, print_error
from tracker.cli.options import add_db_option
from tracker.domain.errors import TrackerError
from tracker.domain.text import QUOTE_LIMIT, is_utf8, quote

TYPE_CHECKING = False  # typing itself costs ~2 ms on the `status` path
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import NoReturn

    Handler = Callable[[argparse.Namespace], int]


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, measuring the terminal without importing shutil.

    argparse builds a formatter for every option it adds, and its own one imports shutil
    (with bz2 and lzma): ~2 ms on the `status` path, where no help is ever printed.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:  # fmt: skip
        if width is None:
            try:
                width = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                try:
                    width = os.get_terminal_size(sys.stdout.fileno()).columns
                except (OSError, ValueError):
                    width = 80
            width -= 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """argparse that reports a malformed command line as one ``Error:`` line, status 2."""

    def __init__(self, *args: object, **options: object) -> None:
        options.setdefault("formatter_class", Formatter)
        super().__init__(*args, **options)  # type: ignore[arg-type]

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        # `--weeks=--` (or a lone `--` for a positional): Python 3.11's argparse drops the
        # `--` and hands back an empty list where a text is due; read it as the text "--",
        # as Python 3.12 does, so the value's own parser refuses it.
        if action.nargs is None and arg_strings == ["--"]:
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        print_error(f"{_shortened(message)}{_dash_hint(message)} (see '{self.prog} --help')")
        sys.exit(ExitCode.USAGE)


_argv: list[str] = []
"""The arguments being parsed, for the usage errors' hints."""


def _shortened(message: str) -> str:
    """argparse's message with any long argument it repeats quoted as an error quotes it."""
    for token in _argv:
        if len(token) > QUOTE_LIMIT:
            short = f"{token[:QUOTE_LIMIT]}… ({len(token):,} characters)"
            message = message.replace(repr(token), f"'{short}'").replace(token, short)
    return message


def _dash_hint(message: str) -> str:
    """For ``--note -tired``: say how to give a value that begins with ``-``."""
    import re

    match = re.match(r"argument (\S+): expected one argument", message)
    if match is None:
        return ""
    names = match[1].split("/")
    written = next((name for name in names if name.startswith("--")), names[-1])
    value = "VALUE"
    for index, token in enumerate(_argv[:-1]):
        following = _argv[index + 1]
        if token in names and following.startswith("-"):
            value = following if len(following) <= QUOTE_LIMIT else "VALUE"
            break
    return f"; a value that begins with '-' is written {written}={value}"


def _refuse(message: str) -> int:
    print_error(message)
    return ExitCode.REFUSED


# Which module defines each command. Only the module of the command being run is imported
# (``status`` then costs a few milliseconds, not the ~25 ms of every command's imports and
# argument set-up); ``--help`` and the app import them all.
COMMAND_MODULES = {
    "demo": "tracker.cli.app_commands",
    "checkin": "tracker.cli.checkin",
    "week": "tracker.cli.reports",
    "trends": "tracker.cli.reports",
    "grid": "tracker.cli.grid",
    "export": "tracker.cli.transfer",
    "import": "tracker.cli.transfer",
    "status": "tracker.cli.status",
    "practices": "tracker.cli.practices",
    "settings": "tracker.cli.settings",
    "report": "tracker.cli.report",
    "check": "tracker.cli.check",
    "backup": "tracker.cli.backup",
}


def selected_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line, skipping the top-level ``--db PATH``."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
        elif token == "--db":
            skip_next = True
        elif token in COMMAND_MODULES:
            return token
        elif not token.startswith("-"):
            return None  # an unknown command: argparse reports it
    return None


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The full parser, or, when ``argv`` names a command, one that sets up only that command."""
    command = selected_command(sys.argv[1:] if argv is None else argv)
    wanted = {COMMAND_MODULES[command]} if command else set(COMMAND_MODULES.values())

    parser = Parser(
        prog="sleep-tracker",
        description="A keyboard-first daily check-in for your sleep-hygiene practices.",
        epilog="With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"sleep-tracker {__version__}")
    add_db_option(parser, top_level=True)
    parser.set_defaults(handler=_run_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def add(
        name: str, help_text: str, handler: Handler, *, uses_db: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_db_option(sub, hidden=not uses_db)  # hidden: parsed only to be refused clearly
        sub.set_defaults(handler=handler)
        return sub

    for module_name in dict.fromkeys(COMMAND_MODULES.values()):
        if module_name in wanted:
            importlib.import_module(module_name).register(add)
    for name in COMMAND_MODULES:  # the others are still valid choices
        if name not in commands.choices:
            commands.add_parser(name)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    from tracker.cli.app_commands import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    for position, token in enumerate(arguments, start=1):
        if not is_utf8(token):
            return _refuse(f"argument {position} is not valid UTF-8 text: {quote(token)}")
    _argv[:] = arguments
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
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
    finally:
        close_repositories()
