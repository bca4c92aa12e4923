"""Export the log (or the history's current filter) to a CSV file."""

from __future__ import annotations

import io
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from bfr_tui.screens.closing import ClosesWhenOnTop
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import SaveRefused
from bfr_tui.training_log import (
    OVERWRITE_HINT,
    ExportError,
    ExportLayout,
    default_export_name,
)

# Every lifter's sets, each row with its lifter's name: the bfr-tui layout with a last
# column (``bfr-tui export --all-lifters``), offered in a log of several lifters.
ALL_LIFTERS_BUTTON = "layout-all-lifters"
LAYOUT_BUTTONS: dict[str, ExportLayout] = {
    "layout-native": "native", "layout-strong": "strong", ALL_LIFTERS_BUTTON: "native",
}


def describe_filter(
    *, exercise_name: str | None, since: date | None, until: date | None
) -> str:
    """The filter in words: ``Cable curl, 2026-01-01 to 2026-03-02``."""
    who = exercise_name or "All exercises"
    if since and until:
        when = f"{since.isoformat()} to {until.isoformat()}"
    elif since:
        when = f"from {since.isoformat()}"
    elif until:
        when = f"up to {until.isoformat()}"
    else:
        when = "every date"
    return f"{who}, {when}"


def path_problem(path: Path) -> str:
    """Why ``path`` cannot take an export, or an empty string when it can.

    An existing file is not a problem here: the dialog asks before replacing it.
    """
    if path.is_dir():
        return f"{path} is a folder: add a file name, e.g. {path / 'bfr-export.csv'}"
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist. Create it first or pick another."
    return ""


@dataclass
class ExportScopeCounted(Message, bubble=False):
    """How many blocks the export holds, and the name of the exercise it is filtered to."""

    exercise_name: str | None
    blocks: int


@dataclass
class ExportWritten(Message, bubble=False):
    """The CSV file is written."""

    path: Path
    sets: int
    """Rows written, one a set."""


@dataclass
class DownloadReady(Message, bubble=False):
    """The CSV is built, for the browser to download."""

    csv: BinaryIO
    file_name: str
    sets: int


