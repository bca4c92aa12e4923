"""Names from Strong, Hevy and FitNotes matched to the library, and new names' limbs."""

from __future__ import annotations

import pytest

from bfr_tui.domain.exercise_names import (
    DEFAULT_EQUIPMENT,
    NameMatcher,
    guess_exercise,
    is_assisted,
    match_exercise,
    name_words,
    read_name,
    same_name_key,
)
from bfr_tui.domain.limbs import Limb, bfr_eligibility
from bfr_tui.store.seed import EXERCISE_LIBRARY

LIBRARY = [entry.name for entry in EXERCISE_LIBRARY]


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # Case, spacing and punctuation.
        ("dumbbell curl", "Dumbbell curl"),
        ("  DUMBBELL   Curl ", "Dumbbell curl"),
        ("Dumbbell-Curl", "Dumbbell curl"),
        # Equipment in brackets, muscle words and plurals.
        ("Bicep Curl (Dumbbell)", "Dumbbell curl"),
        ("Dumbbell Bicep Curls", "Dumbbell curl"),
        ("DB Curl", "Dumbbell curl"),
        ("Biceps Curl (Barbell)", "Barbell curl"),
        ("Bicep Curl (Cable)", "Cable curl"),
        ("Preacher Curl (Dumbbell)", "Dumbbell preacher curl"),
        # The library exercise's usual equipment.
        ("Hammer Curl (Dumbbell)", "Hammer curl"),
        ("Hammer Curls", "Hammer curl"),
        ("Triceps Pushdown (Cable - Straight Bar)", "Triceps pushdown"),
        ("Rope Push Down", "Triceps pushdown"),
        ("Tricep Pressdown", "Triceps pushdown"),
        ("Overhead Triceps Extension (Cable)", "Overhead triceps extension"),
        ("Leg Extension (Machine)", "Leg extension"),
        ("Leg Extensions", "Leg extension"),
        ("Lying Leg Curl (Machine)", "Lying leg curl"),
        ("Leg Curl (Lying)", "Lying leg curl"),
        ("Seated Leg Curl (Machine)", "Seated leg curl"),
        ("Standing Calf Raise (Machine)", "Standing calf raise"),
        ("Seated Calf Raise (Plate Loaded)", "Seated calf raise"),
        ("Calf Raise (Standing)", "Standing calf raise"),
        # Synonyms for the big lifts.
        ("Squat (Barbell)", "Back squat"),
        ("Barbell Squat", "Back squat"),
        ("Bench Press (Barbell)", "Bench press"),
        ("Flat Barbell Bench Press", "Bench press"),
        ("Deadlift (Barbell)", "Deadlift"),
        ("Plank", "Plank"),
    ],
)
def test_names_from_other_apps_find_the_library_exercise(found: str, expected: str) -> None:
    match = match_exercise(found, LIBRARY)
    assert match is not None, found
    assert match.name == expected


@pytest.mark.parametrize(
    "found",
    [
        # Other equipment is another exercise, with another 1RM.
        "Bench Press (Dumbbell)",
        "Hammer Curl (Cable)",
        "Bicep Curl (Machine)",
        "EZ Bar Curl",
        "Squat (Dumbbell)",
        "Triceps Extension (Dumbbell)",
        # Other movements.
        "Front Squat (Barbell)",
        "Romanian Deadlift (Barbell)",
        "Incline Bench Press (Barbell)",
        "Lateral Raise (Dumbbell)",
        # Too vague to pick one of three curls.
        "Curl",
        "",
        "💪",
    ],
)
def test_a_different_or_vague_name_is_left_unmatched(found: str) -> None:
    assert match_exercise(found, LIBRARY) is None


def test_the_lifters_own_exact_name_wins_over_a_synonym() -> None:
    matcher = NameMatcher([*LIBRARY, "Squat"])
    assert matcher.match("squat").name == "Squat"  # type: ignore[union-attr]
    # "Squat" says no equipment; the library's back squat is a barbell lift: a closer fit.
    assert matcher.match("Squat (Barbell)").name == "Back squat"  # type: ignore[union-attr]


