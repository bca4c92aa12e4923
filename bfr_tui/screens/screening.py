"""The health screening before any cuff goes on: first run, then every 90 days (R8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Label, RadioButton, RadioSet, Static

from bfr_tui.domain.screening import (
    RECONFIRM_AFTER,
    SCREENING_ADVICE,
    SCREENING_QUESTIONS,
    ScreeningNeed,
    ScreeningStatus,
    any_yes,
    is_complete,
)
from bfr_tui.domain.units import Unit
from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.dialog_fit import fit_dialog_body
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import SaveRefused
from bfr_tui.screens.worker_errors import ShowsWorkerErrors

WHY_WE_ASK = (
    "A cuff slows the blood leaving a limb. For most healthy lifters that is safe with "
    "light loads, but some conditions make it risky. Answer each question for yourself. "
    "This app gives no medical advice: a yes only means talk to a doctor or "
    f"physiotherapist first. It asks again every {RECONFIRM_AFTER.days} days."
)
REASK_NOTE = (
    f"Your last screening is more than {RECONFIRM_AFTER.days} days old. Your answers "
    "from then are filled in; change any that are different now."
)
UNFINISHED_NOTE = (
    "Your last screening was not finished. The answers you gave are filled in; "
    "answer any left."
)
CLEARANCE_NOTE = (
    "You answered yes before. Confirm that a medical professional has cleared you, "
    "or change your answers, before BFR can start."
)


def dated_ahead_note(screened_on: date) -> str:
    """Why a screening dated after today is asked again, in the lifter's words."""
    return (
        f"Your last screening is dated {screened_on.day} {screened_on:%b %Y}, after "
        "today's date: the clock or the time zone may have changed. Please answer again; "
        "your answers from then are filled in."
    )


CLEARED_LABEL = "I have been cleared by a medical professional"


@dataclass
class ScreeningSaved(Message, bubble=False):
    """The answers and the unit the lifter logs in are in the log."""

    unit: Unit


def _question_id(key: str) -> str:
    return f"q-{key}"


