"""A lifter's session templates and weekly plan, kept in the log on both engines; a
backup, a copy and a merge carry them; a log of schema 7 upgrades to take them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, create_engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from bfr_tui.domain.due import DueToday
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC, custom_protocol
from bfr_tui.domain.session_template import session_template, template_block
from bfr_tui.domain.tempo import Tempo
from bfr_tui.domain.units import Unit
from bfr_tui.domain.weekly_plan import WeeklyPlan, plan_entry, weekly_plan
from bfr_tui.store import open_log, plan_reads
from bfr_tui.store.first_reads import LIFTER
from bfr_tui.store.migrations import SCHEMA_VERSION, upgrade_connection
from bfr_tui.store.plan_statements import STATEMENTS
from bfr_tui.store.postgres_connect import driver_url
from bfr_tui.training_log import ExerciseDraft, TrainingLog
from tests.plans import plan_for
from tests.store.test_cuffs import run_block
from tests.store.test_engines import CUFF_ON, a_set
from tests.templates import arm_finisher, block_of, did_arm_finisher


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine with its first lifter chosen and the starter library."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


def test_a_template_keeps_its_blocks_in_order_with_protocol_and_tempo(log: TrainingLog) -> None:
    slow = custom_protocol(target_reps=(20, 12, 12), rest_s=45, name="Short",
                           tempo=Tempo(up_s=1.5, down_s=3.0))
    no_beat = replace(slow, name="No beat", tempo=None)
    legs = session_template(name="Legs", blocks=(
        block_of(log, "Leg extension", Side.LEFT, slow),
        block_of(log, "Leg extension", Side.RIGHT, no_beat),
    ))
    saved = log.save_template(legs, now=CUFF_ON)
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)

    assert saved.template == legs and not saved.archived
    assert log.template(saved.id).template.blocks[0].protocol.tempo == Tempo(1.5, 3.0)
    assert log.template(saved.id).template.blocks[1].protocol.tempo is None
    # By name, as the lifter reads them.
    assert log.templates() == [arms, saved]
    assert [block.limb for block in arms.template.blocks] == [Limb.ARM] * 3


def test_a_template_is_edited_in_place_and_its_name_is_the_lifters_once(
    log: TrainingLog,
) -> None:
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, weekday=0)]))
    with pytest.raises(ValueError, match="already have a template called 'Arm finisher'"):
        log.save_template(arm_finisher(log, name="arm  FINISHER"), now=CUFF_ON)

    # Fewer blocks, another name: the same template, still in the plan.
    curls_only = session_template(name="Curls", blocks=arm_finisher(log).blocks[:2])
    edited = log.save_template(curls_only, template_id=arms.id, now=CUFF_ON)
    assert edited.id == arms.id and edited.template == curls_only
    assert log.templates() == [edited]
    assert log.weekly_plan().entries[0].template_id == arms.id
    # Its own name, in another case, is fine.
    assert log.save_template(replace(curls_only, name="CURLS"), template_id=arms.id,
                             now=CUFF_ON).template.name == "CURLS"

    # Another lifter may use the name, and cannot touch the first lifter's templates.
    first = log.lifter
    assert first is not None
    log.use_lifter(log.add_lifter("Kim"))
    assert log.templates() == [] and log.weekly_plan() == WeeklyPlan()
    assert log.save_template(arm_finisher(log), now=CUFF_ON).id != arms.id
    with pytest.raises(LookupError):
        log.save_template(curls_only, template_id=arms.id, now=CUFF_ON)
    with pytest.raises(LookupError):
        log.archive_template(arms.id)
    with pytest.raises(LookupError):
        log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, times_per_week=2)]))
    log.use_lifter(first)
    assert [record.template.name for record in log.templates()] == ["CURLS"]


def test_an_archived_template_leaves_the_plan_and_can_come_back(log: TrainingLog) -> None:
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    legs = log.save_template(
        session_template(name="Legs", blocks=(block_of(log, "Leg extension", Side.BOTH),)),
        now=CUFF_ON,
    )
    plan = weekly_plan([plan_entry(template_id=legs.id, times_per_week=2),
                        plan_entry(template_id=arms.id, weekday=3),
                        plan_entry(template_id=arms.id, weekday=0)])
    log.save_weekly_plan(plan)
    assert log.weekly_plan() == plan

    log.archive_template(arms.id)
    assert log.templates() == [legs]
    assert [record.archived for record in log.templates(include_archived=True)] == [True, False]
    assert log.weekly_plan() == weekly_plan([plan_entry(template_id=legs.id, times_per_week=2)])
    with pytest.raises(ValueError, match="Arm finisher is put away"):
        log.save_weekly_plan(plan)
    # An archived template's name stays taken: it may come back.
    with pytest.raises(ValueError, match="already have a template"):
        log.save_template(arm_finisher(log), now=CUFF_ON)
    log.archive_template(arms.id, archived=False)
    log.save_weekly_plan(plan)
    assert log.weekly_plan() == plan
    # An empty plan clears it.
    log.save_weekly_plan(WeeklyPlan())
    assert log.weekly_plan() == WeeklyPlan()


def test_the_36_h_hold_is_read_from_the_limbs_last_blocks(log: TrainingLog) -> None:
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, times_per_week=3)]))
    curl = log.find_exercise("Dumbbell curl")
    assert curl is not None
    run_block(log, plan_for(curl, side=Side.LEFT.value), (a_set(1, 30),))

    # A day later the left arm still rests, until 36 h after that block's cuff-on.
    [due] = log.due_today(now=CUFF_ON + timedelta(hours=24)).due
    assert due.template_id == arms.id and due.why == "0 of 3 this week done"
    # The left curl and the pushdown on both arms wait; the right curl may start.
    assert [(hold.position, hold.frees_at) for hold in due.holds] == [
        (1, CUFF_ON + timedelta(hours=36)), (3, CUFF_ON + timedelta(hours=36))
    ]
    assert not due.all_held
    # In the same visit, the block just done holds nothing back.
    [same_visit] = log.due_today(now=CUFF_ON + timedelta(minutes=20)).due
    assert same_visit.holds == ()
    # 36 h on, the left arm is free again.
    [rested] = log.due_today(now=CUFF_ON + timedelta(hours=36)).due
    assert rested.holds == ()


def test_what_is_due_counts_this_weeks_sessions_and_holds_limbs_over_the_weekend(
    log: TrainingLog,
) -> None:
    arms = log.save_template(arm_finisher(log), now=CUFF_ON - timedelta(days=30))
    log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, times_per_week=2)]))
    monday_noon = CUFF_ON.replace(hour=12, minute=0)
    assert monday_noon.weekday() == 0
    sunday_night = monday_noon - timedelta(hours=14)
    did_arm_finisher(log, sunday_night)

    # Sunday's session was last week's; its limbs still rest on Monday, the pushdown
    # (the last block, on both arms) until 36 h after it.
    [due] = log.due_today(now=monday_noon).due
    assert due.why == "0 of 2 this week done"
    assert due.all_held
    assert due.frees_at == sunday_night + timedelta(minutes=16, hours=36)

    # Done again on Tuesday once they are free: not due again that day, visit or not.
    tuesday = sunday_night + timedelta(hours=40)
    did_arm_finisher(log, tuesday)
    for later in (timedelta(minutes=30), timedelta(hours=5)):
        after = log.due_today(now=tuesday + later)
        assert after.planned and after.due == ()
    # Wednesday: one of two done this week, and every block rests until Thursday.
    [wednesday] = log.due_today(now=tuesday + timedelta(hours=24)).due
    assert wednesday.why == "1 of 2 this week done"
    assert wednesday.all_held
    assert wednesday.frees_at == tuesday + timedelta(minutes=16, hours=36)
    # Without a plan, nothing is due and the home screen says nothing.
    log.save_weekly_plan(WeeklyPlan())
    assert log.due_today(now=tuesday + timedelta(hours=24)) == DueToday(planned=False)


def test_the_due_reads_run_the_text_of_the_store_statements() -> None:
    # plan_reads holds each statement's text, so the due panel is read before SQLAlchemy
    # is loaded; it must be that statement's text, not another version.
    assert {name: driver_text(statement, sqlite.dialect(), ":{}")
            for name, statement in STATEMENTS.items()} == plan_reads.SQLITE_TEXT
    assert {name: driver_text(statement, postgresql.dialect(), "%({})s")
            for name, statement in STATEMENTS.items()} == plan_reads.POSTGRESQL_TEXT


# Stand for the values the driver is given while a statement is compiled with every other
# value written in.
_STAND_INS: dict[str, Any] = {LIFTER: 987654321, plan_reads.BLOCKS_SINCE: "stand-in-since"}


def driver_text(statement: Select[Any], dialect: Dialect, placeholder: str) -> str:
    """The SQL the driver runs for ``statement``: every value written in but the two the
    reads give (``placeholder`` formats a name as the driver writes it)."""
    names = statement.compile().params
    stand_ins = {name: value for name, value in _STAND_INS.items() if name in names}
    compiled = str(statement.params(stand_ins).compile(
        dialect=dialect, compile_kwargs={"literal_binds": True}
    ))
    for name, value in stand_ins.items():
        written = f"'{value}'" if isinstance(value, str) else str(value)
        compiled = compiled.replace(written, placeholder.format(name))
    return compiled


def test_a_backup_of_one_lifter_and_a_copy_carry_their_templates_and_plan(
    log: TrainingLog, tmp_path: Path
) -> None:
    ana = log.lifter
    assert ana is not None
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    plan = weekly_plan([plan_entry(template_id=arms.id, times_per_week=3)])
    log.save_weekly_plan(plan)
    log.use_lifter(log.add_lifter("Kim"))
    log.save_template(arm_finisher(log, name="Kim's arms"), now=CUFF_ON)
    log.use_lifter(ana)
    assert log.lifter_rows(ana)["session_template"] == 1

    backup, copied = tmp_path / "ana.db", tmp_path / "copy.db"
    log.back_up(backup, lifter=ana.name)
    target = open_log(f"sqlite:///{copied}")
    try:
        assert log.copy_into(target, now=CUFF_ON).rows["template_block"] == 6
    finally:
        target.close()
    for path in (backup, copied):
        opened = open_log(f"sqlite:///{path}")
        try:
            opened.upgrade()
            opened.use_lifter(ana)
            assert opened.templates() == [arms], path.name
            assert opened.weekly_plan() == plan, path.name
            names = {lifter.name for lifter in opened.lifters()}
            assert names == ({"Kim", ana.name} if path == copied else {ana.name})
        finally:
            opened.close()

    removed = log.remove_lifter(ana)
    assert (removed.rows["session_template"], removed.rows["template_block"],
            removed.rows["plan_entry"]) == (1, 3, 1)


def test_a_log_of_schema_7_upgrades_and_takes_templates(log_url: str) -> None:
    engine = create_engine(driver_url(log_url) if log_url.startswith("postgresql") else log_url)
    try:
        with engine.begin() as connection:
            upgrade_connection(connection, target="0007")
    finally:
        engine.dispose()

    log = open_log(log_url)
    try:
        log.upgrade(asked=True)
        assert log.version().schema == SCHEMA_VERSION
        log.choose_lifter(None)
        log.seed_library_if_empty(now=CUFF_ON)
        assert log.templates() == [] and log.weekly_plan() == WeeklyPlan()
        arms = log.save_template(arm_finisher(log), now=CUFF_ON)
        assert log.templates() == [arms]
    finally:
        log.close()


def test_a_merge_adds_the_templates_and_plan_a_lifter_lacks_and_again_adds_nothing(
    log: TrainingLog, tmp_path: Path
) -> None:
    ana = log.lifter
    assert ana is not None
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    extra = log.add_exercise(
        ExerciseDraft(name="Band curl", limb=Limb.ARM, muscle_group="biceps", compound=False,
                      suitability_note="", load_step=2.5, unit=Unit.KG),
        now=CUFF_ON,
    )
    cable = log.save_template(session_template(name="Cables", blocks=(
        template_block(exercise_id=extra, exercise_name="Band curl", limb=Limb.ARM,
                       compound=False, side=Side.BOTH, protocol=CLASSIC),
    )), now=CUFF_ON)
    log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, weekday=1),
                                      plan_entry(template_id=cable.id, weekday=4)]))

    # The target has a library, so training: a merge. It has no cable curl.
    target = open_log(f"sqlite:///{tmp_path / 'gym.db'}")
    try:
        target.upgrade()
        target.seed_library_if_empty(now=CUFF_ON)
        summary = log.copy_into(target, merge=True, now=CUFF_ON)
        assert summary.lines()[-3:] == [
            "Also added 1 session template.",
            f"Weekly plan taken from {log.location}: {ana.name}.",
            f"Left out, the exercise is not in {target.location}'s library: "
            f"{ana.name}: Cables (no exercise called Band curl).",
        ]
        target.use_lifter(target.lifter_called(ana.name))
        (carried,) = target.templates()
        assert carried.template.name == "Arm finisher"
        assert [block.exercise_name for block in carried.template.blocks] == [
            block.exercise_name for block in arms.template.blocks
        ]
        assert target.weekly_plan() == weekly_plan([plan_entry(template_id=carried.id, weekday=1)])

        again = log.copy_into(target, merge=True, now=CUFF_ON)
        assert (again.templates_added, again.plans_taken) == (0, ())
        assert len(target.templates(include_archived=True)) == 1
    finally:
        target.close()
