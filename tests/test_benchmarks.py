"""The benchmark command still runs end to end, at a tiny size, and its verdicts follow
from made-up numbers; no timing is judged here."""

from __future__ import annotations

import csv
import json
import math
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from benchmarks import floor_app, report, run, scenarios, server_writers
from benchmarks.commit_floor import commit_sets
from benchmarks.report import (
    FAIL,
    INFO,
    PASS,
    SizeResults,
    WriterResults,
    all_rows,
    markdown_table,
    text_table,
)
from bfr_tui.store.export import NATIVE_COLUMNS
from tests.postgres_server import ThrowawayPostgres

PER_SIZE = {
    "start-up: first paint",
    "start-up: list with data",
    "history: h to table+chart",
    "history: scroll to end",
    "set: enter to commit p50",
    "set: enter to commit p99",
    "export: native CSV",
    "peak RSS",
}
ON_POSTGRESQL = {
    "PostgreSQL: list with data",
    "PostgreSQL: history painted",
    "PostgreSQL: set commit p50",
    "PostgreSQL: set commit p99",
    "PostgreSQL: export",
}
SERVER_WRITERS = {
    "server writers: commit p50",
    "server writers: commit p99",
    "server writers: sets lost",
    "server writers: sets duplicated",
}


def test_a_tiny_run_reports_every_figure_with_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    status = run.main([
        "--sizes", "40", "--repeat", "1", "--log-sets", "8", "--no-warm-up",
        "--only", "startup,history,log,export",
        "--workdir", str(tmp_path / "work"), "--markdown", "--json", str(out),
    ])

    printed = capsys.readouterr().out
    assert status == 0
    found = json.loads(out.read_text(encoding="utf-8"))
    figures = {row["figure"] for row in found["rows"]}
    assert figures == PER_SIZE
    for row in found["rows"]:
        assert isinstance(row["ratio"], float) and math.isfinite(row["ratio"])
        assert isinstance(row["value"], float) and row["value"] > 0
        assert row["result"] in (PASS, FAIL, INFO)
    assert "| size | figure | value | floor | ratio | target | result |" in printed
    assert all(figure in printed for figure in PER_SIZE)
    assert found["raw"][0]["sets"] >= 40


def test_the_postgresql_figures_and_the_server_writers_run_at_a_tiny_size(
    postgres_server: ThrowawayPostgres, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    status = run.main([
        "--sizes", "40", "--repeat", "1", "--log-sets", "8", "--no-warm-up",
        "--only", "postgresql,writers", "--writers", "2", "--writer-sets", "5",
        "--workdir", str(tmp_path / "work"), "--markdown", "--json", str(out),
    ], server=postgres_server)

    printed = capsys.readouterr().out
    assert status == 0
    found = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["figure"]: row for row in found["rows"]}
    assert set(rows) == ON_POSTGRESQL | SERVER_WRITERS
    for figure in ON_POSTGRESQL:
        assert isinstance(rows[figure]["ratio"], float) and math.isfinite(rows[figure]["ratio"])
        assert rows[figure]["value"] > 0 and rows[figure]["floor"] > 0
    assert rows["server writers: commit p99"]["value"] > 0
    # Every set the two writers logged is on the server, once.
    for figure in ("server writers: sets lost", "server writers: sets duplicated"):
        assert (rows[figure]["value"], rows[figure]["result"]) == (0, PASS)
    assert found["writers"]["writers"] == 2 and found["writers"]["sets_each"] == 5
    assert all(figure in printed for figure in ON_POSTGRESQL | SERVER_WRITERS)
    # The server is the caller's: the run takes its copy of the demo log away again.
    left = postgres_server.superuser_sql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'demo%'"
    )
    assert left == []


def test_the_server_writers_count_a_lost_set_and_a_set_nobody_logged(
    postgres_server: ThrowawayPostgres, tmp_path: Path
) -> None:
    url = postgres_server.create_database()
    out = tmp_path / "writers.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.server_writers", url, "2", "3", str(out)],
        check=True, cwd=run.REPO_ROOT,
    )
    found = json.loads(out.read_text(encoding="utf-8"))
    blocks = found["blocks"]
    assert (found["lost"], found["duplicated"], len(found["commit_s"])) == (0, 0, 6)
    assert server_writers.count_sets(url, blocks, 3) == (0, 0)

    with psycopg.connect(url) as connection:
        connection.execute("DELETE FROM set_entry WHERE block_id = %s AND set_number = 2",
                           (blocks[0],))
        connection.execute(
            "INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load,"
            " started_at, ended_at) SELECT lifter_id, block_id, 9, target_reps, reps, load,"
            " started_at, ended_at FROM set_entry WHERE block_id = %s AND set_number = 1",
            (blocks[1],),
        )

    assert server_writers.count_sets(url, blocks, 3) == (1, 1)


