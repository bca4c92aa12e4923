"""Importing bfr-tui's own CSV export (``store.export``, native layout) back into a log.

Rows are grouped back into blocks and sessions: a block is a run of rows with the
same session, exercise, side, cuff-on time and cuff data whose set numbers go up; a
row without a set number is a block stopped before its first set. Text cells lose
the export's spreadsheet guard (``export.unguard_text``) and numbers are read as
written, so export, import into an empty log and export again give the same file.

A block already in the log (same exercise, side and cuff-on time, to the second) is
left as it is, which makes a second import of the same file add nothing. Exports
made before the columns after ``notes`` existed still import: cuff-on times, set
times and protocols are then worked out from what the row does say.

A block's named cuff (schema 7) becomes the lifter's cuff of that name: one they
already have, found by name as the cuff list finds it, or one added with the file's
kind, width and stretch mark. A cuff whose kind or width is not that of the lifter's
cuff of the same name refuses the whole file: the block's pressures were measured with
another cuff, and storing them under this one would change what they mean.

An export of every lifter (its last column ``lifter``) puts each row with the lifter
it names, matched by name as ``bfr-tui lifters`` matches them (any case, any spacing);
a lifter the log lacks is added. A block is the same block only for the same lifter.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select as model_select

from bfr_tui.domain.cuff_profile import (
    CuffError,
    CuffKind,
    CuffProfile,
    cuff_profile,
)
from bfr_tui.domain.exercise_names import same_name_key
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import DISCOMFORT, PRESSURE_MMHG, RPE
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.symptoms import SymptomKind, is_red_flag
from bfr_tui.domain.tempo import TempoError, parse_tempo, tempo_text
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, Unit
from bfr_tui.store import queries
from bfr_tui.store.export import LIFTER_COLUMN, NATIVE_COLUMNS, SYMPTOM_SEPARATOR, unguard_text
from bfr_tui.store.import_common import CsvTable, ImportFileError, ImportReport, NewExercise
from bfr_tui.store.models import (
    Block,
    Cuff,
    Exercise,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.store.names import NAME_MAX, clean_name, name_key
from bfr_tui.store.progress import Progress, Ticker
from bfr_tui.store.row_ids import RowIds
from bfr_tui.store.seed import EXERCISE_LIBRARY, LibraryEntry, seed_exercises
from bfr_tui.store.utc_time import aware

# Stands in for a required time that is missing, where the row has already failed.
_NEVER = datetime.min.replace(tzinfo=UTC)

# The columns every native export has had; the rest are read when present.
REQUIRED_COLUMNS: tuple[str, ...] = NATIVE_COLUMNS[: NATIVE_COLUMNS.index("notes") + 1]
# Cells that belong to the block (or its session), the same on each of its rows.
_BLOCK_COLUMNS: tuple[str, ...] = (
    "session_started",
    "exercise",
    "limb",
    "side",
    "unit",
    "one_rm",
    "tightness",
    "pressure_mmhg",
    "occlusion_s",
    "notes",
    "session_ended",
    "session_notes",
    "cuff_on",
    "protocol",
    "protocol_reps",
    "rest_target_s",
    "end_reason",
    "pulse_felt",
    "skin_normal",
    "lop_percent",
    "cuff_width_cm",
    "cuff",
    "cuff_kind",
    "cuff_own_width_cm",
    "cuff_wrap_mark",
    "target_mmhg",
    "tempo",
    LIFTER_COLUMN,
)
_YES_NO = {"yes": True, "no": False}
# Rows per executemany while writing; keeps memory flat for a long history.
INSERT_CHUNK = 5000
# Blocks between two progress reports (about 2,000 sets).
IMPORT_PROGRESS_EVERY = 500


def native_layout_problem(table: CsvTable) -> str | None:
    """Why the header is not our native layout, or None when it is."""
    missing = [name for name in REQUIRED_COLUMNS if not table.has(name)]
    if missing:
        return f"the column {missing[0]!r} is missing"
    return None


# --- reading -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Set:
    number: int
    target: int
    reps: int
    load: float
    rest: float | None
    started: datetime | None
    ended: datetime | None
    rpe: int | None
    discomfort: int | None


@dataclass(slots=True)
class _Flag:
    kind: str
    at: datetime | None
    set_index: int | None
    note: str


@dataclass(slots=True)
class _Block:
    line: int
    cells: tuple[str, ...]
    session_started: datetime
    session_ended: datetime | None
    session_notes: str
    exercise: str
    limb: str
    side: str
    unit: str
    one_rm: float | None
    tightness: int
    pressure: float | None
    occlusion_s: int | None
    notes: str
    cuff_on: datetime | None
    protocol_name: str | None
    protocol_reps: str | None
    rest_target: int | None
    end_reason: str | None
    pulse_felt: bool
    skin_normal: bool
    lop_percent: float | None
    cuff_width_cm: float | None
    cuff: CuffProfile | None
    target_mmhg: int | None
    tempo: str | None
    """As stored: ``2/2`` or ``off``; None for a block from before tempos were kept."""
    load: float
    lifter: str | None
    """Whose block, in an export of every lifter; None in an export of one."""
    sets: list[_Set] = field(default_factory=list)
    flags: list[_Flag] = field(default_factory=list)

    @property
    def setless(self) -> bool:
        """A block stopped before its first set: one row with no set number."""
        return not self.sets

    @property
    def cuff_off(self) -> datetime | None:
        """When the cuff came off, from cuff-on and the occlusion time."""
        if self.cuff_on is None or self.occlusion_s is None:
            return None
        return self.cuff_on + timedelta(seconds=self.occlusion_s)


@dataclass(slots=True)
class NativeLog:
    """A native export, read and checked, grouped into blocks in file order."""

    blocks: list[_Block]
    by_lifter: bool = False
    """An export of every lifter: each block names its lifter."""

    def lifters(self) -> dict[str, list[_Block]]:
        """Each lifter's blocks, by the name the file first gives them, in file order."""
        found: dict[str, list[_Block]] = {}
        names: dict[str, str] = {}
        for block in self.blocks:
            assert block.lifter is not None
            name = names.setdefault(name_key(block.lifter), block.lifter)
            found.setdefault(name, []).append(block)
        return found


