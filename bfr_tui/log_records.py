"""The records the training log hands over and takes, past the first screen's.

Plain frozen dataclasses, pure Python like the rest of ``training_log``, which names
every one of them and loads this module the first time one is asked for: the exercise
list's first frame needs only ``first_records``, and making these classes takes longer
than drawing the list (each dataclass writes and compiles its own methods).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    # Named only in signatures and fields: the app's first frame does not wait for the
    # domain's rules to import (the few methods that apply them import them when called).
    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.coaching import RecentTraining
    from bfr_tui.domain.cuff_profile import CuffProfile
    from bfr_tui.domain.limbs import Limb, Side
    from bfr_tui.domain.progression import LimbRest
    from bfr_tui.domain.protocol import Protocol as SetProtocol
    from bfr_tui.domain.resume import ResumeChoice
    from bfr_tui.domain.screening import ScreeningDue
    from bfr_tui.domain.session_template import SessionTemplate
    from bfr_tui.domain.symptoms import SymptomKind
    from bfr_tui.domain.units import Unit
    from bfr_tui.first_records import ExerciseDetails, LifterFacts


@dataclass(frozen=True, slots=True)
class LifterRemoved:
    """What ``remove_lifter`` deleted with the lifter (table name: rows)."""

    name: str
    rows: dict[str, int]


@dataclass(frozen=True, slots=True)
class LifterOverview:
    """One lifter as a coach's overview lists them, at the moment it was read."""

    lifter: LifterFacts
    last_block_at: datetime | None
    """Cuff-on of the lifter's latest block; None for a lifter who never trained."""
    last_exercise: str | None
    recent: RecentTraining
    red_flags: int
    """Red flags (R7) raised in the last ``domain.coaching.RED_FLAG_WINDOW``."""
    screening: ScreeningDue
    resting: tuple[LimbRest, ...]
    """Limbs still inside their 36 h rest (R10)."""


@dataclass(frozen=True, slots=True)
class RoleRevoked:
    """What ``revoke_role`` took back from a server's role."""

    role: str
    lifter: str | None
    """The lifter whose role it was, if any."""
    coach: bool


@dataclass(frozen=True, slots=True)
class ExerciseDraft:
    """What the lifter sets on an exercise, once every value passed its check."""

    name: str
    limb: Limb
    muscle_group: str
    compound: bool
    suitability_note: str
    load_step: float
    unit: Unit


@dataclass(frozen=True, slots=True)
class OneRepMaxEntry:
    """One 1RM on record for an exercise, tested or estimated, in the unit it was given;
    the latest recorded is the one the exercise is trained from now."""

    value: float
    unit: str
    recorded_on: date
    method: str
    source: str


@dataclass(frozen=True, slots=True)
class CuffRecord:
    """One of the lifter's cuffs in the log: the id a block and an LOP point at."""

    id: int
    cuff: CuffProfile
    archived: bool = False
    """Put away: not offered at the cuff check, still shown with the blocks done in it."""


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """One of the lifter's session templates in the log: the id the weekly plan points at."""

    id: int
    template: SessionTemplate
    archived: bool = False
    """Put away: out of the weekly plan and not offered, kept for when it comes back."""


@dataclass(frozen=True, slots=True)
class LastBlock:
    """What the previous block of an exercise looked like."""

    load: float
    unit: str
    reps: tuple[int, ...]
    targets: tuple[int, ...]
    tightness: int
    red_flag: bool
    cuff_on_at: datetime


@dataclass(frozen=True, slots=True)
class BlockContext:
    """What the cuff check needs to know about an exercise, in the exercise's unit."""

    exercise: ExerciseDetails
    one_rm: float | None
    last_block: LastBlock | None
    last_on_side: dict[Side, datetime | None]
    """Latest earlier-session block on this limb, per side chosen (R10's 36 h)."""


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """A finished set, as it goes to the log and comes back from it."""

    set_number: int
    target_reps: int
    reps: int
    load: float
    started_at: datetime
    ended_at: datetime
    rest_before_s: float | None
    rpe: int | None = None
    """Effort, 0-10 (R13); None when the lifter skipped the rating."""
    discomfort: int | None = None
    """The cuff's discomfort, 0-10 (R13); None when skipped."""


@dataclass(frozen=True, slots=True)
class RaisedFlag:
    """A symptom flag as the lifter raised it."""

    kind: SymptomKind
    raised_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """A symptom flag on record, with the set it was raised in (None: in rest, or unknown)."""

    kind: str
    raised_at: datetime
    note: str
    set_number: int | None


