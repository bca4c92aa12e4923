"""CSV export of the training log: one row per set, in our own layout or Strong's.

Sets are streamed from one joined query (after one small query for the symptom
flags, which are few), so a long history exports in near-constant memory. The
statements (``export_statements``) run on the session's own connection, on any
engine; rows are read by position, and on SQLite times come as the stored UTC
text, which is sliced into local time rather than parsed: at 100,000 sets, per-row
work is what an export costs (issue #5). For the same reason the native layout has
the ``csv`` module write what a block's rows share once per block, and puts each
row's own cells (numbers and times, which never need quotes) into that text.

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

import csv
import json
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bfr_tui.domain.load import percent_of_1rm
from bfr_tui.domain.units import Unit, convert
from bfr_tui.export_file import private_export
from bfr_tui.store import queries
from bfr_tui.store.export_statements import (
    BLOCK_ID,
    BLOCK_LOAD,
    BLOCK_NOTES,
    CUFF_KIND,
    CUFF_NAME,
    CUFF_OFF_AT,
    CUFF_ON_AT,
    CUFF_OWN_WIDTH_CM,
    CUFF_WIDTH_CM,
    CUFF_WRAP_MARK,
    EXERCISE,
    FLAG_KIND,
    FLAG_NOTE,
    FLAG_RAISED_AT,
    FLAG_SET_ID,
    LIMB,
    LOP_PERCENT,
    ONE_RM,
    PRESSURE_MMHG,
    PROTOCOL_NAME,
    REPS,
    SESSION_ENDED,
    SESSION_ID,
    SESSION_NOTES,
    SESSION_STARTED,
    SET_DISCOMFORT,
    SET_ENDED,
    SET_ID,
    SET_LOAD,
    SET_NUMBER,
    SET_RPE,
    SIDE,
    SKIN_NORMAL,
    TARGET_MMHG,
    TEMPO,
    TIGHTNESS,
    UNIT,
    FlagRow,
    StoredTime,
    row_count,
    set_rows,
    symptom_flags,
)
from bfr_tui.store.models import Lifter
from bfr_tui.store.progress import Progress, Ticker
from bfr_tui.store.queries import Filters, block_filters
from bfr_tui.store.utc_time import STORED_LENGTH, from_stored_text, is_stored_shape, local
from bfr_tui.training_log import (
    LAYOUTS,
    ExportError,
    ExportLayout,
    check_all_lifters_layout,
)

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
    # Schema 7: the set's ratings, then the block's cuff, prescribed pressure and tempo.
    # Empty for what was logged before them; older exports end at "symptom_details".
    "rpe",
    "discomfort",
    "cuff",
    "cuff_kind",
    # The named cuff's own width, as the lifter's cuff list has it: "cuff_width_cm" is
    # the width typed at the cuff check, which a block may have without a named cuff.
    "cuff_own_width_cm",
    "cuff_wrap_mark",
    "target_mmhg",
    "tempo",
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

# The column an export of every lifter adds: the lifter's name. Last, so every other
# column keeps its place for a reader by position, and a reader by name (an older
# bfr-tui among them) passes over it.
LIFTER_COLUMN = "lifter"
ALL_LIFTERS_COLUMNS: tuple[str, ...] = (*NATIVE_COLUMNS, LIFTER_COLUMN)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SYMPTOM_SEPARATOR = ";"
# Rows fetched from the engine per round trip while streaming.
FETCH_CHUNK = 2000
# Rows made into SQLAlchemy's row objects at a time, out of those fetched. Few enough
# that they are gone before Python's cyclic garbage collector runs: thousands at once
# outlive its young generations, and it then walks every object the process holds
# (SQLAlchemy's and the models' too) several times in a 100,000-set export.
ROWS_AT_ONCE = 200
# Rows between two progress reports: often enough for a bar to move smoothly, rare
# enough to cost nothing next to writing the rows.
EXPORT_PROGRESS_EVERY = 2000
# Native rows formatted before they go to the file in one write.
WRITE_BATCH = 1000


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
    """``2026-03-02T18:30:00-06:00``: local time with its offset (a naive time is local)."""
    return local(moment).isoformat(timespec="seconds")


def strong_time(moment: datetime) -> str:
    """``2026-03-02 18:30:00``, local, the way Strong writes its Date column."""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


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


def _check_range(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise ExportError(
            f"the start date {since.isoformat()} is after the end date {until.isoformat()}."
        )


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ExportError(f"unknown export format {layout!r}; use native or strong.")


# A set row: the columns of ``export_statements.set_rows``, read by position.
SetRow = Sequence[Any]


def _connection(session: Session) -> Connection:
    """The session's own connection (same transaction), with pending changes flushed."""
    if session.autoflush:
        # A query through the session would flush them too; its connection does not.
        session.flush()
    return session.connection()


