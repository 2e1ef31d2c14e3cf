"""Quality 1-5 on one line: the chosen value is bracketed and named, not only coloured."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

QUALITY_WORDS = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}


class QualityBar(Static, can_focus=True):
    """Shows the night's quality; the screen's 1-5 keys set it."""

    quality: reactive[int | None] = reactive(None)
    """How rested, 1 very poor ... 5 very good (None: not given)."""

    def render(self) -> str:
        cells = " ".join(f"[{n}]" if n == self.quality else f" {n} " for n in range(1, 6))
        word = QUALITY_WORDS.get(self.quality or 0, "not given (keys 1-5)")
        return f"{'Quality':<10}{cells}  {word}"
