"""A believable training history for demos, screenshots, tests and benchmarks.

Everything is drawn from ``random.Random(seed)`` and dated back from the ``end``
handed in, never from the current time, so the same seed and end always give the
same log, byte for byte. The lifter it describes does BFR accessory work two or
three times a week: curls and pushdowns with both arms cuffed, calf raises and leg
extensions one leg at a time, leg curls with both legs; the classic 30-15-15-15
mostly, at 2 s up and 2 s down (R15); loads that start at the bottom of the 20-30 %
band and go up a step when the last set beats its target (R3, R10); now and then a
missed target, a dizzy spell, and once or twice a red flag, most often tingling, that
ends the block at once (R7). The arms are wrapped with elastic wraps put on to their
stretch mark (R16); the legs get a pneumatic thigh cuff at 60 % of the limb occlusion
pressure measured seated with Doppler about once a month on each leg (R14). Most sets
are rated, effort and cuff discomfort rising from the first set to the last (R13).

Rows go in with bulk inserts and explicit ids, in one transaction, so a
100,000-set log for a benchmark takes seconds.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bfr_tui.domain.cuff import looser_tightness
from bfr_tui.domain.cuff_profile import CuffKind, CuffProfile, cuff_profile, same_cuff
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMethod, measured_sides
from bfr_tui.domain.next_cuff_setting import LOWER_AFTER_TINGLING_MMHG
from bfr_tui.domain.pressure_prescription import DEFAULT_LOP_PERCENT, target_mmhg
from bfr_tui.domain.progression import PreviousBlock, next_load
from bfr_tui.domain.protocol import CLASSIC, Protocol, custom_protocol
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.session_template import (
    SessionTemplate,
    TemplateBlock,
    session_template,
    template_block,
)
from bfr_tui.domain.set_rating import DISCOMFORT_STOP_ABOVE
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import tempo_text
from bfr_tui.domain.units import Unit, round_to_step
from bfr_tui.domain.weekly_plan import plan_entry, weekly_plan
from bfr_tui.store import queries
from bfr_tui.store.engine import StoreError
from bfr_tui.store.models import (
    Block,
    LopEntry,
    OneRepMax,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.store.names import name_key
from bfr_tui.store.progress import Progress, Ticker
from bfr_tui.store.records import cuff_profile as stored_profile
from bfr_tui.store.row_ids import RowIds
from bfr_tui.store.seed import seed_exercises
from bfr_tui.training_log import DemoSummary as DemoSummary

if TYPE_CHECKING:
    from collections.abc import Callable

    from bfr_tui.domain.weekly_plan import WeeklyPlan
    from bfr_tui.training_log import ExerciseDetails

DEMO_UNIT = Unit.KG
# Rows handed to one executemany call; keeps memory flat for very long histories.
INSERT_CHUNK = 5000
# Blocks between two progress reports (about 2,000 sets).
DEMO_PROGRESS_EVERY = 500
# A red flag cuts a 4-set block after its first set at the earliest.
_SETS_LOST_PER_RED_FLAG = 3


class DemoError(StoreError):
    """The demo would mix made-up history into a real training log."""


@dataclass(frozen=True, slots=True)
class _DemoExercise:
    """A library exercise the demo lifter does, with the 1RM they start from (kg)."""

    name: str
    start_one_rm: float
    sides: tuple[Side, ...]
    leg: bool


# Single-leg calf raises and leg extensions run one cuffed leg at a time: a left
# block, then a right one.
_EXERCISES: tuple[_DemoExercise, ...] = (
    _DemoExercise("Dumbbell curl", 18.0, (Side.BOTH,), leg=False),
    _DemoExercise("Triceps pushdown", 50.0, (Side.BOTH,), leg=False),
    _DemoExercise("Standing calf raise", 80.0, (Side.LEFT, Side.RIGHT), leg=True),
    _DemoExercise("Lying leg curl", 55.0, (Side.BOTH,), leg=True),
    _DemoExercise("Leg extension", 45.0, (Side.LEFT, Side.RIGHT), leg=True),
)
DEMO_EXERCISES: tuple[str, ...] = tuple(demo.name for demo in _EXERCISES)
"""Names of the library exercises the demo history uses."""
_CURL, _PUSHDOWN, _CALF, _LEG_CURL, _LEG_EXTENSION = range(len(_EXERCISES))

# Session plans, as indexes into _EXERCISES; each gives one to three blocks.
_ARM_DAYS = ((_CURL,), (_PUSHDOWN,), (_CURL, _PUSHDOWN))
_LEG_DAYS = (
    (_CALF,),
    (_LEG_CURL,),
    (_LEG_EXTENSION,),
    (_CALF, _LEG_CURL),
    (_LEG_EXTENSION, _LEG_CURL),
)
_MIXED_DAYS = ((_CURL, _LEG_CURL), (_PUSHDOWN, _CALF))

# The demo's weekly plan: two of its own training days made templates, so the days the
# history has them count as planned sessions done. Arms twice a week, legs on a weekday.
_ARM_TEMPLATE = ("Arm finisher", (_CURL, _PUSHDOWN))
_LEG_TEMPLATE = ("Calves and hamstrings", (_CALF, _LEG_CURL))
_ARMS_PER_WEEK = 2
_LEG_WEEKDAY = 2  # Wednesday

_SHORT = custom_protocol(target_reps=(30, 15, 15), rest_s=45, name="Short")

# Training days within a week, at least a day of rest between them (R10: about 36 h).
_THREE_DAYS = tuple(
    days for days in combinations(range(7), 3) if min(b - a for a, b in pairwise(days)) >= 2
)
_TWO_DAYS = tuple(days for days in combinations(range(7), 2) if days[1] - days[0] >= 2)
_SESSION_HOURS = (7, 12, 17, 18, 18, 19)
_TIGHTNESS = (5, 6, 6, 6, 7, 7, 7, 7, 7, 7, 8, 8, 8)
# Tingling is the red flag cuffed lifters meet most: the first one always is, and the
# next cuff on that limb goes on looser (R13). Numbness and pale skin are rarer.
_FIRST_RED_FLAG = SymptomKind.TINGLING
_RED_FLAG_KINDS = (
    SymptomKind.TINGLING, SymptomKind.TINGLING, SymptomKind.NUMBNESS, SymptomKind.PALE_SKIN,
)

# The demo lifter's cuffs: narrow elastic wraps on the arms, each put on to the same
# stretch mark (R16), and an 11.5 cm pneumatic thigh cuff with a gauge on the legs.
ARM_WRAPS = cuff_profile(
    name="Arm wraps", kind=CuffKind.ELASTIC_WRAP, width_cm=5.0,
    wrap_mark="stretched to the 2nd line",
)
THIGH_CUFF = cuff_profile(name="Thigh cuff", kind=CuffKind.PNEUMATIC, width_cm=11.5)
# Each leg's LOP with the thigh cuff, seated, by Doppler: somewhere in this range, the
# other leg within a few mmHg; measured again every three to four weeks (R14).
_LOP_RANGE_MMHG = (190, 230)
_LOP_SIDE_SPREAD_MMHG = 8
_LOP_DRIFT_MMHG = 6
_LOP_REMEASURE_DAYS = (21, 30)
# How close to the target a gauge is pumped: a few mmHg either way, now and then well off.
_PRESSURE_SPREAD_MMHG = (-4, 6)
_PRESSURE_OFF_CHANCE = 0.03
_PRESSURE_OFF_FRACTIONS = (-0.15, 0.13)
# Ratings (R13): about one set in twenty goes unrated; effort starts near 6 and
# discomfort near 2, and both rise set by set.
_SKIP_RATING_CHANCE = 0.05
_FIRST_RPE = (5, 7)
_FIRST_DISCOMFORT = (1, 3)
_SHORT_SET_RPE = 9
_OTHER_NOTES = (
    "Cuff rolled down a little; moved it back up.",
    "Very warm in the gym today.",
    "Forearm cramp on the last reps.",
    "Wrap felt uneven; re-wrapped before the next set.",
)
_BLOCK_NOTES = (
    "Big pump.",
    "Slow three-second lowering on every rep.",
    "Felt easy today.",
    "Hard last set.",
    "New wraps.",
)
_SESSION_NOTES = (
    "After squats.",
    "After deadlifts.",
    "Deload week: accessories only.",
    "Short on time.",
    "Home gym.",
)


@dataclass(slots=True)
class _PlannedBlock:
    exercise: int
    side: Side
    protocol: Protocol


@dataclass(slots=True)
class _PlannedSession:
    start: datetime
    blocks: list[_PlannedBlock]


@dataclass(slots=True)
class _LimbState:
    """How the last block of one exercise on one side went."""

    load: float
    reps: tuple[int, ...]
    targets: tuple[int, ...]
    red_flag: bool
    tightness: int
    pressure_mmhg: float | None


@dataclass(frozen=True, slots=True)
class _Lop:
    side: Side
    measured_on: date
    mmhg: int


@dataclass(slots=True)
class _Cuffs:
    """The demo lifter's cuffs' ids, and every LOP measured with the thigh cuff."""

    arm_wraps: int
    thigh_cuff: int
    lops: list[_Lop]
    """Oldest first."""
    _by_side: dict[Side, tuple[list[date], list[int]]] = field(init=False)

    def __post_init__(self) -> None:
        self._by_side = {
            side: ([lop.measured_on for lop in measured], [lop.mmhg for lop in measured])
            for side in (Side.LEFT, Side.RIGHT)
            for measured in [[lop for lop in self.lops if lop.side is side]]
        }

    def target_for(self, side: Side, day: date) -> int | None:
        """The 60 % of LOP target for a block on ``side`` on ``day``, from the latest LOP
        of each side trained: the lower of the two for a block on both legs, as the cuff
        check keeps it."""
        targets = []
        for trained in measured_sides(side):
            days, pressures = self._by_side[trained]
            # A long demo has thousands of LOPs: found by date, not by a scan.
            measured = bisect_right(days, day)
            if measured:
                targets.append(target_mmhg(DEFAULT_LOP_PERCENT, pressures[measured - 1]))
        return min(targets) if targets else None


@dataclass(slots=True)
class _ExerciseState:
    exercise_id: int
    step: float
    true_one_rm: float
    ceiling: float
    stored_one_rm: float
    retests: list[date]
    limbs: dict[Side, _LimbState] = field(default_factory=dict)


# A coach's made-up lifters (``bfr-tui demo --lifters N``); past these, numbered ones.
DEMO_LIFTERS = (
    "Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Emma Novak", "Farid Haddad",
    "Grace Kim", "Hugo Silva", "Ines Costa", "Jonas Berg", "Kira Ivanova", "Liam Walsh",
    "Maya Cohen", "Noah Schmidt", "Olga Petrova", "Pablo Ortiz", "Quinn Taylor",
    "Rosa Lopez", "Sam Carter", "Tomas Novak",
)


def demo_lifter_names(count: int) -> list[str]:
    """The names of ``count`` demo lifters, the same every time."""
    return [
        DEMO_LIFTERS[number] if number < len(DEMO_LIFTERS) else f"Lifter {number + 1}"
        for number in range(count)
    ]


class _Rows:
    """One lifter's rows waiting for a bulk insert, with the ids they will get."""

    def __init__(self, session: Session, lifter_id: int) -> None:
        self.session = session
        self.lifter_id = lifter_id
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.ids: dict[str, RowIds] = {}
        self.counts: dict[str, int] = {}

    def start_ids(self, table: Table) -> None:
        self.ids[table.name] = RowIds(self.session.connection(), table, largest=INSERT_CHUNK)
        self.pending[table.name] = []
        self.counts[table.name] = 0

    def add(self, table: Table, row: dict[str, Any]) -> int:
        row_id = self.ids[table.name].take()
        row["id"] = row_id
        row["lifter_id"] = self.lifter_id
        self.pending[table.name].append(row)
        self.counts[table.name] += 1
        return row_id

    def flush(self, tables: tuple[Table, ...], *, force: bool = False) -> None:
        """Insert what is pending once any table has a chunk's worth (or when forced)."""
        if not force and all(len(rows) < INSERT_CHUNK for rows in self.pending.values()):
            return
        # Every table, parents first, so the foreign keys hold at every statement.
        for table in tables:
            rows = self.pending[table.name]
            if rows:
                self.session.execute(insert(table), rows)
                self.pending[table.name] = []


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _week_starts(rng: random.Random, last_day: date) -> list[datetime]:
    """Two or three session start times in the seven days ending ``last_day``."""
    first_day = last_day - timedelta(days=6)
    offsets = rng.choice(_THREE_DAYS if rng.random() < 0.55 else _TWO_DAYS)
    starts = []
    for offset in offsets:
        moment = time(rng.choice(_SESSION_HOURS), rng.randint(0, 59))
        # Wall-clock hours in the machine's zone, as a lifter would have trained.
        starts.append(datetime.combine(first_day + timedelta(days=offset), moment).astimezone())
    return starts


