"""The cuff check before every block: placement, tightness, pulse, skin, load (R1-R4, R12)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.cuff import (
    TARGET_TIGHTNESS,
    CuffCheck,
    RefusalKind,
    TightnessVerdict,
    check_cuff,
    looser_tightness,
    tightness_verdict,
)
from bfr_tui.domain.limbs import Side, bfr_eligibility, placement_guidance
from bfr_tui.domain.limits import (
    CUFF_WIDTH_CM,
    LOAD,
    LOP_PERCENT,
    PRESSURE_MMHG,
    REST_S,
    TIGHTNESS,
    NumberRange,
    check_number,
)
from bfr_tui.domain.load import LoadBand, load_band, load_warning
from bfr_tui.domain.progression import PreviousBlock, next_load, recovery_warning
from bfr_tui.domain.protocol import CLASSIC, Protocol, ProtocolError, custom_protocol, parse_reps
from bfr_tui.domain.units import Unit, format_load
from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.dialog_fit import fit_dialog_body
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import BlockContext

# Rows whose typed values are checked, each with its message line under it.
FIELDS = ("tightness", "load", "protocol", "cuff")
# The optional pneumatic cuff values, all on the "cuff" row.
CUFF_VALUES: tuple[tuple[str, NumberRange], ...] = (
    ("pressure", PRESSURE_MMHG),
    ("lop", LOP_PERCENT),
    ("width", CUFF_WIDTH_CM),
)
FIX_FIELDS = "Fix the fields marked in red first."
# The two boxes start unticked, so their refusal asks for the box by its label and says
# what to do when the answer really is no.
PULSE_BOX, SKIN_BOX = "I can feel a pulse", "Skin colour is normal"
UNTICKED = {
    RefusalKind.NO_PULSE: (
        f"Tick “{PULSE_BOX}” once you feel one below the cuff. "
        "No pulse means the cuff is closing the artery: loosen it."
    ),
    RefusalKind.SKIN_COLOUR: (
        f"Tick “{SKIN_BOX}” once it is. "
        "Pale or blue skin below the cuff: loosen it until the colour comes back."
    ),
}


@dataclass
class BlockContextLoaded(Message, bubble=False):
    """The exercise, its 1RM, its last block and the limb's last cuff time, read."""

    context: BlockContext


