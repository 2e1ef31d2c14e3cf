"""Clock parsing and the arithmetic of a night that crosses midnight (and noon)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import clock
from tracker.domain.errors import InputRefused

clock_times = st.integers(min_value=0, max_value=1439)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("23:30", 23 * 60 + 30),
        ("2330", 23 * 60 + 30),
        ("23.30", 23 * 60 + 30),
        ("11:30pm", 23 * 60 + 30),
        ("11pm", 23 * 60),
        ("7am", 7 * 60),
        ("7:05 AM", 7 * 60 + 5),
        ("12am", 0),
        ("12pm", 12 * 60),
        ("00:40", 40),
        ("0650", 6 * 60 + 50),
        ("9:15", 9 * 60 + 15),
        (" 06:50 ", 6 * 60 + 50),
    ],
)
def test_accepted_clock_forms(text: str, minutes: int) -> None:
    assert clock.parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "23:60", "2400", "13pm", "0pm", "abc", "", "7", "23:5"])
def test_refused_clock_forms_show_an_accepted_form(text: str) -> None:
    with pytest.raises(InputRefused, match="HH:MM"):
        clock.parse_clock(text)


@given(clock_times)
def test_format_then_parse_is_identity(minutes: int) -> None:
    assert clock.parse_clock(clock.format_clock(minutes)) == minutes


@pytest.mark.parametrize(
    ("bed", "wake", "span"),
    [
        ("23:10", "06:50", 460),  # across midnight
        ("00:40", "07:10", 390),  # bedtime after midnight belongs to the next day
        ("21:00", "23:30", 150),  # a nap-length night before midnight
        ("04:00", "13:00", 540),  # wake after noon
        ("12:00", "11:59", 1439),  # refused later (over 18 h), but placed correctly
        ("11:59", "12:00", 1),  # bedtime 11:59 is the next morning; wake one minute later
    ],
)
def test_sleep_span_crosses_midnight_and_noon(bed: str, wake: str, span: int) -> None:
    assert clock.sleep_span(clock.parse_clock(bed), clock.parse_clock(wake)) == span


@given(clock_times, clock_times)
def test_wake_is_the_first_occurrence_after_bedtime(bed: int, wake: int) -> None:
    span = clock.sleep_span(bed, wake)
    assert 1 <= span <= 1440
    assert (clock.bed_offset(bed) + span) % 1440 == wake


@given(clock_times)
def test_bedtime_after_noon_is_on_the_night_date(bed: int) -> None:
    offset = clock.bed_offset(bed)
    assert 720 <= offset < 720 + 1440
    assert offset % 1440 == bed


@pytest.mark.parametrize(
    ("now", "rollover", "night"),
    [
        (datetime(2026, 11, 24, 7, 30), 15, date(2026, 11, 23)),  # morning: last night
        (datetime(2026, 11, 24, 14, 59), 15, date(2026, 11, 23)),
        (datetime(2026, 11, 24, 15, 0), 15, date(2026, 11, 24)),  # from the rollover: tonight
        (datetime(2026, 11, 24, 0, 30), 0, date(2026, 11, 24)),
        (datetime(2026, 1, 1, 8, 0), 15, date(2025, 12, 31)),  # across a year
    ],
)
def test_default_night(now: datetime, rollover: int, night: date) -> None:
    assert clock.default_night(now, rollover) == night


@pytest.mark.parametrize("text", ["2026-13-40", "2026-02-30", "2026-1-1", "yesterday-ish"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InputRefused):
        clock.parse_night(text, today=date(2026, 11, 24))


def test_relative_night_names() -> None:
    assert clock.parse_night("yesterday", today=date(2026, 3, 1)) == date(2026, 2, 28)


@given(st.lists(clock_times, min_size=1, max_size=30), st.integers(-1440, 1440))
def test_circular_mean_and_sd_follow_a_rotation(times: list[int], shift: int) -> None:
    mean = clock.circular_mean(times)
    rotated = clock.circular_mean([t + shift for t in times])
    if mean is None or rotated is None:
        return  # directions cancel out: no mean either way
    assert abs(clock.wrap(rotated - (mean + shift))) < 1e-6
    sd, rotated_sd = clock.circular_sd(times), clock.circular_sd([t + shift for t in times])
    assert sd is not None and rotated_sd is not None
    assert abs(sd - rotated_sd) < 1e-6


@given(st.integers(0, 1439), st.lists(st.integers(-120, 120), min_size=1, max_size=20))
def test_circular_mean_around_midnight_is_the_ordinary_mean(
    centre: int, offsets: list[int]
) -> None:
    """Times spread less than half a day: the circular mean is the plain mean, wrapped."""
    times = [(centre + offset) % 1440 for offset in offsets]
    expected = (centre + sum(offsets) / len(offsets)) % 1440
    mean = clock.circular_mean(times)
    assert mean is not None
    # The circular mean is not the arithmetic mean in general, but it is within the spread.
    assert abs(clock.wrap(mean - expected)) <= max(abs(o) for o in offsets) + 1e-6


def test_circular_mean_of_times_either_side_of_midnight() -> None:
    assert clock.format_clock(round(clock.circular_mean([23 * 60 + 30, 30]) or 0)) == "00:00"
    assert clock.circular_sd([23 * 60 + 30, 30]) == pytest.approx(30.0)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_nights_beyond_what_weeks_can_hold_are_refused(text: str) -> None:
    with pytest.raises(InputRefused, match="out of range"):
        clock.parse_night(text)