def _plan(
    rng: random.Random, *, weeks: int, end: datetime, sets_target: int | None
) -> list[_PlannedSession]:
    """Sessions going back week by week from ``end``, oldest first in the result."""
    wanted_sets = (sets_target or 0) + 2 * _SETS_LOST_PER_RED_FLAG
    planned: list[_PlannedSession] = []
    planned_sets = 0
    week = 0
    # The last day of week 0 is the day before ``end``, so no session runs past it.
    while week < weeks or (sets_target and planned_sets < wanted_sets):
        last_day = end.date() - timedelta(days=1 + 7 * week)
        for start in reversed(_week_starts(rng, last_day)):
            roll = rng.random()
            day: tuple[int, ...]
            if roll < 0.15:
                day = rng.choice(_MIXED_DAYS)
            elif len(planned) % 2:
                day = rng.choice(_ARM_DAYS)
            else:
                day = rng.choice(_LEG_DAYS)
            blocks = []
            for index in day:
                protocol = CLASSIC if rng.random() < 0.9 else _SHORT
                for side in _EXERCISES[index].sides:
                    blocks.append(_PlannedBlock(index, side, protocol))
                    planned_sets += protocol.sets
            planned.append(_PlannedSession(start, blocks))
        week += 1
    planned.reverse()
    return planned


