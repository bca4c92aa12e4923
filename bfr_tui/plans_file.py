"""A lifter's session templates and weekly plan as a small TOML file, to carry to
another log or share with a training partner.

Templates name their exercises and the plan its templates by name, never by id: ids
mean nothing in another log. Read with ``tomllib``; written by :func:`plans_toml`
(strings quoted as TOML basic strings), so no TOML writer is needed.

    version = 1

    [[template]]
    name = "Arm finisher"

    [[template.block]]
    exercise = "Dumbbell curl"
    side = "left"
    protocol = "Classic"
    reps = "30-15-15-15"
    rest_s = 30
    tempo = "2/2"

    [[plan]]
    template = "Arm finisher"
    weekday = "Monday"        # or: times_per_week = 3
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bfr_tui.domain.exercise_names import same_name_key as name_key
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.protocol import ProtocolError, custom_protocol, parse_reps
from bfr_tui.domain.session_template import (
    SessionTemplate,
    TemplateError,
    session_template,
    template_block,
)
from bfr_tui.domain.tempo import TempoError, parse_tempo, tempo_text
from bfr_tui.domain.weekly_plan import (
    WEEKDAY_NAMES,
    PlanEntry,
    PlanError,
    WeeklyPlan,
    plan_entry,
    weekly_plan,
)
from bfr_tui.export_file import private_export
from bfr_tui.training_log import ExerciseDetails, TemplateRecord, TrainingLog

FILE_VERSION = 1


class PlansFileError(ValueError):
    """A plans file that cannot be read, with where and why in the lifter's words."""


@dataclass(frozen=True, slots=True)
class PlansImported:
    """What an import of a plans file did."""

    added: tuple[str, ...]
    """Templates new to the lifter."""
    replaced: tuple[str, ...]
    """Templates of the same name (any case) whose blocks the file's replaced."""
    plan_entries: int | None
    """Entries of the weekly plan that replaced the lifter's; None when the file has no
    plan (the lifter's stays as it was)."""

    def lines(self) -> list[str]:
        """What the command prints."""
        lines = [
            f"{label} {len(names)} template{'' if len(names) == 1 else 's'}: {', '.join(names)}."
            for label, names in (("Added", self.added), ("Replaced", self.replaced)) if names
        ]
        if self.plan_entries is not None:
            lines.append(f"Weekly plan replaced ({self.plan_entries} entries).")
        return lines or ["The file has no templates and no plan: nothing changed."]


def _quoted(text: str) -> str:
    """``text`` as a TOML basic string."""
    escaped = []
    for character in text:
        if character in {'"', "\\"}:
            escaped.append("\\" + character)
        elif character == "\n":
            escaped.append("\\n")
        elif character == "\t":
            escaped.append("\\t")
        elif ord(character) < 0x20 or ord(character) == 0x7F:
            escaped.append(f"\\u{ord(character):04X}")
        else:
            escaped.append(character)
    return '"' + "".join(escaped) + '"'


def plans_toml(log: TrainingLog) -> str:
    """The chosen lifter's templates in use (not put away) and weekly plan, as TOML."""
    return _plans_text(log, log.templates())


def export_plans(log: TrainingLog, path: Path, *, force: bool) -> int:
    """``plans_toml`` written to ``path``, readable by its owner only and whole or not at
    all (``export_file.private_export``); how many templates it holds. ExportError for
    a target that cannot be written."""
    records = log.templates()
    text = _plans_text(log, records)
    with private_export(path, force=force) as out:
        out.write(text)
    return len(records)


def _plans_text(log: TrainingLog, records: list[TemplateRecord]) -> str:
    names = {record.id: record.template.name for record in records}
    lines = ["# bfr-tui session templates and weekly plan", f"version = {FILE_VERSION}"]
    for record in records:
        lines += ["", "[[template]]", f"name = {_quoted(record.template.name)}"]
        for block in record.template.blocks:
            lines += [
                "", "[[template.block]]",
                f"exercise = {_quoted(block.exercise_name)}",
                f"side = {_quoted(block.side.value)}",
                f"protocol = {_quoted(block.protocol.name)}",
                f"reps = {_quoted(block.protocol.reps_text)}",
                f"rest_s = {block.protocol.rest_s}",
                f"tempo = {_quoted(tempo_text(block.protocol.tempo))}",
            ]
    for entry in log.weekly_plan().entries:
        lines += ["", "[[plan]]", f"template = {_quoted(names[entry.template_id])}"]
        if entry.weekday is not None:
            lines.append(f"weekday = {_quoted(WEEKDAY_NAMES[entry.weekday])}")
        else:
            lines.append(f"times_per_week = {entry.times_per_week}")
    return "\n".join(lines) + "\n"


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise PlansFileError(f"{where}: give {key} as text in quotes.")
    return value


