"""The benchmark's verdict: one row per figure, against its floor and target.

Pure functions over the numbers :mod:`benchmarks.run` measured, so the table
can be checked without timing anything.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# The targets of issue #5.
FIRST_PAINT_MAX = 1.3  # x the bare Textual floor
WITH_DATA_MAX = 1.15  # x the sqlmodel floor
HISTORY_MAX_MS = 150.0
SCROLL_END_MAX_MS = 100.0
COMMIT_P99_MAX_MS = 5.0
EXPORT_MAX = 1.5  # x the sqlite3 + csv floor script
RSS_GROWTH_MAX = 1.3  # peak RSS at the largest size, x the smallest
# "Flat" on a shared two-core machine: within the noise of repeated runs.
FLAT_MAX = 1.2
# "Linear": the cost of each extra set may not grow by more than this between sizes.
LINEAR_MAX = 1.5

PASS, FAIL, INFO = "pass", "FAIL", "info"


@dataclass(frozen=True, slots=True)
class Row:
    """One figure: its value, what it is measured against, and whether it meets its target.

    ``ratio`` is value / floor when there is a floor, else value / the target's limit,
    so a ratio at or under 1 (or under the stated multiple) is good.
    """

    size: str
    figure: str
    value: float
    unit: str
    floor: float | None
    ratio: float
    target: str
    result: str


@dataclass
class SizeResults:
    """Every run's raw numbers at one log size (seconds, KiB)."""

    sets: int
    label: str
    bare: list[float] = field(default_factory=list)
    sqlmodel: list[float] = field(default_factory=list)
    first_paint: list[float] = field(default_factory=list)
    with_data: list[float] = field(default_factory=list)
    history: list[float] = field(default_factory=list)
    scroll_end: list[float] = field(default_factory=list)
    commit_p50: list[float] = field(default_factory=list)
    commit_p99: list[float] = field(default_factory=list)
    export: list[float] = field(default_factory=list)
    export_floor: list[float] = field(default_factory=list)
    rss_kib: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able raw numbers."""
        return asdict(self)


def size_label(sets: int) -> str:
    """``1k``, ``100k``, ``50``."""
    return f"{sets // 1000}k" if sets >= 1000 and sets % 1000 == 0 else str(sets)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _paired_ratio(values: Sequence[float], floors: Sequence[float]) -> float:
    """Median of the per-run ratios: each run is compared with the floor measured beside it."""
    return statistics.median(v / f for v, f in zip(values, floors, strict=True) if f > 0)


def _verdict(ratio: float, limit: float) -> str:
    return PASS if ratio <= limit else FAIL


def size_rows(results: SizeResults, *, largest: bool) -> list[Row]:
    """The figures measured at one size (whichever of them were run)."""
    rows: list[Row] = []
    label = results.label
    ms = 1000.0
    if results.first_paint and results.bare:
        ratio = _paired_ratio(results.first_paint, results.bare)
        rows.append(Row(label, "start-up: first paint", _median(results.first_paint) * ms, "ms",
                        _median(results.bare) * ms, ratio,
                        f"<= {FIRST_PAINT_MAX}x bare Textual", _verdict(ratio, FIRST_PAINT_MAX)))
    if results.with_data and results.sqlmodel:
        ratio = _paired_ratio(results.with_data, results.sqlmodel)
        rows.append(Row(label, "start-up: list with data", _median(results.with_data) * ms, "ms",
                        _median(results.sqlmodel) * ms, ratio,
                        f"<= {WITH_DATA_MAX}x Textual+sqlmodel", _verdict(ratio, WITH_DATA_MAX)))
    if results.history:
        value = _median(results.history) * ms
        ratio = value / HISTORY_MAX_MS
        rows.append(Row(label, "history: h to table+chart", value, "ms", None, ratio,
                        f"< {HISTORY_MAX_MS:.0f} ms", _verdict(ratio, 1.0)))
    if results.scroll_end:
        value = _median(results.scroll_end) * ms
        ratio = value / SCROLL_END_MAX_MS
        rows.append(Row(label, "history: scroll to end", value, "ms", None, ratio,
                        f"< {SCROLL_END_MAX_MS:.0f} ms", _verdict(ratio, 1.0)))
    if results.commit_p50:
        value = _median(results.commit_p50) * ms
        rows.append(Row(label, "set: enter to commit p50", value, "ms", None,
                        value / COMMIT_P99_MAX_MS, f"< {COMMIT_P99_MAX_MS:.0f} ms",
                        _verdict(value / COMMIT_P99_MAX_MS, 1.0)))
    if results.commit_p99:
        value = _median(results.commit_p99) * ms
        rows.append(Row(label, "set: enter to commit p99", value, "ms", None,
                        value / COMMIT_P99_MAX_MS, f"< {COMMIT_P99_MAX_MS:.0f} ms",
                        _verdict(value / COMMIT_P99_MAX_MS, 1.0)))
    if results.export and results.export_floor:
        ratio = _paired_ratio(results.export, results.export_floor)
        rows.append(Row(label, "export: native CSV", _median(results.export) * ms, "ms",
                        _median(results.export_floor) * ms, ratio,
                        f"<= {EXPORT_MAX}x sqlite3+csv" + ("" if largest else " (largest size)"),
                        _verdict(ratio, EXPORT_MAX) if largest else INFO))
    return rows


def rss_rows(all_results: Sequence[SizeResults]) -> list[Row]:
    """Peak RSS at each size, against the smallest size's."""
    measured = [r for r in all_results if r.rss_kib]
    if not measured:
        return []
    base = _median(measured[0].rss_kib) / 1024
    rows = []
    for index, results in enumerate(measured):
        value = _median(results.rss_kib) / 1024
        ratio = value / base
        result = INFO if index == 0 else _verdict(ratio, RSS_GROWTH_MAX)
        rows.append(Row(results.label, "peak RSS", value, "MB", base, ratio,
                        f"<= {RSS_GROWTH_MAX}x at {measured[0].label}", result))
    return rows


