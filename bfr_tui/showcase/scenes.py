"""Every screen in a fixed state on a fixed log: the snapshot tests and screenshots/ both use these.

A scene builds a real SQLite log (demo history, or a brand-new log) and keys the app
into the state it shows with the steps a lifter would take. The clock is a FakeClock
frozen at ``NOW`` and only moved by the steps, the cursor does not blink, and toasts
are cleared unless they are the point, so the same scene always draws the same picture.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from bfr_tui.app import BfrApp, make_app
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.screens.history import HistoryScreen
from bfr_tui.screens.occlusion_limit import OcclusionLimitModal
from bfr_tui.screens.one_rep_max import OneRepMaxScreen
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.steps import (
    check_cuff,
    count_reps,
    cuff_check_ready,
    do_set,
    fill,
    highlight_exercise,
    pass_time,
    rest,
    settle,
    start_block,
    steady,
    wait_for,
)
from bfr_tui.store import open_log
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.paths import sqlite_url
from bfr_tui.widgets.calendar_strip import CalendarStrip
from bfr_tui.widgets.progress_chart import ProgressChart

# The moment every scene, UI test and snapshot sees: a Monday evening, the day after the
# demo history ends, at 18:30 by the clock of the machine's zone (as the app's clock gives
# it: timezone-aware).
NOW = datetime(2026, 3, 2, 18, 30, 0).astimezone()
SNAPSHOT_SIZE = (100, 32)
# The export dialog offers a file in the home folder; a fixed one keeps the machine's
# user name out of the pictures.
SHOWN_HOME = "/home/lifter"
# Has a 1RM and a few blocks in the demo log, and runs BFR on the arm.
CURL = "Dumbbell curl"
# Done with the demo's pneumatic thigh cuff, whose LOPs were measured seated.
LEG_EXTENSION = "Leg extension"
# Six sets with a minute of rest: long enough to run the occlusion clock past 7 and 10 min.
LONG_PROTOCOL = ("30-15-15-15-15-15", 60)

Step = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Scene:
    """One screen in one state: how to build its log and how to key the app there."""

    name: str
    """Short id, used in file and test names: ``cuff-check``."""
    title: str
    """What the picture shows, in a few words."""
    description: str
    """One sentence on the state shown."""
    build_db: Callable[[Path], None]
    """Prepare a real SQLite log at the path."""
    run_before: Step
    """Key the running app into the state to show."""


def scene_app(path: Path) -> BfrApp:
    """The real app on the log at ``path``, with the clock frozen at NOW and no blinking."""
    return make_app(log=open_log(sqlite_url(path)), clock=FakeClock(start=NOW), cursor_blink=False)


@contextmanager
def steady_environment() -> Iterator[None]:
    """Run a scene with a fixed home folder (the export dialog shows a path in it)."""
    saved = os.environ.get("HOME")
    os.environ["HOME"] = SHOWN_HOME
    try:
        yield
    finally:
        if saved is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = saved


# --- logs ------------------------------------------------------------------------------


# The lifter of every scene's log.
LIFTER = "Sam"


def lifter_id(engine: Engine) -> int:
    """The scenes' lifter in the log at ``engine``, added on first use."""
    from bfr_tui.store import queries

    with session_scope(engine) as session:
        found = queries.find_lifter_by_name(session=session, name=LIFTER)
        if found is None:
            found = queries.add_lifter(session=session, name=LIFTER)
        assert found.id is not None
        return found.id


def fresh_log(path: Path) -> None:
    """A brand-new log as the app first opens it: the exercise library, nothing screened."""
    from bfr_tui.store.seed import seed_exercises

    engine = open_database(path)
    lifter_id(engine)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=NOW)
    engine.dispose()


def demo_log(path: Path) -> None:
    """Eight weeks of demo history up to the day before NOW, screened (all no) today."""
    from bfr_tui.store import queries
    from bfr_tui.store.demo import fill_demo

    engine = open_database(path)
    lifter = lifter_id(engine)
    fill_demo(engine=engine, lifter_id=lifter, weeks=8, seed=7, end=NOW)
    with session_scope(engine) as session:
        queries.save_screening(
            session=session,
            lifter_id=lifter,
            answers={q.key: False for q in SCREENING_QUESTIONS},
            screened_on=NOW.date(),
            cleared=False,
        )
    engine.dispose()


