"""What ``bfr-tui copy --merge`` carries besides the training the native CSV holds: each
lifter's cuffs (those no block names yet and archived ones too), their limb occlusion
pressures and their LOP re-measure interval (R12, R14).

Read and written through the ``TrainingLog`` interface, lifter by lifter, so it works
the same on every engine. Cuffs match as the CSV import matches them: by name, in any
case or spacing, and a cuff of the same name must be of the same kind and width.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from bfr_tui.domain.cuff_profile import CuffProfile
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMeasurement, LopMethod
from bfr_tui.domain.pressure_prescription import DEFAULT_REMEASURE_DAYS
from bfr_tui.store.names import name_key
from bfr_tui.training_log import CuffRecord, LifterFacts, StoreError


class LogOfCuffs(Protocol):
    """What the merge asks of a training log (``TrainingLog``'s methods of these names)."""

    def lifters(self) -> list[LifterFacts]: ...

    def add_lifter(self, name: str) -> LifterFacts: ...

    def use_lifter(self, lifter: LifterFacts) -> None: ...

    def cuffs(self, *, include_archived: bool = False) -> list[CuffRecord]: ...

    def add_cuff(self, cuff: CuffProfile) -> CuffRecord: ...

    def archive_cuff(self, cuff_id: int, *, archived: bool = True) -> None: ...

    def lop_measurements(self) -> list[LopMeasurement]: ...

    def record_lops(self, measurements: Sequence[tuple[LopMeasurement, int]]) -> None: ...

    def lop_remeasure_days(self) -> int: ...

    def save_lop_remeasure_days(self, days: int) -> None: ...


@dataclass(frozen=True, slots=True)
class LiftersCuffs:
    """One lifter's cuffs, LOPs and re-measure interval, as one log has them."""

    name: str
    cuffs: tuple[CuffRecord, ...]
    lops: tuple[LopMeasurement, ...]
    remeasure_days: int

    def cuffs_by_name(self) -> dict[str, tuple[CuffProfile, bool]]:
        """Each cuff by its name key, with whether it is archived; a cuff only an LOP
        names (added between the reads) counts too, not archived."""
        named = {name_key(record.cuff.name): (record.cuff, record.archived)
                 for record in self.cuffs}
        for measurement in self.lops:
            named.setdefault(name_key(measurement.cuff.name), (measurement.cuff, False))
        return named

    @property
    def has_any(self) -> bool:
        """Whether there is anything of theirs to carry."""
        return bool(self.cuffs or self.lops or self.remeasure_days != DEFAULT_REMEASURE_DAYS)


@dataclass(frozen=True, slots=True)
class CuffsMerged:
    """What the merge added to the target besides the CSV import."""

    cuffs: int = 0
    """Cuffs the target's lifters lacked and no merged block named."""
    lops: int = 0
    remeasure_days: tuple[tuple[str, int], ...] = ()
    """(lifter, days): the re-measure intervals taken from the source."""


# The same LOP: one limb and side, one cuff (by name), one position, method, day and value.
LopKey = tuple[Limb, Side, str, BodyPosition, LopMethod, date, int]


def _lop_key(measurement: LopMeasurement) -> LopKey:
    return (
        measurement.limb, measurement.side, name_key(measurement.cuff.name),
        measurement.position, measurement.method, measurement.measured_on,
        measurement.mmhg,
    )


def read_lifters_cuffs(log: LogOfCuffs) -> list[LiftersCuffs]:
    """Every lifter's cuffs (archived too), LOPs and re-measure interval in ``log``,
    which is left pointed at the last of them."""
    found = []
    for lifter in log.lifters():
        log.use_lifter(lifter)
        found.append(LiftersCuffs(
            name=lifter.name,
            cuffs=tuple(log.cuffs(include_archived=True)),
            lops=tuple(log.lop_measurements()),
            remeasure_days=log.lop_remeasure_days(),
        ))
    return found


def _other_cuff(
    lifter: str, theirs: CuffProfile, mine: CuffProfile, *, source: str, target: str,
    merged: bool,
) -> StoreError:
    """The refusal of a cuff that is not the target lifter's cuff of that name."""
    outcome = (
        "the training was merged, their cuffs and LOPs were not"
        if merged else "nothing was merged"
    )
    return StoreError(
        f"{lifter}'s cuff {theirs.name!r} is {theirs.kind_and_width()} in {source}, but "
        f"their cuff of that name in {target} is {mine.kind_and_width()}. Rename one of "
        f"them, so each block keeps the cuff its pressures were measured with; {outcome}."
    )


def refuse_other_cuffs(
    source: Sequence[LiftersCuffs], target: Sequence[LiftersCuffs], *,
    source_location: str, target_location: str,
) -> None:
    """StoreError when a source lifter has a cuff that the target's lifter of that name
    has under the same name with another kind or width: checked before anything is
    written, so a refused merge writes nothing."""
    there = {name_key(lifter.name): lifter.cuffs_by_name() for lifter in target}
    for lifter in source:
        have = there.get(name_key(lifter.name), {})
        for key, (cuff, _archived) in lifter.cuffs_by_name().items():
            mine = have.get(key)
            if mine is not None and (mine[0].kind, mine[0].width_cm) != (
                cuff.kind, cuff.width_cm
            ):
                raise _other_cuff(lifter.name, cuff, mine[0], source=source_location,
                                  target=target_location, merged=False)


def add_lifters_cuffs(
    source: Sequence[LiftersCuffs], target: LogOfCuffs, *,
    before: Sequence[LiftersCuffs], source_location: str, target_location: str,
) -> CuffsMerged:
    """Each source lifter's cuffs, LOPs and re-measure interval added to the target's
    lifter of that name (added when the target has none and there is anything to add).

    A cuff the target lifter had before the merge (``before``) keeps its archived
    state there; one the merge added (here, or by the CSV import for a block) takes the
    source's. An LOP is added as often as the source has it more than the target does,
    so merging again adds nothing. The interval is taken only while the target lifter
    has the default: a lifter who set their own on the target keeps it.
    """
    had = {
        name_key(lifter.name): set(lifter.cuffs_by_name()) for lifter in before
    }
    lifters = {name_key(lifter.name): lifter for lifter in target.lifters()}
    cuffs_added = lops_added = 0
    intervals: list[tuple[str, int]] = []
    for lifter in source:
        if not lifter.has_any:
            continue
        whose = name_key(lifter.name)
        found: LifterFacts | None = lifters.get(whose)
        if found is None:
            found = lifters[whose] = target.add_lifter(lifter.name)
        target.use_lifter(found)
        mine = {name_key(record.cuff.name): record
                for record in target.cuffs(include_archived=True)}
        for key, (cuff, archived) in lifter.cuffs_by_name().items():
            record = mine.get(key)
            if record is None:
                record = mine[key] = target.add_cuff(cuff)
                cuffs_added += 1
            elif (record.cuff.kind, record.cuff.width_cm) != (cuff.kind, cuff.width_cm):
                # Given that name on the target after the check, while the merge ran.
                raise _other_cuff(lifter.name, cuff, record.cuff, source=source_location,
                                  target=target_location, merged=True)
            if archived and not record.archived and key not in had.get(whose, set()):
                target.archive_cuff(record.id)
        lacking = Counter(_lop_key(measurement) for measurement in lifter.lops)
        lacking.subtract(_lop_key(measurement) for measurement in target.lop_measurements())
        to_record: list[tuple[LopMeasurement, int]] = []
        for measurement in lifter.lops:
            same = _lop_key(measurement)
            if lacking[same] > 0:
                lacking[same] -= 1
                cuff_there = mine[name_key(measurement.cuff.name)]
                # Recorded with the target's cuff of that name, however it is spelt there.
                to_record.append((replace(measurement, cuff=cuff_there.cuff), cuff_there.id))
        if to_record:
            target.record_lops(to_record)
            lops_added += len(to_record)
        if (
            lifter.remeasure_days != DEFAULT_REMEASURE_DAYS
            and target.lop_remeasure_days() == DEFAULT_REMEASURE_DAYS
        ):
            target.save_lop_remeasure_days(lifter.remeasure_days)
            intervals.append((found.name, lifter.remeasure_days))
    return CuffsMerged(cuffs=cuffs_added, lops=lops_added, remeasure_days=tuple(intervals))
