"""Coloured DataTable cells that follow the current theme."""

from __future__ import annotations

from rich.text import Text
from textual.app import App


def themed(app: App[object], text: str, variable: str, *, bold: bool = False) -> Text:
    """``text`` in a theme colour such as ``success``, ``warning`` or ``error``.

    DataTable cells are Rich renderables and do not read Textual's ``$variables``,
    so the colour is looked up from the theme in force when the cell is built.
    """
    colour = app.get_css_variables().get(variable, "")
    style = f"{'bold ' if bold else ''}{colour}".strip()
    return Text(text, style=style)
