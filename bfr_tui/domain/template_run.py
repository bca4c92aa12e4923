"""A session template being run block by block: which block is next, the blocks done,
and how the session ended (all blocks, a red flag, or the lifter stopping early)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bfr_tui.domain.occlusion import cuff_time_s
from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock, sides_of

# How a block ends when a red flag (R7) or discomfort above 7/10 (R13) stopped it.
RED_FLAG_END = "red_flag"


class SessionEnd(StrEnum):
    """Why a template session is over."""

    ALL_BLOCKS = "all_blocks"
    RED_FLAG = "red_flag"
    STOPPED_EARLY = "stopped_early"


SESSION_END_TEXT = {
    SessionEnd.ALL_BLOCKS: "Every block done.",
    SessionEnd.RED_FLAG: (
        "A red flag ended the session: its later blocks were not started. Let the limb "
        "recover, and start looser next time."
    ),
    SessionEnd.STOPPED_EARLY: "Session ended early: its later blocks were not started.",
}


@dataclass(frozen=True, slots=True)
class BlockDone:
    """One block of the session as the log has it."""

    position: int
    """Its place in the template, from 1."""
    block: TemplateBlock
    block_id: int
    end_reason: str
    cuff_on_at: datetime
    cuff_off_at: datetime | None

    @property
    def cuff_s(self) -> float:
        """Seconds under the cuff (0 when the cuff-off is not in the log)."""
        if self.cuff_off_at is None:
            return 0.0
        return cuff_time_s(self.cuff_on_at, self.cuff_off_at)


class TemplateRun:
    """The state of one template session, kept by the app between screens."""

    def __init__(self, template_id: int, template: SessionTemplate) -> None:
        self.template_id = template_id
        self.template = template
        self._done: list[BlockDone] = []
        self._ended: SessionEnd | None = None

    @property
    def done(self) -> tuple[BlockDone, ...]:
        """The blocks run so far, in order."""
        return tuple(self._done)

    @property
    def ended(self) -> SessionEnd | None:
        """Why the session is over, or None while blocks remain."""
        return self._ended

    @property
    def next_position(self) -> int | None:
        """The place (from 1) of the block to run next, or None once the session is over."""
        if self._ended is not None:
            return None
        return len(self._done) + 1

    @property
    def next_block(self) -> TemplateBlock | None:
        """The block to run next, or None once the session is over."""
        position = self.next_position
        return None if position is None else self.template.blocks[position - 1]

    def record(self, *, block_id: int, end_reason: str, cuff_on_at: datetime,
               cuff_off_at: datetime | None) -> None:
        """The next block is over: a red flag ends the session, the last block too."""
        position, block = self.next_position, self.next_block
        if position is None or block is None:
            raise ValueError("the session is over: no block left to record")
        self._done.append(BlockDone(position, block, block_id, end_reason, cuff_on_at,
                                    cuff_off_at))
        if end_reason == RED_FLAG_END:
            self._ended = SessionEnd.RED_FLAG
        elif len(self._done) == len(self.template.blocks):
            self._ended = SessionEnd.ALL_BLOCKS

    @property
    def next_repeats_a_side(self) -> bool:
        """True when the next block cuffs a limb side this session already trained with
        the same exercise: a block on both sides repeats a block on left or right, and
        the other way round."""
        upcoming = self.next_block
        if upcoming is None:
            return False
        trained = {
            (done.block.exercise_id, side)
            for done in self._done for side in sides_of(done.block.side)
        }
        return any((upcoming.exercise_id, side) in trained
                   for side in sides_of(upcoming.side))

    def stop_early(self) -> None:
        """The lifter ends the session before its last block."""
        if self._ended is None:
            self._ended = SessionEnd.STOPPED_EARLY

    @property
    def cuff_s(self) -> float:
        """Cuff time of the blocks done."""
        return sum(done.cuff_s for done in self._done)

    def cuff_off_s(self, now: datetime) -> float | None:
        """How long the cuff has been off since the last block (None before the first,
        or when its cuff-off is not known); never negative."""
        if not self._done or self._done[-1].cuff_off_at is None:
            return None
        return max(0.0, (now - self._done[-1].cuff_off_at).total_seconds())

    @property
    def cuff_off_gaps_s(self) -> tuple[float, ...]:
        """The time the cuff was off between one block's cuff-off and the next's cuff-on."""
        gaps = []
        for before, after in zip(self._done, self._done[1:], strict=False):
            if before.cuff_off_at is not None:
                gaps.append(max(0.0, (after.cuff_on_at - before.cuff_off_at).total_seconds()))
        return tuple(gaps)
