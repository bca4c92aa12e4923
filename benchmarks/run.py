"""``uv run python -m benchmarks``: build demo logs, time the app against its floors, print a table.

Every figure is measured in fresh processes (a new interpreter each time), in
the same run as the floor it is compared with, and reported as the median of
``--repeat`` runs; the runs of each repeat are interleaved so a busy moment on
the machine hits the app and its floor alike.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks import driver
from benchmarks.floor_app import FLOOR_TEXT
from benchmarks.report import (
    LifterResults,
    SizeResults,
    WriterResults,
    all_rows,
    markdown_table,
    percentile,
    size_label,
    text_table,
)
from benchmarks.server import (
    ThrowawayPostgres,
    copy_database,
    durable_server,
    find_bin_dir,
    why_unavailable,
)

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_REPEAT = 5
DEFAULT_LOG_SETS = 200
WARM_UP_LOG_SETS = 8
# "postgresql": the app on a local PostgreSQL server against the same log in SQLite, at
# the largest size; "writers": many clients logging into one server at once; "lifters":
# a coach's log of many lifters on the server (the picker and the coach overview).
GROUPS = ("startup", "history", "log", "export", "postgresql", "writers", "lifters")
SERVER_GROUPS = ("postgresql", "writers", "lifters")
DEFAULT_WRITERS = 20
DEFAULT_WRITER_SETS = 200
DEFAULT_LIFTERS = 50
DEFAULT_LIFTER_SETS = 2_000
DEMO_SEED = 7
# The size the README's screenshots use is 100x32; 120x40 shows the chart and calendar.
TERMINAL_SIZE = "120x40"
PROCESS_TIMEOUT_S = 600
REPO_ROOT = Path(__file__).resolve().parent.parent


class BenchmarkError(RuntimeError):
    """A benchmark process failed; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DemoLog:
    """A demo training log and the facts the scenarios look for on screen."""

    path: Path
    sets: int
    blocks: int
    names: list[str]
    newest: str
    oldest: str
    exercise: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ServerLog:
    """The largest demo log, copied into a database on the server."""

    server: ThrowawayPostgres
    url: str


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _python(*args: str | Path) -> list[str]:
    return [sys.executable, *(str(a) for a in args)]


# Set by measure(): where the children keep their compiled bytecode.
_pycache: Path | None = None


def _child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    if _pycache is not None:
        # An installed app starts from compiled bytecode; a shell that forbids writing
        # it (PYTHONDONTWRITEBYTECODE) would time the compiler instead. The cache goes
        # to the work folder, never into the source tree or the environment.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_pycache)
    # The children import this package whatever the caller's working folder.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
    )
    env.update(extra)
    return env


def _run(command: list[str], *, env: dict[str, str] | None = None) -> float:
    """Run a command to completion; returns its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env or _child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, timeout=PROCESS_TIMEOUT_S, check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(command[1:])} failed: {done.stderr.strip()[-2000:]}")
    return elapsed


def build_log(sets: int, folder: Path) -> DemoLog:
    """A demo log of at least ``sets`` sets (reused if ``folder`` already has it)."""
    path = folder / f"demo-{sets}.db"
    if not path.exists():
        _say(f"building a demo log of {sets:,} sets")
        # One week at least; --sets then reaches back as far as it needs.
        _run(_python("-m", "bfr_tui", "demo", "--db", path, "--sets", str(sets), "--weeks", "1",
                     "--seed", str(DEMO_SEED)))
    with sqlite3.connect(path) as connection:
        count = connection.execute("SELECT count(*) FROM set_entry").fetchone()[0]
        blocks = connection.execute("SELECT count(*) FROM block").fetchone()[0]
        names = [row[0] for row in connection.execute("SELECT name FROM exercise")]
        # The history table writes the cuff-on time to the minute, in local time (the log
        # holds UTC).
        newest = connection.execute(
            "SELECT datetime(cuff_on_at, 'localtime') FROM block "
            "ORDER BY cuff_on_at DESC, id DESC LIMIT 1"
        ).fetchone()[0][:16]
        oldest = connection.execute(
            "SELECT datetime(cuff_on_at, 'localtime') FROM block ORDER BY cuff_on_at, id LIMIT 1"
        ).fetchone()[0][:16]
        exercise = connection.execute(
            "SELECT id, name, limb, unit, load_step FROM exercise "
            "WHERE limb = 'arm' AND NOT compound AND NOT archived ORDER BY id LIMIT 1"
        ).fetchone()
    connection.close()
    return DemoLog(
        path=path, sets=int(count), blocks=int(blocks), names=names, newest=newest,
        oldest=oldest,
        exercise={"id": exercise[0], "name": exercise[1], "limb": exercise[2],
                  "unit": exercise[3], "load": 4 * exercise[4]},
    )


def run_scenario(
    command: list[str], scenario: str, args: dict[str, Any], work: Path
) -> dict[str, Any]:
    """Run ``command`` under the benchmark driver and return the scenario's result."""
    out = work / "scenario.json"
    out.unlink(missing_ok=True)
    env = _child_env(
        TEXTUAL_DRIVER="benchmarks.driver:BenchDriver",
        **{
            driver.ENV_SCENARIO: scenario,
            driver.ENV_ARGS: json.dumps(args),
            driver.ENV_OUT: str(out),
            driver.ENV_SIZE: TERMINAL_SIZE,
        },
    )
    env[driver.ENV_T0] = repr(time.monotonic())
    _run(command, env=env)
    if not out.exists():
        raise BenchmarkError(f"{scenario}: the app ended without a result")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if "error" in result:
        raise BenchmarkError(f"{scenario}: {result['error']}")
    return result


