"""Session templates: a named, ordered list of BFR blocks the lifter runs as one session.

"Arm finisher" might be dumbbell curl left, dumbbell curl right, triceps pushdown both.
Each block names its exercise, the side the cuff goes on, and its protocol (with its
tempo). Only exercises that may run under a cuff (R1, R5) go in a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bfr_tui.domain.limbs import Limb, Side, bfr_eligibility
from bfr_tui.domain.limits import TEMPLATE_NAME, check_text
from bfr_tui.domain.protocol import Protocol

# A BFR finisher is two or three exercises, limb by limb: a dozen blocks (about an
# hour of cuff work at six minutes a block and the rests between) is far past any
# accessory session, so more is a slip of the keyboard.
MAX_BLOCKS = 12


class TemplateError(ValueError):
    """A template the app will not keep, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class TemplateBlock:
    """One block of a template: which exercise, on which side, by which protocol."""

    exercise_id: int
    exercise_name: str
    limb: Limb
    """The exercise's limb (arm or leg): the limb R10's 36 h rest is counted on."""
    side: Side
    protocol: Protocol

    def describe(self) -> str:
        """``Dumbbell curl, left arm: Classic 30-15-15-15, 30 s rest``."""
        where = (
            f"both {self.limb.value}s" if self.side is Side.BOTH
            else f"{self.side.value} {self.limb.value}"
        )
        return f"{self.exercise_name}, {where}: {self.protocol.describe()}"


@dataclass(frozen=True, slots=True)
class SessionTemplate:
    """A named session: its blocks in the order they are run."""

    name: str
    blocks: tuple[TemplateBlock, ...]

    @property
    def limbs(self) -> frozenset[tuple[Limb, Side]]:
        """Every limb and side the template puts a cuff on (both sides count for each)."""
        return frozenset(
            (block.limb, side) for block in self.blocks for side in sides_of(block.side)
        )


def sides_of(side: Side) -> tuple[Side, ...]:
    """The single sides a cuff goes on: left and right for a block on both."""
    return (Side.LEFT, Side.RIGHT) if side is Side.BOTH else (side,)


def template_block(
    *, exercise_id: int, exercise_name: str, limb: Limb | str, compound: bool,
    side: Side | str, protocol: Protocol,
) -> TemplateBlock:
    """A block for a template; TemplateError for an exercise that takes no cuff (R1, R5)."""
    allowed = bfr_eligibility(limb=limb, compound=compound)
    if not allowed.allowed:
        raise TemplateError(f"{exercise_name}: {allowed.reason}")
    return TemplateBlock(
        exercise_id=exercise_id, exercise_name=exercise_name, limb=Limb(limb),
        side=Side(side), protocol=protocol,
    )


def session_template(*, name: str, blocks: Iterable[TemplateBlock]) -> SessionTemplate:
    """A template from what the lifter typed and picked; TemplateError when it has no
    name, no block, or more blocks than any BFR session takes.

    The name is cleaned as every typed line is (``limits.check_text``).
    """
    named = check_text(name, TEMPLATE_NAME)
    if not named.ok:
        raise TemplateError(named.message)
    chosen = tuple(blocks)
    if not chosen:
        raise TemplateError("Add at least one block: an exercise, its side and protocol.")
    if len(chosen) > MAX_BLOCKS:
        raise TemplateError(
            f"Keep a template to {MAX_BLOCKS} blocks (this one has {len(chosen)}): "
            "BFR is a short finisher. Split it into two templates."
        )
    for block in chosen:
        if block.limb is Limb.NONE:
            raise TemplateError(f"{block.exercise_name}: a cuff only goes on an arm or a leg.")
    return SessionTemplate(name=named.value, blocks=chosen)


def template_warnings(template: SessionTemplate) -> list[str]:
    """What the lifter may want to look at again, though the template is allowed.

    The same exercise on the same side twice in one session occludes that limb twice:
    sometimes meant (a second round), more often a slip. A block on both sides counts
    for each.
    """
    warnings: list[str] = []
    seen: dict[tuple[int, Side], int] = {}
    for position, block in enumerate(template.blocks, start=1):
        for side in sides_of(block.side):
            earlier = seen.get((block.exercise_id, side))
            if earlier is not None:
                warnings.append(
                    f"Block {position} repeats {block.exercise_name} on the {side.value} "
                    f"{block.limb.value} (block {earlier}): that limb is occluded twice. "
                    "Keep it only if you mean a second round."
                )
                break
        for side in sides_of(block.side):
            seen.setdefault((block.exercise_id, side), position)
    return warnings
