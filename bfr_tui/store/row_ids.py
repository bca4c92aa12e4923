"""Ids for rows that a bulk insert writes with their ids given, so that a block's id is
known before its sets are written, with no round trip per row.

On a log file the writer holds the write lock, so the ids after the highest stored one
are free. On a server they are not: other clients insert meanwhile, and a lifter's own
role sees only their own rows, so the highest id it can see says nothing of the rest.
There the ids come from each table's own sequence, a batch at a time, just as the server
gives them to the app's ordinary writes, so those never meet an id taken here. (Moving
the sequence after the rows instead would need a right a lifter's role does not have,
and would race with the other clients.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

# The first batch asked of a server; each next one is twice as big, up to ``largest``.
# An import of one block then wastes few ids, and one of 100,000 sets makes about
# twenty round trips per table.
FIRST_BATCH = 16


class RowIds:
    """The ids of one table's new rows, going up in the order they are asked for, so
    rows keep their order (a block's sets, a history's visits) when read back by id.

    Without a connection (a dry run, which writes nothing) the ids are made up from 1.
    """

    def __init__(self, connection: Connection | None, table: Table, *, largest: int) -> None:
        self._largest = largest
        self._batch = min(FIRST_BATCH, largest)
        self._waiting: deque[int] = deque()
        self._next = 1
        self._sequence: str | None = None
        self._connection: Connection | None = None
        if connection is None:
            return
        if connection.dialect.name == "postgresql":
            self._connection = connection
            self._sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar()
            if self._sequence is None:
                raise LookupError(f"the table {table.name} has no id sequence")
            return
        highest = connection.execute(select(func.max(table.c.id))).scalar()
        self._next = (highest or 0) + 1

    def take(self) -> int:
        """The next row's id."""
        if self._sequence is None:
            row_id = self._next
            self._next += 1
            return row_id
        if not self._waiting:
            self._fetch()
        return self._waiting.popleft()

    def _fetch(self) -> None:
        assert self._connection is not None
        ids: Iterable[Any] = self._connection.execute(
            text(
                "SELECT nextval(CAST(:sequence AS regclass)) AS id "
                "FROM generate_series(1, :count) ORDER BY id"
            ),
            {"sequence": self._sequence, "count": self._batch},
        ).scalars()
        self._waiting.extend(int(row_id) for row_id in ids)
        self._batch = min(self._batch * 2, self._largest)