def _retest_days(rng: random.Random, first: date, last: date) -> list[date]:
    span = (last - first).days
    fractions = [0.5] if rng.random() < 0.5 else [0.35, 0.7]
    return [first + timedelta(days=int(span * (f + rng.uniform(-0.05, 0.05)))) for f in fractions]


def _reps_for(rng: random.Random, targets: tuple[int, ...], ease: float) -> list[int]:
    """Reps a lifter gets at this ease: above 0.5 the last set beats its target."""
    reps = []
    last = len(targets) - 1
    for position, target in enumerate(targets):
        if position == 0:
            done = target if ease > -0.5 else target - rng.randint(2, 8)
        elif position < last:
            done = target if ease > -0.2 else target - rng.randint(1, 4)
        elif ease > 0.5:
            done = target + rng.randint(1, 5)
        elif ease > -0.2:
            done = target
        else:
            done = target - rng.randint(1, 5)
        reps.append(max(1, done))
    if len(reps) > 1 and rng.random() < 0.04:
        # An off day: one later set falls short for no clear reason.
        position = rng.randint(1, last)
        reps[position] = max(1, reps[position] - rng.randint(1, 3))
    return reps


def _lop_days(rng: random.Random, first: date, end: date) -> list[date]:
    """The first LOP before the first leg block, then again every three to four weeks, so
    the last one is inside the re-measure interval at ``end`` (R14)."""
    days = [first]
    while True:
        following = days[-1] + timedelta(days=rng.randint(*_LOP_REMEASURE_DAYS))
        if following >= end:
            return days
        days.append(following)


