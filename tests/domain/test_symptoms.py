"""Symptom flags and what each one does (R7)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bfr_tui.domain.symptoms import (
    ACTION_MESSAGES,
    RED_FLAGS,
    SymptomAction,
    SymptomKind,
    ends_block,
    is_red_flag,
    symptom_action,
    symptom_label,
)

FIVE_RED_FLAGS = [
    SymptomKind.NUMBNESS,
    SymptomKind.TINGLING,
    SymptomKind.PALE_SKIN,
    SymptomKind.NO_PULSE,
    SymptomKind.PAIN,
]


def test_the_seven_symptom_kinds_of_the_brief_are_stored() -> None:
    assert len(SymptomKind) == 7
    assert {k.value for k in SymptomKind} >= {"numbness", "tingling", "dizziness", "other"}


def test_exactly_five_red_flags() -> None:
    assert frozenset(FIVE_RED_FLAGS) == RED_FLAGS


@pytest.mark.parametrize("kind", FIVE_RED_FLAGS)
def test_a_red_flag_ends_the_block_and_releases_the_cuff(kind: SymptomKind) -> None:
    assert is_red_flag(kind)
    assert ends_block(kind)
    assert symptom_action(kind) is SymptomAction.RELEASE_NOW
    assert "release the cuff now" in ACTION_MESSAGES[symptom_action(kind)].lower()


@pytest.mark.parametrize("kind", FIVE_RED_FLAGS)
def test_red_flags_are_recognised_from_stored_strings(kind: SymptomKind) -> None:
    assert is_red_flag(kind.value)
    assert ends_block(kind.value)


def test_dizziness_asks_to_stop_and_sit_without_ending_as_a_red_flag() -> None:
    assert not is_red_flag(SymptomKind.DIZZINESS)
    assert not ends_block(SymptomKind.DIZZINESS)
    assert symptom_action(SymptomKind.DIZZINESS) is SymptomAction.STOP_AND_SIT
    message = ACTION_MESSAGES[SymptomAction.STOP_AND_SIT].lower()
    assert "stop" in message
    assert "sit" in message


def test_other_is_recorded_only() -> None:
    assert not is_red_flag(SymptomKind.OTHER)
    assert not ends_block(SymptomKind.OTHER)
    assert symptom_action("other") is SymptomAction.RECORD
    assert "release" not in ACTION_MESSAGES[SymptomAction.RECORD].lower()


@pytest.mark.parametrize("kind", list(SymptomKind))
def test_every_kind_has_a_label_and_an_action_message(kind: SymptomKind) -> None:
    assert symptom_label(kind)
    assert ACTION_MESSAGES[symptom_action(kind)]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (SymptomKind.PALE_SKIN, "pale"),
        (SymptomKind.NO_PULSE, "pulse"),
        (SymptomKind.PAIN, "out of proportion"),
    ],
)
def test_labels_use_the_lifters_words(kind: SymptomKind, words: str) -> None:
    assert words in symptom_label(kind).lower()


@pytest.mark.parametrize("check", [is_red_flag, ends_block, symptom_action, symptom_label])
def test_an_unknown_symptom_is_refused(check: Callable[[str], object]) -> None:
    with pytest.raises(ValueError):
        check("cramp")
