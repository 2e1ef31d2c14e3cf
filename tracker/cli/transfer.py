"""``sleep-tracker export`` and ``sleep-tracker import`` (CSV)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register(add: Callable[..., Any]) -> None:
    """Placeholder until the CSV commands land."""