class CuffCheckScreen(
    UsesLog, ShowsWorkerErrors, ClosesWhenOnTop, ModalScreen[BlockPlan | None]
):
    """Check the cuff and the load; starting it means the cuffs are on."""

    CSS_PATH = "cuff_check.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cuff-cancel"),
        Binding("ctrl+s", "start", "Cuffs on, start", id="cuff-start", priority=True),
    ]

    def __init__(self, *, exercise_id: int) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.context: BlockContext | None = None
        self.band: LoadBand | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="cuff-dialog", classes="dialog"):
            yield Static("Cuff check", id="cuff-title", classes="dialog-title")
            with VerticalScroll(id="cuff-body"):
                yield Static("", id="placement")
                yield Static("", id="recovery", classes="warning-text")
                with Grid(id="cuff-grid"):
                    yield Label("Side")
                    with RadioSet(id="side", compact=True):
                        yield RadioButton("Left", id="side-left")
                        yield RadioButton("Right", id="side-right")
                        yield RadioButton("Both", id="side-both", value=True)
                    yield Label(f"Tightness {TIGHTNESS.describe()}")
                    with Vertical(classes="field"):
                        with Horizontal(classes="field-row"):
                            yield Input(
                                str(TARGET_TIGHTNESS),
                                compact=True,
                                id="tightness",
                                type="integer",
                                max_length=2,
                                restrict=r"\d*",
                            )
                            yield Static("", id="tightness-verdict")
                        yield Static("", id="tightness-error", classes="field-error")
                    yield Label("Below the cuff")
                    with Horizontal(classes="field"):
                        yield Checkbox(PULSE_BOX, id="pulse", compact=True)
                        yield Checkbox(SKIN_BOX, id="skin", compact=True)
                    yield Label("Load")
                    with Vertical(classes="field"):
                        with Horizontal(classes="field-row"):
                            yield Input("", compact=True, id="load", restrict=r"[\d.,]*",
                                        max_length=7)
                            yield Static("", id="load-info")
                        yield Static("", id="load-error", classes="field-error")
                    yield Label("Protocol")
                    with Vertical(classes="field"):
                        yield Select(
                            [(CLASSIC.describe(), "classic"), ("Custom", "custom")],
                            value="classic",
                            allow_blank=False,
                            id="protocol",
                            compact=True,
                        )
                        with Horizontal(id="custom-fields"):
                            yield Input(
                                "30-15-15-15", compact=True, id="custom-reps", max_length=30
                            )
                            yield Input(
                                str(CLASSIC.rest_s),
                                compact=True,
                                id="custom-rest",
                                type="integer",
                                max_length=3,
                            )
                        yield Static("", id="protocol-error", classes="field-error")
                    yield Label("Pressure (optional)")
                    with Vertical(classes="field"):
                        with Horizontal(classes="field-row"):
                            for field_id, placeholder in (
                                ("pressure", PRESSURE_MMHG.unit),
                                ("lop", "% LOP"),
                                ("width", f"cuff {CUFF_WIDTH_CM.unit}"),
                            ):
                                yield Input(
                                    "",
                                    compact=True,
                                    id=field_id,
                                    placeholder=placeholder,
                                    restrict=r"[\d.,]*",
                                    max_length=5,
                                )
                        yield Static("", id="cuff-error", classes="field-error")
            yield Static("", id="cuff-verdict")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Cancel [esc]"), id="cancel")
                yield Button(Content("Cuffs on, start [ctrl+s]"), id="start", variant="success")

    def on_mount(self) -> None:
        self.query_one("#custom-fields").display = False
        self.query_one("#tightness", Input).focus()
        self._load_context()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        fit_dialog_body(self, self.query_one("#cuff-dialog"), self.query_one("#cuff-body"))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_context(self) -> None:
        context = self.training_log.block_context(
            exercise_id=self.exercise_id, now=self.clock.now()
        )
        self.post_message(BlockContextLoaded(context))

    def on_block_context_loaded(self, loaded: BlockContextLoaded) -> None:
        context = self.context = loaded.context
        exercise = context.exercise
        eligibility = bfr_eligibility(limb=exercise.limb, compound=exercise.compound)
        if not eligibility.allowed:
            self.notify(eligibility.reason, severity="error", title=exercise.name, markup=False)
            self.close_with(None)
            return
        unit = Unit(exercise.unit)
        self.query_one("#cuff-title", Static).update(
            Content.from_markup("Cuff check: $name", name=exercise.name)
        )
        self.query_one("#placement", Static).update(placement_guidance(exercise.limb))
        self._show_recovery()
        if context.one_rm is not None:
            self.band = load_band(one_rm=context.one_rm, step=exercise.load_step, unit=unit)
        suggested = self._suggested_load(context)
        if suggested is not None:
            self.query_one("#load", Input).value = f"{suggested:g}"
        last = context.last_block
        if last is not None and last.red_flag:
            self.query_one("#tightness", Input).value = str(looser_tightness(last.tightness))
        self._refresh_verdicts()

    def _show_recovery(self) -> None:
        """R10: warn when this limb and side had a cuff in the last 36 h."""
        if self.context is None:
            return
        warning = recovery_warning(
            last_trained=self.context.last_on_side[self._side()],
            now=self.clock.now(),
        )
        recovery = self.query_one("#recovery", Static)
        recovery.update(warning)
        recovery.display = bool(warning)

    @on(RadioSet.Changed, "#side")
    def _on_side(self) -> None:
        self._show_recovery()

    @staticmethod
    def _suggested_load(context: BlockContext) -> float | None:
        last, exercise = context.last_block, context.exercise
        previous = None
        if last is not None:
            previous = PreviousBlock(
                load=last.load, reps=last.reps, targets=last.targets,
                red_flag=last.red_flag, tightness=last.tightness,
            )
        suggestion = next_load(
            previous=previous, one_rm=context.one_rm, step=exercise.load_step,
            unit=exercise.unit,
        )
        return suggestion.load if suggestion is not None else None

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _on_field_changed(self) -> None:
        self._refresh_verdicts()

    @on(Select.Changed, "#protocol")
    def _on_protocol(self, event: Select.Changed) -> None:
        self.query_one("#custom-fields").display = event.value == "custom"
        self._refresh_verdicts()

    def _unit(self) -> Unit:
        return Unit(self.context.exercise.unit) if self.context else Unit.KG

    def _refresh_verdicts(self) -> None:
        plan, problems, warnings, errors = self._read_plan()
        for field, message in errors.items():
            error = self.query_one(f"#{field}-error", Static)
            error.update(Content(message))
            error.set_class(bool(message), "-shown")
        tightness = check_number(self.query_one("#tightness", Input).value, TIGHTNESS).value
        self.query_one("#tightness-verdict", Static).update(self._tightness_note(tightness))
        info = self.query_one("#load-info", Static)
        load = check_number(self.query_one("#load", Input).value, LOAD[self._unit()]).value
        band_text = f"BFR band {self.band.describe()}" if self.band else "no 1RM yet: band unknown"
        if self.band is not None and load is not None:
            note = load_warning(load, self.band)
            verdict_word = "[$warning]outside[/]" if note else "[$success]inside[/]"
            info.update(f"{band_text} {verdict_word}")
        else:
            info.update(band_text)
        lines = [f"[$error]✗ {escape(p)}[/]" for p in problems]
        lines += [f"[$warning]! {escape(w)}[/]" for w in warnings]
        if plan is not None and not problems:
            lines.append(
                f"[$success]Ready: {escape(plan.protocol.describe())} at "
                f"{format_load(plan.load, plan.unit)}.[/]"
            )
        self.query_one("#cuff-verdict", Static).update("\n".join(lines))
        self.query_one("#start", Button).disabled = plan is None or bool(problems)
        # Longer warnings make the dialog taller: keep its buttons on screen.
        self.call_after_refresh(self._fit)

    @staticmethod
    def _tightness_note(tightness: float | None) -> str:
        """The rating in a word, beside the field; its message line says what is wrong."""
        if tightness is None:
            return f"rate {TIGHTNESS.describe()}, aim for {TARGET_TIGHTNESS}"
        verdict = tightness_verdict(int(tightness))
        if verdict is TightnessVerdict.TOO_TIGHT:
            return "[$error]too tight: loosen it[/]"
        if verdict is TightnessVerdict.LOOSE:
            return "[$warning]loose[/]"
        return "[$success]good[/]"

    def _read_plan(
        self,
    ) -> tuple[BlockPlan | None, list[str], list[str], dict[str, str]]:
        """Read every field: the plan (if complete), refusals, warnings, and field errors.

        A field error (a value out of range, or not a number) is shown under its field
        and also refuses the start, with one line in the verdict pointing at the fields.
        """
        problems: list[str] = []
        warnings: list[str] = []
        errors = dict.fromkeys(FIELDS, "")
        if self.context is None:
            return None, ["Loading the exercise..."], [], errors
        unit = self._unit()
        tightness = check_number(self.query_one("#tightness", Input).value, TIGHTNESS)
        load = check_number(self.query_one("#load", Input).value, LOAD[unit])
        errors["tightness"], errors["load"] = tightness.message, load.message
        if load.value is not None and self.band is not None:
            note = load_warning(load.value, self.band)
            if note:
                warnings.append(note)
        optional: dict[str, float | None] = {}
        cuff_errors: list[str] = []
        for field_id, limit in CUFF_VALUES:
            typed = check_number(self.query_one(f"#{field_id}", Input).value, limit,
                                 required=False)
            optional[field_id] = typed.value
            if typed.message:
                cuff_errors.append(typed.message)
        errors["cuff"] = "\n".join(cuff_errors)
        protocol, errors["protocol"] = self._read_protocol()
        pulse = self.query_one("#pulse", Checkbox).value
        skin = self.query_one("#skin", Checkbox).value
        if any(errors.values()):
            problems.append(FIX_FIELDS)
        if tightness.value is None or load.value is None or protocol is None:
            return None, problems, warnings, errors
        result = check_cuff(
            CuffCheck(
                tightness=int(tightness.value),
                pulse_felt=pulse,
                skin_normal=skin,
                pressure_mmhg=optional["pressure"],
                lop_percent=optional["lop"],
                cuff_width_cm=optional["width"],
            )
        )
        problems += [UNTICKED.get(r.kind, r.message) for r in result.refusals]
        warnings += list(result.warnings)
        side = self._side()
        plan = BlockPlan(
            exercise_id=self.exercise_id,
            exercise_name=self.context.exercise.name,
            limb=self.context.exercise.limb,
            side=side.value,
            protocol=protocol,
            load=load.value,
            unit=unit.value,
            one_rm=self.context.one_rm,
            tightness=int(tightness.value),
            pulse_felt=pulse,
            skin_normal=skin,
            pressure_mmhg=optional["pressure"],
            lop_percent=optional["lop"],
            cuff_width_cm=optional["width"],
        )
        return plan, problems, warnings, errors

    def _read_protocol(self) -> tuple[Protocol | None, str]:
        """The protocol picked, or None and what is wrong with the custom one."""
        if self.query_one("#protocol", Select).value != "custom":
            return CLASSIC, ""
        rest = check_number(self.query_one("#custom-rest", Input).value, REST_S)
        try:
            reps = parse_reps(self.query_one("#custom-reps", Input).value)
            if rest.value is None:
                # The reps are still checked, so both problems show at once.
                custom_protocol(target_reps=reps, rest_s=CLASSIC.rest_s)
                return None, rest.message
            return custom_protocol(target_reps=reps, rest_s=int(rest.value)), ""
        except ProtocolError as error:
            return None, "\n".join(m for m in (str(error), rest.message) if m)

    def _side(self) -> Side:
        pressed = self.query_one("#side", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return Side.BOTH
        return Side(pressed.id.removeprefix("side-"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        """Cuffs on: hand the plan to the live panel."""
        plan, problems, _warnings, _errors = self._read_plan()
        if plan is None or problems:
            self.notify(problems[0] if problems else "Finish the check first.", severity="error",
                        markup=False)
            return
        self.dismiss(plan)

    def action_cancel(self) -> None:
        """Back to the exercise list without starting."""
        self.dismiss(None)
