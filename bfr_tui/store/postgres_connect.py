"""What talking to a PostgreSQL server takes beyond SQLAlchemy: its URL, the lifter's
zone on every connection, the server's refusals in the lifter's words, and the plain
connections kept for what must be quick: the first screen's reads, before SQLAlchemy
loads (libpq's own, else psycopg's), and the live block's sets (psycopg's).

Only ``postgres_log`` imports this, once a ``postgresql://`` log is opened.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from bfr_tui.store import libpq
from bfr_tui.store.first_reads import Cursor
from bfr_tui.training_log import AccessRefused, StoreError

if TYPE_CHECKING:
    import logging

    import psycopg

T = TypeVar("T")

# What the lifter writes (``postgresql://``, or the short ``postgres://``) and the
# driver bfr-tui ships with: psycopg 3, not SQLAlchemy's default psycopg2.
DRIVER_SCHEME = "postgresql+psycopg"
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# How long a start waits for a server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5
# The SQLSTATE of a privilege the role lacks, and of a row its policies refuse.
INSUFFICIENT_PRIVILEGE = "42501"
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


def access_refused(error: BaseException, shown: str) -> AccessRefused | None:
    """The server's refusal of a privilege or a row, in the lifter's words; None for
    any other error."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return None
    reason = " ".join(str(original).split()) or "permission denied"
    return AccessRefused(role=_user(shown), location=shown, reason=reason)


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


def _not_a_zone_warning(record: logging.LogRecord) -> bool:
    """psycopg warns once per connection when a POSIX zone has no Python ``tzinfo``;
    bfr-tui converts every time it reads itself (``models.UtcDateTime``), so the
    warning would only print over the app."""
    return "unknown PostgreSQL timezone" not in record.getMessage()


def quiet_zone_warnings() -> None:
    """Install the filter above once, on psycopg's logger."""
    # Imported here: the first reads through libpq never log.
    import logging

    logger = logging.getLogger("psycopg")
    if _not_a_zone_warning not in logger.filters:
        logger.addFilter(_not_a_zone_warning)


def session_settings() -> dict[str, Any]:
    """What every connection is opened with, through SQLAlchemy, psycopg or libpq alone.

    Times in ISO and text in UTF-8 are what ``libpq`` reads; psycopg reads any.
    """
    return {
        "options": f"-c TimeZone={machine_zone()} -c DateStyle=ISO",
        "client_encoding": "UTF8",
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "bfr-tui",
    }


class ServerReader(Protocol):
    """The connection the first screen is read on: libpq's (``libpq.ServerConnection``)
    or psycopg's."""

    @property
    def closed(self) -> bool: ...

    @property
    def broken(self) -> bool: ...

    def execute(self, query: str, params: Mapping[str, Any] = ..., /) -> Cursor: ...

    def close(self) -> None: ...


def open_reader(url: str, shown: str, *, through: libpq.Libpq | None) -> ServerReader:
    """A connection to the log at ``url`` for the first reads: ``through`` libpq when it
    loaded (``libpq.client_library()``), else psycopg's; a refusal is one line
    (``StoreError``) naming ``shown``, in the same words either way."""
    if through is None:
        return connect(url, shown)
    settings = {key: str(value) for key, value in session_settings().items()}
    try:
        # As psycopg merges them: the URL first, then the settings over what it says.
        return through.connect({"dbname": libpq_url(url), **settings})
    except libpq.ConnectionFailed as error:
        raise connection_problem(error, shown) from error


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


class Kept(Protocol):
    """What ``KeptConnection`` asks of the connection it keeps (libpq's or psycopg's)."""

    @property
    def closed(self) -> bool: ...

    @property
    def broken(self) -> bool: ...

    def close(self) -> None: ...


Connection = TypeVar("Connection", bound=Kept)


class KeptConnection(Generic[Connection]):
    """A connection opened on first use and kept for the next, one user at a time.

    One the server dropped since its last use (a restart, an idle timeout) is opened
    again and the work run once more on it, as a pool's pre-ping would, so a server
    that is back costs nothing more; one that is still away fails as ``opener`` does.
    Work run again must not mind having run once already (a read, an insert that skips
    a row already there).
    """

    def __init__(self, opener: Callable[[], Connection]) -> None:
        self._opener = opener
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def run(self, work: Callable[[Connection], T]) -> T:
        """``work`` on the kept connection."""
        with self._lock:
            connection = self._open()
            try:
                return work(connection)
            # Any error: libpq's arrive as psycopg's classes, and catching those by name
            # would import psycopg, which the first reads are there to put off.
            except Exception:
                if not connection.broken:
                    raise
            connection.close()
            self._connection = None
            return work(self._open())

    def _open(self) -> Connection:
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
