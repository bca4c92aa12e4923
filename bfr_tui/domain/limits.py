"""Every value a lifter types: its range, its unit, and what to say when it is wrong.

Each range is stated here once. The screens check typed text with ``check_number``,
``check_text`` and ``check_day`` and show the message under the field; the domain rules
(cuff check, custom protocols, the live block, 1RM estimates) test values against the
same ranges, so the app never says one range and enforces another.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bfr_tui.domain.units import (
    DEFAULT_LOAD_STEP,
    NUMBER_PATTERN,
    Unit,
    convert,
    format_number,
    round_to_step,
)

WHOLE_PATTERN = re.compile(r"[+-]?\d+", re.ASCII)
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DAY_EXAMPLE = "2026-03-02"


def _shown(value: float) -> str:
    """``12.5``, ``10``: a number the way the lifter typed it."""
    return format_number(value)


@dataclass(frozen=True, slots=True)
class NumberRange:
    """The values one typed number may take, its unit, and how the app names it."""

    name: str
    """What the lifter calls it, reading after "the": ``load``, ``tightness``."""
    low: float
    high: float
    unit: str = ""
    whole: bool = False
    """Whole numbers only (reps, sets, seconds, tightness)."""
    above_low: bool = False
    """``low`` itself is refused: a load must be above 0, not 0."""
    decimals: int = 2
    """Most decimal places a typed value may have (loads are shown to two)."""
    why: str = ""
    """One sentence shown after an out-of-range message."""

    def contains(self, value: float) -> bool:
        """True when ``value`` is inside the range (and whole, where it must be)."""
        if not math.isfinite(value):
            return False
        if self.whole and value != int(value):
            return False
        above = value > self.low if self.above_low else value >= self.low
        return above and value <= self.high

    def describe(self) -> str:
        """``1-10``, ``15-90 s``, ``above 0 and up to 1000 kg``."""
        if self.above_low:
            text = f"above {_shown(self.low)} and up to {_shown(self.high)}"
        else:
            text = f"{_shown(self.low)}-{_shown(self.high)}"
        return f"{text} {self.unit}".rstrip()

    def out_of_range(self, value: float | str) -> str:
        """The message for a value outside the range: ``The rest must be 15-90 s, not 5 s.``"""
        shown = value if isinstance(value, str) else _shown(value)
        typed = f"{shown} {self.unit}".rstrip()
        message = f"The {self.name} must be {self.describe()}, not {typed}."
        return f"{message} {self.why}" if self.why else message


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """A typed number once checked: its value, or why it was refused."""

    value: float | None
    """The number (an ``int`` for whole ranges); None when refused or left blank."""
    message: str = ""
    """Empty when the text was fine (or blank in an optional field)."""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the text."""
        return not self.message


def check_number(text: str, field: NumberRange, *, required: bool = True) -> NumberCheck:
    """Read typed ``text`` as a value of ``field``, or say in the lifter's words what is wrong.

    A blank optional field is fine and has no value.
    """
    typed = text.strip()
    if not typed:
        if required:
            return NumberCheck(None, f"Enter the {field.name}: {field.describe()}.")
        return NumberCheck(None)
    pattern = WHOLE_PATTERN if field.whole else NUMBER_PATTERN
    if not pattern.fullmatch(typed):
        kind = "a whole number" if field.whole else "a number"
        return NumberCheck(
            None, f"The {field.name} must be {kind} {field.describe()}, not “{typed}”."
        )
    normal = typed.replace(",", ".")
    value = float(normal)
    if not field.contains(value):
        return NumberCheck(None, field.out_of_range(typed.lstrip("+")))
    if field.whole:
        return NumberCheck(int(value))
    decimals = normal.partition(".")[2].rstrip("0")
    if len(decimals) > field.decimals:
        return NumberCheck(
            None,
            f"Give the {field.name} to at most {field.decimals} decimal places, "
            f"not {typed}.",
        )
    return NumberCheck(value)


# --- loads (R3) -------------------------------------------------------------------------

# Beyond any lift a lifter will log (the heaviest lifts on record are about 500 kg;
# a leg press may go further): a bigger value is a typo or the wrong unit. 2200 lb is
# the same limit in pounds.
HEAVIEST_LOAD: dict[Unit, float] = {Unit.KG: 1000.0, Unit.LB: 2200.0}
_TOO_HEAVY = "Check the unit: that is heavier than any lift on record."

LOAD: dict[Unit, NumberRange] = {
    unit: NumberRange("load", 0, HEAVIEST_LOAD[unit], unit.value, above_low=True, why=_TOO_HEAVY)
    for unit in Unit
}
"""Any load the lifter types: the block's load, or a rep-max set's."""

ONE_RM: dict[Unit, NumberRange] = {
    unit: NumberRange("1RM", 0, HEAVIEST_LOAD[unit], unit.value, above_low=True, why=_TOO_HEAVY)
    for unit in Unit
}
"""A tested or estimated one-rep max."""

