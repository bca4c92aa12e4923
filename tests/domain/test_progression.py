"""Next session's load (R10, R9, R7, R3) and the 36 h same-limb warning (R10)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bfr_tui.domain.load import LoadBand, load_band
from bfr_tui.domain.progression import (
    PreviousBlock,
    next_load,
    recovery_warning,
    suggest_next_load,
)
from bfr_tui.domain.units import Unit, convert
from tests.local_time import local

CLASSIC = (30, 15, 15, 15)
ALL_MET = [30, 15, 15, 15]
SET_4_PAST = [30, 15, 15, 16]
MISSED = [30, 15, 12, 10]
STEP = 1.25
# 1RM 100 kg on a 1.25 kg step: 20-30 kg.
BAND = load_band(one_rm=100, step=STEP, unit=Unit.KG)


def suggest(
    last_load: float,
    reps: list[int],
    *,
    band: LoadBand | None = BAND,
    step: float = STEP,
    targets: tuple[int, ...] = CLASSIC,
    red_flag: bool = False,
    tightness: int | None = None,
) -> tuple[float, str]:
    suggestion = suggest_next_load(
        last_load=last_load,
        reps=reps,
        targets=targets,
        band=band,
        step=step,
        red_flag=red_flag,
        tightness=tightness,
    )
    return suggestion.load, suggestion.reason


def test_the_fixture_band_is_20_to_30_kg() -> None:
    assert (BAND.low, BAND.high) == (20.0, 30.0)


@pytest.mark.parametrize(
    ("last_load", "next_load"),
    [(20.0, 21.25), (25.0, 26.25), (28.75, 30.0)],  # 30 is the band's top: still inside
)
def test_set_4_past_15_adds_one_step_inside_the_band(last_load: float, next_load: float) -> None:
    load, reason = suggest(last_load, SET_4_PAST)
    assert load == pytest.approx(next_load)
    assert "1.25 kg" in reason


@pytest.mark.parametrize("last_set", [16, 20, 30])
def test_any_margin_past_the_target_earns_exactly_one_step(last_set: int) -> None:
    load, _ = suggest(25.0, [30, 15, 15, last_set])
    assert load == pytest.approx(26.25)


@pytest.mark.parametrize("reps", [[25, 15, 15, 16], [30, 12, 15, 18]])
def test_a_big_last_set_does_not_earn_a_step_after_a_missed_target(reps: list[int]) -> None:
    load, _ = suggest(25.0, reps)
    assert load <= 25.0


def test_set_4_at_exactly_15_is_not_past_15() -> None:
    load, _ = suggest(25.0, ALL_MET)
    assert load == 25.0


@pytest.mark.parametrize("last_load", [30.0, 29.0])
def test_a_step_that_would_leave_the_band_keeps_the_load(last_load: float) -> None:
    load, reason = suggest(last_load, SET_4_PAST)
    assert load == last_load
    assert "band" in reason


@pytest.mark.parametrize(("last_load", "next_load"), [(25.0, 23.75), (30.0, 28.75), (21.25, 20.0)])
def test_missed_targets_drop_a_step(last_load: float, next_load: float) -> None:
    load, _ = suggest(last_load, MISSED)
    assert load == pytest.approx(next_load)


def test_missed_targets_at_the_band_floor_keep_the_load() -> None:
    load, _ = suggest(20.0, MISSED)
    assert load == 20.0


@pytest.mark.parametrize("tightness", [6, 7])
def test_missed_with_a_sensible_cuff_means_lighter(tightness: int) -> None:
    load, _ = suggest(25.0, MISSED, tightness=tightness)
    assert load == pytest.approx(23.75)


def test_missed_with_the_cuff_above_7_changes_the_cuff_not_the_load() -> None:
    # R9: too heavy OR too tight; a cuff tighter than 7/10 is fixed first.
    load, reason = suggest(25.0, MISSED, tightness=8)
    assert load == 25.0
    assert "7/10" in reason


@pytest.mark.parametrize("reps", [SET_4_PAST, MISSED, ALL_MET, [30, 15]])
def test_a_red_flag_keeps_the_load_and_points_at_the_cuff(reps: list[int]) -> None:
    load, reason = suggest(25.0, reps, red_flag=True)
    assert load == 25.0
    assert "cuff" in reason


@pytest.mark.parametrize("reps", [SET_4_PAST, ALL_MET, MISSED])
def test_a_load_above_the_band_goes_back_to_the_band_top(reps: list[int]) -> None:
    load, reason = suggest(35.0, reps)
    assert load == 30.0
    assert "30 kg" in reason


def test_a_red_flag_never_suggests_more_than_the_band_top() -> None:
    load, _ = suggest(35.0, MISSED, red_flag=True)
    assert load <= BAND.high


def test_a_load_below_the_band_comes_up_to_the_band_bottom() -> None:
    load, _ = suggest(15.0, ALL_MET)
    assert load == 20.0


@pytest.mark.parametrize("reps", [[30, 15], [30, 15, 15], []])
def test_an_unfinished_block_keeps_the_load(reps: list[int]) -> None:
    load, _ = suggest(25.0, reps)
    assert load == 25.0


def test_without_a_1rm_progression_has_no_band_to_respect() -> None:
    load, reason = suggest(40.0, SET_4_PAST, band=None, step=2.5)
    assert load == pytest.approx(42.5)
    assert "2.5" in reason
    load, _ = suggest(40.0, MISSED, band=None, step=2.5)
    assert load == pytest.approx(37.5)


def test_without_a_band_the_load_never_drops_to_zero() -> None:
    load, _ = suggest(2.5, MISSED, band=None, step=2.5)
    assert load == 2.5


def test_progression_in_pounds() -> None:
    band = load_band(one_rm=100, step=5, unit=Unit.LB)  # 20-30 lb
    load, reason = suggest(25.0, SET_4_PAST, band=band, step=5)
    assert load == 30.0
    assert "5 lb" in reason


def test_progression_follows_a_custom_protocols_last_target() -> None:
    band = LoadBand(low=10.0, high=20.0, unit=Unit.KG)
    load, _ = suggest(15.0, [20, 10, 11], band=band, step=2.5, targets=(20, 10, 10))
    assert load == 17.5
    load, _ = suggest(15.0, [20, 10, 10], band=band, step=2.5, targets=(20, 10, 10))
    assert load == 15.0


# --- one next load for an exercise, on its step and in its unit ---------------------------


def previous(load: float, reps: list[int], *, red_flag: bool = False) -> PreviousBlock:
    return PreviousBlock(load=load, reps=tuple(reps), targets=CLASSIC, red_flag=red_flag)


def test_a_load_converted_from_lb_comes_back_on_the_kg_step() -> None:
    # 22.5 lb is 10.2058 kg: nobody can set that on a 1.25 kg step.
    in_kg = convert(22.5, from_unit=Unit.LB, to_unit=Unit.KG)
    suggestion = next_load(
        previous=previous(in_kg, ALL_MET), one_rm=40, step=STEP, unit=Unit.KG
    )
    assert suggestion is not None
    assert suggestion.load == 10.0


def test_a_load_converted_from_kg_comes_back_on_the_lb_step() -> None:
    in_lb = convert(10, from_unit=Unit.KG, to_unit=Unit.LB)  # 22.05 lb
    suggestion = next_load(
        previous=previous(in_lb, SET_4_PAST), one_rm=100, step=2.5, unit=Unit.LB
    )
    assert suggestion is not None
    assert suggestion.load == 25.0
    assert "2.5 lb" in suggestion.reason


def test_after_a_red_flag_an_off_step_load_rounds_down_never_up() -> None:
    suggestion = next_load(
        previous=previous(26.2, ALL_MET, red_flag=True), one_rm=100, step=STEP, unit=Unit.KG
    )
    assert suggestion is not None
    assert suggestion.load == 25.0


def test_the_first_block_starts_at_the_bottom_of_the_band() -> None:
    suggestion = next_load(previous=None, one_rm=100, step=STEP, unit=Unit.KG)
    assert suggestion is not None
    assert suggestion.load == BAND.low


def test_with_no_block_and_no_1rm_there_is_nothing_to_suggest() -> None:
    assert next_load(previous=None, one_rm=None, step=STEP, unit=Unit.KG) is None


LAST = local(2026, 3, 2, 18, 0, 0)


@pytest.mark.parametrize(
    ("gap", "warned"),
    [
        (timedelta(0), True),
        (timedelta(hours=1), True),
        (timedelta(hours=24), True),
        (timedelta(hours=35, minutes=59), True),
        (timedelta(hours=35, minutes=59, seconds=59), True),
        (timedelta(hours=36), False),
        (timedelta(hours=36, minutes=1), False),
        (timedelta(days=7), False),
    ],
)
def test_same_limb_inside_36_h_is_warned(gap: timedelta, warned: bool) -> None:
    warning = recovery_warning(last_trained=LAST, now=LAST + gap)
    assert bool(warning) is warned
    if warned:
        assert "36 h" in warning


def test_the_warning_says_how_long_ago() -> None:
    assert "24 h ago" in recovery_warning(last_trained=LAST, now=LAST + timedelta(hours=24))


def test_a_limb_never_trained_is_not_warned() -> None:
    assert recovery_warning(last_trained=None, now=LAST) == ""


@pytest.mark.parametrize(
    "set_back", [timedelta(seconds=1), timedelta(hours=1), timedelta(hours=3), timedelta(days=40)]
)
def test_a_last_block_after_now_is_still_warned(set_back: timedelta) -> None:
    # A clock set back (or a DST fall-back) cannot tell how long ago the block was:
    # it may be minutes, so the warning stands, without a nonsense "-3 h ago".
    warning = recovery_warning(last_trained=LAST, now=LAST - set_back)

    assert "36 h" in warning
    assert "clock" in warning
    assert "h ago" not in warning
