"""The records the first screen reads: the lifters, the profile and the exercise list.

Apart from the rest of the log's records (``log_records``) so the app's first frame
makes only these four classes; ``training_log`` names them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True)
class LifterFacts:
    """A lifter in the log, as a picker lists them."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    """What the app needs of the lifter's settings before it shows anything else."""

    theme: str = DEFAULT_THEME
    unit: str = "kg"
    screening_answers: dict[str, bool] | None = None
    screened_on: date | None = None
    cleared_by_professional: bool = False


@dataclass(frozen=True, slots=True)
class ExerciseDetails:
    """An exercise of the library, as every screen shows it."""

    id: int
    name: str
    limb: str
    muscle_group: str
    compound: bool
    suitability_note: str
    load_step: float
    unit: str
    needs_review: bool
    archived: bool


@dataclass(frozen=True, slots=True)
class ExerciseOverview:
    """One line of the exercise list: the exercise, its 1RM and how its last block went."""

    exercise: ExerciseDetails
    one_rm: float | None
    one_rm_unit: str | None
    one_rm_method: str | None
    # How the last block went; these defaults are an exercise never trained.
    last_block_id: int | None = None
    last_cuff_on_at: datetime | None = None
    last_load: float | None = None
    last_unit: str | None = None
    last_reps: tuple[int, ...] = ()
    last_targets: tuple[int, ...] = ()
    last_finished: bool = False
    last_end_reason: str = ""
    last_red_flag: bool = False
    last_tightness: int | None = None
