"""Effort and cuff discomfort after a set, and the stop rule above 7/10 (R13)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.set_rating import (
    DISCOMFORT_STOP_ABOVE,
    RATING_HINT,
    SetRating,
    discomfort_ends_block,
    discomfort_flag_note,
    discomfort_stop_message,
    rating_red_flag,
    read_set_rating,
)
from bfr_tui.domain.symptoms import SymptomKind, ends_block, is_red_flag

ratings = st.integers(min_value=0, max_value=10)


@pytest.mark.parametrize("text", ["", "   "])
def test_enter_alone_skips(text: str) -> None:
    entry = read_set_rating(text)
    assert entry.ok and entry.skipped
    assert entry.rating is None


@pytest.mark.parametrize(
    ("text", "rpe", "discomfort"),
    [
        ("78", 7, 8),
        ("00", 0, 0),
        ("10", 1, 0),  # always two ratings: a lone 10 is effort 1, discomfort 0
        ("108", 10, 8),
        ("710", 7, 10),
        ("100", 10, 0),
        ("110", 1, 10),
        ("1010", 10, 10),
        ("10 8", 10, 8),
        ("7,10", 7, 10),
        ("7/8", 7, 8),
        (" 7  8 ", 7, 8),
    ],
)
def test_two_ratings_read_one_way(text: str, rpe: int, discomfort: int) -> None:
    entry = read_set_rating(text)
    assert entry.ok and not entry.skipped
    assert entry.rating == SetRating(rpe=rpe, discomfort=discomfort)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("7", "Give both ratings"),
        ("111", "111 does not read as two ratings of 0-10"),
        ("9999", "does not read as two ratings"),
        ("10101", "does not read as two ratings"),
        ("11 5", "The effort (RPE) must be 0-10, not 11."),
        ("5 11", "The cuff discomfort must be 0-10, not 11."),
        ("7 8 9", "Give two ratings, not 3."),
        ("7a", "Type digits only"),
        ("-1 5", "Type digits only"),
        ("７８", "Type digits only"),
        ("7.5 8", "Type digits only"),
    ],
)
def test_bad_input_is_refused_saying_how_to_type_it(text: str, words: str) -> None:
    entry = read_set_rating(text)
    assert not entry.ok and not entry.skipped
    assert entry.rating is None
    assert words in entry.message
    # Either the range that was broken, or how the step is typed.
    assert "must be 0-10" in entry.message or RATING_HINT in entry.message


@given(rpe=ratings, discomfort=ratings)
def test_every_pair_of_ratings_reads_back_typed_with_or_without_a_space(
    rpe: int, discomfort: int
) -> None:
    rating = SetRating(rpe=rpe, discomfort=discomfort)
    assert read_set_rating(f"{rpe}{discomfort}").rating == rating
    assert read_set_rating(f"{rpe} {discomfort}").rating == rating


@given(text=st.text(alphabet="0123456789", min_size=2, max_size=4))
def test_digits_read_as_a_rating_only_when_they_rebuild_the_text(text: str) -> None:
    entry = read_set_rating(text)
    if entry.rating is not None:
        assert f"{entry.rating.rpe}{entry.rating.discomfort}" == text


@pytest.mark.parametrize(("rpe", "discomfort"), [(11, 0), (0, 11), (-1, 0)])
def test_a_rating_outside_0_to_10_cannot_be_made(rpe: int, discomfort: int) -> None:
    with pytest.raises(ValueError, match="must be 0-10"):
        SetRating(rpe=rpe, discomfort=discomfort)


def test_discomfort_7_goes_on_and_8_ends_the_block() -> None:
    assert DISCOMFORT_STOP_ABOVE == 7
    assert not discomfort_ends_block(7)
    assert discomfort_ends_block(8)
    assert discomfort_ends_block(10)
    assert not discomfort_ends_block(None)
    assert rating_red_flag(SetRating(rpe=9, discomfort=7)) is None
    assert rating_red_flag(None) is None


def test_discomfort_above_7_ends_the_block_as_a_red_flag_does() -> None:
    flag = rating_red_flag(SetRating(rpe=6, discomfort=8))
    assert flag is SymptomKind.PAIN
    assert is_red_flag(flag) and ends_block(flag)
    message = discomfort_stop_message(8)
    assert message.startswith("Cuff discomfort 8/10 is above 7/10. Release the cuff now.")
    assert discomfort_flag_note(8) == "Cuff discomfort 8/10 after the set"


def test_a_rating_reads_as_effort_and_discomfort() -> None:
    assert SetRating(rpe=7, discomfort=8).describe() == "effort 7/10, discomfort 8/10"
