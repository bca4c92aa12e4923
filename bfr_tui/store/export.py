"""CSV export of the training log: one row per set, in our own layout or Strong's.

Sets are streamed from one joined query (after one small query for the symptom
flags, which are few), so a long history exports in near-constant memory.

Every text cell goes through :func:`guard_formula`, because a CSV is usually
opened in a spreadsheet, and a cell such as ``=HYPERLINK(...)`` typed as an
exercise name must stay text there. Numbers are written by our own formatter and
never guarded: ``-2.5`` in a numeric column is a number, not a formula.

The native layout carries everything ``bfr-tui import`` needs to rebuild the log
(sessions, blocks with their cuff data and protocol, sets, symptom flags), so
export, import into an empty log and export again give the same file. Its text
cells also double a leading ``'`` (:func:`guard_text`), so :func:`unguard_text`
undoes the guard exactly.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, TextIO

from sqlalchemy import ColumnElement, select
from sqlalchemy.engine import Engine, Row
from sqlmodel import Session, col

from bfr_tui.domain.load import percent_of_1rm
from bfr_tui.domain.units import Unit, convert
from bfr_tui.store.models import (
    Block,
    Exercise,
    Profile,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.store.queries import PROFILE_ID

ExportLayout = Literal["native", "strong"]
LAYOUTS: tuple[ExportLayout, ...] = ("native", "strong")

NATIVE_COLUMNS: tuple[str, ...] = (
    "session_started",
    "exercise",
    "limb",
    "side",
    "set_number",
    "target_reps",
    "reps",
    "load",
    "unit",
    "one_rm",
    "pct_1rm",
    "rest_s",
    "tightness",
    "pressure_mmhg",
    "occlusion_s",
    "symptoms",
    "notes",
    # Added for import; older exports end at "notes" and still import.
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
    "set_started",
    "set_ended",
    "symptom_details",
)

# The header Strong (strong.app) writes in its "Export Strong data" CSV, in its order.
STRONG_COLUMNS: tuple[str, ...] = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
STRONG_WORKOUT_NAME = "BFR session"

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SYMPTOM_SEPARATOR = ";"
# Rows fetched from SQLite per round trip while streaming.
FETCH_CHUNK = 2000
EXPORT_FILE_MODE = 0o600


class ExportError(Exception):
    """An export that cannot be written, phrased for the lifter."""


def guard_formula(text: str) -> str:
    """Prefix a text cell with ``'`` when a spreadsheet would run it as a formula."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def format_number(value: float | int) -> str:
    """A number written plainly: ``20``, ``12.5``, ``-2.5``; never ``20.0``."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number cell")
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = f"{value + 0.0:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def guard_text(text: str) -> str:
    """:func:`guard_formula`, and a leading ``'`` doubled, so the guard can be undone."""
    if text.startswith(("'", *FORMULA_STARTS)):
        return "'" + text
    return text


def unguard_text(cell: str) -> str:
    """The text a native cell was written from (the inverse of :func:`guard_text`)."""
    return cell[1:] if cell.startswith("'") else cell


def yes_no(value: bool) -> str:
    """A yes/no cell."""
    return "yes" if value else "no"