class _Row:
    """One row's cells, read by column name, with errors that say where."""

    __slots__ = ("cells", "line", "table")

    def __init__(self, table: CsvTable, line: int, cells: list[str]) -> None:
        self.table, self.line, self.cells = table, line, cells

    def raw(self, column: str) -> str:
        position = self.table.position(column)
        return "" if position is None else self.cells[position]

    def fail(self, column: str, message: str) -> ImportFileError:
        return self.table.error(message, line=self.line, column=column)

    def text(self, column: str) -> str:
        return unguard_text(self.raw(column))

    def number(self, column: str, *, required: bool = False, minimum: float = 0.0) -> float | None:
        cell = self.raw(column).strip()
        if not cell:
            if required:
                raise self.fail(column, "a number is needed here.")
            return None
        try:
            value = float(cell)
        except ValueError:
            raise self.fail(column, f"{cell!r} is not a number.") from None
        if not math.isfinite(value) or value < minimum:
            raise self.fail(column, f"{cell!r} is out of range (at least {minimum:g}).")
        return value

    def whole(
        self, column: str, *, required: bool = False, low: int = 0, high: int | None = None
    ) -> int | None:
        cell = self.raw(column).strip()
        if not cell:
            if required:
                raise self.fail(column, "a whole number is needed here.")
            return None
        if not (cell.isascii() and cell.lstrip("-").isdigit()):
            raise self.fail(column, f"{cell!r} is not a whole number.")
        value = int(cell)
        if value < low or (high is not None and value > high):
            shown = f"{low}-{high}" if high is not None else f"at least {low}"
            raise self.fail(column, f"{value} is out of range ({shown}).")
        return value

    def time(self, column: str, *, required: bool = False) -> datetime | None:
        cell = self.raw(column).strip()
        if not cell:
            if required:
                raise self.fail(column, "a date and time is needed here.")
            return None
        return self.parse_time(column, cell)

    def parse_time(self, column: str, cell: str) -> datetime:
        try:
            moment = datetime.fromisoformat(cell)
        except ValueError:
            raise self.fail(
                column, f"{cell!r} is not a date and time like 2026-03-02T18:30:00-06:00."
            ) from None
        # Without an offset (an export of an older bfr-tui): the lifter's wall clock.
        return aware(moment)

    def choice(self, column: str, allowed: set[str] | frozenset[str]) -> str:
        cell = self.raw(column).strip()
        if cell not in allowed:
            shown = ", ".join(sorted(allowed))
            raise self.fail(column, f"{cell!r} is not one of {shown}.")
        return cell

    def flag(self, column: str, default: bool) -> bool:
        cell = self.raw(column).strip().casefold()
        if not cell and not self.table.has(column):
            return default
        if cell not in _YES_NO:
            raise self.fail(column, f"{self.raw(column)!r} is not yes or no.")
        return _YES_NO[cell]


