"""The one parser per kind of value, and text made safe for a terminal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import values
from tracker.domain.errors import InputRefused
from tracker.domain.text import printable, quote

HOSTILE = "\x1b]0;X\x07\x1b[2J"


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (values.parse_quality, "²"),
        (values.parse_quality, "٣"),
        (values.parse_quality, "4.0"),
        (values.parse_quality, "--5"),
        (values.parse_quality, "1_0"),
        (values.parse_quality, "1e0"),
        (values.parse_quality, "9" * 5000),
        (values.parse_quality, ""),
        (values.parse_awakenings, "inf"),
        (values.parse_hour, "²"),
        (values.parse_hour, "24"),
        (values.parse_tolerance, "1_0"),
        (values.parse_tolerance, "181"),
        (lambda t: values.parse_minutes(t, "Latency"), "nan"),
        (lambda t: values.parse_count(t, "--weeks", 1), "٣"),
        (lambda t: values.parse_count(t, "--weeks", 1), "0"),
        (lambda t: values.parse_temperature(t, "C"), "inf"),
        (lambda t: values.parse_temperature(t, "C"), "nan"),
        (lambda t: values.parse_temperature(t, "C"), "1e308"),
        (lambda t: values.parse_temperature(t, "C"), "1_0"),
        (lambda t: values.parse_temperature(t, "C"), "²0"),
        (lambda t: values.parse_temperature(t, "C"), "45"),
        (lambda t: values.parse_temperature(t, "F"), "20"),
        (values.parse_clock, "٢٣:٣٠"),
        (values.parse_clock, "2" * 5000),
        (values.parse_date, "٢٠٢٦-١١-٢٣"),
        (values.parse_key, "Routine"),
        (values.parse_label, "a\x1bb"),
        (values.parse_label, "bad\udcff"),
        (values.parse_note, "bad\udcff"),
        (values.parse_note, "x" * 1001),
        (values.parse_path, "a\x00b"),
        (values.parse_path, "bad\udcff"),
    ],
)
def test_refused_with_a_one_line_reason(parse: object, text: str) -> None:
    with pytest.raises(InputRefused) as refused:
        parse(text)  # type: ignore[operator]
    message = refused.value.message
    assert printable(message) == message  # one line, no control character
    assert len(message) < 300


@pytest.mark.parametrize(
    ("parse", "text", "value"),
    [
        (values.parse_quality, " 4 ", 4),
        (lambda t: values.parse_minutes(t, "Latency"), "15", 15),
        (values.parse_hour, "04", 4),
        (values.parse_tolerance, "30 min", 30),
        (values.parse_tolerance, "45m", 45),
        (values.parse_note, "  tired ", "  tired "),
        (values.parse_note, "", None),
        (values.parse_label, " No screens ", "No screens"),
    ],
)
def test_accepted(parse: object, text: str, value: object) -> None:
    assert parse(text) == value  # type: ignore[operator]


@pytest.mark.parametrize("text", ["18.333", "5000", "-1234.5", "9" * 5000])
def test_a_temperature_with_too_many_digits_says_how_many_it_takes(text: str) -> None:
    """A number that is not plausible by its length alone is told apart from text that is
    not a number: the reason names the digits a temperature takes."""
    with pytest.raises(InputRefused) as refused:
        values.parse_temperature(text, "C")
    message = refused.value.message
    assert message.startswith("A temperature takes at most 3 digits before the decimal point")
    assert quote(text) in message and len(message) < 300


def test_quality_four_point_zero_says_whole_number() -> None:
    with pytest.raises(InputRefused, match="Quality must be a whole number 1-5"):
        values.parse_quality("4.0")


@given(st.integers(320, 1040))
def test_fahrenheit_reads_back_as_typed(tenths: int) -> None:
    typed = f"{tenths / 10:.1f}"
    celsius = values.parse_temperature(typed, "F")
    assert values.from_celsius(celsius, "F") == float(typed)
    # and through the CSV text
    again = values.parse_temperature(values.celsius_csv_text(celsius), "C")
    assert values.from_celsius(again, "F") == float(typed)
    assert values.celsius_csv_text(again) == values.celsius_csv_text(celsius)


@given(st.integers(0, 400))
def test_celsius_reads_back_as_typed_with_one_decimal(tenths: int) -> None:
    typed = f"{tenths / 10:.1f}"
    celsius = values.parse_temperature(typed, "C")
    assert values.format_degrees(celsius, "C") == f"{float(typed):g}"
    assert values.celsius_csv_text(celsius) == typed


def test_sixty_five_fahrenheit() -> None:
    celsius = values.parse_temperature("65", "F")
    assert values.format_degrees(celsius, "F") == "65"
    assert values.celsius_csv_text(celsius) == "18.33"


def test_printable_escapes_controls_visibly() -> None:
    assert printable(HOSTILE) == "\\x1b]0;X\\x07\\x1b[2J"
    assert printable("a\rb\nc\td\x7f\x9b\u202e") == "a\\rb\\nc\\td\\x7f\\x9b\\u202e"
    assert printable("café ☾ \\x1b [bold]") == "café ☾ \\x1b [bold]"


@given(st.text())
def test_printable_is_safe_and_idempotent(text: str) -> None:
    shown = printable(text)
    assert printable(shown) == shown
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown)


def test_quote_bounds_a_value() -> None:
    assert quote("abc") == "'abc'"
    long = quote("x\n" * 65_536)
    assert "\n" not in long
    assert long.startswith("'" + "x\\n" * 30 + "…'")
    assert "131,072 characters" in long


def test_dates_use_ascii_digits() -> None:
    assert values.parse_date("2026-11-23") == date(2026, 11, 23)


def test_go_to_date_takes_ascii_digits_only() -> None:
    from tracker.tui.screens.go_to_date import parse_target

    latest = date(2026, 11, 23)
    assert parse_target("3", latest=latest, today=latest) == date(2026, 11, 20)
    with pytest.raises(InputRefused):
        parse_target("٣", latest=latest, today=latest)