def _app(log: DemoLog, where: Path | str | None = None) -> list[str]:
    """The app on the demo log, or on ``where`` (a copy of it: a file or a server's URL)."""
    return _python("-m", "bfr_tui", "--db", where or log.path)


def _scenario_args(log: DemoLog, **extra: Any) -> dict[str, Any]:
    return {"names": log.names, "newest": log.newest, "oldest": log.oldest,
            "exercise": log.exercise, **extra}


def measure_startup(log: DemoLog, results: SizeResults, work: Path) -> None:
    """The two floors and the app, one after the other."""
    text = {"text": FLOOR_TEXT}
    bare = run_scenario(_python("-m", "benchmarks.floor_app", "bare"), "floor", text, work)
    with_sqlmodel = run_scenario(
        _python("-m", "benchmarks.floor_app", "sqlmodel", log.path), "floor", text, work
    )
    app = run_scenario(_app(log), "startup", _scenario_args(log), work)
    results.bare.append(bare["first_paint_s"])
    results.sqlmodel.append(with_sqlmodel["first_paint_s"])
    results.first_paint.append(app["first_paint_s"])
    results.with_data.append(app["with_data_s"])


def measure_history(log: DemoLog, results: SizeResults, work: Path) -> None:
    """``h`` to the history painted, ctrl+end to its oldest block, and the peak RSS; then
    the same two figures of the floor app, showing as many rows as the history's first window."""
    found = run_scenario(_app(log), "history", _scenario_args(log), work)
    results.history.append(found["history_s"])
    results.history_cpu.append(found["history_cpu_s"])
    results.scroll_end.append(found["scroll_end_s"])
    results.rss_kib.append(found["peak_rss_kib"])
    rows = max(1, int(found["first_window_rows"]))
    floor = run_scenario(
        _python("-m", "benchmarks.floor_app", "history", log.path, str(rows)), "floor_history",
        _scenario_args(log, text=FLOOR_TEXT), work,
    )
    results.history_floor.append(floor["history_s"])
    results.history_floor_cpu.append(floor["history_cpu_s"])
    results.scroll_end_floor.append(floor["scroll_end_s"])


