"""``bfr-tui plans export`` and ``import``: a lifter's templates and weekly plan carried
in a small TOML file from one log to another, on both engines."""

from __future__ import annotations

import stat
import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from bfr_tui.domain.limbs import Side
from bfr_tui.domain.protocol import custom_protocol
from bfr_tui.domain.session_template import session_template
from bfr_tui.domain.tempo import Tempo
from bfr_tui.domain.weekly_plan import days_done, plan_entry, weekly_plan
from bfr_tui.plans_file import PlansFileError, import_plans, plans_toml
from bfr_tui.store import open_log
from bfr_tui.training_log import TrainingLog
from tests.cli_runs import ERROR_PREFIX, db, run
from tests.templates import arm_finisher, block_of

pytestmark = pytest.mark.usefixtures("own_environment")

NOW = datetime(2026, 3, 2, 18, 30).astimezone()


def fresh_log(url: str, lifter: str = "Ana") -> TrainingLog:
    log = open_log(url)
    log.upgrade()
    log.seed_library_if_empty(now=NOW)
    log.use_lifter(log.add_lifter(lifter))
    return log


def planned(log: TrainingLog) -> None:
    """Two templates (one with an odd name and a slow tempo, beat off), a plan of both."""
    arms = log.save_template(arm_finisher(log), now=NOW)
    slow = custom_protocol(target_reps=(20, 12), rest_s=45, name='Slow "calves"',
                           tempo=Tempo(up_s=1.5, down_s=3.0))
    calves = log.save_template(session_template(name='Calves \\ "heels" ü', blocks=(
        block_of(log, "Standing calf raise", Side.LEFT, slow),
        block_of(log, "Standing calf raise", Side.RIGHT, replace(slow, tempo=None)),
    )), now=NOW)
    log.save_weekly_plan(weekly_plan([
        plan_entry(template_id=arms.id, weekday=0), plan_entry(template_id=arms.id, weekday=3),
        plan_entry(template_id=calves.id, times_per_week=3),
    ]))


def shape(log: TrainingLog) -> tuple[object, ...]:
    """The templates and plan as a lifter sees them, names in place of ids."""
    names = {record.id: record.template.name for record in log.templates()}
    return (
        [record.template for record in log.templates()],
        [(names[e.template_id], e.weekday, e.times_per_week) for e in log.weekly_plan().entries],
    )


