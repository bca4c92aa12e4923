"""The ``bfr-tui`` command: open the app, fill a demo log, export CSV.

Every command is given one training log (``store.open_log``) and asks it for what it
needs; which engine holds the log is the store's business. Only the app itself
imports Textual; ``demo`` and ``export`` stay light so they start quickly in
scripts. Every problem the lifter can cause (a wrong name, a bad
date, a file that is not a training log) ends in one ``bfr-tui: error:`` line
and exit status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from bfr_tui import __version__
from bfr_tui.store.paths import (
    DB_ENV_VAR,
    default_db_path,
    is_url,
    path_from_url,
    resolve_db_path,
    sqlite_url,
)
from bfr_tui.web.access import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    TOKEN_ENV_VAR,
    is_loopback,
    new_token,
    token_problem,
)

if TYPE_CHECKING:
    from bfr_tui.app import BfrApp
    from bfr_tui.domain.clock import Clock
    from bfr_tui.training_log import DemoSummary, Progress, TrainingLog

PROG = "bfr-tui"
LIFTER_ENV_VAR = "BFR_TUI_LIFTER"
EXIT_OK = 0
EXIT_USAGE = 2
DATA_DIR_MODE = 0o700

_MAIN_EPILOG = f"""\
examples:
  bfr-tui                          open the tracker on your training log
  bfr-tui --db ~/gym/bfr.db        open the tracker on another log
  bfr-tui demo --db demo.db        make a log with 12 weeks of made-up history
  bfr-tui export --out log.csv     write every set to a CSV file
  bfr-tui backup bfr-copy.db       copy the log safely, even while the app runs
  bfr-tui import strong.csv --unit kg
                                   estimate 1RMs from a Strong, Hevy or FitNotes log
  bfr-tui copy bfr.db postgresql://me@server/bfr
                                   move a laptop's log up to a shared server
  bfr-tui db current               which schema the log is at
  bfr-tui serve                    open the tracker in a browser (the URL is printed)

The log lives in --db, else ${DB_ENV_VAR}, else {default_db_path()}.
"""

_DEMO_EPILOG = """\
examples:
  bfr-tui demo --db demo.db
  bfr-tui demo --db demo.db --weeks 26 --seed 3
  bfr-tui demo --db bench.db --sets 100000
  bfr-tui demo --db clinic.db --lifters 12

The history ends the day before today and is the same for the same seed and day.
A lifter who already has blocks is refused unless --force (which adds, never deletes).
With --lifters N, N made-up lifters each get a history of their own (seeds S, S+1...).
A lifter without session templates also gets two, made of the history's own days, and
a weekly plan of them.
"""

_EXPORT_EPILOG = """\
examples:
  bfr-tui export > log.csv
  bfr-tui export --out log.csv --since 2026-01-01 --until 2026-03-31
  bfr-tui export --out curls.csv --exercise "Dumbbell curl"
  bfr-tui export --format strong --out strong.csv
  bfr-tui export --lifter "Ana Ruiz" --out ana.csv
  bfr-tui export --all-lifters --out clinic.csv

native: one row per set with limb, side, load, % 1RM, rest, cuff tightness and
pressure, occlusion time and symptom flags. strong: the columns of the Strong app's
CSV export, for tools that read it. Files are written whole or not at all, readable
only by you (mode 600), and never replace an existing file without --force.
An export is one lifter's (--lifter, in a log of several). --all-lifters writes every
lifter, by name, each one's rows in log order, with a last column `lifter` (native
only: Strong's columns have no place for it); `bfr-tui import` puts each row back
with its lifter.
"""


_BACKUP_EPILOG = """\
examples:
  bfr-tui backup ~/backups/bfr-2026-03-02.db
  bfr-tui backup --db ~/gym/bfr.db gym-copy.db --force
  bfr-tui backup --db clinic.db --lifter "Ana Ruiz" ana.db

Uses SQLite's online backup, so the copy is whole even while the app is logging sets.
The copy is readable only by you (mode 600) and replaces an existing file only with
--force. Open it with `bfr-tui --db FILE`, or put it back in place of the log.
With --lifter, the copy holds that lifter alone (their screening, 1RMs, blocks, sets
and symptom flags) and the exercise library: a lifter's own log to hand them.
"""

_IMPORT_EPILOG = """\
examples:
  bfr-tui import log.csv                      put a bfr-tui export back (or in a new log)
  bfr-tui import strong.csv --unit kg --dry-run
  bfr-tui import hevy.csv
  bfr-tui import FitNotes_Export.csv --db ~/gym/bfr.db
  bfr-tui import clinic.csv                   an export --all-lifters: each to their own

native (a bfr-tui export) restores sessions, blocks, sets and symptom flags, into the
lifter named by --lifter (in a log of several). An export of every lifter puts each
row with the lifter of its `lifter` column, adding those the log lacks; with --lifter,
only that lifter's rows are imported.
strong, hevy and fitnotes: heavy sets are not BFR blocks, so they are not copied;
per exercise the best set of 1-10 reps in its last 90 days gives an estimated 1RM
(Epley: load x (1 + reps / 30)), and the exercise list shows the BFR band from it.
Names are matched to your library; new exercises are added marked for review.
The layout is read from the header. A file with an error changes nothing, and
importing the same file twice adds nothing the second time. A new log keeps its
loads in the file's unit (--unit, or the file's own unit column).
"""


_COPY_EPILOG = """\
examples:
  bfr-tui copy ~/.local/share/bfr-tui/bfr.db postgresql://me@gym-server/bfr
  bfr-tui copy postgresql://me@gym-server/bfr laptop.db
  bfr-tui copy laptop.db postgresql://me@gym-server/bfr --merge

