"""Cuffs and LOP: the lifter adds, edits and puts away cuffs, records LOPs and sets how often
to measure them again; on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton, Select, Static
from textual.widgets._footer import FooterKey

from bfr_tui.app import BfrApp, make_app
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.cuff_profile import CuffKind
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMethod
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.cuff_form import CuffFormScreen
from bfr_tui.screens.cuffs import CuffsScreen
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.lop_form import LopFormScreen
from bfr_tui.showcase.steps import fill, open_cuff_check, settle, wait_for
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TrainingLog
from tests.cuffs import THIGH, WRAP, lop
from tests.store.test_cuffs import leg_plan, run_block
from tests.store.test_engines import a_set
from tests.ui.conftest import SIZE
from tests.ui.test_on_both_engines import screened


@pytest.fixture
def setup_log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the store interface, to look at what the screen saved."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None, required=True)
    yield log
    log.close()


def rows(screen: CuffsScreen, table_id: str) -> list[str]:
    """Each row of a table as one line of its cells."""
    table = screen.query_one(f"#{table_id}", DataTable)
    if not table.display:
        return []
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def error_under(screen: object, field: str) -> str:
    """The message under a form's field, or "" while it is hidden."""
    assert isinstance(screen, CuffFormScreen | LopFormScreen | CuffsScreen)
    error = screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


async def open_cuffs(pilot: Pilot[None]) -> CuffsScreen:
    """From the exercise list, as the lifter opens it: c."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExerciseSelectScreen)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CuffsScreen), "the cuffs")
    screen = pilot.app.screen
    assert isinstance(screen, CuffsScreen)
    await wait_for(pilot, lambda: screen.query_one("#remeasure-days", Input).value, "its load")
    return screen


async def form_open(pilot: Pilot[None], key: str, kind: type[object]) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    await settle(pilot)


async def back_on(pilot: Pilot[None], screen: CuffsScreen) -> None:
    await wait_for(pilot, lambda: pilot.app.screen is screen, "the cuffs screen again")
    await settle(pilot)


async def record_lop(pilot: Pilot[None], screen: CuffsScreen, mmhg: str) -> None:
    """l, the LOP typed, ctrl+s: the rest as the form offers it."""
    await form_open(pilot, "l", LopFormScreen)
    await fill(pilot, "#lop-mmhg", mmhg)
    await pilot.press("ctrl+s")
    await back_on(pilot, screen)


async def test_a_cuff_added_in_the_screen_is_in_the_log_and_the_list(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        assert "No cuffs yet" in str(screen.query_one("#cuffs-empty", Static).render())
        await form_open(pilot, "a", CuffFormScreen)
        form = pilot.app.screen
        await fill(pilot, "#cuff-name", "Knee wrap")
        form.query_one("#kind-elastic_wrap", RadioButton).value = True
        await settle(pilot)
        await fill(pilot, "#cuff-mark", "line 3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The width was left out: said under it, and nothing typed is lost.
        assert pilot.app.screen is form
        assert error_under(form, "cuff-width") == "Enter the cuff width: 2-30 cm."
        await fill(pilot, "#cuff-width", "7,5")
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        assert rows(screen, "cuffs-table") == ["Knee wrap | elastic wrap | 7.5 cm | line 3"]
    (saved,) = setup_log.cuffs()
    assert saved.cuff == WRAP


async def test_a_stretch_mark_is_only_asked_of_a_wrap(
    empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await open_cuffs(pilot)
        await form_open(pilot, "a", CuffFormScreen)
        form = pilot.app.screen
        mark = form.query_one("#cuff-mark")
        assert mark.parent is not None and not mark.parent.display
        form.query_one("#kind-elastic_wrap", RadioButton).value = True
        await settle(pilot)
        assert mark.parent.display


async def test_a_used_cuffs_kind_cannot_change_and_the_screen_says_why(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    run_block(setup_log, leg_plan(setup_log, cuff_id=thigh.id), (a_set(1, 30),))
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        await form_open(pilot, "e", CuffFormScreen)
        form = pilot.app.screen
        await fill(pilot, "#cuff-name", "Old thigh cuff")
        form.query_one("#kind-automatic", RadioButton).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        refusal = " ".join(error_under(form, "cuff-form").split())
        assert refusal.startswith("Not saved: Thigh cuff has blocks or LOPs measured with it")
        assert form.query_one("#cuff-name", Input).value == "Old thigh cuff"
        # A new name alone is fine.
        form.query_one("#kind-pneumatic", RadioButton).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        assert rows(screen, "cuffs-table") == ["Old thigh cuff | pneumatic | 11.5 cm | —"]
    (saved,) = setup_log.cuffs()
    assert (saved.cuff.name, saved.cuff.kind) == ("Old thigh cuff", CuffKind.PNEUMATIC)


async def test_an_archived_cuff_leaves_the_list_and_the_cuff_check(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.add_cuff(THIGH)
    setup_log.add_cuff(WRAP)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        # By name: the wrap is first.
        await pilot.press("r")
        await settle(pilot)
        assert rows(screen, "cuffs-table") == ["Thigh cuff | pneumatic | 11.5 cm | —"]
        await pilot.press("s")
        await settle(pilot)
        assert rows(screen, "cuffs-table")[0] == (
            "Knee wrap (archived) | elastic wrap | 7.5 cm | line 3"
        )
        assert [r.cuff.name for r in setup_log.cuffs()] == ["Thigh cuff"]
        # And back again: the cursor stayed on the thigh cuff.
        await pilot.press("up", "r")
        await settle(pilot)
        assert [r.cuff.name for r in setup_log.cuffs()] == ["Knee wrap", "Thigh cuff"]


async def test_an_lop_recorded_in_the_screen_is_listed_with_its_age(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    setup_log.record_lop(lop(230, days_ago=40), cuff_id=thigh.id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        assert rows(screen, "lops-table") == [
            "2026-01-21 | left leg | Thigh cuff | seated | Doppler | 230 | 40 d: re-measure"
        ]
        await form_open(pilot, "l", LopFormScreen)
        form = pilot.app.screen
        await fill(pilot, "#lop-mmhg", "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_under(form, "lop-mmhg").startswith(
            "The limb occlusion pressure must be 50-300 mmHg, not 20 mmHg."
        )
        form.query_one("#lop-side-right", RadioButton).value = True
        await fill(pilot, "#lop-mmhg", "240")
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        assert rows(screen, "lops-table")[0] == (
            "2026-03-02 | right leg | Thigh cuff | seated | device | 240 | 0 d"
        )
    latest = setup_log.lop_measurements()[-1]
    assert (latest.limb, latest.side, latest.position, latest.method, latest.mmhg) == (
        Limb.LEG, Side.RIGHT, BodyPosition.SEATED, LopMethod.DEVICE, 240
    )


async def test_an_lop_a_later_one_replaced_asks_for_no_re_measure(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    setup_log.record_lop(lop(230, days_ago=40), cuff_id=thigh.id)
    setup_log.record_lop(lop(236, days_ago=5), cuff_id=thigh.id)
    # Standing is another measurement: its old LOP still asks to be measured again.
    setup_log.record_lop(lop(250, days_ago=45, position=BodyPosition.STANDING),
                         cuff_id=thigh.id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        assert rows(screen, "lops-table") == [
            "2026-02-25 | left leg | Thigh cuff | seated | Doppler | 236 | 5 d",
            "2026-01-21 | left leg | Thigh cuff | seated | Doppler | 230 | 40 d: replaced",
            "2026-01-16 | left leg | Thigh cuff | standing | Doppler | 250 | 45 d: re-measure",
        ]


async def test_a_longer_re_measure_interval_makes_an_old_lop_current(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.record_lop(lop(230, days_ago=40), cuff_id=setup_log.add_cuff(THIGH).id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        await pilot.press("i", "9", "9", "enter")
        await settle(pilot)
        assert error_under(screen, "remeasure-days") == (
            "The re-measure interval must be 1-90 days, not 99 days. "
            "An LOP says less about your limb the older it is."
        )
        assert setup_log.lop_remeasure_days() == 30
        await pilot.press("ctrl+a", "ctrl+k", "4", "5", "enter")
        await settle(pilot)
        assert rows(screen, "lops-table")[0].endswith("| 40 d")
    assert setup_log.lop_remeasure_days() == 45


async def test_the_palette_opens_the_cuffs(
    empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*("space" if c == " " else c for c in "Cuffs and LOP"))
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CuffsScreen), "the cuffs screen")


@pytest.fixture
def screened_log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine, as the lifter leaves it after the first run."""
    log = screened(log_url)
    yield log
    log.close()


