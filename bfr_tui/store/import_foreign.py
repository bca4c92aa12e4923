"""Importing Strong, Hevy and FitNotes exports: heavy-lifting history seeds estimated 1RMs.

Each working set is read as exercise, day, load, unit and reps; warm-ups, rest-timer
rows, sets without a load (body weight, cardio), assisted movements (their load is
help) and sets of more than 10 reps are counted and left out. Exercise names are
matched to the library (``domain.exercise_names``); per exercise, the best recent set
gives an estimated 1RM (``domain.recent_best``: Epley, a single its own 1RM, sets of
1-10 reps in the 90 days up to the exercise's last set, typos out of line with the
other sets left out and named), stored as an *estimated* OneRepMax dated on that set's
day, its source naming the app, the file and the set. The exercise list then shows
the BFR band from it.

Columns are found by their names; a Strong export whose header is in another language
is read by column position when its rows have the shape of Strong's.

The heavy sets themselves are not stored: they are not BFR blocks (no cuff, no
occlusion time), and counting them as blocks would fill the BFR history, adherence
and progression with work done without a cuff. The source app keeps that record.
Exercises with no usable set are reported and not added, so a log full of cardio and
body-weight work does not fill the library with exercises that have no 1RM.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select as model_select

from bfr_tui.domain.estimate import MAX_REPS_FOR_ESTIMATE
from bfr_tui.domain.exercise_names import (
    NameMatcher,
    guess_exercise,
    is_assisted,
    same_name_key,
)
from bfr_tui.domain.limits import RPE
from bfr_tui.domain.recent_best import (
    FORMULA_NAME,
    RECENT_DAYS,
    LiftedSet,
    RecentBest,
    best_recent_one_rm,
)
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, Unit, convert, format_load, format_number
from bfr_tui.store import queries
from bfr_tui.store.import_common import (
    APP_NAMES,
    CsvTable,
    EstimateLine,
    ImportLayout,
    ImportReport,
    NewExercise,
)
from bfr_tui.store.models import Exercise, Lifter, OneRepMax
from bfr_tui.store.names import NAME_MAX
from bfr_tui.store.seed import EXERCISE_LIBRARY, LibraryEntry, seed_exercises

ForeignLayout = Literal["strong", "hevy", "fitnotes"]

_UNIT_WORDS: dict[str, Unit] = {
    "kg": Unit.KG,
    "kgs": Unit.KG,
    "kilogram": Unit.KG,
    "kilograms": Unit.KG,
    "lb": Unit.LB,
    "lbs": Unit.LB,
    "pound": Unit.LB,
    "pounds": Unit.LB,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# Hevy writes "26 Jul 2025, 07:06".
_HEVY_TIME = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})")

WARM_UP = "warm-up"
REST_TIMER = "rest timer"
NO_LOAD = "no load (body weight or cardio)"
ASSISTED = "assisted (negative load)"
ASSISTED_MOVEMENT = "assisted movement (its load is help, not resistance)"
NO_REPS = "no reps"
TOO_MANY_REPS = f"more than {MAX_REPS_FOR_ESTIMATE} reps (too many for an estimate)"


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where one app keeps each thing in its export."""

    day: str
    exercise: str
    reps: str
    set_kind: str | None
    weights: tuple[tuple[str, Unit | None], ...]
    """(column, unit) pairs in order of preference; unit None: read it from ``unit``,
    or from ``--unit`` when the file has no such column."""
    unit: str | None
    rpe: str | None = None
    """The set's RPE, in the apps that record one."""


_LAYOUTS: dict[ForeignLayout, _Columns] = {
    # Strong: newer exports have no unit column (the app's setting applies); the older
    # semicolon layout has "Weight Unit"; Strong for Android puts the unit in the header.
    "strong": _Columns(
        "Date",
        "Exercise Name",
        "Reps",
        "Set Order",
        (("Weight", None), ("Weight (kg)", Unit.KG), ("Weight (lbs)", Unit.LB)),
        "Weight Unit",
        "RPE",
    ),
    "hevy": _Columns(
        "start_time",
        "exercise_title",
        "reps",
        "set_type",
        (("weight_kg", Unit.KG), ("weight_lbs", Unit.LB)),
        None,
        "rpe",
    ),
    # FitNotes: "Weight" with "Weight Unit", or older "Weight (kgs)" / "Weight (lbs)".
    "fitnotes": _Columns(
        "Date",
        "Exercise",
        "Reps",
        None,
        (("Weight", None), ("Weight (kgs)", Unit.KG), ("Weight (lbs)", Unit.LB)),
        "Weight Unit",
    ),
}
# FitNotes quotes nothing, so a comma in an exercise name splits it across cells.
_UNQUOTED_NAMES: frozenset[ForeignLayout] = frozenset({"fitnotes"})

