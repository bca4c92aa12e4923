"""``bfr-tui import``: read a CSV log, ours or another app's, into the training log.

The whole file is read and checked before the log is touched, so a bad file (wrong
layout, a date that does not parse, a weight that is not a number, a row cut short)
stops with its line number and column and nothing is written. A real import then
runs as one transaction (``BEGIN IMMEDIATE`` on SQLite): all of it lands or none of it
does, and another bfr-tui window cannot write in between. Importing the same file again adds
nothing. A dry run opens the log read-only and reports what an import would do.

Layouts: ``native`` (our own export, see ``store.export``; ``store.import_native``)
and the Strong, Hevy and FitNotes exports (``store.import_foreign``).
"""

from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from bfr_tui.domain.units import Unit
from bfr_tui.store import import_foreign, import_native
from bfr_tui.store.engine import SQLITE_HEADER, StoreError, open_database
from bfr_tui.store.import_common import (
    APP_NAMES,
    CsvTable,
    ImportFileError,
    ImportLayout,
    ImportReport,
)
from bfr_tui.store.migrations import SCHEMA_VERSION
from bfr_tui.store.progress import Progress, Ticker
from bfr_tui.store.sqlite_connect import log_uri
from bfr_tui.training_log import ImportLayoutChoice

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

LayoutChoice = ImportLayoutChoice

# --- reading the file --------------------------------------------------------------------

# Bytes read from the file between two progress reports while it is read.
READ_PROGRESS_BYTES = 256 * 1024


class _ReportedFile(io.FileIO):
    """A file that tells ``progress`` how many of its bytes were read, in chunks."""

    def __init__(self, path: Path, progress: Progress) -> None:
        super().__init__(path, "r")
        size = os.fstat(self.fileno()).st_size
        self._ticker = Ticker(progress, f"Reading {path.name}", size, every=READ_PROGRESS_BYTES)
        self._done = 0

    def readinto(self, buffer: WriteableBuffer) -> int:
        count = super().readinto(buffer)
        if count:
            self._done += count
            self._ticker(self._done)
        return count


def _open_text(path: Path, progress: Progress | None) -> TextIO:
    if progress is None:
        return path.open(encoding="utf-8-sig", newline="")
    reported = io.BufferedReader(_ReportedFile(path, progress))
    return io.TextIOWrapper(reported, encoding="utf-8-sig", newline="")


@contextmanager
def open_table(path: Path, *, progress: Progress | None = None) -> Iterator[CsvTable]:
    """Open a CSV file for import (UTF-8, with or without a byte-order mark).

    ``progress`` hears of the bytes read as the rows are read.
    """
    if path.is_dir():
        raise ImportFileError(path, "this is a folder; give the CSV file to import.")
    try:
        handle = _open_text(path, progress)
    except OSError as error:
        raise ImportFileError(path, f"the file cannot be read: {error.strerror}.") from error
    with handle:
        try:
            yield CsvTable(path, handle)
        except UnicodeDecodeError as error:
            raise ImportFileError(path, "this is not UTF-8 text.", line=1) from error


def detect_layout(table: CsvTable, requested: LayoutChoice = "auto") -> ImportLayout:
    """The layout of the file from its header; a requested layout must fit it."""
    checks: dict[ImportLayout, str | None] = {
        "native": import_native.native_layout_problem(table),
        "strong": import_foreign.foreign_layout_problem(table, "strong"),
        "hevy": import_foreign.foreign_layout_problem(table, "hevy"),
        "fitnotes": import_foreign.foreign_layout_problem(table, "fitnotes"),
    }
    if requested != "auto":
        problem = checks[requested]
        if problem is not None and not (
            requested == "strong" and import_foreign.strong_shape(table)
        ):
            raise table.error(
                f"this is not a {APP_NAMES[requested]} export: {problem}.", line=1
            )
        return requested
    for layout, problem in checks.items():
        if problem is None:
            return layout
    # Strong writes its header in the phone's language; its shape is the same.
    if import_foreign.strong_shape(table) is not None:
        return "strong"
    shown = ",".join(table.header)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    raise table.error(
        "this is not a bfr-tui, Strong, Hevy or FitNotes export (its header is "
        f"{shown!r}). Export the CSV again from the app, or name the layout with --format.",
        line=1,
    )


# --- the training log --------------------------------------------------------------------


def _check_log_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a bfr-tui database (not a SQLite file). "
            "Point --db at your training log."
        )


