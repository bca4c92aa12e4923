"""The effort step's line: what it takes as typed, and what it says."""

from __future__ import annotations

from textual.app import App, ComposeResult

from bfr_tui.widgets.effort_step import MAX_TYPED, EffortStep


class StepApp(App[None]):
    def compose(self) -> ComposeResult:
        yield EffortStep()


async def test_digits_and_separators_are_the_rating_other_keys_are_not() -> None:
    async with StepApp().run_test(size=(100, 4)) as pilot:
        step = pilot.app.query_one(EffortStep)
        assert not step.display and not step.asking
        step.ask(2)
        assert step.display and step.asking
        # A separator before any digit is nothing to keep; s and + are the rest's keys.
        assert step.add_character(" ")
        assert not step.add_character("s")
        assert not step.add_character("+")
        for character in "10 / 10 9":
            step.add_character(character)
        assert step.typed == "10 / 10"[:MAX_TYPED]
        step.erase()
        assert step.typed == "10 / 1"
        assert str(step.render()).startswith("Set 2: effort and cuff discomfort")


async def test_a_refusal_keeps_the_text_and_saying_ends_the_step() -> None:
    async with StepApp().run_test(size=(100, 4)) as pilot:
        step = pilot.app.query_one(EffortStep)
        step.ask(1)
        step.add_character("5")
        step.refuse("Give both ratings.")
        assert str(step.render()).endswith(": 5▏\nGive both ratings.")
        assert step.has_class("-refused")
        step.say("Set 1: effort 5, discomfort 2 saved.")
        assert not step.asking and step.display
        assert str(step.render()) == "Set 1: effort 5, discomfort 2 saved."
        step.close()
        assert not step.display
