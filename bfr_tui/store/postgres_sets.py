"""A live block's sets on a PostgreSQL server: one round trip each, psycopg alone.

A set is the write a lifter waits on, and a server may have many lifters logging at
once on machines that are busy drawing their panels. Through a SQLAlchemy session a
set costs a pool check-out and its ping, BEGIN, the INSERT, COMMIT and the pool's
reset: five round trips, each waking the client and the server. Here it is the
INSERT alone, prepared once, on a connection kept for the sets, each statement its
own transaction; a set already there (its commit's reply lost on the way) is
skipped by the unique (block, set number) index, as on every engine.

The statement and its bound values are the store's (``block_log.set_insert`` and
``set_row``, with the columns' own conversions, such as times to UTC), compiled for
psycopg once, so a set lands as the same row as through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bfr_tui.store import block_log
from bfr_tui.store.postgres_connect import KeptConnection

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.engine import Dialect

    from bfr_tui.training_log import LoggedSet


class ServerSetWrites:
    """Sets written on a connection of their own (``KeptConnection``)."""

    def __init__(
        self, kept: KeptConnection[psycopg.Connection[tuple[Any, ...]]], dialect: Dialect
    ) -> None:
        self._kept = kept
        self._dialect = dialect
        self._compiled: _Compiled | None = None

    def write(self, lifter_id: int, block_id: int, logged: LoggedSet) -> None:
        """``logged`` in the lifter's block ``block_id``, committed, or already there."""
        row = block_log.set_row(lifter_id=lifter_id, block_id=block_id, logged=logged)
        compiled = self._compiled or self._compile(row)
        for name, convert in compiled.conversions:
            row[name] = convert(row[name])

        def insert(connection: psycopg.Connection[tuple[Any, ...]]) -> None:
            connection.execute(compiled.statement, row, prepare=True)

        self._kept.run(insert)

    def _compile(self, row: dict[str, Any]) -> _Compiled:
        """The INSERT as psycopg takes it, for the columns ``row`` names."""
        insert = block_log.set_insert(self._dialect.name)
        self._compiled = _Compiled(
            statement=insert.compile(dialect=self._dialect, column_keys=list(row)).string,
            # Only the columns whose values change on the way to the driver.
            conversions=[
                (column.name, convert) for column in insert.table.columns
                if column.name in row and (convert := self._dialect.type_descriptor(
                    column.type).bind_processor(self._dialect)) is not None
            ],
        )
        return self._compiled

    def connect(self) -> None:
        """Open the sets' connection now, so that the first set does not wait for it."""
        self._kept.run(lambda _connection: None)

    def close(self) -> None:
        """Close the sets' connection; a later set opens another."""
        self._kept.close()


@dataclass(frozen=True, slots=True)
class _Compiled:
    statement: str
    conversions: list[tuple[str, Callable[[Any], Any]]]