_LIMBS = frozenset(limb.value for limb in Limb)
_SIDES = frozenset(side.value for side in Side)
_UNITS = frozenset(unit.value for unit in Unit)
_KINDS = frozenset(kind.value for kind in SymptomKind)
_CUFF_KINDS = frozenset(kind.value for kind in CuffKind)


def _cuff_from(row: _Row) -> CuffProfile | None:
    name = row.text("cuff")
    if not name.strip():
        return None
    kind = row.choice("cuff_kind", _CUFF_KINDS)
    width = row.number("cuff_own_width_cm", required=True) or 0.0
    try:
        return cuff_profile(name=name, kind=kind, width_cm=width,
                            wrap_mark=row.text("cuff_wrap_mark"))
    except CuffError as error:
        raise row.fail("cuff", str(error)) from None


def _tempo_from(row: _Row) -> str | None:
    cell = row.text("tempo")
    if not cell.strip():
        return None
    try:
        return tempo_text(parse_tempo(cell))
    except TempoError as error:
        raise row.fail("tempo", str(error)) from None


def _block_from(row: _Row, cells: tuple[str, ...]) -> _Block:
    exercise = " ".join(row.text("exercise").split())
    if not exercise:
        raise row.fail("exercise", "the exercise name is empty.")
    if len(exercise) > NAME_MAX:
        raise row.fail("exercise", f"the name is longer than {NAME_MAX} characters.")
    one_rm = row.number("one_rm")
    if one_rm == 0:
        raise row.fail("one_rm", "a 1RM must be above zero.")
    protocol_reps = row.text("protocol_reps").strip() or None
    if protocol_reps is not None and not all(
        part.isascii() and part.isdigit() for part in protocol_reps.split("-")
    ):
        raise row.fail("protocol_reps", f"{protocol_reps!r} does not look like 30-15-15-15.")
    occlusion = row.whole("occlusion_s")
    lifter: str | None = None
    if row.table.has(LIFTER_COLUMN):
        try:
            lifter = clean_name(row.text(LIFTER_COLUMN), what="The lifter")
        except ValueError as error:
            raise row.fail(LIFTER_COLUMN, str(error)) from None
    return _Block(
        line=row.line,
        cells=cells,
        session_started=row.time("session_started", required=True) or _NEVER,
        session_ended=row.time("session_ended"),
        session_notes=row.text("session_notes"),
        exercise=exercise,
        limb=row.choice("limb", _LIMBS),
        side=row.choice("side", _SIDES),
        unit=row.choice("unit", _UNITS),
        one_rm=one_rm,
        tightness=row.whole("tightness", required=True, low=1, high=10) or 0,
        pressure=row.number("pressure_mmhg"),
        occlusion_s=occlusion,
        notes=row.text("notes"),
        cuff_on=row.time("cuff_on", required=row.table.has("cuff_on")),
        protocol_name=row.text("protocol") if row.table.has("protocol") else None,
        protocol_reps=protocol_reps,
        rest_target=row.whole("rest_target_s"),
        end_reason=row.text("end_reason") if row.table.has("end_reason") else None,
        pulse_felt=row.flag("pulse_felt", True),
        skin_normal=row.flag("skin_normal", True),
        lop_percent=row.number("lop_percent"),
        cuff_width_cm=row.number("cuff_width_cm"),
        cuff=_cuff_from(row),
        target_mmhg=row.whole("target_mmhg", low=1, high=int(PRESSURE_MMHG.high)),
        tempo=_tempo_from(row),
        load=row.number("load", required=True) or 0.0,
        lifter=lifter,
    )