# The smallest fractional plate is 0.25 kg (or 0.25 lb), and no machine jumps more than
# about 20 per pin; two decimals keep every multiple of the step on two decimals too.
LOAD_STEP: dict[Unit, NumberRange] = {
    unit: NumberRange(
        "load step", 0.25, 20, unit.value,
        why="It is the smallest jump you can make, e.g. 1.25 kg or 2.5 lb.",
    )
    for unit in Unit
}



def step_in_unit(step: float, *, from_unit: Unit, to_unit: Unit) -> float:
    """The load step natural for ``to_unit`` nearest the same jump as ``step``.

    A step is moved to a whole number of the unit's usual step (1.25 kg, 2.5 lb: the
    plates and pins sold in that unit), so 1.25 kg becomes 2.5 lb and 5 lb 2.5 kg; it
    stays inside the step's range.
    """
    if from_unit is to_unit:
        return step
    usual = DEFAULT_LOAD_STEP[to_unit]
    moved = round_to_step(convert(step, from_unit=from_unit, to_unit=to_unit), usual)
    return min(max(moved, usual), LOAD_STEP[to_unit].high)


# --- reps, sets and rest (R4) -----------------------------------------------------------

# Rep-max formulas lose accuracy quickly past about 10 reps, so we refuse them there.
ESTIMATE_REPS = NumberRange(
    "reps", 1, 10, whole=True,
    why="Estimates past 10 reps are too rough to set a load by.",
)
# A single set cannot plausibly go past this many reps; typed counts above it are refused.
REPS_IN_SET = NumberRange("reps", 0, 100, whole=True)
# A custom protocol (R4): the classic is 4 sets of 30-15-15-15. Up to 8 sets of up to
# 50 reps leaves room for the lifter's own scheme without a marathon under the cuff (R6).
PROTOCOL_SETS = NumberRange("number of sets", 1, 8, whole=True)
TARGET_REPS = NumberRange("target reps", 1, 50, whole=True)
# Rest: Patterson 2019 gives 30-60 s; we accept 15-90 s so a lifter can be a little
# quicker or slower, not turn one block into a marathon under the cuff (R6).
REST_S = NumberRange(
    "rest", 15, 90, "s", whole=True,
    why="About 30-60 s keeps the cuff time short.",
)

# --- the cuff (R2, R12) -----------------------------------------------------------------

# R2 (seed; Wilson/Loenneke 2013): tightness is rated 1-10, about 7 is the target.
TIGHTNESS = NumberRange("tightness", 1, 10, whole=True, why="Aim for about 7.")
# Sanity limits for a pneumatic cuff. Above 300 mmHg is no BFR cuff's setting; 100 % of
# limb occlusion pressure closes the artery (the clinical protocol uses 60 %, PMC7534706).
PRESSURE_MMHG = NumberRange("cuff pressure", 1, 300, "mmHg", decimals=1)
LOP_PERCENT = NumberRange("% of limb occlusion pressure", 1, 100, "%", decimals=1)
# Cuff width (R12): from a narrow elastic wrap to a wide thigh cuff, 2-30 cm covers every
# cuff made for a limb; anything else is a typo.
CUFF_WIDTH_CM = NumberRange("cuff width", 2, 30, "cm", decimals=1)

# --- limb occlusion pressure (R14) ------------------------------------------------------

# R14 (Patterson 2019; Bommasamudram 2025): pneumatic pressure is 40-80 % of the limb's
# occlusion pressure; the clinical protocol trains at 60 % (PMC7534706 table 3).
LOP_PRESCRIPTION_PERCENT = NumberRange(
    "% of limb occlusion pressure", 40, 80, "%", decimals=1,
    why="BFR is trained at 40-80 % of the limb occlusion pressure.",
)
# An occlusion pressure below 50 mmHg is below any resting blood pressure, so it cannot
# close an artery; no BFR cuff inflates past 300 mmHg (PRESSURE_MMHG), so none can
# measure more. Devices and Doppler both read whole mmHg.
LOP_MMHG = NumberRange(
    "limb occlusion pressure", 50, PRESSURE_MMHG.high, "mmHg", whole=True,
    why="Check the reading: it is the pressure at which the pulse below the cuff stops.",
)
# How old an LOP may be before the cuff check asks for a new one. 30 days is a product
# choice (R14); once a day is as often as it is worth measuring, and beyond 90 days
# (the screening's own interval, R8) training, weight and blood pressure have moved it.
LOP_REMEASURE_DAYS = NumberRange(
    "re-measure interval", 1, 90, "days", whole=True,
    why="An LOP says less about your limb the older it is.",
)

# --- effort and discomfort per set (R13) ------------------------------------------------

