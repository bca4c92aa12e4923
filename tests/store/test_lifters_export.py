"""Export, import, backup and copy of a log of several lifters, on both engines: an
export of every lifter names each row's lifter, its import puts each row back with
them, a backup can hold one lifter alone, and a copy keeps each lifter's own."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.export import ALL_LIFTERS_COLUMNS, LIFTER_COLUMN, NATIVE_COLUMNS
from bfr_tui.store.import_common import ImportFileError
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import ExportError, LifterFacts, StoreError, TrainingLog
from tests.postgres_server import ThrowawayPostgres
from tests.store.test_engines import CUFF_ON, exported, run_a_block


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A prepared log with the starter library and no lifter yet."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


@pytest.fixture
def other_url(log_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second empty log on the same engine as ``log_url``."""
    if log_url.startswith("sqlite"):
        yield sqlite_url(tmp_path / "other.db")
        return
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def clinic(log: TrainingLog) -> tuple[LifterFacts, LifterFacts]:
    """Ana with two blocks, a 1RM and her screening; Ben with one block of his own."""
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ben)
    run_a_block(log, reps=(30, 12))
    log.use_lifter(ana)
    run_a_block(log)
    curl = log.find_exercise("Dumbbell curl")
    assert curl is not None
    log.record_one_rep_max(exercise_id=curl.id, value=20.0, unit=Unit.KG,
                           recorded_on=date(2026, 3, 1), method=OneRepMaxMethod.TESTED,
                           source="")
    log.save_screening(answers={"blood_clots": False}, screened_on=date(2026, 3, 1),
                       cleared=False, unit=Unit.KG)
    log.fill_demo(weeks=1, end=CUFF_ON + timedelta(days=9), force=True)
    return ana, ben


def everyone(log: TrainingLog) -> str:
    out = io.StringIO()
    log.export_csv(out, all_lifters=True)
    return out.getvalue()


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_an_export_of_every_lifter_is_each_ones_export_with_their_name_last(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts]
) -> None:
    ana, ben = clinic
    header, *rows = rows_of(everyone(log))

    assert tuple(header) == ALL_LIFTERS_COLUMNS == (*NATIVE_COLUMNS, LIFTER_COLUMN)
    # By name, each lifter's rows together and in the order of their own export.
    assert [row[-1] for row in rows] == (
        ["Ana"] * (len(rows) - 2) + ["Ben"] * 2
    )
    for lifter in (ana, ben):
        log.use_lifter(lifter)
        own_header, *own = rows_of(exported(log))
        assert tuple(own_header) == NATIVE_COLUMNS
        assert own == [row[:-1] for row in rows if row[-1] == lifter.name]


def test_an_export_of_every_lifter_in_strongs_layout_is_refused(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="strong layout has no column for the lifter"):
        log.export_csv(io.StringIO(), layout="strong", all_lifters=True)
    with pytest.raises(ExportError, match="no column for the lifter"):
        log.export_file(path=tmp_path / "x.csv", layout="strong", force=False, all_lifters=True)
    assert not (tmp_path / "x.csv").exists()


def test_an_export_of_every_lifter_restores_a_removed_lifter_and_adds_nothing_again(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], tmp_path: Path
) -> None:
    ana, _ben = clinic
    text = everyone(log)
    source = write(tmp_path / "clinic.csv", text)
    log.remove_lifter(ana)

    dry = log.import_csv(source, now=CUFF_ON, dry_run=True)
    assert "Would add lifters: Ana." in dry.lines()
    assert [lifter.name for lifter in log.lifters()] == ["Ben"]

    report = log.import_csv(source, now=CUFF_ON)
    assert "Lifters in the import: Ana, Ben." in report.lines()
    assert "Added lifters: Ana." in report.lines()
    assert everyone(log) == text

    again = log.import_csv(source, now=CUFF_ON)
    assert again.lines()[-1].startswith("Nothing new")
    assert everyone(log) == text


def test_an_export_of_every_lifter_fills_a_new_log_and_exports_the_same(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], other_url: str, tmp_path: Path
) -> None:
    text = everyone(log)
    source = write(tmp_path / "clinic.csv", text)
    other = open_log(other_url)
    try:
        dry = other.import_csv(source, now=CUFF_ON, dry_run=True)
        assert "Would add lifters: Ana, Ben." in dry.lines()

        other.import_csv(source, now=CUFF_ON)

        assert [lifter.name for lifter in other.lifters()] == ["Ana", "Ben"]
        assert everyone(other) == text
    finally:
        other.close()


