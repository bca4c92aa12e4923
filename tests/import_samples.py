"""Realistic Strong, Hevy and FitNotes exports for the import tests, written by hand here.

Half a year of three training days a week (about a thousand rows): warm-ups, rest
timer rows (Strong), pull-ups without a load, treadmill runs, calf raises only ever
done for 15-20 reps, and names spelled the way each app spells them, with a few odd
spellings mixed in. Every weighted exercise has one *planted* best set inside its
last 90 days, so its 1RM can be worked out by hand; the random sets around it stay
below it (their estimates are 70-90 % of the planted set's, as ordinary training
gives, so the planted set is never out of line with them), and three decoys must be
ignored: a heavier set more than 90 days before the exercise's last set, a heavy set
of 15 reps, and a heavy warm-up.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, TextIO

from bfr_tui.domain.units import Unit

App = Literal["strong", "hevy", "fitnotes"]
Kind = Literal["warmup", "working", "rest"]

FIRST_DAY = date(2025, 1, 6)
LAST_DAY = date(2025, 7, 26)
PLANTED_DAY = date(2025, 7, 12)
# More than 90 days before LAST_DAY (the window starts on 2025-04-27).
OLD_DAY = date(2025, 3, 1)


@dataclass(frozen=True, slots=True)
class Lift:
    """A weighted exercise, with its names in each app and its planted best set."""

    key: str
    names: dict[App, str]
    planted: dict[Unit, tuple[float, int]]
    """(load, reps) of the best set, per unit."""


# Planted sets and their Epley estimates, load x (1 + reps / 30), worked by hand:
#   curl       16 kg x 8  -> 16 x 38/30 = 20.27 -> 20.3 kg;   35 lb x 8  -> 44.33 -> 44.3 lb
#   squat     140 kg x 3  -> 140 x 1.1  = 154.0 kg;          315 lb x 3  -> 346.5 lb
#   extension  70 kg x 10 -> 70 x 4/3   = 93.33 -> 93.3 kg;  150 lb x 10 -> 200.0 lb
#   pushdown   40 kg x 1  -> a single is its own 1RM: 40 kg;  90 lb x 1  -> 90 lb
#   crossover  25 kg x 6  -> 25 x 1.2   = 30.0 kg;            55 lb x 6  -> 66.0 lb
LIFTS: tuple[Lift, ...] = (
    Lift(
        "curl",
        {"strong": "Bicep Curl (Dumbbell)", "hevy": "Bicep Curl (Dumbbell)",
         "fitnotes": "Dumbbell Curl"},
        {Unit.KG: (16.0, 8), Unit.LB: (35.0, 8)},
    ),
    Lift(
        "squat",
        {"strong": "Squat (Barbell)", "hevy": "Squat (Barbell)", "fitnotes": "Barbell Squat"},
        {Unit.KG: (140.0, 3), Unit.LB: (315.0, 3)},
    ),
    Lift(
        "extension",
        {"strong": "Leg Extension (Machine)", "hevy": "Leg Extension (Machine)",
         "fitnotes": "Leg Extension Machine"},
        {Unit.KG: (70.0, 10), Unit.LB: (150.0, 10)},
    ),
    Lift(
        "pushdown",
        {"strong": "Triceps Pushdown (Cable - Straight Bar)", "hevy": "Triceps Pushdown",
         "fitnotes": "Rope Push Down"},
        {Unit.KG: (40.0, 1), Unit.LB: (90.0, 1)},
    ),
    Lift(
        "crossover",
        {"strong": "Cable Crossover 💪", "hevy": "Cable Crossover 💪",
         "fitnotes": "Cable Crossover 💪"},
        {Unit.KG: (25.0, 6), Unit.LB: (55.0, 6)},
    ),
)
LIBRARY_NAMES = {
    "curl": "Dumbbell curl",
    "squat": "Back squat",
    "extension": "Leg extension",
    "pushdown": "Triceps pushdown",
    "crossover": "Cable Crossover 💪",
}
EXPECTED: dict[Unit, dict[str, float]] = {
    Unit.KG: {"curl": 20.3, "squat": 154.0, "extension": 93.3, "pushdown": 40.0,
              "crossover": 30.0},
    Unit.LB: {"curl": 44.3, "squat": 346.5, "extension": 200.0, "pushdown": 90.0,
              "crossover": 66.0},
}
# Odd spellings the same apps (or a lifter renaming things) produce; they must merge.
ODD_NAMES: dict[str, str] = {"curl": "  dumbbell   BICEP curls ", "extension": "Leg Extensions"}
PULL_UP = "Pull Up"
RUNNING = "Running"
CALF_RAISE = "Seated Calf Raise"
# The calf raises match the library's; the others stay as the file names them.
NO_ESTIMATE_NAMES = ("Seated calf raise", PULL_UP, RUNNING)


@dataclass(frozen=True, slots=True)
class SampleRow:
    """One row of a training log, before an app's layout is applied."""

    when: datetime
    workout: str
    lift: str
    kind: Kind
    load: float
    unit: Unit
    reps: int
    seconds: int = 0
    distance: float = 0.0
    name: str | None = None
    """The exercise name in every app, instead of the lift's usual one."""


