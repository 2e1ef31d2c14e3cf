"""``sleep-tracker week`` and ``sleep-tracker trends``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register(add: Callable[..., Any]) -> None:
    """Placeholder until the summaries land."""
