"""Table rows turned into the training log's records: what leaves the store is plain data."""

from __future__ import annotations

from collections.abc import Iterable

from bfr_tui.store.models import Block, Exercise, OneRepMax, SetEntry, SymptomFlag
from bfr_tui.training_log import (
    BlockFacts,
    CurrentOneRepMax,
    ExerciseDetails,
    FlagRecord,
    LoggedSet,
)


def exercise_details(exercise: Exercise) -> ExerciseDetails:
    """An exercise row as the screens see it."""
    assert exercise.id is not None
    return ExerciseDetails(
        id=exercise.id, name=exercise.name, limb=exercise.limb,
        muscle_group=exercise.muscle_group, compound=exercise.compound,
        suitability_note=exercise.suitability_note, load_step=exercise.load_step,
        unit=exercise.unit, needs_review=exercise.needs_review, archived=exercise.archived,
    )


def current_one_rep_max(entry: OneRepMax) -> CurrentOneRepMax:
    """A 1RM row as the screens see it."""
    return CurrentOneRepMax(
        value=entry.value, unit=entry.unit, recorded_on=entry.recorded_on,
        method=entry.method, source=entry.source,
    )


def block_facts(block: Block) -> BlockFacts:
    """A block row as the screens see it."""
    assert block.id is not None
    return BlockFacts(
        id=block.id, exercise_id=block.exercise_id, side=block.side,
        protocol_name=block.protocol_name, protocol_reps=block.protocol_reps,
        rest_target_s=block.rest_target_s, load=block.load, unit=block.unit,
        one_rm=block.one_rm, tightness=block.tightness, pulse_felt=block.pulse_felt,
        skin_normal=block.skin_normal, pressure_mmhg=block.pressure_mmhg,
        lop_percent=block.lop_percent, cuff_width_cm=block.cuff_width_cm,
        cuff_on_at=block.cuff_on_at, cuff_off_at=block.cuff_off_at,
        end_reason=block.end_reason, notes=block.notes,
    )


def logged_set(entry: SetEntry) -> LoggedSet:
    """A set row as the screens see it."""
    return LoggedSet(
        set_number=entry.set_number, target_reps=entry.target_reps, reps=entry.reps,
        load=entry.load, started_at=entry.started_at, ended_at=entry.ended_at,
        rest_before_s=entry.rest_before_s,
    )


def flag_records(
    flags: Iterable[SymptomFlag], sets: Iterable[SetEntry]
) -> tuple[FlagRecord, ...]:
    """Flag rows as the screens see them, each with the number of its set (not its id)."""
    set_numbers = {entry.id: entry.set_number for entry in sets}
    return tuple(
        FlagRecord(
            kind=flag.kind, raised_at=flag.raised_at, note=flag.note,
            set_number=set_numbers.get(flag.set_id) if flag.set_id is not None else None,
        )
        for flag in flags
    )
