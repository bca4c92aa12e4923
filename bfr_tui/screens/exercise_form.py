"""Add or edit an exercise in the library: every bad value is named under its field."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static, Switch

from bfr_tui.domain.limbs import Limb, bfr_eligibility
from bfr_tui.domain.limits import (
    EXERCISE_NAME,
    LOAD_STEP,
    MUSCLE_GROUP,
    NOTE,
    check_text,
)
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, Unit
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.screens.messages import ExerciseGone, SaveRefused
from bfr_tui.training_log import ExerciseDetails, ExerciseDraft

LIMB_CHOICES: list[tuple[str, str]] = [
    ("Arm (cuff on the upper arm)", Limb.ARM.value),
    ("Leg (cuff on the upper thigh)", Limb.LEG.value),
    ("Neither: no cuff possible", Limb.NONE.value),
]
FIELDS = ("name", "limb", "muscle", "compound", "note", "step", "unit")


@dataclass
class ExerciseLoaded(Message, bubble=False):
    """The exercise to edit, read from the log."""

    exercise: ExerciseDetails


class ExerciseFormScreen(FormDialog[ExerciseDraft, int]):
    """Add a new exercise (no id) or edit one; dismisses with the saved id, or None."""

    CSS_PATH = "exercise_form.tcss"
    FORM_ID = "form"
    BINDINGS = form_bindings(FORM_ID)

    def __init__(self, *, exercise_id: int | None) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self._loaded = exercise_id is None
        self._step_edited = exercise_id is not None

    def compose(self) -> ComposeResult:
        title = "Add an exercise" if self.exercise_id is None else "Edit exercise"
        unit = self._app_unit()
        with Vertical(id="form-dialog", classes="dialog"):
            yield Static(title, id="form-title", classes="dialog-title")
            with VerticalScroll(id="form-body"), Grid(id="form-grid"):
                yield Label("Name", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Input(id="name", compact=True, placeholder="e.g. Cable curl")
                    yield Static("", id="name-error", classes="field-error")
                yield Label("Limb", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Select(LIMB_CHOICES, value=Limb.ARM.value, allow_blank=False,
                                 id="limb", compact=True)
                    yield Static("", id="limb-error", classes="field-error")
                yield Label("Muscle group", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Input(id="muscle", compact=True, placeholder="e.g. biceps")
                    yield Static("", id="muscle-error", classes="field-error")
                yield Label("Compound lift", classes="form-label")
                with Vertical(classes="form-field"):
                    with Horizontal(classes="switch-row"):
                        yield Switch(False, id="compound", animate=False)
                        yield Static("heavy multi-joint lift (never under a cuff)",
                                     classes="muted switch-label")
                    yield Static("", id="compound-error", classes="field-error")
                yield Label("Suitability note", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Input(id="note", compact=True,
                                placeholder="how well it suits BFR, where the cuff goes")
                    yield Static("", id="note-error", classes="field-error")
                yield Label("Load step", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Input(f"{DEFAULT_LOAD_STEP[unit]:g}", id="step", compact=True,
                                restrict=r"[\d.,]*", max_length=6)
                    yield Static("", id="step-error", classes="field-error")
                yield Label("Unit", classes="form-label")
                with Vertical(classes="form-field"):
                    with RadioSet(id="unit", compact=True):
                        yield RadioButton("kg", value=unit is Unit.KG, id="unit-kg")
                        yield RadioButton("lb", value=unit is Unit.LB, id="unit-lb")
                    yield Static("", id="unit-error", classes="field-error")
            with Vertical(id="form-actions"):
                yield Static("", id="form-review")
                yield Static("", id="form-eligibility")
                yield dialog_buttons()

    def _app_unit(self) -> Unit:
        return Unit(getattr(self.app, "unit", Unit.KG))

    def on_mount(self) -> None:
        self.query_one("#form-review", Static).display = False
        self.call_after_refresh(self._fit)
        self.query_one("#name", Input).focus()
        self._show_eligibility()
        if self.exercise_id is not None:
            self.query_one("#save", Button).disabled = True
            self._load(self.exercise_id)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, exercise_id: int) -> None:
        try:
            exercise = self.training_log.exercise(exercise_id)
        except LookupError:
            self.post_message(ExerciseGone())
            return
        self.post_message(ExerciseLoaded(exercise))

    def on_exercise_gone(self, _message: ExerciseGone) -> None:
        self.notify("That exercise is no longer in the log.", severity="error")
        self.close_with(None)

    def on_exercise_loaded(self, message: ExerciseLoaded) -> None:
        exercise = message.exercise
        self.query_one("#form-title", Static).update(Content(f"Edit exercise: {exercise.name}"))
        self.query_one("#name", Input).value = exercise.name
        self.query_one("#limb", Select).value = exercise.limb
        self.query_one("#muscle", Input).value = exercise.muscle_group
        self.query_one("#compound", Switch).value = exercise.compound
        self.query_one("#note", Input).value = exercise.suitability_note
        self.query_one("#step", Input).value = f"{exercise.load_step:g}"
        self.query_one(f"#unit-{Unit(exercise.unit).value}", RadioButton).value = True
        self._loaded = True
        self.query_one("#save", Button).disabled = False
        self._show_review(exercise)
        self._show_eligibility()

    def _show_review(self, exercise: ExerciseDetails) -> None:
        """Say that the import guessed this exercise's limb and kind from its name."""
        review = self.query_one("#form-review", Static)
        review.update(Content(
            "The import guessed the limb and compound setting from the name and gave it "
            "the unit's usual step: check them. Saving marks the exercise as checked."
        ))
        review.display = exercise.needs_review

    # --- live feedback -------------------------------------------------------------------

    @on(Select.Changed, "#limb")
    @on(Switch.Changed, "#compound")
    def _on_kind_changed(self) -> None:
        self._show_eligibility()

    def _show_eligibility(self) -> None:
        limb = self.query_one("#limb", Select).value
        compound = self.query_one("#compound", Switch).value
        eligibility = bfr_eligibility(limb=str(limb), compound=compound)
        note = self.query_one("#form-eligibility", Static)
        note.update(eligibility.reason)
        note.display = not eligibility.allowed
        self.call_after_refresh(self._fit)

    @on(Input.Changed, "#step")
    def _on_step_typed(self, event: Input.Changed) -> None:
        if self._loaded and event.input.has_focus:
            self._step_edited = True

    @on(RadioSet.Changed, "#unit")
    def _on_unit_changed(self) -> None:
        # A new exercise follows the unit's usual step until the lifter types their own.
        if not self._step_edited:
            self.query_one("#step", Input).value = f"{DEFAULT_LOAD_STEP[self._unit()]:g}"

    @on(Input.Changed)
    def _on_any_input(self, event: Input.Changed) -> None:
        # An error goes away as soon as the field it names is touched again.
        if event.input.id:
            self._set_error(event.input.id, "")

    @on(Input.Submitted)
    def _on_submit(self) -> None:
        self.action_save()

    def _unit(self) -> Unit:
        pressed = self.query_one("#unit", RadioSet).pressed_button
        return Unit.LB if pressed is not None and pressed.id == "unit-lb" else Unit.KG

    def read_form(self) -> ExerciseDraft | None:
        """Check every field, show what is wrong under each one, return the values if none is."""
        errors: dict[str, str] = dict.fromkeys(FIELDS, "")
        name = check_text(self.query_one("#name", Input).value, EXERCISE_NAME)
        muscle = check_text(self.query_one("#muscle", Input).value, MUSCLE_GROUP)
        note = check_text(self.query_one("#note", Input).value, NOTE)
        step = self._number("step", LOAD_STEP[self._unit()])
        errors.update(name=name.message, muscle=muscle.message, note=note.message,
                      step=step.message)
        limb = self.query_one("#limb", Select).value
        if limb not in {choice for _label, choice in LIMB_CHOICES}:
            errors["limb"] = "Pick arm, leg or neither."
        self._show_errors(errors)
        if any(errors.values()) or step.value is None:
            return None
        return ExerciseDraft(
            name=name.value,
            limb=Limb(str(limb)),
            muscle_group=muscle.value,
            compound=self.query_one("#compound", Switch).value,
            suitability_note=note.value,
            load_step=float(step.value),
            unit=self._unit(),
        )

    # --- saving --------------------------------------------------------------------------

    def ready(self) -> bool:
        return self._loaded

    def save_to_log(self, draft: ExerciseDraft) -> int:
        if self.exercise_id is None:
            return self.training_log.add_exercise(draft, now=self.clock.now())
        # Saving the form is the lifter's review of what an import guessed.
        return self.training_log.update_exercise(self.exercise_id, draft)

    def refusal(self, error: ValueError | LookupError) -> Message:
        if isinstance(error, LookupError):
            return ExerciseGone()
        reason = str(error)
        return SaveRefused(reason, field="step" if "load step" in reason.lower() else "name")

    def show_refusal(self, refused: SaveRefused) -> None:
        self._set_error(refused.field, refused.reason)
        self.query_one(f"#{refused.field}", Input).focus()

    def saved_note(self, saved: FormSaved[ExerciseDraft, int]) -> str:
        verb = "Added" if self.exercise_id is None else "Saved"
        return f"{verb} {saved.draft.name}."
