"""The rows of ``plan_statements`` made into the plan, the templates and the due panel's
answer, with the domain's rules (``weekly_plan``, R10's 36 h and the same visit in
``progression``). ``plan_reads`` reads the rows with the engine's own driver;
``session_templates`` reads the plan and the templates' blocks through SQLAlchemy and
makes them here too.
"""

from __future__ import annotations

from datetime import datetime

from bfr_tui.domain.due import DueToday
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.progression import MIN_RECOVERY, joins_visit
from bfr_tui.domain.protocol import protocol_from_stored
from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock, sides_of
from bfr_tui.domain.tempo import parse_tempo
from bfr_tui.domain.weekly_plan import PlanEntry, WeeklyPlan, plan_today
from bfr_tui.domain.weeks import week_start
from bfr_tui.store.first_reads import Rows, moment_stored
from bfr_tui.store.utc_time import start_of_local_day


def stored_template_block(
    exercise_id: int, exercise_name: str, limb: str, side: str, protocol_name: str,
    protocol_reps: str, rest_target_s: int, tempo: str,
) -> TemplateBlock:
    """A template's block from its stored columns and its exercise's name and limb."""
    return TemplateBlock(
        exercise_id=exercise_id, exercise_name=exercise_name, limb=Limb(limb),
        side=Side(side),
        protocol=protocol_from_stored(
            name=protocol_name, reps_text=protocol_reps, rest_s=rest_target_s,
            tempo=parse_tempo(tempo),
        ),
    )


def plan_from_rows(rows: Rows) -> WeeklyPlan:
    """The plan from the rows of ``PLAN_ENTRIES``: weekdays in week order, then the
    N-times-a-week entries."""
    entries = sorted(
        (PlanEntry(template_id=template_id, weekday=weekday, times_per_week=times)
         for template_id, weekday, times in rows),
        key=lambda entry: (entry.weekday is None, entry.weekday or 0),
    )
    return WeeklyPlan(entries=tuple(entries))


def templates_from_rows(rows: Rows) -> dict[int, SessionTemplate]:
    """The templates in use by id, from the rows of ``TEMPLATE_BLOCKS_IN_USE``."""
    names: dict[int, str] = {}
    blocks: dict[int, list[TemplateBlock]] = {}
    for template_id, name, *block in rows:
        names[template_id] = name
        blocks.setdefault(template_id, []).append(stored_template_block(*block))
    return {
        template_id: SessionTemplate(name=name, blocks=tuple(blocks[template_id]))
        for template_id, name in names.items()
    }


def blocks_read_from(now: datetime) -> datetime:
    """Where the blocks the due panel needs start: Monday's, for what was done this week,
    and the last 36 h's, for what R10 still holds back."""
    return min(start_of_local_day(week_start(now.date())), now - MIN_RECOVERY)


def due_from_rows(
    *, plan: Rows, templates: Rows, latest_visit: Rows, blocks: Rows, now: datetime
) -> DueToday:
    """What is due at ``now``, from the rows of the ``plan_statements`` they are named
    after (``blocks`` from :func:`blocks_read_from`)."""
    weekly_plan = plan_from_rows(plan)
    if not weekly_plan.entries:
        return DueToday(planned=False)
    visit_id = None
    for found_id, started_at, last_activity in latest_visit:
        reference = moment_stored(last_activity) or moment_stored(started_at)
        if reference is not None and joins_visit(reference, now=now):
            visit_id = found_id
    logged: list[tuple[datetime, int, Side]] = []
    # R10 counts earlier visits only: the left arm after the right today holds nothing.
    last_trained: dict[tuple[Limb, Side], datetime] = {}
    for cuff_on_at, exercise_id, side, limb, session_id in blocks:
        on = moment_stored(cuff_on_at)
        assert on is not None
        logged.append((on, exercise_id, Side(side)))
        if session_id == visit_id or Limb(limb) is Limb.NONE:
            continue
        for one_side in sides_of(Side(side)):
            key = (Limb(limb), one_side)
            if key not in last_trained or on > last_trained[key]:
                last_trained[key] = on
    return plan_today(
        weekly_plan, templates_from_rows(templates), blocks=logged,
        last_trained=last_trained, now=now,
    )