def _flags_from(row: _Row, set_index: int | None) -> list[_Flag]:
    listed = row.text("symptoms").strip()
    kinds = [k.strip() for k in listed.split(SYMPTOM_SEPARATOR)] if listed else []
    for kind in kinds:
        if kind not in _KINDS:
            raise row.fail("symptoms", f"{kind!r} is not a symptom this app records.")
    details_cell = row.text("symptom_details").strip()
    if not details_cell:
        # An older export: only the kinds. They belong to the row's set, if it has one.
        return [_Flag(kind, None, set_index, "") for kind in kinds]
    try:
        details = json.loads(details_cell)
        flags = [
            _Flag(
                kind=str(item["kind"]),
                at=row.parse_time("symptom_details", str(item["at"])),
                set_index=set_index if item["in_set"] is True else None,
                note=str(item["note"]),
            )
            for item in details
        ]
    except (ValueError, TypeError, KeyError):
        raise row.fail("symptom_details", "the symptom details cannot be read.") from None
    if [flag.kind for flag in flags] != kinds:
        raise row.fail("symptom_details", "the details do not match the symptoms column.")
    return flags


def read_native(table: CsvTable, report: ImportReport) -> NativeLog:
    """Read and check every row of a native export; nothing is written here."""
    positions = [table.position(name) for name in _BLOCK_COLUMNS]
    blocks: list[_Block] = []
    current: _Block | None = None
    for line, cells in table.rows():
        report.rows_read += 1
        row = _Row(table, line, cells)
        key = tuple("" if p is None else cells[p] for p in positions)
        number = row.whole("set_number", low=1)
        starts_block = (
            current is None
            or current.setless
            or number is None
            or key != current.cells
            or number <= current.sets[-1].number
        )
        if starts_block:
            current = _block_from(row, key)
            blocks.append(current)
        assert current is not None
        set_index: int | None = None
        if number is not None:
            current.sets.append(
                _Set(
                    number=number,
                    target=row.whole("target_reps", required=True, low=1) or 0,
                    reps=row.whole("reps", required=True) or 0,
                    load=row.number("load", required=True) or 0.0,
                    rest=row.number("rest_s"),
                    started=row.time("set_started", required=row.table.has("set_started")),
                    ended=row.time("set_ended", required=row.table.has("set_ended")),
                    rpe=row.whole("rpe", low=int(RPE.low), high=int(RPE.high)),
                    discomfort=row.whole(
                        "discomfort", low=int(DISCOMFORT.low), high=int(DISCOMFORT.high)
                    ),
                )
            )
            set_index = len(current.sets) - 1
        current.flags.extend(_flags_from(row, set_index))
    _fill_in_older_exports(blocks)
    _check_no_block_twice(table, blocks)
    return NativeLog(blocks, by_lifter=table.has(LIFTER_COLUMN))


def _fill_in_older_exports(blocks: list[_Block]) -> None:
    """Cuff-on, set and flag times for exports made before those columns existed.

    A session's first block starts at the session start, each next one when the one
    before came off; sets follow each other with the rest written before them.
    """
    previous: _Block | None = None
    for block in blocks:
        if block.cuff_on is None:
            same_session = previous is not None and (
                previous.session_started == block.session_started
            )
            if same_session and previous is not None and previous.cuff_on is not None:
                block.cuff_on = previous.cuff_off or previous.cuff_on + timedelta(seconds=1)
            else:
                block.cuff_on = block.session_started
        clock = block.cuff_on
        for entry in block.sets:
            if entry.started is None:
                entry.started = clock + timedelta(seconds=entry.rest or 0)
            if entry.ended is None:
                entry.ended = entry.started
            clock = entry.ended
        for flag in block.flags:
            if flag.at is None:
                owner = block.sets[flag.set_index] if flag.set_index is not None else None
                flag.at = (owner.ended if owner else None) or block.cuff_off or block.cuff_on
        previous = block


def _block_key(exercise_id: int | str, side: str, cuff_on: datetime) -> tuple[Any, str, datetime]:
    return (exercise_id, side, cuff_on.replace(microsecond=0))


