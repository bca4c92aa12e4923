"""What the training log answered, as more than one screen hears it from its workers.

A worker posts one of these to its own screen (``post_message`` is safe from a thread)
and the screen's handler updates its widgets; a screen already dismissed drops it. A
message only one screen hears is defined beside that screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ExerciseGone(Message, bubble=False):
    """The exercise a dialog was opened on is no longer in the log."""


@dataclass
class SaveRefused(Message, bubble=False):
    """What a dialog asked the log to save (or export) was refused; the dialog can be
    used again."""

    reason: str
    """Why, in the log's words."""

    field: str = ""
    """Where in the dialog the reason belongs (a field's name); empty: the dialog's
    usual place for it."""


@dataclass
class StartTemplate(Message):
    """The lifter asked to run one of their session templates, block by block; it
    bubbles from the screen that asked up to the app, which runs the session."""

    template_id: int
