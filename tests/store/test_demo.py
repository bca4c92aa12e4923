"""The demo history: deterministic, and shaped like a real lifter's BFR log."""

from __future__ import annotations

import io
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bfr_tui.domain.cuff import looser_tightness
from bfr_tui.domain.cuff_profile import CuffKind, cuff_profile, same_cuff
from bfr_tui.domain.limbs import Limb, Side, bfr_eligibility
from bfr_tui.domain.load import load_band
from bfr_tui.domain.lop import BodyPosition, LopMethod, latest_lop, lop_measurement, measured_sides
from bfr_tui.domain.next_cuff_setting import LOWER_AFTER_TINGLING_MMHG
from bfr_tui.domain.pressure_prescription import (
    DEFAULT_LOP_PERCENT,
    OFF_TARGET_FRACTION,
    target_mmhg,
)
from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.screening import ScreeningStatus, screening_status
from bfr_tui.domain.set_rating import DISCOMFORT_STOP_ABOVE
from bfr_tui.domain.symptoms import is_red_flag
from bfr_tui.domain.tempo import CLASSIC_TEMPO
from bfr_tui.domain.units import Unit
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import open_log, queries
from bfr_tui.store.demo import (
    ARM_WRAPS,
    DEMO_EXERCISES,
    THIGH_CUFF,
    DemoError,
    DemoSummary,
    fill_demo,
)
from bfr_tui.store.engine import open_database
from bfr_tui.store.export import export_csv
from bfr_tui.store.models import (
    Block,
    Exercise,
    OneRepMax,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.training_log import TrainingLog
from tests.local_time import local
from tests.recorded_progress import Recorded
from tests.store.stored import one_rep_maxes, profile_facts
from tests.store.test_cuffs import leg_plan, run_block
from tests.store.test_engines import a_set

END = local(2026, 3, 2, 18, 30)


@pytest.fixture
def demo(engine: Engine, lifter: int) -> DemoSummary:
    """Twelve weeks of the lifter's demo history ending at END."""
    return fill_demo(engine=engine, lifter_id=lifter, weeks=12, seed=7, end=END)


@pytest.fixture
def read(engine: Engine, demo: DemoSummary) -> Iterator[Session]:
    """A session on the filled log."""
    with Session(engine) as session:
        yield session


def export_bytes(tmp_path: Path, name: str, *, seed: int, end: datetime = END) -> bytes:
    """Fill a fresh log and export it both ways."""
    engine = open_database(tmp_path / f"{name}.db")
    try:
        lifter = lifter_id(engine)
        fill_demo(engine=engine, lifter_id=lifter, weeks=6, seed=seed, end=end)
        out = io.StringIO()
        with Session(engine) as session:
            export_csv(session=session, lifter_id=lifter, out=out, layout="native")
            export_csv(session=session, lifter_id=lifter, out=out, layout="strong")
    finally:
        engine.dispose()
    return out.getvalue().encode("utf-8")


def sets_by_block(session: Session) -> dict[int, list[SetEntry]]:
    grouped: dict[int, list[SetEntry]] = defaultdict(list)
    for entry in session.exec(select(SetEntry).order_by(col(SetEntry.set_number))):
        grouped[entry.block_id].append(entry)
    return grouped


# --- determinism -------------------------------------------------------------------------


def test_same_seed_and_end_give_the_same_log_byte_for_byte(tmp_path: Path) -> None:
    assert export_bytes(tmp_path, "a", seed=7) == export_bytes(tmp_path, "b", seed=7)


def test_another_seed_gives_another_log(tmp_path: Path) -> None:
    assert export_bytes(tmp_path, "a", seed=7) != export_bytes(tmp_path, "b", seed=8)


def test_history_is_dated_from_the_end_given_not_from_today(
    read: Session, demo: DemoSummary
) -> None:
    starts = list(read.exec(select(TrainingSession.started_at)))
    offs = [b for b in read.exec(select(Block.cuff_off_at)) if b is not None]

    assert max(offs) < datetime.combine(END.date(), datetime.min.time()).astimezone()
    assert min(starts).date() >= END.date() - timedelta(weeks=12)
    assert demo.last_day is not None and demo.last_day < END.date()


# --- what the summary says ---------------------------------------------------------------


def test_summary_counts_what_was_written(read: Session, demo: DemoSummary) -> None:
    counted = DemoSummary(
        sessions=len(read.exec(select(TrainingSession.id)).all()),
        blocks=len(read.exec(select(Block.id)).all()),
        sets=len(read.exec(select(SetEntry.id)).all()),
        flags=len(read.exec(select(SymptomFlag.id)).all()),
        red_flags=sum(is_red_flag(k) for k in read.exec(select(SymptomFlag.kind))),
        one_rep_maxes=len(read.exec(select(OneRepMax.id)).all()),
        first_day=min(read.exec(select(TrainingSession.started_at))).date(),
        last_day=max(read.exec(select(TrainingSession.started_at))).date(),
    )
    assert counted == demo
    assert demo.sets > 150


# --- a believable lifter -----------------------------------------------------------------


def test_several_eligible_exercises_on_both_limbs_and_every_side(read: Session) -> None:
    used = read.exec(
        select(Exercise.name, Exercise.limb, Exercise.compound, Block.side).join(
            Block, col(Block.exercise_id) == col(Exercise.id)
        )
    ).all()

    assert {name for name, *_ in used} == set(DEMO_EXERCISES)
    assert len(DEMO_EXERCISES) >= 4
    assert all(
        bfr_eligibility(limb=limb, compound=compound).allowed for _, limb, compound, _ in used
    )
    assert {limb for _, limb, _, _ in used} == {"arm", "leg"}
    assert {side for *_, side in used} == {"left", "right", "both"}


def test_two_or_three_sessions_every_week(read: Session) -> None:
    last_day = END.date() - timedelta(days=1)
    weeks = Counter(
        (last_day - start.date()).days // 7
        for start in read.exec(select(TrainingSession.started_at))
    )

    assert sorted(weeks) == list(range(12))
    assert set(weeks.values()) <= {2, 3}


def test_one_to_three_blocks_per_session(read: Session) -> None:
    per_session = Counter(read.exec(select(Block.session_id)))

    assert set(per_session.values()) <= {1, 2, 3}
    assert len(set(per_session.values())) > 1


def test_loads_sit_inside_the_band_of_the_stored_1rm_for_most_blocks(read: Session) -> None:
    blocks = read.exec(
        select(Block.load, Block.one_rm, Exercise.load_step).join(
            Exercise, col(Exercise.id) == col(Block.exercise_id)
        )
    ).all()

    inside = [
        load_band(one_rm=one_rm, step=step, unit=Unit.KG).contains(load)
        for load, one_rm, step in blocks
        if one_rm is not None
    ]

    assert len(inside) == len(blocks)
    assert sum(inside) / len(inside) >= 0.9


def test_loads_start_low_and_rise_by_the_load_step(read: Session) -> None:
    for name in DEMO_EXERCISES:
        rows = read.exec(
            select(Block.load, Block.one_rm, Block.side, Exercise.load_step)
            .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
            .where(Exercise.name == name)
            .order_by(col(Block.cuff_on_at))
        ).all()
        first_load, first_one_rm, _, step = rows[0]
        assert first_one_rm is not None and first_load / first_one_rm <= 0.25
        assert max(load for load, *_ in rows) > first_load
        by_side: dict[str, list[float]] = defaultdict(list)
        for load, _, side, _ in rows:
            by_side[side].append(load)
        for loads in by_side.values():
            jumps = {round(abs(b - a) / step, 6) for a, b in itertools.pairwise(loads)}
            # Same load, one step, or the jump to a new band after a 1RM retest.
            assert 1.0 in jumps


def test_rep_targets_are_missed_now_and_then(read: Session) -> None:
    sets = read.exec(select(SetEntry.reps, SetEntry.target_reps)).all()
    short = sum(reps < target for reps, target in sets)

    assert 0 < short < len(sets) * 0.25
    assert any(reps > target for reps, target in sets)


def test_the_classic_protocol_is_the_usual_one(read: Session) -> None:
    protocols = Counter(read.exec(select(Block.protocol_reps)))

    assert protocols.most_common(1)[0][0] == "30-15-15-15"


def test_red_flags_end_their_block_at_once(read: Session) -> None:
    sets = sets_by_block(read)
    flagged = read.exec(
        select(SymptomFlag, Block).join(Block, col(Block.id) == col(SymptomFlag.block_id))
    ).all()
    red = [(flag, block) for flag, block in flagged if is_red_flag(flag.kind)]

    assert 1 <= len(red) <= 2
    for flag, block in red:
        assert block.end_reason == "red_flag"
        block_sets = sets[block.id or 0]
        assert len(block_sets) < len(parse_reps(block.protocol_reps))
        # Stored with the set it interrupted, and nothing came after it.
        assert flag.set_id == block_sets[-1].id
        assert block_sets[-1].reps < block_sets[-1].target_reps
        assert block.cuff_off_at is not None and block.cuff_off_at >= flag.raised_at
    ended_by_red_flag = {
        b.id for b in read.exec(select(Block).where(Block.end_reason == "red_flag"))
    }
    assert ended_by_red_flag == {block.id for _, block in red}
    assert {b.end_reason for b in read.exec(select(Block))} == {"completed", "red_flag"}


def test_most_flags_are_not_red(read: Session) -> None:
    kinds = list(read.exec(select(SymptomFlag.kind)))

    red = sum(is_red_flag(k) for k in kinds)
    assert len(kinds) - red > red


def test_the_block_after_a_red_flag_has_a_looser_cuff(read: Session) -> None:
    blocks = read.exec(select(Block).order_by(col(Block.cuff_on_at))).all()
    for index, block in enumerate(blocks):
        if block.end_reason != "red_flag":
            continue
        following = [
            b
            for b in blocks[index + 1 :]
            if (b.exercise_id, b.side) == (block.exercise_id, block.side)
        ]
        if following:
            assert following[0].tightness == looser_tightness(block.tightness)


def test_set_and_rest_times_add_up(read: Session) -> None:
    blocks = {b.id: b for b in read.exec(select(Block))}
    for block_id, block_sets in sets_by_block(read).items():
        block = blocks[block_id]
        assert block.cuff_off_at is not None
        assert block_sets[0].started_at == block.cuff_on_at
        assert block.cuff_off_at >= block_sets[-1].ended_at
        # R6: one block is a few minutes of cuff time, never a marathon.
        assert (block.cuff_off_at - block.cuff_on_at) < timedelta(minutes=10)
        previous = None
        for entry in block_sets:
            seconds = (entry.ended_at - entry.started_at).total_seconds()
            if entry.reps >= 5:
                assert 1.4 <= seconds / entry.reps <= 2.1
            if previous is None:
                assert entry.rest_before_s is None
            else:
                assert entry.rest_before_s == (entry.started_at - previous.ended_at).total_seconds()
                assert 25 <= entry.rest_before_s <= 115
            previous = entry


def test_rest_is_usually_25_to_40_seconds_on_the_classic_protocol(read: Session) -> None:
    rests = read.exec(
        select(SetEntry.rest_before_s)
        .join(Block, col(Block.id) == col(SetEntry.block_id))
        .where(Block.protocol_reps == "30-15-15-15", col(SetEntry.rest_before_s).is_not(None))
    ).all()

    assert sum(25 <= r <= 40 for r in rests if r is not None) / len(rests) >= 0.95


def test_blocks_of_one_visit_follow_each_other(read: Session) -> None:
    visits = {v.id: v for v in read.exec(select(TrainingSession))}
    by_visit: dict[int, list[Block]] = defaultdict(list)
    for block in read.exec(select(Block).order_by(col(Block.cuff_on_at))):
        by_visit[block.session_id].append(block)
    for visit_id, blocks in by_visit.items():
        visit = visits[visit_id]
        assert visit.started_at == blocks[0].cuff_on_at
        assert visit.ended_at == blocks[-1].cuff_off_at
        for before, after in itertools.pairwise(blocks):
            assert before.cuff_off_at is not None and before.cuff_off_at < after.cuff_on_at


def test_cuff_checks_look_like_a_careful_lifter(read: Session) -> None:
    blocks = read.exec(select(Block)).all()
    tightness = Counter(b.tightness for b in blocks)

    assert set(tightness) <= {5, 6, 7, 8}
    assert sum(tightness[t] for t in (6, 7, 8)) / len(blocks) >= 0.85
    assert all(b.pulse_felt and b.skin_normal for b in blocks)
    with_pressure = [b for b in blocks if b.pressure_mmhg is not None]
    assert with_pressure
    assert all(b.cuff_width_cm is not None for b in with_pressure)
    assert any(b.pressure_mmhg is None for b in blocks)


def test_each_exercise_has_a_1rm_tested_first_and_retested_higher(read: Session) -> None:
    first_block: dict[int, datetime] = {}
    for exercise_id, cuff_on_at in read.exec(select(Block.exercise_id, Block.cuff_on_at)):
        first_block[exercise_id] = min(cuff_on_at, first_block.get(exercise_id, cuff_on_at))
    for exercise_id, first_on in first_block.items():
        history = one_rep_maxes(read, exercise_id)
        assert 2 <= len(history) <= 3
        assert history[0].recorded_on < first_on.date()
        values = [m.value for m in history]
        assert values == sorted(values) and len(set(values)) == len(values)
        assert {m.method for m in history} == {"tested"}


def test_blocks_use_the_1rm_current_on_their_day(read: Session) -> None:
    maxes = read.exec(select(OneRepMax).order_by(col(OneRepMax.recorded_on))).all()
    for block in read.exec(select(Block)):
        current = [
            m.value
            for m in maxes
            if m.exercise_id == block.exercise_id and m.recorded_on <= block.cuff_on_at.date()
        ]
        assert block.one_rm == current[-1]


def test_the_profile_is_screened_and_the_library_seeded(
    read: Session, db_path: Path, lifter: int
) -> None:
    profile = profile_facts(db_path, lifter)
    answers = profile.screening_answers

    assert profile.unit == "kg"
    assert answers is not None and not any(answers.values())
    assert profile.screened_on is not None and profile.screened_on <= END.date()
    status = screening_status(
        answers=answers,
        screened_on=profile.screened_on,
        cleared=profile.cleared_by_professional,
        today=END.date(),
    )
    assert status is ScreeningStatus.CLEAR
    assert len(queries.list_exercises(session=read)) > len(DEMO_EXERCISES)


# --- refusing, adding, growing -----------------------------------------------------------


def test_a_log_with_blocks_is_refused_unless_forced(
    engine: Engine, lifter: int, demo: DemoSummary
) -> None:
    with pytest.raises(DemoError, match="this lifter already has blocks"):
        fill_demo(engine=engine, lifter_id=lifter, weeks=2, seed=1, end=END)
    with Session(engine) as session:
        assert len(session.exec(select(Block.id)).all()) == demo.blocks

    more = fill_demo(engine=engine, lifter_id=lifter, weeks=2, seed=1, end=END, force=True)

    with Session(engine) as session:
        assert len(session.exec(select(Block.id)).all()) == demo.blocks + more.blocks


def test_another_lifter_in_the_log_gets_a_demo_of_their_own(
    engine: Engine, lifter: int, demo: DemoSummary
) -> None:
    with Session(engine) as session:
        kim = queries.add_lifter(session=session, name="Kim")
        session.commit()
        assert kim.id is not None
        kims = kim.id

    more = fill_demo(engine=engine, lifter_id=kims, weeks=2, seed=1, end=END)

    with Session(engine) as session:
        assert len(session.exec(select(Block.id).where(Block.lifter_id == lifter)).all()) == (
            demo.blocks
        )
        assert len(session.exec(select(Block.id).where(Block.lifter_id == kims)).all()) == (
            more.blocks
        )


def test_a_forced_fill_keeps_the_lifters_own_screening(
    engine: Engine, lifter: int, db_path: Path
) -> None:
    with Session(engine) as session:
        queries.save_screening(
            session=session,
            lifter_id=lifter,
            answers={"clotting": True},
            screened_on=date(2026, 1, 5),
            cleared=True,
        )
        session.commit()

    fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=7, end=END, force=True)

    profile = profile_facts(db_path, lifter)
    assert profile.screening_answers == {"clotting": True}
    assert profile.screened_on == date(2026, 1, 5)