def test_the_export_floor_writes_the_same_columns_as_the_app(tmp_path: Path) -> None:
    log, floor_csv = tmp_path / "demo.db", tmp_path / "floor.csv"
    subprocess.run(
        [sys.executable, "-m", "bfr_tui", "demo", "--db", str(log), "--weeks", "1"], check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "benchmarks.export_floor", str(log), str(floor_csv)], check=True,
        cwd=run.REPO_ROOT,
    )
    with floor_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == NATIVE_COLUMNS
    assert len(rows) > 1
    assert all(len(row) == len(NATIVE_COLUMNS) for row in rows)


def _results(label: str, sets: int, scale: float) -> SizeResults:
    found = SizeResults(sets=sets, label=label)
    found.bare, found.sqlmodel = [0.2], [0.4]
    found.first_paint, found.with_data = [0.25 * scale], [0.44 * scale]
    found.history, found.history_floor = [0.14], [0.04]
    found.scroll_end, found.scroll_end_floor = [0.035], [0.03]
    found.commit_p50, found.commit_p99 = [0.002 * scale], [0.004]
    found.commit_floor_p50, found.commit_floor_p99 = [0.0006], [0.001]
    found.export, found.export_floor = [0.1 + sets / 200_000], [0.1 + sets / 300_000]
    found.rss_kib = [80_000 * scale]
    return found


def test_growth_is_judged_from_the_smallest_to_the_largest_size() -> None:
    rows = all_rows([
        _results("1k", 1_000, 1.0), _results("10k", 10_000, 1.0), _results("100k", 100_000, 1.5),
    ])

    growth = {row.figure: row for row in rows if row.figure.startswith("growth")}
    assert set(growth) == {
        "growth: start-up with data", "growth: set commit p50", "growth: export ms per 1k sets",
    }
    assert growth["growth: start-up with data"].result == FAIL  # 1.5x is not flat
    assert growth["growth: export ms per 1k sets"].result == PASS  # a straight line
    rss = [row for row in rows if row.figure == "peak RSS"]
    assert [row.result for row in rss] == [INFO, PASS, FAIL]
    exports = [row for row in rows if row.figure == "export: native CSV"]
    # The export target is judged at the largest size only.
    assert [row.result for row in exports] == [INFO, INFO, PASS]
    assert len(markdown_table(rows).splitlines()) == len(rows) + 2
    assert len(text_table(rows).splitlines()) == len(rows) + 1


def _machine(speed: float) -> SizeResults:
    """One size's numbers on a machine ``speed`` times slower than the first; the app is
    ``HISTORY_MAX - 0.5`` times its history floor and ``COMMIT_P99_MAX - 1`` times its commit."""
    found = SizeResults(sets=1_000, label="1k")
    found.history_floor = [0.040 * speed]
    found.history = [0.040 * speed * (report.HISTORY_MAX - 0.5)]
    found.scroll_end_floor = [0.030 * speed]
    found.scroll_end = [0.030 * speed * (report.SCROLL_END_MAX - 0.5)]
    found.commit_floor_p50, found.commit_floor_p99 = [0.0006 * speed], [0.001 * speed]
    found.commit_p50 = [0.0006 * speed * (report.COMMIT_P50_MAX - 1)]
    found.commit_p99 = [0.001 * speed * (report.COMMIT_P99_MAX - 1)]
    return found


def test_history_and_set_commit_are_judged_against_their_floors_not_the_clock() -> None:
    # On a machine twice as slow every figure and its floor double: the verdicts stay.
    for speed in (1.0, 2.0, 3.5):
        rows = {row.figure: row for row in all_rows([_machine(speed)])}

        assert set(rows) == {
            "history: h to table+chart", "history: scroll to end",
            "set: enter to commit p50", "set: enter to commit p99",
        }
        for row in rows.values():
            assert row.floor is not None and "x " in row.target
            assert row.result == PASS
        assert rows["history: h to table+chart"].ratio == pytest.approx(report.HISTORY_MAX - 0.5)
        assert rows["set: enter to commit p99"].ratio == pytest.approx(
            report.COMMIT_P99_MAX - 1
        )


