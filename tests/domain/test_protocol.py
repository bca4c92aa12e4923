"""Set protocols: the classic 30-15-15-15 and the lifter's own (R4)."""

from __future__ import annotations

import pytest

from bfr_tui.domain.protocol import (
    CLASSIC,
    MAX_REST_S,
    MAX_SETS,
    MAX_TARGET_REPS,
    MIN_REST_S,
    MIN_SETS,
    MIN_TARGET_REPS,
    Protocol,
    ProtocolError,
    custom_protocol,
    parse_reps,
    protocol_from_stored,
)
from bfr_tui.domain.tempo import CLASSIC_TEMPO, Tempo


def test_classic_is_30_15_15_15_with_30_s_rest() -> None:
    assert CLASSIC.target_reps == (30, 15, 15, 15)
    assert CLASSIC.rest_s == 30
    assert CLASSIC.sets == 4
    assert CLASSIC.reps_text == "30-15-15-15"
    assert CLASSIC.describe() == "Classic 30-15-15-15, 30 s rest"


@pytest.mark.parametrize(("set_number", "target"), [(1, 30), (2, 15), (3, 15), (4, 15)])
def test_classic_targets_by_set_number(set_number: int, target: int) -> None:
    assert CLASSIC.target_for(set_number) == target


def test_the_classic_rest_sits_inside_the_literature_range() -> None:
    # Patterson 2019: 30-60 s between sets; the custom limits must allow it.
    assert MIN_REST_S <= CLASSIC.rest_s <= MAX_REST_S


def test_a_protocol_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CLASSIC.rest_s = 60  # type: ignore[misc]


@pytest.mark.parametrize(
    ("reps", "rest_s"),
    [
        ([20, 10, 10], 45),
        ((30, 15, 15, 15), 60),
        ([MIN_TARGET_REPS], MIN_REST_S),  # the smallest protocol
        ([MAX_TARGET_REPS] * MAX_SETS, MAX_REST_S),  # the largest
        ([15] * MIN_SETS, 30),
    ],
)
def test_custom_protocols_inside_the_limits_are_built(reps: list[int], rest_s: int) -> None:
    protocol = custom_protocol(target_reps=reps, rest_s=rest_s)
    assert protocol.target_reps == tuple(reps)
    assert protocol.rest_s == rest_s
    assert protocol.sets == len(reps)
    assert protocol.name == "Custom"


@pytest.mark.parametrize(
    ("reps", "rest_s"),
    [
        ([], 30),  # no sets
        ([15] * (MAX_SETS + 1), 30),  # too many sets
        ([30, 0, 15], 30),  # a set with no reps
        ([30, -5], 30),
        ([MAX_TARGET_REPS + 1], 30),
        ([30, 15], MIN_REST_S - 1),  # rest too short
        ([30, 15], MAX_REST_S + 1),  # rest too long: a marathon under the cuff (R6)
        ([30, 15], 0),
    ],
)
def test_custom_protocols_outside_the_limits_are_refused(reps: list[int], rest_s: int) -> None:
    with pytest.raises(ProtocolError):
        custom_protocol(target_reps=reps, rest_s=rest_s)


def test_a_protocol_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        custom_protocol(target_reps=[], rest_s=30)


def test_the_refusal_names_the_bad_set() -> None:
    with pytest.raises(ProtocolError, match="Set 2"):
        custom_protocol(target_reps=[30, 0], rest_s=30)


@pytest.mark.parametrize(("name", "shown"), [("Drop set", "Drop set"), ("  ", "Custom")])
def test_custom_protocol_name(name: str, shown: str) -> None:
    protocol = custom_protocol(target_reps=[20, 10], rest_s=45, name=name)
    assert protocol.name == shown
    assert protocol.describe() == f"{shown} 20-10, 45 s rest"


@pytest.mark.parametrize(
    ("text", "reps"),
    [
        ("30-15-15-15", (30, 15, 15, 15)),
        ("30,15,15,15", (30, 15, 15, 15)),
        ("30 15 15 15", (30, 15, 15, 15)),
        (" 20 - 10 ", (20, 10)),
        ("12", (12,)),
    ],
)
def test_parse_reps_reads_what_a_lifter_types(text: str, reps: tuple[int, ...]) -> None:
    assert parse_reps(text) == reps


@pytest.mark.parametrize("text", ["thirty-15", "30-15-x", "30.5-15"])
def test_parse_reps_refuses_words(text: str) -> None:
    with pytest.raises(ProtocolError):
        parse_reps(text)


def test_a_stored_classic_block_comes_back_as_classic() -> None:
    assert protocol_from_stored(name="Classic", reps_text="30-15-15-15", rest_s=30) is CLASSIC


def test_a_stored_custom_block_round_trips() -> None:
    stored = custom_protocol(target_reps=[25, 12, 12], rest_s=40, name="Short")
    back = protocol_from_stored(name=stored.name, reps_text=stored.reps_text, rest_s=stored.rest_s)
    assert back == stored


def test_a_stored_classic_name_with_other_rest_is_not_the_classic() -> None:
    back = protocol_from_stored(name="Classic", reps_text="30-15-15-15", rest_s=45)
    assert back is not CLASSIC
    assert back == Protocol(name="Classic", target_reps=(30, 15, 15, 15), rest_s=45)


def test_the_classic_protocol_lifts_at_2_s_up_2_s_down() -> None:
    assert CLASSIC.tempo == CLASSIC_TEMPO == Tempo(2, 2)
    assert custom_protocol(target_reps=[20, 10], rest_s=30).tempo == CLASSIC_TEMPO


def test_a_protocol_carries_its_own_tempo_or_none() -> None:
    slow = custom_protocol(target_reps=[20, 10], rest_s=30, tempo=Tempo(3, 3))
    assert slow.tempo == Tempo(3, 3)
    assert custom_protocol(target_reps=[20, 10], rest_s=30, tempo=None).tempo is None


def test_a_stored_tempo_comes_back_and_only_the_classic_one_makes_the_classic() -> None:
    back = protocol_from_stored(name="Classic", reps_text="30-15-15-15", rest_s=30, tempo=None)
    assert back is not CLASSIC
    assert back.tempo is None
    slow = protocol_from_stored(
        name="Short", reps_text="25-12", rest_s=40, tempo=Tempo(1.5, 3)
    )
    assert slow.tempo == Tempo(1.5, 3)
