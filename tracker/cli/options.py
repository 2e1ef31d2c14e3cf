"""Options shared by several commands (standard library only: on the ``status`` path)."""

from __future__ import annotations

import argparse


def add_db_option(
    parser: argparse.ArgumentParser, *, top_level: bool = False, hidden: bool = False
) -> None:
    """``--db PATH``, accepted before or after any subcommand (left out of the help of a
    command that uses no database when ``hidden``)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        # On subcommands SUPPRESS keeps a --db given before the subcommand.
        default=None if top_level else argparse.SUPPRESS,
        help=argparse.SUPPRESS
        if hidden
        else (
            "database file or postgresql+psycopg://USER@HOST/DB "
            "(default: $SLEEP_TRACKER_DB, else the platform data folder)"
        ),
    )
