"""A lifter's cuffs, each set's effort and discomfort, and a block's target and tempo in
the CSV, on both engines: the native layout carries them there and back, Strong's fills
its RPE column, and Strong and Hevy logs keep the RPE of the set an estimate comes from."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.cuff_profile import cuff_profile
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.set_rating import SetRating
from bfr_tui.domain.tempo import CLASSIC_TEMPO, Tempo
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.export import NATIVE_COLUMNS
from bfr_tui.store.import_common import ImportFileError
from bfr_tui.store.postgres_connect import driver_url
from bfr_tui.training_log import LoggedSet, TrainingLog
from tests.cuffs import THIGH, WRAP
from tests.store.test_cuffs import leg_plan
from tests.store.test_engines import CUFF_ON, a_set
from tests.write_reports import Heard

NEW_COLUMNS = ("rpe", "discomfort", "cuff", "cuff_kind", "cuff_own_width_cm",
               "cuff_wrap_mark", "target_mmhg", "tempo")


def prepared(url: str) -> TrainingLog:
    """A log as the app prepares one: its first lifter, chosen, and the starter library."""
    opened = open_log(url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    return opened


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    opened = prepared(log_url)
    yield opened
    opened.close()


@pytest.fixture
def other_url(log_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second, empty log on the same engine as ``log_url``."""
    if log_url.startswith("postgresql"):
        url: str = request.getfixturevalue("postgres_server").create_database()
        return url
    return f"sqlite:///{tmp_path / 'other.db'}"


def exported(log: TrainingLog, *, layout: str = "native") -> str:
    out = io.StringIO(newline="")
    log.export_csv(out, layout=layout)  # type: ignore[arg-type]
    return out.getvalue()


def rows_of(text_: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text_, newline="")))


