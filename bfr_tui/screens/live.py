"""The live block panel: reps, tempo beat, set timer, rest countdown, occlusion clock,
flags, and the effort step after each set.

Timing comes from the injected clock's monotonic readings (never from counting
ticks): the rep count follows the protocol's tempo from the set's start (R15) and the
lifter's keys correct it. Every write goes to the log's block writer
(``training_log.BlockWriter``), which runs them one at a time, in order, on a thread
of its own, and retries them while the log is busy; a set is shown as logged only
once its transaction has committed. A write the log refuses ends the block; past the R6
limit the next set waits for the lifter's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import CellDoesNotExist

from bfr_tui.domain.block_run import BlockPlan, BlockRun, FinishedSet, Phase
from bfr_tui.domain.occlusion import RED_AFTER_S, OcclusionLevel, format_duration
from bfr_tui.domain.set_rating import (
    DISCOMFORT_RED_FLAG,
    SetRating,
    discomfort_ends_block,
    discomfort_flag_note,
    rating_red_flag,
    read_set_rating,
)
from bfr_tui.domain.symptoms import (
    ACTION_MESSAGES,
    SymptomAction,
    symptom_action,
    symptom_label,
)
from bfr_tui.domain.tempo import beats_between
from bfr_tui.domain.tempo_rep_counter import TempoRepCounter
from bfr_tui.domain.units import format_load
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.symptom import RaisedSymptom
from bfr_tui.training_log import (
    OCCLUSION_LIMIT,
    RED_FLAG,
    SAVE_FAILED,
    BlockRecord,
    BlockStarted,
    BlockWriter,
    LoggedSet,
    RaisedFlag,
    WriteFailure,
)
from bfr_tui.widgets.cells import themed
from bfr_tui.widgets.effort_step import EffortStep
from bfr_tui.widgets.occlusion_clock import OcclusionClock
from bfr_tui.widgets.rep_counter import RepCounter
from bfr_tui.widgets.rest_timer import RestCountdown
from bfr_tui.widgets.table import Table
from bfr_tui.widgets.tempo_beat import TempoBeat

TICK_S = 0.2
# The sets table's column of each set's effort and cuff discomfort (R13).
RATING_COLUMN = "rating"
MAX_TYPED_DIGITS = 3
# How long the screen waits for a set it just asked to log before drawing on: a local
# log commits in a millisecond or two; the lifter cannot see a 50 ms pause.
SET_SAVE_WAIT_S = 0.05
# Ways a block ends that go straight back to the list rather than to a summary.
_NO_SUMMARY = frozenset({"left", "signal"})


# The app's exit status when a block's last writes could be neither saved nor kept.
EXIT_WRITES_LOST = 1


class LiveBlockScreen(UsesLog, Screen[None]):
    """One block under the cuff, from cuffs on to cuffs off.

    It hears how its writes went as the log's ``WriteReports`` (``not_saved_yet``,
    ``saved_after_retry``, ``failed``), on the app's thread.
    """

    CSS_PATH = "live.tcss"
    # A second block must not start from the palette while this one runs.
    ALLOW_PALETTE = False
    BINDINGS = [
        Binding("space", "rep", "Rep", id="live-rep"),
        Binding("backspace", "unrep", "Undo", id="live-unrep"),
        Binding("enter", "finish_set", "Set done", id="live-finish"),
        Binding("enter", "rate_set", "Save rating", id="live-rate"),
        Binding("backspace", "erase_rating", "Erase", show=False, id="live-rate-erase"),
        Binding("s", "skip_rest", "Skip rest", id="live-skip"),
        Binding("plus", "more_rest", "+15 s", id="live-more-rest"),
        Binding("f", "flag", "Symptom", id="live-flag"),
        Binding("b", "beat_bell", "Beat bell", id="live-beat-bell"),
        Binding("c", "cuff_off", "Cuff off", id="live-cuff-off"),
        Binding("escape", "leave", "Leave", id="live-leave"),
    ]

    def __init__(self, plan: BlockPlan, *, resumed: BlockRecord | None = None,
                 in_session: bool = False) -> None:
        super().__init__()
        self.plan = plan
        self.resumed = resumed
        # A block of a template's session: its summary goes back to the session.
        self.in_session = in_session
        clock = self.clock
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
        # The set's count, by the tempo and the lifter's corrections; a fresh one each set.
        self.rep_count = TempoRepCounter(plan.protocol.tempo)
        if self.run.phase is Phase.SET:
            self.rep_count = self.rep_count.started(self.run.set_started_mono)
        # The last moment the beat bell was rung for (None: not since the set began).
        self._bell_heard_mono: float | None = None
        self.typed = ""
        self.closed = False
        self.end_reason = ""
        self._summary_wanted = False
        self._pending_flags: list[RaisedFlag] = []
        # Red flags whose write has not committed yet, for a last try if it fails.
        self._unsaved_red_flags: list[RaisedFlag] = []
        self._red_warned = False
        # The R6 question is on screen: the next set waits for its answer.
        self._asking = False
        # A write failed for good: the block is being closed. Then the close failed too.
        self._failing = False
        self._gave_up = False
        self._quit_when_closed = False
        # A write is waiting for a log that is away (a server restarting, a held lock).
        self._waiting_for_log = False
        self._release: ReleaseCuffScreen | None = None
        self._writer: BlockWriter | None = None

    def _mono(self, wall: datetime) -> float:
        return self.cuff_on_mono + (wall - self.cuff_on_at).total_seconds()

    def _finished_from_log(self, entry: LoggedSet) -> FinishedSet:
        return FinishedSet(
            set_number=entry.set_number, target_reps=entry.target_reps, reps=entry.reps,
            started_mono=self._mono(entry.started_at), ended_mono=self._mono(entry.ended_at),
            rest_before_s=entry.rest_before_s,
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live-top"):
            with Vertical(id="live-reps"):
                yield RepCounter(id="rep-counter")
                yield TempoBeat(id="tempo-beat")
            yield OcclusionClock(id="occlusion")
        yield RestCountdown(id="rest")
        yield EffortStep(id="effort-step")
        yield Static("", id="live-status")
        sets_done: Table[str | Text] = Table(
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
        table.add_column("RPE/cuff", key=RATING_COLUMN)
        # Wide enough for "logged ✓" from the start, so the table never jumps.
        table.add_column("Saved", width=9)
        self.query_one("#rest", RestCountdown).display = False
        self._writer = self.training_log.block_writer(
            reports=self, deliver=_deliver_to(self.app), watch=self._watch_writes,
            block_id=self.block_id,
        )
        if self.resumed is None:
            self._show_set()
            self.writer.start_block(plan=self.plan, cuff_on_at=self.cuff_on_at,
                                    what="the block start", saved=self._block_started)
        else:
            self._show_resumed()
        self.update_clock()
        self.set_interval(TICK_S, self.update_clock)

    def _show_resumed(self) -> None:
        assert self.resumed is not None
        logged = {entry.set_number: entry for entry in self.resumed.sets}
        for finished in self.run.finished:
            self._add_set_row(finished, saved=themed(self.app, "logged ✓", "success"))
            entry = logged.get(finished.set_number)
            if entry is not None and entry.rpe is not None and entry.discomfort is not None:
                self._show_rating(finished.set_number,
                                  SetRating(rpe=entry.rpe, discomfort=entry.discomfort))
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
        now = self.clock.monotonic()
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
            bell = " · beat bell" if self.host.beat_bell and self.plan.protocol.tempo else ""
            counter.border_subtitle = (
                f"set time {format_duration(self.run.set_elapsed(now))}{bell}"
            )
            self._show_count(now)
            self._show_beat(now)
        elif self.run.phase is Phase.REST:
            remaining = self.run.rest_remaining(now)
            self.query_one(RestCountdown).remaining_s = remaining
            if remaining <= 0:
                self.app.bell()
                self._start_next_set(now)

    # -- keys ----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        character = event.character
        step = self.effort_step
        if character and step.asking and step.add_character(character):
            # The rating's digits and separators: space in the rest is never a rep.
            event.stop()
        elif character and character.isdigit() and self.run.phase is Phase.SET:
            event.stop()
            self.typed = (self.typed + character)[-MAX_TYPED_DIGITS:]
            self.query_one(RepCounter).typed = self.typed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.run.phase
        if action in {"rep", "unrep", "finish_set"}:
            return phase is Phase.SET
        if action in {"rate_set", "erase_rating"}:
            return self.effort_step.asking
        if action in {"skip_rest", "more_rest"}:
            return phase is Phase.REST
        if action in {"flag", "cuff_off", "leave"}:
            return phase is not Phase.DONE
        if action == "beat_bell":
            return phase is Phase.SET and self.plan.protocol.tempo is not None
        return True

    def action_rep(self) -> None:
        """Count one rep more than shown."""
        self._clear_typed()
        now = self.clock.monotonic()
        self.rep_count = self.rep_count.plus_one(now)
        self._show_count(now)

    def action_unrep(self) -> None:
        """Take one rep back (or one typed digit)."""
        if self.typed:
            self.typed = self.typed[:-1]
            self.query_one(RepCounter).typed = self.typed
            return
        now = self.clock.monotonic()
        self.rep_count = self.rep_count.minus_one(now)
        self._show_count(now)

    def action_finish_set(self) -> None:
        """Apply typed digits, or finish the set and log it."""
        now = self.clock.monotonic()
        if self.typed:
            try:
                self.rep_count = self.rep_count.corrected_to(int(self.typed), now)
            except ValueError as error:
                # Beside the counter, where the lifter is looking; the count stays.
                self._say(Content.from_markup("[$error]$why.[/]",
                                              why=str(error).capitalize()))
                self.app.bell()
            self._show_count(now)
            self._clear_typed()
            return
        self._show_count(now)
        finished = self.run.finish_set(now)
        self._log_set(finished)
        self.query_one(TempoBeat).show(None, None)
        if self.run.phase is Phase.DONE:
            # The cuff-off is the end of the last set; the summary waits for its rating.
            self._close("completed", now, show_summary=False)
            self.query_one(RepCounter).border_subtitle = "block done, cuff off"
            self.effort_step.ask(finished.set_number)
        else:
            self._enter_rest()
            self.effort_step.ask(finished.set_number)
        self.refresh_bindings()

    def action_erase_rating(self) -> None:
        """Take back the last character of the rating."""
        self.effort_step.erase()

    def action_rate_set(self) -> None:
        """Save the rating typed for the set just done; nothing typed skips it."""
        step = self.effort_step
        set_number = step.set_number
        if set_number is None:
            return
        entry = read_set_rating(step.typed)
        if not entry.ok:
            step.refuse(entry.message)
            return
        rating = entry.rating
        if rating is None:
            step.close()
            self._rating_over(set_number)
            return
        # A rating that fails for good is told by ``failed``, which ends the block safely.
        self.writer.rate_set(set_number=set_number, rating=rating,
                             what=f"the rating of set {set_number}",
                             saved=partial(self._rating_saved, set_number, rating))
        if rating_red_flag(rating) is not None:
            step.close()
            self._end_on_discomfort(set_number, rating)
        else:
            step.say(f"Set {set_number}: effort {rating.rpe}, discomfort {rating.discomfort}: "
                     "saving…")
        self.refresh_bindings()

    def action_beat_bell(self) -> None:
        """Ring the terminal bell on each beat of the tempo, or stop ringing it."""
        self.host.beat_bell = not self.host.beat_bell
        self._bell_heard_mono = self.clock.monotonic()
        self.notify("The bell rings on each beat." if self.host.beat_bell
                    else "No bell on the beat.", title="Beat bell", timeout=3)
        self.update_clock()

    def action_skip_rest(self) -> None:
        """Start the next set now."""
        self._start_next_set(self.clock.monotonic())

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

    @property
    def rating_last_set(self) -> bool:
        """The block is over and its last set's rating is asked before the summary."""
        return self.run.phase is Phase.DONE and self.effort_step.asking

    @property
    def effort_step(self) -> EffortStep:
        """The effort step's line (asking, or saying what became of the rating)."""
        return self.query_one(EffortStep)

    def _show_count(self, now: float) -> None:
        """The count at ``now`` on screen and in the run, so the set logs what is shown."""
        if self.run.phase is not Phase.SET:
            return
        reps = self.rep_count.count_at(now)
        if reps != self.run.reps:
            self.run.set_reps(reps)
        self.query_one(RepCounter).reps = reps

    def _show_beat(self, now: float) -> None:
        tempo, bell = self.plan.protocol.tempo, self.host.beat_bell
        self.query_one(TempoBeat).show(self.rep_count.beat_at(now), tempo)
        first_rep = self.rep_count.first_rep_mono
        if tempo is None or first_rep is None:
            return
        # Before its first frame a set has rung nothing: its first rep's start is a beat.
        since = first_rep - tempo.rep_s if self._bell_heard_mono is None else self._bell_heard_mono
        self._bell_heard_mono = now
        if bell and beats_between(tempo, first_rep_mono=first_rep, since_mono=since,
                                  now_mono=now):
            self.app.bell()

    def _rating_over(self, set_number: int) -> None:
        """The last set's rating is saved, skipped or refused by the log: on to the summary."""
        if self.run.phase is not Phase.DONE or self.end_reason != "completed":
            return
        last = self.run.last_finished
        if last is None or last.set_number != set_number or self._release is not None:
            return
        self._summary_wanted = True
        if self.closed:
            self._go_on()

    def _end_on_discomfort(self, set_number: int, rating: SetRating) -> None:
        """Cuff discomfort above 7/10 ends the block as a red flag does (R7, R13)."""
        now = self.clock.monotonic()
        discomfort = rating.discomfort
        flag = RaisedFlag(DISCOMFORT_RED_FLAG, self._wall(now), discomfort_flag_note(discomfort))
        if self.run.phase is Phase.REST:
            self._pending_flags.append(flag)
            self._end_on_red_flag(
                now, ReleaseCuffScreen(discomfort=discomfort,
                                       saving="Saving the rating, the flag and the cuff-off…"),
                saved_with_set="the rating and the flag",
            )
            return
        # After the last set the cuff-off is already the set's end: the flag joins the set.
        self.writer.raise_flag(flag, set_number=set_number, in_set=False,
                               what="the discomfort flag")
        self._show_release(ReleaseCuffScreen(discomfort=discomfort,
                                             saving="Saving the rating and the flag…"))

    def _rating_saved(self, number: int, rating: SetRating, _result: None) -> None:
        """The rating is on disk: shown with its set, and the last set's on to the summary."""
        self._show_rating(number, rating)
        if rating_red_flag(rating) is not None:
            if self.end_reason == "completed":
                self._show_saved(f"Saved in the log: the rating and the flag with set {number}.")
            return
        text = f"Set {number}: effort {rating.rpe}, discomfort {rating.discomfort} saved."
        if self.run.phase is Phase.SET:
            # The next set has begun meanwhile (a slow log): its panel keeps the room.
            self.notify(text, timeout=4)
        else:
            self.effort_step.say(text)
        self._rating_over(number)

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
        self.rep_count = TempoRepCounter(self.plan.protocol.tempo).started(now)
        self._bell_heard_mono = None
        self.query_one(RestCountdown).display = False
        if self.effort_step.asking:
            self.effort_step.close()
        else:
            # What became of the last rating has been read by now: the set needs the room.
            self.effort_step.display = False
        self._show_set()
        self.update_clock()
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
                self._go_on_past_limit(self.clock.monotonic())
            else:
                self._end_early(OCCLUSION_LIMIT, show_summary=True)

        self.app.push_screen(
            OcclusionLimitModal(cuff_s=cuff_s, next_set=self.run.set_number + 1), answered
        )

    def _go_on_past_limit(self, now: float) -> None:
        number, cuff_s = self.run.set_number + 1, self.run.occlusion_s(now)
        self.writer.note_past_limit(set_number=number, cuff_s=cuff_s,
                                    what="the choice to go on past the limit")
        self._start_next_set(now, going_on=True)

    def _flag_raised(self, raised: RaisedSymptom | None) -> None:
        if raised is None or self.run.phase is Phase.DONE:
            return
        now = self.clock.monotonic()
        flag = RaisedFlag(raised.kind, self._wall(now), raised.note)
        action = symptom_action(raised.kind)
        if action is SymptomAction.RELEASE_NOW:
            self._pending_flags.append(flag)
            self._end_on_red_flag(
                now, ReleaseCuffScreen(raised.kind, saving="Saving the flag and the cuff-off…")
            )
            return
        self._pending_flags.append(flag)
        # On disk at once; a flag raised mid-set is tied to that set once it is logged.
        in_set = self.run.phase is Phase.SET
        self._flush_flags(None if in_set else self._last_set_number(), link_later=in_set)
        stop = action is SymptomAction.STOP_AND_SIT
        severity: SeverityLevel = "warning" if stop else "information"
        self.notify(ACTION_MESSAGES[action], title=symptom_label(raised.kind),
                    severity=severity, timeout=12)

    def _last_set_number(self) -> int | None:
        last = self.run.last_finished
        return last.set_number if last else None

    def _end_on_red_flag(self, now: float, release: ReleaseCuffScreen, *,
                         saved_with_set: str = "the flag") -> None:
        """The set under way, the flag and the cuff-off: one transaction (R7).

        The release screen comes at once; it says the flag is saved only after the commit.
        """
        self._show_count(now)
        logged = self.run.stop(now, keep_empty_set=True)
        flags, self._pending_flags = self._pending_flags, []
        self._unsaved_red_flags = flags
        last_set = None if logged is None else self._to_log(logged)
        if logged is not None:
            self._add_set_row(logged, saved="saving…")
        set_number = self._last_set_number()
        cuff_off_at = self._wall(now)
        self.end_reason = RED_FLAG

        def saved(_none: None) -> None:
            self._unsaved_red_flags = []
            if logged is not None:
                self._mark_row(logged.set_number, themed(self.app, "logged ✓", "success"))
            with_set = f" with set {set_number}" if set_number is not None else ""
            self._show_saved(f"Saved in the log: {saved_with_set}{with_set} and the cuff-off "
                             f"at {cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self.writer.end_on_red_flag(last_set=last_set, flags=flags, cuff_off_at=cuff_off_at,
                                    what="the red flag", saved=saved)
        self.query_one(RestCountdown).display = False
        self.query_one(TempoBeat).show(None, None)
        self.effort_step.close()
        self.refresh_bindings()
        self._show_release(release)

    def _end_early(self, reason: str, *, show_summary: bool) -> None:
        if self.run.phase is Phase.DONE:
            return
        now = self.clock.monotonic()
        self._show_count(now)
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
            format_duration(finished.ended_mono - finished.started_mono), "", saved,
            key=str(finished.set_number),
        )

    def _show_rating(self, set_number: int, rating: SetRating) -> None:
        """The set's effort and cuff discomfort in its row, once they are in the log."""
        text = f"{rating.rpe} / {rating.discomfort}"
        cell: str | Text = text
        if discomfort_ends_block(rating.discomfort):
            cell = themed(self.app, text, "error")
        with suppress(CellDoesNotExist):
            self.query_one("#sets-done", DataTable).update_cell(
                str(set_number), RATING_COLUMN, cell
            )

    def _to_log(self, finished: FinishedSet) -> LoggedSet:
        return LoggedSet(
            set_number=finished.set_number, target_reps=finished.target_reps,
            reps=finished.reps, load=self.plan.load,
            started_at=self._wall(finished.started_mono),
            ended_at=self._wall(finished.ended_mono), rest_before_s=finished.rest_before_s,
        )

    def _log_set(self, finished: FinishedSet) -> None:
        self.writer.log_set(self._to_log(finished), what=f"set {finished.set_number}",
                            saved=self._set_logged)
        # The set has the interpreter to itself for a moment: drawing the rest panel
        # would otherwise keep the writer's thread waiting. A log that is slower than
        # that (busy, or a server far away) is waited for on the writer's thread alone.
        self.writer.wait_for_writes(SET_SAVE_WAIT_S, heard=False)
        self._add_set_row(finished, saved="saving…")
        self._flush_flags(finished.set_number)

    def _flush_flags(self, set_number: int | None, *, link_later: bool = False) -> None:
        flags, self._pending_flags = self._pending_flags, []
        for flag in flags:
            self.writer.raise_flag(flag, set_number=set_number, in_set=link_later,
                                   what=f"the {symptom_label(flag.kind).lower()} flag")

    def _close(self, reason: str, now: float, *, show_summary: bool) -> None:
        self.end_reason = reason
        self._summary_wanted = show_summary and self._release is None
        cuff_off_at = self._wall(now)

        def closed(_result: None) -> None:
            self._show_saved(f"Cuff-off recorded at {cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self.writer.close(cuff_off_at=cuff_off_at, reason=reason, what="the cuff-off",
                          saved=closed)
        self.query_one(RestCountdown).display = False
        self.query_one(TempoBeat).show(None, None)
        if reason != "completed":
            # Ended some other way in the rest: the rating no longer waits for an answer.
            self.effort_step.close()
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
        self.training_log.release_block()
        if self._quit_when_closed:
            self.app.exit()
        elif self.app.screen is self:
            self.dismiss(None)

    def _block_started(self, started: BlockStarted) -> None:
        self.block_id, self.session_before_s = started.block_id, started.session_cuff_before_s
        self.update_clock()

    def _mark_row(self, set_number: int, saved: str | Text) -> None:
        table = self.query_one("#sets-done", DataTable)
        table.update_cell(str(set_number), table.ordered_columns[-1].key, saved)

    def _set_logged(self, logged: LoggedSet) -> None:
        self._mark_row(logged.set_number, themed(self.app, "logged ✓", "success"))
        self._say(f"Set {logged.set_number} logged.")

    def end_and_quit(self, reason: str = "left") -> None:
        """End the block (cuff off now) and quit once it is written; while the log is
        away, quit at once and keep what is not written on this machine."""
        self._quit_when_closed = True
        if self.run.phase is not Phase.DONE:
            self._end_early(reason, show_summary=False)
        elif self.closed or self._gave_up:
            self.app.exit()
            return
        if self._waiting_for_log:
            self._keep_unsaved_and_quit()

    @work(thread=True, exclusive=True, group="keep-unsaved", exit_on_error=False)
    def _keep_unsaved_and_quit(self) -> None:
        try:
            kept = self.writer.keep_unsaved()
        except OSError as error:
            # Nowhere to keep them either: the lifter must hear it before the app goes.
            self.app.call_from_thread(
                self.app.exit, return_code=EXIT_WRITES_LOST,
                message=f"bfr-tui: the block's last writes could not be saved or kept ({error}).",
            )
            return
        self.training_log.release_block()
        message = None
        if kept:
            listed = kept[0] if len(kept) == 1 else ", ".join(kept[:-1]) + " and " + kept[-1]
            verb = "is" if len(kept) == 1 else "are"
            message = (
                f"bfr-tui: {self.training_log.location} could not be reached, so {listed} "
                f"{verb} kept on this machine; the next start on this log saves "
                f"{'it' if len(kept) == 1 else 'them'}."
            )
        self.app.call_from_thread(self.app.exit, return_code=0, message=message)

    def _block_closed(self, _result: None) -> None:
        self.closed = True
        self.training_log.release_block()
        self.host.checkpoint_log()
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
        self.app.switch_screen(
            BlockSummaryScreen(block_id=self.block_id, in_session=self.in_session)
        )

    @property
    def writer(self) -> BlockWriter:
        """The log's writer of this block (from mount on)."""
        assert self._writer is not None, "the block's writer starts at mount"
        return self._writer

    def _watch_writes(self) -> None:
        # A thread worker of this screen that ends when the writes asked so far are over:
        # the app (and a test) can wait for the writes as for any worker.
        self.run_worker(partial(self.writer.wait_for_writes, None), thread=True,
                        group="block-writes", exit_on_error=False)

    def on_unmount(self) -> None:
        if self._writer is not None:
            self._writer.stop()

    # -- how the writes went (training_log.WriteReports) ------------------------------

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        """A write waits for a busy or unreachable log: say so, where the lifter looks."""
        self._waiting_for_log = True
        if what.startswith("set "):
            self._mark_row(int(what.split()[1]), themed(self.app, "not saved yet", "warning"))
        text = (
            f"{what.capitalize()}: not saved yet ({reason}). Trying again for up to "
            f"{_how_long(seconds_left)}; keep going. Quitting keeps it on this machine, "
            "and the next start saves it."
        )
        self._say(Content.from_markup("[b $warning]$text[/]", text=text))
        self._show_saved(text)

    def saved_after_retry(self, what: str) -> None:
        """A write that had to wait is on disk."""
        self._waiting_for_log = self.writer.unsaved
        self._say(f"{what.capitalize()}: saved.")

    def failed(self, failure: WriteFailure) -> None:
        """A write that will not commit: say so at once, and end the block safely."""
        ending, row = failure.ending, failure.set_number
        message = f"{failure.what.capitalize()} could not be saved: {failure.reason}."
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
        cuff_off_at = self._wall(self.clock.monotonic())

        def closed(_result: None) -> None:
            kept = "The flag and the cuff-off" if flags else "The cuff-off"
            self._show_saved(f"{kept} recorded at {cuff_off_at:%H:%M:%S}.")
            self._block_closed(None)

        self.writer.close_after_failed_save(flags=flags, cuff_off_at=cuff_off_at, reason=reason,
                                            what="the cuff-off", saved=closed)


def _how_long(seconds: float) -> str:
    """A wait in the lifter's words: "40 s", "30 min"."""
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _deliver_to(app: App[object]) -> Callable[[Callable[[], None]], None]:
    """Run a write's report on the app's thread, from the writer's."""

    def deliver(report: Callable[[], None]) -> None:
        # An app already stopped has nobody left to tell; the write is on disk either way.
        with suppress(RuntimeError):
            app.call_from_thread(report)

    return deliver