@dataclass(frozen=True, slots=True)
class Sample:
    """A generated history and what an import of it must find."""

    rows: list[SampleRow]

    def count(self, kind: Kind) -> int:
        """Rows of one kind (warm-ups, rest timers)."""
        return sum(row.kind == kind for row in self.rows)

    def count_where(self, *, lift: str) -> int:
        """Rows of one exercise."""
        return sum(row.lift == lift for row in self.rows)


def _round(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def _round_down(value: float, step: float) -> float:
    return round(math.floor(value / step) * step, 2)


def epley(load: float, reps: int) -> float:
    """Epley's estimate as the tests work it by hand: a single is its own 1RM."""
    return load if reps == 1 else load * (1 + reps / 30)


def training_history(*, unit: Unit, curl_unit: Unit | None = None, seed: int = 5) -> Sample:
    """Half a year of workouts; ``curl_unit`` logs the curls in the other unit (mixed file)."""
    rng = random.Random(seed)
    step = 2.5 if unit is Unit.KG else 5.0
    rows: list[SampleRow] = []
    day = FIRST_DAY
    number = 0
    while day <= LAST_DAY:
        start = datetime.combine(day, time(rng.choice((6, 7, 17, 18)), rng.randint(0, 59)))
        workout = ("Push Day", "Leg Day", "Arms")[number % 3]
        clock = start
        for lift in LIFTS:
            lift_unit = curl_unit if (lift.key == "curl" and curl_unit) else unit
            lift_step = 2.5 if lift_unit is Unit.KG else 5.0
            top, top_reps = lift.planted[lift_unit]
            rows.append(SampleRow(clock, workout, lift.key, "warmup",
                                  _round(top * 0.3, lift_step), lift_unit, 10))
            for _ in range(3):
                clock += timedelta(seconds=90)
                share, reps = rng.uniform(0.7, 0.9), rng.randint(6, 10)
                load = _round_down(epley(top, top_reps) * share / epley(1, reps), lift_step)
                rows.append(SampleRow(clock, workout, lift.key, "working", load, lift_unit,
                                      reps))
                rows.append(SampleRow(clock, workout, lift.key, "rest", 0, lift_unit, 0, 90))
        rows.append(SampleRow(clock, workout, "calf", "working", _round(60, step), unit,
                              rng.randint(15, 20)))
        rows.append(SampleRow(clock, workout, "pullup", "working", 0, unit, rng.randint(5, 12)))
        if number % 4 == 0:
            rows.append(SampleRow(clock, workout, "run", "working", 0, unit, 0, 1200, 3.2))
        number += 1
        day += timedelta(days=2 if number % 3 else 3)
    last_workout = datetime.combine(LAST_DAY, time(18, 0))
    for lift in LIFTS:
        lift_unit = curl_unit if (lift.key == "curl" and curl_unit) else unit
        top, reps = lift.planted[lift_unit]
        planted = datetime.combine(PLANTED_DAY, time(18, 30))
        old = datetime.combine(OLD_DAY, time(18, 30))
        rows.extend(
            [
                SampleRow(planted, "Heavy Day", lift.key, "working", top, lift_unit, reps),
                # Decoys: older than the window, too many reps, a warm-up.
                SampleRow(old, "Old PR", lift.key, "working", top * 1.3, lift_unit, 5),
                SampleRow(planted, "Heavy Day", lift.key, "working", top * 0.9, lift_unit, 15),
                SampleRow(planted, "Heavy Day", lift.key, "warmup", top * 1.2, lift_unit, 5),
                # Every exercise was last done on LAST_DAY, which sets its window.
                SampleRow(last_workout, "Last Day", lift.key, "working",
                          _round(top * 0.5, 2.5), lift_unit, 8),
            ]
        )
    rows.sort(key=lambda row: row.when)
    return Sample(rows)


def _name(row: SampleRow, app: App, index: int) -> str:
    if row.name is not None:
        return row.name
    if row.lift == "calf":
        return CALF_RAISE
    if row.lift == "pullup":
        return PULL_UP
    if row.lift == "run":
        return RUNNING
    if row.lift in ODD_NAMES and index % 7 == 0:
        return ODD_NAMES[row.lift]
    return next(lift.names[app] for lift in LIFTS if lift.key == row.lift)


def _weight(value: float) -> str:
    return f"{value:.1f}"


def write_strong(path: Path, sample: Sample, *, old_layout: bool = False) -> Path:
    """Strong's export: the newer comma layout (no unit) or the older semicolon one."""
    if old_layout:
        header = ["Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit",
                  "Reps", "RPE", "Distance", "Distance Unit", "Seconds", "Notes",
                  "Workout Notes", "Workout Duration"]
    else:
        header = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight",
                  "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";" if old_layout else ",")
        writer.writerow(header)
        order = 0
        for index, row in enumerate(sample.rows):
            if row.kind == "rest":
                set_order = "Rest Timer"
            elif row.kind == "warmup":
                set_order = "W"
            else:
                order += 1
                set_order = "F" if index % 23 == 0 else str(order % 5 + 1)
            when = row.when.strftime("%Y-%m-%d %H:%M:%S")
            name = _name(row, "strong", index)
            note = 'Felt "heavy", grip slipped' if index % 97 == 0 else ""
            if old_layout:
                unit = "kgs" if row.unit is Unit.KG else "lbs"
                writer.writerow([when, row.workout, name, set_order, _weight(row.load), unit,
                                 row.reps, "", row.distance, "km", row.seconds, note, "", "1h"])
            else:
                writer.writerow([when, row.workout, "1h 5m", name, set_order, _weight(row.load),
                                 row.reps, row.distance, row.seconds, note, "", ""])
    return path


def _hevy_time(moment: datetime) -> str:
    return moment.strftime("%d %b %Y, %H:%M")


def write_hevy(path: Path, sample: Sample, *, unit: Unit) -> Path:
    """Hevy's export, every field quoted, weights in ``weight_kg`` or ``weight_lbs``."""
    weight = "weight_kg" if unit is Unit.KG else "weight_lbs"
    distance = "distance_km" if unit is Unit.KG else "distance_miles"
    header = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id",
              "exercise_notes", "set_index", "set_type", weight, "reps", distance,
              "duration_seconds", "rpe"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for index, row in enumerate(r for r in sample.rows if r.kind != "rest"):
            kind = "warmup" if row.kind == "warmup" else ("failure" if index % 19 == 0
                                                           else "normal")
            load = "" if row.load == 0 else _weight(row.load)
            reps = "" if row.lift == "run" else str(row.reps)
            writer.writerow([row.workout, _hevy_time(row.when),
                             _hevy_time(row.when + timedelta(hours=1)), "",
                             _name(row, "hevy", index), "", "", index % 4, kind, load, reps,
                             row.distance or "", row.seconds or "", ""])
    return path


def write_fitnotes(path: Path, sample: Sample, *, weight_column: Unit | None = None) -> Path:
    """FitNotes' export: ``Weight`` + ``Weight Unit``, or the older ``Weight (kgs)/(lbs)``."""
    if weight_column is None:
        header = ["Date", "Exercise", "Category", "Weight", "Weight Unit", "Reps", "Distance",
                  "Distance Unit", "Time"]
    else:
        label = "Weight (kgs)" if weight_column is Unit.KG else "Weight (lbs)"
        header = ["Date", "Exercise", "Category", label, "Reps", "Distance", "Distance Unit",
                  "Time"]
    with path.open("w", encoding="utf-8", newline="") as out:
        # FitNotes quotes nothing: a comma in a name makes the row one cell longer.
        writer = _Unquoted(out)
        writer.writerow(header)
        # FitNotes has no warm-up marker and no rest-timer rows.
        for index, row in enumerate(r for r in sample.rows if r.kind == "working"):
            name = _name(row, "fitnotes", index)
            category = "Cardio" if row.lift == "run" else "Arms"
            weight = _weight(row.load)
            reps = "" if row.lift == "run" else str(row.reps)
            distance = str(row.distance) if row.distance else ""
            seconds = f"0:{row.seconds // 60:02d}:00" if row.seconds else ""
            if weight_column is None:
                unit = "kgs" if row.unit is Unit.KG else "lbs"
                writer.writerow([row.when.date().isoformat(), name, category, weight, unit,
                                 reps, distance, "km" if distance else "", seconds])
            else:
                writer.writerow([row.when.date().isoformat(), name, category, weight, reps,
                                 distance, "km" if distance else "", seconds])
    return path


class _Unquoted:
    """Writes rows as FitNotes does: cells joined by commas, nothing quoted."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def writerow(self, cells: list[object]) -> None:
        self._out.write(",".join(str(cell) for cell in cells) + "\n")


def renamed(sample: Sample, names: dict[str, str]) -> Sample:
    """The same history with some lifts under other names (``names``: lift key -> name)."""
    return Sample([replace(row, name=names.get(row.lift, row.name)) for row in sample.rows])


def _strong_set_order(row: SampleRow, index: int, order: int, rest: str) -> str:
    if row.kind == "rest":
        return rest
    if row.kind == "warmup":
        return "W"
    return "F" if index % 23 == 0 else str(order % 5 + 1)


def write_strong_android(path: Path, sample: Sample, *, unit: Unit) -> Path:
    """Strong for Android: semicolons, every field quoted, units in the headers."""
    header = ["Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name",
              "Set Order", "Weight (kg)" if unit is Unit.KG else "Weight (lbs)", "Reps", "RPE",
              "Distance (meters)", "Seconds", "Notes", "Workout Notes"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        workouts: dict[str, int] = {}
        order = 0
        for index, row in enumerate(sample.rows):
            order += row.kind == "working"
            day = row.when.date().isoformat()
            number = workouts.setdefault(day, len(workouts) + 1)
            set_order = _strong_set_order(row, index, order, "Rest Timer")
            note = "tempo 3-1-1; slow" if index % 89 == 0 else ""
            reps = "" if row.kind == "rest" else str(row.reps)
            load = "" if row.load == 0 else _weight(row.load)
            writer.writerow([number, row.when.strftime("%Y-%m-%d %H:%M:%S"), row.workout,
                             3900, _name(row, "strong", index), set_order, load, reps, "",
                             f"{row.distance * 1000:.0f}" if row.distance else "",
                             row.seconds or "", note, ""])
    return path


# Strong's newer header as a phone set to French writes it.
STRONG_FRENCH_HEADER = [
    "Date", "Nom de l'entraînement", "Durée", "Nom de l'exercice", "Ordre de la série",
    "Poids", "Réps", "Distance", "Secondes", "Notes", "Notes d'entraînement", "RPE",
]
# A rest-timer row's set order, translated too.
FRENCH_REST_TIMER = "Minuteur de repos"


def write_strong_translated(path: Path, sample: Sample) -> Path:
    """Strong's newer layout from a phone set to French: translated header, CRLF ends."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(STRONG_FRENCH_HEADER)
        order = 0
        for index, row in enumerate(sample.rows):
            order += row.kind == "working"
            set_order = _strong_set_order(row, index, order, FRENCH_REST_TIMER)
            note = "Prise large, « lente »" if index % 97 == 0 else ""
            writer.writerow([row.when.strftime("%Y-%m-%d %H:%M:%S"), row.workout, "1h 5m",
                             _name(row, "strong", index), set_order, _weight(row.load),
                             row.reps, row.distance, row.seconds, note, "", ""])
    return path


# Pushdowns at 45-50 kg (100-110 lb) for 8-12 reps, with one mistyped set among them.
PUSHDOWN = "Triceps Pushdown"
PUSHDOWN_SETS: dict[Unit, tuple[tuple[float, int], ...]] = {
    Unit.KG: ((45.0, 12), (47.5, 10), (50.0, 8)),
    Unit.LB: ((100.0, 12), (105.0, 10), (110.0, 8)),
}
# The best real set, on PLANTED_DAY: 50 kg x 10 = 66.7 kg; 110 lb x 10 = 146.7 lb.
PUSHDOWN_BEST: dict[Unit, tuple[float, int, float]] = {
    Unit.KG: (50.0, 10, 66.7),
    Unit.LB: (110.0, 10, 146.7),
}
# The typo, in an aborted three-minute workout: 100 kg x 7 = 123.3 kg (1.85 times the
# best real set); 225 lb x 7 = 277.5 lb (1.89 times).
TYPO_DAY = date(2025, 7, 19)
PUSHDOWN_TYPO: dict[Unit, tuple[float, int, float]] = {
    Unit.KG: (100.0, 7, 123.3),
    Unit.LB: (225.0, 7, 277.5),
}


def history_with_a_typo(*, unit: Unit) -> Sample:
    """The half-year history, its pushdowns at 45-50 kg, and one mistyped pushdown set."""
    base = training_history(unit=unit)
    rows = [row for row in base.rows if row.lift != "pushdown"]
    sessions = sorted({row.when for row in base.rows
                       if row.lift == "curl" and row.kind == "warmup"})
    for start in sessions:
        for number, (load, reps) in enumerate(PUSHDOWN_SETS[unit]):
            rows.append(SampleRow(start + timedelta(minutes=40 + 2 * number), "Arms",
                                  "pushdown", "working", load, unit, reps, name=PUSHDOWN))
    load, reps, _ = PUSHDOWN_BEST[unit]
    rows.append(SampleRow(datetime.combine(PLANTED_DAY, time(18, 45)), "Heavy Day", "pushdown",
                          "working", load, unit, reps, name=PUSHDOWN))
    load, reps, _ = PUSHDOWN_TYPO[unit]
    rows.append(SampleRow(datetime.combine(TYPO_DAY, time(7, 0)), "Quick Workout", "pushdown",
                          "working", load, unit, reps, seconds=180, name=PUSHDOWN))
    rows.sort(key=lambda row: row.when)
    return Sample(rows)


ASSISTED_NAMES = ("Pull Up (Assisted)", "Assisted Dip (Machine)", "Chin-Up (Assisted)")


def history_with_assisted_work(*, unit: Unit) -> Sample:
    """The half-year history plus assisted pull-ups, dips and chin-ups with their assist."""
    base = training_history(unit=unit)
    step = 2.5 if unit is Unit.KG else 5.0
    rows = list(base.rows)
    sessions = sorted({row.when for row in base.rows
                       if row.lift == "curl" and row.kind == "warmup"})
    for count, start in enumerate(sessions):
        for number, name in enumerate(ASSISTED_NAMES):
            # The assist shrinks as the lifter gets stronger: 40 kg of help down to 15.
            help_load = _round(max(15.0, 40.0 - count) * (1 if unit is Unit.KG else 2.2), step)
            rows.append(SampleRow(start + timedelta(minutes=50 + number), "Back", "assisted",
                                  "working", help_load, unit, 6 + number, name=name))
    rows.sort(key=lambda row: row.when)
    return Sample(rows)
