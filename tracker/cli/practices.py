"""``sleep-tracker practices list|add|rename|archive|restore|move``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tracker.cli.context import add_db_option, current_default_night, open_repository
from tracker.cli.render import print_table
from tracker.domain import values
from tracker.domain.practices import Category
from tracker.domain.text import printable


def register(add: Callable[..., Any]) -> None:
    sub = add("practices", "list, add, rename, archive, restore or reorder practices", run_list)
    actions = sub.add_subparsers(title="actions", metavar="ACTION", parser_class=type(sub))

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text)
        add_db_option(parser)
        return parser

    listing = action("list", "every practice, archived ones marked as such")
    listing.set_defaults(handler=run_list)
    adding = action("add", "add a custom yes/no practice")
    adding.add_argument("key", help="lowercase key, e.g. no_screens")
    adding.add_argument("label", help='what the check-in shows, e.g. "No screens after 22:00"')
    adding.add_argument("--category", default="custom", help="evening, environment or custom")
    adding.set_defaults(handler=run_add)
    renaming = action("rename", "change a practice's label")
    renaming.add_argument("key")
    renaming.add_argument("label")
    renaming.set_defaults(handler=run_rename)
    for name, handler, text in (
        ("archive", run_archive, "hide from the check-in, keep its history"),
        ("restore", run_restore, "bring an archived practice back"),
    ):
        parser = action(name, text)
        parser.add_argument("key")
        parser.set_defaults(handler=handler)
    moving = action("move", "reorder: POSITION counts from 1 among the checked practices")
    moving.add_argument("key")
    moving.add_argument("position", help="new position, from 1")
    moving.set_defaults(handler=run_move)


def run_list(args: argparse.Namespace) -> int:
    practices = open_repository(args).practices()
    rows = []
    checked_position = 0
    for practice in practices:
        if practice.derived:
            position = "-"
        else:
            checked_position += 1
            position = str(checked_position)
        state = "archived" if practice.archived else ("derived" if practice.derived else "active")
        rows.append([position, practice.key, practice.label, str(practice.category), state])
    print_table(["#", "key", "label", "category", "state"], rows, right=[0])
    return 0


def run_add(args: argparse.Namespace) -> int:
    key = values.parse_key(args.key)
    label = values.parse_label(args.label)
    category: Category = values.parse_category(args.category)
    repository = open_repository(args)
    added = current_default_night(repository)
    practice = repository.add_practice(key, label, category, added=added)
    print(printable(f"Added practice '{practice.key}': {practice.label} ({practice.category})"))
    return 0


def run_rename(args: argparse.Namespace) -> int:
    label = values.parse_label(args.label)
    practice = open_repository(args).rename_practice(args.key, label)
    print(printable(f"Renamed '{practice.key}': {practice.label}"))
    return 0


def run_archive(args: argparse.Namespace) -> int:
    practice = open_repository(args).set_archived(args.key, True)
    print(printable(f"Archived '{practice.key}': hidden from the check-in, its history kept"))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    practice = open_repository(args).set_archived(args.key, False)
    print(printable(f"Restored '{practice.key}': back in the check-in"))
    return 0


def run_move(args: argparse.Namespace) -> int:
    position = values.parse_count(args.position, "POSITION", low=1)
    practices = open_repository(args).move_practice(args.key, position)
    order = [p.key for p in practices if not p.derived]
    print(
        printable(f"Moved '{args.key}' to position {order.index(args.key) + 1}: {', '.join(order)}")
    )
    return 0
