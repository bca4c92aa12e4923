"""Symptom flags a lifter can raise at any moment, and what each one does (R7)."""

from __future__ import annotations

from enum import StrEnum


class SymptomKind(StrEnum):
    """What the lifter felt. Stored with the block and, when known, the set."""

    NUMBNESS = "numbness"
    TINGLING = "tingling"
    PALE_SKIN = "pale_skin"
    NO_PULSE = "no_pulse"
    PAIN = "pain"
    DIZZINESS = "dizziness"
    OTHER = "other"


class SymptomAction(StrEnum):
    """What the app does when a flag is raised."""

    RELEASE_NOW = "release_now"
    STOP_AND_SIT = "stop_and_sit"
    RECORD = "record"


SYMPTOM_LABELS: dict[SymptomKind, str] = {
    SymptomKind.NUMBNESS: "Numbness",
    SymptomKind.TINGLING: "Tingling",
    SymptomKind.PALE_SKIN: "Pale or white skin",
    SymptomKind.NO_PULSE: "No pulse felt below the cuff",
    SymptomKind.PAIN: "Pain out of proportion",
    SymptomKind.DIZZINESS: "Dizziness",
    SymptomKind.OTHER: "Something else",
}

# R7 (seed; SmartCuffs manual): these mean the limb is getting too little blood.
RED_FLAGS: frozenset[SymptomKind] = frozenset(
    {
        SymptomKind.NUMBNESS,
        SymptomKind.TINGLING,
        SymptomKind.PALE_SKIN,
        SymptomKind.NO_PULSE,
        SymptomKind.PAIN,
    }
)

_ACTIONS: dict[SymptomKind, SymptomAction] = {
    **{kind: SymptomAction.RELEASE_NOW for kind in RED_FLAGS},
    SymptomKind.DIZZINESS: SymptomAction.STOP_AND_SIT,
    SymptomKind.OTHER: SymptomAction.RECORD,
}

ACTION_MESSAGES: dict[SymptomAction, str] = {
    SymptomAction.RELEASE_NOW: (
        "Release the cuff now. This is a red flag: the block ends here. "
        "More restriction is not more growth."
    ),
    SymptomAction.STOP_AND_SIT: (
        "Stop and sit down until it passes. Release the cuff if it does not pass quickly."
    ),
    SymptomAction.RECORD: "Noted. The block goes on.",
}


def is_red_flag(kind: SymptomKind | str) -> bool:
    """True for the symptoms that end a block at once (R7)."""
    return SymptomKind(kind) in RED_FLAGS


def symptom_action(kind: SymptomKind | str) -> SymptomAction:
    """What the app does when this symptom is flagged."""
    return _ACTIONS[SymptomKind(kind)]


def symptom_label(kind: SymptomKind | str) -> str:
    """The lifter-facing name of a symptom kind."""
    return SYMPTOM_LABELS[SymptomKind(kind)]


def ends_block(kind: SymptomKind | str) -> bool:
    """True when raising this flag must end the block and release the cuff."""
    return symptom_action(kind) is SymptomAction.RELEASE_NOW
