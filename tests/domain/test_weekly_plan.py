"""The weekly plan: what is due on a given day, and what R10's 36 h rest holds back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock
from bfr_tui.domain.weekly_plan import (
    PlanError,
    block_holds,
    days_done,
    done_counts,
    due_today,
    plan_entry,
    weekly_plan,
)
from bfr_tui.domain.weeks import week_start


def block(limb: Limb, side: Side, name: str = "Curl", exercise_id: int = 1) -> TemplateBlock:
    return TemplateBlock(exercise_id=exercise_id, exercise_name=name, limb=limb, side=side,
                         protocol=CLASSIC)


ARMS = SessionTemplate("Arm finisher", (block(Limb.ARM, Side.LEFT), block(Limb.ARM, Side.RIGHT)))
LEGS = SessionTemplate("Leg finisher", (block(Limb.LEG, Side.BOTH, "Leg extension", 2),))
TEMPLATES = {1: ARMS, 2: LEGS}
# A Wednesday evening.
WEDNESDAY = datetime(2026, 3, 4, 18, 0)


def test_a_plan_entry_is_on_a_weekday_or_n_times_a_week() -> None:
    assert plan_entry(template_id=1, weekday=0).describe() == "Monday"
    assert plan_entry(template_id=1, times_per_week=1).describe() == "once a week"
    assert plan_entry(template_id=1, times_per_week=7).describe() == "7 times a week"
    with pytest.raises(PlanError, match="on a weekday, or give how many"):
        plan_entry(template_id=1)
    with pytest.raises(PlanError, match="on a weekday, or give how many"):
        plan_entry(template_id=1, weekday=0, times_per_week=2)
    with pytest.raises(PlanError, match="0 \\(Monday\\) to 6 \\(Sunday\\), not 7"):
        plan_entry(template_id=1, weekday=7)
    for count in (0, 8):
        with pytest.raises(PlanError, match=f"times a week must be 1-7, not {count}"):
            plan_entry(template_id=1, times_per_week=count)


def test_a_plan_takes_a_template_on_weekdays_or_n_times_a_week_not_both() -> None:
    plan = weekly_plan([plan_entry(template_id=2, times_per_week=2),
                        plan_entry(template_id=1, weekday=4),
                        plan_entry(template_id=1, weekday=0)])
    assert [entry.describe() for entry in plan.entries] == ["Monday", "Friday", "2 times a week"]
    with pytest.raises(PlanError, match="not both"):
        weekly_plan([plan_entry(template_id=1, weekday=0),
                     plan_entry(template_id=1, times_per_week=2)])
    with pytest.raises(PlanError, match="on Monday twice"):
        weekly_plan([plan_entry(template_id=1, weekday=0), plan_entry(template_id=1, weekday=0)])


def test_a_weekday_template_is_due_on_its_day_only_until_done() -> None:
    plan = weekly_plan([plan_entry(template_id=1, weekday=2), plan_entry(template_id=2, weekday=3)])
    due = due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={}, done_today=(),
                    last_trained={})
    assert [(item.template.name, item.why) for item in due] == [
        ("Arm finisher", "Planned for Wednesday")
    ]
    assert due_today(plan, TEMPLATES, now=WEDNESDAY + timedelta(days=1), done_this_week={},
                     done_today=(), last_trained={})[0].template is LEGS
    assert due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={1: 1}, done_today={1},
                     last_trained={}) == []
    # An archived template (not among the lifter's in use) is not due.
    assert due_today(plan, {2: LEGS}, now=WEDNESDAY, done_this_week={}, done_today=(),
                     last_trained={}) == []


def test_an_n_times_a_week_template_is_due_until_done_n_times_and_not_twice_a_day() -> None:
    plan = weekly_plan([plan_entry(template_id=2, times_per_week=2)])
    (due,) = due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={2: 1}, done_today=(),
                       last_trained={})
    assert due.why == "1 of 2 this week done"
    assert due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={2: 2}, done_today=(),
                     last_trained={}) == []
    assert due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={2: 1}, done_today={2},
                     last_trained={}) == []
    assert week_start(WEDNESDAY.date()).isoformat() == "2026-03-02"
    assert week_start(datetime(2026, 3, 8).date()).isoformat() == "2026-03-02"


def test_the_36_h_rest_holds_a_block_back_until_it_frees() -> None:
    # The left arm trained 30 h ago: its block frees in 6 h; the right arm is free.
    left_at = WEDNESDAY - timedelta(hours=30)
    holds = block_holds(ARMS, last_trained={(Limb.ARM, Side.LEFT): left_at}, now=WEDNESDAY)
    assert [(hold.position, hold.frees_at) for hold in holds] == [
        (1, WEDNESDAY + timedelta(hours=6))
    ]
    # At exactly 36 h it is free.
    assert block_holds(ARMS, last_trained={(Limb.ARM, Side.LEFT): left_at},
                       now=left_at + timedelta(hours=36)) == ()
    # A leg block on both sides frees when the later side does.
    legs = {(Limb.LEG, Side.LEFT): WEDNESDAY - timedelta(hours=20),
            (Limb.LEG, Side.RIGHT): WEDNESDAY - timedelta(hours=10)}
    plan = weekly_plan([plan_entry(template_id=2, weekday=2)])
    (due,) = due_today(plan, TEMPLATES, now=WEDNESDAY, done_this_week={}, done_today=(),
                       last_trained=legs)
    assert due.all_held and due.frees_at == WEDNESDAY + timedelta(hours=26)


def test_a_block_logged_after_now_holds_its_limb_36_h_from_then() -> None:
    later = WEDNESDAY + timedelta(hours=1)
    (hold,) = block_holds(LEGS, last_trained={(Limb.LEG, Side.LEFT): later}, now=WEDNESDAY)
    assert hold.frees_at == later + timedelta(hours=36)


def test_a_template_is_done_on_a_day_whose_blocks_cover_all_of_its_own() -> None:
    monday = datetime(2026, 3, 2, 18, 0)
    logged = [
        # Monday: left and right curls, the whole arm finisher.
        (monday, 1, Side.LEFT), (monday + timedelta(minutes=8), 1, Side.RIGHT),
        # Tuesday: the left curl only, ended early.
        (monday + timedelta(days=1), 1, Side.LEFT),
        # Wednesday: both arms at once covers left and right.
        (WEDNESDAY, 1, Side.BOTH),
        # The Sunday before: last week.
        (monday - timedelta(days=1), 1, Side.BOTH),
    ]
    done = days_done(TEMPLATES, logged)
    assert done[1] == {monday.date(), WEDNESDAY.date(), (monday - timedelta(days=1)).date()}
    assert done[2] == set()
    this_week, today = done_counts(done, today=WEDNESDAY.date())
    assert this_week == {1: 2, 2: 0} and today == {1}
    # A leg block on one side does not finish a template on both legs.
    assert days_done({2: LEGS}, [(WEDNESDAY, 2, Side.LEFT)]) == {2: set()}
    assert days_done({2: LEGS}, [(WEDNESDAY, 2, Side.LEFT), (WEDNESDAY, 2, Side.RIGHT)]) == {
        2: {WEDNESDAY.date()}
    }