def _set_rows(session: Session, filters: Filters) -> Iterator[SetRow]:
    """Every set (and every block without a set, once) in log order, streamed."""
    connection = _connection(session)
    options = {"stream_results": True, "yield_per": FETCH_CHUNK}
    with connection.execute(set_rows(filters), execution_options=options) as result:
        for rows in result.partitions(ROWS_AT_ONCE):
            yield from rows


def _flags_by_block(session: Session, filters: Filters) -> dict[int, list[FlagRow]]:
    """Symptom flags of the exported blocks, oldest first. Flags are few next to sets."""
    flags: dict[int, list[FlagRow]] = {}
    result = _connection(session).execute(symptom_flags(filters))
    for block_id, set_id, kind, raised_at, note in result:
        flags.setdefault(block_id, []).append((block_id, set_id, kind, raised_at, note))
    return flags


def _export_ticker(
    session: Session, filters: Filters, layout: ExportLayout, progress: Progress | None
) -> Ticker | None:
    """What reports an export's rows to ``progress``; None (and no counting) without one."""
    if progress is None:
        return None
    rows, sets = _connection(session).execute(row_count(filters)).one()
    total = rows if layout == "native" else sets
    return Ticker(progress, "Exporting sets", total, every=EXPORT_PROGRESS_EVERY)


def _blocks(rows: Iterator[SetRow]) -> Iterator[list[SetRow]]:
    """Group consecutive rows of the same block; one block is held at a time."""
    for _block_id, block_rows in groupby(rows, key=itemgetter(BLOCK_ID)):
        yield list(block_rows)


def _symptoms_per_row(rows: list[SetRow], flags: list[FlagRow]) -> list[list[FlagRow]]:
    """The flags of each row; a flag with no set goes on the block's last row."""
    per_row: list[list[FlagRow]] = [[] for _ in rows]
    index_of_set = {row[SET_ID]: i for i, row in enumerate(rows) if row[SET_ID] is not None}
    for flag in flags:
        per_row[index_of_set.get(flag[FLAG_SET_ID], len(rows) - 1)].append(flag)
    return per_row


def _symptom_details(flags: list[FlagRow]) -> str | None:
    """Each flag's kind, time, whether it belongs to the row's set, and note, as JSON."""
    if not flags:
        return None
    details = [
        {
            "kind": flag[FLAG_KIND],
            "at": iso_cell(flag[FLAG_RAISED_AT]),
            "in_set": flag[FLAG_SET_ID] is not None,
            "note": flag[FLAG_NOTE],
        }
        for flag in flags
    ]
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"))


# Loads, reps, rests and 1RMs repeat all through a log: each number is formatted once
# (issue #5: the 100,000-set export is mostly cell formatting). An int and a float that
# are equal share a key, which is safe: both are written the same (``20`` for 20.0).
_NUMBER_CELLS: dict[float, str] = {}
_NUMBER_CELLS_MAX = 10_000