FROM and TO are each a SQLite file or a postgresql:// URL. The source is read in one
snapshot, so the app may keep logging meanwhile. An empty TO (a new file, an empty
database) gets the whole log as it is: every lifter with their screening, the
library, 1RMs, blocks, sets and symptom flags, ids kept. A TO with training in it is
refused unless --merge, which adds the blocks, sets and flags it lacks, each to the
lifter of the same name (added when TO lacks them), as importing FROM's export of
every lifter would, and the cuffs (archived ones too) and LOPs that lifter lacks: a
cuff of the same name must be of the same kind and width, or nothing is merged. A
lifter still on the default LOP re-measure interval in TO takes FROM's. Merging twice
adds nothing.
"""


_LIFTERS_EPILOG = """\
examples:
  bfr-tui lifters list
  bfr-tui lifters add "Ana Ruiz"
  bfr-tui lifters rename kim "Kim Lee"
  bfr-tui lifters remove "Ana Ruiz" --force

A log holds one lifter or many (a coach's, a clinic's): each has their own screening,
1RMs, blocks, sets and symptom flags; the exercise library is shared. With one lifter
the app opens on them; with several, name one with --lifter (or $BFR_TUI_LIFTER), or
choose in the app. `remove` refuses a lifter with training unless --force, and never
while their block is under the cuff.
"""


_PLANS_EPILOG = """\
examples:
  bfr-tui plans export arms.toml
  bfr-tui plans import arms.toml --lifter "Kim Lee"

Templates name their exercises, and the plan its templates, by name: the file works in
any log whose library has those exercises. An import checks the whole file before it
writes anything.
"""


_DB_EPILOG = """\
examples:
  bfr-tui db current
  bfr-tui db upgrade --db ~/gym/bfr.db

A log written by an older bfr-tui is upgraded when the app opens it; `db upgrade`
does the same without opening the app: it copies the log beside itself first
(bfr.db.v1-20260302-183000.bak, readable only by you), then upgrades it in one
transaction, so a failed upgrade leaves the log as it was. A log from a newer
bfr-tui is never changed.

On a PostgreSQL server, `db grant` gives a role (made first by the server's
administrator: CREATE ROLE kim LOGIN PASSWORD '...') one lifter's training and no one
else's, or every lifter's for a coach, enforced by the server's row-level security;
`db revoke` takes it back. Run them as the owner of the log's tables:
  bfr-tui db grant --lifter "Kim Lee" --role kim --db postgresql://coach@gym/bfr
  bfr-tui db grant --coach physio --db postgresql://coach@gym/bfr
  bfr-tui db revoke --role kim --db postgresql://coach@gym/bfr
"""


_SERVE_EPILOG = f"""\
examples:
  bfr-tui serve
  bfr-tui serve --db ~/gym/bfr.db --port 8080
  bfr-tui serve --host 0.0.0.0 --public-url https://bfr.example.org

