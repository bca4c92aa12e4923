"""A session template under way: each block's cuff check, live panel and summary are
opened from here, and between blocks it says how long the cuff has been off and what
comes next (R6: release between exercises)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.occlusion import format_duration, session_total_warning
from bfr_tui.domain.template_run import TemplateRun
from bfr_tui.domain.units import counted
from bfr_tui.screens.confirm import ConfirmModal
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.session_summary import SessionSummaryScreen
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import BlockRecord

# The cuff-off time counts up on screen once a second.
TICK_S = 1.0


@dataclass
class BlockRead(Message, bubble=False):
    """The block just run, as the log has it now that it is closed."""

    record: BlockRecord


class BetweenBlocksScreen(UsesLog, ShowsWorkerErrors, Screen[None]):
    """The session's home while it runs: "Cuff off" between blocks."""

    CSS_PATH = "between_blocks.tcss"
    # Nothing else starts from the palette while a session is under way.
    ALLOW_PALETTE = False
    BINDINGS = [
        Binding("enter", "next_block", "Next block", id="between-next"),
        Binding("escape", "end_session", "End session", id="between-end"),
    ]

    def __init__(self, run: TemplateRun) -> None:
        super().__init__()
        self.run = run
        self._started = False
        # The live panel of the block under way, until its result is read from the log.
        self._live: LiveBlockScreen | None = None
        self._ticking: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="between-body"):
            yield Static("", id="between-off")
            yield Static("", id="between-done")
            yield Static("", id="between-next")
            yield Static("", id="between-notes")
            yield Static("", id="between-keys")
        # The palette is shut while the session runs: no key for it in the footer.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.title = self.run.template.name
        self._ticking = self.set_interval(TICK_S, self.update_clock, pause=True)
        self._show()

    def on_screen_resume(self) -> None:
        if not self._started:
            self._started = True
            self._open_cuff_check()
            return
        live = self._live
        if live is None or live in self.app.screen_stack:
            return  # back from a dialog, or the block has not begun yet
        self._live = None
        if live.block_id is not None:
            self._read_block(live.block_id)
        else:
            self._show()

    # --- one block -----------------------------------------------------------------------

    def _open_cuff_check(self) -> None:
        block = self.run.next_block
        if block is None:
            return
        check = CuffCheckScreen(exercise_id=block.exercise_id, preset_side=block.side,
                                preset_protocol=block.protocol)
        self.app.push_screen(check, self._cuffs_on)

    def _cuffs_on(self, plan: BlockPlan | None) -> None:
        if plan is None:
            if not self.run.done:
                # The first cuff check was cancelled: no session after all.
                self.dismiss(None)
            else:
                self._show()
            return
        if not self.training_log.claim_block():
            self.notify(
                "Another bfr-tui window on this log has a block under the cuff. One block "
                "at a time: finish it there first.",
                title="Block in another window", severity="warning", timeout=12,
            )
            return
        self._live = LiveBlockScreen(plan, in_session=True)
        self.app.push_screen(self._live)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read_block(self, block_id: int) -> None:
        self.post_message(BlockRead(self.training_log.block_record(block_id)))

    def on_block_read(self, read: BlockRead) -> None:
        block = read.record.block
        self.run.record(block_id=block.id, end_reason=block.end_reason,
                        cuff_on_at=block.cuff_on_at, cuff_off_at=block.cuff_off_at)
        if self.run.ended is not None:
            self._to_summary()
        else:
            self._show()

    # --- between blocks ------------------------------------------------------------------

    def _show(self) -> None:
        run = self.run
        total = len(run.template.blocks)
        done = run.done
        lines = [
            Content.from_markup("[$success]✓[/] $what", what=entry.block.describe())
            for entry in done
        ]
        shown_done = self.query_one("#between-done", Static)
        shown_done.display = bool(done)
        shown_done.update(
            Content(f"Done, {len(done)} of {total}:\n").append(Content("\n").join(lines))
        )
        block, position = run.next_block, run.next_position
        if block is not None and position is not None:
            self.query_one("#between-next", Static).update(Content.from_markup(
                "[b]Next, block $position of $total:[/b] $what",
                position=str(position), total=str(total), what=block.describe(),
            ))
        notes = [f"Session cuff time {format_duration(run.cuff_s)}."]
        if warning := session_total_warning(run.cuff_s):
            notes.append(warning)
        if run.next_repeats_a_side:
            notes.append("The same exercise and side again: its muscle gets a second block "
                         "today, so give it the 36 h after this session before the next.")
        shown_notes = self.query_one("#between-notes", Static)
        shown_notes.display = bool(done)
        shown_notes.update("\n".join(notes))
        self.query_one("#between-keys", Static).update(
            "Keep the cuff off. Press enter for the next block's cuff check, escape to "
            "end the session here." if done else "Each block starts with its cuff check."
        )
        self.update_clock()
        if self._ticking is not None and done:
            self._ticking.resume()

    def update_clock(self) -> None:
        """Show how long the cuff has been off, by the app's clock."""
        off = self.run.cuff_off_s(self.clock.now())
        if not self.run.done:
            text = f"A session of {counted(len(self.run.template.blocks), 'block')}"
        else:
            text = "Cuff off" if off is None else f"Cuff off {format_duration(off)}"
        self.query_one("#between-off", Static).update(text)

    def action_next_block(self) -> None:
        """On to the next block's cuff check."""
        if self.app.screen is not self or self.run.next_block is None or not self.run.done:
            return
        if self._ticking is not None:
            self._ticking.pause()
        self._open_cuff_check()

    def action_end_session(self) -> None:
        """End the session before its last block, once the lifter confirms."""
        left = len(self.run.template.blocks) - len(self.run.done)
        skipped = "The last block is" if left == 1 else f"The last {left} blocks are"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run.stop_early()
                self._to_summary()

        self.app.push_screen(
            ConfirmModal("End the session now?",
                         detail=f"{skipped} not started. The blocks done stay in the "
                         "log.", yes="End session"),
            answered,
        )

    def _to_summary(self) -> None:
        if self._ticking is not None:
            self._ticking.stop()
        self.app.switch_screen(SessionSummaryScreen(self.run))
