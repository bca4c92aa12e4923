"""What the weekly plan puts on today, written as the home screen's due panel shows it:
each due template with why, and what the 36 h rest (R10) holds back with when it frees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from bfr_tui.domain.limbs import Side

if TYPE_CHECKING:
    from bfr_tui.domain.due import DueTemplate, DueToday
    from bfr_tui.domain.session_template import TemplateBlock
    from bfr_tui.training_log import HistoryRow


@dataclass
class DueTodayLoaded(Message, bubble=False):
    """What the weekly plan puts on today, as the log reads it now."""

    due_today: DueToday


def blocks_logged(rows: list[HistoryRow]) -> list[tuple[datetime, int, Side]]:
    """History rows as ``weekly_plan.days_done`` reads them."""
    return [(row.cuff_on_at, row.exercise_id, Side(row.side)) for row in rows]


def block_place(block: TemplateBlock) -> str:
    """``Dumbbell curl, left arm``: the block without its protocol."""
    return block.describe().removesuffix(f": {block.protocol.describe()}")


def free_time(moment: datetime, today: date) -> str:
    """``Tue 10:30``, or ``today 22:10``."""
    if moment.date() == today:
        return f"today {moment:%H:%M}"
    return f"{moment:%a %H:%M}"


def due_lines(due_today: DueToday, *, today: date, start_key: str,
              max_lines: int, width: int) -> list[Content]:
    """The panel's lines, at most ``max_lines``: one per due template, each followed by
    the blocks the 36 h rest holds back (a template all held says so on its line).

    When that is too many lines, each template's held blocks fold into its line (with
    when the last frees, if ``width`` cells leave room); when the templates alone are
    too many, the last line counts the rest.
    """
    if not due_today.planned:
        return []
    if not due_today.due:
        return [Content.from_markup("[$text-muted]Nothing due today from your weekly plan.[/]")]
    startable = due_today.startable
    full: list[Content] = []
    folded: list[Content] = []
    for due in due_today.due:
        line = _template_line(due, today=today, start_key=start_key,
                              startable=due is startable)
        full.append(line)
        folded.append(line)
        if due.all_held or not due.holds:
            continue
        for hold in due.holds:
            full.append(Content.from_markup(
                "  [$text-muted]$place: held until $free (36 h rest)[/]",
                place=block_place(hold.block), free=free_time(hold.frees_at, today),
            ))
        count = str(len(due.holds))
        with_time = line + Content.from_markup(
            " · [$text-muted]$count held till $free[/]", count=count,
            free=free_time(due.frees_at, today) if due.frees_at else "",
        )
        folded[-1] = with_time if with_time.cell_length <= width else (
            line + Content.from_markup(" · [$text-muted]$count held[/]", count=count)
        )
    if len(full) <= max_lines:
        return full
    if len(folded) <= max_lines:
        return folded
    left_out = len(folded) - (max_lines - 1)
    return [*folded[: max_lines - 1], Content.from_markup(
        "[$text-muted]… and $count more due: make the window taller to see them[/]",
        count=str(left_out),
    )]


def _template_line(due: DueTemplate, *, today: date, start_key: str,
                   startable: bool) -> Content:
    """``Due: Arm finisher · Planned for Monday · d starts it``."""
    markup = "Due: [b]$name[/b] · $why"
    if due.all_held and due.frees_at is not None:
        markup += " · [$warning]36 h rest: all held until $free[/]"
    elif startable:
        markup += " · [b]$key[/b] starts it"
    return Content.from_markup(
        markup, name=due.template.name, why=due.why, key=start_key,
        free=free_time(due.frees_at, today) if due.frees_at else "",
    )