Open the URL printed at start: it carries the access token, and every request
without it gets a 403 page. The token is random at each start unless given
(--token, or ${TOKEN_ENV_VAR}). Each browser tab runs its own bfr-tui on the log;
closing a tab is closing its terminal, and stopping the server (ctrl+c, SIGTERM) ends
every tab the same way: a block under way gets its cuff-off recorded. Exports arrive
as downloads in the browser. It listens on this machine only unless --host says
otherwise; then put it behind HTTPS (a reverse proxy with a certificate).
"""


class UsageError(Exception):
    """A command line the lifter got wrong; reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports mistakes as one ``bfr-tui: error:`` line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _day(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD (like 2026-03-02), not {text!r}"
        ) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, not {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, not {value}")
    return value


def _add_db(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help=(
            "the training log: a SQLite file, or a PostgreSQL server's "
            f"postgresql://user@host/name; default ${DB_ENV_VAR}, then {default_db_path()}"
        ),
    )


def _add_lifter(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--lifter",
        metavar="NAME",
        default=default,
        help=f"whose log, in a log of several lifters (any case); default ${LIFTER_ENV_VAR}",
    )


def build_parser() -> argparse.ArgumentParser:
    """The full command line, shared by ``main`` and the documentation."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description=(
            "Track blood flow restriction (BFR) accessory work: cuff checks,\n"
            "30-15-15-15 sets, the occlusion clock, symptom flags and history.\n"
            "With no command, opens the tracker."
        ),
        epilog=_MAIN_EPILOG,
        formatter_class=formatter,
    )
    _add_db(parser, default=None)
    _add_lifter(parser, default=None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser(
        "demo",
        help="fill a log with made-up BFR history (for trying the app)",
        description="Fill a training log with a realistic, made-up BFR history.",
        epilog=_DEMO_EPILOG,
        formatter_class=formatter,
    )
    _add_db(demo, default=argparse.SUPPRESS)
    _add_lifter(demo, default=argparse.SUPPRESS)
    demo.add_argument(
        "--weeks", type=_positive, default=12, metavar="N", help="weeks of history (default 12)"
    )
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    demo.add_argument(
        "--sets",
        type=_positive,
        default=None,
        metavar="N",
        help="go further back until at least N sets exist (for benchmarks)",
    )
    demo.add_argument(
        "--lifters", type=_positive, default=None, metavar="N",
        help="N made-up lifters, each with a history of their own (a coach's log)",
    )
    demo.add_argument(
        "--force", action="store_true", help="add demo history even if the log has blocks"
    )
    demo.set_defaults(run=_run_demo)

    export = commands.add_parser(
        "export",
        help="write the log as CSV, one row per set",
        description="Write the training log as CSV, one row per set, to stdout or a file.",
        epilog=_EXPORT_EPILOG,
        formatter_class=formatter,
    )
    _add_db(export, default=argparse.SUPPRESS)
    _add_lifter(export, default=argparse.SUPPRESS)
    export.add_argument(
        "--out", metavar="FILE", type=Path, help="write to FILE instead of standard output"
    )
    export.add_argument(
        "--format",
        choices=("native", "strong"),
        default="native",
        help="native (all BFR details, the default) or strong (Strong app columns)",
    )
    export.add_argument("--exercise", metavar="NAME", help="only this exercise (name, any case)")
    export.add_argument(
        "--since", type=_day, metavar="DATE", help="only blocks on or after DATE (YYYY-MM-DD)"
    )
    export.add_argument(
        "--until", type=_day, metavar="DATE", help="only blocks on or before DATE (YYYY-MM-DD)"
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    export.add_argument(
        "--all-lifters", action="store_true",
        help="every lifter in the log, with a last column `lifter` (native format only)",
    )
    export.set_defaults(run=_run_export)

    backup = commands.add_parser(
        "backup",
        help="copy the log to FILE safely, even while the app runs",
        description="Copy the training log to FILE with SQLite's online backup.",
        epilog=_BACKUP_EPILOG,
        formatter_class=formatter,
    )
    _add_db(backup, default=argparse.SUPPRESS)
    backup.add_argument("file", metavar="FILE", type=Path, help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    backup.add_argument(
        "--lifter", metavar="NAME", default=argparse.SUPPRESS,
        help="copy this lifter alone (any case), with the exercise library; "
        "default: the whole log",
    )
    backup.set_defaults(run=_run_backup)

    imports = commands.add_parser(
        "import",
        help="read a bfr-tui, Strong, Hevy or FitNotes CSV into the log",
        description=(
            "Read a CSV into the training log: a bfr-tui export (every block and set),\n"
            "or a Strong, Hevy or FitNotes export (estimated 1RMs for the BFR load bands)."
        ),
        epilog=_IMPORT_EPILOG,
        formatter_class=formatter,
    )
    _add_db(imports, default=argparse.SUPPRESS)
    _add_lifter(imports, default=argparse.SUPPRESS)
    imports.add_argument("file", metavar="FILE", type=Path, help="the CSV file to import")
    imports.add_argument(
        "--format",
        choices=("auto", "native", "strong", "hevy", "fitnotes"),
        default="auto",
        help="the app that wrote FILE (default: auto, read from its header)",
    )
    imports.add_argument(
        "--unit",
        choices=("kg", "lb"),
        default=None,
        help="the unit of the weights when FILE does not say (Strong's newer export); "
        "a new log keeps its loads in the file's unit",
    )
    imports.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be imported and write nothing",
    )
    imports.set_defaults(run=_run_import)

    copy = commands.add_parser(
        "copy",
        help="copy a whole log to another: a file up to a server, and back",
        description="Copy a whole training log into another one, on either engine.",
        epilog=_COPY_EPILOG,
        formatter_class=formatter,
    )
    copy.add_argument("source", metavar="FROM", help="the log to copy: a file or a URL")
    copy.add_argument("target", metavar="TO", help="where it goes: a file or a URL")
    copy.add_argument(
        "--merge", action="store_true",
        help="add to a log that has training already, only what it lacks",
    )
    copy.set_defaults(run=_run_copy)

    lifters = commands.add_parser(
        "lifters",
        help="list, add, rename or remove the lifters in a log",
        description="The lifters in a training log: each one's training is their own.",
        epilog=_LIFTERS_EPILOG,
        formatter_class=formatter,
    )
    _add_db(lifters, default=argparse.SUPPRESS)
    lifter_commands = lifters.add_subparsers(
        dest="lifters_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    listing = lifter_commands.add_parser(
        "list", help="every lifter, with their blocks and sets",
        description="Print every lifter in the log, with how many blocks and sets each has.",
    )
    _add_db(listing, default=argparse.SUPPRESS)
    listing.set_defaults(run=_run_lifters_list)
    adding = lifter_commands.add_parser(
        "add", help="add a lifter", description="Add a lifter to the log (not yet screened).",
    )
    _add_db(adding, default=argparse.SUPPRESS)
    adding.add_argument("name", metavar="NAME", help="the new lifter's name")
    adding.set_defaults(run=_run_lifters_add)
    renaming = lifter_commands.add_parser(
        "rename", help="give a lifter another name",
        description="Give a lifter another name; their training stays theirs.",
    )
    _add_db(renaming, default=argparse.SUPPRESS)
    renaming.add_argument("old", metavar="OLD", help="the lifter's name now (any case)")
    renaming.add_argument("new", metavar="NEW", help="the new name")
    renaming.set_defaults(run=_run_lifters_rename)
    removing = lifter_commands.add_parser(
        "remove", help="remove a lifter and all of their training",
        description="Remove a lifter and every row of theirs: screening, 1RMs, blocks, "
        "sets and symptom flags.",
    )
    _add_db(removing, default=argparse.SUPPRESS)
    removing.add_argument("name", metavar="NAME", help="the lifter to remove (any case)")
    removing.add_argument(
        "--force", action="store_true", help="remove a lifter who has training logged"
    )
    removing.set_defaults(run=_run_lifters_remove)

    plans = commands.add_parser(
        "plans",
        help="export or import a lifter's session templates and weekly plan (TOML)",
        description="A lifter's session templates and weekly plan, as a small TOML file.",
        epilog=_PLANS_EPILOG,
        formatter_class=formatter,
    )
    _add_db(plans, default=argparse.SUPPRESS)
    _add_lifter(plans, default=argparse.SUPPRESS)
    plan_commands = plans.add_subparsers(
        dest="plans_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    plans_out = plan_commands.add_parser(
        "export", help="write the templates in use and the plan to FILE",
        description="Write the lifter's templates in use and weekly plan to a TOML file.",
    )
    _add_db(plans_out, default=argparse.SUPPRESS)
    _add_lifter(plans_out, default=argparse.SUPPRESS)
    plans_out.add_argument("file", metavar="FILE", type=Path, help="the TOML file to write")
    plans_out.add_argument("--force", action="store_true", help="replace FILE if it exists")
    plans_out.set_defaults(run=_run_plans_export)
    plans_in = plan_commands.add_parser(
        "import", help="add the templates of FILE, and take its plan",
        description="Add the templates of a TOML file to the lifter's (one of the same "
        "name has its blocks replaced), and take the file's weekly plan if it has one.",
    )
    _add_db(plans_in, default=argparse.SUPPRESS)
    _add_lifter(plans_in, default=argparse.SUPPRESS)
    plans_in.add_argument("file", metavar="FILE", type=Path, help="the TOML file to read")
    plans_in.set_defaults(run=_run_plans_import)

    serve = commands.add_parser(
        "serve",
        help="open the tracker in a browser: a tablet or phone by the rack",
        description="Serve the tracker to web browsers. Each tab runs its own bfr-tui on "
        "the log; the URL printed at start carries the access token it needs.",
        epilog=_SERVE_EPILOG,
        formatter_class=formatter,
    )
    _add_db(serve, default=argparse.SUPPRESS)
    _add_lifter(serve, default=argparse.SUPPRESS)
    serve.add_argument(
        "--host", default=DEFAULT_HOST, metavar="ADDRESS",
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, metavar="N",
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--public-url", metavar="URL",
        help="the address browsers use, when a proxy stands in front "
        "(e.g. https://bfr.example.org)",
    )
    serve.add_argument(
        "--token", metavar="TOKEN", default=None,
        help=f"the access token (default ${TOKEN_ENV_VAR}, else a random one)",
    )
    serve.set_defaults(run=_run_serve)

    db = commands.add_parser(
        "db",
        help="show or upgrade the log's schema version; grant a server's roles",
        description="Show the schema version of the training log, or upgrade it; on a "
        "PostgreSQL server, grant roles one lifter's training or everyone's.",
        epilog=_DB_EPILOG,
        formatter_class=formatter,
    )
    _add_db(db, default=argparse.SUPPRESS)
    db_commands = db.add_subparsers(
        dest="db_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    current = db_commands.add_parser(
        "current",
        help="print the log's schema revision and whether it is up to date",
        description="Print the log's schema revision and whether it is up to date. "
        "Only reads the log.",
    )
    _add_db(current, default=argparse.SUPPRESS)
    current.set_defaults(run=_run_db_current)
    upgrade = db_commands.add_parser(
        "upgrade",
        help="upgrade an older log to this version, after copying it",
        description="Upgrade a log written by an older bfr-tui to this version, after "
        "copying it beside itself. Does nothing to a log that is up to date.",
    )
    _add_db(upgrade, default=argparse.SUPPRESS)
    upgrade.set_defaults(run=_run_db_upgrade)
    grant = db_commands.add_parser(
        "grant",
        help="let a server's role read and write one lifter's training, or everyone's",
        description="On PostgreSQL: let a database role read and write one lifter's rows "
        "and no one else's (--lifter NAME --role ROLE), or every lifter's (--coach ROLE). "
        "The server enforces it. Run it as the owner of the log's tables.",
    )
    _add_db(grant, default=argparse.SUPPRESS)
    grant.add_argument("--lifter", dest="grantee_lifter", metavar="NAME",
                       help="the lifter the role is (any case); with --role")
    grant.add_argument("--role", metavar="ROLE", help="the lifter's database role")
    grant.add_argument("--coach", metavar="ROLE", help="a role that sees every lifter")
    grant.set_defaults(run=_run_db_grant)
    revoking = db_commands.add_parser(
        "revoke",
        help="take back what db grant gave a server's role",
        description="On PostgreSQL: take back from a database role what db grant gave it "
        "(a lifter's rows, or a coach's). The role itself is left to the administrator.",
    )
    _add_db(revoking, default=argparse.SUPPRESS)
    revoking.add_argument("--role", metavar="ROLE", required=True, help="the database role")
    revoking.set_defaults(run=_run_db_revoke)
    parser.set_defaults(run=_run_app)
    return parser


def _db_path(args: argparse.Namespace, *, create_default_folder: bool) -> Path:
    """``--db``, then ``$BFR_TUI_DB``, then the default; only the default folder is created.

    The default folder is ours alone, so it is kept private (0700); a folder named
    with ``--db`` is the lifter's, and only the files bfr-tui writes in it are made private.
    """
    path = resolve_db_path(args.db, os.environ)
    using_default = not args.db and not os.environ.get(DB_ENV_VAR)
    if using_default and create_default_folder:
        path.parent.mkdir(mode=DATA_DIR_MODE, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            path.parent.chmod(DATA_DIR_MODE)
    return path


def _log_url(args: argparse.Namespace, *, create_default_folder: bool) -> str:
    """The URL of the log named by ``--db`` and friends: a server's as given, or a file's."""
    named = args.db or os.environ.get(DB_ENV_VAR)
    if named and is_url(named):
        return str(named)
    return sqlite_url(_db_path(args, create_default_folder=create_default_folder))


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def _progress_wanted(*, csv_on_stdout: bool = False) -> bool:
    """A progress bar only for a lifter watching a terminal: never in a pipe, a log file
    or a script's captured output, and never over CSV scrolling on the same screen."""
    if not _is_terminal(sys.stderr):
        return False
    return not (csv_on_stdout and _is_terminal(sys.stdout))


@contextlib.contextmanager
def _progress_bar(*, shown: bool) -> Iterator[Progress | None]:
    """A progress bar on standard error while the work runs, gone when it ends; with
    ``shown`` False, no callback at all, so the store does not even count its work."""
    if not shown:
        yield None
        return
    # Rich comes with Textual; imported only here, so a script's export starts as fast.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress as RichProgress,
        TaskID,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        # Standard output is the CSV of an export: it must reach its pipe untouched.
        redirect_stdout=False,
    )
    steps: dict[str, TaskID] = {}

    def report(what: str, done: int, total: int) -> None:
        step = steps.get(what)
        if step is None:
            step = steps[what] = bar.add_task(what, total=total)
        bar.update(step, completed=done, total=total)

    with bar:
        yield report


