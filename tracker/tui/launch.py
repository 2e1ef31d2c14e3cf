"""Starts the app (placeholder)."""

from __future__ import annotations

from pathlib import Path


def launch(db_path: Path) -> int:
    raise SystemExit("the app is not built yet")


def launch_demo() -> int:
    raise SystemExit("the app is not built yet")