@dataclass(frozen=True, slots=True)
class BlockFacts:
    """A block as the cuff check settled it, and how it ended."""

    id: int
    exercise_id: int
    side: str
    protocol_name: str
    protocol_reps: str
    rest_target_s: int
    load: float
    unit: str
    one_rm: float | None
    tightness: int
    pulse_felt: bool
    skin_normal: bool
    pressure_mmhg: float | None
    lop_percent: float | None
    cuff_width_cm: float | None
    cuff_on_at: datetime
    cuff_off_at: datetime | None
    end_reason: str
    notes: str
    cuff_id: int | None = None
    target_mmhg: int | None = None
    tempo: str | None = None
    """As stored: ``2/2``, ``off``, or None for a block from before tempos were
    recorded (``stored_protocol`` gives it its protocol's default)."""


def stored_protocol(
    *, name: str, reps_text: str, rest_s: int, tempo: str | None
) -> SetProtocol:
    """The protocol a block was started with, from what it stored."""
    from bfr_tui.domain.protocol import protocol_from_stored
    from bfr_tui.domain.tempo import parse_tempo

    if tempo is None:
        # Logged before tempos were recorded: it reads as it did then.
        return protocol_from_stored(name=name, reps_text=reps_text, rest_s=rest_s)
    return protocol_from_stored(
        name=name, reps_text=reps_text, rest_s=rest_s, tempo=parse_tempo(tempo)
    )


@dataclass(frozen=True, slots=True)
class BlockRecord:
    """A block with its exercise, sets and flags: for the summary, or to resume it."""

    block: BlockFacts
    exercise: ExerciseDetails
    sets: tuple[LoggedSet, ...]
    flags: tuple[FlagRecord, ...]
    session_cuff_s: float
    """Cuff time of the visit's finished blocks (this one too, once it is closed)."""
    cuff: CuffRecord | None = None
    """The cuff the block was done in, if the cuff check named one."""

    @property
    def plan(self) -> BlockPlan:
        """The block's plan as the cuff check settled it, to go on with it."""
        from bfr_tui.domain.block_run import BlockPlan

        block = self.block
        return BlockPlan(
            exercise_id=block.exercise_id,
            exercise_name=self.exercise.name,
            limb=self.exercise.limb,
            side=block.side,
            protocol=stored_protocol(
                name=block.protocol_name, reps_text=block.protocol_reps,
                rest_s=block.rest_target_s, tempo=block.tempo,
            ),
            load=block.load,
            unit=block.unit,
            one_rm=block.one_rm,
            tightness=block.tightness,
            pulse_felt=block.pulse_felt,
            skin_normal=block.skin_normal,
            pressure_mmhg=block.pressure_mmhg,
            lop_percent=block.lop_percent,
            cuff_width_cm=block.cuff_width_cm,
            cuff_id=block.cuff_id,
            target_mmhg=block.target_mmhg,
        )

    def resume_choice(self, *, now: datetime) -> ResumeChoice:
        """What the lifter may do with this block if the app stopped under the cuff."""
        from bfr_tui.domain.resume import resume_choice

        return resume_choice(
            cuff_on_at=self.block.cuff_on_at,
            last_set_ended_at=self.sets[-1].ended_at if self.sets else None,
            sets_logged=len(self.sets), sets_planned=self.plan.protocol.sets, now=now,
            flags=(flag.kind for flag in self.flags),
        )


@dataclass(frozen=True, slots=True)
class BlockStarted:
    """Cuffs on, on disk: the block's id and the visit's cuff time before it."""

    block_id: int
    session_cuff_before_s: float


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One block in the history list and the CSV export.

    ``targets`` are the protocol's target reps for the whole block, so a block
    ended early shows fewer ``reps`` than ``targets``.
    """

    block_id: int
    exercise_id: int
    exercise_name: str
    limb: str
    side: str
    cuff_on_at: datetime
    cuff_off_at: datetime | None
    load: float
    unit: str
    one_rm: float | None
    pct_1rm: float | None
    reps: tuple[int, ...]
    targets: tuple[int, ...]
    occlusion_s: float | None
    flag_kinds: tuple[str, ...]
    tightness: int
    end_reason: str
    cuff_name: str | None = None
    pressure_mmhg: float | None = None
    lop_percent: float | None = None
    target_mmhg: int | None = None
    """The % of LOP prescribed, in mmHg, beside the ``pressure_mmhg`` set."""
    rpe: tuple[int | None, ...] = ()
    """Each set's effort, in set order (None where the rating was skipped)."""
    discomfort: tuple[int | None, ...] = ()
    """Each set's cuff discomfort, in set order."""
    protocol_name: str = ""
    """The protocol the block was done with, by name (``Classic``) ..."""
    protocol_reps: str = ""
    """... and its target reps as written (``30-15-15-15``): a protocol is both."""


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """One block of an exercise on the progress chart."""

    day: date
    load: float
    unit: str
    total_reps: int


