"""Add or edit a session template: its name and its blocks in order, each an exercise that
takes a cuff, a side, and a protocol with its tempo (R1, R5, R15)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from bfr_tui.domain.limbs import Side, bfr_eligibility
from bfr_tui.domain.limits import REST_S, TEMPLATE_NAME, check_text
from bfr_tui.domain.protocol import CLASSIC, Protocol, ProtocolError, custom_protocol, parse_reps
from bfr_tui.domain.session_template import (
    MAX_BLOCKS,
    SessionTemplate,
    TemplateBlock,
    TemplateError,
    session_template,
    template_block,
    template_warnings,
)
from bfr_tui.domain.tempo import CLASSIC_TEMPO, Tempo, TempoError, parse_tempo, tempo_text
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.screens.messages import SaveRefused
from bfr_tui.training_log import ExerciseDetails, TemplateRecord
from bfr_tui.widgets.table import Table

FIELDS = (
    "template-name", "template-blocks", "block-exercise", "block-reps", "block-rest",
    "block-tempo", "template-form",
)
BLOCK_FIELDS = ("block-exercise", "block-reps", "block-rest", "block-tempo")
SIDE_WORDS = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Both"}


@dataclass
class TemplateExercisesLoaded(Message, bubble=False):
    """The exercises of the log, to pick a block's exercise from."""

    exercises: list[ExerciseDetails]


class BlocksTable(Table[Text]):
    """The template's blocks in order; the keys move or remove the highlighted one."""

    BINDINGS = [
        Binding("u", "screen.move_block(-1)", "Move up", id="template-block-up"),
        Binding("d", "screen.move_block(1)", "Move down", id="template-block-down"),
        Binding("x,delete", "screen.remove_block", "Remove", id="template-block-remove"),
    ]


