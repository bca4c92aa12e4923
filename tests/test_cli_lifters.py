"""``bfr-tui lifters``, ``--lifter`` and ``demo --lifters``: a coach's log from the
command line, on both engines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bfr_tui.cli import LIFTER_ENV_VAR
from bfr_tui.store import open_log
from bfr_tui.store.demo import DEMO_LIFTERS
from bfr_tui.store.lifters import default_lifter_name
from tests.cli_runs import ERROR_PREFIX, db, run
from tests.cuffs import THIGH, lop

pytestmark = pytest.mark.usefixtures("own_environment")



def exported_rows(capsys: pytest.CaptureFixture[str], *argv: str) -> list[list[str]]:
    code, out, err = run(capsys, "export", *argv)
    assert code == 0, err
    return list(csv.reader(io.StringIO(out)))


def test_lifters_are_added_listed_renamed_and_removed(
    log_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where = db(log_url)
    assert run(capsys, "lifters", "add", "Ana Ruiz", "--db", where)[1].startswith(
        "Added Ana Ruiz to "
    )
    run(capsys, "lifters", "add", "ben", "--db", where)
    code, _out, err = run(capsys, "lifters", "add", "BEN", "--db", where)
    assert code == 2 and err == f"{ERROR_PREFIX}There is already a lifter called 'ben'.\n"

    assert run(capsys, "demo", "--db", where, "--lifter", "ana ruiz", "--weeks", "2")[0] == 0
    code, out, _err = run(capsys, "lifters", "list", "--db", where)
    lines = out.splitlines()
    assert code == 0 and [line[:8].rstrip() for line in lines] == ["Ana Ruiz", "ben"]
    assert lines[1].split()[1:] == ["0", "blocks", "0", "sets"]
    assert int(lines[0].split()[2]) > 0

    assert run(capsys, "lifters", "rename", "BEN", "Ben Okafor", "--db", where)[1] == (
        "Renamed ben to Ben Okafor.\n"
    )
    code, _out, err = run(capsys, "lifters", "remove", "ana ruiz", "--db", where)
    assert code == 2 and "Ana Ruiz has training in the log" in err and "--force" in err
    code, out, _err = run(capsys, "lifters", "remove", "Ana Ruiz", "--db", where, "--force")
    assert code == 0 and out.startswith("Removed Ana Ruiz with ")
    assert run(capsys, "lifters", "list", "--db", where)[1].startswith("Ben Okafor")


def test_a_lifter_removed_with_force_takes_their_cuffs_and_lops_with_them(
    log_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where = db(log_url)
    run(capsys, "lifters", "add", "Ana", "--db", where)
    run(capsys, "lifters", "add", "Ben", "--db", where)
    log = open_log(log_url)
    try:
        for name in ("Ana", "Ben"):
            log.use_lifter(log.lifter_called(name))
            thigh = log.add_cuff(THIGH)
            log.record_lop(lop(240), cuff_id=thigh.id)
        ana = log.lifter_called("Ana")
    finally:
        log.close()

    # Cuffs and LOPs are the lifter's data: they are not removed without --force.
    code, _out, err = run(capsys, "lifters", "remove", "Ana", "--db", where)
    assert code == 2 and "1 cuff, 1 LOP" in err and "--force" in err
    code, out, _err = run(capsys, "lifters", "remove", "Ana", "--db", where, "--force")
    assert code == 0 and out.rstrip().endswith("1 cuff and 1 LOP.")

    log = open_log(log_url)
    try:
        assert not any(log.lifter_rows(ana).values())
        log.use_lifter(log.lifter_called("Ben"))
        assert [record.cuff for record in log.cuffs()] == [THIGH]
        assert log.lop_measurements() == [lop(240)]
    finally:
        log.close()


def test_a_lifter_under_the_cuff_is_never_removed(
    log_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where = db(log_url)
    run(capsys, "lifters", "add", "Ana", "--db", where)
    log = open_log(log_url)
    try:
        log.choose_lifter("Ana")
        assert log.claim_block()
        code, _out, err = run(capsys, "lifters", "remove", "Ana", "--db", where, "--force")
    finally:
        log.close()
    assert code == 2 and "Ana has a block under the cuff right now" in err
    assert run(capsys, "lifters", "list", "--db", where)[1].startswith("Ana")


def test_commands_on_a_log_of_several_lifters_say_whose(
    log_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    where = db(log_url)
    assert run(capsys, "demo", "--db", where, "--lifters", "3", "--weeks", "2")[0] == 0

    code, _out, err = run(capsys, "export", "--db", where)
    assert code == 2
    assert err == (
        f"{ERROR_PREFIX}this log has several lifters ('{DEMO_LIFTERS[0]}', "
        f"'{DEMO_LIFTERS[1]}', '{DEMO_LIFTERS[2]}'); say whose with --lifter NAME\n"
    )
    first = exported_rows(capsys, "--db", where, "--lifter", DEMO_LIFTERS[0].upper())
    second = exported_rows(capsys, "--db", where, "--lifter", DEMO_LIFTERS[1])
    # Each their own history: a seed of their own, no row of the other's.
    assert len(first) > 1 and len(second) > 1 and first[1:] != second[1:]
    monkeypatch.setenv(LIFTER_ENV_VAR, DEMO_LIFTERS[1])
    assert exported_rows(capsys, "--db", where) == second

    code, _out, err = run(capsys, "export", "--db", where, "--lifter", "Nobody")
    assert code == 2 and "no lifter called 'Nobody'" in err and DEMO_LIFTERS[2] in err


def test_a_one_lifter_log_needs_no_lifter_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = str(tmp_path / "mine.db")
    assert run(capsys, "demo", "--db", where, "--weeks", "2")[0] == 0
    assert len(exported_rows(capsys, "--db", where)) > 1
    assert run(capsys, "lifters", "list", "--db", where)[1].startswith(default_lifter_name())


def test_an_import_goes_to_the_lifter_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_db, target_db = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    run(capsys, "demo", "--db", source_db, "--weeks", "2")
    exported = tmp_path / "a.csv"
    assert run(capsys, "export", "--db", source_db, "--out", str(exported))[0] == 0
    for name in ("Ana", "Ben"):
        run(capsys, "lifters", "add", name, "--db", target_db)

    code, _out, err = run(capsys, "import", str(exported), "--db", target_db)
    assert code == 2 and "several lifters" in err
    assert run(capsys, "import", str(exported), "--db", target_db, "--lifter", "ben")[0] == 0

    rows = exported_rows(capsys, "--db", target_db, "--lifter", "Ben")
    assert rows == list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert len(exported_rows(capsys, "--db", target_db, "--lifter", "Ana")) == 1
