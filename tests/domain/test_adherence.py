"""How a block went against its targets, and what R9 says to change."""

from __future__ import annotations

import pytest

from bfr_tui.domain.adherence import (
    Advice,
    BlockAdherence,
    SetResult,
    assess_block,
    rest_on_target,
)

CLASSIC = (30, 15, 15, 15)


def assess(
    reps: list[int],
    *,
    tightness: int = 7,
    rests: list[float | None] | None = None,
    ended_early: bool = False,
    targets: tuple[int, ...] = CLASSIC,
) -> BlockAdherence:
    if rests is None:
        rests = [None] + [30.0] * (len(reps) - 1)
    sets = [
        SetResult(target_reps=t, reps=r, rest_before_s=rest)
        for t, r, rest in zip(targets, reps, rests, strict=False)
    ]
    return assess_block(
        sets=sets,
        planned_targets=targets,
        rest_target_s=30,
        tightness=tightness,
        ended_early=ended_early,
    )


@pytest.mark.parametrize("reps", [[30, 15, 15, 15], [32, 16, 15, 18]])
@pytest.mark.parametrize("tightness", [6, 7, 8])
def test_every_target_met_keeps_load_and_cuff(reps: list[int], tightness: int) -> None:
    result = assess(reps, tightness=tightness)
    assert result.advice is Advice.KEEP
    assert result.met_all_targets
    assert result.shortfalls == (0, 0, 0, 0)
    assert "Keep" in result.advice_text


@pytest.mark.parametrize("tightness", [5, 6, 7])
def test_missed_with_a_sensible_cuff_means_the_load_is_too_heavy(tightness: int) -> None:
    result = assess([30, 15, 12, 10], tightness=tightness)
    assert result.advice is Advice.LIGHTER
    assert not result.met_all_targets
    assert "lighter" in result.advice_text


@pytest.mark.parametrize("tightness", [8, 9, 10])
def test_missed_with_the_cuff_above_7_means_the_cuff_is_too_tight(tightness: int) -> None:
    result = assess([30, 15, 12, 10], tightness=tightness)
    assert result.advice is Advice.LOOSER
    assert "7/10" in result.advice_text
    assert "{" not in result.advice_text


@pytest.mark.parametrize("reps", [[29, 15, 15, 15], [30, 15, 15, 14]])
def test_one_rep_short_is_a_miss(reps: list[int]) -> None:
    assert assess(reps).advice is Advice.LIGHTER


@pytest.mark.parametrize("reps", [[30], [30, 15], [30, 15, 15]])
def test_fewer_sets_than_planned_is_unfinished(reps: list[int]) -> None:
    result = assess(reps)
    assert result.advice is Advice.UNFINISHED
    assert "early" in result.advice_text


@pytest.mark.parametrize("reps", [[30, 15, 15, 15], [30, 15, 10, 5]])
def test_a_block_ended_early_gives_no_verdict(reps: list[int]) -> None:
    assert assess(reps, ended_early=True, tightness=8).advice is Advice.UNFINISHED


def test_totals_and_shortfalls_per_set() -> None:
    result = assess([30, 15, 12, 10])
    assert result.target_total == 75
    assert result.reps_total == 67
    assert result.shortfalls == (0, 0, 3, 5)


def test_totals_of_an_unfinished_block_count_the_plan() -> None:
    result = assess([30, 15])
    assert result.target_total == 75
    assert result.reps_total == 45


def test_rest_deviation_from_the_target() -> None:
    result = assess([30, 15, 15, 15], rests=[None, 31.0, 40.0, 28.0])
    assert result.rest_deviations_s == (1.0, 10.0, -2.0)


def test_a_custom_protocol_is_judged_against_its_own_targets() -> None:
    result = assess([20, 10, 10], targets=(20, 10, 10))
    assert result.advice is Advice.KEEP
    assert result.target_total == 40


@pytest.mark.parametrize(
    ("rest_s", "on_target"),
    [(30, True), (25, True), (35, True), (24.9, False), (35.1, False), (60, False)],
)
def test_rest_within_5_s_of_the_target_is_on_target(rest_s: float, on_target: bool) -> None:
    assert rest_on_target(rest_s, 30) is on_target
