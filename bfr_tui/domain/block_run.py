"""A BFR block as it happens: sets, reps, rest and the cuff clock.

Pure state, driven by monotonic timestamps handed in by the caller, so the live
panel stays a thin view and every timing rule can be tested without a screen.
Durations are differences of monotonic readings, never sums of timer ticks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bfr_tui.domain.limits import REPS_IN_SET
from bfr_tui.domain.occlusion import OcclusionLevel, occlusion_level
from bfr_tui.domain.protocol import Protocol

# "+" adds this much rest to the current countdown.
REST_EXTENSION_S = 15
# A single set cannot plausibly exceed this many reps; typed counts above it are refused.
MAX_REPS_PER_SET = int(REPS_IN_SET.high)


class Phase(StrEnum):
    """Where the block is."""

    SET = "set"
    REST = "rest"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class FinishedSet:
    """A set as it will be logged."""

    set_number: int
    target_reps: int
    reps: int
    started_mono: float
    ended_mono: float
    rest_before_s: float | None


@dataclass
class BlockRun:
    """The running state of one block, from cuff on to cuff off."""

    protocol: Protocol
    cuff_on_mono: float
    phase: Phase = Phase.SET
    set_number: int = 1
    reps: int = 0
    set_started_mono: float = field(init=False)
    rest_started_mono: float | None = None
    rest_length_s: float = 0.0
    finished: list[FinishedSet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.set_started_mono = self.cuff_on_mono

    @property
    def target_reps(self) -> int:
        """Target for the current (or next) set."""
        return self.protocol.target_for(min(self.set_number, self.protocol.sets))

    @property
    def is_last_set(self) -> bool:
        """True while the final set of the protocol is in progress."""
        return self.set_number >= self.protocol.sets

    def add_rep(self) -> int:
        """Count one more rep in the current set."""
        self._require(Phase.SET)
        self.reps = min(MAX_REPS_PER_SET, self.reps + 1)
        return self.reps

    def remove_rep(self) -> int:
        """Take one rep back, never below zero."""
        self._require(Phase.SET)
        self.reps = max(0, self.reps - 1)
        return self.reps

    def set_reps(self, reps: int) -> int:
        """Set the count directly (typed digits)."""
        self._require(Phase.SET)
        if not REPS_IN_SET.contains(reps):
            # Lower case, no full stop: the live panel capitalises it and ends the sentence.
            raise ValueError(f"reps must be {REPS_IN_SET.describe()}, not {reps}")
        self.reps = reps
        return self.reps

    def set_elapsed(self, now_mono: float) -> float:
        """Seconds since the current set started."""
        return max(0.0, now_mono - self.set_started_mono) if self.phase is Phase.SET else 0.0

    def finish_set(self, now_mono: float) -> FinishedSet:
        """End the current set: returns what to log, and moves to rest (or done)."""
        self._require(Phase.SET)
        previous = self.finished[-1] if self.finished else None
        # Never below zero: after a resume, the last set's end is placed on this run's
        # clock from its wall time, which a clock set back meanwhile puts in the future.
        rest_before = (
            max(0.0, round(self.set_started_mono - previous.ended_mono, 3)) if previous else None
        )
        done = FinishedSet(
            set_number=self.set_number,
            target_reps=self.target_reps,
            reps=self.reps,
            started_mono=self.set_started_mono,
            ended_mono=now_mono,
            rest_before_s=rest_before,
        )
        self.finished.append(done)
        if self.is_last_set:
            self.phase = Phase.DONE
        else:
            self.phase = Phase.REST
            self.rest_started_mono = now_mono
            self.rest_length_s = float(self.protocol.rest_s)
        return done

    def rest_remaining(self, now_mono: float) -> float:
        """Seconds left of the rest countdown (0 when not resting or when over)."""
        if self.phase is not Phase.REST or self.rest_started_mono is None:
            return 0.0
        return max(0.0, self.rest_started_mono + self.rest_length_s - now_mono)

    def extend_rest(self, seconds: float = REST_EXTENSION_S) -> float:
        """Add rest to the countdown; returns the new total rest length."""
        self._require(Phase.REST)
        self.rest_length_s += seconds
        return self.rest_length_s

    def start_next_set(self, now_mono: float) -> int:
        """Leave rest (countdown over, or skipped) and start the next set."""
        self._require(Phase.REST)
        self.phase = Phase.SET
        self.set_number += 1
        self.reps = 0
        self.set_started_mono = now_mono
        self.rest_started_mono = None
        return self.set_number

    def stop(self, now_mono: float, *, keep_empty_set: bool) -> FinishedSet | None:
        """End the block early; returns the set in progress if it is to be logged.

        A set with reps is always kept. An empty one is kept only when asked: a red
        flag is stored against the set it interrupted, even at zero reps.
        """
        logged = None
        if self.phase is Phase.SET and (self.reps > 0 or keep_empty_set):
            logged = self.finish_set(now_mono)
        self.phase = Phase.DONE
        return logged

    @classmethod
    def resumed(
        cls,
        *,
        protocol: Protocol,
        cuff_on_mono: float,
        finished: list[FinishedSet],
        now_mono: float,
    ) -> BlockRun:
        """A block picked up again after the app stopped: the cuff clock runs on from
        cuff-on, and the lifter starts with a fresh rest (or set 1 if none was logged).

        The rest logged before the next set is the whole gap since the last set ended.
        """
        if len(finished) >= protocol.sets:
            raise ValueError("every set of this block is already logged")
        run = cls(protocol=protocol, cuff_on_mono=cuff_on_mono)
        run.finished = list(finished)
        if finished:
            run.set_number = finished[-1].set_number
            run.phase = Phase.REST
            run.rest_started_mono = now_mono
            run.rest_length_s = float(protocol.rest_s)
        else:
            run.set_started_mono = now_mono
        return run

    def occlusion_s(self, now_mono: float) -> float:
        """Continuous cuff time so far."""
        return max(0.0, now_mono - self.cuff_on_mono)

    def occlusion_level(self, now_mono: float) -> OcclusionLevel:
        """Colour of the occlusion clock now."""
        return occlusion_level(self.occlusion_s(now_mono))

    @property
    def last_finished(self) -> FinishedSet | None:
        """The most recent logged set, if any."""
        return self.finished[-1] if self.finished else None

    def _require(self, phase: Phase) -> None:
        if self.phase is not phase:
            raise RuntimeError(f"not possible during {self.phase.value}")


@dataclass(frozen=True, slots=True)
class BlockPlan:
    """Everything the cuff check settled before the cuff goes on."""

    exercise_id: int
    exercise_name: str
    limb: str
    side: str
    protocol: Protocol
    load: float
    unit: str
    one_rm: float | None
    tightness: int
    pulse_felt: bool
    skin_normal: bool
    pressure_mmhg: float | None = None
    lop_percent: float | None = None
    cuff_width_cm: float | None = None
    cuff_id: int | None = None
    """The lifter's cuff as the log knows it; None when the cuff check named none."""
    target_mmhg: int | None = None
    """What ``lop_percent`` of the LOP came to (R14), kept as it was that day."""
