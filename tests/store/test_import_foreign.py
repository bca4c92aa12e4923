"""Strong, Hevy and FitNotes exports: estimated 1RMs, matched names, skipped rows, bad files."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.load import load_band
from bfr_tui.domain.units import Unit
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import queries
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.import_common import ImportFileError, ImportReport
from bfr_tui.store.import_csv import (
    LayoutChoice,
    SqliteImportTarget,
    detect_layout,
    open_table,
    run_import,
)
from bfr_tui.store.import_foreign import NO_LOAD, REST_TIMER, TOO_MANY_REPS, WARM_UP
from bfr_tui.store.models import Exercise, OneRepMax
from bfr_tui.store.seed import seed_exercises
from tests.import_samples import (
    ASSISTED_NAMES,
    EXPECTED,
    FRENCH_REST_TIMER,
    LIBRARY_NAMES,
    NO_ESTIMATE_NAMES,
    PLANTED_DAY,
    PULL_UP,
    PUSHDOWN_BEST,
    PUSHDOWN_TYPO,
    STRONG_FRENCH_HEADER,
    TYPO_DAY,
    Sample,
    SampleRow,
    history_with_a_typo,
    history_with_assisted_work,
    renamed,
    training_history,
    write_fitnotes,
    write_hevy,
    write_strong,
    write_strong_android,
    write_strong_translated,
)
from tests.local_time import local
from tests.store.stored import one_rep_maxes

NOW = local(2025, 8, 1, 9, 0)

Writer = Callable[[Path], Path]


def do_import(
    source: Path,
    db: Path,
    *,
    layout: LayoutChoice = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """An import into the log's only lifter, as the command line does without --lifter
    (a log with none gets its first)."""
    return run_import(
        csv_path=source, target=SqliteImportTarget(db), layout=layout, unit=unit,
        dry_run=dry_run, lifter=None, now=NOW,
    )


def only_lifter(session: Session) -> int:
    """The id of the log's one lifter (whoever made it: a test, or an import)."""
    (lifter,) = queries.list_lifters(session=session)
    return lifter.id


def one_rms(db: Path) -> dict[str, OneRepMax]:
    """The lifter's current 1RM of every exercise that has one, by exercise name."""
    engine = open_database(db)
    try:
        with Session(engine) as session:
            lifter = only_lifter(session)
            found = {}
            for exercise in session.exec(select(Exercise)).all():
                assert exercise.id is not None
                current = queries.current_one_rep_max(
                    session=session, lifter_id=lifter, exercise_id=exercise.id
                )
                if current is not None:
                    found[exercise.name] = current
            return found
    finally:
        engine.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def existing_log(tmp_path: Path) -> Path:
    """A log that already has its lifter and the starter library, as the app leaves it."""
    db = tmp_path / "log.db"
    engine = open_database(db)
    lifter_id(engine)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=NOW)
    engine.dispose()
    return db


