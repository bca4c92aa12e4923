"""The cuff check before every block: cuff, placement, tightness, pulse, skin, pressure,
load and protocol (R1-R4, R12-R16)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from textual import events, on, work
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
from bfr_tui.domain.cuff_profile import CuffKind, CuffProfile, same_cuff
from bfr_tui.domain.limbs import Limb, Side, bfr_eligibility, placement_guidance
from bfr_tui.domain.limits import (
    CUFF_WIDTH_CM,
    LOAD,
    LOP_PERCENT,
    LOP_PRESCRIPTION_PERCENT,
    PRESSURE_MMHG,
    REST_S,
    TIGHTNESS,
    NumberRange,
    check_number,
)
from bfr_tui.domain.load import LoadBand, load_band, load_warning
from bfr_tui.domain.lop import (
    LOP_METHOD_LABELS,
    BodyPosition,
    LopMeasurement,
    measured_sides,
)
from bfr_tui.domain.next_cuff_setting import (
    CuffSuggestion,
    LastCuffUse,
    suggest_next_cuff_setting,
)
from bfr_tui.domain.pressure_prescription import (
    DEFAULT_LOP_PERCENT,
    PressureCheck,
    check_pressure,
)
from bfr_tui.domain.progression import PreviousBlock, next_load, recovery_warning
from bfr_tui.domain.protocol import CLASSIC, Protocol, ProtocolError, custom_protocol, parse_reps
from bfr_tui.domain.tempo import Tempo, TempoError, parse_tempo, tempo_text
from bfr_tui.domain.units import Unit, format_load, format_number
from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.cuff_form import CuffFormScreen, cuff_choice_label
from bfr_tui.screens.dialog_fit import fit_dialog_body
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.lop_form import LopFormScreen, LopPrefill
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import BlockContext, CuffRecord

# Rows whose typed values are checked, each with its message line under it.
FIELDS = ("tightness", "load", "protocol", "tempo", "cuff", "lop-percent", "set-pressure")
# The optional pneumatic values of a check without a named cuff, all on the "cuff" row.
CUFF_VALUES: tuple[tuple[str, NumberRange], ...] = (
    ("pressure", PRESSURE_MMHG),
    ("lop", LOP_PERCENT),
    ("width", CUFF_WIDTH_CM),
)
# The cuff picker's entries besides the lifter's cuffs.
NO_NAMED_CUFF = "none"
ADD_CUFF = "add"
CuffChoice = int | str
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
# Without a named cuff the check is the tightness check, as for a wrap: a red flag last
# time asks for a looser cuff by the same one-point step.
UNNAMED_CUFF = CuffProfile(
    name="your cuff", kind=CuffKind.ELASTIC_WRAP, width_cm=CUFF_WIDTH_CM.low
)
# Most lifters sit for their first LOP and their curls; the check starts there.
DEFAULT_POSITION = BodyPosition.SEATED


class CuffMode(StrEnum):
    """How the picked cuff is checked."""

    UNNAMED = "unnamed"
    """No named cuff: tightness, and the optional pressure, % of LOP and width."""
    WRAP = "wrap"
    """An elastic wrap: tightness and its stretch mark (R2, R16)."""
    PRESSURE = "pressure"
    """A pneumatic cuff or a device: % of LOP, target and the pressure set (R14)."""


@dataclass
class CuffCheckLoaded(Message, bubble=False):
    """Everything the check reads from the log, read in one go."""

    context: BlockContext
    cuffs: list[CuffRecord]
    lops: list[LopMeasurement]
    remeasure_days: int
    last_cuff: dict[Side, CuffRecord | None]
    """The cuff of the latest block on this limb, per side chosen: the first offer."""
    last_use: dict[Side, LastCuffUse | None]


@dataclass
class CheckReading:
    """Every field read: the plan (if complete), refusals, warnings and field errors."""

    plan: BlockPlan | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    pressure_checks: list[PressureCheck] = field(default_factory=list)


def target_line(check: PressureCheck, limb: str) -> str:
    """``Left leg: set 150 mmHg (60 % of your 250 mmHg LOP, seated, Doppler, 2026-11-20)``."""
    where = f"{check.side.value.capitalize()} {limb}"
    lop = check.lop
    if lop is None:
        return f"{where}: no target, no LOP that matches (see below)"
    if check.prescription is None:
        return (
            f"{where}: your LOP is {lop.mmhg} mmHg ({lop.position.value}, "
            f"{lop.measured_on.isoformat()}); give a % to get the target"
        )
    percent = format_number(check.prescription.lop_percent, 1)
    return (
        f"{where}: set {check.prescription.target_mmhg} mmHg ({percent} % of your "
        f"{lop.mmhg} mmHg LOP, {lop.position.value}, {LOP_METHOD_LABELS[lop.method]}, "
        f"{lop.measured_on.isoformat()})"
    )


def latest_position(
    lops: list[LopMeasurement], *, limb: str, side: Side, cuff: CuffProfile
) -> BodyPosition | None:
    """The position of the latest LOP for this limb, side(s) and cuff, if any."""
    sides = measured_sides(side)
    latest: LopMeasurement | None = None
    for measured in lops:
        if measured.limb.value != limb or measured.side not in sides:
            continue
        if not same_cuff(measured.cuff, cuff):
            continue
        if latest is None or measured.measured_on >= latest.measured_on:
            latest = measured
    return None if latest is None else latest.position


class VerdictBox(VerticalScroll):
    """The verdict under the fields: as it grows or shrinks, the fields get less or more
    room, so the screen measures the dialog again."""

    class Resized(Message):
        """The verdict's height changed."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())