class ExportDialog(UsesLog, ClosesWhenOnTop, ModalScreen[Path | None]):
    """Ask where and in which layout to write the CSV; dismiss with the file written.

    In a browser (``bfr-tui serve``) the file goes to the lifter, not to the server: the
    dialog asks only the layout, and the CSV arrives as a download.
    """

    CSS_PATH = "export_dialog.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "export", "Export", id="export-write", priority=True),
    ]

    def __init__(
        self,
        exercise_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.since = since
        self.until = until
        self._default_path: Path | None = None
        self._writing = False
        self._scope: ExportScopeCounted | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export to CSV", classes="dialog-title")
            yield Static(
                describe_filter(exercise_name=None, since=self.since, until=self.until),
                id="export-scope",
            )
            yield Label("File", classes="export-label", id="export-path-label")
            yield Input("", id="export-path", placeholder="~/bfr-export.csv")
            yield Static("", id="export-download")
            yield Static("", id="export-error", classes="field-error")
            yield Label("Layout", classes="export-label")
            with RadioSet(id="export-layout"):
                yield RadioButton("bfr-tui: one row per set, every field", id="layout-native",
                                  value=True)
                yield RadioButton("Strong: opens in Strong-compatible trackers",
                                  id="layout-strong")
                if self.host.lifter_count > 1:
                    yield RadioButton("Every lifter: bfr-tui rows, each with its lifter's name",
                                      id=ALL_LIFTERS_BUTTON)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Cancel [esc]"), id="export-cancel-button")
                yield Button(Content("Export [ctrl+s]"), id="export-button", variant="primary")

    @property
    def to_browser(self) -> bool:
        """The app runs in a browser: the export is a download, not a file on the server."""
        return self.app.is_web

    def on_mount(self) -> None:
        self._set_default_path("native")
        to_browser = self.to_browser
        self.query_one("#export-path-label").display = not to_browser
        self.query_one("#export-path").display = not to_browser
        self.query_one("#export-download").display = to_browser
        if to_browser:
            self.query_one("#export-layout", RadioSet).focus()
        else:
            self.query_one("#export-path", Input).focus()
        self._load_scope()

    @property
    def chosen_layout(self) -> ExportLayout:
        """The layout picked in the radio set."""
        pressed = self.query_one("#export-layout", RadioSet).pressed_button
        return LAYOUT_BUTTONS.get(pressed.id or "", "native") if pressed else "native"

    @property
    def all_lifters(self) -> bool:
        """Every lifter's sets are picked, not only the open lifter's."""
        pressed = self.query_one("#export-layout", RadioSet).pressed_button
        return pressed is not None and pressed.id == ALL_LIFTERS_BUTTON

    def _set_default_path(self, layout: ExportLayout) -> None:
        name = self._file_name(layout)
        self._default_path = Path.home() / name
        self.query_one("#export-path", Input).value = str(self._default_path)
        self.query_one("#export-download", Static).update(
            Content(f"Your browser downloads it as {name}.")
        )

    def _file_name(self, layout: ExportLayout) -> str:
        return default_export_name(today=self.clock.now().date(), layout=layout,
                                   all_lifters=self.all_lifters)

    @on(RadioSet.Changed, "#export-layout")
    def _follow_layout(self) -> None:
        # Follow the layout only while the lifter has not typed a path of their own.
        path = self.query_one("#export-path", Input).value.strip()
        if self.to_browser or (self._default_path is not None and path == str(self._default_path)):
            self._set_default_path(self.chosen_layout)
        self._show_scope()

    @work(thread=True, exclusive=True, group="export-scope", exit_on_error=False)
    def _load_scope(self) -> None:
        log = self.training_log
        name = None
        if self.exercise_id is not None:
            name = log.exercise(self.exercise_id).name
        blocks = log.count_history(exercise_id=self.exercise_id, since=self.since,
                                   until=self.until)
        self.post_message(ExportScopeCounted(name, blocks))

    def on_export_scope_counted(self, counted: ExportScopeCounted) -> None:
        self._scope = counted
        self._show_scope()

    def _show_scope(self) -> None:
        counted = self._scope
        if counted is None:
            return
        scope = escape(describe_filter(exercise_name=counted.exercise_name, since=self.since,
                                       until=self.until))
        if self.all_lifters:
            # The count is the open lifter's: every lifter's is the export's to find.
            text = f"Exports: {scope}, for every lifter in the log."
        else:
            blocks = counted.blocks
            noun = "block" if blocks == 1 else "blocks"
            text = f"Exports: {scope} ({blocks:,} {noun})."
            if not blocks:
                text += "\n[$warning]Nothing matches: the file will hold only the header.[/]"
        self.query_one("#export-scope", Static).update(text)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        # Plain content: the message may quote a path the lifter typed, brackets and all.
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    def _target(self) -> Path | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._show_error("Give a file to write, e.g. ~/bfr-export.csv")
            return None
        path = Path(text).expanduser()
        problem = path_problem(path)
        if problem:
            self._show_error(problem)
            return None
        self._show_error("")
        return path

    @on(Input.Changed, "#export-path")
    def _on_path_changed(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-button")
    def action_export(self) -> None:
        """Check the path, ask before replacing a file, then write (in a browser: build
        the download)."""
        if self._writing:
            return
        if self.to_browser:
            self._writing = True
            self.query_one("#export-button", Button).disabled = True
            layout = self.chosen_layout
            self._build_download(layout, self._file_name(layout), self.all_lifters)
            return
        path = self._target()
        if path is None:
            return
        if path.exists():
            from bfr_tui.screens.confirm import ConfirmModal

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._start_write(path, force=True)
                else:
                    self._show_error(
                        f"{path.name} was kept. Pick another name, or export again to replace it."
                    )

            self.app.push_screen(
                ConfirmModal(
                    f"{path.name} already exists",
                    detail=f"Replace {path} with this export?",
                    yes="Overwrite",
                    no="Keep it",
                ),
                answered,
            )
            return
        self._start_write(path, force=False)

    def _start_write(self, path: Path, *, force: bool) -> None:
        self._writing = True
        self.query_one("#export-button", Button).disabled = True
        self._write(path, self.chosen_layout, force, self.all_lifters)

    @work(thread=True, exclusive=True, group="export-write", exit_on_error=False)
    def _write(self, path: Path, layout: ExportLayout, force: bool, all_lifters: bool) -> None:
        try:
            written = self.training_log.export_file(
                path=path,
                layout=layout,
                force=force,
                exercise_id=self.exercise_id,
                since=self.since,
                until=self.until,
                all_lifters=all_lifters,
            )
        except (ExportError, OSError) as error:
            message = str(error).replace(OVERWRITE_HINT, "pick another name")
            self.post_message(SaveRefused(message[:1].upper() + message[1:]))
            return
        self.post_message(ExportWritten(path, written))

    @work(thread=True, exclusive=True, group="export-write", exit_on_error=False)
    def _build_download(self, layout: ExportLayout, file_name: str, all_lifters: bool) -> None:
        with ExitStack() as on_failure:
            # Built whole before the browser asks for it; a file, so a log of many years
            # does not sit in memory. Gone from the disk as soon as it is closed.
            csv_file = on_failure.enter_context(tempfile.TemporaryFile())
            # The bytes `bfr-tui export` writes to a pipe: UTF-8, the CSV's own line ends.
            text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
            try:
                written = self.training_log.export_csv(
                    text, layout=layout, exercise_id=self.exercise_id, since=self.since,
                    until=self.until, all_lifters=all_lifters,
                )
                text.flush()
            except (ExportError, OSError) as error:
                message = str(error)
                self.post_message(SaveRefused(message[:1].upper() + message[1:]))
                return
            text.detach()
            csv_file.seek(0)
            # From here the file is Textual's to read and close.
            on_failure.pop_all()
        self.post_message(DownloadReady(csv_file, file_name, written))

    def on_download_ready(self, ready: DownloadReady) -> None:
        self._writing = False
        # Textual reads the file when the browser asks for it, and closes it after.
        self.app.deliver_binary(ready.csv, save_filename=ready.file_name, mime_type="text/csv")
        noun = "set" if ready.sets == 1 else "sets"
        self.app.notify(f"Downloading {ready.sets:,} {noun} as {ready.file_name}",
                        title="Export", markup=False)
        self.close_with(None)

    def on_save_refused(self, refused: SaveRefused) -> None:
        self._failed(refused.reason)

    def _failed(self, message: str) -> None:
        self._writing = False
        self.query_one("#export-button", Button).disabled = False
        self._show_error(message)

    def on_export_written(self, written: ExportWritten) -> None:
        self._writing = False
        noun = "set" if written.sets == 1 else "sets"
        self.app.notify(f"Exported {written.sets:,} {noun} to {written.path}", title="Export",
                        markup=False)
        self.close_with(written.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self._failed(f"Could not export: {event.worker.error}")

    @on(Button.Pressed, "#export-cancel-button")
    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
