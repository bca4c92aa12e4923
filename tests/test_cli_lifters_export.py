"""``export --all-lifters``, the import of such a file, ``backup --lifter`` and ``copy
--merge`` of a log of several lifters, from the command line, on both engines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bfr_tui.cli import LIFTER_ENV_VAR, main
from bfr_tui.store.demo import DEMO_LIFTERS
from tests.cli_runs import ERROR_PREFIX, db, run

pytestmark = pytest.mark.usefixtures("own_environment")

ANA, BEN = DEMO_LIFTERS[:2]


def exported(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, "export", *argv)
    assert code == 0, err
    return out


@pytest.fixture
def clinic(log_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The test's log with two demo lifters, a week each."""
    code, _out, err = run(capsys, "demo", "--db", db(log_url), "--lifters", "2", "--weeks", "1")
    assert code == 0, err
    return db(log_url)


def test_an_export_of_every_lifter_imports_into_a_new_log_each_to_their_own(
    clinic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = exported(capsys, "--db", clinic, "--all-lifters")
    header, *rows = csv.reader(io.StringIO(text))
    assert header[-1] == "lifter" and header[0] == "session_started"
    assert {row[-1] for row in rows} == {ANA, BEN}
    ana_rows = [row[:-1] for row in rows if row[-1] == ANA]
    assert ana_rows == list(csv.reader(io.StringIO(
        exported(capsys, "--db", clinic, "--lifter", ANA)
    )))[1:]
    out = tmp_path / "clinic.csv"
    code, said, err = run(capsys, "export", "--db", clinic, "--all-lifters", "--out", str(out))
    assert code == 0, err
    assert said == f"Exported {len(rows):,} sets to {out} (native).\n"
    assert out.read_bytes() == text.encode("utf-8")

    new_log = str(tmp_path / "new.db")
    code, said, err = run(capsys, "import", str(out), "--db", new_log, "--dry-run")
    assert code == 0, err
    assert f"Would add lifters: {ANA}, {BEN}." in said.splitlines()
    code, said, err = run(capsys, "import", str(out), "--db", new_log)
    assert code == 0, err
    assert f"Added lifters: {ANA}, {BEN}." in said.splitlines()
    assert said.splitlines()[-1] == f"Imported into {new_log}: 2 new lifters."
    assert exported(capsys, "--db", new_log, "--all-lifters") == text
    code, said, _err = run(capsys, "import", str(out), "--db", new_log)
    assert code == 0 and "Nothing new" in said


def test_an_import_of_every_lifter_with_a_lifter_named_takes_theirs_alone(
    clinic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "clinic.csv"
    assert main(["export", "--db", clinic, "--all-lifters", "--out", str(out)]) == 0
    new_log = str(tmp_path / "new.db")

    code, _said, err = run(capsys, "import", str(out), "--db", new_log, "--lifter", BEN)

    assert code == 0, err
    code, said, _err = run(capsys, "lifters", "list", "--db", new_log)
    assert [line.split("  ")[0] for line in said.splitlines()] == [BEN]
    assert exported(capsys, "--db", new_log) == exported(capsys, "--db", clinic, "--lifter", BEN)


def test_an_export_of_every_lifter_is_refused_in_strongs_layout_or_for_one_lifter(
    clinic: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", "--db", clinic, "--all-lifters", "--format", "strong")
    assert code == 2 and out == ""
    assert err.startswith(ERROR_PREFIX) and "no column for the lifter" in err
    assert err.count("\n") == 1
    code, out, err = run(capsys, "export", "--db", clinic, "--all-lifters", "--lifter", ANA)
    assert code == 2 and "leave out --lifter" in err


def test_a_backup_of_one_lifter_opens_on_them_alone(
    clinic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ana.db"

    code, said, err = run(capsys, "backup", "--db", clinic, "--lifter", ANA.lower(), str(target))

    assert code == 0, err
    assert said.startswith(f"Backed up {ANA.lower()}'s training in ")
    code, said, _err = run(capsys, "lifters", "list", "--db", str(target))
    assert [line.split("  ")[0] for line in said.splitlines()] == [ANA]
    # Opened with no lifter named: their own log, no one else to choose.
    assert exported(capsys, "--db", str(target)) == exported(
        capsys, "--db", clinic, "--lifter", ANA
    )
    # $BFR_TUI_LIFTER chooses whose log the app opens, never what a backup leaves out.
    monkeypatch.setenv(LIFTER_ENV_VAR, ANA)
    whole = tmp_path / "whole.db"
    assert run(capsys, "backup", "--db", clinic, str(whole))[0] == 0
    code, said, _err = run(capsys, "lifters", "list", "--db", str(whole))
    assert len(said.splitlines()) == 2
    unknown = tmp_path / "c.db"
    code, _out, err = run(capsys, "backup", "--db", clinic, "--lifter", "Cy", str(unknown))
    assert code == 2 and "no lifter called 'Cy'" in err
    assert not unknown.exists()


def test_a_merge_of_several_lifters_puts_each_ones_training_with_them(
    clinic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(tmp_path / "target.db")
    assert main(["lifters", "add", "--db", target, BEN]) == 0
    assert main(["demo", "--db", target, "--weeks", "1", "--seed", "11"]) == 0
    capsys.readouterr()
    bens_before = exported(capsys, "--db", target)

    code, said, err = run(capsys, "copy", clinic, target, "--merge")

    assert code == 0, err
    assert f"Added lifters: {ANA}." in said.splitlines()
    assert exported(capsys, "--db", target, "--lifter", ANA) == exported(
        capsys, "--db", clinic, "--lifter", ANA
    )
    # Ben's log there gained the source's Ben blocks it lacked, and kept its own.
    bens_after = exported(capsys, "--db", target, "--lifter", BEN)
    assert set(bens_before.splitlines()) < set(bens_after.splitlines())
    assert set(exported(capsys, "--db", clinic, "--lifter", BEN).splitlines()) <= set(
        bens_after.splitlines()
    )
    code, said, _err = run(capsys, "copy", clinic, target, "--merge")
    assert code == 0 and "Nothing new" in said
