"""Properties of the domain rules that must hold for every value a lifter can type."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, strategies as st

from bfr_tui.domain.cuff import (
    COMFORT_LOW,
    CuffCheck,
    TightnessVerdict,
    check_cuff,
    tightness_verdict,
)
from bfr_tui.domain.limits import (
    CUFF_WIDTH_CM,
    EARLIEST_DAY,
    ESTIMATE_REPS,
    EXERCISE_NAME,
    LOAD,
    LOAD_STEP,
    LOP_PERCENT,
    MUSCLE_GROUP,
    NOTE,
    ONE_RM,
    PRESSURE_MMHG,
    PROTOCOL_SETS,
    REPS_IN_SET,
    REST_S,
    TARGET_REPS,
    TIGHTNESS,
    NumberRange,
    TextLimit,
    check_day,
    check_number,
    check_text,
)
from bfr_tui.domain.load import (
    BAND_HIGH_FRACTION,
    BAND_LOW_FRACTION,
    LoadVerdict,
    load_band,
    load_verdict,
)
from bfr_tui.domain.progression import PreviousBlock, next_load, suggest_next_load
from bfr_tui.domain.protocol import ProtocolError, custom_protocol, parse_reps
from bfr_tui.domain.units import Unit, format_load, round_to_step

EPSILON = 1e-6
TODAY = date(2026, 3, 2)

units = st.sampled_from(list(Unit))
# Loads and steps as a lifter types them: at most two decimals, inside their ranges.
steps = st.integers(min_value=25, max_value=2000).map(lambda cents: cents / 100)
one_rms = st.integers(min_value=1, max_value=100_000).map(lambda cents: cents / 100)
tightnesses = st.integers(min_value=int(TIGHTNESS.low), max_value=int(TIGHTNESS.high))


def on_step(value: float, step: float) -> bool:
    return abs(round(value / step) * step - value) < EPSILON


def loads_for(unit: Unit) -> st.SearchStrategy[float]:
    top = round(LOAD[unit].high * 100)
    return st.integers(min_value=1, max_value=top).map(lambda cents: cents / 100)


# --- the load band (R3) -----------------------------------------------------------------


@given(one_rm=one_rms, step=steps, unit=units)
def test_the_band_is_20_to_30_percent_of_1rm_within_one_step(
    one_rm: float, step: float, unit: Unit
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=unit)
    exact_low, exact_high = one_rm * BAND_LOW_FRACTION, one_rm * BAND_HIGH_FRACTION
    assert 0 < band.low <= band.high
    assert band.low >= exact_low - step - EPSILON
    assert band.high <= exact_high + step + EPSILON
    assert on_step(band.low, step) and on_step(band.high, step)


@given(one_rm=one_rms, step=steps)
def test_when_a_loadable_weight_fits_in_the_band_the_whole_band_fits(
    one_rm: float, step: float
) -> None:
    exact_low, exact_high = one_rm * BAND_LOW_FRACTION, one_rm * BAND_HIGH_FRACTION
    band = load_band(one_rm=one_rm, step=step, unit=Unit.KG)
    some_load_fits = any(
        exact_low - EPSILON <= k * step <= exact_high + EPSILON
        for k in range(int(exact_low / step), int(exact_high / step) + 2)
        if k > 0
    )
    assume(some_load_fits)
    assert exact_low - EPSILON <= band.low <= band.high <= exact_high + EPSILON


# --- rounding and typing loads ----------------------------------------------------------


@given(value=st.floats(min_value=0, max_value=2200), step=steps)
def test_round_to_step_is_idempotent_and_moves_at_most_half_a_step(
    value: float, step: float
) -> None:
    rounded = round_to_step(value, step)
    assert round_to_step(rounded, step) == rounded
    assert on_step(rounded, step)
    assert abs(rounded - value) <= step / 2 + EPSILON


@given(data=st.data(), unit=units)
def test_a_load_shown_and_typed_back_is_the_same_load(data: st.DataObject, unit: Unit) -> None:
    load = data.draw(loads_for(unit))
    shown = format_load(load, unit)
    number, shown_unit = shown.split()
    assert shown_unit == unit.value
    assert check_number(number, LOAD[unit]).value == load
    # With a decimal comma, as many lifters type it.
    assert check_number(number.replace(".", ","), LOAD[unit]).value == load


@given(
    value=st.decimals(min_value="0.01", max_value="1000", places=2),
    comma=st.booleans(),
    unit=units,
)
def test_any_accepted_load_text_survives_a_show_and_retype(
    value: Decimal, comma: bool, unit: Unit
) -> None:
    text = format(value, "f")
    checked = check_number(text.replace(".", ",") if comma else text, LOAD[unit])
    assert checked.value is not None
    retyped = check_number(format_load(checked.value, unit).split()[0], LOAD[unit])
    assert retyped.value == checked.value


WHOLE_RANGES = [TIGHTNESS, REST_S, PROTOCOL_SETS, TARGET_REPS, ESTIMATE_REPS, REPS_IN_SET]
DECIMAL_RANGES = [
    *LOAD.values(), *ONE_RM.values(), *LOAD_STEP.values(),
    PRESSURE_MMHG, LOP_PERCENT, CUFF_WIDTH_CM,
]


@given(field=st.sampled_from(WHOLE_RANGES), number=st.integers(-1000, 1000))
def test_whole_fields_accept_exactly_the_numbers_in_their_range(
    field: NumberRange, number: int
) -> None:
    checked = check_number(str(number), field)
    assert checked.ok is (field.low <= number <= field.high)
    assert checked.value == (number if checked.ok else None)
    if not checked.ok:
        assert field.describe() in checked.message


@given(field=st.sampled_from(DECIMAL_RANGES), tenths=st.integers(-1000, 30_000))
def test_decimal_fields_accept_exactly_the_values_in_their_range(
    field: NumberRange, tenths: int
) -> None:
    value = tenths / 10
    checked = check_number(f"{value:.1f}", field)
    assert checked.ok is field.contains(value)
    if checked.ok:
        assert checked.value == value
    else:
        assert field.describe() in checked.message


# --- the cuff check (R2) ----------------------------------------------------------------

VERDICT_ORDER = [TightnessVerdict.LOOSE, TightnessVerdict.GOOD, TightnessVerdict.TOO_TIGHT]


@given(a=tightnesses, b=tightnesses, pulse=st.booleans(), skin=st.booleans())
def test_a_tighter_cuff_never_gets_a_kinder_verdict(
    a: int, b: int, pulse: bool, skin: bool
) -> None:
    looser, tighter = min(a, b), max(a, b)
    assert VERDICT_ORDER.index(tightness_verdict(looser)) <= VERDICT_ORDER.index(
        tightness_verdict(tighter)
    )
    loose_result = check_cuff(CuffCheck(tightness=looser, pulse_felt=pulse, skin_normal=skin))
    tight_result = check_cuff(CuffCheck(tightness=tighter, pulse_felt=pulse, skin_normal=skin))
    # Tightening never turns a refused start into an allowed one.
    assert not tight_result.can_start or loose_result.can_start
    assert len(loose_result.refusals) <= len(tight_result.refusals)
    # Inside the comfort band and above it, tightening adds no "too loose" warning.
    if looser >= COMFORT_LOW:
        assert len(tight_result.warnings) <= len(loose_result.warnings)


@given(
    tightness=tightnesses,
    pressure=st.floats(-50, 400, allow_nan=False),
    lop=st.floats(-10, 150, allow_nan=False),
    width=st.floats(0, 40, allow_nan=False),
)
def test_pneumatic_cuff_values_are_refused_exactly_outside_their_ranges(
    tightness: int, pressure: float, lop: float, width: float
) -> None:
    result = check_cuff(
        CuffCheck(tightness=tightness, pulse_felt=True, skin_normal=True,
                  pressure_mmhg=pressure, lop_percent=lop, cuff_width_cm=width)
    )
    in_range = (
        PRESSURE_MMHG.contains(pressure)
        and LOP_PERCENT.contains(lop)
        and CUFF_WIDTH_CM.contains(width)
    )
    too_tight = tightness_verdict(tightness) is TightnessVerdict.TOO_TIGHT
    assert result.can_start is (in_range and not too_tight)


# --- progression (R10, R3, R7) ----------------------------------------------------------


@given(
    one_rm=one_rms,
    step=steps,
    data=st.data(),
    red_flag=st.booleans(),
    tightness=st.none() | tightnesses,
)
def test_progression_keeps_the_next_load_inside_a_known_band(
    one_rm: float, step: float, data: st.DataObject, red_flag: bool, tightness: int | None
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=Unit.KG)
    last_load = data.draw(
        st.integers(min_value=1, max_value=max(1, round(band.high * 200))).map(
            lambda cents: cents / 100
        ),
        label="last_load",
    )
    targets = data.draw(st.lists(st.integers(1, 50), min_size=1, max_size=8), label="targets")
    reps = data.draw(
        st.lists(st.integers(0, 100), min_size=0, max_size=len(targets)), label="reps"
    )
    suggestion = suggest_next_load(
        last_load=last_load, reps=reps, targets=targets, band=band, step=step,
        red_flag=red_flag, tightness=tightness,
    )
    assert suggestion.load <= band.high + EPSILON
    if not band.contains(suggestion.load):
        # The one exception: after a red flag the load is kept, never raised, even when
        # it sat below the band; the cuff is what changes (R7).
        assert red_flag
        assert suggestion.load == last_load
        assert load_verdict(last_load, band) is LoadVerdict.BELOW


@given(
    one_rm=one_rms,
    step=steps,
    data=st.data(),
)
def test_a_red_flag_never_raises_the_load(
    one_rm: float, step: float, data: st.DataObject
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=Unit.KG)
    last_load = data.draw(st.integers(1, 200_000).map(lambda cents: cents / 100))
    reps = data.draw(st.lists(st.integers(0, 100), min_size=4, max_size=4))
    suggestion = suggest_next_load(
        last_load=last_load, reps=reps, targets=(30, 15, 15, 15), band=band, step=step,
        red_flag=True,
    )
    assert suggestion.load <= last_load


@given(
    unit=units,
    step=steps,
    one_rm=st.none() | one_rms,
    last_load=st.none() | st.floats(min_value=0.01, max_value=2200, allow_nan=False),
    data=st.data(),
    red_flag=st.booleans(),
    tightness=st.none() | tightnesses,
)
def test_every_next_load_is_a_multiple_of_the_step(
    unit: Unit, step: float, one_rm: float | None, last_load: float | None,
    data: st.DataObject, red_flag: bool, tightness: int | None,
) -> None:
    """Whatever the last block was (a load converted from the other unit, a load on an
    old step), the next load is one the lifter can set with this exercise's step."""
    before = None
    if last_load is not None:
        targets = data.draw(st.lists(st.integers(1, 50), min_size=1, max_size=8))
        reps = data.draw(st.lists(st.integers(0, 100), min_size=0, max_size=len(targets)))
        before = PreviousBlock(load=last_load, reps=tuple(reps), targets=tuple(targets),
                               red_flag=red_flag, tightness=tightness)
    suggestion = next_load(previous=before, one_rm=one_rm, step=step, unit=unit)
    if before is None and one_rm is None:
        assert suggestion is None
        return
    assert suggestion is not None
    assert suggestion.load > 0
    assert on_step(suggestion.load, step)
    if one_rm is not None:
        assert suggestion.load <= load_band(one_rm=one_rm, step=step, unit=unit).high + EPSILON
    if before is not None and red_flag:
        # A red flag changes the cuff; rounding onto the step never makes the load heavier.
        assert suggestion.load <= max(step, before.load) + EPSILON


