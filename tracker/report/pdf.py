"""The report as a PDF, laid out by ReportLab's platypus from the same formatted text as the
HTML page (``tracker.report.content``), with the same matplotlib charts as vector drawings.

ReportLab is pure Python with wheels for every platform (``pip`` alone installs it, no system
library). Tables are plain strings wherever nothing wraps, so a year's ~5,000 cells cost
little; a paragraph only where text wraps (notes, labels). The charts are drawn by
matplotlib's own PDF backend (``chart.sleep_log_pdf``) and merged by pypdf onto the spaces
the layout kept for them (``ChartSpace``): vector, selectable text, one chart implementation
for both formats, and no PDF written by hand.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape as _html_escape

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tracker import __version__
from tracker.domain.report import SleepReport
from tracker.report import content
from tracker.report.chart import CHART_WIDTH_INCHES, axis_start, chart_height, sleep_log_pdf

LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "BO", "CL", "CO", "CR", "GT", "NI", "PA", "PH", "PR", "SV", "VE"}
)
"""Where the paper is Letter: the territories whose glibc locale data says so (LC_PAPER
height 279 mm). Everywhere else A4, the paper of most of the world."""
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12 * mm, 12 * mm, 14 * mm
FIRST_CHART_NIGHTS, CHART_NIGHTS = 14, 42
"""Nights per chart in the PDF: two weeks under the summary on the first page, then six
weeks, a page each (fewer, taller charts: less to draw)."""

BODY, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
GREY_TEXT = colors.HexColor("#444444")
RULE = colors.HexColor("#777777")
HEAD_FILL = colors.HexColor("#e8e8e8")
MISSING_FILL = colors.HexColor("#f3f3f3")

STYLES = {
    "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=19, spaceAfter=3),
    "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10,
                         spaceAfter=3, keepWithNext=True),
    "lede": ParagraphStyle("lede", fontName=BOLD, fontSize=10, leading=13, spaceAfter=2),
    "hint": ParagraphStyle("hint", fontName=BODY, fontSize=8, leading=10, textColor=GREY_TEXT,
                           spaceAfter=4),
    "body": ParagraphStyle("body", fontName=BODY, fontSize=9, leading=11.5),
    "strong": ParagraphStyle("strong", fontName=BOLD, fontSize=9, leading=11.5, spaceAfter=4),
    "cell": ParagraphStyle("cell", fontName=BODY, fontSize=7, leading=8.4),
    "label": ParagraphStyle("label", fontName=BODY, fontSize=7.5, leading=9),
    "note": ParagraphStyle("note", fontName=BODY, fontSize=9, leading=11.5, spaceBefore=4),
    "head": ParagraphStyle("head", fontName=BOLD, fontSize=7, leading=8.4),
    "head_num": ParagraphStyle("head_num", fontName=BOLD, fontSize=7, leading=8.4,
                               alignment=TA_RIGHT),
}  # fmt: skip


def escape(text: str) -> str:
    """Text for paragraph markup: ``&``, ``<`` and ``>`` escaped."""
    return _html_escape(text, quote=False)


UNICODE_FONT = "DejaVuSans"
"""For a person's text that Helvetica (Windows-1252) cannot show; matplotlib ships it."""
_unicode_font_ready = False


def _person_text(text: str) -> str:
    """A note or label as paragraph markup: escaped, its line breaks kept, and in a font
    that has its letters (Helvetica has only Windows-1252's)."""
    markup = escape(text).replace("\n", "<br/>")
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return f'<font name="{_unicode_font()}">{markup}</font>'
    return markup


def _unicode_font() -> str:
    global _unicode_font_ready
    if not _unicode_font_ready:
        from matplotlib import get_data_path

        path = f"{get_data_path()}/fonts/ttf/DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(UNICODE_FONT, path))
        _unicode_font_ready = True
    return UNICODE_FONT


@dataclass(frozen=True)
class Placement:
    """A chart drawn by the layout: which chart, on which page (from 0), where (points from
    the page's lower-left corner to the box's)."""

    chart: int
    page: int
    x: float
    y: float


class ChartSpace(Flowable):
    """A box the size of one chart, kept empty by the layout; the chart is merged onto it
    afterwards (``_place_charts``). A flowable is never split, so neither is a chart."""

    def __init__(self, chart: int, width: float, height: float, placements: list[Placement]):
        super().__init__()
        self.chart, self.width, self.height = chart, width, height
        self.placements = placements
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)  # the box's lower-left corner on the page
        self.placements.append(Placement(self.chart, self.canv.getPageNumber() - 1, x, y))


