"""Set protocols: the classic 30-15-15-15 and the lifter's own (R4)."""

from __future__ import annotations

from dataclasses import dataclass

from bfr_tui.domain.limits import PROTOCOL_SETS, REST_S, TARGET_REPS
from bfr_tui.domain.tempo import CLASSIC_TEMPO, Tempo

# R4 (seed; PMC7534706 table 3): 30 reps, then 15, 15, 15, about 30 s rest, cuff
# on for the whole sequence.
CLASSIC_REPS: tuple[int, ...] = (30, 15, 15, 15)
CLASSIC_REST_S = 30

# Limits for a custom protocol, with their reasons, live in domain.limits.
MIN_SETS, MAX_SETS = int(PROTOCOL_SETS.low), int(PROTOCOL_SETS.high)
MIN_TARGET_REPS, MAX_TARGET_REPS = int(TARGET_REPS.low), int(TARGET_REPS.high)
MIN_REST_S, MAX_REST_S = int(REST_S.low), int(REST_S.high)


class ProtocolError(ValueError):
    """A custom protocol that the app will not run."""


@dataclass(frozen=True, slots=True)
class Protocol:
    """How many sets, the target reps of each, the rest between them, and the tempo."""

    name: str
    target_reps: tuple[int, ...]
    rest_s: int
    tempo: Tempo | None = CLASSIC_TEMPO
    """The beat the reps follow (R15); None when the lifter turned it off."""

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
                    name: str = "Custom", tempo: Tempo | None = CLASSIC_TEMPO) -> Protocol:
    """Build a custom protocol, refusing values outside safe, sensible ranges."""
    reps = tuple(target_reps)
    if not PROTOCOL_SETS.contains(len(reps)):
        raise ProtocolError(f"A protocol has {MIN_SETS} to {MAX_SETS} sets, not {len(reps)}.")
    for number, target in enumerate(reps, start=1):
        if not TARGET_REPS.contains(target):
            raise ProtocolError(
                f"Set {number}: target reps must be {MIN_TARGET_REPS}-{MAX_TARGET_REPS}, "
                f"not {target}."
            )
    if not REST_S.contains(rest_s):
        raise ProtocolError(REST_S.out_of_range(rest_s))
    return Protocol(name=name.strip() or "Custom", target_reps=reps, rest_s=rest_s, tempo=tempo)


def parse_reps(text: str) -> tuple[int, ...]:
    """Read ``30-15-15-15`` or ``30,15,15,15`` into target reps."""
    parts = [p for p in text.replace(",", "-").replace(" ", "-").split("-") if p]
    # ASCII digits only: int() would also take "1_0" or other scripts' digits.
    if not all(p.isascii() and p.isdigit() for p in parts):
        raise ProtocolError(f"Target reps look like 30-15-15-15, not {text!r}.")
    return tuple(int(p) for p in parts)


def protocol_from_stored(
    *, name: str, reps_text: str, rest_s: int, tempo: Tempo | None = CLASSIC_TEMPO
) -> Protocol:
    """Rebuild a protocol from what a block stored; without a stored tempo, the
    protocol's default (the classic 2 s / 2 s) applies."""
    rebuilt = Protocol(name=name, target_reps=parse_reps(reps_text), rest_s=rest_s, tempo=tempo)
    return CLASSIC if rebuilt == CLASSIC else rebuilt
