"""Reads and writes of the training log, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC, custom_protocol
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, KG_PER_LB, Unit
from bfr_tui.store import first_reads, queries
from bfr_tui.store.block_log import write_set
from bfr_tui.store.engine import session_scope
from bfr_tui.store.models import Block, Exercise, SetEntry, TrainingSession
from bfr_tui.store.names import NAME_MAX
from bfr_tui.store.seed import EXERCISE_LIBRARY, seed_exercises
from bfr_tui.training_log import ProfileFacts
from tests.local_time import local
from tests.plans import plan_for
from tests.store.stored import one_rep_maxes, profile_facts

NOW = local(2026, 3, 2, 18, 30)


def add(session: Session, name: str, limb: Limb = Limb.ARM, **extra: Any) -> Exercise:
    """Add an exercise with everyday defaults."""
    fields: dict[str, Any] = {
        "muscle_group": "biceps",
        "compound": False,
        "suitability_note": "",
        "load_step": None,
        "unit": Unit.KG,
        "now": NOW,
    }
    fields.update(extra)
    return queries.add_exercise(session=session, name=name, limb=limb, **fields)


def train(
    session: Session,
    lifter: int,
    exercise: Exercise,
    cuff_on_at: datetime,
    *,
    reps: Sequence[int] = (30, 15, 15, 15),
    load: float = 10.0,
    one_rm: float | None = 40.0,
    side: Side = Side.BOTH,
    tightness: int = 7,
    flags: Sequence[SymptomKind] = (),
    minutes: float | None = 5.0,
    visit: TrainingSession | None = None,
    unit: Unit = Unit.KG,
) -> Block:
    """The lifter does one block: cuff on, sets, flags, cuff off after ``minutes`` (None:
    cuff still on), in a visit of its own unless ``visit`` is given."""
    if visit is None:
        visit = queries.start_session(session=session, lifter_id=lifter, started_at=cuff_on_at)
    plan = plan_for(exercise, side=side, load=load, unit=unit, one_rm=one_rm, tightness=tightness)
    block = queries.add_block(session=session, visit=visit, plan=plan, cuff_on_at=cuff_on_at)
    assert block.id is not None
    for number, done in enumerate(reps, start=1):
        write_set(
            session=session, lifter_id=lifter, block_id=block.id, set_number=number,
            target_reps=CLASSIC.target_for(number), reps=done, load=load,
            started_at=cuff_on_at + timedelta(seconds=60 * number),
            ended_at=cuff_on_at + timedelta(seconds=60 * number + 40),
            rest_before_s=None if number == 1 else 30.0,
        )
    for offset, kind in enumerate(flags):
        queries.flag_symptom(
            session=session, lifter_id=lifter, block_id=block.id, kind=kind,
            raised_at=cuff_on_at + timedelta(seconds=200 + offset),
        )
    if minutes is not None:
        queries.end_block(
            session=session, block_id=block.id,
            cuff_off_at=cuff_on_at + timedelta(minutes=minutes),
            end_reason="red_flag" if flags else "completed",
        )
    return block


@contextmanager
def counting_queries(engine: Engine) -> Iterator[list[str]]:
    """Collect every SQL statement the engine runs inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


# --- the lifter's settings ---------------------------------------------------------------


def test_a_new_lifter_is_unscreened_with_the_default_settings(
    lifter: int, session: Session
) -> None:
    settings = queries.get_lifter(session=session, lifter_id=lifter)

    assert (settings.id, settings.unit, settings.theme) == (lifter, "kg", "textual-dark")
    assert settings.screened_on is None
    assert first_reads.screening_answers(settings.screening_answers) is None
    assert queries.get_lifter(session=session, lifter_id=lifter) is settings
    assert queries.lifter_facts(session=session, lifter_id=lifter) == ProfileFacts()


