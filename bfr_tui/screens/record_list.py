"""What the lists of the lifter's own records (cuffs, session templates) share: the
columns, rows that dim and mark what is archived, the record the cursor lands on after
a reload, and a refused save said as such."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable

from bfr_tui.screens.messages import SaveRefused


class ListedRecord(Protocol):
    """A record of the log that a list shows and can archive."""

    @property
    def id(self) -> int:
        """The record's id in the log."""
        ...

    @property
    def archived(self) -> bool:
        """Put away: listed dimmed, or only on asking."""
        ...


def set_columns(table: DataTable[Text], headings: Iterable[str]) -> None:
    """Empty ``table`` and give it these columns, each keyed by its heading in lower case."""
    table.clear(columns=True)
    for heading in headings:
        table.add_column(heading, key=heading.lower())


def add_record_row(table: DataTable[Text], record: ListedRecord, name: str,
                   *others: str) -> None:
    """A row keyed by the record's id: dimmed, and its name marked, when archived."""
    style = "dim" if record.archived else ""
    marked = name + (" (archived)" if record.archived else "")
    # Text, not str: a name like "[b]" must not be read as markup.
    table.add_row(*(Text(cell, style=style) for cell in (marked, *others)), key=str(record.id))


def show_list(table: DataTable[Text], empty: Widget, *, has_rows: bool) -> None:
    """The table when it has rows, else the line that says the list is empty. A table
    shown again (its first record just saved) takes the focus, so its keys work at once."""
    shown_again = has_rows and not table.display
    empty.display = not has_rows
    table.display = has_rows
    if shown_again:
        table.focus()


class ListsRecords:
    """Mixin for a screen listing records the lifter adds, edits and archives."""

    _select_after_load: int | None
    """The record to put the cursor on once the list is read again (one just saved)."""

    if TYPE_CHECKING:
        # Given by the screen this is mixed into.
        def highlighted(self) -> ListedRecord | None: ...

        def _load(self) -> object: ...

    def _record_to_select(self) -> int | None:
        """The record the cursor goes back to after a reload: the one just saved, else the
        one it was on."""
        keep = self._select_after_load
        if keep is None and (current := self.highlighted()) is not None:
            keep = current.id
        self._select_after_load = None
        return keep

    def _after_form(self, record: ListedRecord | None) -> None:
        if record is not None:
            self._select_after_load = record.id
            self._load()

    def on_save_refused(self, refused: SaveRefused) -> None:
        cast("Screen[Any]", self).notify(f"Not saved: {refused.reason}", severity="error",
                                         markup=False)