def _log(url: str) -> TrainingLog:
    """The training log at ``url``; nothing is read or written yet."""
    from bfr_tui.store import open_log

    return open_log(url)


def _existing_log(args: argparse.Namespace) -> TrainingLog:
    """The log named by ``--db`` and friends, which these commands never create a file for."""
    url = _log_url(args, create_default_folder=False)
    if url.startswith("sqlite:"):
        path = path_from_url(url)
        if not path.exists():
            raise UsageError(f"there is no training log at {path}; check --db or ${DB_ENV_VAR}")
    return _log(url)


def _say_upgraded(location: str, kept: str | None) -> None:
    if kept is not None:
        print(
            f"{PROG}: upgraded {location} to this version; the log as it was is kept at {kept}",
            file=sys.stderr,
        )


def _open(log: TrainingLog) -> TrainingLog:
    """``log``, checked, created or upgraded (saying so) for a command."""
    _say_upgraded(log.location, log.upgrade())
    return log


def _wanted_lifter(args: argparse.Namespace) -> str | None:
    """``--lifter``, then ``$BFR_TUI_LIFTER``; None when neither names one."""
    named = getattr(args, "lifter", None) or os.environ.get(LIFTER_ENV_VAR)
    return named if named and named.strip() else None


def _for_lifter(log: TrainingLog, args: argparse.Namespace) -> TrainingLog:
    """``log`` pointed at the lifter the command is for: the one named, else the only one."""
    log.choose_lifter(_wanted_lifter(args), required=True)
    return log


