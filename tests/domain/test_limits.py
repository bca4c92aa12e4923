"""Ranges, units and messages for every typed value (issue #4 item 7)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from bfr_tui.domain import block_run, cuff, estimate, protocol
from bfr_tui.domain.limits import (
    CUFF_WIDTH_CM,
    EARLIEST_DAY,
    ESTIMATE_REPS,
    EXERCISE_NAME,
    LOAD,
    LOAD_STEP,
    LOP_PERCENT,
    MUSCLE_GROUP,
    NOTE,
    ONE_RM,
    PRESSURE_MMHG,
    PROTOCOL_SETS,
    REPS_IN_SET,
    REST_S,
    TARGET_REPS,
    TIGHTNESS,
    NumberRange,
    check_day,
    check_number,
    check_text,
    step_in_unit,
)
from bfr_tui.domain.units import Unit, parse_number

KG, LB = Unit.KG, Unit.LB
TODAY = date(2026, 3, 2)


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("12.5", LOAD[KG], 12.5),
        ("12,5", LOAD[KG], 12.5),  # a decimal comma, as many lifters write it
        (" 20 ", LOAD[LB], 20.0),
        (".5", LOAD[KG], 0.5),
        ("12.", LOAD[KG], 12.0),
        ("12.50", LOAD[KG], 12.5),  # trailing zeros are not extra decimals
        ("1000", ONE_RM[KG], 1000.0),
        ("2200", ONE_RM[LB], 2200.0),
        ("7", TIGHTNESS, 7),
        ("+7", TIGHTNESS, 7),
        ("0", REPS_IN_SET, 0),
        ("90", REST_S, 90),
        ("0.25", LOAD_STEP[KG], 0.25),
        ("180.5", PRESSURE_MMHG, 180.5),
        ("11,5", CUFF_WIDTH_CM, 11.5),
    ],
)
def test_values_in_range_are_read(text: str, field: NumberRange, value: float) -> None:
    checked = check_number(text, field)
    assert checked.ok and checked.message == ""
    assert checked.value == value
    assert isinstance(checked.value, int) is field.whole


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("11", TIGHTNESS, "The tightness must be 1-10, not 11. Aim for about 7."),
        ("0", TIGHTNESS, "The tightness must be 1-10, not 0. Aim for about 7."),
        ("5", REST_S, "The rest must be 15-90 s, not 5 s. About 30-60 s keeps the cuff "
                      "time short."),
        ("12", ESTIMATE_REPS, "The reps must be 1-10, not 12. Estimates past 10 reps are too "
                              "rough to set a load by."),
        ("0", LOAD[KG], "The load must be above 0 and up to 1000 kg, not 0 kg."),
        ("-5", LOAD[KG], "The load must be above 0 and up to 1000 kg, not -5 kg."),
        ("2201", ONE_RM[LB], "The 1RM must be above 0 and up to 2200 lb, not 2201 lb."),
        ("301", PRESSURE_MMHG, "The cuff pressure must be 1-300 mmHg, not 301 mmHg."),
        ("101", LOP_PERCENT, "The % of limb occlusion pressure must be 1-100 %, not 101 %."),
        ("9", PROTOCOL_SETS, "The number of sets must be 1-8, not 9."),
        ("51", TARGET_REPS, "The target reps must be 1-50, not 51."),
        ("101", REPS_IN_SET, "The reps must be 0-100, not 101."),
    ],
)
def test_values_out_of_range_say_the_range_and_unit(
    text: str, field: NumberRange, message: str
) -> None:
    checked = check_number(text, field)
    assert checked.value is None
    assert checked.message.startswith(message)


def test_the_load_step_message_says_what_a_step_is() -> None:
    message = check_number("0", LOAD_STEP[LB]).message
    assert message.startswith("The load step must be 0.25-20 lb, not 0 lb.")
    assert "smallest jump" in message


@pytest.mark.parametrize("text", ["abc", "1e3", "inf", "nan", "1_000", "12.5.1", "--5", "٣", "½"])
def test_text_that_is_not_a_number_is_named_as_such(text: str) -> None:
    checked = check_number(text, LOAD[KG])
    assert checked.value is None
    assert checked.message == (
        f"The load must be a number above 0 and up to 1000 kg, not “{text}”."
    )
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["7.5", "7.0", "seven"])
def test_whole_number_fields_refuse_fractions(text: str) -> None:
    assert check_number(text, TIGHTNESS).message == (
        f"The tightness must be a whole number 1-10, not “{text}”."
    )


def test_loads_take_at_most_two_decimals() -> None:
    assert check_number("12.345", LOAD[KG]).message == (
        "Give the load to at most 2 decimal places, not 12.345."
    )
    assert check_number("180.25", PRESSURE_MMHG).message.startswith(
        "Give the cuff pressure to at most 1 decimal"
    )


def test_a_huge_number_is_out_of_range_not_a_crash() -> None:
    checked = check_number("9" * 400, LOAD[KG])
    assert checked.value is None
    assert "up to 1000 kg" in checked.message


def test_blank_is_asked_for_when_required_and_fine_when_optional() -> None:
    assert check_number("  ", LOAD[KG]).message == "Enter the load: above 0 and up to 1000 kg."
    assert check_number("", TIGHTNESS).message == "Enter the tightness: 1-10."
    optional = check_number("", PRESSURE_MMHG, required=False)
    assert optional.ok and optional.value is None


@pytest.mark.parametrize(
    ("field", "described"),
    [
        (TIGHTNESS, "1-10"),
        (REST_S, "15-90 s"),
        (LOAD[KG], "above 0 and up to 1000 kg"),
        (ONE_RM[LB], "above 0 and up to 2200 lb"),
        (LOAD_STEP[KG], "0.25-20 kg"),
        (CUFF_WIDTH_CM, "2-30 cm"),
        (PRESSURE_MMHG, "1-300 mmHg"),
        (LOP_PERCENT, "1-100 %"),
        (ESTIMATE_REPS, "1-10"),
    ],
)
def test_each_range_describes_itself_with_its_unit(field: NumberRange, described: str) -> None:
    assert field.describe() == described


def test_the_rules_use_the_same_ranges_the_screens_check() -> None:
    # Each range is stated once, in domain.limits; the rules' constants are read from it.
    in_rules = {
        "tightness": (cuff.MIN_TIGHTNESS, cuff.MAX_TIGHTNESS),
        "sets": (protocol.MIN_SETS, protocol.MAX_SETS),
        "target reps": (protocol.MIN_TARGET_REPS, protocol.MAX_TARGET_REPS),
        "rest": (protocol.MIN_REST_S, protocol.MAX_REST_S),
        "estimate reps": (1, estimate.MAX_REPS_FOR_ESTIMATE),
        "reps in a set": (0, block_run.MAX_REPS_PER_SET),
    }
    in_limits = {
        "tightness": (TIGHTNESS.low, TIGHTNESS.high),
        "sets": (PROTOCOL_SETS.low, PROTOCOL_SETS.high),
        "target reps": (TARGET_REPS.low, TARGET_REPS.high),
        "rest": (REST_S.low, REST_S.high),
        "estimate reps": (ESTIMATE_REPS.low, ESTIMATE_REPS.high),
        "reps in a set": (REPS_IN_SET.low, REPS_IN_SET.high),
    }
    assert in_rules == in_limits
    assert REST_S.contains(protocol.CLASSIC.rest_s)


def test_the_kg_and_lb_load_limits_are_the_same_weight() -> None:
    kg_in_lb = ONE_RM[KG].high / 0.45359237
    assert abs(ONE_RM[LB].high - kg_in_lb) / kg_in_lb < 0.01


# --- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Waden [1] ü",
        "Bizeps-Curl 💪",
        "👩‍👩‍👧 family curl",  # a ZWJ emoji sequence
        "ベンチ",
        "تمرين",
        '=HYPERLINK("x")',
        "-5",
        "+1",
        "@curl",
        'Curl, "rope", 1\'s',
        "[b]bold[/b]",
    ],
)
def test_any_unicode_name_is_accepted_as_typed(name: str) -> None:
    checked = check_text(name, EXERCISE_NAME)
    assert checked.ok
    assert checked.value == name


def test_runs_of_spaces_collapse_and_ends_are_trimmed() -> None:
    assert check_text("  Cable \t  curl  ", EXERCISE_NAME).value == "Cable curl"


def test_a_blank_name_is_refused_and_a_blank_note_is_fine() -> None:
    assert check_text("   ", EXERCISE_NAME).message == "Give the exercise a name."
    assert check_text("", NOTE).ok
    assert check_text("", MUSCLE_GROUP).ok


def test_a_name_is_limited_to_the_database_column(tmp_path: Path) -> None:
    from bfr_tui.store.engine import open_database
    from bfr_tui.store.models import NAME_MAX

    open_database(tmp_path / "log.db").dispose()
    with closing(sqlite3.connect(tmp_path / "log.db")) as log:
        types = {row[1]: row[2] for row in log.execute("PRAGMA table_info(exercise)")}
    assert types["name"] == f"VARCHAR({EXERCISE_NAME.max_chars})"
    assert NAME_MAX == EXERCISE_NAME.max_chars == 80
    assert check_text("é" * 80, EXERCISE_NAME).ok
    assert check_text("é" * 81, EXERCISE_NAME).message == (
        "Keep the name to 80 characters (this one has 81)."
    )


def test_a_note_is_limited_to_500_characters() -> None:
    assert NOTE.max_chars == 500
    assert check_text("n" * 500, NOTE).ok
    assert check_text("n" * 501, NOTE).message == (
        "Keep the note to 500 characters (this one has 501)."
    )
    assert check_text("m" * 81, MUSCLE_GROUP).message.startswith("Keep the muscle group to 80")


@pytest.mark.parametrize("bad", ["\x1b[31m", "\x00", "\x7f", "\x9b", "\ud800"])
def test_control_characters_are_refused(bad: str) -> None:
    checked = check_text(f"Curl{bad}", EXERCISE_NAME)
    assert not checked.ok
    assert "control character" in checked.message
    assert f"U+{ord(bad[0]):04X}" in checked.message


# --- dates ------------------------------------------------------------------------------


def test_a_date_is_read_up_to_the_latest_day() -> None:
    assert check_day("2026-03-02", latest=TODAY).value == TODAY
    assert check_day(" 1900-01-01 ").value == EARLIEST_DAY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the date as YYYY-MM-DD, e.g. 2026-03-02."),
        ("2026-3-2", "Write the date as YYYY-MM-DD, e.g. 2026-03-02."),
        ("02.03.2026", "Write the date as YYYY-MM-DD, e.g. 2026-03-02."),
        ("2026-02-30", "No such date: 2026-02-30."),
        ("1899-12-31", "Give a date from 1900-01-01 on."),
        ("2026-03-03", "That date has not happened yet."),
    ],
)
def test_bad_dates_are_named(text: str, message: str) -> None:
    checked = check_day(text, latest=TODAY)
    assert (checked.value, checked.message) == (None, message)


def test_a_blank_optional_date_has_no_value_and_no_message() -> None:
    checked = check_day("", required=False)
    assert checked.ok and checked.value is None
    # Without a latest day (a history filter), a future date is fine.
    assert check_day("2030-01-01").ok


@pytest.mark.parametrize(
    ("step", "from_unit", "to_unit", "expected"),
    [
        (1.25, Unit.KG, Unit.LB, 2.5),  # the usual steps map onto each other
        (2.5, Unit.LB, Unit.KG, 1.25),
        (5.0, Unit.KG, Unit.LB, 10.0),  # a pin-loaded machine's jump stays about the same
        (5.0, Unit.LB, Unit.KG, 2.5),
        (0.25, Unit.KG, Unit.LB, 2.5),  # never below the unit's usual step
        (20.0, Unit.KG, Unit.LB, 20.0),  # never above the step's range
        (2.5, Unit.KG, Unit.KG, 2.5),  # same unit: unchanged
    ],
)
def test_a_step_moves_to_the_step_natural_for_the_other_unit(
    step: float, from_unit: Unit, to_unit: Unit, expected: float
) -> None:
    moved = step_in_unit(step, from_unit=from_unit, to_unit=to_unit)
    assert moved == expected
    assert LOAD_STEP[to_unit].contains(moved)
