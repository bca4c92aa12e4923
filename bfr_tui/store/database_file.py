"""The training log as a file: checks before opening, upgrades, backups, privacy.

Standard library only (``sqlite3``) for a log that is up to date, so the command
line can check and prepare it without loading SQLAlchemy or Alembic; only an
upgrade loads them. Every problem becomes a :class:`StoreError` naming the file
and what to do, and a file we refuse is never written to: the checks read it
through a read-only connection before anything else touches it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bfr_tui.store.migrations import (
    LogVersion,
    SchemaTooNewError,
    check_not_too_new,
    read_version,
    upgrade_sqlite_log,
)
from bfr_tui.store.sqlite_connect import BUSY_TIMEOUT_MS, log_uri
from bfr_tui.training_log import StoreError as StoreError

if TYPE_CHECKING:
    from bfr_tui.store.progress import Progress

SQLITE_HEADER = b"SQLite format 3\x00"
# Symptom flags are health records: the log, its journals and copies are the owner's only.
PRIVATE_FILE_MODE = 0o600
# SQLite's codes for a write the disk would not take (full, or failing).
_DISK_FULL_WORDS = ("disk is full", "disk i/o error", "file too large")
# Pages copied per backup step when someone watches the progress (1 MiB at SQLite's
# default 4 KiB page). Without a watcher the copy is one step, as before.
BACKUP_STEP_PAGES = 256


def _writable(path: Path) -> bool:
    """The owner may write ``path``; the mode bits count even for root, who ignores them."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def check_file(path: Path) -> None:
    """Refuse a path that cannot be a writable training log, before opening it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    folder = path.parent
    if not folder.exists():
        raise StoreError(
            f"the folder {folder} does not exist. Create it first, or choose another --db."
        )
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StoreError(
                f"cannot read {path}: {error.strerror}. Check its permissions "
                f"(chmod u+rw {path})."
            ) from error
        if header and header != SQLITE_HEADER:
            raise StoreError(
                f"{path} is not a bfr-tui database (not a SQLite file). "
                "Point --db at your training log, or at a new file name to start one."
            )
        if not _writable(path):
            raise StoreError(
                f"{path} is read-only. bfr-tui writes every set as you log it: make it "
                f"writable (chmod u+w {path}) or open a copy."
            )
    if not _writable(folder):
        raise StoreError(
            f"the folder {folder} is read-only, and SQLite keeps its journal beside the log. "
            "Make the folder writable, or move the log to a folder you can write."
        )


def _read_only_uri(path: Path, *, quiet: bool = True) -> str:
    # Quiet: no lock files left beside a log we refuse.
    return log_uri(path, mode="ro", as_it_lies=quiet)


def _inspect_existing(path: Path) -> LogVersion:
    """The schema of an existing log, after checking it is whole and not too new."""
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}.") from error
    try:
        version = read_version(connection)
        check_not_too_new(version)
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    except SchemaTooNewError as error:
        raise StoreError(f"{path}: {error}. The file was left as it was.") from error
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise StoreError(
                f"{path} is locked by another program. Close it (or the other bfr-tui "
                "window that is upgrading it) and try again."
            ) from error
        raise _damaged(path, str(error)) from error
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from error
    finally:
        connection.close()
    if problems != ["ok"]:
        raise _damaged(path, problems[0])
    return version


def _damaged(path: Path, detail: str) -> StoreError:
    return StoreError(
        f"{path} is damaged ({detail}) and was not changed. Restore it from a backup "
        "(bfr-tui backup makes one), or point --db at a new file to start a fresh log."
    )


def _disk_error(path: Path, error: BaseException) -> StoreError | None:
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno is not None:
        text += " " + os.strerror(error.errno).lower()
    if any(words in text for words in _DISK_FULL_WORDS) or "no space" in text:
        return StoreError(
            f"cannot write {path}: the disk is full or failing ({error}). Free some space "
            "and try again; the log was not changed."
        )
    return None


def make_private(path: Path) -> None:
    """Take group and other access away from a file of ours (the owner keeps theirs)."""
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only, so SQLite's journals inherit that."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    except OSError as error:
        raise _disk_error(path, error) or StoreError(
            f"cannot create {path}: {error.strerror}."
        ) from error
    os.close(descriptor)


def backup_copy_path(path: Path, *, version: int, now: datetime | None = None) -> Path:
    """Where the copy made before an upgrade goes: beside the log, named for its version."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def copy_database(source: Path, target: Path, *, progress: Progress | None = None) -> None:
    """A consistent copy of a live log through SQLite's online backup, owner-only.

    Written to a temporary name and renamed, so ``target`` is either whole or absent.
    With ``progress`` the pages are copied a step at a time and each step reported;
    a write by another window between steps makes SQLite start the copy over, so it
    stays consistent either way.
    """
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    _create_private(partial)
    try:
        with contextlib.closing(
            # A normal reader, not an immutable one: the app may be writing meanwhile.
            sqlite3.connect(
                _read_only_uri(source, quiet=False), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
            )
        ) as reader, contextlib.closing(sqlite3.connect(partial)) as writer:
            if progress is None:
                reader.backup(writer)
            else:
                reader.backup(
                    writer, pages=BACKUP_STEP_PAGES, sleep=0,
                    progress=lambda _status, remaining, total: progress(
                        "Backing up", total - remaining, total
                    ),
                )
            writer.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error | OSError):
            raise _disk_error(target, error) or StoreError(
                f"could not copy {source} to {target}: {error}."
            ) from error
        raise
    make_private(target)


