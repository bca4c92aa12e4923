"""A lifter's cuffs and limb occlusion pressures, each set's effort and discomfort, and
the cuff, target and tempo a block was done with, kept in the log on both engines
(R12-R16); and a log of schema 6 upgraded with its training as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.engine import Connection

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, latest_lop
from bfr_tui.domain.next_cuff_setting import LastCuffUse, suggest_next_cuff_setting
from bfr_tui.domain.protocol import CLASSIC, CLASSIC_REPS
from bfr_tui.domain.set_rating import SetRating
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import CLASSIC_TEMPO, Tempo
from bfr_tui.store import open_log, spool
from bfr_tui.store.migrations import SCHEMA_VERSION, upgrade_connection
from bfr_tui.store.models import UtcDateTime
from bfr_tui.store.postgres_connect import driver_url
from bfr_tui.store.spool import KeptWrite, Spool
from bfr_tui.training_log import LoggedSet, RaisedFlag, TrainingLog
from tests.cuffs import DEVICE, THIGH, WRAP, lop
from tests.plans import EVERYDAY_PLAN, plan_for
from tests.store.test_engines import CUFF_ON, a_set
from tests.write_reports import Heard


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine with its first lifter chosen and the starter library."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


def leg_plan(log: TrainingLog, **changes: Any) -> BlockPlan:
    """Leg extensions on the left leg, with ``changes`` to the everyday plan."""
    legs = log.find_exercise("Leg extension")
    assert legs is not None
    return plan_for(legs, side=Side.LEFT.value, **changes)


def run_block(
    log: TrainingLog, plan: BlockPlan, sets: tuple[LoggedSet, ...], *,
    ratings: dict[int, SetRating] | None = None, flag: SymptomKind | None = None,
) -> int:
    """A block through the live writer, as the panel writes it; its id. ``ratings`` are
    given in the rest after their set, ``flag`` is raised in the first rest."""
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.block_started)
    for logged in sets:
        writer.log_set(logged, what=f"set {logged.set_number}",
                       saved=heard.saved(f"set {logged.set_number}"))
        rating = (ratings or {}).get(logged.set_number)
        if rating is not None:
            writer.rate_set(set_number=logged.set_number, rating=rating,
                            what=f"the rating of set {logged.set_number}",
                            saved=heard.saved(f"the rating of set {logged.set_number}"))
        if flag is not None and logged.set_number == 1:
            writer.raise_flag(RaisedFlag(flag, logged.ended_at + timedelta(seconds=5)),
                              set_number=1, in_set=False, what="the flag")
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=6), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []
    return heard.started[0].block_id


# --- cuffs --------------------------------------------------------------------------------


def test_cuffs_are_listed_by_name_each_name_once_per_lifter(log: TrainingLog) -> None:
    thigh, wrap = log.add_cuff(THIGH), log.add_cuff(WRAP)

    assert [(c.cuff, c.archived) for c in log.cuffs()] == [(WRAP, False), (THIGH, False)]
    with pytest.raises(ValueError, match="already have a cuff called 'Thigh cuff'"):
        log.add_cuff(replace(THIGH, name="thigh  CUFF"))
    # The stretch mark moves on as the wrap wears; the wrap stays the same cuff.
    moved = log.edit_cuff(wrap.id, replace(WRAP, wrap_mark="line 4"))
    assert moved.id == wrap.id and moved.cuff.wrap_mark == "line 4"
    log.archive_cuff(wrap.id)
    assert log.cuffs() == [thigh]
    assert [(c.cuff.name, c.archived) for c in log.cuffs(include_archived=True)] == [
        ("Knee wrap", True), ("Thigh cuff", False)
    ]

    # Another lifter may name a cuff the same, and cannot touch the first lifter's.
    first = log.lifter
    assert first is not None
    log.use_lifter(log.add_lifter("Kim"))
    assert log.cuffs() == []
    assert log.add_cuff(THIGH).id != thigh.id
    with pytest.raises(LookupError):
        log.archive_cuff(thigh.id)
    with pytest.raises(LookupError):
        log.edit_cuff(thigh.id, replace(THIGH, name="Mine now"))
    log.use_lifter(first)
    assert log.cuffs() == [thigh]


def test_an_lop_is_kept_with_its_cuff_and_found_by_the_cuff_check(log: TrainingLog) -> None:
    thigh = log.add_cuff(THIGH)
    older, newer, right = lop(250, days_ago=10), lop(240), lop(260, side=Side.RIGHT)
    for measured in (older, newer, right):
        log.record_lop(measured, cuff_id=thigh.id)

    measurements = log.lop_measurements()
    assert measurements == [older, newer, right]
    found = latest_lop(measurements, limb=Limb.LEG, side=Side.LEFT, cuff=THIGH,
                       position=BodyPosition.SEATED)
    assert found is not None and found.mmhg == 240
    with pytest.raises(ValueError, match="measured with Delfi, not with Thigh cuff"):
        log.record_lop(lop(250, cuff=DEVICE), cuff_id=thigh.id)

    # Renamed, the cuff keeps its LOPs; a new width would make them wrong (R12).
    renamed = replace(THIGH, name="Left thigh cuff")
    log.edit_cuff(thigh.id, renamed)
    assert latest_lop(log.lop_measurements(), limb=Limb.LEG, side=Side.LEFT, cuff=renamed,
                      position=BodyPosition.SEATED) == replace(newer, cuff=renamed)
    with pytest.raises(ValueError, match="add the changed cuff as a new one"):
        log.edit_cuff(thigh.id, replace(renamed, width_cm=13.0))
    # A cuff not yet used may still change its kind and width.
    device = log.add_cuff(DEVICE)
    assert log.edit_cuff(device.id, replace(DEVICE, width_cm=13.0)).cuff.width_cm == 13.0


def test_lops_recorded_together_arrive_in_order_or_not_at_all(log: TrainingLog) -> None:
    thigh, device = log.add_cuff(THIGH), log.add_cuff(DEVICE)
    older, newer = lop(250, days_ago=3), lop(240)
    on_the_arm = lop(180, limb=Limb.ARM, cuff=DEVICE)
    log.record_lops([(older, thigh.id), (newer, thigh.id), (on_the_arm, device.id)])
    assert log.lop_measurements() == [older, newer, on_the_arm]

    # One LOP in another lifter's cuff: the whole batch is refused, nothing is added.
    first = log.lifter
    assert first is not None
    log.use_lifter(log.add_lifter("Kim"))
    theirs = log.add_cuff(THIGH)
    log.use_lifter(first)
    with pytest.raises(LookupError):
        log.record_lops([(lop(230), thigh.id), (lop(235), theirs.id)])
    with pytest.raises(ValueError, match="measured with Delfi, not with Thigh cuff"):
        log.record_lops([(lop(230), thigh.id), (lop(250, cuff=DEVICE), thigh.id)])
    assert log.lop_measurements() == [older, newer, on_the_arm]


def test_the_lop_re_measure_interval_is_thirty_days_until_the_lifter_changes_it(
    log: TrainingLog,
) -> None:
    assert log.lop_remeasure_days() == 30
    log.save_lop_remeasure_days(45)
    assert log.lop_remeasure_days() == 45
    with pytest.raises(ValueError, match="re-measure interval must be 1-90"):
        log.save_lop_remeasure_days(0)
    assert log.lop_remeasure_days() == 45


# --- blocks and sets ----------------------------------------------------------------------


def test_a_block_keeps_its_cuff_target_and_tempo_and_each_set_its_ratings(
    log: TrainingLog,
) -> None:
    thigh = log.add_cuff(THIGH)
    slow = replace(CLASSIC, tempo=Tempo(up_s=1.5, down_s=3.0))
    plan = leg_plan(log, protocol=slow, cuff_id=thigh.id, cuff_width_cm=THIGH.width_cm,
                    pressure_mmhg=152.0, lop_percent=60.0, target_mmhg=150)
    # Set 1 rated as it is logged, set 2 in the rest after it, set 3 not at all.
    sets = (replace(a_set(1, 30), rpe=6, discomfort=4), a_set(2, 15), a_set(3, 15))

    block_id = run_block(log, plan, sets, ratings={2: SetRating(rpe=8, discomfort=5)})

    record = log.block_record(block_id)
    assert record.cuff == thigh
    assert record.plan == plan
    assert [(s.rpe, s.discomfort) for s in record.sets] == [(6, 4), (8, 5), (None, None)]
    (row,) = log.history_rows()
    assert (row.cuff_name, row.target_mmhg, row.pressure_mmhg, row.lop_percent) == (
        "Thigh cuff", 150, 152.0, 60.0
    )
    assert (row.rpe, row.discomfort) == ((6, 8, None), (4, 5, None))


def test_a_block_lifted_with_the_beat_off_reads_back_off(log: TrainingLog) -> None:
    plan = leg_plan(log, protocol=replace(CLASSIC, tempo=None))

    record = log.block_record(run_block(log, plan, (a_set(1, 30),)))

    assert record.plan.protocol.tempo is None
    assert record.plan == plan and record.cuff is None


def test_the_cuff_check_starts_from_the_last_cuff_on_the_limb_and_goes_lower_after_tingling(
    log: TrainingLog,
) -> None:
    thigh = log.add_cuff(THIGH)
    assert log.last_cuff_for_limb(limb=Limb.LEG, side=Side.LEFT) is None
    assert log.last_cuff_use(limb=Limb.LEG, side=Side.LEFT) is None
    run_block(log, leg_plan(log, cuff_id=thigh.id, pressure_mmhg=150.0),
              (a_set(1, 30), a_set(2, 15)), flag=SymptomKind.TINGLING)

    assert log.last_cuff_for_limb(limb=Limb.LEG, side=Side.LEFT) == thigh
    # A block on the left leg alone says nothing about the right, nor about the arms.
    assert log.last_cuff_for_limb(limb=Limb.LEG, side=Side.RIGHT) is None
    assert log.last_cuff_for_limb(limb=Limb.ARM, side=Side.BOTH) is None
    last = log.last_cuff_use(limb=Limb.LEG, side=Side.LEFT)
    assert last == LastCuffUse(cuff=THIGH, flags=frozenset({SymptomKind.TINGLING}),
                               pressure_mmhg=150.0, tightness=7)
    suggestion = suggest_next_cuff_setting(last, THIGH)
    assert suggestion is not None and suggestion.pressure_mmhg == 140.0
    # An archived cuff is no longer offered first.
    log.archive_cuff(thigh.id)
    assert log.last_cuff_for_limb(limb=Limb.LEG, side=Side.LEFT) is None


def test_a_block_cannot_be_done_in_another_lifters_cuff(log: TrainingLog) -> None:
    theirs = log.add_cuff(THIGH)
    log.use_lifter(log.add_lifter("Kim"))
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())

    writer.start_block(plan=leg_plan(log, cuff_id=theirs.id), cuff_on_at=CUFF_ON,
                       what="the block start", saved=heard.block_started)

    heard.wait_for("failed: the block start")
    writer.stop()
    assert log.count_history() == 0


def test_writes_kept_while_the_log_was_away_keep_the_cuff_tempo_and_ratings(
    log: TrainingLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    lifter = log.lifter
    assert lifter is not None
    thigh = log.add_cuff(THIGH)
    plan = leg_plan(log, protocol=replace(CLASSIC, tempo=None), cuff_id=thigh.id,
                    target_mmhg=150)
    rated = replace(a_set(1, 30), rpe=7, discomfort=3)
    # What a panel's writer kept when the app stopped before the log took them.
    kept = [
        KeptWrite("start_block", "the block start",
                  {"plan": spool.plan_fields(plan), "cuff_on_at": spool.moment(CUFF_ON)}),
        KeptWrite("log_set", "set 1", {"logged": spool.set_fields(rated)}),
        KeptWrite("log_set", "set 2", {"logged": spool.set_fields(a_set(2, 15))}),
        KeptWrite("rate_set", "the rating of set 2",
                  {"set_number": 2, "rating": spool.rating_fields(SetRating(9, 6))}),
    ]
    spool.save(Spool(location=log.location, lifter_id=lifter.id, block_id=None, writes=kept),
               spool.spool_file(log.location, lifter.id))

    outcome = log.save_kept_writes()

    assert outcome is not None and outcome.saved == tuple(write.what for write in kept)
    left = log.interrupted_block()
    assert left is not None and left.plan == plan and left.cuff == thigh
    assert [(s.rpe, s.discomfort) for s in left.sets] == [(7, 3), (9, 6)]


def test_writes_kept_by_the_bfr_tui_before_ratings_are_still_read(tmp_path: Path) -> None:
    plan = replace(EVERYDAY_PLAN, exercise_id=3)
    fields = spool.plan_fields(plan)
    for added in ("cuff_id", "target_mmhg", "tempo"):
        del fields[added]
    logged = spool.set_fields(a_set(1, 30))
    del logged["rpe"], logged["discomfort"]
    path = tmp_path / "kept.json"
    path.write_text(json.dumps({
        "format": 2, "location": "log", "lifter_id": 1, "block_id": None, "flags_to_link": [],
        "writes": [
            {"kind": "start_block", "what": "the block start",
             "fields": {"plan": fields, "cuff_on_at": spool.moment(CUFF_ON)}},
            {"kind": "log_set", "what": "set 1", "fields": {"logged": logged}},
        ],
    }), encoding="utf-8")

    found = spool.load(path)

    assert found is not None
    start, first_set = found.writes
    assert spool.plan_from(start.fields["plan"]) == plan
    assert spool.set_from(first_set.fields["logged"]) == a_set(1, 30)


# --- the lifter's rows as a whole ---------------------------------------------------------


def test_removing_a_lifter_removes_their_cuffs_and_lops_and_a_backup_keeps_them(
    log: TrainingLog, tmp_path: Path
) -> None:
    ana = log.lifter
    assert ana is not None
    thigh = log.add_cuff(THIGH)
    log.record_lop(lop(240), cuff_id=thigh.id)
    run_block(log, leg_plan(log, cuff_id=thigh.id), (a_set(1, 30),))
    kim = log.add_lifter("Kim")
    log.use_lifter(kim)
    log.add_cuff(WRAP)
    log.use_lifter(ana)
    assert (log.lifter_rows(ana)["cuff"], log.lifter_rows(ana)["lop_measurement"]) == (1, 1)

    target = tmp_path / "copy.db"
    log.back_up(target)
    copy = open_log(f"sqlite:///{target}")
    try:
        copy.upgrade()
        copy.use_lifter(ana)
        assert copy.cuffs() == [thigh]
        assert copy.lop_measurements() == [lop(240)]
        assert copy.block_record(log.history_rows()[0].block_id).cuff == thigh
    finally:
        copy.close()

    removed = log.remove_lifter(ana)
    assert (removed.rows["cuff"], removed.rows["lop_measurement"]) == (1, 1)
    assert not any(log.lifter_rows(ana).values())
    log.use_lifter(kim)
    assert [c.cuff for c in log.cuffs()] == [WRAP]


# --- a log of schema 6 --------------------------------------------------------------------


def _inserted(connection: Connection, statement: str, **values: Any) -> int:
    """A row written as schema 6 writes it; its id (drawn as the engine draws ids)."""
    times = [bindparam(name, type_=UtcDateTime) for name, value in values.items()
             if isinstance(value, datetime)]
    return int(connection.execute(
        text(f"{statement} RETURNING id").bindparams(*times), values
    ).scalar_one())


def _schema_6_training(connection: Connection) -> None:
    """One lifter, a curl and a finished block of two sets, as bfr-tui of schema 6 kept them."""
    lifter = _inserted(
        connection,
        "INSERT INTO lifter (name, unit, screening_answers, cleared_by_professional, theme)"
        " VALUES ('Ana', 'kg', '', :no, 'nord')", no=False,
    )
    curl = _inserted(
        connection,
        "INSERT INTO exercise (name, limb, muscle_group, compound, suitability_note,"
        " load_step, unit, needs_review, archived, created_at) VALUES ('Dumbbell curl',"
        " 'arm', 'biceps', :no, '', 1.25, 'kg', :no, :no, :on)", no=False, on=CUFF_ON,
    )
    visit = _inserted(
        connection,
        "INSERT INTO training_session (lifter_id, started_at, notes) VALUES (:lifter, :on, '')",
        lifter=lifter, on=CUFF_ON,
    )
    block = _inserted(
        connection,
        "INSERT INTO block (lifter_id, session_id, exercise_id, side, protocol_name,"
        " protocol_reps, rest_target_s, load, unit, one_rm, tightness, pulse_felt,"
        " skin_normal, pressure_mmhg, cuff_on_at, cuff_off_at, end_reason, notes) VALUES"
        " (:lifter, :visit, :curl, 'both', 'Classic', '30-15-15-15', 30, 10.0, 'kg', 40.0,"
        " 7, :yes, :yes, 180.0, :on, :off, 'completed', '')",
        lifter=lifter, visit=visit, curl=curl, yes=True, on=CUFF_ON,
        off=CUFF_ON + timedelta(minutes=4),
    )
    for number, reps in ((1, 30), (2, 15)):
        started = CUFF_ON + timedelta(minutes=number)
        _inserted(
            connection,
            "INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load,"
            " started_at, ended_at) VALUES (:lifter, :block, :number, :target, :reps, 10.0,"
            " :started, :ended)",
            lifter=lifter, block=block, number=number, target=CLASSIC_REPS[number - 1],
            reps=reps, started=started, ended=started + timedelta(seconds=40),
        )


def test_a_log_of_schema_6_upgrades_and_its_training_reads_as_before(log_url: str) -> None:
    engine = create_engine(driver_url(log_url) if log_url.startswith("postgresql") else log_url)
    try:
        with engine.begin() as connection:
            upgrade_connection(connection, target="0006")
            _schema_6_training(connection)
    finally:
        engine.dispose()

    log = open_log(log_url)
    try:
        log.upgrade(asked=True)
        assert log.version().schema == SCHEMA_VERSION
        assert log.choose_lifter(None) is not None
        (row,) = log.history_rows()
        assert (row.exercise_name, row.load, row.reps, row.pressure_mmhg) == (
            "Dumbbell curl", 10.0, (30, 15), 180.0
        )
        assert (row.cuff_name, row.target_mmhg, row.rpe, row.discomfort) == (
            None, None, (None, None), (None, None)
        )
        record = log.block_record(row.block_id)
        # Logged before tempos were: the protocol's own tempo, as the block had then.
        assert record.plan.protocol == CLASSIC
        assert record.plan.protocol.tempo == CLASSIC_TEMPO
        assert record.cuff is None
        assert log.lop_remeasure_days() == 30
        # The upgraded log takes the new records at once.
        wrap = log.add_cuff(WRAP)
        assert log.cuffs() == [wrap]
        assert log.last_cuff_use(limb=Limb.ARM, side=Side.LEFT) == LastCuffUse(
            cuff=None, flags=frozenset(), pressure_mmhg=180.0, tightness=7
        )
    finally:
        log.close()
