"""The session summary of a template run: each block against its targets, the session's
cuff time, flags, and the advice for each exercise (R9) with any plateau."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from bfr_tui.domain.adherence import SetResult, assess_block
from bfr_tui.domain.occlusion import format_duration, session_total_warning
from bfr_tui.domain.plateau import Plateau
from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.symptoms import is_red_flag, symptom_label
from bfr_tui.domain.template_run import SESSION_END_TEXT, SessionEnd, TemplateRun
from bfr_tui.domain.units import counted, format_load
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.plateau_text import plateau_line, read_plateaus
from bfr_tui.screens.summary import END_REASONS
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import BlockRecord
from bfr_tui.widgets.cells import themed
from bfr_tui.widgets.table import Table


@dataclass
class SessionRead(Message, bubble=False):
    """Every block of the session as the log has it, and the plateau each one ends."""

    records: list[BlockRecord]
    plateaus: dict[int, Plateau]
    """By block id: the plateau that block is the latest flat block of."""


class SessionSummaryScreen(UsesLog, ShowsWorkerErrors, Screen[None]):
    """How the whole session went."""

    CSS_PATH = "session_summary.tcss"
    BINDINGS = [
        Binding("enter,escape", "done", "Done", id="session-summary-done"),
        Binding("h", "app.history", "History", id="session-summary-history"),
    ]

    def __init__(self, run: TemplateRun) -> None:
        super().__init__()
        self.run = run
        self.records: list[BlockRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="session-body"):
            yield Static("", id="session-headline")
            yield Table(id="session-blocks", cursor_type="none", zebra_stripes=True)
            yield Static("", id="session-cuff")
            yield Static("", id="session-flags")
            yield Static("", id="session-advice")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Session summary"
        self.sub_title = self.run.template.name
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        log = self.training_log
        records = [log.block_record(done.block_id) for done in self.run.done]
        plateaus: dict[int, Plateau] = {}
        for exercise_id in dict.fromkeys(record.exercise.id for record in records):
            for plateau in read_plateaus(log, exercise_id):
                if plateau.is_plateau and plateau.block_ids:
                    plateaus[plateau.block_ids[0]] = plateau
        self.post_message(SessionRead(records, plateaus))

    def on_session_read(self, read: SessionRead) -> None:
        self.records = read.records
        ended = self.run.ended or SessionEnd.STOPPED_EARLY
        headline = Content.from_markup(
            "[b]$name[/b]: $done of $total. $why",
            name=self.run.template.name, done=str(len(read.records)),
            total=counted(len(self.run.template.blocks), "block"), why=SESSION_END_TEXT[ended],
        )
        if ended is SessionEnd.RED_FLAG:
            headline = headline.stylize("$error")
        self.query_one("#session-headline", Static).update(headline)
        self._show_blocks(read.records)
        self._show_cuff(read.records)
        self._show_flags(read.records)
        self._show_advice(read.records, read.plateaus)

    def _show_blocks(self, records: list[BlockRecord]) -> None:
        table = self.query_one("#session-blocks", DataTable)
        table.clear(columns=True)
        table.add_columns("#", "Exercise", "Side", "Load", "Reps", "Cuff", "Flags", "Ended")
        for number, record in enumerate(records, start=1):
            block = record.block
            reps_done = sum(s.reps for s in record.sets)
            target = sum(parse_reps(block.protocol_reps))
            reps: str | Text = f"{reps_done}/{target}"
            if reps_done < target:
                reps = themed(self.app, f"{reps_done}/{target}", "warning")
            flags: str | Text = ", ".join(symptom_label(f.kind) for f in record.flags) or "—"
            if any(is_red_flag(f.kind) for f in record.flags):
                flags = themed(self.app, str(flags), "error")
            cuff_s = self.run.done[number - 1].cuff_s
            table.add_row(
                str(number), record.exercise.name, block.side,
                format_load(block.load, block.unit), reps, format_duration(cuff_s), flags,
                END_REASONS.get(block.end_reason, block.end_reason),
            )

    def _show_cuff(self, records: list[BlockRecord]) -> None:
        lines = [f"Cuff time this session {format_duration(self.run.cuff_s)}"]
        gaps = self.run.cuff_off_gaps_s
        if gaps:
            lines.append("Cuff off between blocks " + ", ".join(map(format_duration, gaps)))
        if warning := session_total_warning(self.run.cuff_s):
            lines.append(f"[$warning]{warning}[/]")
        self.query_one("#session-cuff", Static).update("\n".join(lines))

    def _show_flags(self, records: list[BlockRecord]) -> None:
        lines = []
        for record in records:
            for flag in record.flags:
                colour = "$error" if is_red_flag(flag.kind) else "$warning"
                where = f", set {flag.set_number}" if flag.set_number is not None else ""
                lines.append(Content.from_markup(
                    f"[{colour}]⚑ $kind[/] ($exercise{where})",
                    kind=symptom_label(flag.kind), exercise=record.exercise.name,
                ))
        shown = Content("\n").join(lines) if lines else Content.from_markup(
            "[$success]No symptoms flagged[/]"
        )
        self.query_one("#session-flags", Static).update(shown)

    def _show_advice(self, records: list[BlockRecord], plateaus: dict[int, Plateau]) -> None:
        lines = [Content.from_markup("[b]Advice[/b]")]
        for record in records:
            block = record.block
            adherence = assess_block(
                sets=[SetResult(s.target_reps, s.reps, s.rest_before_s) for s in record.sets],
                planned_targets=parse_reps(block.protocol_reps),
                rest_target_s=block.rest_target_s, tightness=block.tightness,
                ended_early=block.end_reason != "completed",
            )
            lines.append(Content.from_markup(
                "[b]$exercise, $side[/b]: $advice", exercise=record.exercise.name,
                side=block.side, advice=adherence.advice_text,
            ))
            plateau = plateaus.get(block.id)
            if plateau is not None:
                lines.append(Content.from_markup(f"  [$warning]{plateau_line(plateau)}[/]"))
        self.query_one("#session-advice", Static).update(Content("\n").join(lines))

    def action_done(self) -> None:
        """Back to where the session was started from."""
        self.app.pop_screen()