def _native_cell(value: object) -> str:
    """A native cell: like :func:`csv_cell`, with text guarded reversibly.

    A number's cell is also kept in ``_NUMBER_CELLS``, so the rows loop looks it up
    there first and calls this only for text, unknowns and numbers not seen yet.
    """
    # Exact types: a bool (or another int subclass) is not written as a number.
    if type(value) is int or type(value) is float:
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


# For the export under way: a stored hour ("2026-03-03 00", UTC) as that hour in the
# machine's zone and its offset ("2026-03-02T18", "-06:00"), so each stored time is
# written by slicing, with one conversion per hour of training rather than per minute.
# None for an hour whose minutes do not all share one local hour and offset: a zone
# that is not whole hours off UTC (India is 5:30 ahead), or the hour of a clock change.
_LOCAL_HOURS: dict[str, tuple[str, str] | None] = {}
# The same per minute, for those hours. Zones are whole minutes off UTC, so the
# seconds carry over.
_LOCAL_MINUTES: dict[str, tuple[str, str]] = {}
_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_HOUR_S = 3600
# The hour's last minute: a zone changes its offset on a whole minute.
_LAST_MINUTE_S = 59 * 60


def _local_hour(stored: str) -> tuple[str, str] | None:
    key = stored[:13]
    try:
        return _LOCAL_HOURS[key]
    except KeyError:
        pass
    # The C library's view of the machine's zone, as ``datetime.astimezone()`` takes it,
    # without building the datetimes: a few thousand hours make a long log.
    start = (datetime.fromisoformat(key + ":00") - _EPOCH) // _SECOND
    here = time.localtime(start)
    offset = here.tm_gmtoff
    found: tuple[str, str] | None = None
    if offset % _HOUR_S == 0 and time.localtime(start + _LAST_MINUTE_S).tm_gmtoff == offset:
        hours = offset // _HOUR_S
        found = (
            f"{here.tm_year:04d}-{here.tm_mon:02d}-{here.tm_mday:02d}T{here.tm_hour:02d}",
            f"{'-' if hours < 0 else '+'}{abs(hours):02d}:00",
        )
    _LOCAL_HOURS[key] = found
    return found


def _local_minute(stored: str) -> tuple[str, str]:
    key = stored[:16]
    found = _LOCAL_MINUTES.get(key)
    if found is None:
        text = from_stored_text(key).isoformat(timespec="minutes")
        found = _LOCAL_MINUTES[key] = (text[:16], text[16:])
    return found


def _moment(stored: StoredTime) -> datetime:
    """A time as the export read it, as a datetime in the machine's zone."""
    return from_stored_text(stored)


def _local_text(stored: str) -> tuple[str, str]:
    """Stored UTC text of the usual shape as local ``2026-03-02T18:30:00`` and its offset."""
    hour = _local_hour(stored)
    if hour is not None:
        return f"{hour[0]}{stored[13:19]}", hour[1]
    minute, offset = _local_minute(stored)
    return f"{minute}{stored[16:19]}", offset


def iso_cell(stored: StoredTime) -> str:
    """:func:`iso_time` of a time as the export reads it; stored text is sliced, not parsed."""
    # Most cells: the usual stored shape, in an hour already converted. (Only the usual
    # shape puts an hour in the table, so a hit vouches for the first 13 characters.)
    if len(stored) == STORED_LENGTH and stored[19] == ".":
        hour = _LOCAL_HOURS.get(stored[:13])
        if hour is not None:
            return hour[0] + stored[13:19] + hour[1]
    if is_stored_shape(stored):
        text, offset = _local_text(stored)
        return text + offset
    return iso_time(from_stored_text(stored))


def _occlusion_s(row: SetRow) -> int | None:
    cuff_on, cuff_off = row[CUFF_ON_AT], row[CUFF_OFF_AT]
    if cuff_off is None:
        return None
    if isinstance(cuff_on, str) and isinstance(cuff_off, str):
        # Both UTC text: their difference needs no zone.
        return int((datetime.fromisoformat(cuff_off)
                    - datetime.fromisoformat(cuff_on)).total_seconds())
    return int((_moment(cuff_off) - _moment(cuff_on)).total_seconds())