def test_screening_is_stored_with_its_date_and_clearance(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    answers = {"clotting": False, "hypertension": True}
    with session_scope(engine) as session:
        queries.save_screening(
            session=session, lifter_id=lifter, answers=answers, screened_on=date(2026, 3, 1),
            cleared=True,
        )

    profile = profile_facts(db_path, lifter)
    assert profile.screening_answers == answers
    assert profile.screened_on == date(2026, 3, 1)
    assert profile.cleared_by_professional


def test_unit_and_theme_are_remembered(engine: Engine, lifter: int) -> None:
    with session_scope(engine) as session:
        queries.set_unit(session=session, lifter_id=lifter, unit=Unit.LB)
        queries.set_theme(session=session, lifter_id=lifter, theme="nord")

    with session_scope(engine) as session:
        settings = queries.get_lifter(session=session, lifter_id=lifter)
        assert (settings.unit, settings.theme) == ("lb", "nord")


# --- exercises ---------------------------------------------------------------------------


def test_an_added_exercise_is_found_by_name_in_any_case(session: Session) -> None:
    added = add(session, "  Spider   curl ", suitability_note="arms suit BFR")

    found = queries.find_exercise_by_name(session=session, name="SPIDER CURL")

    assert found is not None and found.id == added.id
    assert found.name == "Spider curl"
    assert found.load_step == DEFAULT_LOAD_STEP[Unit.KG]
    assert queries.find_exercise_by_name(session=session, name="Spider") is None
    assert queries.find_exercise_by_name(session=session, name="   ") is None


def test_names_are_matched_beyond_ascii(session: Session) -> None:
    add(session, "Übungskurl")

    assert queries.find_exercise_by_name(session=session, name="übungskurl") is not None


def test_exercise_in_pounds_gets_the_pound_step(session: Session) -> None:
    exercise = add(session, "Cable kickback", unit=Unit.LB)

    assert (exercise.unit, exercise.load_step) == ("lb", DEFAULT_LOAD_STEP[Unit.LB])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hammer CURL", "already an exercise"),
        ("  Hammer curl  ", "already an exercise"),
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * (NAME_MAX + 1), f"{NAME_MAX} characters"),
    ],
)
def test_bad_exercise_names_are_refused(session: Session, name: str, message: str) -> None:
    add(session, "Hammer curl")

    with pytest.raises(ValueError, match=message):
        add(session, name)

    assert len(queries.list_exercises(session=session)) == 1


def test_a_name_of_exactly_the_limit_is_accepted(session: Session) -> None:
    assert len(add(session, "y" * NAME_MAX).name) == NAME_MAX


def test_a_zero_load_step_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="load step"):
        add(session, "Wrist curl", load_step=0)


def test_exercises_are_listed_by_limb_then_name(session: Session) -> None:
    add(session, "crunch", Limb.NONE)
    add(session, "Seated calf raise", Limb.LEG)
    add(session, "hammer curl")
    add(session, "Cable curl")
    add(session, "Lying leg curl", Limb.LEG)

    names = [e.name for e in queries.list_exercises(session=session)]

    assert names == ["Cable curl", "hammer curl", "Lying leg curl", "Seated calf raise", "crunch"]


def test_archived_exercises_are_hidden_unless_asked_for(session: Session) -> None:
    kept = add(session, "Cable curl")
    gone = add(session, "Zottman curl")
    assert gone.id is not None

    queries.update_exercise(session=session, exercise_id=gone.id, archived=True)

    assert queries.list_exercises(session=session) == [kept]
    assert len(queries.list_exercises(session=session, include_archived=True)) == 2


def test_an_exercise_can_be_renamed_and_corrected(session: Session) -> None:
    exercise = add(session, "Leg ext")
    assert exercise.id is not None

    queries.update_exercise(
        session=session, exercise_id=exercise.id, name="Leg extension", limb="leg",
        load_step=2.5, needs_review=False,
    )

    again = queries.get_exercise(session=session, exercise_id=exercise.id)
    assert (again.name, again.limb, again.load_step) == ("Leg extension", "leg", 2.5)
    queries.update_exercise(session=session, exercise_id=exercise.id, name="LEG EXTENSION")
    assert again.name == "LEG EXTENSION"


def test_renaming_onto_another_exercise_or_unknown_fields_are_refused(session: Session) -> None:
    add(session, "Cable curl")
    other = add(session, "Hammer curl")
    assert other.id is not None

    with pytest.raises(ValueError, match="already an exercise"):
        queries.update_exercise(session=session, exercise_id=other.id, name="cable curl")
    with pytest.raises(ValueError, match="created_at"):
        queries.update_exercise(session=session, exercise_id=other.id, created_at=NOW)

    assert other.name == "Hammer curl"


