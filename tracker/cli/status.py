"""``sleep-tracker status``: one line for a shell prompt.

Standard library only on this path (see ``storage/quick_status.py``).
"""

from __future__ import annotations

from tracker.cli.context import db_path, now

TYPE_CHECKING = False  # typing itself costs ~2 ms on the `status` path
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import Any


def register(add: Callable[..., Any]) -> None:
    add("status", "one line for a shell prompt: is the default night logged, check-in streak", run)


def run(args: argparse.Namespace) -> int:
    from tracker.storage.quick_status import read_status

    status = read_status(db_path(args), now())
    if not status.has_database:
        print("sleep: no check-ins yet")
        return 0
    night = status.default_night.isoformat()
    state = "logged" if status.logged else "not logged yet"
    plural = "" if status.streak == 1 else "s"
    print(f"sleep: {night} {state} · check-in streak {status.streak} night{plural}")
    return 0
