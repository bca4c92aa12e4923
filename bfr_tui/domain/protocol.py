"""Set protocols: the classic 30-15-15-15 and the lifter's own (R4)."""

from __future__ import annotations

from dataclasses import dataclass

# R4 (seed; PMC7534706 table 3): 30 reps, then 15, 15, 15, about 30 s rest, cuff
# on for the whole sequence.
CLASSIC_REPS: tuple[int, ...] = (30, 15, 15, 15)
CLASSIC_REST_S = 30

# Limits for a custom protocol. Rest: Patterson 2019 gives 30-60 s; we accept
# 15-90 s so a lifter can be a little quicker or slower, not turn one block into
# a marathon under the cuff (R6).
MIN_SETS, MAX_SETS = 1, 8
MIN_TARGET_REPS, MAX_TARGET_REPS = 1, 50
MIN_REST_S, MAX_REST_S = 15, 90


class ProtocolError(ValueError):
    """A custom protocol that the app will not run."""


@dataclass(frozen=True, slots=True)
class Protocol:
    """How many sets, the target reps of each, and the rest between them."""

    name: str
    target_reps: tuple[int, ...]
    rest_s: int

    @property
    def sets(self) -> int:
        """Number of sets in the block."""
        return len(self.target_reps)

    def target_for(self, set_number: int) -> int:
        """Target reps for a 1-based set number."""
        return self.target_reps[set_number - 1]

    @property
    def reps_text(self) -> str:
        """``30-15-15-15``."""
        return "-".join(str(r) for r in self.target_reps)

    def describe(self) -> str:
        """``Classic 30-15-15-15, 30 s rest``."""
        return f"{self.name} {self.reps_text}, {self.rest_s} s rest"


CLASSIC = Protocol(name="Classic", target_reps=CLASSIC_REPS, rest_s=CLASSIC_REST_S)


def custom_protocol(*, target_reps: list[int] | tuple[int, ...], rest_s: int,
                    name: str = "Custom") -> Protocol:
    """Build a custom protocol, refusing values outside safe, sensible ranges."""
    reps = tuple(target_reps)
    if not MIN_SETS <= len(reps) <= MAX_SETS:
        raise ProtocolError(f"A protocol has {MIN_SETS} to {MAX_SETS} sets, not {len(reps)}.")
    for number, target in enumerate(reps, start=1):
        if not MIN_TARGET_REPS <= target <= MAX_TARGET_REPS:
            raise ProtocolError(
                f"Set {number}: target reps must be {MIN_TARGET_REPS}-{MAX_TARGET_REPS}, "
                f"not {target}."
            )
    if not MIN_REST_S <= rest_s <= MAX_REST_S:
        raise ProtocolError(f"Rest must be {MIN_REST_S}-{MAX_REST_S} s, not {rest_s} s.")
    return Protocol(name=name.strip() or "Custom", target_reps=reps, rest_s=rest_s)


def parse_reps(text: str) -> tuple[int, ...]:
    """Read ``30-15-15-15`` or ``30,15,15,15`` into target reps."""
    parts = [p for p in text.replace(",", "-").replace(" ", "-").split("-") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError as error:
        raise ProtocolError(f"Target reps look like 30-15-15-15, not {text!r}.") from error


def protocol_from_stored(*, name: str, reps_text: str, rest_s: int) -> Protocol:
    """Rebuild a protocol from what a block stored."""
    if name == CLASSIC.name and parse_reps(reps_text) == CLASSIC_REPS and rest_s == CLASSIC_REST_S:
        return CLASSIC
    return Protocol(name=name, target_reps=parse_reps(reps_text), rest_s=rest_s)
