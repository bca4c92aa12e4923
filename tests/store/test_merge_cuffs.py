"""``copy --merge`` of a laptop's log into a log with training in it (a SQLite file, a
server's database) carries each lifter's cuffs, archived ones and those no block uses
yet, their LOPs and their LOP re-measure interval; merging again adds nothing, and a
cuff that is another cuff under the same name refuses the merge before it writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bfr_tui.cli import main
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.pressure_prescription import DEFAULT_REMEASURE_DAYS
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import StoreError, TrainingLog
from tests.cuffs import DEVICE, THIGH, WRAP, lop
from tests.store.test_cuffs import leg_plan, run_block
from tests.store.test_engines import CUFF_ON, a_set, exported, run_a_block

TWO_LOPS = (lop(250, cuff=THIGH), lop(180, cuff=DEVICE, side=Side.RIGHT, days_ago=10))


def prepared(url: str) -> TrainingLog:
    opened = open_log(url)
    opened.upgrade()
    opened.seed_library_if_empty(now=CUFF_ON)
    return opened


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[TrainingLog]:
    """A laptop's log: Ana with a block, a thigh cuff no block uses, the device she put
    away, an LOP with each and a 21-day re-measure interval; Ben with a block."""
    log = prepared(sqlite_url(tmp_path / "laptop.db"))
    ben = log.add_lifter("Ben")
    log.use_lifter(ben)
    run_a_block(log, reps=(30, 12))
    log.use_lifter(log.add_lifter("Ana"))
    run_a_block(log)
    thigh = log.add_cuff(THIGH)
    device = log.add_cuff(DEVICE)
    log.record_lop(TWO_LOPS[0], cuff_id=thigh.id)
    log.record_lop(TWO_LOPS[1], cuff_id=device.id)
    log.archive_cuff(device.id)
    log.save_lop_remeasure_days(21)
    yield log
    log.close()


@pytest.fixture
def gym(log_url: str) -> Iterator[TrainingLog]:
    """The gym's log, with training in it: "ana" (the same lifter, in another case) has a
    block of her own there, two days before the laptop's, and nothing else."""
    log = prepared(log_url)
    log.use_lifter(log.add_lifter("ana"))
    run_a_block(log, reps=(30, 15, 15, 15, 15), cuff_on=CUFF_ON - timedelta(days=2))
    yield log
    log.close()


def cuffs_of(log: TrainingLog) -> list[tuple[str, bool]]:
    return [(record.cuff.name, record.archived) for record in log.cuffs(include_archived=True)]


def test_a_merge_carries_cuffs_lops_and_the_interval_and_merging_again_adds_nothing(
    laptop: TrainingLog, gym: TrainingLog
) -> None:
    merged = laptop.copy_into(gym, merge=True, now=CUFF_ON)

    said = merged.lines()
    assert "Also added 2 cuffs no block uses yet and 2 LOPs." in said
    assert f"LOP re-measure interval taken from {laptop.location}: ana 21 days." in said
    assert [lifter.name for lifter in gym.lifters()] == ["ana", "Ben"]
    assert cuffs_of(gym) == [("Delfi", True), ("Thigh cuff", False)]
    assert gym.lop_measurements() == [TWO_LOPS[1], TWO_LOPS[0]]
    assert gym.lop_remeasure_days() == 21
    # Her training came along as before: the laptop's block beside the gym's.
    assert gym.count_history() == 2
    after = exported(gym)

    again = laptop.copy_into(gym, merge=True, now=CUFF_ON).lines()

    assert again[-1].startswith("Nothing new")
    assert not any(line.startswith(("Also added", "LOP re-measure")) for line in again)
    assert cuffs_of(gym) == [("Delfi", True), ("Thigh cuff", False)]
    assert len(gym.lop_measurements()) == 2
    assert exported(gym) == after


def test_a_cuff_put_away_after_a_block_in_it_arrives_with_the_block_still_put_away(
    laptop: TrainingLog, gym: TrainingLog
) -> None:
    device = next(record for record in laptop.cuffs(include_archived=True)
                  if record.cuff == DEVICE)
    laptop.archive_cuff(device.id, archived=False)
    run_block(laptop, leg_plan(laptop, cuff_id=device.id, pressure_mmhg=180.0),
              (a_set(1, 30),))
    laptop.archive_cuff(device.id)

    said = laptop.copy_into(gym, merge=True, now=CUFF_ON).lines()

    # The import adds the cuff her block names; the merge then puts it away, as it was.
    assert "Added cuffs: Delfi." in said
    assert "Also added 1 cuff no block uses yet and 2 LOPs." in said
    assert cuffs_of(gym) == [("Delfi", True), ("Thigh cuff", False)]
    assert gym.count_history() == 3