def _check_no_block_twice(table: CsvTable, blocks: list[_Block]) -> None:
    seen: dict[tuple[tuple[Any, str, datetime], str], int] = {}
    for block in blocks:
        assert block.cuff_on is not None
        # Two lifters in one clinic may well put a cuff on at the same second.
        key = (
            _block_key(same_name_key(block.exercise), block.side, block.cuff_on),
            name_key(block.lifter or ""),
        )
        if key in seen:
            raise table.error(
                f"a second block of {block.exercise!r} (side {block.side}) with the cuff on "
                f"at {block.cuff_on.isoformat()}; the first is on line {seen[key]}.",
                line=block.line,
                column="cuff_on",
            )
        seen[key] = block.line


# --- writing -----------------------------------------------------------------------------


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class _Inserts:
    """Rows waiting for a bulk insert, with the ids they will get (see ``row_ids``)."""

    def __init__(
        self, connection: Connection | None, tables: tuple[Table, ...], *, lifter_id: int | None
    ) -> None:
        self.connection = connection
        # Every row an import adds is the lifter's it was asked for.
        self.lifter_id = lifter_id
        self.tables = tables
        self.pending: dict[str, list[dict[str, Any]]] = {t.name: [] for t in tables}
        self.ids = {
            table.name: RowIds(connection, table, largest=INSERT_CHUNK) for table in tables
        }

    def add(self, table: Table, row: dict[str, Any]) -> int:
        row_id = self.ids[table.name].take()
        row["id"] = row_id
        row["lifter_id"] = self.lifter_id
        self.pending[table.name].append(row)
        return row_id

    def flush(self, *, force: bool = False) -> None:
        if not force and all(len(rows) < INSERT_CHUNK for rows in self.pending.values()):
            return
        # Parents first, so the foreign keys hold at every statement.
        for table in self.tables:
            rows = self.pending[table.name]
            if rows and self.connection is not None:
                self.connection.execute(insert(table), rows)
            self.pending[table.name] = []


def _library_entry(name: str) -> LibraryEntry | None:
    key = same_name_key(name)
    return next((e for e in EXERCISE_LIBRARY if same_name_key(e.name) == key), None)


class _Exercises:
    """The log's exercises by name; adds the ones the file has and the log lacks."""

    def __init__(
        self, session: Session | None, report: ImportReport, *, lifter_id: int | None,
        write: bool, now: datetime,
    ) -> None:
        self.session, self.report, self.write, self.now = session, report, write, now
        self.lifter_id = lifter_id
        self.ids: dict[str, int] = {}
        # Library exercises this import seeded and no line has named yet: the first line
        # to name one gives it the file's spelling ("HAMMER CURL" stays so), so a native
        # export imported into a new log exports again byte for byte.
        self._seeded_unnamed: set[int] = set()
        self._next_pretend_id = -1
        if session is not None:
            for exercise_id, name in session.exec(
                model_select(col(Exercise.id), col(Exercise.name))
            ):
                assert exercise_id is not None  # a stored row has its id
                self.ids.setdefault(same_name_key(name), exercise_id)
        if not self.ids:
            self._add_library()

    def _add_library(self) -> None:
        """A new log gets the starter library first, as opening the app would give it."""
        if self.write and self.session is not None:
            unit = (
                Unit.KG if self.lifter_id is None
                else Unit(queries.get_lifter(session=self.session, lifter_id=self.lifter_id).unit)
            )
            self.report.library_added = seed_exercises(session=self.session, unit=unit,
                                                       now=self.now)
            for exercise_id, name in self.session.exec(
                model_select(col(Exercise.id), col(Exercise.name))
            ):
                assert exercise_id is not None  # a stored row has its id
                self.ids[same_name_key(name)] = exercise_id
            self._seeded_unnamed = set(self.ids.values())
            return
        self.report.library_added = len(EXERCISE_LIBRARY)
        for entry in EXERCISE_LIBRARY:
            self.ids[same_name_key(entry.name)] = self._pretend_id()

    def _spell_as_file(self, exercise_id: int, name: str) -> None:
        assert self.session is not None  # only seeded ids are in _seeded_unnamed
        exercise = self.session.get(Exercise, exercise_id)
        if exercise is not None and exercise.name != name:
            exercise.name = name
            self.session.add(exercise)

    def _pretend_id(self) -> int:
        # A dry run never writes, so new exercises get ids no real row has.
        self._next_pretend_id -= 1
        return self._next_pretend_id

    def id_for(self, block: _Block) -> int:
        key = same_name_key(block.exercise)
        found = self.ids.get(key)
        if found is not None:
            if found in self._seeded_unnamed:
                self._seeded_unnamed.discard(found)
                self._spell_as_file(found, block.exercise)
            return found
        entry = _library_entry(block.exercise)
        limb = entry.limb if entry is not None else Limb(block.limb)
        unit = Unit(block.unit)
        if self.write and self.session is not None:
            exercise = queries.add_exercise(
                session=self.session,
                name=block.exercise,
                limb=limb,
                muscle_group=entry.muscle_group if entry else "",
                compound=entry.compound if entry else False,
                suitability_note=entry.suitability_note if entry else "",
                load_step=entry.load_step if entry else DEFAULT_LOAD_STEP[unit],
                unit=unit,
                now=self.now,
            )
            assert exercise.id is not None
            new_id = exercise.id
        else:
            new_id = self._pretend_id()
        self.ids[key] = new_id
        compound = entry.compound if entry else False
        self.report.new_exercises.append(NewExercise(block.exercise, limb.value, compound, False))
        return new_id


