"""The PDF report as a reader gets it: its text (pypdf), its charts, its pages as pictures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.pictures import ink, page_pictures
from tracker.cli.main import main
from tracker.report.pdf import paper_size

REPO_ROOT = Path(__file__).resolve().parents[2]
A4, LETTER = (595, 842), (612, 792)

SUMMER_FIRST, SUMMER_LAST = date(2026, 5, 4), date(2026, 8, 30)
"""17 weeks: charts and the nightly table over several pages."""


def not_logged(night: date) -> bool:
    return night.day % 9 == 0


@pytest.fixture(scope="module")
def summer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("summer")
    lines = ["night,bedtime,wake_time,quality,latency_min,awakenings,waso_min,note"]
    night = SUMMER_FIRST
    while night <= SUMMER_LAST:
        if not not_logged(night):
            bed = f"{(22 + night.day % 3) % 24:02d}:{night.day:02d}"
            lines.append(f"{night},{bed},07:{night.month:02d},3,{night.day},1,5,"
                         f"night of {night:%d %B}")  # fmt: skip
        night += timedelta(days=1)
    (folder / "summer.csv").write_text("\n".join(lines) + "\n")
    db = folder / "tracker.db"
    assert main(["--db", str(db), "import", str(folder / "summer.csv")]) == 0
    return db


def report_pdf(db: Path, out: Path, locale: dict[str, str]) -> Path:
    """The summer's report made by the command as a user runs it, in the given locale."""
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_PAPER", "LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "report", "--from",
         SUMMER_FIRST.isoformat(), "--to", SUMMER_LAST.isoformat(), "-o", str(out)],
        capture_output=True, text=True, env={**environ, **locale}, timeout=120,
        cwd=REPO_ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def summer_pdf(summer_db: Path) -> Path:
    return report_pdf(summer_db, summer_db.with_name("summer.pdf"), {"LANG": "de_DE.UTF-8"})


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_the_nightly_table_holds_every_night_with_its_header_on_every_page(
    summer_pdf: Path,
) -> None:
    texts = page_texts(summer_pdf)
    (table_starts,) = [i for i, t in enumerate(texts) if "Night by night" in t]
    (table_ends,) = [i for i, t in enumerate(texts) if "Practices, week by week" in t]
    assert table_ends > table_starts + 1  # the table really goes over pages
    table = "\n".join(texts[table_starts : table_ends + 1])
    table = table[table.index("Night by night") : table.index("Practices, week by week")]
    night, seen = SUMMER_FIRST, 0
    while night <= SUMMER_LAST:
        label = f"{night:%a %d %b}"
        assert table.count(label) == 1, label
        after = table[table.index(label) + len(label) :]
        row = re.split(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d [A-Z][a-z]{2}\b", after)[0]
        if not_logged(night):
            assert "not logged" in row, row
        else:
            assert f"{night.day} min" in row, row  # its latency, in its own row
        seen += 1
        night += timedelta(days=1)
    assert seen == (SUMMER_LAST - SUMMER_FIRST).days + 1
    for text in texts[table_starts : table_ends + 1]:
        assert "Tried to sleep" in " ".join(text.split())  # the header, on every page


def test_the_charts_are_drawn_as_vectors_and_whole(summer_pdf: Path) -> None:
    reader = PdfReader(summer_pdf)
    for page in reader.pages:
        assert not page.images  # vector drawings, not pictures
    texts = page_texts(summer_pdf)
    legend = "trying to fall asleep (latency)"
    charts = [(number, text) for number, text in enumerate(texts) if legend in text]
    # Two weeks under the summary, then six weeks a chart: every night in one chart.
    assert sum(text.count(legend) for text in texts) == 4
    for _, text in charts:
        assert "18:00" in text and "06:00" in text  # the time axis
    chart_text = "\n".join(text for _, text in charts)
    night = SUMMER_FIRST
    while night <= SUMMER_LAST:  # every night has its row in a chart, none is cut off
        expected = "not logged" if not_logged(night) else f"{night:%a %d %b}"
        assert f"{night:%a %d %b}" in chart_text and expected in chart_text
        night += timedelta(days=1)
    assert "awake 5 min, 1 awakening" in chart_text


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, LETTER),
        ({"LANG": "en_GB.UTF-8"}, A4),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, A4),
        ({"LC_PAPER": "de_DE.UTF-8", "LC_ALL": "es_MX.UTF-8"}, LETTER),
        ({"LC_PAPER": "fr_CA@euro"}, LETTER),
        ({"LANG": "C.UTF-8"}, A4),
        ({}, A4),
    ],
)
def test_the_paper_is_the_locales(environ: dict[str, str], paper: tuple[int, int]) -> None:
    assert tuple(round(side) for side in paper_size(environ)) == paper


def test_a_letter_report_keeps_every_chart_whole_and_every_header(
    summer_db: Path, summer_pdf: Path, tmp_path: Path
) -> None:
    letter = report_pdf(summer_db, tmp_path / "letter.pdf", {"LC_PAPER": "en_US.UTF-8"})
    reader = PdfReader(letter)
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {LETTER}
    assert {(round(p.mediabox.width), round(p.mediabox.height))
            for p in PdfReader(summer_pdf).pages} == {A4}  # fmt: skip
    texts = [page.extract_text() for page in reader.pages]
    legends = [t for t in texts if "trying to fall asleep (latency)" in t]
    assert len(legends) == 4  # each chart on a page of its own making, none cut
    (table_starts,) = [i for i, t in enumerate(texts) if "Night by night" in t]
    (table_ends,) = [i for i, t in enumerate(texts) if "Practices, week by week" in t]
    for text in texts[table_starts : table_ends + 1]:
        assert "Tried to sleep" in " ".join(text.split())


def test_the_pages_have_ink(summer_pdf: Path, tmp_path: Path) -> None:
    pictures = page_pictures(summer_pdf, tmp_path)
    assert len(pictures) == len(PdfReader(summer_pdf).pages) >= 5
    for number, picture in enumerate(pictures, 1):
        assert ink(picture) > 0.002, f"page {number} is blank"


def test_the_fortnight_pdf_has_the_figures(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "fortnight.pdf"
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(out)]) == 0  # fmt: skip
    texts = page_texts(out)
    text = " ".join(" ".join(texts).split())
    # The hand-worked figures (as in test_report_figures), as the page shows them.
    for shown in ("Total sleep time (TST) 6h54", "Nights logged 9 of 14 (64%)",
                  "Time to fall asleep (latency) 26 min", "Quality (1 very poor … 5 very good) 3.0",
                  "Wrote in my journal", "Late <b>dinner</b> & tea"):  # fmt: skip
        assert shown in text, shown
    assert re.search(r"Wed 04 Nov not logged", text)
    assert "Sleep diary" in texts[0] and "made" in texts[0]
    assert "Mon 02 Nov 2026 to Sun 15 Nov 2026" in texts[0]
    for word in ("abnormal", "insomnia", "disorder", "diagnosis", "poor sleeper", "normal range"):
        assert word not in text.lower()


def test_control_characters_in_a_note_are_shown_escaped(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    assert main(["--db", str(db), "checkin", "--night", "2026-11-02", "--bed", "23:00",
                 "--wake", "07:00", "--note", "bell\x07 and \x1b[31mred"]) == 0  # fmt: skip
    out = tmp_path / "r.pdf"
    assert main(["--db", str(db), "report", "--from", "2026-11-02", "--to", "2026-11-02",
                 "-o", str(out)]) == 0  # fmt: skip
    text = "".join(page_texts(out))
    assert "\x07" not in text and "\x1b" not in text
    assert "\\x1b[31mred" in text
