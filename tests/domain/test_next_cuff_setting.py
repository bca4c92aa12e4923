"""A looser start after tingling (or another red flag) last time (R13, R7)."""

from __future__ import annotations

import pytest

from bfr_tui.domain.next_cuff_setting import (
    LOWER_AFTER_TINGLING_MMHG,
    LastCuffUse,
    suggest_next_cuff_setting,
)
from bfr_tui.domain.symptoms import SymptomKind
from tests.cuffs import DEVICE, THIGH, WRAP

TINGLING = frozenset({SymptomKind.TINGLING})


def test_tingling_on_a_pneumatic_cuff_suggests_10_mmhg_less() -> None:
    assert LOWER_AFTER_TINGLING_MMHG == 10
    last = LastCuffUse(cuff=THIGH, flags=TINGLING, pressure_mmhg=150, tightness=7)
    suggestion = suggest_next_cuff_setting(last, THIGH)
    assert suggestion is not None
    assert suggestion.pressure_mmhg == 140
    assert suggestion.tightness is None
    assert suggestion.message == (
        "Tingling last time: 10 mmHg less than the 150 mmHg you used, so about 140 mmHg."
    )


def test_an_automatic_device_is_turned_down_too() -> None:
    last = LastCuffUse(cuff=DEVICE, flags=TINGLING, pressure_mmhg=180.5)
    suggestion = suggest_next_cuff_setting(last, DEVICE)
    assert suggestion is not None and suggestion.pressure_mmhg == 170.5


def test_the_pressure_never_goes_below_what_a_cuff_takes() -> None:
    last = LastCuffUse(cuff=THIGH, flags=TINGLING, pressure_mmhg=6)
    suggestion = suggest_next_cuff_setting(last, THIGH)
    assert suggestion is not None and suggestion.pressure_mmhg == 1


def test_a_pressure_from_another_cuff_does_not_carry_over() -> None:
    last = LastCuffUse(cuff=DEVICE, flags=TINGLING, pressure_mmhg=150)
    suggestion = suggest_next_cuff_setting(last, THIGH)
    assert suggestion is not None
    assert suggestion.pressure_mmhg is None
    assert "about 10 mmHg below what you would usually use" in suggestion.message


@pytest.mark.parametrize(("last_tightness", "looser"), [(7, 6), (6, 5), (8, 6), (1, 1)])
def test_tingling_under_a_wrap_suggests_it_looser(last_tightness: int, looser: int) -> None:
    last = LastCuffUse(cuff=WRAP, flags=TINGLING, tightness=last_tightness)
    suggestion = suggest_next_cuff_setting(last, WRAP)
    assert suggestion is not None
    assert suggestion.tightness == looser
    assert suggestion.pressure_mmhg is None
    assert f"about {looser}/10 (last time {last_tightness}/10)" in suggestion.message
    assert "a little less than your mark (line 3)" in suggestion.message


def test_other_red_flags_loosen_the_cuff_as_well() -> None:
    last = LastCuffUse(cuff=THIGH, flags=frozenset({SymptomKind.NUMBNESS}), pressure_mmhg=150)
    suggestion = suggest_next_cuff_setting(last, THIGH)
    assert suggestion is not None and suggestion.pressure_mmhg == 140
    assert suggestion.message.startswith("Numbness last time")


@pytest.mark.parametrize(
    "flags", [frozenset(), frozenset({SymptomKind.DIZZINESS, SymptomKind.OTHER})]
)
def test_no_red_flag_no_suggestion(flags: frozenset[SymptomKind]) -> None:
    last = LastCuffUse(cuff=THIGH, flags=flags, pressure_mmhg=150, tightness=7)
    assert suggest_next_cuff_setting(last, THIGH) is None
    assert suggest_next_cuff_setting(None, THIGH) is None


def test_tingling_is_named_when_flagged_with_others() -> None:
    flags = frozenset({SymptomKind.NUMBNESS, SymptomKind.TINGLING, SymptomKind.PAIN})
    suggestion = suggest_next_cuff_setting(LastCuffUse(cuff=WRAP, flags=flags), WRAP)
    assert suggestion is not None
    assert suggestion.message.startswith("Tingling last time: put the wrap on looser")
    assert suggestion.tightness is None
