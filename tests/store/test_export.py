"""CSV export, read back with the csv module and compared with what was stored."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import queries
from bfr_tui.store.block_log import write_set
from bfr_tui.store.engine import session_scope
from bfr_tui.store.export import (
    EXPORT_PROGRESS_EVERY,
    NATIVE_COLUMNS,
    STRONG_COLUMNS,
    csv_cell,
    export_csv,
    format_number,
    guard_formula,
    guard_text,
    strong_duration,
    unguard_text,
    write_export_file,
)
from bfr_tui.store.models import Exercise, TrainingSession
from bfr_tui.training_log import LAYOUTS, ExportError, ExportLayout, default_export_name
from tests.local_time import local
from tests.plans import plan_for
from tests.recorded_progress import Recorded

MONDAY = local(2026, 3, 2, 18, 30)


def add_exercise(session: Session, name: str, limb: Limb = Limb.ARM) -> Exercise:
    """A plain accessory exercise in kg."""
    return queries.add_exercise(session=session, name=name, limb=limb, now=MONDAY)


def do_block(
    session: Session,
    lifter: int,
    exercise: Exercise,
    cuff_on_at: datetime,
    *,
    reps: Sequence[int] = (30, 15, 15, 16),
    load: float = 12.5,
    one_rm: float | None = 50.0,
    side: Side = Side.BOTH,
    visit_id: int | None = None,
    set_flags: dict[int, Sequence[SymptomKind]] | None = None,
    block_flags: Sequence[SymptomKind] = (),
    cuff_off_after_s: int | None = 300,
    notes: str = "",
    pressure_mmhg: float | None = None,
) -> int:
    """One block of the lifter's as the live screen writes it; returns the training
    session id."""
    visit = (
        queries.start_session(session=session, lifter_id=lifter, started_at=cuff_on_at)
        if visit_id is None else session.get(TrainingSession, visit_id)
    )
    assert visit is not None and visit.id is not None
    visit_id = visit.id
    plan = plan_for(exercise, side=side, load=load, one_rm=one_rm, pressure_mmhg=pressure_mmhg)
    block = queries.add_block(session=session, visit=visit, plan=plan, cuff_on_at=cuff_on_at)
    assert block.id is not None
    block.notes = notes
    clock = cuff_on_at
    for number, done in enumerate(reps, start=1):
        rest = None if number == 1 else 31.5
        if rest is not None:
            clock += timedelta(seconds=rest)
        entry = write_set(
            session=session,
            lifter_id=lifter,
            block_id=block.id,
            set_number=number,
            target_reps=CLASSIC.target_for(number),
            reps=done,
            load=load,
            started_at=clock,
            ended_at=clock + timedelta(seconds=done * 2),
            rest_before_s=rest,
        )
        clock += timedelta(seconds=done * 2)
        for kind in (set_flags or {}).get(number, ()):
            queries.flag_symptom(
                session=session, lifter_id=lifter, block_id=block.id, kind=kind,
                raised_at=clock, set_id=entry,
            )
    for kind in block_flags:
        queries.flag_symptom(session=session, lifter_id=lifter, block_id=block.id, kind=kind,
                             raised_at=clock)
    if cuff_off_after_s is not None:
        queries.end_block(
            session=session,
            block_id=block.id,
            cuff_off_at=cuff_on_at + timedelta(seconds=cuff_off_after_s),
            end_reason="completed",
        )
        queries.end_session(
            session=session,
            session_id=visit_id,
            ended_at=cuff_on_at + timedelta(seconds=cuff_off_after_s),
        )
    return visit_id


def exported(
    session: Session, lifter: int, layout: ExportLayout = "native", **filters: object
) -> list[dict[str, str]]:
    """Export the lifter's log to memory and read it back as dicts, checking the header
    on the way."""
    out = io.StringIO()
    written = export_csv(
        session=session, lifter_id=lifter, out=out, layout=layout, **filters  # type: ignore[arg-type]
    )
    out.seek(0)
    reader = csv.DictReader(out)
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == (
        NATIVE_COLUMNS if layout == "native" else STRONG_COLUMNS
    )
    assert written == len(rows)
    return rows


# --- the cells ---------------------------------------------------------------------------


def test_numbers_are_written_plainly() -> None:
    assert format_number(20.0) == "20"
    assert format_number(12.5) == "12.5"
    assert format_number(21.25) == "21.25"
    assert format_number(30) == "30"
    assert format_number(-2.5) == "-2.5"
    assert format_number(-0.0) == "0"
    assert format_number(0.1 + 0.2) == "0.3"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("-5 curl", "'-5 curl"),
        ("@x", "'@x"),
        ("+1 raise", "'+1 raise"),
        ("\tcurl", "'\tcurl"),
        ("\rcurl", "'\rcurl"),
        ("-5", "'-5"),
        ("Cable curl", "Cable curl"),
        ("curl -5", "curl -5"),
        ("", ""),
    ],
)
def test_text_cells_that_look_like_formulas_are_quoted(text: str, cell: str) -> None:
    assert guard_formula(text) == cell
    assert csv_cell(text) == cell


@pytest.mark.parametrize(("number", "cell"), [(-5, "-5"), (-2.5, "-2.5"), (12.5, "12.5")])
def test_numeric_cells_stay_numbers_even_when_negative(number: float, cell: str) -> None:
    assert csv_cell(number) == cell


def test_unknown_values_are_empty_cells() -> None:
    assert csv_cell(None) == ""


def test_strong_durations_look_like_strongs() -> None:
    assert strong_duration(65 * 60 + 20) == "1h 5m"
    assert strong_duration(25 * 60) == "25m"
    assert strong_duration(3600) == "1h"
    assert strong_duration(40) == "0m"
    assert strong_duration(None) == ""


def test_default_file_name_carries_the_day_and_layout() -> None:
    assert default_export_name(today=date(2026, 3, 2)) == "bfr-export-2026-03-02.csv"
    assert (
        default_export_name(today=date(2026, 3, 2), layout="strong")
        == "bfr-export-strong-2026-03-02.csv"
    )


# --- native layout -----------------------------------------------------------------------


def test_native_rows_are_the_stored_sets(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, notes="Big pump", pressure_mmhg=150.0)

    rows = exported(session, lifter)

    assert [r["set_number"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["target_reps"] for r in rows] == ["30", "15", "15", "15"]
    assert [r["reps"] for r in rows] == ["30", "15", "15", "16"]
    assert [r["rest_s"] for r in rows] == ["", "31.5", "31.5", "31.5"]
    first = rows[0]
    assert first["session_started"] == "2026-03-02T18:30:00-06:00"
    assert (first["exercise"], first["limb"], first["side"]) == ("Cable curl", "arm", "both")
    assert (first["load"], first["unit"], first["one_rm"], first["pct_1rm"]) == (
        "12.5",
        "kg",
        "50",
        "25",
    )
    assert (first["tightness"], first["pressure_mmhg"]) == ("7", "150")
    assert {r["occlusion_s"] for r in rows} == {"300"}
    assert {r["notes"] for r in rows} == {"Big pump"}
    assert {r["symptoms"] for r in rows} == {""}


@pytest.mark.parametrize(
    "text", ['a, "b"', "two\r\nlines", "'=x", "", "\ue000", 'x\ue000,"\ue001']
)
def test_the_native_csv_is_what_the_csv_module_writes_for_its_cells(
    lifter: int, session: Session, text: str
) -> None:
    # Text in the cells every row of a block shares, and in the cells of each row (the
    # symptoms), including the characters the export marks its rows' own cells with.
    curl = add_exercise(session, f"Curl {text}")
    visit = do_block(session, lifter, curl, MONDAY, notes=text, reps=(30, 15),
                     set_flags={2: [SymptomKind.OTHER]}, block_flags=[SymptomKind.NUMBNESS])
    stored_visit = session.get(TrainingSession, visit)
    assert stored_visit is not None
    stored_visit.notes = text
    do_block(session, lifter, curl, MONDAY + timedelta(minutes=10), notes=text, reps=(),
             visit_id=visit, block_flags=[SymptomKind.OTHER])
    out = io.StringIO(newline="")
    export_csv(session=session, lifter_id=lifter, out=out)

    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    rewritten = io.StringIO(newline="")
    csv.writer(rewritten).writerows(rows)
    assert out.getvalue() == rewritten.getvalue()
    native = [dict(zip(NATIVE_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["exercise"], r["notes"], r["session_notes"]) for r in native] == [
        (guard_text(curl.name), guard_text(text), guard_text(text))
    ] * 3
    assert [r["symptoms"] for r in native] == ["", "other;numbness", "other"]


def test_percent_of_1rm_is_rounded_and_empty_without_a_1rm(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, load=11.25, one_rm=47.5, reps=(30,))
    do_block(session, lifter, curl, MONDAY + timedelta(days=2), one_rm=None, reps=(30,))

    rows = exported(session, lifter)

    assert rows[0]["pct_1rm"] == "23.7"
    assert (rows[1]["one_rm"], rows[1]["pct_1rm"]) == ("", "")


def test_symptoms_are_joined_on_the_set_they_were_raised_in(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(
        session,
        lifter,
        curl,
        MONDAY,
        set_flags={2: [SymptomKind.DIZZINESS, SymptomKind.OTHER], 4: [SymptomKind.TINGLING]},
        block_flags=[SymptomKind.OTHER],
    )

    rows = exported(session, lifter)

    assert [r["symptoms"] for r in rows] == [
        "",
        "dizziness;other",
        "",
        # The set's own flag, then the flag raised with no set (rest, cuff-off).
        "tingling;other",
    ]


def test_symptom_details_say_when_each_flag_came_and_whether_in_a_set(
    lifter: int, session: Session,
) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, reps=(30, 15), set_flags={2: [SymptomKind.DIZZINESS]},
             block_flags=[SymptomKind.OTHER])

    rows = exported(session, lifter)

    assert rows[0]["symptom_details"] == ""
    details = json.loads(rows[1]["symptom_details"])
    assert [(d["kind"], d["in_set"], d["note"]) for d in details] == [
        ("dizziness", True, ""),
        ("other", False, ""),
    ]
    assert details[0]["at"] == rows[1]["set_ended"]


def test_native_rows_carry_what_an_import_needs(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, reps=(30,), pressure_mmhg=150.0)

    row = exported(session, lifter)[0]

    assert (row["cuff_on"], row["protocol"], row["protocol_reps"], row["rest_target_s"]) == (
        "2026-03-02T18:30:00-06:00", "Classic", "30-15-15-15", "30"
    )
    assert (row["end_reason"], row["pulse_felt"], row["skin_normal"]) == ("completed", "yes",
                                                                          "yes")
    assert (row["set_started"], row["set_ended"]) == ("2026-03-02T18:30:00-06:00",
                                                      "2026-03-02T18:31:00-06:00")
    assert row["session_ended"] == "2026-03-02T18:35:00-06:00"


@pytest.mark.parametrize(
    ("text", "cell"),
    [("'", "''"), ("'=x", "''=x"), ("=x", "'=x"), ("-5", "'-5"), ("curl", "curl"), ("", "")],
)
def test_the_native_text_guard_can_be_undone_exactly(text: str, cell: str) -> None:
    assert guard_text(text) == cell
    assert unguard_text(cell) == text


def test_occlusion_is_empty_while_the_cuff_is_still_on(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, cuff_off_after_s=None, reps=(30, 15))

    rows = exported(session, lifter)

    assert [r["occlusion_s"] for r in rows] == ["", ""]


def test_a_block_stopped_before_its_first_set_keeps_its_flag(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, reps=(), block_flags=[SymptomKind.NUMBNESS])

    native = exported(session, lifter)
    strong = exported(session, lifter, "strong")

    assert len(native) == 1
    assert (native[0]["set_number"], native[0]["reps"], native[0]["symptoms"]) == (
        "",
        "",
        "numbness",
    )
    assert strong == []


def test_rows_come_in_log_order(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    calf = add_exercise(session, "Calf raise", Limb.LEG)
    later = do_block(session, lifter, calf, MONDAY + timedelta(days=2), reps=(30, 15))
    do_block(session, lifter, curl, MONDAY + timedelta(days=2, minutes=10), reps=(30,),
             visit_id=later)
    do_block(session, lifter, curl, MONDAY, reps=(30, 15))

    rows = exported(session, lifter)

    assert [(r["session_started"][:10], r["exercise"], r["set_number"]) for r in rows] == [
        ("2026-03-02", "Cable curl", "1"),
        ("2026-03-02", "Cable curl", "2"),
        ("2026-03-04", "Calf raise", "1"),
        ("2026-03-04", "Calf raise", "2"),
        ("2026-03-04", "Cable curl", "1"),
    ]


def test_exercise_names_that_look_like_formulas_are_guarded(lifter: int, session: Session) -> None:
    for offset, name in enumerate(['=HYPERLINK("x")', "-5 curl", "@x"]):
        do_block(session, lifter, add_exercise(session, name), MONDAY + timedelta(days=offset),
                 reps=(30,))

    native = exported(session, lifter)
    strong = exported(session, lifter, "strong")

    expected = ['\'=HYPERLINK("x")', "'-5 curl", "'@x"]
    assert [r["exercise"] for r in native] == expected
    assert [r["Exercise Name"] for r in strong] == expected
    # Numbers next to them are untouched.
    assert [r["load"] for r in native] == ["12.5", "12.5", "12.5"]


# --- filters -----------------------------------------------------------------------------


def test_another_lifters_blocks_are_never_exported(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    kim = queries.add_lifter(session=session, name="Kim")
    assert kim.id is not None
    do_block(session, lifter, curl, MONDAY, reps=(30,))
    do_block(session, kim.id, curl, MONDAY + timedelta(hours=1), reps=(30, 15))

    assert [r["session_started"] for r in exported(session, lifter)] == [
        "2026-03-02T18:30:00-06:00"
    ]
    assert len(exported(session, kim.id, "strong")) == 2


def test_filter_by_exercise(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    calf = add_exercise(session, "Calf raise", Limb.LEG)
    do_block(session, lifter, curl, MONDAY)
    do_block(session, lifter, calf, MONDAY + timedelta(days=1))

    rows = exported(session, lifter, exercise_id=calf.id)

    assert {r["exercise"] for r in rows} == {"Calf raise"}
    assert len(rows) == 4


def test_date_range_includes_both_end_days(lifter: int, session: Session) -> None:
    curl = add_exercise(session, "Cable curl")
    for day in range(5):
        # Late in the evening, so a range that stopped at midnight would miss the last day.
        do_block(session, lifter, curl, local(2026, 3, 1 + day, 23, 50), reps=(30,))

    rows = exported(session, lifter, since=date(2026, 3, 2), until=date(2026, 3, 4))

    assert [r["session_started"] for r in rows] == [
        "2026-03-02T23:50:00-06:00",
        "2026-03-03T23:50:00-06:00",
        "2026-03-04T23:50:00-06:00",
    ]
    assert len(exported(session, lifter, since=date(2026, 3, 5))) == 1
    assert len(exported(session, lifter, until=date(2026, 3, 1))) == 1


def test_a_range_that_ends_before_it_starts_is_refused(lifter: int, session: Session) -> None:
    out = io.StringIO()
    with pytest.raises(ExportError, match="after"):
        export_csv(session=session, lifter_id=lifter, out=out, since=date(2026, 3, 5),
                   until=date(2026, 3, 1))
    assert out.getvalue() == ""


def test_an_unknown_layout_is_refused(lifter: int, session: Session) -> None:
    with pytest.raises(ExportError, match="native or strong"):
        export_csv(session=session, lifter_id=lifter, out=io.StringIO(), layout="excel")  # type: ignore[arg-type]


# --- Strong layout -----------------------------------------------------------------------


def test_strong_rows_follow_strongs_columns(lifter: int, session: Session) -> None:
    calf = add_exercise(session, "Calf raise", Limb.LEG)
    curl = add_exercise(session, "Cable curl")
    visit = do_block(
        session,
        lifter,
        calf,
        MONDAY,
        side=Side.LEFT,
        reps=(30, 15),
        notes="New wraps",
        set_flags={2: [SymptomKind.DIZZINESS]},
        cuff_off_after_s=None,
    )
    do_block(
        session,
        lifter,
        calf,
        MONDAY + timedelta(minutes=6),
        side=Side.RIGHT,
        reps=(30, 15),
        visit_id=visit,
        cuff_off_after_s=None,
    )
    do_block(
        session,
        lifter,
        curl,
        MONDAY + timedelta(minutes=12),
        reps=(30,),
        visit_id=visit,
        cuff_off_after_s=65 * 60 - 12 * 60,
    )
    queries.end_session(session=session, session_id=visit, ended_at=MONDAY + timedelta(minutes=65))
    visit_row = session.get(TrainingSession, visit)
    assert visit_row is not None
    visit_row.notes = "After squats"

    rows = exported(session, lifter, "strong")

    assert {r["Date"] for r in rows} == {"2026-03-02 18:30:00"}
    assert {r["Workout Name"] for r in rows} == {"BFR session"}
    assert {r["Duration"] for r in rows} == {"1h 5m"}
    assert {r["Workout Notes"] for r in rows} == {"After squats"}
    assert [(r["Exercise Name"], r["Set Order"], r["Reps"]) for r in rows] == [
        ("Calf raise", "1", "30"),
        ("Calf raise", "2", "15"),
        # The right leg continues the count: Strong numbers sets per exercise per workout.
        ("Calf raise", "3", "30"),
        ("Calf raise", "4", "15"),
        ("Cable curl", "1", "30"),
    ]
    assert {(r["Weight"], r["Distance"], r["Seconds"], r["RPE"]) for r in rows} == {
        ("12.5", "0", "0", "")
    }
    assert rows[0]["Notes"] == "Left side. New wraps"
    assert rows[1]["Notes"] == "Left side. New wraps Symptoms: dizziness."
    assert rows[2]["Notes"] == "Right side."
    assert rows[4]["Notes"] == ""


def test_strong_weights_are_in_the_lifters_unit(lifter: int, session: Session) -> None:
    queries.set_unit(session=session, lifter_id=lifter, unit=Unit.LB)
    curl = add_exercise(session, "Cable curl")
    do_block(session, lifter, curl, MONDAY, load=10.0, reps=(30,))

    rows = exported(session, lifter, "strong")

    assert rows[0]["Weight"] == "22.05"


# --- files -------------------------------------------------------------------------------


def fill(engine: Engine, lifter: int) -> None:
    with session_scope(engine) as session:
        curl = add_exercise(session, "Übungs-Curl")
        do_block(session, lifter, curl, MONDAY)


def test_export_file_is_utf8_and_private(engine: Engine, lifter: int, tmp_path: Path) -> None:
    fill(engine, lifter)
    target = tmp_path / "log.csv"

    written = write_export_file(engine=engine, lifter_id=lifter, path=target, layout="native",
                                force=False)

    assert written == 4
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_bytes().decode("utf-8")
    assert "Übungs-Curl" in text
    assert text.splitlines()[0] == ",".join(NATIVE_COLUMNS)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_file_is_never_overwritten_without_force(
    engine: Engine, lifter: int, tmp_path: Path
) -> None:
    fill(engine, lifter)
    target = tmp_path / "log.csv"
    target.write_text("keep me\n")

    with pytest.raises(ExportError, match="already exists"):
        write_export_file(engine=engine, lifter_id=lifter, path=target, layout="native",
                          force=False)
    assert target.read_text() == "keep me\n"

    assert write_export_file(engine=engine, lifter_id=lifter, path=target, layout="strong",
                             force=True) == 4
    assert target.read_text().startswith("Date,Workout Name")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if "log.csv" in p.name] == ["log.csv"]


def test_a_missing_folder_or_a_folder_as_target_is_refused(
    engine: Engine, lifter: int, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_export_file(
            engine=engine, lifter_id=lifter, path=tmp_path / "nope" / "log.csv",
            layout="native", force=False,
        )
    assert not (tmp_path / "nope").exists()
    with pytest.raises(ExportError, match="folder"):
        write_export_file(engine=engine, lifter_id=lifter, path=tmp_path, layout="native",
                          force=True)


def test_a_failed_export_leaves_no_file_behind(
    engine: Engine, lifter: int, db_path: Path, tmp_path: Path
) -> None:
    fill(engine, lifter)
    engine.dispose()
    # A damaged log: the export fails after the temporary file was opened.
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TABLE symptom_flag")
    connection.close()
    target = tmp_path / "log.csv"

    with pytest.raises(Exception, match="symptom_flag"):
        write_export_file(engine=engine, lifter_id=lifter, path=target, layout="native",
                          force=False)

    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


# --- progress ----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_export_reports_its_progress_in_chunks_and_writes_the_same_csv(
    engine: Engine, lifter: int, layout: ExportLayout
) -> None:
    from bfr_tui.store.demo import fill_demo

    fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=3, end=MONDAY, sets_target=6000)
    quiet, watched = io.StringIO(), io.StringIO()
    progress = Recorded()
    with Session(engine) as session:
        rows = export_csv(session=session, lifter_id=lifter, out=quiet, layout=layout)
        assert export_csv(session=session, lifter_id=lifter, out=watched, layout=layout,
                          progress=progress) == rows

    assert watched.getvalue() == quiet.getvalue()
    assert progress.calls[-1] == ("Exporting sets", rows, rows)
    done = [d for _what, d, _total in progress.calls]
    assert done == sorted(done)
    # Chunks, never a call per row.
    assert 2 < len(progress.calls) <= rows // EXPORT_PROGRESS_EVERY + 2


def test_a_filtered_export_counts_only_what_it_writes(lifter: int, session: Session) -> None:
    curl, raise_ = add_exercise(session, "Curl"), add_exercise(session, "Calf raise", Limb.LEG)
    do_block(session, lifter, curl, MONDAY)
    do_block(session, lifter, raise_, MONDAY + timedelta(hours=1))
    assert curl.id is not None
    progress = Recorded()

    written = export_csv(session=session, lifter_id=lifter, out=io.StringIO(), exercise_id=curl.id,
                         progress=progress)

    assert written == 4
    assert progress.calls[-1] == ("Exporting sets", 4, 4)


def test_an_export_file_reports_its_progress(engine: Engine, lifter: int, tmp_path: Path) -> None:
    fill(engine, lifter)
    progress = Recorded()

    written = write_export_file(engine=engine, lifter_id=lifter, path=tmp_path / "log.csv",
                                progress=progress)

    assert progress.calls[-1] == ("Exporting sets", written, written)
