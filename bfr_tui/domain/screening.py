"""First-run health screening, re-confirmed every 90 days (R8).

The app gives no medical advice beyond this: any "yes" means see a medical
professional before using a cuff, and an explicit confirmation of clearance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# R8: re-confirm the screening every 90 days.
RECONFIRM_AFTER = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """One yes/no contraindication question."""

    key: str
    text: str


# R8 (seed; Front Physiol 2022 13:808622).
SCREENING_QUESTIONS: tuple[ScreeningQuestion, ...] = (
    ScreeningQuestion("clotting", "A clotting disorder, or a past blood clot (DVT, embolism)?"),
    ScreeningQuestion("vascular", "Vascular disease, such as poor circulation in the legs?"),
    ScreeningQuestion("hypertension", "High blood pressure that is not under control?"),
    ScreeningQuestion("surgery", "Surgery in the last three months?"),
    ScreeningQuestion("pregnancy", "Pregnant?"),
    ScreeningQuestion("diabetes", "Diabetes?"),
    ScreeningQuestion("kidney", "Kidney disease?"),
    ScreeningQuestion("heart", "Heart disease?"),
)

SCREENING_ADVICE = (
    "You answered yes to at least one question. See a doctor or physiotherapist "
    "before you train with a cuff, and start BFR only once they have cleared you."
)


class ScreeningStatus(StrEnum):
    """Whether BFR may start, as far as screening goes."""

    NEEDED = "needed"
    NEEDS_CLEARANCE = "needs_clearance"
    CLEAR = "clear"


class ScreeningNeed(StrEnum):
    """Why the screening must be asked (again): each is told to the lifter differently."""

    NEVER_DONE = "never_done"
    UNFINISHED = "unfinished"
    EXPIRED = "expired"
    DATED_AHEAD = "dated_ahead"


def any_yes(answers: dict[str, bool]) -> bool:
    """True when any screening question was answered yes."""
    return any(answers.get(q.key, False) for q in SCREENING_QUESTIONS)


def is_complete(answers: dict[str, bool]) -> bool:
    """True when every question has an answer."""
    return all(q.key in answers for q in SCREENING_QUESTIONS)


def screening_need(
    *, answers: dict[str, bool] | None, screened_on: date | None, today: date
) -> ScreeningNeed | None:
    """Why the screening must be asked now, or None while the last one still holds."""
    if not answers:
        return ScreeningNeed.NEVER_DONE
    if screened_on is None or not is_complete(answers):
        return ScreeningNeed.UNFINISHED
    # A date after today means the clock or the machine's zone moved back; the
    # screening's age is unknown, so it is asked again rather than trusted.
    if screened_on > today:
        return ScreeningNeed.DATED_AHEAD
    if today - screened_on >= RECONFIRM_AFTER:
        return ScreeningNeed.EXPIRED
    return None


def screening_status(
    *, answers: dict[str, bool] | None, screened_on: date | None, cleared: bool, today: date
) -> ScreeningStatus:
    """Decide whether the screening must be asked (again) or needs clearance."""
    if screening_need(answers=answers, screened_on=screened_on, today=today) is not None:
        return ScreeningStatus.NEEDED
    if any_yes(answers or {}) and not cleared:
        return ScreeningStatus.NEEDS_CLEARANCE
    return ScreeningStatus.CLEAR


def next_screening_due(screened_on: date) -> date:
    """The day the screening must be confirmed again."""
    return screened_on + RECONFIRM_AFTER


@dataclass(frozen=True, slots=True)
class ScreeningDue:
    """Where a lifter's screening stands for a coach: what is needed, and by when.

    ``need`` says why it must be asked now (None while it holds); ``status`` is what
    the app does about it; ``due`` is the day it must be confirmed again, once done.
    """

    status: ScreeningStatus
    need: ScreeningNeed | None
    due: date | None


def screening_due(
    *, answers: dict[str, bool] | None, screened_on: date | None, cleared: bool, today: date
) -> ScreeningDue:
    """The screening's state and its next due day, as ``screening_status`` decides it."""
    need = screening_need(answers=answers, screened_on=screened_on, today=today)
    status = screening_status(
        answers=answers, screened_on=screened_on, cleared=cleared, today=today
    )
    due = next_screening_due(screened_on) if screened_on is not None and need is None else None
    return ScreeningDue(status=status, need=need, due=due)
