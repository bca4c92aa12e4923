"""The weekly plan: which templates on which weekdays, or N times a week, and what R10's
36 h rest holds back today.

Weeks run Monday to Sunday, as ``date.weekday()`` counts them (0 is Monday). Every
function takes the clock's ``now`` from its caller.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bfr_tui.domain.due import BlockHold, DueTemplate, DueToday
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import TIMES_PER_WEEK
from bfr_tui.domain.progression import MIN_RECOVERY
from bfr_tui.domain.session_template import SessionTemplate, sides_of
from bfr_tui.domain.weeks import week_start

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PlanError(ValueError):
    """A plan the app will not keep, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One template in the plan: on a weekday, or a number of times a week.

    Exactly one of ``weekday`` (0 Monday to 6 Sunday) and ``times_per_week`` is set.
    """

    template_id: int
    weekday: int | None = None
    times_per_week: int | None = None

    def describe(self) -> str:
        """``Monday``, ``3 times a week``."""
        if self.weekday is not None:
            return WEEKDAY_NAMES[self.weekday]
        return "once a week" if self.times_per_week == 1 else f"{self.times_per_week} times a week"


@dataclass(frozen=True, slots=True)
class WeeklyPlan:
    """The lifter's week: each entry a template on a weekday or N times a week."""

    entries: tuple[PlanEntry, ...] = ()


def plan_entry(
    *, template_id: int, weekday: int | None = None, times_per_week: int | None = None
) -> PlanEntry:
    """One entry; PlanError unless it has a weekday or a count in range, not both."""
    if (weekday is None) == (times_per_week is None):
        raise PlanError("Put the template on a weekday, or give how many times a week.")
    if weekday is not None and not 0 <= weekday <= 6:
        raise PlanError(f"A weekday is 0 (Monday) to 6 (Sunday), not {weekday}.")
    if times_per_week is not None and not TIMES_PER_WEEK.contains(times_per_week):
        raise PlanError(TIMES_PER_WEEK.out_of_range(times_per_week))
    return PlanEntry(template_id=template_id, weekday=weekday, times_per_week=times_per_week)


def weekly_plan(entries: Iterable[PlanEntry]) -> WeeklyPlan:
    """A plan, weekdays in week order; PlanError for a template both on weekdays and N
    times a week (the two would count its sessions twice), or planned twice alike."""
    chosen = tuple(entries)
    by_weekday: set[int] = set()
    by_count: set[int] = set()
    seen: set[tuple[int, int | None]] = set()
    for entry in chosen:
        if entry.weekday is not None:
            if (entry.template_id, entry.weekday) in seen:
                raise PlanError(
                    f"The template is on {WEEKDAY_NAMES[entry.weekday]} twice: once is enough."
                )
            seen.add((entry.template_id, entry.weekday))
            by_weekday.add(entry.template_id)
        else:
            if entry.template_id in by_count:
                raise PlanError("Give a template's times a week once.")
            by_count.add(entry.template_id)
    if by_weekday & by_count:
        raise PlanError(
            "Plan a template on weekdays or a number of times a week, not both."
        )
    ordered = sorted(
        chosen, key=lambda entry: (entry.weekday is None, entry.weekday or 0)
    )
    return WeeklyPlan(entries=tuple(ordered))


def days_done(
    templates: Mapping[int, SessionTemplate], blocks: Iterable[tuple[datetime, int, Side]]
) -> dict[int, set[date]]:
    """The days each template was done on, read from the blocks logged (cuff-on,
    exercise id, side), as history lists them.

    A template counts as done on a day when that day's blocks cover every one of its
    blocks: the same exercise on the same sides (a block on both sides covers left and
    right). Blocks started by hand count as well as a template's run; a run a red flag
    ended before its last block does not count.
    """
    trained: dict[date, set[tuple[int, Side]]] = {}
    for cuff_on_at, exercise_id, side in blocks:
        trained.setdefault(cuff_on_at.date(), set()).update(
            (exercise_id, one_side) for one_side in sides_of(side)
        )
    return {
        template_id: {
            day for day, done in trained.items()
            if all(
                (block.exercise_id, one_side) in done
                for block in template.blocks for one_side in sides_of(block.side)
            )
        }
        for template_id, template in templates.items()
    }