def demo_log_with_templates(path: Path) -> None:
    """The demo log with two session templates, one on Monday and Thursday, the other
    twice a week."""
    from bfr_tui.domain.limbs import Side
    from bfr_tui.domain.protocol import CLASSIC
    from bfr_tui.domain.session_template import session_template, template_block
    from bfr_tui.domain.weekly_plan import plan_entry, weekly_plan

    demo_log(path)
    log = open_log(sqlite_url(path))
    try:
        log.choose_lifter(None, required=True)

        def template(name: str, blocks: list[tuple[str, Side]]) -> int:
            made = []
            for exercise_name, side in blocks:
                exercise = log.find_exercise(exercise_name)
                assert exercise is not None, exercise_name
                made.append(template_block(
                    exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
                    compound=exercise.compound, side=side, protocol=CLASSIC,
                ))
            return log.save_template(session_template(name=name, blocks=made), now=NOW).id

        arms = template("Arm finisher", [("Dumbbell curl", Side.LEFT),
                                         ("Dumbbell curl", Side.RIGHT),
                                         ("Triceps pushdown", Side.BOTH)])
        legs = template("Leg finisher", [("Leg extension", Side.BOTH),
                                         ("Lying leg curl", Side.BOTH)])
        log.save_weekly_plan(weekly_plan([
            plan_entry(template_id=arms, weekday=0), plan_entry(template_id=arms, weekday=3),
            plan_entry(template_id=legs, times_per_week=2),
        ]))
    finally:
        log.close()


# The session template of the template scenes: two curls, one arm at a time, then
# pushdowns on both arms.
ARM_FINISHER = "Arm finisher"
PUSHDOWN = "Triceps pushdown"


def demo_log_with_a_template(path: Path) -> None:
    """The demo log with the arm finisher, saved as the template editor saves it."""
    from bfr_tui.domain.limbs import Side
    from bfr_tui.domain.protocol import CLASSIC
    from bfr_tui.domain.session_template import session_template, template_block

    demo_log(path)
    log = open_log(sqlite_url(path))
    try:
        log.choose_lifter(LIFTER)
        blocks = []
        for name, side in ((CURL, Side.LEFT), (CURL, Side.RIGHT), (PUSHDOWN, Side.BOTH)):
            exercise = log.find_exercise(name)
            assert exercise is not None, name
            blocks.append(template_block(
                exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
                compound=exercise.compound, side=side, protocol=CLASSIC,
            ))
        log.save_template(session_template(name=ARM_FINISHER, blocks=blocks), now=NOW)
    finally:
        log.close()


def log_screened_ahead(path: Path) -> None:
    """A log screened (all no) on the day after NOW: a clock or a zone changed since."""
    from datetime import timedelta

    from bfr_tui.store import queries

    fresh_log(path)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        queries.save_screening(
            session=session,
            lifter_id=lifter,
            answers={q.key: False for q in SCREENING_QUESTIONS},
            screened_on=NOW.date() + timedelta(days=1),
            cleared=False,
        )
    engine.dispose()


def log_with_an_open_block(path: Path) -> None:
    """The demo log, then what a crash leaves: a curl block with two sets and no cuff-off."""
    from datetime import timedelta

    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.protocol import CLASSIC
    from bfr_tui.store import queries
    from bfr_tui.store.block_log import start_block, write_set

    demo_log(path)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name=CURL)
        assert curl is not None and curl.id is not None
        plan = BlockPlan(
            exercise_id=curl.id, exercise_name=CURL, limb="arm", side="left",
            protocol=CLASSIC, load=5.0, unit="kg", one_rm=18.75, tightness=7,
            pulse_felt=True, skin_normal=True,
        )
        cuff_on_at = NOW - timedelta(minutes=3)
        block = start_block(session=session, lifter_id=lifter, plan=plan, cuff_on_at=cuff_on_at)
        assert block.id is not None
        for number, start_s in ((1, 0), (2, 75)):
            started = cuff_on_at + timedelta(seconds=start_s)
            write_set(
                session=session, lifter_id=lifter, block_id=block.id, set_number=number,
                target_reps=CLASSIC.target_for(number), reps=CLASSIC.target_for(number),
                load=5.0, started_at=started, ended_at=started + timedelta(seconds=45),
                rest_before_s=None if number == 1 else 30.0,
            )
    engine.dispose()


