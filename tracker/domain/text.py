"""Text from a person or a file, made safe to show on a terminal.

Notes, labels, keys, CSV cells and paths can hold control characters: an ESC starts a terminal
command (retitle, clear the screen), a CR or a newline breaks a one-line message. Everything
that shows such text passes it through ``printable``; an error message quotes a value with
``quote``, which also bounds its length. Standard library only, and cheap to import: the
``status`` path may import it.
"""

from __future__ import annotations

QUOTE_LIMIT = 60
"""At most this many characters of a value appear in a message."""

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# C0 controls, DEL, C1 controls, line/paragraph separators, bidirectional overrides and
# isolates (they reorder what follows on screen), and lone surrogates (undecodable bytes).
_UNSAFE = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _escape(character: str) -> str:
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character shown visibly escaped (ESC -> ``\\x1b``).

    Safe for one line on any terminal; printable text, including backslashes and emoji, is
    unchanged, so applying it twice gives the same result as once.
    """
    import re  # cached by `re` after the first call; keeps this module's import cheap

    return re.sub(_UNSAFE, lambda match: _escape(match[0]), text)


def quote(value: str, limit: int = QUOTE_LIMIT) -> str:
    """A value as an error message quotes it: in quotes, on one line, at most ``limit``
    characters of it (then ``…`` and how long it was), control characters escaped."""
    if len(value) <= limit:
        return f"'{printable(value)}'"
    return f"'{printable(value[:limit])}…' ({len(value):,} characters)"


def is_utf8(text: str) -> bool:
    """False for text holding lone surrogates: bytes that were not UTF-8 (``surrogateescape``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
