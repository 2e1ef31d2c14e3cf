"""`--night today` before the rollover hour: the word and the rule agree (issue 13, item 10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.domain.errors import InputRefused
from tracker.domain.nights import Change, check_in
from tracker.domain.practices import CATALOGUE

LAST_NIGHT = date(2026, 11, 23)


def test_today_in_the_morning_is_tonight_and_the_refusal_names_last_night() -> None:
    with pytest.raises(InputRefused) as refused:
        check_in(
            None,
            LAST_NIGHT + timedelta(days=1),
            Change(fields={"quality": 3}),
            default_night=LAST_NIGHT,
            practices=CATALOGUE,
        )
    message = refused.value.message
    assert "is tonight" in message and "rollover hour" in message
    assert "2026-11-23" in message and "--night yesterday" in message


def test_a_night_further_ahead_is_the_future() -> None:
    with pytest.raises(InputRefused, match="is in the future"):
        check_in(
            None,
            LAST_NIGHT + timedelta(days=2),
            Change(fields={"quality": 3}),
            default_night=LAST_NIGHT,
            practices=CATALOGUE,
        )