# R13 (Patterson 2019 perceptual ratings; SmartCuffs 3.0 manual): both rated 0-10.
RPE = NumberRange("effort (RPE)", 0, 10, whole=True, why="0 is rest, 10 is all you had.")
DISCOMFORT = NumberRange(
    "cuff discomfort", 0, 10, whole=True, why="0 is none, 10 is the worst you can imagine."
)

# --- tempo (R15) ------------------------------------------------------------------------

# R15 (PMC7534706 table 3): about 2 s up, 2 s down. Below half a second no one can follow
# a beat; at 6 s up and 6 s down the 30 reps of a first set already take 6 of the
# 10 minutes under the cuff (R6).
# A weekly plan's "N times a week": once to every day. R10's 36 h rest keeps the same
# limb from more than about four sessions a week; a plan of two templates on different
# limbs may still run daily.
TIMES_PER_WEEK = NumberRange("times a week", 1, 7, whole=True)

TEMPO_PHASE_S = NumberRange(
    "tempo", 0.5, 6, "s", decimals=1,
    why="The classic protocol lifts at about 2 s up, 2 s down.",
)


# --- text -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextLimit:
    """A typed line of text: how long it may be and whether it may be blank."""

    name: str
    """What the lifter calls it, reading after "the": ``name``, ``note``."""
    max_chars: int
    blank: str = ""
    """The message for a blank field; empty when blank is allowed."""


# Matches the exercise table's name column, VARCHAR(80) (store.models.NAME_MAX; a test
# checks they agree).
EXERCISE_NAME = TextLimit("name", 80, blank="Give the exercise a name.")
MUSCLE_GROUP = TextLimit("muscle group", 80)
# A suitability note is a sentence or three (where the cuff goes, how well the exercise
# suits BFR): 500 characters is longer than any in the starter library and still fits
# the exercise list's detail pane.
NOTE = TextLimit("note", 500)
# A cuff's name is picked from a short list at the cuff check ("Blue wrap", "Delfi
# thigh"); the stretch mark or overlap is a line such as "stretched to the 3rd stripe,
# overlap 5 cm" (R16).
CUFF_NAME = TextLimit("cuff name", 40, blank="Give the cuff a name, e.g. Blue wrap.")
WRAP_MARK = TextLimit("stretch mark or overlap", 120)
# A session template is picked from a short list on the home screen ("Arm finisher",
# "Calves and hamstrings"): as short as a cuff's name.
TEMPLATE_NAME = TextLimit(
    "template name", 40, blank="Give the template a name, e.g. Arm finisher."
)


@dataclass(frozen=True, slots=True)
class TextCheck:
    """A typed line once checked: the cleaned text, and why it was refused (if it was)."""

    value: str
    message: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the text."""
        return not self.message


def check_text(text: str, field: TextLimit) -> TextCheck:
    """Clean a typed line (runs of spaces become one) and check it against ``field``.

    Any Unicode is welcome (accents, emoji, scripts of every kind, ``=`` or ``-`` at the
    start); only control characters are refused, which a terminal cannot show and which
    only get in by pasting. Length counts characters (code points), as the database does.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return TextCheck(cleaned, field.blank)
    if len(cleaned) > field.max_chars:
        return TextCheck(
            cleaned,
            f"Keep the {field.name} to {field.max_chars} characters "
            f"(this one has {len(cleaned)}).",
        )
    bad = next((c for c in cleaned if unicodedata.category(c) in {"Cc", "Cs"}), None)
    if bad is not None:
        return TextCheck(
            cleaned,
            f"The {field.name} holds a control character (U+{ord(bad):04X}) that cannot be "
            "shown: type it again without it.",
        )
    return TextCheck(cleaned)


# --- dates ------------------------------------------------------------------------------

# A log date before this is a typo in the year.
EARLIEST_DAY = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class DayCheck:
    """A typed date once checked: the day, or why it was refused."""

    value: date | None
    message: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the text."""
        return not self.message


def check_day(
    text: str, *, latest: date | None = None, required: bool = True
) -> DayCheck:
    """Read ``YYYY-MM-DD`` from ``EARLIEST_DAY`` to ``latest`` (today, for a 1RM's date).

    A blank optional field (a history filter) is fine and has no value.
    """
    typed = text.strip()
    if not typed:
        if required:
            return DayCheck(None, f"Enter the date as YYYY-MM-DD, e.g. {DAY_EXAMPLE}.")
        return DayCheck(None)
    if not DAY_PATTERN.fullmatch(typed):
        return DayCheck(None, f"Write the date as YYYY-MM-DD, e.g. {DAY_EXAMPLE}.")
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        return DayCheck(None, f"No such date: {typed}.")
    if day < EARLIEST_DAY:
        return DayCheck(None, f"Give a date from {EARLIEST_DAY.isoformat()} on.")
    if latest is not None and day > latest:
        return DayCheck(None, "That date has not happened yet.")
    return DayCheck(day)
