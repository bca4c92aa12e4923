"""Keep a dialog on screen: its scrolling body gets whatever height the rest leaves."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer

# Below this the body is too short to read; the dialog may then run off a tiny terminal.
MIN_BODY_HEIGHT = 3


def fit_dialog_body(screen: Widget, dialog: Widget, body: Widget) -> bool:
    """Cap ``body`` so ``dialog`` (height auto) fits above the footer; the body scrolls past it.

    True when the cap changed: the dialog's other parts are then laid out again, and
    a caller whose parts change height should measure once more after that refresh.

    Textual gives a ``1fr`` child of an auto-height container the whole screen, so a
    short dialog would stretch; a fixed cap measured from the real layout avoids both
    that and buttons pushed off an 80x24 terminal.
    """
    footers = [f.outer_size.height for f in screen.query(Footer) if f.display]
    room = screen.size.height - sum(footers) - dialog.styles.gutter.height
    room -= dialog.styles.margin.height
    others = sum(
        child.outer_size.height
        for child in dialog.children
        if child is not body and child.display
    )
    limit = max(room - others - body.styles.margin.height, MIN_BODY_HEIGHT)
    if body.styles.max_height is None or body.styles.max_height.value != limit:
        body.styles.max_height = limit
        return True
    return False
