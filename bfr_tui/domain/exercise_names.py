"""Exercise names from other apps' logs: which library exercise they mean, and their limb.

Strong, Hevy and FitNotes name the same lift in different words: "Bicep Curl
(Dumbbell)", "Dumbbell Bicep Curl" and "Dumbbell curl" are one exercise. A name is
read as its *movement* words (``curl``) and its *equipment* (``dumbbell``); case,
spacing, punctuation, word order, plurals, common abbreviations (``DB``, ``BB``) and the
muscle words lifters add to arm lifts ("bicep", "triceps") do not count.

Matching is deliberately strict about equipment: a dumbbell bench press is not the
library's (barbell) bench press, and a wrong match would give a wrong 1RM and so a
wrong BFR load band. When in doubt the name is left unmatched and becomes a new
exercise marked for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bfr_tui.domain.limbs import Limb

# Two-word spellings joined into one word before anything else.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("push down", "pushdown"),
    ("press down", "pushdown"),
    ("pressdown", "pushdown"),
    ("pull down", "pulldown"),
    ("pull up", "pullup"),
    ("chin up", "chinup"),
    ("push up", "pushup"),
    ("sit up", "situp"),
    ("step up", "stepup"),
    ("skull crusher", "skullcrusher"),
    ("good morning", "goodmorning"),
    ("ez bar", "ezbar"),
    ("e z bar", "ezbar"),
    ("trap bar", "trapbar"),
    ("hex bar", "trapbar"),
    ("body weight", "bodyweight"),
    # A machine brand, not a hammer curl.
    ("hammer strength", "machine"),
    # Straight-arm pulldowns and pushdowns swing the arm from the shoulder: lat work.
    ("straight arm", "straightarm"),
    # Machine names for hip adduction and abduction.
    ("inner thigh", "adduction"),
    ("outer thigh", "abduction"),
    # Strong's "(Plate Loaded)" machines are machines.
    ("plate loaded", "machine"),
    # Cable attachments ("Cable - Straight Bar", "V Bar") say nothing about the lift.
    ("straight bar", ""),
    ("v bar", ""),
)
_WORD_SPELLINGS: dict[str, str] = {
    "db": "dumbbell",
    "bb": "barbell",
    "kb": "kettlebell",
    "ez": "ezbar",
    "bicep": "biceps",
    "tricep": "triceps",
    "calves": "calf",
    "flye": "fly",
    "flyes": "fly",
    "flys": "fly",
    "flies": "fly",
    "rope": "cable",
    "lever": "machine",
    "selectorized": "machine",
    "abductor": "abduction",
    "adductor": "adduction",
    "tibialis": "shin",
}
# Phrases whose plural joins the same way: "chin ups" -> "chinups" -> "chinup".
_PLURAL_PHRASES = frozenset(joined for _, joined in _PHRASES if joined)
_NO_PLURAL = frozenset({"biceps", "triceps", "quadriceps", "press", "abs", "cross"})
EQUIPMENT: frozenset[str] = frozenset(
    {
        "dumbbell",
        "barbell",
        "cable",
        "machine",
        "smith",
        "kettlebell",
        "band",
        "ezbar",
        "trapbar",
        "bodyweight",
    }
)
# Words that name the muscle or a default variant, not a different exercise.
_FILLER: frozenset[str] = frozenset({"biceps", "triceps", "flat", "conventional"})
# A plain "squat" in these apps is the barbell back squat.
_MOVEMENT_SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {("squat",): ("back", "squat")}

# The equipment a library exercise is done with when its name does not say: a hammer
# curl is a dumbbell lift, a pushdown a cable one, leg curls and extensions machines.
# Keyed by the library name folded with :func:`same_name_key`.
DEFAULT_EQUIPMENT: dict[str, frozenset[str]] = {
    "hammer curl": frozenset({"dumbbell"}),
    "triceps pushdown": frozenset({"cable"}),
    "overhead triceps extension": frozenset({"dumbbell", "cable"}),
    "standing calf raise": frozenset({"machine", "smith"}),
    "seated calf raise": frozenset({"machine"}),
    "lying leg curl": frozenset({"machine"}),
    "seated leg curl": frozenset({"machine"}),
    "leg extension": frozenset({"machine"}),
    "back squat": frozenset({"barbell"}),
    "deadlift": frozenset({"barbell"}),
    "bench press": frozenset({"barbell"}),
    # A cable or machine crunch is loaded and has its own 1RM.
    "crunch": frozenset({"bodyweight"}),
    "plank": frozenset({"bodyweight"}),
}

_LEG_WORDS = frozenset(
    {
        "leg",
        "calf",
        "quad",
        "quadriceps",
        "hamstring",
        "thigh",
        "shin",
        "squat",
        "lunge",
        "nordic",
        "stepup",
        "deadlift",
        "rdl",
        "thrust",
    }
)
_ARM_WORDS = frozenset(
    {"curl", "biceps", "triceps", "pushdown", "skullcrusher", "wrist", "forearm", "hammer"}
    | {"preacher"}
)
# Multi-joint lifts: heavy, and never done under a cuff (R5).
_COMPOUND_WORDS = frozenset(
    {
        "squat",
        "deadlift",
        "rdl",
        "bench",
        "press",
        "row",
        "pullup",
        "chinup",
        "pulldown",
        "pushup",
        "dip",
        "clean",
        "snatch",
        "jerk",
        "thruster",
        "lunge",
        "goodmorning",
        "thrust",
        "stepup",
    }
)


def same_name_key(name: str) -> str:
    """The name as the log compares names: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _NO_PLURAL or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, folded: ``"Bicep Curls (DB)"`` -> ``("biceps", "curl", "dumbbell")``."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    # Letters and digits make words; brackets, dashes, slashes and dots separate them.
    text = " ".join(re.findall(r"[^\W_]+", text))
    for phrase, joined in _PHRASES:
        plural = "(s?)" if joined in _PLURAL_PHRASES else "()"
        text = re.sub(rf"\b{phrase}{plural}\b", rf"{joined}\1", text)
    words = []
    for word in text.split():
        word = _WORD_SPELLINGS.get(word, word)
        word = _WORD_SPELLINGS.get(_singular(word), _singular(word))
        words.append(word)
    return tuple(words)


