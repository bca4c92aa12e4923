"""The occlusion clock: how long the cuff has been on (R6)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

# R6: Patterson 2019 and Loenneke keep one exercise to about 5-10 min of continuous
# cuff time; the seed warns against 20-30 min sessions.
AMBER_AFTER_S = 7 * 60
RED_AFTER_S = 10 * 60
SESSION_WARNING_AFTER_S = 20 * 60


class OcclusionLevel(StrEnum):
    """Colour of the occlusion clock."""

    OK = "ok"
    AMBER = "amber"
    RED = "red"


def occlusion_level(continuous_s: float) -> OcclusionLevel:
    """OK below 7 min of continuous cuff time, amber from 7, red from 10."""
    if continuous_s >= RED_AFTER_S:
        return OcclusionLevel.RED
    if continuous_s >= AMBER_AFTER_S:
        return OcclusionLevel.AMBER
    return OcclusionLevel.OK


def occlusion_message(continuous_s: float) -> str:
    """What the clock says at this level."""
    level = occlusion_level(continuous_s)
    if level is OcclusionLevel.RED:
        return "10 min under the cuff: release it now and end this block."
    if level is OcclusionLevel.AMBER:
        return "7 min under the cuff: wrap this block up; release it by 10 min."
    return ""


def session_total_warning(total_s: float) -> str:
    """Warn when the session's cuff time adds up to 20 min or more."""
    if total_s >= SESSION_WARNING_AFTER_S:
        return (
            f"{total_s / 60:.0f} min of cuff time today. BFR is not a marathon: "
            "call it a session."
        )
    return ""


def cuff_time_s(cuff_on_at: datetime, cuff_off_at: datetime) -> float:
    """Seconds between cuff-on and cuff-off as logged; never negative, because a wall
    clock set back in between must not take cuff time off a session's total."""
    return max(0.0, (cuff_off_at - cuff_on_at).total_seconds())


def format_duration(seconds: float) -> str:
    """``mm:ss`` below an hour, ``h:mm:ss`` above."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