# Strong's layouts in its own column order. A phone set to another language writes the
# header in that language, so a file whose header is none of these is read as Strong's
# when its shape is: as many columns, a date where Strong has one, and numbers (or
# nothing) where Strong has numbers, in the first rows.
_STRONG_SHAPES: tuple[tuple[str, ...], ...] = (
    ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
     "Distance", "Seconds", "Notes", "Workout Notes", "RPE"),
    ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
     "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes",
     "Workout Duration"),
    ("Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order",
     "Weight (kg)", "Reps", "RPE", "Distance (meters)", "Seconds", "Notes", "Workout Notes"),
)
_STRONG_NUMBERS = frozenset(
    {"Workout #", "Duration (sec)", "Weight", "Weight (kg)", "Reps", "RPE", "Distance",
     "Distance (meters)", "Seconds"}
)
# Enough rows to see the shape; a whole file of rows would be read twice.
_SHAPE_ROWS = 20
# "Poids (kg)", "Gewicht (lbs)": the unit in brackets is not translated.
_UNIT_IN_HEADER = re.compile(r"\((kgs?|lbs?)\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Found:
    """Where one file keeps each thing: positions in its rows, and the unit if fixed."""

    day: int
    exercise: int
    reps: int
    set_kind: int | None
    weight: int
    fixed_unit: Unit | None
    unit: int | None
    rpe: int | None
    by_position: list[tuple[str, str]] = field(default_factory=list)


def _by_name(table: CsvTable, layout: ForeignLayout) -> _Found | str:
    """The columns found by their names, or why the header is not this app's export."""
    columns = _LAYOUTS[layout]
    for name in (columns.day, columns.exercise, columns.reps, columns.set_kind):
        if name is not None and not table.has(name):
            return f"the column {name!r} is missing"
    weight = next(((w, u) for w, u in columns.weights if table.has(w)), None)
    if weight is None:
        wanted = " or ".join(repr(w) for w, _ in columns.weights)
        return f"there is no weight column ({wanted})"

    def at(name: str) -> int:
        found = table.position(name)
        assert found is not None
        return found

    unit = None
    if weight[1] is None and columns.unit is not None and table.has(columns.unit):
        unit = at(columns.unit)
    return _Found(
        day=at(columns.day),
        exercise=at(columns.exercise),
        reps=at(columns.reps),
        set_kind=None if columns.set_kind is None else at(columns.set_kind),
        weight=at(weight[0]),
        fixed_unit=weight[1],
        unit=unit,
        rpe=None if columns.rpe is None else table.position(columns.rpe),
    )


def _fits_shape(shape: tuple[str, ...], cells: list[str]) -> bool:
    if len(cells) != len(shape) or _day(cells[shape.index("Date")]) is None:
        return False
    return all(
        not cell.strip() or _number(cell) is not None
        for name, cell in zip(shape, cells, strict=True)
        if name in _STRONG_NUMBERS
    )


def strong_shape(table: CsvTable) -> tuple[str, ...] | None:
    """Strong's layout that the file has the shape of, whatever its header's language."""
    rows = table.peek(_SHAPE_ROWS)
    for shape in _STRONG_SHAPES:
        if len(table.header) == len(shape) and rows and all(
            _fits_shape(shape, cells) for cells in rows
        ):
            return shape
    return None


def _by_position(table: CsvTable, shape: tuple[str, ...]) -> _Found:
    columns = _LAYOUTS["strong"]
    weight = next(w for w, _ in columns.weights if w in shape)
    fixed_unit = None
    if weight == "Weight (kg)":
        in_header = _UNIT_IN_HEADER.search(table.header[shape.index(weight)])
        fixed_unit = _UNIT_WORDS[in_header.group(1).casefold()] if in_header else None
    used = [columns.day, columns.exercise, columns.set_kind or "", weight, columns.reps]
    unit = shape.index(columns.unit) if columns.unit in shape else None
    if unit is not None:
        used.append(shape[unit])
    return _Found(
        day=shape.index(columns.day),
        exercise=shape.index(columns.exercise),
        reps=shape.index(columns.reps),
        set_kind=shape.index(columns.set_kind or ""),
        weight=shape.index(weight),
        fixed_unit=fixed_unit,
        unit=unit,
        rpe=shape.index("RPE") if "RPE" in shape else None,
        by_position=[(table.header[shape.index(name)], name) for name in used],
    )


def foreign_layout_problem(table: CsvTable, layout: ForeignLayout) -> str | None:
    """Why the header is not this app's export (by its column names), or None when it is."""
    found = _by_name(table, layout)
    return found if isinstance(found, str) else None


# --- reading -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Lifts:
    """The working sets of one exercise name in the file."""

    name: str
    line: int
    sets: list[LiftedSet] = field(default_factory=list)
    too_many_reps: int = 0
    last_day: date | None = None
    """The day of its last working set, whatever its load or reps."""
    assisted: bool = False


@dataclass(slots=True)
class ForeignLog:
    """A Strong, Hevy or FitNotes export, read and checked: sets per exercise name."""

    layout: ForeignLayout
    file_name: str
    lifts: dict[str, _Lifts]


def _number(text: str) -> float | None:
    """A number as these apps write it (``72.5``, ``72,5`` in semicolon files)."""
    typed = text.strip().replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", typed):
        return None
    return float(typed)


def _rpe(text: str) -> float | None:
    """A set's RPE; None when blank. ValueError for a cell that is not one."""
    if not text.strip():
        return None
    value = _number(text)
    # Not RPE.contains: these apps offer half points (8.5), which bfr-tui's own 0-10
    # rating does not.
    if value is None or not RPE.low <= value <= RPE.high:
        raise ValueError(text)
    return value


def _day(text: str) -> date | None:
    cell = text.strip()
    try:
        return datetime.fromisoformat(cell).date()
    except ValueError:
        pass
    found = _HEVY_TIME.fullmatch(cell)
    if found is not None:
        day, month, year = found.group(1), found.group(2).casefold(), found.group(3)
        if month in _MONTHS:
            try:
                return date(int(year), _MONTHS[month], int(day))
            except ValueError:
                return None
    return None


def _set_kind_skip(layout: ForeignLayout, cell: str) -> str | None:
    """Why a row is not a working set, judging by its set-kind cell; None if it is one."""
    kind = cell.strip().casefold()
    if layout == "strong":
        # Strong: a number, or W (warm-up), D (drop set), F (to failure), "Rest Timer".
        if kind == "w":
            return WARM_UP
        if kind == "rest timer":
            return REST_TIMER
        if kind.isdigit() or kind in ("d", "f"):
            return None
        return f"set order {cell.strip()!r}"
    if layout == "hevy":
        if kind == "warmup":
            return WARM_UP
        if kind in ("normal", "failure", "dropset", ""):
            return None
        return f"set type {cell.strip()!r}"
    return None


def read_foreign(
    table: CsvTable, layout: ImportLayout, *, unit: Unit | None, report: ImportReport
) -> ForeignLog:
    """Read and check every row; nothing is written here.

    ``unit`` is used where the file does not say (Strong's newer layout, or a blank
    unit cell); without it such a file is refused with a message asking for it.
    """
    assert layout != "native"
    found = _by_name(table, layout)
    if isinstance(found, str):
        shape = strong_shape(table) if layout == "strong" else None
        if shape is None:
            raise table.error(f"this is not a {APP_NAMES[layout]} export: {found}.", line=1)
        found = _by_position(table, shape)
        report.by_position = found.by_position
    header = table.header
    if found.fixed_unit is None and found.unit is None and unit is None:
        raise table.error(
            f"this {APP_NAMES[layout]} export does not say whether its weights are kg or lb. "
            "Import it again with --unit kg or --unit lb (the unit set in the app).",
            line=1,
            column=header[found.weight],
        )
    spill = found.exercise if layout in _UNQUOTED_NAMES else None
    lifts: dict[str, _Lifts] = {}
    for line, cells in table.rows(spill=spill):
        report.rows_read += 1

        def fail(column: int, message: str, line: int = line) -> Exception:
            return table.error(message, line=line, column=header[column])

        day = _day(cells[found.day])
        if day is None:
            raise fail(
                found.day,
                f"{cells[found.day]!r} is not a date like 2025-07-26 (or 26 Jul 2025, 07:06).",
            )
        name = " ".join(cells[found.exercise].split())
        if not name:
            raise fail(found.exercise, "the exercise name is empty.")
        weight_text, reps_text = cells[found.weight].strip(), cells[found.reps].strip()
        weight = _number(weight_text) if weight_text else 0.0
        if weight is None:
            raise fail(found.weight, f"{weight_text!r} is not a number.")
        reps_value = _number(reps_text) if reps_text else 0.0
        if reps_value is None or reps_value != int(reps_value):
            raise fail(found.reps, f"{reps_text!r} is not a whole number of reps.")
        reps = int(reps_value)
        # Every name is kept, so an exercise with no usable set is reported, not lost.
        lifted = lifts.setdefault(same_name_key(name), _Lifts(name, line))
        skip = _set_kind_skip(layout, cells[found.set_kind]) if found.set_kind else None
        if skip is None:
            # A working set, whatever its load: the exercise's last one ends its window.
            lifted.last_day = day if lifted.last_day is None else max(lifted.last_day, day)
            if is_assisted(name):
                skip = ASSISTED_MOVEMENT
                lifted.assisted = True
            elif weight == 0:
                skip = NO_LOAD
            elif weight < 0:
                skip = ASSISTED
            elif reps <= 0:
                skip = NO_REPS
        if skip is not None:
            report.skipped[skip] += 1
            continue
        set_unit = found.fixed_unit
        if set_unit is None:
            unit_text = cells[found.unit].strip().casefold() if found.unit is not None else ""
            set_unit = _UNIT_WORDS.get(unit_text) if unit_text else unit
            if set_unit is None:
                assert found.unit is not None
                shown = cells[found.unit].strip()
                raise fail(
                    found.unit,
                    f"{shown!r} is not kg or lb." if shown
                    else "the unit is blank; give it with --unit kg or --unit lb.",
                )
        if reps > MAX_REPS_FOR_ESTIMATE:
            report.skipped[TOO_MANY_REPS] += 1
            lifted.too_many_reps += 1
            continue
        rpe = None
        if found.rpe is not None:
            try:
                rpe = _rpe(cells[found.rpe])
            except ValueError:
                raise fail(
                    found.rpe, f"{cells[found.rpe].strip()!r} is not an RPE from 0 to 10."
                ) from None
        lifted.sets.append(LiftedSet(day=day, load=weight, unit=set_unit, reps=reps, rpe=rpe))
    report.mended_rows = table.mended_rows
    return ForeignLog(layout=layout, file_name=table.path.name, lifts=lifts)


# --- writing -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Target:
    """The exercise in the log that one or more names in the file mean."""

    name: str
    exercise_id: int | None
    library: LibraryEntry | None
    found_as: list[str] = field(default_factory=list)
    sets: list[LiftedSet] = field(default_factory=list)
    too_many_reps: int = 0
    last_day: date | None = None
    assisted: bool = False


def _file_unit(log: ForeignLog) -> Unit | None:
    """The unit most of the file's sets are in (``--unit`` or its own unit column)."""
    units = Counter(lifted.unit for lifts in log.lifts.values() for lifted in lifts.sets)
    return units.most_common(1)[0][0] if units else None


def _lifter_unit(session: Session | None, lifter_id: int | None) -> Unit:
    if session is None or lifter_id is None:
        return Unit.KG
    unit = session.execute(select(col(Lifter.unit)).where(col(Lifter.id) == lifter_id)).scalar()
    return Unit(unit) if unit in (Unit.KG.value, Unit.LB.value) else Unit.KG


def _exercises_in_log(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every exercise in the log."""
    found: list[tuple[int, str]] = []
    for exercise_id, name in session.exec(model_select(col(Exercise.id), col(Exercise.name))):
        assert exercise_id is not None  # a stored row has its id
        found.append((exercise_id, name))
    return found


def _in_kg(value: float, unit: str) -> float:
    return round(convert(value, from_unit=Unit(unit), to_unit=Unit.KG), 2)


def _targets(
    log: ForeignLog, known: dict[str, tuple[str, int | None, LibraryEntry | None]]
) -> list[_Target]:
    """Group the file's names by the exercise they mean, matched or new."""
    matcher = NameMatcher(name for name, _, _ in known.values())
    targets: dict[str, _Target] = {}
    for key, lifts in log.lifts.items():
        match = matcher.match(lifts.name)
        if match is not None:
            name, exercise_id, entry = known[same_name_key(match.name)]
            target_key = same_name_key(name)
        else:
            name, exercise_id, entry = lifts.name[:NAME_MAX].strip(), None, None
            target_key = "new:" + key
        target = targets.setdefault(target_key, _Target(name, exercise_id, entry))
        target.found_as.append(lifts.name)
        target.sets.extend(lifts.sets)
        target.too_many_reps += lifts.too_many_reps
        target.assisted = target.assisted or lifts.assisted
        if lifts.last_day is not None:
            days = [d for d in (target.last_day, lifts.last_day) if d is not None]
            target.last_day = max(days)
    return list(targets.values())


def _source(log: ForeignLog, best: RecentBest) -> str:
    lifted = best.best
    how = "a single: its own 1RM" if lifted.reps == 1 else FORMULA_NAME
    return (
        f"{APP_NAMES[log.layout]} export {log.file_name}: "
        f"{format_load(lifted.load, lifted.unit)} x {lifted.reps}"
        f"{'' if lifted.rpe is None else f' at RPE {format_number(lifted.rpe, 1)}'} on "
        f"{lifted.day.isoformat()} ({how})"
    )


def apply_foreign(
    log: ForeignLog,
    connection: Connection | None,
    *,
    lifter_id: int | None,
    report: ImportReport,
    write: bool,
    now: datetime,
) -> None:
    """Add the estimated 1RMs (and the exercises they need) that the log does not have yet."""
    session = Session(bind=connection) if connection is not None else None
    try:
        _apply(log, session, lifter_id=lifter_id, report=report, write=write, now=now)
        if session is not None and write:
            session.flush()
    finally:
        if session is not None:
            session.close()


def _apply(
    log: ForeignLog, session: Session | None, *, lifter_id: int | None, report: ImportReport,
    write: bool, now: datetime,
) -> None:
    if write and lifter_id is None:
        raise ValueError("an import writes into a lifter's log: choose the lifter first")
    unit = _lifter_unit(session, lifter_id)
    in_log: list[tuple[int, str]] = []
    if session is not None:
        in_log = _exercises_in_log(session)
    if not in_log:
        # A new log keeps loads in the file's unit: a lifter who imports an lb log before
        # the first start should find the library, steps and 1RMs in lb.
        unit = _file_unit(log) or unit
        report.log_unit = unit
        # A new log gets the starter library first, as opening the app would give it.
        if write and session is not None and lifter_id is not None:
            queries.set_unit(session=session, lifter_id=lifter_id, unit=unit)
            report.library_added = seed_exercises(session=session, unit=unit, now=now)
            in_log = _exercises_in_log(session)
        else:
            report.library_added = len(EXERCISE_LIBRARY)
            # A dry run pretends the library is in place, under ids no real row has.
            in_log = [(-1 - i, entry.name) for i, entry in enumerate(EXERCISE_LIBRARY)]
    known: dict[str, tuple[str, int | None, LibraryEntry | None]] = {}
    for logged_id, name in in_log:
        known.setdefault(same_name_key(name), (name, logged_id, None))
    for entry in EXERCISE_LIBRARY:
        known.setdefault(same_name_key(entry.name), (entry.name, None, entry))

    # Compared in one unit: choosing the other unit at the screening converts 1RMs, and
    # the same file imported again must still add nothing.
    estimated: set[tuple[int, date, float]] = set()
    if session is not None:
        # No lifter yet: only a log from before lifters (read by a dry run) has 1RMs, all
        # of them its first lifter's.
        of_lifter = () if lifter_id is None else (col(OneRepMax.lifter_id) == lifter_id,)
        for logged_id, day, value_unit, value in session.exec(
            model_select(col(OneRepMax.exercise_id), col(OneRepMax.recorded_on),
                         col(OneRepMax.unit), col(OneRepMax.value))
            .where(*of_lifter, col(OneRepMax.method) == "estimated")
        ):
            estimated.add((logged_id, day, _in_kg(value, value_unit)))

    # A dry run never writes, so new exercises get ids no real row has.
    pretend_ids = itertools.count(-1 - len(in_log), -1)
    for target in _targets(log, known):
        best = best_recent_one_rm(target.sets, last_logged=target.last_day)
        if best is None:
            report.no_estimate.append((target.name, _why_no_estimate(target)))
            continue
        if target.exercise_id is not None or target.library is not None:
            report.matched.extend((found, target.name) for found in target.found_as)
        exercise_id = target.exercise_id
        if exercise_id is None:
            exercise_id = _add_exercise(log, session, target, report, unit=unit, write=write,
                                        now=now)
        if exercise_id is None:
            exercise_id = next(pretend_ids)
        key = (exercise_id, best.best.day, _in_kg(best.one_rm, best.unit))
        already = key in estimated
        report.estimates.append(
            EstimateLine(
                exercise=target.name,
                one_rm=best.one_rm,
                unit=best.unit,
                day=best.best.day.isoformat(),
                load=best.best.load,
                reps=best.best.reps,
                sets_considered=best.sets_considered,
                already_there=already,
                left_out=best.left_out,
                rpe=best.best.rpe,
            )
        )
        if already or not write or session is None or lifter_id is None:
            continue
        queries.record_one_rep_max(
            session=session,
            lifter_id=lifter_id,
            exercise_id=exercise_id,
            value=best.one_rm,
            unit=best.unit,
            recorded_on=best.best.day,
            method="estimated",
            source=_source(log, best),
        )
        estimated.add(key)


def _why_no_estimate(target: _Target) -> str:
    if target.assisted:
        return "assisted: its load is help, not resistance"
    if target.sets:
        return (
            f"no set of 1-{MAX_REPS_FOR_ESTIMATE} reps with a load in the {RECENT_DAYS} days "
            f"up to its last set on {target.last_day}"
        )
    if target.too_many_reps:
        return f"only sets of more than {MAX_REPS_FOR_ESTIMATE} reps"
    return "no working set with a load"


def _add_exercise(
    log: ForeignLog,
    session: Session | None,
    target: _Target,
    report: ImportReport,
    *,
    unit: Unit,
    write: bool,
    now: datetime,
) -> int | None:
    """Add a library exercise the log lacks, or a new one guessed from its name.

    Returns its id; None in a dry run, which only reports it.
    """
    entry = target.library
    if entry is not None:
        limb, compound, group, needs_review = entry.limb, entry.compound, entry.muscle_group, False
        note = entry.suitability_note
        step = DEFAULT_LOAD_STEP[unit] if entry.load_step is None else entry.load_step
    else:
        guess = guess_exercise(target.name)
        limb, compound, group, needs_review = guess.limb, guess.compound, guess.muscle_group, True
        # What was guessed is said by the review mark, which the lifter's check clears.
        note = f"Added from a {APP_NAMES[log.layout]} export."
        step = DEFAULT_LOAD_STEP[unit]
    report.new_exercises.append(NewExercise(target.name, limb.value, compound, needs_review))
    if not write or session is None:
        return None
    exercise = queries.add_exercise(
        session=session,
        name=target.name,
        limb=limb,
        muscle_group=group,
        compound=compound,
        suitability_note=note,
        load_step=step,
        unit=unit,
        now=now,
    )
    if needs_review:
        exercise.needs_review = True
        session.add(exercise)
        session.flush()
    assert exercise.id is not None
    target.exercise_id = exercise.id
    return exercise.id