@contextmanager
def read_only_log(path: Path) -> Iterator[Connection | None]:
    """A connection that cannot write to the log; None when there is no log yet."""
    if not path.exists() or path.stat().st_size == 0:
        yield None
        return
    _check_log_file(path)
    uri = log_uri(path, mode="ro", as_it_lies=True)
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool
    )
    try:
        with engine.connect() as connection:
            version = connection.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: schema version {version} is newer than this bfr-tui understands "
                    f"({SCHEMA_VERSION}); upgrade bfr-tui to open it."
                )
            yield connection
    finally:
        engine.dispose()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the write lock from the start: all of it commits, or none."""
    with engine.connect() as connection:
        # IMMEDIATE takes the write lock now, so what we read (ids, what is already
        # there) cannot change under us before we write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


# --- the command -------------------------------------------------------------------------


class ImportTarget(Protocol):
    """The log an import reads (a dry run) or writes, on whichever engine holds it."""

    @property
    def location(self) -> str:
        """The log as the report names it."""
        ...

    def reading(self) -> AbstractContextManager[Connection | None]:
        """A connection that cannot write; None when there is no log yet."""
        ...

    def writing(self) -> AbstractContextManager[Connection]:
        """The log prepared (created or upgraded), and one transaction no other
        import or bulk write can interleave with: all of it commits, or none."""
        ...


@dataclass(frozen=True, slots=True)
class SqliteImportTarget:
    """A log file: read through a read-only connection, written in ``BEGIN IMMEDIATE``."""

    path: Path
    open_log: Callable[[Path], Engine] = open_database

    @property
    def location(self) -> str:
        return str(self.path)

    def reading(self) -> AbstractContextManager[Connection | None]:
        return read_only_log(self.path)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        engine = self.open_log(self.path)
        try:
            with write_transaction(engine) as connection:
                yield connection
        finally:
            engine.dispose()


def run_import(
    *,
    csv_path: Path,
    target: ImportTarget,
    layout: LayoutChoice = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
    lifter: int | str | None,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``csv_path`` into a lifter's log in ``target`` (created if new, unless a dry
    run): ``lifter`` is their id, or their name, or None for the log's only lifter (a
    new log's first, made in the import's transaction).

    ``unit`` is the unit of a Strong export that does not say (its newer layout).
    ``now`` dates the exercises the import adds. ``progress`` hears of the file read,
    then of the blocks added from a bfr-tui export (another app's file adds a few
    1RMs, which takes no time).
    """
    # The whole file is read and checked before the log is opened at all.
    apply: Callable[..., None]
    with open_table(csv_path, progress=progress) as table:
        chosen = detect_layout(table, layout)
        report = ImportReport(
            source=csv_path, layout=chosen, dry_run=dry_run, log=target.location
        )
        if chosen == "native":
            apply = partial(
                import_native.apply_native, import_native.read_native(table, report),
                progress=progress,
            )
        else:
            read = import_foreign.read_foreign(table, chosen, unit=unit, report=report)
            apply = partial(import_foreign.apply_foreign, read)

    if dry_run:
        with target.reading() as connection:
            lifter_id = _lifter_id(connection, lifter, write=False)
            apply(connection, lifter_id=lifter_id, report=report, write=False, now=now)
        return report
    with target.writing() as connection:
        lifter_id = _lifter_id(connection, lifter, write=True)
        apply(connection, lifter_id=lifter_id, report=report, write=True, now=now)
    return report


def _lifter_id(
    connection: Connection | None, lifter: int | str | None, *, write: bool
) -> int | None:
    """The id of the lifter the import is for, read on the import's own connection; a
    log without lifters gets its first when written to (None for a dry run)."""
    from sqlalchemy import inspect
    from sqlmodel import Session

    from bfr_tui.store import queries
    from bfr_tui.store.lifters import default_lifter_name, lifter_named, several_lifters

    if isinstance(lifter, int):
        return lifter
    if connection is None:
        return None
    if not write and not inspect(connection).has_table("lifter"):
        # A dry run leaves a log from before lifters as it is: all of its training is
        # the first lifter's the upgrade will make, and is read as theirs.
        return None
    with Session(bind=connection) as session:
        lifters = queries.list_lifters(session=session)
        if lifter is not None:
            return lifter_named(lifters, lifter).id
        if len(lifters) == 1:
            return lifters[0].id
        if lifters:
            raise several_lifters(lifters)
        if not write:
            return None
        added = queries.add_lifter(session=session, name=default_lifter_name())
        assert added.id is not None
        return added.id