def test_a_sets_target_goes_further_back_in_time(engine: Engine, lifter: int) -> None:
    summary = fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=7, end=END,
                        sets_target=3000)

    assert 3000 <= summary.sets < 3300
    assert summary.last_day is not None and summary.first_day is not None
    assert END.date() - timedelta(days=7) <= summary.last_day < END.date()
    # About 20 sets a week: 3,000 sets reach back well over two years.
    assert summary.first_day < END.date() - timedelta(weeks=100)


@pytest.mark.parametrize("weeks", [0, -3])
def test_no_history_is_not_a_demo(engine: Engine, lifter: int, weeks: int) -> None:
    with pytest.raises(ValueError, match="at least one week"):
        fill_demo(engine=engine, lifter_id=lifter, weeks=weeks, seed=7, end=END)


def test_a_long_demo_reports_its_blocks_in_chunks_and_writes_the_same_log(
    tmp_path: Path,
) -> None:
    quiet = open_database(tmp_path / "quiet.db")
    watched = open_database(tmp_path / "watched.db")
    progress = Recorded()
    try:
        expected = fill_demo(engine=quiet, lifter_id=lifter_id(quiet), weeks=1, seed=3,
                             end=END, sets_target=4000)
        summary = fill_demo(engine=watched, lifter_id=lifter_id(watched), weeks=1, seed=3,
                            end=END, sets_target=4000, progress=progress)
        exports = []
        for engine in (quiet, watched):
            out = io.StringIO()
            with Session(engine) as session:
                export_csv(session=session, lifter_id=lifter_id(engine), out=out)
            exports.append(out.getvalue())
    finally:
        quiet.dispose()
        watched.dispose()

    assert summary == expected
    assert exports[0] == exports[1]
    assert progress.steps() == ["Writing demo history"]
    assert progress.rises_to_its_total("Writing demo history")
    assert progress.calls[-1][2] == summary.blocks
    assert 2 < len(progress.calls) < summary.blocks // 10


