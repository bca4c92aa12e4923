"""The coach's overview of every lifter, on both engines: blocks and cuff minutes in the
last week and four weeks, red flags in the last two weeks, screening, resting limbs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from bfr_tui.domain.coaching import RecentTraining
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.progression import LimbRest
from bfr_tui.domain.screening import SCREENING_QUESTIONS, ScreeningNeed, ScreeningStatus
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import coach_reads, first_reads, open_log
from bfr_tui.store.coach_reads import BLOCKS_SINCE, FLAGS_SINCE
from bfr_tui.store.coach_statements import STATEMENTS
from bfr_tui.training_log import LifterFacts, LifterOverview, RaisedFlag, TrainingLog
from tests.local_time import local
from tests.plans import plan_for
from tests.write_reports import Heard

NOW = local(2026, 3, 2, 18, 30)
CURL, EXTENSION, CALF = "Dumbbell curl", "Leg extension", "Standing calf raise"
ALL_NO = {q.key: False for q in SCREENING_QUESTIONS}


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    opened = open_log(log_url)
    opened.upgrade()
    opened.seed_library_if_empty(now=NOW)
    yield opened
    opened.close()


def block(
    log: TrainingLog, exercise: str, *, cuff_on: datetime, minutes: float,
    side: Side = Side.BOTH, flags: tuple[tuple[SymptomKind, datetime], ...] = (),
) -> None:
    """A block of the chosen lifter's, cuff on to cuff off, through the live writer."""
    found = log.find_exercise(exercise)
    assert found is not None
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan_for(found, side=side.value), cuff_on_at=cuff_on,
                       what="the block start", saved=heard.block_started)
    for kind, raised_at in flags:
        writer.raise_flag(RaisedFlag(kind, raised_at), set_number=None, in_set=False,
                          what=f"the {kind} flag")
    writer.close(cuff_off_at=cuff_on + timedelta(minutes=minutes), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []


def screened(log: TrainingLog, on: date, **yes: bool) -> None:
    log.save_screening(answers=ALL_NO | yes, screened_on=on, cleared=False, unit=Unit.KG)


def clinic(log: TrainingLog) -> dict[str, LifterFacts]:
    """Four lifters with training at known times before NOW."""
    ana, ben, cy, dee = (log.add_lifter(name) for name in ("Ana", "ben", "Cy", "Dee"))
    log.use_lifter(ana)
    screened(log, date(2026, 1, 1))
    block(log, CURL, cuff_on=NOW - timedelta(hours=2), minutes=8)
    block(log, EXTENSION, side=Side.LEFT, cuff_on=NOW - timedelta(hours=30), minutes=6)
    # Either side of the week's edge, and of the four weeks'.
    block(log, CURL, cuff_on=NOW - timedelta(days=7, minutes=-1), minutes=10)
    block(log, CURL, cuff_on=NOW - timedelta(days=7, minutes=1), minutes=5)
    block(log, CURL, cuff_on=NOW - timedelta(days=28, minutes=1), minutes=7)
    # Red flags either side of the two weeks' edge; dizziness is no red flag.
    block(log, CURL, cuff_on=NOW - timedelta(days=14), minutes=3, flags=(
        (SymptomKind.NUMBNESS, NOW - timedelta(days=14, minutes=-1)),
        (SymptomKind.DIZZINESS, NOW - timedelta(days=14, minutes=-1)),
    ))
    block(log, CURL, cuff_on=NOW - timedelta(days=14, minutes=5), minutes=3, flags=(
        (SymptomKind.TINGLING, NOW - timedelta(days=14, minutes=1)),
    ))
    log.use_lifter(cy)
    screened(log, date(2026, 2, 20), surgery=True)
    # 36 h ago exactly: rested. A minute less: still resting, for a minute.
    block(log, CALF, side=Side.RIGHT, cuff_on=NOW - timedelta(hours=36), minutes=4)
    block(log, CURL, side=Side.LEFT, cuff_on=NOW - timedelta(hours=36, minutes=-1), minutes=4)
    log.use_lifter(dee)
    screened(log, date(2025, 11, 1))
    block(log, CALF, side=Side.LEFT, cuff_on=NOW - timedelta(days=40), minutes=9)
    return {"Ana": ana, "ben": ben, "Cy": cy, "Dee": dee}


def by_name(overview: list[LifterOverview]) -> dict[str, LifterOverview]:
    return {line.lifter.name: line for line in overview}


def test_every_lifter_is_listed_by_name_whoever_the_log_is_pointed_at(
    log_url: str, log: TrainingLog
) -> None:
    lifters = clinic(log)
    fresh = open_log(log_url)
    try:
        assert fresh.lifter is None
        overview = fresh.coach_overview(now=NOW)
    finally:
        fresh.close()
    assert [line.lifter for line in overview] == [lifters[n] for n in ("Ana", "ben", "Cy", "Dee")]


def test_blocks_and_cuff_minutes_count_in_the_last_week_and_four_weeks(log: TrainingLog) -> None:
    clinic(log)
    lines = by_name(log.coach_overview(now=NOW))

    ana = lines["Ana"]
    assert ana.recent == RecentTraining(
        blocks_week=3, cuff_s_week=(8 + 6 + 10) * 60.0,
        blocks_four_weeks=6, cuff_s_four_weeks=(8 + 6 + 10 + 5 + 3 + 3) * 60.0,
    )
    assert (ana.last_block_at, ana.last_exercise) == (NOW - timedelta(hours=2), CURL)
    assert lines["Cy"].recent == RecentTraining(2, 8 * 60.0, 2, 8 * 60.0)
    # Trained, but not lately: the last block shows, the windows are empty.
    dee = lines["Dee"]
    assert (dee.last_block_at, dee.last_exercise) == (NOW - timedelta(days=40), CALF)
    assert dee.recent == RecentTraining()
    ben = lines["ben"]
    assert (ben.last_block_at, ben.last_exercise, ben.recent) == (None, None, RecentTraining())


def test_red_flags_count_from_two_weeks_back(log: TrainingLog) -> None:
    clinic(log)
    lines = by_name(log.coach_overview(now=NOW))
    assert {name: line.red_flags for name, line in lines.items()} == {
        "Ana": 1, "ben": 0, "Cy": 0, "Dee": 0,
    }
    # A minute later the one at the edge has left the window.
    later = by_name(log.coach_overview(now=NOW + timedelta(minutes=1, seconds=1)))
    assert later["Ana"].red_flags == 0


def test_the_screening_says_never_due_expired_or_needs_clearance(log: TrainingLog) -> None:
    clinic(log)
    lines = by_name(log.coach_overview(now=NOW))
    ana, ben, cy, dee = (lines[name].screening for name in ("Ana", "ben", "Cy", "Dee"))
    assert (ana.status, ana.due) == (ScreeningStatus.CLEAR, date(2026, 4, 1))
    assert (ben.status, ben.need, ben.due) == (
        ScreeningStatus.NEEDED, ScreeningNeed.NEVER_DONE, None)
    assert (cy.status, cy.due) == (ScreeningStatus.NEEDS_CLEARANCE, date(2026, 5, 21))
    assert (dee.status, dee.need) == (ScreeningStatus.NEEDED, ScreeningNeed.EXPIRED)


def test_limbs_rest_for_36_hours_after_their_last_block(log: TrainingLog) -> None:
    clinic(log)
    lines = by_name(log.coach_overview(now=NOW))
    assert lines["Ana"].resting == (
        LimbRest(Limb.ARM, Side.BOTH, NOW + timedelta(hours=34)),
        LimbRest(Limb.LEG, Side.LEFT, NOW + timedelta(hours=6)),
    )
    # The calf's 36 h are over; the curl, a minute younger, rests one minute more.
    assert lines["Cy"].resting == (LimbRest(Limb.ARM, Side.LEFT, NOW + timedelta(minutes=1)),)
    assert lines["Dee"].resting == ()
    assert by_name(log.coach_overview(now=NOW + timedelta(minutes=1)))["Cy"].resting == ()


def driver_text(statement: Select[Any], dialect: Dialect, placeholder: str) -> str:
    """The SQL the driver runs for ``statement``: every value written in but the times."""
    names = statement.compile().params
    stand_ins = {name: f"stand-in-{name}" for name in (BLOCKS_SINCE, FLAGS_SINCE)
                 if name in names}
    if stand_ins:
        statement = statement.params(stand_ins)
    compiled = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    for name, value in stand_ins.items():
        compiled = compiled.replace(f"'{value}'", placeholder.format(name))
    return compiled


def test_the_overview_runs_the_text_of_the_store_statements_on_both_drivers() -> None:
    # coach_reads holds each statement's text, so it runs before SQLAlchemy is loaded; it
    # must be that statement's text, not another version.
    assert {name: driver_text(statement, sqlite.dialect(), ":{}")
            for name, statement in STATEMENTS.items()} == coach_reads.SQLITE_TEXT
    assert {name: driver_text(statement, postgresql.dialect(), "%({})s")
            for name, statement in STATEMENTS.items()} == coach_reads.POSTGRESQL_TEXT


class Counted:
    """A real ``sqlite3`` connection that counts the statements run on it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.statements = 0

    def execute(self, query: str, params: Mapping[str, Any] = {}, /) -> sqlite3.Cursor:
        self.statements += 1
        return self.connection.execute(query, params)


def test_the_overview_takes_as_many_queries_for_twenty_lifters_as_for_two(
    tmp_path: Path,
) -> None:
    log = open_log(f"sqlite:///{tmp_path / 'clinic.db'}")
    log.upgrade()
    log.seed_library_if_empty(now=NOW)

    def queries_for(lifters: int) -> int:
        while len(log.lifters()) < lifters:
            log.use_lifter(log.add_lifter(f"Lifter {len(log.lifters()) + 1}"))
            block(log, CURL, cuff_on=NOW - timedelta(days=1), minutes=5)
        with first_reads.reading(tmp_path / "clinic.db") as connection:
            counted = Counted(connection)
            lines = coach_reads.read_coach_overview(
                counted, now=NOW, engine="sqlite", text=coach_reads.SQLITE_TEXT)
        assert [line.recent.blocks_week for line in lines] == [1] * lifters
        return counted.statements

    try:
        assert queries_for(2) == queries_for(20) == 4
    finally:
        log.close()
