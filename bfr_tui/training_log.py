"""The training log as the app sees it: one interface, and the records it hands back.

Screens, widgets and the command palette talk to the log only through
:class:`TrainingLog`, from worker threads, and get plain frozen records back: never a
table row, an engine or a session. Which engine holds the log (a SQLite file today) is
the store's business: ``bfr_tui.store.open_log`` picks it from a URL.

Every record is named here. The first screen's are made in ``first_records``, the rest in
``log_records``, which loads the first time one of them is named (as ``textual.widgets``
loads its widgets), so the app's first frame does not wait for classes it has no use for.

Pure Python, like ``domain/``: no Textual, and no SQLAlchemy or SQLModel, so the
app can import it before its first frame (SQLAlchemy loads later, on a worker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

from bfr_tui.first_records import (
    DEFAULT_THEME as DEFAULT_THEME,
    ExerciseDetails as ExerciseDetails,
    ExerciseOverview as ExerciseOverview,
    LifterFacts as LifterFacts,
    ProfileFacts as ProfileFacts,
)

if TYPE_CHECKING:
    # Named only in signatures and fields: the app's first frame does not wait for the
    # domain's rules to import (the few methods that apply them import them when called).
    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.clock import Clock
    from bfr_tui.domain.cuff_profile import CuffProfile
    from bfr_tui.domain.due import DueToday
    from bfr_tui.domain.estimate import OneRepMaxMethod
    from bfr_tui.domain.limbs import Limb, Side
    from bfr_tui.domain.lop import LopMeasurement
    from bfr_tui.domain.next_cuff_setting import LastCuffUse
    from bfr_tui.domain.session_template import SessionTemplate
    from bfr_tui.domain.set_rating import SetRating
    from bfr_tui.domain.units import Unit
    from bfr_tui.domain.weekly_plan import WeeklyPlan
    from bfr_tui.log_records import (
        BlockContext as BlockContext,
        BlockFacts as BlockFacts,
        BlockRecord as BlockRecord,
        BlockStarted as BlockStarted,
        CopySummary as CopySummary,
        CuffRecord as CuffRecord,
        DemoSummary as DemoSummary,
        ExerciseDraft as ExerciseDraft,
        FlagRecord as FlagRecord,
        HistoryRow as HistoryRow,
        ImportSummary as ImportSummary,
        KeptWritesSaved as KeptWritesSaved,
        LastBlock as LastBlock,
        LifterOverview as LifterOverview,
        LifterRemoved as LifterRemoved,
        LoggedSet as LoggedSet,
        OneRepMaxEntry as OneRepMaxEntry,
        ProgressPoint as ProgressPoint,
        RaisedFlag as RaisedFlag,
        RoleRevoked as RoleRevoked,
        TemplateRecord as TemplateRecord,
        WeekOfCuffTime as WeekOfCuffTime,
        WriteFailure as WriteFailure,
        stored_protocol as stored_protocol,
    )
else:
    def __getattr__(name: str) -> object:
        """A record of ``log_records``, which loads the first time one is named."""
        # Dunder names are the import system's questions (``__path__``), never a record.
        if not name.startswith("__"):
            from bfr_tui import log_records

            found = getattr(log_records, name, None)
            if getattr(found, "__module__", None) == log_records.__name__:
                return found
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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


class NoLifterChosen(StoreError):
    """A lifter's reads or writes were asked before the log was told whose they are."""

    def __init__(self) -> None:
        super().__init__("no lifter chosen: choose one with --lifter NAME")


# --- exercises ---------------------------------------------------------------------------


# --- cuffs -------------------------------------------------------------------------------


# --- session templates -------------------------------------------------------------------


# --- blocks ------------------------------------------------------------------------------


# --- history -----------------------------------------------------------------------------


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


# --- the live block's writes -------------------------------------------------------------


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

