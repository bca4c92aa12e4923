"""The block summary: reps and rest against targets, cuff time, flags, advice (R9, R10)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from bfr_tui.domain.adherence import Advice, SetResult, assess_block, rest_on_target
from bfr_tui.domain.cuff import looser_tightness
from bfr_tui.domain.load import load_band, percent_of_1rm
from bfr_tui.domain.occlusion import cuff_time_s, format_duration, session_total_warning
from bfr_tui.domain.plateau import Plateau, detect_plateau
from bfr_tui.domain.pressure_prescription import is_off_target
from bfr_tui.domain.progression import PreviousBlock, next_load
from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.set_rating import discomfort_ends_block
from bfr_tui.domain.symptoms import is_red_flag, symptom_label
from bfr_tui.domain.units import Unit, convert, format_load
from bfr_tui.screens.cuff_text import pressure_line, rating_text, tempo_line
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.plateau_text import (
    plateau_block,
    plateau_line,
    plateau_one_rm,
    recent_blocks,
)
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import BlockRecord, HistoryRow
from bfr_tui.widgets.cells import themed
from bfr_tui.widgets.table import Table

END_REASONS = {
    "completed": "All sets done",
    "cuff_off_early": "Cuff taken off early",
    "red_flag": "Ended by a red flag",
    "left": "Left early",
    "interrupted": "App stopped; closed at the last set",
    "signal": "Window closed; cuff-off recorded then",
    "occlusion_limit": "Cuff released at the 10 min limit",
    "save_failed": "Ended: the log could not save a write",
}


@dataclass
class BlockRecordLoaded(Message, bubble=False):
    """The block with its sets and flags, and the 1RM its exercise is trained from now."""

    record: BlockRecord
    one_rm: float | None
    recent: list[HistoryRow]
    """The exercise's recent blocks, newest first: is it on a plateau now?"""