def _lops(rng: random.Random, first: date, end: date) -> list[_Lop]:
    """Both legs' LOPs with the thigh cuff, oldest first, each leg measured on its own."""
    left = rng.randint(*_LOP_RANGE_MMHG)
    right = left + rng.randint(-_LOP_SIDE_SPREAD_MMHG, _LOP_SIDE_SPREAD_MMHG)
    return [
        _Lop(side, day, base + rng.randint(-_LOP_DRIFT_MMHG, _LOP_DRIFT_MMHG))
        for day in _lop_days(rng, first, end)
        for side, base in ((Side.LEFT, left), (Side.RIGHT, right))
    ]


def _demo_cuff(session: Session, lifter_id: int, wanted: CuffProfile) -> int:
    """The lifter's cuff called as ``wanted`` is, or the first free name after it (Thigh
    cuff 2, 3...) when that one is another cuff; reused when it is this cuff, as a
    forced demo finds it."""
    cuffs = {
        name_key(cuff.name): cuff
        for cuff in queries.list_cuffs(session=session, lifter_id=lifter_id,
                                       include_archived=True)
    }
    number = 1
    while True:
        named = replace(wanted, name=wanted.name if number == 1 else f"{wanted.name} {number}")
        found = cuffs.get(name_key(named.name))
        if found is None:
            added = queries.add_cuff(session=session, lifter_id=lifter_id, cuff=named)
            assert added.id is not None
            return added.id
        if found.id is not None and same_cuff(stored_profile(found), named):
            return found.id
        number += 1


