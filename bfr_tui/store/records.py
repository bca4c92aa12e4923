"""Table rows turned into the training log's records: what leaves the store is plain data."""

from __future__ import annotations

from collections.abc import Iterable

from bfr_tui.domain.cuff_profile import CuffKind, CuffProfile
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMeasurement, LopMethod
from bfr_tui.store.models import Block, Cuff, Exercise, LopEntry, OneRepMax, SetEntry, SymptomFlag
from bfr_tui.training_log import (
    BlockFacts,
    CuffRecord,
    ExerciseDetails,
    FlagRecord,
    LoggedSet,
    OneRepMaxEntry,
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


def one_rep_max_entry(entry: OneRepMax) -> OneRepMaxEntry:
    """A 1RM row as the screens see it."""
    return OneRepMaxEntry(
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
        end_reason=block.end_reason, notes=block.notes, cuff_id=block.cuff_id,
        target_mmhg=block.target_mmhg, tempo=block.tempo,
    )


def logged_set(entry: SetEntry) -> LoggedSet:
    """A set row as the screens see it."""
    return LoggedSet(
        set_number=entry.set_number, target_reps=entry.target_reps, reps=entry.reps,
        load=entry.load, started_at=entry.started_at, ended_at=entry.ended_at,
        rest_before_s=entry.rest_before_s, rpe=entry.rpe, discomfort=entry.discomfort,
    )


def cuff_profile(cuff: Cuff) -> CuffProfile:
    """A cuff row as the domain compares cuffs (read back as stored, not checked again)."""
    return CuffProfile(
        name=cuff.name, kind=CuffKind(cuff.kind), width_cm=cuff.width_cm,
        wrap_mark=cuff.wrap_mark,
    )


def cuff_record(cuff: Cuff) -> CuffRecord:
    """A cuff row as the screens see it."""
    assert cuff.id is not None
    return CuffRecord(id=cuff.id, cuff=cuff_profile(cuff), archived=cuff.archived)


def measured_lop(entry: LopEntry, cuff: Cuff) -> LopMeasurement:
    """An LOP row, with the cuff it was measured with, as the domain takes it."""
    return LopMeasurement(
        limb=Limb(entry.limb), side=Side(entry.side), cuff=cuff_profile(cuff),
        position=BodyPosition(entry.position), method=LopMethod(entry.method),
        measured_on=entry.measured_on, mmhg=entry.mmhg,
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
