"""Persistence: the training log behind its one interface (``open_log``), with the
SQLModel tables, the SQLite engine, migrations, queries, import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bfr_tui.training_log import TrainingLog


class UnsupportedLog(ValueError):
    """A log URL of an engine this version of bfr-tui cannot open."""


def open_log(url: str) -> TrainingLog:
    """The training log at ``url``, on the engine its scheme names (``sqlite:///`` today).

    The file must already be prepared (``database_file.prepare_database``): opening
    checks nothing and imports no SQLAlchemy, so the app paints before it loads.
    """
    scheme = url.partition(":")[0].partition("+")[0]
    if scheme == "sqlite":
        from bfr_tui.store.sqlite_log import SqliteTrainingLog

        return SqliteTrainingLog(url)
    raise UnsupportedLog(
        f"bfr-tui keeps its training log in a SQLite file (sqlite:///path); "
        f"it cannot open {scheme or url!r} logs."
    )
