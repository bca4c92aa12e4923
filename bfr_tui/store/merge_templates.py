"""What ``bfr-tui copy --merge`` carries of each lifter's session templates and weekly
plan, which the native CSV does not hold.

Read and written through the ``TrainingLog`` interface, lifter by lifter, as
``merge_cuffs`` does. Templates match by name in any case or spacing: one the target
lifter already has is theirs and stays as it is. A template's exercises are found in
the target's library by name; a template naming one the target lacks is left out, and
said so. A plan is taken only by a target lifter who has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.session_template import SessionTemplate
from bfr_tui.domain.weekly_plan import WeeklyPlan
from bfr_tui.store.names import name_key
from bfr_tui.training_log import ExerciseDetails, LifterFacts, TemplateRecord


class LogOfTemplates(Protocol):
    """What the merge asks of a training log (``TrainingLog``'s methods of these names)."""

    def lifters(self) -> list[LifterFacts]: ...

    def add_lifter(self, name: str) -> LifterFacts: ...

    def use_lifter(self, lifter: LifterFacts) -> None: ...

    def exercises(self, *, include_archived: bool = False) -> list[ExerciseDetails]: ...

    def templates(self, *, include_archived: bool = False) -> list[TemplateRecord]: ...

    def save_template(
        self, template: SessionTemplate, *, template_id: int | None = None, now: datetime
    ) -> TemplateRecord: ...

    def archive_template(self, template_id: int, *, archived: bool = True) -> None: ...

    def weekly_plan(self) -> WeeklyPlan: ...

    def save_weekly_plan(self, plan: WeeklyPlan) -> None: ...


@dataclass(frozen=True, slots=True)
class LiftersTemplates:
    """One lifter's templates (archived ones too) and weekly plan, as one log has them."""

    name: str
    templates: tuple[TemplateRecord, ...]
    plan: WeeklyPlan


@dataclass(frozen=True, slots=True)
class TemplatesMerged:
    """What the merge added of the templates and plans."""

    templates: int = 0
    plans_taken: tuple[str, ...] = ()
    """Lifters who took the source's weekly plan."""
    left_out: tuple[str, ...] = ()
    """``Ana: Arm finisher (no exercise called Cable curl)``."""


def read_lifters_templates(log: LogOfTemplates) -> list[LiftersTemplates]:
    """Every lifter's templates and plan in ``log``, left pointed at the last of them."""
    found = []
    for lifter in log.lifters():
        log.use_lifter(lifter)
        found.append(LiftersTemplates(
            name=lifter.name, templates=tuple(log.templates(include_archived=True)),
            plan=log.weekly_plan(),
        ))
    return found


def _in_target(
    template: SessionTemplate, exercises: dict[str, ExerciseDetails]
) -> SessionTemplate | str:
    """``template`` with the target's exercise ids (``exercises`` by name key), or the
    name of the one it lacks."""
    blocks = []
    for block in template.blocks:
        exercise = exercises.get(name_key(block.exercise_name))
        if exercise is None:
            return block.exercise_name
        blocks.append(replace(block, exercise_id=exercise.id, exercise_name=exercise.name,
                              limb=Limb(exercise.limb)))
    return replace(template, blocks=tuple(blocks))


def add_lifters_templates(
    source: Sequence[LiftersTemplates], target: LogOfTemplates, *, now: datetime
) -> TemplatesMerged:
    """Each source lifter's templates the target's lifter of that name lacks (the
    lifter added when the target has none), and their plan when the target lifter has
    none. Merging again adds nothing."""
    lifters = {name_key(lifter.name): lifter for lifter in target.lifters()}
    added = 0
    plans: list[str] = []
    left_out: list[str] = []
    # The library is every lifter's: read once, looked up by name key for every block.
    exercises = {
        name_key(exercise.name): exercise
        for exercise in (
            target.exercises(include_archived=True)
            if any(lifter.templates for lifter in source) else []
        )
    }
    for lifter in source:
        if not lifter.templates:
            continue
        whose = name_key(lifter.name)
        found = lifters.get(whose)
        if found is None:
            found = lifters[whose] = target.add_lifter(lifter.name)
        target.use_lifter(found)
        mine = {name_key(record.template.name): (record.id, record.archived)
                for record in target.templates(include_archived=True)}
        ids: dict[int, int] = {}
        for record in lifter.templates:
            key = name_key(record.template.name)
            if key not in mine:
                carried = _in_target(record.template, exercises)
                if isinstance(carried, str):
                    left_out.append(
                        f"{found.name}: {record.template.name} (no exercise called {carried})"
                    )
                    continue
                saved = target.save_template(carried, now=now)
                if record.archived:
                    target.archive_template(saved.id)
                mine[key] = (saved.id, record.archived)
                added += 1
            # Only a template in use on the target may be planned there.
            target_id, put_away = mine[key]
            if not put_away:
                ids[record.id] = target_id
        if lifter.plan.entries and not target.weekly_plan().entries:
            entries = tuple(
                replace(entry, template_id=ids[entry.template_id])
                for entry in lifter.plan.entries if entry.template_id in ids
            )
            if entries:
                target.save_weekly_plan(WeeklyPlan(entries=entries))
                plans.append(found.name)
    return TemplatesMerged(templates=added, plans_taken=tuple(plans), left_out=tuple(left_out))