def growth_rows(all_results: Sequence[SizeResults]) -> list[Row]:
    """Start-up and set commit flat, export linear, from the smallest to the largest size."""
    if len(all_results) < 2:
        return []
    small, large = all_results[0], all_results[-1]
    label = f"{small.label}->{large.label}"
    rows: list[Row] = []
    if small.with_data and large.with_data:
        before, after = _median(small.with_data), _median(large.with_data)
        rows.append(Row(label, "growth: start-up with data", after * 1000, "ms", before * 1000,
                        after / before, f"flat (<= {FLAT_MAX}x)",
                        _verdict(after / before, FLAT_MAX)))
    if small.commit_p50 and large.commit_p50:
        before, after = _median(small.commit_p50), _median(large.commit_p50)
        rows.append(Row(label, "growth: set commit p50", after * 1000, "ms", before * 1000,
                        after / before, f"flat (<= {FLAT_MAX}x)",
                        _verdict(after / before, FLAT_MAX)))
    with_export = [r for r in all_results if r.export]
    if len(with_export) >= 2:
        rows.append(_export_growth(with_export))
    return rows


def _export_growth(with_export: Sequence[SizeResults]) -> Row:
    """Milliseconds per 1,000 extra sets over the top step of sizes, against the step below.

    With only two sizes, the per-set time at each size is compared instead.
    """
    points = [(r.sets, _median(r.export)) for r in with_export]
    if len(points) >= 3:
        (n0, t0), (n1, t1), (n2, t2) = points[-3:]
        before = (t1 - t0) / (n1 - n0) * 1_000_000
        after = (t2 - t1) / (n2 - n1) * 1_000_000
    else:
        (n0, t0), (n2, t2) = points
        before, after = t0 / n0 * 1_000_000, t2 / n2 * 1_000_000
    ratio = after / before if before > 0 else float("inf")
    label = f"{with_export[0].label}->{with_export[-1].label}"
    return Row(label, "growth: export ms per 1k sets", after, "ms", before, ratio,
               f"linear (<= {LINEAR_MAX}x)", _verdict(ratio, LINEAR_MAX))


def all_rows(all_results: Sequence[SizeResults]) -> list[Row]:
    """Every row of the table, size by size, then memory and growth."""
    rows: list[Row] = []
    for index, results in enumerate(all_results):
        rows += size_rows(results, largest=index == len(all_results) - 1)
    return rows + rss_rows(all_results) + growth_rows(all_results)


HEADINGS = ("size", "figure", "value", "floor", "ratio", "target", "result")


def _cells(row: Row) -> tuple[str, ...]:
    decimals = 1 if row.unit == "ms" and row.value < 100 else 0
    value = f"{row.value:,.{decimals}f} {row.unit}"
    floor = "—" if row.floor is None else f"{row.floor:,.{decimals}f} {row.unit}"
    return (row.size, row.figure, value, floor, f"{row.ratio:.2f}", row.target, row.result)


def text_table(rows: Sequence[Row]) -> str:
    """The table for a terminal, columns aligned."""
    cells = [HEADINGS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADINGS))]
    right = {2, 3, 4}
    lines = []
    for line in cells:
        parts = [
            text.rjust(width) if i in right else text.ljust(width)
            for i, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def markdown_table(rows: Sequence[Row]) -> str:
    """The table as GitHub markdown, for the README."""
    lines = [
        "| " + " | ".join(HEADINGS) + " |",
        "|" + "|".join(("---", "---", "--:", "--:", "--:", "---", "---")) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cells(row)) + " |")
    return "\n".join(lines)
