"""The pre-block cuff check: tightness, pulse, skin colour, pressure (R2, R12)."""

from __future__ import annotations

import pytest

from bfr_tui.domain.cuff import (
    TARGET_TIGHTNESS,
    CuffCheck,
    RefusalKind,
    TightnessVerdict,
    check_cuff,
    tightness_verdict,
)


def cuff(
    tightness: int = 7,
    *,
    pulse_felt: bool = True,
    skin_normal: bool = True,
    pressure_mmhg: float | None = None,
    lop_percent: float | None = None,
    cuff_width_cm: float | None = None,
) -> CuffCheck:
    return CuffCheck(
        tightness=tightness,
        pulse_felt=pulse_felt,
        skin_normal=skin_normal,
        pressure_mmhg=pressure_mmhg,
        lop_percent=lop_percent,
        cuff_width_cm=cuff_width_cm,
    )


def test_the_target_is_about_7_out_of_10() -> None:
    assert TARGET_TIGHTNESS == 7


@pytest.mark.parametrize(
    ("tightness", "verdict"),
    [
        (1, TightnessVerdict.LOOSE),
        (5, TightnessVerdict.LOOSE),
        (6, TightnessVerdict.GOOD),
        (7, TightnessVerdict.GOOD),
        (8, TightnessVerdict.GOOD),
        (9, TightnessVerdict.TOO_TIGHT),
        (10, TightnessVerdict.TOO_TIGHT),
    ],
)
def test_tightness_verdict(tightness: int, verdict: TightnessVerdict) -> None:
    assert tightness_verdict(tightness) is verdict


@pytest.mark.parametrize("tightness", [6, 7, 8])
def test_6_to_8_starts_without_a_word(tightness: int) -> None:
    result = check_cuff(cuff(tightness))
    assert result.can_start
    assert result.warnings == ()
    assert result.refusals == ()


@pytest.mark.parametrize("tightness", [1, 2, 5])
def test_below_6_is_warned_but_may_start(tightness: int) -> None:
    result = check_cuff(cuff(tightness))
    assert result.can_start
    assert len(result.warnings) == 1
    assert f"{tightness}/10" in result.warnings[0]
    assert "7/10" in result.warnings[0]


@pytest.mark.parametrize("tightness", [9, 10])
def test_9_and_10_refuse_to_start(tightness: int) -> None:
    result = check_cuff(cuff(tightness))
    assert not result.can_start
    [too_tight] = result.refusals
    assert too_tight.kind is RefusalKind.TOO_TIGHT
    refusal = too_tight.message
    assert f"{tightness}/10" in refusal
    assert "Loosen" in refusal
    # The R2 test: could you sit five minutes like that without training?
    assert "five minutes" in refusal


@pytest.mark.parametrize("tightness", [0, 11, -1, 100])
def test_tightness_outside_1_to_10_is_rejected(tightness: int) -> None:
    with pytest.raises(ValueError):
        tightness_verdict(tightness)
    with pytest.raises(ValueError):
        check_cuff(cuff(tightness))


def kinds(check: CuffCheck) -> set[RefusalKind]:
    return {refusal.kind for refusal in check_cuff(check).refusals}


@pytest.mark.parametrize("tightness", [5, 7, 8])
def test_no_pulse_below_the_cuff_refuses_as_its_own_kind(tightness: int) -> None:
    result = check_cuff(cuff(tightness, pulse_felt=False))
    assert not result.can_start
    assert kinds(cuff(tightness, pulse_felt=False)) == {RefusalKind.NO_PULSE}


@pytest.mark.parametrize("tightness", [5, 7, 8])
def test_abnormal_skin_colour_refuses_as_its_own_kind(tightness: int) -> None:
    result = check_cuff(cuff(tightness, skin_normal=False))
    assert not result.can_start
    assert kinds(cuff(tightness, skin_normal=False)) == {RefusalKind.SKIN_COLOUR}


@pytest.mark.parametrize("tightness", [9, 10])
@pytest.mark.parametrize(
    ("pulse_felt", "skin_normal", "kind"),
    [(False, True, RefusalKind.NO_PULSE), (True, False, RefusalKind.SKIN_COLOUR)],
)
def test_too_tight_and_a_problem_below_the_cuff_are_two_refusals(
    tightness: int, pulse_felt: bool, skin_normal: bool, kind: RefusalKind
) -> None:
    result = check_cuff(cuff(tightness, pulse_felt=pulse_felt, skin_normal=skin_normal))
    assert [r.kind for r in result.refusals] == [RefusalKind.TOO_TIGHT, kind]
    assert all(r.message for r in result.refusals)


def test_every_problem_is_named_at_once() -> None:
    assert kinds(cuff(10, pulse_felt=False, skin_normal=False)) == {
        RefusalKind.TOO_TIGHT, RefusalKind.NO_PULSE, RefusalKind.SKIN_COLOUR,
    }


@pytest.mark.parametrize(
    "extras",
    [
        {},
        {"pressure_mmhg": 150.0},
        {"pressure_mmhg": 1.0},
        {"pressure_mmhg": 300.0},
        {"lop_percent": 60.0},
        {"lop_percent": 100.0},
        {"cuff_width_cm": 2.0},
        {"cuff_width_cm": 5.0},
        {"cuff_width_cm": 30.0},
        {"pressure_mmhg": 180.0, "lop_percent": 60.0, "cuff_width_cm": 11.5},
    ],
)
def test_optional_pneumatic_cuff_values_in_range_are_accepted(extras: dict[str, float]) -> None:
    assert check_cuff(cuff(7, **extras)).can_start


@pytest.mark.parametrize(
    ("extras", "named", "kind"),
    [
        ({"pressure_mmhg": 0.0}, "mmHg", RefusalKind.PRESSURE),
        ({"pressure_mmhg": -20.0}, "mmHg", RefusalKind.PRESSURE),
        ({"pressure_mmhg": 301.0}, "mmHg", RefusalKind.PRESSURE),
        ({"lop_percent": 0.0}, "occlusion pressure", RefusalKind.LOP_PERCENT),
        ({"lop_percent": 101.0}, "occlusion pressure", RefusalKind.LOP_PERCENT),
        ({"cuff_width_cm": 1.9}, "width", RefusalKind.CUFF_WIDTH),
        ({"cuff_width_cm": 30.1}, "width", RefusalKind.CUFF_WIDTH),
    ],
)
def test_impossible_pneumatic_cuff_values_are_refused(
    extras: dict[str, float], named: str, kind: RefusalKind
) -> None:
    result = check_cuff(cuff(7, **extras))
    assert not result.can_start
    [refusal] = result.refusals
    assert refusal.kind is kind
    assert named in refusal.message
