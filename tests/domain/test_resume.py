"""Which interrupted blocks may go on after a crash, and which can only be closed."""

from __future__ import annotations

from datetime import timedelta

from bfr_tui.domain.resume import resume_choice
from bfr_tui.domain.symptoms import SymptomKind
from tests.local_time import local

NOW = local(2026, 3, 2, 18, 40)


def choice(*, flags: tuple[SymptomKind, ...], sets_logged: int = 2):
    return resume_choice(
        cuff_on_at=NOW - timedelta(minutes=3),
        last_set_ended_at=NOW - timedelta(minutes=1), sets_logged=sets_logged,
        sets_planned=4, now=NOW, flags=flags,
    )


def test_a_block_with_a_red_flag_on_record_can_only_be_closed() -> None:
    found = choice(flags=(SymptomKind.NUMBNESS,))
    assert not found.can_resume
    assert found.why_not == "A red flag (numbness) ended this block: it can only be closed."


def test_every_red_flag_on_record_is_named() -> None:
    found = choice(flags=(SymptomKind.DIZZINESS, SymptomKind.PALE_SKIN, SymptomKind.NO_PULSE))
    assert not found.can_resume
    assert found.why_not.startswith(
        "Red flags (pale or white skin, no pulse felt below the cuff) ended this block"
    )


def test_symptoms_that_are_not_red_flags_leave_the_block_resumable() -> None:
    assert choice(flags=(SymptomKind.DIZZINESS, SymptomKind.OTHER)).can_resume
    assert choice(flags=()).can_resume


def test_the_red_flag_is_the_reason_given_even_when_every_set_was_logged() -> None:
    found = choice(flags=(SymptomKind.TINGLING,), sets_logged=4)
    assert "red flag (tingling)" in found.why_not
