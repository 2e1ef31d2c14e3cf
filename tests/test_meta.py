"""Project-wide rules: every command documents itself, and the layers import what they may."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tracker.cli.main import COMMAND_MODULES

HEAVY_UI = ("textual", "rich")
HEAVY_DB = ("sqlmodel", "sqlalchemy", "pydantic")


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", command, "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: sleep-tracker {command}")
    description = result.stdout.split("\n\n")[1]
    assert len(description.strip()) > 10, f"{command} --help describes nothing"


def loaded_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    probe = (
        f"import sys, json\n{statement}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({prefixes!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_storage_loads_no_interface() -> None:
    statement = "import tracker.storage.repository, tracker.storage.csv_io, tracker.storage.writer"
    assert loaded_after(statement, HEAVY_UI) == []


def test_domain_loads_neither_storage_nor_interface() -> None:
    statement = "import tracker.domain.summary, tracker.domain.metrics, tracker.domain.nights"
    assert loaded_after(statement, HEAVY_UI + HEAVY_DB + ("platformdirs",)) == []


def test_reading_loads_no_sqlmodel() -> None:
    """Reads go through sqlite3: the app's first data and read-only commands never wait."""
    statement = (
        "import tempfile, pathlib\n"
        "from tracker.storage.repository import Repository\n"
        "from tracker.storage.reports import load_week\n"
        "from datetime import date\n"
        "path = pathlib.Path(tempfile.mkdtemp()) / 'x.db'\n"
        "load_week(Repository.open(path), date(2026, 11, 23), date(2026, 11, 23))"
    )
    assert loaded_after(statement, HEAVY_DB) == []


REPORT_LIBRARIES = ("matplotlib", "jinja2", "reportlab", "pypdf", "numpy", "PIL")


def test_report_libraries_load_only_when_a_report_is_made() -> None:
    """matplotlib, Jinja2, ReportLab and pypdf cost ~0.6 s: never on start-up, `status` or
    `week`."""
    statement = (
        "from tracker.cli.main import build_parser\n"
        "build_parser(['report']).parse_args(['report', '--to', '2026-11-01'])\n"
        "build_parser(None)\n"  # every command registered, as `--help` and the app do
        "import tracker.domain.report, tracker.storage.reports, tracker.cli.report, tracker.report"
    )
    assert loaded_after(statement, REPORT_LIBRARIES) == []


def test_making_a_report_does_load_them() -> None:
    """The check above can fail: the page really is made by these libraries."""
    statement = "import tracker.report.page, tracker.report.pdf"
    assert set(loaded_after(statement, REPORT_LIBRARIES)) >= {
        "matplotlib", "jinja2", "reportlab", "pypdf",
    }  # fmt: skip