# --- cuffs, LOPs, ratings and tempo (R12-R16), as the app reads them ---------------------


@pytest.fixture
def demo_log(log_url: str) -> Iterator[TrainingLog]:
    """Twelve weeks of demo history on each engine, read through the interface."""
    log = open_log(log_url)
    log.upgrade()
    log.choose_lifter(None)
    log.fill_demo(weeks=12, seed=7, end=END)
    yield log
    log.close()


def test_the_demo_lifter_has_a_wrap_for_the_arms_and_a_pneumatic_cuff_for_the_legs(
    demo_log: TrainingLog,
) -> None:
    cuffs = {record.cuff.name: record.cuff for record in demo_log.cuffs()}

    assert cuffs == {"Arm wraps": ARM_WRAPS, "Thigh cuff": THIGH_CUFF}
    assert ARM_WRAPS.kind is CuffKind.ELASTIC_WRAP and ARM_WRAPS.wrap_mark
    assert THIGH_CUFF.kind is CuffKind.PNEUMATIC and not THIGH_CUFF.wrap_mark
    rows = demo_log.history_rows()
    assert {row.cuff_name for row in rows if row.limb == "arm"} == {"Arm wraps"}
    assert {row.cuff_name for row in rows if row.limb == "leg"} == {"Thigh cuff"}
    assert all(row.pressure_mmhg is None and row.target_mmhg is None
               for row in rows if row.limb == "arm")


