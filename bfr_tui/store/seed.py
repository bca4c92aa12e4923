"""The starter exercise library: BFR-friendly accessories, and the lifts a cuff must stay off.

Every entry carries a suitability note (R11) in our own words, shown when the
lifter picks the exercise. Compound lifts and exercises that load no single limb
are in the library too, so the lifter can log them and see why BFR is refused
(R1, R5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, Unit
from bfr_tui.store.models import Exercise

_ARM_NOTE = (
    "Arms take a cuff well: put it high on the upper arm and keep the load light. "
    "A good first BFR exercise."
)
_CALF_NOTE = (
    "Calves suit BFR very well: the cuff sits high on the thigh and the calf fills "
    "quickly with light weight."
)
_HAMSTRING_NOTE = (
    "Hamstrings suit BFR well: cuff high on the thigh, light load, slow controlled reps."
)
_QUAD_NOTE = (
    "Quads can work with BFR, but only if the cuff sits right up by the hip crease; "
    "lower on the thigh it squeezes the working muscle instead."
)
_COMPOUND_NOTE = (
    "A heavy multi-joint lift: train it without a cuff. Occlusion is for light "
    "single-limb accessory work after it."
)
_CORE_NOTE = "Loads the trunk, not a limb: there is nowhere to put a cuff."


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One exercise in the starter library. ``load_step`` None means the unit's default."""

    name: str
    limb: Limb
    muscle_group: str
    compound: bool
    suitability_note: str
    load_step: float | None = None


EXERCISE_LIBRARY: tuple[LibraryEntry, ...] = (
    LibraryEntry("Dumbbell curl", Limb.ARM, "biceps", False, _ARM_NOTE),
    LibraryEntry("Hammer curl", Limb.ARM, "biceps", False, _ARM_NOTE),
    LibraryEntry("Cable curl", Limb.ARM, "biceps", False, _ARM_NOTE),
    LibraryEntry("Barbell curl", Limb.ARM, "biceps", False, _ARM_NOTE),
    LibraryEntry("Dumbbell preacher curl", Limb.ARM, "biceps", False, _ARM_NOTE),
    LibraryEntry("Triceps pushdown", Limb.ARM, "triceps", False, _ARM_NOTE),
    LibraryEntry("Overhead triceps extension", Limb.ARM, "triceps", False, _ARM_NOTE),
    LibraryEntry("Standing calf raise", Limb.LEG, "calves", False, _CALF_NOTE),
    LibraryEntry("Seated calf raise", Limb.LEG, "calves", False, _CALF_NOTE),
    LibraryEntry("Lying leg curl", Limb.LEG, "hamstrings", False, _HAMSTRING_NOTE),
    LibraryEntry("Seated leg curl", Limb.LEG, "hamstrings", False, _HAMSTRING_NOTE),
    LibraryEntry("Leg extension", Limb.LEG, "quadriceps", False, _QUAD_NOTE),
    LibraryEntry("Back squat", Limb.LEG, "quadriceps", True, _COMPOUND_NOTE),
    LibraryEntry("Deadlift", Limb.LEG, "posterior chain", True, _COMPOUND_NOTE),
    LibraryEntry("Bench press", Limb.ARM, "chest", True, _COMPOUND_NOTE),
    LibraryEntry("Plank", Limb.NONE, "core", False, _CORE_NOTE),
    LibraryEntry("Crunch", Limb.NONE, "core", False, _CORE_NOTE),
)


def seed_exercises(*, session: Session, unit: Unit = Unit.KG, now: datetime) -> int:
    """Add the library exercises the log does not have yet (by name, any case).

    Returns how many were added; running it again adds none.
    """
    present = {name.lower() for name in session.exec(select(func.lower(Exercise.name))).all()}
    added = 0
    for entry in EXERCISE_LIBRARY:
        if entry.name.lower() in present:
            continue
        session.add(
            Exercise(
                name=entry.name,
                limb=entry.limb.value,
                muscle_group=entry.muscle_group,
                compound=entry.compound,
                suitability_note=entry.suitability_note,
                load_step=DEFAULT_LOAD_STEP[unit] if entry.load_step is None else entry.load_step,
                unit=unit.value,
                created_at=now,
            )
        )
        present.add(entry.name.lower())
        added += 1
    session.flush()
    return added
