"""Metrics of a range of nights: hand-worked examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.builders import night, t
from tracker.domain import clock, metrics
from tracker.domain.metrics import Tally
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import CATALOGUE, ON_TIME_BED, Category, Mark, Practice

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED
MON = date(2026, 11, 23)  # a Monday
DAY = timedelta(days=1)


def circular_distance(a: float, b: float) -> float:
    return abs(clock.wrap(a - b))


# --------------------------------------------------------------------------------------------
# Adherence


def test_adherence_excludes_skipped_and_absent() -> None:
    rows = [{"routine": DONE}, {"routine": MISSED}, {"routine": SKIPPED}, {}, {"routine": DONE}]
    # done 2, missed 1 -> 2 / 3; the skipped and the unanswered night do not count.
    assert metrics.practice_adherence(rows, "routine") == pytest.approx(2 / 3)
    assert metrics.tally_marks(rows)["routine"] == Tally(done=2, missed=1, skipped=1)


def test_adherence_is_none_without_done_or_missed() -> None:
    assert metrics.practice_adherence([{"routine": SKIPPED}, {}], "routine") is None
    assert metrics.practice_adherence([], "routine") is None
    assert metrics.adherence(0, 0) is None
    assert metrics.pooled_adherence([]) is None


def test_category_and_overall_adherence_pool_marks_derived_included() -> None:
    tallies = {
        "routine": Tally(done=3, missed=1),
        "meditation": Tally(done=0, missed=4),
        "cool_room": Tally(done=2, missed=0),
        ON_TIME_BED: Tally(done=1, missed=1),
        "unknown": Tally(done=9),  # a mark of no known practice is ignored
    }
    # evening: (3 + 0) / (3 + 0 + 1 + 4) = 3/8; environment 2/2; schedule 1/2.
    categories = metrics.category_adherence(tallies, CATALOGUE)
    assert categories == {"evening": 3 / 8, "environment": 1.0, "schedule": 0.5}
    # overall: done 3+0+2+1 = 6, missed 1+4+0+1 = 6 -> 0.5 (pooled, not a mean of means).
    assert metrics.overall_adherence(tallies, CATALOGUE) == 0.5


def test_category_without_marks_is_none_and_category_without_practice_absent() -> None:
    practices = [Practice("reading", "Read a book", Category.CUSTOM)]
    assert metrics.category_adherence({}, practices) == {"custom": None}


def test_included_practices_keeps_active_and_marked_archived() -> None:
    active = Practice("a", "A", Category.CUSTOM)
    archived_marked = Practice("b", "B", Category.CUSTOM, archived=True)
    archived_quiet = Practice("c", "C", Category.CUSTOM, archived=True)
    tallies = {"b": Tally(skipped=1)}  # a skipped mark is a mark
    shown = metrics.included_practices([active, archived_marked, archived_quiet], tallies)
    assert shown == [active, archived_marked]


def test_night_adherence() -> None:
    marks = {"routine": DONE, "cool_room": MISSED, "meditation": SKIPPED, ON_TIME_BED: DONE}
    # done 2 (routine, on_time_bed), missed 1 -> 2/3
    assert metrics.night_adherence(marks) == pytest.approx(2 / 3)
    assert metrics.night_adherence(marks, keys={"cool_room"}) == 0.0
    assert metrics.night_adherence({}) is None


def test_coverage() -> None:
    assert metrics.coverage(3, 4) == 0.75
    assert metrics.coverage(0, 0) is None


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from(list(Mark)))))
def test_adherence_is_a_fraction_or_none(rows: list[dict[str, Mark]]) -> None:
    tallies = metrics.tally_marks(rows)
    value = metrics.practice_adherence(rows, "a")
    answered = sum(1 for row in rows if row.get("a") in (DONE, MISSED))
    assert (value is None) == (answered == 0)
    assert value is None or 0.0 <= value <= 1.0
    practices = [Practice("a", "A", Category.CUSTOM), Practice("b", "B", Category.EVENING)]
    overall = metrics.overall_adherence(tallies, practices)
    assert overall is None or 0.0 <= overall <= 1.0


def test_week_start_for() -> None:
    wednesday = MON + 2 * DAY
    sunday = MON + 6 * DAY
    assert metrics.week_start_for(wednesday, 0) == MON
    assert metrics.week_start_for(wednesday, 6) == MON - DAY  # Sunday the 22nd
    assert metrics.week_start_for(sunday, 0) == MON
    assert metrics.week_start_for(sunday, 6) == sunday
    assert metrics.week_start_for(MON, 0) == MON


# --------------------------------------------------------------------------------------------
# Times


def test_bedtime_mean_across_midnight() -> None:
    nights = [night(MON, bed="23:30"), night(MON + DAY, bed="00:30")]
    # 23:30 and 00:30 are an hour apart around midnight: the mean is 00:00, not 12:00.
    assert circular_distance(metrics.bedtime_mean(nights) or 0.0, 0) < 1e-6
    # differences -30 and +30 -> population SD 30
    assert metrics.bedtime_sd(nights) == pytest.approx(30.0)


def test_sd_needs_two_times() -> None:
    assert metrics.bedtime_sd([night(MON, bed="00:40")]) is None
    assert metrics.bedtime_sd([]) is None
    assert metrics.bedtime_mean([]) is None
    assert metrics.bedtime_mean([night(MON, bed="00:40")]) == pytest.approx(40.0)


def test_wake_mean_and_sd() -> None:
    nights = [night(MON, wake="06:00"), night(MON + DAY, wake="07:00"), night(MON, wake="08:00")]
    # mean 07:00; differences -60, 0, 60 -> SD sqrt((3600 + 0 + 3600) / 3) = sqrt(2400)
    assert metrics.wake_mean(nights) == pytest.approx(420.0)
    assert metrics.wake_sd(nights) == pytest.approx(2400**0.5)


def test_sleep_mean_crosses_midnight_and_noon() -> None:
    nights = [
        night(MON, bed="23:00", wake="07:00"),  # 480
        night(MON + DAY, bed="00:40", wake="07:00"),  # 380
        night(MON + 2 * DAY, bed="04:00", wake="13:00"),  # 540, past noon
    ]
    # (480 + 380 + 540) / 3 = 1400 / 3
    assert metrics.sleep_mean(nights) == pytest.approx(1400 / 3)
    assert metrics.sleep_mean([night(MON, bed=None)]) is None


@settings(max_examples=200)
@given(
    st.integers(0, 1439),
    st.lists(st.integers(-30, 30), min_size=1, max_size=20),
)
def test_circular_mean_equals_ordinary_mean_shifted(centre: int, offsets: list[int]) -> None:
    # Times within an hour of a centre anywhere on the dial, midnight included: the circular
    # mean is the ordinary mean of the unwrapped times (to within a minute; they differ by a
    # third-order term), while the plain mean of the wrapped clock values may be 12 h off.
    times = [(centre + offset) % 1440 for offset in offsets]
    expected = centre + sum(offsets) / len(offsets)
    got = metrics.clock_mean(times)
    assert got is not None
    assert circular_distance(got, expected) < 1.0


@given(st.integers(0, 1439), st.lists(st.integers(0, 30), min_size=1, max_size=10))
def test_circular_mean_symmetric_times_is_exact(centre: int, spreads: list[int]) -> None:
    times = [(centre + s) % 1440 for s in spreads] + [(centre - s) % 1440 for s in spreads]
    got = metrics.clock_mean(times)
    assert got is not None and circular_distance(got, centre) < 1e-6


@settings(max_examples=200)
@given(
    st.integers(0, 1439),
    st.lists(st.integers(-300, 300), min_size=2, max_size=20),
    st.integers(0, 1439),
)
def test_sd_is_invariant_to_rotating_all_times(centre: int, offsets: list[int], shift: int) -> None:
    times = [(centre + offset) % 1440 for offset in offsets]
    rotated = [(time_ + shift) % 1440 for time_ in times]
    before, after = metrics.clock_sd(times), metrics.clock_sd(rotated)
    assert before is not None and after is not None
    assert after == pytest.approx(before, abs=1e-6)
    # and it is the SD of the unwrapped times
    average = sum(offsets) / len(offsets)
    plain = (sum((o - average) ** 2 for o in offsets) / len(offsets)) ** 0.5
    assert before == pytest.approx(plain, abs=1e-6)


# --------------------------------------------------------------------------------------------
# Sleep Regularity Index


def test_sri_identical_nights_is_100() -> None:
    nights = [night(MON + i * DAY) for i in range(7)]
    assert metrics.sleep_regularity_index(nights, MON, MON + 6 * DAY) == 100.0


def test_sri_hand_worked() -> None:
    nights = [night(MON, bed="23:00"), night(MON + DAY, bed="01:00")]
    # Window 1: asleep 23:00-07:00; window 2: 01:00-07:00. They differ for 23:00-01:00 = 120
    # minutes, so 1320 of 1440 pairs are equal: -100 + 200 * 1320 / 1440 = 83.33...
    got = metrics.sleep_regularity_index(nights, MON, MON + DAY)
    assert got == pytest.approx(-100 + 200 * 1320 / 1440)


def test_sri_opposite_schedules() -> None:
    # Window 1 (noon to noon) is asleep 00:00-12:00, its second half; window 2 is asleep
    # 12:00-24:00, its first half: every one of the 1440 minutes differs -> -100.
    nights = [night(MON, bed="00:00", wake="12:00"), night(MON + DAY, bed="12:00", wake="00:00")]
    assert metrics.sleep_regularity_index(nights, MON, MON + DAY) == -100.0


def test_sri_counts_sleep_past_noon_from_the_night_before() -> None:
    # Bed 04:00 wake 13:00 every night: each night runs 60 minutes past noon into the next
    # window. With the night before the range, every window holds 12:00-13:00 and
    # 04:00-12:00: identical -> 100.
    before = night(MON - DAY, bed="04:00", wake="13:00")
    nights = [night(MON, bed="04:00", wake="13:00"), night(MON + DAY, bed="04:00", wake="13:00")]
    assert metrics.sleep_regularity_index([before, *nights], MON, MON + DAY) == 100.0
    # Without it the first window lacks 12:00-13:00: 60 minutes differ ->
    # -100 + 200 * 1380 / 1440.
    got = metrics.sleep_regularity_index(nights, MON, MON + DAY)
    assert got == pytest.approx(-100 + 200 * 1380 / 1440)


def test_sri_pairs_only_nights_with_both_times() -> None:
    nights = [night(MON), night(MON + DAY, wake=None), night(MON + 2 * DAY)]
    assert metrics.sleep_regularity_index(nights, MON, MON + 2 * DAY) is None
    # The middle night's missing times gate the pair; the others still count when adjacent.
    nights.append(night(MON + 3 * DAY, bed="01:00"))
    got = metrics.sleep_regularity_index(nights, MON, MON + 3 * DAY)
    assert got == pytest.approx(-100 + 200 * 1320 / 1440)


def test_sri_none_for_one_night_or_nothing() -> None:
    assert metrics.sleep_regularity_index([night(MON)], MON, MON) is None
    assert metrics.sleep_regularity_index([], MON, MON + 6 * DAY) is None


def test_sri_ignores_nights_outside_range() -> None:
    outside = [night(MON - 2 * DAY, bed="12:00", wake="06:00"), night(MON + 2 * DAY, bed="20:00")]
    nights = [night(MON), night(MON + DAY)]
    assert metrics.sleep_regularity_index(nights + outside, MON, MON + DAY) == 100.0


SCHEDULE = st.tuples(st.integers(0, 1439), st.integers(1, 18 * 60))


def schedule_night(when: date, bed: int, span: int) -> Night:
    return Night(night=when, bedtime=bed, wake=(bed + span) % 1440)


@given(SCHEDULE, st.integers(2, 8))
def test_sri_identical_schedule_is_100(schedule: tuple[int, int], days: int) -> None:
    bed, span = schedule
    nights = [schedule_night(MON + i * DAY, bed, span) for i in range(-1, days)]
    assert metrics.sleep_regularity_index(nights, MON, MON + (days - 1) * DAY) == 100.0


@given(st.lists(st.one_of(st.none(), SCHEDULE), min_size=1, max_size=8))
def test_sri_is_in_range(schedules: list[tuple[int, int] | None]) -> None:
    nights = [
        schedule_night(MON + i * DAY, *schedule)
        for i, schedule in enumerate(schedules)
        if schedule is not None
    ]
    got = metrics.sleep_regularity_index(nights, MON, MON + (len(schedules) - 1) * DAY)
    adjacent = any(
        schedules[i] is not None and schedules[i + 1] is not None for i in range(len(schedules) - 1)
    )
    assert (got is None) == (not adjacent)
    assert got is None or -100.0 <= got <= 100.0


# --------------------------------------------------------------------------------------------
# Weekend shift


def test_mid_sleep() -> None:
    assert metrics.mid_sleep(night(MON, bed="23:00", wake="07:00")) == 180.0  # 03:00
    assert metrics.mid_sleep(night(MON, bed="04:00", wake="13:00")) == 510.0  # 08:30
    assert metrics.mid_sleep(night(MON, bed="22:00", wake="01:00")) == 1410.0  # 23:30
    assert metrics.mid_sleep(night(MON, wake=None)) is None


def test_weekend_shift_later_weekends_is_positive() -> None:
    friday, saturday, sunday = MON + 4 * DAY, MON + 5 * DAY, MON + 6 * DAY
    weekdays = [night(MON + i * DAY, bed="23:00", wake="07:00") for i in range(4)]  # mid 03:00
    weekend = [night(d, bed="01:00", wake="09:00") for d in (friday, saturday)]  # mid 05:00
    assert metrics.weekend_shift(weekdays + weekend) == pytest.approx(120.0)
    # Earlier weekends are negative; Sunday night belongs to the weekday group.
    early = [night(d, bed="21:00", wake="05:00") for d in (friday, saturday)]  # mid 01:00
    late_sunday = night(sunday, bed="01:00", wake="09:00")  # mid 05:00, a "weekday"
    # weekday mean mid-sleep: circular mean of 03:00 x4 and 05:00 -> about 03:24
    shift = metrics.weekend_shift([*weekdays, late_sunday, *early])
    assert shift is not None and -150 < shift < -140


def test_weekend_shift_across_midnight() -> None:
    # weekend mid-sleep 00:30, weekday 23:30: one hour later, not 23 hours earlier.
    weekend = night(MON + 4 * DAY, bed="21:00", wake="04:00")  # 21:00 + 3h30 = 00:30
    weekday = night(MON, bed="20:00", wake="03:00")  # 20:00 + 3h30 = 23:30
    assert metrics.weekend_shift([weekend, weekday]) == pytest.approx(60.0)


def test_weekend_shift_none_when_a_group_is_empty() -> None:
    assert metrics.weekend_shift([night(MON), night(MON + DAY)]) is None
    assert metrics.weekend_shift([night(MON + 4 * DAY)]) is None
    assert metrics.weekend_shift([]) is None


@given(st.integers(0, 1439), st.integers(-719, 719))
def test_weekend_shift_wraps(weekday_mid: int, shift: int) -> None:
    weekday = Night(night=MON, bedtime=weekday_mid, wake=(weekday_mid + 2) % 1440)
    start = (weekday_mid + shift) % 1440
    weekend = Night(night=MON + 5 * DAY, bedtime=start, wake=(start + 2) % 1440)
    got = metrics.weekend_shift([weekday, weekend])
    assert got is not None and -720 <= got < 720
    assert got == pytest.approx(shift, abs=1e-6)


# --------------------------------------------------------------------------------------------
# Diary and with/without


def test_diary_means_over_nights_where_defined() -> None:
    nights = [
        # span 480, TST 480 - 20 - 40 = 420, TIB 480, SE 420/480 = 0.875
        night(MON, latency=20, waso=40, awakenings=2),
        # span 480, latency only: no TST, no SE; in bed 22:30 -> TIB 510
        Night(night=MON + DAY, bedtime=t("23:00"), wake=t("07:00"), in_bed=t("22:30"), latency=10),
        night(MON + 2 * DAY, bed=None, wake=None),  # no times: nothing defined
    ]
    means = metrics.diary_means(nights)
    assert means.latency == 15.0  # (20 + 10) / 2
    assert means.awakenings == 2.0
    assert means.waso == 40.0
    assert means.total_sleep == 420.0
    assert means.time_in_bed == 495.0  # (480 + 510) / 2
    assert means.efficiency == pytest.approx(0.875)


def test_diary_means_empty() -> None:
    assert metrics.diary_means([]) == metrics.DiaryMeans()


def test_quality_efficiency_latency_with_without() -> None:
    rows = [
        (night(MON, quality=4, latency=10, waso=0), {"routine": DONE}),
        (night(MON + DAY, quality=5, latency=20, waso=0), {"routine": DONE}),
        (night(MON + 2 * DAY, quality=2, latency=60, waso=0), {"routine": MISSED}),
        (night(MON + 3 * DAY, quality=1), {"routine": SKIPPED}),  # neither group
        (night(MON + 4 * DAY), {"routine": MISSED}),  # no quality: left out
    ]
    assert metrics.quality_with_without(rows, "routine") == metrics.WithWithout(4.5, 2.0)
    assert metrics.latency_with_without(rows, "routine") == metrics.WithWithout(15.0, 60.0)
    # efficiency: (480-10)/480 and (480-20)/480 done, (480-60)/480 missed
    eff = metrics.efficiency_with_without(rows, "routine")
    assert eff.done == pytest.approx((470 / 480 + 460 / 480) / 2)
    assert eff.missed == pytest.approx(420 / 480)
    assert metrics.quality_with_without(rows, "meditation") == metrics.WithWithout(None, None)


def test_nightly_marks_judge_each_night_by_its_own_targets() -> None:
    # Wake target moves from 07:00 to 06:00 on MON + 1. Waking at 07:00 is on schedule on MON
    # (the night before the change keeps the old target) and 60 min late after it.
    targets = [Targets(effective_from=MON + DAY, wake=t("06:00"))]
    rows = metrics.nightly_marks([night(MON), night(MON + DAY)], targets)
    assert rows[0][1]["on_time_wake"] is DONE
    assert rows[1][1]["on_time_wake"] is MISSED


def test_mean() -> None:
    assert metrics.mean([1, None, 2]) == 1.5
    assert metrics.mean([None]) is None
