"""A rep count that follows the tempo on its own and keeps the lifter's corrections (R15).

The count is the beat's completed reps plus the lifter's correction. A correction
("space" +1, "backspace" -1, a typed count) sets the count at that moment; the beat
goes on as before, so the count carries on from the corrected value: at 2 s / 2 s, a
count typed as 10 reads 11 one rep (4 s) later. A set done faster or slower than the
beat is fine: the count is the lifter's to correct.

Immutable: each correction returns a new counter, and the count is read at a moment,
never ticked, so a frozen clock freezes it and a late frame cannot lose a rep.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bfr_tui.domain.limits import REPS_IN_SET
from bfr_tui.domain.tempo import Beat, Tempo, beat_at, reps_by_tempo

MIN_REPS, MAX_REPS = int(REPS_IN_SET.low), int(REPS_IN_SET.high)


@dataclass(frozen=True, slots=True)
class TempoRepCounter:
    """The live set's rep count. With no tempo (off) it counts only what the lifter keys."""

    tempo: Tempo | None
    first_rep_mono: float | None = None
    """When the first rep began; None until ``started``."""
    correction: int = 0
    """Reps the lifter added to (or took from) the beat's count."""

    def started(self, now_mono: float) -> TempoRepCounter:
        """The counter with its first rep beginning at ``now_mono``; once started, the
        start stays where it was (a second start would shift every beat)."""
        if self.first_rep_mono is not None:
            return self
        return replace(self, first_rep_mono=now_mono)

    def _by_tempo(self, now_mono: float) -> int:
        if self.tempo is None or self.first_rep_mono is None:
            return 0
        return reps_by_tempo(self.tempo, first_rep_mono=self.first_rep_mono, now_mono=now_mono)

    def count_at(self, now_mono: float) -> int:
        """The reps to show and, when the set ends, to log."""
        return min(MAX_REPS, max(MIN_REPS, self._by_tempo(now_mono) + self.correction))

    def corrected_to(self, reps: int, now_mono: float) -> TempoRepCounter:
        """The counter reading ``reps`` at ``now_mono`` and counting on from there."""
        if not REPS_IN_SET.contains(reps):
            # Lower case, no full stop: as BlockRun.set_reps words it for the live panel.
            raise ValueError(f"reps must be {REPS_IN_SET.describe()}, not {reps}")
        return replace(self, correction=reps - self._by_tempo(now_mono))

    def plus_one(self, now_mono: float) -> TempoRepCounter:
        """One more rep than shown (``space``), never past the most a set can hold."""
        return self.corrected_to(min(MAX_REPS, self.count_at(now_mono) + 1), now_mono)

    def minus_one(self, now_mono: float) -> TempoRepCounter:
        """One rep fewer than shown (``backspace``), never below zero."""
        return self.corrected_to(max(MIN_REPS, self.count_at(now_mono) - 1), now_mono)

    def beat_at(self, now_mono: float) -> Beat | None:
        """The beat to show, or None with the tempo off or before the first rep."""
        if self.tempo is None or self.first_rep_mono is None:
            return None
        return beat_at(self.tempo, first_rep_mono=self.first_rep_mono, now_mono=now_mono)
