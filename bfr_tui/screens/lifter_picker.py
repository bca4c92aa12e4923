"""Who is training: the first screen of a log that holds several lifters.

Type to narrow the list; enter opens the lifter highlighted. A name nobody has yet
becomes an "Add" line, so a coach adds a new lifter from the same box.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from bfr_tui.domain.units import counted
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import LifterFacts

# The option that adds the name typed, rather than opening someone.
ADD_OPTION_ID = "add-lifter"


@dataclass
class LiftersLoaded(Message, bubble=False):
    """Every lifter in the log, by name."""

    lifters: list[LifterFacts]


@dataclass
class LifterAdded(Message, bubble=False):
    """The lifter typed in is in the log now."""

    lifter: LifterFacts


@dataclass
class LifterRefused(Message, bubble=False):
    """The name typed in cannot be a lifter's (empty, too long, or taken)."""

    reason: str


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class LifterPickerScreen(UsesLog, ShowsWorkerErrors, Screen[LifterFacts | None]):
    """Choose whose log to open, or add a lifter; dismisses with the lifter chosen."""

    # The overview's styles too: ctrl+o then re-reads none of the app's styles.
    CSS_PATH = ["lifter_picker.tcss", "coach_overview.tcss"]
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="picker-next"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker-previous"),
        Binding("enter", "open", "Open", id="picker-open"),
        # A control key: every printable one is a letter of the name being typed.
        Binding("ctrl+o", "overview", "Coach overview", id="picker-overview"),
        Binding("escape", "cancel", "Back", id="picker-back"),
    ]

    def __init__(
        self, lifters: list[LifterFacts] | None = None, *, cancellable: bool = False
    ) -> None:
        super().__init__()
        self.lifters: list[LifterFacts] = list(lifters or [])
        # Switching lifter can be given up; the first choice of a run cannot.
        self.cancellable = cancellable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.cancellable
        return True

    def action_cancel(self) -> None:
        """Back to the lifter already open."""
        self.dismiss(None)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("Who is training?", id="picker-title")
            yield Input(placeholder="Type to filter, or a new lifter's name", id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-hint")
        yield Footer()

    def on_mount(self) -> None:
        if self.lifters:
            self._show(self.lifters)
        else:
            self._load_lifters()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_lifters(self) -> None:
        self.post_message(LiftersLoaded(self.training_log.lifters()))

    def on_lifters_loaded(self, loaded: LiftersLoaded) -> None:
        self._show(loaded.lifters)
        self.call_after_refresh(self._warm_up_overview)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up_overview(self) -> None:
        """Import the overview's code once the names are painted, so ctrl+o does not wait
        for it (the overview reads the log as the picker does, without SQLAlchemy)."""
        import bfr_tui.screens.coach_overview  # noqa: F401

    def action_overview(self) -> None:
        """Every lifter at a glance (ctrl+o); the one opened there is the one chosen."""

        def opened(lifter: LifterFacts | None) -> None:
            if lifter is not None:
                self.dismiss(lifter)

        self.host.open_coach_overview(opened)

    def _show(self, lifters: list[LifterFacts]) -> None:
        self.lifters = lifters
        self._filter(self.query_one("#picker-filter", Input).value)

    @on(Input.Changed, "#picker-filter")
    def _typed(self, changed: Input.Changed) -> None:
        self._filter(changed.value)

    def _filter(self, typed: str) -> None:
        wanted = _folded(typed)
        shown = [lifter for lifter in self.lifters if wanted in _folded(lifter.name)]
        options: list[Option] = [Option(lifter.name, id=str(lifter.id)) for lifter in shown]
        exact = any(_folded(lifter.name) == wanted for lifter in self.lifters)
        if wanted and not exact:
            options.append(Option(
                Content.assemble(("Add ", "bold"), " ".join(typed.split()), " as a new lifter"),
                id=ADD_OPTION_ID,
            ))
        listing = self.query_one("#picker-list", OptionList)
        listing.set_options(options)
        if options:
            listing.highlighted = 0
        hint = self.query_one("#picker-hint", Static)
        if not self.lifters:
            hint.update("No lifters yet: type a name to add the first.")
        elif not options:
            hint.update("Nobody by that name.")
        else:
            count = len(self.lifters)
            hint.update(f"{counted(count, 'lifter')} in this log. "
                        "Enter opens the one highlighted.")

    def action_move(self, step: int) -> None:
        listing = self.query_one("#picker-list", OptionList)
        if listing.option_count == 0:
            return
        current = listing.highlighted or 0
        listing.highlighted = (current + step) % listing.option_count

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        listing = self.query_one("#picker-list", OptionList)
        if listing.highlighted is None or listing.option_count == 0:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id == ADD_OPTION_ID:
            self._add(self.query_one("#picker-filter", Input).value)
            return
        chosen = next(lifter for lifter in self.lifters if str(lifter.id) == option.id)
        self.dismiss(chosen)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _add(self, name: str) -> None:
        try:
            added = self.training_log.add_lifter(name)
        except ValueError as refused:
            self.post_message(LifterRefused(str(refused)))
            return
        self.post_message(LifterAdded(added))

    def on_lifter_added(self, added: LifterAdded) -> None:
        self.notify(f"Added {added.lifter.name}.", title="Lifters", markup=False)
        self.dismiss(added.lifter)

    def on_lifter_refused(self, refused: LifterRefused) -> None:
        self.notify(refused.reason, title="Lifters", severity="error", markup=False)