# Each layout as those apps write it, with the unit its 1RMs come out in.
LAYOUTS: dict[str, tuple[Callable[[Path], Path], Unit | None, dict[str, Unit]]] = {
    "strong, newer (no unit column)": (
        lambda p: write_strong(p, training_history(unit=Unit.KG)),
        Unit.KG,
        {},
    ),
    "strong, older semicolon layout in lb": (
        lambda p: write_strong(p, training_history(unit=Unit.LB), old_layout=True),
        None,
        {},
    ),
    "hevy, weight_kg": (lambda p: write_hevy(p, training_history(unit=Unit.KG), unit=Unit.KG),
                        None, {}),
    "hevy, weight_lbs": (lambda p: write_hevy(p, training_history(unit=Unit.LB), unit=Unit.LB),
                         None, {}),
    "fitnotes, Weight + Weight Unit, curls in lb": (
        lambda p: write_fitnotes(p, training_history(unit=Unit.KG, curl_unit=Unit.LB)),
        None,
        {"curl": Unit.LB},
    ),
    "fitnotes, Weight (kgs)": (
        lambda p: write_fitnotes(p, training_history(unit=Unit.KG), weight_column=Unit.KG),
        None,
        {},
    ),
    "fitnotes, Weight (lbs)": (
        lambda p: write_fitnotes(p, training_history(unit=Unit.LB), weight_column=Unit.LB),
        None,
        {},
    ),
    "strong for android, Weight (kg)": (
        lambda p: write_strong_android(p, training_history(unit=Unit.KG), unit=Unit.KG),
        None,
        {},
    ),
    "strong for android, Weight (lbs)": (
        lambda p: write_strong_android(p, training_history(unit=Unit.LB), unit=Unit.LB),
        None,
        {},
    ),
    "strong in french, read by position": (
        lambda p: write_strong_translated(p, training_history(unit=Unit.LB)),
        Unit.LB,
        {},
    ),
}
FILE_UNIT = {
    "strong, newer (no unit column)": Unit.KG,
    "strong, older semicolon layout in lb": Unit.LB,
    "hevy, weight_kg": Unit.KG,
    "hevy, weight_lbs": Unit.LB,
    "fitnotes, Weight + Weight Unit, curls in lb": Unit.KG,
    "fitnotes, Weight (kgs)": Unit.KG,
    "fitnotes, Weight (lbs)": Unit.LB,
    "strong for android, Weight (kg)": Unit.KG,
    "strong for android, Weight (lbs)": Unit.LB,
    "strong in french, read by position": Unit.LB,
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_gives_the_hand_computed_1rms(layout: str, tmp_path: Path) -> None:
    write, unit_option, unit_for = LAYOUTS[layout]
    source = write(tmp_path / "export.csv")
    db = tmp_path / "log.db"

    report = do_import(source, db, unit=unit_option)

    assert report.rows_read > 500
    found = one_rms(db)
    file_unit = FILE_UNIT[layout]
    for key, name in LIBRARY_NAMES.items():
        unit = unit_for.get(key, file_unit)
        current = found[name]
        assert (current.value, current.unit) == (EXPECTED[unit][key], unit.value), name
        assert current.method == "estimated"
        assert current.recorded_on == PLANTED_DAY
        assert "export.csv" in current.source
        assert report.app in current.source
    assert {name for name, _ in report.no_estimate} == set(NO_ESTIMATE_NAMES)


def test_new_exercises_are_added_for_review_and_known_ones_matched(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    db = tmp_path / "log.db"

    report = do_import(source, db, unit=Unit.KG)

    assert [new.name for new in report.new_exercises] == ["Cable Crossover 💪"]
    assert dict(report.matched)["Bicep Curl (Dumbbell)"] == "Dumbbell curl"
    # The odd spelling merged into the same exercise.
    assert dict(report.matched)["dumbbell BICEP curls"] == "Dumbbell curl"
    engine = open_database(db)
    with Session(engine) as session:
        crossover = queries.find_exercise_by_name(session=session, name="Cable Crossover 💪")
        assert crossover is not None
        assert (crossover.limb, crossover.needs_review) == (Limb.NONE.value, True)
        assert "Strong" in crossover.suitability_note
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and not curl.needs_review
        # Exercises without an estimate are not added to the library.
        for name in (PULL_UP, "Running"):
            assert queries.find_exercise_by_name(session=session, name=name) is None
        # Heavy sets are not BFR blocks.
        assert queries.history_rows(session=session, lifter_id=only_lifter(session)) == []
    engine.dispose()


def test_warm_ups_rest_timers_and_unusable_rows_are_counted(tmp_path: Path) -> None:
    sample: Sample = training_history(unit=Unit.KG)
    source = write_strong(tmp_path / "strong.csv", sample)

    report = do_import(source, tmp_path / "log.db", unit=Unit.KG, dry_run=True)

    assert report.rows_read == len(sample.rows)
    assert report.skipped[WARM_UP] == sample.count("warmup")
    assert report.skipped[REST_TIMER] == sample.count("rest")
    assert report.skipped[NO_LOAD] == sample.count_where(lift="pullup") + sample.count_where(
        lift="run"
    )
    # Calf raises (15-20 reps) plus one 15-rep decoy per weighted exercise.
    assert report.skipped[TOO_MANY_REPS] == sample.count_where(lift="calf") + 5
    assert dict(report.no_estimate)["Seated calf raise"] == "only sets of more than 10 reps"
    assert dict(report.no_estimate)[PULL_UP] == "no working set with a load"


def test_hevy_warm_ups_are_skipped(tmp_path: Path) -> None:
    sample = training_history(unit=Unit.KG)
    source = write_hevy(tmp_path / "hevy.csv", sample, unit=Unit.KG)
    report = do_import(source, tmp_path / "log.db", dry_run=True)
    assert report.layout == "hevy"
    assert report.skipped[WARM_UP] == sample.count("warmup")


def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path) -> None:
    source = write_hevy(tmp_path / "hevy.csv", training_history(unit=Unit.KG), unit=Unit.KG)
    db = tmp_path / "log.db"
    first = do_import(source, db)
    before = one_rms(db)

    second = do_import(source, db)

    assert first.estimates_added == 5 and len(first.new_exercises) == 1
    assert second.estimates_added == 0 and second.new_exercises == []
    assert all(line.already_there for line in second.estimates)
    assert not second.adds_anything
    assert "Nothing new" in second.lines()[-1]
    engine = open_database(db)
    with Session(engine) as session:
        assert len(session.exec(select(OneRepMax)).all()) == 5
        assert len(session.exec(select(Exercise)).all()) == 17 + 1
    engine.dispose()
    assert {n: (m.value, m.unit) for n, m in one_rms(db).items()} == {
        n: (m.value, m.unit) for n, m in before.items()
    }


def test_a_dry_run_reports_the_same_and_writes_nothing(
    tmp_path: Path, existing_log: Path
) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    db = existing_log
    before = digest(db)
    files_before = sorted(p.name for p in tmp_path.iterdir())

    dry = do_import(source, db, dry_run=True)

    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    real = do_import(source, db)
    assert [(e.exercise, e.one_rm, e.unit) for e in dry.estimates] == [
        (e.exercise, e.one_rm, e.unit) for e in real.estimates
    ]
    assert dry.new_exercises == real.new_exercises
    assert dry.matched == real.matched
    assert dry.lines()[-1].startswith("Dry run: nothing was written")


def test_a_dry_run_on_a_missing_log_creates_nothing(tmp_path: Path) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    report = do_import(source, tmp_path / "new.db", dry_run=True)
    assert not (tmp_path / "new.db").exists()
    assert report.library_added == 17
    assert len(report.estimates) == 5


def test_the_exercise_list_shows_the_band_from_the_imported_1rm(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    db = tmp_path / "log.db"
    do_import(source, db, unit=Unit.KG)

    engine = open_database(db)
    with Session(engine) as session:
        overview = {
            o.exercise.name: o
            for o in queries.exercise_overview(session=session, lifter_id=only_lifter(session))
        }
    engine.dispose()
    extension = overview["Leg extension"]
    assert (extension.one_rm, extension.one_rm_unit, extension.one_rm_method) == (
        93.3,
        "kg",
        "estimated",
    )
    # 20-30 % of 93.3 kg on a 1.25 kg step: 18.66 rounds up to 18.75, 27.99 down to 27.5.
    band = load_band(one_rm=93.3, step=extension.exercise.load_step, unit=Unit.KG)
    assert (band.low, band.high) == (18.75, 27.5)


def test_a_newer_tested_1rm_stays_the_current_one(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    engine = open_database(db)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.add_exercise(session=session, name="Dumbbell curl", limb=Limb.ARM, now=NOW)
        assert curl.id is not None
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl.id, value=22.5, unit=Unit.KG,
            recorded_on=date(2025, 7, 30), method="tested",
        )
    engine.dispose()
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))

    do_import(source, db, unit=Unit.KG)

    current = one_rms(db)["Dumbbell curl"]
    assert (current.value, current.method) == (22.5, "tested")
    engine = open_database(db)
    with Session(engine) as session:
        assert curl.id is not None
        history = one_rep_maxes(session, curl.id)
    engine.dispose()
    assert [(m.value, m.method) for m in history] == [(20.3, "estimated"), (22.5, "tested")]


