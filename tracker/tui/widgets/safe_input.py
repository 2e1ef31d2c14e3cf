"""An Input that never sends a control character held in its value to the terminal.

A note imported from a file can hold ESC, BEL or CR. Textual's Input draws its value as it is,
so an ESC would reach the terminal and act there. Here each control character is drawn as one
visible cell (ESC as ``␛``, other C0 controls as their Control Pictures, DEL as ``␡``, the rest
as ``�``): one cell per character keeps the cursor where the text is, and the value itself is
unchanged, so editing and saving keep exactly what was stored.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import Input

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def control_pictures(text: str) -> str:
    """``text`` with each control character replaced by one visible character."""
    return _UNSAFE.sub(_picture, text)


class SafeInput(Input):
    """Input whose control characters are drawn visibly, one cell each."""

    @property
    def _value(self) -> Text:
        shown = super()._value
        if self.password or not _UNSAFE.search(self.value):
            return shown
        return Text(control_pictures(self.value), no_wrap=True, overflow="ignore", end="")
