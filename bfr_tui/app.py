"""The bfr-tui Textual app: screens, global keys, theme, the injected training log and clock."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from bfr_tui.commands import (
    CuffsCommands,
    PlansCommands,
    ProgressCommands,
    StartBlockCommands,
    StartTemplateCommands,
)
from bfr_tui.domain.units import Unit
from bfr_tui.training_log import ProfileFacts

if TYPE_CHECKING:
    from rich.console import RenderableType

    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.clock import Clock
    from bfr_tui.domain.resume import ResumeChoice
    from bfr_tui.screens.messages import StartTemplate
    from bfr_tui.training_log import (
        BlockRecord,
        KeptWritesSaved,
        LifterFacts,
        TemplateRecord,
        TrainingLog,
    )

SUB_TITLE = "blood flow restriction tracker"
# After SIGTERM or SIGHUP, the block's last writes get this long before the app gives up.
SIGNAL_GRACE_S = 10.0


@dataclass
class ProfileLoaded(Message):
    """The profile as the log holds it (or a fresh log's defaults)."""

    profile: ProfileFacts
    unit: Unit


@dataclass
class LifterChosen(Message):
    """Whose log this run is: the only lifter, or the first of a new log; None when
    there are several and the lifter picker asks."""

    lifter: LifterFacts | None


@dataclass
class LiftersCounted(Message):
    """How many lifters the log holds: with more than one, the palette offers to switch."""

    count: int


@dataclass
class ProfileUnreadable(Message):
    """The profile could not be read: the app goes on with the defaults, screening first."""

    reason: str


@dataclass
class InterruptedBlockFound(Message):
    """A block was left open when the app last stopped, and no other window has it."""

    found: BlockRecord
    choice: ResumeChoice


@dataclass
class BlockOpenElsewhere(Message):
    """The block left open is under the cuff in another window on this log."""

    exercise_name: str


@dataclass
class KeptWritesReplayed(Message):
    """Writes a stopped app kept on this machine were given to the log again."""

    outcome: KeptWritesSaved


@dataclass
class TemplateRead(Message):
    """The session template asked to run (None: no longer in the log)."""

    record: TemplateRecord | None
    running_elsewhere: bool = False
    """Another window on this log has a block under the cuff."""


@dataclass
class InterruptedBlockClosed(Message):
    """The block left open is closed, at the time the lifter was told."""

    found: BlockRecord
    choice: ResumeChoice


class BfrApp(App[None]):
    """Track BFR blocks: pick an exercise, check the cuff, count sets, review history."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {
        StartBlockCommands, StartTemplateCommands, CuffsCommands, ProgressCommands,
        PlansCommands,
    }
    TITLE = "bfr-tui"
    SUB_TITLE = SUB_TITLE

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
    ]

    def __init__(self, *, log: TrainingLog, clock: Clock, cursor_blink: bool = True) -> None:
        super().__init__()
        self.training_log = log
        """The log every screen reads and writes, from workers (``log`` is Textual's logger)."""
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.unit: Unit = Unit.KG
        self.screening_clear = False
        """True once the screening (R8) is confirmed for this run; no block starts before."""
        self.lifter_count = 1
        """How many lifters the log holds; a one-lifter log never shows a lifter's name."""
        self.beat_bell = False
        """The live panel rings the bell on each beat; the next block keeps the choice."""
        # The wait for the coach overview's lines before it opens (one opening at once).
        self._overview_wait: Timer | None = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Snapshots and screenshots need a steady cursor, not one caught mid-blink.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._catch_stop_signals()
        if self.training_log.lifter is None:
            self._choose_lifter()
        else:
            self._open_lifters_log()

    @work(thread=True, exclusive=True, group="lifter", exit_on_error=False)
    def _choose_lifter(self) -> None:
        self.post_message(LifterChosen(self.training_log.choose_lifter(None)))

    def on_lifter_chosen(self, chosen: LifterChosen) -> None:
        from bfr_tui.screens.lifter_picker import LifterPickerScreen

        if chosen.lifter is not None:
            self._open_lifters_log()
            return
        self.lifter_count = 2
        self.push_screen(LifterPickerScreen(), self._picked)

    def _picked(self, lifter: LifterFacts | None) -> None:
        if lifter is None:
            return
        self.training_log.use_lifter(lifter)
        self._open_lifters_log()

    def _open_lifters_log(self) -> None:
        from bfr_tui.screens.exercises import ExerciseSelectScreen

        lifter = self.training_log.lifter
        self.sub_title = (
            SUB_TITLE if lifter is None or self.lifter_count < 2 else f"{lifter.name} · {SUB_TITLE}"
        )
        self.push_screen(ExerciseSelectScreen())
        # After the first frame: the worker loads SQLAlchemy, which would hold up the paint.
        self.call_after_refresh(self._load_profile)
        self.call_after_refresh(self._count_lifters)

    @work(thread=True, exclusive=True, group="lifters", exit_on_error=False)
    def _count_lifters(self) -> None:
        self.post_message(LiftersCounted(len(self.training_log.lifters())))

    def on_lifters_counted(self, counted: LiftersCounted) -> None:
        self.lifter_count = counted.count
        lifter = self.training_log.lifter
        if lifter is not None and counted.count > 1:
            self.sub_title = f"{lifter.name} · {SUB_TITLE}"

    def block_under_way(self) -> bool:
        """A cuff check, a live block or a template session is open: the lifter may not
        change."""
        from bfr_tui.screens.between_blocks import BetweenBlocksScreen
        from bfr_tui.screens.cuff_check import CuffCheckScreen
        from bfr_tui.screens.live import LiveBlockScreen

        under_way = CuffCheckScreen | LiveBlockScreen | BetweenBlocksScreen
        return any(isinstance(s, under_way) for s in self.screen_stack)

    def _refuse_during_block(self, title: str) -> bool:
        if not self.block_under_way():
            return False
        self.notify(
            "A block is under way: finish it (or end it) before switching lifter.",
            title=title, severity="warning", timeout=10,
        )
        return True

    def action_switch_lifter(self) -> None:
        """Open another lifter's log: never while a block is under the cuff."""
        from bfr_tui.screens.lifter_picker import LifterPickerScreen

        if not self._refuse_during_block("Switch lifter"):
            self.push_screen(LifterPickerScreen(cancellable=True), self._switched)

    def action_coach_overview(self) -> None:
        """Every lifter at a glance; enter there opens one (not during a block)."""
        self.open_coach_overview(self._switched)

    def open_coach_overview(self, then: Callable[[LifterFacts | None], None]) -> None:
        """The coach overview, opened once every lifter's line is read, so that it paints
        whole at once, or after ``OPEN_WAIT_S`` reading them itself; ``then`` hears the
        lifter opened there."""
        from bfr_tui.screens.coach_overview import (
            OPEN_WAIT_S,
            CoachOverviewScreen,
            OverviewLoaded,
        )

        if isinstance(self.screen, CoachOverviewScreen) or self._overview_wait is not None:
            return
        now = self.clock.now()

        def push(loaded: OverviewLoaded | None) -> None:
            if self._overview_wait is None:
                return  # opened already: the read came after the wait, or the other way
            self._overview_wait.stop()
            self._overview_wait = None
            self.push_screen(CoachOverviewScreen(loaded), then)

        def read() -> None:
            loaded = OverviewLoaded(self.training_log.coach_overview(now=now), now)
            with suppress(RuntimeError):  # the app has closed meanwhile
                self.call_from_thread(push, loaded)

        self._overview_wait = self.set_timer(OPEN_WAIT_S, lambda: push(None))
        self.run_worker(read, thread=True, group="coach-overview", exit_on_error=False)

    def _switched(self, lifter: LifterFacts | None) -> None:
        current = self.training_log.lifter
        if lifter is None or (current is not None and lifter.id == current.id):
            return
        if self._refuse_during_block("Switch lifter"):
            return
        self.training_log.use_lifter(lifter)
        # Everything on screen was the last lifter's, and so was the screening.
        self.screening_clear = False
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._open_lifters_log()

    def _catch_stop_signals(self) -> None:
        # A terminal closed (SIGHUP) or a shutdown (SIGTERM) mid-block still records
        # the cuff-off and every set before the process ends.
        loop = asyncio.get_running_loop()
        for stop in (signal.SIGTERM, signal.SIGHUP):
            with suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(stop, self._stop_on_signal, stop)

    def _stop_on_signal(self, received: signal.Signals) -> None:
        from bfr_tui.screens.live import LiveBlockScreen

        if received is signal.SIGHUP:
            self._terminal_gone()
        live = next((s for s in self.screen_stack if isinstance(s, LiveBlockScreen)), None)
        if live is None or live.closed:
            self.exit()
            return
        self.set_timer(SIGNAL_GRACE_S, self._give_up_on_writes)
        live.end_and_quit(reason="signal")

    def _terminal_gone(self) -> None:
        # Writes to a hung-up terminal fail, and Textual's shutdown then waits forever
        # on its output queue: send the screen to /dev/null and leave without restoring
        # a terminal that is no longer there (see exit()).
        self._hung_up = True
        with suppress(OSError):
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            os.close(quiet)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Quit; after a hang-up, at once, with every write already on disk."""
        if getattr(self, "_hung_up", False):
            self.training_log.close()
            os._exit(return_code)
        super().exit(result, return_code, message)

    def _give_up_on_writes(self) -> None:
        from bfr_tui.screens.live import EXIT_WRITES_LOST

        self.exit(
            return_code=EXIT_WRITES_LOST,
            message="bfr-tui: could not finish writing the block before closing.",
        )

    @work(thread=True, exclusive=True, group="checkpoint", exit_on_error=False)
    def checkpoint_log(self) -> None:
        """Fold the journal into the log file, between blocks rather than between sets."""
        self.training_log.checkpoint()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of the app itself failed: say what was not done, and what to do."""
        if event.state is not WorkerState.ERROR or event.worker.node is not self:
            return
        what = _APP_WORK_FAILED.get(
            event.worker.name, "Could not read or write the training log ({error})."
        )
        self.notify(
            what.format(error=describe_error(event.worker.error)),
            title="Training log", severity="error", timeout=30, markup=False,
        )

    def on_unmount(self) -> None:
        # Closing the last connection also folds the journal back into the file, and a
        # block lock still held goes with it.
        self.training_log.close()

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def _load_profile(self) -> None:
        try:
            profile = self.training_log.profile()
            unit = Unit(profile.unit)
        except Exception as error:
            self.post_message(ProfileUnreadable(describe_error(error)))
            return
        self.post_message(ProfileLoaded(profile, unit))

    def on_profile_unreadable(self, unreadable: ProfileUnreadable) -> None:
        # Never skip the screening because the profile could not be read.
        self.notify(
            f"Could not read your profile ({unreadable.reason}). The health "
            "screening is asked again before any block, and weights start in kg.",
            title="Profile", severity="error", timeout=20, markup=False,
        )
        defaults = ProfileFacts(theme=self.theme)
        self._apply_profile(defaults, Unit(defaults.unit))

    def on_profile_loaded(self, loaded: ProfileLoaded) -> None:
        self._apply_profile(loaded.profile, loaded.unit)

    def _apply_profile(self, profile: ProfileFacts, unit: Unit) -> None:
        from bfr_tui.domain.screening import ScreeningStatus, screening_need, screening_status
        from bfr_tui.screens.screening import ScreeningScreen

        self.unit = unit
        self.screening_clear = False
        theme, answers = profile.theme, profile.screening_answers
        if theme in self.available_themes and theme != self.theme:
            self._restoring_theme = True
            self.theme = theme
        screened_on, today = profile.screened_on, self.clock.now().date()
        status = screening_status(
            answers=answers, screened_on=screened_on,
            cleared=profile.cleared_by_professional, today=today,
        )
        if status is ScreeningStatus.CLEAR:
            self.screening_clear = True
            self._look_for_interrupted_block()
        else:
            need = screening_need(answers=answers, screened_on=screened_on, today=today)
            screen = ScreeningScreen(
                status=status, need=need, screened_on=screened_on, unit=unit, previous=answers
            )
            self.push_screen(screen, self._screened)

    def _screened(self, _result: None) -> None:
        self.screening_clear = True
        self._look_for_interrupted_block()

    @work(thread=True, exclusive=True, group="interrupted", exit_on_error=False)
    def _look_for_interrupted_block(self) -> None:
        # First what the last run kept unsaved: its cuff-off may close the block below.
        replayed = self.training_log.save_kept_writes()
        if replayed is not None:
            self.post_message(KeptWritesReplayed(replayed))
        found = self.training_log.interrupted_block()
        if found is None:
            return
        if self.training_log.block_running_elsewhere():
            self.post_message(BlockOpenElsewhere(found.exercise.name))
            return
        choice = found.resume_choice(now=self.clock.now())
        self.post_message(InterruptedBlockFound(found, choice))

    def on_kept_writes_replayed(self, replayed: KeptWritesReplayed) -> None:
        outcome = replayed.outcome
        if outcome.saved:
            self.notify(
                f"Saved what the last session could not: {_listed(outcome.saved)}.",
                title="Kept writes saved", timeout=15, markup=False,
            )
        if outcome.refused:
            self.notify(
                f"The log refused {_listed(outcome.refused)}; it was not saved.",
                title="Kept writes", severity="error", timeout=30, markup=False,
            )
        if outcome.still_kept:
            self.notify(
                f"Still not saved: {_listed(outcome.still_kept)}. They stay kept on this "
                f"machine ({outcome.spool}) and the next start tries again.",
                title="Kept writes", severity="warning", timeout=30, markup=False,
            )

    def on_block_open_elsewhere(self, elsewhere: BlockOpenElsewhere) -> None:
        self.notify(
            f"A block of {elsewhere.exercise_name} is under way in another bfr-tui window "
            "on this log. Finish it there before starting one here.",
            title="Block in another window", severity="warning", timeout=20, markup=False,
        )

    def on_interrupted_block_found(self, offer: InterruptedBlockFound) -> None:
        from bfr_tui.screens.resume import RESUME, ResumeBlockScreen

        found, choice = offer.found, offer.choice

        def chosen(what: str | None) -> None:
            if what == RESUME:
                self._resume_block(found)
            else:
                self._close_interrupted(found, choice)

        self.push_screen(ResumeBlockScreen(found, choice), chosen)

    def _resume_block(self, found: BlockRecord) -> None:
        from bfr_tui.screens.live import LiveBlockScreen

        if not self.training_log.claim_block():
            self.notify("Another bfr-tui window has just taken this block over.",
                        severity="warning")
            return
        self.push_screen(LiveBlockScreen(found.plan, resumed=found))

    @work(thread=True, exclusive=True, group="interrupted", exit_on_error=False)
    def _close_interrupted(self, found: BlockRecord, choice: ResumeChoice) -> None:
        self.training_log.close_interrupted(block_id=found.block.id, cuff_off_at=choice.close_at)
        self.post_message(InterruptedBlockClosed(found, choice))

    def on_interrupted_block_closed(self, closed: InterruptedBlockClosed) -> None:
        from bfr_tui.screens.exercises import ExerciseSelectScreen

        found, choice = closed.found, closed.choice

        self.notify(
            f"{found.exercise.name}: block closed with {len(found.sets)} sets. Cuff-off "
            f"recorded as {choice.close_at:%H:%M:%S}, {choice.close_note}.",
            title="Block closed", timeout=12, markup=False,
        )
        for screen in self.screen_stack:
            if isinstance(screen, ExerciseSelectScreen):
                screen.reload()

    def _remember_theme(self, _theme: object) -> None:
        if getattr(self, "_restoring_theme", False):
            self._restoring_theme = False
            return
        self._save_theme(self.theme)

    @work(thread=True, group="theme", exit_on_error=False)
    def _save_theme(self, theme: str) -> None:
        self.training_log.save_theme(theme)

    def action_command_palette(self) -> None:
        # Screens such as the screening and the live panel keep the palette shut.
        if getattr(self.screen, "ALLOW_PALETTE", True):
            super().action_command_palette()
        else:
            self.bell()

    async def action_quit(self) -> None:
        """Quit; during a block, ask first and record the cuff-off before leaving."""
        from bfr_tui.screens.confirm import ConfirmModal
        from bfr_tui.screens.live import LiveBlockScreen

        live = next((s for s in self.screen_stack if isinstance(s, LiveBlockScreen)), None)
        if live is None or live.closed:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                live.end_and_quit()

        self.push_screen(
            ConfirmModal("Quit during a block?",
                         detail="Logged sets are kept and the cuff-off time is recorded now. "
                         "Take the cuff off.", yes="Quit"),
            answered,
        )

    def action_help(self) -> None:
        """Show the keys and the BFR rules."""
        from bfr_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        """Open the history of every block."""
        from bfr_tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_export(self) -> None:
        """Export the log to CSV."""
        from bfr_tui.screens.export_dialog import ExportDialog

        self.push_screen(ExportDialog())

    def start_block_for(self, exercise_id: int) -> None:
        """Begin the cuff check for an exercise (from the list or the command palette)."""
        from bfr_tui.screens.cuff_check import CuffCheckScreen
        from bfr_tui.screens.live import LiveBlockScreen

        if not self.screening_clear:
            self.notify("Finish the health screening before a block.", severity="warning")
            return
        if self.block_under_way():
            self.notify("A block is already under way.", severity="warning")
            return
        if self.training_log.block_running_elsewhere():
            self._refuse_second_block()
            return

        def cuffs_on(plan: BlockPlan | None) -> None:
            if plan is None:
                return
            if not self.training_log.claim_block():
                self._refuse_second_block()
                return
            self.push_screen(LiveBlockScreen(plan))

        self.push_screen(CuffCheckScreen(exercise_id=exercise_id), cuffs_on)

    def on_start_template(self, start: StartTemplate) -> None:
        """Run a session template block by block (from any screen or the palette)."""
        if not self.screening_clear:
            self.notify("Finish the health screening before a session.", severity="warning")
            return
        if self.block_under_way():
            self.notify("A block is under way: finish it (or end it) before starting a "
                        "session.", title="Session", severity="warning")
            return
        self._read_template(start.template_id)

    @work(thread=True, exclusive=True, group="template", exit_on_error=False)
    def _read_template(self, template_id: int) -> None:
        try:
            record = self.training_log.template(template_id)
        except LookupError:
            self.post_message(TemplateRead(None))
            return
        running_elsewhere = self.training_log.block_running_elsewhere()
        self.post_message(TemplateRead(record, running_elsewhere=running_elsewhere))

    def on_template_read(self, read: TemplateRead) -> None:
        from bfr_tui.domain.template_run import TemplateRun
        from bfr_tui.screens.between_blocks import BetweenBlocksScreen

        if read.record is None:
            self.notify("That session template is no longer in the log.", title="Session",
                        severity="error")
            return
        if read.running_elsewhere:
            self._refuse_second_block()
            return
        if self.block_under_way():
            return  # a block was started while the template was read
        self.push_screen(BetweenBlocksScreen(TemplateRun(read.record.id, read.record.template)))

    def _refuse_second_block(self) -> None:
        self.notify(
            "Another bfr-tui window on this log has a block under the cuff. One block at a "
            "time: finish it there first.",
            title="Block in another window", severity="warning", timeout=12,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("History", "Every block, newest first", self.action_history)
        yield SystemCommand("Export CSV", "Write the log to a CSV file", self.action_export)
        yield SystemCommand("Help", "Keys and the BFR rules in short", self.action_help)
        if self.lifter_count > 1:
            yield SystemCommand(
                "Switch lifter", "Open another lifter's log (not during a block)",
                self.action_switch_lifter,
            )
            yield SystemCommand(
                "Coach overview",
                "Every lifter: recent blocks, red flags, screening, resting limbs",
                self.action_coach_overview,
            )


def describe_error(error: BaseException | None) -> str:
    """An error in a few words for the lifter (some errors carry no message)."""
    if error is None:
        return "unknown error"
    return str(error) or type(error).__name__


# What each of the app's own workers leaves undone when it fails, and what to do about it.
_APP_WORK_FAILED: dict[str, str] = {
    "_choose_lifter": (
        "Could not read who trains in this log ({error}). Quit and start bfr-tui again; "
        "with several lifters, --lifter NAME opens one directly."
    ),
    "_load_profile": (
        "Could not read your profile ({error}). No block can start before the health "
        "screening: quit and start bfr-tui again; if this comes back, keep a copy of the "
        "log (bfr-tui backup) before changing it."
    ),
    "_look_for_interrupted_block": (
        "Could not check for a block left open when bfr-tui last stopped ({error}). If a "
        "block was under the cuff then, it stays open in the log and is not closed: start "
        "bfr-tui again to be asked about it; keep a copy of the log (bfr-tui backup)."
    ),
    "_close_interrupted": (
        "Could not close the interrupted block ({error}). It is still open in the log; "
        "bfr-tui offers it again at the next start. Take the cuff off if it is on."
    ),
    "_save_theme": "Could not save the theme ({error}); it lasts until you quit.",
    "checkpoint_log": (
        "Could not fold the journal into the log file ({error}). Nothing is lost: every "
        "set is in the journal beside the log, and is folded in when bfr-tui closes."
    ),
}


def make_app(*, log: TrainingLog, clock: Clock, cursor_blink: bool = True) -> BfrApp:
    """Build the app on an open training log. Shared by the CLI, tests and screenshots."""
    return BfrApp(log=log, clock=clock, cursor_blink=cursor_blink)


def _listed(things: tuple[str, ...]) -> str:
    """ "set 2, set 3 and the cuff-off" """
    return things[0] if len(things) == 1 else ", ".join(things[:-1]) + " and " + things[-1]
