"""What a test reads back from a log to check what the store wrote."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from bfr_tui.store import first_reads
from bfr_tui.store.models import OneRepMax
from bfr_tui.training_log import ProfileFacts


def profile_facts(db_path: Path, lifter_id: int) -> ProfileFacts:
    """The lifter's settings and screening as the app reads them when it starts."""
    with first_reads.reading(db_path) as connection:
        return first_reads.read_profile(connection, lifter_id)


def one_rep_maxes(session: Session, exercise_id: int) -> list[OneRepMax]:
    """Every 1RM stored for an exercise, oldest first (by date, then as entered)."""
    return list(
        session.exec(
            select(OneRepMax)
            .where(OneRepMax.exercise_id == exercise_id)
            .order_by(col(OneRepMax.recorded_on), col(OneRepMax.id))
        ).all()
    )
