"""Starts the app: ``sleep-tracker`` (``launch``) and ``sleep-tracker demo`` (``launch_demo``).

Called by ``tracker.cli.app_commands``; returns the exit status.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.storage.paths import ServerUrl

from tracker.domain.text import printable


def _run(app_path: Path, **options: object) -> int:
    from tracker.tui.app import make_app

    app = make_app(app_path, **options)  # type: ignore[arg-type]
    app.run()
    if app.repository is not None:
        app.repository.close()
    if app.failure:
        print(f"Error: {printable(' '.join(app.failure.split()))}", file=sys.stderr)
    return app.return_code or 0


def launch(db_path: Path | ServerUrl) -> int:
    """The app on the user's database (a file, or a database on a server).

    Raises:
        UnusableFile: the file is not a usable database, or the server cannot be used; said
            before the screen is taken over (the app checks again when it opens it).
    """
    from tracker.storage.paths import ServerUrl

    if isinstance(db_path, ServerUrl):
        from tracker.storage.repository import Repository

        Repository.open(db_path).close()
        return _run(db_path)  # type: ignore[arg-type]
    from tracker.storage.fileguard import inspect_database
    from tracker.storage.migrations import LATEST_VERSION

    inspect_database(db_path, LATEST_VERSION)
    return _run(db_path)


def launch_demo() -> int:
    """The app on a throw-away database of sample nights; the real database is not touched."""
    from tracker.storage.demo import fill_demo

    with tempfile.TemporaryDirectory(prefix="sleep-tracker-demo-") as folder:
        return _run(
            Path(folder) / "demo.db",
            fill=lambda repository, now: fill_demo(repository, now),
            sub_title="demo: sample nights, thrown away on quit",
        )
