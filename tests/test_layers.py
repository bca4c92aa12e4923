"""The layers keep to their side of the training log's interface (see STYLE.md).

Screens, widgets, the command palette and the app reach the log only through
``bfr_tui.training_log``; that module is pure Python; and nothing the first frame
needs imports SQLAlchemy, on either engine.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import bfr_tui

PACKAGE = Path(bfr_tui.__file__).parent
UI_MODULES = sorted(
    [*PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py"),
     PACKAGE / "commands.py", PACKAGE / "app.py"]
)
DATABASE_LIBRARIES = ("sqlalchemy", "sqlmodel", "alembic", "sqlite3", "psycopg")
# Only `bfr-tui serve` needs the web server; the app in a terminal never loads it.
WEB_SERVER_LIBRARIES = ("aiohttp", "aiohttp_jinja2", "jinja2", "textual_serve")


def imported(path: Path, root: Path = PACKAGE.parent) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports, with its line: at the top, inside functions and
    under ``if TYPE_CHECKING``, relative imports made absolute (from ``root``)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield node.lineno, base
            # "from bfr_tui import store" imports the store too.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def offenders(
    paths: list[Path], forbidden: tuple[str, ...], root: Path = PACKAGE.parent
) -> list[str]:
    found = []
    for path in paths:
        for line, name in imported(path, root):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(root).as_posix()}:{line} imports {name}")
    return sorted(set(found))


def test_the_modules_are_found() -> None:
    names = {path.name for path in UI_MODULES}
    assert {"live.py", "history.py", "exercise_table.py", "commands.py", "app.py"} <= names


def test_no_screen_widget_or_palette_imports_the_store() -> None:
    assert offenders(UI_MODULES, ("bfr_tui.store",)) == []


def test_no_screen_widget_or_palette_talks_to_a_database_library() -> None:
    assert offenders(UI_MODULES, DATABASE_LIBRARIES) == []


# The command line builds one log with ``open_log`` and works through its methods; of
# the store it may name only where a log lives and the engine's errors.
CLI_MAY_IMPORT = ("bfr_tui.store", "bfr_tui.store.open_log", "bfr_tui.store.engine_errors")
CLI_MAY_IMPORT_FROM = ("bfr_tui.store.paths", "bfr_tui.store.progress")


def test_the_command_line_reaches_the_store_only_through_open_log() -> None:
    found = offenders([PACKAGE / "cli.py"], ("bfr_tui.store", *DATABASE_LIBRARIES))
    named = [line.partition(" imports ")[2] for line in found]
    assert "bfr_tui.store.open_log" in named
    assert [
        line for line, name in zip(found, named, strict=True)
        if name not in CLI_MAY_IMPORT
        and not any(name == m or name.startswith(m + ".") for m in CLI_MAY_IMPORT_FROM)
    ] == []


def test_the_interface_is_pure_python() -> None:
    forbidden = ("bfr_tui.store", "bfr_tui.screens", "bfr_tui.widgets", "bfr_tui.app",
                 "textual", "rich", "pydantic", *DATABASE_LIBRARIES)
    assert offenders([PACKAGE / "training_log.py"], forbidden) == []


def test_the_finder_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    probe = tmp_path / "bfr_tui" / "screens" / "_layers_probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bfr_tui.store.models import Block\n"
        "def later():\n    from ..store import queries\n    import sqlalchemy\n",
        encoding="utf-8",
    )
    assert offenders([probe], ("bfr_tui.store",), root=tmp_path) == [
        "bfr_tui/screens/_layers_probe.py:3 imports bfr_tui.store.models",
        "bfr_tui/screens/_layers_probe.py:3 imports bfr_tui.store.models.Block",
        "bfr_tui/screens/_layers_probe.py:5 imports bfr_tui.store",
        "bfr_tui/screens/_layers_probe.py:5 imports bfr_tui.store.queries",
    ]
    assert offenders([probe], ("sqlalchemy",), root=tmp_path) == [
        "bfr_tui/screens/_layers_probe.py:6 imports sqlalchemy"
    ]


# Domain modules named in the log's interface (a record's field, a method's signature)
# but applied only by screens after the first frame.
RULES_AFTER_THE_FIRST_FRAME = {
    f"bfr_tui.domain.{name}"
    for name in ("coaching", "cuff_profile", "lop", "next_cuff_setting", "resume", "screening")
}

# Runs in a fresh interpreter: the test session has already imported SQLAlchemy.
FIRST_FRAME_PROBE = """
import json, sys
from bfr_tui.app import make_app
from bfr_tui.domain.clock import FakeClock
from bfr_tui.store import open_log
import bfr_tui.screens.exercises
log = open_log("sqlite:///nowhere/log.db")
make_app(log=log, clock=FakeClock())
print(json.dumps(sorted(sys.modules)))
"""


def test_the_app_and_the_log_open_without_sqlalchemy() -> None:
    run = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE], capture_output=True, text=True, check=True,
        timeout=60,
    )
    loaded = json.loads(run.stdout)
    assert [name for name in loaded if name.split(".")[0] in ("sqlalchemy", "sqlmodel")] == []
    assert [name for name in loaded if name.split(".")[0] in WEB_SERVER_LIBRARIES] == []
    # Rules the exercise list does not apply wait for the screens that do.
    assert sorted(set(loaded) & RULES_AFTER_THE_FIRST_FRAME) == []
    # So do the log's records past the first screen's (``training_log`` names them all).
    assert "bfr_tui.log_records" not in loaded


# ``bfr-tui`` up to the first frame, on a log that is up to date and has its library,
# and the reads the first screen makes, the due panel's too (a file path, or a log's URL).
CLI_FIRST_FRAME_PROBE = """
import json, sys
from pathlib import Path
from bfr_tui.cli import prepared_app
from bfr_tui.domain.clock import FakeClock
where = sys.argv[1]
app = prepared_app(where if "://" in where else Path(where), clock=FakeClock())
log = app.training_log
log.profile(); log.exercise_overview(); log.interrupted_block()
assert log.due_today(now=app.clock.now()).planned
print(json.dumps(sorted(sys.modules)))
"""


def test_the_command_opens_an_up_to_date_log_without_sqlalchemy(
    tmp_path: Path, log_url: str
) -> None:
    from bfr_tui.cli import main

    # A file by its path, as ``--db`` most often names it; a server by its URL.
    where = str(tmp_path / "log.db") if log_url.startswith("sqlite") else log_url
    assert main(["demo", "--db", where, "--weeks", "1"]) == 0
    run = subprocess.run(
        [sys.executable, "-c", CLI_FIRST_FRAME_PROBE, where], capture_output=True,
        text=True, check=True, timeout=60,
    )
    loaded = json.loads(run.stdout)
    assert "bfr_tui.app" in loaded
    assert [name for name in loaded
            if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")] == []
    assert "bfr_tui.log_records" not in loaded
    assert [name for name in loaded if name.split(".")[0] in WEB_SERVER_LIBRARIES] == []


# The command line as every command but `serve` starts: parsed, and its help written.
CLI_PROBE = """
import contextlib, io, json, sys
from bfr_tui.cli import build_parser, main
with contextlib.redirect_stdout(io.StringIO()):
    main(["serve", "--help"])
build_parser().parse_args(["serve", "--port", "0"])
print(json.dumps(sorted(sys.modules)))
"""


def test_the_command_line_loads_no_web_server_until_serve_runs() -> None:
    run = subprocess.run(
        [sys.executable, "-c", CLI_PROBE], capture_output=True, text=True, check=True,
        timeout=60,
    )
    loaded = json.loads(run.stdout)
    assert "bfr_tui.cli" in loaded and "bfr_tui.web.access" in loaded
    assert [name for name in loaded
            if name.split(".")[0] in WEB_SERVER_LIBRARIES or name == "bfr_tui.web.server"] == []


def test_only_the_web_package_imports_the_web_server() -> None:
    everything = sorted(PACKAGE.rglob("*.py"))
    outside = [path for path in everything if path.parent.name != "web"]
    assert offenders(outside, WEB_SERVER_LIBRARIES) == []
    assert offenders([PACKAGE / "web" / "access.py"], WEB_SERVER_LIBRARIES) == []
    assert offenders([PACKAGE / "web" / "server.py"], WEB_SERVER_LIBRARIES) != []