class _Cuffs:
    """One lifter's cuffs by name; adds the ones the file names and the lifter lacks."""

    def __init__(
        self, connection: Connection | None, rows: _Inserts, table: Table, *,
        lifter_id: int | None, report: ImportReport,
    ) -> None:
        self.rows, self.table, self.report = rows, table, report
        # name key -> (id, the cuff as the lifter has it)
        self.known: dict[str, tuple[int, CuffProfile]] = {}
        # Cuffs this import adds, by name key: the line that first named each.
        self.added_on: dict[str, int] = {}
        if connection is None or lifter_id is None:
            return
        for cuff_id, name, kind, width_cm, wrap_mark in connection.execute(
            select(col(Cuff.id), col(Cuff.name), col(Cuff.kind), col(Cuff.width_cm),
                   col(Cuff.wrap_mark))
            .where(col(Cuff.lifter_id) == lifter_id)
        ):
            assert cuff_id is not None  # a stored row has its id
            self.known[name_key(name)] = (
                cuff_id, CuffProfile(name, CuffKind(kind), width_cm, wrap_mark)
            )

    def check(self, block: _Block) -> None:
        """Refuse a cuff that is not the lifter's cuff of that name."""
        cuff = block.cuff
        if cuff is None:
            return
        found = self.known.get(name_key(cuff.name))
        if found is None:
            return
        mine = found[1]
        if (mine.kind, mine.width_cm) != (cuff.kind, cuff.width_cm):
            first = self.added_on.get(name_key(cuff.name))
            theirs = (
                f"on line {first} it is" if first is not None
                else "the lifter's cuff of that name is"
            )
            raise ImportFileError(
                self.report.source,
                f"the cuff {cuff.name!r} is {cuff.kind_and_width()} here, but {theirs} "
                f"{mine.kind_and_width()}. Rename one of them, so each block keeps the cuff "
                "its pressures were measured with.",
                line=block.line,
                column="cuff",
            )

    def id_for(self, block: _Block) -> int | None:
        """The lifter's cuff the block names (added when missing); None without one."""
        cuff = block.cuff
        if cuff is None:
            return None
        self.check(block)
        key = name_key(cuff.name)
        found = self.known.get(key)
        if found is None:
            cuff_id = self.rows.add(self.table, {
                "name": cuff.name, "kind": cuff.kind.value, "width_cm": cuff.width_cm,
                "wrap_mark": cuff.wrap_mark, "archived": False,
            })
            found = self.known[key] = (cuff_id, cuff)
            self.added_on[key] = block.line
            self.report.cuffs_added.append(cuff.name)
        return found[0]


