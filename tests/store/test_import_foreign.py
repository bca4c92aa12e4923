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
from bfr_tui.store import queries
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.import_csv import (
    ImportFileError,
    ImportReport,
    LayoutChoice,
    detect_layout,
    open_table,
    run_import,
)
from bfr_tui.store.import_foreign import NO_LOAD, REST_TIMER, TOO_MANY_REPS, WARM_UP
from bfr_tui.store.models import Exercise, OneRepMax
from bfr_tui.store.seed import seed_exercises
from tests.import_samples import (
    EXPECTED,
    LIBRARY_NAMES,
    NO_ESTIMATE_NAMES,
    PLANTED_DAY,
    PULL_UP,
    Sample,
    training_history,
    write_fitnotes,
    write_hevy,
    write_strong,
)

NOW = datetime(2025, 8, 1, 9, 0)

Writer = Callable[[Path], Path]


def do_import(
    source: Path,
    db: Path,
    *,
    layout: LayoutChoice = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
) -> ImportReport:
    return run_import(
        csv_path=source, db_path=db, layout=layout, unit=unit, dry_run=dry_run, now=NOW
    )


def one_rms(db: Path) -> dict[str, OneRepMax]:
    """The current 1RM of every exercise that has one, by exercise name."""
    engine = open_database(db)
    try:
        with Session(engine) as session:
            found = {}
            for exercise in session.exec(select(Exercise)).all():
                assert exercise.id is not None
                current = queries.current_one_rep_max(session=session, exercise_id=exercise.id)
                if current is not None:
                    found[exercise.name] = current
            return found
    finally:
        engine.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def existing_log(tmp_path: Path) -> Path:
    """A log that already has the starter library."""
    db = tmp_path / "log.db"
    engine = open_database(db)
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
}
FILE_UNIT = {
    "strong, newer (no unit column)": Unit.KG,
    "strong, older semicolon layout in lb": Unit.LB,
    "hevy, weight_kg": Unit.KG,
    "hevy, weight_lbs": Unit.LB,
    "fitnotes, Weight + Weight Unit, curls in lb": Unit.KG,
    "fitnotes, Weight (kgs)": Unit.KG,
    "fitnotes, Weight (lbs)": Unit.LB,
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
        assert queries.history_rows(session=session) == []
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
        overview = {o.exercise.name: o for o in queries.exercise_overview(session=session)}
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
    with session_scope(engine) as session:
        curl = queries.add_exercise(session=session, name="Dumbbell curl", limb=Limb.ARM, now=NOW)
        assert curl.id is not None
        queries.record_one_rep_max(
            session=session, exercise_id=curl.id, value=22.5, unit=Unit.KG,
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
        history = queries.one_rep_max_history(session=session, exercise_id=curl.id)
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
