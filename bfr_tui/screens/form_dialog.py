"""What every form dialog does alike: fit on screen, show messages under fields, save.

A form keeps its own fields and its own checks; the rest is written once here. Its ids
follow ``FORM_ID``: ``#{FORM_ID}-dialog`` is the dialog and ``#{FORM_ID}-body`` the part
that scrolls; the message about a field ``name`` is ``#{name}-error``, and
``#{FORM_ID}-error`` speaks of the form as a whole. Its buttons are ``#save`` and
``#cancel``.

Saving (ctrl+s) checks the form (:meth:`FormDialog.read_form`); when nothing is marked
in red, a thread worker hands it to the log (:meth:`FormDialog.save_to_log`). The log's
refusal comes back as :class:`SaveRefused` and is shown in the form, everything typed
kept; success comes back as :class:`FormSaved`, and the dialog says so and closes with
what was saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Generic, TypeVar

from textual import work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from bfr_tui.domain.limits import NumberCheck, NumberRange, check_number
from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.dialog_fit import fit_dialog_body
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import SaveRefused
from bfr_tui.screens.worker_errors import ShowsWorkerErrors

DraftT = TypeVar("DraftT")
ResultT = TypeVar("ResultT")


@dataclass
class FormSaved(Message, Generic[DraftT, ResultT], bubble=False):
    """The log has kept what the form read."""

    draft: DraftT
    """The form as checked and handed to the log."""

    result: ResultT
    """What the dialog closes with."""


def form_bindings(form_id: str) -> list[BindingType]:
    """Escape cancels, ctrl+s saves (even from inside a field); ids after ``form_id``."""
    return [
        Binding("escape", "cancel", "Cancel", id=f"{form_id}-cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id=f"{form_id}-save"),
    ]


def dialog_buttons(*, id: str | None = None) -> Horizontal:
    """Cancel and Save, at the foot of a form dialog."""
    return Horizontal(
        Button(Content("Cancel [esc]"), id="cancel"),
        Button(Content("Save [ctrl+s]"), id="save", variant="primary"),
        id=id, classes="dialog-buttons",
    )


class FormDialog(
    UsesLog, ShowsWorkerErrors, ClosesWhenOnTop, ModalScreen[ResultT], Generic[DraftT, ResultT]
):
    """A form in a dialog that saves to the log; dismisses with what was saved, or with
    :meth:`cancelled`."""

    FORM_ID: ClassVar[str]
    """The start of the dialog's ids (see the module's docstring)."""

    FIX_FIRST: ClassVar[str] = "Fix the fields marked in red first."
    """What the lifter is told when the form is not ready to save."""

    STILL_SAVING: ClassVar[str] = "Still saving: the form closes once the log has it."
    """What escape says while a save is under way (leaving then would hide its outcome)."""

    def __init__(self) -> None:
        super().__init__()
        self._saving = False

    # --- fitting on screen ----------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        fit_dialog_body(
            self,
            self.query_one(f"#{self.FORM_ID}-dialog"),
            self.query_one(f"#{self.FORM_ID}-body"),
        )

    def _today(self) -> date:
        return self.clock.now().date()

    def _number(self, field: str, limit: NumberRange) -> NumberCheck:
        """The number typed in ``#field``, or the lifter's words for what is wrong with it."""
        return check_number(self.query_one(f"#{field}", Input).value, limit)

    # --- messages under the fields --------------------------------------------------------

    def _set_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#{name}-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")
        self.call_after_refresh(self._fit)

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field (an empty one clears it), the first one in view."""
        for name, message in errors.items():
            self._set_error(name, message)
        self._show_first_error(errors)

    def _show_first_error(self, errors: dict[str, str]) -> None:
        """Scroll the first message into view: on a small terminal it may be below."""
        first = next((name for name, message in errors.items() if message), None)
        if first is not None:
            self.call_after_refresh(self.error_in_view(first).scroll_visible)

    def error_in_view(self, name: str) -> Widget:
        """What to scroll to so that the message under ``name`` is seen: the message."""
        return self.query_one(f"#{name}-error", Static)

    # --- saving ---------------------------------------------------------------------------

    def ready(self) -> bool:
        """Whether the form may be saved yet (an edit waits for what it edits)."""
        return True

    def read_form(self) -> DraftT | None:
        """The form as typed, or None with each problem under its field."""
        raise NotImplementedError

    def save_to_log(self, draft: DraftT) -> ResultT:
        """Keep ``draft`` in the log (on the worker's thread); what the dialog closes with.

        A ``ValueError`` or ``LookupError`` is the log refusing it (see :meth:`refusal`).
        """
        raise NotImplementedError

    def saved_note(self, saved: FormSaved[DraftT, ResultT]) -> str:
        """What the lifter is told once the log has kept the form."""
        raise NotImplementedError

    def refusal(self, error: ValueError | LookupError) -> Message:
        """What the form hears when the log refuses to keep it (on the worker's thread)."""
        return SaveRefused(str(error))

    def show_refusal(self, refused: SaveRefused) -> None:
        """Say why the log would not keep the form: under the field it names, else under
        the form."""
        self._set_error(refused.field or self.FORM_ID, f"Not saved: {refused.reason}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        """Check the form and store it (ctrl+s)."""
        if self._saving or not self.ready():
            return
        draft = self.read_form()
        if draft is None:
            self.notify(self.FIX_FIRST, severity="error")
            return
        self._set_saving(True)
        self._save(draft)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for button in self.query("#save, #cancel").results(Button):
            button.disabled = saving

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _save(self, draft: DraftT) -> None:
        try:
            result = self.save_to_log(draft)
        except (ValueError, LookupError) as error:
            self.post_message(self.refusal(error))
            return
        self.post_message(FormSaved(draft, result))

    def on_save_refused(self, refused: SaveRefused) -> None:
        # Everything typed stays, so the lifter can mend what the log objected to.
        self._set_saving(False)
        self.show_refusal(refused)

    def on_form_saved(self, saved: FormSaved[DraftT, ResultT]) -> None:
        self.notify(self.saved_note(saved), markup=False)
        self.close_with(saved.result)

    def cancelled(self) -> ResultT | None:
        """What the dialog closes with when the lifter leaves without saving."""
        return None

    def action_cancel(self) -> None:
        """Close without saving (escape); not while a save is under way."""
        # A save cannot be called back once handed to the log: closing now would leave
        # it to land unseen, with the list behind never told to show it.
        if self._saving:
            self.notify(self.STILL_SAVING)
            return
        self.dismiss(self.cancelled())
