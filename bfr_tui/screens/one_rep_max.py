"""Record a 1RM: tested as a single, or estimated from a rep-max set (R3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from bfr_tui.domain.estimate import (
    MAX_REPS_FOR_ESTIMATE,
    OneRepMaxMethod,
    brzycki_1rm,
    epley_1rm,
)
from bfr_tui.domain.limbs import bfr_eligibility
from bfr_tui.domain.limits import ESTIMATE_REPS, LOAD, ONE_RM, check_day
from bfr_tui.domain.load import BAND_HIGH_FRACTION, BAND_LOW_FRACTION, load_band
from bfr_tui.domain.units import Unit, format_load
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.screens.loads import band_text
from bfr_tui.screens.messages import ExerciseGone, SaveRefused
from bfr_tui.training_log import ExerciseDetails, OneRepMaxEntry

FIELDS = ("value", "set-load", "set-reps", "date")


@dataclass(frozen=True, slots=True)
class CheckedOneRepMax:
    """A checked 1RM, ready to store."""

    value: float
    unit: Unit
    method: OneRepMaxMethod
    recorded_on: date
    source: str


@dataclass
class OneRepMaxFormLoaded(Message, bubble=False):
    """The exercise the 1RM is for, and the 1RM it is trained from now, if any."""

    exercise: ExerciseDetails
    current: OneRepMaxEntry | None


def _shown(value: float, unit: Unit) -> str:
    return format_load(round(value, 1), unit)


class OneRepMaxScreen(FormDialog[CheckedOneRepMax, bool]):
    """Enter a 1RM and see the BFR band it gives before saving; dismisses True once saved."""

    CSS_PATH = "one_rep_max.tcss"
    FORM_ID = "orm"
    BINDINGS = form_bindings(FORM_ID)

    def __init__(self, *, exercise_id: int) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.exercise: ExerciseDetails | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="orm-dialog", classes="dialog"):
            yield Static("Record a 1RM", id="orm-title", classes="dialog-title")
            with VerticalScroll(id="orm-body"):
                yield Static("", id="orm-current", classes="muted")
                with RadioSet(id="orm-method", compact=True):
                    yield RadioButton("Estimate from a set", value=True, id="method-estimated")
                    yield RadioButton("Tested single", id="method-tested")
                with Grid(id="orm-grid"):
                    yield Label("Set load", classes="form-label estimated-only")
                    with Vertical(classes="form-field estimated-only"):
                        with Horizontal(classes="with-unit"):
                            yield Input(id="set-load", compact=True, restrict=r"[\d.,]*",
                                        max_length=7, placeholder="e.g. 20")
                            yield Static("kg", classes="unit-label muted")
                        yield Static("", id="set-load-error", classes="field-error")
                    yield Label(f"Reps (1-{MAX_REPS_FOR_ESTIMATE})",
                                classes="form-label estimated-only")
                    with Vertical(classes="form-field estimated-only"):
                        yield Input(id="set-reps", compact=True, restrict=r"\d*", max_length=2,
                                    placeholder="as many as you could do")
                        yield Static("", id="set-reps-error", classes="field-error")
                    yield Label("1RM", classes="form-label tested-only")
                    with Vertical(classes="form-field tested-only"):
                        with Horizontal(classes="with-unit"):
                            yield Input(id="value", compact=True, restrict=r"[\d.,]*",
                                        max_length=7, placeholder="heaviest single")
                            yield Static("kg", classes="unit-label muted")
                        yield Static("", id="value-error", classes="field-error")
                    yield Label("Date", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Input(id="date", compact=True, max_length=10,
                                    placeholder="YYYY-MM-DD")
                        yield Static("", id="date-error", classes="field-error")
                yield Static("", id="orm-estimates")
                yield Static("", id="orm-band")
            yield dialog_buttons(id="orm-actions")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)
        self.query_one("#date", Input).value = self._today().isoformat()
        self.query_one("#save", Button).disabled = True
        self._show_method()
        self.query_one("#set-load", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            exercise = self.training_log.exercise(self.exercise_id)
            current = self.training_log.current_one_rep_max(self.exercise_id)
        except LookupError:
            self.post_message(ExerciseGone())
            return
        self.post_message(OneRepMaxFormLoaded(exercise, current))

    def on_exercise_gone(self, _message: ExerciseGone) -> None:
        self.notify("That exercise is no longer in the log.", severity="error")
        self.close_with(False)

    def on_one_rep_max_form_loaded(self, loaded: OneRepMaxFormLoaded) -> None:
        exercise, current = loaded.exercise, loaded.current
        self.exercise = exercise
        unit = self.unit
        self.query_one("#orm-title", Static).update(Content(f"Record a 1RM: {exercise.name}"))
        for label in self.query(".unit-label").results(Static):
            label.update(unit.value)
        if current is not None:
            how = "estimated" if current.method == "estimated" else "tested"
            source = f", {current.source}" if current.source else ""
            self.query_one("#orm-current", Static).update(Content(
                f"Current 1RM: {format_load(current.value, current.unit)} "
                f"({how} {current.recorded_on.isoformat()}{source})"
            ))
        else:
            self.query_one("#orm-current", Static).update(
                "No 1RM yet. Most lifters estimate one from a hard set of up to "
                f"{MAX_REPS_FOR_ESTIMATE} reps rather than testing a single."
            )
        self.query_one("#save", Button).disabled = False
        self._preview()

    @property
    def unit(self) -> Unit:
        """The exercise's unit (kg until it has loaded)."""
        return Unit(self.exercise.unit) if self.exercise else Unit.KG

    @property
    def method(self) -> OneRepMaxMethod:
        """Tested or estimated, as picked."""
        pressed = self.query_one("#orm-method", RadioSet).pressed_button
        if pressed is not None and pressed.id == "method-tested":
            return OneRepMaxMethod.TESTED
        return OneRepMaxMethod.ESTIMATED

    # --- live feedback -------------------------------------------------------------------

    @on(RadioSet.Changed, "#orm-method")
    def _on_method(self) -> None:
        self._show_method()
        first = "#value" if self.method is OneRepMaxMethod.TESTED else "#set-load"
        self.query_one(first, Input).focus()
        self._preview()

    def _show_method(self) -> None:
        estimated = self.method is OneRepMaxMethod.ESTIMATED
        for widget in self.query(".estimated-only"):
            widget.display = estimated
        for widget in self.query(".tested-only"):
            widget.display = not estimated

    @on(Input.Changed)
    def _on_typed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self._set_error(event.input.id, "")
        self._preview()

    @on(Input.Submitted)
    def _on_submit(self) -> None:
        self.action_save()

    def _estimates(self) -> tuple[float, float] | None:
        """Epley and Brzycki from the set typed so far, when it makes sense."""
        load = self._number("set-load", LOAD[self.unit]).value
        reps = self._number("set-reps", ESTIMATE_REPS).value
        if load is None or reps is None:
            return None
        return epley_1rm(load, int(reps)), brzycki_1rm(load, int(reps))

    def _candidate(self) -> float | None:
        """The 1RM the form would save, without judging it."""
        if self.method is OneRepMaxMethod.TESTED:
            return self._number("value", ONE_RM[self.unit]).value
        estimates = self._estimates()
        return round(estimates[0], 1) if estimates else None

    def _preview(self) -> None:
        unit = self.unit
        estimates_line = self.query_one("#orm-estimates", Static)
        if self.method is OneRepMaxMethod.ESTIMATED:
            estimates = self._estimates()
            if estimates is None:
                estimates_line.update(Content.from_markup(
                    f"[$text-muted]Type the load and the reps (1-{MAX_REPS_FOR_ESTIMATE}) of "
                    "your hardest recent set to see the estimate.[/]"
                ))
            else:
                epley, brzycki = estimates
                estimates_line.update(Content.from_markup(
                    "Epley [b]$epley[/b] (saved)   Brzycki $brzycki",
                    epley=_shown(epley, unit), brzycki=_shown(brzycki, unit),
                ))
            estimates_line.display = True
        else:
            estimates_line.display = False
        band_line = self.query_one("#orm-band", Static)
        value = self._candidate()
        if self.exercise is None or value is None or not ONE_RM[unit].contains(value):
            band_line.update("")
            return
        eligibility = bfr_eligibility(limb=self.exercise.limb, compound=self.exercise.compound)
        if not eligibility.allowed:
            band_line.update(Content.from_markup(
                "[$text-muted]No BFR band: this exercise does not run BFR. "
                "The 1RM is kept for your records.[/]"
            ))
            return
        band = load_band(one_rm=value, step=self.exercise.load_step, unit=unit)
        low, high = round(BAND_LOW_FRACTION * 100), round(BAND_HIGH_FRACTION * 100)
        band_line.update(Content.from_markup(
            "BFR band at this 1RM: [b $success]$band[/] ($low-$high % of 1RM, "
            "on your $step step)",
            band=band_text(band), low=str(low), high=str(high),
            step=format_load(self.exercise.load_step, unit),
        ))

    # --- checking and saving -------------------------------------------------------------

    def read_form(self) -> CheckedOneRepMax | None:
        """Check the fields, name each problem under its field, return the entry if none."""
        unit = self.unit
        errors = dict.fromkeys(FIELDS, "")
        value: float | None = None
        source = ""
        if self.method is OneRepMaxMethod.TESTED:
            tested = self._number("value", ONE_RM[unit])
            value, errors["value"] = tested.value, tested.message
        else:
            load = self._number("set-load", LOAD[unit])
            reps = self._number("set-reps", ESTIMATE_REPS)
            errors["set-load"], errors["set-reps"] = load.message, reps.message
            if load.value is not None and reps.value is not None:
                value = round(epley_1rm(load.value, int(reps.value)), 1)
                source = f"{reps.value} x {format_load(load.value, unit)} (Epley)"
                if not ONE_RM[unit].contains(value):
                    errors["set-load"] = (
                        f"That set estimates a 1RM of {_shown(value, unit)}; a 1RM must be "
                        f"{ONE_RM[unit].describe()}."
                    )
                    value = None
        recorded_on = self._read_date(errors)
        self._show_errors(errors)
        if any(errors.values()) or value is None or recorded_on is None:
            return None
        return CheckedOneRepMax(value, unit, self.method, recorded_on, source)

    def _read_date(self, errors: dict[str, str]) -> date | None:
        day = check_day(self.query_one("#date", Input).value, latest=self._today())
        errors["date"] = day.message
        return day.value

    def ready(self) -> bool:
        return self.exercise is not None

    def save_to_log(self, draft: CheckedOneRepMax) -> bool:
        self.training_log.record_one_rep_max(
            exercise_id=self.exercise_id, value=draft.value, unit=draft.unit,
            recorded_on=draft.recorded_on, method=draft.method, source=draft.source,
        )
        return True

    def show_refusal(self, refused: SaveRefused) -> None:
        self.notify(f"Not saved: {refused.reason}", severity="error", markup=False)

    def saved_note(self, saved: FormSaved[CheckedOneRepMax, bool]) -> str:
        return f"1RM saved: {format_load(saved.draft.value, saved.draft.unit)}."

    def cancelled(self) -> bool:
        return False
