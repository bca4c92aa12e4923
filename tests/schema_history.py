"""Logs written by earlier bfr-tui versions, and revisions a later one would ship.

The dumps in ``old_log_dumps/`` are what bfr-tui wrote at schemas 1, 2 and 3,
before the schema had Alembic revisions (only ``PRAGMA user_version`` said how
old a log was).
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bfr_tui.store import migrations
from bfr_tui.store.database_file import prepare_database

OLD_SCHEMAS = (1, 2, 3)
DUMPS = Path(__file__).with_name("old_log_dumps")


def write_old_log(path: Path, schema: int = 1) -> Path:
    """A log as the bfr-tui of ``schema`` left it: one exercise, one block of two sets."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.executescript((DUMPS / f"schema{schema}.sql").read_text())
        connection.execute(f"PRAGMA user_version = {schema:d}")
    return path


def write_newer_log(path: Path, revision: str = "0099") -> Path:
    """A log a newer bfr-tui upgraded to a revision this one has never heard of."""
    prepare_database(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("CREATE TABLE coach (id INTEGER PRIMARY KEY)")
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.execute(f"PRAGMA user_version = {int(revision):d}")
        connection.execute("PRAGMA journal_mode=DELETE")
    return path


def read_revision(path: Path) -> str | None:
    """The revision stamped in ``alembic_version``, None when there is none."""
    with closing(sqlite3.connect(path)) as connection:
        if not connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone():
            return None
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def read_user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


_NEXT_REVISION = '''"""{message}"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
'''


def add_revision(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, message: str, body: str
) -> str:
    """The shipped scripts plus one revision after the head, as a later bfr-tui has them.

    ``body`` is the indented code of its ``upgrade()``. The scripts are copied to
    ``folder`` and this process's bfr-tui uses them until the test ends; returns the
    new revision id.
    """
    scripts = folder / "scripts"
    shutil.copytree(
        migrations.SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    head = migrations.HEAD_REVISION
    revision = f"{migrations.schema_number(head) + 1:04d}"
    (scripts / "versions" / f"{revision}_next.py").write_text(
        _NEXT_REVISION.format(message=message, revision=revision, down_revision=head, body=body)
    )
    monkeypatch.setattr(migrations, "SCRIPT_LOCATION", scripts)
    monkeypatch.setattr(migrations, "HEAD_REVISION", revision)
    return revision
