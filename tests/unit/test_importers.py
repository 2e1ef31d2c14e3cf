"""The small rules of importing other apps' exports, without the command line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tracker.domain.errors import InputRefused
from tracker.storage.importers import OURS, Source, detect
from tracker.storage.importers.apple_health import parse_moment
from tracker.storage.importers.plan import key_for, night_of, parse_mapping
from tracker.storage.importers.records import parse_decimal, quality_from_rating

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sleep-export.csv", "sleep-as-android"),
        ("plees.csv", "plees"),
        ("fitbit-export.csv", "fitbit"),
        ("sleep-2024-10-25.json", "fitbit"),
        ("export.xml", "apple-health"),
        ("loop", "loop"),
        ("harsh/log", "harsh"),
        ("harsh", "harsh"),
    ],
)
def test_each_format_is_recognised_from_its_content(name: str, expected: str) -> None:
    with Source(str(FIXTURES / name)) as source:
        assert detect(source) == expected


def test_anything_else_is_read_as_our_own_csv(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("date,hours\n2025-01-01,8\n")
    with Source(str(other)) as source:
        assert detect(source) == OURS  # whose check then says what is missing


@pytest.mark.parametrize(
    ("start", "night"),
    [
        (datetime(2024, 10, 25, 23, 10), date(2024, 10, 25)),
        (datetime(2024, 10, 28, 0, 40), date(2024, 10, 27)),
        (datetime(2024, 10, 27, 14, 0), date(2024, 10, 27)),  # an afternoon nap
        (datetime(2024, 10, 28, 11, 59), date(2024, 10, 27)),
        (datetime(2024, 10, 28, 12, 0), date(2024, 10, 28)),
    ],
)
def test_a_sleep_belongs_to_the_night_its_start_belongs_to(start: datetime, night: date) -> None:
    assert night_of(start) == night


@pytest.mark.parametrize(
    ("rating", "quality"),
    [(0, None), (0.25, 1), (1.0, 1), (2.5, 3), (3.75, 4), (4.49, 4), (5.0, 5)],
)
def test_ratings_become_quality(rating: float, quality: int | None) -> None:
    assert quality_from_rating(rating) == quality


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Meditate", "meditate"),
        ("Étirements du soir", "etirements_du_soir"),
        ("No phone in bed!", "no_phone_in_bed"),
        ("10 min reading", "habit_10_min_reading"),
        ("☾☾☾", "habit"),
        ("night", "night_habit"),  # a CSV column name
        ("A very long habit name that goes on and on", "a_very_long_habit_name_that_goes"),
    ],
)
def test_keys_are_made_from_names(name: str, key: str) -> None:
    assert key_for(name) == key


def test_mapping_options() -> None:
    assert parse_mapping(["Meditate=meditation", "A=b=c_key"]) == {
        "meditate": "meditation",
        "a=b": "c_key",
    }
    with pytest.raises(InputRefused):
        parse_mapping(["no equals sign"])
    with pytest.raises(InputRefused):
        parse_mapping(["Name=Not A Key"])


def test_apple_health_moments_keep_their_offset() -> None:
    moment = parse_moment("2024-10-27 07:00:00 +0100")
    assert (moment.hour, moment.utcoffset().total_seconds()) == (7, 3600)  # type: ignore[union-attr]
    for bad in ("2024-10-30 23:00:00", "2024-13-30 23:00:00 +0100", "yesterday"):
        with pytest.raises(ValueError):
            parse_moment(bad)


@pytest.mark.parametrize("text", ["1e3", "inf", "nan", "²", "1_0", "", "1.2.3", "9" * 40])
def test_decimals_in_files_are_plain(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)