CELL_PADDING = 2.5


def _fits(text: str, width: float, size: float = 7) -> bool:
    """Whether a person's text fits one line of a cell as a plain string (in Helvetica's
    letters), which costs far less to lay out than a paragraph."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return pdfmetrics.stringWidth(text, BODY, size) <= width


def _table_style(*commands: tuple) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            *commands,
        ]
    )


def _summary(text: content.Report) -> list[Flowable]:
    rows = [["Over the logged nights", "Mean", "SD", "Nights"]] + [
        [f.label, f.mean, f.sd, "" if f.nights is None else str(f.nights)] for f in text.figures
    ]
    table = Table(rows, colWidths=[78 * mm, 30 * mm, 26 * mm, 16 * mm], repeatRows=1,
                  hAlign="LEFT")  # fmt: skip
    table.setStyle(_table_style(("FONTSIZE", (0, 0), (-1, -1), 8.5),
                                ("ALIGN", (1, 0), (-1, -1), "RIGHT")))  # fmt: skip
    flowables: list[Flowable] = [Paragraph("Summary", STYLES["h2"])]
    if not text.has_diary:
        flowables.append(Paragraph(content.NO_DIARY, STYLES["strong"]))
    return [*flowables, table, Spacer(0, 3), Paragraph(content.SUMMARY_HINT, STYLES["hint"])]


def _sleep_log(report: SleepReport, placements: list[Placement]) -> tuple[list[Flowable], bytes]:
    start = axis_start(report.nights)
    nights = report.nights
    rest = content.groups(nights[FIRST_CHART_NIGHTS:], CHART_NIGHTS)
    blocks = [nights[:FIRST_CHART_NIGHTS], *rest]
    flowables: list[Flowable] = [
        Paragraph("Sleep log", STYLES["h2"]),
        Paragraph(content.log_hint(content.clock_text(start)), STYLES["hint"]),
    ]
    width = CHART_WIDTH_INCHES * 72
    for index, block in enumerate(blocks):
        flowables.append(ChartSpace(index, width, chart_height(len(block)) * 72, placements))
    return flowables, sleep_log_pdf(blocks, start)


NIGHT_WIDTHS = [16, 10, 11.5, 11.5, 17, 12, 10, 10, 10.5, 10, 10, 9]
"""Millimetres of the nightly table's columns up to SE (the widest value or header word at
7 pt, plus padding); the note takes the rest."""


def _nightly(text: content.Report, width: float) -> list[Flowable]:
    numeric = [i for i, (_, is_number) in enumerate(content.NIGHTLY_COLUMNS) if is_number]
    widths = [w * mm for w in NIGHT_WIDTHS]
    widths.append(width - sum(widths))
    note_width = widths[-1] - 2 * CELL_PADDING
    rows: list[list] = [[
        Paragraph(name, STYLES["head_num" if is_number else "head"])
        for name, is_number in content.NIGHTLY_COLUMNS
    ]]  # fmt: skip
    missing: list[tuple] = []
    for row in text.rows:
        if row.logged:
            note = row.note + (" (in full under Notes)" if row.note_cut else "")
            fits = _fits(note, note_width)
            cell = note if fits else Paragraph(_person_text(note), STYLES["cell"])
            rows.append([row.label, *row.cells, cell])
        else:
            line = len(rows)
            rows.append([row.label, content.NOT_LOGGED] + [""] * 11)
            missing += [
                ("SPAN", (1, line), (-1, line)),
                ("FONTNAME", (0, line), (-1, line), ITALIC),
                ("TEXTCOLOR", (0, line), (-1, line), GREY_TEXT),
                ("BACKGROUND", (0, line), (-1, line), MISSING_FILL),
            ]
    table = LongTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        _table_style(
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("LEADING", (0, 0), (-1, -1), 8.4),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("FONTNAME", (0, 1), (0, -1), BOLD),
            *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i in numeric],
            *missing,
        )
    )
    return [
        CondPageBreak(60 * mm),
        Paragraph("Night by night", STYLES["h2"]),
        Paragraph(content.NIGHTLY_HINT, STYLES["hint"]),
        table,
    ]


def _practices(text: content.Report, width: float) -> list[Flowable]:
    flowables: list[Flowable] = [
        Paragraph("Practices, week by week", STYLES["h2"]),
        Paragraph(content.PRACTICES_HINT, STYLES["hint"]),
    ]
    label_width = 52 * mm
    for group in text.week_groups:
        week_width = (width - label_width) / content.WEEKS_PER_TABLE
        rows: list[list] = [["Practice", *(week.label for week in group)]]
        for index, (_, label) in enumerate(text.practices):
            fits = _fits(label, label_width - 2 * CELL_PADDING, 7.5)
            cell = label if fits else Paragraph(_person_text(label), STYLES["label"])
            rows.append([cell, *(week.cells[index].text for week in group)])
        rows.append(["All practices", *(week.overall.text for week in group)])
        rows.append(["Nights logged", *(week.logged for week in group)])
        table = Table(rows, colWidths=[label_width] + [week_width] * len(group), repeatRows=1,
                      hAlign="LEFT")  # fmt: skip
        table.setStyle(
            _table_style(
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, -2), (-1, -2), BOLD),
            )
        )
        flowables += [KeepTogether(table), Spacer(0, 5)]
    return flowables


def _notes(text: content.Report) -> list[Flowable]:
    flowables: list[Flowable] = [Paragraph("Notes", STYLES["h2"])]
    if not text.notes:
        return [*flowables, Paragraph("No notes for these nights.", STYLES["body"])]
    # One paragraph a note, its date on the first line: a date never ends a page alone.
    return flowables + [
        Paragraph(f"<b>{night:%a %d %b %Y}</b><br/>{_person_text(note)}", STYLES["note"])
        for night, note in text.notes
    ]


def paper_size(environ: Mapping[str, str]) -> tuple[float, float]:
    """Letter where the locale's territory uses it, else A4 (points).

    The locale is that of paper sizes, as POSIX looks it up: ``LC_ALL``, else ``LC_PAPER``,
    else ``LANG``; its territory is what follows the ``_`` (``en_US.UTF-8`` -> ``US``).
    """
    name = next((environ[key] for key in ("LC_ALL", "LC_PAPER", "LANG") if environ.get(key)), "")
    territory = name.partition("_")[2].partition(".")[0].partition("@")[0]
    return LETTER if territory.upper() in LETTER_TERRITORIES else A4


def render_pdf(report: SleepReport, page: tuple[float, float] | None = None) -> bytes:
    """The report as a PDF document.

    Args:
        page: the paper's size in points; by default from the locale (``paper_size``).
    """
    page = paper_size(os.environ) if page is None else page
    text = content.formatted(report)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=text.title,
        author="",
        creator=f"sleep-tracker {__version__}",
        subject="Sleep diary",
        invariant=1,  # the same nights give the same bytes (no creation date, fixed ID)
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width,
                  document.height, id="page", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)  # fmt: skip
    footer = f"Sleep diary {text.first} to {text.last} · made {text.made} · sleep-tracker"

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(BODY, 7.5)
        canvas.setFillColor(GREY_TEXT)
        canvas.drawString(MARGIN_X, MARGIN_BOTTOM - 7 * mm, f"{footer} {__version__}")
        canvas.drawRightString(page[0] - MARGIN_X, MARGIN_BOTTOM - 7 * mm,
                               f"page {doc.page}")  # fmt: skip
        canvas.restoreState()

    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    placements: list[Placement] = []
    sleep_log, charts = _sleep_log(report, placements)
    story: list[Flowable] = [
        Paragraph("Sleep diary", STYLES["h1"]),
        Paragraph(
            f"Nights {escape(text.range_text)} ({text.nights_text}) · made {escape(text.made)}",
            STYLES["lede"],
        ),
        Paragraph(escape(content.INTRO), STYLES["hint"]),
        *_summary(text),
        *sleep_log,
        *_nightly(text, document.width),
        *_practices(text, document.width),
        *_notes(text),
    ]
    document.build(story)
    return _place_charts(buffer.getvalue(), charts, placements)


def _place_charts(document: bytes, charts: bytes, placements: list[Placement]) -> bytes:
    """Each chart's page (matplotlib's, the box's size) merged onto its box by pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    chart_pages = PdfReader(io.BytesIO(charts)).pages
    for placement in placements:
        # Under the page's own content (nothing overlaps a chart's box): a chart's text then
        # comes first when the page's text is read out, as it comes first on the page.
        writer.pages[placement.page].merge_transformed_page(
            chart_pages[placement.chart],
            Transformation().translate(placement.x, placement.y),
            over=False,
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