def _whole(table: dict[str, Any], key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PlansFileError(f"{where}: give {key} as a whole number.")
    return value


def _tables(document: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    found = document.get(key, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise PlansFileError(f"{where}: {key} must be a list of [[{key}]] tables.")
    return found


def _template(
    exercises: dict[str, ExerciseDetails], table: dict[str, Any], number: int
) -> SessionTemplate:
    where = f"Template {number}"
    name = _text(table, "name", where)
    where = f"Template {name!r}"
    blocks = []
    for position, block in enumerate(_tables(table, "block", where), start=1):
        at = f"{where}, block {position}"
        exercise = exercises.get(name_key(_text(block, "exercise", at)))
        if exercise is None:
            raise PlansFileError(
                f"{at}: this log has no exercise called {block['exercise']!r}; add it first."
            )
        try:
            side = Side(_text(block, "side", at))
        except ValueError:
            raise PlansFileError(f"{at}: side is left, right or both.") from None
        try:
            protocol = custom_protocol(
                name=_text(block, "protocol", at),
                target_reps=parse_reps(_text(block, "reps", at)),
                rest_s=_whole(block, "rest_s", at),
                tempo=parse_tempo(_text(block, "tempo", at)),
            )
            blocks.append(template_block(
                exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
                compound=exercise.compound, side=side, protocol=protocol,
            ))
        except (ProtocolError, TempoError, TemplateError) as refused:
            raise PlansFileError(f"{at}: {refused}") from None
    try:
        return session_template(name=name, blocks=blocks)
    except TemplateError as refused:
        raise PlansFileError(f"{where}: {refused}") from None


def _plan_entry(table: dict[str, Any], number: int, ids: dict[str, int]) -> PlanEntry:
    where = f"Plan entry {number}"
    template = _text(table, "template", where)
    template_id = ids.get(name_key(template))
    if template_id is None:
        raise PlansFileError(
            f"{where}: no template called {template!r} in the file or among yours in use."
        )
    weekday: int | None = None
    if "weekday" in table:
        day = _text(table, "weekday", where)
        names = [name.casefold() for name in WEEKDAY_NAMES]
        if day.strip().casefold() not in names:
            raise PlansFileError(f"{where}: weekday is Monday to Sunday, not {day!r}.")
        weekday = names.index(day.strip().casefold())
    times = _whole(table, "times_per_week", where) if "times_per_week" in table else None
    try:
        return plan_entry(template_id=template_id, weekday=weekday, times_per_week=times)
    except PlanError as refused:
        raise PlansFileError(f"{where}: {refused}") from None


def import_plans(log: TrainingLog, text: str, *, now: datetime) -> PlansImported:
    """The file's templates into the chosen lifter's (one of the same name, in any case,
    has its blocks replaced), and its plan, if it has one, in place of theirs.

    Everything is checked before anything is written: PlansFileError says where the
    file is wrong, and the log is left as it was. Importing the same file again
    changes nothing.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as broken:
        raise PlansFileError(f"This is not a plans file (TOML): {broken}.") from None
    version = document.get("version", FILE_VERSION)
    if version != FILE_VERSION:
        raise PlansFileError(
            f"This plans file is version {version}; this bfr-tui reads version {FILE_VERSION}."
        )
    template_tables = _tables(document, "template", "The file")
    # One read of the library, looked up by name key for every block of every template.
    exercises = {
        name_key(exercise.name): exercise
        for exercise in (log.exercises(include_archived=True) if template_tables else [])
    }
    templates = [
        _template(exercises, table, number)
        for number, table in enumerate(template_tables, start=1)
    ]
    seen: set[str] = set()
    for template in templates:
        if name_key(template.name) in seen:
            raise PlansFileError(f"The file has two templates called {template.name!r}.")
        seen.add(name_key(template.name))
    existing = {
        name_key(record.template.name): record for record in log.templates(include_archived=True)
    }
    plan_tables = _tables(document, "plan", "The file") if "plan" in document else None
    # Checked against the ids the templates will have: existing ones keep theirs; a new
    # one is a placeholder below zero until saved.
    # A template put away and not in the file cannot be planned.
    ids = {key: record.id for key, record in existing.items() if not record.archived}
    ids.update({
        name_key(template.name): (
            existing[name_key(template.name)].id if name_key(template.name) in existing
            else -number
        )
        for number, template in enumerate(templates, start=1)
    })
    planned: WeeklyPlan | None = None
    if plan_tables is not None:
        try:
            planned = weekly_plan(
                _plan_entry(table, number, ids) for number, table in enumerate(plan_tables, 1)
            )
        except PlanError as refused:
            raise PlansFileError(f"The plan: {refused}") from None
    added: list[str] = []
    replaced: list[str] = []
    saved_ids = dict(ids)
    for template in templates:
        record = existing.get(name_key(template.name))
        if record is not None and record.archived:
            log.archive_template(record.id, archived=False)
        saved = log.save_template(
            template, template_id=None if record is None else record.id, now=now
        )
        saved_ids[name_key(template.name)] = saved.id
        (added if record is None else replaced).append(saved.template.name)
    if planned is not None:
        placeholder = {ids[key]: saved_ids[key] for key in ids}
        log.save_weekly_plan(WeeklyPlan(entries=tuple(
            PlanEntry(template_id=placeholder[entry.template_id], weekday=entry.weekday,
                      times_per_week=entry.times_per_week)
            for entry in planned.entries
        )))
    return PlansImported(
        added=tuple(added), replaced=tuple(replaced),
        plan_entries=None if planned is None else len(planned.entries),
    )
