"""``bfr-tui import``: the command line, a real subprocess, and the band it leads to."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bfr_tui.app import make_app
from bfr_tui.cli import main
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.units import Unit
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.showcase.steps import settle
from bfr_tui.store import open_log, queries
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.paths import DB_ENV_VAR, sqlite_url
from tests.import_samples import training_history, write_fitnotes, write_hevy, write_strong
from tests.local_time import local
from tests.ui.conftest import SIZE

END = local(2026, 3, 2, 18, 30)
ERROR_PREFIX = "bfr-tui: error: "


@pytest.fixture(autouse=True)
def no_db_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real default log: no $BFR_TUI_DB, and the data dir under tmp_path."""
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    engine = open_database(path)
    fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=6, seed=7, end=END)
    engine.dispose()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(capsys: pytest.CaptureFixture[str], code: int, *words: str) -> str:
    """Exit status 2, nothing on stdout, one ``bfr-tui: error:`` line naming ``words``."""
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(ERROR_PREFIX)
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_help_shows_every_option_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("FILE", "--format", "--unit", "--db", "--dry-run", "examples:", "Epley"):
        assert option in text
    assert main(["--help"]) == 0
    assert "bfr-tui import" in capsys.readouterr().out


def test_export_import_export_through_the_command_is_identical(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, copy = tmp_path / "first.csv", tmp_path / "second.csv", tmp_path / "copy.db"
    assert main(["export", "--db", str(demo_db), "--out", str(first)]) == 0

    assert main(["import", str(first), "--db", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "blocks" in out and f"Imported into {copy}" in out

    assert main(["export", "--db", str(copy), "--out", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()

    assert main(["import", str(first), "--db", str(copy)]) == 0
    assert "Nothing new" in capsys.readouterr().out


def test_a_dry_run_prints_the_plan_and_leaves_the_log_as_it_was(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_hevy(tmp_path / "hevy.csv", training_history(unit=Unit.LB), unit=Unit.LB)
    before = digest(demo_db)

    assert main(["import", str(source), "--db", str(demo_db), "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert digest(demo_db) == before
    assert "Hevy export" in out
    assert "Bicep Curl (Dumbbell)' -> Dumbbell curl" in out
    assert "Leg extension: 200 lb from 150 lb x 10 on 2025-07-12" in out
    assert "Cable Crossover 💪 (limb none; check it in the app)" in out
    assert "warm-up" in out
    assert out.rstrip().endswith(f"Dry run: nothing was written to {demo_db}.")


def test_a_strong_export_needs_a_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    db = tmp_path / "log.db"

    code = main(["import", str(source), "--db", str(db)])

    one_error_line(capsys, code, "strong.csv", "--unit kg or --unit lb")
    assert not db.exists()
    assert main(["import", str(source), "--db", str(db), "--unit", "kg"]) == 0
    assert "Dumbbell curl: 20.3 kg from 16 kg x 8" in capsys.readouterr().out


def stored_units(db: Path) -> tuple[str, dict[str, tuple[str, float]], dict[str, str]]:
    """The profile's unit, each exercise's (unit, step), and each 1RM as "value unit"."""
    engine = open_database(db)
    with session_scope(engine) as session:
        # An import into a log without lifters makes its first; never a second.
        (lifter,) = queries.list_lifters(session=session)
        profile = queries.get_lifter(session=session, lifter_id=lifter.id).unit
        exercises = {e.name: (e.unit, e.load_step)
                     for e in queries.list_exercises(session=session)}
        maxes = {}
        for exercise in queries.list_exercises(session=session):
            assert exercise.id is not None
            found = queries.current_one_rep_max(
                session=session, lifter_id=lifter.id, exercise_id=exercise.id
            )
            if found is not None:
                maxes[exercise.name] = f"{found.value:g} {found.unit}"
    engine.dispose()
    return profile, exercises, maxes


@pytest.mark.parametrize(
    ("old_layout", "options"),
    [(False, ["--unit", "lb"]), (True, [])],  # --unit, or the file's own unit column
)
def test_a_new_log_takes_its_unit_from_the_import(
    old_layout: bool, options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.LB),
                          old_layout=old_layout)
    db = tmp_path / "new.db"

    assert main(["import", str(source), "--db", str(db), *options]) == 0

    assert "The new log keeps loads in lb, as the file does." in capsys.readouterr().out
    profile, exercises, maxes = stored_units(db)
    assert profile == "lb"
    # The starter library and the exercises the file added: all in lb, on the lb step.
    assert set(exercises.values()) == {("lb", 2.5)}
    assert maxes["Leg extension"] == "200 lb"


def test_an_import_into_an_existing_log_keeps_the_log_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "log.db"
    kg_file = write_strong(tmp_path / "kg.csv", training_history(unit=Unit.KG))
    lb_file = write_strong(tmp_path / "lb.csv", training_history(unit=Unit.LB, seed=6))
    assert main(["import", str(kg_file), "--db", str(db), "--unit", "kg"]) == 0
    capsys.readouterr()

    assert main(["import", str(lb_file), "--db", str(db), "--unit", "lb"]) == 0

    assert "keeps loads in" not in capsys.readouterr().out
    profile, exercises, _maxes = stored_units(db)
    assert profile == "kg"
    assert exercises["Leg extension"] == ("kg", 1.25)


def test_the_same_file_adds_nothing_after_the_log_moved_to_the_other_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    db = tmp_path / "log.db"
    assert main(["import", str(source), "--db", str(db), "--unit", "kg"]) == 0
    # lb picked at the screening: the imported 1RMs are now stored in lb.
    engine = open_database(db)
    with session_scope(engine) as session:
        assert queries.move_untrained_exercises(session=session, unit=Unit.LB) > 0
    engine.dispose()
    capsys.readouterr()

    assert main(["import", str(source), "--db", str(db), "--unit", "kg"]) == 0

    assert "Nothing new" in capsys.readouterr().out
    assert stored_units(db)[2]["Leg extension"] == "205.691 lb"


def test_a_bad_row_is_one_line_with_file_line_and_column(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    lines = source.read_text(encoding="utf-8").splitlines()
    cells = lines[9].split(",")
    cells[3] = "eighty"
    lines[9] = ",".join(cells)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = digest(demo_db)

    code = main(["import", str(source), "--db", str(demo_db)])

    one_error_line(capsys, code, str(source), "line 10", "'Weight'", "'eighty' is not a number")
    assert digest(demo_db) == before


@pytest.mark.parametrize(
    ("argv_tail", "words"),
    [
        (["--format", "native"], ["not a bfr-tui export", "line 1"]),
        (["--format", "fitnotes"], ["not a FitNotes export"]),
        (["--unit", "stone"], ["invalid choice"]),
        (["--format", "excel"], ["invalid choice"]),
    ],
)
def test_a_wrong_option_is_one_error_line(
    argv_tail: list[str], words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    code = main(["import", str(source), "--db", str(tmp_path / "log.db"), *argv_tail])
    one_error_line(capsys, code, *words)
    assert not (tmp_path / "log.db").exists()


def test_a_missing_file_or_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "log.db")])
    one_error_line(capsys, code, "no file", "nope.csv")
    code = main(["import", str(tmp_path), "--db", str(tmp_path / "log.db")])
    one_error_line(capsys, code, "folder")
    assert not (tmp_path / "log.db").exists()


def test_a_log_that_is_not_a_database_is_refused_in_a_dry_run_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_fitnotes(tmp_path / "fitnotes.csv", training_history(unit=Unit.KG))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a log", encoding="utf-8")
    code = main(["import", str(source), "--db", str(notes), "--dry-run"])
    one_error_line(capsys, code, "not a bfr-tui database")
    assert notes.read_text(encoding="utf-8") == "not a log"


def test_the_real_command_imports_in_its_own_process(tmp_path: Path) -> None:
    source = write_strong(
        tmp_path / "strong old.csv", training_history(unit=Unit.LB), old_layout=True
    )
    db = tmp_path / "log.db"
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    environment.pop(DB_ENV_VAR, None)

    run = subprocess.run(
        [sys.executable, "-m", "bfr_tui", "import", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=environment,
    )

    assert run.returncode == 0, run.stderr
    assert "Back squat: 346.5 lb from 315 lb x 3 on 2025-07-12" in run.stdout
    assert f"Imported into {db}: 5 estimated 1RMs, 1 new exercise." in run.stdout
    assert run.stderr == ""


async def test_the_exercise_list_shows_the_band_from_the_imported_1rm(tmp_path: Path) -> None:
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    db = tmp_path / "log.db"
    assert main(["import", str(source), "--db", str(db), "--unit", "kg"]) == 0
    log = open_log(sqlite_url(db))
    # The import made the log's lifter: screen them, as the app would ask first.
    log.choose_lifter(None, required=True)
    log.save_screening(
        answers={q.key: False for q in SCREENING_QUESTIONS}, screened_on=END.date(),
        cleared=False, unit=Unit.KG,
    )

    app = make_app(log=log, clock=FakeClock(start=END))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseSelectScreen)
        line = next(line for line in screen.shown_lines if line.name == "Leg extension")
        assert line.one_rm == 93.3
        assert line.band is not None
        # 20-30 % of 93.3 kg on the 1.25 kg step: 18.66 up to 18.75, 27.99 down to 27.5.
        assert line.band.describe() == "18.75-27.5 kg"
        grid = screen.query_one("#exercise-table")
        rendered = " ".join(str(cell) for cell in grid.get_row_at(  # type: ignore[attr-defined]
            [ln.name for ln in screen.shown_lines].index("Leg extension")
        ))
        assert "93.3 kg est." in rendered
        assert "18.75-27.5 kg" in rendered