def test_each_leg_has_its_lop_measured_seated_by_doppler_and_measured_again(
    demo_log: TrainingLog,
) -> None:
    lops = demo_log.lop_measurements()
    first_block = min(row.cuff_on_at for row in demo_log.history_rows()).date()
    days = sorted({lop.measured_on for lop in lops})

    assert {(lop.limb, lop.position, lop.method) for lop in lops} == {
        (Limb.LEG, BodyPosition.SEATED, LopMethod.DOPPLER)
    }
    assert all(same_cuff(lop.cuff, THIGH_CUFF) for lop in lops)
    # Left and right on each day, each on its own.
    assert Counter((lop.measured_on, lop.side) for lop in lops) == {
        (day, side): 1 for day in days for side in (Side.LEFT, Side.RIGHT)
    }
    assert days[0] < first_block and len(days) > 1
    assert (END.date() - days[-1]).days <= demo_log.lop_remeasure_days()


def test_leg_blocks_are_set_near_60_percent_of_the_latest_lop(demo_log: TrainingLog) -> None:
    lops = demo_log.lop_measurements()
    legs = [row for row in demo_log.history_rows() if row.limb == "leg"]
    near = 0
    for row in legs:
        targets = []
        for side in measured_sides(row.side):
            day_lops = [lop for lop in lops if lop.measured_on <= row.cuff_on_at.date()]
            latest = latest_lop(day_lops, limb=Limb.LEG, side=side, cuff=THIGH_CUFF,
                                position=BodyPosition.SEATED)
            assert latest is not None
            targets.append(target_mmhg(DEFAULT_LOP_PERCENT, latest.mmhg))
        assert row.lop_percent == DEFAULT_LOP_PERCENT
        assert row.target_mmhg == min(targets)
        assert row.pressure_mmhg is not None
        near += abs(row.pressure_mmhg - row.target_mmhg) <= OFF_TARGET_FRACTION * row.target_mmhg
    assert near / len(legs) >= 0.9


