"""The benchmark command still runs end to end, at a tiny size; no timing is judged here."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.report import FAIL, INFO, PASS, SizeResults, all_rows, markdown_table, text_table
from bfr_tui.store.export import NATIVE_COLUMNS

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


def test_a_tiny_run_reports_every_figure_with_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    status = run.main([
        "--sizes", "40", "--repeat", "1", "--log-sets", "8", "--no-warm-up",
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
    found.history, found.scroll_end = [0.05], [0.02]
    found.commit_p50, found.commit_p99 = [0.002 * scale], [0.004]
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
