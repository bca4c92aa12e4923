"""Every action works in a browser tab: none is bound only to a key the browser keeps.

A browser never hands ctrl+w (close the tab), ctrl+t (new tab) or ctrl+n (new
window) to a page, so in ``bfr-tui serve`` an action reached only through one of them
could not be done at all, and pressing it would close the tab. Every screen, widget and
the app are walked with the bindings they inherit, Textual's own included.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import bfr_tui

PACKAGE = Path(bfr_tui.__file__).parent
BROWSER_KEYS = frozenset({"ctrl+w", "ctrl+t", "ctrl+n"})


def _import_every_ui_module() -> None:
    for path in sorted([*PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py"),
                        PACKAGE / "app.py", PACKAGE / "commands.py"]):
        importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))


def _our_classes() -> list[type[DOMNode]]:
    _import_every_ui_module()
    found: list[type[DOMNode]] = []
    waiting: list[type[DOMNode]] = [DOMNode]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("bfr_tui.") and subclass not in found:
                found.append(subclass)
    return found


def keys_by_action(node: type[DOMNode]) -> dict[str, set[str]]:
    """Each action of ``node``, own or inherited, and every key bound to it."""
    keys: dict[str, set[str]] = defaultdict(set)
    binding: Binding
    for key, binding in node._merge_bindings():
        keys[binding.action].add(key.lower())
    return keys


def only_browser_keys(node: type[DOMNode]) -> list[str]:
    """The actions of ``node`` a browser tab could never reach, with their keys."""
    return [
        f"{node.__module__}.{node.__qualname__}: {action} ({', '.join(sorted(keys))})"
        for action, keys in sorted(keys_by_action(node).items())
        if keys <= BROWSER_KEYS
    ]


def test_every_screen_widget_and_the_app_are_walked() -> None:
    names = {node.__name__ for node in _our_classes()}
    assert {"BfrApp", "ExerciseSelectScreen", "LiveBlockScreen", "ExportDialog",
            "HistoryScreen", "KeyFooter"} <= names


def test_no_action_is_bound_only_to_a_key_the_browser_keeps() -> None:
    offenders = [line for node in _our_classes() for line in only_browser_keys(node)]
    assert offenders == []


def test_a_key_the_browser_keeps_is_found_and_an_alternative_clears_it() -> None:
    class OnlyCtrlW(DOMNode):
        BINDINGS = [Binding("ctrl+w", "close_block", "Close")]

    class AlsoEscape(DOMNode):
        BINDINGS = [Binding("ctrl+w,escape", "close_block", "Close"),
                    Binding("ctrl+t", "new_block", "New"), Binding("n", "new_block", "New")]

    assert only_browser_keys(OnlyCtrlW) == [
        f"{__name__}.{OnlyCtrlW.__qualname__}: close_block (ctrl+w)"
    ]
    assert only_browser_keys(AlsoEscape) == []
