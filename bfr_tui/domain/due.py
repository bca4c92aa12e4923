"""What the weekly plan puts on a day, as the home screen's due panel shows it: each due
template with the blocks R10's 36 h rest holds back. ``weekly_plan`` works it out.

Apart from the plan's rules so a log can answer "no plan" without loading them: the
exercise list waits for that answer (and loads them only for a lifter with a plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock


@dataclass(frozen=True, slots=True)
class BlockHold:
    """A template's block that R10's 36 h rest holds back, and when it frees."""

    position: int
    """The block's place in its template, from 1."""
    block: TemplateBlock
    frees_at: datetime


@dataclass(frozen=True, slots=True)
class DueTemplate:
    """A template the plan puts on today, with the blocks the 36 h rest holds back."""

    template_id: int
    template: SessionTemplate
    why: str
    """``Planned for Monday``, ``1 of 3 this week done``."""
    holds: tuple[BlockHold, ...] = ()

    @property
    def all_held(self) -> bool:
        """True when no block of the template may be started yet."""
        return len(self.holds) == len(self.template.blocks)

    @property
    def frees_at(self) -> datetime | None:
        """When the last held block frees; None when nothing is held."""
        return max((hold.frees_at for hold in self.holds), default=None)


@dataclass(frozen=True, slots=True)
class DueToday:
    """The plan's answer for today."""

    planned: bool
    """The lifter has a weekly plan; without one the home screen says nothing."""
    due: tuple[DueTemplate, ...] = ()

    @property
    def startable(self) -> DueTemplate | None:
        """The first due template with a block free to start."""
        return next((due for due in self.due if not due.all_held), None)