def _add_cuffs(
    session: Session, lifter_id: int, rng: random.Random, first: date, end: date
) -> _Cuffs:
    """The cuffs and the thigh cuff's LOPs, added before the history that uses them."""
    cuffs = _Cuffs(
        arm_wraps=_demo_cuff(session, lifter_id, ARM_WRAPS),
        thigh_cuff=_demo_cuff(session, lifter_id, THIGH_CUFF),
        lops=_lops(rng, first, end),
    )
    # In one statement, through the ORM so a server's id sequence moves past them.
    session.add_all(
        LopEntry(
            lifter_id=lifter_id, limb=Limb.LEG.value, side=lop.side.value,
            cuff_id=cuffs.thigh_cuff, position=BodyPosition.SEATED.value,
            method=LopMethod.DOPPLER.value, measured_on=lop.measured_on, mmhg=lop.mmhg,
        )
        for lop in cuffs.lops
    )
    session.flush()
    return cuffs


def _set_pressure(
    rng: random.Random, target: int | None, last: _LimbState | None
) -> float | None:
    """The pressure pumped up to: near the target, now and then well off it, and 10 mmHg
    under the last one after a red flag such as tingling (R13)."""
    if last is not None and last.red_flag and last.pressure_mmhg is not None:
        return last.pressure_mmhg - LOWER_AFTER_TINGLING_MMHG
    if target is None:
        return None
    if rng.random() < _PRESSURE_OFF_CHANCE:
        return float(round(target * (1 + rng.choice(_PRESSURE_OFF_FRACTIONS))))
    return float(target + rng.randint(*_PRESSURE_SPREAD_MMHG))


def _ratings(
    rng: random.Random, reps: list[int], targets: tuple[int, ...], *, tight: bool
) -> list[tuple[int | None, int | None]]:
    """(effort, discomfort) of each set, rising from the first set to the last; a set
    short of its target was hard; a tight cuff hurts a little more. Discomfort stays at
    or under the stop line: above it the block would have ended (R13)."""
    rpe = rng.randint(*_FIRST_RPE)
    discomfort = rng.randint(*_FIRST_DISCOMFORT) + (1 if tight else 0)
    rated: list[tuple[int | None, int | None]] = []
    for done, target in zip(reps, targets, strict=True):
        # A set short of its target was taken to failure, or close to it.
        effort = min(10, max(rpe, _SHORT_SET_RPE) if done < target else rpe)
        if rng.random() < _SKIP_RATING_CHANCE:
            rated.append((None, None))
        else:
            rated.append((effort, min(DISCOMFORT_STOP_ABOVE, discomfort)))
        rpe += rng.choice((0, 1, 1))
        discomfort += rng.choice((0, 1, 1, 2))
    return rated