# A coach's log as ``bfr-tui demo --lifters 8`` makes one.
CLINIC_LIFTERS = 8


def clinic_log(path: Path) -> None:
    """Eight demo lifters, each with six weeks of history of their own up to the day
    before NOW (seeds 7, 8...), and a screening in each state a coach meets: Ben never
    screened, Chloe's expired, Dev's with a yes not yet cleared; Emma flagged numbness in
    her last block."""
    from datetime import timedelta

    from bfr_tui.domain.symptoms import SymptomKind
    from bfr_tui.store import queries
    from bfr_tui.store.demo import demo_lifter_names, fill_demo

    engine = open_database(path)
    with session_scope(engine) as session:
        lifters = [queries.add_lifter(session=session, name=name)
                   for name in demo_lifter_names(CLINIC_LIFTERS)]
        ids = {lifter.name.split()[0]: lifter.id for lifter in lifters}
    for number, lifter in enumerate(ids.values()):
        assert lifter is not None
        fill_demo(engine=engine, lifter_id=lifter, weeks=6, seed=7 + number, end=NOW)
    all_no = {q.key: False for q in SCREENING_QUESTIONS}
    with session_scope(engine) as session:
        ben = queries.get_lifter(session=session, lifter_id=_known(ids["Ben"]))
        ben.screening_answers, ben.screened_on = "", None
        session.add(ben)
        queries.save_screening(session=session, lifter_id=_known(ids["Chloe"]), answers=all_no,
                               screened_on=NOW.date() - timedelta(days=100), cleared=False)
        queries.save_screening(session=session, lifter_id=_known(ids["Dev"]),
                               answers=all_no | {"surgery": True},
                               screened_on=NOW.date() - timedelta(days=20), cleared=False)
        emma = _known(ids["Emma"])
        last = queries.history_rows(session=session, lifter_id=emma, limit=1)[0]
        queries.flag_symptom(session=session, lifter_id=emma, block_id=last.block_id,
                             kind=SymptomKind.NUMBNESS,
                             raised_at=last.cuff_on_at + timedelta(minutes=3))
    engine.dispose()


def _known(row_id: int | None) -> int:
    assert row_id is not None
    return row_id


# --- the states ------------------------------------------------------------------------


async def screening_shown(pilot: Pilot[None]) -> None:
    """Wait for the screening the app opens once it has read the profile."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ScreeningScreen),
                   "the screening")


async def first_run(pilot: Pilot[None]) -> None:
    """Nothing answered yet."""
    await screening_shown(pilot)
    await steady(pilot)


async def screening_with_a_yes(pilot: Pilot[None]) -> None:
    """Every question answered, one of them yes (surgery): the clearance box shows."""
    await screening_shown(pilot)
    for question in SCREENING_QUESTIONS:
        await pilot.press("y" if question.key == "surgery" else "n")
    await steady(pilot)


async def home(pilot: Pilot[None]) -> None:
    """The exercise list with the curl highlighted."""
    await settle(pilot)
    await highlight_exercise(pilot, CURL)
    await steady(pilot)


async def one_rep_max(pilot: Pilot[None]) -> None:
    """Estimating the curl's 1RM from 15 kg x 8."""
    await home(pilot)
    await pilot.press("m")
    screen = pilot.app.screen
    assert isinstance(screen, OneRepMaxScreen), type(screen)
    await wait_for(pilot, lambda: screen.exercise is not None, "the 1RM form to load")
    await fill(pilot, "#set-load", "15")
    await fill(pilot, "#set-reps", "8")
    await steady(pilot)


