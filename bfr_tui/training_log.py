"""The training log as the app sees it: one interface, and the records it hands back.

Screens, widgets and the command palette talk to the log only through
:class:`TrainingLog`, from worker threads, and get these plain frozen records back:
never a table row, an engine or a session. Which engine holds the log (a SQLite
file today) is the store's business: ``bfr_tui.store.open_log`` picks it from a URL.

Pure Python, like ``domain/``: no Textual, and no SQLAlchemy or SQLModel, so the
app can import it before its first frame (SQLAlchemy loads later, on a worker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

if TYPE_CHECKING:
    # Named only in signatures and fields: the app's first frame does not wait for the
    # domain's rules to import (the few methods that apply them import them when called).
    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.clock import Clock
    from bfr_tui.domain.coaching import RecentTraining
    from bfr_tui.domain.cuff_profile import CuffProfile
    from bfr_tui.domain.estimate import OneRepMaxMethod
    from bfr_tui.domain.limbs import Limb, Side
    from bfr_tui.domain.lop import LopMeasurement
    from bfr_tui.domain.next_cuff_setting import LastCuffUse
    from bfr_tui.domain.progression import LimbRest
    from bfr_tui.domain.protocol import Protocol as SetProtocol
    from bfr_tui.domain.resume import ResumeChoice
    from bfr_tui.domain.screening import ScreeningDue
    from bfr_tui.domain.session_template import SessionTemplate
    from bfr_tui.domain.set_rating import SetRating
    from bfr_tui.domain.symptoms import SymptomKind
    from bfr_tui.domain.units import Unit
    from bfr_tui.domain.weekly_plan import DueToday, WeeklyPlan

DEFAULT_THEME = "textual-dark"

# Why a block ended, as the log records it (``completed``, ``cuff_off_early``, ``left``
# and ``signal`` come from the live panel as they are).
INTERRUPTED = "interrupted"
"""Closed after the app stopped under the cuff."""
RED_FLAG = "red_flag"
"""A red flag ended it (R7), also when a crash hid the cuff-off."""
OCCLUSION_LIMIT = "occlusion_limit"
"""Released when asked at the R6 limit (10 min of cuff time)."""
SAVE_FAILED = "save_failed"
"""Ended because the log refused one of its writes."""

ExportLayout = Literal["native", "strong"]
LAYOUTS: tuple[ExportLayout, ...] = ("native", "strong")
ImportLayoutChoice = Literal["auto", "native", "strong", "hevy", "fitnotes"]
"""The app that wrote a CSV to import; ``auto`` reads it from the file's header."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(what, done, total)``: ``what`` names the step in the lifter's
words ("Exporting sets"), ``done`` of ``total`` units (rows, blocks, pages, bytes) are
finished. The last call of a step has ``done == total``."""


class StoreError(Exception):
    """A problem with the training log (its file, its schema, a request it refuses),
    phrased for the lifter."""


class ExportError(Exception):
    """An export that cannot be written, phrased for the lifter."""


# How a refusal to overwrite an export ends; the app, which has no --force, swaps it out.
OVERWRITE_HINT = "add --force to overwrite it"


def check_export_path(path: Path, *, force: bool) -> None:
    """Refuse a target in a missing folder, a folder, or an existing file without ``force``."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to export to.")
    if not path.parent.is_dir():
        raise ExportError(f"the folder {path.parent} does not exist; create it first.")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; {OVERWRITE_HINT}.")


def check_all_lifters_layout(layout: ExportLayout) -> None:
    """Refuse an export of every lifter in a layout with no column for whose a row is."""
    if layout != "native":
        raise ExportError(
            f"the {layout} layout has no column for the lifter: export every lifter in "
            "the native layout, or one lifter (--lifter NAME) in this one."
        )


