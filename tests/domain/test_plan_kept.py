"""Each week against the weekly plan: sessions asked for, and those done."""

from __future__ import annotations

from datetime import date

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.plan_kept import WeekKept, sessions_planned, week_kept
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.session_template import session_template, template_block
from bfr_tui.domain.weekly_plan import plan_entry, weekly_plan

MONDAY = date(2026, 3, 2)

ARMS = session_template(name="Arms", blocks=(template_block(
    exercise_id=1, exercise_name="Dumbbell curl", limb=Limb.ARM, compound=False,
    side=Side.BOTH, protocol=CLASSIC),))
LEGS = session_template(name="Legs", blocks=(template_block(
    exercise_id=2, exercise_name="Leg extension", limb=Limb.LEG, compound=False,
    side=Side.BOTH, protocol=CLASSIC),))
TEMPLATES = {1: ARMS, 2: LEGS}
PLAN = weekly_plan([
    plan_entry(template_id=1, weekday=0), plan_entry(template_id=1, weekday=3),
    plan_entry(template_id=2, times_per_week=3),
])


def test_weekdays_count_one_each_and_times_a_week_their_number() -> None:
    assert sessions_planned(PLAN, TEMPLATES) == {1: 2, 2: 3}


def test_a_template_put_away_since_is_not_planned() -> None:
    assert sessions_planned(PLAN, {2: LEGS}) == {2: 3}


def test_only_the_weeks_days_count_and_extra_sessions_do_not_make_up_for_others() -> None:
    done = {
        # Four arm days (two planned) and one the Sunday before.
        1: {date(2026, 3, 1), MONDAY, date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 8)},
        2: {date(2026, 3, 5)},
    }
    assert week_kept(PLAN, TEMPLATES, done, week_of=date(2026, 3, 4)) == WeekKept(5, 3)
    assert week_kept(PLAN, TEMPLATES, done, week_of=date(2026, 2, 23)) == WeekKept(5, 1)