def test_sets_are_rated_with_effort_and_discomfort_rising_to_the_last_set(
    demo_log: TrainingLog,
) -> None:
    rows = demo_log.history_rows()
    ratings = [(rpe, discomfort) for row in rows
               for rpe, discomfort in zip(row.rpe, row.discomfort, strict=True)]
    by_set: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        for number, (rpe, discomfort) in enumerate(zip(row.rpe, row.discomfort, strict=True)):
            if rpe is not None and discomfort is not None:
                by_set[number + 1].append((rpe, discomfort))

    skipped = sum(rating == (None, None) for rating in ratings)
    assert 0 < skipped < 0.15 * len(ratings)
    # A rating is given whole or skipped whole.
    assert all((rpe is None) == (discomfort is None) for rpe, discomfort in ratings)

    def mean(number: int, which: int) -> float:
        return sum(rating[which] for rating in by_set[number]) / len(by_set[number])

    assert 5 <= mean(1, 0) < mean(2, 0) < mean(4, 0) <= 9.5
    assert 1.5 <= mean(1, 1) < mean(2, 1) < mean(4, 1) <= 6.5
    # Above 7 the block would have ended with the release screen.
    assert max(d for _, d in ratings if d is not None) <= DISCOMFORT_STOP_ABOVE


def test_tingling_now_and_then_and_the_next_pneumatic_cuff_10_mmhg_lower(
    demo_log: TrainingLog,
) -> None:
    rows = sorted(demo_log.history_rows(), key=lambda row: row.cuff_on_at)

    assert any("tingling" in row.flag_kinds for row in rows)
    for index, row in enumerate(rows):
        if row.end_reason != "red_flag" or row.pressure_mmhg is None:
            continue
        following = [later for later in rows[index + 1:]
                     if (later.exercise_id, later.side) == (row.exercise_id, row.side)]
        if following:
            assert following[0].pressure_mmhg == row.pressure_mmhg - LOWER_AFTER_TINGLING_MMHG


