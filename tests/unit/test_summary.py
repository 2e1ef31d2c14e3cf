"""Week and trends summaries: hand-worked weeks and the exact JSON keys of the contract."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.builders import night, t
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import CATALOGUE, Category, Mark, Practice
from tracker.domain.summary import TrendsSummary, WeekSummary, summarize_trends, summarize_week

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED
MON = date(2026, 11, 23)  # a Monday
DAY = timedelta(days=1)

WEEK_KEYS = {
    "week_start",
    "week_end",
    "nights_logged",
    "nights_total",
    "adherence",
    "previous_adherence",
    "categories",
    "practices",
    "bedtime_mean",
    "wake_mean",
    "bedtime_sd_min",
    "wake_sd_min",
    "sleep_mean_min",
    "quality_mean",
    "sri",
    "weekend_shift_min",
    "latency_mean_min",
    "awakenings_mean",
    "waso_mean_min",
    "total_sleep_mean_min",
    "time_in_bed_mean_min",
    "efficiency_mean",
}
TREND_WEEK_KEYS = {
    "week_start",
    "nights_logged",
    "adherence",
    "categories",
    "bedtime_mean",
    "wake_mean",
    "sleep_mean_min",
    "quality_mean",
    "total_sleep_mean_min",
    "efficiency_mean",
    "latency_mean_min",
}
TREND_PRACTICE_KEYS = {
    "adherence",
    "current_streak",
    "best_streak",
    "quality_done",
    "quality_missed",
    "efficiency_done",
    "efficiency_missed",
    "latency_done",
    "latency_missed",
    "strength",
}


def week(
    nights: list[Night],
    *,
    previous: list[Night] | None = None,
    before: Night | None = None,
    practices: tuple[Practice, ...] | list[Practice] = CATALOGUE,
    targets: list[Targets] | None = None,
    default: date = MON + 2 * DAY,
) -> WeekSummary:
    return summarize_week(
        week_start=MON,
        nights=nights,
        previous_nights=previous or [],
        night_before=before,
        practices=practices,
        targets=targets or [],
        default_night=default,
    )


# --------------------------------------------------------------------------------------------
# Week


def hand_worked_week() -> WeekSummary:
    """Monday and Tuesday logged, default night Wednesday (not logged yet)."""
    monday = night(MON, "23:00", "07:00", {"routine": DONE, "cool_room": MISSED}, quality=4)
    tuesday = night(MON + DAY, "23:40", "07:00", {"routine": DONE, "cool_room": DONE}, quality=3)
    previous = [night(MON - 3 * DAY, None, None, {"routine": MISSED, "meditation": DONE})]
    return week([monday, tuesday], previous=previous)


def test_week_counts_and_adherence() -> None:
    summary = hand_worked_week()
    assert summary.week_end == MON + 6 * DAY
    assert summary.nights_logged == 2
    assert summary.nights_total == 3  # Mon-Wed: Thursday on is still in the future
    assert summary.coverage == pytest.approx(2 / 3)
    # Derived: Monday bed 23:00 on time, Tuesday 23:40 is 40 min > 30 late; wake on time both.
    # routine 2/0, cool_room 1/1, on_time_bed 1/1, on_time_wake 2/0
    # overall: done 2+1+1+2 = 6 of 6 + 2 missed -> 0.75
    assert summary.adherence == 0.75
    assert summary.categories == {"evening": 1.0, "environment": 0.5, "schedule": 0.75}
    # previous week: routine missed, meditation done -> 1/2
    assert summary.previous_adherence == 0.5
    assert summary.adherence_change == pytest.approx(0.25)
    practices = summary.to_json()["practices"]
    assert list(practices) == [p.key for p in CATALOGUE]
    assert practices["routine"] == {"done": 2, "missed": 0, "skipped": 0, "adherence": 1.0}
    assert practices["on_time_bed"] == {"done": 1, "missed": 1, "skipped": 0, "adherence": 0.5}
    assert practices["meditation"] == {"done": 0, "missed": 0, "skipped": 0, "adherence": None}


def test_week_times_and_regularity() -> None:
    data = hand_worked_week().to_json()
    # bedtimes 23:00, 23:40 -> mean 23:20, differences -20, +20 -> SD 20
    assert data["bedtime_mean"] == "23:20"
    assert data["bedtime_sd_min"] == pytest.approx(20.0)
    assert data["wake_mean"] == "07:00"
    assert data["wake_sd_min"] == pytest.approx(0.0)
    assert data["sleep_mean_min"] == 460.0  # (480 + 440) / 2
    assert data["quality_mean"] == 3.5
    # windows differ for 23:00-23:40 = 40 minutes: -100 + 200 * 1400 / 1440
    assert data["sri"] == pytest.approx(-100 + 200 * 1400 / 1440)
    assert data["weekend_shift_min"] is None  # no Friday or Saturday night
    assert data["latency_mean_min"] is None
    assert data["efficiency_mean"] is None
    # Without diary detail in bed and out of bed default to bedtime and wake (DESIGN): time
    # in bed is defined on both nights, (480 + 440) / 2, while efficiency needs the diary.
    assert data["time_in_bed_mean_min"] == 460.0


def test_week_json_has_exactly_the_contract_keys_and_serialises() -> None:
    data = hand_worked_week().to_json()
    assert set(data) == WEEK_KEYS
    assert data["week_start"] == "2026-11-23" and data["week_end"] == "2026-11-29"
    assert json.loads(json.dumps(data)) == data


def test_empty_week_is_all_null() -> None:
    data = week([], default=MON - DAY).to_json()
    assert data["nights_total"] == 0  # the week has not begun
    assert data["nights_logged"] == 0
    for key in WEEK_KEYS - {"week_start", "week_end", "nights_logged", "nights_total"}:
        if key not in ("categories", "practices"):
            assert data[key] is None, key
    assert set(data["categories"].values()) == {None}
    assert week([], default=MON + 30 * DAY).nights_total == 7


def test_week_days_grid() -> None:
    summary = hand_worked_week()
    assert [day.night for day in summary.days] == [MON + i * DAY for i in range(7)]
    monday, tuesday, wednesday = summary.days[:3]
    assert monday.record is not None and monday.record.quality == 4
    assert monday.marks == {
        "routine": DONE,
        "cool_room": MISSED,
        "on_time_bed": DONE,
        "on_time_wake": DONE,
    }
    assert tuesday.marks["on_time_bed"] is MISSED
    assert tuesday.adherence == 0.75  # routine, cool_room, wake done; bed missed
    assert not wednesday.logged and wednesday.marks == {} and wednesday.adherence is None


def test_week_ignores_nights_outside_it() -> None:
    stray = night(MON + 7 * DAY, marks={"routine": MISSED})
    summary = week([night(MON, marks={"routine": DONE}), stray])
    assert summary.nights_logged == 1
    assert summary.practices["routine"].missed == 0


def test_week_archived_practices_show_only_with_a_mark() -> None:
    kept = Practice("journal", "Wrote a journal", Category.EVENING, position=9, archived=True)
    gone = Practice("tea", "Herbal tea", Category.CUSTOM, position=10, archived=True)
    active = Practice("reading", "Read a book", Category.CUSTOM, position=11)
    practices = [*CATALOGUE, kept, gone, active]
    summary = week([night(MON, marks={"journal": SKIPPED})], practices=practices)
    assert "journal" in summary.practices
    assert "tea" not in summary.practices
    assert "reading" in summary.practices
    # custom category present (reading is active) but without marks -> null
    assert summary.categories["custom"] is None
    assert [p.key for p in summary.included_practices][-2:] == ["journal", "reading"]


def test_week_targets_history_keeps_the_old_target_before_a_change() -> None:
    # Bedtime target 23:40 from Tuesday on; both nights in bed at 23:40.
    nights = [night(MON, "23:40"), night(MON + DAY, "23:40")]
    targets = [Targets(effective_from=MON + DAY, bedtime=t("23:40"))]
    summary = week(nights, targets=targets)
    assert summary.days[0].marks["on_time_bed"] is MISSED  # judged against 23:00
    assert summary.days[1].marks["on_time_bed"] is DONE
    assert summary.practices["on_time_bed"].adherence == 0.5


def test_week_sri_uses_the_night_before_running_past_noon() -> None:
    nights = [night(MON, "04:00", "13:00"), night(MON + DAY, "04:00", "13:00")]
    before = night(MON - DAY, "04:00", "13:00")
    assert week(nights, before=before).sri == 100.0
    # without it, the first window lacks 12:00-13:00: -100 + 200 * 1380 / 1440
    assert week(nights).sri == pytest.approx(-100 + 200 * 1380 / 1440)


def test_week_means_across_midnight() -> None:
    nights = [night(MON, "23:50", "07:00"), night(MON + DAY, "00:40", "07:50")]
    data = week(nights).to_json()
    assert data["bedtime_mean"] == "00:15"  # halfway between 23:50 and 00:40
    assert data["wake_mean"] == "07:25"
    assert data["bedtime_sd_min"] == pytest.approx(25.0)


def test_week_mean_rounds_to_the_nearest_minute_and_wraps() -> None:
    # 23:59 and 00:00 -> 23:59.5 rounds to 00:00 (Python rounds .5 to even: 1440 -> 00:00)
    nights = [night(MON, "23:59"), night(MON + DAY, "00:00")]
    assert week(nights).to_json()["bedtime_mean"] == "00:00"
    nights = [night(MON, "23:58"), night(MON + DAY, "23:59"), night(MON + 2 * DAY, "23:59")]
    assert week(nights).to_json()["bedtime_mean"] == "23:59"  # 23:58.67


def test_week_weekend_shift() -> None:
    friday = night(MON + 4 * DAY, "01:00", "09:00")  # mid-sleep 05:00
    monday = night(MON, "23:00", "07:00")  # mid-sleep 03:00
    assert week([monday, friday], default=MON + 6 * DAY).weekend_shift_min == 120.0


def test_week_diary_means() -> None:
    nights = [
        night(MON, latency=20, waso=40, awakenings=3),  # TST 420, TIB 480, SE 0.875
        night(MON + DAY, latency=10, waso=10, awakenings=1),  # TST 460, SE 460/480
    ]
    data = week(nights).to_json()
    assert data["latency_mean_min"] == 15.0
    assert data["awakenings_mean"] == 2.0
    assert data["waso_mean_min"] == 25.0
    assert data["total_sleep_mean_min"] == 440.0
    assert data["time_in_bed_mean_min"] == 480.0
    assert data["efficiency_mean"] == pytest.approx((420 / 480 + 460 / 480) / 2)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),
            st.dictionaries(st.sampled_from(["routine", "cool_room"]), st.sampled_from(list(Mark))),
            st.one_of(st.none(), st.integers(0, 1439)),
        ),
        unique_by=lambda item: item[0],
    ),
    st.integers(-3, 10),
)
def test_week_values_stay_in_range(
    entries: list[tuple[int, dict[str, Mark], int | None]], default: int
) -> None:
    nights = [
        Night(
            night=MON + offset * DAY,
            bedtime=bed,
            wake=None if bed is None else (bed + 420) % 1440,
            marks=marks,
        )
        for offset, marks, bed in entries
    ]
    summary = week(nights, default=MON + default * DAY)
    assert 0 <= summary.nights_total <= 7
    for value in [summary.adherence, *summary.categories.values()]:
        assert value is None or 0.0 <= value <= 1.0
    assert summary.sri is None or -100.0 <= summary.sri <= 100.0
    assert summary.bedtime_sd_min is None or len([n for n in nights if n.bedtime is not None]) >= 2


# --------------------------------------------------------------------------------------------
# Trends


def trends(
    nights: list[Night],
    *,
    weeks: int = 2,
    default: date = MON + 2 * DAY,
    history: list[Night] | None = None,
    week_start_weekday: int = 0,
    practices: tuple[Practice, ...] | list[Practice] = CATALOGUE,
    targets: list[Targets] | None = None,
) -> TrendsSummary:
    return summarize_trends(
        weeks=weeks,
        default_night=default,
        week_start_weekday=week_start_weekday,
        nights=nights,
        history=nights if history is None else history,
        practices=practices,
        targets=targets or [],
    )


def hand_worked_trends() -> TrendsSummary:
    # Week of MON - 7: Tuesday routine done, quality 4, latency 10, WASO 20.
    # Week of MON: Tuesday routine missed, quality 2, latency 30, WASO 0.
    nights = [
        night(MON - 6 * DAY, marks={"routine": DONE}, quality=4, latency=10, waso=20),
        night(MON + DAY, "00:00", "07:00", {"routine": MISSED}, quality=2, latency=30, waso=0),
    ]
    return trends(nights)


def test_trends_weeks_oldest_first() -> None:
    data = hand_worked_trends().to_json()
    assert set(data) == {"weeks", "practices"}
    first, last = data["weeks"]
    assert set(first) == TREND_WEEK_KEYS
    assert first["week_start"] == "2026-11-16" and last["week_start"] == "2026-11-23"
    assert first["nights_logged"] == 1 and last["nights_logged"] == 1
    # first week: routine, on_time_bed, on_time_wake all done -> 1.0
    assert first["adherence"] == 1.0
    # last week: routine missed, bed 00:00 is 60 min late (missed), wake done -> 1/3
    assert last["adherence"] == pytest.approx(1 / 3)
    assert last["categories"] == {"evening": 0.0, "environment": None, "schedule": 0.5}
    assert first["bedtime_mean"] == "23:00" and last["bedtime_mean"] == "00:00"
    assert first["sleep_mean_min"] == 480.0 and last["sleep_mean_min"] == 420.0
    assert first["quality_mean"] == 4.0
    assert first["total_sleep_mean_min"] == 450.0  # 480 - 10 - 20
    assert first["efficiency_mean"] == pytest.approx(450 / 480)
    assert last["latency_mean_min"] == 30.0
    assert json.loads(json.dumps(data)) == data


def test_trends_practices() -> None:
    practices = hand_worked_trends().to_json()["practices"]
    assert list(practices) == [p.key for p in CATALOGUE]
    routine = practices["routine"]
    assert set(routine) == TREND_PRACTICE_KEYS
    assert routine["adherence"] == 0.5
    assert routine["quality_done"] == 4.0 and routine["quality_missed"] == 2.0
    assert routine["latency_done"] == 10.0 and routine["latency_missed"] == 30.0
    assert routine["efficiency_done"] == pytest.approx(450 / 480)
    assert routine["efficiency_missed"] == pytest.approx(390 / 420)  # TST 420-30, TIB 420
    assert routine["current_streak"] == 0  # Tuesday missed, Wednesday not logged
    assert routine["best_streak"] == 1
    assert practices["meditation"]["adherence"] is None


def test_trends_streaks_use_the_whole_history() -> None:
    # 30 nights of routine done up to Tuesday; trends covers only one week.
    history = [night(MON + DAY - i * DAY, marks={"routine": DONE}) for i in range(30)]
    in_range = [n for n in history if n.night >= MON]
    summary = trends(in_range, weeks=1, history=history)
    assert summary.practices["routine"].current_streak == 30
    assert summary.practices["routine"].best_streak == 30
    assert summary.practices["routine"].adherence == 1.0
    assert summary.nightly_adherence[MON] == 1.0
    assert len(summary.nightly_adherence) == 30


def test_trends_week_start_sunday() -> None:
    summary = trends([], weeks=3, week_start_weekday=6)
    # Wednesday the 25th is in the week of Sunday the 22nd.
    assert [w.week_start for w in summary.weeks] == [
        date(2026, 11, 8),
        date(2026, 11, 15),
        date(2026, 11, 22),
    ]
    assert all(w.adherence is None and w.nights_logged == 0 for w in summary.weeks)


def test_trends_archived_practice_inclusion_over_the_range() -> None:
    archived = Practice("journal", "Wrote a journal", Category.EVENING, position=9, archived=True)
    practices = [*CATALOGUE, archived]
    old = night(MON - 30 * DAY, marks={"journal": DONE})
    assert "journal" not in trends([], practices=practices, history=[old]).practices
    recent = night(MON - 6 * DAY, marks={"journal": DONE})
    summary = trends([recent], practices=practices, history=[old, recent])
    assert summary.practices["journal"].best_streak == 1


def test_trends_weeks_must_be_positive_and_representable() -> None:
    with pytest.raises(InputRefused):
        trends([], weeks=0)
    with pytest.raises(InputRefused):
        trends([], weeks=10**7)


def test_trends_over_twenty_years() -> None:
    start = MON - 7300 * DAY
    keys = [p.key for p in CATALOGUE[:6]]
    history = [
        night(
            start + i * DAY,
            bed="23:10" if i % 5 else "00:20",
            marks={key: (MISSED if (i * 7 + n) % 13 == 0 else DONE) for n, key in enumerate(keys)},
            quality=1 + i % 5,
        )
        for i in range(7300)
    ]
    summary = trends(history, weeks=1045, default=MON, history=history)
    assert len(summary.weeks) == 1045
    assert sum(w.nights_logged for w in summary.weeks) == 7300
    assert 0 < (summary.practices["routine"].adherence or 0) < 1