class CuffCheckScreen(
    UsesLog, ShowsWorkerErrors, ClosesWhenOnTop, ModalScreen[BlockPlan | None]
):
    """Check the cuff and the load; starting it means the cuffs are on."""

    CSS_PATH = "cuff_check.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cuff-cancel"),
        Binding("ctrl+s", "start", "Cuffs on, start", id="cuff-start", priority=True),
        # ctrl+l: no Input, Select or Textual key uses it.
        Binding("ctrl+l", "record_lop", "Record an LOP", id="cuff-record-lop"),
    ]

    def __init__(self, *, exercise_id: int, preset_side: Side | None = None,
                 preset_protocol: Protocol | None = None) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        # A session template's block comes with its side and protocol already chosen.
        self.preset_side = preset_side or Side.BOTH
        self.preset_protocol = preset_protocol or CLASSIC
        self.context: BlockContext | None = None
        self.band: LoadBand | None = None
        self.cuffs: list[CuffRecord] = []
        self.lops: list[LopMeasurement] = []
        self.remeasure_days = 0
        self._last_cuff: dict[Side, CuffRecord | None] = {}
        self._last_use: dict[Side, LastCuffUse | None] = {}
        # What the screen itself put in a field: while it is still there, the lifter has
        # not chosen by hand, and a new side or cuff may change it.
        self._auto_cuff: CuffChoice | None = None
        self._cuff_by_hand = False
        self._shown_cuff: CuffChoice = NO_NAMED_CUFF
        self._auto_position = DEFAULT_POSITION
        self._position_by_hand = False
        self._auto_tightness = str(TARGET_TIGHTNESS)
        self._auto_pressure = ""
        self.suggestion: CuffSuggestion | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="cuff-dialog", classes="dialog"):
            yield Static("Cuff check", id="cuff-title", classes="dialog-title")
            with VerticalScroll(id="cuff-body"):
                yield Static("", id="placement")
                yield Static("", id="recovery", classes="warning-text")
                yield Static("", id="cuff-suggestion", classes="warning-text")
                with Grid(id="cuff-grid"):
                    yield Label("Side")
                    with RadioSet(id="side", compact=True):
                        for side in Side:
                            yield RadioButton(side.value.capitalize(), id=f"side-{side.value}",
                                              value=side is self.preset_side)
                    yield Label("Cuff")
                    with Vertical(classes="field"):
                        yield Select[CuffChoice](
                            self._cuff_options(), value=NO_NAMED_CUFF, allow_blank=False,
                            id="cuff-pick", compact=True,
                        )
                        yield Static("", id="cuff-info", classes="muted")
                    yield Label("Body position", classes="pressure-row")
                    with RadioSet(id="position", compact=True, classes="pressure-row"):
                        for position in BodyPosition:
                            yield RadioButton(
                                position.value.capitalize(), id=f"position-{position.value}",
                                value=position is DEFAULT_POSITION,
                            )
                    yield Label("% of LOP", classes="pressure-row")
                    with Vertical(classes="field pressure-row"):
                        with Horizontal(classes="field-row"):
                            yield Input(
                                format_number(DEFAULT_LOP_PERCENT, 1), compact=True,
                                id="lop-percent", restrict=r"[\d.,]*", max_length=5,
                            )
                            yield Static(
                                f"[$text-muted]{LOP_PRESCRIPTION_PERCENT.describe()}[/]",
                                id="lop-percent-range",
                            )
                            yield Button(Content("Record an LOP [ctrl+l]"), id="record-lop",
                                         compact=True)
                        yield Static("", id="targets")
                        yield Static("", id="lop-percent-error", classes="field-error")
                    yield Label("Pressure set (mmHg)", classes="pressure-row")
                    with Vertical(classes="field pressure-row"):
                        yield Input(
                            "", compact=True, id="set-pressure", restrict=r"[\d.,]*",
                            max_length=5, placeholder="gauge",
                        )
                        yield Static("", id="set-pressure-error", classes="field-error")
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
                        with Horizontal(classes="field-row"):
                            yield Select(
                                [(CLASSIC.describe(), "classic"), ("Custom", "custom")],
                                value=self._preset_choice(),
                                allow_blank=False,
                                id="protocol",
                                compact=True,
                            )
                            yield Label("Tempo", id="tempo-label")
                            yield Input(
                                tempo_text(self.preset_protocol.tempo), compact=True, id="tempo",
                                max_length=9,
                                tooltip="Seconds up/down, e.g. 2/2, or off",
                            )
                        with Horizontal(id="custom-fields"):
                            yield Input(
                                self.preset_protocol.reps_text, compact=True, id="custom-reps",
                                max_length=30,
                            )
                            yield Input(
                                str(self.preset_protocol.rest_s),
                                compact=True,
                                id="custom-rest",
                                type="integer",
                                max_length=3,
                            )
                        yield Static("", id="protocol-error", classes="field-error")
                        yield Static("", id="tempo-error", classes="field-error")
                    yield Label("Pressure (optional)", classes="unnamed-row")
                    with Vertical(classes="field unnamed-row"):
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
            # The verdict scrolls on its own past a few lines, so a long list of
            # warnings on a small terminal leaves the fields room to be filled.
            with VerdictBox(id="cuff-verdict-box"):
                yield Static("", id="cuff-verdict")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Cancel [esc]"), id="cancel")
                yield Button(Content("Cuffs on, start [ctrl+s]"), id="start", variant="success")

    def _preset_choice(self) -> str:
        """The protocol picker's choice for the protocol the check starts on."""
        preset = self.preset_protocol
        same = (preset.target_reps, preset.rest_s) == (CLASSIC.target_reps, CLASSIC.rest_s)
        return "classic" if same else "custom"

    def on_mount(self) -> None:
        self.query_one("#custom-fields").display = self._preset_choice() == "custom"
        self._show_mode()
        self.query_one("#tightness", Input).focus()
        self._load()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_verdict_box_resized(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        # The verdict under the body grows and shrinks as fields change: measure again
        # once a new cap is laid out, until the dialog stops moving.
        if fit_dialog_body(self, self.query_one("#cuff-dialog"), self.query_one("#cuff-body")):
            self.call_after_refresh(self._fit)

    def _today(self) -> date:
        return self.clock.now().date()

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        log = self.training_log
        context = log.block_context(exercise_id=self.exercise_id, now=self.clock.now())
        limb = Limb(context.exercise.limb)
        last_cuff: dict[Side, CuffRecord | None] = {}
        last_use: dict[Side, LastCuffUse | None] = {}
        if limb is not Limb.NONE:
            for side in Side:
                last_cuff[side] = log.last_cuff_for_limb(limb=limb, side=side)
                last_use[side] = log.last_cuff_use(limb=limb, side=side)
        self.post_message(CuffCheckLoaded(
            context=context, cuffs=log.cuffs(), lops=log.lop_measurements(),
            remeasure_days=log.lop_remeasure_days(), last_cuff=last_cuff, last_use=last_use,
        ))

    def on_cuff_check_loaded(self, loaded: CuffCheckLoaded) -> None:
        context = loaded.context
        exercise = context.exercise
        eligibility = bfr_eligibility(limb=exercise.limb, compound=exercise.compound)
        if not eligibility.allowed:
            self.notify(eligibility.reason, severity="error", title=exercise.name, markup=False)
            self.close_with(None)
            return
        self.cuffs, self.lops = loaded.cuffs, loaded.lops
        self.remeasure_days = loaded.remeasure_days
        self._last_cuff, self._last_use = loaded.last_cuff, loaded.last_use
        unit = Unit(exercise.unit)
        self.query_one("#cuff-title", Static).update(
            Content.from_markup("Cuff check: $name", name=exercise.name)
        )
        self.query_one("#placement", Static).update(placement_guidance(exercise.limb))
        if context.one_rm is not None:
            self.band = load_band(one_rm=context.one_rm, step=exercise.load_step, unit=unit)
        suggested = self._suggested_load(context)
        if suggested is not None:
            self.query_one("#load", Input).value = f"{suggested:g}"
        self.context = context
        self._show_recovery()
        self._fill_cuff_options()
        self._pick_default_cuff()
        self._cuff_changed()

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

    # --- the cuff ------------------------------------------------------------------------

    def _cuff_options(self) -> list[tuple[str, CuffChoice]]:
        options: list[tuple[str, CuffChoice]] = [
            (cuff_choice_label(record.cuff), record.id) for record in self.cuffs
        ]
        options.append(("No named cuff", NO_NAMED_CUFF))
        options.append(("Add a cuff…", ADD_CUFF))
        return options

    def _fill_cuff_options(self) -> None:
        picker = self.query_one("#cuff-pick", Select)
        picker.set_options(self._cuff_options())

    def _set_cuff(self, choice: CuffChoice) -> None:
        """Pick ``choice`` as the screen's own offer (the lifter has not chosen yet)."""
        self._auto_cuff = choice
        self._shown_cuff = choice
        self.query_one("#cuff-pick", Select).value = choice

    def _pick_default_cuff(self) -> None:
        """The cuff last used on this limb and side, if it is still offered."""
        default = self._last_cuff.get(self._side())
        offered = {record.id for record in self.cuffs}
        if default is not None and default.id in offered:
            self._set_cuff(default.id)
        else:
            self._set_cuff(NO_NAMED_CUFF)

    @property
    def cuff(self) -> CuffRecord | None:
        """The named cuff picked, or None."""
        choice = self._shown_cuff
        return next((record for record in self.cuffs if record.id == choice), None)

    def _mode(self) -> CuffMode:
        record = self.cuff
        if record is None:
            return CuffMode.UNNAMED
        return CuffMode.PRESSURE if record.cuff.kind.takes_pressure else CuffMode.WRAP

    @on(Select.Changed, "#cuff-pick")
    def _on_cuff_pick(self) -> None:
        # The picker as it is now, not as the event says: refilling the options posts a
        # change to their first entry before the screen's own pick lands.
        value = self.query_one("#cuff-pick", Select).value
        if value == ADD_CUFF:
            self.query_one("#cuff-pick", Select).value = self._shown_cuff
            self.action_add_cuff()
            return
        if not isinstance(value, int | str) or value == self._shown_cuff:
            return
        if value != self._auto_cuff:
            self._cuff_by_hand = True
        self._shown_cuff = value
        self._cuff_changed()

    def action_add_cuff(self) -> None:
        """A new cuff, picked once saved."""
        self.app.push_screen(CuffFormScreen(), self._cuff_added)

    def _cuff_added(self, record: CuffRecord | None) -> None:
        if record is None:
            return
        self.cuffs = sorted([*self.cuffs, record], key=lambda r: r.cuff.name.casefold())
        self._fill_cuff_options()
        self._cuff_by_hand = True
        self._shown_cuff = record.id
        self.query_one("#cuff-pick", Select).value = record.id
        self._cuff_changed()

    def _cuff_changed(self) -> None:
        """A new cuff or side: its position, its suggestion, the fields it needs."""
        self._show_mode()
        record = self.cuff
        if record is not None and record.cuff.kind.takes_pressure and not self._position_by_hand:
            limb = self.context.exercise.limb if self.context else ""
            position = latest_position(
                self.lops, limb=limb, side=self._side(), cuff=record.cuff
            ) or DEFAULT_POSITION
            self._set_position(position)
        self._apply_suggestion()
        self._refresh_verdicts()

    def _show_mode(self) -> None:
        mode = self._mode()
        for widget in self.query(".pressure-row"):
            widget.display = mode is CuffMode.PRESSURE
        for widget in self.query(".unnamed-row"):
            widget.display = mode is CuffMode.UNNAMED
        info = self.query_one("#cuff-info", Static)
        record = self.cuff
        if record is None:
            info.update("")
        elif mode is CuffMode.WRAP:
            mark = record.cuff.wrap_mark
            info.update(Content(
                f"Put it on at your mark: {mark}" if mark
                else "No stretch mark recorded: add one in Cuffs and LOP, so the wrap "
                "goes on the same way each time."
            ))
        else:
            # The width is in the cuff's name line; what the lifter needs here is why
            # another cuff's LOPs are not offered.
            info.update(Content("Targets come only from LOPs measured with this cuff."))
        info.display = record is not None

    def _apply_suggestion(self) -> None:
        """After a red flag on this limb last time, start looser, and say why (R13, R7).

        One loosening only: the limb's last block gives the step when it has one; the
        exercise's own last block is the fallback, as before cuffs were named.
        """
        record = self.cuff
        last = self._last_use.get(self._side())
        suggestion = suggest_next_cuff_setting(
            last, record.cuff if record is not None else UNNAMED_CUFF
        )
        self.suggestion = suggestion
        note = self.query_one("#cuff-suggestion", Static)
        note.update(Content(suggestion.message) if suggestion else "")
        note.display = suggestion is not None
        tightness = TARGET_TIGHTNESS
        if suggestion is not None and suggestion.tightness is not None:
            tightness = suggestion.tightness
        elif self.context is not None and self.context.last_block is not None:
            last_block = self.context.last_block
            if last_block.red_flag:
                tightness = looser_tightness(last_block.tightness)
        tightness_box = self.query_one("#tightness", Input)
        if tightness_box.value == self._auto_tightness:
            self._auto_tightness = str(tightness)
            tightness_box.value = self._auto_tightness
        pressure = ""
        if suggestion is not None and suggestion.pressure_mmhg is not None:
            pressure = format_number(suggestion.pressure_mmhg, 1)
        pressure_box = self.query_one("#set-pressure", Input)
        if pressure_box.value == self._auto_pressure:
            self._auto_pressure = pressure
            pressure_box.value = pressure

    # --- side and position ---------------------------------------------------------------

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
        if self.context is None:
            return
        if not self._cuff_by_hand:
            self._pick_default_cuff()
        self._cuff_changed()

    def _set_position(self, position: BodyPosition) -> None:
        self._auto_position = position
        self.query_one(f"#position-{position.value}", RadioButton).value = True

    def _position(self) -> BodyPosition:
        pressed = self.query_one("#position", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return DEFAULT_POSITION
        return BodyPosition(pressed.id.removeprefix("position-"))

    @on(RadioSet.Changed, "#position")
    def _on_position(self) -> None:
        if self._position() is not self._auto_position:
            self._position_by_hand = True
        self._refresh_verdicts()

    # --- LOPs ----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "record-lop":
            self.action_record_lop()
        else:
            self.action_cancel()

    def action_record_lop(self) -> None:
        """Record an LOP for this limb, side, cuff and position (ctrl+l)."""
        if self.context is None:
            return
        side = self._side()
        record = self.cuff
        prefill = LopPrefill(
            limb=Limb(self.context.exercise.limb),
            side=Side.LEFT if side is Side.BOTH else side,
            cuff_id=record.id if record is not None else None,
            position=self._position(),
        )
        self.app.push_screen(LopFormScreen(prefill=prefill), self._lop_recorded)

    def _lop_recorded(self, measurement: LopMeasurement | None) -> None:
        if measurement is None:
            return
        # The log hands LOPs back oldest first, the latest recorded last: so does this.
        self.lops = [*self.lops, measurement]
        # Its position becomes the one offered, unless the lifter chose one.
        self._cuff_changed()

    # --- fields and verdicts -------------------------------------------------------------

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
        reading = self.read_check()
        plan, problems, warnings = reading.plan, reading.problems, reading.warnings
        for name, message in reading.errors.items():
            error = self.query_one(f"#{name}-error", Static)
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
        limb = self.context.exercise.limb if self.context else ""
        self.query_one("#targets", Static).update(
            Content("\n".join(target_line(check, limb) for check in reading.pressure_checks))
        )
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

    def read_check(self) -> CheckReading:
        """Read every field: the plan (if complete), refusals, warnings, and field errors.

        A field error (a value out of range, or not a number) is shown under its field
        and also refuses the start, with one line in the verdict pointing at the fields.
        Pressure warnings (R14) are shown and never refuse the start.
        """
        reading = CheckReading(plan=None, errors=dict.fromkeys(FIELDS, ""))
        errors, warnings = reading.errors, reading.warnings
        if self.context is None:
            reading.problems.append("Loading the exercise...")
            return reading
        unit = self._unit()
        side = self._side()
        tightness = check_number(self.query_one("#tightness", Input).value, TIGHTNESS)
        load = check_number(self.query_one("#load", Input).value, LOAD[unit])
        errors["tightness"], errors["load"] = tightness.message, load.message
        if load.value is not None and self.band is not None:
            note = load_warning(load.value, self.band)
            if note:
                warnings.append(note)
        mode = self._mode()
        record = self.cuff
        pressure: float | None = None
        lop_percent: float | None = None
        width: float | None = None
        target: int | None = None
        if mode is CuffMode.UNNAMED:
            optional: dict[str, float | None] = {}
            cuff_errors: list[str] = []
            for field_id, limit in CUFF_VALUES:
                typed = check_number(self.query_one(f"#{field_id}", Input).value, limit,
                                     required=False)
                optional[field_id] = typed.value
                if typed.message:
                    cuff_errors.append(typed.message)
            errors["cuff"] = "\n".join(cuff_errors)
            pressure, lop_percent, width = optional["pressure"], optional["lop"], optional["width"]
        elif record is not None:
            width = record.cuff.width_cm
        if mode is CuffMode.PRESSURE and record is not None:
            percent = check_number(
                self.query_one("#lop-percent", Input).value, LOP_PRESCRIPTION_PERCENT
            )
            set_pressure = check_number(
                self.query_one("#set-pressure", Input).value, PRESSURE_MMHG
            )
            errors["lop-percent"], errors["set-pressure"] = percent.message, set_pressure.message
            lop_percent, pressure = percent.value, set_pressure.value
            reading.pressure_checks = [
                check_pressure(
                    self.lops, limb=self.context.exercise.limb, side=trained, cuff=record.cuff,
                    position=self._position(), lop_percent=lop_percent, set_mmhg=pressure,
                    today=self._today(), remeasure_after_days=self.remeasure_days,
                )
                for trained in measured_sides(side)
            ]
            warnings += [w.message for c in reading.pressure_checks for w in c.warnings]
            targets = [
                c.prescription.target_mmhg for c in reading.pressure_checks
                if c.prescription is not None
            ]
            # Two sides, two targets: the lower one is the safer one to keep.
            target = min(targets) if targets else None
        protocol, errors["protocol"], errors["tempo"] = self._read_protocol()
        pulse = self.query_one("#pulse", Checkbox).value
        skin = self.query_one("#skin", Checkbox).value
        if any(errors.values()):
            reading.problems.append(FIX_FIELDS)
        if tightness.value is None or load.value is None or protocol is None:
            return reading
        result = check_cuff(
            CuffCheck(
                tightness=int(tightness.value),
                pulse_felt=pulse,
                skin_normal=skin,
                pressure_mmhg=pressure,
                lop_percent=lop_percent,
                cuff_width_cm=width,
            )
        )
        reading.problems += [UNTICKED.get(r.kind, r.message) for r in result.refusals]
        warnings += list(result.warnings)
        reading.plan = BlockPlan(
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
            pressure_mmhg=pressure,
            lop_percent=lop_percent,
            cuff_width_cm=width,
            cuff_id=record.id if record is not None else None,
            target_mmhg=target,
        )
        return reading

    def _read_tempo(self) -> tuple[Tempo | None, str]:
        try:
            return parse_tempo(self.query_one("#tempo", Input).value), ""
        except TempoError as error:
            return None, str(error)

    def _read_protocol(self) -> tuple[Protocol | None, str, str]:
        """The protocol picked with its tempo, or None; what is wrong with the protocol,
        and with the tempo."""
        tempo, tempo_error = self._read_tempo()
        if self.query_one("#protocol", Select).value != "custom":
            if tempo_error:
                return None, "", tempo_error
            return replace(CLASSIC, tempo=tempo), "", ""
        rest = check_number(self.query_one("#custom-rest", Input).value, REST_S)
        try:
            reps = parse_reps(self.query_one("#custom-reps", Input).value)
            if rest.value is None:
                # The reps are still checked, so both problems show at once.
                custom_protocol(target_reps=reps, rest_s=CLASSIC.rest_s)
                return None, rest.message, tempo_error
            protocol = custom_protocol(target_reps=reps, rest_s=int(rest.value), tempo=tempo)
            return (None if tempo_error else protocol), "", tempo_error
        except ProtocolError as error:
            message = "\n".join(m for m in (str(error), rest.message) if m)
            return None, message, tempo_error

    def _side(self) -> Side:
        pressed = self.query_one("#side", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return Side.BOTH
        return Side(pressed.id.removeprefix("side-"))

    def action_start(self) -> None:
        """Cuffs on: hand the plan to the live panel."""
        reading = self.read_check()
        plan, problems = reading.plan, reading.problems
        if plan is None or problems:
            self.notify(problems[0] if problems else "Finish the check first.", severity="error",
                        markup=False)
            return
        self.dismiss(plan)

    def action_cancel(self) -> None:
        """Back to the exercise list without starting."""
        self.dismiss(None)