def test_templates_and_plan_go_from_one_log_to_another_and_again_changes_nothing(
    log_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = fresh_log(log_url)
    try:
        planned(source)
        wanted = shape(source)
    finally:
        source.close()
    plans = tmp_path / "plans.toml"

    code, out, err = run(capsys, "plans", "export", str(plans), "--db", db(log_url))
    assert code == 0, err
    assert out == f"Exported 2 templates and the weekly plan to {plans}.\n"
    assert tomllib.loads(plans.read_text())["template"][0]["block"][2]["tempo"] == "2/2"
    code, _out, err = run(capsys, "plans", "export", str(plans), "--db", db(log_url))
    assert code == 2 and "already exists; add --force" in err

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    fresh_log(other_url, "Kim").close()
    code, out, err = run(capsys, "plans", "import", str(plans), "--db", db(other_url))
    assert code == 0, err
    assert out.splitlines() == [
        "Added 2 templates: Arm finisher, Calves \\ \"heels\" ü.",
        "Weekly plan replaced (3 entries).",
    ]
    again = run(capsys, "plans", "import", str(plans), "--db", db(other_url))[1]
    assert again.splitlines()[0] == "Replaced 2 templates: Arm finisher, Calves \\ \"heels\" ü."
    # A file the log cannot take is refused in one line, naming where.
    broken = tmp_path / "broken.toml"
    broken.write_text(plans.read_text().replace('side = "both"', 'side = "middle"'))
    code, _out, err = run(capsys, "plans", "import", str(broken), "--db", db(other_url))
    assert code == 2 and err == (
        f"{ERROR_PREFIX}Template 'Arm finisher', block 3: side is left, right or both.\n"
    )
    other = open_log(other_url)
    try:
        other.choose_lifter(None)
        assert shape(other) == wanted
        assert len(other.templates(include_archived=True)) == 2
    finally:
        other.close()


def test_a_wrong_file_is_refused_with_where_and_the_log_is_left_as_it_was(
    tmp_path: Path,
) -> None:
    log = fresh_log(f"sqlite:///{tmp_path / 'bfr.db'}")
    try:
        planned(log)
        before = shape(log)
        text = plans_toml(log)
        for broken, message in (
            (text.replace('"Triceps pushdown"', '"Tricep pushdown"'),
             "Template 'Arms two', block 3: this log has no exercise called "
             "'Tricep pushdown'"),
            (text.replace('"Dumbbell curl"', '"Back squat"', 1),
             "Template 'Arms two', block 1: Back squat: No BFR here"),
            (text.replace('side = "left"', 'side = "middle"', 1),
             "block 1: side is left, right or both"),
            (text.replace("rest_s = 30", "rest_s = 5", 1), "The rest must be 15-90 s"),
            (text.replace('weekday = "Monday"', 'weekday = "Funday"'),
             "Plan entry 1: weekday is Monday to Sunday, not 'Funday'"),
            (text.replace('template = "Arm finisher"', 'template = "Legs"', 1),
             "Plan entry 1: no template called 'Legs'"),
            (text + '\n[[plan]]\ntemplate = "Arm finisher"\ntimes_per_week = 9\n',
             "Plan entry 4: The times a week must be 1-7, not 9"),
            (text.replace("version = 1", "version = 2"), "reads version 1"),
            ("[[template]\n", "not a plans file"),
        ):
            assert broken != text, message
            # A new template first in the file: it must not be added when later lines fail.
            with pytest.raises(PlansFileError, match=message.replace("(", r"\(")):
                import_plans(log, broken.replace('name = "Arm finisher"', 'name = "Arms two"'),
                             now=NOW)
            assert shape(log) == before
    finally:
        log.close()


def test_the_plans_file_is_private_and_a_bad_target_is_refused_as_other_exports_are(
    log_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = fresh_log(log_url)
    try:
        planned(log)
    finally:
        log.close()
    plans = tmp_path / "plans.toml"
    plans.write_text("an older file")
    plans.chmod(0o644)

    code, _out, err = run(capsys, "plans", "export", str(plans), "--db", db(log_url),
                          "--force")
    assert code == 0, err
    # A lifter's training plan is their health data: readable by them only.
    assert stat.S_IMODE(plans.stat().st_mode) == 0o600
    assert tomllib.loads(plans.read_text())["template"][0]["name"] == "Arm finisher"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []

    for target, words in (
        (tmp_path, "is a folder; give a file name"),
        (tmp_path / "nope" / "plans.toml", "does not exist; create it first"),
    ):
        code, out, plans_err = run(capsys, "plans", "export", str(target), "--db",
                                   db(log_url))
        assert (code, out) == (2, "") and words in plans_err
        csv_err = run(capsys, "export", "--out", str(target), "--db", db(log_url))[2]
        assert plans_err == csv_err
    assert not (tmp_path / "nope").exists()


def test_the_demo_plans_two_of_its_own_training_days_and_its_history_keeps_them(
    log_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "demo", "--db", db(log_url))
    assert code == 0, err
    assert out.rstrip().endswith(
        "A weekly plan of 2 session templates made of those days is under Plans (t)."
    )
    # Forced again, it adds history but leaves the lifter's templates as they are.
    code, out, err = run(capsys, "demo", "--db", db(log_url), "--force", "--seed", "8")
    assert code == 0, err
    assert "weekly plan" not in out

    log = open_log(log_url)
    try:
        log.choose_lifter(None)
        arms = session_template(name="Arm finisher", blocks=(
            block_of(log, "Dumbbell curl", Side.BOTH),
            block_of(log, "Triceps pushdown", Side.BOTH),
        ))
        legs = session_template(name="Calves and hamstrings", blocks=(
            block_of(log, "Standing calf raise", Side.LEFT),
            block_of(log, "Standing calf raise", Side.RIGHT),
            block_of(log, "Lying leg curl", Side.BOTH),
        ))
        assert shape(log) == (
            [arms, legs],
            [("Calves and hamstrings", 2, None), ("Arm finisher", None, 2)],
        )
        templates = {record.id: record.template for record in log.templates()}
        rows = log.history_rows(since=date(2000, 1, 1), until=date.today())
        done = days_done(templates, [(r.cuff_on_at, r.exercise_id, Side(r.side)) for r in rows])
    finally:
        log.close()
    # The history has days of each, so the progress weeks show plans kept.
    assert all(days for days in done.values()), done