# --- layouts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (lambda p: write_strong(p, training_history(unit=Unit.KG)), "strong"),
        (lambda p: write_strong(p, training_history(unit=Unit.KG), old_layout=True), "strong"),
        (lambda p: write_hevy(p, training_history(unit=Unit.LB), unit=Unit.LB), "hevy"),
        (lambda p: write_fitnotes(p, training_history(unit=Unit.KG)), "fitnotes"),
        (lambda p: write_fitnotes(p, training_history(unit=Unit.LB), weight_column=Unit.LB),
         "fitnotes"),
    ],
)
def test_the_layout_is_read_from_the_header(write: Writer, expected: str, tmp_path: Path) -> None:
    source = write(tmp_path / "export.csv")
    with open_table(source) as table:
        assert detect_layout(table) == expected


def test_a_named_layout_must_fit_the_header(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    with pytest.raises(ImportFileError, match=r"line 1: this is not a Hevy export"):
        do_import(source, tmp_path / "log.db", layout="hevy", unit=Unit.KG)
    assert not (tmp_path / "log.db").exists()


def test_a_strong_export_without_a_unit_asks_for_one(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    with pytest.raises(ImportFileError) as caught:
        do_import(source, tmp_path / "log.db")
    message = str(caught.value)
    assert "--unit kg or --unit lb" in message
    assert "strong.csv" in message and "'Weight'" in message
    assert not (tmp_path / "log.db").exists()


def test_fitnotes_weights_without_a_unit_column_ask_for_one(tmp_path: Path) -> None:
    source = tmp_path / "fitnotes.csv"
    source.write_text(
        "Date,Exercise,Category,Weight,Reps\n2025-07-26,Dumbbell Curl,Arms,16,8\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match=r"line 1, column 'Weight': .*--unit kg"):
        do_import(source, tmp_path / "log.db", dry_run=True)
    report = do_import(source, tmp_path / "log.db", dry_run=True, unit=Unit.LB)
    assert [(e.one_rm, e.unit) for e in report.estimates] == [(20.3, Unit.LB)]


def test_a_decimal_comma_in_the_semicolon_layout_is_read(tmp_path: Path) -> None:
    source = tmp_path / "strong.csv"
    source.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        "2025-07-26 07:06:33;Arms;Bicep Curl (Dumbbell);1;17,5;kgs;6;0;;0;;\n",
        encoding="utf-8",
    )
    report = do_import(source, tmp_path / "log.db", dry_run=True)
    # 17.5 x 36/30 = 21.0
    assert [(e.exercise, e.one_rm) for e in report.estimates] == [("Dumbbell curl", 21.0)]


def test_fitnotes_names_with_commas_are_read_by_its_columns(tmp_path: Path) -> None:
    # FitNotes quotes nothing, so these rows have one and two cells more than the header.
    names = {"curl": "Curl, Dumbbell", "crossover": "Overhead Press (Each Side, Dumbbells)",
             "extension": "Leg Extension (Machine, Single Leg, Slow)"}
    sample = renamed(training_history(unit=Unit.KG, curl_unit=Unit.LB), names)
    source = write_fitnotes(tmp_path / "FitNotes_Export.csv", sample)
    lines = source.read_text(encoding="utf-8").splitlines()
    assert sum(line.count(",") > lines[0].count(",") for line in lines) > 300
    db = tmp_path / "log.db"

    report = do_import(source, db)

    assert report.rows_read == len(lines) - 1
    assert report.mended_rows == sum(
        line.count(",") > lines[0].count(",") for line in lines
    )
    assert "with a comma in the exercise name" in "\n".join(report.lines())
    found = one_rms(db)
    assert (found["Dumbbell curl"].value, found["Dumbbell curl"].unit) == (44.3, "lb")
    assert found["Overhead Press (Each Side, Dumbbells)"].value == EXPECTED[Unit.KG]["crossover"]
    assert found["Leg Extension (Machine, Single Leg, Slow)"].value == 93.3
    assert [new.name for new in report.new_exercises] == [
        "Leg Extension (Machine, Single Leg, Slow)", "Overhead Press (Each Side, Dumbbells)"
    ]


def test_a_translated_strong_export_is_read_by_position_and_says_so(tmp_path: Path) -> None:
    sample = training_history(unit=Unit.KG)
    source = write_strong_translated(tmp_path / "strong_fr.csv", sample)
    assert source.read_bytes().count(b"\r\n") == len(sample.rows) + 1

    report = do_import(source, tmp_path / "log.db", unit=Unit.KG)

    assert report.layout == "strong"
    assert report.read_by_position
    text = "\n".join(report.lines())
    assert "read by column position, in Strong's order" in text
    assert "Nom de l'exercice" in text and "Exercise Name" in text
    assert report.skipped[f"set order {FRENCH_REST_TIMER!r}"] == sample.count("rest")
    assert {line.exercise: line.one_rm for line in report.estimates}["Back squat"] == 154.0


def test_a_translated_header_needs_strongs_shape(tmp_path: Path) -> None:
    good = write_strong_translated(tmp_path / "strong_fr.csv", training_history(unit=Unit.KG))
    lines = good.read_text(encoding="utf-8").splitlines()
    # Not a date first, or words where Strong has numbers: not Strong's layout.
    no_date = tmp_path / "no_date.csv"
    no_date.write_text("\n".join([lines[0], "hier" + lines[1][19:], *lines[2:50]]) + "\n",
                       encoding="utf-8")
    words = tmp_path / "words.csv"
    cells = lines[1].split(",")
    cells[5] = "lourd"
    words.write_text("\n".join([lines[0], ",".join(cells), *lines[2:50]]) + "\n",
                     encoding="utf-8")
    shorter = tmp_path / "shorter.csv"
    shorter.write_text("\n".join(",".join(line.split(",")[:11]) for line in lines[:50]) + "\n",
                       encoding="utf-8")
    for source in (no_date, words, shorter):
        with pytest.raises(ImportFileError, match=r"line 1: this is not a bfr-tui, Strong"):
            do_import(source, tmp_path / "log.db", unit=Unit.KG, dry_run=True)
    assert ",".join(STRONG_FRENCH_HEADER) == lines[0]


@pytest.mark.parametrize(
    ("unit", "write"),
    [
        (Unit.KG, lambda p, s: write_hevy(p, s, unit=Unit.KG)),
        (Unit.LB, lambda p, s: write_strong_android(p, s, unit=Unit.LB)),
    ],
)
def test_a_mistyped_set_does_not_become_the_1rm_and_is_named(
    unit: Unit, write: Callable[[Path, Sample], Path], tmp_path: Path
) -> None:
    source = write(tmp_path / "export.csv", history_with_a_typo(unit=unit))
    db = tmp_path / "log.db"

    report = do_import(source, db)

    best_load, best_reps, best_1rm = PUSHDOWN_BEST[unit]
    typo_load, typo_reps, typo_1rm = PUSHDOWN_TYPO[unit]
    assert report.rows_read > 500
    assert one_rms(db)["Triceps pushdown"].value == best_1rm
    line = next(e for e in report.estimates if e.exercise == "Triceps pushdown")
    assert (line.load, line.reps, line.one_rm) == (best_load, best_reps, best_1rm)
    text = "\n".join(report.lines())
    u = unit.value
    assert (
        f"left out {typo_load:g} {u} x {typo_reps} on {TYPO_DAY.isoformat()} "
        f"({typo_1rm} {u}): more than 1.5 times the next best set, "
        f"{best_load:g} {u} x {best_reps} ({best_1rm} {u})"
    ) in text


def test_the_window_ends_at_the_exercises_last_logged_set(tmp_path: Path) -> None:
    sample = training_history(unit=Unit.KG)
    thrust = "Hip Thrust (Barbell)"
    extra = [
        # 97 days before the last set: outside the window, though within 90 days of the
        # last set of 1-10 reps.
        SampleRow(datetime(2025, 4, 20, 18), "Legs", "thrust", "working", 140, Unit.KG, 5,
                  name=thrust),
        SampleRow(datetime(2025, 5, 20, 18), "Legs", "thrust", "working", 100, Unit.KG, 8,
                  name=thrust),
        *(SampleRow(datetime(2025, 6, day, 18), "Legs", "thrust", "working", 60, Unit.KG, 20,
                    name=thrust) for day in (1, 10, 20)),
        SampleRow(datetime(2025, 7, 26, 18), "Legs", "thrust", "working", 60, Unit.KG, 20,
                  name=thrust),
    ]
    source = write_strong(tmp_path / "strong.csv", Sample(sorted(
        [*sample.rows, *extra], key=lambda row: row.when)))

    report = do_import(source, tmp_path / "log.db", unit=Unit.KG, dry_run=True)

    line = next(e for e in report.estimates if e.exercise == thrust)
    # 100 x 8 = 126.7; the older 140 x 5 (163.3) is outside the window.
    assert (line.load, line.reps, line.one_rm) == (100, 8, 126.7)
    assert "in the 90 days up to the exercise's last logged set" in "\n".join(report.lines())


def test_assisted_movements_give_no_1rm(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", history_with_assisted_work(unit=Unit.KG))
    db = tmp_path / "log.db"

    report = do_import(source, db, unit=Unit.KG)

    why = dict(report.no_estimate)
    for name in ASSISTED_NAMES:
        assert name not in one_rms(db)
        assert why[name] == "assisted: its load is help, not resistance"
    assert "Pull Up (Assisted): assisted: its load is help" in "\n".join(report.lines())


def test_a_single_is_its_own_1rm_in_the_report(tmp_path: Path) -> None:
    source = write_hevy(tmp_path / "hevy.csv", training_history(unit=Unit.KG), unit=Unit.KG)
    report = do_import(source, tmp_path / "log.db", dry_run=True)
    pushdown = next(e for e in report.estimates if e.exercise == "Triceps pushdown")
    # 40 kg x 1: Epley's load x (1 + 1/30) would say 41.3; a single is its own 1RM.
    assert (pushdown.load, pushdown.reps, pushdown.one_rm) == (40.0, 1, 40.0)
    assert "a single is its own 1RM" in "\n".join(report.lines())
    do_import(source, tmp_path / "log.db")
    stored = one_rms(tmp_path / "log.db")["Triceps pushdown"]
    assert (stored.value, stored.source) == (
        40.0, "Hevy export hevy.csv: 40 kg x 1 on 2025-07-12 (a single: its own 1RM)"
    )


# --- bad files ---------------------------------------------------------------------------


def _rewrite(source: Path, line: int, column: str, value: str) -> None:
    """Put ``value`` in ``column`` on ``line`` (1 = the header) of a CSV file."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("start_time", "the 26th of July", ["line 40", "'start_time'", "not a date"]),
        ("start_time", "31 Feb 2025, 07:06", ["line 40", "'start_time'", "not a date"]),
        ("weight_kg", "heavy", ["line 40", "'weight_kg'", "'heavy' is not a number"]),
        ("reps", "8.5", ["line 40", "'reps'", "not a whole number"]),
        ("exercise_title", "  ", ["line 40", "'exercise_title'", "empty"]),
    ],
)
def test_a_bad_cell_names_the_line_and_column_and_writes_nothing(
    column: str, value: str, words: list[str], tmp_path: Path, existing_log: Path
) -> None:
    source = write_hevy(tmp_path / "hevy.csv", training_history(unit=Unit.KG), unit=Unit.KG)
    _rewrite(source, 40, column, value)
    before = digest(existing_log)

    with pytest.raises(ImportFileError) as caught:
        do_import(source, existing_log)

    message = str(caught.value)
    assert message.startswith(str(source))
    for word in words:
        assert word in message
    assert "Nothing was imported" in message
    assert digest(existing_log) == before


def test_a_truncated_file_names_the_cut_row(tmp_path: Path, existing_log: Path) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Cut the file in the middle of its last row, as a failed download does.
    source.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:14], encoding="utf-8")
    before = digest(existing_log)

    with pytest.raises(ImportFileError, match=rf"line {len(lines)}, column 'Category'.*cut short"):
        do_import(source, existing_log)
    assert digest(existing_log) == before


def test_an_unclosed_quote_at_the_end_is_a_broken_file(tmp_path: Path, existing_log: Path) -> None:
    source = write_hevy(tmp_path / "hevy.csv", training_history(unit=Unit.KG), unit=Unit.KG)
    data = source.read_bytes()
    source.write_bytes(data[: len(data) - 30])
    with pytest.raises(ImportFileError, match=r"line \d+"):
        do_import(source, existing_log)


@pytest.mark.parametrize(
    "text",
    [
        "name,reps,load\ncurl,8,20\n",
        "",
        "\ufeffDate,Exercise,Category\n2025-01-01,Curl,Arms\n",
    ],
)
def test_a_file_of_no_known_layout_is_refused(
    text: str, tmp_path: Path, existing_log: Path
) -> None:
    source = tmp_path / "other.csv"
    source.write_text(text, encoding="utf-8")
    before = digest(existing_log)
    with pytest.raises(ImportFileError, match=r"other\.csv, line 1: "):
        do_import(source, existing_log)
    assert digest(existing_log) == before


def test_a_file_that_is_not_text_is_refused(tmp_path: Path, existing_log: Path) -> None:
    source = tmp_path / "photo.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 20)
    with pytest.raises(ImportFileError, match=r"photo\.csv, line 1: "):
        do_import(source, existing_log)


def test_a_bad_unit_is_named(tmp_path: Path, existing_log: Path) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    _rewrite(source, 12, "Weight Unit", "stone")
    with pytest.raises(ImportFileError, match=r"line 12, column 'Weight Unit': 'stone'"):
        do_import(source, existing_log)