def forget_tempos(url: str) -> None:
    """Every block as a log from before tempos were recorded has it."""
    engine = create_engine(driver_url(url) if url.startswith("postgresql") else url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE block SET tempo = NULL"))
    finally:
        engine.dispose()


def run_at(
    log: TrainingLog, plan: BlockPlan, sets: tuple[LoggedSet, ...], *, hours_later: int,
    ratings: dict[int, SetRating] | None = None,
) -> None:
    """A block through the live writer, as the panel writes it, ``hours_later`` after
    CUFF_ON; ``ratings`` given in the rest after their set."""
    later = timedelta(hours=hours_later)
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan, cuff_on_at=CUFF_ON + later, what="the block start",
                       saved=heard.block_started)
    for logged in sets:
        moved = replace(logged, started_at=logged.started_at + later,
                        ended_at=logged.ended_at + later)
        writer.log_set(moved, what=f"set {logged.set_number}",
                       saved=heard.saved(f"set {logged.set_number}"))
        rating = (ratings or {}).get(logged.set_number)
        if rating is not None:
            writer.rate_set(set_number=logged.set_number, rating=rating,
                            what=f"the rating of set {logged.set_number}",
                            saved=heard.saved(f"the rating of set {logged.set_number}"))
    writer.close(cuff_off_at=CUFF_ON + later + timedelta(minutes=6), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []


def rated_training(log: TrainingLog, log_url: str) -> None:
    """A block from before tempos; one in a named pressure cuff at a target, at 1.5/3 s,
    with rated sets; one in a wrap with a stretch mark and the beat off."""
    run_at(log, leg_plan(log), (a_set(1, 30),), hours_later=0)
    forget_tempos(log_url)
    thigh = log.add_cuff(THIGH)
    wrap = log.add_cuff(WRAP)
    slow = replace(CLASSIC, tempo=Tempo(up_s=1.5, down_s=3.0))
    sets = (replace(a_set(1, 30), rpe=6, discomfort=4), a_set(2, 15), a_set(3, 15))
    plan = leg_plan(log, protocol=slow, cuff_id=thigh.id, pressure_mmhg=152.0,
                    lop_percent=60.0, target_mmhg=150)
    run_at(log, plan, sets, hours_later=1, ratings={2: SetRating(rpe=10, discomfort=0)})
    run_at(log, leg_plan(log, protocol=replace(CLASSIC, tempo=None), cuff_id=wrap.id),
           (a_set(1, 30),), hours_later=2)


# --- the native layout --------------------------------------------------------------------


def test_the_new_columns_follow_every_older_one_and_come_before_the_lifter() -> None:
    assert NATIVE_COLUMNS[-len(NEW_COLUMNS):] == NEW_COLUMNS
    assert NATIVE_COLUMNS.index("symptom_details") == len(NATIVE_COLUMNS) - len(NEW_COLUMNS) - 1


def test_cuffs_ratings_target_and_tempo_are_written_empty_where_not_recorded(
    log: TrainingLog, log_url: str
) -> None:
    rated_training(log, log_url)

    rows = [{name: row[name] for name in NEW_COLUMNS} for row in rows_of(exported(log))]

    before, *thigh_sets, wrapped = rows
    assert before == dict.fromkeys(NEW_COLUMNS, "")
    assert [(r["rpe"], r["discomfort"]) for r in thigh_sets] == [("6", "4"), ("10", "0"),
                                                                 ("", "")]
    assert {(r["cuff"], r["cuff_kind"], r["cuff_own_width_cm"], r["cuff_wrap_mark"],
             r["target_mmhg"], r["tempo"]) for r in thigh_sets} == {
        ("Thigh cuff", "pneumatic", "11.5", "", "150", "1.5/3")
    }
    assert wrapped == {"rpe": "", "discomfort": "", "cuff": "Knee wrap",
                       "cuff_kind": "elastic_wrap", "cuff_own_width_cm": "7.5",
                       "cuff_wrap_mark": "line 3", "target_mmhg": "", "tempo": "off"}


def test_an_export_with_cuffs_ratings_and_tempos_comes_back_byte_identical(
    log: TrainingLog, log_url: str, other_url: str, tmp_path: Path
) -> None:
    rated_training(log, log_url)
    first = exported(log)
    source = tmp_path / "log.csv"
    source.write_text(first, encoding="utf-8", newline="")

    target = open_log(other_url)
    try:
        report = target.import_csv(source, now=CUFF_ON)
        again = target.import_csv(source, now=CUFF_ON)
        target.choose_lifter(None)
        assert exported(target) == first
        assert "Added cuffs: Thigh cuff, Knee wrap." in report.lines()
        assert any("Nothing new" in line for line in again.lines())
        assert [c.cuff for c in target.cuffs()] == [WRAP, THIGH]
        # The block from before tempos still reads with its protocol's own tempo.
        oldest = target.history_rows()[-1]
        assert target.block_record(oldest.block_id).plan.protocol.tempo == CLASSIC_TEMPO
    finally:
        target.close()


def test_an_import_uses_the_lifters_own_cuff_of_the_same_name(
    log: TrainingLog, log_url: str, other_url: str, tmp_path: Path
) -> None:
    rated_training(log, log_url)
    source = tmp_path / "log.csv"
    source.write_text(exported(log), encoding="utf-8", newline="")
    target = prepared(other_url)
    try:
        # The same cuff, typed in another case, with another stretch mark since.
        mine = target.add_cuff(replace(WRAP, name="KNEE WRAP", wrap_mark="line 4"))

        target.import_csv(source, now=CUFF_ON)

        assert [c.cuff for c in target.cuffs()] == [mine.cuff, THIGH]
        assert {row.cuff_name for row in target.history_rows()} == {None, "KNEE WRAP",
                                                                    "Thigh cuff"}
    finally:
        target.close()


def test_a_cuff_unlike_the_lifters_cuff_of_that_name_is_refused_and_nothing_imported(
    log: TrainingLog, log_url: str, other_url: str, tmp_path: Path
) -> None:
    rated_training(log, log_url)
    source = tmp_path / "log.csv"
    source.write_text(exported(log), encoding="utf-8", newline="")
    target = prepared(other_url)
    try:
        wider = target.add_cuff(cuff_profile(name="Thigh cuff", kind="pneumatic",
                                             width_cm=18.0))

        with pytest.raises(ImportFileError, match="Thigh cuff") as refused:
            target.import_csv(source, now=CUFF_ON)

        assert "pneumatic cuff with a gauge, 11.5 cm wide" in str(refused.value)
        assert "18 cm wide" in str(refused.value)
        assert "Nothing was imported" in str(refused.value)
        assert target.count_history() == 0
        assert target.cuffs() == [wider]
    finally:
        target.close()


def test_one_cuff_name_given_two_widths_in_one_file_is_refused(
    log: TrainingLog, log_url: str, other_url: str, tmp_path: Path
) -> None:
    rated_training(log, log_url)
    lines = exported(log).splitlines(keepends=True)
    # The wrap's block (line 6) gives the wrap the thigh cuff's name.
    lines[5] = lines[5].replace("Knee wrap,", "Thigh cuff,")
    source = tmp_path / "log.csv"
    source.write_text("".join(lines), encoding="utf-8", newline="")
    target = prepared(other_url)
    try:
        refusal = "is an elastic wrap, 7.5 cm wide here, but on line 3 it is a pneumatic cuff"
        with pytest.raises(ImportFileError, match=re.escape(refusal)):
            target.import_csv(source, now=CUFF_ON)

        assert target.count_history() == 0
        assert target.cuffs() == []
    finally:
        target.close()


def test_an_export_from_before_cuffs_and_ratings_still_imports(
    log: TrainingLog, log_url: str, other_url: str, tmp_path: Path
) -> None:
    rated_training(log, log_url)
    kept = len(NATIVE_COLUMNS) - len(NEW_COLUMNS)
    old_rows = [row[:kept] for row in csv.reader(io.StringIO(exported(log), newline=""))]
    source = tmp_path / "old.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(old_rows)
    target = open_log(other_url)
    try:
        target.import_csv(source, now=CUFF_ON)
        target.choose_lifter(None)

        rows = rows_of(exported(target))
        assert len(rows) == 5
        assert {row[name] for row in rows for name in NEW_COLUMNS} == {""}
        assert target.cuffs() == []
    finally:
        target.close()


def test_every_lifters_export_gives_each_lifter_their_own_cuff_of_a_shared_name(
    log_url: str, other_url: str, tmp_path: Path
) -> None:
    source_log = open_log(log_url)
    try:
        source_log.upgrade()
        source_log.seed_library_if_empty(now=CUFF_ON)
        ana, ben = source_log.add_lifter("Ana"), source_log.add_lifter("Ben")
        for lifter, width, hours in ((ana, 11.5, 0), (ben, 18.0, 1)):
            source_log.use_lifter(lifter)
            theirs = source_log.add_cuff(replace(THIGH, width_cm=width))
            run_at(source_log, leg_plan(source_log, cuff_id=theirs.id), (a_set(1, 30),),
                   hours_later=hours, ratings={1: SetRating(rpe=7, discomfort=3)})
        out = io.StringIO(newline="")
        source_log.export_csv(out, all_lifters=True)
        first = out.getvalue()
    finally:
        source_log.close()
    source = tmp_path / "clinic.csv"
    source.write_text(first, encoding="utf-8", newline="")

    target = open_log(other_url)
    try:
        target.import_csv(source, now=CUFF_ON)
        again = io.StringIO(newline="")
        target.export_csv(again, all_lifters=True)
        assert again.getvalue() == first
        widths = {}
        for name in ("Ana", "Ben"):
            target.choose_lifter(name)
            widths[name] = [c.cuff.width_cm for c in target.cuffs()]
        assert widths == {"Ana": [11.5], "Ben": [18.0]}
    finally:
        target.close()


# --- Strong's layout, and Strong's and Hevy's logs ----------------------------------------


def test_the_strong_layout_fills_its_rpe_column_from_each_sets_effort(
    log: TrainingLog, log_url: str
) -> None:
    rated_training(log, log_url)

    rows = rows_of(exported(log, layout="strong"))

    assert [row["RPE"] for row in rows] == ["", "6", "10", "", ""]


def strong_file(path: Path, rpe: str) -> Path:
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        f"2026-02-20 18:00:00,Legs,1h,Leg Extension,1,60,8,0,0,,,{rpe}\n"
        "2026-02-20 18:00:00,Legs,1h,Leg Extension,2,50,8,0,0,,,\n",
        encoding="utf-8",
    )
    return path


