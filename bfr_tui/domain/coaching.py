"""What a coach's overview counts for each lifter, and over which stretch of days.

The windows reach back from the moment the overview is read, not to a calendar day's
start, so "the last 7 days" is the same stretch whatever the hour. A block logged after
that moment (a clock set back) is counted: it is in the log, and recent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bfr_tui.domain.occlusion import cuff_time_s
from bfr_tui.domain.progression import MIN_RECOVERY

# A week and four weeks of training: the recent load and the load a coach plans around.
WEEK = timedelta(days=7)
FOUR_WEEKS = timedelta(days=28)
# Red flags (R7) stay in view for two weeks, long enough to see one at the next visits.
RED_FLAG_WINDOW = timedelta(days=14)
# Every block the overview counts or rests a limb for is this recent (R10's 36 h is shorter).
COUNTED_SINCE = max(WEEK, FOUR_WEEKS, MIN_RECOVERY)


@dataclass(frozen=True, slots=True)
class RecentTraining:
    """Blocks and cuff time (R6) in the last week and the last four weeks."""

    blocks_week: int = 0
    cuff_s_week: float = 0.0
    blocks_four_weeks: int = 0
    cuff_s_four_weeks: float = 0.0


def recent_training(
    blocks: Iterable[tuple[datetime, datetime | None]], *, now: datetime
) -> RecentTraining:
    """Count blocks given as (cuff-on, cuff-off) into the two windows ending at ``now``.

    A block still open (no cuff-off) counts as a block, with no cuff time yet.
    """
    week = four_weeks = 0
    cuff_week = cuff_four_weeks = 0.0
    for cuff_on_at, cuff_off_at in blocks:
        if cuff_on_at < now - FOUR_WEEKS:
            continue
        cuff_s = 0.0 if cuff_off_at is None else cuff_time_s(cuff_on_at, cuff_off_at)
        four_weeks += 1
        cuff_four_weeks += cuff_s
        if cuff_on_at >= now - WEEK:
            week += 1
            cuff_week += cuff_s
    return RecentTraining(week, cuff_week, four_weeks, cuff_four_weeks)