def test_the_lifters_own_exercise_without_equipment_takes_any() -> None:
    match = match_exercise("Preacher Curl (Machine)", ["Preacher curl"])
    assert match is not None and match.name == "Preacher curl"


def test_spelled_out_equipment_beats_the_usual_one() -> None:
    match = match_exercise("Leg Extension (Machine)", [*LIBRARY, "Machine leg extension"])
    assert match is not None and match.name == "Machine leg extension"


def test_names_are_read_as_movement_and_equipment() -> None:
    read = read_name("Triceps Rope Pushdowns")
    assert read.movement == ("pushdown",)
    assert read.equipment == frozenset({"cable"})
    assert name_words("Überzüge (Kabel)") == ("überzüge", "kabel")
    assert same_name_key("  Leg   EXTENSION ") == "leg extension"


def test_every_usual_equipment_entry_names_a_library_exercise() -> None:
    assert set(DEFAULT_EQUIPMENT) <= {same_name_key(name) for name in LIBRARY}


@pytest.mark.parametrize(
    ("name", "limb", "compound", "group"),
    [
        ("Cable Kickback Curl", Limb.ARM, False, "biceps"),
        ("Triceps Kickback (Dumbbell)", Limb.ARM, False, "triceps"),
        ("Skull Crusher (EZ Bar)", Limb.ARM, False, "triceps"),
        ("Wrist Curl (Barbell)", Limb.ARM, False, "biceps"),
        ("Nordic Hamstring Curl", Limb.LEG, False, "hamstrings"),
        ("Leg Curl (Machine)", Limb.LEG, False, "hamstrings"),
        ("Single Leg Extension", Limb.LEG, False, "quadriceps"),
        ("Calf Press on Leg Press", Limb.LEG, False, "calves"),
        ("Leg Press", Limb.LEG, True, ""),
        ("Bulgarian Split Squat", Limb.LEG, True, ""),
        ("Romanian Deadlift (Barbell)", Limb.LEG, True, ""),
        ("Bench Press (Dumbbell)", Limb.NONE, True, ""),
        ("Lat Pulldown (Cable)", Limb.NONE, True, ""),
        ("Lateral Raise (Dumbbell)", Limb.NONE, False, ""),
        ("Cable Crossover 💪", Limb.NONE, False, ""),
        ("Running", Limb.NONE, False, ""),
    ],
)
def test_a_new_exercise_limb_is_guessed_from_its_name(
    name: str, limb: Limb, compound: bool, group: str
) -> None:
    guess = guess_exercise(name)
    assert (guess.limb, guess.compound, guess.muscle_group) == (limb, compound, group)


@pytest.mark.parametrize("name", ["Lateral Raise", "Leg Press", "Bench Press (Dumbbell)", "?"])
def test_bfr_stays_refused_when_the_name_does_not_make_it_safe(name: str) -> None:
    guess = guess_exercise(name)
    assert not bfr_eligibility(limb=guess.limb, compound=guess.compound).allowed


# --- names seen in real exports ----------------------------------------------------------

CORE, BACK = "core", "back"


