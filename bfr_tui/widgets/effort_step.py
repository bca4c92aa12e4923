"""The quick effort step after a set: effort and cuff discomfort, typed in the rest (R13)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

# "10 / 10" is the longest way to write two ratings.
MAX_TYPED = 7
_SEPARATORS = frozenset(" ,/")


class EffortStep(Static):
    """One line that asks how set N went and shows what has been typed; hidden when
    no set is being rated and nothing is left to say."""

    DEFAULT_CSS = """
    EffortStep {
        height: auto; padding: 0 1; margin: 0 0; border-left: thick $accent;
        background: $boost;
    }
    EffortStep.-refused { border-left: thick $error; }
    EffortStep.-done { border-left: thick $success; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.set_number: int | None = None
        """The set being rated; None when no rating is asked for."""
        self.typed = ""
        """What the lifter has typed so far."""
        self._refusal = ""
        self.display = False

    def ask(self, set_number: int) -> None:
        """Ask for ``set_number``'s rating, with nothing typed yet."""
        self.set_number, self.typed, self._refusal = set_number, "", ""
        self.display = True
        self._draw()

    @property
    def asking(self) -> bool:
        """A set's rating is being asked for: digits typed now are the rating."""
        return self.set_number is not None

    def add_character(self, character: str) -> bool:
        """Add a digit or a separator; False (nothing done) for any other character."""
        if not (character.isascii() and (character.isdigit() or character in _SEPARATORS)):
            return False
        if len(self.typed) < MAX_TYPED and not (character in _SEPARATORS and not self.typed):
            self.typed += character
            self._draw()
        return True

    def erase(self) -> None:
        """Take back the last character typed."""
        self.typed = self.typed[:-1]
        self._draw()

    def refuse(self, message: str) -> None:
        """Say why the text cannot be a rating; the text stays for editing."""
        self._refusal = message
        self._draw()

    def say(self, text: str) -> None:
        """End the step with ``text`` (what became of the rating) left on the line."""
        self.set_number, self.typed, self._refusal = None, "", ""
        self.set_class(False, "-refused")
        self.set_class(True, "-done")
        self.update(Content(text))
        self.display = True

    def close(self) -> None:
        """Take the step away, unrated."""
        self.set_number, self.typed, self._refusal = None, "", ""
        self.display = False

    def _draw(self) -> None:
        self.set_class(bool(self._refusal), "-refused")
        self.set_class(False, "-done")
        line = Content.assemble(
            f"Set {self.set_number}: effort and cuff discomfort, 0-10 each (e.g. 7 3), "
            "enter to skip: ",
            (self.typed, "bold $accent"),
            ("▏", "$accent"),
        )
        if self._refusal:
            line = Content.assemble(line, "\n", (self._refusal, "$error"))
        self.update(line)
