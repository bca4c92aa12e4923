"""Reads and writes of a lifter's session templates and weekly plan.

Keyword-only functions that take the caller's ``session``, as in ``queries``. A
template's blocks are stored with the protocol as a block stores it (name, target reps,
rest, tempo) and read back with their exercise's current name and limb.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock
from bfr_tui.domain.tempo import tempo_text
from bfr_tui.domain.weekly_plan import WeeklyPlan
from bfr_tui.store.first_reads import LIFTER
from bfr_tui.store.models import (
    Exercise,
    PlanEntry as PlanRow,
    SessionTemplate as TemplateRow,
    TemplateBlock as BlockRow,
)
from bfr_tui.store.names import name_key
from bfr_tui.store.plan_rows import plan_from_rows, stored_template_block
from bfr_tui.store.plan_statements import PLAN_ENTRIES
from bfr_tui.training_log import TemplateRecord


def get_template(*, session: Session, lifter_id: int, template_id: int) -> TemplateRow:
    """The lifter's template with this id; LookupError for none, or another lifter's."""
    row = session.get(TemplateRow, template_id)
    if row is None or row.lifter_id != lifter_id:
        raise LookupError(f"no session template with id {template_id}")
    return row


def _blocks(*, session: Session, template_ids: list[int]) -> dict[int, list[TemplateBlock]]:
    """Each template's blocks in order, with their exercises' names and limbs."""
    found: dict[int, list[TemplateBlock]] = {template_id: [] for template_id in template_ids}
    if not template_ids:
        return found
    rows = session.exec(
        select(BlockRow, Exercise)
        .join(Exercise, col(Exercise.id) == col(BlockRow.exercise_id))
        .where(col(BlockRow.template_id).in_(template_ids))
        .order_by(col(BlockRow.template_id), col(BlockRow.position))
    ).all()
    for block, exercise in rows:
        found[block.template_id].append(stored_template_block(
            block.exercise_id, exercise.name, exercise.limb, block.side, block.protocol_name,
            block.protocol_reps, block.rest_target_s, block.tempo,
        ))
    return found


def _records(*, session: Session, rows: list[TemplateRow]) -> list[TemplateRecord]:
    ids = [row.id for row in rows if row.id is not None]
    blocks = _blocks(session=session, template_ids=ids)
    return [
        TemplateRecord(
            id=row.id, template=SessionTemplate(name=row.name, blocks=tuple(blocks[row.id])),
            archived=row.archived,
        )
        for row in rows if row.id is not None
    ]


def list_templates(
    *, session: Session, lifter_id: int, include_archived: bool = False
) -> list[TemplateRecord]:
    """The lifter's templates, by name as the lifter reads it (any case)."""
    statement = select(TemplateRow).where(TemplateRow.lifter_id == lifter_id)
    if not include_archived:
        statement = statement.where(col(TemplateRow.archived).is_(False))
    # Sorted here: SQLite's lower() folds ASCII only.
    rows = sorted(
        session.exec(statement).all(), key=lambda row: (name_key(row.name), row.id or 0)
    )
    return _records(session=session, rows=rows)


def template_record(*, session: Session, lifter_id: int, template_id: int) -> TemplateRecord:
    """One of the lifter's templates; LookupError as :func:`get_template`."""
    row = get_template(session=session, lifter_id=lifter_id, template_id=template_id)
    return _records(session=session, rows=[row])[0]


def _free_name(*, session: Session, lifter_id: int, name: str, template_id: int | None) -> str:
    """``name`` unless another of the lifter's templates (archived ones too) has it, in
    any case or spacing: the home screen tells templates apart by name alone."""
    key = name_key(name)
    for other in session.exec(
        select(TemplateRow).where(TemplateRow.lifter_id == lifter_id)
    ).all():
        if other.id != template_id and name_key(other.name) == key:
            raise ValueError(f"You already have a template called {other.name!r}.")
    return name


def save_template(
    *, session: Session, lifter_id: int, template: SessionTemplate,
    template_id: int | None, now: datetime,
) -> TemplateRow:
    """A new template (``template_id`` None), or another name and blocks for one of the
    lifter's; its place in the plan stays. ValueError for a taken name, LookupError for
    a template that is not the lifter's or an exercise the log does not have."""
    name = _free_name(session=session, lifter_id=lifter_id, name=template.name,
                      template_id=template_id)
    wanted = {block.exercise_id for block in template.blocks}
    # The library is every lifter's, so any exercise in the log may be planned.
    found = set(session.exec(select(Exercise.id).where(col(Exercise.id).in_(wanted))).all())
    for block in template.blocks:
        if block.exercise_id not in found:
            raise LookupError(f"no exercise with id {block.exercise_id}")
    if template_id is None:
        row = TemplateRow(lifter_id=lifter_id, name=name, created_at=now)
    else:
        row = get_template(session=session, lifter_id=lifter_id, template_id=template_id)
        row.name = name
    session.add(row)
    session.flush()
    assert row.id is not None
    session.execute(delete(BlockRow).where(col(BlockRow.template_id) == row.id))
    session.add_all(
        BlockRow(
            lifter_id=lifter_id, template_id=row.id, position=position,
            exercise_id=block.exercise_id, side=block.side.value,
            protocol_name=block.protocol.name, protocol_reps=block.protocol.reps_text,
            rest_target_s=block.protocol.rest_s, tempo=tempo_text(block.protocol.tempo),
        )
        for position, block in enumerate(template.blocks, start=1)
    )
    session.flush()
    return row


def archive_template(
    *, session: Session, lifter_id: int, template_id: int, archived: bool
) -> None:
    """Put a template away, or back. Put away, it leaves the weekly plan (brought back,
    it is planned again by the lifter)."""
    row = get_template(session=session, lifter_id=lifter_id, template_id=template_id)
    row.archived = archived
    session.add(row)
    if archived:
        session.execute(delete(PlanRow).where(col(PlanRow.template_id) == template_id))
    session.flush()


def weekly_plan(*, session: Session, lifter_id: int) -> WeeklyPlan:
    """The lifter's plan: weekdays in week order, then the N-times-a-week entries."""
    return plan_from_rows(session.execute(PLAN_ENTRIES, {LIFTER: lifter_id}))


def save_weekly_plan(*, session: Session, lifter_id: int, plan: WeeklyPlan) -> None:
    """The lifter's whole plan, in place of the one before. LookupError for a template
    that is not the lifter's, ValueError for one put away."""
    for template_id in {entry.template_id for entry in plan.entries}:
        row = get_template(session=session, lifter_id=lifter_id, template_id=template_id)
        if row.archived:
            raise ValueError(f"{row.name} is put away: bring it back before planning it.")
    session.execute(delete(PlanRow).where(col(PlanRow.lifter_id) == lifter_id))
    session.add_all(
        PlanRow(lifter_id=lifter_id, template_id=entry.template_id, weekday=entry.weekday,
                times_per_week=entry.times_per_week)
        for entry in plan.entries
    )
    session.flush()
