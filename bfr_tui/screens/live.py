"""The live block panel: reps, set timer, rest countdown, occlusion clock, flags.

Timing comes from the injected clock's monotonic readings (never from counting
ticks). Every write goes through an ordered queue of thread workers, and a set
is shown as logged only once its transaction has committed. A write the log
refuses ends the block (store.write_retry says which failures are retried, and
for how long); past the R6 limit the next set waits for the lifter's answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from bfr_tui.domain.block_run import BlockPlan, BlockRun, FinishedSet, Phase
from bfr_tui.domain.clock import Clock
from bfr_tui.domain.occlusion import RED_AFTER_S, OcclusionLevel, format_duration
from bfr_tui.domain.symptoms import (
    ACTION_MESSAGES,
    SymptomAction,
    SymptomKind,
    symptom_action,
    symptom_label,
)
from bfr_tui.domain.units import format_load
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.symptom import RaisedSymptom
from bfr_tui.store.block_log import (
    OCCLUSION_LIMIT,
    RED_FLAG,
    SAVE_FAILED,
    BlockRecord,
    LoggedSet,
    RaisedFlag,
)
from bfr_tui.store.models import SetEntry
from bfr_tui.store.write_retry import WriteFailed, describe_error, run_with_retries
from bfr_tui.widgets.cells import themed
from bfr_tui.widgets.occlusion_clock import OcclusionClock
from bfr_tui.widgets.rep_counter import RepCounter
from bfr_tui.widgets.rest_timer import RestCountdown

TICK_S = 0.2
MAX_TYPED_DIGITS = 3
# Ways a block ends that go straight back to the list rather than to a summary.
_NO_SUMMARY = frozenset({"left", "signal"})


class LiveBlockScreen(Screen[None]):
    """One block under the cuff, from cuffs on to cuffs off."""

    CSS_PATH = "live.tcss"
    # A second block must not start from the palette while this one runs.
    ALLOW_PALETTE = False
    BINDINGS = [
        Binding("space", "rep", "Rep", id="live-rep"),
        Binding("backspace", "unrep", "Undo", id="live-unrep"),
        Binding("enter", "finish_set", "Set done", id="live-finish"),
        Binding("s", "skip_rest", "Skip rest", id="live-skip"),
        Binding("plus", "more_rest", "+15 s", id="live-more-rest"),
        Binding("f", "flag", "Symptom", id="live-flag"),
        Binding("c", "cuff_off", "Cuff off", id="live-cuff-off"),
        Binding("escape", "leave", "Leave", id="live-leave"),
    ]

    def __init__(self, plan: BlockPlan, *, resumed: BlockRecord | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.resumed = resumed
        clock = self._clock
        now_mono, now_wall = clock.monotonic(), clock.now()
        self.block_id: int | None = None
        self.session_before_s = 0.0
        if resumed is None:
            self.cuff_on_mono, self.cuff_on_at = now_mono, now_wall
            self.run = BlockRun(protocol=plan.protocol, cuff_on_mono=now_mono)
        else:
            # Wall times from the log, placed on this run's monotonic clock.
            self.cuff_on_at = resumed.block.cuff_on_at
            self.cuff_on_mono = now_mono - (now_wall - self.cuff_on_at).total_seconds()
            self.block_id = resumed.block.id
            self.session_before_s = resumed.session_cuff_s
            self.run = BlockRun.resumed(
                protocol=plan.protocol, cuff_on_mono=self.cuff_on_mono,
                finished=[self._finished_from_log(entry) for entry in resumed.sets],
                now_mono=now_mono,
            )
        self.typed = ""
        self.closed = False
        self.end_reason = ""
        self._summary_wanted = False
        self._pending_flags: list[RaisedFlag] = []
        # Red flags whose write has not committed yet, for a last try if it fails.
        self._unsaved_red_flags: list[RaisedFlag] = []
        # Ids of flags raised mid-set, to tie to the set once it is logged. Touched by the
        # writer thread, and by a write's callback while that thread waits for it.
        self._flags_to_link: list[int] = []
        self._red_warned = False
        # The R6 question is on screen: the next set waits for its answer.
        self._asking = False
        # A write failed for good: the block is being closed. Then the close failed too.
        self._failing = False
        self._gave_up = False
        self._quit_when_closed = False
        self._release: ReleaseCuffScreen | None = None
        self._tickets = 0
        self._serving = 0
        self._turn = threading.Condition()

    @property
    def _clock(self) -> Clock:
        return self.app.clock  # type: ignore[attr-defined, no-any-return]

    def _mono(self, wall: datetime) -> float:
        return self.cuff_on_mono + (wall - self.cuff_on_at).total_seconds()

    def _finished_from_log(self, entry: SetEntry) -> FinishedSet:
        return FinishedSet(
            set_number=entry.set_number, target_reps=entry.target_reps, reps=entry.reps,
            started_mono=self._mono(entry.started_at), ended_mono=self._mono(entry.ended_at),
            rest_before_s=entry.rest_before_s,
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live-top"):
            yield RepCounter(id="rep-counter")
            yield OcclusionClock(id="occlusion")
        yield RestCountdown(id="rest")
        yield Static("", id="live-status")
        sets_done: DataTable[str | Text] = DataTable(
            id="sets-done", cursor_type="none", zebra_stripes=True
        )
        # Keys belong to the panel (enter finishes a set), never to the table.
        sets_done.can_focus = False
        yield sets_done
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        plan = self.plan
        self.title = f"{plan.exercise_name} · {plan.side} · {format_load(plan.load, plan.unit)}"
        self.sub_title = f"{plan.protocol.reps_text}, {plan.protocol.rest_s} s rest"
        table = self.query_one("#sets-done", DataTable)
        table.add_columns("Set", "Target", "Reps", "Load", "Rest before", "Set time")
        # Wide enough for "logged ✓" from the start, so the table never jumps.
        table.add_column("Saved", width=9)
        self.query_one("#rest", RestCountdown).display = False
        if self.resumed is None:
            self._show_set()
            self._write(self._start_block_job, self._block_started, "the block start")
        else:
            self._show_resumed()
        self.update_clock()
        self.set_interval(TICK_S, self.update_clock)

    def _show_resumed(self) -> None:
        for finished in self.run.finished:
            self._add_set_row(finished, saved=themed(self.app, "logged ✓", "success"))
        if self.run.phase is Phase.REST:
            self._show_set()
            self.query_one(RepCounter).reps = self.run.finished[-1].reps
            self._enter_rest()
            status = f"Resumed after set {self.run.set_number}: rest, then set " \
                f"{self.run.set_number + 1}."
        else:
            self._show_set()
            status = "Resumed: set 1 starts now."
        self._say(f"{status} Cuff on since {self.cuff_on_at:%H:%M}.")

    # -- the clock -----------------------------------------------------------------

    def _wall(self, mono: float) -> datetime:
        return self.cuff_on_at + timedelta(seconds=mono - self.cuff_on_mono)

    def update_clock(self) -> None:
        """Redraw every timer from the monotonic clock; end rest when it is over."""
        if self.run.phase is Phase.DONE:
            return
        now = self._clock.monotonic()
        occlusion = self.run.occlusion_s(now)
        self.query_one(OcclusionClock).show(
            continuous_s=occlusion, session_s=self.session_before_s + occlusion
        )
        if self.run.occlusion_level(now) is OcclusionLevel.RED and not self._red_warned:
            self._red_warned = True
            self._say(Content.from_markup(
                "[b $error]10 min under the cuff: release it now. Press c to end the block.[/]"
            ))
            self.app.bell()
            self.notify(
                "10 minutes under the cuff. Release it now: press c to end the block.",
                severity="error", timeout=30,
            )
        counter = self.query_one(RepCounter)
        if self.run.phase is Phase.SET:
            counter.border_subtitle = f"set time {format_duration(self.run.set_elapsed(now))}"
        elif self.run.phase is Phase.REST:
            remaining = self.run.rest_remaining(now)
            self.query_one(RestCountdown).remaining_s = remaining
            if remaining <= 0:
                self.app.bell()
                self._start_next_set(now)

    # -- keys ----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and self.run.phase is Phase.SET:
            event.stop()
            self.typed = (self.typed + event.character)[-MAX_TYPED_DIGITS:]
            self.query_one(RepCounter).typed = self.typed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.run.phase
        if action in {"rep", "unrep", "finish_set"}:
            return phase is Phase.SET
        if action in {"skip_rest", "more_rest"}:
            return phase is Phase.REST
        if action in {"flag", "cuff_off", "leave"}:
            return phase is not Phase.DONE
        return True

    def action_rep(self) -> None:
        """Count one rep."""
        self._clear_typed()
        self.query_one(RepCounter).reps = self.run.add_rep()

    def action_unrep(self) -> None:
        """Take one rep back (or one typed digit)."""
        if self.typed:
            self.typed = self.typed[:-1]
            self.query_one(RepCounter).typed = self.typed
            return
        self.query_one(RepCounter).reps = self.run.remove_rep()

    def action_finish_set(self) -> None:
        """Apply typed digits, or finish the set and log it."""
        if self.typed:
            try:
                reps = self.run.set_reps(int(self.typed))
            except ValueError as error:
                # Beside the counter, where the lifter is looking; the count stays.
                self._say(Content.from_markup("[$error]$why.[/]",
                                              why=str(error).capitalize()))
                self.app.bell()
            else:
                self.query_one(RepCounter).reps = reps
            self._clear_typed()
            return
        now = self._clock.monotonic()
        finished = self.run.finish_set(now)
        self._log_set(finished)
        if self.run.phase is Phase.DONE:
            self._close("completed", now, show_summary=True)
        else:
            self._enter_rest()
        self.refresh_bindings()

    def action_skip_rest(self) -> None:
        """Start the next set now."""
        self._start_next_set(self._clock.monotonic())

    def action_more_rest(self) -> None:
        """Add 15 s to the rest."""
        self.run.extend_rest()
        self.update_clock()

    def action_flag(self) -> None:
        """Raise a symptom flag."""
        from bfr_tui.screens.symptom import SymptomModal

        self.app.push_screen(SymptomModal(), self._flag_raised)

    def action_cuff_off(self) -> None:
        """End the block early, after a confirmation."""
        from bfr_tui.screens.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self._end_early("cuff_off_early", show_summary=True)

        self.app.push_screen(
            ConfirmModal("Cuff off and end this block?",
                         detail="Sets already logged are kept; reps of this set are logged too.",
                         yes="Cuff off"),
            answered,
        )

    def action_leave(self) -> None:
        """Leave the block, after a confirmation; nothing logged is lost."""
        from bfr_tui.screens.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self._end_early("left", show_summary=False)

        self.app.push_screen(
            ConfirmModal("Leave this block?",
                         detail="Logged sets are kept and the cuff-off time is recorded now. "
                         "Take the cuff off.", yes="Leave"),
            answered,
        )

    # -- state changes ---------------------------------------------------------------

    def _clear_typed(self) -> None:
        self.typed = ""
        self.query_one(RepCounter).typed = ""

    def _show_set(self) -> None:
        counter = self.query_one(RepCounter)
        counter.target = self.run.target_reps
        counter.reps = self.run.reps
        counter.border_title = (
            f"Set {self.run.set_number} of {self.plan.protocol.sets} · "
            f"target {self.run.target_reps} · {format_load(self.plan.load, self.plan.unit)}"
        )
        self._say("space: rep · digits+enter: type count · enter: finish set")

    def _say(self, status: str | Content) -> None:
        """One line under the counter: what to do now, what was saved, what was wrong."""
        self.query_one("#live-status", Static).update(
            status if isinstance(status, Content) else Content(status)
        )

    def _enter_rest(self) -> None:
        rest = self.query_one(RestCountdown)
        rest.next_text = (
            f"Next: set {self.run.set_number + 1} of {self.plan.protocol.sets}, "
            f"{self.plan.protocol.target_for(self.run.set_number + 1)} reps.\n"
            "s: start now · +: 15 s more · f: flag"
        )
        rest.display = True
        self.query_one(RepCounter).border_subtitle = "resting"
        self._say("Rest with the cuff on.")
        self.update_clock()

    def _start_next_set(self, now: float, *, going_on: bool = False) -> None:
        """Start the next set, unless the cuff is past the R6 limit: then ask first."""
        if self.run.phase is not Phase.REST or self._asking:
            return
        if not going_on and self.run.occlusion_s(now) >= RED_AFTER_S:
            self._ask_to_release(self.run.occlusion_s(now))
            return
        self.run.start_next_set(now)
        self.query_one(RestCountdown).display = False
        self._show_set()
        self.refresh_bindings()

    def _ask_to_release(self, cuff_s: float) -> None:
        """The interlock: release (the default answer) or go on, recorded with the block.

        Asked again at every set start past the limit: each set is another minute or
        so under the cuff, so going on is never decided once for the rest of the block.
        """
        from bfr_tui.screens.occlusion_limit import GO_ON, OcclusionLimitModal

        self._asking = True
        self.app.bell()

        def answered(answer: str | None) -> None:
            self._asking = False
            if self.run.phase is not Phase.REST:
                return
            if answer == GO_ON:
                self._go_on_past_limit(self._clock.monotonic())
            else:
                self._end_early(OCCLUSION_LIMIT, show_summary=True)

        self.app.push_screen(
            OcclusionLimitModal(cuff_s=cuff_s, next_set=self.run.set_number + 1), answered
        )

    def _go_on_past_limit(self, now: float) -> None:
        number, cuff_s = self.run.set_number + 1, self.run.occlusion_s(now)

        def job(session: Session) -> None:
            from bfr_tui.store.block_log import note_past_limit

            assert self.block_id is not None
            note_past_limit(session=session, block_id=self.block_id, set_number=number,
                            cuff_s=cuff_s)

        self._write(job, None, "the choice to go on past the limit")
        self._start_next_set(now, going_on=True)

    def _flag_raised(self, raised: RaisedSymptom | None) -> None:
        if raised is None or self.run.phase is Phase.DONE:
            return
        now = self._clock.monotonic()
        flag = RaisedFlag(raised.kind, self._wall(now), raised.note)
        action = symptom_action(raised.kind)
        if action is SymptomAction.RELEASE_NOW:
            self._pending_flags.append(flag)
            self._end_on_red_flag(now, raised.kind)
            return
        self._pending_flags.append(flag)
        # On disk at once; a flag raised mid-set is tied to that set once it is logged.
        in_set = self.run.phase is Phase.SET
        self._flush_flags(None if in_set else self._last_set_number(), link_later=in_set)
        severity = "warning" if action is SymptomAction.STOP_AND_SIT else "information"
        self.notify(ACTION_MESSAGES[action], title=symptom_label(raised.kind),
                    severity=severity, timeout=12)

    def _last_set_number(self) -> int | None:
        last = self.run.last_finished
        return last.set_number if last else None

    def _end_on_red_flag(self, now: float, kind: SymptomKind) -> None:
        """The set under way, the flag and the cuff-off: one transaction (R7).

        The release screen comes at once; it says the flag is saved only after the commit.
        """
        logged = self.run.stop(now, keep_empty_set=True)
        flags, self._pending_flags = self._pending_flags, []
        self._unsaved_red_flags = flags
        last_set = None if logged is None else self._to_log(logged)
        if logged is not None:
            self._add_set_row(logged, saved="saving…")
        set_number = self._last_set_number()
        cuff_off_at = self._wall(now)
        self.end_reason = RED_FLAG

        def job(session: Session) -> list[int]:
            from bfr_tui.store.block_log import end_on_red_flag

            assert self.block_id is not None
            linked = list(self._flags_to_link)
            end_on_red_flag(session=session, block_id=self.block_id, last_set=last_set,
                            flags=flags, flag_ids_to_link=linked, cuff_off_at=cuff_off_at)
            return linked

        def saved(linked: list[int]) -> None:
            self._unsaved_red_flags = []
            self._forget_linked(linked)
            if logged is not None:
                self._mark_row(logged.set_number, themed(self.app, "logged ✓", "success"))
            with_set = f" with set {set_number}" if set_number is not None else ""
            self._show_saved(f"Saved in the log: the flag{with_set} and the cuff-off at "
                             f"{cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self._write(job, saved, "the red flag", ending=True,
                    row=None if logged is None else logged.set_number)
        self.query_one(RestCountdown).display = False
        self.refresh_bindings()
        self._show_release(ReleaseCuffScreen(kind, saving="Saving the flag and the cuff-off…"))

    def _end_early(self, reason: str, *, show_summary: bool) -> None:
        if self.run.phase is Phase.DONE:
            return
        now = self._clock.monotonic()
        logged = self.run.stop(now, keep_empty_set=False)
        if logged is not None:
            self._log_set(logged)
        else:
            self._flush_flags(self._last_set_number())
        self._close(reason, now, show_summary=show_summary)

    # -- writes ----------------------------------------------------------------------

    def _add_set_row(self, finished: FinishedSet, *, saved: str | Text) -> None:
        table = self.query_one("#sets-done", DataTable)
        rest = "—" if finished.rest_before_s is None else f"{finished.rest_before_s:.0f} s"
        reps: str | Text = str(finished.reps)
        if finished.reps < finished.target_reps:
            reps = themed(self.app, str(finished.reps), "warning")
        table.add_row(
            str(finished.set_number), str(finished.target_reps), reps,
            format_load(self.plan.load, self.plan.unit), rest,
            format_duration(finished.ended_mono - finished.started_mono), saved,
            key=str(finished.set_number),
        )

    def _to_log(self, finished: FinishedSet) -> LoggedSet:
        return LoggedSet(
            set_number=finished.set_number, target_reps=finished.target_reps,
            reps=finished.reps, load=self.plan.load,
            started_at=self._wall(finished.started_mono),
            ended_at=self._wall(finished.ended_mono), rest_before_s=finished.rest_before_s,
        )

    def _log_set(self, finished: FinishedSet) -> None:
        self._add_set_row(finished, saved="saving…")
        logged = self._to_log(finished)

        def job(session: Session) -> tuple[int, list[int]]:
            from bfr_tui.store.block_log import log_set

            assert self.block_id is not None
            linked = list(self._flags_to_link)
            log_set(session=session, block_id=self.block_id, logged=logged,
                    flag_ids_to_link=linked)
            return finished.set_number, linked

        self._write(job, self._set_logged, f"set {finished.set_number}",
                    row=finished.set_number)
        self._flush_flags(finished.set_number)

    def _forget_linked(self, linked: list[int]) -> None:
        """Flags tied to their set by a committed write need no tying again."""
        self._flags_to_link = [i for i in self._flags_to_link if i not in linked]

    def _flush_flags(self, set_number: int | None, *, link_later: bool = False) -> None:
        flags, self._pending_flags = self._pending_flags, []
        for flag in flags:
            def job(session: Session, flag: RaisedFlag = flag) -> None:
                from bfr_tui.store.block_log import write_flag

                assert self.block_id is not None
                stored = write_flag(
                    session=session, block_id=self.block_id, set_number=set_number,
                    kind=flag.kind, raised_at=flag.raised_at, note=flag.note,
                )
                if link_later and stored.id is not None:
                    self._flags_to_link.append(stored.id)

            self._write(job, None, f"the {symptom_label(flag.kind).lower()} flag")

    def _close(self, reason: str, now: float, *, show_summary: bool) -> None:
        self.end_reason = reason
        self._summary_wanted = show_summary and self._release is None
        cuff_off_at = self._wall(now)

        def job(session: Session) -> None:
            from bfr_tui.store.block_log import close_block

            assert self.block_id is not None
            close_block(session=session, block_id=self.block_id, cuff_off_at=cuff_off_at,
                        reason=reason)

        def closed(_result: None) -> None:
            self._show_saved(f"Cuff-off recorded at {cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self._write(job, closed, "the cuff-off", ending=True)
        self.query_one(RestCountdown).display = False
        self.refresh_bindings()

    def _show_release(self, release: ReleaseCuffScreen) -> None:
        """Put "release the cuff now" up; the summary waits until the lifter says it is off."""
        self._summary_wanted = False
        self._release = release
        self.app.push_screen(release, self._released)

    def _show_saved(self, text: str) -> None:
        if self._release is not None:
            self._release.show_saved(text)

    def _released(self, _result: None) -> None:
        self._release = None
        self._summary_wanted = True
        if self.closed:
            self._go_on()
        elif self._gave_up:
            self._leave_unclosed()

    def _leave_unclosed(self) -> None:
        """Nothing more can be written: back to the list, the block left for the next start."""
        self.app.block_lock.release()  # type: ignore[attr-defined]
        if self._quit_when_closed:
            self.app.exit()
        elif self.app.screen is self:
            self.dismiss(None)

    def _start_block_job(self, session: Session) -> tuple[int, float]:
        from bfr_tui.store import queries
        from bfr_tui.store.block_log import start_block

        block = start_block(session=session, plan=self.plan, cuff_on_at=self.cuff_on_at)
        assert block.id is not None
        self.block_id = block.id
        # Finished blocks of this visit only: this one is still under the cuff.
        before = queries.session_occlusion_seconds(
            session=session, training_session_id=block.session_id
        )
        return block.id, before

    def _block_started(self, result: tuple[int, float]) -> None:
        self.block_id, self.session_before_s = result
        self.update_clock()

    def _mark_row(self, set_number: int, saved: str | Text) -> None:
        table = self.query_one("#sets-done", DataTable)
        table.update_cell(str(set_number), table.ordered_columns[-1].key, saved)

    def _set_logged(self, result: tuple[int, list[int]]) -> None:
        set_number, linked = result
        self._forget_linked(linked)
        self._mark_row(set_number, themed(self.app, "logged ✓", "success"))
        self._say(f"Set {set_number} logged.")

    def end_and_quit(self, reason: str = "left") -> None:
        """End the block (cuff off now) and quit once it is written."""
        self._quit_when_closed = True
        if self.run.phase is Phase.DONE:
            if self.closed or self._gave_up:
                self.app.exit()
            return
        self._end_early(reason, show_summary=False)

    def _block_closed(self, _result: None) -> None:
        self.closed = True
        self.app.block_lock.release()  # type: ignore[attr-defined]
        self.app.checkpoint_log()  # type: ignore[attr-defined]
        if self._quit_when_closed:
            self.app.exit()
            return
        if self._release is not None:
            return  # on once the lifter says the cuff is off
        if self._summary_wanted or self.end_reason in _NO_SUMMARY:
            self._go_on()

    def _go_on(self) -> None:
        if self.end_reason in _NO_SUMMARY:
            self.dismiss(None)
            return
        from bfr_tui.screens.summary import BlockSummaryScreen

        assert self.block_id is not None
        self.app.switch_screen(BlockSummaryScreen(block_id=self.block_id))

    def _write(self, job: Callable[[Session], Any], done: Callable[[Any], None] | None,
               what: str, *, ending: bool = False, row: int | None = None) -> None:
        """Queue a write; writes run one at a time, in the order they were queued.

        ``what`` names it for the lifter ("set 2"); ``ending`` marks the write that ends
        the block; ``row`` is the set row it saves.
        """
        ticket = self._tickets
        self._tickets += 1
        self._run_write(ticket, job, done, what, ending, row)

    @work(thread=True, group="block-writes", exit_on_error=False)
    def _run_write(self, ticket: int, job: Callable[[Session], Any],
                   done: Callable[[Any], None] | None, what: str, ending: bool,
                   row: int | None) -> None:
        """Run one write with the retry policy; later writes wait their turn behind it,
        so the order on disk stays the order of the block."""
        with self._turn:
            while self._serving != ticket:
                self._turn.wait()
        try:
            retried = False

            def retrying(error: BaseException, left_s: float) -> None:
                nonlocal retried
                if get_current_worker().is_cancelled:
                    raise error
                retried = True
                self.app.call_from_thread(self._not_saved_yet, what, error, left_s)

            try:
                result = run_with_retries(lambda: self._commit(job), on_retry=retrying)
            except WriteFailed as failed:
                if not get_current_worker().is_cancelled:
                    self.app.call_from_thread(self._save_failed, what, failed, ending, row)
                return
            if retried:
                self.app.call_from_thread(self._say, f"{what.capitalize()}: saved.")
            if done is not None:
                self.app.call_from_thread(done, result)
        finally:
            with self._turn:
                self._serving += 1
                self._turn.notify_all()

    def _commit(self, job: Callable[[Session], Any]) -> Any:
        with self.app.db() as session:  # type: ignore[attr-defined]
            return job(session)

    def _not_saved_yet(self, what: str, error: BaseException, left_s: float) -> None:
        text = (
            f"{what.capitalize()}: not saved yet ({describe_error(error)}). Trying again "
            f"for up to {left_s:.0f} s; keep this window open."
        )
        self._say(Content.from_markup("[b $warning]$text[/]", text=text))
        self._show_saved(text)

    def _save_failed(self, what: str, failed: WriteFailed, ending: bool,
                     row: int | None) -> None:
        """A write that will not commit: say so at once, and end the block safely."""
        message = f"{what.capitalize()} could not be saved: {failed}."
        self.app.bell()
        self._say(Content.from_markup("[b $error]$text[/]", text=message))
        if row is not None:
            self._mark_row(row, themed(self.app, "not saved", "error"))
        if ending and self._failing:
            self._gave_up = True
            text = (f"{message} The cuff-off is not in the log: the next start offers to "
                    "close this block.")
            if self._release is None:
                self._show_release(ReleaseCuffScreen(why=text, saving=""))
            else:
                self._show_saved(text)
            if self._quit_when_closed:
                self.app.exit()
            return
        first = not self._failing
        self._failing = True
        if self.block_id is None:
            # Not even the block start is on disk: there is nothing to close.
            self._gave_up = True
        elif ending:
            # The ending itself failed: a last try at what matters most, on its own.
            self._close_after_failed_save()
        elif self.run.phase is not Phase.DONE:
            self._end_early(SAVE_FAILED, show_summary=False)
        saving = "" if self._gave_up else "Recording the cuff-off…"
        if first and self._release is None:
            self._show_release(ReleaseCuffScreen(why=message, saving=saving))
        else:
            self._show_saved(f"{message} {saving}")
        if self._gave_up and self._quit_when_closed:
            self.app.exit()

    def _close_after_failed_save(self) -> None:
        flags = list(self._unsaved_red_flags)
        reason = self.end_reason or SAVE_FAILED
        cuff_off_at = self._wall(self._clock.monotonic())

        def job(session: Session) -> None:
            from bfr_tui.store.block_log import close_after_failed_save

            assert self.block_id is not None
            close_after_failed_save(session=session, block_id=self.block_id, flags=flags,
                                    cuff_off_at=cuff_off_at, reason=reason)

        def closed(_result: None) -> None:
            kept = "The flag and the cuff-off" if flags else "The cuff-off"
            self._show_saved(f"{kept} recorded at {cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self._write(job, closed, "the cuff-off", ending=True)
