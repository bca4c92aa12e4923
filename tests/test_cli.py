"""The ``bfr-tui`` command line: demo, export, --db resolution and one-line errors."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bfr_tui.cli import main
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import open_log
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database
from bfr_tui.store.export import NATIVE_COLUMNS, STRONG_COLUMNS
from bfr_tui.store.models import Exercise, SetEntry
from bfr_tui.store.paths import DB_ENV_VAR, sqlite_url
from bfr_tui.store.seed import EXERCISE_LIBRARY
from tests.local_time import local

END = local(2026, 3, 2, 18, 30)
ERROR_PREFIX = "bfr-tui: error: "


@pytest.fixture(autouse=True)
def no_db_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real default log: no $BFR_TUI_DB, and the data dir under tmp_path."""
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A log with six weeks of demo history ending at END."""
    path = tmp_path / "demo.db"
    engine = open_database(path)
    fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=6, seed=7, end=END)
    engine.dispose()
    return path


def count_sets(path: Path) -> int:
    engine = open_database(path)
    try:
        with Session(engine) as session:
            return len(session.exec(select(SetEntry.id)).all())
    finally:
        engine.dispose()


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_one_error_line(capsys: pytest.CaptureFixture[str], code: int, *words: str) -> str:
    """Exit status 2, nothing on stdout, one ``bfr-tui: error:`` line on stderr."""
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(ERROR_PREFIX)
    for word in words:
        assert word in lines[0]
    return lines[0]


# --- help --------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"], ["export", "--help"]])
def test_help_documents_every_option_with_examples(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    text = capsys.readouterr().out

    assert text.startswith("usage: bfr-tui")
    assert "examples:" in text
    assert "--db PATH" in text
    if argv[0] == "export":
        for option in ("--out", "--format", "--exercise", "--since", "--until", "--force"):
            assert option in text
    if argv[0] == "demo":
        for option in ("--weeks", "--seed", "--sets", "--force"):
            assert option in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("bfr-tui 0.")


# --- demo --------------------------------------------------------------------------------


def test_demo_fills_a_new_log_and_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.db"

    assert main(["demo", "--db", str(path), "--weeks", "3", "--seed", "2"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    sets = count_sets(path)
    assert str(path) in lines[0]
    for words in ("sessions", "blocks", f"{sets} sets", "symptom flags"):
        assert words in lines[0]


def test_demo_sets_option_grows_the_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bench.db"

    assert main(["demo", "--db", str(path), "--sets", "1500"]) == 0

    assert count_sets(path) >= 1500
    assert "1," in capsys.readouterr().out


def test_demo_refuses_a_log_with_blocks_unless_forced(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = count_sets(demo_db)

    code = main(["demo", "--db", str(demo_db)])

    assert_one_error_line(capsys, code, "already has blocks", "--force")
    assert count_sets(demo_db) == before
    assert main(["demo", "--db", str(demo_db), "--weeks", "1", "--force"]) == 0
    assert count_sets(demo_db) > before


def test_demo_refuses_a_file_that_is_not_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("squats 5x5\n")

    code = main(["demo", "--db", str(notes)])

    assert_one_error_line(capsys, code, "not a bfr-tui database")
    assert notes.read_text() == "squats 5x5\n"


def test_demo_in_a_missing_folder_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--db", str(tmp_path / "nope" / "log.db")])

    assert_one_error_line(capsys, code, "does not exist")
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["demo", "--weeks", "0"], ("--weeks", "1 or more")),
        (["demo", "--weeks", "many"], ("--weeks", "whole number")),
        (["demo", "--sets", "-5"], ("--sets",)),
        (["frobnicate"], ("invalid choice",)),
        (["export", "--format", "xml"], ("--format", "xml")),
        (["export", "--bogus"], ("unrecognized arguments",)),
    ],
)
def test_bad_arguments_are_one_line(
    argv: list[str], words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_error_line(capsys, main(argv), *words)


# --- where the log is --------------------------------------------------------------------


def test_db_comes_from_the_environment_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from_env = tmp_path / "env.db"
    monkeypatch.setenv(DB_ENV_VAR, str(from_env))

    assert main(["demo", "--weeks", "1"]) == 0
    assert str(from_env) in capsys.readouterr().out
    assert from_env.exists()

    given = tmp_path / "given.db"
    assert main(["--db", str(given), "demo", "--weeks", "1"]) == 0
    assert str(given) in capsys.readouterr().out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is Linux's")
def test_the_default_folder_is_created_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--weeks", "1"]) == 0

    folder = tmp_path / "xdg-data" / "bfr-tui"
    assert (folder / "bfr.db").exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert str(folder / "bfr.db") in capsys.readouterr().out


def test_export_does_not_create_a_log_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.db"

    assert_one_error_line(capsys, main(["export", "--db", str(missing)]), "no training log")
    assert not missing.exists()
    assert_one_error_line(capsys, main(["export"]), "no training log")
    assert not (tmp_path / "xdg-data").exists()


def test_the_app_refuses_a_file_that_is_not_a_log_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("squats 5x5\n")

    assert_one_error_line(capsys, main(["--db", str(notes)]), "not a bfr-tui database")
    assert notes.read_text() == "squats 5x5\n"


def test_a_new_log_gets_the_exercise_library_once(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    log = open_log(sqlite_url(path))
    log.upgrade()
    engine = open_database(path)
    try:
        assert log.seed_library_if_empty(now=END) == len(EXERCISE_LIBRARY)
        with Session(engine) as session:
            first = session.exec(select(Exercise)).all()
            assert len(first) == len(EXERCISE_LIBRARY)
            archived = first[0]
            session.delete(archived)
            session.commit()
        # The lifter's library is theirs from now on: nothing comes back on the next start.
        assert log.seed_library_if_empty(now=END) == 0
        with Session(engine) as session:
            assert len(session.exec(select(Exercise)).all()) == len(first) - 1
    finally:
        log.close()
        engine.dispose()


# --- export ------------------------------------------------------------------------------


def test_export_writes_csv_to_stdout(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(demo_db)]) == 0

    rows = read_csv(capsys.readouterr().out)
    assert tuple(rows[0]) == NATIVE_COLUMNS
    assert len(rows) - 1 == count_sets(demo_db)


def test_export_strong_format(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "export", "--format", "strong"]) == 0

    rows = read_csv(capsys.readouterr().out)
    assert tuple(rows[0]) == STRONG_COLUMNS
    assert len(rows) - 1 == count_sets(demo_db)


def test_export_to_a_file_with_filters(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "curls.csv"

    code = main(
        [
            "export",
            "--db",
            str(demo_db),
            "--out",
            str(out),
            "--exercise",
            "  dumbbell CURL ",
            "--since",
            "2026-02-01",
            "--until",
            "2026-02-28",
        ]
    )

    assert code == 0
    message = capsys.readouterr().out
    rows = read_csv(out.read_text(encoding="utf-8"))[1:]
    assert rows
    assert message.strip() == f"Exported {len(rows)} sets to {out} (native)."
    assert {r[1] for r in rows} == {"Dumbbell curl"}
    assert all("2026-02-01" <= r[0][:10] <= "2026-02-28" for r in rows)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_never_overwrites_without_force(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "log.csv"
    out.write_text("my own notes\n")

    code = main(["export", "--db", str(demo_db), "--out", str(out)])

    assert_one_error_line(capsys, code, "already exists", "--force")
    assert out.read_text() == "my own notes\n"
    assert main(["export", "--db", str(demo_db), "--out", str(out), "--force"]) == 0
    assert out.read_text().startswith("session_started,")


def test_export_unknown_exercise_suggests_close_names(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = assert_one_error_line(
        capsys,
        main(["export", "--db", str(demo_db), "--exercise", "dumbel curl"]),
        "no exercise called 'dumbel curl'",
        "did you mean",
    )
    assert "'Dumbbell curl'" in line


def test_export_exercise_with_nothing_close(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = assert_one_error_line(
        capsys, main(["export", "--db", str(demo_db), "--exercise", "zzz"]), "no exercise"
    )
    assert "did you mean" not in line


@pytest.mark.parametrize("bad", ["2026/03/02", "yesterday", "2026-02-30", "02-03-2026"])
def test_export_bad_date_is_one_line(
    demo_db: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "--db", str(demo_db), "--since", bad])

    assert_one_error_line(capsys, code, "--since", "YYYY-MM-DD", repr(bad))


def test_export_since_after_until(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "log.csv"

    code = main(
        [
            "export",
            "--db",
            str(demo_db),
            "--out",
            str(out),
            "--since",
            "2026-03-01",
            "--until",
            "2026-02-01",
        ]
    )

    assert_one_error_line(capsys, code, "--since 2026-03-01 is after --until 2026-02-01")
    assert not out.exists()


def test_export_from_a_file_that_is_not_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"definitely not sqlite" * 10)
    before = notes.read_bytes()

    code = main(["export", "--db", str(notes)])

    assert_one_error_line(capsys, code, "not a bfr-tui database")
    assert notes.read_bytes() == before


def test_export_to_a_missing_folder(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nope" / "log.csv"

    assert_one_error_line(
        capsys, main(["export", "--db", str(demo_db), "--out", str(out)]), "does not exist"
    )
    assert not out.parent.exists()


# --- as a real process -------------------------------------------------------------------


def run_bfr(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != DB_ENV_VAR}
    env["XDG_DATA_HOME"] = str(cwd / "xdg-data")
    return subprocess.run(
        [sys.executable, "-m", "bfr_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_python_m_bfr_tui_help(tmp_path: Path) -> None:
    done = run_bfr("--help", cwd=tmp_path)

    assert done.returncode == 0
    assert done.stdout.startswith("usage: bfr-tui")
    assert done.stderr == ""


def test_python_m_bfr_tui_export(demo_db: Path, tmp_path: Path) -> None:
    done = run_bfr("export", "--db", str(demo_db), cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    rows = read_csv(done.stdout)
    assert tuple(rows[0]) == NATIVE_COLUMNS
    assert len(rows) - 1 == count_sets(demo_db)


def test_python_m_bfr_tui_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    done = run_bfr("export", "--db", str(tmp_path / "missing.db"), "--since", "soon", cwd=tmp_path)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(ERROR_PREFIX)
    assert "Traceback" not in done.stderr


PROBE = """
import sys
from bfr_tui.cli import main
code = main(sys.argv[1:])
assert code == 0, code
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("TEXTUAL:", loaded, file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["demo", "export"])
def test_demo_and_export_do_not_import_textual(command: str, tmp_path: Path) -> None:
    db = tmp_path / "probe.db"
    if command == "export":
        engine = open_database(db)
        fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=1, seed=7, end=END)
        engine.dispose()
    args = [command, "--db", str(db)] + (["--weeks", "1"] if command == "demo" else [])

    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "TEXTUAL: []" in done.stderr


def test_export_bytes_are_the_same_from_cli_and_store(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.csv"
    assert main(["export", "--db", str(demo_db), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["export", "--db", str(demo_db)]) == 0

    assert capsys.readouterr().out == out.read_bytes().decode("utf-8")


def test_a_log_name_with_url_characters_is_the_file_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "gym?week#1.db"
    assert main(["demo", "--db", str(odd), "--weeks", "2"]) == 0
    assert odd.exists() and not (tmp_path / "gym").exists()
    capsys.readouterr()
    assert main(["export", "--db", str(odd)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows


def test_a_locked_log_is_one_clear_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    path = tmp_path / "log.db"
    assert main(["demo", "--db", str(path), "--weeks", "1"]) == 0
    capsys.readouterr()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status = main(["demo", "--db", str(path), "--weeks", "1", "--force"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("bfr-tui: error:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