async def add_exercise(pilot: Pilot[None]) -> None:
    """A new arm exercise half typed in."""
    await home(pilot)
    await pilot.press("a")
    await settle(pilot)
    await fill(pilot, "#name", "Cable kickback")
    await fill(pilot, "#muscle", "triceps")
    await fill(pilot, "#note", "cuff high on the upper arm; light and strict")
    await steady(pilot)


async def open_curl_cuff_check(pilot: Pilot[None]) -> None:
    """From the list: highlight the curl and press enter."""
    await home(pilot)
    await pilot.press("enter")
    await cuff_check_ready(pilot)


async def cuff_check(pilot: Pilot[None]) -> None:
    """The curl's cuff check, filled in and ready to start at the suggested load."""
    await open_curl_cuff_check(pilot)
    await check_cuff(pilot)
    await steady(pilot)


async def cuff_check_heavy(pilot: Pilot[None]) -> None:
    """The curl's cuff check with 10 kg, far above the BFR band."""
    await open_curl_cuff_check(pilot)
    await check_cuff(pilot, load="10")
    await steady(pilot)


async def curl_block(pilot: Pilot[None], custom: tuple[str, int] | None = None) -> None:
    """Cuffs on for the curl at the suggested load."""
    await open_curl_cuff_check(pilot)
    await check_cuff(pilot, custom=custom)
    await start_block(pilot)


async def into_set_two(pilot: Pilot[None]) -> None:
    """Set 1 (30 reps in 70 s) logged, 30 s rest, 9 reps of set 2 in 22 s."""
    await curl_block(pilot)
    await do_set(pilot, 30, seconds=70, typed=True)
    await rest(pilot, 30)
    await count_reps(pilot, 9, seconds=22, typed=True)


async def live_set(pilot: Pilot[None]) -> None:
    """Mid set 2."""
    await into_set_two(pilot)
    await steady(pilot)


async def live_rest(pilot: Pilot[None]) -> None:
    """Set 1 logged, 12 s into the 30 s rest."""
    await curl_block(pilot)
    await do_set(pilot, 30, seconds=70, typed=True)
    await pass_time(pilot, 12)
    await steady(pilot)


async def long_block_to_set_four(pilot: Pilot[None]) -> None:
    """Six sets with 60 s rests: four sets logged by 6:30 under the cuff."""
    await curl_block(pilot, custom=LONG_PROTOCOL)
    await do_set(pilot, 30, seconds=75, typed=True)
    for _ in range(3):
        await rest(pilot, 60)
        await do_set(pilot, 15, seconds=45, typed=True)


async def live_amber(pilot: Pilot[None]) -> None:
    """Resting after set 4 at 7:05 under the cuff: the occlusion clock is amber."""
    await long_block_to_set_four(pilot)
    await pass_time(pilot, 35)
    await steady(pilot)


async def live_red(pilot: Pilot[None]) -> None:
    """Set 6 at 10:05 under the cuff: the clock is red and a toast says release it."""
    await long_block_to_set_four(pilot)
    await rest(pilot, 60)
    await do_set(pilot, 15, seconds=45, typed=True)
    await rest(pilot, 60)
    await count_reps(pilot, 12, seconds=50, typed=True)
    await steady(pilot, keep_toasts=True)


async def occlusion_limit(pilot: Pilot[None]) -> None:
    """Set 5 ends at 9:35 under the cuff; when its rest runs out the panel asks first."""
    await long_block_to_set_four(pilot)
    await rest(pilot, 60)
    await do_set(pilot, 15, seconds=125, typed=True)
    await pass_time(pilot, 60)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, OcclusionLimitModal),
                   "the question at the limit")
    await steady(pilot, keep_toasts=True)


async def symptom_flag(pilot: Pilot[None]) -> None:
    """f pressed mid set 2: what do you feel?"""
    await into_set_two(pilot)
    await pilot.press("f")
    await steady(pilot)