class _Written(list[str]):
    """Where a csv writer writes: the texts it hands over, kept as they come."""

    write = list.append


class _NativeRows:
    """The native layout's rows of one export, as CSV text, a block at a time.

    A block's rows differ only in the set's own cells: the rest of the row is formatted
    once per block, and the ``csv`` module writes it once, around marks where those cells
    go; each row is then that text with its cells put in. The cells of values that most
    blocks repeat (exercise, limb, side; the protocol and the cuff checks) and those of
    the session under way are formatted once for all its blocks.
    """

    def __init__(self, *, trailing: tuple[str, ...] = ()) -> None:
        # Cells after the layout's own, the same on every row (an export of every
        # lifter: the lifter's name); formatted into the row's last piece, at no cost a row.
        self.trailing = trailing
        self._who: dict[tuple[Any, ...], list[str]] = {}
        self._how: dict[tuple[Any, ...], list[str]] = {}
        self._session_id: Any = None
        self._session_cells: tuple[str, str, str] = ("", "", "")
        self._written = _Written()
        # The export's own writer has the same (default) dialect.
        self._writer = csv.writer(self._written)
        self._field_end = self._writer.dialect.delimiter + self._writer.dialect.lineterminator

    def _text(self, cells: list[str]) -> str:
        """``cells`` as one CSV row, line end included."""
        self._writer.writerow(cells)
        text = "".join(self._written)
        self._written.clear()
        return text

    def _field(self, value: object) -> str:
        """A native cell as it stands in a CSV row (quoted where the writer quotes it)."""
        text = _native_cell(value)
        if value is None or type(value) is int or type(value) is float:
            # Empty, or a number as format_number writes it: nothing to quote.
            return text
        # A second cell, so that an empty cell is not quoted as a row of its own would be.
        return self._text([text, ""])[: -len(self._field_end)]

    def _pieces(self, cells: list[str | None]) -> list[str]:
        """A row's CSV text around its open cells (None): one piece more than open cells."""
        opens = cells.count(None)
        mark = _OPEN_CELL_MARK
        while True:
            pieces = self._text([mark if cell is None else cell for cell in cells]).split(mark)
            if len(pieces) == opens + 1:
                return pieces
            # A cell holds the mark itself (a cell may hold any text): take another one.
            mark = chr(ord(mark) + 1)

    def _session(self, first: SetRow) -> tuple[str, str, str]:
        """The session's start, end and notes cells, formatted once for all its blocks."""
        if first[SESSION_ID] != self._session_id:
            ended = first[SESSION_ENDED]
            self._session_id = first[SESSION_ID]
            self._session_cells = (
                iso_cell(first[SESSION_STARTED]),
                iso_cell(ended) if ended is not None else "",
                _native_cell(first[SESSION_NOTES] or None),
            )
        return self._session_cells

    def add(self, rows: list[SetRow], flags: list[FlagRow], lines: list[str]) -> None:
        """Append the rows of one block to ``lines``, each a CSV line."""
        first = rows[0]
        cell = _native_cell
        number = _NUMBER_CELLS.get
        who = (first[EXERCISE], first[LIMB], first[SIDE])
        who_cells = self._who.get(who)
        if who_cells is None:
            who_cells = self._who[who] = [cell(value) for value in who]
        how = tuple(first[PROTOCOL_NAME : SKIN_NORMAL + 1])
        how_cells = self._how.get(how)
        if how_cells is None:
            name, reps_text, rest_target_s, end_reason, pulse_felt, skin_normal = how
            how_cells = self._how[how] = [
                cell(name),
                cell(reps_text),
                cell(rest_target_s),
                cell(end_reason or None),
                cell(yes_no(pulse_felt)),
                cell(yes_no(skin_normal)),
            ]
        started_cell, ended_cell, session_notes = self._session(first)
        one_rm = first[ONE_RM]
        tightness, pressure = first[TIGHTNESS], first[PRESSURE_MMHG]
        lop, width = first[LOP_PERCENT], first[CUFF_WIDTH_CM]
        # The row, None where each row has its own cell (the set's, and the symptoms').
        p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12 = self._pieces([
            started_cell,
            *who_cells,
            None,  # set_number
            None,  # target_reps
            None,  # reps
            None,  # load
            cell(first[UNIT]),
            number(one_rm) or cell(one_rm),
            None,  # pct_1rm
            None,  # rest_s
            number(tightness) or cell(tightness),
            number(pressure) or cell(pressure),
            cell(_occlusion_s(first)),
            None,  # symptoms
            cell(first[BLOCK_NOTES] or None),
            ended_cell,
            session_notes,
            iso_cell(first[CUFF_ON_AT]),
            *how_cells,
            number(lop) or cell(lop),
            number(width) or cell(width),
            None,  # set_started
            None,  # set_ended
            None,  # symptom_details
            None,  # rpe
            None,  # discomfort
            cell(first[CUFF_NAME]),
            cell(first[CUFF_KIND]),
            cell(first[CUFF_OWN_WIDTH_CM]),
            cell(first[CUFF_WRAP_MARK] or None),
            cell(first[TARGET_MMHG]),
            cell(first[TEMPO]),
            *self.trailing,
        ])
        # Most blocks have no flag: their symptom cells are empty on every row.
        symptoms = _symptoms_per_row(rows, flags) if flags else None
        kinds = details = ""
        field = self._field
        hour_of = _LOCAL_HOURS.get
        pct_cells: dict[float, str] = {}
        append = lines.append
        # The open cells go in as CSV text: numbers and ISO times never need quotes; any
        # other cell goes through _field.
        for index, row in enumerate(rows):
            # The set's columns close the query, in this order.
            set_number, target_reps, reps, load, rest_s, started, ended = row[
                SET_NUMBER : SET_ENDED + 1
            ]
            rpe, discomfort = row[SET_RPE], row[SET_DISCOMFORT]
            if symptoms is not None:
                row_flags = symptoms[index]
                kinds = field(SYMPTOM_SEPARATOR.join(flag[FLAG_KIND] for flag in row_flags) or None)
                details = field(_symptom_details(row_flags))
            if row[SET_ID] is None:
                # A block stopped before its first set: one row, with the block's load.
                load = first[BLOCK_LOAD]
                started = ended = ""
            else:
                # iso_cell, its usual case written out: one look-up for each time.
                hour = (
                    hour_of(started[:13])
                    if type(started) is str and len(started) == STORED_LENGTH and started[19] == "."
                    else None
                )
                started = f"{hour[0]}{started[13:19]}{hour[1]}" if hour else iso_cell(started)
                hour = (
                    hour_of(ended[:13])
                    if type(ended) is str and len(ended) == STORED_LENGTH and ended[19] == "."
                    else None
                )
                ended = f"{hour[0]}{ended[13:19]}{hour[1]}" if hour else iso_cell(ended)
            pct = pct_cells.get(load)
            if pct is None:
                pct = pct_cells[load] = field(percent_of_1rm(load, one_rm) if one_rm else None)
            append(
                f"{p0}{number(set_number) or field(set_number)}"
                f"{p1}{number(target_reps) or field(target_reps)}"
                f"{p2}{number(reps) or field(reps)}{p3}{number(load) or field(load)}"
                f"{p4}{pct}{p5}{number(rest_s) or field(rest_s)}{p6}{kinds}"
                f"{p7}{started}{p8}{ended}{p9}{details}"
                f"{p10}{number(rpe) or field(rpe)}{p11}{number(discomfort) or field(discomfort)}"
                f"{p12}"
            )