class BlockSummaryScreen(UsesLog, ShowsWorkerErrors, Screen[None]):
    """How the block went and what to do next time."""

    CSS_PATH = "summary.tcss"
    # Below 100 columns the sets table and the cuff's facts do not fit side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("enter,escape", "done", "Done", id="summary-done"),
        # In a template's session the summary leads on to the cuff-off screen instead.
        Binding("enter,escape", "back_to_session", "Back to the session",
                id="summary-session"),
        Binding("h", "app.history", "History", id="summary-history"),
    ]

    def __init__(self, *, block_id: int, in_session: bool = False) -> None:
        super().__init__()
        self.block_id = block_id
        self.in_session = in_session
        self.record: BlockRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static("", id="summary-headline")
            with Horizontal(id="summary-top"):
                yield Table(id="summary-sets", cursor_type="none", zebra_stripes=True)
                with Vertical(id="summary-facts"):
                    yield Static("", id="summary-cuff")
                    yield Static("", id="summary-flags")
            yield Static("", id="summary-advice")
            yield Static("", id="summary-next")
            yield Static("", id="summary-plateau")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Block summary"
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        record = self.training_log.block_record(self.block_id)
        context = self.training_log.block_context(
            exercise_id=record.exercise.id, now=self.clock.now()
        )
        recent = recent_blocks(self.training_log, record.exercise.id)
        self.post_message(BlockRecordLoaded(record, context.one_rm, recent))

    def on_block_record_loaded(self, loaded: BlockRecordLoaded) -> None:
        record, one_rm = loaded.record, loaded.one_rm
        self.record = record
        block, exercise = record.block, record.exercise
        targets = parse_reps(block.protocol_reps)
        results = [SetResult(s.target_reps, s.reps, s.rest_before_s) for s in record.sets]
        adherence = assess_block(
            sets=results, planned_targets=targets, rest_target_s=block.rest_target_s,
            tightness=block.tightness, ended_early=block.end_reason != "completed",
        )
        self.sub_title = f"{exercise.name} · {block.side}"
        pct = f" ({percent_of_1rm(block.load, block.one_rm):g} % 1RM)" if block.one_rm else ""
        self.query_one("#summary-headline", Static).update(
            f"[b]{escape(exercise.name)}[/b], {block.side}, "
            f"{format_load(block.load, block.unit)}{pct}"
            f" · {END_REASONS.get(block.end_reason, block.end_reason)} · "
            f"{adherence.reps_total}/{adherence.target_total} reps"
        )
        self._show_sets(record)
        self.query_one("#summary-cuff", Static).update("\n".join(self._cuff_lines(record)))
        flags = self.query_one("#summary-flags", Static)
        if record.flags:
            lines = []
            for flag in record.flags:
                where = f" in set {flag.set_number}" if flag.set_number is not None else ""
                colour = "$error" if is_red_flag(flag.kind) else "$warning"
                note = f": {escape(flag.note)}" if flag.note else ""
                lines.append(f"[{colour}]⚑ {symptom_label(flag.kind)}{where}{note}[/]")
            flags.update("\n".join(lines))
        else:
            flags.update("[$success]No symptoms flagged[/]")
        plateau = self._plateau(record, one_rm, loaded.recent)
        advice = adherence.advice_text
        if adherence.advice is Advice.KEEP and plateau is not None:
            # "Keep the load" would argue with the plateau's suggestion below.
            advice = "Every target met, as in the blocks before at this load."
        elif adherence.advice is Advice.LIGHTER and self._at_band_floor(record, one_rm):
            advice = (
                "Targets missed with the cuff at a sensible tightness, and the load is "
                "already at the bottom of the BFR band: keep it and build the reps."
            )
        self.query_one("#summary-advice", Static).update(f"[b]Advice[/b]  {advice}")
        self.query_one("#summary-next", Static).update(
            self._next_time(record, one_rm, targets, plateau)
        )
        plateau_line_shown = self.query_one("#summary-plateau", Static)
        plateau_line_shown.display = plateau is not None
        if plateau is not None:
            plateau_line_shown.update(f"[$warning]{plateau_line(plateau)}[/]")

    def _show_sets(self, record: BlockRecord) -> None:
        """One row a set; effort and discomfort only once the lifter rated a set (R13)."""
        block = record.block
        rated = any(s.rpe is not None or s.discomfort is not None for s in record.sets)
        table = self.query_one("#summary-sets", DataTable)
        table.clear(columns=True)
        table.add_columns("Set", "Reps / target", "Rest / target")
        if rated:
            table.add_columns("RPE", "Discomfort")
        for entry in record.sets:
            reps: str | Text = f"{entry.reps} / {entry.target_reps}"
            if entry.reps < entry.target_reps:
                reps = themed(self.app, str(reps), "warning")
            rest: str | Text = "—"
            if entry.rest_before_s is not None:
                rest = f"{entry.rest_before_s:.0f} s / {block.rest_target_s} s"
                if not rest_on_target(entry.rest_before_s, block.rest_target_s):
                    rest = themed(self.app, rest, "warning")
            cells: list[str | Text] = [str(entry.set_number), reps, rest]
            if rated:
                discomfort: str | Text = rating_text(entry.discomfort)
                if discomfort_ends_block(entry.discomfort):
                    discomfort = themed(self.app, str(discomfort), "error", bold=True)
                cells += [rating_text(entry.rpe), discomfort]
            table.add_row(*cells)

    @staticmethod
    def _cuff_lines(record: BlockRecord) -> list[str]:
        """Cuff time, the cuff and how it was set (pressure against its target, or the
        wrap's tightness), the tempo, and the visit's cuff time warning."""
        block = record.block
        occlusion = cuff_time_s(block.cuff_on_at, block.cuff_off_at) if block.cuff_off_at else 0.0
        lines = [
            f"Cuff on {format_duration(occlusion)}",
            f"Session cuff time {format_duration(record.session_cuff_s)}",
        ]
        cuff = record.cuff.cuff if record.cuff is not None else None
        if cuff is not None:
            lines.append(escape(cuff.describe()))
        if cuff is None or not cuff.kind.takes_pressure:
            # A wrap is set by feel and its mark (R2, R16); a block from before cuffs
            # were named reads as it always did.
            lines.append(f"Tightness {block.tightness}/10")
        pressure = pressure_line(
            pressure_mmhg=block.pressure_mmhg, lop_percent=block.lop_percent,
            target_mmhg=block.target_mmhg,
        )
        if pressure is not None:
            if (block.pressure_mmhg is not None and block.target_mmhg is not None
                    and is_off_target(block.pressure_mmhg, block.target_mmhg)):
                pressure = f"[$warning]{pressure}[/]"
            lines.append(pressure)
        if (tempo := tempo_line(block.tempo)) is not None:
            lines.append(tempo)
        if warning := session_total_warning(record.session_cuff_s):
            lines.append(f"[$warning]{warning}[/]")
        return lines

    @staticmethod
    def _in_exercise_unit(record: BlockRecord, value: float) -> float:
        """A figure of the block (its load, its 1RM) in the exercise's unit, which may
        have changed since the block was logged."""
        return convert(value, from_unit=Unit(record.block.unit),
                       to_unit=Unit(record.exercise.unit))

    def _one_rm(self, record: BlockRecord, one_rm: float | None) -> float | None:
        """The current 1RM (already in the exercise's unit), else the block's own."""
        if one_rm:
            return one_rm
        block_one_rm = record.block.one_rm
        return self._in_exercise_unit(record, block_one_rm) if block_one_rm else None

    def _next_time(
        self, record: BlockRecord, one_rm: float | None, targets: tuple[int, ...],
        plateau: Plateau | None,
    ) -> str:
        block, exercise = record.block, record.exercise
        unit = Unit(exercise.unit)
        value = self._one_rm(record, one_rm)
        band = load_band(one_rm=value, step=exercise.load_step, unit=unit) if value else None
        red = any(is_red_flag(f.kind) for f in record.flags)
        suggestion = next_load(
            previous=PreviousBlock(
                load=self._in_exercise_unit(record, block.load),
                reps=tuple(s.reps for s in record.sets), targets=targets,
                red_flag=red, tightness=block.tightness,
            ),
            one_rm=value, step=exercise.load_step, unit=unit,
        )
        if suggestion is None:
            return ""
        text = f"[b]Next time[/b]  {format_load(suggestion.load, unit)}. {suggestion.reason}"
        if (plateau is not None and plateau.suggested_load is not None
                and abs(plateau.suggested_load - suggestion.load) > 1e-9):
            # Three flat blocks outweigh the one block's rule: one suggestion, not two.
            text = (f"[b]Next time[/b]  {format_load(plateau.suggested_load, unit)}, "
                    "to get past the plateau below.")
        if red:
            text += f" Start the cuff at about {looser_tightness(block.tightness)}/10."
        if band is not None:
            text += f" Band {band.describe()}."
        return text

    def _plateau(
        self, record: BlockRecord, one_rm: float | None, recent: list[HistoryRow]
    ) -> Plateau | None:
        """The plateau this block is the third flat block of (its protocol and side), if
        any; a block ended early is no data point, so says nothing of a plateau."""
        block, exercise = record.block, record.exercise
        verdict = detect_plateau(
            [plateau_block(row) for row in recent], protocol_name=block.protocol_name,
            protocol_reps=block.protocol_reps, side=block.side, unit=exercise.unit,
            step=exercise.load_step,
            one_rm=plateau_one_rm(one_rm, recent, Unit(exercise.unit)),
        )
        if not verdict.is_plateau or verdict.block_ids[0] != block.id:
            return None
        return verdict

    def _at_band_floor(self, record: BlockRecord, one_rm: float | None) -> bool:
        exercise = record.exercise
        value = self._one_rm(record, one_rm)
        if not value:
            return False
        band = load_band(one_rm=value, step=exercise.load_step, unit=exercise.unit)
        load = self._in_exercise_unit(record, record.block.load)
        return not band.contains(round(load - exercise.load_step, 4))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return not self.in_session
        if action == "back_to_session":
            return self.in_session
        return super().check_action(action, parameters)

    def action_done(self) -> None:
        """Back to the exercise list."""
        self.app.pop_screen()

    def action_back_to_session(self) -> None:
        """Back to the session: the cuff-off time, or its summary after the last block."""
        self.app.pop_screen()