def _undo_new_files(path: Path, *, created: bool, backup: Path | None) -> None:
    """After a failed open, remove what this attempt made; the original stays as it was."""
    made = [backup] if backup is not None else []
    if created:
        made += [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    for leftover in made:
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def read_log_version(path: Path) -> LogVersion:
    """The schema of the log at ``path``, read without changing it (``bfr-tui db current``).

    A read-only log may be asked: this only reads. A newer log is described, not refused.
    """
    if not path.exists():
        raise StoreError(f"there is no training log at {path}; check --db.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    if path.stat().st_size == 0:
        return LogVersion(revision=None, user_version=0)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}.") from error
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a bfr-tui database (not a SQLite file).")
    try:
        with contextlib.closing(
            sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        ) as connection:
            return read_version(connection)
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from error


def prepare_database(path: Path, *, now: datetime | None = None) -> Path | None:
    """Check the file, create it if new, and upgrade its schema to this version.

    An existing log that needs an upgrade is first copied beside itself; the upgrade
    runs in one transaction, so on failure the log is as it was. Returns the path of
    that copy, or None when no upgrade was needed.
    """
    check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    found = _inspect_existing(path) if existed else None
    created = not path.exists()
    _create_private(path)
    make_private(path)
    backup: Path | None = None

    def keep_the_old_log(found: LogVersion) -> None:
        # Under the upgrade's write lock: of two windows opening one old log, only
        # the one that upgrades it makes the copy (readers may still read meanwhile).
        nonlocal backup
        if existed:
            backup = backup_copy_path(path, version=found.schema, now=now)
            copy_database(path, backup)

    try:
        # The usual start: a log already at this version opens without loading Alembic.
        if found is None or not found.is_current:
            upgrade_sqlite_log(
                path, timeout_s=BUSY_TIMEOUT_MS / 1000, before_upgrade=keep_the_old_log
            )
        # After the upgrade, so a failed one leaves even the header as it was.
        _use_wal(path)
    except SchemaTooNewError as error:
        # Another bfr-tui upgraded it past this one between the check and the lock.
        _undo_new_files(path, created=created, backup=backup)
        raise StoreError(f"{path}: {error}. The file was left as it was.") from error
    except StoreError:
        _undo_new_files(path, created=created, backup=backup)
        raise
    except (sqlite3.Error, OSError) as error:
        _undo_new_files(path, created=created, backup=backup)
        raise _disk_error(path, error) or StoreError(
            f"{path} could not be upgraded to this version of bfr-tui ({error}); it was "
            "left as it was."
        ) from error
    for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        make_private(journal)
    return backup


# Between two tries at the journal mode while another window holds the log.
WAL_RETRY_PAUSE_S = 0.01


def _use_wal(path: Path) -> None:
    """Put the log in WAL mode (a no-op once it is).

    Changing the journal mode needs the log to itself. While a second window opening the
    same log holds its write lock (checking the version under the upgrade's lock),
    SQLite does not wait on its busy handler, since waiting could deadlock: the change
    fails at once. It is tried again, for as long as any other write would wait.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        finally:
            connection.close()
        time.sleep(WAL_RETRY_PAUSE_S)


def check_backup_target(target: Path, *, force: bool) -> None:
    """Refuse a backup into a folder, a missing folder, or over a file without ``force``."""
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give the backup a file name.")
    if not target.parent.exists():
        raise StoreError(f"the folder {target.parent} does not exist. Create it first.")
    if target.exists() and not force:
        raise StoreError(f"{target} already exists; add --force to replace it.")


def check_backup(source: Path, target: Path, *, force: bool) -> LogVersion:
    """Refuse a backup of what is not a log, or into a place it cannot go; the log's
    schema, read without changing it."""
    if not source.exists():
        raise StoreError(f"there is no training log at {source}; check --db.")
    check_file(source)
    found = _inspect_existing(source)
    check_backup_target(target, force=force)
    if target.exists() and target.resolve() == source.resolve():
        raise StoreError("the backup must be a different file from the log itself.")
    return found


def back_up(
    source: Path, target: Path, *, force: bool = False, progress: Progress | None = None
) -> int:
    """``bfr-tui backup``: a whole, private copy of a log, safe while the app runs.

    The source is checked but never upgraded or changed. Returns the sets copied.
    ``progress`` hears of the pages copied.
    """
    check_backup(source, target, force=force)
    copy_database(source, target, progress=progress)
    with contextlib.closing(sqlite3.connect(_read_only_uri(target))) as copy:
        problems = [row[0] for row in copy.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            target.unlink(missing_ok=True)
            raise StoreError(f"the copy at {target} did not check out ({problems[0]}).")
        has_sets = copy.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'set_entry'"
        ).fetchone()
        return int(copy.execute("SELECT count(*) FROM set_entry").fetchone()[0]) if has_sets else 0