async def release_cuff(pilot: Pilot[None]) -> None:
    """Numbness flagged in set 2: release the cuff now."""
    await into_set_two(pilot)
    await pilot.press("f")
    await settle(pilot)
    await pilot.press("1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReleaseCuffScreen),
                   "the release screen")
    await steady(pilot)


async def block_summary(pilot: Pilot[None]) -> None:
    """A classic block done, each set rated in the rest after it, the last set two reps
    short."""
    await curl_block(pilot)
    await do_set(pilot, 30, seconds=70, typed=True)
    # Effort then discomfort, typed as two digits.
    for rating, (reps, seconds) in zip(("62", "73", "84"), ((15, 35), (15, 38), (13, 40)),
                                       strict=True):
        await pilot.press(*rating, "enter")
        await rest(pilot, 30)
        await do_set(pilot, reps, seconds=seconds, typed=True, last_rating="95")
    await summary_shown(pilot)
    await steady(pilot)


async def summary_shown(pilot: Pilot[None]) -> None:
    """Wait for the block summary and the block it reads."""
    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, BlockSummaryScreen) and screen.record is not None

    await wait_for(pilot, ready, "the block summary")


async def history_loaded(pilot: Pilot[None], exercise: str | None = None) -> None:
    """Wait for the history's rows, chart and calendar (all rows of ``exercise``, if given)."""
    def ready() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, HistoryScreen) or not screen.rows:
            return False
        if exercise is not None and {r.exercise_name for r in screen.rows} != {exercise}:
            return False
        chart = screen.query_one(ProgressChart)
        calendar = screen.query_one(CalendarStrip)
        return bool(chart.points) and calendar.until is not None and (
            exercise is None or chart.exercise_name == exercise
        )

    await wait_for(pilot, ready, f"the history of {exercise or 'every exercise'}")


async def history(pilot: Pilot[None]) -> None:
    """Every demo block, newest first."""
    await home(pilot)
    await pilot.press("h")
    await history_loaded(pilot)
    await steady(pilot)


async def history_one_exercise(pilot: Pilot[None]) -> None:
    """The history filtered to the curl, picked from the exercise filter by typing."""
    await home(pilot)
    await pilot.press("h")
    await history_loaded(pilot)
    await pilot.press("slash", "enter", *CURL[:10], "enter")
    await history_loaded(pilot, CURL)
    await steady(pilot)


async def export(pilot: Pilot[None]) -> None:
    """x on the list: export the whole log."""
    await home(pilot)
    await pilot.press("x")
    await wait_for(
        pilot,
        lambda: str(pilot.app.screen.query_one("#export-scope").render()).startswith("Exports"),
        "the export's block count",
    )
    await steady(pilot)


async def help_screen(pilot: Pilot[None]) -> None:
    """? on the list."""
    await home(pilot)
    await pilot.press("question_mark")
    await steady(pilot)


async def palette(pilot: Pilot[None]) -> None:
    """ctrl+p with "start" typed: a block can start from anywhere."""
    await home(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"start")
    await wait_for(pilot, lambda: pilot.app.screen.query_one(CommandList).option_count > 0,
                   "the palette's matches")
    await steady(pilot)


async def resume_offer(pilot: Pilot[None]) -> None:
    from bfr_tui.screens.resume import ResumeBlockScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResumeBlockScreen),
                   "the offer to resume")
    await steady(pilot)


async def lifter_picker(pilot: Pilot[None]) -> None:
    """A log of several lifters opens on the picker."""
    from bfr_tui.screens.lifter_picker import LifterPickerScreen

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, LifterPickerScreen) and bool(screen.lifters)

    await wait_for(pilot, ready, "the lifter picker")
    await steady(pilot)


async def coach_overview(pilot: Pilot[None]) -> None:
    """ctrl+o on the picker: every lifter at a glance."""
    from bfr_tui.screens.coach_overview import CoachOverviewScreen

    await lifter_picker(pilot)
    await pilot.press("ctrl+o")

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CoachOverviewScreen) and bool(screen.shown_lines)

    await wait_for(pilot, ready, "the coach overview")
    await steady(pilot)