async def test_an_lop_recorded_in_the_cuffs_screen_gives_the_cuff_check_its_target(
    log_url: str, screened_log: TrainingLog, clock: FakeClock,
) -> None:
    thigh = screened_log.add_cuff(THIGH)
    legs = screened_log.find_exercise("Leg extension")
    assert legs is not None
    app = make_app(log=open_log(log_url), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cuffs(pilot)
        await record_lop(pilot, screen, "250")
        assert rows(screen, "lops-table")[0].startswith("2026-03-02 | left leg | Thigh cuff")
        await pilot.press("escape")
        await settle(pilot)
        check = await open_cuff_check(pilot, legs.id)
        assert isinstance(check, CuffCheckScreen)
        check.query_one("#side-left", RadioButton).value = True
        await settle(pilot)
        check.query_one("#cuff-pick", Select).value = thigh.id
        await settle(pilot)
        assert str(check.query_one("#targets", Static).render()) == (
            "Left leg: set 150 mmHg (60 % of your 250 mmHg LOP, seated, "
            "the device's own measure, 2026-03-02)"
        )


@pytest.mark.parametrize(
    ("size", "in_footer"), [((80, 24), False), ((100, 32), False), ((120, 40), True)]
)
async def test_c_opens_the_cuffs_and_the_footer_names_it_where_there_is_room(
    size: tuple[int, int], in_footer: bool, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = {
            binding.description for _node, binding, _enabled, _tip
            in app.screen.active_bindings.values() if binding.show
        }
        assert ("Cuffs" in shown) is in_footer
        # Every key the footer shows is whole on screen, none over the next (help and the
        # palette's key too).
        keys = sorted(app.screen.query(FooterKey), key=lambda key: key.region.x)
        assert keys and keys[-1].region.right <= size[0]
        assert all(a.region.right <= b.region.x for a, b in pairwise(keys))
        await open_cuffs(pilot)
