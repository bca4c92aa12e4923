"""Effort and cuff discomfort after each set, typed in one quick step (R13).

The lifter types effort (RPE) then discomfort, both 0-10, with no separator needed:
``78`` is effort 7, discomfort 8. A 10 is typed as ``10``: ``108`` is 10 and 8, ``710``
is 7 and 10, ``1010`` is 10 and 10. This reads only one way, because 10 is the one
rating with two digits and no rating starts with 0 but 0 itself. So ``10`` alone is
effort 1, discomfort 0, as any two digits are. A space, comma or slash between the two
(``10 8``) is also fine. ``enter`` alone skips: the rating must never slow the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bfr_tui.domain.limits import DISCOMFORT, RPE
from bfr_tui.domain.symptoms import ACTION_MESSAGES, SymptomAction, SymptomKind

# R13 (SmartCuffs 3.0 manual): discomfort above 7/10 means stop and release the cuff.
DISCOMFORT_STOP_ABOVE = 7
# The stop rule for pain (R7 and R13 share the SmartCuffs source) is pain out of
# proportion, so a rating above 7 is stored as that red flag and ends the block the
# same way, with the same release screen.
DISCOMFORT_RED_FLAG = SymptomKind.PAIN

RATING_HINT = "Effort then discomfort, 0-10 each: 78 is 7 and 8, 108 is 10 and 8. Enter skips."

_SEPARATORS = re.compile(r"[\s,/]+")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_RATING = re.compile(r"10|[0-9]", re.ASCII)
"""A rating as written on its own: no leading zero, so a digit string splits one way."""


@dataclass(frozen=True, slots=True)
class SetRating:
    """How hard a set was (RPE) and how much the cuff hurt, both 0-10."""

    rpe: int
    discomfort: int

    def __post_init__(self) -> None:
        if not RPE.contains(self.rpe):
            raise ValueError(RPE.out_of_range(self.rpe))
        if not DISCOMFORT.contains(self.discomfort):
            raise ValueError(DISCOMFORT.out_of_range(self.discomfort))

    def describe(self) -> str:
        """``effort 7/10, discomfort 8/10``."""
        return f"effort {self.rpe}/10, discomfort {self.discomfort}/10"


@dataclass(frozen=True, slots=True)
class SetRatingEntry:
    """What the lifter typed once read: a rating, a skip, or why it was refused."""

    rating: SetRating | None
    """None when skipped or refused."""
    message: str = ""
    """Empty unless the text was refused."""

    @property
    def ok(self) -> bool:
        """True when the text was a rating or a skip."""
        return not self.message

    @property
    def skipped(self) -> bool:
        """True when the lifter pressed ``enter`` without a rating."""
        return self.ok and self.rating is None


def _split_digits(digits: str) -> list[tuple[int, int]]:
    """Every way ``digits`` reads as two ratings written without a separator."""
    readings: list[tuple[int, int]] = []
    for cut in range(1, len(digits)):
        first, second = digits[:cut], digits[cut:]
        if _RATING.fullmatch(first) and _RATING.fullmatch(second):
            readings.append((int(first), int(second)))
    return readings


def _checked(rpe: int, discomfort: int) -> SetRatingEntry:
    if not RPE.contains(rpe):
        return SetRatingEntry(None, RPE.out_of_range(rpe))
    if not DISCOMFORT.contains(discomfort):
        return SetRatingEntry(None, DISCOMFORT.out_of_range(discomfort))
    return SetRatingEntry(SetRating(rpe=rpe, discomfort=discomfort))


def read_set_rating(text: str) -> SetRatingEntry:
    """Read the effort step's text (see the module's docstring for what it accepts)."""
    typed = text.strip()
    if not typed:
        return SetRatingEntry(None)
    parts = [part for part in _SEPARATORS.split(typed) if part]
    if not all(_DIGITS.fullmatch(part) for part in parts):
        return SetRatingEntry(None, f"Type digits only, not “{typed}”. {RATING_HINT}")
    if len(parts) == 2:
        return _checked(int(parts[0]), int(parts[1]))
    if len(parts) > 2:
        return SetRatingEntry(None, f"Give two ratings, not {len(parts)}. {RATING_HINT}")
    if len(typed) == 1:
        return SetRatingEntry(
            None, f"Give both ratings, effort then discomfort. {RATING_HINT}"
        )
    readings = _split_digits(typed)
    if len(readings) != 1:
        return SetRatingEntry(
            None, f"{typed} does not read as two ratings of 0-10. {RATING_HINT}"
        )
    [(rpe, discomfort)] = readings
    return _checked(rpe, discomfort)


def discomfort_ends_block(discomfort: int | None) -> bool:
    """True when cuff discomfort is above 7/10: stop and release, as a red flag (R13)."""
    return discomfort is not None and discomfort > DISCOMFORT_STOP_ABOVE


def rating_red_flag(rating: SetRating | None) -> SymptomKind | None:
    """The red flag a rating raises, if any: the live panel ends the block on it as on
    a flag raised by key (R7), and stores it with the set it followed."""
    if rating is not None and discomfort_ends_block(rating.discomfort):
        return DISCOMFORT_RED_FLAG
    return None


def discomfort_stop_message(discomfort: int) -> str:
    """What the release screen says when discomfort ends the block."""
    return (
        f"Cuff discomfort {discomfort}/10 is above {DISCOMFORT_STOP_ABOVE}/10. "
        f"{ACTION_MESSAGES[SymptomAction.RELEASE_NOW]}"
    )


def discomfort_flag_note(discomfort: int) -> str:
    """The note stored with the red flag, so history tells it from a flag raised by key."""
    return f"Cuff discomfort {discomfort}/10 after the set"