async def cuff_check_pneumatic(pilot: Pilot[None]) -> None:
    """The leg extension's cuff check on the thigh cuff: 60 % of each leg's LOP, and the
    gauge read 2 mmHg over the lower target."""
    await home(pilot)
    await highlight_exercise(pilot, LEG_EXTENSION)
    await pilot.press("enter")
    screen = await cuff_check_ready(pilot)
    await check_cuff(pilot)
    targets = [check.prescription.target_mmhg
               for check in screen.read_check().pressure_checks
               if check.prescription is not None]
    assert targets, "the demo's thigh cuff has an LOP for each leg"
    await fill(pilot, "#set-pressure", str(min(targets) + 2))
    await steady(pilot)


async def effort_step(pilot: Pilot[None]) -> None:
    """Set 1 logged; effort 7 and discomfort 3 typed in the rest, not yet saved."""
    await curl_block(pilot)
    await do_set(pilot, 30, seconds=70, typed=True)
    await pass_time(pilot, 6)
    await pilot.press("7", "space", "3")
    await steady(pilot)


async def live_tempo_beat(pilot: Pilot[None]) -> None:
    """Set 1 of the leg extension, 9 s in at 2 s up and 2 s down, the beat bell on."""
    await cuff_check_pneumatic(pilot)
    await start_block(pilot)
    await pilot.press("b")
    await pass_time(pilot, 9)
    await steady(pilot)


async def cuffs(pilot: Pilot[None]) -> None:
    """c on the list: the demo's cuffs and each leg's LOPs."""
    from bfr_tui.screens.cuffs import CuffsScreen

    await home(pilot)
    await pilot.press("c")

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CuffsScreen) and bool(screen.cuffs)

    await wait_for(pilot, ready, "the cuffs and LOPs")
    await steady(pilot)


async def progress(pilot: Pilot[None]) -> None:
    """p on the list: the curl's 1RMs, the band they give and its blocks' loads."""
    from bfr_tui.screens.progress import ProgressScreen

    await home(pilot)
    await pilot.press("p")

    def ready() -> bool:
        screen = pilot.app.screen
        return (isinstance(screen, ProgressScreen) and screen.history is not None
                and bool(screen.weeks))

    await wait_for(pilot, ready, "the curl's progress")
    await steady(pilot)


async def progress_weeks(pilot: Pilot[None]) -> None:
    """w on the progress screen: the last twelve weeks charted and listed, with the plan."""
    from bfr_tui.screens.progress import WEEKS_TAB

    await progress(pilot)
    await pilot.press("w")
    tabs = pilot.app.screen.query_one("#progress-tabs", TabbedContent)
    await wait_for(pilot, lambda: tabs.active == WEEKS_TAB, "the weekly tab")
    await steady(pilot)


async def templates(pilot: Pilot[None]) -> None:
    """t on the list: the two templates, the first one's blocks and the week."""
    from bfr_tui.screens.templates import TemplatesScreen

    await home(pilot)
    await pilot.press("t")

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, TemplatesScreen) and bool(screen.templates)

    await wait_for(pilot, ready, "the templates and the plan")
    await steady(pilot)


async def template_form(pilot: Pilot[None]) -> None:
    """e on the arm finisher: its blocks in order, ready for another."""
    from bfr_tui.screens.template_form import TemplateFormScreen

    await templates(pilot)
    await pilot.press("e")

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, TemplateFormScreen) and bool(screen.exercises)

    await wait_for(pilot, ready, "the template form")
    await steady(pilot)


async def due_today(pilot: Pilot[None]) -> None:
    """Monday on the list with a weekly plan: the arm finisher is due; the leg finisher
    waits for yesterday's calf raises to be 36 h old."""
    from bfr_tui.screens.exercises import ExerciseSelectScreen

    await home(pilot)

    def ready() -> bool:
        screen = pilot.app.screen
        due = screen.due_today if isinstance(screen, ExerciseSelectScreen) else None
        return due is not None and due.planned

    await wait_for(pilot, ready, "what is due today")
    await steady(pilot)

