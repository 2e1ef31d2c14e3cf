"""``sleep-tracker report`` as a user runs it: files, names, refusals, nothing half-written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.page_reader import ReportPage
from tracker.cli.main import main

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "report", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=120,
    )


def default_night() -> date:
    now = datetime.now()  # the default rollover is 15:00
    return now.date() - timedelta(days=1) if now.hour < 15 else now.date()


@pytest.fixture
def recent_db(tmp_path: Path) -> Path:
    """Three nights logged just before the default night."""
    db = tmp_path / "data" / "tracker.db"
    last = default_night()
    for back in (1, 2, 4):
        night = (last - timedelta(days=back)).isoformat()
        assert main(["--db", str(db), "checkin", "--night", night, "--bed", "23:00",
                     "--wake", "07:00", "--done", "routine"]) == 0  # fmt: skip
    return db


def test_default_report_is_the_last_14_nights_in_the_current_folder(
    recent_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    result = run(recent_db, cwd=folder)
    assert result.returncode == 0, result.stderr
    last = default_night()
    first = last - timedelta(days=13)
    name = f"sleep-report-{first.isoformat()}-{last.isoformat()}.html"
    assert os.listdir(folder) == [name]
    assert str(folder / name) in result.stdout
    assert "14 nights" in result.stdout
    page = ReportPage((folder / name).read_text(encoding="utf-8"))
    assert len(page.find("tr", **{"class": "missing"})) == 11


def test_pdf_by_its_suffix(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "diary.PDF"
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(out)]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(out)
    assert 2 <= len(reader.pages) <= 5
    assert sum(len(page.images) for page in reader.pages) == 0  # the chart is vector
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Sleep diary", "Summary", "Sleep log", "Night by night", "Wrote in my journal",
                  "Notes", "Late <b>dinner</b> & tea", "trying to fall asleep (latency)",
                  "awake 10 min, 1 awakening"):  # fmt: skip
        assert words in text, words


def test_html_on_stdout(fortnight_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-08", "-o", "-"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-11-10", "--to", "2026-11-03"], 1, "is after --to"),
        (["--to", "9000-01-01"], 1, "after the default night"),
        (["--from", "2026-11-13", "--to", "2026-11-15"], 1, "No night is logged"),
        (["--from", "2025-01-01", "--to", "2026-11-15"], 1, "at most 366"),
        (["--from", "2026-13-40"], 1, "--from"),
        (["--from", "2026-11-02", "--to", "2026-11-15", "-o", "report.txt"], 1, ".html or .pdf"),
        (["--from", "2026-11-02", "--to", "2026-11-15", "-o", ""], 1, "-o cannot be empty"),
    ],
)
def test_refused_ranges_and_names_write_nothing(
    fortnight_db: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run(fortnight_db, *args, cwd=folder)
    assert result.returncode == code, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and message in line
    assert "Traceback" not in result.stderr
    assert os.listdir(folder) == []


@pytest.mark.parametrize("target", ["folder.html", "/dev/null", "missing/r.html", "fifo.html"])
def test_unusable_outputs_are_exit_3_and_untouched(
    fortnight_db: Path, tmp_path: Path, target: str
) -> None:
    (tmp_path / "folder.html").mkdir()
    os.mkfifo(tmp_path / "fifo.html")
    before = sorted(os.listdir(tmp_path))
    result = run(fortnight_db, "--from", "2026-11-02", "--to", "2026-11-15", "-o", target,
                 cwd=tmp_path)  # fmt: skip
    assert result.returncode == 3, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: Cannot write")
    assert sorted(os.listdir(tmp_path)) == before
    assert (tmp_path / "folder.html").is_dir()


def test_an_existing_report_is_replaced_whole(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old")
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(out)]) == 0  # fmt: skip
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(os.listdir(tmp_path)) == ["home", "r.html"]  # no temporary file left


def test_the_page_is_self_contained(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(out)]) == 0  # fmt: skip
    html = out.read_text(encoding="utf-8")
    page = ReportPage(html)
    tags = {element.tag for element in page.elements}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base", "form"}
    for element in page.elements:
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            if name in ("href", "src", "xlink:href", "action", "srcset", "poster", "data"):
                assert value.startswith("#"), (element.tag, name, value[:80])
            for reference in re.findall(r"url\(([^)]*)\)", value):
                assert reference.strip("'\" ").startswith("#"), (element.tag, name, reference)
    assert "url(" not in page.style and "@import" not in page.style
    # Apart from the SVG and XLink namespace names, which are never fetched, no address at all.
    addresses = set(re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>)]*", html))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert len(page.find("svg")) == 1  # a fortnight fits one chart
    assert all(page.find("th"))
    for table in page.find("table"):
        assert any(child.tag == "thead" for child in table.children)
    assert "@media print" in page.style and "break-inside: avoid" in page.style


def test_the_page_has_no_judgement(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(out)]) == 0  # fmt: skip
    text = out.read_text(encoding="utf-8").lower()
    for word in ("abnormal", "insomnia", "disorder", "diagnos is", "poor sleeper", "normal range"):
        assert word not in text
