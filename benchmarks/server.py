"""The PostgreSQL server the benchmarks time the app against: a throwaway on 127.0.0.1.

It is the test suite's server (``tests.postgres_server``: ``initdb`` and ``pg_ctl``
from Debian's package, run as the ``postgres`` user when run as root), with one
difference: the tests turn ``fsync`` off, and a commit timed here must reach the
disk as the SQLite log's does (``synchronous=FULL``), so it is turned back on.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from tests.postgres_server import ThrowawayPostgres, database_of, find_bin_dir, why_unavailable

__all__ = ["ThrowawayPostgres", "copy_database", "database_of", "durable_server",
           "find_bin_dir", "why_unavailable"]

# A client that just ended may still hold its database for a moment (its backend
# exits after the client has gone); a copy of that database waits this long for it.
TEMPLATE_WAIT_S = 10.0


@contextlib.contextmanager
def durable_server() -> Iterator[ThrowawayPostgres]:
    """A throwaway server whose commits are flushed to disk, stopped and removed after."""
    server = ThrowawayPostgres()
    try:
        server.start()
        # Both settings take effect on a reload; ALTER SYSTEM writes them after the
        # throwaway's own (postgresql.auto.conf), so they win.
        for statement in ("ALTER SYSTEM SET fsync = on",
                          "ALTER SYSTEM SET full_page_writes = on",
                          "SELECT pg_reload_conf()"):
            server.superuser_sql(statement)
        yield server
    finally:
        server.close()


def copy_database(server: ThrowawayPostgres, url: str) -> str:
    """A fresh database holding what ``url``'s holds (CREATE DATABASE ... TEMPLATE); its URL."""
    from psycopg import errors

    started = time.monotonic()
    while True:
        try:
            return server.create_database(template=database_of(url))
        except errors.ObjectInUse:
            if time.monotonic() - started > TEMPLATE_WAIT_S:
                raise
            time.sleep(0.1)

