"""Command palette: "Start block: <exercise>" for every exercise that can run BFR,
"Start template: <name>" for every session template, and "Cuffs and LOP", "Progress",
"Plans"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

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


class OpensScreen(UsesLog, Provider):
    """Opens one screen from ctrl+p by its title; not while a block is under way, when
    the block's own screens are the only way on."""

    TITLE: ClassVar[str]
    HELP: ClassVar[str]

    def open(self) -> None:
        """Open the screen."""
        raise NotImplementedError

    def push_once(self, screen_class: type[Screen[Any]], make: Callable[[], Screen[Any]]) -> None:
        """Push the screen ``make`` builds, unless one of ``screen_class`` is open already."""
        if not any(isinstance(screen, screen_class) for screen in self.app.screen_stack):
            self.app.push_screen(make())

    async def discover(self) -> Hits:
        if not self.host.block_under_way():
            yield DiscoveryHit(Content(self.TITLE), self.open, text=self.TITLE, help=self.HELP)

    async def search(self, query: str) -> Hits:
        if self.host.block_under_way():
            return
        matcher = self.matcher(query)
        score = matcher.match(self.TITLE)
        if score > 0:
            yield Hit(score, matcher.highlight(self.TITLE), self.open, text=self.TITLE,
                      help=self.HELP)


class CuffsCommands(OpensScreen):
    """Open the lifter's cuffs and LOPs (the cuff check adds a cuff and records an LOP
    itself while a block is under way)."""

    TITLE = "Cuffs and LOP"
    HELP = "Your cuffs, their limb occlusion pressures, the re-measure interval"

    def open(self) -> None:
        from bfr_tui.screens.cuffs import CuffsScreen

        self.push_once(CuffsScreen, CuffsScreen)


class ProgressCommands(OpensScreen):
    """Open the progress view, on the exercise highlighted in the list."""

    TITLE = "Progress"
    HELP = "1RM and BFR band over time; blocks and cuff time per week"

    def open(self) -> None:
        from bfr_tui.screens.progress import ProgressScreen

        self.push_once(ProgressScreen,
                       lambda: ProgressScreen(exercise_id=self._highlighted_exercise()))

    def _highlighted_exercise(self) -> int | None:
        from bfr_tui.screens.exercises import ExerciseSelectScreen

        highlighted = None
        for screen in self.app.screen_stack:
            if isinstance(screen, ExerciseSelectScreen):
                line = screen.highlighted()
                highlighted = None if line is None else line.exercise_id
        return highlighted


class PlansCommands(OpensScreen):
    """Open the lifter's session templates and weekly plan (a template starts a session
    of its own, so not while a block is under way)."""

    TITLE = "Plans"
    HELP = "Your session templates and weekly plan: make, edit, start one"

    def open(self) -> None:
        from bfr_tui.screens.templates import TemplatesScreen

        self.push_once(TemplatesScreen, TemplatesScreen)