def _run_plans_export(args: argparse.Namespace) -> int:
    from bfr_tui.plans_file import export_plans
    from bfr_tui.training_log import check_export_path

    target: Path = args.file.expanduser()
    # Refuse a bad target before the log is even opened.
    check_export_path(target, force=args.force)
    with contextlib.closing(_for_lifter(_open(_existing_log(args)), args)) as log:
        count = export_plans(log, target, force=args.force)
    print(f"Exported {count} template{'' if count == 1 else 's'} and the weekly plan to {target}.")
    return EXIT_OK


def _run_plans_import(args: argparse.Namespace) -> int:
    from bfr_tui.domain.clock import SystemClock
    from bfr_tui.plans_file import import_plans

    source: Path = args.file.expanduser()
    if not source.exists():
        raise UsageError(f"there is no file {source} to import")
    text = source.read_text(encoding="utf-8")
    with contextlib.closing(_for_lifter(_open(_existing_log(args)), args)) as log:
        imported = import_plans(log, text, now=SystemClock().now())
    for line in imported.lines():
        print(line)
    return EXIT_OK


def _run_lifters_list(args: argparse.Namespace) -> int:
    with contextlib.closing(_open(_existing_log(args))) as log:
        lifters = log.lifters()
        counts = {lifter.id: log.lifter_rows(lifter) for lifter in lifters}
    if not lifters:
        print(f"{log.location} has no lifters yet; bfr-tui lifters add NAME adds one.")
        return EXIT_OK
    width = max(len(lifter.name) for lifter in lifters)
    for lifter in lifters:
        rows = counts[lifter.id]
        print(f"{lifter.name:<{width}}  {rows['block']:>7,} blocks  {rows['set_entry']:>9,} sets")
    return EXIT_OK