def _fresh_copy(log: DemoLog, scratch: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(log.path, scratch)
    _settle_disk()


def measure_logging(log: DemoLog, results: SizeResults, work: Path, sets: int) -> None:
    """Log ``sets`` sets on a copy of the log (the original stays as built), then commit
    as many with the floor script on a fresh copy."""
    scratch = work / "scratch.db"
    _fresh_copy(log, scratch)
    found = run_scenario(_app(log, scratch), "log", _scenario_args(log, sets=sets), work)
    latencies = found["commit_s"]
    results.commit_p50.append(percentile(latencies, 50))
    results.commit_p99.append(percentile(latencies, 99))
    _fresh_copy(log, scratch)
    out = work / "commit-floor.json"
    _run(_python("-m", "benchmarks.commit_floor", scratch, str(sets), out))
    floor = json.loads(out.read_text(encoding="utf-8"))["commit_s"]
    results.commit_floor_p50.append(percentile(floor, 50))
    results.commit_floor_p99.append(percentile(floor, 99))


def measure_export(log: DemoLog, results: SizeResults, work: Path) -> None:
    """``bfr-tui export`` (native CSV) and the floor script, each a fresh process."""
    ours, floor = work / "export.csv", work / "export-floor.csv"
    results.export.append(
        _run(_python("-m", "bfr_tui", "export", "--db", log.path, "--out", ours, "--force"))
    )
    results.export_floor.append(_run(_python("-m", "benchmarks.export_floor", log.path, floor)))
    for written in (ours, floor):
        written.unlink(missing_ok=True)
    _settle_disk()


def copy_to_server(log: DemoLog, server: ThrowawayPostgres) -> str:
    """The demo log copied into a new database on ``server`` (``bfr-tui copy``); its URL.

    Both engines then hold the same rows, so each PostgreSQL figure is set against the
    same figure on the file it came from.
    """
    _say(f"copying the demo log of {log.sets:,} sets to PostgreSQL")
    url = server.create_database(f"demo_{log.sets}")
    _run(_python("-m", "bfr_tui", "copy", log.path, url))
    return url


def measure_postgres(log: DemoLog, on_server: ServerLog, results: SizeResults, work: Path,
                     log_sets: int) -> None:
    """Each figure on the SQLite log, then at once the same on its copy on the server."""
    server, url = on_server.server, on_server.url
    args = _scenario_args(log)
    for where, with_data in ((None, results.pg_with_data_sqlite), (url, results.pg_with_data)):
        with_data.append(run_scenario(_app(log, where), "startup", args, work)["with_data_s"])
    for where, history in ((None, results.pg_history_sqlite), (url, results.pg_history)):
        history.append(run_scenario(_app(log, where), "history", args, work)["history_s"])

    scratch = work / "scratch.db"
    _fresh_copy(log, scratch)
    found = run_scenario(_app(log, scratch), "log", _scenario_args(log, sets=log_sets), work)
    results.pg_commit_sqlite_p50.append(percentile(found["commit_s"], 50))
    results.pg_commit_sqlite_p99.append(percentile(found["commit_s"], 99))
    # The sets go to a fresh copy of the server's log, as to a fresh copy of the file.
    scratch_url = copy_database(server, url)
    try:
        found = run_scenario(_app(log, scratch_url), "log", _scenario_args(log, sets=log_sets),
                             work)
    finally:
        server.drop_database(scratch_url)
    results.pg_commit_p50.append(percentile(found["commit_s"], 50))
    results.pg_commit_p99.append(percentile(found["commit_s"], 99))

    out = work / "export.csv"
    for source, export in ((str(log.path), results.pg_export_sqlite), (url, results.pg_export)):
        export.append(_run(_python("-m", "bfr_tui", "export", "--db", source, "--out", out,
                                   "--force")))
        out.unlink(missing_ok=True)
        _settle_disk()


def measure_writers(server: ThrowawayPostgres, found: WriterResults, work: Path) -> None:
    """Many clients logging into one fresh database at once (``benchmarks.server_writers``),
    in a process of its own; the sets the server holds afterwards are counted there."""
    url = server.create_database()
    out = work / "writers.json"
    try:
        _run(_python("-m", "benchmarks.server_writers", url, str(found.writers),
                     str(found.sets_each), out))
    finally:
        server.drop_database(url)
    run = json.loads(out.read_text(encoding="utf-8"))
    found.commit_p50.append(percentile(run["commit_s"], 50))
    found.commit_p99.append(percentile(run["commit_s"], 99))
    found.lost.append(int(run["lost"]))
    found.duplicated.append(int(run["duplicated"]))
    found.retried.append(int(run["retried"]))


def build_lifters_log(server: ThrowawayPostgres, lifters: int, sets_each: int) -> str:
    """A coach's log on ``server``: ``bfr-tui demo --lifters N``, ``sets_each`` sets a
    lifter; its URL."""
    _say(f"building a log of {lifters} lifters x {sets_each:,} sets on PostgreSQL")
    url = server.create_database(f"lifters_{lifters}")
    _run(_python("-m", "bfr_tui", "demo", "--db", url, "--lifters", str(lifters), "--sets",
                 str(sets_each), "--weeks", "1", "--seed", str(DEMO_SEED)))
    return url


def measure_lifters(url: str, found: LifterResults, work: Path) -> None:
    """One lifter's exercise list with data (``--lifter``), then the picker and the coach
    overview of the whole log, each a fresh process on the same server log."""
    from bfr_tui.store.demo import DEMO_EXERCISES, demo_lifter_names

    names = demo_lifter_names(found.lifters)
    one = run_scenario(_python("-m", "bfr_tui", "--db", url, "--lifter", names[0]), "startup",
                       {"names": list(DEMO_EXERCISES)}, work)
    found.list_with_data.append(one["with_data_s"])
    coach = run_scenario(_python("-m", "bfr_tui", "--db", url), "coach", {"lifters": names},
                         work)
    found.picker.append(coach["picker_s"])
    found.overview_from_key.append(coach["overview_from_key_s"])


def _settle_disk() -> None:
    """Write out what earlier steps left in the page cache, so a later commit's fsync
    times this run's writes, not the kernel flushing a copied log or an export."""
    if hasattr(os, "sync"):
        os.sync()


def machine(*, with_server: bool = False) -> str:
    """One line naming the machine, for the README next to the table (and the
    PostgreSQL version, when a server was timed)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    server = ""
    if with_server:
        bin_dir = find_bin_dir()
        server = f", PostgreSQL {bin_dir.parent.name if bin_dir else '?'} on the same machine"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, Textual {version('textual')}, "
        f"SQLite {sqlite3.sqlite_version}{server}"
    )


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes look like 1000,10000,100000, not {text!r}"
        ) from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of sets, 1 or more")
    return sizes


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time bfr-tui on demo logs against floors (bare Textual, sqlmodel, "
                    "a DataTable and chart, a plain-thread commit, sqlite3+csv) from the same run, "
                    "and on a local PostgreSQL server against the same log in SQLite.",
    )
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES),
                        help="log sizes in sets, comma separated (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=_positive, default=DEFAULT_REPEAT,
                        help=f"runs per figure; the median is reported (default {DEFAULT_REPEAT})")
    parser.add_argument("--log-sets", type=_positive, default=DEFAULT_LOG_SETS,
                        help=f"sets logged per run for the commit times (default "
                        f"{DEFAULT_LOG_SETS})")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"figures to measure, comma separated, of {','.join(GROUPS)}")
    parser.add_argument("--writers", type=_positive, default=DEFAULT_WRITERS,
                        help=f"clients logging into the server at once (default "
                        f"{DEFAULT_WRITERS})")
    parser.add_argument("--writer-sets", type=_positive, default=DEFAULT_WRITER_SETS,
                        help=f"sets each of them logs (default {DEFAULT_WRITER_SETS})")
    parser.add_argument("--lifters", type=_positive, default=DEFAULT_LIFTERS,
                        help=f"lifters in the coach's log (default {DEFAULT_LIFTERS})")
    parser.add_argument("--lifter-sets", type=_positive, default=DEFAULT_LIFTER_SETS,
                        help=f"sets each of them has (default {DEFAULT_LIFTER_SETS:,})")
    parser.add_argument("--workdir", type=Path,
                        help="keep the demo logs here and reuse them (default: a temp folder)")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="skip the unmeasured first pass that compiles bytecode")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the rows and raw numbers as JSON")
    return parser


@dataclass
class Measured:
    """Everything one benchmark run measured."""

    sizes: list[SizeResults]
    writers: WriterResults | None = None
    lifters: LifterResults | None = None


def measure(sizes: Sequence[int], *, repeat: int, log_sets: int, groups: Sequence[str],
            folder: Path, warm_up: bool = True, server: ThrowawayPostgres | None = None,
            writers: int = DEFAULT_WRITERS, writer_sets: int = DEFAULT_WRITER_SETS,
            lifters: int = DEFAULT_LIFTERS, lifter_sets: int = DEFAULT_LIFTER_SETS,
            ) -> Measured:
    """Build the logs and take every measurement, repeats interleaved across sizes.

    The PostgreSQL groups need ``server``; they are measured at the largest size.
    """
    global _pycache
    _pycache = folder / "pycache"
    if server is None and set(groups) & set(SERVER_GROUPS):
        raise BenchmarkError("the PostgreSQL figures need a server")
    logs = [build_log(size, folder) for size in sizes]
    work = folder / "work"
    work.mkdir(exist_ok=True)
    measured = Measured(
        sizes=[SizeResults(sets=log.sets, label=size_label(size))
               for size, log in zip(sizes, logs, strict=True)],
        writers=WriterResults(writers=writers, sets_each=writer_sets)
        if server is not None and "writers" in groups else None,
        lifters=LifterResults(lifters=lifters, sets_each=lifter_sets)
        if server is not None and "lifters" in groups else None,
    )
    on_server = None
    if server is not None and "postgresql" in groups:
        on_server = ServerLog(server, copy_to_server(logs[-1], server))
    coach_log = None
    if server is not None and measured.lifters is not None:
        coach_log = ServerLog(server, build_lifters_log(server, lifters, lifter_sets))
    try:
        if warm_up:
            _say("warming up (compiling bytecode, filling the disk cache)")
            _measure_once(logs[0], SizeResults(sets=logs[0].sets, label="warm-up"), work,
                          groups, WARM_UP_LOG_SETS)
            if on_server is not None:
                measure_postgres(logs[-1], on_server,
                                 SizeResults(sets=logs[-1].sets, label="warm-up"), work,
                                 WARM_UP_LOG_SETS)
            if coach_log is not None:
                measure_lifters(coach_log.url, LifterResults(lifters, lifter_sets), work)
        for run in range(1, repeat + 1):
            for log, found in zip(logs, measured.sizes, strict=True):
                _say(f"run {run}/{repeat}: {found.label} ({log.sets:,} sets)")
                _measure_once(log, found, work, groups, log_sets)
                if on_server is not None and log is logs[-1]:
                    _say(f"run {run}/{repeat}: {found.label} on PostgreSQL")
                    measure_postgres(log, on_server, found, work, log_sets)
            if server is not None and measured.writers is not None:
                _say(f"run {run}/{repeat}: {writers} writers of {writer_sets} sets at once "
                     f"on PostgreSQL")
                measure_writers(server, measured.writers, work)
            if coach_log is not None and measured.lifters is not None:
                _say(f"run {run}/{repeat}: {measured.lifters.label} lifters on PostgreSQL")
                measure_lifters(coach_log.url, measured.lifters, work)
    finally:
        # The server may be the caller's, and outlive this run.
        for made in (on_server, coach_log):
            if made is not None:
                made.server.drop_database(made.url)
    return measured


def _measure_once(
    log: DemoLog, found: SizeResults, work: Path, groups: Sequence[str], log_sets: int
) -> None:
    if "startup" in groups:
        measure_startup(log, found, work)
    if "history" in groups:
        measure_history(log, found, work)
    if "log" in groups:
        measure_logging(log, found, work, log_sets)
    if "export" in groups:
        measure_export(log, found, work)


def main(argv: Sequence[str] | None = None, *,
         server: ThrowawayPostgres | None = None) -> int:
    """Run the benchmarks and print the table.

    The PostgreSQL figures run on ``server`` when given, else on a throwaway server
    of their own; without PostgreSQL on the machine they are left out, saying so.
    """
    args = build_parser().parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        build_parser().error(f"unknown figure group(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="bfr-bench-") as temp, \
            contextlib.ExitStack() as servers:
        folder = args.workdir or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        if server is None and set(groups) & set(SERVER_GROUPS):
            reason = why_unavailable()
            if reason is None:
                _say("starting a throwaway PostgreSQL server on 127.0.0.1")
                server = servers.enter_context(durable_server())
            else:
                _say(f"PostgreSQL rows skipped: {reason}")
                groups = [g for g in groups if g not in SERVER_GROUPS]
        try:
            measured = measure(args.sizes, repeat=args.repeat, log_sets=args.log_sets,
                               groups=groups, folder=folder, warm_up=args.warm_up,
                               server=server, writers=args.writers,
                               writer_sets=args.writer_sets, lifters=args.lifters,
                               lifter_sets=args.lifter_sets)
        except BenchmarkError as error:
            print(f"benchmarks: error: {error}", file=sys.stderr)
            return 1
    rows = all_rows(measured.sizes, measured.writers, measured.lifters)
    header = (
        f"bfr-tui benchmarks, {datetime.now():%Y-%m-%d}: median of {args.repeat} run(s); "
        f"{machine(with_server=server is not None)}"
    )
    if args.markdown:
        print(f"{header}\n\n{markdown_table(rows)}")
    else:
        print(f"{header}\n\n{text_table(rows)}")
    if args.json:
        args.json.write_text(json.dumps({
            "header": header,
            "rows": [asdict(row) for row in rows],
            "raw": [r.as_dict() for r in measured.sizes],
            "writers": None if measured.writers is None else measured.writers.as_dict(),
            "lifters": None if measured.lifters is None else measured.lifters.as_dict(),
        }, indent=2), encoding="utf-8")
    return 0