def _default_end_reason(block: _Block) -> str:
    if block.cuff_off is None:
        return ""
    if any(is_red_flag(flag.kind) for flag in block.flags):
        return "red_flag"
    return "completed"


def _protocol(block: _Block) -> tuple[str, str, int]:
    reps = block.protocol_reps
    if reps is None:
        reps = "-".join(str(s.target) for s in block.sets) or CLASSIC.reps_text
    name = block.protocol_name
    if name is None:
        name = CLASSIC.name if reps == CLASSIC.reps_text else "Custom"
    rest = block.rest_target if block.rest_target is not None else CLASSIC.rest_s
    return name, reps, rest


def apply_native(
    log: NativeLog,
    connection: Connection | None,
    *,
    lifter_id: int | None,
    report: ImportReport,
    write: bool,
    now: datetime,
    progress: Progress | None = None,
) -> None:
    """Add the file's blocks that the log does not have yet (or count them, when not ``write``).

    ``progress`` hears of the blocks gone through, a chunk at a time.
    """
    session = Session(bind=connection) if connection is not None else None
    ticker = _ticker(log, write=write, progress=progress)
    try:
        exercises = _Exercises(session, report, lifter_id=lifter_id, write=write, now=now)
        _apply(log.blocks, connection, exercises, lifter_id=lifter_id, report=report,
               ticker=ticker)
        if ticker is not None:
            ticker.finish()
        if session is not None and write:
            session.flush()
    finally:
        if session is not None:
            session.close()


def apply_native_by_lifter(
    log: NativeLog,
    connection: Connection | None,
    *,
    only: str | None,
    report: ImportReport,
    write: bool,
    now: datetime,
    progress: Progress | None = None,
) -> None:
    """An export of every lifter: each lifter's blocks added to that lifter's log, as
    :func:`apply_native` adds one lifter's; a lifter the log lacks is added first (and
    takes the unit of their first block). ``only`` (a name) keeps that lifter's rows.
    """
    whose = log.lifters()
    if only is not None:
        wanted = name_key(only)
        whose = {name: blocks for name, blocks in whose.items() if name_key(name) == wanted}
        if not whose:
            listed = ", ".join(repr(name) for name in log.lifters()) or "none"
            raise ImportFileError(
                report.source, f"the file has no rows of {only!r} (its lifters: {listed})."
            )
    report.lifters_imported = list(whose)
    session = Session(bind=connection) if connection is not None else None
    ticker = _ticker(log, write=write, progress=progress)
    try:
        there = {
            name_key(lifter.name): lifter.id
            for lifter in (queries.list_lifters(session=session) if session is not None else [])
        }
        lifter_ids: dict[str, int | None] = {}
        for name, blocks in whose.items():
            found = there.get(name_key(name))
            if found is None:
                report.lifters_added.append(name)
                if write and session is not None:
                    added = queries.add_lifter(session=session, name=name,
                                               unit=Unit(blocks[0].unit))
                    found = added.id
            lifter_ids[name] = found
        first = next(iter(lifter_ids.values()), None)
        exercises = _Exercises(session, report, lifter_id=first, write=write, now=now)
        done = 0
        for name, blocks in whose.items():
            _apply(blocks, connection, exercises, lifter_id=lifter_ids[name], report=report,
                   ticker=ticker, done_before=done)
            done += len(blocks)
        if ticker is not None:
            ticker.finish()
        if session is not None and write:
            session.flush()
    finally:
        if session is not None:
            session.close()


def _ticker(log: NativeLog, *, write: bool, progress: Progress | None) -> Ticker | None:
    if progress is None:
        return None
    what = "Adding to the log" if write else "Checking against the log"
    return Ticker(progress, what, len(log.blocks), every=IMPORT_PROGRESS_EVERY)