def _run_lifters_add(args: argparse.Namespace) -> int:
    with contextlib.closing(_open(_log(_log_url(args, create_default_folder=True)))) as log:
        added = log.add_lifter(args.name)
    print(f"Added {added.name} to {log.location}.")
    return EXIT_OK


def _run_lifters_rename(args: argparse.Namespace) -> int:
    with contextlib.closing(_open(_existing_log(args))) as log:
        lifter = log.lifter_called(args.old)
        renamed = log.rename_lifter(lifter, args.new)
    print(f"Renamed {lifter.name} to {renamed.name}.")
    return EXIT_OK


def _run_lifters_remove(args: argparse.Namespace) -> int:
    with contextlib.closing(_open(_existing_log(args))) as log:
        lifter = log.lifter_called(args.name)
        log.use_lifter(lifter)
        if not log.claim_block():
            raise UsageError(
                f"{lifter.name} has a block under the cuff right now; remove them after it"
            )
        rows = log.lifter_rows(lifter)
        if any(rows.values()) and not args.force:
            raise UsageError(
                f"{lifter.name} has training in the log ({_rows_said(rows, ', ')}); "
                "add --force to remove it with them"
            )
        removed = log.remove_lifter(lifter)
    print(f"Removed {removed.name} with {_rows_said(removed.rows, ' and ')}.")
    return EXIT_OK


# What a lifter's rows are called, table by table, in the order a lifter thinks of them.
_ROW_NOUNS = (
    ("block", "block"), ("set_entry", "set"), ("symptom_flag", "symptom flag"),
    ("one_rep_max", "1RM"), ("cuff", "cuff"), ("lop_measurement", "LOP"),
    ("session_template", "session template"),
)


def _rows_said(rows: dict[str, int], last_joint: str) -> str:
    """``3 blocks, 12 sets and 1 cuff``: the kinds a lifter has any of (all when none)."""
    said = [f"{rows.get(table, 0):,} {noun}{'' if rows.get(table, 0) == 1 else 's'}"
            for table, noun in _ROW_NOUNS if rows.get(table, 0) or not any(rows.values())]
    return ", ".join(said[:-1]) + last_joint + said[-1] if len(said) > 1 else said[0]


def _run_backup(args: argparse.Namespace) -> int:
    source = _log(_log_url(args, create_default_folder=False))
    target: Path = args.file.expanduser()
    # Only a lifter named here: $BFR_TUI_LIFTER must never quietly make a backup partial.
    lifter: str | None = getattr(args, "lifter", None)
    with contextlib.closing(source), _progress_bar(shown=_progress_wanted()) as progress:
        sets = source.back_up(target, force=args.force, progress=progress, lifter=lifter)
    noun = "set" if sets == 1 else "sets"
    whose = f"{' '.join(lifter.split())}'s training in " if lifter is not None else ""
    print(f"Backed up {whose}{source.location} ({sets:,} {noun}) to {target}.")
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    from bfr_tui.domain.clock import SystemClock
    from bfr_tui.domain.units import Unit

    source: Path = args.file.expanduser()
    if not source.exists():
        raise UsageError(f"there is no file {source} to import")
    url = _log_url(args, create_default_folder=not args.dry_run)
    with (
        contextlib.closing(_log(url)) as log,
        _progress_bar(shown=_progress_wanted()) as progress,
    ):
        report = log.import_csv(
            source,
            layout=args.format,
            unit=Unit(args.unit) if args.unit else None,
            dry_run=args.dry_run,
            now=SystemClock().now(),
            progress=progress,
            upgraded=partial(_say_upgraded, log.location),
            lifter=_wanted_lifter(args),
        )
    print("\n".join(report.lines()))
    return EXIT_OK


def _named_url(named: str) -> str:
    """A log named on the command line: a URL as it is, a file by its path."""
    return named if is_url(named) else sqlite_url(Path(named).expanduser())


def _run_copy(args: argparse.Namespace) -> int:
    from bfr_tui.domain.clock import SystemClock

    source_url = _named_url(args.source)
    if source_url.startswith("sqlite:") and not path_from_url(source_url).exists():
        raise UsageError(f"there is no training log at {path_from_url(source_url)} to copy")
    with (
        contextlib.closing(_log(source_url)) as source,
        contextlib.closing(_log(_named_url(args.target))) as target,
        _progress_bar(shown=_progress_wanted()) as progress,
    ):
        summary = source.copy_into(
            target, merge=args.merge, now=SystemClock().now(), progress=progress
        )
    print("\n".join(summary.lines()))
    return EXIT_OK