@dataclass(frozen=True, slots=True)
class WeekOfCuffTime:
    """The blocks of one limb in one week (Monday to Sunday) and their cuff time."""

    week_start: date
    """The week's Monday."""
    limb: str
    blocks: int
    cuff_s: float
    """Cuff-on to cuff-off of the week's closed blocks on this limb, in seconds."""


class ImportSummary(Protocol):
    """What an import did, or would do in a dry run."""

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        ...


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo fill wrote."""

    sessions: int
    blocks: int
    sets: int
    flags: int
    red_flags: int
    one_rep_maxes: int
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True, slots=True)
class CopySummary:
    """What ``bfr-tui copy`` moved from one log into another."""

    source: str
    target: str
    rows: dict[str, int]
    """Rows copied per table, into an empty target; empty when merged."""
    merged: ImportSummary | None = None
    """With ``--merge``: the import that added what the target lacked."""
    cuffs_added: int = 0
    """With ``--merge``: cuffs added that no merged block named (the import adds those)."""
    lops_added: int = 0
    """With ``--merge``: LOPs the target's lifters lacked."""
    remeasure_days_taken: tuple[tuple[str, int], ...] = ()
    """With ``--merge``: (lifter, days) for each LOP re-measure interval taken from the
    source, by a lifter who had the default on the target."""
    templates_added: int = 0
    """With ``--merge``: session templates the target's lifters lacked."""
    plans_taken: tuple[str, ...] = ()
    """With ``--merge``: lifters who had no weekly plan on the target and took the source's."""
    templates_left_out: tuple[str, ...] = ()
    """With ``--merge``: templates naming an exercise the target's library lacks."""

    def lines(self) -> list[str]:
        """What the command prints."""
        if self.merged is not None:
            return [
                f"Merged {self.source} into {self.target}.", *self.merged.lines(),
                *self._cuff_lines(), *self._template_lines(),
            ]
        counted = ", ".join(
            f"{self.rows.get(table, 0):,} {noun}"
            for table, noun in (("exercise", "exercises"), ("block", "blocks"),
                                ("set_entry", "sets"), ("symptom_flag", "symptom flags"))
        )
        return [f"Copied {self.source} to {self.target}: {counted}."]

    def _template_lines(self) -> list[str]:
        lines = []
        if self.templates_added:
            noun = "template" if self.templates_added == 1 else "templates"
            lines.append(f"Also added {self.templates_added:,} session {noun}.")
        if self.plans_taken:
            lines.append(f"Weekly plan taken from {self.source}: {', '.join(self.plans_taken)}.")
        if self.templates_left_out:
            lines.append(
                f"Left out, the exercise is not in {self.target}'s library: "
                f"{'; '.join(self.templates_left_out)}."
            )
        return lines

    def _cuff_lines(self) -> list[str]:
        added = []
        if self.cuffs_added:
            noun = "cuff" if self.cuffs_added == 1 else "cuffs"
            added.append(f"{self.cuffs_added:,} {noun} no block uses yet")
        if self.lops_added:
            added.append(f"{self.lops_added:,} LOP" + ("" if self.lops_added == 1 else "s"))
        lines = [f"Also added {' and '.join(added)}."] if added else []
        if self.remeasure_days_taken:
            taken = ", ".join(f"{name} {days} days" for name, days in self.remeasure_days_taken)
            lines.append(f"LOP re-measure interval taken from {self.source}: {taken}.")
        return lines


@dataclass(frozen=True, slots=True)
class KeptWritesSaved:
    """What became of the writes a block kept on this machine when the app stopped
    before the log took them (a server that was away)."""

    saved: tuple[str, ...]
    """Now in the log, each in the lifter's words ("set 3", "the cuff-off")."""
    still_kept: tuple[str, ...]
    """Still not taken by the log: kept for the next start."""
    refused: tuple[str, ...]
    """Refused by the log, with why: lost, and said so."""
    spool: str
    """The file on this machine that keeps them."""


@dataclass(frozen=True, slots=True)
class WriteFailure:
    """A write of the live block that did not commit and will not be tried again."""

    what: str
    """The write in the lifter's words ("set 2", "the cuff-off")."""
    reason: str
    """Why, as the log put it, with how long it was retried if it was."""
    ending: bool
    """The write was to end the block (its cuff-off is not on disk)."""
    set_number: int | None
    """The set the write carried, if any."""
