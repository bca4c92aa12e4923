"""The rep counter that follows the tempo and keeps the lifter's corrections (R15)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.tempo import CLASSIC_TEMPO, BeatDirection, Tempo
from bfr_tui.domain.tempo_rep_counter import MAX_REPS, TempoRepCounter

START = 1000.0


def started(tempo: Tempo | None = CLASSIC_TEMPO) -> TempoRepCounter:
    return TempoRepCounter(tempo).started(START)


def test_at_2_s_up_2_s_down_60_s_after_the_first_rep_gives_15_reps() -> None:
    clock = FakeClock()
    counter = TempoRepCounter(CLASSIC_TEMPO).started(clock.monotonic())
    for _ in range(600):
        clock.advance(0.1)  # a frame every 100 ms, as the live panel draws
    assert counter.count_at(clock.monotonic()) == 15


@pytest.mark.parametrize(
    ("after_s", "reps"), [(0, 0), (3.9, 0), (4, 1), (8, 2), (59.9, 14), (60, 15), (61, 15)]
)
def test_it_counts_a_rep_at_each_beats_end(after_s: float, reps: int) -> None:
    assert started().count_at(START + after_s) == reps


def test_before_it_starts_it_counts_nothing_on_its_own() -> None:
    counter = TempoRepCounter(CLASSIC_TEMPO)
    assert counter.count_at(START + 60) == 0
    assert counter.beat_at(START) is None
    assert counter.plus_one(START).count_at(START + 60) == 1


def test_a_second_start_does_not_move_the_beat() -> None:
    counter = started()
    assert counter.started(START + 30) is counter


def test_a_typed_count_holds_and_the_count_goes_on_from_it() -> None:
    counter = started().corrected_to(10, START + 20)  # the beat says 5
    assert counter.count_at(START + 20) == 10
    assert counter.count_at(START + 23.9) == 10
    assert counter.count_at(START + 24) == 11
    assert counter.count_at(START + 60) == 20


def test_space_adds_one_and_backspace_takes_one_back_and_both_hold() -> None:
    counter = started().plus_one(START + 5)
    assert counter.count_at(START + 5) == 2
    assert counter.count_at(START + 60) == 16
    counter = counter.minus_one(START + 6).minus_one(START + 6)
    assert counter.count_at(START + 6) == 0
    assert counter.count_at(START + 60) == 14


def test_backspace_never_goes_below_zero() -> None:
    counter = started().minus_one(START + 1)
    assert counter.count_at(START + 1) == 0
    assert counter.count_at(START + 4) == 1


def test_space_stops_at_the_most_a_set_can_hold() -> None:
    counter = started().corrected_to(MAX_REPS, START)
    assert counter.plus_one(START).count_at(START) == MAX_REPS
    assert counter.count_at(START + 60) == MAX_REPS


@pytest.mark.parametrize("reps", [-1, MAX_REPS + 1])
def test_an_impossible_typed_count_is_refused(reps: int) -> None:
    with pytest.raises(ValueError, match=f"reps must be 0-{MAX_REPS}, not {reps}"):
        started().corrected_to(reps, START)


def test_with_the_tempo_off_it_counts_only_the_lifters_keys() -> None:
    counter = started(None)
    assert counter.count_at(START + 60) == 0
    assert counter.beat_at(START + 3) is None
    counter = counter.plus_one(START + 3).plus_one(START + 5)
    assert counter.count_at(START + 600) == 2


def test_the_beat_is_shown_from_the_first_rep() -> None:
    beat = started().beat_at(START + 6.5)
    assert beat is not None
    assert (beat.rep_number, beat.direction) == (2, BeatDirection.DOWN)


def test_a_correction_does_not_move_the_beat() -> None:
    counter = started()
    assert counter.corrected_to(3, START + 5).beat_at(START + 6.5) == counter.beat_at(START + 6.5)


corrections = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=120_000),  # ms after the first rep
        st.one_of(st.just("space"), st.just("backspace"), st.integers(min_value=0, max_value=40)),
    ),
    max_size=8,
)


@given(corrections=corrections, later_ms=st.integers(min_value=0, max_value=60_000))
def test_after_any_corrections_the_count_runs_on_with_the_beat(
    corrections: list[tuple[int, str | int]], later_ms: int
) -> None:
    counter = started()
    last_s = 0.0
    for at_ms, key in sorted(corrections, key=lambda c: c[0]):
        last_s = at_ms / 1000
        now = START + last_s
        before = counter.count_at(now)
        if key == "space":
            counter = counter.plus_one(now)
            assert counter.count_at(now) == min(MAX_REPS, before + 1)
        elif key == "backspace":
            counter = counter.minus_one(now)
            assert counter.count_at(now) == max(0, before - 1)
        else:
            assert isinstance(key, int)
            counter = counter.corrected_to(key, now)
            assert counter.count_at(now) == key
    shown = counter.count_at(START + last_s)
    later_s = last_s + later_ms / 1000
    beats = int(later_s // 4) - int(last_s // 4)
    assert counter.count_at(START + later_s) == min(MAX_REPS, shown + beats)
