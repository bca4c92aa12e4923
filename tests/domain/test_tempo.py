"""The tempo and its beat (R15)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.tempo import (
    CLASSIC_TEMPO,
    Beat,
    BeatDirection,
    Tempo,
    TempoError,
    beat_at,
    beats_between,
    parse_tempo,
    reps_by_tempo,
    tempo_text,
)

START = 1000.0


def test_the_classic_tempo_is_2_s_up_2_s_down() -> None:
    assert (CLASSIC_TEMPO.up_s, CLASSIC_TEMPO.down_s, CLASSIC_TEMPO.rep_s) == (2, 2, 4)
    assert CLASSIC_TEMPO.describe() == "2 s up, 2 s down"
    assert tempo_text(CLASSIC_TEMPO) == "2/2"
    assert tempo_text(None) == "off"


@pytest.mark.parametrize(
    ("text", "tempo"),
    [
        ("2/2", CLASSIC_TEMPO),
        ("2-2", CLASSIC_TEMPO),
        (" 1.5 3 ", Tempo(1.5, 3)),
        ("1,5/3", Tempo(1.5, 3)),
        ("0.5/6", Tempo(0.5, 6)),
        ("off", None),
        ("OFF", None),
    ],
)
def test_a_tempo_is_typed_as_up_then_down_or_off(text: str, tempo: Tempo | None) -> None:
    assert parse_tempo(text) == tempo


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2", "up/down seconds"),
        ("2/2/2", "up/down seconds"),
        ("0.4/2", "tempo must be 0.5-6 s, not 0.4 s"),
        ("2/6.1", "tempo must be 0.5-6 s, not 6.1 s"),
        ("fast/slow", "must be a number"),
    ],
)
def test_a_tempo_no_one_can_follow_is_refused(text: str, words: str) -> None:
    with pytest.raises(TempoError, match=words):
        parse_tempo(text)


@given(
    up=st.integers(min_value=5, max_value=60), down=st.integers(min_value=5, max_value=60)
)
def test_a_tempo_reads_back_from_its_text(up: int, down: int) -> None:
    tempo = Tempo(up / 10, down / 10)
    assert parse_tempo(tempo_text(tempo)) == tempo


def test_a_tempo_outside_its_range_cannot_be_made() -> None:
    with pytest.raises(TempoError):
        Tempo(2, 0)


@pytest.mark.parametrize(
    ("after_s", "beat"),
    [
        (0.0, Beat(1, BeatDirection.UP, 0.0, 2.0)),
        (1.0, Beat(1, BeatDirection.UP, 1.0, 2.0)),
        (2.0, Beat(1, BeatDirection.DOWN, 0.0, 2.0)),  # exactly on the turn: down
        (3.5, Beat(1, BeatDirection.DOWN, 1.5, 2.0)),
        (4.0, Beat(2, BeatDirection.UP, 0.0, 2.0)),
        (60.0, Beat(16, BeatDirection.UP, 0.0, 2.0)),
    ],
)
def test_the_beat_at_2_s_up_2_s_down(after_s: float, beat: Beat) -> None:
    assert beat_at(CLASSIC_TEMPO, first_rep_mono=START, now_mono=START + after_s) == beat


def test_the_beat_halfway_through_a_phase() -> None:
    beat = beat_at(Tempo(1, 3), first_rep_mono=START, now_mono=START + 2.5)
    assert (beat.direction, beat.fraction) == (BeatDirection.DOWN, 0.5)


def test_before_the_first_rep_the_beat_waits_at_its_start() -> None:
    assert beat_at(CLASSIC_TEMPO, first_rep_mono=START, now_mono=START - 5) == Beat(
        1, BeatDirection.UP, 0.0, 2.0
    )
    assert reps_by_tempo(CLASSIC_TEMPO, first_rep_mono=START, now_mono=START - 5) == 0


@pytest.mark.parametrize(
    ("after_s", "reps"),
    [(0.0, 0), (3.999, 0), (4.0, 1), (7.999, 1), (8.0, 2), (59.999, 14), (60.0, 15)],
)
def test_a_rep_counts_as_its_down_ends(after_s: float, reps: int) -> None:
    assert reps_by_tempo(CLASSIC_TEMPO, first_rep_mono=START, now_mono=START + after_s) == reps


def test_a_reading_a_hair_before_the_beat_from_float_steps_is_on_it() -> None:
    now = 0.0
    for _ in range(50):
        now += 0.1  # 50 steps of 0.1 fall just short of 5.0 in binary floats
    assert now < 5.0
    assert reps_by_tempo(Tempo(2.5, 2.5), first_rep_mono=0.0, now_mono=now) == 1
    assert beat_at(Tempo(2.5, 2.5), first_rep_mono=0.0, now_mono=now).rep_number == 2


def test_the_bell_rings_once_for_each_up_and_each_down() -> None:
    def rings(since_s: float, now_s: float) -> int:
        return beats_between(
            CLASSIC_TEMPO, first_rep_mono=START, since_mono=START + since_s,
            now_mono=START + now_s,
        )

    assert rings(-0.1, 0.0) == 1  # the set's first up
    assert rings(0.0, 1.9) == 0
    assert rings(1.9, 2.0) == 1
    assert rings(2.0, 2.0) == 0
    assert rings(0.0, 60.0) == 30
    assert rings(10.0, 5.0) == 0  # a frame read out of order rings nothing


@given(
    up=st.integers(min_value=5, max_value=60),
    down=st.integers(min_value=5, max_value=60),
    times=st.lists(st.integers(min_value=0, max_value=600_000), min_size=2, max_size=6),
)
def test_the_beat_only_moves_forward(up: int, down: int, times: list[int]) -> None:
    tempo = Tempo(up / 10, down / 10)
    order = [
        (beat.rep_number, beat.direction is BeatDirection.DOWN)
        for beat in (
            beat_at(tempo, first_rep_mono=START, now_mono=START + ms / 1000)
            for ms in sorted(times)
        )
    ]
    assert order == sorted(order)
    last = START + max(times) / 1000
    done = reps_by_tempo(tempo, first_rep_mono=START, now_mono=last)
    assert done * tempo.rep_s <= max(times) / 1000 + 1e-6 < (done + 1) * tempo.rep_s
