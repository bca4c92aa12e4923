"""The tempo a protocol lifts at, and where the beat is at a moment (R15).

Every function takes monotonic readings from the caller's clock: the beat is a pure
function of when the first rep started and of now, so a frozen clock freezes it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from bfr_tui.domain.limits import TEMPO_PHASE_S, check_number
from bfr_tui.domain.units import format_number

# A moment read off a float clock a hair before a beat (fifty steps of 0.1 s add up to
# 4.999999999999998) is on the beat: the beat must not wait for the clock's rounding.
BEAT_TOLERANCE_S = 1e-6

TEMPO_OFF_WORDS = frozenset({"off", "none", "no", "-"})


class TempoError(ValueError):
    """A tempo the app will not run, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds to lift (up) and to lower (down) in each rep, up first."""

    up_s: float
    down_s: float

    def __post_init__(self) -> None:
        for seconds in (self.up_s, self.down_s):
            if not TEMPO_PHASE_S.contains(seconds):
                raise TempoError(TEMPO_PHASE_S.out_of_range(seconds))

    @property
    def rep_s(self) -> float:
        """Seconds one rep takes at this tempo."""
        return self.up_s + self.down_s

    def describe(self) -> str:
        """``2 s up, 2 s down``."""
        return f"{format_number(self.up_s, 1)} s up, {format_number(self.down_s, 1)} s down"

    @property
    def text(self) -> str:
        """``2/2``: how a tempo is typed and stored."""
        return f"{format_number(self.up_s, 1)}/{format_number(self.down_s, 1)}"


# R15 (PMC7534706 table 3): about 2 s up, 2 s down in the classic protocol.
CLASSIC_TEMPO = Tempo(up_s=2.0, down_s=2.0)


def tempo_text(tempo: Tempo | None) -> str:
    """``2/2``, or ``off``: the inverse of ``parse_tempo``."""
    return "off" if tempo is None else tempo.text


def parse_tempo(text: str) -> Tempo | None:
    """Read ``2/2``, ``2-2``, ``1.5 3`` (up then down) or ``off`` (None: no beat)."""
    typed = text.strip().casefold()
    if typed in TEMPO_OFF_WORDS:
        return None
    parts = [part for part in re.split(r"[\s/:-]+", typed) if part]
    if len(parts) != 2:
        raise TempoError(f"Give the tempo as up/down seconds, e.g. 2/2, or off; not “{text}”.")
    seconds: list[float] = []
    for part in parts:
        checked = check_number(part, TEMPO_PHASE_S)
        if checked.value is None:
            raise TempoError(checked.message)
        seconds.append(checked.value)
    up_s, down_s = seconds
    return Tempo(up_s=up_s, down_s=down_s)


class BeatDirection(StrEnum):
    """Which half of the rep the beat is in."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class Beat:
    """Where the beat is: which rep, which half of it, and how far into that half."""

    rep_number: int
    """The rep in progress, from 1."""
    direction: BeatDirection
    into_phase_s: float
    phase_s: float

    @property
    def fraction(self) -> float:
        """How far through the half, 0 at its start and below 1 at its end."""
        return self.into_phase_s / self.phase_s


def reps_by_tempo(tempo: Tempo, *, first_rep_mono: float, now_mono: float) -> int:
    """Whole reps the beat has completed since the first rep began (0 before it)."""
    elapsed = now_mono - first_rep_mono
    if elapsed <= 0:
        return 0
    return math.floor((elapsed + BEAT_TOLERANCE_S) / tempo.rep_s)


def beat_at(tempo: Tempo, *, first_rep_mono: float, now_mono: float) -> Beat:
    """The beat at ``now_mono`` for a set whose first rep began at ``first_rep_mono``.

    Before the first rep (a reading from before it) the beat waits at its start.
    """
    done = reps_by_tempo(tempo, first_rep_mono=first_rep_mono, now_mono=now_mono)
    into_rep = max(0.0, now_mono - first_rep_mono - done * tempo.rep_s)
    if into_rep + BEAT_TOLERANCE_S < tempo.up_s:
        return Beat(done + 1, BeatDirection.UP, into_rep, tempo.up_s)
    into_down = max(0.0, into_rep - tempo.up_s)
    return Beat(done + 1, BeatDirection.DOWN, into_down, tempo.down_s)


def beats_between(
    tempo: Tempo, *, first_rep_mono: float, since_mono: float, now_mono: float
) -> int:
    """How many beats (each start of an up or a down) fall after ``since_mono`` and up to
    ``now_mono``: the screen rings the bell when it is above 0 since its last frame.

    The first rep's own start is a beat, so the bell sounds as the set begins.
    """
    def started(at_mono: float) -> int:
        if at_mono < first_rep_mono - BEAT_TOLERANCE_S:
            return 0
        done = reps_by_tempo(tempo, first_rep_mono=first_rep_mono, now_mono=at_mono)
        beat = beat_at(tempo, first_rep_mono=first_rep_mono, now_mono=at_mono)
        return 2 * done + (1 if beat.direction is BeatDirection.UP else 2)

    return max(0, started(now_mono) - started(since_mono))