def default_export_name(
    *, today: date, layout: ExportLayout = "native", all_lifters: bool = False
) -> str:
    """A file name for an export made today: ``bfr-export-2026-03-02.csv``."""
    suffix = "-all-lifters" if all_lifters else "-strong" if layout == "strong" else ""
    return f"bfr-export{suffix}-{today.isoformat()}.csv"


# --- lifters and their settings -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LifterFacts:
    """A lifter in the log, as a picker lists them."""

    id: int
    name: str


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


class AccessRefused(StoreError):
    """The server refused the connection's role a read or write of the log: the role
    was never granted it, or the rows are another lifter's."""

    def __init__(self, *, role: str, location: str, reason: str) -> None:
        super().__init__(
            f"{role} cannot read or write the log at {location} ({reason}); ask its owner "
            f"to run bfr-tui db grant --lifter NAME --role {role} (or --coach {role})"
        )
        self.role = role
        self.location = location


@dataclass(frozen=True, slots=True)
class RoleRevoked:
    """What ``revoke_role`` took back from a server's role."""

    role: str
    lifter: str | None
    """The lifter whose role it was, if any."""
    coach: bool


class NoLifterChosen(StoreError):
    """A lifter's reads or writes were asked before the log was told whose they are."""

    def __init__(self) -> None:
        super().__init__("no lifter chosen: choose one with --lifter NAME")


@dataclass(frozen=True, slots=True)
class ProfileFacts:
    """What the app needs of the lifter's settings before it shows anything else."""

    theme: str = DEFAULT_THEME
    unit: str = "kg"
    screening_answers: dict[str, bool] | None = None
    screened_on: date | None = None
    cleared_by_professional: bool = False


# --- exercises ---------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class OneRepMaxEntry:
    """One 1RM on record for an exercise, tested or estimated, in the unit it was given;
    the latest recorded is the one the exercise is trained from now."""

    value: float
    unit: str
    recorded_on: date
    method: str
    source: str


# --- cuffs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CuffRecord:
    """One of the lifter's cuffs in the log: the id a block and an LOP point at."""

    id: int
    cuff: CuffProfile
    archived: bool = False
    """Put away: not offered at the cuff check, still shown with the blocks done in it."""


# --- session templates -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """One of the lifter's session templates in the log: the id the weekly plan points at."""

    id: int
    template: SessionTemplate
    archived: bool = False
    """Put away: out of the weekly plan and not offered, kept for when it comes back."""


# --- blocks ------------------------------------------------------------------------------


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


# --- history -----------------------------------------------------------------------------


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


# --- the log as a whole ------------------------------------------------------------------


class SchemaVersion(Protocol):
    """Where a log's schema stands, as read from it."""

    @property
    def revision(self) -> str | None:
        """The migration the log is at; None for a new log or one from before revisions."""
        ...

    @property
    def schema(self) -> int:
        """The schema number, as the lifter and the name of a copy see it."""
        ...

    @property
    def is_new(self) -> bool:
        """An empty log: no schema yet."""
        ...

    def describe(self) -> str:
        """One line for the lifter: up to date, older (to upgrade) or newer than this bfr-tui."""
        ...


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


# --- the live block's writes -------------------------------------------------------------


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


class WriteReports(Protocol):
    """How a block writer tells the screen how its writes went; called on the screen's
    thread (through the writer's ``deliver``), in the order the writes were asked."""

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        """The log is busy: the write is tried again for up to ``seconds_left``."""
        ...

    def saved_after_retry(self, what: str) -> None:
        """A write that had to wait is on disk."""
        ...

    def failed(self, failure: WriteFailure) -> None:
        """A write that will not reach the disk (later writes still run)."""
        ...