# Stands for an open cell while a block's row is written (from Unicode's private use
# area; a cell that holds it anyway makes _pieces take another).
_OPEN_CELL_MARK = "\ue000"


def _strong_notes(row: SetRow, symptoms: list[FlagRow]) -> str:
    parts: list[str] = []
    side = row[SIDE]
    if side in ("left", "right"):
        parts.append(f"{side.capitalize()} side.")
    if row[BLOCK_NOTES]:
        parts.append(row[BLOCK_NOTES].strip())
    if symptoms:
        parts.append("Symptoms: " + ", ".join(flag[FLAG_KIND] for flag in symptoms) + ".")
    return " ".join(parts)


def strong_time_cell(stored: StoredTime) -> str:
    """:func:`strong_time` of a time as the export reads it; stored text is sliced, not parsed."""
    if is_stored_shape(stored):
        text, _offset = _local_text(stored)
        return f"{text[:10]} {text[11:]}"
    return strong_time(from_stored_text(stored))


def _strong_rows(
    rows: list[SetRow], flags: list[FlagRow], *, unit: Unit, set_order: dict[str, int]
) -> list[list[str]]:
    """The Strong rows of one block; ``set_order`` carries the workout's count per exercise."""
    first = rows[0]
    session_ended = first[SESSION_ENDED]
    duration = (
        (
            _moment(session_ended) - _moment(first[SESSION_STARTED])
        ).total_seconds()
        if session_ended is not None
        else None
    )
    exercise = first[EXERCISE]
    from_unit = Unit(first[UNIT])
    date_cell = csv_cell(strong_time_cell(first[SESSION_STARTED]))
    shared = [date_cell, csv_cell(STRONG_WORKOUT_NAME), csv_cell(strong_duration(duration))]
    exercise_cell = csv_cell(exercise)
    tail = [csv_cell(0), csv_cell(0)]
    workout_notes = csv_cell(first[SESSION_NOTES])
    symptoms = _symptoms_per_row(rows, flags) if flags else None
    block_notes = csv_cell(_strong_notes(first, [])) if symptoms is None else ""
    lines: list[list[str]] = []
    for index, row in enumerate(rows):
        # Strong numbers sets per exercise within a workout, so a left and a right
        # block of the same exercise continue one count.
        order = set_order.get(exercise, 0) + 1
        set_order[exercise] = order
        weight = convert(row[SET_LOAD], from_unit=from_unit, to_unit=unit)
        notes = (
            block_notes if symptoms is None else csv_cell(_strong_notes(row, symptoms[index]))
        )
        lines.append([
            *shared,
            exercise_cell,
            csv_cell(order),
            csv_cell(round(weight, 2)),
            csv_cell(row[REPS]),
            *tail,
            notes,
            workout_notes,
            csv_cell(row[SET_RPE]),
        ])
    return lines