class TemplateFormScreen(FormDialog[SessionTemplate, TemplateRecord]):
    """A new session template, or an edit of one; dismisses with it as saved, or None."""

    CSS_PATH = "template_form.tcss"
    FORM_ID = "template-form"
    BINDINGS = form_bindings(FORM_ID)

    def __init__(self, *, editing: TemplateRecord | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.blocks: list[TemplateBlock] = (
            list(editing.template.blocks) if editing is not None else []
        )
        self.exercises: dict[int, ExerciseDetails] = {}

    def compose(self) -> ComposeResult:
        editing = self.editing.template if self.editing is not None else None
        title = f"Edit template: {editing.name}" if editing else "New session template"
        with Vertical(id="template-form-dialog", classes="dialog"):
            yield Static(Content(title), id="template-form-title", classes="dialog-title")
            with VerticalScroll(id="template-form-body"):
                with Grid(classes="template-form-grid"):
                    yield Label("Name", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Input(editing.name if editing else "", id="template-name",
                                    compact=True, max_length=TEMPLATE_NAME.max_chars,
                                    placeholder="e.g. Arm finisher")
                        yield Static("", id="template-name-error", classes="field-error")
                yield Static("Blocks, in the order they run", classes="section-title")
                with Vertical(id="template-blocks-field"):
                    yield BlocksTable(id="template-blocks", cursor_type="row",
                                      zebra_stripes=True)
                    yield Static("No block yet: add one below.", id="template-blocks-empty",
                                 classes="empty-note")
                    yield Static(
                        "[$text-muted]In the list: u / d move a block, x removes it[/]",
                        id="template-blocks-hint",
                    )
                    yield Static("", id="template-blocks-error", classes="field-error")
                    yield Static("", id="template-warnings")
                yield Static("Add a block", classes="section-title")
                with Grid(classes="template-form-grid"):
                    yield Label("Exercise", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Select[int]([], id="block-exercise", compact=True,
                                          prompt="Pick an exercise")
                        yield Static("", id="block-exercise-note")
                        yield Static("", id="block-exercise-error", classes="field-error")
                    yield Label("Side", classes="form-label")
                    with RadioSet(id="block-side", compact=True, classes="inline-radios"):
                        for side, word in SIDE_WORDS.items():
                            yield RadioButton(word, id=f"side-{side.value}",
                                              value=side is Side.LEFT)
                    yield Label("Protocol", classes="form-label")
                    with RadioSet(id="block-protocol", compact=True, classes="inline-radios"):
                        yield RadioButton(f"Classic {CLASSIC.reps_text}, {CLASSIC.rest_s} s rest",
                                          id="protocol-classic", value=True)
                        yield RadioButton("Custom", id="protocol-custom")
                    yield Label("Reps", classes="form-label custom-only")
                    with Vertical(classes="form-field custom-only"):
                        yield Input("", id="block-reps", compact=True, max_length=30,
                                    placeholder="e.g. 30-15-15-15")
                        yield Static("", id="block-reps-error", classes="field-error")
                    yield Label(f"Rest ({REST_S.unit})", classes="form-label custom-only")
                    with Vertical(classes="form-field custom-only"):
                        with Horizontal(classes="field-row"):
                            yield Input("", id="block-rest", compact=True, restrict=r"\d*",
                                        max_length=3)
                            yield Static(f"[$text-muted]{REST_S.describe()}[/]",
                                         classes="field-hint")
                        yield Static("", id="block-rest-error", classes="field-error")
                    yield Label("Tempo", classes="form-label")
                    with Vertical(classes="form-field"):
                        with Horizontal(classes="field-row"):
                            yield Input(tempo_text(CLASSIC_TEMPO), id="block-tempo",
                                        compact=True, max_length=12)
                            yield Static("[$text-muted]up/down seconds, or off[/]",
                                         classes="field-hint")
                        yield Static("", id="block-tempo-error", classes="field-error")
                    yield Static("")
                    yield Button(Content("Add block"), id="add-block", compact=True)
                yield Static("", id="template-form-error", classes="field-error")
            yield dialog_buttons()

    def on_mount(self) -> None:
        table = self.query_one("#template-blocks", BlocksTable)
        for heading, key in (("#", "position"), ("Exercise and side", "exercise"),
                             ("Reps, rest", "protocol"), ("Tempo", "tempo")):
            table.add_column(heading, key=key)
        self._show_protocol()
        self._fill_blocks()
        self.query_one("#template-name", Input).focus()
        self._load_exercises()
        self.call_after_refresh(self._fit)

    # --- the exercises to pick from -------------------------------------------------------

    @work(thread=True, exclusive=True, group="template-exercises", exit_on_error=False)
    def _load_exercises(self) -> None:
        self.post_message(TemplateExercisesLoaded(self.training_log.exercises()))

    def on_template_exercises_loaded(self, loaded: TemplateExercisesLoaded) -> None:
        self.exercises = {exercise.id: exercise for exercise in loaded.exercises}
        allowed = [e for e in loaded.exercises
                   if bfr_eligibility(limb=e.limb, compound=e.compound).allowed]
        refused = [e.name for e in loaded.exercises if e not in allowed]
        select = self.query_one("#block-exercise", Select)
        select.set_options((f"{e.name} ({e.limb})", e.id) for e in allowed)
        if refused:
            # Said once, here: a compound lift or a whole-body move never takes a cuff.
            note = (f"Not offered (no cuff on these: heavy compound lifts and moves that "
                    f"load no single arm or leg): {', '.join(refused)}.")
            self.query_one("#block-exercise-note", Static).update(
                Text(note, style="italic"))
        self.call_after_refresh(self._fit)

    # --- the blocks -----------------------------------------------------------------------

    def _fill_blocks(self, *, highlight: int | None = None) -> None:
        table = self.query_one("#template-blocks", BlocksTable)
        keep = table.cursor_row if highlight is None else highlight
        table.clear()
        for position, block in enumerate(self.blocks, start=1):
            where, _, _ = block.describe().rpartition(": ")
            protocol = block.protocol
            table.add_row(Text(str(position)), Text(where),
                          Text(f"{protocol.reps_text}, {protocol.rest_s} s"),
                          Text(tempo_text(protocol.tempo)))
        table.display = bool(self.blocks)
        self.query_one("#template-blocks-hint").display = bool(self.blocks)
        self.query_one("#template-blocks-empty").display = not self.blocks
        if self.blocks:
            table.move_cursor(row=max(0, min(keep, len(self.blocks) - 1)), animate=False)
        warnings = template_warnings(SessionTemplate(name="", blocks=tuple(self.blocks)))
        shown = self.query_one("#template-warnings", Static)
        shown.update(Text("\n".join(warnings)))
        shown.display = bool(warnings)
        self.call_after_refresh(self._fit)

    def action_move_block(self, step: int) -> None:
        """Move the highlighted block one place up (u) or down (d)."""
        table = self.query_one("#template-blocks", BlocksTable)
        here = table.cursor_row
        there = here + step
        if not self.blocks or not 0 <= there < len(self.blocks):
            return
        self.blocks[here], self.blocks[there] = self.blocks[there], self.blocks[here]
        self._fill_blocks(highlight=there)

    def action_remove_block(self) -> None:
        """Take the highlighted block out of the template (x)."""
        table = self.query_one("#template-blocks", BlocksTable)
        if not self.blocks:
            return
        del self.blocks[table.cursor_row]
        self._set_error("template-blocks", "")
        self._fill_blocks()

    @property
    def side(self) -> Side:
        """The side picked for the next block."""
        pressed = self.query_one("#block-side", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return Side.LEFT
        return Side(pressed.id.removeprefix("side-"))

    @property
    def custom(self) -> bool:
        """Whether the next block runs a custom protocol."""
        return self.query_one("#protocol-custom", RadioButton).value

    @on(RadioSet.Changed, "#block-protocol")
    def _show_protocol(self) -> None:
        # Reps and rest typed before switching back to Classic stay in their fields.
        for widget in self.query(".custom-only"):
            widget.display = self.custom
        self.call_after_refresh(self._fit)

    def read_block(self) -> TemplateBlock | None:
        """The block as picked, or None with each problem under its field."""
        errors = dict.fromkeys(BLOCK_FIELDS, "")
        exercise_id = self.query_one("#block-exercise", Select).value
        exercise = self.exercises.get(exercise_id) if isinstance(exercise_id, int) else None
        if exercise is None:
            errors["block-exercise"] = "Pick the exercise for the block."
        tempo: Tempo | None = CLASSIC_TEMPO
        try:
            tempo = parse_tempo(self.query_one("#block-tempo", Input).value)
        except TempoError as error:
            errors["block-tempo"] = str(error)
        protocol: Protocol | None = replace(CLASSIC, tempo=tempo)
        if self.custom:
            protocol = self._read_custom(errors, tempo)
        block = None
        if not any(errors.values()) and exercise is not None and protocol is not None:
            try:
                block = template_block(
                    exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
                    compound=exercise.compound, side=self.side, protocol=protocol,
                )
            except TemplateError as error:
                errors["block-exercise"] = str(error)
        self._show_errors(errors)
        return block

    def _read_custom(self, errors: dict[str, str], tempo: Tempo | None) -> Protocol | None:
        rest = self._number("block-rest", REST_S)
        errors["block-rest"] = rest.message
        reps: tuple[int, ...] = ()
        try:
            reps = parse_reps(self.query_one("#block-reps", Input).value)
        except ProtocolError as error:
            errors["block-reps"] = str(error)
        if not reps and not errors["block-reps"]:
            errors["block-reps"] = "Enter the target reps of each set, e.g. 30-15-15-15."
        if errors["block-reps"] or rest.value is None:
            return None
        try:
            return custom_protocol(target_reps=reps, rest_s=int(rest.value), tempo=tempo)
        except ProtocolError as error:
            errors["block-reps"] = str(error)
            return None

    @on(Button.Pressed, "#add-block")
    def _on_add_block(self) -> None:
        self.action_add_block()

    def action_add_block(self) -> None:
        """Add the block picked below the list, at its end."""
        if len(self.blocks) >= MAX_BLOCKS:
            self._set_error(
                "template-blocks",
                f"A template holds up to {MAX_BLOCKS} blocks: BFR is a short finisher. "
                "Remove one first, or make a second template.",
            )
            return
        block = self.read_block()
        if block is None:
            return
        self.blocks.append(block)
        self._set_error("template-blocks", "")
        self._fill_blocks(highlight=len(self.blocks) - 1)

    # --- typing and errors ----------------------------------------------------------------

    @on(Input.Changed)
    def _on_typed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self._set_error(event.input.id, "")
        self._set_error("template-form", "")

    @on(Select.Changed, "#block-exercise")
    def _on_exercise_picked(self) -> None:
        self._set_error("block-exercise", "")

    @on(Input.Submitted)
    def _on_submit(self, event: Input.Submitted) -> None:
        if event.input.id == "template-name":
            self.query_one("#block-exercise", Select).focus()
        else:
            self.action_add_block()

    def error_in_view(self, name: str) -> Widget:
        error = super().error_in_view(name)
        # The field with its message, so the lifter sees what the message is about.
        field = error.parent if isinstance(error.parent, Vertical) else None
        return field if field is not None and field.has_class("form-field") else error

    # --- saving ---------------------------------------------------------------------------

    def read_form(self) -> SessionTemplate | None:
        """The template as typed, or None with each problem under its field."""
        errors = {"template-name": "", "template-blocks": ""}
        name = self.query_one("#template-name", Input).value
        errors["template-name"] = check_text(name, TEMPLATE_NAME).message
        template = None
        if not errors["template-name"]:
            try:
                template = session_template(name=name, blocks=self.blocks)
            except TemplateError as error:
                errors["template-blocks"] = str(error)
        self._show_errors(errors)
        return template

    def save_to_log(self, draft: SessionTemplate) -> TemplateRecord:
        template_id = None if self.editing is None else self.editing.id
        return self.training_log.save_template(
            draft, template_id=template_id, now=self.clock.now()
        )

    def refusal(self, error: ValueError | LookupError) -> Message:
        # The log's only ValueError here: another template has the name.
        field = "template-form" if isinstance(error, LookupError) else "template-name"
        return SaveRefused(str(error), field=field)

    def show_refusal(self, refused: SaveRefused) -> None:
        # Every block stays too; the reason is scrolled into view beside what it is about.
        super().show_refusal(refused)
        self._show_first_error({refused.field: refused.reason})

    def saved_note(self, saved: FormSaved[SessionTemplate, TemplateRecord]) -> str:
        return f"Template saved: {saved.result.template.name}."
