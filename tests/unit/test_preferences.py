"""Preferences: parsing the values users type, and temperatures in their unit."""

from __future__ import annotations

import pytest

from tracker.domain.errors import InputRefused
from tracker.domain.preferences import (
    DiaryMode,
    Preferences,
    TempUnit,
    from_celsius,
    parse_preference,
)
from tracker.domain.values import parse_temperature


def test_temperatures_round_halves_up() -> None:
    assert from_celsius(19.25, TempUnit.C) == 19.3  # round() would give 19.2
    assert parse_temperature("66.2", TempUnit.F) == 19.0
    assert from_celsius(19.5, TempUnit.F) == 67.1
    assert parse_temperature(str(from_celsius(19.5, TempUnit.F)), TempUnit.F) == 19.5


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [("unit", "f", TempUnit.F), ("week_start", "Sunday", "sunday"), ("rollover", "4", 4),
     ("diary", "FULL", DiaryMode.FULL)],
)  # fmt: skip
def test_preferences_parse_what_users_type(name: str, raw: str, value: object) -> None:
    assert parse_preference(name, raw) == value


def test_stored_values_a_newer_version_left_are_ignored() -> None:
    prefs = Preferences.from_stored({"unit": "K", "rollover": "7", "colour": "blue"})
    assert prefs.unit is TempUnit.C and prefs.rollover == 7


def test_unknown_preference_is_refused() -> None:
    with pytest.raises(InputRefused):
        parse_preference("colour", "blue")
