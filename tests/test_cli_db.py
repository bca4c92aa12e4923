"""``bfr-tui db current`` and ``bfr-tui db upgrade``: the log's schema, on real files."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from bfr_tui.cli import main
from bfr_tui.store.engine import open_database
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION
from bfr_tui.store.paths import DB_ENV_VAR
from tests.schema_history import read_revision, read_user_version, write_newer_log, write_old_log

ERROR_PREFIX = "bfr-tui: error: "


@pytest.fixture(autouse=True)
def no_db_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def current_log(tmp_path: Path) -> Path:
    path = tmp_path / "log.db"
    open_database(path).dispose()
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def one_error_line(capsys: pytest.CaptureFixture[str], code: int, *words: str) -> None:
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), captured.err
    for word in words:
        assert word in lines[0]


# --- help --------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["db", "--help"], ["db", "current", "--help"],
                                  ["db", "upgrade", "--help"]])
def test_help_documents_the_db_commands(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    text = capsys.readouterr().out

    assert text.startswith(f"usage: bfr-tui {' '.join(argv[:-1])}")
    assert "--db PATH" in text
    if len(argv) == 2:
        assert "examples:" in text
        assert "current" in text and "upgrade" in text


def test_the_main_help_names_the_db_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "bfr-tui db current" in capsys.readouterr().out


def test_db_without_a_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, main(["db"]), "COMMAND")


# --- db current --------------------------------------------------------------------------


def test_current_on_an_up_to_date_log(
    current_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "current", "--db", str(current_log)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        f"{current_log}: revision {HEAD_REVISION}",
        f"schema {SCHEMA_VERSION} (up to date)",
    ]


def test_current_on_an_old_log_says_to_upgrade_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    before = path.read_bytes()

    assert main(["db", "current", "--db", str(path)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        f"{path}: no revision (written by a bfr-tui from before revisions)",
        f"schema 1, older than this bfr-tui (schema {SCHEMA_VERSION}): run bfr-tui db upgrade",
    ]
    assert path.read_bytes() == before
    assert listing(tmp_path) == ["log.db"]


def test_current_on_a_log_from_a_newer_bfr_tui_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_newer_log(tmp_path / "log.db", "0009")
    before = path.read_bytes()

    assert main(["db", "current", "--db", str(path)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: revision 0009"
    assert out[1].startswith("schema 9, newer than this bfr-tui") and "upgrade bfr-tui" in out[1]
    assert path.read_bytes() == before


def test_current_reads_a_read_only_log(
    current_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    current_log.chmod(0o400)

    assert main(["db", "current", "--db", str(current_log)]) == 0

    assert "(up to date)" in capsys.readouterr().out


def test_current_takes_the_log_from_the_environment(
    current_log: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DB_ENV_VAR, str(current_log))

    assert main(["db", "current"]) == 0

    assert capsys.readouterr().out.startswith(f"{current_log}: revision {HEAD_REVISION}")


def test_current_never_creates_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.db"

    one_error_line(capsys, main(["db", "current", "--db", str(missing)]), str(missing))

    assert listing(tmp_path) == []


def test_current_on_a_file_that_is_not_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("leg day\n")

    one_error_line(capsys, main(["db", "current", "--db", str(notes)]), "not a SQLite file")


# --- db upgrade --------------------------------------------------------------------------


def test_upgrade_copies_an_old_log_then_upgrades_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    old = dump(path)

    assert main(["db", "upgrade", "--db", str(path)]) == 0

    copies = [p for p in tmp_path.iterdir() if p.suffix == ".bak"]
    assert len(copies) == 1 and copies[0].name.startswith("log.db.v1-")
    assert capsys.readouterr().out.splitlines() == [
        f"Upgraded {path} from schema 1 to schema {SCHEMA_VERSION} (revision {HEAD_REVISION}).",
        f"The log as it was is kept at {copies[0]}.",
    ]
    assert dump(copies[0]) == old
    assert read_user_version(copies[0]) == 1
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    assert read_revision(path) == HEAD_REVISION
    assert read_user_version(path) == SCHEMA_VERSION
    with closing(sqlite3.connect(path)) as log:
        assert log.execute("SELECT count(*) FROM set_entry").fetchone() == (2,)


def test_upgrade_then_current_says_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_old_log(tmp_path / "log.db", schema=2)
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    capsys.readouterr()

    assert main(["db", "current", "--db", str(path)]) == 0

    assert capsys.readouterr().out.splitlines()[1] == f"schema {SCHEMA_VERSION} (up to date)"


def test_upgrade_of_an_up_to_date_log_does_nothing(
    current_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade", "--db", str(current_log)]) == 0

    assert capsys.readouterr().out == (
        f"{current_log} is up to date: schema {SCHEMA_VERSION} (revision {HEAD_REVISION}).\n"
    )
    assert listing(current_log.parent) == ["log.db"]


def test_upgrade_refuses_a_log_from_a_newer_bfr_tui_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_newer_log(tmp_path / "log.db", "0009")
    before = path.read_bytes()

    one_error_line(capsys, main(["db", "upgrade", "--db", str(path)]), "newer", str(path))

    assert path.read_bytes() == before
    assert listing(tmp_path) == ["log.db"]


def test_upgrade_refuses_a_read_only_log_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    path.chmod(0o400)
    before = path.read_bytes()

    one_error_line(capsys, main(["db", "upgrade", "--db", str(path)]), "read-only")

    assert path.read_bytes() == before
    assert listing(tmp_path) == ["log.db"]


def test_upgrade_never_creates_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_error_line(capsys, main(["db", "upgrade", "--db", str(tmp_path / "new.db")]), "new.db")

    assert listing(tmp_path) == []


def test_python_m_bfr_tui_db_upgrade(tmp_path: Path) -> None:
    path = write_old_log(tmp_path / "log.db", schema=3)

    done = subprocess.run(
        [sys.executable, "-m", "bfr_tui", "db", "upgrade", "--db", str(path)],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"Upgraded {path} from schema 3 to schema {SCHEMA_VERSION}")
    assert read_revision(path) == HEAD_REVISION


CURRENT_PROBE = """
import sys
from bfr_tui.cli import main
assert main(sys.argv[1:]) == 0
print(sorted({m.split(".")[0] for m in sys.modules} & {"alembic", "sqlalchemy", "textual"}))
"""


def test_current_on_an_up_to_date_log_loads_no_database_library(current_log: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CURRENT_PROBE, "db", "current", "--db", str(current_log)],
        capture_output=True, text=True, timeout=60, check=True,
    )

    assert done.stdout.splitlines()[-1] == "[]"


def test_an_empty_file_has_no_schema_until_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.db"
    path.touch()

    assert main(["db", "current", "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("empty: no schema yet")
    assert main(["db", "upgrade", "--db", str(path)]) == 0

    assert capsys.readouterr().out == (
        f"Created schema {SCHEMA_VERSION} (revision {HEAD_REVISION}) in {path}.\n"
    )
    assert read_revision(path) == HEAD_REVISION
    assert listing(tmp_path) == ["log.db"]