# --- custom protocols (R4) --------------------------------------------------------------


@given(
    reps=st.lists(st.integers(-5, 60), min_size=0, max_size=10),
    rest_s=st.integers(0, 150),
)
def test_a_custom_protocol_is_accepted_exactly_when_every_value_is_in_range(
    reps: list[int], rest_s: int
) -> None:
    in_range = (
        PROTOCOL_SETS.contains(len(reps))
        and all(TARGET_REPS.contains(r) for r in reps)
        and REST_S.contains(rest_s)
    )
    try:
        protocol = custom_protocol(target_reps=reps, rest_s=rest_s)
    except ProtocolError:
        assert not in_range
    else:
        assert in_range
        assert parse_reps(protocol.reps_text) == protocol.target_reps


@given(reps=st.lists(st.integers(0, 999), min_size=1, max_size=8), separator=st.sampled_from(
    ["-", ",", " ", ", ", " - "]
))
def test_typed_target_reps_read_back_as_typed(reps: list[int], separator: str) -> None:
    assert parse_reps(separator.join(str(r) for r in reps)) == tuple(reps)


# --- names and notes --------------------------------------------------------------------


@given(text=st.text(), field=st.sampled_from([EXERCISE_NAME, MUSCLE_GROUP, NOTE]))
def test_text_is_accepted_exactly_when_it_fits(text: str, field: TextLimit) -> None:
    checked = check_text(text, field)
    cleaned = " ".join(text.split())
    assert checked.value == cleaned
    has_control = any(unicodedata.category(c) in {"Cc", "Cs"} for c in cleaned)
    fits = len(cleaned) <= field.max_chars and (bool(cleaned) or not field.blank)
    assert checked.ok is (fits and not has_control)
    if checked.ok:
        # Cleaning is stable: saving the cleaned text again changes nothing.
        assert check_text(checked.value, field) == checked


@given(
    name=st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=200
    )
)
def test_any_printable_unicode_name_within_the_limit_is_kept(name: str) -> None:
    cleaned = " ".join(name.split())
    assume(cleaned)
    checked = check_text(name, EXERCISE_NAME)
    assert checked.ok is (len(cleaned) <= EXERCISE_NAME.max_chars)


# --- dates ------------------------------------------------------------------------------


@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_date_is_accepted_exactly_from_the_earliest_day_to_today(day: date) -> None:
    checked = check_day(day.isoformat(), latest=TODAY)
    assert checked.ok is (EARLIEST_DAY <= day <= TODAY)
    assert checked.value == (day if checked.ok else None)


def test_today_and_the_earliest_day_are_both_inside() -> None:
    assert check_day(TODAY.isoformat(), latest=TODAY).ok
    assert not check_day((TODAY + timedelta(days=1)).isoformat(), latest=TODAY).ok
    assert check_day(EARLIEST_DAY.isoformat(), latest=TODAY).ok
