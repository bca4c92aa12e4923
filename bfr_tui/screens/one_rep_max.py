"""Record a 1RM: tested as a single, or estimated from a rep-max set (R3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from bfr_tui.domain.estimate import (
    MAX_REPS_FOR_ESTIMATE,
    OneRepMaxMethod,
    brzycki_1rm,
    epley_1rm,
)
from bfr_tui.domain.limbs import bfr_eligibility
from bfr_tui.domain.limits import ESTIMATE_REPS, LOAD, ONE_RM, check_day, check_number
from bfr_tui.domain.load import BAND_HIGH_FRACTION, BAND_LOW_FRACTION, load_band
from bfr_tui.domain.units import Unit, format_load
from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.dialog_fit import fit_dialog_body
from bfr_tui.screens.loads import band_text
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import ExerciseGone, SaveRefused
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import ExerciseDetails, OneRepMaxEntry

FIELDS = ("value", "set-load", "set-reps", "date")


@dataclass(frozen=True, slots=True)
class CheckedOneRepMax:
    """A checked 1RM, ready to store."""

    value: float
    method: OneRepMaxMethod
    recorded_on: date
    source: str


@dataclass
class OneRepMaxFormLoaded(Message, bubble=False):
    """The exercise the 1RM is for, and the 1RM it is trained from now, if any."""

    exercise: ExerciseDetails
    current: OneRepMaxEntry | None


@dataclass
class OneRepMaxSaved(Message, bubble=False):
    """The 1RM is in the log, in the exercise's unit."""

    entry: CheckedOneRepMax
    unit: Unit


def _shown(value: float, unit: Unit) -> str:
    return format_load(round(value, 1), unit)


class OneRepMaxScreen(UsesLog, ShowsWorkerErrors, ClosesWhenOnTop, ModalScreen[bool]):
    """Enter a 1RM and see the BFR band it gives before saving; dismisses True once saved."""

    CSS_PATH = "one_rep_max.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="orm-cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="orm-save"),
    ]

    def __init__(self, *, exercise_id: int) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.exercise: ExerciseDetails | None = None
        self._saving = False

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
            with Horizontal(id="orm-actions", classes="dialog-buttons"):
                yield Button(Content("Cancel [esc]"), id="cancel")
                yield Button(Content("Save [ctrl+s]"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)
        self.query_one("#date", Input).value = self._today().isoformat()
        self.query_one("#save", Button).disabled = True
        self._show_method()
        self.query_one("#set-load", Input).focus()
        self._load()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        fit_dialog_body(self, self.query_one("#orm-dialog"), self.query_one("#orm-body"))

    def _today(self) -> date:
        return self.clock.now().date()

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
        load = check_number(self.query_one("#set-load", Input).value, LOAD[self.unit]).value
        reps = check_number(self.query_one("#set-reps", Input).value, ESTIMATE_REPS).value
        if load is None or reps is None:
            return None
        return epley_1rm(load, int(reps)), brzycki_1rm(load, int(reps))

    def _candidate(self) -> float | None:
        """The 1RM the form would save, without judging it."""
        if self.method is OneRepMaxMethod.TESTED:
            return check_number(self.query_one("#value", Input).value, ONE_RM[self.unit]).value
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

    def _set_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    # --- checking and saving -------------------------------------------------------------

    def read_entry(self) -> CheckedOneRepMax | None:
        """Check the fields, name each problem under its field, return the entry if none."""
        unit = self.unit
        errors = dict.fromkeys(FIELDS, "")
        value: float | None = None
        source = ""
        if self.method is OneRepMaxMethod.TESTED:
            tested = check_number(self.query_one("#value", Input).value, ONE_RM[unit])
            value, errors["value"] = tested.value, tested.message
        else:
            load = check_number(self.query_one("#set-load", Input).value, LOAD[unit])
            reps = check_number(self.query_one("#set-reps", Input).value, ESTIMATE_REPS)
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
        for field, message in errors.items():
            self._set_error(field, message)
        if any(errors.values()) or value is None or recorded_on is None:
            return None
        return CheckedOneRepMax(value, self.method, recorded_on, source)

    def _read_date(self, errors: dict[str, str]) -> date | None:
        day = check_day(self.query_one("#date", Input).value, latest=self._today())
        errors["date"] = day.message
        return day.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Check and store the 1RM (ctrl+s)."""
        if self._saving or self.exercise is None:
            return
        entry = self.read_entry()
        if entry is None:
            self.notify("Fix the fields marked in red first.", severity="error")
            return
        self._saving = True
        self.query_one("#save", Button).disabled = True
        self._save(entry, self.unit)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _save(self, entry: CheckedOneRepMax, unit: Unit) -> None:
        try:
            self.training_log.record_one_rep_max(
                exercise_id=self.exercise_id, value=entry.value, unit=unit,
                recorded_on=entry.recorded_on, method=entry.method, source=entry.source,
            )
        except (ValueError, LookupError) as error:
            self.post_message(SaveRefused(str(error)))
            return
        self.post_message(OneRepMaxSaved(entry, unit))

    def on_save_refused(self, refused: SaveRefused) -> None:
        self._saving = False
        self.query_one("#save", Button).disabled = False
        self.notify(f"Not saved: {refused.reason}", severity="error", markup=False)

    def on_one_rep_max_saved(self, saved: OneRepMaxSaved) -> None:
        self.notify(f"1RM saved: {format_load(saved.entry.value, saved.unit)}.")
        self.close_with(True)

    def action_cancel(self) -> None:
        """Close without saving (escape)."""
        self.dismiss(False)
