"""A block the app never closed (a crash, a killed window): resume it or close it.

The cuff-off time of such a block is unknown. Closing it records the end of its
last logged set (or the cuff-on time when no set was logged), the latest moment
we know the lifter was still training, and says so. Resuming is offered only
while the cuff could still be on within the R6 limit, and while sets remain. A
block with a red flag on record (R7) is never resumed: the flag ended it, whatever
the crash left unwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bfr_tui.domain.occlusion import RED_AFTER_S
from bfr_tui.domain.symptoms import RED_FLAGS, SymptomKind, symptom_label


@dataclass(frozen=True, slots=True)
class ResumeChoice:
    """What the lifter may do with an interrupted block, and what closing records."""

    can_resume: bool
    why_not: str
    close_at: datetime
    close_note: str


def resume_choice(
    *,
    cuff_on_at: datetime,
    last_set_ended_at: datetime | None,
    sets_logged: int,
    sets_planned: int,
    now: datetime,
    flags: Iterable[SymptomKind | str],
) -> ResumeChoice:
    """Whether an interrupted block can go on, and the cuff-off time closing would record.

    ``flags`` are the kinds of every symptom flag on record for the block.
    """
    if last_set_ended_at is not None:
        close_at = last_set_ended_at
        close_note = f"the end of set {sets_logged}"
    else:
        close_at = cuff_on_at
        close_note = "the cuff-on time (no set was logged)"
    under_cuff_s = (now - cuff_on_at).total_seconds()
    red = red_flags_in(flags)
    if red:
        return ResumeChoice(False, red_flag_ended(red), close_at, close_note)
    if sets_logged >= sets_planned:
        return ResumeChoice(False, "Every set was logged; only the cuff-off is missing.",
                            close_at, close_note)
    if under_cuff_s < 0:
        return ResumeChoice(False, "The block starts later than the clock says it is now.",
                            close_at, close_note)
    if under_cuff_s >= RED_AFTER_S:
        return ResumeChoice(
            False,
            f"The cuff went on {_how_long(under_cuff_s)} ago, past the "
            f"{RED_AFTER_S // 60} min limit: release it and start a new block.",
            close_at, close_note,
        )
    return ResumeChoice(True, "", close_at, close_note)


def red_flags_in(flags: Iterable[SymptomKind | str]) -> tuple[SymptomKind, ...]:
    """The red flags among ``flags``, each kind once, in the order first raised."""
    kinds = (SymptomKind(kind) for kind in flags)
    return tuple(dict.fromkeys(kind for kind in kinds if kind in RED_FLAGS))


def red_flag_ended(red: tuple[SymptomKind, ...]) -> str:
    """Why a block with these red flags can only be closed."""
    names = ", ".join(symptom_label(kind).lower() for kind in red)
    flag = "A red flag" if len(red) == 1 else "Red flags"
    return f"{flag} ({names}) ended this block: it can only be closed."


def _how_long(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"