def _lifter_unit(session: Session, lifter_id: int) -> Unit:
    lifter = session.get(Lifter, lifter_id)
    try:
        return Unit(lifter.unit) if lifter is not None else Unit.KG
    except ValueError:
        return Unit.KG


def _forget_local_times() -> None:
    """The machine's zone may have changed since the last export."""
    _LOCAL_HOURS.clear()
    _LOCAL_MINUTES.clear()


def _write_native(
    session: Session, filters: Filters, out: TextIO, native: _NativeRows, *,
    ticker: Ticker | None, written: int = 0,
) -> int:
    """The native rows of the blocks ``filters`` choose, in log order, written to ``out``
    after ``written`` rows already there; the rows written in all."""
    flags = _flags_by_block(session, filters)
    lines: list[str] = []
    for rows in _blocks(_set_rows(session, filters)):
        native.add(rows, flags.get(rows[0][BLOCK_ID], []), lines)
        if len(lines) >= WRITE_BATCH:
            out.write("".join(lines))
            written += len(lines)
            lines.clear()
            if ticker is not None:
                ticker(written)
    out.write("".join(lines))
    return written + len(lines)


def export_csv(
    *,
    session: Session,
    lifter_id: int,
    out: TextIO,
    layout: ExportLayout = "native",
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write a lifter's log as CSV to ``out``; returns the rows written (header aside).

    ``exercise_id`` keeps one exercise; ``since`` and ``until`` keep blocks whose
    cuff went on between those days, both included. Rows come in log order:
    session start, cuff-on, set number. ``progress`` hears of the rows written,
    every ``EXPORT_PROGRESS_EVERY`` rows or so.
    """
    _check_layout(layout)
    _check_range(since, until)
    _forget_local_times()
    filters = block_filters(lifter_id, exercise_id, since, until)
    ticker = _export_ticker(session, filters, layout, progress)
    writer = csv.writer(out)
    if layout == "native":
        writer.writerow(NATIVE_COLUMNS)
        written = _write_native(session, filters, out, _NativeRows(), ticker=ticker)
        if ticker is not None:
            ticker.finish()
        return written

    flags = _flags_by_block(session, filters)
    written = 0
    writer.writerow(STRONG_COLUMNS)
    unit = _lifter_unit(session, lifter_id)
    session_id: int | None = None
    set_order: dict[str, int] = {}
    for rows in _blocks(_set_rows(session, filters)):
        first = rows[0]
        if first[SET_ID] is None:
            # Strong has no place for an exercise without a set.
            continue
        if first[SESSION_ID] != session_id:
            session_id, set_order = first[SESSION_ID], {}
        flags_here = flags.get(first[BLOCK_ID], [])
        writer.writerows(_strong_rows(rows, flags_here, unit=unit, set_order=set_order))
        written += len(rows)
        if ticker is not None:
            ticker(written)
    if ticker is not None:
        ticker.finish()
    return written


def export_every_lifter_csv(
    *,
    session: Session,
    out: TextIO,
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write every lifter the session may see as native CSV, with a ``lifter`` column.

    Lifters come in the order ``bfr-tui lifters list`` shows them (by name), each one's
    rows in the log order of :func:`export_csv`, so an import meets each lifter's
    blocks together. Filters and ``progress`` as there; the rows written.
    """
    _check_range(since, until)
    _forget_local_times()
    whose = [
        (lifter, block_filters(lifter.id, exercise_id, since, until))
        for lifter in queries.list_lifters(session=session)
    ]
    ticker = None
    if progress is not None:
        total = sum(
            _connection(session).execute(row_count(filters)).one()[0] for _, filters in whose
        )
        ticker = Ticker(progress, "Exporting sets", total, every=EXPORT_PROGRESS_EVERY)
    csv.writer(out).writerow(ALL_LIFTERS_COLUMNS)
    written = 0
    for lifter, filters in whose:
        native = _NativeRows(trailing=(_native_cell(lifter.name),))
        written = _write_native(session, filters, out, native, ticker=ticker, written=written)
    if ticker is not None:
        ticker.finish()
    return written


def write_export_file(
    *,
    engine: Engine,
    lifter_id: int | None,
    path: Path,
    layout: ExportLayout = "native",
    force: bool = False,
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
    all_lifters: bool = False,
) -> int:
    """Export to ``path`` (mode 0o600) and return the number of rows written.

    The lifter's log (``lifter_id``), or with ``all_lifters`` every lifter's, as
    :func:`export_every_lifter_csv` writes them. The CSV is written to a temporary
    file in the same folder and moved into place only when complete, so a failure
    never leaves half a file behind. An existing file is only replaced with ``force``.
    """
    _check_layout(layout)
    _check_range(since, until)
    if all_lifters:
        check_all_lifters_layout(layout)
    elif lifter_id is None:
        raise ValueError("an export of one lifter needs their id")
    with (
        private_export(path, force=force) as out,
        Session(engine) as session,
    ):
        if lifter_id is None:
            return export_every_lifter_csv(
                session=session, out=out, exercise_id=exercise_id, since=since,
                until=until, progress=progress,
            )
        return export_csv(
            session=session,
            lifter_id=lifter_id,
            out=out,
            layout=layout,
            exercise_id=exercise_id,
            since=since,
            until=until,
            progress=progress,
        )
