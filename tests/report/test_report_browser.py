"""The page in a real browser: headless Chromium prints it, nothing leaves the page, and the
printed pages, turned into pictures by poppler's ``pdftoppm``, are not blank.

``.ci/run`` installs Chromium and poppler-utils from the Debian packages. Without them these
tests are skipped on a developer's machine and fail in CI (``CI`` set): never a silent pass.
"""

from __future__ import annotations

import re
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.pictures import ink, page_pictures, tool
from tracker.cli.main import main

A4 = (595, 842)
LETTER = (612, 792)
CHART_LABELS = [f"{day} {n:02d} Nov" for day, n in zip(
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] * 2, range(2, 16), strict=True
)]  # fmt: skip


BROWSER_OWN = re.compile(
    r"^(CONNECT |[A-Z]+ http://)([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)[:/ ]"
)
"""Chromium's own calls home (time, accounts, component updates), made whatever the page is,
even with every --disable flag; what a page loads would be any other host."""


class Recorder(socketserver.ThreadingTCPServer):
    """A proxy that serves nothing and notes every request the browser sends it."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.all: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def requests(self) -> list[str]:
        """The requests that were not the browser's own."""
        return [line for line in self.all if not BROWSER_OWN.match(line)]


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(4096).decode("latin-1").strip()
        self.server.all.append(line)  # type: ignore[attr-defined]
        self.wfile.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def print_page(page: Path, pdf: Path, recorder: Recorder, profile: Path) -> None:
    """Load the page headless, every request going to the recorder, and print it to PDF."""
    chromium = tool("chromium", "chromium-browser", "google-chrome")
    result = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
            # The browser's own calls home, which are not the page's:
            "--disable-domain-reliability", "--disable-client-side-phishing-detection",
            "--disable-features=OptimizationHints,MediaRouter,Translate",
            "--metrics-recording-only", "--no-service-autorun",
            "--safebrowsing-disable-auto-update",
            f"--user-data-dir={profile}",
            f"--proxy-server=http://127.0.0.1:{recorder.server_address[1]}",
            "--proxy-bypass-list=<-loopback>",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert pdf.exists() and pdf.stat().st_size > 0, result.stderr[-2000:]


@pytest.fixture(scope="module")
def fortnight_page(fortnight_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("page") / "report.html"
    assert main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to",
                 "2026-11-15", "-o", str(page)]) == 0  # fmt: skip
    return page


def test_the_detector_sees_a_page_that_reaches_out(tmp_path: Path, recorder: Recorder) -> None:
    """Without this, 'no request left the page' could pass for a recorder that hears nothing."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><p>x</p><img src="http://report-test.invalid/pixel.png">')
    print_page(leaky, tmp_path / "leaky.pdf", recorder, tmp_path / "profile")
    assert any("report-test.invalid" in line for line in recorder.requests), recorder.requests


@pytest.mark.parametrize(("paper", "size"), [("letter", LETTER), ("A4", A4)])
def test_the_report_prints_on_a4_and_letter_without_a_request(
    fortnight_page: Path, tmp_path: Path, recorder: Recorder, paper: str, size: tuple[int, int]
) -> None:
    page = tmp_path / "report.html"
    # Chromium prints on Letter unless told; the A4 run says so as a person's printer would.
    page.write_text(
        fortnight_page.read_text(encoding="utf-8").replace(
            "</head>", f"<style>@page {{ size: {paper}; }}</style></head>", 1
        ),
        encoding="utf-8",
    )
    pdf = tmp_path / "report.pdf"
    print_page(page, pdf, recorder, tmp_path / "profile")
    assert recorder.requests == [], recorder.requests

    reader = PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 4
    for printed in reader.pages:
        box = printed.mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
    texts = [printed.extract_text() for printed in reader.pages]
    assert "Sleep diary" in texts[0] and "Summary" in texts[0]
    # The fortnight's chart is on one page, whole: its legend and every night's row.
    (chart_page,) = [t for t in texts if "trying to fall asleep" in t]
    assert all(label in chart_page for label in CHART_LABELS)
    # Every page that continues the nightly table repeats its header.
    (table_starts,) = [i for i, t in enumerate(texts) if "Night by night" in t]
    for text in texts[table_starts + 1 :]:
        if re.search(r"\b[A-Z][a-z]{2} \d\d Nov (\d\d:\d\d|—|not logged)", text):
            # A row of the table is on this page: so is its header.
            assert "Tried to sleep" in " ".join(text.split())

    pictures = page_pictures(pdf, tmp_path)
    assert len(pictures) == len(reader.pages)
    for number, picture in enumerate(pictures, 1):
        assert ink(picture) > 0.001, f"page {number} is blank"
    assert ink(pictures[0]) > 0.005  # the first page: title, summary and chart or table


def test_a_blank_page_is_seen_as_blank(tmp_path: Path, recorder: Recorder) -> None:
    """The ink measure can fail: an empty page has none."""
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title>")
    print_page(empty, tmp_path / "empty.pdf", recorder, tmp_path / "profile")
    (picture,) = page_pictures(tmp_path / "empty.pdf", tmp_path)
    assert ink(picture) == 0