def _run_db_current(args: argparse.Namespace) -> int:
    with contextlib.closing(_existing_log(args)) as log:
        found = log.version()
    if found.revision is not None:
        print(f"{log.location}: revision {found.revision}")
    elif found.is_new:
        print(f"{log.location}: no revision")
    else:
        print(f"{log.location}: no revision (written by a bfr-tui from before revisions)")
    print(found.describe())
    return EXIT_OK


def _run_db_upgrade(args: argparse.Namespace) -> int:
    with contextlib.closing(_existing_log(args)) as log:
        before = log.version()
        copy = log.upgrade(asked=True)
        after = log.version()
    where = log.location
    if before.is_new:
        print(f"Created schema {after.schema} (revision {after.revision}) in {where}.")
    elif before.revision != after.revision:
        print(
            f"Upgraded {where} from schema {before.schema} to schema {after.schema} "
            f"(revision {after.revision})."
        )
        if copy is not None:
            print(f"The log as it was is kept at {copy}.")
    else:
        print(f"{where} is up to date: schema {after.schema} (revision {after.revision}).")
    return EXIT_OK


def _run_db_grant(args: argparse.Namespace) -> int:
    as_lifter = args.grantee_lifter is not None or args.role is not None
    if as_lifter == (args.coach is not None):
        raise UsageError("db grant needs either --lifter NAME --role ROLE, or --coach ROLE")
    if as_lifter and (args.grantee_lifter is None or args.role is None):
        raise UsageError("db grant --lifter NAME needs --role ROLE too, and --role a --lifter")
    with contextlib.closing(_open(_existing_log(args))) as log:
        if args.coach is not None:
            log.grant_coach(args.coach)
            print(f"{args.coach} now reads and writes every lifter's training in "
                  f"{log.location}.")
            return EXIT_OK
        lifter = log.lifter_called(args.grantee_lifter)
        before = log.grant_lifter(lifter, args.role)
    print(f"{args.role} now reads and writes {lifter.name}'s training in {log.location}, "
          "and no one else's.")
    if before is not None:
        print(f"{before} no longer sees {lifter.name}'s training.")
    return EXIT_OK


def _run_db_revoke(args: argparse.Namespace) -> int:
    with contextlib.closing(_open(_existing_log(args))) as log:
        revoked = log.revoke_role(args.role)
    was = [
        *([f"{revoked.lifter}'s role"] if revoked.lifter is not None else []),
        *(["a coach"] if revoked.coach else []),
    ]
    what = f" (it was {' and '.join(was)})" if was else ""
    print(f"{revoked.role} no longer reads or writes {log.location}{what}.")
    return EXIT_OK


def _run_app(args: argparse.Namespace) -> int:
    from bfr_tui.domain.clock import SystemClock

    app = prepared_app(
        _log_url(args, create_default_folder=True), clock=SystemClock(),
        lifter=_wanted_lifter(args),
    )
    app.run()
    return app.return_code or EXIT_OK


def prepared_app(log_at: Path | str, *, clock: Clock, lifter: str | None = None) -> BfrApp:
    """The app on the log at ``log_at`` (a file, or a log URL), once the log is checked
    and upgraded, a brand-new one has its exercise library, and the lifter is chosen
    (``lifter``, else the only one; with several and none named, the app asks):
    everything ``bfr-tui`` does before it paints."""
    from concurrent.futures import ThreadPoolExecutor

    log = _log(log_at if isinstance(log_at, str) else sqlite_url(log_at))
    # The checks read the whole log (quick_check: ~25 ms at 100,000 sets) inside
    # SQLite, which lets go of the interpreter lock: they run on a thread while this
    # one imports the app, and the app opens only once they have passed.
    with ThreadPoolExecutor(max_workers=1) as pool:
        preparing = pool.submit(log.upgrade)
        from bfr_tui.app import make_app

        preparing.result()
    log.choose_lifter(lifter)
    # Only a brand-new log loads SQLAlchemy before the first frame (issue #5).
    log.seed_library_if_empty(now=clock.now())
    return make_app(log=log, clock=clock)