def csv_cell(value: object) -> str:
    """One cell: empty for unknown, numbers as written by :func:`format_number`, text guarded."""
    if value is None:
        return ""
    if isinstance(value, str):
        return guard_formula(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return guard_formula(str(value))


def iso_time(moment: datetime) -> str:
    """``2026-03-02T18:30:00``."""
    return moment.isoformat(timespec="seconds")


def strong_time(moment: datetime) -> str:
    """``2026-03-02 18:30:00``, the way Strong writes its Date column."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def strong_duration(seconds: float | None) -> str:
    """Strong's workout duration: ``1h 5m``, ``1h``, ``25m``; empty when unknown."""
    if seconds is None or seconds < 0:
        return ""
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h {minutes}m"
    if hours:
        return f"{hours}h"
    return f"{minutes}m"


def default_export_name(*, today: date, layout: ExportLayout = "native") -> str:
    """A file name for an export made today: ``bfr-export-2026-03-02.csv``."""
    suffix = "-strong" if layout == "strong" else ""
    return f"bfr-export{suffix}-{today.isoformat()}.csv"


def _check_range(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise ExportError(
            f"the start date {since.isoformat()} is after the end date {until.isoformat()}."
        )


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ExportError(f"unknown export format {layout!r}; use native or strong.")


def _filters(
    exercise_id: int | None, since: date | None, until: date | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if exercise_id is not None:
        conditions.append(col(Block.exercise_id) == exercise_id)
    # Half-open range on the raw column, so the (exercise_id, cuff_on_at) index serves it.
    if since is not None:
        conditions.append(col(Block.cuff_on_at) >= datetime.combine(since, time()))
    if until is not None:
        conditions.append(
            col(Block.cuff_on_at) < datetime.combine(until + timedelta(days=1), time())
        )
    return conditions


def _set_rows(session: Session, conditions: Sequence[ColumnElement[bool]]) -> Iterator[Row]:
    """Every set (and every block without a set, once) in log order, streamed."""
    statement = (
        select(
            col(TrainingSession.id).label("session_id"),
            col(TrainingSession.started_at).label("session_started"),
            col(TrainingSession.ended_at).label("session_ended"),
            col(TrainingSession.notes).label("session_notes"),
            col(Block.id).label("block_id"),
            col(Block.side),
            col(Block.protocol_name),
            col(Block.protocol_reps),
            col(Block.rest_target_s),
            col(Block.end_reason),
            col(Block.pulse_felt),
            col(Block.skin_normal),
            col(Block.lop_percent),
            col(Block.cuff_width_cm),
            col(Block.unit),
            col(Block.one_rm),
            col(Block.tightness),
            col(Block.pressure_mmhg),
            col(Block.cuff_on_at),
            col(Block.cuff_off_at),
            col(Block.notes).label("block_notes"),
            col(Block.load).label("block_load"),
            col(Exercise.name).label("exercise"),
            col(Exercise.limb),
            col(SetEntry.id).label("set_id"),
            col(SetEntry.set_number),
            col(SetEntry.target_reps),
            col(SetEntry.reps),
            col(SetEntry.load).label("set_load"),
            col(SetEntry.rest_before_s),
            col(SetEntry.started_at).label("set_started"),
            col(SetEntry.ended_at).label("set_ended"),
        )
        .select_from(Block)
        .join(TrainingSession, col(TrainingSession.id) == col(Block.session_id))
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        # Outer join: a block stopped before its first set still shows (its flags matter).
        .outerjoin(SetEntry, col(SetEntry.block_id) == col(Block.id))
        .where(*conditions)
        .order_by(
            col(TrainingSession.started_at),
            col(TrainingSession.id),
            col(Block.cuff_on_at),
            col(Block.id),
            col(SetEntry.set_number),
        )
        .execution_options(yield_per=FETCH_CHUNK)
    )
    yield from session.execute(statement)


def _flags_by_block(
    session: Session, conditions: Sequence[ColumnElement[bool]]
) -> dict[int, list[Row]]:
    """Symptom flags of the exported blocks, oldest first. Flags are few next to sets."""
    statement = (
        select(
            col(SymptomFlag.block_id),
            col(SymptomFlag.set_id),
            col(SymptomFlag.kind),
            col(SymptomFlag.raised_at),
            col(SymptomFlag.note),
        )
        .join(Block, col(Block.id) == col(SymptomFlag.block_id))
        .where(*conditions)
        .order_by(col(SymptomFlag.raised_at), col(SymptomFlag.id))
    )
    flags: dict[int, list[Row]] = {}
    for flag in session.execute(statement):
        flags.setdefault(flag.block_id, []).append(flag)
    return flags


def _blocks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    """Group consecutive rows of the same block; one block is held at a time."""
    current: list[Row] = []
    for row in rows:
        if current and row.block_id != current[0].block_id:
            yield current
            current = []
        current.append(row)
    if current:
        yield current


def _symptoms_per_row(rows: list[Row], flags: list[Row]) -> list[list[Row]]:
    """The flags of each row; a flag with no set goes on the block's last row."""
    per_row: list[list[Row]] = [[] for _ in rows]
    index_of_set = {row.set_id: i for i, row in enumerate(rows) if row.set_id is not None}
    for flag in flags:
        per_row[index_of_set.get(flag.set_id, len(rows) - 1)].append(flag)
    return per_row


def _symptom_details(flags: list[Row]) -> str | None:
    """Each flag's kind, time, whether it belongs to the row's set, and note, as JSON."""
    if not flags:
        return None
    details = [
        {
            "kind": flag.kind,
            "at": iso_time(flag.raised_at),
            "in_set": flag.set_id is not None,
            "note": flag.note,
        }
        for flag in flags
    ]
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"))


# Loads, reps, rests and 1RMs repeat all through a log: each number is formatted once
# per export run (issue #5: the 100,000-set export is mostly cell formatting).
_NUMBER_CELLS: dict[float, str] = {}
_NUMBER_CELLS_MAX = 10_000


def _native_cell(value: object) -> str:
    """A native cell: like :func:`csv_cell`, with text guarded reversibly."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float:
        text = _NUMBER_CELLS.get(value)
        if text is None:
            if len(_NUMBER_CELLS) >= _NUMBER_CELLS_MAX:
                _NUMBER_CELLS.clear()
            text = _NUMBER_CELLS[value] = format_number(value)
        return text
    if value is None:
        return ""
    if isinstance(value, str):
        return guard_text(value)
    return csv_cell(value)


def _occlusion_s(row: Row) -> int | None:
    if row.cuff_off_at is None:
        return None
    return int((row.cuff_off_at - row.cuff_on_at).total_seconds())


def _native_rows(rows: list[Row], symptoms: list[list[Row]]) -> Iterator[list[str]]:
    """The native rows of one block; the cells every row shares are formatted once."""
    first = rows[0]
    cell = _native_cell
    before = [
        cell(iso_time(first.session_started)),
        cell(first.exercise),
        cell(first.limb),
        cell(first.side),
    ]
    unit, one_rm = cell(first.unit), cell(first.one_rm)
    middle = [
        cell(first.tightness),
        cell(first.pressure_mmhg),
        cell(_occlusion_s(first)),
    ]
    notes = cell(first.block_notes or None)
    block = [
        cell(iso_time(first.session_ended) if first.session_ended is not None else None),
        cell(first.session_notes or None),
        cell(iso_time(first.cuff_on_at)),
        cell(first.protocol_name),
        cell(first.protocol_reps),
        cell(first.rest_target_s),
        cell(first.end_reason or None),
        cell(yes_no(first.pulse_felt)),
        cell(yes_no(first.skin_normal)),
        cell(first.lop_percent),
        cell(first.cuff_width_cm),
    ]
    for row, flags in zip(rows, symptoms, strict=True):
        load = row.set_load if row.set_id is not None else row.block_load
        pct = percent_of_1rm(load, first.one_rm) if first.one_rm else None
        has_set = row.set_id is not None
        yield [
            *before,
            cell(row.set_number),
            cell(row.target_reps),
            cell(row.reps),
            cell(load),
            unit,
            one_rm,
            cell(pct),
            cell(row.rest_before_s),
            *middle,
            cell(SYMPTOM_SEPARATOR.join(flag.kind for flag in flags) or None),
            notes,
            *block,
            cell(iso_time(row.set_started) if has_set else None),
            cell(iso_time(row.set_ended) if has_set else None),
            cell(_symptom_details(flags)),
        ]


def _strong_notes(row: Row, symptoms: list[Row]) -> str:
    parts: list[str] = []
    if row.side in ("left", "right"):
        parts.append(f"{row.side.capitalize()} side.")
    if row.block_notes:
        parts.append(row.block_notes.strip())
    if symptoms:
        parts.append("Symptoms: " + ", ".join(flag.kind for flag in symptoms) + ".")
    return " ".join(parts)


def _profile_unit(session: Session) -> Unit:
    profile = session.get(Profile, PROFILE_ID)
    try:
        return Unit(profile.unit) if profile is not None else Unit.KG
    except ValueError:
        return Unit.KG


def export_csv(
    *,
    session: Session,
    out: TextIO,
    layout: ExportLayout = "native",
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the log as CSV to ``out``; returns the number of rows written (header aside).

    ``exercise_id`` keeps one exercise; ``since`` and ``until`` keep blocks whose
    cuff went on between those days, both included. Rows come in log order:
    session start, cuff-on, set number.
    """
    _check_layout(layout)
    _check_range(since, until)
    conditions = _filters(exercise_id, since, until)
    flags = _flags_by_block(session, conditions)
    writer = csv.writer(out)
    written = 0
    if layout == "native":
        writer.writerow(NATIVE_COLUMNS)
        for rows in _blocks(_set_rows(session, conditions)):
            symptoms = _symptoms_per_row(rows, flags.get(rows[0].block_id, []))
            writer.writerows(_native_rows(rows, symptoms))
            written += len(rows)
        return written

    writer.writerow(STRONG_COLUMNS)
    unit = _profile_unit(session)
    session_id: int | None = None
    set_order: dict[str, int] = {}
    for rows in _blocks(_set_rows(session, conditions)):
        first = rows[0]
        if first.set_id is None:
            # Strong has no place for an exercise without a set.
            continue
        if first.session_id != session_id:
            session_id, set_order = first.session_id, {}
        duration = (
            (first.session_ended - first.session_started).total_seconds()
            if first.session_ended is not None
            else None
        )
        symptoms = _symptoms_per_row(rows, flags.get(first.block_id, []))
        for row, kinds in zip(rows, symptoms, strict=True):
            # Strong numbers sets per exercise within a workout, so a left and a right
            # block of the same exercise continue one count.
            order = set_order.get(row.exercise, 0) + 1
            set_order[row.exercise] = order
            weight = convert(row.set_load, from_unit=Unit(row.unit), to_unit=unit)
            values: tuple[object, ...] = (
                strong_time(row.session_started),
                STRONG_WORKOUT_NAME,
                strong_duration(duration),
                row.exercise,
                order,
                round(weight, 2),
                row.reps,
                0,
                0,
                _strong_notes(row, kinds),
                row.session_notes,
                None,
            )
            writer.writerow([csv_cell(v) for v in values])
            written += 1
    return written


def check_export_path(path: Path, *, force: bool) -> None:
    """Refuse a target in a missing folder, a folder, or an existing file without ``force``."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to export to.")
    if not path.parent.is_dir():
        raise ExportError(f"the folder {path.parent} does not exist; create it first.")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it.")


def write_export_file(
    *,
    engine: Engine,
    path: Path,
    layout: ExportLayout = "native",
    force: bool = False,
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Export to ``path`` (mode 0o600) and return the number of rows written.

    The CSV is written to a temporary file in the same folder and moved into place
    only when complete, so a failure never leaves half a file behind. An existing
    file is only replaced with ``force``.
    """
    _check_layout(layout)
    _check_range(since, until)
    check_export_path(path, force=force)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"cannot write in {path.parent}: {error.strerror}.") from error
    temp = Path(temp_name)
    try:
        # mkstemp already makes it 0o600; say so for filesystems that ignore its mode.
        os.chmod(temp, EXPORT_FILE_MODE)
        with (
            os.fdopen(handle, "w", encoding="utf-8", newline="") as out,
            Session(engine) as session,
        ):
            written = export_csv(
                session=session,
                out=out,
                layout=layout,
                exercise_id=exercise_id,
                since=since,
                until=until,
            )
            out.flush()
            os.fsync(out.fileno())
        _move_into_place(temp, path, force=force)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return written


def _move_into_place(temp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temp, path)
        return
    # A hard link fails if the name was taken meanwhile, so nothing is ever overwritten.
    try:
        os.link(temp, path)
    except FileExistsError as error:
        raise ExportError(f"{path} already exists; use --force to overwrite it.") from error
    except OSError:
        # Filesystems without hard links: the check above is the best we can do.
        if path.exists():
            raise ExportError(f"{path} already exists; use --force to overwrite it.") from None
        os.replace(temp, path)
        return
    temp.unlink()
