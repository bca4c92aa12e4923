"""Record a limb occlusion pressure: limb, side, cuff, body position, method, date (R14)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import LOP_MMHG, check_day
from bfr_tui.domain.lop import (
    LOP_METHOD_LABELS,
    BodyPosition,
    LopError,
    LopMeasurement,
    LopMethod,
    lop_measurement,
)
from bfr_tui.screens.cuff_form import cuff_choice_label
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.training_log import CuffRecord

FIELDS = ("lop-mmhg", "lop-date", "lop-form")
NO_PRESSURE_CUFF = (
    "An LOP is measured with a pneumatic cuff or a device, and you have none yet: "
    "add one in Cuffs and LOP first."
)


@dataclass(frozen=True, slots=True)
class LopPrefill:
    """What the form starts with: the block's limb, side, cuff and position."""

    limb: Limb = Limb.LEG
    side: Side = Side.LEFT
    cuff_id: int | None = None
    position: BodyPosition = BodyPosition.SEATED
    method: LopMethod = LopMethod.DEVICE


@dataclass
class LopCuffsLoaded(Message, bubble=False):
    """The lifter's cuffs that take a pressure, not put away."""

    cuffs: list[CuffRecord]


def _radio_set(
    set_id: str, choices: list[tuple[str, str]], picked: str
) -> RadioSet:
    return RadioSet(
        *(RadioButton(label, id=f"{set_id}-{value}", value=value == picked)
          for label, value in choices),
        id=set_id, compact=True, classes="choices",
    )


def _picked(radio_set: RadioSet, prefix: str) -> str:
    pressed = radio_set.pressed_button
    return "" if pressed is None or pressed.id is None else pressed.id.removeprefix(f"{prefix}-")


class LopFormScreen(FormDialog[tuple[LopMeasurement, int], LopMeasurement]):
    """Record an LOP; dismisses with it once saved, or None."""

    CSS_PATH = "lop_form.tcss"
    FORM_ID = "lop-form"
    BINDINGS = form_bindings(FORM_ID)

    def __init__(self, *, prefill: LopPrefill | None = None) -> None:
        super().__init__()
        self.prefill = prefill or LopPrefill()
        self.cuffs: list[CuffRecord] = []

    def compose(self) -> ComposeResult:
        prefill = self.prefill
        with Vertical(id="lop-form-dialog", classes="dialog"):
            yield Static("Record an LOP", id="lop-form-title", classes="dialog-title")
            with VerticalScroll(id="lop-form-body"):
                yield Static(
                    "The limb occlusion pressure: the lowest cuff pressure that stops the "
                    "pulse below the cuff. Measure it in the position you train in.",
                    id="lop-form-intro", classes="muted",
                )
                with Grid(id="lop-form-grid"):
                    yield Label("Limb", classes="form-label")
                    yield _radio_set("lop-limb", [("Arm", Limb.ARM.value),
                                                  ("Leg", Limb.LEG.value)], prefill.limb.value)
                    yield Label("Side", classes="form-label")
                    yield _radio_set("lop-side", [("Left", Side.LEFT.value),
                                                  ("Right", Side.RIGHT.value)], prefill.side.value)
                    yield Label("Cuff", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Select[int]([], id="lop-cuff", compact=True,
                                          prompt="Loading your cuffs…")
                    yield Label("Position", classes="form-label")
                    yield _radio_set(
                        "lop-position",
                        [(p.value.capitalize(), p.value) for p in BodyPosition],
                        prefill.position.value,
                    )
                    yield Label("Measured by", classes="form-label")
                    yield _radio_set(
                        "lop-method",
                        [(LOP_METHOD_LABELS[m].capitalize(), m.value) for m in LopMethod],
                        prefill.method.value,
                    )
                    yield Label("Date", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Input(self._today().isoformat(), id="lop-date", compact=True,
                                    max_length=10, placeholder="YYYY-MM-DD")
                        yield Static("", id="lop-date-error", classes="field-error")
                    yield Label(f"LOP ({LOP_MMHG.unit})", classes="form-label")
                    with Vertical(classes="form-field"):
                        with Horizontal(classes="field-row"):
                            yield Input("", id="lop-mmhg", compact=True, restrict=r"\d*",
                                        max_length=3)
                            yield Static(f"[$text-muted]{LOP_MMHG.describe()}[/]",
                                         id="lop-mmhg-hint")
                        yield Static("", id="lop-mmhg-error", classes="field-error")
                yield Static("", id="lop-form-error", classes="field-error")
            yield dialog_buttons()

    def on_mount(self) -> None:
        self.query_one("#save", Button).disabled = True
        self.query_one("#lop-mmhg", Input).focus()
        self._load()
        self.call_after_refresh(self._fit)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        cuffs = [record for record in self.training_log.cuffs()
                 if record.cuff.kind.takes_pressure]
        self.post_message(LopCuffsLoaded(cuffs))

    def on_lop_cuffs_loaded(self, loaded: LopCuffsLoaded) -> None:
        self.cuffs = loaded.cuffs
        picker = self.query_one("#lop-cuff", Select)
        if not self.cuffs:
            picker.prompt = "No pneumatic cuff or device yet"
            self._set_error("lop-form", NO_PRESSURE_CUFF)
            return
        picker.set_options([(cuff_choice_label(r.cuff), r.id) for r in self.cuffs])
        ids = [record.id for record in self.cuffs]
        picker.value = self.prefill.cuff_id if self.prefill.cuff_id in ids else ids[0]
        self.query_one("#save", Button).disabled = False

    @on(Input.Changed)
    def _on_typed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self._set_error(event.input.id, "")

    @on(Input.Submitted)
    def _on_submit(self) -> None:
        self.action_save()

    def _cuff(self) -> CuffRecord | None:
        picked = self.query_one("#lop-cuff", Select).value
        return next((record for record in self.cuffs if record.id == picked), None)

    def read_form(self) -> tuple[LopMeasurement, int] | None:
        """The LOP as typed and the cuff's id, or None with each problem under its field."""
        errors = dict.fromkeys(FIELDS, "")
        mmhg = self._number("lop-mmhg", LOP_MMHG)
        day = check_day(self.query_one("#lop-date", Input).value, latest=self._today())
        errors["lop-mmhg"], errors["lop-date"] = mmhg.message, day.message
        record = self._cuff()
        if record is None:
            errors["lop-form"] = NO_PRESSURE_CUFF
        found: tuple[LopMeasurement, int] | None = None
        if not any(errors.values()) and record is not None:
            assert mmhg.value is not None and day.value is not None
            try:
                measurement = lop_measurement(
                    limb=_picked(self.query_one("#lop-limb", RadioSet), "lop-limb"),
                    side=_picked(self.query_one("#lop-side", RadioSet), "lop-side"),
                    cuff=record.cuff,
                    position=_picked(self.query_one("#lop-position", RadioSet), "lop-position"),
                    method=_picked(self.query_one("#lop-method", RadioSet), "lop-method"),
                    measured_on=day.value, mmhg=int(mmhg.value), today=self._today(),
                )
                found = (measurement, record.id)
            except LopError as error:
                errors["lop-form"] = str(error)
        self._show_errors(errors)
        return found

    def save_to_log(self, draft: tuple[LopMeasurement, int]) -> LopMeasurement:
        measurement, cuff_id = draft
        self.training_log.record_lop(measurement, cuff_id=cuff_id)
        return measurement

    def saved_note(self, saved: FormSaved[tuple[LopMeasurement, int], LopMeasurement]) -> str:
        return f"LOP saved: {saved.result.describe()}."