def test_a_lifter_with_an_interval_of_their_own_keeps_it_and_their_cuff_stays_as_it_is(
    laptop: TrainingLog, gym: TrainingLog
) -> None:
    gym.save_lop_remeasure_days(14)
    # The device is in use at the gym: the laptop's putting it away does not move it.
    gym.add_cuff(DEVICE)

    said = laptop.copy_into(gym, merge=True, now=CUFF_ON).lines()

    assert "Also added 1 cuff no block uses yet and 2 LOPs." in said
    assert not any(line.startswith("LOP re-measure") for line in said)
    assert gym.lop_remeasure_days() == 14
    assert cuffs_of(gym) == [("Delfi", False), ("Thigh cuff", False)]
    assert len(gym.lop_measurements()) == 2


def test_a_lifter_only_the_laptop_has_arrives_with_their_cuffs_and_lops(
    laptop: TrainingLog, gym: TrainingLog
) -> None:
    # Cy has measured an LOP and trained nothing: the CSV holds no row of hers.
    cy = laptop.add_lifter("Cy")
    laptop.use_lifter(cy)
    thigh = laptop.add_cuff(THIGH)
    laptop.record_lop(TWO_LOPS[0], cuff_id=thigh.id)

    said = laptop.copy_into(gym, merge=True, now=CUFF_ON).lines()

    assert "Also added 3 cuffs no block uses yet and 3 LOPs." in said
    gym.use_lifter(gym.lifter_called("Cy"))
    assert cuffs_of(gym) == [("Thigh cuff", False)]
    assert gym.lop_measurements() == [TWO_LOPS[0]]
    assert gym.lop_remeasure_days() == DEFAULT_REMEASURE_DAYS


def test_a_cuff_of_another_kind_under_the_same_name_refuses_the_whole_merge(
    laptop: TrainingLog, gym: TrainingLog
) -> None:
    # At the gym, "thigh CUFF" is Ana's knee wrap: not the laptop's pneumatic cuff.
    gym.add_cuff(replace(WRAP, name="thigh CUFF"))
    before = exported(gym)
    lifters = gym.lifters()

    with pytest.raises(StoreError) as refused:
        laptop.copy_into(gym, merge=True, now=CUFF_ON)

    assert str(refused.value) == (
        "Ana's cuff 'Thigh cuff' is a pneumatic cuff with a gauge, 11.5 cm wide in "
        f"{laptop.location}, but their cuff of that name in {gym.location} is an elastic "
        "wrap, 7.5 cm wide. Rename one of them, so each block keeps the cuff its "
        "pressures were measured with; nothing was merged."
    )
    # Nothing of it was written: not Ben, not Ana's block, cuffs, LOPs or interval.
    assert gym.lifters() == lifters
    assert exported(gym) == before
    assert cuffs_of(gym) == [("thigh CUFF", False)]
    assert gym.lop_measurements() == []
    assert gym.lop_remeasure_days() == DEFAULT_REMEASURE_DAYS


def test_the_command_says_what_it_added_and_why_it_refused(
    laptop: TrainingLog, gym: TrainingLog, log_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    laptop_file = str(tmp_path / "laptop.db")
    assert main(["copy", laptop_file, log_url, "--merge"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == f"Merged {laptop_file} into {gym.location}."
    assert said[-2:] == [
        "Also added 2 cuffs no block uses yet and 2 LOPs.",
        f"LOP re-measure interval taken from {laptop_file}: ana 21 days.",
    ]

    laptop.add_cuff(replace(WRAP, name="Band"))
    gym.add_cuff(replace(THIGH, name="BAND"))
    assert main(["copy", laptop_file, log_url, "--merge"]) == 2
    assert capsys.readouterr().err == (
        "bfr-tui: error: Ana's cuff 'Band' is an elastic wrap, 7.5 cm wide in "
        f"{laptop_file}, but their cuff of that name in {gym.location} is a pneumatic "
        "cuff with a gauge, 11.5 cm wide. Rename one of them, so each block keeps the "
        "cuff its pressures were measured with; nothing was merged.\n"
    )