class ScreeningScreen(UsesLog, ShowsWorkerErrors, ClosesWhenOnTop, ModalScreen[None]):
    """Ask the contraindication questions and the units; there is no way round it but quit."""

    # Nothing, not even a palette command, gets past the screening (R8).
    ALLOW_PALETTE = False

    CSS_PATH = "screening.tcss"
    BINDINGS = [
        Binding("n", "answer(False)", "No", id="screening-no"),
        Binding("y", "answer(True)", "Yes", id="screening-yes"),
        Binding("ctrl+s", "continue", "Continue", id="screening-continue", priority=True),
        Binding("escape", "explain_escape", "Back", show=False, id="screening-escape"),
        Binding("q", "app.quit", "Quit", id="screening-quit"),
    ]

    def __init__(
        self,
        *,
        status: ScreeningStatus,
        need: ScreeningNeed | None,
        screened_on: date | None,
        unit: Unit,
        previous: dict[str, bool] | None,
    ) -> None:
        super().__init__()
        self.status = status
        self.need = need
        self.screened_on = screened_on
        self.unit = Unit(unit)
        self.previous = dict(previous or {})
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="screening-dialog", classes="dialog"):
            yield Static(self._title(), id="screening-title", classes="dialog-title")
            with VerticalScroll(id="screening-body"):
                note = self._note()
                if note:
                    yield Static(note, id="screening-reask", classes="warning-text")
                yield Static(WHY_WE_ASK, id="screening-why", classes="muted")
                yield Static("Do you have, or have you had:", id="screening-lead")
                for question in SCREENING_QUESTIONS:
                    answer = self.previous.get(question.key)
                    with Horizontal(classes="question"):
                        yield Label(question.text, classes="question-text")
                        with RadioSet(id=_question_id(question.key), compact=True,
                                      classes="answer"):
                            yield RadioButton("No", value=answer is False, classes="no")
                            yield RadioButton("Yes", value=answer is True, classes="yes")
                yield Static(SCREENING_ADVICE, id="screening-advice")
                yield Checkbox(CLEARED_LABEL, id="cleared", compact=True)
                with Horizontal(id="units-row"):
                    yield Label("Log loads in", id="units-label")
                    with RadioSet(id="units", compact=True):
                        yield RadioButton("kg", value=self.unit is Unit.KG, id="unit-kg")
                        yield RadioButton("lb", value=self.unit is Unit.LB, id="unit-lb")
            with Vertical(id="screening-actions"):
                yield Static("", id="screening-reason")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(Content("Quit [q]"), id="quit")
                    yield Button(Content("Continue [ctrl+s]"), id="continue", variant="primary")
        yield Footer()

    def _title(self) -> str:
        if self.status is ScreeningStatus.NEEDS_CLEARANCE:
            return "Medical clearance before BFR"
        if self.need is ScreeningNeed.EXPIRED:
            return "Time to confirm your screening again"
        if self.need is ScreeningNeed.DATED_AHEAD:
            return "Please confirm your screening again"
        if self.need is ScreeningNeed.UNFINISHED:
            return "Please finish your screening"
        return "Before you use a cuff: a short health check"

    def _note(self) -> str:
        """What happened to the last screening, or an empty string on a first one."""
        if self.status is ScreeningStatus.NEEDS_CLEARANCE:
            return CLEARANCE_NOTE
        if self.need is ScreeningNeed.EXPIRED:
            return REASK_NOTE
        if self.need is ScreeningNeed.DATED_AHEAD and self.screened_on is not None:
            return dated_ahead_note(self.screened_on)
        if self.need is ScreeningNeed.UNFINISHED:
            return UNFINISHED_NOTE
        return ""

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)
        first = self.query_one(f"#{_question_id(SCREENING_QUESTIONS[0].key)}", RadioSet)
        first.focus()
        self._refresh()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        dialog, body = self.query_one("#screening-dialog"), self.query_one("#screening-body")
        fit_dialog_body(self, dialog, body)

    def answers(self) -> dict[str, bool]:
        """The questions answered so far, by key (unanswered ones are left out)."""
        answered: dict[str, bool] = {}
        for question in SCREENING_QUESTIONS:
            radio = self.query_one(f"#{_question_id(question.key)}", RadioSet)
            pressed = radio.pressed_button
            if pressed is not None:
                answered[question.key] = pressed.has_class("yes")
        return answered

    def chosen_unit(self) -> Unit:
        """The unit the lifter picked."""
        pressed = self.query_one("#units", RadioSet).pressed_button
        return Unit.LB if pressed is not None and pressed.id == "unit-lb" else Unit.KG

    def _blocking_reason(self) -> str:
        """Why Continue is not allowed yet, or an empty string when it is."""
        answered = self.answers()
        left = len(SCREENING_QUESTIONS) - len(answered)
        if left:
            return f"Answer every question ({left} left): y for yes, n for no."
        if any_yes(answered) and not self.query_one("#cleared", Checkbox).value:
            return "A yes needs the clearance tick before you continue."
        return ""

    def _refresh(self) -> None:
        answered = self.answers()
        has_yes = any_yes(answered)
        self.query_one("#screening-advice").display = has_yes
        cleared = self.query_one("#cleared", Checkbox)
        cleared.display = has_yes
        reason = self._blocking_reason()
        reason_line = self.query_one("#screening-reason", Static)
        reason_line.update(reason)
        reason_line.display = bool(reason)
        self.query_one("#continue", Button).disabled = bool(reason) or self._saving
        self.call_after_refresh(self._fit)

    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _on_answer_changed(self) -> None:
        self._refresh()

    def action_answer(self, yes: bool) -> None:
        """Answer the focused question and move to the next one."""
        focused = self.focused
        if not isinstance(focused, RadioSet) or not focused.has_class("answer"):
            return
        button = focused.query_one(".yes" if yes else ".no", RadioButton)
        button.value = True
        self.focus_next()

    def action_explain_escape(self) -> None:
        """There is no going back past the screening; say how to leave instead."""
        self.notify("Finish the screening to use BFR, or press q to quit.", title="Screening")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "quit":
            self.app.exit()
        elif event.button.id == "continue":
            self.action_continue()

    def action_continue(self) -> None:
        """Save the answers and the units, then open the app."""
        reason = self._blocking_reason()
        if reason:
            self.notify(reason, severity="warning", title="Screening")
            return
        if self._saving:
            return
        answers = self.answers()
        assert is_complete(answers)
        cleared = any_yes(answers) and self.query_one("#cleared", Checkbox).value
        self._saving = True
        self._refresh()
        self._save(answers, cleared, self.chosen_unit())

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _save(self, answers: dict[str, bool], cleared: bool, unit: Unit) -> None:
        today = self.clock.now().date()
        try:
            self.training_log.save_screening(
                answers=answers, screened_on=today, cleared=cleared, unit=unit
            )
        # Whatever went wrong, the lifter stays on the screening and is told; nothing
        # half-saved lets BFR start.
        except Exception as error:
            self.post_message(SaveRefused(str(error)))
            return
        self.post_message(ScreeningSaved(unit))

    def on_screening_saved(self, saved: ScreeningSaved) -> None:
        self.host.unit = saved.unit
        self.close_with(None)

    def on_save_refused(self, refused: SaveRefused) -> None:
        self._saving = False
        self._refresh()
        self.notify(f"Could not save the screening: {refused.reason}", severity="error")