@pytest.mark.parametrize(
    ("name", "limb", "compound", "group"),
    [
        # The shin muscles are below a thigh cuff: leg work, not a biceps curl.
        ("Shin Curl", Limb.LEG, False, "shins"),
        ("Tibialis Raise (Machine)", Limb.LEG, False, "shins"),
        # Leg and knee raises move the trunk and hips: no limb, so no cuff.
        ("Hanging Leg Raise", Limb.NONE, False, CORE),
        ("Lying Leg Raises", Limb.NONE, False, CORE),
        ("Knee Raise (Captain's Chair)", Limb.NONE, False, CORE),
        ("Hanging Knee Raises", Limb.NONE, False, CORE),
        # Skull crushers in any spelling are triceps work.
        ("Skull Crushers", Limb.ARM, False, "triceps"),
        ("Skullcrushers (EZ Bar)", Limb.ARM, False, "triceps"),
        ("Lying Skull-Crusher (Dumbbell)", Limb.ARM, False, "triceps"),
        # Straight-arm pulldowns and pushdowns work the lats: back work, one joint.
        ("Straight Arm Pulldown (Cable)", Limb.NONE, False, BACK),
        ("Straight-Arm Pushdown", Limb.NONE, False, BACK),
        ("Straight Arm Lat Pulldown (Rope)", Limb.NONE, False, BACK),
        # Hammer Strength is a machine brand, not a hammer curl.
        ("Hammer Strength Chest Press", Limb.NONE, True, ""),
        ("Hammer Strength Iso-Lateral Row", Limb.NONE, True, ""),
        ("Hammer Strength Preacher Curl", Limb.ARM, False, "biceps"),
    ],
)
def test_names_from_real_exports_get_the_right_limb(
    name: str, limb: Limb, compound: bool, group: str
) -> None:
    guess = guess_exercise(name)
    assert (guess.limb, guess.compound, guess.muscle_group) == (limb, compound, group)


@pytest.mark.parametrize(
    "name",
    [
        "Chin Up",
        "Chin-ups",
        "chinups",
        "Chin-Up (Weighted)",
        "Pull Up (Weighted)",
        "Pull-Ups",
        "pull ups",
        "pullups",
        "Wide Grip Pull-Up",
    ],
)
def test_chin_ups_and_pull_ups_in_any_spelling_are_compound(name: str) -> None:
    guess = guess_exercise(name)
    assert (guess.limb, guess.compound) == (Limb.NONE, True)
    assert not bfr_eligibility(limb=guess.limb, compound=guess.compound).allowed


@pytest.mark.parametrize(
    "name",
    [
        # The hip abductors and adductors sit above a thigh cuff: no BFR for them.
        "Hip Abduction (Machine)",
        "Hip Adduction (Machine)",
        "Hip Adductor",
        "Hip Abductors (Cable)",
        "Thigh Adductor",
        "Inner Thigh (Machine)",
        "Outer Thigh Machine",
        "Seated Hip Abduction",
    ],
)
def test_hip_abduction_and_adduction_get_no_cuff(name: str) -> None:
    guess = guess_exercise(name)
    assert guess.limb is Limb.NONE
    assert guess.muscle_group in {"hip abductors", "hip adductors"}
    assert not bfr_eligibility(limb=guess.limb, compound=guess.compound).allowed


@pytest.mark.parametrize(
    "found",
    [
        # Equipment keeps exercises apart: a cable or machine crunch has its own 1RM.
        "Cable Crunch",
        "Crunch (Machine)",
        "Kneeling Cable Crunch",
        "Weighted Plank (Barbell)",
        # A Hammer Strength machine is not the dumbbell hammer curl.
        "Hammer Strength Chest Press",
        "Hammer Strength Curl",
    ],
)
def test_other_equipment_or_a_brand_is_not_the_library_exercise(found: str) -> None:
    assert match_exercise(found, LIBRARY) is None


@pytest.mark.parametrize(
    ("found", "expected"),
    [("crunches", "Crunch"), ("Crunch (Bodyweight)", "Crunch"), ("Plank", "Plank")],
)
def test_body_weight_names_still_find_the_library_exercise(found: str, expected: str) -> None:
    match = match_exercise(found, LIBRARY)
    assert match is not None and match.name == expected


@pytest.mark.parametrize(
    ("name", "assisted"),
    [
        ("Pull Up (Assisted)", True),
        ("Assisted Dip (Machine)", True),
        ("Chin-Up (Assisted)", True),
        ("Band Assisted Pull-Ups", True),
        ("Gravitron", True),
        ("Pull Up (Weighted)", False),
        ("Dip", False),
    ],
)
def test_assisted_movements_are_told_by_their_name(name: str, assisted: bool) -> None:
    assert is_assisted(name) is assisted