def done_counts(done: Mapping[int, set[date]], *, today: date) -> tuple[dict[int, int], set[int]]:
    """From :func:`days_done`: each template's days done this week (Monday to today), and
    the templates done today: ``due_today``'s ``done_this_week`` and ``done_today``."""
    monday = week_start(today)
    this_week = {
        template_id: sum(1 for day in days if monday <= day <= today)
        for template_id, days in done.items()
    }
    return this_week, {template_id for template_id, days in done.items() if today in days}


def block_holds(
    template: SessionTemplate, *, last_trained: Mapping[tuple[Limb, Side], datetime],
    now: datetime,
) -> tuple[BlockHold, ...]:
    """The template's blocks whose limb and side had a BFR block under 36 h ago (R10).

    ``last_trained`` gives the latest earlier block per limb and single side (left or
    right; a block on both counts for each), as the log reads it. A block on both
    sides frees when both sides do. As ``progression.recovery_warning`` does, a block
    logged after ``now`` (a clock set back) counts as recent.
    """
    holds: list[BlockHold] = []
    for position, block in enumerate(template.blocks, start=1):
        frees = [
            last_trained[(block.limb, side)] + MIN_RECOVERY
            for side in sides_of(block.side)
            if (block.limb, side) in last_trained
        ]
        latest = max(frees, default=None)
        if latest is not None and latest > now:
            holds.append(BlockHold(position=position, block=block, frees_at=latest))
    return tuple(holds)


def due_today(
    plan: WeeklyPlan, templates: Mapping[int, SessionTemplate], *, now: datetime,
    done_this_week: Mapping[int, int], done_today: Collection[int],
    last_trained: Mapping[tuple[Limb, Side], datetime],
) -> list[DueTemplate]:
    """What the plan puts on today, in plan order, each with what R10 holds back.

    A weekday entry is due on its weekday; an N-times-a-week entry every day until it
    was done N times this week. Neither is due again once done today. ``templates``
    holds the lifter's templates in use by id: an entry for one archived since is left
    out. ``done_this_week`` counts each template's sessions since Monday (today's too);
    ``done_today`` names the templates already done today.
    """
    today = now.date()
    due: list[DueTemplate] = []
    for entry in plan.entries:
        template = templates.get(entry.template_id)
        if template is None or entry.template_id in done_today:
            continue
        if entry.weekday is not None:
            if entry.weekday != today.weekday():
                continue
            why = f"Planned for {WEEKDAY_NAMES[entry.weekday]}"
        else:
            wanted = entry.times_per_week or 0
            done = done_this_week.get(entry.template_id, 0)
            if done >= wanted:
                continue
            why = f"{done} of {wanted} this week done"
        if any(earlier.template_id == entry.template_id for earlier in due):
            continue
        due.append(DueTemplate(
            template_id=entry.template_id, template=template, why=why,
            holds=block_holds(template, last_trained=last_trained, now=now),
        ))
    return due


def plan_today(
    plan: WeeklyPlan, templates: Mapping[int, SessionTemplate], *,
    blocks: Iterable[tuple[datetime, int, Side]],
    last_trained: Mapping[tuple[Limb, Side], datetime], now: datetime,
) -> DueToday:
    """What is due today and what R10 holds back, from the plan, the templates in use,
    the blocks logged since Monday (cuff-on, exercise id, side; earlier ones are left out)
    and ``due_today``'s ``last_trained``."""
    if not plan.entries:
        return DueToday(planned=False)
    done_this_week, done_today = done_counts(days_done(templates, blocks), today=now.date())
    return DueToday(planned=True, due=tuple(due_today(
        plan, templates, now=now, done_this_week=done_this_week, done_today=done_today,
        last_trained=last_trained,
    )))
