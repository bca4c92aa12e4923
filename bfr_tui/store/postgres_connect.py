"""What talking to a PostgreSQL server takes beyond SQLAlchemy: its URL, the lifter's
zone on every connection, the server's refusals in the lifter's words, and the plain
psycopg connections kept for what must be quick: the first screen's reads, before
SQLAlchemy loads, and the live block's sets.

Only ``postgres_log`` imports this, once a ``postgresql://`` log is opened.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from bfr_tui.training_log import StoreError

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")

# What the lifter writes (``postgresql://``, or the short ``postgres://``) and the
# driver bfr-tui ships with: psycopg 3, not SQLAlchemy's default psycopg2.
DRIVER_SCHEME = "postgresql+psycopg"
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# How long a start waits for a server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5
_ZONEINFO_MARK = "zoneinfo/"


def _after_scheme(url: str) -> str:
    scheme, _, rest = url.partition("://")
    if scheme not in _SCHEMES:
        raise StoreError(f"{url!r} is not a PostgreSQL URL (postgresql://user@host/name).")
    return rest


def driver_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named, as SQLAlchemy wants it."""
    return f"{DRIVER_SCHEME}://{_after_scheme(url)}"


def libpq_url(url: str) -> str:
    """``url`` as libpq reads it (psycopg without SQLAlchemy): ``postgresql://``."""
    return f"postgresql://{_after_scheme(url)}"


def shown_url(url: str) -> str:
    """The URL as the lifter may see it: ``postgresql://`` and never the password."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        user = credentials.partition(":")[0]
        netloc = f"{user}@{host}" if user else host
    return urlunsplit(("postgresql", netloc, parts.path, parts.query, ""))


def _server(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "the local socket"
    return f"{host}:{parts.port}" if parts.port else host


def _database(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "(none named)"


def _user(url: str) -> str:
    return urlsplit(url).username or os.environ.get("PGUSER") or "(your login name)"


def machine_zone() -> str:
    """The machine's time zone as PostgreSQL names it, for the session's ``TimeZone``.

    Calendar days are the lifter's (``dialect.day_of``): the server must count them in
    the zone the app runs in, not its own. ``TZ`` first (a zone name or a POSIX rule,
    which PostgreSQL reads too), then the zone ``/etc/localtime`` links to, else the
    present offset as a POSIX rule.
    """
    named = os.environ.get("TZ", "").lstrip(":")
    if named and not named.startswith("/"):
        return named
    try:
        target = str(Path(named or "/etc/localtime").resolve())
    except OSError:
        target = ""
    if _ZONEINFO_MARK in target:
        return target.rsplit(_ZONEINFO_MARK, 1)[1]
    offset = datetime.now().astimezone().utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds()) // 60
    # POSIX counts west of Greenwich as positive, the opposite of ISO 8601.
    sign = "-" if minutes > 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"<{time.strftime('%Z') or 'LOCAL'}>{sign}{hours:02d}:{rest:02d}"


class _QuietZoneWarning(logging.Filter):
    """psycopg warns once per connection when a POSIX zone has no Python ``tzinfo``;
    bfr-tui converts every time it reads itself (``models.UtcDateTime``), so the
    warning would only print over the app."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unknown PostgreSQL timezone" not in record.getMessage()


def quiet_zone_warnings() -> None:
    """Install the filter above once."""
    logger = logging.getLogger("psycopg")
    if not any(isinstance(f, _QuietZoneWarning) for f in logger.filters):
        logger.addFilter(_QuietZoneWarning())


def session_settings() -> dict[str, Any]:
    """What every connection is opened with, through SQLAlchemy or psycopg alone."""
    return {
        "options": f"-c TimeZone={machine_zone()}",
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "bfr-tui",
    }


def open_connection(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A psycopg connection to the log at ``url``, each statement committed on its own
    (so it never sits in a transaction that would hold up ``db upgrade``); a refusal is
    psycopg's own error, which ``write_retry`` knows a later attempt may not meet."""
    import psycopg

    quiet_zone_warnings()
    return psycopg.connect(libpq_url(url), autocommit=True, **session_settings())


def connect(url: str, shown: str) -> psycopg.Connection[tuple[Any, ...]]:
    """``open_connection``, or the server's refusal in one line (``StoreError``) naming
    ``shown``."""
    import psycopg

    try:
        return open_connection(url)
    except psycopg.OperationalError as error:
        raise connection_problem(error, shown) from error


class KeptConnection:
    """A psycopg connection opened on first use and kept for the next, one user at a time.

    One the server dropped since its last use (a restart, an idle timeout) is opened
    again and the work run once more on it, as a pool's pre-ping would, so a server
    that is back costs nothing more; one that is still away fails as ``opener`` does.
    Work run again must not mind having run once already (a read, an insert that skips
    a row already there).
    """

    def __init__(self, opener: Callable[[], psycopg.Connection[tuple[Any, ...]]]) -> None:
        self._opener = opener
        self._connection: psycopg.Connection[tuple[Any, ...]] | None = None
        self._lock = threading.Lock()

    def run(self, work: Callable[[psycopg.Connection[tuple[Any, ...]]], T]) -> T:
        """``work`` on the kept connection."""
        import psycopg

        with self._lock:
            connection = self._open()
            try:
                return work(connection)
            except psycopg.OperationalError:
                if not connection.broken:
                    raise
            connection.close()
            return work(self._open())

    def _open(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._connection is None or self._connection.closed:
            self._connection = self._opener()
        return self._connection

    def close(self) -> None:
        """Close the connection, if one is open; the next ``run`` opens another."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


def connection_problem(error: BaseException, url: str) -> StoreError:
    """The server's refusal of a connection as one line naming what to check."""
    original = getattr(error, "orig", None) or error
    text = " ".join(str(original).split())
    lowered = text.lower()
    server, database, user = _server(url), _database(url), _user(url)
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return StoreError(
            f"the PostgreSQL server at {server} refused user {user}: wrong or missing "
            "password. Check the password in --db (postgresql://user:password@host/name) "
            "or in ~/.pgpass."
        )
    if "does not exist" in lowered and "database" in lowered:
        return StoreError(
            f"there is no database {database!r} on the PostgreSQL server at {server}. "
            f"Create it (createdb -O {user} {database}) or check the name in --db."
        )
    if "role" in lowered and "does not exist" in lowered:
        return StoreError(
            f"the PostgreSQL server at {server} has no user {user}. Create it "
            f"(createuser --pwprompt {user}) or check the user in --db."
        )
    if "no pg_hba.conf entry" in lowered or "permission denied" in lowered:
        return StoreError(
            f"the PostgreSQL server at {server} does not let {user} into {database!r} "
            f"({text}). Ask its administrator for access."
        )
    return StoreError(
        f"cannot reach the PostgreSQL server at {server} ({text}). Check that it is "
        "running and that --db names the right host and port."
    )
