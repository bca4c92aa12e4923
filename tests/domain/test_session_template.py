"""Session templates: what goes in one, and what the lifter is warned about."""

from __future__ import annotations

import pytest

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.session_template import (
    MAX_BLOCKS,
    TemplateBlock,
    TemplateError,
    session_template,
    template_block,
    template_warnings,
)


def curl(side: Side, exercise_id: int = 1) -> TemplateBlock:
    return template_block(exercise_id=exercise_id, exercise_name="Dumbbell curl",
                          limb=Limb.ARM, compound=False, side=side, protocol=CLASSIC)


def test_a_template_keeps_its_blocks_in_order_and_its_name_cleaned() -> None:
    blocks = (curl(Side.LEFT), curl(Side.RIGHT))
    template = session_template(name="  Arm   finisher ", blocks=blocks)
    assert template.name == "Arm finisher"
    assert template.blocks == blocks
    assert template.limbs == {(Limb.ARM, Side.LEFT), (Limb.ARM, Side.RIGHT)}
    assert template_warnings(template) == []


@pytest.mark.parametrize(("name", "message"), [
    ("   ", "Give the template a name"),
    ("x" * 41, "Keep the template name to 40 characters"),
    ("Arm\x07day", "control character"),
])
def test_a_template_needs_a_plain_name_of_at_most_40_characters(name: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        session_template(name=name, blocks=(curl(Side.LEFT),))
    assert session_template(name="x" * 40, blocks=(curl(Side.LEFT),)).name == "x" * 40


def test_a_template_has_one_to_twelve_blocks() -> None:
    with pytest.raises(TemplateError, match="at least one block"):
        session_template(name="Empty", blocks=())
    most = [curl(Side.LEFT, exercise_id=n) for n in range(MAX_BLOCKS)]
    assert len(session_template(name="Long", blocks=most).blocks) == 12
    with pytest.raises(TemplateError, match="to 12 blocks \\(this one has 13\\)"):
        session_template(name="Too long", blocks=[*most, curl(Side.RIGHT)])


def test_a_compound_lift_or_an_exercise_without_a_limb_cannot_go_in_a_template() -> None:
    with pytest.raises(TemplateError, match="Back squat: No BFR here: heavy compound"):
        template_block(exercise_id=2, exercise_name="Back squat", limb=Limb.LEG,
                       compound=True, side=Side.BOTH, protocol=CLASSIC)
    with pytest.raises(TemplateError, match="Plank: No BFR here"):
        template_block(exercise_id=3, exercise_name="Plank", limb=Limb.NONE,
                       compound=False, side=Side.BOTH, protocol=CLASSIC)


def test_the_same_exercise_on_the_same_side_twice_is_allowed_with_a_warning() -> None:
    # Left then right is the everyday pattern: no warning.
    assert template_warnings(
        session_template(name="Curls", blocks=(curl(Side.LEFT), curl(Side.RIGHT)))
    ) == []
    twice = session_template(name="Curls", blocks=(curl(Side.LEFT), curl(Side.RIGHT),
                                                   curl(Side.LEFT)))
    (warning,) = template_warnings(twice)
    assert warning.startswith("Block 3 repeats Dumbbell curl on the left arm (block 1)")
    # A block on both sides after a left one repeats the left side.
    (both,) = template_warnings(
        session_template(name="Curls", blocks=(curl(Side.LEFT), curl(Side.BOTH)))
    )
    assert both.startswith("Block 2 repeats Dumbbell curl on the left arm (block 1)")


def test_a_block_describes_itself_in_the_lifters_words() -> None:
    assert curl(Side.LEFT).describe() == "Dumbbell curl, left arm: Classic 30-15-15-15, 30 s rest"
    assert curl(Side.BOTH).describe().startswith("Dumbbell curl, both arms:")
