"""An exercise's plateaus as the block summary and the history read and word them."""

from __future__ import annotations

from collections.abc import Sequence

from textual.markup import escape

from bfr_tui.domain.plateau import PLATEAU_BLOCKS, Plateau, PlateauBlock, PlateauCause, plateaus
from bfr_tui.domain.symptoms import is_red_flag
from bfr_tui.domain.units import Unit, convert
from bfr_tui.training_log import HistoryRow, TrainingLog

# Recent blocks of the exercise read to find the last three of each protocol and side:
# other protocols and sides in between do not break a run, but a run this far back is
# no longer news.
PLATEAU_LOOKBACK = 60

SHORT_CAUSE: dict[PlateauCause, str] = {
    PlateauCause.CUFF_TOO_TIGHT: "cuff likely too tight",
    PlateauCause.LOAD_TOO_HEAVY: "load likely too heavy",
    PlateauCause.ONE_RM_OUTGROWN: "targets met at the top of the band",
    PlateauCause.TOO_LITTLE_RECOVERY: "sessions under 36 h apart",
    PlateauCause.LOAD_NOT_RAISED: "targets met, load never raised",
}


def plateau_block(row: HistoryRow) -> PlateauBlock:
    """A history row as plateau detection reads it: finished when it ended as planned
    with no red flag."""
    finished = row.end_reason == "completed" and not any(map(is_red_flag, row.flag_kinds))
    return PlateauBlock(
        block_id=row.block_id, cuff_on_at=row.cuff_on_at, side=row.side,
        protocol_name=row.protocol_name, protocol_reps=row.protocol_reps, load=row.load,
        unit=row.unit, reps=row.reps, targets=row.targets, tightness=row.tightness,
        finished=finished,
    )


def recent_blocks(log: TrainingLog, exercise_id: int) -> list[HistoryRow]:
    """The exercise's recent blocks, newest first (from a worker)."""
    return log.history_rows(exercise_id=exercise_id, limit=PLATEAU_LOOKBACK)


def read_plateaus(log: TrainingLog, exercise_id: int) -> list[Plateau]:
    """Every protocol and side of the exercise, judged against its current 1RM (from a
    worker); the most recently trained first."""
    exercise = log.exercise(exercise_id)
    rows = recent_blocks(log, exercise_id)
    unit = Unit(exercise.unit)
    current = log.current_one_rep_max(exercise_id)
    recorded = (None if current is None
                else convert(current.value, from_unit=Unit(current.unit), to_unit=unit))
    return plateaus([plateau_block(row) for row in rows], unit=unit,
                    step=exercise.load_step, one_rm=plateau_one_rm(recorded, rows, unit))


def plateau_one_rm(
    recorded: float | None, recent: Sequence[HistoryRow], unit: Unit
) -> float | None:
    """The 1RM a plateau is judged against: the lifter's recorded 1RM (in ``unit``),
    else the one the latest block of ``recent`` (newest first) was planned from."""
    if recorded:
        return recorded
    planned = next((row for row in recent if row.one_rm), None)
    if planned is None or not planned.one_rm:
        return None
    return convert(planned.one_rm, from_unit=Unit(planned.unit), to_unit=unit)


def plateau_line(plateau: Plateau, *, which: bool = False) -> str:
    """``Plateau: <what and why>. Suggestion: <one change>.``, as markup; ``which`` names
    the protocol and side (the history, where an exercise may have several)."""
    where = (f" ({escape(plateau.protocol_name)} {escape(plateau.protocol_reps)}, "
             f"{plateau.side})" if which else "")
    return f"Plateau{where}: {escape(plateau.message)} Suggestion: {escape(plateau.suggestion)}"


def short_plateau_line(plateau: Plateau) -> str:
    """The same in one short line for a small screen: the cause named, and the change."""
    cause = SHORT_CAUSE[plateau.cause] if plateau.cause is not None else ""
    return (f"Plateau ({escape(plateau.protocol_name)}, {plateau.side}): {cause}. "
            f"{escape(plateau.suggestion)}")


def no_plateau_line(verdicts: Sequence[Plateau]) -> str:
    """What the history says when no protocol of the exercise is on a plateau."""
    if any(verdict.blocks_considered >= PLATEAU_BLOCKS for verdict in verdicts):
        return (f"No plateau: load or reps went up within the last {PLATEAU_BLOCKS} "
                "finished blocks.")
    return f"No plateau: fewer than {PLATEAU_BLOCKS} finished blocks of one protocol yet."