def test_a_lifter_named_keeps_their_rows_alone(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], other_url: str, tmp_path: Path
) -> None:
    _ana, ben = clinic
    source = write(tmp_path / "clinic.csv", everyone(log))
    log.use_lifter(ben)
    bens_own = exported(log)
    other = open_log(other_url)
    try:
        with pytest.raises(ImportFileError, match=r"no rows of 'Cy' \(its lifters: 'Ana', 'Ben'\)"):
            other.import_csv(source, now=CUFF_ON, lifter="Cy")
        other.import_csv(source, now=CUFF_ON, lifter="  BEN ")

        (only,) = other.lifters()
        assert only.name == "Ben"
        other.use_lifter(only)
        assert exported(other) == bens_own
    finally:
        other.close()


def test_a_backup_of_one_lifter_is_a_log_of_them_alone(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], tmp_path: Path
) -> None:
    ana, ben = clinic
    log.use_lifter(ana)
    target = tmp_path / "ana.db"

    sets = log.back_up(target, lifter="ana")

    assert target.stat().st_mode & 0o777 == 0o600
    copy = open_log(sqlite_url(target))
    try:
        copy.upgrade()
        assert copy.lifters() == [ana]
        assert copy.choose_lifter(None) == ana
        assert exported(copy) == exported(log)
        assert sets == sum(len(row.reps) for row in log.history_rows())
        assert copy.profile() == log.profile()
        curl = log.find_exercise("Dumbbell curl")
        assert curl is not None
        assert copy.current_one_rep_max(curl.id) == log.current_one_rep_max(curl.id)
        assert [e.name for e in copy.exercises()] == [e.name for e in log.exercises()]
        # Nothing of Ben's, whatever his rows' ids.
        assert copy.lifter_rows(ben) == {table: 0 for table in log.lifter_rows(ben)}
    finally:
        copy.close()
    with pytest.raises(StoreError, match="no lifter called 'Cy'"):
        log.back_up(tmp_path / "cy.db", lifter="Cy")
    assert not (tmp_path / "cy.db").exists()


def test_a_whole_copy_keeps_every_lifter_and_a_merge_adds_each_to_their_own(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], other_url: str
) -> None:
    ana, ben = clinic
    text = everyone(log)
    other = open_log(other_url)
    try:
        summary = log.copy_into(other, now=CUFF_ON)
        assert summary.rows["lifter"] == 2
        assert other.lifters() == [ana, ben]
        assert everyone(other) == text
        # The ids went along, and a server's sequences moved past them.
        cy = other.add_lifter("Cy")
        assert cy.id > max(ana.id, ben.id)
        other.use_lifter(cy)
        run_a_block(other)
    finally:
        other.close()


def test_a_merge_puts_each_lifters_training_with_the_lifter_of_that_name(
    log: TrainingLog, clinic: tuple[LifterFacts, LifterFacts], other_url: str
) -> None:
    text = everyone(log)
    other = open_log(other_url)
    try:
        other.upgrade()
        other.seed_library_if_empty(now=CUFF_ON)
        # The target knows Ben under another id, and has a lifter of its own.
        other.add_lifter("Zoe")
        ben_there = other.add_lifter("ben")
        other.use_lifter(ben_there)
        run_a_block(other, reps=(30, 12))

        merged = log.copy_into(other, merge=True, now=CUFF_ON)
        said = merged.lines()
        assert "Added lifters: Ana." in said

        assert [lifter.name for lifter in other.lifters()] == ["Ana", "ben", "Zoe"]
        # Ben's block was there already (same exercise, side and cuff-on): one block still.
        assert other.count_history() == 1
        assert [row for row in rows_of(everyone(other))[1:] if row[-1] == "Ana"] == [
            row for row in rows_of(text)[1:] if row[-1] == "Ana"
        ]
        again = log.copy_into(other, merge=True, now=CUFF_ON)
        assert again.lines()[-1].startswith("Nothing new")
    finally:
        other.close()