class BlockWriter(Protocol):
    """The writes of one live block, run one at a time in the order they are asked for,
    off the UI thread, each retried while the log is busy.

    Every method returns at once; ``saved`` callbacks run on the screen's thread once
    the write has committed. ``what`` names the write for the lifter.
    """

    def start_block(
        self, *, plan: BlockPlan, cuff_on_at: datetime, what: str,
        saved: Callable[[BlockStarted], None],
    ) -> None:
        """Cuffs on: the block goes on disk before the first rep."""
        ...

    def log_set(
        self, logged: LoggedSet, *, what: str, saved: Callable[[LoggedSet], None]
    ) -> None:
        """A finished set, with the flags raised while it ran."""
        ...

    def rate_set(
        self, *, set_number: int, rating: SetRating, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """The effort and discomfort the lifter gave a set already asked to be logged
        (R13): typed in the rest after it, so the set is never held back for it."""
        ...

    def raise_flag(
        self, flag: RaisedFlag, *, set_number: int | None, in_set: bool, what: str
    ) -> None:
        """A symptom flag, on disk at once; ``in_set``: tie it to the set under way
        (the next one logged)."""
        ...

    def note_past_limit(self, *, set_number: int, cuff_s: float, what: str) -> None:
        """The lifter chose to start a set past the R6 limit: said with the block."""
        ...

    def end_on_red_flag(
        self, *, last_set: LoggedSet | None, flags: Sequence[RaisedFlag],
        cuff_off_at: datetime, what: str, saved: Callable[[None], None],
    ) -> None:
        """The set a red flag interrupted, the flags and the cuff-off, in one transaction."""
        ...

    def close(
        self, *, cuff_off_at: datetime, reason: str, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """Cuffs off: when, and why the block ended."""
        ...

    def close_after_failed_save(
        self, *, flags: Sequence[RaisedFlag], cuff_off_at: datetime, reason: str, what: str,
        saved: Callable[[None], None],
    ) -> None:
        """The last way to end a block whose ending failed: unsaved flags and the cuff-off."""
        ...

    def stop(self) -> None:
        """No more reports, no more retries, nothing more queued runs (the screen is gone)."""
        ...

    def wait_for_writes(self, timeout_s: float | None, *, heard: bool = True) -> bool:
        """Wait until every write asked for so far is over (committed, failed, or left
        unsent by ``stop``) and its reports delivered, at most ``timeout_s`` (None: as
        long as that takes); whether they are. Without ``heard``, only until each is
        committed or failed: the thread reports are delivered to must not wait for them."""
        ...

    @property
    def unsaved(self) -> bool:
        """A write is waiting for the log or still queued."""
        ...

    def keep_unsaved(self, *, wait_s: float = 10.0) -> list[str]:
        """Stop, and keep every write not yet in the log on this machine, in order, for
        the next start to save (``TrainingLog.save_kept_writes``); what each was."""
        ...


# --- the log -----------------------------------------------------------------------------


class TrainingLog(Protocol):
    """Everything the app reads from and writes to the training log.

    Every method but ``block_writer`` and the block lock's blocks for a short while:
    call it from a worker thread, never from the UI thread.
    """

    @property
    def location(self) -> str:
        """Where the log is, for the lifter (a file path)."""
        ...

    def warm_up(self) -> None:
        """Load the engine's libraries and open a connection, so the first write or
        history query does not pay for them."""
        ...

    def checkpoint(self) -> None:
        """Fold the journal into the log, at a quiet moment (between blocks)."""
        ...

    def close(self) -> None:
        """Let go of every connection (the log may be opened again after)."""
        ...

    # -- one block at a time, across windows
    def claim_block(self) -> bool:
        """Take the lifter's block lock for this window; False when another window has it."""
        ...

    def release_block(self) -> None:
        """Let another window (or the next start) take a block over."""
        ...

    def block_running_elsewhere(self) -> bool:
        """Another window on this log has a block of this lifter's under the cuff right now."""
        ...

    # -- lifters: a log holds one or more; every read and write below but the library's
    # is the chosen lifter's
    def lifters(self) -> list[LifterFacts]:
        """Every lifter this connection may see, by name."""
        ...

    @property
    def lifter(self) -> LifterFacts | None:
        """The lifter the log reads and writes for, once chosen."""
        ...

    def use_lifter(self, lifter: LifterFacts) -> None:
        """Read and write for ``lifter`` from now on (never while a block runs)."""
        ...

    def choose_lifter(self, wanted: str | None, *, required: bool = False) -> LifterFacts | None:
        """Use the lifter called ``wanted`` (StoreError naming who there is), else the only
        one (a log with none gets its first, after the machine's login). With several and
        none named: None, or with ``required`` a StoreError saying to name one."""
        ...

    def coach_overview(self, *, now: datetime) -> list[LifterOverview]:
        """Every lifter this connection may see, by name, with their recent training,
        red flags, screening and resting limbs as of ``now``: in a few queries for all
        of them, whoever the log is pointed at."""
        ...

    def add_demo_lifters(self, count: int) -> list[LifterFacts]:
        """``count`` made-up lifters for a demo log (those already there are reused)."""
        ...

    def lifter_called(self, name: str) -> LifterFacts:
        """The lifter called ``name``, any case; StoreError naming who there is."""
        ...

    def add_lifter(self, name: str) -> LifterFacts:
        """A new lifter, not yet screened; ValueError for an empty or taken name."""
        ...

    def rename_lifter(self, lifter: LifterFacts, name: str) -> LifterFacts:
        """Another name for a lifter; ValueError for an empty or taken name."""
        ...

    def lifter_rows(self, lifter: LifterFacts) -> dict[str, int]:
        """How many rows of each kind the lifter has (table name: rows)."""
        ...

    def remove_lifter(self, lifter: LifterFacts) -> LifterRemoved:
        """Delete a lifter and everything of theirs."""
        ...

    # -- who may read and write it: roles on a PostgreSQL server (row-level security)
    def grant_lifter(self, lifter: LifterFacts, role: str) -> str | None:
        """Let the server's role ``role`` read and write ``lifter``'s rows and no one
        else's (and the shared exercise library); the role that was theirs until now, if
        another. StoreError on a SQLite file (one owner, no roles), for a role the server
        does not know or that is another lifter's, and unless run as the log's owner."""
        ...

    def grant_coach(self, role: str) -> None:
        """Let the server's role ``role`` read and write every lifter's rows, and add and
        remove lifters; StoreError as for ``grant_lifter``."""
        ...

    def revoke_role(self, role: str) -> RoleRevoked:
        """Take back what ``grant_lifter`` or ``grant_coach`` gave ``role``."""
        ...

    # -- the chosen lifter's settings
    def profile(self) -> ProfileFacts:
        """The lifter's settings and screening (kg, not yet screened, for a new one)."""
        ...

    def save_screening(
        self, *, answers: dict[str, bool], screened_on: date, cleared: bool, unit: Unit
    ) -> None:
        """The screening (R8) and the unit the lifter logs in, in one transaction; a
        new unit moves the exercises not yet trained to it."""
        ...

    def save_theme(self, theme: str) -> None:
        """Remember the lifter's colour theme."""
        ...

    def lop_remeasure_days(self) -> int:
        """Days after which the lifter's LOPs ask to be measured again (R14; 30 until
        they change it)."""
        ...

    def save_lop_remeasure_days(self, days: int) -> None:
        """Another re-measure interval; ValueError outside its range
        (``domain.limits.LOP_REMEASURE_DAYS``)."""
        ...

    # -- the chosen lifter's cuffs and limb occlusion pressures (R12, R14, R16)
    def cuffs(self, *, include_archived: bool = False) -> list[CuffRecord]:
        """The lifter's cuffs, by name."""
        ...

    def add_cuff(self, cuff: CuffProfile) -> CuffRecord:
        """A new cuff; ValueError for a name the lifter already gave a cuff (any case)."""
        ...

    def edit_cuff(self, cuff_id: int, cuff: CuffProfile) -> CuffRecord:
        """Another name or stretch mark for a cuff, or, until it is first used, another
        kind or width. ValueError for a taken name, or a new kind or width on a cuff with
        blocks or LOPs (they were measured with the cuff as it was: add another cuff).
        LookupError for a cuff that is not the lifter's."""
        ...

    def archive_cuff(self, cuff_id: int, *, archived: bool = True) -> None:
        """Put a cuff away (or, with ``archived=False``, back); LookupError as above."""
        ...

    def last_cuff_for_limb(self, *, limb: Limb, side: Side) -> CuffRecord | None:
        """The cuff of the latest block on this limb and side (a block on both sides
        counts for each) that named one and whose cuff is not archived: the cuff check's
        first offer."""
        ...

    def last_cuff_use(self, *, limb: Limb, side: Side) -> LastCuffUse | None:
        """How the cuff was set in the latest block on this limb and side, and what was
        flagged in it (``domain.next_cuff_setting``); None before the first."""
        ...

    def record_lop(self, measurement: LopMeasurement, *, cuff_id: int) -> None:
        """An LOP measured with the lifter's cuff ``cuff_id``; ValueError when
        ``measurement`` names another cuff than that one, LookupError for a cuff that is
        not the lifter's."""
        ...

    def record_lops(self, measurements: Sequence[tuple[LopMeasurement, int]]) -> None:
        """LOPs in the order given, each with the lifter's cuff id it was measured with,
        in one transaction; the same refusals as ``record_lop``, and a refused one
        leaves none of them recorded."""
        ...

    def lop_measurements(self) -> list[LopMeasurement]:
        """Every LOP of the lifter's, oldest first, in the order recorded within a day
        (as ``domain.lop.latest_lop`` takes them)."""
        ...

    # -- the chosen lifter's session templates and weekly plan
    def templates(self, *, include_archived: bool = False) -> list[TemplateRecord]:
        """The lifter's session templates, by name, each with its blocks in order (with
        their exercises' current names and limbs)."""
        ...

    def template(self, template_id: int) -> TemplateRecord:
        """One of the lifter's templates; LookupError for one that is not theirs."""
        ...

    def save_template(
        self, template: SessionTemplate, *, template_id: int | None = None, now: datetime
    ) -> TemplateRecord:
        """A new template (``template_id`` None), or the lifter's edit of one: its name
        and blocks replaced, its place in the plan kept. ValueError for a name another
        of the lifter's templates has (any case, archived ones too); LookupError for a
        template that is not the lifter's, or an exercise not in the log."""
        ...

    def archive_template(self, template_id: int, *, archived: bool = True) -> None:
        """Put a template away (it leaves the weekly plan), or, with ``archived=False``,
        back (the lifter plans it again); LookupError as above."""
        ...

    def weekly_plan(self) -> WeeklyPlan:
        """The lifter's weekly plan (empty until they make one): weekdays in week order,
        then the N-times-a-week entries."""
        ...

    def save_weekly_plan(self, plan: WeeklyPlan) -> None:
        """The lifter's whole plan, in place of the one before (``domain.weekly_plan``
        checks it). LookupError for a template not the lifter's, ValueError for one put
        away."""
        ...

    def due_today(self, *, now: datetime) -> DueToday:
        """What the weekly plan puts on the day of ``now``, each template with the blocks
        R10's 36 h rest holds back (blocks of the visit a block started at ``now`` would
        join hold nothing): read as the exercise list is, so it shows with it."""
        ...

    # -- exercises and 1RMs
    def exercise_overview(self) -> list[ExerciseOverview]:
        """Every exercise in use with its current 1RM and last block."""
        ...

    def exercises(self, *, include_archived: bool = False) -> list[ExerciseDetails]:
        """The library, by limb then name."""
        ...

    def exercise(self, exercise_id: int) -> ExerciseDetails:
        """One exercise; LookupError when it is not in the log."""
        ...

    def add_exercise(self, draft: ExerciseDraft, *, now: datetime) -> int:
        """A new exercise; its id. ValueError for a name empty, too long or taken."""
        ...

    def update_exercise(self, exercise_id: int, draft: ExerciseDraft) -> int:
        """Save the lifter's edit (which is also their review of what an import guessed)."""
        ...

    def current_one_rep_max(self, exercise_id: int) -> OneRepMaxEntry | None:
        """The latest 1RM of an exercise, or None."""
        ...

    def record_one_rep_max(
        self, *, exercise_id: int, value: float, unit: Unit, recorded_on: date,
        method: OneRepMaxMethod, source: str,
    ) -> None:
        """A tested or estimated 1RM (R3); ValueError or LookupError when refused."""
        ...

    def one_rep_max_history(self, exercise_id: int) -> list[OneRepMaxEntry]:
        """Every 1RM on record for an exercise, oldest first (by date, then as entered)."""
        ...

    # -- blocks
    def block_context(self, *, exercise_id: int, now: datetime) -> BlockContext:
        """The exercise, its 1RM, its last block and the limb's last cuff time."""
        ...

    def block_record(self, block_id: int) -> BlockRecord:
        """A block and everything logged of it."""
        ...

    def interrupted_block(self) -> BlockRecord | None:
        """The latest block left open when the app last stopped, if any."""
        ...

    def save_kept_writes(self) -> KeptWritesSaved | None:
        """Save the writes of a block that a stopped app kept on this machine, before
        anything else reads the log at start; None when there were none."""
        ...

    def close_interrupted(self, *, block_id: int, cuff_off_at: datetime) -> None:
        """Close a block the app never closed, at the time the lifter was told."""
        ...

    def block_writer(
        self, *, reports: WriteReports, deliver: Callable[[Callable[[], None]], None],
        watch: Callable[[], None] | None = None, block_id: int | None = None,
    ) -> BlockWriter:
        """The writer of one live block (``block_id`` when resuming one), on a thread of
        its own.

        ``deliver`` runs a report on the screen's thread; ``watch`` is called on the
        asking thread each time a write is asked for (a UI can start a worker there that
        waits on ``BlockWriter.wait_for_writes``, so it can wait for the writes).
        """
        ...

    # -- history
    def history_rows(
        self, *, exercise_id: int | None = None, since: date | None = None,
        until: date | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[HistoryRow]:
        """Blocks newest first, filtered by exercise and an inclusive date range."""
        ...

    def count_history(
        self, *, exercise_id: int | None = None, since: date | None = None,
        until: date | None = None,
    ) -> int:
        """How many blocks ``history_rows`` would list with the same filters."""
        ...

    def progress_points(
        self, *, exercise_id: int, max_points: int | None = None
    ) -> list[ProgressPoint]:
        """Load and total reps of an exercise's blocks, oldest first, in its unit."""
        ...

    def session_days(self, *, since: date, until: date) -> dict[date, int]:
        """How many blocks were done on each training day, both ends included."""
        ...

    def weekly_cuff_time(self, *, since: date, until: date) -> list[WeekOfCuffTime]:
        """Blocks and cuff time per week (from its Monday) and limb, of the blocks done
        from ``since`` to ``until`` (both days included); oldest week first, arm before
        leg, weeks and limbs without a block left out."""
        ...

    def export_file(
        self, *, path: Path, layout: ExportLayout, force: bool,
        exercise_id: int | None = None, since: date | None = None, until: date | None = None,
        progress: Progress | None = None, all_lifters: bool = False,
    ) -> int:
        """Write the lifter's log as CSV to ``path``, whole or not at all; the number of
        rows. With ``all_lifters``, every lifter this connection may see, by name, each
        one's rows in log order, with a last column ``lifter`` (their name): native
        layout only, no lifter need be chosen. ExportError or OSError when it cannot be
        written."""
        ...

    def export_csv(
        self, out: TextIO, *, layout: ExportLayout = "native", exercise_id: int | None = None,
        since: date | None = None, until: date | None = None, progress: Progress | None = None,
        all_lifters: bool = False,
    ) -> int:
        """Write the log as CSV to ``out`` (standard output, a pipe); the number of rows.
        ``all_lifters`` as for :meth:`export_file`."""
        ...

    # -- the log as a whole (the command line)
    def version(self) -> SchemaVersion:
        """The log's schema, read without changing it: a read-only log may be asked, and
        a log from a newer bfr-tui is described, not refused. StoreError when there is
        no log, or it is not one."""
        ...

    def upgrade(self, *, asked: bool = False) -> str | None:
        """Check the log, create it if new, and bring its schema to this version.

        Every other method needs this done once (by this process or another). An older
        log is upgraded in one transaction, so on failure it is as it was: a file is
        copied beside itself first; a server's log, which other clients may be using,
        only when ``asked`` (``bfr-tui db upgrade``). Where a copy is kept, or None.
        StoreError when the log cannot be used (not a log, damaged, newer, read-only,
        a server that cannot be reached or refuses the lifter).
        """
        ...

    def back_up(
        self, target: Path, *, force: bool = False, progress: Progress | None = None,
        lifter: str | None = None,
    ) -> int:
        """A whole, private copy of the log at ``target``, safe while another window
        writes; the log itself is never changed. The number of sets copied.

        With ``lifter`` (a name, any case), a SQLite log of that lifter alone: their
        settings and screening, 1RMs, sessions, blocks, sets and symptom flags, and the
        exercise library, ids kept, so it opens on them with no other lifter to see."""
        ...

    def seed_library_if_empty(self, *, now: datetime) -> int:
        """Give a log without a single exercise the starter library; how many were added.
        A log with exercises is the lifter's to shape, and is left alone."""
        ...

    def find_exercise(self, name: str) -> ExerciseDetails | None:
        """The exercise called ``name`` (any case, archived too), or None."""
        ...

    def fill_demo(
        self, *, weeks: int = 12, seed: int = 7, end: datetime, sets_target: int | None = None,
        force: bool = False, progress: Progress | None = None,
    ) -> DemoSummary:
        """``weeks`` of made-up history ending the day before ``end`` (further back until
        ``sets_target`` sets exist). StoreError for a log with blocks, unless ``force``."""
        ...

    def add_demo_plan(self, *, now: datetime) -> int:
        """Two session templates made of the demo history's own days and a weekly plan of
        them, for a lifter with no template yet (their own are never touched); how many
        templates were added."""
        ...

    def copy_into(
        self, target: TrainingLog, *, merge: bool = False, now: datetime,
        progress: Progress | None = None,
    ) -> CopySummary:
        """This whole log into ``target`` (on either engine), read in one snapshot.

        An empty target gets every row as it is here, so the two export the same.
        StoreError for a target with training in it, unless ``merge``: then what the
        target lacks is added, as an import of this log's export adds it (again adds
        nothing).
        """
        ...

    def import_csv(
        self, source: Path, *, layout: ImportLayoutChoice = "auto", unit: Unit | None = None,
        dry_run: bool = False, now: datetime, progress: Progress | None = None,
        upgraded: Callable[[str], None] | None = None, lifter: str | None = None,
    ) -> ImportSummary:
        """Read a CSV export (ours, Strong's, Hevy's or FitNotes') into a lifter's log.

        The whole file is read and checked before the log is touched: a bad file
        changes nothing, and neither does a dry run. Only then is the log created or
        upgraded (``upgraded`` hears where the old log is kept) and the import written
        in one transaction. ``unit`` is that of a file that does not say. The lifter is
        the one the log was pointed at, else ``lifter`` (a name), else the only one (a
        new log's first, made in the same transaction).
        """
        ...


class LogHost(Protocol):
    """What an app that runs bfr-tui's screens gives them: the log and the clock."""

    training_log: TrainingLog
    clock: Clock

