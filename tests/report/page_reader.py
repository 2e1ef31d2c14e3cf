"""Reads a report page back with the standard library's HTML parser, as a test sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)


class ReportPage(HTMLParser):
    """Every element with its attributes and text; figures found by their data-* keys."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.style = ""
        self.feed(html)
        self.close()

    VOID = {"meta", "br", "img", "link", "input", "hr", "col", "source", "wbr", "area", "base"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if self.stack:
            self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if self.stack:
            self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data
        if self.stack and self.stack[-1].tag == "style":
            self.style += data

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def summary(self, key: str) -> tuple[str, str]:
        """(mean data-value, shown text) of a summary row."""
        (row,) = [r for r in self.find("tr", data_key=key) if not r.attrs.get("data-week")]
        cell = next(c for c in row.children if "mean" in c.attrs.get("class", ""))
        return cell.attrs["data-value"], cell.text.strip()

    def summary_sd(self, key: str) -> str:
        (row,) = self.find("tr", data_key=key)
        cell = next(c for c in row.children if "sd" in c.attrs.get("class", "").split())
        return cell.attrs["data-value"]

    def weekly(self, key: str, week: str) -> str:
        """data-value of a practice (or ``adherence``) in the week starting ``week``."""
        cells = [
            cell
            for row in self._practice_rows()
            if row.attrs.get("data-key") == key
            for cell in row.children
            if cell.attrs.get("data-week") == week
        ]
        (cell,) = cells
        return cell.attrs["data-value"]

    def _practice_rows(self) -> list[Element]:
        rows: list[Element] = []

        def walk(element: Element) -> None:
            for child in element.children:
                if child.tag == "tr":
                    rows.append(child)
                walk(child)

        for table in self.find("table", **{"class": "practices"}):
            walk(table)
        return rows
