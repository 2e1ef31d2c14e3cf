"""The ``?`` screen: every key of the app and of the screen below, from the bindings themselves.

Keys are read from the ``BINDINGS`` of our own classes (the app, the screen below and every
widget on it), so a new screen or widget appears here without further work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

OWN_PACKAGE = "tracker."
FIELD_KEYS = (
    ("tab / shift+tab", "Next / previous field"),
    ("enter", "Save the field (times move on by themselves after four digits)"),
    ("escape", "In a field: put back the stored value"),
)
"""Keys of the text fields, listed on a screen that has some."""


def binding_lines(nodes: Iterable[DOMNode]) -> Iterator[tuple[str, str]]:
    """(keys, description) for the bindings declared by our classes among ``nodes``."""
    seen_classes: set[type] = set()
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith(OWN_PACKAGE) or cls in seen_classes:
                continue
            seen_classes.add(cls)
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                name = binding.id or binding.key
                keys.setdefault(name, []).append(binding.key)
                descriptions.setdefault(name, binding.tooltip or binding.description)
    for name, bound in keys.items():
        yield ",".join(bound), descriptions[name]


def pretty_key(key: str) -> str:
    names = {
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "question_mark": "?",
        "comma": ",",
    }
    return ", ".join(names.get(part, part) for part in key.split(","))


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape, q or ? close it."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark", "dismiss", "Close", id="help.close", tooltip="Close the help"
        ),
    ]

    def __init__(self, nodes: Iterable[DOMNode], title: str = "Keys") -> None:
        super().__init__()
        nodes = list(nodes)
        self.title_text = title
        self.lines = [(pretty_key(k), d) for k, d in binding_lines(nodes)]
        if any(isinstance(node, Input) for node in nodes):
            self.lines += list(FIELD_KEYS)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label(self.title_text, id="help-title")
            width = max(len(key) for key, _ in self.lines)
            yield Static(
                "\n".join(f"{key:<{width}}  {text}" for key, text in self.lines), markup=False
            )
            yield Label("escape closes this help", classes="hint")