def _apply(
    blocks_in_file: list[_Block],
    connection: Connection | None,
    exercises: _Exercises,
    *,
    lifter_id: int | None,
    report: ImportReport,
    ticker: Ticker | None = None,
    done_before: int = 0,
) -> None:
    """One lifter's blocks from the file, those their log lacks added (when ``exercises``
    writes) or counted."""
    write = exercises.write
    sessions: dict[datetime, int] = {}
    present: set[tuple[Any, str, datetime]] = set()
    if connection is not None:
        # No lifter yet: a new log has no training, and a log from before lifters (read
        # by a dry run) has only the training its first lifter will get.
        visits_of = () if lifter_id is None else (col(TrainingSession.lifter_id) == lifter_id,)
        blocks_of = () if lifter_id is None else (col(Block.lifter_id) == lifter_id,)
        for visit_id, started in connection.execute(
            select(col(TrainingSession.id), col(TrainingSession.started_at))
            .where(*visits_of)
            .order_by(col(TrainingSession.id))
        ):
            assert visit_id is not None  # a stored row has its id
            sessions.setdefault(started.replace(microsecond=0), visit_id)
        for exercise_id, side, cuff_on in connection.execute(
            select(col(Block.exercise_id), col(Block.side), col(Block.cuff_on_at))
            .where(*blocks_of)
        ):
            present.add(_block_key(exercise_id, side, cuff_on))

    tables = tuple(_table(m) for m in (Cuff, TrainingSession, Block, SetEntry, SymptomFlag))
    cuff_table, visits, blocks, sets, flags = tables
    if write and lifter_id is None:
        raise ValueError("an import writes into a lifter's log: choose the lifter first")
    rows = _Inserts(connection if write else None, tables, lifter_id=lifter_id)
    cuffs = _Cuffs(connection, rows, cuff_table, lifter_id=lifter_id, report=report)
    for done, block in enumerate(blocks_in_file, start=done_before):
        if ticker is not None:
            ticker(done)
        assert block.cuff_on is not None
        exercise_id = exercises.id_for(block)
        if _block_key(exercise_id, block.side, block.cuff_on) in present:
            # A file that disagrees with the lifter's cuffs is refused all the same.
            cuffs.check(block)
            report.blocks_already_there += 1
            continue
        session_key = block.session_started.replace(microsecond=0)
        visit_id = sessions.get(session_key)
        if visit_id is None:
            visit_id = rows.add(
                visits,
                {
                    "started_at": block.session_started,
                    "ended_at": block.session_ended,
                    "notes": block.session_notes,
                },
            )
            sessions[session_key] = visit_id
            report.sessions_added += 1
        name, reps, rest = _protocol(block)
        block_id = rows.add(
            blocks,
            {
                "session_id": visit_id,
                "exercise_id": exercise_id,
                "side": block.side,
                "protocol_name": name,
                "protocol_reps": reps,
                "rest_target_s": rest,
                "load": block.sets[0].load if block.sets else block.load,
                "unit": block.unit,
                "one_rm": block.one_rm,
                "tightness": block.tightness,
                "pulse_felt": block.pulse_felt,
                "skin_normal": block.skin_normal,
                "pressure_mmhg": block.pressure,
                "lop_percent": block.lop_percent,
                "cuff_width_cm": block.cuff_width_cm,
                "cuff_id": cuffs.id_for(block),
                "target_mmhg": block.target_mmhg,
                "tempo": block.tempo,
                "cuff_on_at": block.cuff_on,
                "cuff_off_at": block.cuff_off,
                "end_reason": (
                    block.end_reason if block.end_reason is not None
                    else _default_end_reason(block)
                ),
                "notes": block.notes,
            },
        )
        present.add(_block_key(exercise_id, block.side, block.cuff_on))
        report.blocks_added += 1
        set_ids = [
            rows.add(
                sets,
                {
                    "block_id": block_id,
                    "set_number": entry.number,
                    "target_reps": entry.target,
                    "reps": entry.reps,
                    "load": entry.load,
                    "started_at": entry.started,
                    "ended_at": entry.ended,
                    "rest_before_s": entry.rest,
                    "rpe": entry.rpe,
                    "discomfort": entry.discomfort,
                },
            )
            for entry in block.sets
        ]
        report.sets_added += len(set_ids)
        for flag in block.flags:
            rows.add(
                flags,
                {
                    "block_id": block_id,
                    "set_id": set_ids[flag.set_index] if flag.set_index is not None else None,
                    "kind": flag.kind,
                    "raised_at": flag.at,
                    "note": flag.note,
                },
            )
            report.flags_added += 1
        rows.flush()
    rows.flush(force=True)