def test_a_figure_over_its_multiple_of_the_floor_fails() -> None:
    slow = _machine(1.0)
    slow.history = [slow.history_floor[0] * (report.HISTORY_MAX + 0.1)]
    slow.commit_p99 = [slow.commit_floor_p99[0] * (report.COMMIT_P99_MAX + 0.1)]

    rows = {row.figure: row for row in all_rows([slow])}

    assert rows["history: h to table+chart"].result == FAIL
    assert rows["set: enter to commit p99"].result == FAIL
    assert rows["set: enter to commit p50"].result == PASS
    assert rows["history: scroll to end"].result == PASS


def test_each_run_is_compared_with_the_floor_measured_beside_it() -> None:
    # Run 2 hit a busy moment that slowed the app and its floor alike: per-run ratios
    # are 2, 2 and 6, so the median is 2, where the ratio of the medians would be 2.5.
    found = SizeResults(sets=1_000, label="1k")
    found.history, found.history_floor = [0.1, 0.5, 0.3], [0.05, 0.25, 0.05]

    [row] = all_rows([found])

    assert row.ratio == pytest.approx(2.0)
    assert row.value == pytest.approx(300.0) and row.floor == pytest.approx(50.0)


def test_export_growth_stays_finite_when_noise_makes_the_middle_size_faster() -> None:
    # These medians once gave "inf" and a FAIL: the 10k export came out faster than the
    # 1k one, and the growth divided by that negative difference.
    sizes = [_results("1k", 1_000, 1.0), _results("10k", 10_000, 1.0),
             _results("100k", 100_000, 1.0)]
    for found, seconds in zip(sizes, (0.420, 0.405, 1.108), strict=True):
        found.export = [seconds]

    rows = all_rows(sizes)

    [growth] = [row for row in rows if row.figure == "growth: export ms per 1k sets"]
    assert growth.ratio is not None and math.isfinite(growth.ratio)
    assert growth.value == pytest.approx(11.08) and growth.floor == pytest.approx(40.5)
    assert growth.result == PASS
    for table in (text_table(rows), markdown_table(rows)):
        assert not {"inf", "nan"} & set(table.replace("|", " ").split())


def test_export_growth_fails_when_each_set_costs_more_in_a_bigger_log() -> None:
    # Quadratic: 10k sets take 0.4 s, 100k sets 40 s.
    sizes = [_results("10k", 10_000, 1.0), _results("100k", 100_000, 1.0)]
    sizes[0].export, sizes[1].export = [0.4], [40.0]

    [growth] = [row for row in all_rows(sizes) if row.figure.startswith("growth: export")]

    assert growth.ratio == pytest.approx(10.0)
    assert growth.result == FAIL


def test_postgresql_is_judged_against_sqlite_and_the_server_writers_by_the_clock() -> None:
    largest = SizeResults(sets=100_000, label="100k")
    largest.pg_with_data, largest.pg_with_data_sqlite = [0.9], [0.8]
    largest.pg_history, largest.pg_history_sqlite = [1.4], [1.0]
    largest.pg_commit_p50, largest.pg_commit_sqlite_p50 = [0.004], [0.010]
    largest.pg_commit_p99 = [0.010 * (report.ENGINE_MAX + 0.1)]
    largest.pg_commit_sqlite_p99 = [0.010]
    largest.pg_export, largest.pg_export_sqlite = [6.0], [4.0]
    writers = WriterResults(writers=20, sets_each=200)
    writers.commit_p50, writers.commit_p99 = [0.004, 0.006], [0.020, 0.030]
    writers.lost, writers.duplicated = [0, 1], [0, 0]

    rows = {row.figure: row for row in all_rows([largest], writers)}

    assert set(rows) == ON_POSTGRESQL | SERVER_WRITERS
    assert rows["PostgreSQL: list with data"].ratio == pytest.approx(0.9 / 0.8)
    assert rows["PostgreSQL: history painted"].result == PASS  # 1.4x
    assert rows["PostgreSQL: set commit p99"].result == FAIL
    assert rows["PostgreSQL: export"].result == PASS  # 1.5x is within
    assert all("SQLite" in rows[figure].target for figure in ON_POSTGRESQL)
    # The median of the runs' p99 is 25 ms: not under 25 ms.
    p99 = rows["server writers: commit p99"]
    assert p99.value == pytest.approx(25.0)
    assert (p99.floor, p99.ratio, p99.result) == (None, None, FAIL)
    assert rows["server writers: commit p50"].result == INFO
    assert (rows["server writers: sets lost"].value, rows["server writers: sets lost"].result) \
        == (1, FAIL)
    assert rows["server writers: sets duplicated"].result == PASS
    assert all(row.size == "20x200" for row in rows.values() if row.figure in SERVER_WRITERS)
    table = markdown_table(list(rows.values()))
    assert "| 20x200 | server writers: sets lost | 1 | — | — | 0 of 4,000 a run | FAIL |" \
        in table