@dataclass(frozen=True, slots=True)
class ExerciseName:
    """A name read as what is moved and what with."""

    movement: tuple[str, ...]
    equipment: frozenset[str]


def read_name(name: str) -> ExerciseName:
    """Split a name into its movement words (sorted) and its equipment."""
    words = name_words(name)
    equipment = frozenset(w for w in words if w in EQUIPMENT)
    movement = tuple(sorted(w for w in words if w not in EQUIPMENT and w not in _FILLER))
    return ExerciseName(_MOVEMENT_SYNONYMS.get(movement, movement), equipment)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The known exercise a name from another app was matched to, and how."""

    name: str
    how: str


# How sure a match is: the known name spells out the same equipment, the equipment is
# the exercise's usual one, or neither name says.
_SAME_EQUIPMENT, _USUAL_EQUIPMENT, _UNSTATED_EQUIPMENT = 3, 2, 1


def _equipment_fit(found: frozenset[str], known: ExerciseName, usual: frozenset[str]) -> int:
    """How well the equipment of a name fits a known exercise; 0 when it does not."""
    if known.equipment:
        return _SAME_EQUIPMENT if found == known.equipment else 0
    if not found:
        return _UNSTATED_EQUIPMENT
    if usual:
        return _USUAL_EQUIPMENT if found <= usual else 0
    # The lifter's own exercise names no equipment: any is taken as theirs.
    return _UNSTATED_EQUIPMENT


class NameMatcher:
    """Matches names from another app against the exercises the lifter knows."""

    def __init__(self, known: Iterable[str]) -> None:
        self._by_key: dict[str, str] = {}
        self._by_movement: dict[tuple[str, ...], list[tuple[str, ExerciseName]]] = {}
        for name in known:
            key = same_name_key(name)
            if not key or key in self._by_key:
                continue
            self._by_key[key] = name
            read = read_name(name)
            self._by_movement.setdefault(read.movement, []).append((name, read))

    def match(self, name: str) -> NameMatch | None:
        """The one known exercise ``name`` means, or None when there is none or several."""
        exact = self._by_key.get(same_name_key(name))
        if exact is not None:
            return NameMatch(exact, "same name")
        read = read_name(name)
        if not read.movement:
            return None
        scored: list[tuple[int, str]] = []
        for known, known_read in self._by_movement.get(read.movement, []):
            usual = DEFAULT_EQUIPMENT.get(same_name_key(known), frozenset())
            fit = _equipment_fit(read.equipment, known_read, usual)
            if fit:
                scored.append((fit, known))
        if not scored:
            return None
        best = max(fit for fit, _ in scored)
        winners = [known for fit, known in scored if fit == best]
        if len(winners) != 1:
            return None
        return NameMatch(winners[0], "same exercise")


def match_exercise(name: str, known: Iterable[str]) -> NameMatch | None:
    """The one exercise in ``known`` that ``name`` means, or None (see :class:`NameMatcher`)."""
    return NameMatcher(known).match(name)


# A machine, band or partner lifts part of the body weight: the load logged is help,
# not resistance, and a bigger number means an easier set.
_ASSIST_WORDS = frozenset({"assisted", "assist", "gravitron"})


def is_assisted(name: str) -> bool:
    """Whether the name is an assisted movement (assisted pull-ups and dips, a Gravitron)."""
    return bool(set(name_words(name)) & _ASSIST_WORDS)


@dataclass(frozen=True, slots=True)
class ExerciseGuess:
    """What a new exercise probably is, read from its name alone."""

    limb: Limb
    compound: bool
    muscle_group: str


def guess_exercise(name: str) -> ExerciseGuess:
    """Limb, compound and muscle group as far as the name tells.

    A name with no arm or leg word gets ``Limb.NONE``, so BFR stays refused (R1) until
    the lifter says where the cuff would go; multi-joint lifts are compound (R5).
    """
    words = set(name_words(name))
    special = _special_guess(words)
    if special is not None:
        return special
    if words & _LEG_WORDS:
        limb = Limb.LEG
    elif words & _ARM_WORDS:
        limb = Limb.ARM
    else:
        limb = Limb.NONE
    # Calf raises on a leg-press sled are still a calf exercise.
    compound = bool(words & _COMPOUND_WORDS) and "calf" not in words
    return ExerciseGuess(limb, compound, _muscle_group(words, limb))


def _special_guess(words: set[str]) -> ExerciseGuess | None:
    """Names whose limb words mislead: the muscle worked is not under a limb cuff."""
    if "abduction" in words or "adduction" in words:
        # The hip abductors and adductors sit above a thigh cuff (R1): it cannot restrict
        # them, so there is no limb to cuff.
        group = "hip abductors" if "abduction" in words else "hip adductors"
        return ExerciseGuess(Limb.NONE, False, group)
    if "raise" in words and words & {"leg", "knee"} and "calf" not in words:
        # Leg and knee raises work the trunk and hip flexors, above any cuff.
        return ExerciseGuess(Limb.NONE, False, "core")
    if "straightarm" in words:
        # Straight-arm pulldowns move only the shoulder and work the lats.
        return ExerciseGuess(Limb.NONE, False, "back")
    return None


def _muscle_group(words: set[str], limb: Limb) -> str:
    if "calf" in words:
        return "calves"
    if limb is Limb.LEG and "shin" in words:
        return "shins"
    if limb is Limb.LEG and words & {"hamstring", "nordic"}:
        return "hamstrings"
    if limb is Limb.LEG and "curl" in words:
        return "hamstrings"
    if limb is Limb.LEG and words & {"quad", "quadriceps", "extension"}:
        return "quadriceps"
    if limb is Limb.ARM and words & {"triceps", "pushdown", "skullcrusher"}:
        return "triceps"
    if limb is Limb.ARM and words & {"curl", "biceps", "hammer", "preacher"}:
        return "biceps"
    return ""