def test_every_block_keeps_the_classic_tempo(demo_log: TrainingLog) -> None:
    rows = demo_log.history_rows()
    records = [demo_log.block_record(row.block_id) for row in rows[:5]]

    assert {record.block.tempo for record in records} == {"2/2"}
    assert {record.plan.protocol.tempo for record in records} == {CLASSIC_TEMPO}


def test_after_the_demo_the_lifter_adds_a_cuff_an_lop_and_a_block_of_their_own(
    demo_log: TrainingLog,
) -> None:
    added = demo_log.add_cuff(cuff_profile(name="Delfi", kind="automatic", width_cm=11.5))
    demo_log.record_lop(
        lop_measurement(limb="leg", side="left", cuff=added.cuff, position="standing",
                        method="device", measured_on=END.date(), mmhg=230, today=END.date()),
        cuff_id=added.id,
    )

    assert {record.cuff.name for record in demo_log.cuffs()} == {
        "Arm wraps", "Delfi", "Thigh cuff"
    }
    assert demo_log.lop_measurements()[-1].mmhg == 230
    blocks = demo_log.count_history()
    run_block(demo_log, leg_plan(demo_log, cuff_id=added.id), (a_set(1, 30),))
    assert demo_log.count_history() == blocks + 1


def test_a_forced_demo_reuses_the_lifters_demo_cuffs_and_names_its_own_apart(
    engine: Engine, lifter: int, db_path: Path
) -> None:
    log = open_log(f"sqlite:///{db_path}")
    try:
        log.choose_lifter(None)
        log.add_cuff(cuff_profile(name="Thigh cuff", kind="elastic_wrap", width_cm=7.5))
        fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=7, end=END)
        fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=8, end=END, force=True)
        names = sorted(record.cuff.name for record in log.cuffs())
    finally:
        log.close()
    assert names == ["Arm wraps", "Thigh cuff", "Thigh cuff 2"]