def test_a_floor_of_zero_fails_and_prints_no_ratio() -> None:
    found = SizeResults(sets=1_000, label="1k")
    found.commit_p50, found.commit_floor_p50 = [0.003], [0.0]

    rows = all_rows([found])

    assert [(row.ratio, row.result) for row in rows] == [(None, FAIL)]
    cells = text_table(rows).splitlines()[1].split()
    assert "—" in cells and not {"inf", "nan"} & set(cells)


def test_the_commit_floor_commits_every_set_it_times(tmp_path: Path) -> None:
    log = tmp_path / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "bfr_tui", "demo", "--db", str(log), "--weeks", "1"], check=True,
        capture_output=True,
    )
    with sqlite3.connect(log) as connection:
        before = connection.execute("SELECT count(*) FROM set_entry").fetchone()[0]
    connection.close()

    latencies = commit_sets(log, 5)

    with sqlite3.connect(log) as connection:
        after = connection.execute("SELECT count(*) FROM set_entry").fetchone()[0]
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    assert after == before + 5 and len(latencies) == 5
    assert mode == "wal"


async def test_the_history_floor_shows_the_newest_rows_then_the_oldest(tmp_path: Path) -> None:
    log = tmp_path / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "bfr_tui", "demo", "--db", str(log), "--weeks", "4"], check=True,
        capture_output=True,
    )
    app = floor_app._history_app(str(log), 10)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == scenarios.FLOOR_HISTORY == floor_app.HISTORY_SCREEN
        table = app.screen.query_one("#history-table")
        chart = app.screen.query_one("#history-chart")
        newest = table.get_row_at(0)[0]
        await pilot.press("ctrl+end")
        await pilot.pause()
        oldest = table.get_row_at(table.row_count - 1)[0]

    with sqlite3.connect(log) as connection:
        first, last = (row[0][:16] for row in connection.execute(
            # In local time, as the floor shows them (the log holds UTC).
            "SELECT datetime(min(cuff_on_at), 'localtime') FROM block "
            "UNION ALL SELECT datetime(max(cuff_on_at), 'localtime') FROM block"
        ))
    connection.close()
    assert table.row_count == 10 and getattr(chart, "drawn", False)
    assert (newest, oldest) == (last, first)


ON_MANY_LIFTERS = {"lifters: picker painted", "lifters: coach overview painted"}


def test_the_picker_and_the_coach_overview_run_on_a_tiny_coachs_log(
    postgres_server: ThrowawayPostgres, tmp_path: Path
) -> None:
    out = tmp_path / "bench.json"
    status = run.main([
        "--sizes", "40", "--repeat", "1", "--no-warm-up", "--only", "lifters",
        "--lifters", "3", "--lifter-sets", "20",
        "--workdir", str(tmp_path / "work"), "--json", str(out),
    ], server=postgres_server)

    assert status == 0
    found = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["figure"]: row for row in found["rows"]}
    assert set(rows) == ON_MANY_LIFTERS
    for row in rows.values():
        assert row["size"] == "3x20" and row["value"] > 0 and row["floor"] > 0
        assert isinstance(row["ratio"], float) and math.isfinite(row["ratio"])
    # The overview is painted after the picker, on the same start.
    assert rows["lifters: coach overview painted"]["value"] > rows["lifters: picker painted"][
        "value"]
    assert postgres_server.superuser_sql(
        "SELECT datname FROM pg_database WHERE datname LIKE 'lifters%'"
    ) == []


def test_the_picker_and_the_overview_are_judged_against_one_lifters_list() -> None:
    found = report.LifterResults(lifters=50, sets_each=2_000)
    found.list_with_data = [1.0, 1.2]
    found.picker = [0.9, 1.0]
    found.overview_from_key = [0.5, 0.6]

    rows = {row.figure: row for row in all_rows([], lifters=found)}

    assert set(rows) == ON_MANY_LIFTERS
    assert rows["lifters: picker painted"].result == PASS
    # 1.4x and 1.33x: over 1.3x one lifter's list.
    assert rows["lifters: coach overview painted"].ratio == pytest.approx((1.4 + 1.6 / 1.2) / 2)
    assert rows["lifters: coach overview painted"].result == FAIL
    assert all(row.size == "50x2k" and "one lifter's list" in row.target
               for row in rows.values())