def fill_demo(
    *,
    engine: Engine,
    lifter_id: int,
    weeks: int = 12,
    seed: int = 7,
    end: datetime,
    sets_target: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill a lifter's log with ``weeks`` of made-up BFR history ending the day before ``end``.

    With ``sets_target`` the history goes further back until at least that many
    sets are written. A log that already has blocks is refused unless ``force``,
    which adds the demo history next to what is there (nothing is deleted).
    ``progress`` hears of the blocks written, a chunk at a time.
    """
    if weeks < 1:
        raise ValueError("the demo needs at least one week of history")
    if sets_target is not None and sets_target < 0:
        raise ValueError("the number of sets cannot be negative")
    rng = random.Random(seed)
    plan = _plan(rng, weeks=weeks, end=end, sets_target=sets_target)
    first_day, last_day = plan[0].start.date(), plan[-1].start.date()

    with Session(engine) as session, session.begin():
        if not force and session.exec(
            select(Block.id).where(Block.lifter_id == lifter_id).limit(1)
        ).first() is not None:
            raise DemoError(
                "this lifter already has blocks; the demo only fills an empty log "
                "(use --force to add demo history anyway)."
            )
        history_start = datetime.combine(first_day - timedelta(days=3), time(9, 0)).astimezone()
        seed_exercises(session=session, unit=DEMO_UNIT, now=history_start)
        lifter = queries.get_lifter(session=session, lifter_id=lifter_id)
        if not lifter.screening_answers:
            queries.save_screening(
                session=session,
                lifter_id=lifter_id,
                answers={q.key: False for q in SCREENING_QUESTIONS},
                screened_on=end.date() - timedelta(days=7),
                cleared=False,
            )
        states = _exercise_states(session, rng, first_day, last_day)
        cuffs = _add_cuffs(session, lifter_id, rng, first_day - timedelta(days=2), end.date())
        return _write_history(
            session, lifter_id, rng, plan, states, cuffs, progress=progress
        )


def demo_templates(
    find_exercise: Callable[[str], ExerciseDetails | None],
) -> tuple[SessionTemplate, SessionTemplate]:
    """The arm and the leg template of :func:`demo_plan`: two of the demo's own days, each
    exercise on the sides the history trains it on, on the classic protocol."""
    return (_demo_template(find_exercise, *_ARM_TEMPLATE),
            _demo_template(find_exercise, *_LEG_TEMPLATE))


def demo_plan(arms_id: int, legs_id: int) -> WeeklyPlan:
    """The demo's weekly plan of its two templates, by their ids in the log."""
    return weekly_plan([
        plan_entry(template_id=arms_id, times_per_week=_ARMS_PER_WEEK),
        plan_entry(template_id=legs_id, weekday=_LEG_WEEKDAY),
    ])


def _demo_template(
    find_exercise: Callable[[str], ExerciseDetails | None], name: str, day: tuple[int, ...]
) -> SessionTemplate:
    blocks: list[TemplateBlock] = []
    for index in day:
        demo = _EXERCISES[index]
        exercise = find_exercise(demo.name)
        if exercise is None:
            raise DemoError(f"the exercise {demo.name!r} is missing from the library.")
        blocks.extend(
            template_block(
                exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
                compound=exercise.compound, side=side, protocol=CLASSIC,
            )
            for side in demo.sides
        )
    return session_template(name=name, blocks=blocks)


def _exercise_states(
    session: Session, rng: random.Random, first_day: date, last_day: date
) -> list[_ExerciseState]:
    states = []
    for demo in _EXERCISES:
        exercise = queries.find_exercise_by_name(session=session, name=demo.name)
        if exercise is None or exercise.id is None:
            raise DemoError(f"the exercise {demo.name!r} is missing from the library.")
        true_one_rm = demo.start_one_rm * rng.uniform(0.97, 1.05)
        states.append(
            _ExerciseState(
                exercise_id=exercise.id,
                step=exercise.load_step,
                true_one_rm=true_one_rm,
                # Strength creeps toward this over the months, then levels off.
                ceiling=demo.start_one_rm * rng.uniform(1.2, 1.35),
                stored_one_rm=0.0,
                retests=_retest_days(rng, first_day, last_day),
            )
        )
    return states


def _write_history(
    session: Session,
    lifter_id: int,
    rng: random.Random,
    plan: list[_PlannedSession],
    states: list[_ExerciseState],
    cuffs: _Cuffs,
    *,
    progress: Progress | None = None,
) -> DemoSummary:
    tables = tuple(_table(m) for m in (TrainingSession, OneRepMax, Block, SetEntry, SymptomFlag))
    visits, maxes, blocks, sets, flags = tables
    rows = _Rows(session, lifter_id)
    for table in tables:
        rows.start_ids(table)

    test_day = plan[0].start.date() - timedelta(days=2)
    for state in states:
        state.stored_one_rm = round_to_step(state.true_one_rm, state.step)
        rows.add(maxes, _one_rm_row(state, test_day))

    total_blocks = sum(len(p.blocks) for p in plan)
    red_count = rng.choice((1, 2))
    earliest = 3 if total_blocks > 3 + red_count else 0
    red_blocks = set(rng.sample(range(earliest, total_blocks), min(red_count, total_blocks)))
    ticker = None
    if progress is not None:
        ticker = Ticker(progress, "Writing demo history", total_blocks, every=DEMO_PROGRESS_EVERY)

    block_index = 0
    red_flags = 0
    for visit in plan:
        visit_id = rows.add(visits, {})
        clock = cuff_off = visit.start
        for planned in visit.blocks:
            state = states[planned.exercise]
            for retest in list(state.retests):
                if retest <= clock.date():
                    # A retest only ever records a stronger lifter.
                    state.stored_one_rm = max(
                        state.stored_one_rm + state.step,
                        round_to_step(state.true_one_rm, state.step),
                    )
                    rows.add(maxes, _one_rm_row(state, retest))
                    state.retests.remove(retest)
            red = None
            if block_index in red_blocks:
                red = rng.choice(_RED_FLAG_KINDS) if red_flags else _FIRST_RED_FLAG
                red_flags += 1
            cuff_off = _block(
                rows, rng, tables, visit_id, clock, planned, state, cuffs, red=red
            )
            block_index += 1
            # Cuff off, change machines, cuff on again: a few minutes between blocks.
            clock = cuff_off + timedelta(seconds=rng.randint(180, 480))
        rows.pending[visits.name][-1].update(
            started_at=visit.start,
            ended_at=cuff_off,
            notes=rng.choice(_SESSION_NOTES) if rng.random() < 0.1 else "",
        )
        rows.flush(tables)
        if ticker is not None:
            ticker(block_index)
    rows.flush(tables, force=True)
    if ticker is not None:
        ticker.finish()
    return DemoSummary(
        sessions=rows.counts[visits.name],
        blocks=rows.counts[blocks.name],
        sets=rows.counts[sets.name],
        flags=rows.counts[flags.name],
        red_flags=red_flags,
        one_rep_maxes=rows.counts[maxes.name],
        first_day=plan[0].start.date(),
        last_day=plan[-1].start.date(),
    )


def _one_rm_row(state: _ExerciseState, day: date) -> dict[str, Any]:
    return {
        "exercise_id": state.exercise_id,
        "value": state.stored_one_rm,
        "unit": DEMO_UNIT.value,
        "recorded_on": day,
        "method": "tested",
        "source": "demo",
    }


def _block(
    rows: _Rows,
    rng: random.Random,
    tables: tuple[Table, ...],
    visit_id: int,
    cuff_on: datetime,
    planned: _PlannedBlock,
    state: _ExerciseState,
    cuffs: _Cuffs,
    *,
    red: SymptomKind | None,
) -> datetime:
    """Write one block with its sets and flags; returns the cuff-off time."""
    _visits, _maxes, blocks, sets, flags = tables
    demo = _EXERCISES[planned.exercise]
    last = state.limbs.get(planned.side)
    previous = None
    if last is not None:
        previous = PreviousBlock(
            load=last.load, reps=last.reps, targets=last.targets,
            red_flag=last.red_flag, tightness=last.tightness,
        )
    # R3 and R10 as the app suggests them: the first block at the bottom of the band,
    # then a step up when the last set beats its target.
    suggestion = next_load(
        previous=previous, one_rm=state.stored_one_rm, step=state.step, unit=DEMO_UNIT
    )
    if suggestion is None:
        raise AssertionError("the demo records a 1RM before any block")
    load = suggestion.load
    if last is None:
        tightness = rng.choice(_TIGHTNESS)
    else:
        tightness = looser_tightness(last.tightness) if last.red_flag else rng.choice(_TIGHTNESS)
    if rng.random() < 0.03:
        # Now and then the lifter ignores the suggestion and goes a step heavier.
        load = round(load + state.step, 4)

    targets = planned.protocol.target_reps
    ease = (0.27 - load / state.true_one_rm) / 0.05 + rng.gauss(0.0, 0.45)
    if tightness > 7:
        ease -= 0.3
    reps = _reps_for(rng, targets, ease)
    if demo.leg:
        cuff_id, width = cuffs.thigh_cuff, THIGH_CUFF.width_cm
        target = cuffs.target_for(planned.side, cuff_on.date())
        lop_percent = DEFAULT_LOP_PERCENT if target is not None else None
        pressure = _set_pressure(rng, target, last)
    else:
        cuff_id, width = cuffs.arm_wraps, ARM_WRAPS.width_cm
        target = lop_percent = pressure = None
    ratings = _ratings(rng, reps, targets, tight=tightness > 7)
    block_id = rows.add(
        blocks,
        {
            "session_id": visit_id,
            "exercise_id": state.exercise_id,
            "side": planned.side.value,
            "protocol_name": planned.protocol.name,
            "protocol_reps": planned.protocol.reps_text,
            "rest_target_s": planned.protocol.rest_s,
            "load": load,
            "unit": DEMO_UNIT.value,
            "one_rm": state.stored_one_rm,
            "tightness": tightness,
            "pulse_felt": True,
            "skin_normal": True,
            "pressure_mmhg": pressure,
            "lop_percent": lop_percent,
            "cuff_width_cm": width,
            "cuff_id": cuff_id,
            "target_mmhg": target,
            "tempo": tempo_text(planned.protocol.tempo),
            "cuff_on_at": cuff_on,
        },
    )
    # A red flag before the last set, so the block visibly ends early.
    red_set = rng.randint(1, max(1, len(targets) - 1)) if red is not None else None
    dizzy_set = rng.randint(1, len(targets)) if rng.random() < 0.03 else None
    other_in_rest = rng.random() < 0.05
    clock = cuff_on
    done: list[int] = []
    ended_at = cuff_on
    notes = rng.choice(_BLOCK_NOTES) if rng.random() < 0.08 else ""
    for number, (target, count) in enumerate(zip(targets, reps, strict=True), start=1):
        rest: float | None = None
        if number > 1:
            rest_s = planned.protocol.rest_s + rng.randint(-5, 10)
            if dizzy_set is not None and number == dizzy_set + 1:
                # Dizziness means stop and sit until it passes: a longer rest.
                rest_s += rng.randint(30, 60)
            rest = float(rest_s)
            clock = ended_at + timedelta(seconds=rest_s)
        rpe, discomfort = ratings[number - 1]
        if number == red_set:
            count = rng.randint(0, max(0, count - 2))
            # The cuff came off at once: no rating was asked for.
            rpe = discomfort = None
        seconds = max(2, round(count * rng.uniform(1.5, 2.0)))
        ended_at = clock + timedelta(seconds=seconds)
        set_id = rows.add(
            sets,
            {
                "block_id": block_id,
                "set_number": number,
                "target_reps": target,
                "reps": count,
                "load": load,
                "started_at": clock,
                "ended_at": ended_at,
                "rest_before_s": rest,
                "rpe": rpe,
                "discomfort": discomfort,
            },
        )
        done.append(count)
        if number == dizzy_set:
            _flag(rows, flags, block_id, set_id, SymptomKind.DIZZINESS, ended_at, "")
        if red is not None and number == red_set:
            _flag(rows, flags, block_id, set_id, red, ended_at, "")
            notes = "Released the cuff at once."
            break
        if other_in_rest and number == 1 and len(targets) > 1:
            raised = ended_at + timedelta(seconds=10)
            _flag(rows, flags, block_id, None, SymptomKind.OTHER, raised, rng.choice(_OTHER_NOTES))
    cuff_off = ended_at + timedelta(seconds=rng.randint(5, 20))
    row = rows.pending[blocks.name][-1] if rows.pending[blocks.name] else None
    if row is None or row["id"] != block_id:
        raise AssertionError("block row flushed before it was finished")
    row.update(
        cuff_off_at=cuff_off,
        end_reason="red_flag" if red_set is not None else "completed",
        notes=notes,
    )
    state.limbs[planned.side] = _LimbState(
        load=load,
        reps=tuple(done),
        targets=targets,
        red_flag=red_set is not None,
        tightness=tightness,
        pressure_mmhg=pressure,
    )
    # Each block of BFR work makes the lifter a little stronger, less so near the ceiling.
    state.true_one_rm += (state.ceiling - state.true_one_rm) * 0.02
    return cuff_off


def _flag(
    rows: _Rows,
    flags: Table,
    block_id: int,
    set_id: int | None,
    kind: SymptomKind,
    raised_at: datetime,
    note: str,
) -> None:
    rows.add(
        flags,
        {
            "block_id": block_id,
            "set_id": set_id,
            "kind": kind.value,
            "raised_at": raised_at,
            "note": note,
        },
    )
