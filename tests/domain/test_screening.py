"""The health screening: first run, any yes needs clearance, every 90 days (R8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bfr_tui.domain.screening import (
    SCREENING_ADVICE,
    SCREENING_QUESTIONS,
    ScreeningNeed,
    ScreeningStatus,
    any_yes,
    is_complete,
    next_screening_due,
    screening_need,
    screening_status,
)

TODAY = date(2026, 3, 2)
KEYS = [q.key for q in SCREENING_QUESTIONS]
ALL_NO = dict.fromkeys(KEYS, False)


def status(
    answers: dict[str, bool] | None = ALL_NO,
    *,
    days_ago: int | None = 0,
    cleared: bool = False,
) -> ScreeningStatus:
    screened_on = None if days_ago is None else TODAY - timedelta(days=days_ago)
    return screening_status(answers=answers, screened_on=screened_on, cleared=cleared, today=TODAY)


def test_the_questions_cover_every_condition_in_r8() -> None:
    assert set(KEYS) == {
        "clotting",
        "vascular",
        "hypertension",
        "surgery",
        "pregnancy",
        "diabetes",
        "kidney",
        "heart",
    }
    assert len(KEYS) == len(set(KEYS))
    assert all(q.text.endswith("?") for q in SCREENING_QUESTIONS)


def test_never_screened_needs_the_screening() -> None:
    assert status(None, days_ago=None) is ScreeningStatus.NEEDED


def test_answers_without_a_date_need_the_screening() -> None:
    assert status(ALL_NO, days_ago=None) is ScreeningStatus.NEEDED


def test_a_half_answered_screening_is_not_a_screening() -> None:
    partial = {KEYS[0]: False}
    assert not is_complete(partial)
    assert status(partial) is ScreeningStatus.NEEDED


def test_all_no_is_clear() -> None:
    assert is_complete(ALL_NO)
    assert not any_yes(ALL_NO)
    assert status(ALL_NO) is ScreeningStatus.CLEAR


@pytest.mark.parametrize("key", KEYS)
def test_any_single_yes_needs_clearance(key: str) -> None:
    answers = {**ALL_NO, key: True}
    assert any_yes(answers)
    assert status(answers) is ScreeningStatus.NEEDS_CLEARANCE


@pytest.mark.parametrize("key", KEYS)
def test_a_yes_cleared_by_a_professional_is_clear(key: str) -> None:
    assert status({**ALL_NO, key: True}, cleared=True) is ScreeningStatus.CLEAR


def test_every_yes_cleared_is_clear() -> None:
    all_yes = dict.fromkeys(KEYS, True)
    assert status(all_yes) is ScreeningStatus.NEEDS_CLEARANCE
    assert status(all_yes, cleared=True) is ScreeningStatus.CLEAR


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        (0, ScreeningStatus.CLEAR),
        (1, ScreeningStatus.CLEAR),
        (89, ScreeningStatus.CLEAR),
        (90, ScreeningStatus.NEEDED),
        (91, ScreeningStatus.NEEDED),
        (400, ScreeningStatus.NEEDED),
    ],
)
def test_the_screening_is_confirmed_again_after_90_days(
    days_ago: int, expected: ScreeningStatus
) -> None:
    assert status(ALL_NO, days_ago=days_ago) is expected


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(89, ScreeningStatus.NEEDS_CLEARANCE), (90, ScreeningStatus.NEEDED)],
)
def test_an_uncleared_yes_expires_too(days_ago: int, expected: ScreeningStatus) -> None:
    assert status({**ALL_NO, "heart": True}, days_ago=days_ago) is expected


@pytest.mark.parametrize("days_ago", [89, 90])
def test_a_clearance_expires_with_its_screening(days_ago: int) -> None:
    expected = ScreeningStatus.CLEAR if days_ago < 90 else ScreeningStatus.NEEDED
    assert status({**ALL_NO, "surgery": True}, days_ago=days_ago, cleared=True) is expected


def test_a_screening_dated_in_the_future_is_asked_again() -> None:
    assert status(ALL_NO, days_ago=-1) is ScreeningStatus.NEEDED


def need(
    answers: dict[str, bool] | None = ALL_NO, *, days_ago: int | None = 0
) -> ScreeningNeed | None:
    screened_on = None if days_ago is None else TODAY - timedelta(days=days_ago)
    return screening_need(answers=answers, screened_on=screened_on, today=TODAY)


def test_each_reason_to_ask_again_is_told_apart() -> None:
    assert need(None, days_ago=None) is ScreeningNeed.NEVER_DONE
    assert need({}, days_ago=None) is ScreeningNeed.NEVER_DONE
    assert need({KEYS[0]: False}) is ScreeningNeed.UNFINISHED
    assert need(ALL_NO, days_ago=None) is ScreeningNeed.UNFINISHED
    assert need(ALL_NO, days_ago=90) is ScreeningNeed.EXPIRED
    assert need(ALL_NO, days_ago=400) is ScreeningNeed.EXPIRED


@pytest.mark.parametrize("days_ago", [-1, -400])
def test_a_screening_dated_after_today_is_not_called_old(days_ago: int) -> None:
    # Screened at 02:28 UTC on 2 Dec, then the zone moved to New York: still 1 Dec.
    assert need(ALL_NO, days_ago=days_ago) is ScreeningNeed.DATED_AHEAD
    assert need({**ALL_NO, "heart": True}, days_ago=days_ago) is ScreeningNeed.DATED_AHEAD


@pytest.mark.parametrize("days_ago", [0, 89])
def test_a_screening_that_still_holds_has_no_reason_to_ask(days_ago: int) -> None:
    assert need(ALL_NO, days_ago=days_ago) is None
    assert need({**ALL_NO, "heart": True}, days_ago=days_ago) is None


def test_next_screening_is_due_90_days_later() -> None:
    assert next_screening_due(date(2026, 1, 1)) == date(2026, 4, 1)
    assert next_screening_due(TODAY) - TODAY == timedelta(days=90)


def test_the_advice_sends_the_lifter_to_a_professional() -> None:
    assert "doctor" in SCREENING_ADVICE
    assert "cleared" in SCREENING_ADVICE
