"""How well each week kept the weekly plan: the sessions it asks for, and how many of
them were done.

The log keeps only the plan as it is now, so every week is measured against it; the
screens that show these counts say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bfr_tui.domain.session_template import SessionTemplate
from bfr_tui.domain.weekly_plan import WeeklyPlan
from bfr_tui.domain.weeks import WEEK, week_start


@dataclass(frozen=True, slots=True)
class WeekKept:
    """One week against the plan."""

    planned: int
    """Sessions the plan asks for in a week: a template's weekdays, or its times a week."""
    done: int
    """Of those, the ones done: each template's days done that week, up to its planned
    count (a fourth session of a template planned three times counts three)."""


def sessions_planned(
    plan: WeeklyPlan, templates: Mapping[int, SessionTemplate]
) -> dict[int, int]:
    """Each planned template in use (in ``templates``) and its sessions a week."""
    planned: dict[int, int] = {}
    for entry in plan.entries:
        if entry.template_id not in templates:
            continue
        sessions = 1 if entry.weekday is not None else entry.times_per_week or 0
        planned[entry.template_id] = planned.get(entry.template_id, 0) + sessions
    return planned


def week_kept(
    plan: WeeklyPlan, templates: Mapping[int, SessionTemplate],
    done: Mapping[int, set[date]], *, week_of: date,
) -> WeekKept:
    """The week of ``week_of`` against the plan, from ``weekly_plan.days_done``'s days."""
    monday = week_start(week_of)
    planned = sessions_planned(plan, templates)
    done_count = sum(
        min(wanted, sum(1 for day in done.get(template_id, set())
                        if monday <= day < monday + WEEK))
        for template_id, wanted in planned.items()
    )
    return WeekKept(planned=sum(planned.values()), done=done_count)