async def start_arm_finisher(pilot: Pilot[None]) -> None:
    """From the list, start the arm finisher as the palette does."""
    from bfr_tui.screens.cuff_check import CuffCheckScreen
    from bfr_tui.screens.messages import StartTemplate

    await home(pilot)
    app = pilot.app
    assert isinstance(app, BfrApp)
    found = [record for record in app.training_log.templates()
             if record.template.name == ARM_FINISHER]
    app.post_message(StartTemplate(found[0].id))
    await wait_for(pilot, lambda: isinstance(app.screen, CuffCheckScreen),
                   "the first block's cuff check")


async def template_block_done(pilot: Pilot[None], *, load: str | None = None,
                              last_set: int = 15) -> None:
    """From a template block's cuff check: a classic block, then past its summary."""
    from bfr_tui.screens.between_blocks import BetweenBlocksScreen

    await cuff_check_ready(pilot)
    await check_cuff(pilot, load=load)
    await start_block(pilot)
    sets = ((30, 70), (15, 36), (15, 38), (last_set, 40))
    for number, (reps, seconds) in enumerate(sets, start=1):
        await do_set(pilot, reps, seconds=seconds, typed=True)
        if number < len(sets):
            await rest(pilot, 30)
    await summary_shown(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, BlockSummaryScreen),
                   "the screen after the block summary")
    if isinstance(pilot.app.screen, BetweenBlocksScreen):
        await settle(pilot)


async def between_blocks(pilot: Pilot[None]) -> None:
    """The arm finisher's first block done, the cuff off for a minute and a half."""
    await start_arm_finisher(pilot)
    await template_block_done(pilot)
    await pass_time(pilot, 95)
    await steady(pilot)


async def session_summary(pilot: Pilot[None]) -> None:
    """The arm finisher run through: three blocks, the last two reps short."""
    from bfr_tui.screens.session_summary import SessionSummaryScreen

    await start_arm_finisher(pilot)
    await template_block_done(pilot)
    await pass_time(pilot, 95)
    await pilot.press("enter")
    await template_block_done(pilot)
    await pass_time(pilot, 120)
    await pilot.press("enter")
    await template_block_done(pilot, load="10", last_set=13)

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, SessionSummaryScreen) and bool(screen.records)

    await wait_for(pilot, ready, "the session summary")
    await steady(pilot)