def _run_serve(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get(TOKEN_ENV_VAR) or new_token()
    problem = token_problem(token)
    if problem:
        raise UsageError(problem)
    url = _log_url(args, create_default_folder=True)
    # Checked and upgraded once here, so a bad --db fails now, not in the first tab, and
    # tabs opened together never race to upgrade it.
    with contextlib.closing(_open(_log(url))) as log:
        location = log.location
    print(f"Serving {location} to browsers.", flush=True)
    if not is_loopback(args.host):
        print(
            f"Listening on {args.host}, beyond this machine: put it behind HTTPS (a reverse "
            "proxy with a certificate), or the token and the log cross the network in clear.",
            flush=True,
        )
    # The web server's imports (aiohttp, textual-serve) only for this command.
    from bfr_tui.web.server import serve

    return serve(
        log_url=url, lifter=_wanted_lifter(args), host=args.host, port=args.port,
        token=token, public_url=args.public_url,
    )


def _run_demo(args: argparse.Namespace) -> int:
    from bfr_tui.domain.clock import SystemClock
    from bfr_tui.domain.units import counted

    url = _log_url(args, create_default_folder=True)
    with (
        contextlib.closing(_open(_log(url))) as log,
        _progress_bar(shown=_progress_wanted()) as progress,
    ):
        if args.lifters is None:
            _for_lifter(log, args)
            assert log.lifter is not None
            lifters = [log.lifter]
        else:
            lifters = log.add_demo_lifters(args.lifters)
        end = SystemClock().now()
        written: list[tuple[str, DemoSummary, int]] = []
        for number, lifter in enumerate(lifters):
            log.use_lifter(lifter)
            summary = log.fill_demo(
                weeks=args.weeks,
                seed=args.seed + number,
                end=end,
                sets_target=args.sets,
                force=args.force,
                progress=progress,
            )
            written.append((lifter.name, summary, log.add_demo_plan(now=end)))
    # After the bar is gone: a line printed under it would share its row.
    for name, summary, templates in written:
        whose = f" for {name}" if args.lifters is not None else ""
        planned = (
            f" A weekly plan of {counted(templates, 'session template')} made of those "
            "days is under Plans (t)." if templates else ""
        )
        print(
            f"Demo history written to {log.location}{whose}: {summary.sessions:,} "
            f"sessions, {summary.blocks:,} blocks, {summary.sets:,} sets, "
            f"{summary.flags:,} symptom flags ({summary.red_flags} red), "
            f"{summary.first_day} to {summary.last_day}.{planned}"
        )
    return EXIT_OK


def _exercise_id(log: TrainingLog, name: str) -> int:
    """The id of the exercise called ``name``; a close-match hint when there is none."""
    found = log.find_exercise(name)
    if found is not None:
        return found.id
    names = [exercise.name for exercise in log.exercises(include_archived=True)]
    by_key = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(name.casefold(), list(by_key), n=3, cutoff=0.5)
    if close:
        shown = [repr(by_key[c]) for c in close]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        hint = f"did you mean {listed}?"
    elif names:
        hint = "the exercise list in the app shows every name."
    else:
        hint = "this log has no exercises yet."
    raise UsageError(f"no exercise called {name!r}; {hint}")


def _run_export(args: argparse.Namespace) -> int:
    from bfr_tui.training_log import check_all_lifters_layout, check_export_path

    if args.since and args.until and args.since > args.until:
        raise UsageError(
            f"--since {args.since.isoformat()} is after --until {args.until.isoformat()}"
        )
    if args.all_lifters:
        if getattr(args, "lifter", None):
            raise UsageError("--all-lifters exports every lifter; leave out --lifter")
        check_all_lifters_layout(args.format)
    out: Path | None = args.out.expanduser() if args.out else None
    if out is not None:
        # Refuse a bad target before the log is even opened.
        check_export_path(out, force=args.force)
    log = _open(_existing_log(args))
    with contextlib.closing(log if args.all_lifters else _for_lifter(log, args)):
        exercise_id = _exercise_id(log, args.exercise) if args.exercise else None
        if out is not None:
            with _progress_bar(shown=_progress_wanted()) as progress:
                written = log.export_file(
                    path=out,
                    layout=args.format,
                    force=args.force,
                    exercise_id=exercise_id,
                    since=args.since,
                    until=args.until,
                    progress=progress,
                    all_lifters=args.all_lifters,
                )
            noun = "set" if written == 1 else "sets"
            print(f"Exported {written:,} {noun} to {out} ({args.format}).")
            return EXIT_OK
        stdout = _utf8(sys.stdout)
        with _progress_bar(shown=_progress_wanted(csv_on_stdout=True)) as progress:
            log.export_csv(
                stdout,
                layout=args.format,
                exercise_id=exercise_id,
                since=args.since,
                until=args.until,
                progress=progress,
                all_lifters=args.all_lifters,
            )
            # Every row is out before the bar is taken down, so it ends at 100 %.
            stdout.flush()
        return EXIT_OK


def _utf8(stream: TextIO) -> TextIO:
    """The CSV is UTF-8 whatever the terminal's locale says."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        reconfigure(encoding="utf-8")
    return stream


def _fail(message: str) -> int:
    line = " ".join(str(message).split())
    print(f"{PROG}: error: {line}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``bfr-tui`` with ``argv`` (default: the process arguments); returns the exit status."""
    # Symptom flags are health records: whatever bfr-tui creates is the owner's alone.
    previous_umask = os.umask(0o077)
    try:
        return _main(argv)
    finally:
        os.umask(previous_umask)


# An except clause's classes are looked up only when something was raised, so these
# imports (SQLAlchemy among them) never delay the app's first frame (issue #5).
def _lifter_errors() -> tuple[type[Exception], ...]:
    from bfr_tui.training_log import ExportError, StoreError

    return (UsageError, StoreError, ExportError, ValueError)


def _database_errors() -> tuple[type[Exception], ...]:
    from bfr_tui.store import engine_errors

    return engine_errors()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        return _fail(str(error))
    except SystemExit as done:
        # --help and --version print and stop; hand their status back to the caller.
        return done.code if isinstance(done.code, int) else EXIT_OK

    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except _lifter_errors() as error:
        return _fail(str(error))
    except _database_errors() as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        return _fail(
            f"the training log is busy or damaged ({reason}). Close other bfr-tui windows "
            "on it and try again."
        )
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return 130