def test_a_missing_exercise_is_a_lookup_error(session: Session) -> None:
    with pytest.raises(LookupError):
        queries.get_exercise(session=session, exercise_id=404)


# --- one-rep maxes -----------------------------------------------------------------------


def test_current_one_rep_max_is_the_latest_by_date_then_entry(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    assert curl.id is not None
    assert queries.current_one_rep_max(
        session=session, lifter_id=lifter, exercise_id=curl.id
    ) is None

    def record(value: float, day: date, method: queries.OneRepMaxMethod = "tested") -> None:
        assert curl.id is not None
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl.id, value=value,
            unit=Unit.KG, recorded_on=day, method=method,
        )

    record(40.0, date(2026, 2, 1))
    record(30.0, date(2026, 1, 1))  # an old test typed in late
    record(42.0, date(2026, 2, 20), "estimated")
    record(44.0, date(2026, 2, 20))

    current = queries.current_one_rep_max(session=session, lifter_id=lifter, exercise_id=curl.id)
    history = one_rep_maxes(session, curl.id)

    assert current is not None and (current.value, current.method) == (44.0, "tested")
    assert [m.value for m in history] == [30.0, 40.0, 42.0, 44.0]


def test_bad_one_rep_maxes_are_refused(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    assert curl.id is not None
    common: dict[str, Any] = {
        "session": session, "lifter_id": lifter, "exercise_id": curl.id, "unit": Unit.KG,
        "recorded_on": date(2026, 2, 1),
    }

    with pytest.raises(ValueError, match="above zero"):
        queries.record_one_rep_max(value=0, method="tested", **common)
    with pytest.raises(ValueError, match="tested"):
        queries.record_one_rep_max(value=40, method="guessed", **common)  # type: ignore[arg-type]


# --- sessions and blocks -----------------------------------------------------------------


def test_a_block_round_trips_with_its_sets_and_flags(lifter: int, engine: Engine) -> None:
    protocol = custom_protocol(target_reps=[20, 12, 12], rest_s=45, name="Rehab")
    with session_scope(engine) as session:
        curl = add(session, "Dumbbell curl")
        visit = queries.start_session(session=session, lifter_id=lifter, started_at=NOW)
        assert visit.id is not None
        plan = plan_for(
            curl, side=Side.LEFT, protocol=protocol, load=7.5, one_rm=None, tightness=6,
            pulse_felt=False, pressure_mmhg=160.0, lop_percent=60.0, cuff_width_cm=5.0,
        )
        block = queries.add_block(session=session, visit=visit, plan=plan, cuff_on_at=NOW)
        assert block.id is not None
        block_id, visit_id, curl_id = block.id, visit.id, curl.id
        first = write_set(
            session=session, lifter_id=lifter, block_id=block_id, set_number=1, target_reps=20,
            reps=20, load=7.5, started_at=NOW, ended_at=NOW + timedelta(seconds=50),
            rest_before_s=None,
        )
        queries.flag_symptom(
            session=session, lifter_id=lifter, block_id=block_id, kind=SymptomKind.OTHER,
            raised_at=NOW + timedelta(seconds=55), set_id=first, note="cuff slipped",
        )

    with session_scope(engine) as session:
        stored = session.get(Block, block_id)
        assert stored is not None
        assert (stored.protocol_name, stored.protocol_reps, stored.rest_target_s) == (
            "Rehab", "20-12-12", 45,
        )
        assert (stored.side, stored.pressure_mmhg, stored.lop_percent) == ("left", 160.0, 60.0)
        assert (stored.session_id, stored.exercise_id, stored.cuff_on_at) == (
            visit_id, curl_id, NOW,
        )
        assert (stored.load, stored.unit, stored.one_rm, stored.tightness) == (7.5, "kg", None, 6)
        assert (stored.pulse_felt, stored.skin_normal, stored.cuff_width_cm) == (False, True, 5.0)
        assert queries.unfinished_block(session=session, lifter_id=lifter) == stored
        [logged] = queries.block_sets(session=session, block_id=block_id)
        assert (logged.reps, logged.rest_before_s) == (20, None)
        [flag] = queries.block_flags(session=session, block_id=block_id)
        assert (flag.kind, flag.set_id, flag.note) == ("other", logged.id, "cuff slipped")

        queries.end_block(
            session=session, block_id=block_id, cuff_off_at=NOW + timedelta(minutes=2),
            end_reason="cuff_off_early",
        )
        assert queries.unfinished_block(session=session, lifter_id=lifter) is None
        assert stored.end_reason == "cuff_off_early"


def test_the_same_set_number_cannot_be_logged_twice(lifter: int, engine: Engine) -> None:
    with session_scope(engine) as session:
        block = train(session, lifter, add(session, "Dumbbell curl"), NOW, reps=(30,))
        assert block.id is not None
        block_id = block.id

    with session_scope(engine) as session:
        [first] = queries.block_sets(session=session, block_id=block_id)
        # A retried write finds the set already there and leaves it as it was.
        again = write_set(
            session=session, lifter_id=lifter, block_id=block_id, set_number=1, target_reps=30,
            reps=28, load=10.0, started_at=NOW, ended_at=NOW, rest_before_s=None,
        )
        assert again == first.id
    # The schema itself refuses a second set 1, however it is written.
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(SetEntry(lifter_id=lifter, block_id=block_id, set_number=1, target_reps=30,
                             reps=28, load=10.0, started_at=NOW, ended_at=NOW))

    with session_scope(engine) as session:
        sets = queries.block_sets(session=session, block_id=block_id)
        assert [s.reps for s in sets] == [30]


def test_a_block_needs_a_reason_to_end(
    lifter: int, session: Session
) -> None:
    block = train(session, lifter, add(session, "Dumbbell curl"), NOW, minutes=None)
    assert block.id is not None

    with pytest.raises(ValueError, match="why"):
        queries.end_block(session=session, block_id=block.id, cuff_off_at=NOW, end_reason="")


def test_unfinished_block_is_the_latest_one_still_cuffed(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    train(session, lifter, curl, NOW - timedelta(days=2), minutes=None)
    train(session, lifter, curl, NOW - timedelta(days=1))
    running = train(session, lifter, curl, NOW, minutes=None)

    assert queries.unfinished_block(session=session, lifter_id=lifter) == running


def test_sets_and_flags_come_back_in_order(
    lifter: int, session: Session
) -> None:
    block = train(session, lifter, add(session, "Dumbbell curl"), NOW, reps=())
    assert block.id is not None
    for number, reps in ((3, 12), (1, 30), (2, 15)):
        write_set(
            session=session, lifter_id=lifter, block_id=block.id, set_number=number,
            target_reps=15, reps=reps,
            load=10.0, started_at=NOW, ended_at=NOW, rest_before_s=30.0,
        )
    for seconds, kind in ((90, SymptomKind.TINGLING), (30, SymptomKind.DIZZINESS)):
        queries.flag_symptom(
            session=session, lifter_id=lifter, block_id=block.id, kind=kind,
            raised_at=NOW + timedelta(seconds=seconds),
        )

    assert [s.reps for s in queries.block_sets(session=session, block_id=block.id)] == [
        30, 15, 12,
    ]
    assert [f.kind for f in queries.block_flags(session=session, block_id=block.id)] == [
        "dizziness", "tingling",
    ]


# --- history -----------------------------------------------------------------------------


def test_history_is_newest_first_with_reps_percent_cuff_time_and_flags(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    calf = add(session, "Standing calf raise", Limb.LEG)
    train(session, lifter, curl, NOW - timedelta(days=3), reps=(30, 15, 15, 16), load=10.0,
          one_rm=40.0)
    train(
        session, lifter, calf, NOW - timedelta(days=1), reps=(30, 12), load=20.0, one_rm=None,
        flags=(SymptomKind.DIZZINESS, SymptomKind.NUMBNESS), minutes=3.5, side=Side.RIGHT,
    )
    train(session, lifter, curl, NOW, reps=(30,), load=11.25, minutes=None)

    rows = queries.history_rows(session=session, lifter_id=lifter)

    assert [r.cuff_on_at for r in rows] == [
        NOW, NOW - timedelta(days=1), NOW - timedelta(days=3),
    ]
    running, flagged, full = rows
    assert (running.reps, running.occlusion_s, running.cuff_off_at) == ((30,), None, None)
    assert running.pct_1rm == pytest.approx(28.1, abs=0.05)
    assert (flagged.exercise_name, flagged.limb, flagged.side) == (
        "Standing calf raise", "leg", "right",
    )
    assert (flagged.reps, flagged.targets) == ((30, 12), (30, 15, 15, 15))
    assert (flagged.pct_1rm, flagged.occlusion_s) == (None, 210.0)
    assert flagged.flag_kinds == ("dizziness", "numbness")
    assert flagged.end_reason == "red_flag"
    assert (full.reps, full.load, full.unit, full.one_rm) == ((30, 15, 15, 16), 10.0, "kg", 40.0)
    assert (full.pct_1rm, full.occlusion_s, full.flag_kinds, full.tightness) == (
        25.0, 300.0, (), 7,
    )


def test_history_filters_by_exercise(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    calf = add(session, "Standing calf raise", Limb.LEG)
    train(session, lifter, curl, NOW - timedelta(days=2))
    train(session, lifter, calf, NOW - timedelta(days=1))
    train(session, lifter, curl, NOW)

    rows = queries.history_rows(session=session, lifter_id=lifter, exercise_id=curl.id)

    assert [r.exercise_name for r in rows] == ["Dumbbell curl", "Dumbbell curl"]
    assert queries.count_history(session=session, lifter_id=lifter, exercise_id=curl.id) == 2
    assert queries.count_history(session=session, lifter_id=lifter) == 3


def test_history_date_range_takes_in_both_whole_days(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    moments = [
        local(2026, 2, 28, 23, 59, 59),  # the day before: out
        local(2026, 3, 1, 0, 0, 0),  # first moment of ``since``: in
        local(2026, 3, 2, 23, 59, 59),  # last second of ``until``: in
        local(2026, 3, 3, 0, 0, 0),  # the day after: out
    ]
    for moment in moments:
        train(session, lifter, curl, moment)

    since, until = date(2026, 3, 1), date(2026, 3, 2)
    rows = queries.history_rows(session=session, lifter_id=lifter, since=since, until=until)

    assert [r.cuff_on_at for r in rows] == [moments[2], moments[1]]
    assert queries.count_history(session=session, lifter_id=lifter, since=since, until=until) == 2
    assert len(queries.history_rows(session=session, lifter_id=lifter, until=until)) == 3
    assert len(queries.history_rows(session=session, lifter_id=lifter, since=until)) == 2


def test_history_pages_with_limit_and_offset(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    days = [NOW - timedelta(days=n) for n in range(5)]
    for day in days:
        train(session, lifter, curl, day, reps=(30, 15 + days.index(day)))

    page = queries.history_rows(session=session, lifter_id=lifter, limit=2, offset=2)

    assert [r.cuff_on_at for r in page] == days[2:4]
    assert [r.reps for r in page] == [(30, 17), (30, 18)]
    last_page = queries.history_rows(session=session, lifter_id=lifter, limit=2, offset=4)
    assert last_page[0].cuff_on_at == days[4]


def test_history_takes_three_queries_however_long_the_log(
    lifter: int, engine: Engine, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    for n in range(30):
        train(session, lifter, curl, NOW - timedelta(days=n), flags=(SymptomKind.OTHER,))

    with counting_queries(engine) as statements:
        rows = queries.history_rows(session=session, lifter_id=lifter)

    assert len(rows) == 30
    assert len(statements) <= 3


# --- exercise overview -------------------------------------------------------------------


def test_overview_shows_the_current_one_rep_max_and_the_last_block(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    untouched = add(session, "Hammer curl")
    assert curl.id is not None
    queries.record_one_rep_max(
        session=session, lifter_id=lifter, exercise_id=curl.id, value=42.5, unit=Unit.KG,
        recorded_on=date(2026, 2, 1), method="estimated",
    )
    train(session, lifter, curl, NOW - timedelta(days=4), load=10.0, tightness=6)
    train(
        session, lifter, curl, NOW - timedelta(days=1), reps=(30, 15, 9), load=11.25,
        tightness=8,
        flags=(SymptomKind.TINGLING,), minutes=3,
    )

    overview = queries.exercise_overview(session=session, lifter_id=lifter)
    by_name = {o.exercise.name: o for o in overview}

    last = by_name["Dumbbell curl"]
    assert (last.one_rm, last.one_rm_unit, last.one_rm_method) == (42.5, "kg", "estimated")
    assert (last.last_cuff_on_at, last.last_load, last.last_unit) == (
        NOW - timedelta(days=1), 11.25, "kg",
    )
    assert (last.last_reps, last.last_targets) == ((30, 15, 9), (30, 15, 15, 15))
    assert (last.last_finished, last.last_end_reason) == (True, "red_flag")
    assert (last.last_red_flag, last.last_tightness) == (True, 8)
    fresh = by_name["Hammer curl"]
    assert (fresh.exercise.id, fresh.exercise.name, fresh.exercise.muscle_group) == (
        untouched.id, untouched.name, untouched.muscle_group,
    )
    assert (fresh.one_rm, fresh.last_block_id, fresh.last_reps, fresh.last_red_flag) == (
        None, None, (), False,
    )


def test_overview_red_flag_is_only_for_red_flag_kinds(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    train(session, lifter, curl, NOW, flags=(SymptomKind.DIZZINESS, SymptomKind.OTHER))

    [overview] = queries.exercise_overview(session=session, lifter_id=lifter)

    assert not overview.last_red_flag


def test_overview_hides_archived_exercises_and_keeps_list_order(
    lifter: int, session: Session
) -> None:
    seed_exercises(session=session, now=NOW)
    plank = queries.find_exercise_by_name(session=session, name="Plank")
    assert plank is not None and plank.id is not None
    queries.update_exercise(session=session, exercise_id=plank.id, archived=True)

    names = [o.exercise.name for o in queries.exercise_overview(session=session, lifter_id=lifter)]

    assert names == [e.name for e in queries.list_exercises(session=session)]
    assert "Plank" not in names


def test_overview_takes_the_same_few_queries_for_any_library_size(
    lifter: int, engine: Engine, session: Session
) -> None:
    seed_exercises(session=session, now=NOW)
    exercises = queries.list_exercises(session=session)
    train(session, lifter, exercises[0], NOW)

    with counting_queries(engine) as small:
        queries.exercise_overview(session=session, lifter_id=lifter)
    for n, exercise in enumerate(exercises):
        assert exercise.id is not None
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=exercise.id, value=50.0,
            unit=Unit.KG,
            recorded_on=date(2026, 1, 1), method="tested",
        )
        train(session, lifter, exercise, NOW - timedelta(days=n + 1), flags=(SymptomKind.PAIN,))
    with counting_queries(engine) as large:
        overview = queries.exercise_overview(session=session, lifter_id=lifter)

    assert len(exercises) == len(EXERCISE_LIBRARY)
    assert all(o.one_rm == 50.0 and o.last_block_id for o in overview)
    assert len(large) == len(small) <= 5


# --- progress, calendar, safety look-ups -------------------------------------------------


def test_progress_points_are_in_date_order_with_total_reps(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    other = add(session, "Cable curl")
    train(session, lifter, curl, NOW, reps=(30, 15, 15, 16), load=11.25)
    train(session, lifter, curl, NOW - timedelta(days=7), reps=(30, 15, 12), load=10.0)
    train(session, lifter, other, NOW - timedelta(days=3))
    train(session, lifter, curl, NOW - timedelta(days=3, hours=1), reps=(), load=10.0, minutes=0.5)
    assert curl.id is not None

    points = queries.progress_points(session=session, lifter_id=lifter, exercise_id=curl.id)

    assert [(p.day, p.load, p.total_reps) for p in points] == [
        (date(2026, 2, 23), 10.0, 57),
        (date(2026, 2, 27), 10.0, 0),
        (date(2026, 3, 2), 11.25, 76),
    ]


@pytest.mark.parametrize("max_points", [None, 1])
@pytest.mark.parametrize(
    ("exercise_unit", "loads"),
    [
        # 22 lb is 9.979 kg; 10 kg is 22.046 lb.
        (Unit.KG, [10.0, 22 * KG_PER_LB]),
        (Unit.LB, [10 / KG_PER_LB, 22.0]),
    ],
)
def test_progress_points_are_all_in_the_exercises_unit(
    lifter: int, session: Session, exercise_unit: Unit, loads: list[float], max_points: int | None
) -> None:
    """A block in kg and one in lb are never averaged or drawn as if one unit."""
    curl = add(session, "Dumbbell curl", unit=exercise_unit)
    train(session, lifter, curl, NOW - timedelta(days=7), load=10.0, unit=Unit.KG)
    train(session, lifter, curl, NOW, load=22.0, unit=Unit.LB)
    assert curl.id is not None

    points = queries.progress_points(session=session, lifter_id=lifter, exercise_id=curl.id,
                                     max_points=max_points)

    assert {p.unit for p in points} == {exercise_unit.value}
    if max_points is None:
        assert [p.load for p in points] == pytest.approx(loads)
    else:
        [point] = points
        assert point.load == pytest.approx(sum(loads) / 2)


def test_session_days_counts_blocks_per_day_inclusive(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    calf = add(session, "Seated calf raise", Limb.LEG)
    train(session, lifter, curl, local(2026, 3, 1, 9, 0))
    train(session, lifter, calf, local(2026, 3, 1, 9, 10))
    train(session, lifter, curl, local(2026, 3, 2, 23, 59))
    train(session, lifter, curl, local(2026, 3, 3, 0, 0))

    days = queries.session_days(
        session=session, lifter_id=lifter, since=date(2026, 3, 1), until=date(2026, 3, 2)
    )

    assert days == {date(2026, 3, 1): 2, date(2026, 3, 2): 1}


def test_last_block_for_limb_finds_the_same_limb_and_side(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    calf = add(session, "Seated calf raise", Limb.LEG)
    left_arm = train(session, lifter, curl, NOW - timedelta(hours=30), side=Side.LEFT)
    right_arm = train(session, lifter, curl, NOW - timedelta(hours=20), side=Side.RIGHT)
    both_legs = train(session, lifter, calf, NOW - timedelta(hours=10))

    def last(limb: Limb, side: Side | None = None) -> Block | None:
        return queries.last_block_for_limb(session=session, lifter_id=lifter, limb=limb, side=side)

    assert last(Limb.ARM) == right_arm
    assert last(Limb.ARM, Side.LEFT) == left_arm
    assert last(Limb.ARM, Side.BOTH) == right_arm
    assert last(Limb.LEG, Side.LEFT) == both_legs
    assert last(Limb.NONE) is None


def test_a_cuff_off_logged_before_its_cuff_on_counts_as_no_cuff_time(
    lifter: int, session: Session
) -> None:
    # A clock set back between cuff-on and cuff-off must not take minutes off the
    # session's total (the 20 min warning, R6) nor show a negative cuff time.
    curl = add(session, "Dumbbell curl")
    visit = queries.start_session(session=session, lifter_id=lifter, started_at=NOW)
    assert visit.id is not None
    train(session, lifter, curl, NOW, minutes=12, visit=visit)
    train(session, lifter, curl, NOW + timedelta(minutes=20), minutes=-30, visit=visit)

    total = queries.session_occlusion_seconds(session=session, training_session_id=visit.id)
    rows = queries.history_rows(session=session, lifter_id=lifter)
    shown = sorted(row.occlusion_s or 0.0 for row in rows)

    assert total == 12 * 60
    assert shown == [0.0, 12 * 60]


def test_session_cuff_time_adds_up_its_finished_blocks(
    lifter: int, session: Session
) -> None:
    curl = add(session, "Dumbbell curl")
    calf = add(session, "Seated calf raise", Limb.LEG)
    visit = queries.start_session(session=session, lifter_id=lifter, started_at=NOW)
    assert visit.id is not None
    train(session, lifter, curl, NOW, minutes=6.5, visit=visit)
    train(session, lifter, calf, NOW + timedelta(minutes=10), minutes=8, visit=visit)
    train(session, lifter, curl, NOW + timedelta(minutes=20), minutes=None, visit=visit)
    train(session, lifter, curl, NOW - timedelta(days=1), minutes=9)

    total = queries.session_occlusion_seconds(session=session, training_session_id=visit.id)

    assert total == 6.5 * 60 + 8 * 60