def hevy_file(path: Path, rpe: str) -> Path:
    path.write_text(
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
        '"Legs","20 Feb 2026, 18:00","20 Feb 2026, 19:00","","Leg Extension (Machine)","",'
        f'"","0","normal","60","8","","","{rpe}"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("write", [strong_file, hevy_file], ids=["strong", "hevy"])
def test_an_estimate_from_strong_or_hevy_keeps_the_rpe_of_its_set(
    log: TrainingLog, tmp_path: Path, write: object
) -> None:
    source = write(tmp_path / "export.csv", "8.5")  # type: ignore[operator]

    report = log.import_csv(source, unit=Unit.KG, now=CUFF_ON)

    assert any("60 kg x 8 at RPE 8.5 on 2026-02-20" in line for line in report.lines())
    legs = log.find_exercise("Leg extension")
    assert legs is not None
    current = log.current_one_rep_max(legs.id)
    assert current is not None and current.method == "estimated"
    assert "60 kg x 8 at RPE 8.5" in current.source


@pytest.mark.parametrize("write", [strong_file, hevy_file], ids=["strong", "hevy"])
def test_an_rpe_that_is_not_one_is_refused(
    log: TrainingLog, tmp_path: Path, write: object
) -> None:
    source = write(tmp_path / "export.csv", "hard")  # type: ignore[operator]

    with pytest.raises(ImportFileError, match="'hard' is not an RPE from 0 to 10"):
        log.import_csv(source, unit=Unit.KG, now=CUFF_ON)
