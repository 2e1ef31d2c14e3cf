"""Shared by the CLI tests that log nights relative to today (`grid`, practices' lives)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import RunCli


@pytest.fixture
def today(run_cli: RunCli) -> date:
    """With the rollover at 0 the default night is today, whatever the hour of the test."""
    assert run_cli("settings", "set", "rollover", "0").returncode == 0
    return date.today()


def checkin(run_cli: RunCli, night: date, *args: str) -> None:
    result = run_cli("checkin", "--night", night.isoformat(), "--bed", "23:00", "--wake", "07:00",
                     *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
