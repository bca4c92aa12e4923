"""Command palette: "Start block: <exercise>" for every exercise that can run BFR,
"Start template: <name>" for every session template, and "Cuffs and LOP", "Progress",
"Plans"."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from bfr_tui.domain.limbs import bfr_eligibility
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import StartTemplate


class StartBlockCommands(UsesLog, Provider):
    """Start a block on any BFR-eligible exercise from ctrl+p."""

    async def startup(self) -> None:
        self._exercises: list[tuple[int, str]] = await asyncio.to_thread(self._load)

    def _load(self) -> list[tuple[int, str]]:
        return [
            (exercise.id, exercise.name)
            for exercise in self.training_log.exercises()
            if bfr_eligibility(limb=exercise.limb, compound=exercise.compound).allowed
        ]

    def _start(self, exercise_id: int) -> None:
        self.host.start_block_for(exercise_id)

    async def discover(self) -> Hits:
        for exercise_id, name in self._exercises:
            title = f"Start block: {name}"
            yield DiscoveryHit(Content(title), partial(self._start, exercise_id), text=title,
                               help="Cuff check, then the live panel")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for exercise_id, name in self._exercises:
            title = f"Start block: {name}"
            score = matcher.match(title)
            if score > 0:
                # highlight() reads markup: a name like "Curl [heavy]" must stay text.
                yield Hit(score, matcher.highlight(escape(title)),
                          partial(self._start, exercise_id), text=title,
                          help="Cuff check, then the live panel")


TEMPLATE_HELP = "Its blocks one after another: cuff check, live panel, summary"


class StartTemplateCommands(UsesLog, Provider):
    """Run one of the lifter's session templates from ctrl+p."""

    async def startup(self) -> None:
        self._templates: list[tuple[int, str]] = await asyncio.to_thread(self._load)

    def _load(self) -> list[tuple[int, str]]:
        return [(record.id, record.template.name) for record in self.training_log.templates()]

    def _start(self, template_id: int) -> None:
        self.app.post_message(StartTemplate(template_id))

    async def discover(self) -> Hits:
        if self.host.block_under_way():
            return
        for template_id, name in self._templates:
            title = f"Start template: {name}"
            yield DiscoveryHit(Content(title), partial(self._start, template_id), text=title,
                               help=TEMPLATE_HELP)

    async def search(self, query: str) -> Hits:
        if self.host.block_under_way():
            return
        matcher = self.matcher(query)
        for template_id, name in self._templates:
            title = f"Start template: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(title)),
                          partial(self._start, template_id), text=title, help=TEMPLATE_HELP)


CUFFS_TITLE = "Cuffs and LOP"
CUFFS_HELP = "Your cuffs, their limb occlusion pressures, the re-measure interval"


class CuffsCommands(UsesLog, Provider):
    """Open the lifter's cuffs and LOPs from ctrl+p (not while a block is under way: the
    cuff check adds a cuff and records an LOP itself)."""

    def _open(self) -> None:
        from bfr_tui.screens.cuffs import CuffsScreen

        if not any(isinstance(screen, CuffsScreen) for screen in self.app.screen_stack):
            self.app.push_screen(CuffsScreen())

    async def discover(self) -> Hits:
        if not self.host.block_under_way():
            yield DiscoveryHit(Content(CUFFS_TITLE), self._open, text=CUFFS_TITLE,
                               help=CUFFS_HELP)

    async def search(self, query: str) -> Hits:
        if self.host.block_under_way():
            return
        matcher = self.matcher(query)
        score = matcher.match(CUFFS_TITLE)
        if score > 0:
            yield Hit(score, matcher.highlight(CUFFS_TITLE), self._open, text=CUFFS_TITLE,
                      help=CUFFS_HELP)


PROGRESS_TITLE = "Progress"
PROGRESS_HELP = "1RM and BFR band over time; blocks and cuff time per week"


class ProgressCommands(UsesLog, Provider):
    """Open the progress view from ctrl+p, on the exercise highlighted in the list."""

    def _open(self) -> None:
        from bfr_tui.screens.exercises import ExerciseSelectScreen
        from bfr_tui.screens.progress import ProgressScreen

        if any(isinstance(screen, ProgressScreen) for screen in self.app.screen_stack):
            return
        highlighted = None
        for screen in self.app.screen_stack:
            if isinstance(screen, ExerciseSelectScreen):
                line = screen.highlighted()
                highlighted = None if line is None else line.exercise_id
        self.app.push_screen(ProgressScreen(exercise_id=highlighted))

    async def discover(self) -> Hits:
        if not self.host.block_under_way():
            yield DiscoveryHit(Content(PROGRESS_TITLE), self._open, text=PROGRESS_TITLE,
                               help=PROGRESS_HELP)

    async def search(self, query: str) -> Hits:
        if self.host.block_under_way():
            return
        matcher = self.matcher(query)
        score = matcher.match(PROGRESS_TITLE)
        if score > 0:
            yield Hit(score, matcher.highlight(PROGRESS_TITLE), self._open,
                      text=PROGRESS_TITLE, help=PROGRESS_HELP)


PLANS_TITLE = "Plans"
PLANS_HELP = "Your session templates and weekly plan: make, edit, start one"


class PlansCommands(UsesLog, Provider):
    """Open the lifter's session templates and weekly plan from ctrl+p (not while a block
    is under way: a template starts a session of its own)."""

    def _open(self) -> None:
        from bfr_tui.screens.templates import TemplatesScreen

        if not any(isinstance(screen, TemplatesScreen) for screen in self.app.screen_stack):
            self.app.push_screen(TemplatesScreen())

    async def discover(self) -> Hits:
        if not self.host.block_under_way():
            yield DiscoveryHit(Content(PLANS_TITLE), self._open, text=PLANS_TITLE,
                               help=PLANS_HELP)

    async def search(self, query: str) -> Hits:
        if self.host.block_under_way():
            return
        matcher = self.matcher(query)
        score = matcher.match(PLANS_TITLE)
        if score > 0:
            yield Hit(score, matcher.highlight(PLANS_TITLE), self._open, text=PLANS_TITLE,
                      help=PLANS_HELP)