SCENES: tuple[Scene, ...] = (
    Scene("first-run", "First run: health screening",
          "A brand-new log asks the screening questions before anything else.",
          fresh_log, first_run),
    Scene("screening-yes", "Screening with a yes",
          "A yes asks for a medical professional's clearance before BFR can start.",
          fresh_log, screening_with_a_yes),
    Scene("home", "Exercises",
          "Every exercise with its 1RM, BFR band, last block and next load.",
          demo_log, home),
    Scene("one-rep-max", "Record a 1RM",
          "A 1RM estimated from a rep-max set, with the BFR band it gives.",
          demo_log, one_rep_max),
    Scene("add-exercise", "Add an exercise",
          "The exercise form, part filled in.",
          demo_log, add_exercise),
    Scene("cuff-check", "Cuff check",
          "Placement, tightness, pulse and skin checked; the suggested load inside the band.",
          demo_log, cuff_check),
    Scene("cuff-check-heavy", "Cuff check: load above the band",
          "A load far above 30 % of 1RM is warned about before the cuff goes on.",
          demo_log, cuff_check_heavy),
    Scene("live-set", "Live block: mid set",
          "Set 2 under way after set 1 was logged.",
          demo_log, live_set),
    Scene("live-rest", "Live block: rest",
          "The rest countdown between sets, cuff still on.",
          demo_log, live_rest),
    Scene("live-amber", "Live block: 7 minutes under the cuff",
          "The occlusion clock turns amber past 7 minutes.",
          demo_log, live_amber),
    Scene("live-red", "Live block: 10 minutes under the cuff",
          "The occlusion clock turns red past 10 minutes: release the cuff.",
          demo_log, live_red),
    Scene("symptom-flag", "Flag a symptom",
          "One key during a set or rest; red flags are marked.",
          demo_log, symptom_flag),
    Scene("release-cuff", "Release the cuff",
          "A red flag ends the block at once.",
          demo_log, release_cuff),
    Scene("block-summary", "Block summary",
          "Reps and rest against targets, cuff time, flags and the next load.",
          demo_log, block_summary),
    Scene("history", "History",
          "Every block newest first, with the progress chart and training days.",
          demo_log, history),
    Scene("history-one-exercise", "History of one exercise",
          "The history filtered to the dumbbell curl.",
          demo_log, history_one_exercise),
    Scene("export", "Export to CSV",
          "Where and in which layout to write the CSV.",
          demo_log, export),
    Scene("help", "Help",
          "The keys and the BFR rules in short.",
          demo_log, help_screen),
    Scene("palette", "Command palette",
          "Start a block on any exercise from ctrl+p.",
          demo_log, palette),
    Scene("resume-block", "A block left open",
          "After a crash the next start offers to resume the block or close it.",
          log_with_an_open_block, resume_offer),
    Scene("occlusion-limit", "Live block: the next set past 10 minutes",
          "No set starts past 10 minutes of cuff time without asking: enter releases the cuff.",
          demo_log, occlusion_limit),
    Scene("screening-ahead", "Screening dated after today",
          "A screening dated ahead of the clock is asked again, saying why.",
          log_screened_ahead, first_run),
    Scene("lifter-picker", "Who is training?",
          "A log of several lifters opens on the picker: type to filter, or add a lifter.",
          clinic_log, lifter_picker),
    Scene("coach-overview", "Coach overview",
          "Every lifter: last block, recent blocks and cuff minutes, red flags, screening "
          "and resting limbs.",
          clinic_log, coach_overview),
    Scene("cuff-check-pneumatic", "Cuff check: a pneumatic cuff and its LOP",
          "The target pressure for each leg from 60 % of its limb occlusion pressure.",
          demo_log, cuff_check_pneumatic),
    Scene("effort-step", "Effort and discomfort after a set",
          "Two numbers typed in the rest, or enter to skip: the rest runs on.",
          demo_log, effort_step),
    Scene("live-tempo-beat", "Live block: the tempo beat",
          "The count follows 2 s up, 2 s down by itself; space, backspace or digits correct it.",
          demo_log, live_tempo_beat),
    Scene("cuffs", "Cuffs and LOP",
          "The lifter's cuffs, and each limb's occlusion pressure with its age.",
          demo_log, cuffs),
    Scene("progress", "Progress",
          "An exercise's 1RM and BFR band over time with its blocks' loads; each week's "
          "blocks and cuff time per limb a key away.",
          demo_log, progress),
    Scene("templates", "Plans: session templates and the week",
          "Two templates with their blocks, one on Monday and Thursday, one twice a week.",
          demo_log_with_templates, templates),
    Scene("template-form", "Edit a session template",
          "The arm finisher's blocks in order: curl left, curl right, pushdown on both arms.",
          demo_log_with_templates, template_form),
    Scene("between-blocks", "Session template: between blocks",
          "The cuff off between a template's blocks, counting, with the next block and its "
          "limb.",
          demo_log_with_a_template, between_blocks),
    Scene("session-summary", "Session summary",
          "A template run through: each block against its targets, the session's cuff "
          "time, flags and the advice per exercise.",
          demo_log_with_a_template, session_summary),
    Scene("due-today", "Due today",
          "The weekly plan on the exercise list: what is due today, and what the 36 h rest "
          "holds back until when.",
          demo_log_with_templates, due_today),
    Scene("progress-weeks", "Progress: the last 12 weeks",
          "Each week's cuff minutes, arm over leg, with the sessions of the weekly plan "
          "done over each bar, and the table of blocks and minutes per limb below.",
          demo_log_with_templates, progress_weeks),
)


def scene_named(name: str) -> Scene:
    """The scene called ``name``; KeyError listing the names when there is none."""
    for scene in SCENES:
        if scene.name == name:
            return scene
    raise KeyError(f"no scene {name!r}; pick one of: {', '.join(s.name for s in SCENES)}")
