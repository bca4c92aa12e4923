"""The starter exercise library and seeding it into a log."""

from __future__ import annotations

from sqlmodel import Session

from bfr_tui.domain.limbs import Limb, bfr_eligibility
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, Unit
from bfr_tui.store import queries
from bfr_tui.store.names import NAME_MAX
from bfr_tui.store.seed import EXERCISE_LIBRARY, seed_exercises
from tests.local_time import local

NOW = local(2026, 3, 2, 18, 30)
# A suitability note is a short hint shown beside the exercise, not an article.
NOTE_MAX = 500


def test_library_has_bfr_exercises_for_arms_and_legs() -> None:
    eligible = [
        e for e in EXERCISE_LIBRARY if bfr_eligibility(limb=e.limb, compound=e.compound).allowed
    ]
    assert len(EXERCISE_LIBRARY) >= 14
    assert {Limb.ARM, Limb.LEG} <= {e.limb for e in eligible}
    names = {e.name for e in eligible}
    assert {"Dumbbell curl", "Triceps pushdown", "Standing calf raise", "Lying leg curl"} <= names


def test_compound_and_non_limb_exercises_are_refused_bfr() -> None:
    refused = {
        e.name: bfr_eligibility(limb=e.limb, compound=e.compound)
        for e in EXERCISE_LIBRARY
        if e.compound or e.limb is Limb.NONE
    }
    assert {"Back squat", "Bench press", "Deadlift"} <= refused.keys()
    assert any(e.limb is Limb.NONE for e in EXERCISE_LIBRARY)
    assert all(not verdict.allowed and verdict.reason for verdict in refused.values())


def test_every_entry_has_a_fitting_note_and_a_unique_name() -> None:
    names = [e.name.casefold() for e in EXERCISE_LIBRARY]
    assert len(names) == len(set(names))
    for entry in EXERCISE_LIBRARY:
        assert entry.suitability_note.strip(), entry.name
        assert len(entry.suitability_note) <= NOTE_MAX
        assert len(entry.name) <= NAME_MAX


def test_quad_note_says_where_the_cuff_goes() -> None:
    extension = next(e for e in EXERCISE_LIBRARY if e.name == "Leg extension")
    assert "hip crease" in extension.suitability_note


def test_seed_fills_an_empty_log(session: Session) -> None:
    added = seed_exercises(session=session, now=NOW)

    stored = queries.list_exercises(session=session)
    assert added == len(EXERCISE_LIBRARY) == len(stored)
    curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
    assert curl is not None
    assert curl.limb == "arm" and not curl.compound
    assert curl.suitability_note
    assert curl.load_step == DEFAULT_LOAD_STEP[Unit.KG]
    assert curl.created_at == NOW


def test_seed_in_pounds_uses_the_pound_step(session: Session) -> None:
    seed_exercises(session=session, unit=Unit.LB, now=NOW)

    calf = queries.find_exercise_by_name(session=session, name="Seated calf raise")
    assert calf is not None
    assert (calf.unit, calf.load_step) == ("lb", DEFAULT_LOAD_STEP[Unit.LB])


def test_seed_twice_adds_nothing_the_second_time(session: Session) -> None:
    seed_exercises(session=session, now=NOW)

    assert seed_exercises(session=session, now=NOW) == 0
    assert len(queries.list_exercises(session=session)) == len(EXERCISE_LIBRARY)


def test_seed_keeps_the_lifters_own_version_of_a_name(session: Session) -> None:
    mine = queries.add_exercise(
        session=session,
        name="DUMBBELL CURL",
        limb=Limb.ARM,
        muscle_group="biceps",
        compound=False,
        suitability_note="my own note",
        load_step=2.0,
        unit=Unit.KG,
        now=NOW,
    )

    added = seed_exercises(session=session, now=NOW)

    assert added == len(EXERCISE_LIBRARY) - 1
    found = queries.find_exercise_by_name(session=session, name="dumbbell curl")
    assert found is not None
    assert (found.id, found.suitability_note) == (mine.id, "my own note")
